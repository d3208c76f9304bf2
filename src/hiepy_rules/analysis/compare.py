"""Comparisons with Python's meaning (``logic.compare``) as z3 formulas over slot values.

``==`` is Python's equality across the field's type; an ill-typed order comparison is false. Text
is decided by equality and order only, through the codes of ``Symbols`` (docs/analysis.md, "text");
what the fragment cannot decide becomes a free Boolean (``Symbols.approximate``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import z3

from hiepy_rules.analysis.formulas import conj, disj, neg
from hiepy_rules.analysis.slots import FALSE, Symbols, Val


def _iso_day(v: Any) -> int | None:
    if not isinstance(v, str):
        return None
    try:
        d = dt.date.fromisoformat(v)
    except ValueError:
        return None
    return d.toordinal() if d.isoformat() == v else None


def eq_literal(sym: Symbols, a: Val, lit: Any) -> z3.BoolRef:
    """``a == lit`` as Python decides it for the field's values."""
    if a.type == "bool":
        if isinstance(lit, bool):
            return a.expr == lit
        if isinstance(lit, int) and lit in (0, 1):
            return a.expr == bool(lit)
        return FALSE
    if a.type == "int":
        if isinstance(lit, int):
            return a.expr == int(lit)
        return FALSE
    if a.type == "enum":
        return a.expr == a.values.index(lit) if isinstance(lit, str) and lit in a.values else FALSE
    if a.type == "str":
        if not isinstance(lit, str):
            return FALSE
        code = sym.code(lit)
        return a.expr == code if code is not None else sym.approximate("a text literal outside the table")
    day = _iso_day(lit)
    return a.expr == day if day is not None else FALSE


def order_literal(sym: Symbols, a: Val, op: str, lit: Any) -> z3.BoolRef:
    if isinstance(lit, bool) or a.type == "bool":
        return FALSE
    if a.type == "int":
        return _order(op, a.expr, lit) if isinstance(lit, int) else FALSE
    if not isinstance(lit, str):
        return FALSE
    if a.type == "enum":
        ok = [i for i, v in enumerate(a.values) if _py_order(op, v, lit)]
        return disj([a.expr == i for i in ok]) if ok else FALSE
    if a.type == "str":
        code = sym.code(lit)
        return _order(op, a.expr, code) if code is not None else sym.approximate("a text literal outside the table")
    day = _iso_day(lit)
    if day is not None:
        return _order(op, a.expr, day)
    return sym.approximate("an order comparison of a date with text that is not an ISO date")


def _py_order(op: str, a: Any, b: Any) -> bool:
    return bool({"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op])


def _order(op: str, a: Any, b: Any) -> z3.BoolRef:
    return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]


def compare_literal(sym: Symbols, a: Val, op: str, lit: Any) -> z3.BoolRef:
    if op == "eq":
        return eq_literal(sym, a, lit)
    if op == "ne":
        return neg(eq_literal(sym, a, lit))
    if op in ("in", "not_in"):
        items = lit if isinstance(lit, (tuple, list)) else ()
        if not isinstance(lit, (tuple, list)):
            return sym.approximate("`in` with a value that is not a list")
        inside = disj([eq_literal(sym, a, x) for x in items]) if items else FALSE
        return inside if op == "in" else neg(inside)
    return order_literal(sym, a, op, lit)


def eq_values(sym: Symbols, a: Val, b: Val) -> z3.BoolRef:
    """``a == b`` for two fields (record keys, ``{fact: G}``)."""
    ta, tb = a.type, b.type
    if ta == tb and ta in ("bool", "int", "str", "date"):
        return a.expr == b.expr
    if {ta, tb} == {"int", "bool"}:
        i, bo = (a, b) if ta == "int" else (b, a)
        return i.expr == z3.If(bo.expr, 1, 0)
    if ta == "enum" and tb == "enum":
        pairs = [(i, j) for i, x in enumerate(a.values) for j, y in enumerate(b.values) if x == y]
        return disj([conj(a.expr == i, b.expr == j) for i, j in pairs]) if pairs else FALSE
    if {ta, tb} == {"enum", "str"}:
        e, s = (a, b) if ta == "enum" else (b, a)
        return disj([conj(e.expr == i, s.expr == sym.codes[v]) for i, v in enumerate(e.values)])
    if "date" in (ta, tb) and {ta, tb} & {"str", "enum"}:
        return sym.approximate("a date compared with a text field")
    return FALSE


def order_values(sym: Symbols, op: str, a: Val, b: Val) -> z3.BoolRef:
    ta, tb = a.type, b.type
    if "bool" in (ta, tb):
        return FALSE
    if ta == tb and ta in ("int", "str", "date"):
        return _order(op, a.expr, b.expr)
    if ta == "enum" and tb == "enum":
        pairs = [(i, j) for i, x in enumerate(a.values) for j, y in enumerate(b.values) if _py_order(op, x, y)]
        return disj([conj(a.expr == i, b.expr == j) for i, j in pairs]) if pairs else FALSE
    if {ta, tb} == {"enum", "str"}:
        if ta == "enum":
            return disj([conj(a.expr == i, _order(op, sym.codes[v], b.expr)) for i, v in enumerate(a.values)])
        return disj([conj(b.expr == i, _order(op, a.expr, sym.codes[v])) for i, v in enumerate(b.values)])
    if "date" in (ta, tb) and {ta, tb} & {"str", "enum"}:
        return sym.approximate("a date ordered against a text field")
    return FALSE
