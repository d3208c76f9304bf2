"""From a proposal to facts: flat, JSON-safe records the engines match on (their kinds: ``facts.py``).

Everything an engine cannot do is computed here, in Python, once: counts per title, distinct
deputies, how far below a title a candidate stands, whether a vote's share clears a threshold
(exactly, with fractions), days between dates.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import msgspec

from hiepy_rules.compile import dossier
from hiepy_rules.compile.delta import Delta
from hiepy_rules.compile.facts import ShareMeasure
from hiepy_rules.compile.ladder import Ladder, cadre_dates, put, title_part
from hiepy_rules.compile.tenure import add_months, months_between, months_floor, retirement_date
from hiepy_rules.schema.proposal import Proposal, Title


def _put_shares(fact: dict[str, Any], shares: frozenset[ShareMeasure]) -> None:
    """Each share whose count this fact carries; an absent denominator leaves it unknown."""
    for m in shares:
        if m.of in fact:
            put(fact, m.field, m.value(fact[m.of], fact.get(m.over)))


def unit_fact(p: Proposal, lad: Ladder | None = None) -> dict[str, Any]:
    """The proposal's unit fact alone (which packs' scope covers it picks the program, before the facts)."""
    lad = lad or Ladder(p)
    deputies = [t for t in p.titles if t.role == "deputy"]
    all_candidates = {cid for t in p.titles for cid in t.candidates}
    unit: dict[str, Any] = {"id": "unit", "type": "unit", "kind": p.unit.kind, "date": p.date.isoformat()}
    for f in ("sector", "ministry", "province", "works_locally", "party_membership_local"):
        put(unit, f, getattr(p.unit, f))
    unit["current_deputies"] = len({cid for t in deputies for cid in t.holders})
    unit["deputies_planned"] = len({cid for t in deputies for cid in t.candidates})
    unit["candidates_planned"] = len(all_candidates)
    unit["external_candidates"] = sum(
        1 for cid in all_candidates if (c := lad.cadre(cid)) is not None and c.source == "external"
    )
    if p.nomination is not None:
        unit["nomination_by"] = p.nomination.drawn_up_by
    about = {n.about for n in p.notifications}
    unit["planning_result_notified"] = "planning_result" in about
    unit["evaluation_notified"] = "annual_evaluation" in about
    if p.evaluation is not None:
        unit["evaluation_local_opinion_requested"] = p.evaluation.local_opinion_requested
    unit["committee_seat_requested"] = bool(p.committee_seat_requests)
    unit["appointment_in_same_dossier"] = bool(p.appointments)
    _structure(unit, p, lad, all_candidates)
    return unit


def _structure(unit: dict[str, Any], p: Proposal, lad: Ladder, candidates: set[str]) -> None:
    """Shares of women and of young cadres among the candidates (floored whole percent: a target of a
    whole percent holds exactly when the floor does)."""
    cadres = [lad.cadre(cid) for cid in sorted(candidates)]
    if not cadres or any(c is None for c in cadres):
        return
    known = [c for c in cadres if c is not None]
    if all(c.sex is not None for c in known):
        unit["candidates_women_percent"] = 100 * sum(c.sex == "female" for c in known) // len(known)
    if all(c.date_of_birth is not None for c in known):
        young = sum(months_between(c.date_of_birth, p.date) < 40 * 12 for c in known if c.date_of_birth)
        unit["candidates_under_40_percent"] = 100 * young // len(known)


class Kept(msgspec.Struct):
    """What a re-check takes from the first check's facts, where the fix left it alone (``FactSet.of``)."""

    #: each title's facts, by title; the titles' facts made anew are added to it
    blocks: dict[str, list[dict[str, Any]]] = msgspec.field(default_factory=dict)
    votes: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)  # vote facts, by id
    confidence: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)  # a cadre's confidence vote's, by cadre
    cadre_plans: dict[str, list[dict[str, Any]]] = msgspec.field(default_factory=dict)  # a cadre's, per rung, by cadre
    #: the facts of a section made from its items alone (consultations, reports), by section
    sections: dict[str, list[dict[str, Any]]] = msgspec.field(default_factory=dict)


