"""Reading a proposal kept as a workbook (``.xlsx``): safe, bounded, every value at its sheet and cell.

The reader turns the sheets (``workbook_layout``) into the same plain data the YAML reader builds,
with a position for each key and value: the proposal is then validated by the same pydantic model
and reference checks, and findings point at ``Sheet!Cell``. Like ``yamlio`` for YAML files, it
reads untrusted files within bounds, and says in one line why a file cannot be read:

- the file is read once; its bytes are checked before openpyxl sees them (``workbook_archive``);
- openpyxl reads it in read-only mode (rows streamed, ``data_only=False`` so that a formula is seen
  as a formula): a formula or an error value where a value is expected, merged cells, a sheet the
  format does not know, a required sheet or column missing, more than ``MAX_ROWS`` rows in a
  sheet or ``MAX_CELLS`` filled cells in all are errors at the sheet and cell;
- cell values become the types the model expects (``workbook_cells``).
"""

from __future__ import annotations

import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from hiepy_rules.errors import InputError
from hiepy_rules.load.document import Document, PathKey, Position, Positions
from hiepy_rules.load.workbook_archive import check_archive, merged_ranges, read_bytes
from hiepy_rules.load.workbook_cells import cell_error, ref, short, split_ref, typed
from hiepy_rules.load.workbook_layout import (
    RECORD_HEADERS,
    SHEETS,
    Column,
    Sheet,
    find_column,
    find_sheet,
    fold,
    ignored,
    strip_marks,
)
from hiepy_rules.load.yamlio import MAX_NODES

MAX_ROWS = 50_000  # per sheet; a 1,000-cadre proposal has some 3,000 candidacies and 6,000 votes


MAX_COLUMNS = 64  # columns read in a sheet (the widest sheet has 20)


MAX_CELLS = MAX_NODES  # filled cells in all, as YAML's nodes


class WorkbookDocument(Document):
    """A proposal read from a workbook: its data, and the sheet and cell of each key and value."""

    cells: dict[PathKey, Position] = msgspec.field(default_factory=dict)
    key_cells: dict[PathKey, Position] = msgspec.field(default_factory=dict)

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        p = tuple(path)
        while True:
            if key and p in self.key_cells:
                return self.key_cells[p]
            if p in self.cells:
                return self.cells[p]
            if not p:
                return Position(0, 0)
            p = p[:-1]

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        pos = self.position(path, key=key)
        return pos.line, pos.column


# --- the sheets ----------------------------------------------------------------------------------


