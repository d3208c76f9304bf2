"""The CI formats of ``hiepy check`` and ``hiepy lint``: SARIF, JUnit, GitHub annotations, Markdown.

Every bundled example is checked in one run (as a CI step would) and each format is read back
the way its consumer reads it: SARIF against the official 2.1.0 schema (vendored in tests/data),
JUnit with a standard XML parser, annotations line by line, Markdown as a table.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker
from typer.testing import CliRunner

from hiepy_rules.cli.app import app
from hiepy_rules.findings.model import CheckResult
from hiepy_rules.report import CheckReport, details, github, markdown
from tests.conftest import RunCli
from tests.helpers import DOSSIER, EXAMPLES, REPO, bundled_rules, example_files, relative, run

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
EXAMPLE_ARGS = [relative(p) for p in example_files()]
CLEAN = "examples/clean.yaml"  # a proposal lint finds nothing in


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so that the CLI names files as the goldens do."""
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="module")
def results() -> list[CheckResult]:
    return [run(p) for p in example_files()]


def check_out(hiepy: RunCli, *args: str) -> tuple[int, str]:
    result = hiepy("check", "--engine", "python", *args)
    return result.exit_code, result.stdout


@functools.cache
def check_all(*args: str) -> tuple[int, str]:
    """One run over every bundled example (as a CI step would), shared by the tests that read it."""
    result = CliRunner().invoke(app, ["check", "--engine", "python", *args, *EXAMPLE_ARGS])
    return result.exit_code, result.stdout


def counted_errors(results: list[CheckResult]) -> int:
    return sum(r.errors for r in results)


# --- SARIF ---------------------------------------------------------------------------------------


def sarif_validator() -> Draft7Validator:
    return Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker())


def test_the_vendored_sarif_schema_is_the_official_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert "reportingDescriptor" in schema["definitions"] and "suppression" in schema["definitions"]


@pytest.mark.usefixtures("at_repo")
def test_sarif_of_every_bundled_example_validates_against_the_schema(hiepy: RunCli, results: list[CheckResult]) -> None:
    status, out = check_all("--format", "sarif")
    log = json.loads(out)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    assert status == (1 if counted_errors(results) else 0)
    [sarif_run] = log["runs"]
    assert len(sarif_run["results"]) == sum(len(r.findings) for r in results)


@pytest.mark.usefixtures("at_repo")
def test_sarif_has_one_rule_per_provision_with_its_citation_in_both_languages(hiepy: RunCli) -> None:
    _, out = check_out(hiepy, "--format", "sarif", relative(DOSSIER))
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    rs = bundled_rules()
    assert [r["id"] for r in rules] == [loc.provision.id for pack in rs.packs for loc in pack.provisions]
    for rule in rules:
        p = rs.by_id[rule["id"]][1].provision
        assert p.source.document in rule["help"]["text"] and p.source.article in rule["help"]["text"]
        assert p.text.vi in rule["help"]["text"] and p.text.en in rule["help"]["text"]
        assert p.name.vi in rule["shortDescription"]["text"] and p.name.en in rule["shortDescription"]["text"]
        assert rule["properties"]["citation"]["vi"].startswith(p.source.document)


@pytest.mark.usefixtures("at_repo")
def test_sarif_results_stand_at_the_proposal_line_with_the_provision_as_related_location(
    hiepy: RunCli,
) -> None:
    _, out = check_out(hiepy, "--format", "sarif", relative(DOSSIER))
    sarif_run = json.loads(out)["runs"][0]
    findings = run(DOSSIER).findings
    assert len(sarif_run["results"]) == len(findings)
    rs = bundled_rules()
    for res, f in zip(sarif_run["results"], findings, strict=True):
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": f.location.file, "uriBaseId": "SRCROOT"}
        assert (loc["region"]["startLine"], loc["region"]["startColumn"]) == (f.location.line, f.location.column)
        assert res["ruleId"] == f.provisions[0]
        assert sarif_run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        related = [r["physicalLocation"] for r in res["relatedLocations"]]
        assert len(related) == len(f.provisions)
        for pid, rel in zip(f.provisions, related, strict=True):
            file, line, _ = rs.by_id[pid][1].where()
            assert rel["artifactLocation"] == {"uri": Path(file).as_posix(), "uriBaseId": "SRCROOT"}
            assert rel["region"]["startLine"] == line
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
    # a conflict names both provisions as related locations
    assert any(len(r["relatedLocations"]) == 2 for r in sarif_run["results"])
    assert sarif_run["originalUriBaseIds"] == {"SRCROOT": {"uri": REPO.as_uri() + "/"}}
    assert sarif_run["tool"]["driver"]["informationUri"].startswith("https://")


