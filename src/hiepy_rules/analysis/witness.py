"""Witness proposals: a z3 model turned into a complete, schema-valid proposal file, then replayed.

A *realiser* per kind of fact builds what makes the fact hold the model's values: a title with the
model's role, level, key mark and plan size (fresh cadres as candidates and holders); a candidacy
as a cadre planned for a title, holding the title ``levels_below`` under it (or its own); a vote
with its ballots; a consultation or a report record. Counts over the whole proposal (the unit's
current deputies, deputies planned, external candidates) are met last, with filler titles whose
holders or candidates make up the difference. The proposal is validated by ``proposal.Proposal``
(extra fields forbidden, references checked) and checked with ``checker.check_proposal``: the clash
must appear, or the witness is not kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import z3

from hiepy_rules.analysis.encode import Slot, Symbols
from hiepy_rules.analysis.symbolic import Hit
from hiepy_rules.analysis.worlds import TOP
from hiepy_rules.load.ruleset import RuleSet

ROLE_NAMES = {"head": "Cục trưởng", "deputy": "Phó Cục trưởng", "other": "Trưởng phòng"}


class Unrealisable(Exception):
    """The model asks for something no proposal this realiser builds can say."""


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


class Realiser:
    """Reads a model's values and builds the proposal they describe."""

    def __init__(self, hit: Hit, model: z3.ModelRef, rs: RuleSet) -> None:
        self.hit = hit
        self.rs = rs
        self.m = model
        self.sym: Symbols = hit.world.sym
        day = model.eval(self.sym.day, model_completion=True).as_long()
        self.b = Builder(dt.date.fromordinal(day))
        self.texts: dict[int, str] = {}

    # -- values --

    def value(self, s: Slot, f: str, *, read_only: bool = False) -> Any:
        """The model's value of a field (None: absent); ``read_only``: only if a variable exists."""
        val = s.get(f) if not read_only else (s._vals.get(f) or (s.base._vals.get(f) if s.base else None))
        if val is None:
            return None
        if not z3.is_true(self.m.eval(val.known, model_completion=True)):
            return None
        x = self.m.eval(val.expr, model_completion=True)
        if val.type == "bool":
            return z3.is_true(x)
        n = x.as_long()
        if val.type == "enum":
            return val.values[n]
        if val.type == "date":
            return dt.date.fromordinal(n)
        if val.type == "str":
            return self.text(n)
        return n

    def flag(self, e: z3.BoolRef) -> bool:
        return bool(z3.is_true(self.m.eval(e, model_completion=True)))

    def text(self, code: int) -> str:
        lit = self.sym.text(code)
        if lit is not None:
            return lit
        if code not in self.texts:
            self.texts[code] = f"ma-{len(self.texts) + 1}"
        return self.texts[code]

    def ident(self, s: Slot, f: str) -> str | None:
        """An id the provisions read (a model text), or None when they do not: the builder names it."""
        if f not in s._vals and not (s.base is not None and f in s.base._vals):
            return None
        v = self.value(s, f)
        return v if isinstance(v, str) else None

    # -- facts --

    def unit_fact(self, u: Slot, read: set[str]) -> dict[str, int]:
        b = self.b
        unit: dict[str, Any] = {"name": "Đơn vị mẫu do hiepy tạo", "kind": self.value(u, "kind") or "other"}
        for f in ("sector", "ministry", "province"):
            v = self.value(u, f, read_only=True)
            if v is not None:
                unit[f] = v
        for f in ("works_locally", "party_membership_local"):
            v = self.value(u, f)
            if v is not None:
                unit[f] = v
        b.unit = unit
        nom = self.value(u, "nomination_by")
        if nom is not None:
            b.sections["nomination"] = {"drawn_up_by": nom}
        about = [("planning_result_notified", "planning_result"), ("evaluation_notified", "annual_evaluation")]
        for f, a in about:
            if self.value(u, f):
                b.add("notifications", {"about": a})
        ev = self.value(u, "evaluation_local_opinion_requested")
        if ev is not None:
            b.sections["evaluation"] = {"local_opinion_requested": ev}
        if self.value(u, "committee_seat_requested"):
            b.add("committee_seat_requests", {"note": "Đề nghị cơ cấu nhân sự ngành vào cấp ủy"})
        if self.value(u, "appointment_in_same_dossier"):
            b.sections["_appointment"] = True
        targets = {}
        for f in ("current_deputies", "deputies_planned", "external_candidates"):
            v = self.value(u, f)
            if v is not None and f in read:
                targets[f] = v
        return targets

    def title_part(self, s: Slot, tid: str | None = None) -> dict[str, Any]:
        t = self.b.title(
            tid if tid is not None else self.ident(s, "title"),
            role=self.value(s, "role") or "other",
            level=self.value(s, "level") or 1,
            key=bool(self.value(s, "key")),
        )
        if self.value(s, "on_provincial_list"):
            t["lists"] = sorted({*t["lists"], "provincial_standing_committee"})
        ind = self.value(s, "in_dossier")
        if ind is not None:
            t["planned"] = ind
        return t

    def cadre_part(self, s: Slot, cid: str | None = None) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for f in ("eligible", "can_serve_full_term", "disciplined", "political_standard_ok"):
            if f in s.fields:
                v = self.value(s, f)
                if v is not None:
                    fields[f] = v
        if "source" in s.fields:
            fields["source"] = self.value(s, "source") or "in_house"
        fields.update(self.cadre_dates(s))
        return self.b.cadre(cid or self.ident(s, "cadre"), **fields)

    def cadre_dates(self, s: Slot) -> dict[str, Any]:
        """Dates that give the model's months to retirement, in post and since each discipline."""
        from hiepy_rules.compile.tenure import add_months, born_for

        day = self.b.day
        out: dict[str, Any] = {}
        left = self.value(s, "months_to_retirement") if "months_to_retirement" in s.fields else None
        if isinstance(left, int):
            out["date_of_birth"], out["sex"] = born_for(left, day), "male"
        since = self.value(s, "months_in_post") if "months_in_post" in s.fields else None
        if isinstance(since, int):
            out["current_post_since"] = add_months(day, -since)
        records: list[dict[str, Any]] = []
        for form, flag, months in (
            ("reprimand", "reprimanded", "months_since_reprimand"),
            ("warning", "warned", "months_since_warning"),
            ("removal_from_post", "removed_from_post", "months_since_removal"),
        ):
            if flag not in s.fields and months not in s.fields:
                continue
            out.setdefault("disciplines", records)
            if self.value(s, flag):
                m = self.value(s, months) if months in s.fields else None
                records.append({"form": form, "decided_on": add_months(day, -(m if isinstance(m, int) else 0))})
        return out

    def fill(self, t: dict[str, Any], key: str, n: int, pool: str, source: str = "in_house") -> None:
        """Make up ``t[key]`` to ``n`` people from a pool of fresh cadres (shared across titles)."""
        i = 0
        while len(t[key]) < n:
            i += 1
            cid = f"{pool}-{i}"
            if cid in t[key] or (key == "holders" and self._holds_any(cid)):
                continue
            self.b.cadre(cid, source=source)
            t[key].append(cid)

    def _holds_any(self, cid: str) -> bool:
        return any(cid in t["holders"] for t in self.b.titles.values())

    def title_world(self, t_slot: Slot, read: set[str]) -> None:
        t = self.title_part(t_slot)
        holders = self.value(t_slot, "holder_count") or 0
        seats = self.value(t_slot, "seats") or 1
        cc = self.value(t_slot, "candidate_count") or 0
        ext = self.value(t_slot, "external_candidate_count") or 0
        t["seats"] = max(seats, holders)
        self.fill(t, "holders", holders, "nguoi-giu")
        self.fill(t, "candidates", ext, "ngoai", "external")
        self.fill(t, "candidates", cc, "ung-vien")

    def membership_world(self, c_slot: Slot, h_slot: Slot) -> None:
        from hiepy_rules.schema.cadre import Cadre

        t = self.title_part(c_slot)
        c = self.cadre_part(c_slot)
        if self.flag(c_slot.present):
            t["candidates"].append(c["id"])
        held = self.flag(h_slot.present)
        lb = self.value(c_slot, "levels_below")
        if held:
            if self.flag(z3.Bool("holding.same_title")):
                t["holders"].append(c["id"])
            else:
                level = t["level"] + (lb or 0)
                h = self.title_part(h_slot)
                h["level"] = level
                h["name"] = f"{ROLE_NAMES.get(h['role'], 'Chức danh')} (bậc {level})"
                h["holders"].append(c["id"])
        elif lb is not None:
            if "current_level" not in Cadre.model_fields:
                raise Unrealisable("levels below without a title held")
            c["current_level"] = t["level"] + lb
        if self.value(c_slot, "planned_one_level_below"):
            below = next((x for x in self.b.titles.values() if x["level"] == t["level"] + 1), None)
            if below is None:
                below = self.b.title(None, role="other", level=t["level"] + 1, key=False, planned=False)
            c["planned_for"] = [below["id"]]
        if held and self.flag(z3.Bool("holding.planned_elsewhere")):
            other = self.b.title(None, role="other", level=1, key=False, planned=False)
            other["candidates"].append(c["id"])

    def vote_world(self, v_slot: Slot) -> None:
        b = self.b
        tid = self.ident(v_slot, "title")
        t = b.title(tid, role="other", level=1, key=False) if tid not in b.titles else b.titles[tid]
        cid = self.ident(v_slot, "cadre")
        c = b.cadre(cid) if cid not in b.cadres else b.cadres[cid]
        vote: dict[str, Any] = {
            "cadre": c["id"],
            "title": t["id"],
            "step": self.value(v_slot, "step") or 1,
            "body": self.value(v_slot, "body") or "key_cadre_conference",
            "yes": self.value(v_slot, "yes") or 0,
            "convened": self.value(v_slot, "convened") or 0,
        }
        for f in ("present", "valid"):
            v = self.value(v_slot, f)
            if v is not None:
                vote[f] = v
        if self.value(v_slot, "proceeded") and c["id"] not in t["candidates"]:
            t["candidates"].append(c["id"])
        b.add("votes", vote)

    def record(self, s: Slot) -> None:
        """A fact of a kind with no choice of its own: a record, or a matter."""
        b = self.b
        kind = s.kind
        if kind == "consultation":
            t = self._ref_title(s)
            day = b.day
            cons: dict[str, Any] = {
                "matter": self.value(s, "matter") or "planning",
                "title": t["id"],
                "requested_on": day,
            }
            cadre = self.ident(s, "cadre") if self.value(s, "cadre") is not None else None
            if self.value(s, "cadre") is not None:
                cons["cadre"] = b.cadre(cadre)["id"]
            days = self.value(s, "reply_days")
            if days is not None:
                cons["reply_due"] = day + dt.timedelta(days=days)
            if self.value(s, "replied"):
                cons["replied_on"] = day
            cons["answer"] = self.value(s, "answer") or "pending"
            cons["political_history_involved"] = bool(self.value(s, "political_history_involved"))
            b.add("consultations", cons)
        elif kind == "report":
            t = self._ref_title(s)
            b.add(
                "reports",
                {
                    "matter": self.value(s, "matter") or "planning",
                    "title": t["id"],
                    "by": self.value(s, "by") or "unit_leadership",
                    "to": self.value(s, "to") or "provincial_standing_committee",
                    "via": self.value(s, "via") or "provincial_organization_board",
                },
            )
        elif kind == "matter":
            t = self.title_part(s)
            if self.value(s, "matter") == "planning":
                t["planned"] = True
            elif self.value(s, "matter") == "appointment":
                serve = self.value(s, "can_serve_full_term") if "can_serve_full_term" in s.fields else None
                c = b.cadre(self.ident(s, "cadre"), can_serve_full_term=serve, **self.cadre_dates(s))
                app: dict[str, Any] = {"title": t["id"], "cadre": c["id"]}
                ft = self.value(s, "first_time") if "first_time" in s.fields else None
                if ft is not None:
                    app["first_time"] = ft
                b.add("appointments", app)
            else:
                raise Unrealisable(f"a {self.value(s, 'matter')} matter is not said by a proposal")
        elif kind == "confidence_vote":
            self.confidence(s)
        elif kind == "cadre_plan":
            c = self.b.cadre(self.ident(s, "cadre"), source=self.value(s, "source") or "in_house")
            level = self.value(s, "level") or 1
            for _ in range(self.value(s, "titles_planned") or 1):
                t = self.b.title(None, role="other", level=level, key=False)
                t["candidates"].append(c["id"])
        else:
            raise Unrealisable(f"no realiser for facts of kind {kind!r}")

    def confidence(self, s: Slot) -> None:
        """A cadre with a confidence vote, holding (or at) the rung the model says, planned as it says."""
        from hiepy_rules.schema.cadre import Cadre

        b = self.b
        c = b.cadre(self.ident(s, "cadre"))
        present = self.value(s, "present") or 0
        c["confidence_vote"] = {
            "convened": self.value(s, "convened") or 0,
            "present": present,
            "high": self.value(s, "high") or 0,
            "medium": self.value(s, "medium") or 0,
            "low": self.value(s, "low") or 0,
        }
        level = self.value(s, "level")
        held = None
        if self.value(s, "title") is not None or (level is not None and "current_level" not in Cadre.model_fields):
            held = b.title(self.ident(s, "title"), role="other", level=level or 1, key=False)
            held["holders"].append(c["id"])
        elif level is not None:
            c["current_level"] = level
        higher, same, planned = (self.value(s, f) for f in ("planned_higher", "planned_same_or_higher", "planned"))
        if level is None:
            if planned:
                b.title(None, role="other", level=1, key=False)["candidates"].append(c["id"])
            return
        if higher:
            b.title(None, role="other", level=level - 1, key=False)["candidates"].append(c["id"])
        elif same:
            (held or b.title(None, role="other", level=level, key=False))["candidates"].append(c["id"])
        elif planned:
            b.title(None, role="other", level=level + 1, key=False)["candidates"].append(c["id"])

    def _ref_title(self, s: Slot) -> dict[str, Any]:
        tid = self.ident(s, "title")
        if tid is not None and tid in self.b.titles:
            return self.b.titles[tid]
        return self.b.title(tid, role="other", level=1, key=False, planned=False)

    # -- the whole proposal --

    def build(self, pid: str, read: set[tuple[str, str]]) -> dict[str, Any]:
        w = self.hit.world
        unit_read = {f for s, f in read if s == "unit"}
        targets = self.unit_fact(w.unit, unit_read)
        real = w.real
        if "title" in real:
            self.title_world(real["title"], unit_read)
        if "candidacy" in real and "holding" in real:
            self.membership_world(real["candidacy"], real["holding"])
        if "vote" in real:
            self.vote_world(real["vote"])
        for kind, s in sorted(real.items()):
            if kind not in ("title", "candidacy", "holding", "vote") and s.kind == kind:
                self.record(s)
        for phantoms in self.sym.phantoms.values():
            for p in phantoms:
                if self.flag(p.present):
                    self._phantom(p)
        if self.b.sections.pop("_appointment", False):
            t = next(iter(self.b.titles.values()), None) or self.b.title(None, role="other", level=1, key=False)
            c = next(iter(self.b.cadres.values()), None) or self.b.cadre(None)
            self.b.add("appointments", {"title": t["id"], "cadre": c["id"]})
        if not self.b.titles:  # a proposal plans at least one title
            self.b.title(None, role="other", level=1, key=False, planned=False)
        self.counts(targets)
        if w.top is not None:
            self.pad_top(pid)
        return self.b.data(pid)

    def _phantom(self, p: Slot) -> None:
        if p.kind in ("consultation", "report", "matter"):
            self.record(p)
        elif p.kind == "vote":
            self.vote_world(p)
        elif p.kind in ("confidence_vote", "cadre_plan"):
            self.record(p)
        elif p.kind == "title":
            t = self.title_part(p)
            self.fill(t, "holders", self.value(p, "holder_count") or 0, "nguoi-giu-them")
            self.fill(t, "candidates", self.value(p, "candidate_count") or 0, "ung-vien-them")
        else:
            raise Unrealisable(f"a record of kind {p.kind!r}")

    def counts(self, targets: dict[str, int]) -> None:
        """Meet the unit's counts over all titles with filler titles (never by removing anyone)."""
        b = self.b

        def current() -> dict[str, int]:
            deputy = [t for t in b.titles.values() if t["role"] == "deputy"]
            ext = {c for t in b.titles.values() for c in t["candidates"] if b.cadres[c].get("source") == "external"}
            return {
                "current_deputies": len({c for t in deputy for c in t["holders"]}),
                "deputies_planned": len({c for t in deputy for c in t["candidates"]}),
                "external_candidates": len(ext),
            }

        now = current()
        for f, want in sorted(targets.items()):
            if now[f] > want:
                raise Unrealisable(f"{f}: the facts already give {now[f]}, more than {want}")
        if targets.get("current_deputies", 0) > now["current_deputies"]:
            t = b.title(None, role="deputy", level=2, key=False, planned=False)
            n = targets["current_deputies"] - now["current_deputies"]
            t["seats"] = n
            self.fill(t, "holders", n, "pho-du-phong")
        now = current()
        if targets.get("deputies_planned", 0) > now["deputies_planned"]:
            t = b.title(None, role="deputy", level=2, key=False, planned=False)
            self.fill(t, "candidates", targets["deputies_planned"] - now["deputies_planned"], "nguon-pho")
        now = current()
        if targets.get("external_candidates", 0) > now["external_candidates"]:
            t = b.title(None, role="other", level=3, key=False, planned=False)
            self.fill(
                t, "candidates", targets["external_candidates"] - now["external_candidates"], "nguon-ngoai", "external"
            )
        if current() != {**current(), **targets}:
            raise Unrealisable("the unit's counts could not be met")

    def pad_top(self, pid: str) -> None:
        """The runtime's plan-size domain reaches min(max integer + 2, 64): make it the model's."""
        assert self.hit.world.top is not None
        want = self.m.eval(self.hit.world.top, model_completion=True).as_long()
        have = natural_top(self.b.data(pid), self.rs)
        if have > want:
            raise TopTooLow(have)
        if have < want:
            t = self.b.title(None, role="other", level=1, key=False, planned=False)
            t["seats"] = want - 2


