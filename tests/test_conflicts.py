"""The report's four conflicts (research §1.3), each from its own minimal example, and the H1 → H2 chain.

C1 (L2 vs M2) and C2 (L3 vs M1) are *incompatible*: no choice the proposal could make meets both.
C3 (L4 vs M3) and C4 (L5 vs M4) are *permission withdrawn*: the proposal uses what the province
permits and the ministry forbids. Each pits a Provincial Standing Committee against a ministry's
Party committee, peers of equal rank, so none is resolved: the Secretariat must settle it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hiepy_rules.findings.model import Finding
from tests.helpers import CONFLICT_EXAMPLES, DOSSIER, RULE_EXAMPLES, kinds, of, run


@dataclass(frozen=True)
class Expected:
    kind: str
    local: str
    ministry: str
    subject: str
    windows: dict[str, str]  # provision → what its side allows (English)


CASES = {
    "C1": Expected(
        "incompatible",
        "quang-tri-2012.L2",
        "ministry-variant-2012.M2",
        "title:pho-giam-doc",
        {"quang-tri-2012.L2": "≥ 2 cadre(s)", "ministry-variant-2012.M2": "≤ 1 cadre(s)"},
    ),
    "C2": Expected(
        "incompatible",
        "quang-tri-2012.L3",
        "ministry-variant-2012.M1",
        "candidacy:cuc-truong:nguyen-van-an",
        {"quang-tri-2012.L3": "must be planned", "ministry-variant-2012.M1": "must not be planned"},
    ),
    "C3": Expected(
        "permission_withdrawn",
        "quang-tri-2012.L4",
        "ministry-variant-2012.M3",
        "unit",
        {
            "quang-tri-2012.L4": "permits: only: the competent authority",
            "ministry-variant-2012.M3": "only: all eligible civil servants and public employees",
        },
    ),
    "C4": Expected(
        "permission_withdrawn",
        "quang-tri-2012.L5",
        "ministry-variant-2012.M4",
        "vote:cuc-truong:tran-van-cuong:1",
        {
            "quang-tri-2012.L5": "permits: may go on to the next step",
            "ministry-variant-2012.M4": "must not go on to the next step",
        },
    ),
}


def conflicts(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "conflict"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_conflict_example_gives_exactly_one_conflict_of_its_kind(name: str) -> None:
    exp = CASES[name]
    result = run(CONFLICT_EXAMPLES / f"{name}.yaml")
    found = conflicts(result.findings)
    assert len(found) == 1, kinds(result)
    f = found[0]
    assert f.conflict is not None
    assert f.conflict.kind == exp.kind
    assert sorted(f.provisions) == sorted([exp.local, exp.ministry])
    assert f.subject.fact == exp.subject
    assert f.severity == ("error" if exp.kind == "incompatible" else "warning")


@pytest.mark.parametrize("name", sorted(CASES))
def test_conflict_shows_each_sides_window(name: str) -> None:
    exp = CASES[name]
    [f] = conflicts(run(CONFLICT_EXAMPLES / f"{name}.yaml").findings)
    assert f.conflict is not None
    sides = {s.provision: s for s in f.conflict.sides}
    assert set(sides) == {exp.local, exp.ministry}
    assert {p: s.allows.en for p, s in sides.items()} == exp.windows
    for s in sides.values():
        assert s.allows.vi and s.allows.vi != s.allows.en
    # the reason names both provisions; for an incompatible pair it says no choice satisfies both
    assert exp.local in f.conflict.reason.en and exp.ministry in f.conflict.reason.en
    if exp.kind == "incompatible":
        assert "no choice satisfies both" in f.conflict.reason.en
    else:
        assert f"uses what {exp.local} permits and {exp.ministry} forbids" in f.conflict.reason.en


@pytest.mark.parametrize("name", sorted(CASES))
def test_conflict_is_unresolved_and_names_the_secretariat(name: str) -> None:
    [f] = conflicts(run(CONFLICT_EXAMPLES / f"{name}.yaml").findings)
    assert f.conflict is not None
    prec = f.conflict.precedence
    assert prec.rule == "unresolved"
    assert prec.prevailing is None and prec.overridden is None
    assert prec.settled_by is not None and prec.settled_by.id == "secretariat"
    assert "Ban Bí thư" in f.message.vi and "Secretariat" in f.message.en
    # an incompatible pair cannot be met inside the proposal here; a withdrawn permission can: not using it
    assert f.fix is not None
    if CASES[name].kind == "incompatible":
        assert f.fix.changes == [] and "Ban Bí thư" in f.fix.vi
    else:
        assert f.fix.changes and f.fix.en.startswith("Can be met in the proposal, satisfying both provisions")
    # both documents are cited, each by its own issuer (two peers of rank 5)
    assert sorted(d.provision for d in f.documents) == sorted(f.provisions)
    assert {d.issuer.id for d in f.documents} == {"ministry_party_committee", "provincial_standing_committee_quang_tri"}
    assert {d.issuer.rank for d in f.documents} == {5}


@pytest.mark.parametrize("name", sorted(CASES))
def test_unresolved_conflict_shows_the_ministry_violation_inside_it_not_counted(name: str) -> None:
    # brief decision 9: the escalation decides; one side's violation is not an error of its own
    exp = CASES[name]
    result = run(CONFLICT_EXAMPLES / f"{name}.yaml")
    assert of(result, exp.ministry, "violation") == [], kinds(result)
    assert of(result, exp.ministry, "overridden") == []
    assert [f for f in result.findings if f.kind == "overridden"] == []
    [f] = conflicts(result.findings)
    assert [(x.kind, x.provisions) for x in f.folded] == [("violation", [exp.ministry])]
    assert all(x.fix is None for x in f.folded)
    errors = [f for f in result.findings if f.severity == "error"]
    assert result.errors == len(errors) == (1 if exp.kind == "incompatible" else 0)


def test_two_deputies_make_room_for_two_candidates_no_c1() -> None:
    result = run(CONFLICT_EXAMPLES / "C1-two-deputies.yaml")
    assert conflicts(result.findings) == [], kinds(result)
    assert of(result, "ministry-variant-2012.M2") == []
    assert of(result, "quang-tri-2012.L2") == []
    assert result.errors == 0
    # only the advisory target of 3 remains
    assert kinds(result) == [("notice", ("quang-tri-2012.L2-target",), "title:pho-giam-doc")]


def test_the_dossier_shows_each_of_the_four_conflicts_once() -> None:
    result = run(DOSSIER)
    found = {tuple(sorted(f.provisions)): f for f in conflicts(result.findings)}
    assert len(conflicts(result.findings)) == 4, kinds(result)
    expected = {tuple(sorted([e.local, e.ministry])): e.kind for e in CASES.values()}
    assert {k: f.conflict.kind for k, f in found.items() if f.conflict} == expected
    assert {f.conflict.precedence.rule for f in found.values() if f.conflict} == {"unresolved"}


def test_h1_derives_the_obligation_that_h2_builds_on() -> None:
    result = run(RULE_EXAMPLES / "quang-tri-2012.H2.violates.yaml")
    [h2] = of(result, "quang-tri-2012.H2", "violation")
    # the subject is the fact H1 derived, and the chain starts from H1
    assert h2.subject.fact.startswith("consultation_required:matter:appointment:pho-cuc-truong")
    first = h2.explanation[0]
    assert first.en.startswith("national-2012.H1:") and first.vi.startswith("national-2012.H1:")
    assert "⇒ consultation of the province required" in first.en
    assert "⇒ phải lấy ý kiến hiệp y của cấp ủy địa phương" in first.vi
    assert "personnel matter: appointment" in first.en
    # then why H2 itself applies: no consultation, a title on the Standing Committee's list, an appointment
    assert any(
        "no consultation (hiệp y) request" in e.en and "Provincial Standing Committee's list: yes" in e.en
        for e in h2.explanation[1:]
    )
    # and the base H1 violation sits on the same appointment, at the same place in the file
    [h1] = of(result, "national-2012.H1", "violation")
    assert h2.subject.fact == f"consultation_required:{h1.subject.fact}"
    assert h2.location == h1.location


def test_h2_is_not_derived_without_h1s_pack() -> None:
    """H2 reads only the fact H1 derives: with the national pack left out, H2 has nothing to say."""
    from hiepy_rules.load.packs import bundled_rules_dir, load_rules

    root = bundled_rules_dir()
    without_h1 = load_rules([root / "quang-tri-2012", root / "ministry-variant-2012"])
    result = run(RULE_EXAMPLES / "quang-tri-2012.H2.violates.yaml", rules=without_h1)
    assert of(result, "quang-tri-2012.H2") == [] and of(result, "national-2012.H1") == []
    assert of(run(RULE_EXAMPLES / "quang-tri-2012.H2.violates.yaml"), "quang-tri-2012.H2", "violation")