@pytest.mark.usefixtures("at_repo")
def test_every_sarif_rule_has_help_waivers_and_lint_contradictions_included(hiepy: RunCli, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - provision: quang-tri-2012.G6\n    subject: consultations[1].reply_due\n"
        "    approved_by: Ban Thường vụ Tỉnh ủy Quảng Trị\n    decision: 1-QĐ/TU\n    valid_until: 2000-01-01\n",
        encoding="utf-8",
    )
    _, out = check_out(hiepy, "--format", "sarif", relative(DOSSIER), "--waivers", str(waivers))
    log = json.loads(out)
    assert list(sarif_validator().iter_errors(log)) == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {"hiepy.waiver-expired", "hiepy.waiver-unused"} <= {r["id"] for r in rules}
    assert all(r["help"]["text"].strip() and r["help"]["markdown"].strip() for r in rules)
    # a waivers file outside the repository: an absolute file URI, never ../
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"] for loc in r["locations"]
    ]
    assert uris and not any(u.startswith("..") for u in uris)
    assert any(u.startswith("file://") and u.endswith("waivers.yaml") for u in uris)
    from hiepy_rules.report import sarif

    assert sarif._lint_help("contradiction").startswith("Hai điều khoản không thể cùng")


@pytest.mark.usefixtures("at_repo")
def test_sarif_of_lint_validates(hiepy: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "notes.yaml"
    bad.write_text("title: not hiepy\n", encoding="utf-8")
    result = hiepy("lint", "--format", "sarif", CLEAN, str(bad))
    log = json.loads(result.stdout)
    assert list(sarif_validator().iter_errors(log)) == []
    [res] = log["runs"][0]["results"]
    assert res["level"] == "error" and res["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert result.exit_code == 2


# --- JUnit ---------------------------------------------------------------------------------------


def judged_count(r: CheckResult) -> int:
    """Provisions in force on the proposal's date in the packs that judged it, counted from the rules."""
    import datetime as dt

    day = dt.date.fromisoformat(r.as_of)
    packs = {p.id for p in r.packs}
    rs = bundled_rules()
    return sum(
        1
        for pack in rs.packs
        if pack.id in packs
        for loc in pack.provisions
        if pack.manifest.in_force.covers(day) and pack.in_force(loc.provision).covers(day)
    )


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("fail_on", ["error", "warning", "info"])
def test_junit_parses_and_its_counts_match_the_findings(
    hiepy: RunCli, results: list[CheckResult], fail_on: str
) -> None:
    status, out = check_all("--format", "junit", "--fail-on", fail_on)
    root = ET.fromstring(out.encode("utf-8"))
    rank = {"error": 0, "warning": 1, "info": 2}
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.file for r in results]
    total_failures = 0
    for suite, r in zip(suites, results, strict=True):
        cases = suite.findall("testcase")
        assert len(cases) == judged_count(r) == int(suite.get("tests", "-1"))
        failing = {
            pid
            for f in r.findings
            if f.kind != "overridden" and rank[f.severity] <= rank[fail_on]
            for pid in f.provisions
        }
        failed = {c.get("name") for c in cases if c.find("failure") is not None}
        assert failed == failing
        assert int(suite.get("failures", "-1")) == len(failing)
        for c in cases:
            failure = c.find("failure")
            if failure is not None:
                mine = [f for f in r.findings if c.get("name") in f.provisions]
                assert failure.get("message") in [f.message.vi for f in mine]
        total_failures += len(failing)
    assert int(root.get("failures", "-1")) == total_failures
    assert int(root.get("tests", "-1")) == sum(judged_count(r) for r in results)
    assert status == (1 if total_failures else 0)


@pytest.mark.usefixtures("at_repo")
@pytest.mark.usefixtures("english")  # its English wording
def test_junit_reports_an_unreadable_proposal_as_an_error(hiepy: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("unit: [\n", encoding="utf-8")
    status, out = check_out(hiepy, "--format", "junit", str(broken), relative(EXAMPLES / "clean.yaml"))
    root = ET.fromstring(out.encode("utf-8"))
    assert root.get("errors") == "1"
    [error] = root.iter("error")
    assert "invalid YAML" in (error.get("message") or "")
    assert status == 2


JUNIT_XSD = Path(__file__).resolve().parent / "data" / "junit-jenkins.xsd"


def assert_valid_junit(text: str) -> None:
    """Valid against Jenkins' JUnit schema (vendored), by an XSD validator (xmlschema, the test extra)."""
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    errors = [str(e.reason) for e in schema.iter_errors(ET.fromstring(text.encode("utf-8")))]
    assert errors == []


@pytest.mark.usefixtures("at_repo")
def test_junit_of_check_lint_and_waivers_is_valid_against_the_jenkins_schema(hiepy: RunCli, tmp_path: Path) -> None:
    _, out = check_all("--format", "junit")
    assert_valid_junit(out)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - provision: quang-tri-2012.G6\n    subject: consultations[1].reply_due\n"
        "    approved_by: Ban Thường vụ Tỉnh ủy Quảng Trị\n    decision: 1-QĐ/TU\n    valid_until: 2012-12-31\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("unit: [\n", encoding="utf-8")
    _, out = check_out(hiepy, "--format", "junit", relative(DOSSIER), str(broken), "--waivers", str(waivers))
    assert "<skipped" in out and "<error" in out
    assert_valid_junit(out)
    assert_valid_junit(hiepy("lint", "--format", "junit", "rules", str(broken)).stdout)


def test_the_junit_schema_rejects_skipped_on_testsuites() -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    assert schema.is_valid(ET.fromstring('<testsuites tests="0" failures="0" errors="0"/>'))
    assert not schema.is_valid(ET.fromstring('<testsuites tests="0" failures="0" errors="0" skipped="0"/>'))


# --- GitHub annotations --------------------------------------------------------------------------


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    command, _, props = head.partition(" ")
    fields = dict(p.split("=", 1) for p in props.split(","))
    return command, fields, message


@pytest.mark.usefixtures("at_repo")
def test_github_annotations_carry_the_right_lines(hiepy: RunCli, results: list[CheckResult]) -> None:
    status, out = check_all("--format", "github")
    lines = out.splitlines()
    findings = [f for r in results for f in r.findings]
    assert len(lines) == len(findings)
    for line, f in zip(lines, findings, strict=True):
        command, fields, message = parse_annotation(line)
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        assert fields["file"] == github.escape_property(f.location.file)
        assert (int(fields["line"]), int(fields["col"])) == (f.location.line, f.location.column)
        assert "\n" not in message and message.startswith(github.escape_data(f.message.vi))
    assert status == (1 if counted_errors(results) else 0)


def test_workflow_command_escaping() -> None:
    assert github.escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    line = github.annotation("warning", "two\nlines", file="dir,x/a:b.yaml", line=3, col=0, title="T")
    assert line == "::warning file=dir%2Cx/a%3Ab.yaml,line=3,title=T::two%0Alines\n"


# --- Markdown -------------------------------------------------------------------------------------


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the Markdown tables in ``text`` (cells split on unescaped pipes)."""
    rows = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = i + 1 < len(lines) and lines[i + 1].startswith("|---")
        if line.startswith("| ") and not header:
            cells = [c.strip() for c in line.strip("|").replace("\\|", "\x00").split("|")]
            rows.append([c.replace("\x00", "|") for c in cells])
    return rows


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markdown_is_one_table_row_per_finding(hiepy: RunCli, lang: str) -> None:
    findings = run(DOSSIER).findings
    _, out = check_out(hiepy, "--format", "markdown", "--lang", lang, relative(DOSSIER))
    rows = table_rows(out)
    assert len(rows) == len(findings)
    assert all(len(row) == 7 for row in rows)
    for row, f in zip(rows, findings, strict=True):
        # the message, then what it folds in and the share under each reading (report/details.py)
        message = f.message.vi if lang == "vi" else f.message.en
        assert row[5] == markdown.cell("\n".join([message, *details.detail_lines(f, lang)]))  # type: ignore[arg-type]
        assert f"{f.location.file}:{f.location.line}:{f.location.column}" in row[4]
    header = "| # | Mức | Loại |" if lang == "vi" else "| # | Severity | Kind |"
    assert header in out


def test_markdown_cells_stay_on_one_line() -> None:
    assert markdown.cell("a | b\nc") == "a \\| b<br>c"


# --- --fail-on, --output, determinism ---------------------------------------------------------------


@pytest.mark.usefixtures("at_repo")
def test_fail_on_sets_what_makes_exit_1(hiepy: RunCli) -> None:
    # L1's violating example has only a notice (info): it passes unless --fail-on info
    example = relative(EXAMPLES / "rules" / "quang-tri-2012.L1.violates.yaml")
    assert {f.severity for f in run(EXAMPLES / "rules" / "quang-tri-2012.L1.violates.yaml").findings} == {"info"}
    assert check_out(hiepy, example)[0] == 0
    assert check_out(hiepy, "--fail-on", "warning", example)[0] == 0
    assert check_out(hiepy, "--fail-on", "info", example)[0] == 1
    # G2's has a warning: it fails from --fail-on warning
    example = relative(EXAMPLES / "rules" / "quang-tri-2012.G2.violates.yaml")
    assert check_out(hiepy, example)[0] == 0
    assert check_out(hiepy, "--fail-on", "warning", example)[0] == 1


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_output_file_gets_exactly_what_stdout_would(hiepy: RunCli, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    args = ["--format", fmt, relative(DOSSIER)]
    status, out = check_out(hiepy, *args, "--output", str(target))
    assert out == ""
    assert status == 1
    if fmt != "text":  # the text report's width follows the terminal
        assert target.read_text(encoding="utf-8") == check_out(hiepy, *args)[1]
    else:
        assert "Cục Thuế" in target.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == [target.name]


@pytest.mark.usefixtures("at_repo")
def test_output_failure_leaves_nothing_and_exits_2(hiepy: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.sarif"
    result = hiepy("check", "--engine", "python", "--format", "sarif", relative(DOSSIER), "--output", str(target))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert not target.parent.exists()


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hiepy_rules import atomic

    target = tmp_path / "report.json"
    target.write_text("old\n", encoding="utf-8")

    def boom(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["report.json"]  # the temporary file is gone
    monkeypatch.undo()
    atomic.write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "markdown"])
def test_every_format_is_deterministic(hiepy: RunCli, fmt: str) -> None:
    args = ["--format", fmt, relative(DOSSIER), *(relative(p) for p in sorted((EXAMPLES / "conflicts").glob("*.yaml")))]
    assert check_out(hiepy, *args)[1] == check_out(hiepy, *args)[1]
    if fmt == "sarif":  # and a fresh run over every example gives what the shared run gave
        assert check_out(hiepy, "--format", "sarif", *EXAMPLE_ARGS)[1] == check_all("--format", "sarif")[1]


@pytest.mark.usefixtures("at_repo")
def test_default_text_and_json_are_unchanged_by_the_new_formats(hiepy: RunCli) -> None:
    from hiepy_rules.report.json import to_json

    status, out = check_out(hiepy, "--format", "json", relative(DOSSIER))
    assert out == to_json([run(DOSSIER)])
    assert status == 1
    assert "waiver" not in out


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("fmt", ["json", "junit", "github", "markdown"])
def test_lint_formats(hiepy: RunCli, tmp_path: Path, fmt: str) -> None:
    bad = tmp_path / "notes.yaml"
    bad.write_text("title: not hiepy\n", encoding="utf-8")
    result = hiepy("lint", "--format", fmt, CLEAN, str(bad))
    assert result.exit_code == 2
    out = result.stdout
    if fmt == "json":
        [problem] = json.loads(out)["problems"]
        assert (problem["line"], problem["severity"], problem["code"]) == (1, "error", "kind")
    elif fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        cases = {c.get("name"): c for c in root.iter("testcase")}
        assert cases[CLEAN].find("failure") is None  # a clean path given is a passing case
        assert any(c.find("failure") is not None for name, c in cases.items() if name != CLEAN)
        assert root.get("failures") == "1"
    elif fmt == "github":
        [line] = out.splitlines()
        assert line.startswith("::error file=") and ",line=1,col=1," in line
    else:
        assert len(table_rows(out)) == 1


def test_check_report_counts_nothing_waived_or_overridden(results: list[CheckResult]) -> None:
    report = CheckReport(results, bundled_rules(), fail_on="info")
    assert report.failing() == any(f.kind != "overridden" for r in results for f in r.findings)


# --- Markdown escaping and size --------------------------------------------------------------------


def test_markdown_shows_proposal_text_as_written_never_as_markup() -> None:
    from hiepy_rules.report.markdown import cell, code

    assert cell("*x* <b>đậm</b> `a` | [l](u) a_b") == r"\*x\* &lt;b&gt;đậm&lt;/b&gt; \`a\` \| \[l\](u) a\_b"
    assert cell("dòng 1\ndòng 2") == "dòng 1<br>dòng 2"
    assert code("a`b|c") == r"``a`b\|c``"
    assert code("`x`", table=False) == "`` `x` ``"


@pytest.mark.usefixtures("at_repo")
def test_markdown_over_the_step_summary_limit_becomes_a_summary(hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    from hiepy_rules.report import markdown

    full = check_out(hiepy, "--format", "markdown", relative(DOSSIER))[1]
    summary = check_out(hiepy, "--format", "markdown-summary", relative(DOSSIER))[1]
    assert "| # |" in full and "| # |" not in summary
    assert summary.splitlines()[0] == full.splitlines()[0]
    monkeypatch.setattr(markdown, "STEP_SUMMARY_LIMIT", len(full.encode("utf-8")) - 1)
    guarded = check_out(hiepy, "--format", "markdown", relative(DOSSIER))[1]
    assert guarded.startswith("> Bảng đầy đủ vượt quá 1 MiB")
    assert guarded.endswith(summary)


def test_text_redirected_to_a_file_or_pipe_is_not_cut_at_80_columns(tmp_path: Path) -> None:
    long_name = tmp_path / ("thu-muc-co-ten-rat-dai-" * 4) / "de-an.yaml"
    long_name.parent.mkdir()
    long_name.write_bytes(DOSSIER.read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "hiepy_rules", "check", str(long_name)], capture_output=True, text=True, cwd=REPO
    )
    assert proc.returncode == 1
    assert str(long_name) in proc.stdout  # the file name whole, on one line
    assert any(len(line) > 80 for line in proc.stdout.splitlines())  # long lines are not wrapped
    out = tmp_path / "report.txt"
    subprocess.run([sys.executable, "-m", "hiepy_rules", "check", str(long_name), "-o", str(out)], cwd=REPO)
    assert out.read_text(encoding="utf-8") == proc.stdout  # a pipe gets what --output writes
