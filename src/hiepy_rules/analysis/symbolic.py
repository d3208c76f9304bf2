"""The questions ``hiepy conflicts`` asks of a rule set, each decided by z3 over a world.

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

Beyond what ``check`` can show: two obligations on one kind of fact that, wherever both apply,
cannot both be complied with whatever the proposal says in the fields they constrain, or a
permission that cannot be used without breaking an obligation, on a kind of fact no choice of
``check`` is about (*contradictions*); provisions that can never apply (*dead*); provisions whose every violation is
already a violation of another (*redundant*).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import z3

from hiepy_rules.analysis import budget, questions
from hiepy_rules.analysis.encode import (
    FALSE,
    TRUE,
    Compiled,
    Symbols,
    advised,
    complies,
    literals,
    outcomes,
    permitted,
    violated,
)
from hiepy_rules.analysis.worlds import (
    World,
    advancement_world,
    kind_world,
    membership_world,
    nomination_world,
    title_world,
    vote_world,
)
from hiepy_rules.compile.compiler import compile_provision
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.findings.conflicts import fields_read
from hiepy_rules.load.ruleset import RuleSet

Kind = Literal["incompatible", "permission_withdrawn", "contradiction"]


TIMEOUT_MS = 10_000


@dataclass
class Hit:
    """A clash found: the provisions, the world and the formula, and z3's model of it."""

    kind: Kind
    choice: str | None
    subject: str
    xs: tuple[Compiled, ...]
    world: World
    goal: z3.BoolRef
    model: z3.ModelRef
    #: the same question with the choice's value quantified (smaller for quantifier elimination)
    region_goal: z3.BoolRef | None = None

    @property
    def provisions(self) -> tuple[str, ...]:
        return tuple(sorted(x.id for x in self.xs))


@dataclass
class Analysis:
    """What the analysis found in a rule set (before words, witnesses and precedence)."""

    conflicts: list[Hit] = field(default_factory=list)
    sets: list[Hit] = field(default_factory=list)
    contradictions: list[Hit] = field(default_factory=list)
    dead: list[tuple[str, str]] = field(default_factory=list)  # (provision, reason code)
    redundant: list[tuple[str, str]] = field(default_factory=list)  # (provision, implied by)
    undecided: list[tuple[str, ...]] = field(default_factory=list)  # z3 said unknown, or out of time
    more_undecided: int = 0  # undecided beyond the ``budget.LISTED`` listed
    approximations: list[str] = field(default_factory=list)


def compile_all(rs: RuleSet) -> list[Compiled]:
    out = []
    for pack in rs.packs:
        for loc in pack.provisions:
            cp = compile_provision(pack, loc.provision)
            reads = frozenset(fields_read(cp))
            rule_reads = frozenset(fields_read(cp, rule_only=True))
            out.append(Compiled(pack, loc.provision, cp, reads, rule_reads))
    return sorted(out, key=lambda x: x.id)


# --- the runtime's choices -------------------------------------------------------------------------


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


