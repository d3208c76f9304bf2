"""The conditions of 80-QĐ/TW (18/8/2022 - 07/10/2025) and 377-QĐ/TW (from 08/10/2025) on the days
their chains change hands, the month arithmetic they rest on, and what an unstated fact gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hiepy_rules.compile.tenure import add_months, born_for, months_between, months_to_retirement, retirement_date
from hiepy_rules.findings.model import CheckResult
from hiepy_rules.pipeline import check
from tests.helpers import RULE_EXAMPLES, bundled_rules, write

APPOINT = "matter:appointment:pho-giam-doc:hoang-van-d:0"


def at(path: Path, day: str) -> CheckResult:
    return check(path, rules=bundled_rules(), as_of=dt.date.fromisoformat(day), engine="python")


def fired(result: CheckResult) -> set[tuple[str, str]]:
    return {(f.provisions[0], f.kind) for f in result.findings}


# --- month arithmetic and the retirement schedule ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2021-01-15", "2026-01-15", 60),
        ("2021-01-15", "2026-01-14", 59),
        ("2024-01-31", "2024-02-28", 0),
        ("2024-01-31", "2024-02-29", 1),  # the same day, or the last day of a shorter month
        ("2024-01-31", "2024-03-31", 2),
        ("2026-03-16", "2024-03-16", -24),
        ("2026-03-16", "2024-03-17", -23),
    ],
)
def test_whole_months_between_dates(start: str, end: str, months: int) -> None:
    assert months_between(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == months


def test_retirement_follows_the_labour_code_schedule() -> None:
    # Guidance 06-HD/BTCTW's own example: a man born in 02/1965 retires at 61 years 6 months
    assert retirement_date(dt.date(1965, 2, 10), "male") == dt.date(2026, 8, 10)
    assert retirement_date(dt.date(1960, 12, 1), "male") == dt.date(2020, 12, 1)  # 60 before 2021
    assert retirement_date(dt.date(1980, 1, 1), "male") == dt.date(2042, 1, 1)  # 62 from 2028
    assert retirement_date(dt.date(1975, 6, 1), "female") == dt.date(2035, 6, 1)  # 60 from 2035
    assert months_to_retirement(dt.date(1965, 2, 10), "male", dt.date(2023, 6, 15)) == 37


@pytest.mark.parametrize("months", [37, 59, 60, 61, 150])
def test_a_sample_date_of_birth_gives_the_months_asked(months: int) -> None:
    on = dt.date(2026, 3, 16)
    assert months_to_retirement(born_for(months, on), "male", on) == months
    assert add_months(on, 0) == on


def test_a_number_the_schedule_skips_gives_the_nearest() -> None:
    # no man retires on 16/3/2026 itself: those born then reached 61 years 3 months in 2025
    on = dt.date(2026, 3, 16)
    assert abs(months_to_retirement(born_for(0, on), "male", on)) <= 3


# --- the chains change hands on the day ----------------------------------------------------------


def test_the_age_rule_passes_from_105_to_80_on_18_8_2022(tmp_path: Path) -> None:
    source = (RULE_EXAMPLES / "national-2022.appointment-age.violates.yaml").read_text(encoding="utf-8")
    # a first appointment the dossier says cannot serve a full term, with a date of birth that agrees
    text = source.replace("first_time: false", "first_time: true").replace(
        "sex: male, current_post_since", "sex: male, can_serve_full_term: false, current_post_since"
    )
    path = write(tmp_path, "age.yaml", text)
    before, on = at(path, "2022-08-17"), at(path, "2022-08-18")
    assert ("national-2017.first-appointment-full-term", "violation") in fired(before)
    assert not {p for p, _ in fired(before) if p.startswith("national-2022")}
    assert ("national-2022.appointment-age", "violation") in fired(on)
    assert not {p for p, _ in fired(on) if p.startswith("national-2017")}


def test_the_discipline_windows_pass_from_80_to_377_on_8_10_2025(tmp_path: Path) -> None:
    # a reprimand 18 months before: past 80-QĐ/TW's 12 months, inside 377-QĐ/TW's 24
    source = (RULE_EXAMPLES / "national-2022.discipline-window.complies.yaml").read_text(encoding="utf-8")
    text = source.replace("decided_on: 2020-03-01", "decided_on: 2024-04-08")
    before = check(
        write(tmp_path, "a.yaml", text.replace("date: 2023-06-15", "date: 2025-10-07")), rules=bundled_rules()
    )
    on = check(write(tmp_path, "b.yaml", text.replace("date: 2023-06-15", "date: 2025-10-08")), rules=bundled_rules())
    assert ("national-2022.discipline-window", "violation") not in fired(before)
    assert ("national-2025.discipline-window", "violation") in fired(on)


@pytest.mark.parametrize(
    ("decided_on", "violates"),
    [("2024-03-16", False), ("2024-03-17", True)],  # 24 whole months to 16/3/2026 ends the window
)
def test_the_377_reprimand_window_ends_after_24_whole_months(tmp_path: Path, decided_on: str, violates: bool) -> None:
    source = (RULE_EXAMPLES / "national-2025.discipline-window.complies.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, "d.yaml", source.replace("decided_on: 2023-03-01", f"decided_on: {decided_on}"))
    assert (("national-2025.discipline-window", "violation") in fired(check(path, rules=bundled_rules()))) is violates


def test_unstated_disciplines_are_indeterminate_and_none_is_a_pass(tmp_path: Path) -> None:
    source = (RULE_EXAMPLES / "national-2025.discipline-window.complies.yaml").read_text(encoding="utf-8")
    unstated = write(
        tmp_path, "u.yaml", source.replace(", disciplines: [{form: reprimand, decided_on: 2023-03-01}]", "")
    )
    none = write(tmp_path, "n.yaml", source.replace("[{form: reprimand, decided_on: 2023-03-01}]", "[]"))
    assert ("national-2025.discipline-window", "indeterminate") in fired(check(unstated, rules=bundled_rules()))
    assert not {k for p, k in fired(check(none, rules=bundled_rules())) if p == "national-2025.discipline-window"}


def test_a_2023_dossier_is_checked_for_age_and_the_planning_prerequisite() -> None:
    planned = check(RULE_EXAMPLES / "national-2022.appointee-planned.violates.yaml", rules=bundled_rules())
    aged = check(RULE_EXAMPLES / "national-2022.appointment-age.violates.yaml", rules=bundled_rules())
    assert planned.as_of.startswith("2023") and aged.as_of.startswith("2023")
    [p] = [f for f in planned.findings if f.provisions == ["national-2022.appointee-planned"]]
    [a] = [f for f in aged.findings if f.provisions == ["national-2022.appointment-age"]]
    assert p.subject.fact == a.subject.fact == APPOINT
    assert p.documents[0].number == a.documents[0].number == "80-QĐ/TW"
    assert a.documents[0].article.startswith("Điều 18")


def test_a_provision_known_only_through_the_report_says_whose_report() -> None:
    from tests.helpers import DOSSIER, run

    result = run(DOSSIER)
    for f in result.findings:
        for d in f.documents:
            if d.number in ("92-BC/TU", "67-QĐ/TW"):
                assert d.reported_in is not None
                assert d.reported_in.vi == "theo báo cáo 92-BC/TU của Ban Thường vụ Tỉnh ủy Quảng Trị"
            else:
                assert d.reported_in is None
    shown = [*result.findings, *(g for f in result.findings for g in f.folded)]  # a clash's sides shown inside it
    ministry = [w.vi for f in shown for w in f.explanation if w.vi.startswith("gói ministry-variant-2012")]
    assert ministry and all("do nơi triển khai chọn" in w for w in ministry)


# --- the term of the title being filled, and nominations for election ---------------------------


@pytest.mark.parametrize(
    ("term_ends", "kind"),
    [("2026-08-10", None), ("2026-08-11", "violation")],  # he retires on 10/8/2026
)
def test_the_age_rule_asks_for_service_to_the_end_of_a_stated_term(
    tmp_path: Path, term_ends: str, kind: str | None
) -> None:
    source = (RULE_EXAMPLES / "national-2025.appointment-age.violates.yaml").read_text(encoding="utf-8")
    text = source.replace("first_time: false}", f"first_time: false, term_ends: {term_ends}}}")
    found = {k for p, k in fired(check(write(tmp_path, "t.yaml", text), rules=bundled_rules())) if p.endswith("-age")}
    assert found == ({kind} if kind else set())


def test_a_stated_term_without_a_date_of_birth_is_indeterminate(tmp_path: Path) -> None:
    source = (RULE_EXAMPLES / "national-2025.appointment-age.violates.yaml").read_text(encoding="utf-8")
    text = source.replace("first_time: false}", "first_time: false, term_ends: 2028-01-01}").replace(
        "name: Hoàng Văn D, date_of_birth: 1965-02-10,", "name: Hoàng Văn D,"
    )
    result = check(write(tmp_path, "i.yaml", text), rules=bundled_rules())
    assert ("national-2025.appointment-age", "indeterminate") in fired(result)


def test_the_2022_age_rule_reads_the_term_too(tmp_path: Path) -> None:
    # a term ending within 37 months is served although 60 months are not left
    source = (RULE_EXAMPLES / "national-2022.appointment-age.violates.yaml").read_text(encoding="utf-8")
    assert ("national-2022.appointment-age", "violation") in fired(
        check(RULE_EXAMPLES / "national-2022.appointment-age.violates.yaml", rules=bundled_rules())
    )
    text = source.replace("first_time: false}", "first_time: false, term_ends: 2026-06-15}")
    assert not {
        p for p, _ in fired(check(write(tmp_path, "s.yaml", text), rules=bundled_rules())) if p.endswith("-age")
    }


@pytest.mark.parametrize(("for_election", "violates"), [("true", True), ("false", False)])
def test_105_asks_a_full_term_of_a_nomination_for_election_too(
    tmp_path: Path, for_election: str, violates: bool
) -> None:
    source = (RULE_EXAMPLES / "national-2017.first-appointment-full-term.violates.yaml").read_text(encoding="utf-8")
    text = source.replace("first_time: true}", f"first_time: false, for_election: {for_election}}}")
    found = fired(check(write(tmp_path, "e.yaml", text), rules=bundled_rules()))
    assert (("national-2017.first-appointment-full-term", "violation") in found) is violates


def test_a_nomination_for_election_is_held_to_the_377_conditions(tmp_path: Path) -> None:
    source = (RULE_EXAMPLES / "national-2025.discipline-window.violates.yaml").read_text(encoding="utf-8")
    text = source.replace("first_time: false}", "first_time: false, for_election: true}")
    assert text != source
    assert ("national-2025.discipline-window", "violation") in fired(
        check(write(tmp_path, "n.yaml", text), rules=bundled_rules())
    )


def test_a_term_one_day_past_retirement_is_a_month_short() -> None:
    from hiepy_rules.compile.tenure import months_floor

    assert months_floor(dt.date(2026, 8, 10), dt.date(2026, 8, 10)) == 0
    assert months_floor(dt.date(2026, 8, 11), dt.date(2026, 8, 10)) == -1
    assert months_floor(dt.date(2026, 5, 11), dt.date(2026, 3, 10)) == -3
    assert months_floor(dt.date(2026, 3, 10), dt.date(2026, 5, 11)) == 2


@pytest.mark.parametrize(("months", "violates"), [(59, True), (60, False), (61, False)])
def test_without_a_term_60_months_to_retirement_are_needed(tmp_path: Path, months: int, violates: bool) -> None:
    source = (RULE_EXAMPLES / "national-2025.appointment-age.violates.yaml").read_text(encoding="utf-8")
    born = born_for(months, dt.date(2026, 3, 16))
    assert months_to_retirement(born, "male", dt.date(2026, 3, 16)) == months
    text = source.replace("date_of_birth: 1965-02-10", f"date_of_birth: {born.isoformat()}")
    found = fired(check(write(tmp_path, "m.yaml", text), rules=bundled_rules()))
    assert (("national-2025.appointment-age", "violation") in found) is violates