def build_facts(
    p: Proposal,
    shares: frozenset[ShareMeasure] = frozenset(),
    lad: Ladder | None = None,
    unit: dict[str, Any] | None = None,
    kept: Kept | None = None,
) -> list[dict[str, Any]]:
    """The base facts of a proposal, in a stable order. ``shares`` are the thresholds the packs test;
    ``lad`` and ``unit``, when the caller has already made them (``FactSet``); ``kept``, the facts
    already made (a re-check's, from the first check)."""
    lad = lad or Ladder(p)
    kept = kept if kept is not None else Kept()
    facts: list[dict[str, Any]] = [unit if unit is not None else unit_fact(p, lad)]
    plans = _plans(p)
    blocks = kept.blocks
    for t in p.titles:
        block = blocks.get(t.id)
        if block is None:
            block = blocks[t.id] = _title_facts(t, lad, plans)
        facts.extend(block)

    last_step: dict[tuple[str, str], int] | None = None  # made when a vote's fact is: a re-check keeps most
    votes = kept.votes
    for v in p.votes:
        made = votes.get(f"vote:{v.title}:{v.cadre}:{v.step}") if votes else None
        if made is not None:
            facts.append(made)
            continue
        if last_step is None:
            last_step = _last_steps(p)
        fact: dict[str, Any] = {
            "id": f"vote:{v.title}:{v.cadre}:{v.step}",
            "type": "vote",
            "cadre": v.cadre,
            "title": v.title,
            "step": v.step,
            "body": v.body,
            "yes": v.yes,
            "convened": v.convened,
            "proceeded": v.step < last_step[(v.cadre, v.title)] or v.cadre in lad.candidates.get(v.title, ()),
        }
        put(fact, "present", v.present)
        put(fact, "valid", v.valid)
        _put_shares(fact, shares)
        facts.append(fact)

    facts.extend(kept.sections.get("consultations") or _consultations(p))
    facts.extend(kept.sections.get("reports") or _reports(p))
    facts.extend(_appointments(p, lad))
    facts.extend(_confidence_votes(p, lad, shares, kept.confidence))
    facts.extend(_cadre_plans(lad, kept.cadre_plans))
    return facts


def _last_steps(p: Proposal) -> dict[tuple[str, str], int]:
    """The last step voted on, per (cadre, title)."""
    last: dict[tuple[str, str], int] = {}
    for v in p.votes:
        key = (v.cadre, v.title)
        if v.step > last.get(key, 0):
            last[key] = v.step
    return last


def _consultations(p: Proposal) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for i, cons in enumerate(p.consultations):
        fact: dict[str, Any] = {
            "id": f"consultation:{i}",
            "type": "consultation",
            "matter": cons.matter,
            "title": cons.title,
            "requested": True,
            # a reply is on record by its day or by its answer (a day left out is not "no reply")
            "replied": cons.replied_on is not None or cons.answer != "pending",
            "answer": cons.answer,
            "political_history_involved": cons.political_history_involved,
        }
        put(fact, "cadre", cons.cadre)
        if cons.reply_due is not None:
            fact["reply_days"] = (cons.reply_due - cons.requested_on).days
        facts.append(fact)
    return facts


def _reports(p: Proposal) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for i, r in enumerate(p.reports):
        facts.append(
            {
                "id": f"report:{i}",
                "type": "report",
                "matter": r.matter,
                "title": r.title,
                "by": r.by,
                "to": r.to,
                "via": r.via,
            }
        )
    return facts


def _appointments(p: Proposal, lad: Ladder) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for i, a in enumerate(p.appointments):
        appointed = lad.titles.get(a.title)
        if appointed is not None:
            fact = {
                "id": f"matter:appointment:{a.title}:{a.cadre}:{i}",
                "type": "matter",
                **title_part(appointed),
                "matter": "appointment",
                "cadre": a.cadre,
            }
            put(fact, "first_time", a.first_time)
            fact["for_election"] = a.for_election
            c = lad.cadre(a.cadre)
            if c is not None:
                put(fact, "can_serve_full_term", c.can_serve_full_term)
                fact["source"] = c.source
                if c.planned_for is not None:  # left out: unknown, so the planning condition stays undecided
                    levels = [lad.titles[t].level for t in c.planned_for if t in lad.titles]
                    if any(level <= appointed.level for level in levels):
                        fact["planned_same_or_higher_title"] = True
                    elif c.source == "in_house":  # an external cadre's plan may be another unit's
                        fact["planned_same_or_higher_title"] = False
                cadre_dates(fact, c, p.date)
                if c.date_of_birth is not None and c.sex is not None:  # a 5-year term unless stated (06-HD/BTCTW)
                    ends = a.term_ends or add_months(p.date, 60)
                    fact["months_beyond_term"] = months_floor(ends, retirement_date(c.date_of_birth, c.sex))
            level = lad.current_level(a.cadre)
            if level is not None:
                fact["levels_below"] = level - appointed.level
            facts.append(fact)
    return facts