def natural_top(data: dict[str, Any], rs: RuleSet) -> int:
    """conflicts._choices' top for this proposal: its integers and the literals of its program."""
    from hiepy_rules.analysis.worlds import int_literals
    from hiepy_rules.compile.compiler import program_for
    from hiepy_rules.compile.factset import build_facts
    from hiepy_rules.schema.proposal import Proposal

    p = Proposal.model_validate(data)
    facts = build_facts(p)
    program = program_for(rs, p.date, facts[0])
    ints = [v for f in facts for v in f.values() if isinstance(v, int) and not isinstance(v, bool)]
    ints += [lit for cp in program.provisions for lit in int_literals(cp.when, cp.rule)]
    return min(max([0, *ints]) + 2, TOP)


# --- replay ---------------------------------------------------------------------------------------


def replay_finding(hit: Hit, data: dict[str, Any], rs: RuleSet) -> Any:
    """The finding of ``check`` on the witness that shows the clash, or None."""
    from hiepy_rules.pipeline import check_proposal
    from hiepy_rules.schema.proposal import Proposal, reference_problems

    proposal = Proposal.model_validate(data)
    if reference_problems(proposal):
        return None
    if len(hit.xs) > 2:
        return _set_shown(hit, proposal, rs)
    result = check_proposal(proposal, rules=rs, engine="python")
    return shows(hit, result)


