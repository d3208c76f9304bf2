"""Proposals kept as workbooks: the same findings as YAML, each at its sheet and cell; convert; init."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from hiepy_rules.cli.app import app
from hiepy_rules.errors import InputError
from hiepy_rules.findings.model import Finding
from hiepy_rules.load.workbook_layout import SHEETS, find_column, find_sheet
from hiepy_rules.load.workbook_write import workbook_bytes
from hiepy_rules.pipeline import read_proposal
from hiepy_rules.report import CheckReport, render_check
from hiepy_rules.report.json import to_json
from tests.helpers import DOSSIER, EXAMPLES, bundled_rules, run
from tests.workbooks import dossier_workbook, edited, find_row

WORKBOOK = EXAMPLES / "cuc-thue-quang-tri-2012.xlsx"
runner = CliRunner()


def _without_place(f: Finding) -> dict[str, Any]:
    """The finding without its locations (its own, and those of the findings folded inside it)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "location"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    out: dict[str, Any] = strip(f.model_dump(mode="json"))
    return out


def _key(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


# --- the bundled dossier as a workbook -----------------------------------------------------------


def test_example_workbook_is_the_yaml_dossier_converted() -> None:
    """The committed workbook is exactly what ``hiepy convert`` makes of its YAML twin."""
    assert WORKBOOK.read_bytes() == dossier_workbook()


def test_example_workbook_gives_the_yaml_findings_each_at_a_sheet_and_cell() -> None:
    yaml_result = run(DOSSIER)
    book_result = run(WORKBOOK)
    assert yaml_result.findings, "the dossier has findings on purpose"
    assert sorted(map(_key, map(_without_place, book_result.findings))) == sorted(
        map(_key, map(_without_place, yaml_result.findings))
    )
    sheets = {s.vi for s in SHEETS}
    for f in book_result.findings:
        assert f.location.sheet in sheets
        assert f.location.cell and f.location.cell == f"{_letters(f.location.column)}{f.location.line}"
    for f in yaml_result.findings:
        assert f.location.sheet is None and f.location.cell is None


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def test_findings_point_at_the_cell_that_holds_the_fact() -> None:
    result = run(WORKBOOK)
    wb = load_workbook(WORKBOOK)
    for f in result.findings:
        if f.location.sheet == "Quy hoạch":  # a candidacy: the cadre cell of its row
            assert f.location.cell is not None and f.location.cell.startswith("B")
    # G6: the consultation's reply deadline for pho-cuc-truong
    [g6] = [f for f in result.findings if f.provisions == ["quang-tri-2012.G6"]]
    ws = wb[g6.location.sheet or ""]
    assert ws[1][g6.location.column - 1].value == "Hạn trả lời"
    assert ws[g6.location.cell or ""].value == dt.datetime(2012, 8, 25)


def test_json_of_a_yaml_check_has_no_sheet_key() -> None:
    text = to_json([run(DOSSIER)])
    assert '"sheet"' not in text and '"cell"' not in text
    book = json.loads(to_json([run(WORKBOOK)]))
    locations = [f["location"] for r in book["results"] for f in r["findings"]]
    assert all({"sheet", "cell", "line", "column", "file"} == set(loc) for loc in locations)


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit", "github", "markdown"])
def test_every_format_names_the_sheet_and_cell(fmt: str) -> None:
    result = run(WORKBOOK)
    report = CheckReport([result], bundled_rules())
    out = render_check(fmt, report)  # type: ignore[arg-type]
    first = result.findings[0].location
    assert f"{first.sheet}!{first.cell}" in out or (fmt == "sarif" and f'"cell": "{first.cell}"' in out)
    if fmt == "github":
        assert "line=" not in out  # a workbook has no lines to annotate
    if fmt == "sarif":
        sarif = json.loads(out)
        loc = sarif["runs"][0]["results"][0]["locations"][0]
        assert "region" not in loc["physicalLocation"]
        assert loc["logicalLocations"][0]["fullyQualifiedName"] == f"{first.sheet}!{first.cell}"


def test_cli_check_of_a_workbook_and_of_a_folder_with_both(tmp_path: Path) -> None:
    r = runner.invoke(app, ["check", str(WORKBOOK), "--format", "json"])
    assert r.exit_code == 1, r.stderr
    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(DOSSIER.read_bytes())
    (folder / "b.xlsx").write_bytes(WORKBOOK.read_bytes())
    (folder / "~$b.xlsx").write_bytes(b"lock file of a spreadsheet")  # skipped
    for jobs in ("1", "2"):
        r = runner.invoke(app, ["check", str(folder), "--format", "json", "--jobs", jobs])
        assert r.exit_code == 1, r.stderr
        files = [res["file"] for res in json.loads(r.stdout)["results"]]
        assert [Path(f).name for f in files] == ["a.yaml", "b.xlsx"]


def test_openpyxl_is_not_imported_for_a_yaml_check() -> None:
    code = "import sys; from hiepy_rules import check; check(sys.argv[1]); print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code, str(DOSSIER)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- positions of input errors ----------------------------------------------------------------


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        read_proposal(path, display=path.name)
    return [p.render() for p in exc.value.problems]


def test_a_wrong_value_is_located_at_its_cell(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Chức danh"]
        ws.cell(row=find_row(ws, 1, "tp-tccb"), column=4).value = 0  # level must be ≥ 1

    path = edited(tmp_path / "p.xlsx", edit)
    row = find_row(load_workbook(path)["Chức danh"], 1, "tp-tccb")
    [line] = _problems(path)
    assert line.startswith(f"p.xlsx:Chức danh!D{row}: error: ")


def test_a_dangling_candidate_is_located_at_its_candidacy(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["Quy hoạch"]["B5"].value = "nobody"

    [line] = _problems(edited(tmp_path / "p.xlsx", edit))
    assert line.startswith("p.xlsx:Quy hoạch!B5: error: ") and "nobody" in line


def test_an_unknown_column_is_located_at_its_header(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Cán bộ"]
        ws["S1"] = "Quê quán"
        ws["S3"] = "Quảng Trị"

    [line] = _problems(edited(tmp_path / "p.xlsx", edit))
    assert line.startswith("p.xlsx:Cán bộ!S1: error: ") and "Quê quán" in line


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["Chức danh"].delete_cols(4)  # Bậc

    [line] = _problems(edited(tmp_path / "p.xlsx", edit))
    assert line.startswith("p.xlsx:Chức danh!A1: error: ") and "Bậc" in line


def test_english_headers_and_sheet_names_read_the_same(tmp_path: Path) -> None:
    proposal, doc = read_proposal(DOSSIER)
    path = tmp_path / "en.xlsx"
    path.write_bytes(workbook_bytes(proposal, lang="en", doc=doc))
    assert "Titles" in load_workbook(path).sheetnames
    again, _ = read_proposal(path)
    assert again == proposal


def test_sheet_and_column_names_without_marks_are_accepted() -> None:
    sheet = find_sheet("CAN BO")
    assert sheet is not None and sheet.key == "cadres"
    column = find_column(sheet, "ho va ten")
    assert column is not None and column.name == "name"
    assert find_column(sheet, "Lấy phiếu tín nhiệm: Tín nhiệm") is not find_column(
        sheet, "Lấy phiếu tín nhiệm: Tín nhiệm cao"
    )


def test_spreadsheet_habits_become_the_model_s_types(tmp_path: Path) -> None:
    """Numbers kept as text, dd/mm/yyyy dates, có/không, a number in a text column, whole floats."""

    def edit(wb: Workbook) -> None:
        ws = wb["Kết quả giới thiệu"]
        ws["E2"] = "38"
        ws["F2"] = 45.0
        ws["I2"] = "10/08/2012"
        units = wb["Đơn vị"]
        units[f"B{find_row(units, 1, 'Công tác tại địa phương')}"] = "có"
        wb["Đề án"][f"B{find_row(wb['Đề án'], 1, 'Giai đoạn quy hoạch')}"] = 2015

    proposal, _ = read_proposal(edited(tmp_path / "p.xlsx", edit))
    vote = proposal.votes[0]
    assert (vote.yes, vote.convened, vote.held_on) == (38, 45, dt.date(2012, 8, 10))
    assert proposal.unit.works_locally is True
    assert proposal.period == "2015"


# --- convert and init ----------------------------------------------------------------------------


def test_convert_both_ways_keeps_the_proposal_and_never_overwrites_the_input(tmp_path: Path) -> None:
    book, back = tmp_path / "d.xlsx", tmp_path / "d.yaml"
    assert runner.invoke(app, ["convert", str(DOSSIER), str(book)]).exit_code == 0
    assert runner.invoke(app, ["convert", str(book), str(back)]).exit_code == 0
    assert read_proposal(back)[0] == read_proposal(DOSSIER)[0]
    r = runner.invoke(app, ["convert", str(book), str(back)])
    assert r.exit_code == 2 and "--force" in r.stderr
    r = runner.invoke(app, ["convert", str(book), str(book), "--force"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["convert", str(book), str(tmp_path / "x.txt")])
    assert r.exit_code == 2


def test_convert_of_a_bad_workbook_says_where(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["Chức danh"]["D2"] = "một"

    bad = edited(tmp_path / "bad.xlsx", edit)
    r = runner.invoke(app, ["convert", str(bad), str(tmp_path / "bad.yaml")])
    assert r.exit_code == 2
    assert "Chức danh!D2" in r.stderr
    assert not (tmp_path / "bad.yaml").exists()


def test_init_writes_a_template_with_notes_and_drop_down_lists(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    r = runner.invoke(app, ["init", "--xlsx", str(path)])
    assert r.exit_code == 0, r.stderr
    assert runner.invoke(app, ["init", "--xlsx", str(path)]).exit_code == 2  # exists
    wb = load_workbook(path)
    assert [s.vi for s in SHEETS] == wb.sheetnames[: len(SHEETS)]
    titles = wb["Chức danh"]
    assert titles["C1"].value == "Cấp trưởng/cấp phó" and titles["C1"].comment is not None
    assert "head: cấp trưởng" in titles["C1"].comment.text
    lists = {str(dv.sqref)[0]: dv for dv in titles.data_validations.dataValidation}
    assert lists["C"].type == "list" and lists["C"].formula1 == '"head,deputy,other"'
    assert lists["D"].type == "whole" and (lists["D"].formula1, lists["D"].formula2) == ("1", "20")
    assert lists["E"].type == "list" and lists["E"].formula1 == '"TRUE,FALSE"'
    dates = [dv for dv in wb["Hiệp y"].data_validations.dataValidation if dv.type == "date"]
    assert len(dates) == 3  # requested_on, reply_due, replied_on


def test_a_filled_template_is_a_proposal(tmp_path: Path) -> None:
    raw = workbook_bytes(None)

    def fill(wb: Workbook) -> None:
        top = wb["Đề án"]
        top[f"B{find_row(top, 1, 'Mã đề án')}"] = "p1"
        top[f"B{find_row(top, 1, 'Ngày đề án')}"] = dt.datetime(2012, 9, 1)
        unit = wb["Đơn vị"]
        unit[f"B{find_row(unit, 1, 'Tên đơn vị')}"] = "Cục Thuế"
        unit[f"B{find_row(unit, 1, 'Loại đơn vị')}"] = "central_line_unit"
        wb["Chức danh"].append(["cuc-truong", "Cục trưởng", "head", 1, True])

    proposal, _ = read_proposal(edited(tmp_path / "p.xlsx", fill, raw))
    assert proposal.id == "p1" and proposal.titles[0].key is True


def test_template_without_data_names_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    path.write_bytes(workbook_bytes(None))
    lines = _problems(path)
    assert any(line.startswith("mau.xlsx:Đề án!A1: error: ") and "'id'" in line for line in lines)