def _title_facts(t: Title, lad: Ladder, plans: bool) -> list[dict[str, Any]]:
    """A title's facts: the title, its candidacies and holdings, and the planning it is a matter of."""
    facts: list[dict[str, Any]] = [
        {
            "id": f"title:{t.id}",
            "type": "title",
            **title_part(t),
            "seats": t.seats,
            "candidate_count": len(t.candidates),
            "external_candidate_count": sum(
                1 for cid in t.candidates if (c := lad.cadre(cid)) is not None and c.source == "external"
            ),
            "holder_count": len(t.holders),
        }
    ]
    for cid in t.candidates:
        facts.append(lad.candidacy(t, cid))
    for cid in t.holders:
        h: dict[str, Any] = {"id": f"holding:{t.id}:{cid}", "type": "holding", **title_part(t), "cadre": cid}
        h["planned_same_or_higher"] = lad.planned_same_or_higher(cid)
        c = lad.cadre(cid)
        if c is not None:
            put(h, "eligible", c.eligible)
            put(h, "can_serve_full_term", c.can_serve_full_term)
        facts.append(h)
    if t.in_dossier and plans:
        facts.append({"id": f"matter:planning:{t.id}", "type": "matter", **title_part(t), "matter": "planning"})
    return facts


def _plans(p: Proposal) -> bool:
    """Whether the dossier is a planning proposal: an appointment-only dossier plans no title, so it
    asks no consultation on planning (its key titles are not a plan left empty)."""
    return "planning" in dossier.of(p).kinds