def replay(hit: Hit, data: dict[str, Any], rs: RuleSet) -> bool:
    """Whether ``check`` shows the clash on the witness."""
    return replay_finding(hit, data, rs) is not None


def shows(hit: Hit, result: Any) -> Any:
    """The finding that shows the clash: the conflict itself, or for a contradiction a violation of
    one of the two (every proposal in the region breaks one)."""
    pair = list(hit.provisions)
    for f in result.findings:
        if hit.kind == "contradiction":
            if f.kind == "violation" and set(f.provisions) & set(pair):
                return f
        elif len(pair) > 2:
            continue
        elif (
            f.conflict is not None  # a conflict, or (decided) the overridden side with its clash
            and sorted(f.provisions) == pair
            and f.conflict.kind == hit.kind
        ):
            return f
    return None


def _set_shown(hit: Hit, proposal: Any, rs: RuleSet) -> Any:
    """A set of three: ``check`` reports pairs only, so the runtime's own windows (``conflicts.window``,
    what ``check`` computes) are asked: each proper, each two meeting, the three not."""
    from hiepy_rules.compile.compiler import program_for
    from hiepy_rules.compile.factset import build_facts
    from hiepy_rules.findings.conflicts import _choices, window

    facts0 = build_facts(proposal)
    program = program_for(rs, proposal.date, facts0[0])
    facts_list = build_facts(proposal, program.shares) if program.shares else facts0
    facts = {f["id"]: dict(f) for f in facts_list}
    by_id = program.by_id
    if any(pid not in by_id for pid in hit.provisions):
        return None
    for choice in _choices(proposal, facts, program):
        if choice.name != hit.choice:
            continue
        wins = [window(by_id[pid], choice, facts) for pid in hit.provisions]
        if any(w is None or not 0 < len(w) < len(choice.domain) for w in wins):
            continue
        sets = [set(w or ()) for w in wins]
        if all(a & b for i, a in enumerate(sets) for b in sets[i + 1 :]) and not set.intersection(*sets):
            return {
                "choice": choice.key,
                "windows": {p: list(w or ()) for p, w in zip(hit.provisions, wins, strict=True)},
            }
    return None


