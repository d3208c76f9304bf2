"""``hiepy rules``: every provision of the packs, JSON or a table, the same every time; ``--version``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.version import __version__

RunCli = Callable[..., Result]

REQUIRED = {
    "id",
    "pack",
    "document",
    "issuer",
    "issued",
    "article",
    "text",
    "in_force",
    "severity",
    "modality",
    "subject",
    "status",
    "interpretation",
}


def _rows(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_json_lists_every_bundled_provision_with_both_texts(hiepy: RunCli) -> None:
    rs = load_rules()
    assert not [p.render() for p in rs.problems if p.severity == "error"]
    expected = [loc.provision.id for pack in rs.packs for loc in pack.provisions]
    assert expected, "the bundled packs hold no provision"
    rows = _rows(hiepy("rules", "--format", "json"))
    assert [r["id"] for r in rows] == expected
    for r in rows:
        assert r.keys() >= REQUIRED, r["id"]
        assert r["text"]["vi"].strip() and r["text"]["en"].strip(), r["id"]
        assert set(r["in_force"]) == {"from", "until"}


def test_json_is_deterministic_with_sorted_keys(hiepy: RunCli) -> None:
    first = hiepy("rules", "--format", "json").stdout
    assert first == hiepy("rules", "--format", "json").stdout
    for row in json.loads(first):
        assert list(row) == sorted(row)


def test_json_row_of_a_fixture_pack(rules_root: Path, hiepy: RunCli) -> None:
    rows = _rows(hiepy("rules", "rules", "--format", "json"))
    assert [r["id"] for r in rows] == ["demo.L2", "demo.G6"]
    assert rows[0] == {
        "article": "Điều 2",
        "basis": ["1-NQ/TW"],
        "derive": None,
        "document": "2-QĐ/TU",
        "id": "demo.L2",
        "in_force": {"from": "2010-01-01", "until": None},
        "interpretation": None,
        "issued": "2008-03-03",
        "issuer": "province",
        "modality": "must",
        "name": {"en": "At least 2 cadres", "vi": "Tối thiểu 2 cán bộ"},
        "pack": "demo",
        "replaced_by": None,
        "severity": "error",
        "status": "seed",
        "subject": "title",
        "text": {"en": "at least 2 cadres must be planned", "vi": "tối thiểu phải quy hoạch 2 cán bộ"},
    }


def test_the_default_is_the_bundled_rules(hiepy: RunCli) -> None:
    root = Path(os.path.relpath(bundled_rules_dir()))
    assert hiepy("rules", "--format", "json").stdout == hiepy("rules", str(root), "--format", "json").stdout


def test_text_is_a_table_vietnamese_first(rules_root: Path, hiepy: RunCli) -> None:
    result = hiepy("rules", "rules")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "demo: Gói thử / Demo pack" in out
    assert "L2" in out and "G6" in out
    assert out.index("Tối thiểu 2 cán bộ") < out.index("At least 2 cadres")
    assert out == hiepy("rules", "rules").stdout


def test_rules_that_do_not_load_are_one_line_and_status_2(
    rules_root: Path, write: Callable[..., Path], hiepy: RunCli
) -> None:
    write("rules/demo/bad.yaml", "provisions: [\n")
    write("rules/demo/worse.yaml", "provisions: 3\n")
    result = hiepy("rules", "rules")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "hiepy: bộ quy định không nạp được: rules/demo/bad.yaml:2:1: error: YAML không hợp lệ: thiếu giá trị: sau "
        "dấu '-' hay ':' cần một giá trị (và 1 lỗi khác: chạy `hiepy lint`)"
    ]


def test_a_missing_rules_path(tmp_path: Path, hiepy: RunCli) -> None:
    result = hiepy("rules", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "không có tệp hay thư mục này" in result.stderr


def test_version(hiepy: RunCli) -> None:
    result = hiepy("--version")
    assert (result.exit_code, result.stdout) == (0, f"hiepy {__version__}\n")


def test_usage_errors_exit_2(hiepy: RunCli) -> None:
    assert hiepy("lint").exit_code == 2
    assert hiepy("rules", "--format", "xml").exit_code == 2


def test_a_file_is_not_a_rules_folder(rules_root: Path, hiepy: RunCli) -> None:
    result = hiepy("rules", "rules/demo/rules.yaml", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == "hiepy: rules/demo/rules.yaml is not a folder: give a rules root or a pack folder\n"
    vi = hiepy("rules", "rules/demo/rules.yaml")  # Vietnamese by default
    assert (vi.exit_code, vi.stderr) == (
        2,
        "hiepy: rules/demo/rules.yaml không phải thư mục: hãy chỉ ra thư mục gốc bộ quy định hoặc thư mục một gói\n",
    )
    # diff says the same, and a missing rule set is its one problem line, with no trailer after it
    for lang, words in (("vi", "không phải thư mục"), ("en", "is not a folder")):
        d = hiepy("--lang", lang, "diff", "rules/demo/rules.yaml", "rules")
        assert d.exit_code == 2 and words in d.stderr and len(d.stderr.splitlines()) == 1
    missing = hiepy("diff", "no-such-rules", "rules")
    assert missing.exit_code == 2 and missing.stderr.splitlines() == [
        "no-such-rules: error: không có tệp hay thư mục này"
    ]
