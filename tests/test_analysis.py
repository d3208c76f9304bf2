"""``hiepy conflicts``: conflicts between packs found without a proposal, each with a witness ``check`` confirms.

The 2012 packs are passed by path, so that "C1-C4 and nothing else" stays true when newer packs land
beside them; the witness replay and the property test run on every bundled pack.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from hiepy_rules.analysis.report import Report, build, render_text
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.pipeline import check, check_proposal
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems
from tests.budget import examples
from tests.helpers import rules_root
from tests.strategies import proposals

ROOT = bundled_rules_dir()
PACKS_2012 = [ROOT / "national-2012", ROOT / "quang-tri-2012", ROOT / "ministry-variant-2012"]
C1_C4 = {
    (("ministry-variant-2012.M2", "quang-tri-2012.L2"), "incompatible", "plan_size"),
    (("ministry-variant-2012.M1", "quang-tri-2012.L3"), "incompatible", "membership"),
    (("ministry-variant-2012.M3", "quang-tri-2012.L4"), "permission_withdrawn", None),
    (("ministry-variant-2012.M4", "quang-tri-2012.L5"), "permission_withdrawn", None),
}


@pytest.fixture(scope="module")
def report_2012(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    out = tmp_path_factory.mktemp("witnesses-2012")
    return build(load_rules(PACKS_2012), witness_dir=out), out


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="module")
def report_all(bundled: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return build(bundled, witness_dir=tmp_path_factory.mktemp("witnesses-all"))


def _found(rep: Report) -> set[tuple[tuple[str, ...], str, str | None]]:
    return {(e.hit.provisions, e.hit.kind, e.hit.choice) for e in rep.conflicts}


def test_the_2012_packs_give_c1_to_c4_and_nothing_spurious(report_2012: tuple[Report, Path]) -> None:
    rep, _ = report_2012
    assert _found(rep) == C1_C4
    assert rep.sets == [] and rep.contradictions == []
    assert all(e.witness.confirmed for e in rep.conflicts)
    payload = rep.payload()
    assert payload["inconsistent_packs"] == [] and payload["dead"] == []
    # G2-seat-request speaks instead of G2 when a seat is requested (one finding, escalated): neither
    # implies the other any more
    assert payload["redundant"] == []


def test_regions_are_the_facts_where_each_conflict_happens(report_2012: tuple[Report, Path]) -> None:
    rep, _ = report_2012
    by = {e.hit.provisions: e.region for e in rep.conflicts}
    c1 = by[("ministry-variant-2012.M2", "quang-tri-2012.L2")]
    assert c1.formula() == (
        "title.in_dossier = true ∧ title.key = true ∧ title.role = deputy ∧ unit.current_deputies ≤ 1"
    )
    assert "cấp phó" in c1.words("vi") and "số cấp phó hiện tại (đơn vị) ≤ 1" in c1.words("vi")
    assert by[("ministry-variant-2012.M3", "quang-tri-2012.L4")].formula() == "unit.nomination_by = competent_authority"
    c4 = by[("ministry-variant-2012.M4", "quang-tri-2012.L5")].formula()
    assert c4 == "vote.proceeded = true ∧ vote.share__gt__1_2__convened = false"
    c2 = by[("ministry-variant-2012.M1", "quang-tri-2012.L3")].formula()
    # an eligible in-house holder of a planned title, planned nowhere else at or above it ...
    for lit in ("candidacy.eligible = true", "candidacy.source = in_house", "holding.planned_elsewhere = false"):
        assert lit in c2
    # ... at or below the title (planning them is what L3 asks), whom M1 does not accept as a source:
    # not one level below, nor two levels below with an earlier plan one level below
    assert "candidacy.levels_below ≥ 0" in c2 and "candidacy.levels_below ≠ 1" in c2
    assert "candidacy.planned_one_level_below = false" in c2


def test_each_conflict_says_who_prevails_and_cites_both_documents(report_2012: tuple[Report, Path]) -> None:
    rep, _ = report_2012
    for row in rep.payload()["conflicts"]:
        prec = row["precedence"]
        assert prec["rule"] == "unresolved" and prec["settled_by"]["id"] == "secretariat"
        assert [d["provision"] for d in row["documents"]] == row["provisions"]
        assert {d["number"] for d in row["documents"]} == {"92-BC/TU"}
        assert row["in_force"] == {"from": "2012-07-23", "until": None}
        assert row["same_pack"] is False and row["confirmed"] is True


def test_every_witness_is_a_proposal_file_that_check_confirms(report_all: Report, bundled: RuleSet) -> None:
    assert len(report_all.conflicts) >= 4
    for e in [*report_all.conflicts, *report_all.contradictions]:
        assert e.path is not None, (e.hit.provisions, e.witness.note)
        result = check(e.path, rules=bundled, engine="python")  # read as hiepy reads any proposal file
        if e.hit.kind == "contradiction":
            assert any(f.kind == "violation" and set(f.provisions) & set(e.hit.provisions) for f in result.findings)
            continue
        shown = [f for f in result.findings if f.conflict and sorted(f.provisions) == list(e.hit.provisions)]
        assert shown and shown[0].conflict is not None and shown[0].conflict.kind == e.hit.kind, e.path


def test_witness_names_and_contents_are_deterministic(tmp_path: Path) -> None:
    rs = load_rules(PACKS_2012)
    first = build(rs, witness_dir=tmp_path / "one")
    second = build(load_rules(PACKS_2012), witness_dir=tmp_path / "one")
    assert first.to_json() == second.to_json()
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(f"{kind}--{a}--{b}.yaml" for (a, b), kind, _ in C1_C4)
    json.loads(first.to_json())  # and it is JSON


def test_cli_json_is_byte_identical_and_keys_are_sorted(hiepy: Any, tmp_path: Path) -> None:
    args = ["conflicts", *map(str, PACKS_2012), "--format", "json", "--witness-dir", str(tmp_path / "w")]
    a, b = hiepy(*args), hiepy(*args)
    assert a.exit_code == 1 and a.stdout == b.stdout  # conflicts found: status 1, as check's findings
    data = json.loads(a.stdout)
    assert list(data) == sorted(data)
    assert {tuple(c["provisions"]) for c in data["conflicts"]} == {p for p, _, _ in C1_C4}
    assert all(c["witness"].startswith(str(tmp_path / "w")) for c in data["conflicts"])


def test_cli_text_is_a_vietnamese_table_english_on_request(hiepy: Any) -> None:
    vi = hiepy("conflicts", *map(str, PACKS_2012))
    en = hiepy("conflicts", *map(str, PACKS_2012), "--lang", "en")
    assert vi.exit_code == en.exit_code == 1
    for head in ("Loại", "Điều khoản", "Xảy ra khi", "Ưu tiên", "Đề án mẫu", "không thể", "quyền bị rút"):
        assert head in vi.stdout
    for head in ("Kind", "Provisions", "Happens where", "Precedence", "Witness", "incompatible", "permission"):
        assert head in en.stdout
    for pid in ("quang-tri-2012.L2:", "ministry-variant-2012.M4:"):
        assert pid in vi.stdout and pid in en.stdout
    assert "quang-tri-2012.G2-seat-request" not in vi.stdout  # no longer redundant (it replaces G2)


@pytest.mark.usefixtures("english")  # its English wording
def test_cli_bad_input_is_one_line_and_exit_2(hiepy: Any, tmp_path: Path) -> None:
    result = hiepy("conflicts", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_text_render_has_no_trailing_state(report_2012: tuple[Report, Path]) -> None:
    rep, _ = report_2012
    assert render_text(rep, "vi") == render_text(rep, "vi")


# --- packs written for the test: a pack at odds with itself, dead and redundant provisions, sets ----

PACK = """\
pack: {pid}
name: {{vi: "Gói {pid}", en: "Pack {pid}"}}
issuer: {issuer}
in_force: {{from: 2013-01-01}}
"""


def provision(pid: str, body: str) -> str:
    head = (
        f"  - id: {pid}\n"
        f'    name: {{vi: "{pid}", en: "{pid}"}}\n'
        '    source: {document: 92-BC/TU, article: "Mục II.1"}\n'
        f'    text: {{vi: "{pid}", en: "{pid}"}}\n'
        "    severity: error\n"
    )
    return head + textwrap.indent(textwrap.dedent(body), "    ")


def pack(pid: str, issuer: str, *provisions: str) -> tuple[str, str]:
    return PACK.format(pid=pid, issuer=issuer), "provisions:\n" + "".join(provisions)


def test_a_pack_at_odds_with_itself_dead_and_redundant_provisions(tmp_path: Path) -> None:
    root = rules_root(
        tmp_path,
        {
            "odd": pack(
                "odd",
                "ministry_party_committee",
                provision(
                    "odd.min", "subject: title\nwhen: [{fact: key, eq: true}]\nmust: {fact: candidate_count, ge: 3}\n"
                ),
                provision("odd.max", "subject: title\nmust: {fact: candidate_count, le: 2}\n"),
                provision(
                    "odd.max-key",
                    "subject: title\nwhen: [{fact: key, eq: true}]\nmust: {fact: candidate_count, le: 1}\n",
                ),
                provision(
                    "odd.never",
                    "subject: title\nwhen: [{fact: level, gt: 20}]\nmust: {fact: candidate_count, ge: 1}\n",
                ),
            )
        },
    )
    rep = build(load_rules([root / "odd"]), witness_dir=tmp_path / "w")
    found = {(e.hit.provisions, e.hit.kind) for e in rep.conflicts}
    assert found == {(("odd.max", "odd.min"), "incompatible"), (("odd.max-key", "odd.min"), "incompatible")}
    payload = rep.payload()
    assert payload["inconsistent_packs"] == [{"pack": "odd", "provisions": ["odd.max", "odd.max-key", "odd.min"]}]
    assert [d["provision"] for d in payload["dead"]] == ["odd.never"]
    assert {"provision": "odd.max", "implied_by": "odd.max-key"} not in payload["redundant"]
    assert {"provision": "odd.max-key", "implied_by": "odd.max"} not in payload["redundant"]
    # one issuer against itself: the more specific provision prevails (lex specialis)
    row = next(r for r in payload["conflicts"] if r["provisions"] == ["odd.max", "odd.min"])
    assert row["precedence"]["rule"] == "lex_specialis" and row["precedence"]["prevailing"] == "odd.min"
    assert all(e.witness.confirmed for e in rep.conflicts)


def test_redundant_provision_is_named_with_the_one_that_implies_it(tmp_path: Path) -> None:
    root = rules_root(
        tmp_path,
        {
            "red": pack(
                "red",
                "ministry_party_committee",
                provision("red.wide", "subject: title\nmust: {fact: candidate_count, le: 3}\n"),
                provision(
                    "red.narrow",
                    "subject: title\nwhen: [{fact: key, eq: true}]\nmust: {fact: candidate_count, le: 5}\n",
                ),
            )
        },
    )
    payload = build(load_rules([root / "red"])).payload()
    assert payload["redundant"] == [{"provision": "red.narrow", "implied_by": "red.wide"}]
    assert payload["conflicts"] == []


def test_conflicts_exit_0_without_a_conflict_and_1_with_one(tmp_path: Path, hiepy: Any) -> None:
    one = provision("calm.one", "subject: title\nmust: {fact: candidate_count, le: 3}\n")
    root = rules_root(tmp_path, {"calm": pack("calm", "ministry_party_committee", one)})
    assert hiepy("conflicts", str(root / "calm")).exit_code == 0
    assert hiepy("conflicts", *map(str, PACKS_2012)).exit_code == 1


def test_three_windows_that_meet_pairwise_but_not_together(tmp_path: Path) -> None:
    root = rules_root(
        tmp_path,
        {
            "trio": pack(
                "trio",
                "ministry_party_committee",
                provision("trio.a", "subject: title\nmust: {fact: candidate_count, le: 1}\n"),
                provision(
                    "trio.b",
                    "subject: title\nmust: {all: [{fact: candidate_count, ge: 1}, {fact: candidate_count, le: 2}]}\n",
                ),
                provision("trio.c", "subject: title\nmust: {fact: candidate_count, in: [0, 2]}\n"),
            )
        },
    )
    rep = build(load_rules([root / "trio"]), witness_dir=tmp_path / "w")
    assert rep.conflicts == []  # no two of them clash ...
    assert [e.hit.provisions for e in rep.sets] == [("trio.a", "trio.b", "trio.c")]  # ... the three do
    [e] = rep.sets
    assert e.witness.confirmed and e.path is not None and Path(e.path).is_file()


def test_a_contradiction_check_cannot_show_is_still_found(tmp_path: Path) -> None:
    """H1 needs a consultation record; a rule forbidding it never meets H1 (no choice of check's is involved)."""
    root = rules_root(
        tmp_path,
        {
            "no-consult": pack(
                "no-consult",
                "ministry_party_committee",
                provision(
                    "no-consult.skip",
                    "subject: matter\nwhen: [{fact: matter, eq: planning}]\n"
                    "must_not: {record: consultation, match: [title, matter]}\n",
                ),
            )
        },
    )
    rs = load_rules([ROOT / "national-2012", root / "no-consult"])
    rep = build(rs, witness_dir=tmp_path / "w")
    assert rep.conflicts == []
    assert [e.hit.provisions for e in rep.contradictions] == [("national-2012.H1", "no-consult.skip")]
    [e] = rep.contradictions
    assert e.witness.confirmed
    row = rep.payload()["contradictions"][0]
    assert row["precedence"]["rule"] == "lex_superior" and row["precedence"]["prevailing"] == "national-2012.H1"


# --- the property: check never shows a conflict the analysis called compatible ---------------------


@pytest.fixture(scope="module")
def static_pairs(bundled: RuleSet) -> set[tuple[tuple[str, ...], str]]:
    rep = build(bundled, everything=False, confirm=False)
    return {(e.hit.provisions, e.hit.kind) for e in rep.conflicts}


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=proposals())
def test_check_never_shows_a_conflict_the_analysis_missed(
    data: dict[str, Any], bundled: RuleSet, static_pairs: set[tuple[tuple[str, ...], str]]
) -> None:
    proposal = Proposal.model_validate(data)
    assert reference_problems(proposal) == []
    result = check_proposal(proposal, rules=bundled, engine="python")
    for f in result.findings:
        if f.kind == "conflict" and f.conflict is not None:
            assert (tuple(sorted(f.provisions)), f.conflict.kind) in static_pairs, f.message.en
