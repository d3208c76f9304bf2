"""Waivers (``hiepy check --waivers``): accepted exceptions, shown but not counted, judged on the check's date.

The H1 violating example has one error finding (``national-2012.H1`` at ``titles[0].candidates``,
fact ``matter:planning:cuc-truong``), checked as of its date 2012-09-01: without a waiver the
check exits 1.
"""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hiepy_rules.findings.waivers import apply, load_waivers
from hiepy_rules.report import CheckReport
from tests.conftest import RunCli
from tests.helpers import EXAMPLES, REPO, bundled_rules, relative, run

H1 = EXAMPLES / "rules" / "national-2012.H1.violates.yaml"
G6 = EXAMPLES / "rules" / "quang-tri-2012.G6.violates.yaml"
DAY = "2012-09-01"  # the date both examples are judged on


def waivers_file(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "waivers.yaml"
    body = "".join(textwrap.indent(textwrap.dedent(e).strip("\n"), "  ") + "\n" for e in entries)
    path.write_text("waivers:\n" + body, encoding="utf-8")
    return path


def h1_waiver(valid_until: str = "2012-12-31", subject: str = "titles[0].candidates") -> str:
    return f"""
    - provision: national-2012.H1
      subject: "{subject}"
      approved_by: Ban Thường vụ Tỉnh ủy Thừa Thiên Huế
      decision: 45-QĐ/TU
      valid_until: {valid_until}
    """


@pytest.fixture(autouse=True)
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def check(hiepy: RunCli, waivers: Path, *args: str, example: Path = H1) -> tuple[int, str, str]:
    r = hiepy("check", "--engine", "python", relative(example), "--waivers", str(waivers), *args)
    return r.exit_code, r.stdout, r.stderr


def test_without_a_waiver_the_example_fails() -> None:
    [f] = run(H1).findings
    assert (f.kind, f.severity, f.subject.path) == ("violation", "error", "titles[0].candidates")
    assert run(H1).as_of == DAY


@pytest.mark.parametrize("subject", ["titles[0].candidates", "matter:planning:cuc-truong"])
def test_a_waived_finding_is_shown_as_waived_and_not_counted(hiepy: RunCli, tmp_path: Path, subject: str) -> None:
    status, out, err = check(hiepy, waivers_file(tmp_path, h1_waiver(subject=subject)), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    [finding] = data["results"][0]["findings"]
    assert finding["kind"] == "violation" and finding["severity"] == "error"  # what it is stays visible
    assert finding["waiver"]["decision"] == "45-QĐ/TU"
    assert finding["waiver"]["valid_until"] == "2012-12-31"
    assert finding["waiver"]["line"] == 2
    assert finding["message"]["vi"].startswith("[miễn trừ theo 45-QĐ/TU")
    [status_entry] = data["waivers"]
    assert (status_entry["status"], status_entry["waived"]) == ("applied", 1)
    assert err == ""


def test_the_waiver_json_is_deterministic(hiepy: RunCli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, h1_waiver())
    assert check(hiepy, path, "--format", "json")[1] == check(hiepy, path, "--format", "json")[1]


def test_valid_on_its_last_day(hiepy: RunCli, tmp_path: Path) -> None:
    status, out, err = check(hiepy, waivers_file(tmp_path, h1_waiver(valid_until=DAY)), "--format", "json")
    assert status == 0, err
    assert json.loads(out)["waivers"][0]["status"] == "applied"


def test_expired_the_day_after_is_an_error_and_waives_nothing(hiepy: RunCli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, h1_waiver(valid_until="2012-08-31"))
    status, out, err = check(hiepy, path, "--format", "json")
    assert status == 1
    data = json.loads(out)
    [finding] = data["results"][0]["findings"]
    assert "waiver" not in finding
    assert (data["waivers"][0]["status"], data["waivers"][0]["waived"]) == ("expired", 0)
    [line] = err.splitlines()
    assert line.startswith(f"{path}:6:18: error: ") and "expired on 2012-08-31" in line and DAY in line


def test_as_of_decides_expiry(hiepy: RunCli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, h1_waiver(valid_until="2012-12-31"))
    assert check(hiepy, path, "--as-of", "2012-12-31")[0] == 0
    status, _, err = check(hiepy, path, "--as-of", "2013-01-01")
    assert status == 1 and "expired on 2012-12-31" in err


def test_an_expired_waiver_that_matches_nothing_is_still_an_error(hiepy: RunCli, tmp_path: Path) -> None:
    stale = h1_waiver(valid_until="2011-01-01", subject="titles[1].candidates")
    status, _, err = check(hiepy, waivers_file(tmp_path, stale), example=G6)
    assert status == 1 and ": error: " in err


def test_a_waiver_that_suppresses_nothing_is_a_warning(hiepy: RunCli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, h1_waiver(), h1_waiver(subject="titles[1].candidates"))
    status, out, err = check(hiepy, path, "--format", "json")
    assert status == 0  # the warning does not fail the check under --fail-on error ...
    assert [w["status"] for w in json.loads(out)["waivers"]] == ["applied", "unused"]
    [line] = err.splitlines()
    assert line.startswith(f"{path}:7:5: warning: ") and "waives no finding" in line
    assert check(hiepy, path, "--fail-on", "warning")[0] == 1  # ... but does under --fail-on warning


def test_a_waiver_counts_only_the_findings_it_suppressed(tmp_path: Path) -> None:
    # the first matching waiver takes the finding; a second one for the same finding is unused
    path = waivers_file(tmp_path, h1_waiver(), h1_waiver(subject="matter:planning:cuc-truong"))
    results, statuses = apply([run(H1)], load_waivers(path, bundled_rules()))
    assert [(s.status, s.waived) for s in statuses] == [("applied", 1), ("unused", 0)]
    assert statuses[1].problem is not None and statuses[1].problem.severity == "warning"
    assert sum(f.waiver is not None for f in results[0].findings) == 1


def test_a_waiver_for_another_proposal_does_not_apply(hiepy: RunCli, tmp_path: Path) -> None:
    other = h1_waiver().replace("      approved_by:", "      proposal: some-other-proposal\n      approved_by:")
    status, out, _ = check(hiepy, waivers_file(tmp_path, other), "--format", "json")
    assert status == 1
    assert json.loads(out)["waivers"][0]["status"] == "unused"


def test_the_python_api_does_not_count_a_waived_error(tmp_path: Path) -> None:
    [result] = apply([run(H1)], load_waivers(waivers_file(tmp_path, h1_waiver()), bundled_rules()))[0]
    assert result.errors == 0
    assert not CheckReport([result], bundled_rules()).failing()


@pytest.mark.parametrize(
    ("entry", "where", "message"),
    [
        (h1_waiver().replace("national-2012.H1", "national-2012.H9"), ":2:16: error: ", "unknown provision"),
        (h1_waiver().replace("valid_until: 2012-12-31", "valid_until: soon"), ":6:18: error: ", "valid_until"),
        (h1_waiver().replace("      decision: 45-QĐ/TU\n", ""), ":2:5: error: ", "decision"),
    ],
)
def test_a_bad_waivers_file_is_bad_input(hiepy: RunCli, tmp_path: Path, entry: str, where: str, message: str) -> None:
    path = waivers_file(tmp_path, entry)
    status, out, err = check(hiepy, path)
    assert status == 2
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith(str(path) + where) and message in line and "Traceback" not in err


def test_sarif_marks_a_waived_result_as_suppressed(hiepy: RunCli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, h1_waiver(), h1_waiver(subject="titles[1].candidates"))
    status, out, _ = check(hiepy, path, "--format", "sarif")
    assert status == 0
    results = json.loads(out)["runs"][0]["results"]
    waived = [r for r in results if r.get("suppressions")]
    assert len(waived) == 1 and waived[0]["ruleId"] == "national-2012.H1"
    [suppression] = waived[0]["suppressions"]
    assert suppression["kind"] == "external" and "45-QĐ/TU" in suppression["justification"]
    unused = [r for r in results if r["ruleId"] == "hiepy.waiver-unused"]
    assert len(unused) == 1 and unused[0]["level"] == "warning"


def test_junit_skips_a_waived_provision(hiepy: RunCli, tmp_path: Path) -> None:
    status, out, _ = check(hiepy, waivers_file(tmp_path, h1_waiver()), "--format", "junit")
    assert status == 0
    root = ET.fromstring(out.encode("utf-8"))
    [h1] = [c for c in root.iter("testcase") if c.get("name") == "national-2012.H1"]
    skipped = h1.find("skipped")
    assert skipped is not None and "45-QĐ/TU" in (skipped.get("message") or "")
    assert root.get("failures") == "0" and root.get("skipped") is None  # Jenkins' schema: not on <testsuites>
    assert sum(int(suite.get("skipped", "0")) for suite in root.iter("testsuite")) == 1


def test_github_shows_a_waived_finding_as_a_notice(hiepy: RunCli, tmp_path: Path) -> None:
    status, out, _ = check(hiepy, waivers_file(tmp_path, h1_waiver()), "--format", "github")
    assert status == 0
    [line] = out.splitlines()
    assert line.startswith("::notice file=examples/rules/national-2012.H1.violates.yaml,line=")


def test_markdown_lists_the_waivers(hiepy: RunCli, tmp_path: Path) -> None:
    _, out, _ = check(hiepy, waivers_file(tmp_path, h1_waiver()), "--format", "markdown")
    assert "miễn trừ: 45-QĐ/TU" in out and "## Miễn trừ" in out and "đã áp dụng" in out
