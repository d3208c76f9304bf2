"""Which of two clashing provisions prevails (brief decision 6), end to end through ``check``.

Each test writes a small rules root (the bundled authorities and sources registries, plus one or
two packs whose provisions clash) and checks a tiny proposal against it. Where a provision
prevails, the conflict is reported at severity info and the losing side's violation is reported
as ``overridden``, not counted in the errors; where nothing decides, the conflict is unresolved
and names the body that can settle it.

The clash used throughout: ``MIN2`` (a key title must have at least 2 candidates) against
``MAX1`` (at most 1). The proposal plans 2 candidates when ``MAX1`` should be the one broken, 1
when ``MIN2`` should.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hiepy_rules.findings.model import CheckResult
from hiepy_rules.findings.precedence import decide
from hiepy_rules.load.packs import load_rules
from tests.helpers import kinds, of, rules_root, run, write

MINISTRY = "ministry_party_committee"
PROVINCE = "provincial_standing_committee_quang_tri"
POLITBURO = "politburo"
ORG_COMMISSION = "central_organization_commission"


def manifest(pack: str, issuer: str, scope: str = "") -> str:
    text = f"""\
pack: {pack}
name: {{vi: "Gói {pack}", en: "Pack {pack}"}}
issuer: {issuer}
version: "1"
in_force: {{from: 2000-01-01}}
"""
    if scope:
        text += f"scope:\n  when:\n    - {scope}\n"
    return text


def provision(
    pid: str,
    *,
    must: str = "",
    must_not: str = "",
    may: str = "",
    subject: str = "title",
    when: tuple[str, ...] = ("{fact: key, eq: true}",),
    in_force: str = "",
    overrides: tuple[str, ...] = (),
) -> str:
    lines = [
        f"  - id: {pid}",
        f'    name: {{vi: "Quy định {pid}", en: "Provision {pid}"}}',
        '    source: {document: 92-BC/TU, article: "Mục II.1"}',
        f'    text: {{vi: "lời văn {pid}", en: "words of {pid}"}}',
        "    severity: error",
        f"    subject: {subject}",
    ]
    if when:
        lines.append("    when:")
        lines.extend(f"      - {w}" for w in when)
    if in_force:
        lines.append(f"    in_force: {{from: {in_force}}}")
    if overrides:
        lines.append(f"    overrides: [{', '.join(overrides)}]")
    for key, cond in (("must", must), ("must_not", must_not), ("may", may)):
        if cond:
            lines.append(f"    {key}: {cond}")
    return "\n".join(lines) + "\n"


MIN2 = "{fact: candidate_count, ge: 2}"
MAX1 = "{fact: candidate_count, le: 1}"


def provisions(*items: str) -> str:
    return "provisions:\n" + "".join(items)


def proposal(tmp_path: Path, candidates: int, nomination: str = "all_eligible_staff") -> Path:
    ids = ["nguyen-van-a", "tran-thi-b"][:candidates]
    return write(
        tmp_path,
        "de-an.yaml",
        f"""\
        format: hiepy/proposal/1
        id: de-an-thu
        date: 2012-09-01
        unit: {{name: Đơn vị thử, kind: other, province: Quảng Trị}}
        titles:
          - {{id: giam-doc, name: Giám đốc, role: head, level: 1, key: true, candidates: [{", ".join(ids)}]}}
        cadres:
          - {{id: nguyen-van-a, name: Nguyễn Văn A}}
          - {{id: tran-thi-b, name: Trần Thị B}}
        nomination: {{drawn_up_by: {nomination}}}
        """,
    )


def check_with(
    tmp_path: Path, packs: dict[str, tuple[str, str]], candidates: int, nomination: str = "all_eligible_staff"
) -> CheckResult:
    root = rules_root(tmp_path, packs)
    rs = load_rules([root])
    assert [p for p in rs.problems if p.severity == "error"] == []
    return run(proposal(tmp_path, candidates, nomination), rules=rs)


def two_packs(
    a_issuer: str, a_rule: str, b_issuer: str, b_rule: str, *, b_overrides: tuple[str, ...] = ()
) -> dict[str, tuple[str, str]]:
    """Pack ``alpha`` holds ``alpha.A`` (a_rule), pack ``zulu`` holds ``zulu.B`` (b_rule)."""
    return {
        "alpha": (manifest("alpha", a_issuer), provisions(provision("alpha.A", must=a_rule))),
        "zulu": (manifest("zulu", b_issuer), provisions(provision("zulu.B", must=b_rule, overrides=b_overrides))),
    }


def nomination_packs(may_issuer: str, must_not_issuer: str) -> dict[str, tuple[str, str]]:
    """``alpha.A`` permits the competent authority to draw up the list; ``zulu.B`` forbids it."""
    competent = "{fact: nomination_by, eq: competent_authority}"
    return {
        "alpha": (
            manifest("alpha", may_issuer),
            provisions(provision("alpha.A", may=competent, subject="unit", when=())),
        ),
        "zulu": (
            manifest("zulu", must_not_issuer),
            provisions(provision("zulu.B", must_not=competent, subject="unit", when=())),
        ),
    }


def the_conflict(result: CheckResult):  # type: ignore[no-untyped-def]
    """The one finding about a clash: a conflict when unresolved, the loser set aside when decided."""
    found = [f for f in result.findings if f.conflict is not None]
    assert len(found) == 1, kinds(result)
    assert found[0].conflict is not None
    return found[0]


def assert_prevails(result: CheckResult, rule: str, winner: str, loser: str) -> None:
    f = the_conflict(result)
    prec = f.conflict.precedence
    assert (prec.rule, prec.prevailing, prec.overridden) == (rule, winner, loser)
    assert prec.settled_by is None
    assert f.severity == "info"
    assert f.fix is None
    assert winner in f.message.en and "prevails" in f.message.en
    # the loser is shown once, as overridden, with its violation inside, and not counted
    assert f.kind == "overridden" and f.overridden_by == winner
    assert f.message.en.startswith(f"[overridden by {winner}]")
    assert f.message.vi.startswith(f"[bị {winner} thay thế]")
    assert [(x.kind, x.provisions) for x in f.folded] == [("violation", [loser])]
    assert of(result, loser, "violation") == []
    assert of(result, winner, "violation") == []
    assert result.errors == 0
    assert result.counts() == {"overridden": 1}


# --- explicit override ----------------------------------------------------------------------


def test_explicit_override_decides_between_peers(tmp_path: Path) -> None:
    packs = two_packs(MINISTRY, MIN2, PROVINCE, MAX1, b_overrides=("alpha.A",))
    result = check_with(tmp_path, packs, candidates=1)
    assert_prevails(result, "explicit_override", "zulu.B", "alpha.A")
    assert the_conflict(result).conflict.precedence.reason.en == "zulu.B explicitly overrides alpha.A"


def test_explicit_override_decides_before_rank(tmp_path: Path) -> None:
    packs = two_packs(POLITBURO, MIN2, PROVINCE, MAX1, b_overrides=("alpha.A",))
    result = check_with(tmp_path, packs, candidates=1)
    assert_prevails(result, "explicit_override", "zulu.B", "alpha.A")


# --- lex superior -----------------------------------------------------------------------------


def test_lex_superior_higher_issuer_first_in_order(tmp_path: Path) -> None:
    result = check_with(tmp_path, two_packs(POLITBURO, MIN2, PROVINCE, MAX1), candidates=2)
    assert_prevails(result, "lex_superior", "alpha.A", "zulu.B")
    reason = the_conflict(result).conflict.precedence.reason
    assert reason.en == "higher issuing authority: Politburo above Quảng Trị Provincial Party Standing Committee"
    assert reason.vi == "cơ quan ban hành cấp cao hơn: Bộ Chính trị trên Ban Thường vụ Tỉnh ủy Quảng Trị"


def test_lex_superior_higher_issuer_second_in_order(tmp_path: Path) -> None:
    result = check_with(tmp_path, two_packs(PROVINCE, MIN2, POLITBURO, MAX1), candidates=1)
    assert_prevails(result, "lex_superior", "zulu.B", "alpha.A")


def test_lex_superior_between_adjacent_ranks(tmp_path: Path) -> None:
    """Central Organization Commission (rank 4) over a ministry's Party committee (rank 5)."""
    result = check_with(tmp_path, two_packs(MINISTRY, MIN2, ORG_COMMISSION, MAX1), candidates=1)
    assert_prevails(result, "lex_superior", "zulu.B", "alpha.A")


