"""The witness proposal under construction: titles, cadres and sections as plain data.

What the realiser decides goes here, fact by fact; ``data`` gives what the YAML file will hold: a
complete proposal in force on the model's day, every cadre's earlier plan stated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ROLE_NAMES = {"head": "Cục trưởng", "deputy": "Phó Cục trưởng", "other": "Trưởng phòng"}


@dataclass
class Builder:
    """A proposal under construction, as plain data (what the YAML file will hold)."""

    day: dt.date
    unit: dict[str, Any] = field(default_factory=dict)
    titles: dict[str, dict[str, Any]] = field(default_factory=dict)
    cadres: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)
    counter: dict[str, int] = field(default_factory=dict)

    def fresh(self, prefix: str) -> str:
        n = self.counter.get(prefix, 0) + 1
        self.counter[prefix] = n
        return f"{prefix}-{n}"

    def title(self, tid: str | None = None, **fields: Any) -> dict[str, Any]:
        if tid is not None and tid in self.titles:
            t = self.titles[tid]
            t.update({k: v for k, v in fields.items() if v is not None})
            return t
        tid = tid or self.fresh("chuc-danh")
        role = fields.get("role") or "other"
        level = fields.get("level") or 1
        t = {
            "id": tid,
            "name": f"{ROLE_NAMES.get(role, 'Chức danh')} (bậc {level})",
            "role": role,
            "level": level,
            "key": bool(fields.get("key", False)),
            "seats": 1,
            "holders": [],
            "lists": [],
            "candidates": [],
        }
        t.update({k: v for k, v in fields.items() if v is not None and k not in ("role", "level")})
        self.titles[tid] = t
        return t

    def cadre(self, cid: str | None = None, **fields: Any) -> dict[str, Any]:
        if cid is not None and cid in self.cadres:
            c = self.cadres[cid]
            c.update({k: v for k, v in fields.items() if v is not None})
            return c
        cid = cid or self.fresh("can-bo")
        c = {"id": cid, "name": f"Cán bộ {cid}"}
        c.update({k: v for k, v in fields.items() if v is not None})
        self.cadres[cid] = c
        return c

    def add(self, section: str, item: Any) -> None:
        self.sections.setdefault(section, []).append(item)

    def data(self, pid: str) -> dict[str, Any]:
        titles = []
        for t in self.titles.values():
            t = dict(t)
            t["seats"] = max(t["seats"], len(t["holders"]))
            titles.append({k: v for k, v in t.items() if v != [] or k in ("holders", "candidates")})
        out: dict[str, Any] = {
            "format": "hiepy/proposal/1",
            "id": pid,
            "date": self.day,
            "unit": self.unit,
            # every provision the analysis weighs speaks to it: planning and appointment, once approved
            "dossier": {"kinds": ["planning", "appointment"], "stage": "approved"},
            "titles": titles,
            # a witness states every cadre's earlier plan: left out, it would be unknown, not "none"
            "cadres": [{**c, "planned_for": c.get("planned_for", [])} for c in self.cadres.values()],
        }
        for k in ("nomination", "votes", "consultations", "reports", "notifications", "evaluation"):
            if k in self.sections:
                out[k] = self.sections[k]
        for k in ("committee_seat_requests", "appointments"):
            if k in self.sections:
                out[k] = self.sections[k]
        return out
