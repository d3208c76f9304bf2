"""Pydantic validation of a positioned YAML document, with each error at its line and column."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.pydantic_words import clean_location, fields_of, path_text, words
from hiepy_rules.yamlio import Document, PathKey

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
        line, col = doc.where(prefix)
        more = len(errors) - MAX_PROBLEMS
        vi, en = f"còn {more} lỗi nữa không hiện ra", f"{more} more schema errors not shown"
        out.append(Problem(doc.file, line, col, "error", vi, "schema", en))
    for err in errors[:MAX_PROBLEMS]:
        loc, parent = clean_location(model, err["loc"])
        path = prefix + loc
        kind = err["type"]
        # an unknown field points at its key; a missing one at the mapping that lacks it
        if kind == "extra_forbidden":
            line, col = doc.where(path, key=True)
        elif kind == "missing":
            line, col = doc.where(path[:-1])
        else:
            line, col = doc.where(path)
        field = path_text(loc)
        vi, en = words(err, field, fields_of(parent))
        if field and kind not in ("extra_forbidden", "missing"):
            vi, en = f"{field}: {vi}", f"{field}: {en}"
        elif kind in ("extra_forbidden", "missing") and len(loc) > 1:
            where = path_text(loc[:-1])
            vi, en = f"{where}: {vi}", f"{where}: {en}"
        out.append(Problem(doc.file, line, col, "error", vi, "schema", en))
    return sorted(set(out))


def validate(model: type[M], doc: Document, data: Any | None = None, prefix: PathKey = ()) -> M:
    """``model`` built from the document's data, or an ``InputError`` listing every problem."""
    payload = doc.data if data is None else data
    if not isinstance(payload, dict):
        line, col = doc.where(prefix)
        kind = type(payload).__name__ if payload is not None else "nothing"
        vi = f"đầu tệp phải là một bảng 'khóa: giá trị', không phải {_KINDS_VI.get(kind, kind)}"
        en = f"expected a mapping at the top, found {kind}"
        raise InputError.at(doc.file, line, col, vi, "schema", en=en)
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, prefix, model)) from None


_KINDS_VI = {"nothing": "tệp rỗng", "list": "một danh sách", "str": "một dòng chữ", "int": "một số"}
