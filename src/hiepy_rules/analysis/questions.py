"""The questions the analysis asks of a rule set: what it found, and the solver they share.

``Questions`` holds the rule set's provisions compiled for the analysis, the alphabet of text
literals, and one way to ask z3 (``_solve``) under the time budget: a question z3 could not answer
is listed as undecided, never taken as an answer. The questions themselves are in ``choices`` (what
``check`` reports) and ``consistency`` (what it cannot show); ``symbolic`` asks them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import z3

from hiepy_rules.analysis import budget
from hiepy_rules.analysis.encode import Compiled, literals, outcomes, permitted, violated
from hiepy_rules.analysis.formulas import conj
from hiepy_rules.analysis.slots import TRUE, Symbols
from hiepy_rules.analysis.worlds import World, kind_world
from hiepy_rules.compile.compiler import compile_provision
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.ir import fields_read
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


class Questions:
    """A rule set's provisions compiled for the analysis, the findings so far, and the solver."""

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

    def _withdrawal(
        self, w: World, cond: z3.BoolRef, p: Compiled, q: Compiled
    ) -> tuple[z3.BoolRef, z3.ModelRef | None]:
        """A proposal of world ``w`` where ``cond`` holds, both provisions apply, ``p`` permits what it is
        used for and ``q`` is broken: the question, and a model of it (None: none, or undecided)."""
        w.prepare((p, q))
        views = w.views(None)
        goal = conj(
            cond,
            w.in_program(p),
            w.in_program(q),
            permitted(p.cp, w.scope(p, views)),
            violated(q.cp, w.scope(q, views)),
        )
        return goal, self._solve(w, goal, (p.id, q.id))

    def undecided(self, label: tuple[str, ...]) -> None:
        """A question z3 could not answer, or the time budget left unasked: listed, or past
        ``budget.LISTED`` counted."""
        if len(self.result.undecided) < budget.LISTED:
            self.result.undecided.append(label)
        else:
            self.result.more_undecided += 1

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
                out.append((w, conj(cond, w.in_program(d), o.when_true), slot_kind))
        return out


def _flat(v: Any) -> list[Any]:
    return list(v) if isinstance(v, (list, tuple)) else [v]