def test_lex_superior_resolves_a_withdrawn_permission_for_the_permission(tmp_path: Path) -> None:
    packs = nomination_packs(may_issuer=POLITBURO, must_not_issuer=PROVINCE)
    result = check_with(tmp_path, packs, candidates=2, nomination="competent_authority")
    f = the_conflict(result)
    assert f.conflict.kind == "permission_withdrawn"
    assert_prevails(result, "lex_superior", "alpha.A", "zulu.B")


def test_lex_superior_resolves_a_withdrawn_permission_against_it(tmp_path: Path) -> None:
    packs = nomination_packs(may_issuer=PROVINCE, must_not_issuer=POLITBURO)
    result = check_with(tmp_path, packs, candidates=2, nomination="competent_authority")
    f = the_conflict(result)
    prec = f.conflict.precedence
    assert (f.conflict.kind, prec.rule, prec.prevailing, prec.overridden) == (
        "permission_withdrawn",
        "lex_superior",
        "zulu.B",
        "alpha.A",
    )
    assert f.severity == "info"
    # the prohibition prevails: its violation stands and is counted; the permission is shown set aside
    [v] = of(result, "zulu.B", "violation")
    assert v.severity == "error"
    assert (f.kind, f.overridden_by, f.folded) == ("overridden", "zulu.B", [])
    assert result.errors == 1