class Analyser:
    def __init__(self, rs: RuleSet, *, new: set[str] | None = None) -> None:
        self.rs = rs
        self.entries = compile_all(rs)
        self.by_id = {x.id: x for x in self.entries}
        scope_text = {
            v for pack in rs.packs for t in pack.manifest.scope.when for v in _flat(t.value) if isinstance(v, str)
        }
        self.alphabet = sorted(literals(x.cp for x in self.entries) | scope_text)
        self.new = new  # when given, only questions involving one of these provisions are asked
        self.result = Analysis()

    def _wanted(self, xs: Iterable[Compiled]) -> bool:
        return self.new is None or any(x.id in self.new for x in xs)

    def _solve(self, w: World, goal: z3.BoolRef, label: tuple[str, ...]) -> z3.ModelRef | None:
        if budget.expired():
            self.undecided(label)
            return None
        s = z3.Solver()
        s.set("timeout", budget.timeout_ms(TIMEOUT_MS))
        s.add(*w.sym.axioms, *w.top_axioms, *w.extra, goal)
        r = s.check()
        for a in w.sym.approximations:
            if a not in self.result.approximations:
                self.result.approximations.append(a)
        if r == z3.sat:
            return s.model()
        if r == z3.unknown:
            self.undecided(label)
        return None

    def undecided(self, label: tuple[str, ...]) -> None:
        """A question z3 could not answer, or the time budget left unasked: listed, or past
        ``budget.LISTED`` counted."""
        if len(self.result.undecided) < budget.LISTED:
            self.result.undecided.append(label)
        else:
            self.result.more_undecided += 1

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
        parts.append(z3.And([z3.Implies(g, z3.Or([broken[x.id][i] for x in xs])) for i, g in enumerate(guards)]))
        for x in xs:
            parts.append(z3.Or([z3.And(g, z3.Not(broken[x.id][i])) for i, g in enumerate(guards)]))
        if pairwise:
            for x, y in itertools.combinations(xs, 2):
                parts.append(
                    z3.Or([z3.And(g, z3.Not(broken[x.id][i]), z3.Not(broken[y.id][i])) for i, g in enumerate(guards)])
                )
        return z3.And(parts)

    def _quantified(self, w: World, xs: Sequence[Compiled], context: list[z3.BoolRef], pairwise: bool) -> z3.BoolRef:
        """∀v ∈ 0..top and ∃v as quantifiers over one integer (what ``qe`` eliminates fastest)."""
        assert w.top is not None

        def broken(v: z3.ArithRef) -> dict[str, z3.BoolRef]:
            views = w.views(v)
            return {x.id: violated(x.cp, w.scope(x, views)) for x in xs}

        def inside(v: z3.ArithRef) -> z3.BoolRef:
            return z3.And(v >= 0, v <= w.top)

        v = z3.Int("v")
        b = broken(v)
        parts = [*context, z3.ForAll([v], z3.Implies(inside(v), z3.Or(list(b.values()))))]
        for x in xs:
            parts.append(z3.Exists([v], z3.And(inside(v), z3.Not(b[x.id]))))
        if pairwise:
            for x, y in itertools.combinations(xs, 2):
                parts.append(z3.Exists([v], z3.And(inside(v), z3.Not(b[x.id]), z3.Not(b[y.id]))))
        return z3.And(parts)

    def incompatible(self) -> None:
        for ck in CHOICES:
            cands = [x for x in self.entries if x.obligation and x.subject in ck.subjects and ck.relevant(x)]
            found: set[tuple[str, str]] = set()
            # two versions of one provision are never in force together; once the budget is spent the
            # sets not asked are counted as undecided, not walked through (questions.py)
            for a, b in questions.asked(cands, 2, self.new, self.result):
                hit = self.clash(ck, (a, b))
                if hit is not None:
                    found.add((a.id, b.id))
                    self.result.conflicts.append(hit)
            if ck.name not in ("plan_size", "advancement"):
                continue  # over two values, three windows that meet pairwise meet all together
            for trio in questions.asked(cands, 3, self.new, self.result):
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
                w.prepare((p, q))
                views = w.views(None)
                goal = z3.And(
                    overlap,
                    w.in_program(p),
                    w.in_program(q),
                    permitted(p.cp, w.scope(p, views)),
                    violated(q.cp, w.scope(q, views)),
                )
                model = self._solve(w, goal, (p.id, q.id))
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
            return z3.And(exists, z3.Or(z3.BoolVal(via(fields)), z3.And(deputy, z3.BoolVal(via(wide)))))
        return z3.And(exists, z3.BoolVal(via(fields)))

    # -- worlds for any subject kind, derived ones through what derives them --

    def worlds_for(self, kind: str, depth: int = 0) -> list[tuple[World, z3.BoolRef, str]]:
        """(world, what must hold for a fact of ``kind`` to exist there, the slot kind it sits in)."""
        if kind in FACT_SCHEMA:
            sym = Symbols(self.alphabet)
            return [(kind_world(sym, kind), TRUE, kind)]
        if depth > 3:
            return []
        out = []
        for d in self.entries:
            if d.cp.derive != kind:
                continue
            for w, cond, slot_kind in self.worlds_for(d.subject, depth + 1):
                views = w.views(None)
                subject = views.get(slot_kind)
                if subject is None:
                    continue
                w.real[kind] = subject
                w.prepare((d,))
                o = outcomes(d.cp, w.scope(d, {**views, d.subject: subject}))
                out.append((w, z3.And(cond, w.in_program(d), o.when_true), slot_kind))
        return out

    # -- dead and redundant provisions --

    def dead_and_redundant(self) -> None:
        """One world per kind of fact (phantom records for all its provisions), one solver, many questions."""
        outcome_of = {"must": violated, "must_not": violated, "should": advised, "may": permitted}
        subjects = sorted({x.subject for x in self.entries if self._wanted((x,))})
        for subject in subjects:
            xs = [x for x in self.entries if x.subject == subject]
            spent = budget.expired()  # then every question below is undecided: no world is built for them
            worlds = [] if spent else self.worlds_for(subject)
            prepared = []
            for w, cond, _ in worlds:
                w.prepare(xs)
                views = w.views(None)
                solver = z3.Solver()
                solver.add(*w.sym.axioms, *w.extra, cond)
                facts = {}
                for x in xs:
                    sc = w.scope(x, views)
                    out = outcome_of[x.cp.modality](x.cp, sc) if x.cp.modality and x.cp.rule is not None else FALSE
                    facts[id(x)] = (w.in_program(x), outcomes(x.cp, sc).when_true, out)
                prepared.append((solver, facts))

            def sat(
                goal: Callable[[dict[int, tuple[z3.BoolRef, z3.BoolRef, z3.BoolRef]]], z3.BoolRef],
                label: tuple[str, ...],
                prepared: list[Any] = prepared,
                spent: bool = spent,
            ) -> bool:
                """Whether the goal can hold; ``True`` (claim nothing) when it stays undecided."""
                if spent:
                    self.undecided(label)
                    return True
                for solver, facts in prepared:
                    if budget.expired():
                        self.undecided(label)
                        return True
                    solver.set("timeout", budget.timeout_ms(TIMEOUT_MS))
                    solver.push()
                    solver.add(goal(facts))
                    r = solver.check()
                    solver.pop()
                    if r == z3.sat:
                        return True
                    if r == z3.unknown:
                        self.undecided(label)
                        return True
                return False

            Facts3 = dict[int, tuple[z3.BoolRef, z3.BoolRef, z3.BoolRef]]

            def applies(x: Compiled) -> Callable[[Facts3], z3.BoolRef]:
                return lambda f: z3.And(f[id(x)][0], f[id(x)][1])

            def adds(a: Compiled, b: Compiled) -> Callable[[Facts3], z3.BoolRef]:
                return lambda f: z3.And(f[id(a)][0], f[id(a)][2], z3.Not(z3.And(f[id(b)][0], f[id(b)][2])))

            live: dict[int, bool] = {}
            for x in xs:
                if not self._wanted((x,)):
                    continue
                if not prepared and not spent:
                    live[id(x)] = False
                    self.result.dead.append((x.id, "never_derived" if subject not in FACT_SCHEMA else "never_applies"))
                    continue
                live[id(x)] = sat(applies(x), (x.id,))
                if not live[id(x)]:
                    self.result.dead.append((x.id, "never_applies"))
            for a in xs:
                if not live.get(id(a)) or a.cp.modality is None or a.cp.rule is None or a.cp.unconfigured:
                    continue
                cls = "obligation" if a.obligation else a.cp.modality
                for b in xs:
                    if b.id == a.id or b.cp.rule is None or b.cp.unconfigured or live.get(id(b)) is False:
                        continue
                    if ("obligation" if b.obligation else b.cp.modality) != cls or not (a.rule_reads & b.rule_reads):
                        continue
                    # every fact on which a gives its outcome, b gives it too: a adds nothing
                    implied = not sat(adds(a, b), (a.id, b.id))
                    if implied and (b.id, a.id) not in self.result.redundant:
                        self.result.redundant.append((a.id, b.id))

    # -- contradictions beyond the runtime's choices --

    def contradictions(self) -> None:
        seen = {tuple(sorted(x.id for x in h.xs)) for h in self.result.conflicts}
        obligations = [x for x in self.entries if x.obligation]
        for a, b in itertools.combinations(obligations, 2):
            key = tuple(sorted((a.id, b.id)))
            if a.id == b.id or a.subject != b.subject or key in seen or not (a.rule_reads & b.rule_reads):
                continue
            if not self._wanted((a, b)):
                continue
            if budget.expired():
                self.undecided((a.id, b.id))
                continue
            for w, cond, _ in self.worlds_for(a.subject):
                hit = self._contradiction(w, cond, a, b)
                if hit is not None:
                    self.result.contradictions.append(hit)
                    break
        # a permission no fact can use without breaking an obligation, where no choice of check's is the key
        mays = [x for x in self.entries if x.cp.modality == "may" and not x.cp.unconfigured and x.cp.rule is not None]
        for p in mays:
            if p.subject in PERMISSION_WORLDS:
                continue
            for q in obligations:
                key = tuple(sorted((p.id, q.id)))
                if q.subject != p.subject or q.id == p.id or key in seen or not (p.rule_reads & q.reads):
                    continue
                if not self._wanted((p, q)):
                    continue
                if budget.expired():
                    self.undecided((p.id, q.id))
                    continue
                for w, cond, _ in self.worlds_for(p.subject):
                    w.prepare((p, q))
                    views = w.views(None)
                    goal = z3.And(
                        cond,
                        w.in_program(p),
                        w.in_program(q),
                        permitted(p.cp, w.scope(p, views)),
                        violated(q.cp, w.scope(q, views)),
                    )
                    model = self._solve(w, goal, (p.id, q.id))
                    if model is not None:
                        self.result.contradictions.append(Hit("contradiction", None, p.subject, (p, q), w, goal, model))
                        break

    def _contradiction(self, w: World, cond: z3.BoolRef, a: Compiled, b: Compiled) -> Hit | None:
        w.prepare((a, b))
        views = w.views(None)
        sa, sb = w.scope(a, views), w.scope(b, views)
        subject = sa.subject
        when_fields = {f for x in (a, b) for f in _when_fields(x)}
        free_fields = sorted((a.rule_reads | b.rule_reads) - when_fields)
        free = VarSet()
        for f in free_fields:
            if f.startswith("record:"):
                for r in w.sym.phantoms.get(f[7:], []):
                    free |= _vars(r.present)
                    for val in r._vals.values():
                        free |= _vars(val.expr) | _vars(val.known)
                continue
            got = subject.get(f)
            if got is not None:
                free |= _vars(got.expr) | _vars(got.known)
        context_vars = VarSet()
        for f in when_fields:
            got = subject.get(f)
            if got is not None:
                context_vars |= _vars(got.expr) | _vars(got.known)
        context_vars |= _vars(subject.present)
        for name, info in list(w.sym.info.items()):
            if info.field == "level" and info.spec is not None:
                lv = z3.Int(name)
                context_vars[lv.get_id()] = lv
        fv = [v for k, v in sorted(free.items(), key=lambda kv: str(kv[1])) if k not in context_vars]
        if not fv:
            return None
        ids = {v.get_id() for v in fv}
        free_axioms = [ax for ax in w.sym.axioms if ids & set(_vars(ax))]
        sat_both = z3.And(*free_axioms, complies(a.cp, sa), complies(b.cp, sb))

        def copy(expr: z3.BoolRef, tag: str) -> z3.BoolRef:
            return z3.substitute(expr, *[(v, z3.Const(f"{v}!{tag}", v.sort())) for v in fv])

        goal = z3.And(
            cond,
            w.in_program(a),
            w.in_program(b),
            outcomes(a.cp, sa).when_true,
            outcomes(b.cp, sb).when_true,
            z3.ForAll(fv, z3.Not(sat_both)),
            copy(z3.And(*free_axioms, complies(a.cp, sa)), "a"),
            copy(z3.And(*free_axioms, complies(b.cp, sb)), "b"),
        )
        model = self._solve(w, goal, (a.id, b.id))
        if model is None:
            return None
        return Hit("contradiction", None, a.subject, (a, b), w, goal, model)

    def run(self, *, everything: bool = True) -> Analysis:
        self.incompatible()
        self.withdrawn()
        if everything:
            self.contradictions()
            self.dead_and_redundant()
        return self.result


