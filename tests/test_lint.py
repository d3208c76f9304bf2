"""``hiepy lint``: one test per kind of problem, each pinning the exact FILE:LINE:COLUMN and message."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from hiepy_rules.compile.facts import FieldSpec
from hiepy_rules.lint.rules.bounds import Bound, _satisfiable
from hiepy_rules.lint.runner import classify, lint_paths
from hiepy_rules.load.packs import bundled_rules_dir

pytestmark = pytest.mark.usefixtures("english")  # the English wording; test_messages.py: Vietnamese

Write = Callable[[str, str], Path]
RunCli = Callable[..., Result]
Texts = dict[str, str]

BAD = "rules/demo/bad.yaml"


def provision(pid: str, body: str, *, severity: str = "error", document: str = "2-QĐ/TU") -> str:
    """One provision of pack ``demo`` (five fixed lines, then ``body``), as an item of ``provisions``."""
    head = (
        f"  - id: demo.{pid}\n"
        f'    name: {{vi: "{pid}", en: "{pid}"}}\n'
        f'    source: {{document: {document}, article: "Điều 1"}}\n'
        f'    text: {{vi: "{pid}", en: "{pid}"}}\n'
        f"    severity: {severity}\n"
    )
    return head + textwrap.indent(textwrap.dedent(body), "    ")


def rules_file(*provisions: str) -> str:
    return "provisions:\n" + "".join(provisions)


def position(text: str, needle: str, nth: int = 1, at: str | None = None) -> tuple[int, int]:
    """1-based line and column of the ``nth`` ``needle`` in ``text`` (of ``at`` inside it, if given)."""
    offset = -1
    for _ in range(nth):
        offset = text.index(needle, offset + 1)
    if at is not None:
        offset += needle.index(at)
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def line(
    text: str,
    needle: str,
    message: str,
    *,
    file: str = BAD,
    nth: int = 1,
    at: str | None = None,
    severity: str = "error",
) -> str:
    ln, col = position(text, needle, nth, at)
    return f"{file}:{ln}:{col}: {severity}: {message}"


def lint(hiepy: RunCli, *paths: str) -> tuple[int, list[str]]:
    result = hiepy("lint", *(paths or ("rules",)))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout.splitlines()


def test_the_fixture_rules_root_is_clean(rules_root: Path, hiepy: RunCli) -> None:
    assert lint(hiepy) == (0, [])


# --- reading --------------------------------------------------------------------------------------


def test_yaml_syntax_error(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = "provisions:\n  - id: [demo.x\n    name: x\n"
    write(BAD, text)
    code, out = lint(hiepy)
    assert code == 2
    assert out == [f"{BAD}:3:9: error: invalid YAML: a list in square brackets is not closed: expected ',' or ']'"]


def test_schema_error_at_the_value(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: title\nmust: {fact: key, eq: true}\n", severity="fatal"))
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [line(text, "fatal", "provisions[0].severity: 'fatal' is not allowed; write one of: error, warning, info")],
    )


def test_unknown_field_at_its_key(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: title\nmust: {fact: key, eq: true}\nmust_be: 1\n"))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, "must_be", "provisions[0]: unknown field 'must_be'; did you mean 'must'?")])


def test_a_file_of_no_known_kind_says_what_it_should_contain(
    tmp_path: Path, write: Write, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write("notes.yaml", "\n\ntitle: hello\n")
    code, out = lint(hiepy, "notes.yaml")
    assert code == 2
    assert out == [
        "notes.yaml:3:1: error: not a hiepy file: found a mapping with 'title'; expected a rule file (a mapping "
        "with `provisions`), a pack manifest (`pack`), a registry (`sources` or `authorities`), a proposal "
        "(`unit` and `titles`) or a pack test file (`tests`)"
    ]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"provisions": []}, "rules"),
        ({"pack": "x"}, "pack"),
        ({"sources": []}, "sources"),
        ({"authorities": []}, "authorities"),
        ({"unit": {}, "titles": []}, "proposal"),
        ({"format": "hiepy/proposal/1"}, "proposal"),
        ({"unit": {}}, None),
        ([{"provisions": []}], None),
        (None, None),
    ],
)
def test_classify_by_content(data: object, kind: str | None) -> None:
    assert classify(data) == kind


# --- across files ---------------------------------------------------------------------------------


def test_duplicate_provision_id_across_packs(rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts) -> None:
    base_pack = rule_texts["pack"]
    write("rules/other/pack.yaml", base_pack.replace("pack: demo", "pack: other").split("settings:")[0])
    text = rules_file(provision("L2", "subject: title\nmust: {fact: key, eq: true}\n"))
    write("rules/other/rules.yaml", text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "demo.L2",
                "duplicate provision id 'demo.L2' (first at rules/demo/rules.yaml:2)",
                file="rules/other/rules.yaml",
            )
        ],
    )


def test_unknown_source_document_and_basis(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: title\nmust: {fact: key, eq: true}\n", document="9-NQ/TW"))
    text = text.replace('article: "Điều 1"', 'article: "Điều 1", basis: [1-NQ/TW, 8-HD/BTCTW]')
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(text, "9-NQ/TW", "unknown source document '9-NQ/TW': not in sources.yaml"),
            line(text, "8-HD/BTCTW", "unknown source document '8-HD/BTCTW': not in sources.yaml"),
        ],
    )


def test_unknown_authority_of_a_provision(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "issuer: secretariat\nsubject: title\nmust: {fact: key, eq: true}\n"))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, "secretariat", "unknown authority 'secretariat': not in authorities.yaml")])


def test_unknown_authority_of_a_pack(rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts) -> None:
    base_pack = rule_texts["pack"]
    text = base_pack.replace("issuer: province", "issuer: ministry")
    write("rules/demo/pack.yaml", text)
    assert lint(hiepy) == (
        2,
        [line(text, "ministry", "unknown authority 'ministry': not in authorities.yaml", file="rules/demo/pack.yaml")],
    )


def test_unknown_authority_of_a_source_and_unknown_replacement(
    rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts
) -> None:
    base_sources = rule_texts["sources"]
    text = base_sources.replace("issuer: province", "issuer: ministry").replace(
        "verification: seed", "verification: seed\n    replaced_by: 3-HD/BTCTW"
    )
    write("rules/sources.yaml", text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "3-HD/BTCTW",
                "unknown source document '3-HD/BTCTW': not in sources.yaml",
                file="rules/sources.yaml",
            ),
            line(text, "ministry", "unknown authority 'ministry': not in authorities.yaml", file="rules/sources.yaml"),
        ],
    )


def test_unknown_superior_and_a_loop_of_superiors(
    rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts
) -> None:
    base_authorities = rule_texts["authorities"]
    text = base_authorities.replace("    rank: 1\n", "    rank: 1\n    superior: province\n") + (
        "  - id: ministry\n    name: {vi: Bộ, en: Ministry}\n    rank: 2\n    superior: central_committee\n"
    )
    write("rules/authorities.yaml", text)
    f = "rules/authorities.yaml"
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "superior: province",
                "the chain of superiors of 'politburo' comes back to it",
                file=f,
                at="province",
            ),
            line(
                text,
                "superior: politburo",
                "the chain of superiors of 'province' comes back to it",
                file=f,
                at="politburo",
            ),
            line(text, "central_committee", "unknown authority 'central_committee': not in authorities.yaml", file=f),
        ],
    )


def test_overrides_naming_no_provision(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: title\nmust: {fact: key, eq: true}\noverrides: [demo.L2, demo.L9]\n"))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, "demo.L9", "overrides unknown provision 'demo.L9'")])


def test_missing_registry(rules_root: Path, hiepy: RunCli) -> None:
    Path("rules/sources.yaml").unlink()
    assert lint(hiepy) == (2, ["rules/sources.yaml: error: registry file is missing"])
    assert lint(hiepy, "rules", "--lang", "vi") == (
        2,
        ["rules/sources.yaml: error: thiếu tệp đăng ký này ở thư mục gốc của bộ quy định"],
    )


# --- subjects and facts ---------------------------------------------------------------------------


def test_unknown_subject(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: cadre\nmust: {fact: eligible, eq: true}\n"))
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "cadre",
                "unknown subject 'cadre': neither a base kind (cadre_plan, candidacy, confidence_vote, "
                "consultation, holding, matter, report, title, unit, vote) nor derived by any provision",
            )
        ],
    )


def test_unknown_fact_of_the_subject_and_of_the_unit(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision(
            "x",
            """\
        subject: vote
        when:
          - {fact: unit.kindd, eq: other}
        must: {fact: candidate_count, ge: 2}
    """,
        )
    )
    write(BAD, text)
    code, out = lint(hiepy)
    assert code == 2
    assert [o.split(" (its facts")[0] for o in out] == [
        line(text, "unit.kindd", "unknown fact 'kindd' for 'unit'"),
        line(text, "candidate_count", "unknown fact 'candidate_count' for 'vote'"),
    ]
    assert "(its facts: body, cadre, convened, " in out[1]


def test_derived_kinds_carry_the_fields_of_the_subject_deriving_them(
    rules_root: Path, write: Write, hiepy: RunCli
) -> None:
    text = rules_file(
        provision("d1", "subject: candidacy\nwhen: [{fact: source, eq: external}]\nderive: needs_check\n"),
        provision("d2", "subject: needs_check\nmust: {fact: eligible, eq: true}\n"),
        provision("d3", "subject: needs_check\nmust: {fact: seats, ge: 1}\n"),
    )
    write(BAD, text)
    code, out = lint(hiepy)
    assert code == 2
    assert [o.split(" (its facts")[0] for o in out] == [line(text, "seats", "unknown fact 'seats' for 'needs_check'")]


def test_derive_must_not_name_a_base_kind(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: title\nderive: vote\n"))
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "derive: vote",
                "derive 'vote' names a base kind; a derived kind needs a name of its own",
                at="vote",
            )
        ],
    )


@pytest.mark.parametrize(
    ("body", "needle", "at", "message"),
    [
        (
            "subject: title\nmust: {fact: role, eq: boss}\n",
            "boss",
            None,
            "'boss' does not fit fact 'role' (one of: head, deputy, other)",
        ),
        ("subject: title\nmust: {fact: key, eq: 1}\n", "eq: 1", "1", "1 does not fit fact 'key' (true or false)"),
        (
            "subject: title\nmust: {fact: seats, ge: two}\n",
            "two",
            None,
            "'two' does not fit fact 'seats' (a whole number)",
        ),
        (
            "subject: title\nmust: {fact: role, in: [head, chief]}\n",
            "chief",
            None,
            "'chief' does not fit fact 'role' (one of: head, deputy, other)",
        ),
        (
            "subject: title\nmust: {fact: role, gt: head}\n",
            "gt",
            None,
            "gt needs a number or a date, but fact 'role' is one of: head, deputy, other",
        ),
        (
            "subject: title\nmust: {fact: seats, eq: [1, 2]}\n",
            "[1, 2]",
            None,
            "eq compares with one value; use in or not_in for a list",
        ),
        (
            "subject: title\nmust: {fact: seats, ge: {fact: key}}\n",
            "fact: key",
            "key",
            "fact 'seats' (a whole number) cannot be compared with fact 'key' (true or false)",
        ),
        (
            "subject: unit\nmust: {fact: date, ge: 2012}\n",
            "2012",
            None,
            "2012 does not fit fact 'date' (a date (YYYY-MM-DD))",
        ),
    ],
)
def test_values_that_do_not_fit_the_field(
    rules_root: Path, write: Write, hiepy: RunCli, body: str, needle: str, at: str | None, message: str
) -> None:
    text = rules_file(provision("x", body))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, needle, message, at=at)])


def test_setting_not_declared_by_the_pack(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: consultation\nmust: {fact: reply_days, ge: {setting: reply_days}}\n"))
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "setting: reply_days}",
                "setting 'reply_days' is not declared in the pack's settings",
                at="reply_days",
            )
        ],
    )


def test_param_not_set_in_params(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: vote\nmust: {share: {over: {param: denominator}}, gt: 1/2}\n"))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, "denominator", "param 'denominator' is not set in this provision's params")])


def test_param_set_in_params_is_fine(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision(
            "x",
            """\
        subject: vote
        params: {denominator: present}
        must: {share: {over: {param: denominator}}, gt: 1/2}
    """,
        )
    )
    write(BAD, text)
    assert lint(hiepy) == (0, [])


def test_share_test_on_a_subject_other_than_vote(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: candidacy\nmust: {share: {over: convened}, gt: 1/2}\n"))
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "share",
                "a share test reads a vote's ballots, but the subject is 'candidacy': "
                "share needs subject: vote or confidence_vote",
            )
        ],
    )


def test_record_nested_inside_any(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision(
            "x",
            """\
        subject: title
        must:
          any:
            - {fact: key, eq: false}
            - {record: consultation, match: [title]}
    """,
        )
    )
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "record:",
                "record may stand only at the top of `when` or as the whole modality condition, not inside all/any/not",
            )
        ],
    )


def test_record_at_the_top_of_when_and_as_the_modality_is_fine(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision(
            "x",
            """\
        subject: title
        when:
          - {no_record: consultation, match: [title], where: [{fact: answer, eq: agree}]}
        must: {record: report, match: [title]}
    """,
        )
    )
    write(BAD, text)
    assert lint(hiepy) == (0, [])


@pytest.mark.parametrize(
    ("record", "needle", "at", "message"),
    [
        (
            "{record: consultation_required, match: [title]}",
            "consultation_required",
            None,
            "record 'consultation_required' is not a base kind (cadre_plan, candidacy, confidence_vote, "
            "consultation, holding, matter, report, title, unit, vote): records range over the facts of the "
            "proposal itself",
        ),
        (
            "{record: consultation, match: [title, level]}",
            "level]",
            "level",
            "match key 'level' is not a field of 'consultation'",
        ),
        (
            "{record: consultation, match: [matter]}",
            "matter]",
            "matter",
            "match key 'matter' is not a field of the subject 'title'",
        ),
    ],
)
def test_record_tests(
    rules_root: Path, write: Write, hiepy: RunCli, record: str, needle: str, at: str | None, message: str
) -> None:
    text = rules_file(provision("x", f"subject: title\nmust: {record}\n"))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, needle, message, at=at)])


def test_record_where_reads_the_record_kind(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision("x", "subject: title\nmust: {record: report, match: [title], where: [{fact: answer, eq: agree}]}\n")
    )
    write(BAD, text)
    code, out = lint(hiepy)
    assert code == 2
    assert [o.split(" (its facts")[0] for o in out] == [line(text, "answer", "unknown fact 'answer' for 'report'")]


# --- contradictions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "needle", "at", "message"),
    [
        (
            "subject: title\nwhen:\n  - {fact: candidate_count, ge: 3}\nmust: {fact: candidate_count, le: 2}\n",
            "le: 2",
            "2",
            "candidate_count le 2 contradicts candidate_count ge 3 in `when`: once the provision applies, `must` can "
            "never be met",
        ),
        (
            "subject: title\nmust: {all: [{fact: level, ge: 5}, {fact: level, le: 3}]}\n",
            "le: 3",
            "3",
            "level le 3 contradicts level ge 5 in `must`: `must` can never hold, so the provision is violated "
            "wherever it applies",
        ),
        (
            "subject: title\nwhen:\n  - {fact: role, eq: head}\n  - {fact: role, eq: deputy}\nmust: {fact: key, eq: "
            "true}\n",
            "deputy}",
            "deputy",
            "role eq 'deputy' contradicts role eq 'head' in `when`: `when` can never hold, so the provision never "
            "applies",
        ),
        (
            "subject: title\nwhen: [{fact: level, gt: 2}, {fact: level, lt: 3}]\nmust: {fact: key, eq: true}\n",
            "lt: 3",
            "3",
            "level lt 3 contradicts level gt 2 in `when`: `when` can never hold, so the provision never applies",
        ),
        (
            "subject: title\nwhen: [{fact: role, not_in: [head, deputy]}]\nmust_not: {fact: role, ne: other}\n",
            "ne: other",
            "other",
            "role ne 'other' contradicts role not_in ['head', 'deputy'] in `when`: once the provision applies, what "
            "`must_not` forbids can never happen",
        ),
        (
            "subject: title\nwhen: [{fact: key, eq: true}]\nmay: {not: {fact: key, eq: true}}\n",
            "eq: true}}",
            "true",
            "not (key eq true) contradicts key eq true in `when`: once the provision applies, what `may` permits can "
            "never happen",
        ),
        (
            "subject: title\nmust: {any: [{all: [{fact: level, ge: 5}, {fact: level, le: 3}]}, {fact: key, eq: "
            "true}]}\n",
            "le: 3",
            "3",
            "level le 3 contradicts level ge 5 in `must`: this `all` can never hold",
        ),
        (
            "subject: unit\nwhen: [{fact: date, ge: 2013-01-01}]\nshould: {not: {any: [{fact: date, ge: 2012-06-01}, "
            "{fact: kind, eq: other}]}}\n",
            "2012-06-01",
            None,
            "not (date ge 2012-06-01) contradicts date ge 2013-01-01 in `when`: once the provision applies, `should` "
            "can never be followed",
        ),
    ],
    ids=["when-vs-must", "all", "eq-twice", "integers", "enum-exhausted", "not", "all-in-any", "dates-de-morgan"],
)
def test_contradictory_bounds(
    rules_root: Path, write: Write, hiepy: RunCli, body: str, needle: str, at: str | None, message: str
) -> None:
    text = rules_file(provision("x", body))
    write(BAD, text)
    assert lint(hiepy) == (2, [line(text, needle, message, at=at)])


def test_bounds_that_can_hold_are_not_contradictions(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision(
            "a", "subject: title\nwhen: [{fact: candidate_count, ge: 2}]\nmust: {fact: candidate_count, le: 2}\n"
        ),
        provision("b", "subject: title\nmust: {all: [{fact: role, ne: head}, {fact: role, ne: deputy}]}\n"),
        provision(
            "c",
            "subject: title\nwhen: [{fact: level, gt: 2}]\nmust: {any: [{fact: level, lt: 2}, {fact: key, "
            "eq: true}]}\n",
        ),
        provision(
            "d",
            "subject: title\nwhen: [{fact: seats, ge: {fact: holder_count}}]\nmust: {fact: seats, le: "
            "{fact: holder_count}}\n",
        ),
        provision("e", "subject: title\nwhen: [{fact: key, eq: true}]\nmust_not: {fact: role, eq: head}\n"),
    )
    write(BAD, text)
    assert lint(hiepy) == (0, [])


def test_a_pack_scope_that_contradicts_when(rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts) -> None:
    base_pack = rule_texts["pack"]
    pack = base_pack + "scope:\n  when:\n    - {fact: unit.province, eq: Quảng Trị}\n"
    write("rules/demo/pack.yaml", pack)
    text = rules_file(
        provision("x", "subject: unit\nwhen: [{fact: province, eq: Huế}]\nmust: {fact: works_locally, eq: true}\n")
    )
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [
            line(
                text,
                "Huế",
                "province eq 'Huế' contradicts unit.province eq 'Quảng Trị' in the pack's scope: "
                "`when` can never hold, so the provision never applies",
            )
        ],
    )


_INT = FieldSpec("int", "a number")
_OPS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge")


@given(st.lists(st.tuples(st.sampled_from(_OPS), st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=5))
def test_integer_satisfiability_is_exact(tests: list[tuple[str, int, int]]) -> None:
    """Against brute force: any value meeting all bounds lies within -5..5 of the literals."""
    bounds = [Bound("x", op, [a, b] if op in ("in", "not_in") else a, ()) for op, a, b in tests]

    def holds(v: int, b: Bound) -> bool:
        if b.op in ("in", "not_in"):
            return (v in b.value) == (b.op == "in")
        return {
            "eq": v == b.value,
            "ne": v != b.value,
            "lt": v < b.value,
            "le": v <= b.value,
            "gt": v > b.value,
            "ge": v >= b.value,
        }[b.op]

    brute = any(all(holds(v, b) for b in bounds) for v in range(-6, 7))
    assert _satisfiable(_INT, bounds) == brute


# --- dates ----------------------------------------------------------------------------------------


def test_reversed_dates_of_a_provision(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(
        provision("x", "subject: title\nin_force: {from: 2012-01-01, until: 2012-01-01}\nmust: {fact: key, eq: true}\n")
    )
    write(BAD, text)
    assert lint(hiepy) == (
        2,
        [line(text, "until: 2012", "in_force.until (2012-01-01) is not after in_force.from (2012-01-01)", at="2012")],
    )


def test_reversed_dates_of_a_pack_and_a_source(
    rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts
) -> None:
    base_pack = rule_texts["pack"]
    base_sources = rule_texts["sources"]
    pack = base_pack.replace("in_force: {from: 2010-01-01}", "in_force: {from: 2010-01-01, until: 2009-12-31}")
    write("rules/demo/pack.yaml", pack)
    sources = base_sources.replace("url: seed", "url: seed\n    in_force: {from: 2005-01-01, until: 2004-01-01}")
    write("rules/sources.yaml", sources)
    assert lint(hiepy) == (
        2,
        [
            line(
                pack,
                "2009-12-31",
                "in_force.until (2009-12-31) is not after in_force.from (2010-01-01)",
                file="rules/demo/pack.yaml",
            ),
            line(
                sources,
                "2004-01-01",
                "in_force.until (2004-01-01) is not after in_force.from (2005-01-01)",
                file="rules/sources.yaml",
            ),
        ],
    )


# --- warnings -------------------------------------------------------------------------------------


def test_warnings_count_only_with_strict(rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts) -> None:
    base_pack = rule_texts["pack"]
    pack = base_pack + "  spare_days: {value: 5}\n"
    write("rules/demo/pack.yaml", pack)
    text = rules_file(provision("x", "subject: title\nin_force: {from: 2009-01-01}\nmust: {fact: key, eq: true}\n"))
    write(BAD, text)
    expected = [
        line(
            text,
            "2009-01-01",
            "in force from 2009-01-01, before its pack (2010-01-01): it does not apply before the pack does",
            severity="warning",
        ),
        line(
            pack,
            "spare_days",
            "setting 'spare_days' is declared but no provision uses it",
            file="rules/demo/pack.yaml",
            severity="warning",
        ),
    ]
    assert lint(hiepy) == (0, expected)
    result = hiepy("lint", "--strict", "rules")
    assert (result.exit_code, result.stdout.splitlines()) == (2, expected)


# --- proposals ------------------------------------------------------------------------------------

PROPOSAL = """\
format: hiepy/proposal/1
id: cuc-thue-2012
date: 2012-08-01
unit: {name: Cục Thuế, kind: central_line_unit}
titles:
  - id: pho-cuc-truong
    name: Phó Cục trưởng
    role: deputy
    level: 2
    key: true
    candidates: [ghost]
