"""Symbolic proposals: the facts a question is about, tied together as a real proposal ties them.

A *world* is the smallest symbolic proposal a question needs: the unit and the fact(s) the
provisions are about, with the axioms that hold between them in any proposal ``factset.build_facts``
could have made (a deputy title's holders count among the unit's current deputies, a holding and a
candidacy of one cadre share the cadre's eligibility...). A world built for a *choice* of
``conflicts.py`` also says what the runtime changes when it asks "what if" (``views``):

- ``plan_size`` (a title's plan size ``v`` ∈ 0..top): the title's candidate_count becomes ``v`` and,
  for a deputy title, the unit's deputies_planned too;
- ``membership`` (cadre in a title's plan, ``v`` ∈ {no, yes}): the candidacy fact exists iff ``v``,
  and the holder's planned_same_or_higher is recomputed;
- ``nomination`` (who drew up the list, over its two values) and ``proceeds`` (a vote's ``proceeded``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import z3

from hiepy_rules.analysis.encode import Compiled, Records, Scope, in_force, in_scope
from hiepy_rules.analysis.formulas import conj, disj, neg
from hiepy_rules.analysis.slots import FALSE, TITLE_PART, TRUE, Slot, Symbols, Val, VarInfo
from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.factset import build_facts
from hiepy_rules.compile.ir import All, Any_, C, Cmp, Neg, Record, walk
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.schema.cadre import Cadre
from hiepy_rules.schema.proposal import Proposal

TOP = 64  # conflicts._choices: a plan size ranges over 0..min(max(ints) + 2, 64)


CADRE_FIELDS = ("cadre", "eligible", "can_serve_full_term", "disciplined", "political_standard_ok", "source")


@dataclass
class World:
    """A symbolic proposal, and (for a choice) its "what if" views."""

    sym: Symbols
    unit: Slot
    real: dict[str, Slot]  # by kind of subject they serve
    choice: str | None = None
    values: tuple[Any, ...] = (None,)
    guard: Callable[[Any], z3.BoolRef] = lambda _v: TRUE
    exists: z3.BoolRef = TRUE  # the choice exists in this proposal (runtime enumerates it)
    change: Callable[[Any], dict[str, Slot]] | None = None
    top: z3.ArithRef | None = None
    extra: list[z3.BoolRef] = field(default_factory=list)
    top_axioms: list[z3.BoolRef] = field(default_factory=list)  # ties top to every integer (kept apart)

    def views(self, v: Any) -> dict[str, Slot]:
        base = {"unit": self.unit, **self.real}
        if self.change is None or v is None:
            return base
        return {**base, **self.change(v)}

    def records(self, views: dict[str, Slot]) -> Records:
        def of(kind: str) -> list[Slot]:
            own = [s for k, s in sorted(views.items()) if s.kind == kind and k == s.kind]
            return own + self.sym.phantoms.get(kind, [])

        return of

    def scope(self, x: Compiled, views: dict[str, Slot]) -> Scope:
        subject = views.get(x.subject)
        if subject is None:  # a kind this world has no fact of: nothing applies
            subject = Slot(self.sym, "none", x.subject, x.subject, FALSE)
        return Scope(subject, views["unit"], self.records(views))

    def in_program(self, x: Compiled) -> z3.BoolRef:
        return conj(in_force(self.sym, x.pack, x.provision), in_scope(x.pack, self.unit))

    def prepare(self, xs: Iterable[Compiled]) -> None:
        """One phantom record per record test of the provisions asked about."""
        for x in xs:
            for r in record_atoms(x.cp.when, x.cp.rule):
                if r.kind in FACT_SCHEMA and r.kind != "unit":
                    self.sym.phantom(r.kind)

    def finish(self, xs: Iterable[Compiled]) -> None:
        """The plan-size domain's top, once every integer of the world exists."""
        if self.top is None:
            return
        top = self.top
        ax = [top <= TOP, top >= 2]
        # top ≥ min(x + 2, 64) for every integer x a fact carries, as a disjunction (no If: qe likes it)
        for s in [self.unit, *self.real.values(), *(p for ps in self.sym.phantoms.values() for p in ps)]:
            for val in s._vals.values():
                if val.type == "int" and z3.is_const(val.expr):
                    ax.append(disj(neg(s.present), neg(val.known), top >= TOP, top >= val.expr + 2))
        lits = [lit for x in xs for lit in int_literals(x.cp.when, x.cp.rule)]
        ax.append(top >= min(max([0, *lits]) + 2, TOP))
        self.top_axioms = ax


