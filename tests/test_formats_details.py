"""Every CI format shows what a count would hide: a conflict shows the findings folded into it, and a
share whose verdict depends on the denominator shows its value and verdict under each reading
(members convened, present, valid ballots), in Vietnamese by default and in English with --lang en."""

from __future__ import annotations

import functools
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from hiepy_rules.cli.app import app
from hiepy_rules.findings.model import CheckResult, Finding, Words
from hiepy_rules.report import text as text_report
from tests.helpers import CONFLICT_EXAMPLES, DOSSIER, relative, run
from tests.test_formats import assert_valid_junit, sarif_validator

CONFLICT = CONFLICT_EXAMPLES / "C1.yaml"  # an unresolved clash, one side violated (folded into it)
SHARES = DOSSIER  # a vote share whose verdict depends on the reading

WORDS = {
    "vi": ("Gồm (không tính riêng)", "Tỷ lệ theo từng cách tính", "cách tính của quy định", "đạt mức của quy định"),
    "en": ("Includes (not counted separately)", "The share under each reading", "the provision's reading",
           "meets the provision's bound"),
}  # fmt: skip


def _finding(path: Path, *, folded: bool) -> Finding:
    return next(f for f in run(path).findings if (f.folded if folded else f.readings))


def _out(fmt: str, lang: str, *paths: Path) -> str:
    result = CliRunner().invoke(
        app, ["check", "--engine", "python", "--format", fmt, "--lang", lang, *(relative(p) for p in paths)]
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _figures(f: Finding) -> list[str]:
    return [f"{r.count}/{r.denominator} = {r.percent:.1f}%" for r in f.readings]


def _expected(lang: str) -> tuple[Finding, Finding, list[str]]:
    conflict, shares = _finding(CONFLICT, folded=True), _finding(SHARES, folded=False)
    folded_messages = [(sub.message.vi if lang == "vi" else sub.message.en) for sub in conflict.folded]
    return conflict, shares, folded_messages


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["github", "junit", "markdown", "markdown-summary", "sarif"])
def test_every_ci_format_shows_folded_findings_and_every_reading(fmt: str, lang: str) -> None:
    conflict, shares, folded_messages = _expected(lang)
    assert conflict.folded and len({r.over for r in shares.readings}) >= 2
    out = _out(fmt, lang, CONFLICT, SHARES)
    text = out
    if fmt == "sarif":
        text = "\n".join(r["message"]["text"] for r in json.loads(out)["runs"][0]["results"])
    elif fmt == "junit":
        text = "\n".join(e.text or "" for e in ET.fromstring(out).iter() if e.tag in ("failure", "system-out"))
    elif fmt == "github":
        text = out.replace("%0A", "\n").replace("%25", "%")
    if fmt.startswith("markdown"):
        text = text.replace("&gt;", ">").replace("&lt;", "<").replace("\\_", "_").replace("\\*", "*")
    heading_folded, heading_readings, mine, holds = WORDS[lang]
    assert heading_folded in text and heading_readings in text
    for message in folded_messages:
        assert message in text, message
    for figure in _figures(shares):
        assert figure in text, figure
    assert mine in text and holds in text
    other = WORDS["en" if lang == "vi" else "vi"]
    assert other[0] not in text and other[1] not in text  # one language


def test_sarif_carries_folded_findings_and_readings_as_data_and_stays_valid() -> None:
    conflict, shares, _ = _expected("vi")
    log = json.loads(_out("sarif", "vi", CONFLICT, SHARES))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)] == []
    results = log["runs"][0]["results"]
    [with_folded] = [r for r in results if "folded" in r["properties"] and r["properties"]["proposal"] == "C1"]
    assert [x["provisions"] for x in with_folded["properties"]["folded"]] == [s.provisions for s in conflict.folded]
    assert with_folded["properties"]["folded"][0]["location"]["line"] == conflict.folded[0].location.line
    read = [
        r["properties"]["readings"]
        for r in results
        if "readings" in r["properties"] and r["properties"]["subject"]["fact"] == shares.subject.fact
    ]
    assert [x["over"] for x in read[0]] == [r.over for r in shares.readings]
    assert [(x["count"], x["denominator"], x["holds"]) for x in read[0]] == [
        (r.count, r.denominator, r.holds) for r in shares.readings
    ]
    # a folded finding is no result of its own: it is counted inside the conflict only
    assert len(results) == len(run(CONFLICT).findings) + len(run(SHARES).findings)


