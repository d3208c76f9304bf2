"""The workbook form of a proposal: which sheet holds which part, which column which field.

Derived from the proposal model (``proposal.py``), never written twice: a sheet per part of the
proposal, a column per field, headers from the fields' Vietnamese titles (the English titles and
the field names are accepted too). Both the workbook reader and the writer work from this layout.

- **Record sheets** (the proposal itself, the unit, the nomination, the evaluation): one row per
  field, the field's name in column A and its value in column B.
- **Table sheets** (titles, cadres, votes, consultations, reports, notifications, committee seat
  requests, appointments): a header row, then one row per item. A cadre's latest confidence vote
  (an object inside the cadre) is a group of columns ``Lấy phiếu tín nhiệm: …`` on the cadre's row.
- **Candidacies** (``Quy hoạch``): a title's ``candidates`` are one row each, title id and cadre id,
  in the order the title lists them; each candidacy has its own cell for findings to point at.
- Other lists of ids or codes (a title's holders and managing bodies, a cadre's ``planned_for``)
  are one cell, the items separated by commas (ids never contain a comma or a space).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from hiepy_rules.schema.cadre import Cadre
from hiepy_rules.schema.fielddoc import DESCRIPTION_SEP, TITLE_SEP
from hiepy_rules.schema.procedure import (
    Appointment,
    CommitteeSeatRequest,
    Consultation,
    Evaluation,
    Nomination,
    Notification,
    Report,
    Vote,
)
from hiepy_rules.schema.proposal import Proposal, Title, Unit

Kind = Literal["str", "int", "bool", "date", "enum", "list"]


Shape = Literal["record", "table", "candidacies"]


#: the cell separator of lists in one cell (ids and codes hold neither a comma nor a space)
LIST_SEPARATOR = ", "


#: a list cell that says "none" (an empty list): an empty cell is a fact left unknown, not "none"
EMPTY_LIST = "-"


#: a sheet whose name starts with this is the user's own (notes, pivots): the reader skips it
IGNORED_PREFIX = "#"


INSTRUCTIONS = ("Hướng dẫn", "Instructions")


@dataclass(frozen=True)
class Column:
    """One column: a field of the sheet's item (``path``: one name, or two for a nested object's field)."""

    path: tuple[str, ...]
    vi: str
    en: str
    note_vi: str
    note_en: str
    kind: Kind
    item_kind: Kind | None  # for a list: the kind of its items
    choices: tuple[str, ...]  # the fixed values of an enum (or of a list's items)
    required: bool
    minimum: int | None = None
    maximum: int | None = None

    @property
    def name(self) -> str:
        return ".".join(self.path)

    def header(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en

    def note(self) -> str:
        return f"{self.note_vi}\n\n{self.note_en}"


@dataclass(frozen=True)
class Sheet:
    """One sheet: the part of the proposal it holds (``key``: its field; ``""``: the proposal's own fields)."""

    key: str
    vi: str
    en: str
    shape: Shape
    columns: tuple[Column, ...]
    required: bool

    def name(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


def fold(text: str) -> str:
    """A header or sheet name as it is compared: case, spacing and Vietnamese marks set aside."""
    text = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return text


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _titles(info: FieldInfo) -> tuple[str, str, str, str]:
    vi, _, en = (info.title or "").partition(TITLE_SEP)
    note_vi, _, note_en = (info.description or "").partition(DESCRIPTION_SEP)
    return vi, en, note_vi, note_en


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under Optional/Annotated, with the constraints met on the way."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation = args[0]
            for m in args[1:]:
                metadata.extend(m.metadata if isinstance(m, FieldInfo) else [m])
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, metadata


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    if typing.get_origin(annotation) is Literal:
        return "enum", tuple(str(a) for a in typing.get_args(annotation))
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is dt.date:
        return "date", ()
    return "str", ()


def _column(path: tuple[str, ...], info: FieldInfo, prefix: tuple[str, str] | None = None) -> Column:
    vi, en, note_vi, note_en = _titles(info)
    if prefix is not None:
        vi, en = f"{prefix[0]}: {vi}", f"{prefix[1]}: {en}"
    base, metadata = _unwrap(info.annotation)
    metadata += list(info.metadata)
    item_kind: Kind | None = None
    if typing.get_origin(base) is list:
        item, _ = _unwrap(typing.get_args(base)[0])
        item_kind, choices = _kind(item)
        kind: Kind = "list"
    else:
        kind, choices = _kind(base)
    low = next((int(m.ge) for m in metadata if isinstance(m, annotated_types.Ge)), None)  # type: ignore[call-overload]
    high = next((int(m.le) for m in metadata if isinstance(m, annotated_types.Le)), None)  # type: ignore[call-overload]
    return Column(path, vi, en, note_vi, note_en, kind, item_kind, choices, info.is_required(), low, high)


def _columns(model: type[BaseModel], skip: tuple[str, ...] = ()) -> tuple[Column, ...]:
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        base, _ = _unwrap(info.annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):  # an object inside an item: a group of columns
            vi, en, _, _ = _titles(info)
            out += [_column((name, sub), si, (vi, en)) for sub, si in base.model_fields.items()]
        else:
            out.append(_column((name,), info))
    return tuple(out)


def _sheet(key: str, shape: Shape, model: type[BaseModel], skip: tuple[str, ...] = ()) -> Sheet:
    info = Proposal.model_fields[key]
    vi, en, _, _ = _titles(info)
    return Sheet(key, vi, en, shape, _columns(model, skip), info.is_required())


_TOP = ("format", "id", "date", "period")


_CANDIDACY = (
    Column(("title",), "Chức danh", "Title", "Mã chức danh được quy hoạch.", "Id of the title planned for.", "str",
           None, (), True),
    Column(("cadre",), "Cán bộ", "Cadre", "Mã cán bộ được quy hoạch.", "Id of the cadre planned.", "str",
           None, (), True),
)  # fmt: skip


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "",
        "Đề án",
        "Proposal",
        "record",
        tuple(_column((n,), Proposal.model_fields[n]) for n in _TOP),
        True,
    ),
    _sheet("unit", "record", Unit),
    _sheet("titles", "table", Title, skip=("candidates",)),
    _sheet("cadres", "table", Cadre),
    Sheet("candidacies", "Quy hoạch", "Candidacies", "candidacies", _CANDIDACY, False),
    _sheet("nomination", "record", Nomination),
    _sheet("votes", "table", Vote),
    _sheet("consultations", "table", Consultation),
    _sheet("reports", "table", Report),
    _sheet("notifications", "table", Notification),
    _sheet("evaluation", "record", Evaluation),
    _sheet("committee_seat_requests", "table", CommitteeSeatRequest),
    _sheet("appointments", "table", Appointment),
)


