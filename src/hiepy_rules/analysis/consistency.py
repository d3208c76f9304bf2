"""A rule set's consistency beyond what ``check`` can show, decided by z3.

Two obligations on one kind of fact that, wherever both apply, cannot both be complied with
whatever the proposal says in the fields they constrain, or a permission that cannot be used
without breaking an obligation, on a kind of fact no choice of ``check`` is about
(*contradictions*); provisions that can never apply (*dead*); provisions whose every violation is
already a violation of another (*redundant*).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import msgspec
import z3

from hiepy_rules.analysis import budget
from hiepy_rules.analysis.choices import PERMISSION_WORLDS
from hiepy_rules.analysis.encode import Compiled, advised, complies, outcomes, permitted, violated
from hiepy_rules.analysis.formulas import conj, neg
from hiepy_rules.analysis.questions import TIMEOUT_MS, Hit, Questions
from hiepy_rules.analysis.slots import FALSE
from hiepy_rules.analysis.terms import VarSet, const_name, constants_of
from hiepy_rules.analysis.worlds import World
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.ir import fields_read


class Consistency(Questions):
    """Contradictions, dead and redundant provisions."""

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
                return lambda f: conj(f[id(x)][0], f[id(x)][1])

            def adds(a: Compiled, b: Compiled) -> Callable[[Facts3], z3.BoolRef]:
                return lambda f: conj(f[id(a)][0], f[id(a)][2], neg(conj(f[id(b)][0], f[id(b)][2])))

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
                    goal, model = self._withdrawal(w, cond, p, q)
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
                    free |= constants_of(r.present)
                    for val in r._vals.values():
                        free |= constants_of(val.expr) | constants_of(val.known)
                continue
            got = subject.get(f)
            if got is not None:
                free |= constants_of(got.expr) | constants_of(got.known)
        context_vars = VarSet()
        for f in when_fields:
            got = subject.get(f)
            if got is not None:
                context_vars |= constants_of(got.expr) | constants_of(got.known)
        context_vars |= constants_of(subject.present)
        for name, info in list(w.sym.info.items()):
            if info.field == "level" and info.spec is not None:
                lv = z3.Int(name)
                context_vars[lv.get_id()] = lv
        fv = [v for k, v in sorted(free.items(), key=lambda kv: const_name(kv[1])) if k not in context_vars]
        if not fv:
            return None
        ids = {v.get_id() for v in fv}
        free_axioms = [ax for ax in w.sym.axioms if ids & set(constants_of(ax))]
        sat_both = conj(*free_axioms, complies(a.cp, sa), complies(b.cp, sb))

        def copy(expr: z3.BoolRef, tag: str) -> z3.BoolRef:
            return z3.substitute(expr, *[(v, z3.Const(f"{v}!{tag}", v.sort())) for v in fv])

        goal = conj(
            cond,
            w.in_program(a),
            w.in_program(b),
            outcomes(a.cp, sa).when_true,
            outcomes(b.cp, sb).when_true,
            z3.ForAll(fv, neg(sat_both)),
            copy(conj(*free_axioms, complies(a.cp, sa)), "a"),
            copy(conj(*free_axioms, complies(b.cp, sb)), "b"),
        )
        model = self._solve(w, goal, (a.id, b.id))
        if model is None:
            return None
        return Hit("contradiction", None, a.subject, (a, b), w, goal, model)


def _when_fields(x: Compiled) -> set[str]:
    whole = set(x.reads)
    rule = set(x.rule_reads)
    only_when = fields_read_when(x)
    return only_when | (whole - rule)


def fields_read_when(x: Compiled) -> set[str]:
    return set(fields_read(msgspec.structs.replace(x.cp, rule=None)))
