"""Time: provisions in force by date, versions and successors, the national packs after 2012, cross-era conflicts.

A check uses the provisions in force on the proposal's ``date`` (or ``--as-of``): a provision whose
window ``[from, until)`` does not cover that day is silent, and every finding cites the version it
applied (its window and its pack's version). Versions of one provision (one id, one pack) must not
overlap; a ``replaced_by`` chain must have no gap and no overlap (``versions.py``). The national packs
after the seed (105-QĐ/TW, 50-QĐ/TW, 96-QĐ/TW, 377-QĐ/TW) meet the seed-era packs still in force in
the cross-era conflicts X1-X3 of research §1.3, where the Politburo's provision prevails.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.factset import build_facts
from hiepy_rules.findings.model import CheckResult
from hiepy_rules.lint.runner import lint_paths
from hiepy_rules.load import versions
from hiepy_rules.load.packs import load_rules
from hiepy_rules.load.versions import effective
from hiepy_rules.pipeline import check, check_proposal
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.provision import InForce
from tests.budget import examples
from tests.helpers import (
    CONFLICT_EXAMPLES,
    DOSSIER,
    EXAMPLES,
    RULE_EXAMPLES,
    bundled_rules,
    data_of,
    example_files,
    kinds,
    of,
    relative,
    rules_root,
    run,
    write,
)
from tests.strategies import proposals

pytestmark = pytest.mark.usefixtures("english")  # the English wording; test_lint_codes.py: Vietnamese

RunCli = Callable[..., Result]
DOSSIER_2026 = EXAMPLES / "cuc-thue-quang-tri-2026.yaml"
SEED_PACKS = ["ministry-variant-2012", "national-2012", "quang-tri-2012"]
NATIONAL_AFTER_SEED = ("national-2017", "national-2021", "national-2023", "national-2025")
DAY = dt.timedelta(days=1)


def summary(result: CheckResult) -> list[tuple[str, str, tuple[str, ...], str]]:
    """What was found, independent of the file's name and line numbers."""
    return sorted((f.kind, f.severity, tuple(f.provisions), f.subject.fact) for f in result.findings)


def covers(window: dict[str, str | None], day: str) -> bool:
    return window["from"] is not None and window["from"] <= day and (window["until"] is None or day < window["until"])


# --- the same dossier, dated 2012 and 2026 ----------------------------------------------------------


def test_the_dossier_dated_2026_is_judged_by_377_and_dated_2012_is_not() -> None:
    r12, r26 = run(DOSSIER), run(DOSSIER_2026)
    assert [p.id for p in r12.packs] == SEED_PACKS
    assert {"national-2023", "national-2025"} <= {p.id for p in r26.packs}
    assert not {"national-2017", "national-2021"} & {p.id for p in r26.packs}  # both ended before 2026
    assert not [f for f in r12.findings if any(p.startswith(NATIONAL_AFTER_SEED) for p in f.provisions)]
    [v] = of(r26, "national-2025.higher-titles-only", "violation")
    assert (v.severity, v.subject.fact) == ("error", "candidacy:tp-tccb:nguyen-thi-thu-ha")
    assert v.documents[0].number == "377-QĐ/TW" and v.documents[0].verification == "news-summary"
    assert v.documents[0].url and v.documents[0].url.startswith("https://")
    # X1: the province's L3 meets 377-QĐ/TW; the Politburo prevails and L3 is the overridden side
    [x1] = [f for f in of(r26, "quang-tri-2012.L3", "overridden") if "national-2025.higher-titles-only" in f.provisions]
    # L3, set aside on this candidacy, takes no part in a clash with the ministry's M1 there
    assert not [f for f in of(r26, "quang-tri-2012.L3", "conflict") if f.subject.fact == x1.subject.fact]
    assert x1.conflict is not None and x1.conflict.kind == "incompatible"
    prec = x1.conflict.precedence
    assert (prec.rule, prec.prevailing, prec.overridden) == (
        "lex_superior",
        "national-2025.higher-titles-only",
        "quang-tri-2012.L3",
    )
    assert x1.severity == "info"
    # the seed-era findings are all still there (the 2012 packs have no end date), but for the clash of
    # M1 with L3 on that candidacy: L3, set aside there, no longer clashes (brief decision 9)
    moot = ("conflict", "error", ("ministry-variant-2012.M1", "quang-tri-2012.L3"), x1.subject.fact)
    assert moot in set(summary(r12)) and moot not in set(summary(r26))
    assert set(summary(r12)) - {moot} < set(summary(r26))


