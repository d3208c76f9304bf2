"""What-if (``hiepy check --compare-as-of / --compare-rules``): findings that appear, disappear or change."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hiepy_rules.cli.whatif import compare, summary
from hiepy_rules.report import counts
from tests.conftest import RunCli
from tests.helpers import DOSSIER, EXAMPLES, REPO, bundled_rules, example_files, relative, run


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def whatif(hiepy: RunCli, *args: str) -> tuple[int, str, str]:
    done = hiepy("check", *args)
    return done.exit_code, done.stdout, done.stderr


@pytest.mark.usefixtures("at_repo")
def test_new_regulation_findings_are_new_between_2012_and_2026(hiepy: RunCli) -> None:
    status, out, _ = whatif(
        hiepy, relative(DOSSIER), "--as-of", "2012-09-01", "--compare-as-of", "2026-01-15", "--format", "json"
    )
    assert status == 1
    data = json.loads(out)
    assert data["baseline"]["as_of"] == "2012-09-01" and data["alternative"]["as_of"] == "2026-01-15"
    diffs = data["results"][0]["differences"]
    appeared = [d for d in diffs if d["change"] == "appeared"]
    cites_377 = [d for d in appeared if any(doc["number"] == "377-QĐ/TW" for doc in d["after"]["documents"])]
    assert cites_377, diffs
    assert all(any(p.startswith("national-2025.") for p in d["provisions"]) for d in cites_377)
    # none of them was there before: the baseline (2012) judges by no national-2025 provision
    before = run(DOSSIER)
    assert not any(p.startswith("national-2025.") for f in before.findings for p in f.provisions)
    assert {"national-2025.higher-titles-only"} <= {r["provision"] for r in data["summary"] if r["newly_fails"]}


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_lists_the_new_findings(hiepy: RunCli, fmt: str) -> None:
    status, out, _ = whatif(hiepy, relative(DOSSIER), "--compare-as-of", "2026-01-15", "--format", fmt)
    assert status == 1
    assert "national-2025.higher-titles-only" in out
    if fmt == "html":
        root = ET.fromstring(out.encode("utf-8"))
        ns = {"h": "http://www.w3.org/1999/xhtml"}
        changes = root.findall(".//h:div[@class='change']", ns)
        # the 377-QĐ/TW findings are new; others may change as 377 sets a 2012 provision aside
        new = [c for c in changes if "national-2025." in "".join(c.itertext())]
        assert new and all(c.get("data-change") == "appeared" for c in new)
    if fmt == "text":
        assert "phát hiện mới" in out
    english = whatif(hiepy, relative(DOSSIER), "--compare-as-of", "2026-01-15", "--format", fmt, "--lang", "en")[1]
    assert ("appears" in english) if fmt != "html" else ('lang="en"' in english)


@pytest.mark.usefixtures("at_repo")
def test_other_rules_make_findings_disappear(hiepy: RunCli) -> None:
    status, out, _ = whatif(hiepy, relative(DOSSIER), "--compare-rules", "rules/national-2012", "--format", "json")
    assert status == 1
    diffs = json.loads(out)["results"][0]["differences"]
    assert diffs and all(d["change"] == "disappeared" for d in diffs)
    assert all(any(not p.startswith("national-2012.") for p in d["provisions"]) for d in diffs)
    kept = [f for f in run(DOSSIER).findings if all(p.startswith("national-2012.") for p in f.provisions)]
    assert len(diffs) == len(run(DOSSIER).findings) - len(kept)


@pytest.mark.usefixtures("at_repo")
def test_the_same_judgement_is_no_difference(hiepy: RunCli) -> None:
    status, out, _ = whatif(hiepy, relative(DOSSIER), "--compare-as-of", "2012-09-01")
    assert status == 0
    assert "Không có khác biệt" in out


@pytest.mark.usefixtures("at_repo")
def test_folder_summary_counts_proposals_per_provision(hiepy: RunCli) -> None:
    status, out, _ = whatif(hiepy, "examples", "--compare-as-of", "2026-01-15", "--format", "json")
    assert status == 1
    data = json.loads(out)
    workbooks = sorted((REPO / "examples").rglob("*.xlsx"))  # a folder check reads workbooks too
    assert len(data["results"]) == len(example_files()) + len(workbooks)
    day = dt.date(2026, 1, 15)
    fails: dict[str, int] = {}
    for path in [*example_files(), *workbooks]:
        before, after = run(path), run_on(path, day)
        old = {(tuple(f.provisions), f.subject.fact) for f in before.findings if counts(f, "error")}
        new = {(tuple(f.provisions), f.subject.fact) for f in after.findings if counts(f, "error")}
        for pid in sorted({p for key in new - old for p in key[0]}):
            fails[pid] = fails.get(pid, 0) + 1
    assert {r["provision"]: r["newly_fails"] for r in data["summary"] if r["newly_fails"]} == fails


def run_on(path: Path, day: dt.date):  # type: ignore[no-untyped-def]
    from hiepy_rules.pipeline import check

    return check(path, rules=bundled_rules(), as_of=day, engine="python", display=relative(path))


def test_a_finding_that_changes_is_reported_as_changed() -> None:
    before = run(DOSSIER)
    first = before.findings[0]
    softer = first.model_copy(update={"severity": "info"})
    after = before.model_copy(update={"findings": [softer, *before.findings[1:]]})
    diff = compare(before, after)
    assert [(d.change, d.before, d.after) for d in diff.differences] == [("changed", first, softer)]
    rows = summary([diff])
    if counts(first, "error"):
        assert all(r["newly_passes"] == 1 for r in rows) and {r["provision"] for r in rows} == set(first.provisions)


@pytest.mark.usefixtures("at_repo")
def test_bad_usage_is_one_line_exit_2(hiepy: RunCli) -> None:
    status, _, err = whatif(hiepy, relative(DOSSIER), "--compare-as-of", "2026-13-45")
    assert status == 2 and err.count("\n") == 1
    status, _, err = whatif(hiepy, relative(DOSSIER), "--compare-as-of", "2026-01-15", "--format", "sarif")
    assert status == 2 and err.count("\n") == 1
    status, _, err = whatif(hiepy, relative(DOSSIER), "--compare-rules", str(EXAMPLES / "nowhere"))
    assert status == 2


def test_fast_path_reads_the_what_if_options() -> None:
    from hiepy_rules.cli import main as cli_fast

    kw = cli_fast.parse(
        ["check", "a.yaml", "--compare-as-of", "2026-01-15", "--compare-rules", "r1", "--compare-rules=r2"]
    )
    assert kw is not None
    assert kw["compare_as_of"] == "2026-01-15" and kw["compare_rules"] == [Path("r1"), Path("r2")]
