"""Pydantic validation of a positioned YAML document, with each error at its line and column."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.yamlio import Document, PathKey

M = TypeVar("M", bound=BaseModel)


def _message(err: Any) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "extra_forbidden":
        return f"unknown field {loc[-1]!r}"
    if kind == "missing":
        return f"missing required field {loc[-1]!r}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    field = ".".join(str(p) for p in loc if not _is_union_tag(p))
    return f"{field}: {msg}" if field else msg


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the union member's name into `loc` ("function-after[...]", "int", ...)
    return isinstance(part, str) and ("[" in part or part in ("int", "str", "bool", "float", "date"))


#: more errors than this in one file are counted, not listed (a 400 000-item list stays fast)
MAX_PROBLEMS = 100


def problems_from(exc: ValidationError, doc: Document, prefix: PathKey = ()) -> list[Problem]:
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    if len(errors) > MAX_PROBLEMS:
        more = len(errors) - MAX_PROBLEMS
        out.append(doc.problem(prefix, f"{more} more schema errors not shown"))
    for err in errors[:MAX_PROBLEMS]:
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        path = prefix + loc
        kind = err["type"]
        # an unknown field points at its key; a missing one at the mapping that lacks it
        if kind == "extra_forbidden":
            out.append(doc.problem(path, _message(err), key=True))
        elif kind == "missing":
            out.append(doc.problem(path[:-1], _message(err)))
        else:
            out.append(doc.problem(path, _message(err)))
    return sorted(set(out))


def validate(model: type[M], doc: Document, data: Any | None = None, prefix: PathKey = ()) -> M:
    """``model`` built from the document's data, or an ``InputError`` listing every problem."""
    payload = doc.data if data is None else data
    if not isinstance(payload, dict):
        kind = type(payload).__name__ if payload is not None else "nothing"
        raise doc.error(prefix, f"expected a mapping at the top, found {kind}")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, prefix)) from None