def test_golden_of_the_2026_dossier_has_its_known_shape() -> None:
    """A guard against regenerating goldens blindly: one more violation (377) and one more conflict (X1)."""
    from tests.helpers import GOLDEN

    data = json.loads((GOLDEN / "cuc-thue-quang-tri-2026.json").read_text(encoding="utf-8"))
    [result] = data["results"]
    assert [p["id"] for p in result["packs"]] == [
        "ministry-variant-2012",
        "national-2012",
        "national-2023",
        "national-2025",
        "quang-tri-2012",
    ]
    assert {p["id"]: p["in_force"]["from"] for p in result["packs"]}["national-2025"] == "2025-10-08"
    counts: dict[str, int] = {}
    for f in result["findings"]:
        counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    # M2, M3, M4 inside their unresolved conflicts; M1 × L3 moot (L3 set aside by 377-QĐ/TW, shown overridden)
    assert counts == {"conflict": 3, "notice": 2, "overridden": 1, "violation": 3}


def test_as_of_overrides_the_proposal_date() -> None:
    later = check(DOSSIER, rules=bundled_rules(), as_of=dt.date(2026, 1, 15), engine="python")
    earlier = check(DOSSIER_2026, rules=bundled_rules(), as_of=dt.date(2012, 9, 1), engine="python")
    assert later.as_of == "2026-01-15" and earlier.as_of == "2012-09-01"
    assert summary(later) == summary(run(DOSSIER_2026))
    assert summary(earlier) == summary(run(DOSSIER))
    assert [p.id for p in earlier.packs] == SEED_PACKS


def test_as_of_on_the_command_line(hiepy: RunCli) -> None:
    out = hiepy("check", str(DOSSIER_2026), "--as-of", "2012-09-01", "--format", "json", "--engine", "python")
    assert out.exit_code == 1, out.output  # the 2012 dossier has errors of its own
    [result] = json.loads(out.stdout)["results"]
    assert result["as_of"] == "2012-09-01"
    assert [p["id"] for p in result["packs"]] == SEED_PACKS
    assert not [f for f in result["findings"] if any(p.startswith("national-2025") for p in f["provisions"])]
    dated = hiepy("check", str(DOSSIER_2026), "--format", "json", "--engine", "python")
    assert json.loads(dated.stdout)["results"][0]["as_of"] == "2026-01-15"


# --- every finding says which version applied -------------------------------------------------------


@pytest.mark.parametrize("path", example_files(), ids=[relative(p) for p in example_files()])
def test_every_finding_cites_the_version_in_force_on_the_day(path: Path) -> None:
    result = run(path)
    rs = bundled_rules()
    versions = {p.id: p.manifest.version for p in rs.packs}
    for p in result.packs:
        assert covers(p.in_force, result.as_of), p.id
    for f in result.findings:
        for d in f.documents:
            assert covers(d.in_force, result.as_of), (d.provision, d.in_force, result.as_of)
            assert d.pack_version == versions[d.pack]
            src = rs.sources[d.number]
            assert d.document_replaced_by == src.replaced_by


# --- hiepy rules: dates for every provision, the national packs' from their documents ---------------


