"""The states of one leaf test as durable-rules clauses: which patterns make it true, false or unknown.

A leaf test (``field op literal``, ``field op field``) reads one fact's own columns (``columns``);
each of its three values, and each union of them, becomes a list of alternatives of durable
clauses: the pieces ``ruleset`` assembles into a provision's patterns, one per cube of ``cubes``.
"""

from __future__ import annotations

from typing import Any

from hiepy_rules.compile.ir import Cmp, CmpField
from hiepy_rules.engine.durable.columns import (
    _DURABLE_OP,
    _NEGATE,
    MAX_OR,
    UNKNOWN,
    DurableUnsupported,
    Tri,
    _Columns,
    _e,
    _hex,
    _literal_key,
    _n,
    _o,
    _q,
    _s,
    _t,
)

# An atom is a durable test on one fact's own fields. A clause is an atom or an ``$or`` (of atoms
# and small ``$and`` groups); an alternative is a list of clauses (their conjunction); a state is a
# list of alternatives ([] impossible, [[]] always). durable caps the $and/$or groups in a pattern
# (its expression sequence holds 32 entries; each group takes two): patterns are one flat $and of
# clauses, and an alternative over the budget is split into several (``_flat``).
Atom = dict[str, Any]


Alt = list[Atom]


States = list[Alt]


def _cmp(op: str, col: str, rhs: Any) -> Atom:
    return {"$eq" if op == "eq" else _DURABLE_OP[op]: {col: rhs}}


def _ex(col: str) -> Atom:
    return {"$ex": {col: 1}}


def _any(*atoms: Atom) -> Atom:
    return atoms[0] if len(atoms) == 1 else {"$or": list(atoms)}


def _all(*atoms: Atom) -> Atom:
    return atoms[0] if len(atoms) == 1 else {"$and": list(atoms)}


def _m(col: str) -> dict[str, str]:
    return {"$m": col}


T, F, U = True, False, None


TF, TU, FU, TFU = frozenset([T, F]), frozenset([T, U]), frozenset([F, U]), frozenset([T, F, U])


def _one(*clauses: Atom) -> States:
    return [list(clauses)]


def _cmp_states(c: Cmp, cols: _Columns) -> dict[frozenset[Tri], States]:
    """The states of ``field op literal`` and of their unions, as durable clauses."""
    i = cols.of(c.field)
    e, n, s = _e(i), _n(i), _s(i)
    unknown, known = _cmp("eq", e, UNKNOWN), _cmp("ne", e, UNKNOWN)
    v, op = c.value, c.op
    if v is None:  # an unset setting: unknown whatever the fact says
        return {frozenset([U]): [[]]}
    if op in ("eq", "ne", "in", "not_in"):
        if op in ("in", "not_in"):
            if not isinstance(v, (tuple, list, set, frozenset)):
                raise DurableUnsupported(f"durable engine: {op} needs a list of values, not {v!r}")
            keys = sorted({k for x in v if (k := _literal_key(x)) is not None})
        else:
            lit = _literal_key(v)
            keys = [lit] if lit is not None else []
        chunks = [keys[k : k + MAX_OR] for k in range(0, len(keys), MAX_OR)]
        hit: States = [[_any(*(_cmp("eq", e, k) for k in chunk))] for chunk in chunks]
        miss_or_unknown: Alt = [_cmp("ne", e, k) for k in keys]
        hit_or_unknown: States = [[_any(*(_cmp("eq", e, k) for k in chunk), unknown)] for chunk in chunks] or [
            [unknown]
        ]
        yes, no = (T, F) if op in ("eq", "in") else (F, T)
        out: dict[frozenset[Tri], States] = {
            frozenset([U]): _one(unknown),
            frozenset([no]): [[*miss_or_unknown, known]],
            frozenset([no, U]): [miss_or_unknown],
            TF: _one(known),
            TFU: [[]],
        }
        if keys:
            out[frozenset([yes])] = hit
            out[frozenset([yes, U])] = hit_or_unknown
        return out
    if op not in _NEGATE:
        raise DurableUnsupported(f"durable engine: unknown operator {op}")
    neg = _NEGATE[op]
    lit_: int | str
    if isinstance(v, (bool, int)):
        col, other, lit_ = n, s, int(v)  # a string field is never ordered against a number
    elif isinstance(v, str):
        col, other, lit_ = s, n, _hex(v)  # and a number never against a string
    else:
        _literal_key(v)  # raises for floats and other unsupported literals
        return {frozenset([F]): _one(known), frozenset([U]): _one(unknown), FU: [[]]}  # a list: never ordered
    yes_, no_ = _cmp(op, col, lit_), _any(_cmp(neg, col, lit_), _ex(other))
    return {
        frozenset([T]): _one(yes_),
        frozenset([F]): _one(no_),
        frozenset([U]): _one(unknown),
        TF: _one(known),
        TU: _one(_any(yes_, unknown)),
        FU: _one(_any(_cmp(neg, col, lit_), _ex(other), unknown)),
        TFU: [[]],
    }


def _cmpfield_states(c: CmpField, cols: _Columns) -> dict[frozenset[Tri], States]:
    """The states of ``field op k × other``: numbers with numbers, strings with strings, else false.

    Both fields carry a type tag ``t`` ("n", "s", or "u" unknown; always present) and an order key
    ``o`` (``_order_key``); k × other is a precomputed key ``q`` (exact: Python's product, or the
    repeated string). durable reads a ``$m`` reference to a *missing* field as garbage (``x < y``
    and ``x > y`` both held in a test), so a reference is only ever decisive next to the tags that
    prove the field present.
    """
    if c.op not in _NEGATE:
        raise DurableUnsupported(f"durable engine: {c.op} against another field is not supported")
    i, j, k = cols.of(c.field), cols.of(c.other), c.times
    cols.typed |= {i, j}
    if k != 1:
        cols.repeats.add((j, k))
    ti, tj, ox, rhs = _t(i), _t(j), _o(i), _m(_o(j) if k == 1 else _q(j, k))
    op = "eq" if c.op in ("eq", "ne") else c.op
    neg = _NEGATE[op]
    known_x, known_y = _cmp("ne", ti, UNKNOWN), _cmp("ne", tj, UNKNOWN)
    same, differ = _cmp("eq", ti, _m(tj)), _cmp("ne", ti, _m(tj))
    x_unknown, y_unknown = _cmp("eq", ti, UNKNOWN), _cmp("eq", tj, UNKNOWN)
    hit: Alt = [known_x, same, _cmp(op, ox, rhs)]  # same type and x known: y known too
    miss: Alt = [known_x, known_y, _any(differ, _cmp(neg, ox, rhs))]
    # with y unknown a reference may read garbage, but then the fact is in the union anyway
    hit_or_unknown = _any(_all(same, _cmp(op, ox, rhs)), x_unknown, y_unknown)
    miss_or_unknown = _any(differ, _cmp(neg, ox, rhs), x_unknown, y_unknown)
    yes, no, yes_u, no_u = (hit, miss, hit_or_unknown, miss_or_unknown)
    if c.op == "ne":
        yes, no, yes_u, no_u = miss, hit, miss_or_unknown, hit_or_unknown
    return {
        frozenset([T]): [yes],
        frozenset([F]): [no],
        frozenset([U]): _one(_any(x_unknown, y_unknown)),  # both may hold: outcome sets dedupe
        TF: _one(known_x, known_y),
        TU: _one(yes_u),
        FU: _one(no_u),
        TFU: [[]],
    }