@dataclass
class Witness:
    data: dict[str, Any] | None
    confirmed: bool
    note: str = ""


def nice_model(hit: Hit, extra: list[z3.BoolRef]) -> z3.ModelRef | None:
    """A model that reads like a real dossier: heads at level 1, deputies at level 2, small numbers."""
    w = hit.world
    opt = z3.Optimize()
    opt.set("timeout", 5_000)
    opt.add(*w.sym.axioms, *w.top_axioms, *w.extra, hit.goal, *extra)
    for s in [*w.real.values(), *(p for ps in w.sym.phantoms.values() for p in ps)]:
        if "role" in s.fields and "level" in s.fields:
            role, level = s.get("role"), s.get("level")
            assert role is not None and level is not None
            for i, want in ((0, 1), (1, 2)):
                opt.add_soft(z3.Implies(role.expr == i, level.expr == want), weight=2)
            opt.add_soft(z3.Implies(role.expr == 2, level.expr >= 3))
    for s in w.real.values():  # a proposal says planning and appointment matters, no other kind
        m = s._vals.get("matter")
        if m is not None and m.type == "enum":
            sayable = [i for i, v in enumerate(m.values) if v in ("planning", "appointment")]
            if sayable:
                opt.add_soft(z3.Or([m.expr == i for i in sayable]), weight=3)
    if "candidacy" in w.real:  # the report's own case: an incumbent planned again
        opt.add_soft(w.real["candidacy"].present)
        opt.add_soft(z3.Bool("holding.same_title"))
    ints = [
        v.expr for s in [w.unit, *w.real.values()] for v in s._vals.values() if v.type == "int" and z3.is_const(v.expr)
    ]
    if w.top is not None:
        opt.minimize(w.top)
    if ints:
        opt.minimize(z3.Sum(ints))
    # last, a canonical model: every yes/no left free by the above is "no" (an absent request, an
    # unmarked flag), so the same question gives the same witness whatever z3 did before in the process
    bools = [
        v.expr for s in [w.unit, *w.real.values()] for v in s._vals.values() if v.type == "bool" and z3.is_const(v.expr)
    ]
    for b in bools:
        opt.add_soft(z3.Not(b), weight=1, id="canonical")
    if opt.check() != z3.sat:
        return None
    return opt.model()