def test_rules_json_gives_in_force_for_every_provision(hiepy: RunCli) -> None:
    out = hiepy("rules", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    rs = bundled_rules()
    assert len(rows) == sum(len(p.provisions) for p in rs.packs)
    for r in rows:
        window = r["in_force"]
        assert dt.date.fromisoformat(window["from"])
        assert window["until"] is None or window["until"] > window["from"], r["id"]
        assert "replaced_by" in r
        if r["pack"].startswith(NATIONAL_AFTER_SEED):  # each in force exactly while its document is
            src = rs.sources[r["document"]].in_force
            assert src is not None
            assert window == {"from": src.from_.isoformat(), "until": src.until.isoformat() if src.until else None}
            assert r["status"] == "news-summary", r["id"]


def test_national_documents_chain_without_gaps() -> None:
    s = bundled_rules().sources
    for old, new in (("105-QĐ/TW", "80-QĐ/TW"), ("80-QĐ/TW", "377-QĐ/TW"), ("50-QĐ/TW", "377-QĐ/TW")):
        a, b = s[old], s[new]
        assert a.replaced_by == new
        assert a.in_force is not None and b.in_force is not None
        assert a.in_force.until == b.in_force.from_
    assert s["377-QĐ/TW"].in_force == InForce.model_validate({"from": "2025-10-08"})
    assert s["96-QĐ/TW"].in_force is not None and s["96-QĐ/TW"].in_force.until is None
    rs = bundled_rules()
    table = versions.versions(rs.packs)
    found = (
        versions.overlap_problems(table)
        + versions.gap_problems(table)
        + versions.chain_problems(table, complete=True)
        + versions.document_problems(table, rs.sources)
        + versions.source_chain_problems(rs.registry_docs["sources.yaml"], list(rs.sources.values()))
    )
    assert [p.render() for p in found] == []


# --- boundaries: the day before, the day itself, the day after -------------------------------------


def _boundaries() -> list[tuple[str, dt.date]]:
    rs = bundled_rules()
    out = []
    for pack in rs.packs:
        for loc in pack.provisions:
            w = effective(pack, loc)
            out += [(loc.provision.id, b) for b in (w.from_, w.until) if b is not None]
    return out


BOUNDARIES = _boundaries()


@pytest.mark.parametrize(("pid", "boundary"), BOUNDARIES, ids=[f"{p}@{b}" for p, b in BOUNDARIES])
def test_a_provision_speaks_only_inside_its_window(pid: str, boundary: dt.date) -> None:
    rs = bundled_rules()
    pack, loc = rs.version(pid, boundary)
    window = effective(pack, loc)
    p = loc.provision
    example = RULE_EXAMPLES / f"{pid}.violates.yaml"
    at_own_date = run(example)
    partners = {q for f in of(at_own_date, pid) if f.conflict is not None for q in f.provisions if q != pid}
    for day in (boundary - DAY, boundary, boundary + DAY):
        result = check(example, rules=rs, as_of=day, engine="python", display=relative(example))
        unit = build_facts(Proposal.model_validate(data_of(example)))[0]
        in_program = pid in program_for(rs, day, unit).by_id
        assert in_program == window.covers(day), (day, window)
        found = of(result, pid)
        if not window.covers(day):
            assert found == [], (day, kinds(result))
        elif p.modality in ("must", "must_not"):
            assert of(result, pid, "violation"), (day, kinds(result))
        elif p.modality == "should":
            assert of(result, pid, "notice"), (day, kinds(result))
        elif p.modality == "may":
            partners_in_force = all(effective(*rs.version(q, day)).covers(day) for q in partners)
            clashes = [f for f in of(result, pid) if f.conflict is not None]
            assert bool(clashes) == partners_in_force, (day, kinds(result))


def test_the_boundaries_of_the_national_packs_are_tested() -> None:
    days = {b for _, b in BOUNDARIES}
    for d in ("2017-12-19", "2022-08-18", "2021-12-27", "2025-10-08", "2023-02-02"):
        assert dt.date.fromisoformat(d) in days


EDGES = sorted({b + k * DAY for _, b in BOUNDARIES for k in (-1, 0, 1)})


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals(), st.sampled_from(EDGES), st.sampled_from(EDGES))
def test_unseen_proposals_on_both_sides_of_every_boundary(data: dict[str, Any], day: dt.date, other: dt.date) -> None:
    """Random proposals dated on, just before and just after each boundary: only what is in force speaks."""
    data = {**data, "date": day.isoformat()}
    rs = bundled_rules()
    result = check_proposal(Proposal.model_validate(data), rules=rs, engine="python")
    assert result.as_of == day.isoformat()
    for p in result.packs:
        assert covers(p.in_force, result.as_of)
    for f in result.findings:
        for pid in f.provisions:
            assert effective(*rs.version(pid, day)).covers(day), (pid, day)
        for d in f.documents:
            assert covers(d.in_force, result.as_of)
    # the date only chooses the provisions: the same proposal dated otherwise, checked as of this day, is the same
    moved = check_proposal(Proposal.model_validate({**data, "date": other.isoformat()}), rules=rs, as_of=day)
    assert summary(moved) == summary(result)


# --- the cross-era conflicts X1-X3 (research §1.3) --------------------------------------------------

CROSS_ERA = {
    "X1": ("incompatible", "quang-tri-2012.L3", "national-2025.higher-titles-only"),
    "X2": ("permission_withdrawn", "ministry-variant-2012.M2-more", "national-2025.max-three-per-title"),
    "X3": ("permission_withdrawn", "quang-tri-2012.L5-confidence", "national-2023.low-confidence-no-higher-planning"),
}


