"""The constants of z3 terms, keyed by AST id and memoised (worlds repeat the same terms)."""

from __future__ import annotations

import z3


class VarSet(dict[int, z3.ExprRef]):
    """z3 constants by AST id (z3's ``==`` builds a formula, so sets of terms are keyed by id)."""

    def __or__(self, other: dict[int, z3.ExprRef]) -> VarSet:  # type: ignore[override]
        return VarSet({**self, **other})


_VARS: dict[int, tuple[z3.ExprRef, VarSet]] = {}


def constants_of(e: z3.ExprRef) -> VarSet:
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
