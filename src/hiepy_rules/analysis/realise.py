"""Realisers: a z3 model read back into the facts of a proposal that make it hold.

A *realiser* per kind of fact builds what makes the fact hold the model's values: a title with the
model's role, level, key mark and plan size (fresh cadres as candidates and holders); a candidacy
as a cadre planned for a title, holding the title ``levels_below`` under it (or its own); a vote
with its ballots; a consultation or a report record. Counts over the whole proposal (the unit's
current deputies, deputies planned, external candidates) are met last, with filler titles whose
holders or candidates make up the difference.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import z3

from hiepy_rules.analysis.draft import ROLE_NAMES, Builder
from hiepy_rules.analysis.questions import Hit
from hiepy_rules.analysis.slots import Slot, Symbols
from hiepy_rules.analysis.worlds import natural_top
from hiepy_rules.compile.tenure import add_months, born_for, retirement_date
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.schema.cadre import Cadre


class Unrealisable(Exception):
    """The model asks for something no proposal this realiser builds can say."""


class TopTooLow(Unrealisable):
    def __init__(self, have: int) -> None:
        super().__init__(f"the plan-size domain of this proposal reaches {have}")
        self.have = have


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

    def term(self, s: Slot, c: dict[str, Any], app: dict[str, Any]) -> None:
        """The end of the title's term the model says, as months before the cadre retires (a cadre made
        up to retire in ten years when the model says nothing of the retirement)."""
        beyond = self.value(s, "months_beyond_term") if "months_beyond_term" in s.fields else None
        if not isinstance(beyond, int):
            return
        if "date_of_birth" not in c:
            c["date_of_birth"], c["sex"] = born_for(120, self.b.day), "male"
        app["term_ends"] = add_months(retirement_date(c["date_of_birth"], c["sex"]), -beyond)

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
                if self.value(s, "for_election") if "for_election" in s.fields else False:
                    app["for_election"] = True
                self.term(s, c, app)
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
