"""The meaning of ``logic.py`` as z3 formulas over symbolic facts (the slots of ``slots``).

A condition becomes a pair of formulas ``(is_true, is_false)``; neither holding is *unknown*,
exactly as Kleene's logic in ``logic.py``; comparisons follow ``compare``. A provision's outcomes
(``logic.outcome``) and the choice of provisions a proposal is judged by (``compile.program_for``)
follow. Records (``record``/``no_record``) range over the slots of the record's kind plus one
*phantom* record per record test: a test that holds in a real proposal has a record that makes it
hold, and that record can stand for the phantom (docs/analysis.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import z3

from hiepy_rules.analysis.compare import compare_literal, eq_values, order_values
from hiepy_rules.analysis.formulas import conj, disj, neg
from hiepy_rules.analysis.slots import FALSE, TRUE, UNKNOWN, Slot, Symbols, Tri, Val
from hiepy_rules.compile.compiler import _literal
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Record, walk
from hiepy_rules.load.ruleset import Pack
from hiepy_rules.schema.provision import Provision

# --- conditions ----------------------------------------------------------------------------------

Records = Callable[[str], list[Slot]]


@dataclass
class Scope:
    """Where a condition is read: the subject fact, the unit, and the records it may see."""

    subject: Slot
    unit: Slot
    records: Records


def _field(c_field: str, sc: Scope) -> Val | None:
    if c_field.startswith("unit."):
        return sc.unit.get(c_field[5:])
    return sc.subject.get(c_field)


def tri(c: C, sc: Scope) -> Tri:
    sym = sc.subject.sym
    if isinstance(c, Cmp):
        a = _field(c.field, sc)
        if a is None or c.value is None:
            return UNKNOWN
        cmp = compare_literal(sym, a, c.op, c.value)
        return conj(a.known, cmp), conj(a.known, neg(cmp))
    if isinstance(c, CmpField):
        a, b = _field(c.field, sc), _field(c.other, sc)
        if a is None or b is None:
            return UNKNOWN
        if c.times != 1:
            if b.type == "int":
                b = Val(b.expr * c.times, b.known, "int")
            elif b.type == "bool":
                b = Val(z3.If(b.expr, c.times, 0), b.known, "int")
            else:
                cmp = sym.approximate("`times` on a field that is not a number")
                both = conj(a.known, b.known)
                return conj(both, cmp), conj(both, neg(cmp))
        if c.op in ("eq", "ne", "in", "not_in"):
            cmp = eq_values(sym, a, b)
            if c.op in ("ne", "not_in"):
                cmp = neg(cmp)
            if c.op in ("in", "not_in"):
                cmp = sym.approximate("`in` against another fact")
        else:
            cmp = order_values(sym, c.op, a, b)
        both = conj(a.known, b.known)
        return conj(both, cmp), conj(both, neg(cmp))
    if isinstance(c, All):
        parts = [tri(x, sc) for x in c.items]
        return conj([p[0] for p in parts]), disj([p[1] for p in parts])
    if isinstance(c, Any_):
        parts = [tri(x, sc) for x in c.items]
        return disj([p[0] for p in parts]), conj([p[1] for p in parts])
    if isinstance(c, Neg):
        t, f = tri(c.item, sc)
        return f, t
    if isinstance(c, Record):
        e = record_exists(c, sc)
        return (e, neg(e)) if c.exists else (neg(e), e)
    raise TypeError(f"unknown condition {c!r}")


def record_exists(c: Record, sc: Scope) -> z3.BoolRef:
    """Some record of the kind agrees with the subject on the match keys and meets ``where``."""
    if c.kind not in FACT_SCHEMA:
        return FALSE
    options = []
    for r in sc.records(c.kind):
        conds = [r.present]
        for k in c.match:
            a, b = sc.subject.get(k), r.get(k)
            if a is None or b is None:
                conds = [FALSE]
                break
            conds += [a.known, b.known, eq_values(sc.subject.sym, a, b)]
        for w in c.where:
            conds.append(tri(w, Scope(r, sc.unit, sc.records))[0])
        options.append(conj(conds))
    return disj(options) if options else FALSE


def record_tests(cp: CompiledProvision) -> list[Record]:
    out = []
    for c in [*cp.when, *([cp.rule] if cp.rule is not None else [])]:
        if isinstance(c, Record):
            out.append(c)
    return out


# --- outcomes (logic.outcome) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcomes:
    """A provision's outcomes on one slot, as formulas."""

    when_true: z3.BoolRef
    when_false: z3.BoolRef
    rule: Tri

    @property
    def applies(self) -> z3.BoolRef:
        return neg(self.when_false)