@pytest.mark.parametrize("name", sorted(CROSS_ERA))
def test_cross_era_conflict_the_national_provision_prevails(name: str) -> None:
    kind, seed, national = CROSS_ERA[name]
    result = run(CONFLICT_EXAMPLES / f"{name}.yaml")
    found = [f for f in result.findings if f.conflict is not None]
    assert len(found) == 1, kinds(result)
    [f] = found
    assert f.kind == "overridden" and f.conflict is not None and f.conflict.kind == kind
    assert sorted(f.provisions) == sorted([seed, national])
    prec = f.conflict.precedence
    assert (prec.rule, prec.prevailing, prec.overridden, prec.settled_by) == ("lex_superior", national, seed, None)
    assert f.severity == "info" and f.fix is None
    assert f.location.line > 0
    # the national provision's own finding stands, or the seed provision's violation is set aside
    broken = of(result, national, "violation") + f.folded
    assert broken, kinds(result)
    assert of(result, seed, "violation") == []
    assert f.overridden_by == national and all(o.provisions == [seed] for o in f.folded)
    # judged in 2012, the same proposal meets no national provision after the seed: no cross-era conflict
    then = check(CONFLICT_EXAMPLES / f"{name}.yaml", rules=bundled_rules(), as_of=dt.date(2012, 9, 1))
    assert not [g for g in then.findings if national in g.provisions]


def test_x1_sets_the_province_aside_without_counting_it() -> None:
    result = run(CONFLICT_EXAMPLES / "X1.yaml")
    [o] = of(result, "quang-tri-2012.L3", "overridden")
    assert [x.subject.fact for x in o.folded] == ["holding:giam-doc:tran-van-a"]
    assert "national-2025.higher-titles-only" in o.message.en
    assert result.errors == 0


def test_x2_two_caps_are_not_incompatible_only_the_permission_is_withdrawn() -> None:
    result = run(CONFLICT_EXAMPLES / "X2.yaml")
    assert of(result, "ministry-variant-2012.M2") == []  # 4 planned for 4 current deputies: M2 is met
    [c] = [f for f in result.findings if f.conflict is not None]
    assert c.conflict is not None and c.kind == "overridden"
    assert [s.allows.en for s in c.conflict.sides] == ["permits: 4 cadre(s)", "≤ 3 cadre(s)"]
    # three deputies planned: the permission is not used, nothing is withdrawn (the complying example)
    assert [f for f in run(RULE_EXAMPLES / "ministry-variant-2012.M2-more.complies.yaml").findings] == []


def test_x3_names_the_confidence_vote_and_its_share() -> None:
    result = run(CONFLICT_EXAMPLES / "X3.yaml")
    [v] = of(result, "national-2023.low-confidence-no-higher-planning", "violation")
    assert v.subject.path == "cadres[4].confidence_vote"
    assert "share of low-confidence ballots 13/20 (valid ballots) = 65.0%" in v.explanation[-1].en
    assert v.fix is not None and v.fix.changes == [
        {"op": "remove_candidate", "title": "cuc-truong", "cadre": "phan-van-dung"}
    ]


# --- the readings of 96-QĐ/TW and 377-QĐ/TW at their thresholds ---------------------------------------


def test_96_exactly_half_is_not_more_than_half_and_the_denominator_is_flagged() -> None:
    pid = "national-2023.low-confidence-no-higher-planning"
    [f] = of(run(RULE_EXAMPLES / f"{pid}.violates.yaml"), pid, "violation")
    assert any("depends on the reading of the denominator" in e.en for e in f.explanation)
    assert of(run(RULE_EXAMPLES / f"{pid}.complies.yaml"), pid) == []  # 10/20 is exactly half


def test_96_quorum_of_exactly_two_thirds_is_enough_and_the_fix_holds_the_vote_again() -> None:
    [f] = of(run(RULE_EXAMPLES / "national-2023.quorum.violates.yaml"), "national-2023.quorum", "violation")
    [v] = f.values
    assert (v.fact, v.actual, v.op, v.expected) == ("share_present(convened)", "19/30", "ge", "2/3")
    assert f.fix is not None and f.fix.changes[0]["value"] == 20
    assert not any("denominator" in e.en for e in f.explanation)  # the quorum has one reading