def record_atoms(when: Iterable[C], rule: C | None) -> list[Record]:
    out: list[Record] = []
    todo: list[C] = [*when, *([rule] if rule is not None else [])]
    while todo:
        c = todo.pop(0)
        if isinstance(c, Record):
            out.append(c)
        elif isinstance(c, (All, Any_)):
            todo += c.items
        elif isinstance(c, Neg):
            todo.append(c.item)
    return out


def int_literals(when: Iterable[C], rule: C | None) -> list[int]:
    return [
        c.value
        for c in walk(*when, rule, records=True)
        if isinstance(c, Cmp) and isinstance(c.value, int) and not isinstance(c.value, bool)
    ]


def natural_top(data: dict[str, Any], rs: RuleSet) -> int:
    """conflicts._choices' top for this proposal: its integers and the literals of its program."""
    p = Proposal.model_validate(data)
    facts = build_facts(p)
    program = program_for(rs, p.date, facts[0])
    ints = [v for f in facts for v in f.values() if isinstance(v, int) and not isinstance(v, bool)]
    ints += [lit for cp in program.provisions for lit in int_literals(cp.when, cp.rule)]
    return min(max([0, *ints]) + 2, TOP)


def _flag(sym: Symbols, slot: str, kind: str, name: str) -> z3.BoolRef:
    b = z3.Bool(f"{slot}.{name}")
    sym.info[f"{slot}.{name}"] = VarInfo(slot, kind, name, None)
    return b


# --- worlds ---------------------------------------------------------------------------------------


def unit_world(sym: Symbols) -> World:
    return World(sym, sym.slot("unit", "unit"), {})


def title_world(sym: Symbols, *, choice: bool = False) -> World:
    """The unit and one title; as a choice, the title's plan size."""
    u = sym.slot("unit", "unit")
    t = sym.slot("title", "title")
    deputy = t.enum("role", "deputy")
    sym.axioms += [
        u.e("external_candidates") >= t.e("external_candidate_count"),
        z3.Implies(deputy, conj(u.e("current_deputies") >= t.e("holder_count"))),
        z3.Implies(deputy, u.e("deputies_planned") >= t.e("candidate_count")),
    ]
    w = World(sym, u, {"title": t})
    if choice:
        top = z3.Int("top")
        sym.info["top"] = VarInfo("", "", "top", None)

        def change(v: Any) -> dict[str, Slot]:
            n = v if z3.is_expr(v) else z3.IntVal(v)
            return {
                "title": t.view(candidate_count=Val(n, TRUE, "int")),
                "unit": u.view(deputies_planned=Val(z3.If(deputy, n, u.e("deputies_planned")), TRUE, "int")),
            }

        w.choice, w.values, w.top, w.change = "plan_size", tuple(range(TOP + 1)), top, change
        w.guard = lambda v: top >= v
    return w


