"""Pydantic's validation errors said for people: Vietnamese and English, with what to write instead.

Pydantic's own wording ("Input should be a valid integer") never reaches a person. Each error
becomes ``(path, vi, en)``: the path in the reports' style (``titles[1].seats``), and a message
that names the fix: the closest field, value or date the user probably meant (``difflib``),
``true``/``false`` for ``có``/``yes``, a number without quotes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticCustomError

PathKey = tuple[str | int, ...]


#: a union member's name pydantic inserts into ``loc`` ("function-after[...]", "int", "date"...)
_TYPE_TAGS = {"int", "str", "bool", "float", "date", "datetime", "none", "list", "dict"}


_TRUE = {"có", "co", "yes", "y", "đúng", "dung", "on", "true", "1", "x"}


_FALSE = {"không", "khong", "no", "n", "sai", "off", "false", "0"}


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def path_text(path: Sequence[str | int]) -> str:
    """``titles[1].seats``: the reports' path style."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word``, when one is close enough to be a typo."""
    if not isinstance(word, str):
        return None
    pool = sorted(set(choices))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)]
    return close[0] if close else None


def probable_date(value: object) -> dt.date | None:
    """``1/9/2012`` → 1 September 2012: Vietnamese order, day before month."""
    if not isinstance(value, str):
        return None
    m = _DAY_FIRST.match(value)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- walking the models along an error's location ------------------------------------------------


