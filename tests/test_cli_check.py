"""`hiepy check` through the CLI: exit statuses, the JSON contract, options, no shared state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hiepy_rules
import hiepy_rules.version
from hiepy_rules.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_clean_proposal_exits_0() -> None:
    code, out, _ = run(str(EXAMPLES / "clean.yaml"))
    assert code == 0
    assert "Không phát hiện vấn đề nào" in out


def test_error_finding_exits_1_and_reports_in_vietnamese() -> None:
    code, out, _ = run(str(EXAMPLES / "conflicts" / "C1.yaml"))
    assert code == 1
    assert "XUNG ĐỘT" in out and "Ban Bí thư" in out and "Cách sửa" in out


def test_english_report() -> None:
    code, out, _ = run(str(EXAMPLES / "conflicts" / "C1.yaml"), "--lang", "en")
    assert code == 1
    assert "CONFLICT" in out and "escalate to" in out and "XUNG ĐỘT" not in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id: x\ndate: 2012-09-01\nunit: [1, 2\n", ":4:1: error: YAML không hợp lệ"),
        (
            "id: x\ndate: 2012-09-01\nunit: {name: A, kind: other}\ntitles: []\n",
            ":4:9: error: titles: quá ngắn: tối thiểu 1 mục",
        ),
        (
            "id: x\ndate: 2012-09-01\nunit: {name: A, kind: other}\n"
            "titles:\n  - {id: t, name: T, role: head, level: 1, key: true, candidates: [ghost]}\n",
            ":5:68: error: không có cán bộ mã 'ghost' trong 'cadres'",
        ),
        (
            "id: x\ndate: 2012-09-01\nunit: {name: A, kind: other, colour: red}\ntitles: []\n",
            ":3:30: error: unit: trường lạ 'colour'",
        ),
    ],
)
def test_bad_proposal_exits_2_with_position(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 2
    assert f"{path}{expected}" in err, err
    assert "Traceback" not in out + err


def test_missing_file_and_bad_date_exit_2() -> None:
    code, _, err = run("no/such/file.yaml")
    assert code == 2 and "no/such/file.yaml: error: không có tệp này" in err
    code, _, err = run(str(EXAMPLES / "clean.yaml"), "--as-of", "2012-02-30")
    assert code == 2 and "--as-of" in err


def test_json_contract_is_sorted_and_complete() -> None:
    code, out, _ = run(str(EXAMPLES / "conflicts" / "C3.yaml"), "--format", "json")
    assert code == 0  # an unresolved withdrawn permission is a warning; the ministry's side is inside it
    payload = json.loads(out)
    assert out == json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert payload["hiepy"] == hiepy_rules.version.__version__
    [result] = payload["results"]
    assert {"file", "proposal", "as_of", "packs", "findings"} <= set(result)
    for f in result["findings"]:
        assert {
            "kind",
            "severity",
            "provisions",
            "documents",
            "subject",
            "location",
            "message",
            "explanation",
            "fix",
        } <= set(f)
        assert set(f["location"]) == {"file", "line", "column"} and f["location"]["line"] > 0
        assert f["message"]["vi"] and f["message"]["en"]
        for d in f["documents"]:
            assert d["number"] and d["issuer"]["vi"] and d["article"] and d["text"]["vi"] and d["text"]["en"]
    conflict = next(f for f in result["findings"] if f["kind"] == "conflict")
    assert conflict["conflict"]["kind"] == "permission_withdrawn"
    assert [x["provisions"] for x in conflict["folded"]] == [["ministry-variant-2012.M3"]]


def test_as_of_before_every_pack_judges_by_nothing() -> None:
    code, out, _ = run(str(EXAMPLES / "conflicts" / "C1.yaml"), "--as-of", "2000-01-01", "--format", "json")
    result = json.loads(out)["results"][0]
    assert code == 0 and result["as_of"] == "2000-01-01" and result["findings"] == [] and result["packs"] == []


def test_engine_choice_gives_the_same_json() -> None:
    outs = {
        e: run(str(EXAMPLES / "cuc-thue-quang-tri-2012.yaml"), "--format", "json", "--engine", e)[1]
        for e in ("python", "auto")
    }
    assert outs["python"] == outs["auto"]


def test_checks_in_one_process_share_no_state() -> None:
    a, b = EXAMPLES / "conflicts" / "C1.yaml", EXAMPLES / "clean.yaml"
    first = hiepy_rules.to_json([hiepy_rules.check(a)])
    hiepy_rules.check(b)
    hiepy_rules.check(EXAMPLES / "cuc-thue-quang-tri-2012.yaml")
    assert hiepy_rules.to_json([hiepy_rules.check(a)]) == first
    assert hiepy_rules.check(b).findings == []


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00binary")
    proc = subprocess.run(
        [sys.executable, "-m", "hiepy_rules.cli.app", "check", str(bad)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{bad}:1:") and "Traceback" not in proc.stderr
