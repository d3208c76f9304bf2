"""The cells of a proposal workbook: ``A1`` references, errors at a sheet and cell, typed values.

A cell's value becomes the type the model expects where its form is only a spreadsheet habit: a
whole number typed as ``45.0``, a date cell, ``TRUE``/``FALSE`` or ``có``/``không`` in a yes/no
column, ``01/09/2012`` in a date column, a list of ids separated by commas; anything else is left as
it is for the model to reject at its cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.load.workbook_layout import EMPTY_LIST, Column, fold

_INT = re.compile(r"[-+]?[0-9]{1,18}")


_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


_SPLIT = re.compile(r"[,\s]+")


_TRUE = {"true", "có", "co"}


_FALSE = {"false", "không", "khong"}


def cell_problem(name: str, vi: str, en: str, *, sheet: str = "", cell: str = "", code: str = "workbook") -> Problem:
    row, col = split_ref(cell) if cell else (0, 0)
    return Problem(name, row, col, "error", vi, code, en, sheet, cell)


def cell_error(name: str, vi: str, en: str, *, sheet: str = "", cell: str = "", code: str = "workbook") -> InputError:
    return InputError(cell_problem(name, vi, en, sheet=sheet, cell=cell, code=code))


def split_ref(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(ref[len(letters) :] or 0), col


def ref(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def typed(value: Any, column: Column | None) -> Any:
    """A cell's value as the column's field expects it, where the cell's form is only a spreadsheet habit."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        if not value.strip():
            return None
    elif isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            value = value.date()
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        value = int(value)
    if column is None:
        return value
    kind = column.kind
    if kind == "list":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            value = str(value)
        if isinstance(value, str):
            if value.strip() == EMPTY_LIST:
                return []
            return [item for item in _SPLIT.split(value) if item]
        return value
    if isinstance(value, str):
        text = value.strip()
        if kind == "bool" and fold(text) in _TRUE | _FALSE:
            return fold(text) in _TRUE
        if kind == "int" and _INT.fullmatch(text):
            return int(text)
        if kind == "date":
            m = _DMY.fullmatch(text)
            if m:
                try:
                    return dt.date(int(m[3]), int(m[2]), int(m[1]))
                except ValueError:
                    return value
    elif kind in ("str", "enum") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value
