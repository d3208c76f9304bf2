"""``hiepy diff A B``: two rule sets compared topic by topic, for a drafter reading a ministry's new rules.

A *topic* is what provisions constrain: one of the runtime's choices (how many to plan for a title,
who may be planned, who draws up the nomination list, whether a candidate goes on after a vote,
whether a cadre with a confidence vote is planned higher), else the fields a provision's condition
reads on one kind of fact (provisions reading a common field share a topic). On each topic, the
obligations of each side *reject* a proposal when one of them is violated, and z3 asks:

- can A reject what B accepts?  can B reject what A accepts?
- neither: **equal**; only the first: **A stricter**; only the second: **B stricter**; both:
  **overlapping differently**; and **incompatible** when ``hiepy conflicts`` on A ∪ B finds a clash
  between an A and a B provision of the topic that no proposal can avoid.

Each difference comes with a witness proposal one side accepts and the other rejects, replayed with
``check`` against each side. Both sides are judged on a unit both govern, on a day both are in force
(``compared: together``); when the two never apply together (different provinces, different eras),
their contents are compared as if they did (``compared: content``: scopes set aside, each side
replayed on a day it is in force).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import z3

from hiepy_rules.analysis import budget
from hiepy_rules.analysis.encode import Compiled, in_force, in_scope, literals, violated
from hiepy_rules.analysis.formulas import conj, disj, neg
from hiepy_rules.analysis.questions import Hit, compile_all
from hiepy_rules.analysis.report import build
from hiepy_rules.analysis.slots import TRUE, Symbols
from hiepy_rules.analysis.topics import WORLDS, DiffResult, DiffWitness, Topic, topics
from hiepy_rules.analysis.witness import Witness, witness, write
from hiepy_rules.analysis.worlds import World, kind_world
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.load.ruleset import Pack, RuleSet
from hiepy_rules.pipeline import check_proposal
from hiepy_rules.schema.pack import PackScope
from hiepy_rules.schema.proposal import Proposal


class Comparer:
    def __init__(self, a: RuleSet, b: RuleSet, both: RuleSet, together: bool) -> None:
        self.a, self.b, self.both = a, b, both
        self.together = together
        self.undecided_topics: list[str] = []
        self.alphabet = sorted(
            literals(x.cp for x in compile_all(both))
            | {v for p in both.packs for t in p.manifest.scope.when for v in _flat(t.value) if isinstance(v, str)}
        )

    def world(self, t: Topic) -> World | None:
        sym = Symbols(self.alphabet)
        if t.key in WORLDS:
            return WORLDS[t.key](sym)
        subject = t.key.partition(":")[0]

        if subject not in FACT_SCHEMA:
            return None  # a derived kind: compared through what derives it, not here
        return kind_world(sym, subject)

    def rejects(self, w: World, xs: list[Compiled]) -> z3.BoolRef:
        views = w.views(None)
        out = []
        for x in xs:
            if not x.obligation:
                continue
            here = conj(in_force(w.sym, x.pack, x.provision), in_scope(x.pack, w.unit)) if self.together else TRUE
            out.append(conj(here, violated(x.cp, w.scope(x, views))))
        return disj(out) if out else z3.BoolVal(False)

    def undecided(self, t: Topic) -> None:
        """A topic the time budget (or z3) left undecided: said in its notes, counted in the result."""
        self.undecided_topics.append(t.key)
        t.notes.append(("chưa quyết định được trong thời hạn cho phép", "undecided within the time budget"))

    def compare(self, t: Topic, conflicts: list[Hit], witness_dir: Path | None) -> None:
        ids_a, ids_b = {x.id for x in t.a}, {x.id for x in t.b}
        for h in conflicts:
            ps = set(h.provisions)
            if ps & ids_a and ps & ids_b and ps <= ids_a | ids_b:
                t.clashes.append({"kind": h.kind, "provisions": list(h.provisions)})
        for side, mine in (("a", t.a), ("b", t.b)):
            only = [x for x in mine if not x.obligation and x.cp.modality in ("may", "should")]
            for x in only:
                vi = "cho phép" if x.cp.modality == "may" else "khuyến nghị"
                en = "permits" if x.cp.modality == "may" else "advises"
                t.notes.append((f"{side.upper()} {vi} ({x.id})", f"{side.upper()} {en} ({x.id})"))
        w = self.world(t)
        if w is None:
            t.notes.append(
                (
                    "so sánh qua sự kiện được suy ra: không xét được khi thiếu gói suy ra nó",
                    "about a derived fact: not compared without the pack that derives it",
                )
            )
            return
        if budget.expired():
            self.undecided(t)
            return
        w.prepare([*t.a, *t.b])
        ra, rb = self.rejects(w, t.a), self.rejects(w, t.b)
        found = {}
        for name, goal in (("a", conj(ra, neg(rb))), ("b", conj(rb, neg(ra)))):
            s = z3.Solver()
            s.set("timeout", budget.timeout_ms(10_000))
            s.add(*w.sym.axioms, *w.extra, goal)
            r = s.check()
            if r == z3.sat:
                found[name] = (goal, s.model())
            elif r == z3.unknown:
                self.undecided(t)
                return
        if any(c["kind"] in ("incompatible", "contradiction") for c in t.clashes):
            t.verdict = "incompatible"
        elif len(found) == 2:
            t.verdict = "overlapping"
        elif "a" in found:
            t.verdict = "a_stricter"
        elif "b" in found:
            t.verdict = "b_stricter"
        for name, (goal, model) in sorted(found.items()):
            t.witnesses.append(self._witness(t, w, name, goal, model, witness_dir))

    def _witness(
        self, t: Topic, w: World, rejecter: str, goal: z3.BoolRef, model: z3.ModelRef, witness_dir: Path | None
    ) -> DiffWitness:
        mine = t.a if rejecter == "a" else t.b
        theirs = t.b if rejecter == "a" else t.a
        xs = tuple(mine + theirs)
        hit = Hit("contradiction", None, xs[0].subject, xs, w, goal, model)
        accepter = "b" if rejecter == "a" else "a"
        rs_rej = self.a if rejecter == "a" else self.b
        rs_acc = self.b if rejecter == "a" else self.a
        violates: list[str] = []

        def confirm(data: dict[str, Any]) -> bool:
            bad = _violations(data, rs_rej, {x.id for x in mine}, self.together)
            good = _violations(data, rs_acc, {x.id for x in theirs}, self.together)
            violates[:] = sorted(bad)
            return bool(bad) and not good

        def resolve(extra: list[z3.BoolRef]) -> z3.ModelRef | None:
            s = z3.Solver()
            s.add(*w.sym.axioms, *w.extra, goal, *extra)
            return s.model() if s.check() == z3.sat else None

        pid = f"mau-diff-{t.key.replace(':', '-').replace(',', '-').replace('_', '-')}-{rejecter}"
        wit: Witness = witness(hit, self.both, resolve, confirm, pid)
        path = None
        if wit.data is not None and witness_dir is not None:
            target = witness_dir / f"diff--{t.key.replace(':', '--').replace(',', '-')}--{rejecter}-rejects.yaml"
            write(
                target,
                wit.data,
                [
                    f"Đề án mẫu do `hiepy diff` tạo: {rejecter.upper()} bác bỏ, {accepter.upper()} chấp nhận"
                    f" ({t.words[0]}).",
                    f"Witness made by `hiepy diff`: {rejecter.upper()} rejects, {accepter.upper()} accepts"
                    f" ({t.words[1]}).",
                ],
            )
            path = target.as_posix()
        return DiffWitness(accepter, rejecter, list(violates), path, wit.confirmed, wit.note, wit.data)


def _flat(v: Any) -> list[Any]:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _violations(data: dict[str, Any], rs: RuleSet, ids: set[str], together: bool) -> set[str]:
    """The provisions among ``ids`` that ``check`` finds violated on the proposal (one side's rules)."""
    proposal = Proposal.model_validate(data)
    days = [proposal.date]
    if not together:  # each side on a day it is in force
        days = _days_in_force(rs, ids) or days
    out: set[str] = set()
    for day in days[:1]:
        result = check_proposal(proposal, rules=rs, as_of=day, engine="python")
        out |= {p for f in result.findings if f.kind == "violation" for p in f.provisions if p in ids}
    return out


def _days_in_force(rs: RuleSet, ids: set[str]) -> list[dt.date]:
    starts = []
    for pack in rs.packs:
        for loc in pack.provisions:
            if loc.provision.id in ids:
                starts.append(max(pack.manifest.in_force.from_, pack.in_force(loc.provision).from_))
    return [max(starts)] if starts else []


def _unscoped(rs: RuleSet) -> RuleSet:
    """The same rules as if every pack governed every unit (content comparison)."""
    out = RuleSet(rs.root)
    out.authorities, out.sources = rs.authorities, rs.sources
    out.packs = [
        Pack(p.manifest.model_copy(update={"scope": PackScope()}), p.manifest_doc, p.directory, p.provisions)
        for p in rs.packs
    ]
    return out


def _union(a: RuleSet, b: RuleSet) -> RuleSet:
    out = RuleSet(a.root)
    out.authorities = {**b.authorities, **a.authorities}
    out.sources = {**b.sources, **a.sources}
    ids = {p.id for p in a.packs}
    out.packs = list(a.packs) + [p for p in b.packs if p.id not in ids]
    return out


def _together(rs: RuleSet) -> bool:
    """Some unit and day every pack of ``rs`` governs and is in force on."""
    sym = Symbols()
    u = sym.slot("unit", "unit")
    conds = []
    for p in rs.packs:
        f = p.manifest.in_force
        conds += [sym.day >= f.from_.toordinal()]
        if f.until is not None:
            conds.append(sym.day < f.until.toordinal())
        conds.append(in_scope(p, u))
    s = z3.Solver()
    s.add(*sym.axioms, *conds)
    return bool(s.check() == z3.sat)


def compare(a: RuleSet, b: RuleSet, *, a_name: str, b_name: str, witness_dir: Path | None = None) -> DiffResult:
    together = _together(_union(a, b))
    if not together:
        a, b = _unscoped(a), _unscoped(b)
    both = _union(a, b)
    rep = build(both, everything=False, confirm=False) if together else None
    clashes = [e.hit for e in (rep.conflicts + rep.contradictions + rep.sets)] if rep else []
    xa, xb = compile_all(a), compile_all(b)
    cmp = Comparer(a, b, both, together)
    ts = topics(xa, xb)
    for t in ts:
        cmp.compare(t, clashes, witness_dir)
    undecided = len(cmp.undecided_topics) + (len(rep.analysis.undecided) + rep.analysis.more_undecided if rep else 0)
    return DiffResult(a_name, b_name, a, b, "together" if together else "content", ts, undecided)
