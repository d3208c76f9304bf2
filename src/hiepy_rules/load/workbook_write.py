"""Writing a proposal (or the empty template) as a workbook in the layout ``workbook_layout`` describes.

Every header carries a note (the field's meaning in Vietnamese and English); the cells carry data
validation: a drop-down list for the fixed values (the model's enums, yes/no), whole numbers within
the model's bounds, dates. Id and text columns are formatted as text, so that ``001`` stays ``001``.
A date before 1 March 1900 (which Excel cannot hold as a date) is written as text, ``YYYY-MM-DD``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hiepy_rules.errors import InputError
from hiepy_rules.load.document import Document, PathKey
from hiepy_rules.load.workbook_layout import (
    EMPTY_LIST,
    INSTRUCTIONS,
    LIST_SEPARATOR,
    RECORD_HEADERS,
    SHEETS,
    Column,
    Sheet,
)
from hiepy_rules.schema.proposal import Proposal

#: rows of a table sheet that carry the drop-down lists and date checks, beyond the filled ones
BLANK_ROWS = 500


_FIRST_DATE = dt.date(1900, 3, 1)  # Excel's serial dates are wrong before this day (its 1900 leap year)


_DATE_FORMAT = "dd/mm/yyyy"


_GUIDE = [
    (
        "Mỗi trang là một phần của đề án; dòng 1 là tiêu đề cột (để chuột lên tiêu đề để xem ghi chú).",
        "Each sheet is one part of the proposal; row 1 holds the column headers (hover one for its note).",
    ),
    (
        "Trang Đề án, Đơn vị, Danh sách giới thiệu, Nhận xét, đánh giá: tên mục ở cột A, giá trị ở cột B.",
        "Sheets Đề án, Đơn vị, Danh sách giới thiệu, Nhận xét, đánh giá: field in column A, value in column B.",
    ),
    (
        "Các trang còn lại: mỗi dòng một mục. Trang Quy hoạch: mỗi dòng một cán bộ được quy hoạch vào một chức danh.",
        "The other sheets: one row per item. Sheet Quy hoạch: one row per cadre planned for a title.",
    ),
    (
        "Danh sách mã trong một ô (người đương chức, diện quản lý, đã được quy hoạch): ngăn cách bằng dấu phẩy.",
        "Lists of ids in one cell (holders, managing bodies, planned for): separated by commas.",
    ),
    (
        "Giá trị cố định chọn từ danh sách; có/không ghi TRUE/FALSE; ngày ghi dạng ngày. Không dùng công thức, "
        "không gộp ô.",
        "Fixed values from the drop-down lists; yes/no as TRUE/FALSE; dates as date cells. "
        "No formulas, no merged cells.",
    ),
    (
        "Trang có tên bắt đầu bằng # là ghi chú riêng, hiepy bỏ qua.",
        "A sheet whose name starts with # is your own: hiepy skips it.",
    ),
]


def _validation(column: Column) -> Any:
    if column.kind == "enum":
        check = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
    elif column.kind == "bool":
        check = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    elif column.kind == "int":
        low = column.minimum if column.minimum is not None else -(10**9)
        high = column.maximum if column.maximum is not None else 10**9
        check = DataValidation(
            type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True
        )
    elif column.kind == "date":
        check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    else:
        return None
    check.showErrorMessage = True
    check.errorTitle = column.vi[:32]
    check.error = column.note_vi[:255]
    return check


def _put(ws: Any, row: int, col: int, value: Any, column: Column) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value) or EMPTY_LIST
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        if value < _FIRST_DATE:
            cell.value = value.isoformat()
            cell.data_type = "s"
            return
        cell.value = value
        cell.number_format = _DATE_FORMAT
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a text that starts with "=" is text, not a formula
    if column.kind in ("str", "list"):
        cell.number_format = "@"


def _note(text: str) -> Any:
    comment = Comment(text, "hiepy")
    comment.width, comment.height = 320, 160
    return comment


def _header(ws: Any, row: int, col: int, text: str, note: str | None) -> None:
    cell = ws.cell(row=row, column=col, value=text)
    cell.font = Font(bold=True)
    if note:
        cell.comment = _note(note)


def _items(data: dict[str, Any], sheet: Sheet) -> list[dict[str, Any]]:
    if sheet.shape == "candidacies":
        return [{"title": t.get("id"), "cadre": cid} for t in data.get("titles", []) for cid in t.get("candidates", [])]
    items: list[dict[str, Any]] = data.get(sheet.key, [])
    return items


def _value(item: dict[str, Any], column: Column) -> Any:
    value: Any = item
    for part in column.path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _record_sheet(ws: Any, sheet: Sheet, data: dict[str, Any], lang: str) -> None:
    source: dict[str, Any] = data.get(sheet.key) or {} if sheet.key else data
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 48
    for c, (vi, en) in enumerate(RECORD_HEADERS, start=1):
        _header(ws, 1, c, vi if lang == "vi" else en, None)
    for r, column in enumerate(sheet.columns, start=2):
        _header(ws, r, 1, column.header(lang), column.note())
        value = _value(source, column)
        if value is not None:
            _put(ws, r, 2, value, column)
        check = _validation(column)
        if check is not None:
            ws.add_data_validation(check)
            check.add(f"B{r}")
    ws.freeze_panes = "A2"


def _table_sheet(ws: Any, sheet: Sheet, data: dict[str, Any], lang: str) -> None:
    items = _items(data, sheet)
    last = len(items) + 1 + BLANK_ROWS
    for c, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(c)
        _header(ws, 1, c, column.header(lang), column.note())
        ws.column_dimensions[letter].width = max(14, min(40, len(column.header(lang)) + 4))
        check = _validation(column)
        if check is not None:
            ws.add_data_validation(check)
            check.add(f"{letter}2:{letter}{last}")
        for r, item in enumerate(items, start=2):
            value = _value(item, column)
            if value is not None:
                _put(ws, r, c, value, column)
    ws.freeze_panes = "A2"


def _guide_sheet(ws: Any) -> None:
    ws.column_dimensions["A"].width = 110
    _header(ws, 1, 1, f"{INSTRUCTIONS[0]} / {INSTRUCTIONS[1]}", None)
    r = 2
    for vi, en in _GUIDE:
        ws.cell(row=r, column=1, value=vi)
        ws.cell(row=r + 1, column=1, value=en)
        r += 3


def check_writable(proposal: Proposal, doc: Document | None = None) -> None:
    """A text with a control character cannot go into a workbook (XML forbids it): say where it is."""

    def walk(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))
        elif isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            vi = "văn bản có ký tự điều khiển, bảng tính không chứa được"
            en = "the text holds a control character a workbook cannot hold"
            if doc is None:
                raise InputError.at("<proposal>", 0, 0, vi, "workbook", en)
            raise InputError(doc.problem(path, vi, code="workbook", en=en))

    walk(proposal.model_dump(mode="python"), ())


def workbook_bytes(proposal: Proposal | None, *, lang: str = "vi", doc: Document | None = None) -> bytes:
    """The workbook of ``proposal`` (``None``: the empty template) as the bytes of an ``.xlsx`` file."""
    data: dict[str, Any] = {}
    if proposal is not None:
        check_writable(proposal, doc)
        data = proposal.model_dump(mode="python", exclude_unset=True)
        # the format marker is always written: the workbook says what it is
        data.setdefault("format", proposal.format)
    else:
        data = {"format": "hiepy/proposal/1"}
    wb = Workbook()
    first = True
    for sheet in SHEETS:
        ws = wb.active if first and wb.active is not None else wb.create_sheet()
        first = False
        ws.title = sheet.name(lang)
        if sheet.shape == "record":
            _record_sheet(ws, sheet, data, lang)
        else:
            _table_sheet(ws, sheet, data, lang)
    _guide_sheet(wb.create_sheet(INSTRUCTIONS[0] if lang == "vi" else INSTRUCTIONS[1]))
    fixed = dt.datetime(2000, 1, 1)  # no time of writing inside the file: the same proposal, the same sheets
    wb.properties.creator = "hiepy"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    out = io.BytesIO()
    wb.save(out)
    return _repack(out.getvalue())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _repack(raw: bytes) -> bytes:
    """The same workbook with no clock in it (openpyxl stamps the time of saving): byte-identical output."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_bytes_atomic(path: Path, raw: bytes) -> None:
    """``path`` appears whole or not at all (as ``atomic.write_atomic`` does for text)."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
