"""What a dossier is decides which provisions speak to it (brief decision 12); the others are listed."""

from __future__ import annotations

from hiepy_rules.report.json import to_json
from tests.helpers import DOSSIER, RULE_EXAMPLES, data_of, of, recheck

PLANNING_ONLY = {"quang-tri-2012.G2", "quang-tri-2012.G4-notify", "ministry-variant-2012.M3", "quang-tri-2012.L2"}


def test_an_appointment_dossier_gets_no_planning_check_and_lists_them_as_not_applicable() -> None:
    data = data_of(DOSSIER)
    data["dossier"] = {"kinds": ["appointment"]}
    result = recheck(data)
    named = {p for f in result.findings for p in f.provisions}
    assert not named & PLANNING_ONLY
    listed = {n.provision for n in result.not_applicable}
    assert listed >= PLANNING_ONLY
    assert all(n.applies_to is not None and n.applies_to.kinds == ["planning"] for n in result.not_applicable)
    assert result.dossier == {"kinds": ["appointment"], "stage": "draft"}
    # consultation (hiệp y) speaks to both kinds
    assert "quang-tri-2012.G6" in named


def test_the_default_is_a_draft_planning_proposal_with_appointments_when_it_proposes_some() -> None:
    assert recheck(data_of(DOSSIER)).dossier == {"kinds": ["planning"], "stage": "draft"}
    appt = recheck(data_of(RULE_EXAMPLES / "national-2017.first-appointment-full-term.violates.yaml"))
    assert appt.dossier == {"kinds": ["appointment", "planning"], "stage": "draft"}
    assert of(appt, "national-2017.first-appointment-full-term", "violation")


def test_a_planning_result_is_notified_only_after_approval() -> None:
    data = data_of(RULE_EXAMPLES / "quang-tri-2012.G2.violates.yaml")
    assert data["dossier"]["stage"] == "approved"
    assert of(recheck(data), "quang-tri-2012.G2", "violation")
    data["dossier"]["stage"] = "draft"
    draft = recheck(data)
    assert of(draft, "quang-tri-2012.G2") == []
    assert "quang-tri-2012.G2" in {n.provision for n in draft.not_applicable}
    assert '"not_applicable"' in to_json([draft])