def membership_world(sym: Symbols, *, choice: bool = False, member: bool | None = None) -> World:
    """The unit, a cadre's candidacy for a title, and the title the cadre holds (if any)."""
    u = sym.slot("unit", "unit")
    m = _flag(sym, "candidacy", "candidacy", "in_plan") if member is None else z3.BoolVal(member)
    c = sym.slot("candidacy", "candidacy", present=m)
    holds = _flag(sym, "holding", "holding", "held")
    h = sym.slot("holding", "holding", present=holds, aliases={f: c for f in CADRE_FIELDS})
    same = _flag(sym, "holding", "holding", "same_title")
    other = _flag(sym, "holding", "holding", "planned_elsewhere")
    lb = c.get("levels_below")
    ax = sym.axioms
    inc = c.e("incumbent")
    ax += [inc == conj(holds, same), z3.Implies(same, holds)]
    for f in TITLE_PART:
        if f != "title" and f in h.fields and f in c.fields:
            ax.append(z3.Implies(same, h.e(f) == c.e(f)))
    if lb is not None:
        # the title held sits levels_below under the title planned: one variable, not two
        h.set("level", Val(z3.If(holds, c.e("level") + lb.expr, h.e("level")), TRUE, "int"))
        ax.append(z3.Implies(holds, lb.known))
        if "current_level" not in Cadre.model_fields:  # no post outside the unit: known iff held
            ax.append(lb.known == holds)

    def title_ids() -> list[z3.BoolRef]:
        a, b = h.get("title"), c.get("title")
        assert a is not None and b is not None
        return [z3.Implies(same, a.expr == b.expr), z3.Implies(neg(same), a.expr != b.expr)]

    sym.hooks.setdefault(("holding", "title"), []).append(title_ids)
    sym.hooks.setdefault(("candidacy", "title"), []).append(lambda: [])

    def psoh(planned: z3.BoolRef) -> z3.BoolRef:
        return conj(holds, disj(conj(planned, c.e("level") <= h.e("level")), other))

    if "planned_same_or_higher" in h.fields:
        h.set("planned_same_or_higher", Val(psoh(m), TRUE, "bool"))
    external = c.enum("source", "external") if "source" in c.fields else FALSE
    ax += [
        z3.Implies(conj(holds, h.enum("role", "deputy")), u.e("current_deputies") >= 1),
        z3.Implies(conj(m, c.enum("role", "deputy")), u.e("deputies_planned") >= 1),
        z3.Implies(conj(disj(m, conj(holds, other)), external), u.e("external_candidates") >= 1),
        z3.Implies(other, holds),
    ]
    w = World(sym, u, {"candidacy": c, "holding": h})
    if choice:

        def change(v: Any) -> dict[str, Slot]:
            b = z3.BoolVal(v)
            views = {"candidacy": c.view(present=b)}
            if "planned_same_or_higher" in h.fields:
                views["holding"] = h.view(planned_same_or_higher=Val(psoh(b), TRUE, "bool"))
            return views

        w.choice, w.values, w.change = "membership", (False, True), change
        w.exists = disj(inc, m)
    return w


def vote_world(sym: Symbols, *, choice: bool = False) -> World:
    u = sym.slot("unit", "unit")
    v = sym.slot("vote", "vote")
    w = World(sym, u, {"vote": v})
    if choice:
        w.choice, w.values = "proceeds", (False, True)
        w.change = lambda x: {"vote": v.view(proceeded=Val(z3.BoolVal(x), TRUE, "bool"))}
    return w


def nomination_world(sym: Symbols, *, choice: bool = False) -> World:
    u = sym.slot("unit", "unit")
    w = World(sym, u, {})
    nom = u.get("nomination_by")
    if choice and nom is not None:
        w.choice, w.values = "nomination", nom.values
        w.change = lambda x: {
            "unit": u.view(nomination_by=Val(z3.IntVal(nom.values.index(x)), TRUE, "enum", nom.values))
        }
        w.exists = nom.known
    return w


ADVANCEMENT = ("none", "same", "higher")


def advancement_world(sym: Symbols, *, choice: bool = False) -> World:
    """A cadre's confidence vote; as a choice, whether the dossier plans the cadre higher, the same, or neither."""
    u = sym.slot("unit", "unit")
    cv = sym.slot("confidence_vote", "confidence_vote")
    w = World(sym, u, {"confidence_vote": cv})
    ph = cv.get("planned_higher")
    if choice and ph is not None and cv.get("planned_same_or_higher") is not None:

        def change(v: Any) -> dict[str, Slot]:
            return {
                "confidence_vote": cv.view(
                    planned_higher=Val(z3.BoolVal(v == "higher"), TRUE, "bool"),
                    planned_same_or_higher=Val(z3.BoolVal(v != "none"), TRUE, "bool"),
                )
            }

        w.choice, w.values, w.change, w.exists = "advancement", ADVANCEMENT, change, ph.known
    return w


def kind_world(sym: Symbols, kind: str) -> World:
    """The smallest world with a fact of ``kind`` (a base kind) to evaluate provisions on."""
    if kind == "unit":
        return unit_world(sym)
    if kind == "title":
        return title_world(sym)
    if kind == "candidacy":
        return membership_world(sym, member=True)
    if kind == "holding":
        w = membership_world(sym)
        sym.axioms.append(w.real["holding"].present)
        return w
    if kind == "vote":
        return vote_world(sym)
    u = sym.slot("unit", "unit")
    s = sym.slot(kind, kind)
    return World(sym, u, {kind: s})
