"""And, Or and Not of Boolean terms, built through z3's C API.

z3's own ``And`` passes every argument through a dozen Python wrappers (context, sort, coercion)
before the one C call that builds the term; the analysis builds thousands of conjunctions and
that was a fifth of ``hiepy conflicts``' time. These make the same C call on the same arguments,
so they give the same term (z3 shares equal terms: the same AST, id and printing). Anything but
Boolean terms of the main context (Python booleans, probes, another context) goes to z3's own
functions.
"""

from __future__ import annotations

from collections.abc import Iterator

import z3
from z3 import z3core

_CTX = z3.main_ctx()
_AST = z3.Ast


def _terms(args: tuple[object, ...]) -> list[z3.BoolRef] | None:
    """The arguments as z3 takes them (one list, tuple, set or iterator, or several), if all are
    Boolean terms of the main context; else None."""
    one = len(args) == 1 and isinstance(args[0], (list, tuple, set, Iterator, z3.AstVector))
    xs: list[z3.BoolRef] = list(args[0] if one else args)  # type: ignore[call-overload]
    for x in xs:
        if not isinstance(x, z3.BoolRef) or x.ctx is not _CTX:
            return None
    return xs


def _array(xs: list[z3.BoolRef]) -> object:
    return (_AST * len(xs))(*[x.as_ast() for x in xs])


def conj(*args: object) -> z3.BoolRef:
    """``z3.And(*args)``."""
    xs = _terms(args)
    if xs is None:
        return z3.And(*args)
    return z3.BoolRef(z3core.Z3_mk_and(_CTX.ref(), len(xs), _array(xs)), _CTX)


def disj(*args: object) -> z3.BoolRef:
    """``z3.Or(*args)``."""
    xs = _terms(args)
    if xs is None:
        return z3.Or(*args)
    return z3.BoolRef(z3core.Z3_mk_or(_CTX.ref(), len(xs), _array(xs)), _CTX)


def neg(a: object) -> z3.BoolRef:
    """``z3.Not(a)``."""
    if not isinstance(a, z3.BoolRef) or a.ctx is not _CTX:
        return z3.Not(a)
    return z3.BoolRef(z3core.Z3_mk_not(_CTX.ref(), a.as_ast()), _CTX)
