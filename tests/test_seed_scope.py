"""The seed's inferred checks speak only where their words apply, once, and say what the proposal says;
a finding about something missing points where it belongs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from hiepy_rules.pipeline import check
from tests.helpers import RULE_EXAMPLES, bundled_rules, data_of, of, recheck

G2 = "quang-tri-2012.G2"
SEAT = "quang-tri-2012.G2-seat-request"
LOCAL_CHECKS = (G2, "quang-tri-2012.G4-opinion", "quang-tri-2012.G4-notify")


def test_g2_and_g4_need_a_unit_working_and_holding_party_membership_locally() -> None:
    for pid in LOCAL_CHECKS:
        data = data_of(RULE_EXAMPLES / f"{pid}.violates.yaml")
        assert of(recheck(data), pid, "violation"), pid
        for flag in ("works_locally", "party_membership_local"):
            elsewhere = {**data, "unit": {**data["unit"], flag: False}}
            assert of(recheck(elsewhere), pid) == [], (pid, flag)
            # unknown is not no: left out, the check cannot be decided
            unknown = {**data, "unit": {k: v for k, v in data["unit"].items() if k != flag}}
            assert [f.kind for f in of(recheck(unknown), pid)] == ["indeterminate"], (pid, flag)


def test_a_seat_request_without_notification_is_one_escalated_finding() -> None:
    result = recheck(data_of(RULE_EXAMPLES / f"{SEAT}.violates.yaml"))
    assert of(result, G2) == []
    [f] = of(result, SEAT, "violation")
    assert f.severity == "error"


def test_a_report_sent_directly_is_said_so_and_pointed_at() -> None:
    data = data_of(RULE_EXAMPLES / "quang-tri-2012.H2.violates.yaml")
    data["reports"] = [
        {
            "matter": "appointment",
            "title": "pho-cuc-truong",
            "by": "unit_leadership",
            "to": "provincial_standing_committee",
            "via": "direct",
            "on": "2012-08-20",
        }
    ]
    [f] = of(recheck(data), "quang-tri-2012.H2", "violation")
    assert f.subject.path == "reports[0].via"
    assert "a report to the Provincial Standing Committee, but through: directly" in f.message.en
    assert "có báo cáo Ban Thường vụ Tỉnh ủy, nhưng qua: trực tiếp" in f.message.vi
    assert "no report" not in f.message.en


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_missing_section_points_at_the_key_before_where_it_belongs(tmp_path: Path) -> None:
    data = data_of(RULE_EXAMPLES / f"{G2}.violates.yaml")
    data.pop("notifications")
    data.pop("evaluation")
    path = write(tmp_path, data)
    [f] = of(check(path, rules=bundled_rules(), engine="python"), G2, "violation")
    assert f.subject.path == "notifications"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[f.location.line - 1].startswith("consultations:"), f.location
    [g] = of(check(path, rules=bundled_rules(), engine="python"), "quang-tri-2012.G4-opinion")
    assert g.kind == "indeterminate" and g.subject.path.startswith("evaluation")
    assert lines[g.location.line - 1].startswith("consultations:"), g.location


def test_planned_for_left_out_is_unknown_and_an_empty_list_is_none() -> None:
    m1 = "ministry-variant-2012.M1"
    data = data_of(RULE_EXAMPLES / f"{m1}.violates.yaml")
    cadre = next(c for c in data["cadres"] if c["id"] == "hoang-van-em")
    assert cadre["planned_for"] == []
    assert [f.kind for f in of(recheck(data), m1)] == ["violation"]
    del cadre["planned_for"]
    [f] = of(recheck(data), m1)
    assert f.kind == "indeterminate" and f.missing == ["planned_one_level_below"]
    assert f.fix is not None and "(cadres[4].planned_for)" in f.fix.en and "(cadres[4].planned_for)" in f.fix.vi