@dataclass
class _Reader:
    name: str
    archive: zipfile.ZipFile
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[PathKey, Position] = field(default_factory=dict)
    key_cells: dict[PathKey, Position] = field(default_factory=dict)
    filled: int = 0
    candidacies: list[tuple[str, int, Any, Any]] = field(default_factory=list)  # sheet, row, title, cadre

    def fail(self, sheet: str, cell: str, vi: str, en: str, code: str = "workbook") -> InputError:
        return cell_error(self.name, vi, en, sheet=sheet, cell=cell, code=code)

    def at(self, sheet: str, row: int, col: int) -> Position:
        return Position(row, col, sheet, ref(row, col))

    def rows(self, ws: Any, title: str) -> list[tuple[int, list[tuple[int, Any]]]]:
        """(row, [(column, value)...]) of the rows with a filled cell, within the bounds."""
        for rng in merged_ranges(self.archive, getattr(ws, "_worksheet_path", "")):
            first = rng.split(":")[0]
            header = split_ref(first)[0] == 1
            raise self.fail(
                title,
                first,
                f"ô {'tiêu đề ' if header else ''}bị gộp ({rng}); hãy bỏ gộp ô: mỗi ô một giá trị",
                f"merged {'header ' if header else ''}cells ({rng}); unmerge them: one value per cell",
                "merged",
            )
        ws.reset_dimensions()  # the declared size may lie: rows are counted as they come
        out: list[tuple[int, list[tuple[int, Any]]]] = []
        for r, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS), start=1):
            if r > MAX_ROWS:
                raise self.fail(
                    title,
                    ref(r, 1),
                    f"trang có hơn {MAX_ROWS} dòng",
                    f"the sheet has more than {MAX_ROWS} rows",
                    "limit",
                )
            values: list[tuple[int, Any]] = []
            for c, cell in enumerate(row, start=1):
                value = cell.value
                if value is None:
                    continue
                kind = getattr(cell, "data_type", None)
                if kind == "f":
                    raise self.fail(
                        title,
                        ref(r, c),
                        "ô chứa công thức; hãy dán giá trị (Paste Special → Values) thay cho công thức",
                        "the cell holds a formula; paste its value (Paste Special → Values) instead",
                        "formula",
                    )
                if kind == "e":
                    raise self.fail(
                        title,
                        ref(r, c),
                        f"ô có giá trị lỗi {value}",
                        f"the cell holds the error value {value}",
                        "formula",
                    )
                values.append((c, value))
            if values:
                self.filled += len(values)
                if self.filled > MAX_CELLS:
                    raise self.fail(
                        title,
                        ref(r, values[0][0]),
                        f"bảng tính có hơn {MAX_CELLS} ô có giá trị",
                        f"the workbook has more than {MAX_CELLS} filled cells",
                        "limit",
                    )
                out.append((r, values))
        return out

    # -- record sheets: field name in A, value in B --

    def record(self, sheet: Sheet, title: str, rows: list[tuple[int, list[tuple[int, Any]]]]) -> None:
        prefix: PathKey = (sheet.key,) if sheet.key else ()
        target: dict[str, Any] = {}
        self.cells[prefix] = self.key_cells[prefix] = self.at(title, 1, 1)
        seen: dict[str, int] = {}
        for r, values in rows:
            cells = dict(values)
            label = cells.get(1)
            if r == 1 and (label is None or find_column(sheet, str(label)) is None):
                continue  # the header row (Mục | Giá trị)
            for c in cells:
                if c > 2:
                    raise self.fail(
                        title,
                        ref(r, c),
                        f"ô có giá trị ngoài hai cột {RECORD_HEADERS[0][0]} và {RECORD_HEADERS[1][0]}",
                        f"a value outside the two columns {RECORD_HEADERS[0][1]} and {RECORD_HEADERS[1][1]}",
                    )
            if label is None:
                raise self.fail(
                    title, ref(r, 2), "giá trị không có tên mục ở cột A", "a value without a field name in column A"
                )
            column = find_column(sheet, str(label))
            key = column.name if column is not None else _header_key(label)
            if key in seen:
                raise self.fail(
                    title,
                    ref(r, 1),
                    f"mục {short(str(label))!r} ghi hai lần (lần đầu ở dòng {seen[key]})",
                    f"field {short(str(label))!r} given twice (first in row {seen[key]})",
                    "duplicate-key",
                )
            seen[key] = r
            value = typed(cells.get(2), column)
            if value is None:
                continue
            target[key] = value
            self.key_cells[(*prefix, key)] = self.at(title, r, 1)
            self.cells[(*prefix, key)] = self.at(title, r, 2)
            self._list_items((*prefix, key), value, self.at(title, r, 2))
        if sheet.key:
            if target or sheet.required:
                self.data[sheet.key] = target
        else:
            self.data.update(target)

    # -- table sheets: a header row, one item per row --

    def headers(
        self, sheet: Sheet, title: str, rows: list[tuple[int, list[tuple[int, Any]]]]
    ) -> dict[int, tuple[Column | None, str]]:
        if not rows or rows[0][0] != 1:
            return {}
        out: dict[int, tuple[Column | None, str]] = {}
        seen: dict[str, int] = {}
        for c, value in rows[0][1]:
            text = unicodedata.normalize("NFC", str(value)).strip()
            if not text:
                continue
            column = find_column(sheet, text)
            if column is None and sheet.key == "titles" and _is_candidates(text):
                raise self.fail(
                    title,
                    ref(1, c),
                    "cán bộ quy hoạch ghi ở trang 'Quy hoạch', mỗi người một dòng (Chức danh, Cán bộ)",
                    "candidates go on the sheet 'Quy hoạch' (Candidacies), one row each (Title, Cadre)",
                )
            key = column.name if column is not None else _header_key(text)
            if key in seen:
                raise self.fail(
                    title,
                    ref(1, c),
                    f"cột {short(text)!r} có hai lần (lần đầu ở ô {ref(1, seen[key])})",
                    f"column {short(text)!r} appears twice (first at {ref(1, seen[key])})",
                    "duplicate-key",
                )
            seen[key] = c
            out[c] = (column, key)
        return out

    def table(self, sheet: Sheet, title: str, rows: list[tuple[int, list[tuple[int, Any]]]]) -> list[dict[str, Any]]:
        headers = self.headers(sheet, title, rows)
        body = [(r, v) for r, v in rows if r > 1]
        if body:
            have = {col.name for col, _ in headers.values() if col is not None}
            for col in sheet.columns:
                if col.required and col.name not in have and len(col.path) == 1:
                    raise self.fail(
                        title,
                        "A1",
                        f"thiếu cột {col.vi!r} ({col.en}) ở dòng tiêu đề",
                        f"the header row lacks the column {col.vi!r} ({col.en})",
                        "missing-column",
                    )
        items: list[dict[str, Any]] = []
        prefix: PathKey = (sheet.key,)
        if sheet.shape == "table":
            self.cells[prefix] = self.key_cells[prefix] = self.at(title, 1, 1)
        for r, values in body:
            item: dict[str, Any] = {}
            path: PathKey = (*prefix, len(items))
            if sheet.shape == "table":
                self.cells[path] = self.key_cells[path] = self.at(title, r, values[0][0])
            for c, raw in values:
                if c not in headers:
                    raise self.fail(
                        title,
                        ref(r, c),
                        "ô có giá trị nhưng cột không có tiêu đề ở dòng 1",
                        "a value in a column with no header in row 1",
                    )
                column, key = headers[c]
                value = typed(raw, column)
                if value is None:
                    continue
                here = self.at(title, r, c)
                head = self.at(title, 1, c)
                if column is not None and len(column.path) == 2:
                    outer, inner = column.path
                    group = item.setdefault(outer, {})
                    if not group:
                        self.cells[(*path, outer)] = here
                        self.key_cells[(*path, outer)] = head
                    group[inner] = value
                    self.cells[(*path, outer, inner)] = here
                    self.key_cells[(*path, outer, inner)] = head
                    continue
                item[key] = value
                self.cells[(*path, key)] = here
                self.key_cells[(*path, key)] = head
                self._list_items((*path, key), value, here)
            items.append(item)
        return items

    def _list_items(self, path: PathKey, value: Any, here: Position) -> None:
        if isinstance(value, list):
            for j in range(len(value)):
                self.cells[(*path, j)] = here

    def candidacies_rows(self, sheet: Sheet, title: str, rows: list[tuple[int, list[tuple[int, Any]]]]) -> None:
        headers = {c: name for c, (_, name) in self.headers(sheet, title, rows).items()}
        for item, (r, values) in zip(self.table(sheet, title, rows), [(r, v) for r, v in rows if r > 1], strict=True):
            cols = {headers.get(c): c for c, _ in values}
            unknown = [k for k in item if k not in ("title", "cadre")]
            if unknown:
                at = next(c for c, k in headers.items() if k == unknown[0])
                raise self.fail(
                    title,
                    ref(1, at),
                    f"cột {unknown[0]!r} không thuộc trang này",
                    f"column {unknown[0]!r} does not belong here",
                )
            for need, vi, en in (("title", "chức danh", "title"), ("cadre", "cán bộ", "cadre")):
                if need not in item:
                    raise self.fail(
                        title,
                        ref(r, values[0][0]),
                        f"dòng quy hoạch thiếu mã {vi}",
                        f"the candidacy lacks its {en} id",
                    )
            self.candidacies.append((title, r, (item["title"], cols["title"]), (item["cadre"], cols["cadre"])))

    def attach_candidacies(self, head: Position | None) -> None:
        titles = self.data.get("titles")
        if not isinstance(titles, list):
            return
        by_id: dict[str, int] = {}
        for i, t in enumerate(titles):
            tid = t.get("id")
            if isinstance(tid, str):
                by_id.setdefault(tid.strip(), i)
        for title, r, (tid, tc), (cid, cc) in self.candidacies:
            at = by_id.get(str(tid).strip())
            if at is None:
                raise self.fail(
                    title,
                    ref(r, tc),
                    f"không có chức danh {short(str(tid))!r} ở trang 'Chức danh'",
                    f"no title {short(str(tid))!r} on the sheet 'Chức danh' (Titles)",
                    "reference",
                )
            listed = titles[at].setdefault("candidates", [])
            path: PathKey = ("titles", at, "candidates")
            if not listed:
                self.cells[path] = self.at(title, r, cc)
                if head is not None:
                    self.key_cells[path] = head
            self.cells[(*path, len(listed))] = self.at(title, r, cc)
            listed.append(cid)