# --- same issuer: lex specialis, lex posterior, a tie ------------------------------------------


def test_lex_specialis_more_conditions_prevail(tmp_path: Path) -> None:
    packs = {
        "alpha": (
            manifest("alpha", PROVINCE),
            provisions(
                provision("alpha.A", must=MIN2, when=("{fact: key, eq: true}", "{fact: role, eq: head}")),
                provision("alpha.B", must=MAX1),
            ),
        )
    }
    result = check_with(tmp_path, packs, candidates=2)
    assert_prevails(result, "lex_specialis", "alpha.A", "alpha.B")
    assert the_conflict(result).conflict.precedence.reason.en == "same issuer; alpha.A is more specific"


def test_lex_specialis_counts_the_packs_scope(tmp_path: Path) -> None:
    packs = {
        "alpha": (manifest("alpha", PROVINCE), provisions(provision("alpha.A", must=MIN2))),
        "zulu": (
            manifest("zulu", PROVINCE, scope="{fact: unit.province, eq: Quảng Trị}"),
            provisions(provision("zulu.B", must=MAX1)),
        ),
    }
    result = check_with(tmp_path, packs, candidates=1)
    assert_prevails(result, "lex_specialis", "zulu.B", "alpha.A")


def test_lex_posterior_later_provision_prevails(tmp_path: Path) -> None:
    packs = {
        "alpha": (
            manifest("alpha", PROVINCE),
            provisions(
                provision("alpha.A", must=MIN2, in_force="2005-01-01"),
                provision("alpha.B", must=MAX1, in_force="2010-01-01"),
            ),
        )
    }
    result = check_with(tmp_path, packs, candidates=1)
    assert_prevails(result, "lex_posterior", "alpha.B", "alpha.A")
    assert the_conflict(result).conflict.precedence.reason.en == "same issuer; alpha.B is later"


