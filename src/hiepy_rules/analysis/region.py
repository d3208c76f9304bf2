"""The region of a clash in words: which facts make it happen, e.g. "title.role = deputy ∧ ...".

The clash formula speaks of many variables a reader does not care about (the plan-size domain's
top, the values the runtime tries, phantom records). They are eliminated by quantifier
elimination (z3's ``qe`` tactic on linear integer arithmetic and Booleans): what is left is the
exact set of contexts, over the fields the provisions read. That set is then written as a few
conjunctions of literals (prime implicants: each literal is dropped when the rest, with the
axioms, the packs' scopes and dates, still implies the region), each literal in field words (``wording``).
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from hiepy_rules.analysis.formulas import conj, neg
from hiepy_rules.analysis.questions import Hit
from hiepy_rules.analysis.slots import Slot, Symbols
from hiepy_rules.analysis.terms import bool_atoms, const_name, constants_of, has_quantifier
from hiepy_rules.analysis.wording import Literal, render_cube
from hiepy_rules.compile.ir import Cmp, CmpField, Record, walk

MAX_CUBES = 6


#: choice fields whose real value the runtime replaces: never part of a region
CHOICE_FIELDS = {
    "plan_size": {("title", "candidate_count"), ("unit", "deputies_planned")},
    "membership": {("candidacy", "in_plan"), ("holding", "planned_same_or_higher")},
    "nomination": {("unit", "nomination_by")},
    "proceeds": {("vote", "proceeded")},
}


@dataclass(frozen=True)
class Region:
    """``cubes``: a disjunction of conjunctions of literals (empty list of cubes: nowhere)."""

    cubes: tuple[tuple[Literal, ...], ...]

    def _factored(self) -> tuple[list[Literal], list[list[Literal]]]:
        """Literals every cube shares, and what is left of each cube."""
        if not self.cubes:
            return [], []
        common = [lit for lit in self.cubes[0] if all(lit in c for c in self.cubes[1:])]
        rest = [[lit for lit in c if lit not in common] for c in self.cubes]
        if len(rest) == 1 or any(not r for r in rest):
            rest = [[]] if any(not r for r in rest) else rest
        return common, rest

    def formula(self) -> str:
        if not self.cubes:
            return "false"
        common, rest = self._factored()
        parts = [lit.formula for lit in common]
        alts = [" ∧ ".join(lit.formula for lit in r) for r in rest if r]
        if alts:
            parts.append(f"({_join(alts, ' ∨ ')})" if len(alts) > 1 and parts else _join(alts, " ∨ "))
        return " ∧ ".join(parts) or "true"

    def words(self, lang: str) -> str:
        vi = lang == "vi"
        if not self.cubes:
            return "không bao giờ" if vi else "never"
        sep = " và " if vi else " and "
        common, rest = self._factored()
        parts = [getattr(lit, lang) for lit in common]
        alts = [sep.join(getattr(lit, lang) for lit in r) for r in rest if r]
        if len(alts) > 1:
            head = "một trong các trường hợp: " if vi else "one of: "
            parts.append(head + "; ".join(f"({i}) {a}" for i, a in enumerate(alts, 1)))
        elif alts:
            parts.append(alts[0])
        return sep.join(parts) or ("mọi trường hợp" if vi else "every case")


def _join(parts: list[str], sep: str) -> str:
    if len(parts) > 1:
        return sep.join(f"({p})" for p in parts)
    return parts[0] if parts else ""


def read_fields(hit: Hit) -> set[tuple[str, str]]:
    """(slot, field) of every field the provisions read, and what the world computes them from."""
    out: set[tuple[str, str]] = set()
    for x in hit.xs:
        real = hit.world.real.get(x.subject)
        if x.subject == "unit":
            real = hit.world.unit
        for c in walk(*x.cp.when, x.cp.rule):
            names = [c.field] if isinstance(c, Cmp) else [c.field, c.other] if isinstance(c, CmpField) else []
            for n in names:
                out.add(("unit", n[5:]) if n.startswith("unit.") else _owner(real, x.subject, n))
            if isinstance(c, Record):
                out.update(_owner(real, x.subject, k) for k in c.match)
    if ("holding", "planned_same_or_higher") in out:
        out |= {("holding", "held"), ("holding", "planned_elsewhere"), ("candidacy", "levels_below")}
    if hit.choice == "membership":
        out |= {("holding", "held"), ("holding", "same_title")}
    if hit.choice == "plan_size":
        out.add(("title", "role"))
    return out


def _owner(slot: object, kind: str, f: str) -> tuple[str, str]:
    """The slot whose variable holds field ``f`` (a holding's eligibility is its cadre's, on the candidacy)."""
    if not isinstance(slot, Slot):
        return kind, f
    alias = slot.aliases.get(f)
    return (alias.name, f) if alias is not None else (slot.name, f)


def _presentable(hit: Hit, every: dict[int, z3.ExprRef]) -> set[int]:
    """Ids of the variables a region may speak of: fields the provisions read, of the world's own facts."""
    w = hit.world
    sym = w.sym
    hidden = CHOICE_FIELDS.get(hit.choice or "", set()) if hit.kind == "incompatible" else set()
    wanted = read_fields(hit)
    out: set[int] = set()
    for k, v in every.items():
        n = const_name(v)
        info = sym.info.get(n)
        if n == "day":
            out.add(k)
        elif info is None or (info.slot, info.field) not in wanted or info.field in ("top", "exists"):
            continue
        elif n.endswith("?") or (info.slot, info.field) not in hidden:
            out.add(k)
    return out