def outcomes(cp: CompiledProvision, sc: Scope) -> Outcomes:
    parts = [tri(c, sc) for c in cp.when]
    wt = conj([p[0] for p in parts]) if parts else TRUE
    wf = disj([p[1] for p in parts]) if parts else FALSE
    rule = tri(cp.rule, sc) if cp.rule is not None else UNKNOWN
    wt = conj(sc.subject.present, wt)
    return Outcomes(wt, disj(neg(sc.subject.present), wf), rule)


def violated(cp: CompiledProvision, sc: Scope) -> z3.BoolRef:
    """``violated`` on the subject: when true and the rule false (``must``) or true (``must_not``)."""
    if cp.unconfigured or cp.rule is None or cp.modality not in ("must", "must_not"):
        return FALSE
    o = outcomes(cp, sc)
    return conj(o.when_true, o.rule[1] if cp.modality == "must" else o.rule[0])


def permitted(cp: CompiledProvision, sc: Scope) -> z3.BoolRef:
    if cp.unconfigured or cp.rule is None or cp.modality != "may":
        return FALSE
    o = outcomes(cp, sc)
    return conj(o.when_true, o.rule[0])


def advised(cp: CompiledProvision, sc: Scope) -> z3.BoolRef:
    if cp.unconfigured or cp.rule is None or cp.modality != "should":
        return FALSE
    o = outcomes(cp, sc)
    return conj(o.when_true, o.rule[1])


def complies(cp: CompiledProvision, sc: Scope) -> z3.BoolRef:
    """The provision applies (when true) and its condition is met, as far as it asks."""
    o = outcomes(cp, sc)
    if cp.modality == "must_not":
        return conj(o.when_true, o.rule[1])
    return conj(o.when_true, o.rule[0])


# --- which provisions a proposal is judged by (compile.program_for) -------------------------------


def in_force(sym: Symbols, pack: Pack, p: Provision) -> z3.BoolRef:
    out = []
    for f in (pack.manifest.in_force, pack.in_force(p)):
        out.append(sym.day >= f.from_.toordinal())
        if f.until is not None:
            out.append(sym.day < f.until.toordinal())
    return conj(out)


def in_scope(pack: Pack, unit: Slot) -> z3.BoolRef:
    """The pack's scope, two-valued: an unknown scope fact means the pack does not apply."""
    sc = Scope(unit, unit, lambda _k: [])
    conds = [tri(Cmp(t.fact.removeprefix("unit."), t.op, _literal(t.value)), sc)[0] for t in pack.manifest.scope.when]
    return conj(conds) if conds else TRUE


def literals(cps: Iterable[CompiledProvision]) -> set[str]:
    """Every text literal of the provisions (the table of text codes)."""
    chars: set[str] = set()
    for cp in cps:
        for c in walk(*cp.when, cp.rule, records=True):
            if isinstance(c, Cmp):
                vals = c.value if isinstance(c.value, tuple) else (c.value,)
                chars.update(v for v in vals if isinstance(v, str))
    return chars


@dataclass
class Compiled:
    """A provision with its pack, as the analysis reads it."""

    pack: Pack
    provision: Provision
    cp: CompiledProvision
    reads: frozenset[str] = field(default_factory=frozenset)
    rule_reads: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return self.cp.id

    @property
    def subject(self) -> str:
        return self.cp.subject

    @property
    def obligation(self) -> bool:
        return self.cp.modality in ("must", "must_not") and not self.cp.unconfigured and self.cp.rule is not None