# --- versions of one provision, and replaced_by chains (fixture rules) --------------------------------

MANIFEST = """\
pack: demo
name: {vi: "Gói thử", en: "Demo pack"}
issuer: politburo
in_force: {from: 2010-01-01}
"""


def version(pid: str, minimum: int, window: str, extra: str = "") -> str:
    return f"""\
  - id: {pid}
    name: {{vi: "Tối thiểu {minimum}", en: "At least {minimum}"}}
    source: {{document: 92-BC/TU, article: "Điều {minimum}"}}
    text: {{vi: "tối thiểu {minimum} cán bộ", en: "at least {minimum} cadres"}}
    in_force: {window}
    severity: error
    subject: title
    when:
      - {{fact: key, eq: true}}
    must: {{fact: candidate_count, ge: {minimum}}}
{extra}"""


PROPOSAL = """\
id: p
date: 2019-06-01
unit: {name: Đơn vị thử, kind: provincial_department, province: Quảng Bình}
titles:
  - {id: t, name: Giám đốc, role: head, level: 1, key: true, candidates: [a, b]}
cadres:
  - {id: a, name: A}
  - {id: b, name: B}
"""


def demo_rules(tmp_path: Path, provisions: str) -> Path:
    return rules_root(tmp_path, {"demo": (MANIFEST, "provisions:\n" + provisions)})


def test_versions_of_one_provision_each_judge_their_own_days(tmp_path: Path) -> None:
    root = demo_rules(
        tmp_path,
        version("demo.MIN", 2, "{from: 2010-01-01, until: 2020-01-01}") + version("demo.MIN", 3, "{from: 2020-01-01}"),
    )
    rs = load_rules([root])
    assert [p for p in rs.problems if p.severity == "error"] == []
    assert lint_paths([root]) == []
    proposal = write(tmp_path, "p.yaml", PROPOSAL)
    for day, violated, text in (
        ("2019-12-31", False, None),
        ("2020-01-01", True, "at least 3 cadres"),
        ("2020-01-02", True, "at least 3 cadres"),
    ):
        result = check(proposal, rules=rs, as_of=dt.date.fromisoformat(day), engine="python")
        found = of(result, "demo.MIN", "violation")
        assert bool(found) == violated, day
        if found:
            [d] = found[0].documents
            assert d.text.en == text and d.in_force == {"from": "2020-01-01", "until": None}
    rows = [r for r in _rules_json(root) if r["id"] == "demo.MIN"]
    assert [r["in_force"] for r in rows] == [
        {"from": "2010-01-01", "until": "2020-01-01"},
        {"from": "2020-01-01", "until": None},
    ]


def _rules_json(root: Path) -> list[dict[str, Any]]:
    from hiepy_rules.cli.commands.packs import provision_rows

    return provision_rows(load_rules([root]))


