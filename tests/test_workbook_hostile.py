"""Bad workbooks, made here and never seen by the reader before: one located line, exit status 2.

Each kind the issue names: not a workbook, a password (an encrypted workbook is an OLE compound
file), formulas instead of values, merged header cells, a sheet missing, a row with a wrong type,
a huge sheet, a zip bomb; plus an unknown sheet, a duplicate column and an error value.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from hiepy_rules.load import workbook_archive, workbook_read
from tests.workbooks import dossier_workbook, edited, find_row

HIEPY = [sys.executable, "-c", "from hiepy_rules.cli.main import main; main()"]


def check(path: Path, *extra: str) -> tuple[int, str, str]:
    out = subprocess.run(
        [*HIEPY, "check", path.name, *extra], cwd=path.parent, capture_output=True, text=True, timeout=120
    )
    return out.returncode, out.stdout, out.stderr


def one_line(path: Path, *extra: str) -> str:
    code, out, err = check(path, *extra)
    assert code == 2, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _formula(wb: Workbook) -> None:
    ws = wb["Kết quả giới thiệu"]
    ws["E3"] = "=E2+1"


def _merged_header(wb: Workbook) -> None:
    wb["Cán bộ"].merge_cells("A1:B1")


def _merged_body(wb: Workbook) -> None:
    wb["Hiệp y"].merge_cells("A2:A3")


def _missing_sheet(wb: Workbook) -> None:
    del wb["Chức danh"]


def _wrong_type(wb: Workbook) -> None:
    ws = wb["Cán bộ"]
    ws.cell(row=find_row(ws, 1, "tran-thi-lan"), column=7).value = "năm sáu tư"  # birth year


def _unknown_sheet(wb: Workbook) -> None:
    wb.create_sheet("Ghi chú của tôi")["A1"] = "x"


def _error_value(wb: Workbook) -> None:
    cell = wb["Hiệp y"]["D2"]
    cell.value = "#N/A"
    cell.data_type = "e"


def _duplicate_column(wb: Workbook) -> None:
    wb["Chức danh"]["J1"] = "Title name"  # the English name of column B


def _huge_sheet(wb: Workbook) -> None:
    wb["Báo cáo"].cell(row=workbook_read.MAX_ROWS + 5, column=1).value = "planning"


CASES = {
    "formula": (_formula, "Kết quả giới thiệu!E3", "công thức", "formula"),
    "merged-header": (_merged_header, "Cán bộ!A1", "tiêu đề", "merged header"),
    "merged-body": (_merged_body, "Hiệp y!A2", "gộp", "merged"),
    "missing-sheet": (_missing_sheet, "", "thiếu trang 'Chức danh'", "missing"),
    "wrong-type": (_wrong_type, "Cán bộ!G", "birth_year", "birth_year"),
    "unknown-sheet": (_unknown_sheet, "Ghi chú của tôi!A1", "không thuộc định dạng", "not part of"),
    "error-value": (_error_value, "Hiệp y!D2", "#N/A", "#N/A"),
    "duplicate-column": (_duplicate_column, "Chức danh!J1", "hai lần", "twice"),
    "huge-sheet": (_huge_sheet, f"Báo cáo!A{workbook_read.MAX_ROWS + 1}", "dòng", "rows"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_workbook_gets_one_located_line_in_either_language(tmp_path: Path, case: str) -> None:
    edit, where, vi, en = CASES[case]
    path = edited(tmp_path / "bad.xlsx", edit)
    line = one_line(path)
    assert line.startswith(f"bad.xlsx:{where}"), line
    assert vi in line
    line_en = one_line(path, "--lang", "en")
    assert line_en.startswith(f"bad.xlsx:{where}") and en in line_en


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(dossier_workbook())) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet] + b" " * (workbook_archive.MAX_UNCOMPRESSED + 1)  # squeezes 1000:1
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_zip(members))
    assert path.stat().st_size < 1_000_000
    line = one_line(path)
    assert line.startswith("bomb.xlsx: error: ") and "giải nén" in line
    assert "inflates" in one_line(path, "--lang", "en")


def test_a_part_squeezed_too_far_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(dossier_workbook())) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["xl/sharedStrings.xml"] = b"<sst/>" + b"\0" * (4 * workbook_archive.RATIO_FLOOR)
    path = tmp_path / "ratio.xlsx"
    path.write_bytes(_zip(members))
    assert "giải nén" in one_line(path)


@pytest.mark.parametrize(
    ("raw", "vi", "en"),
    [
        (b"format: hiepy/proposal/1\nid: x\n", "không phải bảng tính", "not an Excel workbook"),
        (workbook_archive.OLE_SIGNATURE + b"\0" * 4096, "mật khẩu", "password"),
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}), "không phải bảng tính", "not an"),
        (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<open"}), "không đọc được", "cannot read"),
        (b"PK\x03\x04" + b"\xff" * 100, "không phải bảng tính", "not an"),
        (b"", "không phải bảng tính", "not an"),
    ],
    ids=["yaml-named-xlsx", "encrypted-ole", "a-docx", "damaged-xml", "truncated-zip", "empty"],
)
def test_not_a_workbook_or_a_locked_one(tmp_path: Path, raw: bytes, vi: str, en: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(raw)
    line = one_line(path)
    assert line.startswith("x.xlsx: error: ") and vi in line
    assert en in one_line(path, "--lang", "en")


def test_a_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(workbook_archive.MAX_BYTES + 1)
    assert "quá lớn" in one_line(path)


def test_a_bad_workbook_in_a_batch_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.xlsx").write_bytes(dossier_workbook())
    edited(tmp_path / "bad.xlsx", _formula)
    out = subprocess.run(
        [*HIEPY, "check", ".", "--format", "json", "-j", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "bad.xlsx:Kết quả giới thiệu!E3: error: ô chứa công thức; hãy dán giá trị (Paste Special → Values) thay cho "
        "công thức"
    ]
    assert '"good.xlsx"' in out.stdout or "good.xlsx" in out.stdout


def test_inputs_are_never_written(tmp_path: Path) -> None:
    path = edited(tmp_path / "bad.xlsx", _merged_header)
    before = path.read_bytes()
    check(path)
    assert path.read_bytes() == before