def _flatten(tp: Any) -> list[Any]:
    """The types a value of annotation ``tp`` may take (unions and ``Annotated`` opened)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _flatten(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [t for a in typing.get_args(tp) for t in _flatten(a)]
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


@functools.cache
def _field_names(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}


def _step(candidates: list[Any], part: str | int) -> tuple[list[Any], bool]:
    """The candidates one level down and whether ``part`` is a real step (not a union member's name)."""
    flat = [t for c in candidates for t in _flatten(c)]
    if isinstance(part, int):
        items: list[Any] = []
        for t in flat:
            origin = typing.get_origin(t)
            if origin in (list, tuple, set, frozenset) or (isinstance(origin, type) and issubclass(origin, Sequence)):
                items.extend(a for a in typing.get_args(t) if a is not Ellipsis)
        return items, True
    fields = [_field_names(t)[part] for t in flat if _is_model(t) and part in _field_names(t)]
    if fields:
        return fields, True
    values = [typing.get_args(t)[1] for t in flat if typing.get_origin(t) in (dict, Mapping) and typing.get_args(t)]
    if values:
        return values, True
    named = [t for t in flat if _is_model(t) and t.__name__ == part]
    if named:
        return named, False
    if "[" in part or part in _TYPE_TAGS:
        return candidates, False
    return [], True


def clean_location(model: type[BaseModel], loc: Sequence[str | int]) -> tuple[PathKey, list[Any]]:
    """``loc`` without the union members' names pydantic inserts, and the types at its end's parent.

    A field named like a type (``date``) stays: the models, not the spelling, decide what is a field.
    """
    candidates: list[Any] = [model]
    parent: list[Any] = [model]
    out: list[str | int] = []
    for part in loc:
        nxt, real = _step(candidates, part)
        if real:
            parent = candidates
            out.append(part)
        candidates = nxt
    return tuple(out), parent


def fields_of(types_: Iterable[Any]) -> list[str]:
    return sorted({name for t in types_ for f in _flatten(t) if _is_model(f) for name in _field_names(f)})


# --- the words -------------------------------------------------------------------------------------


def _options(err: Mapping[str, Any]) -> list[str]:
    expected = str((err.get("ctx") or {}).get("expected", ""))
    return _QUOTED.findall(expected)


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def words(err: Mapping[str, Any], field: str, known_fields: Sequence[str]) -> tuple[str, str]:
    """Vietnamese and English for one pydantic error about ``field`` (a path such as ``titles[1].seats``)."""
    kind = str(err["type"])
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = field.rsplit(".", 1)[-1] if field else ""

    if kind == "hiepy":  # our own validators' bilingual words (errors.bilingual)
        return str(ctx.get("vi", "")), str(ctx.get("en", ""))
    if kind == "extra_forbidden":
        guess = did_you_mean(name.split("[")[0], known_fields)
        hint_vi = f"; có phải ý bạn là {guess!r}?" if guess else ""
        hint_en = f"; did you mean {guess!r}?" if guess else ""
        return f"trường lạ {name!r}{hint_vi}", f"unknown field {name!r}{hint_en}"
    if kind == "missing":
        return f"thiếu trường bắt buộc {name!r}", f"missing required field {name!r}"
    if kind in ("literal_error", "enum"):
        options = _options(err)
        guess = did_you_mean(value, options)
        listed = ", ".join(options)
        if guess:
            return (
                f"giá trị {_shown(value)} không hợp lệ; có phải ý bạn là {guess!r}? (các giá trị được dùng: {listed})",
                f"{_shown(value)} is not allowed; did you mean {guess!r}? (allowed: {listed})",
            )
        return (
            f"giá trị {_shown(value)} không hợp lệ; hãy viết một trong: {listed}",
            f"{_shown(value)} is not allowed; write one of: {listed}",
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        meant = probable_date(value)
        if meant is not None:
            iso = meant.isoformat()
            return (
                f"ngày {_shown(value)} phải viết theo dạng YYYY-MM-DD (năm-tháng-ngày): có lẽ là {iso}",
                f"write the date {_shown(value)} as YYYY-MM-DD (year-month-day): probably {iso}",
            )
        return (
            f"{_shown(value)} không phải là ngày; hãy viết theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2012-09-01",
            f"{_shown(value)} is not a date; write it as YYYY-MM-DD (year-month-day), e.g. 2012-09-01",
        )
    if kind in ("bool_type", "bool_parsing"):
        word = value.strip().lower() if isinstance(value, str) else None
        if word in _TRUE or word in _FALSE:
            fix = "true" if word in _TRUE else "false"
            return (
                f"hãy viết {fix} thay cho {_shown(value)} (trường có/không chỉ nhận true hoặc false)",
                f"write {fix} instead of {_shown(value)} (a yes/no field takes true or false)",
            )
        return (
            f"{_shown(value)} không phải là true hoặc false; hãy viết true (có) hoặc false (không)",
            f"{_shown(value)} is not true or false; write true or false",
        )
    if kind in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"):
        number = value.strip() if isinstance(value, str) else None
        if number is not None and re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", number):
            plain = number.replace(",", ".") if kind.startswith("float") else number
            return (
                f"hãy viết số không có dấu ngoặc kép: {name}: {plain}",
                f"write the number without quotes: {name}: {plain}",
            )
        what_vi, what_en = ("số nguyên", "a whole number") if kind.startswith("int") else ("số", "a number")
        return (
            f"{_shown(value)} không phải là {what_vi}; hãy viết {what_vi}, không có dấu ngoặc kép",
            f"{_shown(value)} is not {what_en}; write {what_en}, without quotes",
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
        vi_op = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        en_op = {
            "greater_than_equal": "at least",
            "greater_than": "greater than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return (f"{_shown(value)} nằm ngoài giới hạn: phải {vi_op} {bound}", f"{_shown(value)} must be {en_op} {bound}")
    if kind in ("string_type", "str_type"):
        return (f"{_shown(value)} phải là chữ (một chuỗi văn bản)", f"{_shown(value)} must be text (a string)")
    if kind == "string_too_short":
        return ("không được để trống", "must not be empty")
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length", "")
        return (f"quá dài: tối đa {limit}", f"too long: at most {limit}")
    if kind == "too_short":
        limit = ctx.get("min_length", "")
        return (f"quá ngắn: tối thiểu {limit} mục", f"too short: at least {limit} item(s)")
    if kind == "string_pattern_mismatch":
        return (
            f"{_shown(value)} không đúng dạng mã (không có dấu cách, dấu phẩy, dấu hai chấm, #, [ ], {{ }})",
            f"{_shown(value)} is not a valid identifier (no spaces, commas, colons, #, [ ], {{ }})",
        )
    if kind in ("list_type", "tuple_type", "set_type"):
        return (
            f"phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- '), không phải {_shown(value)}",
            f"must be a list (one item per line starting with '- '), not {_shown(value)}",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return (
            f"phải là một bảng 'khóa: giá trị', không phải {_shown(value)}",
            f"must be a mapping of 'key: value', not {_shown(value)}",
        )
    if kind == "invalid_key":
        return (f"khóa {_shown(value)} phải là chữ", f"the key {_shown(value)} must be text")
    if kind == "value_error":
        reason = str(ctx.get("error", err.get("msg", "")))
        return (f"giá trị không hợp lệ: {reason}", f"invalid value: {reason}")
    return (f"giá trị {_shown(value)} không hợp lệ ở đây", f"{_shown(value)} is not valid here")


def bilingual(vi: str, en: str) -> Exception:
    """An error a validator raises with its own words in both languages (``raise bilingual(...)``)."""
    return PydanticCustomError("hiepy", "{en}", {"vi": vi, "en": en})