def _at(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    offset = -1
    for _ in range(nth):
        offset = text.index(needle, offset + 1)
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _lines(root: Path) -> list[str]:
    return [p.render() for p in lint_paths([root])]


def test_overlapping_versions_are_refused_at_their_line(
    tmp_path: Path, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # positions are shown relative to the working directory
    body = version("demo.MIN", 2, "{from: 2010-01-01, until: 2020-06-01}") + version(
        "demo.MIN", 3, "{from: 2020-01-01}"
    )
    root = demo_rules(tmp_path, body)
    text = "provisions:\n" + body
    line, col = _at(text, "{from: 2020-01-01}")
    first, _ = _at(text, "id: demo.MIN")
    message = (
        f"rules/demo/provisions.yaml:{line}:{col}: error: this version of 'demo.MIN' (2020-01-01 – …) overlaps the "
        f"version at rules/demo/provisions.yaml:{first} (2010-01-01 – 2020-06-01): versions of one provision need "
        "windows that do not meet"
    )
    assert _lines(root) == [message]
    # a check cannot tell which version applies: it refuses the rules (exit 2, the same line)
    proposal = write(tmp_path, "p.yaml", PROPOSAL)
    out = hiepy("check", str(proposal), "--rules", str(root))
    assert out.exit_code == 2
    assert "overlaps the version at" in out.stderr and f":{line}:{col}:" in out.stderr


def test_a_gap_between_versions_is_a_warning(tmp_path: Path) -> None:
    root = demo_rules(
        tmp_path,
        version("demo.MIN", 2, "{from: 2010-01-01, until: 2020-01-01}") + version("demo.MIN", 3, "{from: 2021-01-01}"),
    )
    [p] = lint_paths([root])
    assert (p.severity, p.code) == ("warning", "version-gap")
    assert "no version of 'demo.MIN' is in force from 2020-01-01 to 2021-01-01" in p.en


def chain(a_window: str, b_window: str, successor: str = "demo.B") -> str:
    return version("demo.A", 2, a_window, f"    replaced_by: {successor}\n") + version("demo.B", 3, b_window)


@pytest.mark.parametrize(
    ("a_window", "b_window", "successor", "message"),
    [
        (
            "{from: 2010-01-01, until: 2020-01-01}",
            "{from: 2020-02-01}",
            "demo.B",
            "gap in the chain: ends on 2020-01-01, but its successor 'demo.B' is in force only from 2020-02-01: "
            "neither applies from 2020-01-01 to 2020-01-31",
        ),
        (
            "{from: 2010-01-01, until: 2020-01-01}",
            "{from: 2019-12-01}",
            "demo.B",
            "overlap in the chain: its successor 'demo.B' is in force from 2019-12-01, before this one ends "
            "(2020-01-01): both would apply",
        ),
        (
            "{from: 2010-01-01}",
            "{from: 2020-01-01}",
            "demo.B",
            "replaced by 'demo.B' (in force from 2020-01-01), but in force with no end: give in_force.until, the "
            "day the successor starts",
        ),
        (
            "{from: 2010-01-01, until: 2020-01-01}",
            "{from: 2020-01-01}",
            "demo.C",
            "replaced by unknown provision 'demo.C'",
        ),
        (
            "{from: 2010-01-01, until: 2020-01-01}",
            "{from: 2020-01-01}",
            "demo.A",
            "a provision cannot replace itself: versions of one provision share an id, each with its own in_force, "
            "and need no replaced_by",
        ),
    ],
    ids=["gap", "overlap", "no-end", "unknown", "itself"],
)
def test_replaced_by_chains_are_checked_at_their_line(
    tmp_path: Path, a_window: str, b_window: str, successor: str, message: str
) -> None:
    body = chain(a_window, b_window, successor)
    root = demo_rules(tmp_path, body)
    line, col = _at("provisions:\n" + body, f"replaced_by: {successor}")
    col += len("replaced_by: ")
    [p] = lint_paths([root])
    assert (p.line, p.column, p.severity, p.en) == (line, col, "error", message)
    assert p.file.endswith("demo/provisions.yaml")


def test_a_clean_chain_hands_over_on_the_day(tmp_path: Path) -> None:
    root = demo_rules(tmp_path, chain("{from: 2010-01-01, until: 2020-01-01}", "{from: 2020-01-01}"))
    assert lint_paths([root]) == []
    rs = load_rules([root])
    proposal = write(tmp_path, "p.yaml", PROPOSAL)
    before = check(proposal, rules=rs, as_of=dt.date(2019, 12, 31), engine="python")
    on = check(proposal, rules=rs, as_of=dt.date(2020, 1, 1), engine="python")
    assert of(before, "demo.B") == [] and of(before, "demo.A") == []  # 2 candidates meet A's minimum
    [f] = of(on, "demo.B", "violation")
    assert of(on, "demo.A") == []
    assert f.documents[0].in_force == {"from": "2020-01-01", "until": None}


def test_a_loop_of_successors_is_an_error(tmp_path: Path) -> None:
    body = version("demo.A", 2, "{from: 2010-01-01, until: 2020-01-01}", "    replaced_by: demo.B\n") + version(
        "demo.B", 3, "{from: 2020-01-01, until: 2021-01-01}", "    replaced_by: demo.A\n"
    )
    messages = [p.en for p in lint_paths([demo_rules(tmp_path, body)])]
    assert "the chain of replaced_by comes back to 'demo.A'" in messages


def test_document_chains_in_the_sources_registry(tmp_path: Path) -> None:
    root = demo_rules(tmp_path, version("demo.MIN", 2, "{from: 2010-01-01}"))
    sources = root / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    old = "    issued: 2022-08-18\n"
    assert text.count(old) == 1
    start = text.index("  - number: 80-QĐ/TW")
    block_from = text.index("      from: 2022-08-18", start)
    sources.write_text(text[:block_from] + "      from: 2022-09-01" + text[block_from + 22 :], encoding="utf-8")
    found = [p for p in lint_paths([root]) if p.code == "successor"]
    assert len(found) == 1
    [p] = found
    line, col = _at(sources.read_text(encoding="utf-8"), "replaced_by: 80-QĐ/TW")
    assert (p.line, p.column - len("replaced_by: "), p.severity) == (line, col, "error")
    assert p.en == "gap in the chain: ends on 2022-08-18, but 80-QĐ/TW is in force only from 2022-09-01"
    assert p.message == "chuỗi bị hở: hết hiệu lực ngày 2022-08-18, nhưng 80-QĐ/TW chỉ có hiệu lực từ 2022-09-01"


def test_a_provision_outside_its_documents_dates_is_warned(tmp_path: Path) -> None:
    provision = version("demo.MIN", 2, "{from: 2010-01-01}").replace("document: 92-BC/TU", "document: 105-QĐ/TW")
    root = demo_rules(tmp_path, provision)
    [p] = lint_paths([root])
    assert (p.severity, p.code) == ("warning", "in-force")
    assert "outside the dates of its source 105-QĐ/TW (2017-12-19 – 2022-08-18)" in p.en
    assert "ngoài thời gian hiệu lực của văn bản nguồn 105-QĐ/TW (2017-12-19 – 2022-08-18)" in p.message


# --- the vocabulary and the proposal format these packs need ---------------------------------------


def test_a_share_of_low_confidence_needs_a_subject_that_counts_it(tmp_path: Path) -> None:
    body = textwrap.dedent(
        """\
          - id: demo.S
            name: {vi: "S", en: "S"}
            source: {document: 92-BC/TU, article: "Điều 1"}
            text: {vi: "S", en: "S"}
            severity: error
            subject: vote
            must: {share: {of: low, over: valid}, lt: 1/2}
        """
    )
    root = demo_rules(tmp_path, textwrap.indent(body, ""))
    [p] = lint_paths([root])
    assert p.en == "a share of low reads low, which subject 'vote' lacks"
    assert p.message == "tỷ lệ `low` đọc low, mà đối tượng 'vote' không có"


def test_current_level_is_only_for_a_post_outside_the_unit(tmp_path: Path, hiepy: RunCli) -> None:
    bad = write(
        tmp_path,
        "p.yaml",
        PROPOSAL.replace("key: true, candidates: [a, b]}", "key: true, holders: [a], candidates: [b]}").replace(
            "{id: a, name: A}", "{id: a, name: A, current_level: 2}"
        ),
    )
    out = hiepy("lint", str(bad))
    assert out.exit_code == 2
    assert "current_level is only for a post outside the unit" in out.stdout
    line, col = _at(bad.read_text(encoding="utf-8"), "2}")
    assert f"p.yaml:{line}:{col}: error:" in out.stdout


def test_a_confidence_vote_cannot_count_more_ballots_than_people_present(tmp_path: Path, hiepy: RunCli) -> None:
    bad = write(
        tmp_path,
        "p.yaml",
        PROPOSAL.replace(
            "{id: a, name: A}",
            "{id: a, name: A, confidence_vote: {convened: 10, present: 5, high: 3, medium: 2, low: 1}}",
        ),
    )
    out = hiepy("lint", str(bad))
    assert out.exit_code == 2
    assert "high + medium + low (6) cannot exceed present (5)" in out.stdout


# --- the static analyser (hiepy conflicts) finds X1 and X2 without a proposal -------------------------


def test_hiepy_conflicts_finds_x1_and_x2_with_witnesses_that_reproduce(tmp_path: Path, hiepy: RunCli) -> None:
    pytest.importorskip("z3")
    pytest.importorskip("hiepy_rules.cli.analysis")
    out = hiepy("conflicts", "--format", "json", "--witness-dir", str(tmp_path))
    assert out.exit_code == 1, out.output  # conflicts found
    found = {tuple(c["provisions"]): c for c in json.loads(out.stdout)["conflicts"]}
    for name in ("X1", "X2"):
        kind, seed, national = CROSS_ERA[name]
        c = found[tuple(sorted((seed, national)))]
        assert c["kind"] == kind and c["precedence"]["prevailing"] == national
        assert c["in_force"]["from"] == "2025-10-08"  # only where both are in force
        witness = Path(c["witness"])
        again = check(witness, rules=bundled_rules(), engine="python")
        assert [f for f in again.findings if f.conflict is not None and set(f.provisions) == {seed, national}], kinds(
            again
        )