def region(hit: Hit) -> Region:
    w = hit.world
    sym = w.sym
    asked = hit.region_goal if hit.region_goal is not None else hit.goal
    every = _relevant(asked, [*sym.axioms, *w.extra], w.top_axioms)
    keep = _presentable(hit, constants_of(conj(asked, *every)))
    region_f = _project(conj(asked, *every), keep)
    # the axioms seen from the fields kept: a cube need not exclude what no proposal can be
    assume = conj(_project(conj(*every), keep), *[w.in_program(x) for x in hit.xs])
    if constants_of(region_f).keys() - keep:
        sym.approximations.append("a region that quantifier elimination could not simplify")
    return Region(_cover(sym, region_f, assume))


def _relevant(asked: z3.BoolRef, axioms: list[z3.BoolRef], top_axioms: list[z3.BoolRef]) -> list[z3.BoolRef]:
    """The axioms that share a variable with the question, transitively (others cannot change the
    region). The plan-size top touches every integer; its axioms join only for integers kept."""
    reach = set(constants_of(asked))
    var_sets = [set(constants_of(a)) for a in axioms]
    chosen: set[int] = set()
    grew = True
    while grew:
        grew = False
        for i, vs in enumerate(var_sets):
            if i not in chosen and vs & reach:
                chosen.add(i)
                reach |= vs
                grew = True
    out = [axioms[i] for i in sorted(chosen)]
    for a in top_axioms:
        vs = set(constants_of(a))
        if len(vs) <= 1 or (vs - reach) <= {v for v in vs if const_name(constants_of(a)[v]) == "top"}:
            out.append(a)
    return out


def _project(body: z3.BoolRef, keep: set[int]) -> z3.BoolRef:
    """∃ (every variable not kept): body, without the quantifier.

    z3's model-based ``qe2`` is fast but has been seen to over-simplify; its answer is kept only
    when checked equal to the projection (both inclusions), else the classic ``qe`` decides.
    """
    hidden = [v for k, v in sorted(constants_of(body).items(), key=lambda kv: const_name(kv[1])) if k not in keep]
    if not hidden:
        return body
    fast = _qe(z3.Exists(hidden, body), "qe2")
    if fast is not None and _equal_projection(fast, body, hidden):
        return fast
    exact = _qe(z3.Exists(hidden, body), "qe")
    return exact if exact is not None else body


def _qe(f: z3.BoolRef, tactic: str) -> z3.BoolRef | None:
    goal = z3.Goal()
    goal.add(f)
    try:
        result = z3.Then("simplify", tactic, "simplify")(goal)
    except z3.Z3Exception:
        return None
    out = conj(*[conj(*g) for g in result]) if len(result) else z3.BoolVal(False)
    return None if has_quantifier(out) else out


def _equal_projection(r: z3.BoolRef, body: z3.BoolRef, hidden: list[z3.ExprRef]) -> bool:
    s = z3.Solver()
    s.set("timeout", 2_000)
    s.add(body, neg(r))  # every point of the body is in r
    if s.check() != z3.unsat:
        return False
    s = z3.Solver()
    s.set("timeout", 2_000)
    s.add(r, z3.ForAll(hidden, neg(body)))  # every point of r extends to one of the body
    return bool(s.check() == z3.unsat)


def _atoms(e: z3.ExprRef) -> list[z3.BoolRef]:
    return sorted(bool_atoms(e), key=str)


def _cover(sym: Symbols, r: z3.BoolRef, assume: z3.BoolRef) -> tuple[tuple[Literal, ...], ...]:
    atoms = _atoms(r)
    found = z3.Solver()
    found.add(assume, r)
    check = z3.Solver()
    check.add(assume, neg(r))
    # each literal behind a proxy, so that an unsat core names the literals a cube needs
    pos = [z3.Bool(f"lit+{i}") for i in range(len(atoms))]
    negs = [z3.Bool(f"lit-{i}") for i in range(len(atoms))]
    for a, p, n in zip(atoms, pos, negs, strict=True):
        check.add(z3.Implies(p, a), z3.Implies(n, neg(a)))
    cubes: list[tuple[Literal, ...]] = []
    while len(cubes) < MAX_CUBES and found.check() == z3.sat:
        m = found.model()
        chosen = [(pos[i] if z3.is_true(m.eval(a, model_completion=True)) else negs[i]) for i, a in enumerate(atoms)]
        if check.check(*chosen) == z3.unsat:
            core = {const_name(c) for c in check.unsat_core()}
            chosen = [c for c in chosen if const_name(c) in core]
        for c in list(chosen):  # the core need not be minimal: drop what is still not needed
            trial = [x for x in chosen if x is not c]
            if check.check(*trial) == z3.unsat:
                chosen = trial
        cube = [_literal_of(atoms, const_name(c)) for c in chosen]
        found.add(neg(conj(cube)) if cube else z3.BoolVal(False))
        cubes.append(render_cube(sym, cube))
    return tuple(sorted(cubes, key=lambda c: [x.order for x in c]))


def _literal_of(atoms: list[z3.BoolRef], proxy: str) -> z3.BoolRef:
    """The literal behind a proxy named ``lit+i`` (atom i) or ``lit-i`` (its negation)."""
    atom = atoms[int(proxy[4:])]
    return atom if proxy[3] == "+" else neg(atom)
