"""The runtime's choices and the clashes over them that ``check`` reports, decided by z3.

For two obligations ``a``, ``b`` and a choice of ``conflicts.py`` (plan size, membership, nomination,
proceeds), the runtime reports *incompatible* when their windows over the choice are disjoint and
neither is empty nor the whole domain. Statically that is: some proposal (the context) in which
both are in force and in scope, both depend on the choice, and

    ∀v: Ba(v) ∨ Bb(v)    ∃v: ¬Ba(v)    ∃v: ¬Bb(v)

with ``Bx(v)`` "x is violated on the fact the choice watches, once the choice is set to v". The
domain of ``v`` is finite (0..64 or two values), so the quantifiers are expanded: the formula z3
decides is quantifier-free and the answer exact for the fragment (docs/analysis.md).

*Permission withdrawn*: some fact on which a ``may`` is used (``permitted``) and an obligation
reading a field the ``may`` reads is ``violated``, on a fact that is a choice's key.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import z3

from hiepy_rules.analysis import budget, unasked
from hiepy_rules.analysis.encode import Compiled, violated
from hiepy_rules.analysis.formulas import conj, disj, neg
from hiepy_rules.analysis.questions import TIMEOUT_MS, Hit, Questions
from hiepy_rules.analysis.slots import FALSE, TRUE, Symbols
from hiepy_rules.analysis.worlds import (
    World,
    advancement_world,
    membership_world,
    nomination_world,
    title_world,
    vote_world,
)


@dataclass(frozen=True)
class ChoiceKind:
    name: str
    subjects: tuple[str, ...]
    relevant: Callable[[Compiled], bool]
    build: Callable[[Symbols], World]


def _depends_plan(x: Compiled) -> bool:
    return bool(x.reads & {"candidate_count", "deputies_planned"})


CHOICES = (
    ChoiceKind("plan_size", ("title", "unit"), _depends_plan, lambda s: title_world(s, choice=True)),
    ChoiceKind(
        "membership",
        ("candidacy", "holding"),
        lambda x: x.subject == "candidacy" or bool(x.reads & {"record:candidacy", "planned_same_or_higher"}),
        lambda s: membership_world(s, choice=True),
    ),
    ChoiceKind(
        "nomination", ("unit",), lambda x: "nomination_by" in x.reads, lambda s: nomination_world(s, choice=True)
    ),
    ChoiceKind("proceeds", ("vote",), lambda x: "proceeded" in x.reads, lambda s: vote_world(s, choice=True)),
    ChoiceKind(
        "advancement",
        ("confidence_vote",),
        lambda x: bool(x.reads & {"planned_higher", "planned_same_or_higher"}),
        lambda s: advancement_world(s, choice=True),
    ),
)


#: subject kinds whose facts are the key of a choice (a permission is withdrawn only there)
PERMISSION_WORLDS: dict[str, Callable[[Symbols], World]] = {
    "title": title_world,
    "unit": nomination_world,
    "candidacy": lambda s: membership_world(s, member=True),
    "vote": vote_world,
    "confidence_vote": advancement_world,
}


#: the fields of the choice keyed by a fact of the kind (conflicts._withdrawn reads them)
CHOICE_FIELDS: dict[str, frozenset[str]] = {
    "title": frozenset({"candidate_count"}),
    "unit": frozenset({"nomination_by"}),
    "candidacy": frozenset({"record:candidacy", "planned_same_or_higher"}),
    "vote": frozenset({"proceeded"}),
    "confidence_vote": frozenset({"planned_higher", "planned_same_or_higher"}),
}


class ChoiceClashes(Questions):
    """Clashes over one of the runtime's choices: incompatible obligations, permissions withdrawn."""

    # -- incompatible (pairs and small sets over one choice) --

    def clash(self, ck: ChoiceKind, xs: Sequence[Compiled], *, pairwise: bool = False) -> Hit | None:
        if budget.expired():
            self.undecided(tuple(x.id for x in xs))
            return None
        sym = Symbols(self.alphabet)
        w = ck.build(sym)
        if w.choice is None:
            return None
        w.prepare(xs)
        w.finish(xs)
        context = [w.exists]
        for x in xs:
            context.append(w.in_program(x))
            if ck.name == "plan_size" and not (x.reads & {"candidate_count"}):
                context.append(w.real["title"].enum("role", "deputy"))  # deputies_planned follows a deputy title only
        label = tuple(x.id for x in xs)
        if w.top is not None:
            # 0..top as one quantified integer: z3 decides it directly (linear integer arithmetic)
            goal = self._quantified(w, xs, context, pairwise)
            s = z3.Solver()
            s.set("timeout", budget.timeout_ms(TIMEOUT_MS))
            s.add(*w.sym.axioms, *w.top_axioms, *w.extra, goal)
            r = s.check()
            if r == z3.sat:
                return Hit("incompatible", ck.name, xs[0].subject, tuple(xs), w, goal, s.model(), goal)
            if r == z3.unsat:
                return None
        goal = self._expanded(w, xs, context, pairwise)
        model = self._solve(w, goal, label)
        if model is None:
            return None
        return Hit("incompatible", ck.name, xs[0].subject, tuple(xs), w, goal, model)

    def _expanded(self, w: World, xs: Sequence[Compiled], context: list[z3.BoolRef], pairwise: bool) -> z3.BoolRef:
        """The choice's every value written out: ∀ as a conjunction, ∃ as a disjunction."""
        broken: dict[str, list[z3.BoolRef]] = {x.id: [] for x in xs}
        for v in w.values:
            views = w.views(v)
            for x in xs:
                broken[x.id].append(violated(x.cp, w.scope(x, views)))
        guards = [w.guard(v) for v in w.values]
        parts = list(context)
        parts.append(conj([z3.Implies(g, disj([broken[x.id][i] for x in xs])) for i, g in enumerate(guards)]))
        for x in xs:
            parts.append(disj([conj(g, neg(broken[x.id][i])) for i, g in enumerate(guards)]))
        if pairwise:
            for x, y in itertools.combinations(xs, 2):
                parts.append(disj([conj(g, neg(broken[x.id][i]), neg(broken[y.id][i])) for i, g in enumerate(guards)]))
        return conj(parts)

    def _quantified(self, w: World, xs: Sequence[Compiled], context: list[z3.BoolRef], pairwise: bool) -> z3.BoolRef:
        """∀v ∈ 0..top and ∃v as quantifiers over one integer (what ``qe`` eliminates fastest)."""
        assert w.top is not None

        def broken(v: z3.ArithRef) -> dict[str, z3.BoolRef]:
            views = w.views(v)
            return {x.id: violated(x.cp, w.scope(x, views)) for x in xs}

        def inside(v: z3.ArithRef) -> z3.BoolRef:
            return conj(v >= 0, v <= w.top)

        v = z3.Int("v")
        b = broken(v)
        parts = [*context, z3.ForAll([v], z3.Implies(inside(v), disj(list(b.values()))))]
        for x in xs:
            parts.append(z3.Exists([v], conj(inside(v), neg(b[x.id]))))
        if pairwise:
            for x, y in itertools.combinations(xs, 2):
                parts.append(z3.Exists([v], conj(inside(v), neg(b[x.id]), neg(b[y.id]))))
        return conj(parts)

    def incompatible(self) -> None:
        for ck in CHOICES:
            cands = [x for x in self.entries if x.obligation and x.subject in ck.subjects and ck.relevant(x)]
            found: set[tuple[str, str]] = set()
            # two versions of one provision are never in force together; once the budget is spent the
            # sets not asked are counted as undecided, not walked through (unasked.py)
            for a, b in unasked.asked(cands, 2, self.new, self.result):
                hit = self.clash(ck, (a, b))
                if hit is not None:
                    found.add((a.id, b.id))
                    self.result.conflicts.append(hit)
            if ck.name not in ("plan_size", "advancement"):
                continue  # over two values, three windows that meet pairwise meet all together
            for trio in unasked.asked(cands, 3, self.new, self.result):
                hit = self.clash(ck, trio, pairwise=True)
                if hit is not None:
                    self.result.sets.append(hit)

    # -- permission withdrawn --

    def withdrawn(self) -> None:
        mays = [x for x in self.entries if x.cp.modality == "may" and not x.cp.unconfigured and x.cp.rule is not None]
        for p in mays:
            build = PERMISSION_WORLDS.get(p.subject)
            if build is None:
                continue
            for q in self.entries:
                if not q.obligation or q.subject != p.subject or q.id == p.id or not self._wanted((p, q)):
                    continue
                if budget.expired():
                    self.undecided((p.id, q.id))
                    continue
                sym = Symbols(self.alphabet)
                w = build(sym)
                overlap = self._overlap(p, q, w)
                if z3.is_false(overlap):
                    continue
                goal, model = self._withdrawal(w, overlap, p, q)
                if model is not None:
                    self.result.conflicts.append(Hit("permission_withdrawn", None, p.subject, (p, q), w, goal, model))

    @staticmethod
    def _overlap(p: Compiled, q: Compiled, w: World) -> z3.BoolRef:
        """conflicts._withdrawn's test: a common field, or each reads a field of the fact's choice
        (which must exist: a unit has a nomination, a confidence vote a rung)."""
        used, read = p.rule_reads, q.reads

        def via(fields: frozenset[str]) -> bool:
            return bool(used & read) or bool(used & fields and read & fields)

        kind = p.subject
        exists: z3.BoolRef = TRUE
        if kind == "unit":
            nom = w.unit.get("nomination_by")
            exists = nom.known if nom is not None else FALSE
        if kind == "confidence_vote":
            ph = w.real["confidence_vote"].get("planned_higher")
            exists = ph.known if ph is not None else FALSE
        fields = CHOICE_FIELDS.get(kind, frozenset())
        if kind == "title":
            deputy = w.real["title"].enum("role", "deputy")
            wide = fields | {"deputies_planned"}
            return conj(exists, disj(z3.BoolVal(via(fields)), conj(deputy, z3.BoolVal(via(wide)))))
        return conj(exists, z3.BoolVal(via(fields)))
