"""A finding's fix is a set of changes that, applied to the proposal, makes that finding go away.

For every violation and notice of every bundled example that carries ``fix.changes``: apply them
to the file's data (``changes.apply``), validate the result (schema and references), check it again,
and the finding (same provision, same subject fact) must be gone. Findings with no changes are
listed in ``NO_CHANGES`` with the reason, so a fix that stops being generated is noticed.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from hiepy_rules.findings.changes import apply
from hiepy_rules.findings.model import Finding
from tests.helpers import RULE_EXAMPLES, data_of, example_files, kinds, of, recheck, relative, run


def fixable() -> list[tuple[Path, int, Finding]]:
    out = []
    for path in example_files():
        for i, f in enumerate(run(path).findings):
            if f.kind in ("violation", "notice") and f.fix is not None and f.fix.changes:
                out.append((path, i, f))
    return out


def same(findings: list[Finding], finding: Finding) -> list[Finding]:
    """The findings of the same provision(s) on the same subject fact."""
    return [f for f in findings if f.provisions == finding.provisions and f.subject.fact == finding.subject.fact]


def without_changes() -> set[tuple[str, str, str]]:
    return {
        (path.stem, f.provisions[0], f.subject.fact)
        for path in example_files()
        for f in run(path).findings
        if f.kind == "violation" and not (f.fix is not None and f.fix.changes)
    }


#: Violations whose fix is words only, and why. (example, provision, subject fact) → reason.
NO_CHANGES: dict[tuple[str, str, str], str] = {}

CASES = fixable()


def test_there_are_fixes_to_try() -> None:
    # the dossier alone has fixable findings of three provisions besides its conflicts
    assert len(CASES) >= 30
    dossier = {f.provisions[0] for path, _, f in CASES if path.stem == "cuc-thue-quang-tri-2012"}
    # the ministry's violations sit inside their unresolved conflicts (brief decision 9)
    assert dossier == {
        "quang-tri-2012.G6",
        "quang-tri-2012.L2-target",
        "quang-tri-2012.L5-advice",
    }


@pytest.mark.parametrize(
    ("path", "index", "finding"),
    CASES,
    ids=[f"{relative(p)}:{f.provisions[0]}@{f.subject.fact}" for p, _, f in CASES],
)
def test_applying_the_fix_removes_the_finding(path: Path, index: int, finding: Finding) -> None:
    assert finding.fix is not None
    data = data_of(path)
    before = copy.deepcopy(data)
    fixed = apply(data, finding.fix.changes)
    assert data == before, "apply must not modify its input"
    assert fixed != data
    result = recheck(fixed)
    assert same(result.findings, finding) == [], kinds(result)
    # the unchanged proposal, checked the same way, still has it (the fix, not the re-check, removed it)
    assert same(recheck(data).findings, finding)


def test_violations_without_changes_are_the_known_ones() -> None:
    found = without_changes()
    assert found == set(NO_CHANGES), {k: NO_CHANGES.get(k, "NEW: give a reason or generate a fix") for k in found}
    assert len(found) == len(NO_CHANGES) == 0


def test_fix_words_are_given_in_both_languages() -> None:
    for path, _, f in CASES:
        assert f.fix is not None
        assert f.fix.vi.strip() and f.fix.en.strip(), (relative(path), f.provisions)
        assert f.fix.vi != f.fix.en


def test_unknown_change_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown change"):
        apply({"titles": []}, [{"op": "rename_everything"}])


def test_l3_violation_has_a_fix() -> None:
    [f] = of(run(RULE_EXAMPLES / "quang-tri-2012.L3.violates.yaml"), "quang-tri-2012.L3", "violation")
    assert f.fix is not None and f.fix.changes


@pytest.mark.parametrize(
    ("op", "actual", "bound", "delta"),
    [("ne", 2, 2, 1), ("ne", 3, 2, 0), ("ge", 1, 3, 2), ("le", 5, 3, -2), ("eq", 1, 3, 2), ("lt", 3, 3, -1)],
)
def test_the_count_a_fix_changes_meets_the_test(op: str, actual: int, bound: int, delta: int) -> None:
    from hiepy_rules.findings.fixes import _needed

    assert _needed(op, actual, bound) == delta
    ops = {"ne": int.__ne__, "ge": int.__ge__, "le": int.__le__, "eq": int.__eq__, "lt": int.__lt__}
    assert ops[op](actual + delta, bound)


def test_no_fix_adds_or_removes_nothing() -> None:
    """A count already allowed gets no count fix, never "remove 0 cadres"."""
    from hiepy_rules.compile.factset import build_facts
    from hiepy_rules.compile.logic import RecordIndex
    from hiepy_rules.findings.fix_context import FixContext
    from hiepy_rules.findings.fixes import _count_fix
    from hiepy_rules.pipeline import read_proposal

    proposal, _ = read_proposal(example_files()[0])
    facts = {f["id"]: f for f in build_facts(proposal)}
    ctx = FixContext(proposal, facts, RecordIndex(facts.values()))
    title = next(f for f in facts.values() if f["type"] == "title")
    assert _count_fix("candidate_count", title, 0, ctx) is None
    fix = _count_fix("candidate_count", title, 1, ctx)
    assert fix is not None and fix.vi.startswith("Quy hoạch thêm 1 cán bộ")