def test_lex_specialis_is_asked_before_lex_posterior(tmp_path: Path) -> None:
    packs = {
        "alpha": (
            manifest("alpha", PROVINCE),
            provisions(
                provision(
                    "alpha.A",
                    must=MIN2,
                    when=("{fact: key, eq: true}", "{fact: role, eq: head}"),
                    in_force="2005-01-01",
                ),
                provision("alpha.B", must=MAX1, in_force="2010-01-01"),
            ),
        )
    }
    result = check_with(tmp_path, packs, candidates=2)
    assert_prevails(result, "lex_specialis", "alpha.A", "alpha.B")


def test_same_issuer_tie_is_unresolved_and_the_issuer_must_clarify(tmp_path: Path) -> None:
    packs = {
        "alpha": (
            manifest("alpha", PROVINCE),
            provisions(
                provision("alpha.A", must=MIN2),
                provision("alpha.B", must=MAX1),
            ),
        )
    }
    result = check_with(tmp_path, packs, candidates=2)
    f = the_conflict(result)
    prec = f.conflict.precedence
    assert (prec.rule, prec.prevailing, prec.overridden) == ("unresolved", None, None)
    assert prec.settled_by is not None and prec.settled_by.id == PROVINCE
    assert "must clarify" in prec.reason.en
    assert f.severity == "error"
    # the broken side is shown inside the unresolved conflict, not counted on its own (brief decision 9)
    assert [v.kind for v in of(result, "alpha.B")] == ["conflict"]
    assert [x.provisions for x in f.folded] == [["alpha.B"]]
    assert result.errors == 1


# --- peers of different issuers ------------------------------------------------------------


def test_peers_are_unresolved_and_their_common_superior_settles(tmp_path: Path) -> None:
    result = check_with(tmp_path, two_packs(MINISTRY, MIN2, PROVINCE, MAX1), candidates=2)
    f = the_conflict(result)
    prec = f.conflict.precedence
    assert (prec.rule, prec.prevailing, prec.overridden) == ("unresolved", None, None)
    assert prec.settled_by is not None and prec.settled_by.id == "secretariat"
    assert prec.settled_by.en == "Party Central Secretariat"
    assert "escalate to Party Central Secretariat" in f.message.en
    assert f.severity == "error"
    # nothing is overridden: the broken side is shown inside the conflict, which alone counts
    assert [x.kind for x in of(result, "zulu.B")] == ["conflict"]
    assert [x.provisions for x in f.folded] == [["zulu.B"]]
    assert [x for x in result.findings if x.kind == "overridden"] == []
    assert result.errors == 1


def test_no_clash_no_precedence(tmp_path: Path) -> None:
    """Two compatible provisions (≥ 2 and ≤ 3) raise no conflict, whatever their ranks."""
    result = check_with(tmp_path, two_packs(MINISTRY, MIN2, PROVINCE, "{fact: candidate_count, le: 3}"), candidates=1)
    assert [f for f in result.findings if f.kind == "conflict"] == []
    assert kinds(result) == [("violation", ("alpha.A",), "title:giam-doc")]


@pytest.mark.parametrize(
    ("a", "b", "rule", "winner", "settled_by"),
    [
        (MINISTRY, PROVINCE, "unresolved", None, "secretariat"),
        (POLITBURO, PROVINCE, "lex_superior", "alpha.A", None),
        (PROVINCE, POLITBURO, "lex_superior", "zulu.B", None),
        (PROVINCE, PROVINCE, "unresolved", None, PROVINCE),  # one issuer, equal specificity and dates
    ],
)
def test_decide_does_not_depend_on_argument_order(
    tmp_path: Path, a: str, b: str, rule: str, winner: str | None, settled_by: str | None
) -> None:
    rs = load_rules([rules_root(tmp_path, two_packs(a, MIN2, b, MAX1))])
    one, two = decide(rs, "alpha.A", "zulu.B"), decide(rs, "zulu.B", "alpha.A")
    assert (one.rule, one.prevailing, one.overridden, one.settled_by) == (
        two.rule,
        two.prevailing,
        two.overridden,
        two.settled_by,
    )
    assert (one.rule, one.prevailing, one.settled_by) == (rule, winner, settled_by)
