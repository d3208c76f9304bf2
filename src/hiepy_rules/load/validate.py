"""Pydantic validation of a positioned YAML document, with each error at its line and column."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.load.document import Document, PathKey
from hiepy_rules.schema.pydantic_words import clean_location, fields_of, path_text, words

M = TypeVar("M", bound=BaseModel)


#: more errors than this in one file are counted, not listed (a 400 000-item list stays fast)
MAX_PROBLEMS = 100


def problems_from(
    exc: ValidationError, doc: Document, prefix: PathKey = (), model: type[BaseModel] | None = None
) -> list[Problem]:
    """One problem per pydantic error, in people's words (``pydantic_words``), at the value's position."""
    if model is None:
        model = BaseModel
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    if len(errors) > MAX_PROBLEMS:
        more = len(errors) - MAX_PROBLEMS
        out.append(doc.problem(prefix, f"còn {more} lỗi nữa không hiện ra", en=f"{more} more schema errors not shown"))
    for err in errors[:MAX_PROBLEMS]:
        loc, parent = clean_location(model, err["loc"])
        path = prefix + loc
        kind = err["type"]
        field = path_text(loc)
        vi, en = words(err, field, fields_of(parent))
        if field and kind not in ("extra_forbidden", "missing"):
            vi, en = f"{field}: {vi}", f"{field}: {en}"
        elif kind in ("extra_forbidden", "missing") and len(loc) > 1:
            where = path_text(loc[:-1])
            vi, en = f"{where}: {vi}", f"{where}: {en}"
        # an unknown field points at its key; a missing one at the mapping that lacks it
        if kind == "extra_forbidden":
            out.append(doc.problem(path, vi, key=True, en=en))
        elif kind == "missing":
            out.append(doc.problem(path[:-1], vi, en=en))
        else:
            out.append(doc.problem(path, vi, en=en))
    return sorted(set(out))


def validate(model: type[M], doc: Document, data: Any | None = None, prefix: PathKey = ()) -> M:
    """``model`` built from the document's data, or an ``InputError`` listing every problem."""
    payload = doc.data if data is None else data
    if not isinstance(payload, dict):
        kind = type(payload).__name__ if payload is not None else "nothing"
        vi = f"đầu tệp phải là một bảng 'khóa: giá trị', không phải {_KINDS_VI.get(kind, kind)}"
        en = f"expected a mapping at the top, found {kind}"
        raise doc.error(prefix, vi, en=en)
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, prefix, model)) from None


_KINDS_VI = {"nothing": "tệp rỗng", "list": "một danh sách", "str": "một dòng chữ", "int": "một số"}