#: the header row of a record sheet
RECORD_HEADERS = (("Mục", "Field"), ("Giá trị", "Value"))


def _names(*texts: str) -> set[str]:
    out = set()
    for t in texts:
        out.add(fold(t))
        out.add(strip_marks(fold(t)))
    return out


def _index(items: list[tuple[set[str], Any]]) -> dict[str, Any]:
    """Each folded name to its one owner; a name two owners share (once marks are stripped) is dropped."""
    seen: dict[str, list[Any]] = {}
    for names, owner in items:
        for n in names:
            seen.setdefault(n, []).append(owner)
    return {n: owners[0] for n, owners in seen.items() if len(owners) == 1}


SHEET_NAMES: dict[str, Sheet] = _index([(_names(s.vi, s.en, s.key or "proposal"), s) for s in SHEETS])


IGNORED_NAMES = _names(*INSTRUCTIONS)


def column_names(sheet: Sheet) -> dict[str, Column]:
    return _index([(_names(c.vi, c.en, c.name), c) for c in sheet.columns])


COLUMN_NAMES: dict[str, dict[str, Column]] = {s.vi: column_names(s) for s in SHEETS}


def find_sheet(name: str) -> Sheet | None:
    return SHEET_NAMES.get(fold(name)) or SHEET_NAMES.get(strip_marks(fold(name)))


def find_column(sheet: Sheet, header: str) -> Column | None:
    names = COLUMN_NAMES[sheet.vi]
    return names.get(fold(header)) or names.get(strip_marks(fold(header)))


def ignored(name: str) -> bool:
    return name.startswith(IGNORED_PREFIX) or fold(name) in IGNORED_NAMES or strip_marks(fold(name)) in IGNORED_NAMES
