"""Proposals written afresh from the seed's situations (tests/data/unseen), not tuned on any example:
each conflict counted once, a provision set aside silent, a share shown under every reading, messages
that say what the proposal says, and no offered fix that adds an error (both engines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hiepy_rules.engine import durable_available
from hiepy_rules.findings.changes import apply
from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.report.json import to_json
from tests.helpers import data_of, recheck

UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"
FILES = sorted(UNSEEN.glob("*.yaml"))
ENGINES: list[Any] = [
    "python",
    pytest.param("durable", marks=pytest.mark.skipif(not durable_available(), reason="durable-rules not installed")),
]

Key = tuple[str, tuple[str, ...], str]


def check(name: str, engine: str = "python", **changes: Any) -> tuple[dict[str, Any], CheckResult]:
    data = data_of(UNSEEN / f"{name}.yaml")
    data.update(changes)
    return data, recheck(data, engine=engine)  # type: ignore[arg-type]


def counted(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.kind not in ("overridden",) and f.waiver is None]


def key(f: Finding) -> Key:
    return (f.kind, tuple(f.provisions), f.subject.fact)


def broken(result: CheckResult) -> set[Key]:
    """Every error-level violation or conflict, those folded inside a conflict included (moving an
    undecided clash from one side to the other is not a fix)."""
    out = {key(f) for f in counted(result) if f.severity == "error"}
    out |= {key(g) for f in counted(result) if f.kind == "conflict" and f.severity == "error" for g in f.folded}
    return out


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_conflict_is_counted_once_and_a_provision_set_aside_is_silent(path: Path, engine: str) -> None:
    _, result = check(path.stem, engine)
    top = [key(f) for f in result.findings]
    assert len(top) == len(set(top)), "a finding twice"
    for f in result.findings:
        for g in f.folded:  # shown inside, never also counted on its own
            assert key(g) not in top, (key(f), key(g))
    conflicts = [f for f in result.findings if f.kind == "conflict"]
    sides = [(tuple(sorted(f.provisions)), f.subject.fact) for f in conflicts]
    assert len(sides) == len(set(sides)), "one clash reported twice"
    for f in result.findings:
        if f.kind != "overridden" or f.conflict is None:
            continue
        loser = f.conflict.precedence.overridden
        assert loser is not None
        assert [key(g) for g in counted(result) if loser in g.provisions] == [], f"{loser} is set aside but speaks"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_offered_fix_adds_an_error(path: Path, engine: str) -> None:
    data, result = check(path.stem, engine)
    before = broken(result)
    for f in result.findings:
        if f.fix is None or not f.fix.changes:
            continue
        after = recheck(apply(data, f.fix.changes), engine=engine)  # type: ignore[arg-type]
        assert key(f) not in {key(g) for g in after.findings}, f.fix.en
        assert broken(after) <= before, (f.fix.en, sorted(broken(after) - before))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_both_engines_give_the_same_report(path: Path) -> None:
    if not durable_available():
        pytest.skip("durable-rules not installed")
    assert to_json([check(path.stem, "python")[1]]) == to_json([check(path.stem, "durable")[1]])


def test_one_deputy_and_one_candidate_is_one_clash_for_the_secretariat() -> None:
    _, result = check("one-deputy-one-candidate")
    [c] = [f for f in result.findings if f.kind == "conflict"]
    assert set(c.provisions) == {"ministry-variant-2012.M2", "quang-tri-2012.L2"} and c.severity == "error"
    assert c.fix is not None and c.fix.changes == [] and "Secretariat" in c.fix.en
    # the province's side is shown inside the clash, with what the proposal says: one cadre planned
    [inside] = c.folded
    assert inside.provisions == ["quang-tri-2012.L2"] and "cadres planned: 1" in inside.message.en
    assert [f for f in counted(result) if f.kind == "violation"] == []
    # no advice that breaks the ministry's cap: the target of 3 cannot be offered as a change
    [target] = [f for f in result.findings if f.kind == "notice" and f.subject.fact == "title:pho-giam-doc"]
    assert target.fix is not None and target.fix.changes == [] and "ministry-variant-2012.M2" in target.fix.en


def test_a_rule_set_aside_by_the_2025_national_rule_takes_no_part_in_a_clash() -> None:
    _, result = check("incumbent-2026")
    [o] = [f for f in result.findings if f.kind == "overridden"]
    assert o.conflict is not None and o.conflict.precedence.overridden == "quang-tri-2012.L3"
    assert o.severity == "info" and [g.provisions for g in o.folded] == [["quang-tri-2012.L3"]]
    assert [f for f in result.findings if "quang-tri-2012.L3" in f.provisions and f is not o] == []
    assert all(f.severity != "error" for f in result.findings)
    # before the 2025 rule the same proposal is a clash between the province and the ministry (L3 × M1)
    _, before = check("incumbent-2026", date="2012-10-15", dossier=None)
    assert [f for f in before.findings if f.kind == "conflict" and "quang-tri-2012.L3" in f.provisions]


def test_an_incumbent_planned_for_a_higher_title_meets_both_rules() -> None:
    data, result = check("incumbent-higher")
    assert [f for f in result.findings if f.severity != "info"] == []
    # planned again for the post she holds instead, the two rules clash, and the change that resolves it
    # (a higher title) is offered rather than "cannot be fixed"
    titles = data["titles"]
    titles[1]["candidates"] = []
    titles[2]["candidates"] = ["nguyen-thi-ha"]
    clash = recheck(data)
    [c] = [f for f in clash.findings if f.kind == "conflict"]
    assert set(c.provisions) == {"ministry-variant-2012.M1", "quang-tri-2012.L3"}
    assert c.fix is not None and c.fix.en.startswith("Can be met in the proposal") and c.fix.changes
    fixed = recheck(apply(data, c.fix.changes))
    assert [f for f in fixed.findings if set(f.provisions) & set(c.provisions)] == []


def test_a_share_is_shown_under_every_reading_with_its_verdict() -> None:
    _, result = check("votes-three-readings")
    shown = [g for f in result.findings for g in (f, *f.folded) if g.readings]
    assert shown
    for g in shown:
        assert [(r.over, r.count, r.denominator, r.percent, r.holds) for r in g.readings] == [
            ("convened", 25, 50, 50.0, False),
            ("present", 25, 40, 62.5, True),
            ("valid", 25, 38, 65.8, True),
        ]
        assert "25/50" in g.message.en and "= 50.0%" in g.message.en
    for f in result.findings:  # a fix that depends on the reading says under which one it is needed
        if f.fix is not None and f.fix.changes and any(g.readings for g in (f, *f.folded)):
            assert "only when counted over members convened" in f.fix.en
            assert "members present, valid ballots" in f.fix.en


def test_a_report_sent_directly_is_said_so_at_its_channel() -> None:
    _, result = check("report-direct")
    [h2] = [f for f in result.findings if f.provisions == ["quang-tri-2012.H2"]]
    assert h2.subject.path == "reports[0].via"
    assert "through: directly" in h2.message.en and "trực tiếp" in h2.message.vi
    assert "no report" not in h2.message.en
    # an appointment-only dossier: the key head title is not a plan left without consultation
    assert [f.subject.title for f in result.findings] == ["pho-cuc-truong", "pho-cuc-truong"]


def test_an_appointment_only_dossier_gets_no_planning_checks() -> None:
    _, result = check("appointment-only")
    assert result.findings == []
    skipped = {n.provision for n in result.not_applicable}
    assert {
        "ministry-variant-2012.M1",
        "ministry-variant-2012.M3",
        "quang-tri-2012.L2",
        "quang-tri-2012.G2",
        "quang-tri-2012.G4-notify",
    } <= skipped
    # the same dossier as a planning proposal: the key titles without candidates are found
    _, planning = check("appointment-only", dossier={"kinds": ["planning", "appointment"]})
    assert [f for f in planning.findings if "quang-tri-2012.L2" in f.provisions]
