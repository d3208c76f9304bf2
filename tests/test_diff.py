"""``hiepy diff A B``: two rule sets topic by topic, each difference with a witness replayed against both sides."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hiepy_rules.analysis.diff import compare
from hiepy_rules.analysis.diff_report import render
from hiepy_rules.analysis.topics import DiffResult
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.pipeline import check

ROOT = bundled_rules_dir()
QT, MV = ROOT / "quang-tri-2012", ROOT / "ministry-variant-2012"


@pytest.fixture(scope="module")
def qt_vs_mv(tmp_path_factory: pytest.TempPathFactory) -> DiffResult:
    out = tmp_path_factory.mktemp("diff-witnesses")
    return compare(load_rules([QT]), load_rules([MV]), a_name="A", b_name="B", witness_dir=out)


def verdicts(r: DiffResult) -> dict[str, str]:
    return {t.key: t.verdict for t in r.topics}


def test_quang_tri_against_the_ministry_variant_topic_by_topic(qt_vs_mv: DiffResult) -> None:
    v = verdicts(qt_vs_mv)
    assert qt_vs_mv.compared == "together"  # a Quảng Trị unit of the Ministry of Finance, from 2012-07-23
    assert v["plan_size"] == "incompatible"  # C1
    assert v["membership"] == "incompatible"  # C2
    assert v["nomination"] == "b_stricter"  # C3: the ministry forbids what the province permits
    assert v["proceeds"] == "b_stricter"  # C4
    assert v["unit:planning_result_notified"] == "a_stricter"  # G2: the ministry says nothing
    assert v["consultation:reply_days"] == "a_stricter"  # G6
    assert v["unit:external_candidates"] == "equal"  # L1 only advises
    assert not qt_vs_mv.same
    nomination = next(t for t in qt_vs_mv.topics if t.key == "nomination")
    assert {"kind": "permission_withdrawn", "provisions": ["ministry-variant-2012.M3", "quang-tri-2012.L4"]} in (
        nomination.clashes
    )


def test_every_witness_is_accepted_by_one_side_and_rejected_by_the_other(qt_vs_mv: DiffResult) -> None:
    sides = {"a": load_rules([QT]), "b": load_rules([MV])}
    seen = 0
    for t in qt_vs_mv.topics:
        mine = {"a": {x.id for x in t.a}, "b": {x.id for x in t.b}}
        for w in t.witnesses:
            assert w.confirmed and w.path is not None, (t.key, w.note)
            seen += 1
            rejected = check(w.path, rules=sides[w.rejected_by], engine="python")
            accepted = check(w.path, rules=sides[w.accepted_by], engine="python")
            broken = {p for f in rejected.findings if f.kind == "violation" for p in f.provisions}
            kept = {p for f in accepted.findings if f.kind == "violation" for p in f.provisions}
            assert broken & mine[w.rejected_by] == set(w.violates) != set()
            assert not kept & mine[w.accepted_by], (t.key, w.path)
    assert seen >= 8


def test_text_table_in_vietnamese_a_drafter_reads_without_yaml(qt_vs_mv: DiffResult) -> None:
    text = render(qt_vs_mv, "text", "vi")
    for words in ("Chủ đề", "So sánh", "Đề án mẫu", "B chặt hơn", "A chặt hơn", "không quy định"):
        assert words in text
    assert "subject:" not in text and "must_not" not in text  # no YAML in sight
    en = render(qt_vs_mv, "text", "en")
    for words in ("Topic", "Verdict", "Witness", "stricter", "says nothing"):
        assert words in en


def test_markdown_is_a_side_by_side_table(qt_vs_mv: DiffResult) -> None:
    md = render(qt_vs_mv, "markdown", "vi").splitlines()
    assert md[0].startswith("# ")
    header = next(i for i, line in enumerate(md) if line.startswith("| Chủ đề"))
    assert md[header] == "| Chủ đề | A | B | So sánh | Đề án mẫu |" and md[header + 1] == "|---|---|---|---|---|"
    rows = [line for line in md[header + 2 :] if line.startswith("|")]
    assert len(rows) == len(qt_vs_mv.topics)
    assert any(
        "**không thể cùng thỏa mãn**" in r and "quang-tri-2012.L2" in r and "ministry-variant-2012.M2" in r
        for r in rows
    )
    # citations on both sides
    assert all("92-BC/TU" in r for r in rows if "không quy định" not in r)


def test_json_is_deterministic(tmp_path: Path, hiepy: Any) -> None:
    args = ["diff", str(QT), str(MV), "--format", "json", "--witness-dir", str(tmp_path / "w")]
    a, b = hiepy(*args), hiepy(*args)
    assert a.exit_code == b.exit_code == 1  # they differ
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    assert list(data) == sorted(data) and data["compared"] == "together" and data["same"] is False


def test_a_rule_set_against_itself_is_equal(hiepy: Any) -> None:
    result = hiepy("diff", str(MV), str(MV), "--format", "json")
    assert result.exit_code == 0
    assert {t["verdict"] for t in json.loads(result.stdout)["topics"]} == {"equal"}


def test_rule_sets_that_never_apply_together_are_compared_by_content() -> None:
    r = compare(
        load_rules([ROOT / "national-2017"]), load_rules([ROOT / "national-2025"]), a_name="2017", b_name="2025"
    )
    assert r.compared == "content"
    v = verdicts(r)
    assert v["plan_size"] == "b_stricter"  # at most three per title, from 377-QĐ/TW only
    assert all(w.confirmed for t in r.topics for w in t.witnesses)


@pytest.mark.usefixtures("english")  # its English wording
def test_bad_input_exit_2(hiepy: Any, tmp_path: Path) -> None:
    result = hiepy("diff", str(tmp_path / "nope"), str(MV))
    assert result.exit_code == 2 and "no such file or directory" in result.output


def test_a_folder_name_with_brackets_prints_as_written(hiepy: Any, tmp_path: Path) -> None:
    """rich read "[v2]" in "goi[v2]" as a style and dropped it: the text report named another folder."""
    copy = tmp_path / "goi[v2]"
    shutil.copytree(MV, copy / MV.name)
    shutil.copy(bundled_rules_dir() / "sources.yaml", copy / "sources.yaml")
    shutil.copy(bundled_rules_dir() / "authorities.yaml", copy / "authorities.yaml")
    result = hiepy("diff", str(copy), str(MV))
    assert result.exit_code in (0, 1), result.output
    assert f"A: {copy}" in result.stdout