def _header_key(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text)).strip()


def _is_candidates(text: str) -> bool:
    names = {"candidates", "cán bộ quy hoạch", "can bo quy hoach"}
    return fold(text) in names or strip_marks(fold(text)) in names


def load_workbook_document(path: Path | str, *, display: str | None = None) -> WorkbookDocument:
    """Read a proposal workbook into plain data and positions; ``InputError`` (at a sheet and cell) otherwise."""
    name = display or str(path)
    raw = read_bytes(Path(path), name)
    archive = check_archive(raw, name)
    from openpyxl import load_workbook  # here, not at the top: a YAML check never pays for openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips (data validation...)
            wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; each is one line here
        why = short(f"{type(exc).__name__}: {exc}", 120)
        raise cell_error(
            name, f"không đọc được bảng tính ({why})", f"cannot read the workbook ({why})", code="not-workbook"
        ) from None
    try:
        return _read(wb, name, archive)
    finally:
        wb.close()


def _read(wb: Any, name: str, archive: zipfile.ZipFile) -> WorkbookDocument:
    reader = _Reader(name, archive)
    found: dict[str, tuple[Sheet, Any]] = {}
    for ws in wb.worksheets:
        title = ws.title
        if ignored(title):
            continue
        sheet = find_sheet(title)
        if sheet is None:
            known = ", ".join(s.vi for s in SHEETS)
            raise reader.fail(
                title,
                "A1",
                f"trang {short(title)!r} không thuộc định dạng đề án (các trang: {known}); "
                f"đặt dấu '#' đầu tên trang để bỏ qua",
                f"the sheet {short(title)!r} is not part of the proposal format; start its name with '#' to skip it",
                "unknown-sheet",
            )
        if sheet.vi in found:
            raise reader.fail(
                title,
                "A1",
                f"trang {sheet.vi!r} có hai lần (lần đầu: {found[sheet.vi][1].title!r})",
                f"the sheet {sheet.en!r} appears twice (first: {found[sheet.vi][1].title!r})",
                "duplicate-key",
            )
        found[sheet.vi] = (sheet, ws)
    for sheet in SHEETS:
        if sheet.required and sheet.vi not in found:
            raise cell_error(
                name,
                f"thiếu trang {sheet.vi!r} ({sheet.en})",
                f"the sheet {sheet.vi!r} ({sheet.en}) is missing",
                code="missing-sheet",
            )
    head: Position | None = None
    for sheet in SHEETS:  # in the format's order: the data keeps the model's order of fields
        if sheet.vi not in found:
            continue
        ws = found[sheet.vi][1]
        title = ws.title
        rows = reader.rows(ws, title)
        if sheet.shape == "record":
            reader.record(sheet, title, rows)
        elif sheet.shape == "table":
            items = reader.table(sheet, title, rows)
            if items or sheet.required:
                reader.data[sheet.key] = items
        else:
            reader.candidacies_rows(sheet, title, rows)
            heads = reader.headers(sheet, title, rows)
            col = next((c for c, (_, k) in heads.items() if k == "cadre"), None)
            head = reader.at(title, 1, col) if col is not None else None
    reader.attach_candidacies(head)
    root = reader.cells.get(())
    if root is not None:
        reader.key_cells.setdefault((), root)
    return WorkbookDocument(name, reader.data, Positions(), reader.cells, reader.key_cells)