cadres: []
votes:
  - {cadre: an, title: truong-phong, step: 1, body: other, yes: 3, convened: 5}
"""


def test_proposal_dangling_ids_each_at_its_line(
    tmp_path: Path, write: Write, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write("p.yaml", PROPOSAL)
    f = "p.yaml"
    assert lint(hiepy, "p.yaml") == (
        2,
        [
            line(PROPOSAL, "ghost", "unknown cadre 'ghost': no entry with this id under 'cadres'", file=f),
            line(PROPOSAL, "an,", "unknown cadre 'an': no entry with this id under 'cadres'", file=f, at="an"),
            line(
                PROPOSAL, "truong-phong", "unknown title 'truong-phong': no entry with this id under 'titles'", file=f
            ),
        ],
    )


def test_proposal_schema_error(tmp_path: Path, write: Write, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = PROPOSAL.replace("yes: 3", "yes: 7")
    write("p.yaml", text)
    code, out = lint(hiepy, "p.yaml")
    assert code == 2
    assert out == [line(text, "{cadre: an", "votes[0]: yes (7) cannot exceed convened (5)", file="p.yaml")]


# --- where hiepy reads a file ---------------------------------------------------------------------


def test_one_file_of_a_pack_is_checked_with_its_pack(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    text = rules_file(provision("x", "subject: consultation\nmust: {fact: reply_days, ge: {setting: nope}}\n"))
    write(BAD, text)
    write("rules/demo/other.yaml", rules_file(provision("y", "subject: nothing\nmust: {fact: a, eq: 1}\n")))
    assert lint(hiepy, BAD) == (2, [line(text, "nope", "setting 'nope' is not declared in the pack's settings")])


def test_a_file_whose_pack_does_not_load_is_not_clean(
    rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts
) -> None:
    base_pack = rule_texts["pack"]
    write("rules/demo/pack.yaml", base_pack.replace("issuer: province\n", ""))
    assert lint(hiepy, "rules/demo/rules.yaml") == (
        2,
        ["rules/demo/pack.yaml:1:1: error: missing required field 'issuer'"],
    )


def test_a_rule_file_outside_any_pack(
    tmp_path: Path, write: Write, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = rules_file(provision("x", "subject: title\nmust: {fact: role, eq: boss}\n"))
    write("loose.yaml", text)
    assert lint(hiepy, "loose.yaml") == (
        2,
        [
            "loose.yaml:1:1: warning: hiepy never loads this file (a rule file is read only from a pack folder (one "
            "with pack.yaml)); checks across files were skipped",
            line(text, "boss", "'boss' does not fit fact 'role' (one of: head, deputy, other)", file="loose.yaml"),
        ],
    )


def test_output_is_sorted_and_the_same_every_time(rules_root: Path, write: Write, hiepy: RunCli) -> None:
    write(BAD, rules_file(provision("x", "subject: cadre\nmust: {fact: role, eq: boss}\n")))
    write("rules/demo/aaa.yaml", rules_file(provision("y", "subject: title\nmust: {fact: role, eq: boss}\n")))
    first = lint(hiepy)
    assert first == lint(hiepy)
    assert first[1] == sorted(first[1]) and len(first[1]) == 2
    assert lint_paths([Path("rules"), Path(BAD)]) == lint_paths([Path("rules")])


def test_the_bundled_rules_lint_clean(hiepy: RunCli) -> None:
    """``hiepy lint rules/`` on the packs shipped with hiepy: exit status 0, no error."""
    root = bundled_rules_dir()
    assert (root / "sources.yaml").is_file(), "the bundled rules are missing"
    relative = os.path.relpath(root)
    errors = [p.render() for p in lint_paths([Path(relative)]) if p.severity == "error"]
    assert errors == []
    assert hiepy("lint", relative).exit_code == 0


def test_a_pack_folder_finds_the_registries_above_it(
    rules_root: Path, write: Write, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = rules_file(provision("x", "subject: title\nmust: {fact: key, eq: true}\n", document="9-NQ/TW"))
    write(BAD, text)
    monkeypatch.chdir("rules/demo")
    assert lint(hiepy, ".") == (
        2,
        [line(text, "9-NQ/TW", "unknown source document '9-NQ/TW': not in sources.yaml", file="bad.yaml")],
    )


def test_a_pack_outside_any_rules_root_uses_the_bundled_registries(
    rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIEPY_RULES", str(Path("rules").resolve()))
    write("lone/pack.yaml", rule_texts["pack"].replace("pack: demo", "pack: lone"))
    text = rule_texts["rules"].replace("demo.", "lone.").replace("document: 2-QĐ/TU", "document: 7-QĐ/TU", 1)
    text += "    overrides: [national.H1]\n"  # other packs are not loaded here: not checked
    write("lone/rules.yaml", text)
    assert lint(hiepy, "lone") == (
        2,
        [line(text, "7-QĐ/TU", "unknown source document '7-QĐ/TU': not in sources.yaml", file="lone/rules.yaml")],
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "my-pack.yaml",
            "pack: mine\nname: {vi: Của tôi, en: Mine}\nissuer: anyone\n"
            "in_force: {from: 2012-01-01, until: 2011-01-01}\n",
            [
                "my-pack.yaml:1:1: warning: hiepy never loads this file (a pack manifest is read only from a file "
                "named pack.yaml); checks across files were skipped",
                "my-pack.yaml:4:37: error: in_force.until (2011-01-01) is not after in_force.from (2012-01-01)",
            ],
        ),
        (
            "authorities.yml",
            "authorities:\n  - {id: a, name: {vi: A, en: A}, rank: 1, superior: b}\n",
            [
                "authorities.yml:1:1: warning: hiepy never loads this file (a registry is read only as sources.yaml or "
                "authorities.yaml in a rules root); checks across files were skipped",
                "authorities.yml:2:54: error: unknown authority 'b': not in authorities.yaml",
            ],
        ),
    ],
)
def test_manifests_and_registries_where_hiepy_never_reads_them(
    tmp_path: Path,
    write: Write,
    hiepy: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    expected: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write(name, text)
    assert lint(hiepy, name) == (2, expected)


def test_an_unknown_fact_in_a_pack_scope(rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts) -> None:
    pack = rule_texts["pack"] + "scope:\n  when:\n    - {fact: unit.provence, eq: Huế}\n"
    write("rules/demo/pack.yaml", pack)
    code, out = lint(hiepy)
    assert code == 2
    assert [o.split(" (its facts")[0] for o in out] == [
        line(pack, "unit.provence", "unknown fact 'provence' for 'unit'", file="rules/demo/pack.yaml")
    ]


def test_a_superior_of_lower_rank_is_a_warning(
    rules_root: Path, write: Write, hiepy: RunCli, rule_texts: Texts
) -> None:
    text = rule_texts["authorities"].replace("rank: 1", "rank: 3")
    write("rules/authorities.yaml", text)
    assert lint(hiepy) == (
        0,
        [
            line(
                text,
                "superior: politburo",
                "superior 'politburo' has rank 3, below 'province' (rank 2)",
                file="rules/authorities.yaml",
                at="politburo",
                severity="warning",
            )
        ],
    )