def _flat(v: Any) -> list[Any]:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _when_fields(x: Compiled) -> set[str]:
    whole = set(x.reads)
    rule = set(x.rule_reads)
    only_when = fields_read_when(x)
    return only_when | (whole - rule)


def fields_read_when(x: Compiled) -> set[str]:
    return set(fields_read(dataclasses.replace(x.cp, rule=None)))


class VarSet(dict[int, z3.ExprRef]):
    """z3 constants by AST id (z3's ``==`` builds a formula, so sets of terms are keyed by id)."""

    def __or__(self, other: dict[int, z3.ExprRef]) -> VarSet:  # type: ignore[override]
        return VarSet({**self, **other})


_VARS: dict[int, tuple[z3.ExprRef, VarSet]] = {}


def _vars(e: z3.ExprRef) -> VarSet:
    """The constants of a term (memoised by AST id: z3 shares equal terms, and worlds repeat them)."""
    hit = _VARS.get(e.get_id())
    if hit is not None:
        return hit[1]
    out = _collect(e)
    if len(_VARS) > 50_000:
        _VARS.clear()
    _VARS[e.get_id()] = (e, out)  # the term is kept alive so that its id is not reused
    return out


def _collect(e: z3.ExprRef) -> VarSet:
    out = VarSet()
    todo = [e]
    seen: set[int] = set()
    while todo:
        x = todo.pop()
        if x.get_id() in seen:
            continue
        seen.add(x.get_id())
        if z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out[x.get_id()] = x
        elif z3.is_app(x):
            todo.extend(x.children())
        elif z3.is_quantifier(x):
            todo.append(x.body())
    return out


def analyse(rs: RuleSet, *, new: set[str] | None = None, everything: bool = True) -> tuple[Analyser, Analysis]:
    an = Analyser(rs, new=new)
    return an, an.run(everything=everything)


def pair_kind(h: Hit) -> tuple[tuple[str, ...], str]:
    return h.provisions, h.kind


def _unused(*_: Any) -> None:  # keeps imports used by type checkers in one place
    return None