def _confidence_votes(
    p: Proposal, lad: Ladder, shares: frozenset[ShareMeasure], kept: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in p.cadres:
        cv = c.confidence_vote
        if cv is None:
            continue
        made = kept.get(c.id)
        if made is not None:
            out.append(made)
            continue
        planned = lad.plans.get(c.id, ())  # (title, level) of each title planning the cadre
        fact: dict[str, Any] = {
            "id": f"confidence_vote:{c.id}",
            "type": "confidence_vote",
            "cadre": c.id,
            "convened": cv.convened,
            "present": cv.present,
            "valid": cv.high + cv.medium + cv.low,
            "high": cv.high,
            "medium": cv.medium,
            "low": cv.low,
            "planned": bool(planned),
        }
        held = lad.held.get(c.id)
        if held is not None:
            fact["title"] = held.id
        level = lad.current_level(c.id)
        if level is not None:  # "higher" needs the current post's rung; unknown without it
            fact["level"] = level
            fact["planned_higher"] = any(rung < level for _, rung in planned)
            fact["planned_same_or_higher"] = any(rung <= level for _, rung in planned)
        _put_shares(fact, shares)
        out.append(fact)
    return out


def _cadre_plans(lad: Ladder, kept: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per cadre and rung, how many of the dossier's titles plan the cadre (377-QĐ/TW counts these)."""
    out: list[dict[str, Any]] = []
    for cid in sorted(lad.plans):
        made = kept.get(cid)
        if made is not None:
            out.extend(made)
            continue
        counts: dict[int, int] = {}
        for _, level in lad.plans[cid]:
            counts[level] = counts.get(level, 0) + 1
        c = lad.cadre(cid)
        for level, n in sorted(counts.items()):
            fact: dict[str, Any] = {
                "id": f"cadre_plan:{cid}:{level}",
                "type": "cadre_plan",
                "cadre": cid,
                "level": level,
            }
            if c is not None:
                fact["source"] = c.source
            fact["titles_planned"] = n
            out.append(fact)
    return out


# Where each fact comes from in the proposal file (a path for Document.where), by fact id.
# Unit fields that come from a section of their own point there (see FieldSpec.path).
def fact_paths(p: Proposal, lad: Ladder | None = None) -> dict[str, tuple[str | int, ...]]:
    paths: dict[str, tuple[str | int, ...]] = {"unit": ("unit",)}
    for i, t in enumerate(p.titles):
        paths[f"title:{t.id}"] = ("titles", i)
        if t.in_dossier and _plans(p):
            paths[f"matter:planning:{t.id}"] = ("titles", i, "candidates")
        for j, cid in enumerate(t.candidates):
            paths.setdefault(f"candidacy:{t.id}:{cid}", ("titles", i, "candidates", j))
        for j, cid in enumerate(t.holders):
            paths.setdefault(f"holding:{t.id}:{cid}", ("titles", i, "holders", j))
    for i, v in enumerate(p.votes):
        paths[f"vote:{v.title}:{v.cadre}:{v.step}"] = ("votes", i)
    for i in range(len(p.consultations)):
        paths[f"consultation:{i}"] = ("consultations", i)
    for i in range(len(p.reports)):
        paths[f"report:{i}"] = ("reports", i)
    for i, a in enumerate(p.appointments):
        paths[f"matter:appointment:{a.title}:{a.cadre}:{i}"] = ("appointments", i)
    plans = (lad or Ladder(p)).plans  # each cadre's planned (title, level), in title order
    for i, c in enumerate(p.cadres):
        if c.confidence_vote is not None:
            paths[f"confidence_vote:{c.id}"] = ("cadres", i, "confidence_vote")
        for _, level in plans.get(c.id, ()):
            paths.setdefault(f"cadre_plan:{c.id}:{level}", ("cadres", i))
    return paths


class FactSet(msgspec.Struct, frozen=True, dict=True):
    """One proposal's facts, built once and carried through a check: the facts in their stable order,
    the lookups they were built from (``ladder``, which the conflict analysis reuses for its choices),
    each title's facts (``blocks``, which the re-check of a fix reuses where the fix left them alone)
    and, when asked, where each fact comes from in the proposal file (``paths``, for locations)."""

    proposal: Proposal
    ladder: Ladder
    facts: list[dict[str, Any]] = msgspec.field(default_factory=list)
    blocks: dict[str, list[dict[str, Any]]] = msgspec.field(default_factory=dict)

    @classmethod
    def of(
        cls,
        p: Proposal,
        shares: frozenset[ShareMeasure] = frozenset(),
        ladder: Ladder | None = None,
        unit: dict[str, Any] | None = None,
        *,
        earlier: FactSet | None = None,
        delta: Delta | None = None,
    ) -> FactSet:
        """``earlier``: the facts of the proposal before ``delta`` (a fix) was made to it."""
        lad = ladder or Ladder(p)
        kept = Kept()
        if earlier is not None and delta is not None and not delta.everything and _plans(p) == _plans(earlier.proposal):
            kept = _kept(earlier, p, delta)
        return cls(p, lad, build_facts(p, shares, lad, unit, kept), kept.blocks)

    @cached_property
    def of_kind(self) -> dict[str, list[dict[str, Any]]]:
        """The facts of each kind, in order."""
        out: dict[str, list[dict[str, Any]]] = {}
        for f in self.facts:
            out.setdefault(f["type"], []).append(f)
        return out

    @cached_property
    def block_cadres(self) -> dict[str, frozenset[str]]:
        """The cadres each title's facts name, by title."""
        return {tid: frozenset(f["cadre"] for f in block if "cadre" in f) for tid, block in self.blocks.items()}

    @cached_property
    def votes(self) -> dict[str, dict[str, Any]]:
        """The vote facts, by id."""
        return {f["id"]: f for f in self.of_kind.get("vote", ())}

    @cached_property
    def paths(self) -> dict[str, tuple[str | int, ...]]:  # a re-check of a fix never needs them
        return fact_paths(self.proposal, self.ladder)


def _kept(earlier: FactSet, p: Proposal, delta: Delta) -> Kept:
    """The facts of ``earlier`` that ``p``'s would equal, where the fix ``delta`` left them alone.

    A title's facts are made from the title and the cadres it names; a cadre's own facts from the
    cadre's record and the titles that name it (all of them touched when one changed, see ``Delta``);
    a consultation's or a report's from itself alone."""
    kept = Kept()
    named = earlier.block_cadres
    for tid, block in earlier.blocks.items():
        if tid not in delta.titles and named[tid].isdisjoint(delta.cadres):
            kept.blocks[tid] = block
    kept.votes = _votes_kept(earlier, p, delta)
    of_kind = earlier.of_kind
    for f in of_kind.get("confidence_vote", ()):
        if f["cadre"] not in delta.cadres:
            kept.confidence[f["cadre"]] = f
    for f in of_kind.get("cadre_plan", ()):
        if f["cadre"] not in delta.cadres:
            kept.cadre_plans.setdefault(f["cadre"], []).append(f)
    for section, kind in (("consultations", "consultation"), ("reports", "report")):
        if section not in delta.sections:
            kept.sections[section] = of_kind.get(kind, [])
    return kept


def _votes_kept(earlier: FactSet, p: Proposal, delta: Delta) -> dict[str, dict[str, Any]]:
    """The vote facts of ``earlier`` that ``p``'s would equal, by id. A vote's fact is made from the
    vote, its title's candidates and the last step of the votes on the same cadre for the same title:
    it is kept when its title is untouched and no vote on that cadre for that title was added,
    removed or changed. The votes a fix left alone are the first proposal's models themselves."""
    kept = {fid: f for fid, f in earlier.votes.items() if f["title"] not in delta.titles}
    if "votes" not in delta.sections:
        return kept
    before = {id(v) for v in earlier.proposal.votes}
    after = {id(v) for v in p.votes}
    moved = {(v.cadre, v.title) for v in p.votes if id(v) not in before}
    moved |= {(v.cadre, v.title) for v in earlier.proposal.votes if id(v) not in after}
    return {fid: f for fid, f in kept.items() if (f["cadre"], f["title"]) not in moved}