def test_junit_with_folded_findings_and_readings_is_valid() -> None:
    assert_valid_junit(_out("junit", "en", CONFLICT, SHARES))


def test_the_text_report_prints_every_location_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rich reads ``:100:`` as an emoji code unless told not to: a finding on line 100 printed as
    ``de-an.yaml💯5``. The dossier is moved down by comment lines so that a finding sits on line 100."""
    first = min(f.location.line for f in run(DOSSIER).findings)
    moved = tmp_path / "de-an.yaml"
    moved.write_text("# dòng chú thích\n" * (100 - first) + DOSSIER.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    report = json.loads(runner.invoke(app, ["check", moved.name, "--format", "json"]).stdout)
    findings = report["results"][0]["findings"]
    assert any(f["location"]["line"] == 100 for f in findings)
    text = runner.invoke(app, ["check", moved.name]).stdout
    for f in findings:
        loc = f["location"]
        assert f"{loc['file']}:{loc['line']}:{loc['column']}" in text
    assert "💯" not in text


def _through_rich(items: list[text_report.Item]) -> str:
    out = io.StringIO()
    text_report.to_console(items, text_report.plain_console(out))
    return out.getvalue()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", [DOSSIER, *sorted(CONFLICT_EXAMPLES.glob("*.yaml"))], ids=lambda p: p.name)
def test_a_report_to_a_file_is_joined_without_rich_and_is_what_rich_writes(path: Path, lang: str) -> None:
    items = text_report.layout([run(path)], lang, text_report.WIDTH)
    joined = text_report.plain(items, text_report.WIDTH)
    assert joined is not None  # the bundled examples need nothing of rich
    assert joined == _through_rich(items)


_ODD = st.sampled_from(
    [
        "\t",
        "\r",
        "\x07",
        "\x1b[31m",
        "[bold]",
        "[/]",
        "\\[dim]",
        ":100:",
        "漢字",
        "e\u0301",
        "😀",
        "\n",
        "\u1100",
        "\u1160",
        "\u00ad",
    ]
)


@functools.cache
def _dossier_result() -> CheckResult:
    return run(DOSSIER)  # checked once: each example changes a copy of it


@given(
    st.lists(st.one_of(st.text(max_size=12), _ODD), max_size=6).map("".join),
    st.lists(st.one_of(st.text(max_size=12), _ODD), max_size=6).map("".join),
    st.integers(min_value=0, max_value=120),
)
def test_whatever_the_words_the_joined_report_is_rich_s_or_left_to_rich(message: str, name: str, pad: int) -> None:
    """Messages, file and title names with tabs, control characters, markup, emoji codes, wide and
    combining characters, and names long enough to fill a rule: the join writes rich's characters, or
    says it cannot (None) and rich writes them."""
    result = _dossier_result()
    first = result.findings[0]
    finding = first.model_copy(update={"message": Words(vi=message, en=message)})
    title = first.subject.title or "t"
    changed = result.model_copy(
        update={"findings": [finding, *result.findings[1:]], "file": name + "x" * pad, "titles": {title: name}}
    )
    assert isinstance(changed, CheckResult)
    for lang in ("vi", "en"):
        items = text_report.layout([changed], lang, text_report.WIDTH, {changed.file: {title: name}})
        joined = text_report.plain(items, text_report.WIDTH)
        if joined is not None:
            assert joined == _through_rich(items)
