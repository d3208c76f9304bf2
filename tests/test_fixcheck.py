"""Every offered fix, applied, removes its finding and adds no error (brief decision 10).

Over every bundled example and over generated proposals, under each engine: each finding whose fix
carries changes is fixed in a copy of the proposal, the copy checked again, and the errors after
must be among the errors before (less the finding fixed). Where no fix exists, the finding says so
with no changes, and "cannot be fixed" is said of a conflict only when the search found nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from hiepy_rules.engine import durable_available
from hiepy_rules.engine.base import EngineName
from hiepy_rules.findings.changes import apply
from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems
from tests.budget import examples
from tests.helpers import CONFLICT_EXAMPLES, DOSSIER, data_of, example_files, kinds, recheck, relative, run
from tests.strategies import proposals

ENGINES: list[Any] = [
    "python",
    pytest.param(
        "durable", marks=pytest.mark.skipif(not durable_available(), reason="durable-rules is not installed here")
    ),
]


def errors(result: CheckResult) -> set[tuple[str, tuple[str, ...], str]]:
    return {
        (f.kind, tuple(f.provisions), f.subject.fact)
        for f in result.findings
        if f.severity == "error" and f.kind != "overridden" and f.waiver is None
    }


def key(f: Finding) -> tuple[str, tuple[str, ...], str]:
    return (f.kind, tuple(f.provisions), f.subject.fact)


def assert_fixes_hold(data: dict[str, Any], result: CheckResult, engine: EngineName) -> int:
    """Apply each offered fix; return how many were tried."""
    before = errors(result)
    tried = 0
    for f in result.findings:
        if f.fix is None or not f.fix.changes:
            continue
        tried += 1
        after = recheck(apply(data, f.fix.changes), engine=engine)
        assert key(f) not in {key(g) for g in after.findings}, (f.fix.en, kinds(after))
        assert errors(after) <= before - {key(f)}, (f.fix.en, sorted(errors(after) - before))
    return tried


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", example_files(), ids=relative)
def test_every_offered_fix_of_every_example_adds_no_error(path: Path, engine: EngineName) -> None:
    assert_fixes_hold(data_of(path), run(path, engine=engine), engine)


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=proposals())
def test_every_offered_fix_of_a_generated_proposal_adds_no_error(engine: EngineName, data: dict[str, Any]) -> None:
    proposal = Proposal.model_validate(data)
    if reference_problems(proposal):
        return
    assert_fixes_hold(data, recheck(data, engine=engine), engine)


def test_a_clash_a_change_dissolves_gets_that_change_not_an_escalation() -> None:
    # the incumbent head of personnel planned again for the post held (M1 × L3): planned for a higher
    # title instead, she satisfies both
    [c] = [f for f in run(DOSSIER).findings if f.conflict and "ministry-variant-2012.M1" in f.provisions]
    assert c.fix is not None and c.fix.changes == [
        {"op": "remove_candidate", "title": "tp-tccb", "cadre": "nguyen-thi-thu-ha"},
        {"op": "add_candidate", "title": "pho-cuc-truong", "cadre": "nguyen-thi-thu-ha"},
    ]
    assert c.fix.en.startswith("Can be met in the proposal")
    # the head of the unit has no higher title: nothing in the proposal can satisfy both
    [c2] = [f for f in run(CONFLICT_EXAMPLES / "C2.yaml").findings if f.kind == "conflict"]
    assert c2.fix is not None and c2.fix.changes == [] and c2.fix.en.startswith("Cannot be fixed in the proposal")


def test_a_permission_not_used_dissolves_a_withdrawn_permission() -> None:
    for name in ("C3", "C4"):
        [c] = [f for f in run(CONFLICT_EXAMPLES / f"{name}.yaml").findings if f.kind == "conflict"]
        assert c.fix is not None and c.fix.changes, name


def test_a_fix_that_would_break_another_provision_is_not_offered() -> None:
    # two current deputies: a third candidate (the target of 3) would break the ministry's cap
    [n] = [f for f in run(CONFLICT_EXAMPLES / "C1-two-deputies.yaml").findings if f.kind == "notice"]
    assert n.fix is not None and n.fix.changes == []
    assert "ministry-variant-2012.M2" in n.fix.en and n.fix.en.startswith("No fix found")
