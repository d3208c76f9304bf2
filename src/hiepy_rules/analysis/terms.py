"""Reading z3 terms: their constants (keyed by AST id, memoised: worlds repeat the same terms),
constants' names, Boolean atoms, quantifiers."""

from __future__ import annotations

import z3
from z3 import z3core


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


# The walk reads z3's C API directly: through the Python objects (``children()``, ``is_const``)
# every node cost several wrapper objects, a large part of ``hiepy conflicts``' time.
# The raw ASTs are borrowed from ``e``, which the caller keeps alive for the walk.
_KIND = z3core.Z3_get_ast_kind
_ID = z3core.Z3_get_ast_id
_NARGS = z3core.Z3_get_app_num_args
_ARG = z3core.Z3_get_app_arg
_DECL = z3core.Z3_get_app_decl
_DECL_KIND = z3core.Z3_get_decl_kind
_BODY = z3core.Z3_get_quantifier_body
_SORT = z3core.Z3_get_sort
_SORT_KIND = z3core.Z3_get_sort_kind
# z3's own wrapper of a raw AST as the typed term (ArithRef, BoolRef...), holding its own reference;
# not exported by z3, but what every z3 function returning a term calls
_expr = z3.z3._to_expr_ref
_CONNECTIVES = {z3.Z3_OP_AND, z3.Z3_OP_OR, z3.Z3_OP_NOT, z3.Z3_OP_IMPLIES}


def _collect(e: z3.ExprRef) -> VarSet:
    ctx = e.ctx
    ref = ctx.ref()
    out = VarSet()
    todo = [e.as_ast()]
    seen: set[int] = set()
    while todo:
        a = todo.pop()
        i = _ID(ref, a)
        if i in seen:
            continue
        seen.add(i)
        known = _VARS.get(i)
        if known is not None:  # a sub-term already walked (an axiom inside a conjunction of them)
            out.update(known[1])
            continue
        kind = _KIND(ref, a)
        if kind == z3.Z3_APP_AST:
            n = _NARGS(ref, a)
            if n == 0:
                if _DECL_KIND(ref, _DECL(ref, a)) == z3.Z3_OP_UNINTERPRETED:
                    out[i] = _expr(a, ctx)
            else:
                todo.extend(_ARG(ref, a, j) for j in range(n))
        elif kind == z3.Z3_QUANTIFIER_AST:
            todo.append(_BODY(ref, a))
    return out


def const_name(v: z3.ExprRef) -> str:
    """A constant's name: what ``str`` prints for it, without z3's pretty-printer."""
    return str(v.decl().name())


def has_quantifier(e: z3.ExprRef) -> bool:
    ref = e.ctx.ref()
    todo = [e.as_ast()]
    while todo:
        a = todo.pop()
        kind = _KIND(ref, a)
        if kind == z3.Z3_QUANTIFIER_AST:
            return True
        if kind == z3.Z3_APP_AST:
            todo.extend(_ARG(ref, a, j) for j in range(_NARGS(ref, a)))
    return False


def bool_atoms(e: z3.ExprRef) -> list[z3.BoolRef]:
    """The Boolean atoms of a formula, by AST id: what is under and, or, not, implies and ``=``
    of Booleans, except true and false (in no particular order)."""
    ctx = e.ctx
    ref = ctx.ref()
    out: dict[int, z3.BoolRef] = {}
    todo = [e.as_ast()]
    while todo:
        a = todo.pop()
        kind = _KIND(ref, a)
        if kind == z3.Z3_APP_AST:
            op = _DECL_KIND(ref, _DECL(ref, a))
            n = _NARGS(ref, a)
            if op in _CONNECTIVES or (op == z3.Z3_OP_EQ and n and _is_bool(ref, _ARG(ref, a, 0))):
                todo.extend(_ARG(ref, a, j) for j in range(n))
                continue
            if op in (z3.Z3_OP_TRUE, z3.Z3_OP_FALSE):
                continue
        if _is_bool(ref, a):
            out[_ID(ref, a)] = _expr(a, ctx)
    return list(out.values())


def _is_bool(ref: object, a: object) -> bool:
    return bool(_SORT_KIND(ref, _SORT(ref, a)) == z3.Z3_BOOL_SORT)