class TopTooLow(Unrealisable):
    def __init__(self, have: int) -> None:
        super().__init__(f"the plan-size domain of this proposal reaches {have}")
        self.have = have


def witness(
    hit: Hit,
    rs: RuleSet,
    resolve: Callable[[list[z3.BoolRef]], z3.ModelRef | None],
    confirm: Callable[[dict[str, Any]], bool] | None = None,
    pid: str | None = None,
) -> Witness:
    """Build and replay a witness; on a failed replay, ask z3 for another model (a few times).
    ``confirm``: the replay (default: ``check`` shows the clash)."""
    from pydantic import ValidationError

    extra: list[z3.BoolRef] = []
    note = ""
    for _ in range(5):
        model = nice_model(hit, extra) or resolve(extra)
        if model is None:
            break
        r = Realiser(hit, model, rs)
        try:
            data = r.build(pid or witness_id(hit), _read(hit))
            if confirm(data) if confirm is not None else replay(hit, data, rs):
                return Witness(data, True)
            note = "replay did not show the clash"
        except TopTooLow as exc:  # other packs' numbers widen the runtime's plan-size domain
            assert hit.world.top is not None
            extra.append(hit.world.top >= exc.have)
            note = str(exc)
            continue
        except Unrealisable as exc:
            note = str(exc)
        except ValidationError as exc:
            note = f"invalid proposal: {exc.errors()[0]['msg']}"
        extra.append(_blocking(r, hit))
    return Witness(None, False, note)


def _blocking(r: Realiser, hit: Hit) -> z3.BoolRef:
    """Not this model again: differ in some variable of the world's own facts."""
    from hiepy_rules.analysis.symbolic import _vars

    vs = [v for _, v in sorted(_vars(hit.goal).items(), key=lambda kv: str(kv[1]))]
    if hit.world.top is not None:
        vs.append(hit.world.top)
    return z3.Or([v != r.m.eval(v, model_completion=True) for v in vs]) if vs else z3.BoolVal(False)


def _read(hit: Hit) -> set[tuple[str, str]]:
    from hiepy_rules.analysis.region import read_fields

    return read_fields(hit)


def witness_id(hit: Hit) -> str:
    return "mau-" + "--".join([hit.kind.replace("_", "-"), *(p.replace(".", "-") for p in hit.provisions)])


def file_name(hit: Hit) -> str:
    return "--".join([hit.kind, *hit.provisions]) + ".yaml"


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def write(path: Path, data: dict[str, Any], header: list[str]) -> None:
    text = "".join(f"# {line}\n" for line in header)
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
