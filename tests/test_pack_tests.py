"""``hiepy test``: pack tests beside the rules, their differences when they fail, and provision coverage."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from hiepy_rules.lint.pack_tests import PackTestFile, load_test_file
from hiepy_rules.lint.runner import classify, lint_paths
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from tests.conftest import RunCli
from tests.helpers import REPO, RULE_EXAMPLES, bundled_rules

pytestmark = pytest.mark.usefixtures("english")  # the English wording; test_lint_codes.py: Vietnamese

ENGINE = ("--engine", "python")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled rules and rule examples (as rules/ and examples/rules/), as the cwd."""
    shutil.copytree(bundled_rules_dir(), tmp_path / "rules")
    shutil.copytree(RULE_EXAMPLES, tmp_path / "examples" / "rules")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit_cases(path: Path, keep: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["tests"] = [c for c in data["tests"] if keep(c)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def passed_and_failed(out: str) -> tuple[int, int]:
    m = re.search(r"^(\d+) passed, (\d+) failed$", out, re.M)
    assert m, out
    return int(m[1]), int(m[2])


# --- the bundled packs ------------------------------------------------------------------------------


def test_the_bundled_packs_pass_their_tests_with_full_coverage(hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Done-when: every provision of every bundled pack (whatever packs exist) is covered both ways."""
    monkeypatch.chdir(REPO)
    result = hiepy("test", *ENGINE, "--coverage", "--threshold", "100")
    assert result.exit_code == 0, result.stdout + result.stderr
    provisions = sorted(bundled_rules().by_id)
    assert f"coverage: {len(provisions)}/{len(provisions)} provisions = 100.0 %" in result.stdout
    passed, failed = passed_and_failed(result.stdout)
    assert failed == 0 and passed >= 2 * len(provisions)


def test_every_example_pair_is_run_by_a_pack_test() -> None:
    """The packs' example tests live in the pack tests (by path, not copied)."""
    referenced = set()
    for pack in bundled_rules().packs:
        for f in sorted((pack.directory / "tests").glob("*.yaml")):
            for case in load_test_file(f, bundled_rules()).cases:
                if isinstance(case.case.proposal, str):
                    referenced.add((f.parent / case.case.proposal).resolve())
    missing = [p.name for p in sorted(RULE_EXAMPLES.glob("*.yaml")) if p.resolve() not in referenced]
    assert missing == [], "add a case for each example to its pack's tests/"


def test_the_pack_loader_ignores_the_tests_folder(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), root)
    # a file in tests/ that would load as a rule file if the loader walked into tests/
    pack = next(p for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file())
    rule_file = next(f for f in sorted(pack.glob("*.yaml")) if f.name != "pack.yaml")
    shutil.copyfile(rule_file, pack / "tests" / "looks-like-rules.yaml")
    rs = load_rules([root])
    assert [p for p in rs.problems if p.severity == "error"] == []
    assert sorted(rs.by_id) == sorted(bundled_rules().by_id)
    assert all("tests" not in Path(loc.doc.file).parts for p in rs.packs for loc in p.provisions)


# --- failing tests, filters, coverage gaps ------------------------------------------------------------


def covered(out: str) -> tuple[int, int]:
    m = re.search(r"^coverage: (\d+)/(\d+) provisions", out, re.M)
    assert m, out
    return int(m[1]), int(m[2])


def test_a_provision_that_loses_its_tests_fails_the_threshold(hiepy: RunCli, tree: Path) -> None:
    before = hiepy("test", *ENGINE, "rules", "--coverage")
    assert re.search(r"^\s+ok  quang-tri-2012\.G6 ", before.stdout, re.M), before.stdout
    qt = tree / "rules" / "quang-tri-2012" / "tests" / "examples.yaml"
    edit_cases(qt, lambda c: c["name"] != "G6 violates")  # the only test that sees G6 fire
    result = hiepy("test", *ENGINE, "rules", "--threshold", "100")
    assert result.exit_code == 1
    assert re.search(r"^\s+GAP quang-tri-2012\.G6\s+fires: NONE", result.stdout, re.M), result.stdout
    assert "below the threshold 100 %" in result.stderr
    assert passed_and_failed(result.stdout)[1] == 0  # every remaining test passes: only coverage fails
    ok, total = covered(before.stdout)
    assert covered(result.stdout) == (ok - 1, total)
    # a threshold at the new share accepts the gap
    assert hiepy("test", *ENGINE, "rules", "--threshold", str(100 * (ok - 1) / total - 0.01)).exit_code == 0


def test_a_failing_test_shows_the_difference(hiepy: RunCli, tree: Path) -> None:
    mv = tree / "rules" / "ministry-variant-2012" / "tests" / "examples.yaml"
    text = mv.read_text(encoding="utf-8")
    mv.write_text(text.replace('kind: violation, subject: "unit"}', 'kind: notice, subject: "unit"}', 1))
    result = hiepy("test", *ENGINE, "rules/ministry-variant-2012")
    assert result.exit_code == 1
    out = result.stdout
    assert re.search(r"^FAIL rules/ministry-variant-2012/tests/examples\.yaml:\d+ M2 violates$", out, re.M), out
    assert "    missing:    ministry-variant-2012.M2 notice (subject unit)" in out
    assert re.search(
        r"    unexpected: ministry-variant-2012\.M2 violation \(error\) at examples/rules/\S+:\d+:\d+", out
    )
    assert passed_and_failed(out)[1] == 1


def test_k_selects_tests_by_name(hiepy: RunCli, tree: Path) -> None:
    result = hiepy("test", *ENGINE, "-k", "h1 VIOL")
    assert result.exit_code == 0
    assert passed_and_failed(result.stdout) == (1, 0)
    assert "national-2012/tests/examples.yaml" in result.stdout
    nothing = hiepy("test", *ENGINE, "-k", "no such test")
    assert nothing.exit_code == 1 and "no test ran" in nothing.stderr


def test_a_test_file_path_runs_only_that_file(hiepy: RunCli, tree: Path) -> None:
    result = hiepy("test", *ENGINE, "rules/national-2012/tests/examples.yaml", "--coverage")
    assert result.exit_code == 0
    assert passed_and_failed(result.stdout) == (2, 0)
    assert "coverage: 1/1 provisions = 100.0 %" in result.stdout


# --- the format --------------------------------------------------------------------------------------


def write_pack_test(tree: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tree / "rules" / "national-2012" / "tests" / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


INLINE = """\
tests:
  - name: inline H1 violation
    as_of: 2012-09-01
    proposal:
      id: inline
      date: 2012-09-01
      unit: {name: Cục Thống kê, kind: central_line_unit, ministry: Bộ KH&ĐT, province: Huế,
        works_locally: true, party_membership_local: true}
      titles:
        - {id: ct, name: Cục trưởng, role: head, level: 1, key: false, candidates: [a]}
      cadres:
        - {id: a, name: Nguyễn Văn A}
    expect:
      - {provision: national-2012.H1, kind: violation, subject: "matter:planning:ct", severity: error}
  - name: not exact, with a silent provision
    proposal: ../../../examples/rules/national-2012.H1.complies.yaml
    exact: false
    silent: [national-2012.H1]
"""


def test_an_inline_proposal_is_checked_at_its_lines_in_the_test_file(hiepy: RunCli, tree: Path) -> None:
    path = write_pack_test(tree, INLINE)
    result = hiepy("test", *ENGINE, str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert passed_and_failed(result.stdout) == (2, 0)
    lf = load_test_file(path, load_rules([tree / "rules"]))
    assert lf.problems == [] and lf.cases[0].doc is not None
    line, _ = lf.cases[0].doc.where(("titles", 0, "candidates"))
    assert line == 10  # the inline proposal's own line in the test file


def test_silent_fails_when_the_provision_fires_or_is_not_judged(hiepy: RunCli, tree: Path) -> None:
    path = write_pack_test(
        tree,
        """\
        tests:
          - name: H1 is not silent here
            proposal: ../../../examples/rules/national-2012.H1.violates.yaml
            exact: false
            silent: [national-2012.H1]
          - name: M1 is not judged outside its ministry
            proposal: ../../../examples/rules/national-2012.H1.complies.yaml
            silent: [ministry-variant-2012.M1]
        """,
    )
    out = hiepy("test", *ENGINE, str(path)).stdout
    assert "    not silent: national-2012.H1 violation (error)" in out
    assert "    not judged: ministry-variant-2012.M1 (not in force on 2012-09-01, or its pack does not apply)" in out
    assert passed_and_failed(out) == (0, 2)


def test_a_bad_test_file_is_bad_input_with_positions(hiepy: RunCli, tree: Path) -> None:
    path = write_pack_test(
        tree,
        """\
        tests:
          - name: one
            proposal: missing.yaml
            expect: [{provision: national-2012.H9, kind: violation}]
          - name: one
            proposal: ../../../examples/rules/national-2012.H1.violates.yaml
            expect: [{provision: national-2012.H1, kind: breach}]
        """,
    )
    result = hiepy("test", *ENGINE, str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    shown = "rules/national-2012/tests/extra.yaml"
    assert lines == [
        f"{shown}:7:50: error: tests[1].expect[0].kind: 'breach' is not allowed; write one of: violation, conflict, "
        "overridden, notice, indeterminate",
    ], result.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("breach", "violation"), encoding="utf-8")
    lines = hiepy("test", *ENGINE, str(path)).stderr.splitlines()
    assert lines == [
        f"{shown}:3:15: error: no proposal file 'missing.yaml' (paths are relative to this test file)",
        f"{shown}:4:26: error: unknown provision 'national-2012.H9'",
        f"{shown}:5:11: error: duplicate test name 'one' (first is tests[0])",
    ]


def test_a_path_outside_any_pack_is_bad_input(hiepy: RunCli, tree: Path) -> None:
    stray = tree / "stray.yaml"
    stray.write_text("tests: []\n", encoding="utf-8")
    result = hiepy("test", *ENGINE, str(stray))
    assert result.exit_code == 2 and "not a pack test file" in result.stderr
    assert hiepy("test", *ENGINE, "nowhere").exit_code == 2


# --- lint knows test files ------------------------------------------------------------------------------


def test_lint_recognises_a_pack_test_file() -> None:
    assert classify({"tests": []}) == "tests"
    assert PackTestFile.model_json_schema()["properties"]["tests"]["title"]


def test_lint_checks_the_pack_tests_of_a_rules_root(tree: Path) -> None:
    write_pack_test(
        tree,
        """\
        tests:
          - name: typo
            proposal: ../../../examples/rules/national-2012.H1.violates.yaml
            expect: [{provision: national-2012.HI, kind: violation}]
        """,
    )
    problems = [p.render() for p in lint_paths([Path("rules")]) if p.severity == "error"]
    assert problems == ["rules/national-2012/tests/extra.yaml:4:26: error: unknown provision 'national-2012.HI'"]
    assert [p.render() for p in lint_paths([Path("rules/national-2012/tests/extra.yaml")])] == problems


def test_lint_warns_about_a_test_file_outside_a_pack(tree: Path) -> None:
    stray = tree / "stray.yaml"
    stray.write_text(
        "tests:\n  - name: x\n    proposal: examples/rules/national-2012.H1.violates.yaml\n", encoding="utf-8"
    )
    [problem] = lint_paths([stray])
    assert problem.severity == "warning" and "<pack>/tests/" in problem.en
