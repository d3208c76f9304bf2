"""The durable-rules adapter: isolation between runs, failures raised, and each IR form and outcome.

Every case is checked against the reference (``PythonEngine``, i.e. ``logic``) and, where the
answer is the point of the case, against the expected outcome written out.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from typing import Any

import pytest

pytest.importorskip("durable.engine", reason="durable-rules is not importable here", exc_type=ImportError)

from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Program, Record
from hiepy_rules.engine import get_engine
from hiepy_rules.engine.base import EngineResult
from hiepy_rules.engine.durable import DurableEngine
from hiepy_rules.engine.durable.columns import CACHE_SIZE, MAX_PATTERNS, RULESET, DurableRulesError, DurableUnsupported
from hiepy_rules.engine.durable.ruleset import ruleset_definition
from hiepy_rules.engine.durable.session import _HOSTS, _host_for, clear_cache
from hiepy_rules.engine.python import PythonEngine

Fact = dict[str, Any]


def prov(
    pid: str,
    subject: str,
    when: list[C] | tuple[C, ...] = (),
    modality: str | None = None,
    rule: C | None = None,
    derive: str | None = None,
    unconfigured: tuple[str, ...] = (),
) -> CompiledProvision:
    return CompiledProvision(pid, "t", subject, tuple(when), modality, rule, derive, unconfigured)  # type: ignore[arg-type]


def program(*provisions: CompiledProvision) -> Program:
    return Program(provisions, frozenset(), hashlib.sha256(repr(provisions).encode()).hexdigest()[:16])


def both(p: Program, facts: list[Fact]) -> EngineResult:
    """Run both engines, insist they agree, and return the result."""
    got = DurableEngine().run(p, facts)
    assert got == PythonEngine().run(p, facts)
    return got


def outcomes(p: Program, facts: list[Fact]) -> set[tuple[str, str, str]]:
    return set(both(p, facts).outcomes)


def verdict_of(c: C, fact: Fact, subject: str = "k", others: list[Fact] | None = None) -> str | None:
    """The outcome of ``must c`` on one fact: violated (c false), indeterminate (unknown), or None."""
    p = program(prov("t.must", subject, [], "must", c))
    facts = [fact, *(others or [])]
    found = {o for pid, o, fid in both(p, facts).outcomes if fid == fact["id"]}
    assert len(found) <= 1
    return found.pop() if found else None


T, F, U = None, "violated", "indeterminate"  # must C: C true → nothing, false → violated, unknown → indeterminate


def k(**fields: Any) -> Fact:
    return {"id": "x", "type": "k", **fields}


# --- isolation -----------------------------------------------------------------------------------


def test_two_programs_in_one_process_share_nothing() -> None:
    p1 = program(prov("a.1", "k", [Cmp("a", "eq", 1)], "must", Cmp("b", "eq", 1)))
    p2 = program(prov("b.1", "k", [Cmp("a", "eq", 1)], "should", Cmp("b", "eq", 2)))
    facts = [k(a=1, b=1), {"id": "y", "type": "k", "a": 1, "b": 2}]
    for _ in range(3):  # interleaved, so any state left behind would show
        assert outcomes(p1, facts) == {("a.1", "violated", "y")}
        assert outcomes(p2, facts) == {("b.1", "advised", "x")}
    assert _host_for(p1) is not _host_for(p2)


def test_same_program_different_facts_do_not_leak() -> None:
    p = program(
        prov("a.1", "k", [Record("r", ("a",), (), False)], "must", Cmp("b", "eq", 1), derive="d"),
        prov("a.2", "d", [], "must", Cmp("b", "eq", 1)),
    )
    first = [k(a=1, b=0), {"id": "r1", "type": "r", "a": 2}]
    second = [{"id": "z", "type": "k", "a": 2, "b": 0}, {"id": "r1", "type": "r", "a": 1}]
    one = both(p, first)
    two = both(p, second)
    assert one.outcomes == (("a.1", "violated", "x"), ("a.2", "violated", "d:x"))
    assert two.outcomes == (("a.1", "violated", "z"), ("a.2", "violated", "d:z"))
    assert both(p, first) == one  # the same facts again: the same answer, nothing remembered
    assert both(p, []) == EngineResult((), (), ())


def test_1500_sequential_runs_stay_under_the_session_limit() -> None:
    p = program(prov("a.1", "k", [Cmp("a", "eq", 1)], "must", Cmp("b", "ge", 2), derive="d"))
    facts = [k(a=1, b=1)]
    engine = DurableEngine()
    expected = PythonEngine().run(p, facts)
    for _ in range(1500):  # durable allows 1024 live sessions per ruleset
        assert engine.run(p, facts) == expected
    host = _host_for(p)
    assert host.runs == {} and not host.closed


def test_concurrent_runs_on_one_program() -> None:
    p = program(prov("a.1", "k", [], "must", Cmp("a", "lt", 3)))
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(100):
                facts = [{"id": f"f{n}-{i}", "type": "k", "a": i % 5}]
                assert DurableEngine().run(p, facts) == PythonEngine().run(p, facts)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_hosts_are_evicted_and_freed() -> None:
    clear_cache()
    progs = [program(prov(f"e.{i}", "k", [], "must", Cmp("a", "eq", i))) for i in range(CACHE_SIZE + 3)]
    first = _host_for(progs[0])
    for i, p in enumerate(progs):
        assert outcomes(p, [k(a=0)]) == ({(f"e.{i}", "violated", "x")} if i else set())
    assert len(_HOSTS) == CACHE_SIZE
    assert first.closed and first.freed
    assert both(progs[0], [k(a=1)]).outcomes == (("e.0", "violated", "x"),)  # rebuilt on demand


def test_same_key_other_provisions_is_not_confused() -> None:
    a = Program((prov("s.1", "k", [], "must", Cmp("a", "eq", 1)),), frozenset(), "same-key")
    b = Program((prov("s.1", "k", [], "must", Cmp("a", "eq", 2)),), frozenset(), "same-key")
    assert both(a, [k(a=2)]).outcomes == (("s.1", "violated", "x"),)
    assert both(b, [k(a=2)]).outcomes == ()


# --- failures are raised, not swallowed ------------------------------------------------------------


def test_an_action_exception_is_raised() -> None:
    p = program(prov("f.1", "k", [], "must", Cmp("a", "eq", 1), derive="d"))

    def boom(pid: str, outcome: str, fid: str) -> None:
        if outcome == "violated":
            raise RuntimeError("injected failure")

    with pytest.raises(DurableRulesError, match="injected failure") as caught:
        DurableEngine(action_hook=boom).run(p, [k(a=2)])
    assert isinstance(caught.value.__cause__, RuntimeError)
    host = _host_for(p)
    assert host.runs == {} and not host.closed  # the session was deleted; the host still works
    assert both(p, [k(a=2)]).outcomes == (("f.1", "violated", "x"),)


def test_a_failing_derive_action_is_raised() -> None:
    p = program(prov("f.2", "k", [], derive="d"), prov("f.3", "d", [], "must", Cmp("a", "eq", 1)))

    def boom(pid: str, outcome: str, fid: str) -> None:
        if pid == "f.3":
            raise KeyError("late")

    with pytest.raises(DurableRulesError):
        DurableEngine(action_hook=boom).run(p, [k(a=2)])


def test_bad_facts_are_refused_clearly() -> None:
    p = program(prov("g.1", "k", [], "must", Cmp("a", "eq", 1)))
    with pytest.raises(DurableUnsupported, match="ints, bools and strings"):
        DurableEngine().run(p, [k(a=1.5)])
    with pytest.raises(DurableUnsupported, match="absent"):
        DurableEngine().run(p, [k(a=None)])
    with pytest.raises(ValueError, match="two facts"):
        DurableEngine().run(p, [k(a=1), k(a=2)])
    with pytest.raises(DurableUnsupported, match="int64"):
        DurableEngine().run(p, [k(a=2**70)])
    with pytest.raises(TypeError, match="string id"):
        DurableEngine().run(p, [{"id": 1, "type": "k"}])
    # a field no provision reads is never shown to durable, whatever its type
    assert both(p, [k(a=1, note=1.5, when=None)]).outcomes == ()


def test_long_lists_are_split_or_refused_not_hung() -> None:
    """durable hangs in create_ruleset on ~550 alternatives below one alpha node."""
    fine = program(prov("l.1", "k", [], "must", Cmp("a", "in", tuple(range(300)))))
    assert outcomes(fine, [k(a=299), {"id": "y", "type": "k", "a": 300}]) == {("l.1", "violated", "y")}
    too_many = program(prov("l.2", "k", [], "must", Cmp("a", "in", tuple(range(600)))))
    with pytest.raises(DurableUnsupported, match="too many distinct tests"):
        DurableEngine().run(too_many, [k(a=1)])


# --- each IR form ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("c", "fact", "expected"),
    [
        (Cmp("a", "eq", 1), k(a=1), T),
        (Cmp("a", "eq", 1), k(a=2), F),
        (Cmp("a", "eq", 1), k(), U),  # an absent field is unknown
        (Cmp("a", "eq", 1), k(a=True), T),  # Python: 1 == True
        (Cmp("a", "eq", 6), k(a="6"), F),  # durable alone says '6' == 6
        (Cmp("a", "eq", "6"), k(a=6), F),
        (Cmp("a", "eq", False), k(a=0), T),
        (Cmp("a", "eq", "Phó"), k(a="Pho\u0301"), F),  # NFC and NFD differ, as in Python
        (Cmp("a", "eq", ""), k(a=""), T),
        (Cmp("a", "eq", (1, 2)), k(a=1), F),  # a list compared with == is never equal
        (Cmp("a", "eq", None), k(a=1), U),  # an unset setting
        (Cmp("a", "ne", 1), k(a=2), T),
        (Cmp("a", "ne", 1), k(), U),  # durable alone: $neq on an absent field is false
        (Cmp("a", "in", (1, "x")), k(a="x"), T),
        (Cmp("a", "in", (1, "x")), k(a=True), T),
        (Cmp("a", "in", ()), k(a=1), F),
        (Cmp("a", "not_in", (1, "x")), k(a=2), T),
        (Cmp("a", "not_in", (1, "x")), k(), U),
        (Cmp("a", "lt", 5), k(a=4), T),
        (Cmp("a", "lt", 5), k(a="4"), F),  # durable alone: '4' < 5
        (Cmp("a", "gt", 5), k(a="16"), F),
        (Cmp("a", "lt", True), k(a=0), T),  # bools order as 0 and 1
        (Cmp("a", "le", "b"), k(a="a"), T),
        (Cmp("a", "lt", "z"), k(a="é"), F),  # code points: é > z (durable alone compares signed bytes)
        (Cmp("a", "lt", "9"), k(a="10"), T),  # strings, not numbers
        (Cmp("a", "gt", "\uffff"), k(a="\U0001f600"), T),
        (Cmp("a", "ge", 2**40), k(a=2**40), T),
        (Cmp("a", "lt", (1,)), k(a=0), F),
        (Cmp("unit.a", "eq", 1), k(), T),  # with the unit below
        (Cmp("unit.b", "eq", 1), k(), U),
    ],
)
def test_field_tests(c: C, fact: Fact, expected: str | None) -> None:
    assert verdict_of(c, fact, others=[{"id": "u", "type": "unit", "a": 1}]) == expected


@pytest.mark.parametrize(
    ("c", "fact", "expected"),
    [
        (CmpField("a", "lt", "b"), k(a=1, b=2), T),
        (CmpField("a", "lt", "b"), k(a=1), U),  # durable alone reads a missing $m field as garbage
        (CmpField("a", "lt", "b"), k(b=1), U),
        (CmpField("a", "eq", "b"), k(a=1, b="1"), F),
        (CmpField("a", "eq", "b"), k(a=1, b=True), T),
        (CmpField("a", "ne", "b"), k(a="x", b=1), T),
        (CmpField("a", "lt", "b"), k(a="x", b=1), F),
        (CmpField("a", "le", "b", 2), k(a=4, b=2), T),
        (CmpField("a", "gt", "b", 2), k(a=4, b=2), F),
        (CmpField("a", "eq", "b", 3), k(a=3, b=True), T),  # True * 3 == 3
        (CmpField("a", "eq", "b", 2), k(a="abab", b="ab"), T),  # Python repeats strings
        (CmpField("a", "lt", "b", 2), k(a="abac", b="ab"), F),
        (CmpField("a", "eq", "b", 0), k(a="", b="ab"), T),
        (CmpField("a", "eq", "b", -1), k(a=-2, b=2), T),
        (CmpField("a", "eq", "a"), k(a=1), T),
        (CmpField("a", "lt", "unit.a"), k(a=0), T),
        (CmpField("unit.a", "ge", "a", 2), k(a=1), F),
        (CmpField("unit.b", "ge", "a"), k(a=1), U),
    ],
)
def test_field_against_field(c: C, fact: Fact, expected: str | None) -> None:
    assert verdict_of(c, fact, others=[{"id": "u", "type": "unit", "a": 1}]) == expected


@pytest.mark.parametrize(
    ("c", "fact", "expected"),
    [
        (All((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), k(a=1, b=1), T),
        (All((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), k(a=2), F),  # false beats unknown
        (All((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), k(a=1), U),
        (Any_((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), k(b=1), T),  # true beats unknown
        (Any_((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), k(a=2), U),
        (Any_((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), k(a=2, b=2), F),
        (Neg(Cmp("a", "eq", 1)), k(a=1), F),
        (Neg(Cmp("a", "eq", 1)), k(), U),
        (Neg(Any_((Cmp("a", "eq", 1), All((Cmp("b", "gt", 0), Neg(Cmp("c", "eq", "x"))))))), k(a=0, b=1), U),
        (All(()), k(), T),
        (Any_(()), k(), F),
    ],
)
def test_kleene_connectives(c: C, fact: Fact, expected: str | None) -> None:
    assert verdict_of(c, fact) == expected


def test_record_tests() -> None:
    has = Record("r", ("a",), (Cmp("b", "gt", 1),), True)
    recs = [{"id": "r1", "type": "r", "a": 1, "b": 2}, {"id": "r2", "type": "r", "a": 2, "b": 0}]
    assert verdict_of(has, k(a=1), others=recs) == T
    assert verdict_of(has, k(a=2), others=recs) == F  # r2's where fails
    assert verdict_of(has, k(), others=recs) == F  # a record test is two-valued: no key, no record
    assert verdict_of(has, k(a=True), others=recs) == T  # keys join as Python's == (1 == True)
    assert verdict_of(has, k(a="1"), others=recs) == F
    no = Record("r", ("a",), (), False)
    assert verdict_of(no, k(a=3), others=recs) == T
    assert verdict_of(no, k(a=2), others=recs) == F
    assert verdict_of(Record("r", (), (), True), k(), others=[]) == F
    # durable alone drops a join that follows an $or in the same pattern
    listed = Record("r", ("a",), (Cmp("b", "in", (0, 5)),), True)
    assert verdict_of(listed, k(a=1), others=recs) == F
    assert verdict_of(listed, k(a=2), others=recs) == T
    assert verdict_of(Record("r", (), (Cmp("unit.a", "eq", 1),), True), k(), others=recs) == F  # no unit
    unit = {"id": "u", "type": "unit", "a": 1}
    assert verdict_of(Record("r", (), (CmpField("b", "gt", "unit.a"),), True), k(), others=[*recs, unit]) == T
    assert verdict_of(Neg(Any_((has, Cmp("c", "eq", 1)))), k(a=1), others=recs) == F  # nested (lint forbids)
    assert verdict_of(Any_((Neg(has), Cmp("c", "eq", 1))), k(a=1), others=recs) == U


def test_record_tests_that_one_record_satisfies_together() -> None:
    """durable never lets one fact match two patterns of a rule, nor a $not see a fact another
    pattern matched: each record pattern of a rule reads its own copy of the records."""
    rec = [{"id": "r1", "type": "r", "a": 0, "b": 1}]
    both_hold = All((Record("r", (), (Cmp("a", "eq", 0),), True), Record("r", (), (Cmp("b", "eq", 1),), True)))
    assert verdict_of(both_hold, k(), others=rec) == T
    contradiction = All((Record("r", (), (), False), Record("r", (), (Cmp("a", "eq", 0),), True)))
    assert verdict_of(contradiction, k(), others=rec) == F
    assert verdict_of(contradiction, k(), others=[]) == F


def test_a_record_test_that_its_own_subject_satisfies() -> None:
    """durable never binds one fact to two patterns of a rule: the subject-as-record case is a test."""
    same = Record("k", ("a",), (Cmp("b", "eq", 1),), True)
    assert verdict_of(same, k(a=1, b=1)) == T  # the only k is the subject itself
    assert verdict_of(same, k(a=1, b=0)) == F
    assert verdict_of(same, k(a=1, b=0), others=[{"id": "y", "type": "k", "a": 1, "b": 1}]) == T
    alone = Record("k", (), (), False)
    assert verdict_of(alone, k()) == F
    derived_subject = program(
        prov("s.1", "k", derive="k2"),
        prov("s.2", "k2", [], "must", Record("k2", (), (), True)),  # records are base facts only
    )
    assert outcomes(derived_subject, [k()]) == {("s.2", "violated", "k2:x")}


# --- each outcome kind -----------------------------------------------------------------------------


def test_outcome_table() -> None:
    when = [Cmp("w", "eq", 1)]
    rule = Cmp("r", "eq", 1)
    cases = {
        "must": {(1, 0): "violated", (1, None): "indeterminate", (None, 0): "indeterminate",
                 (None, None): "indeterminate", (None, 1): None, (1, 1): None, (0, 0): None},
        "must_not": {(1, 1): "violated", (1, None): "indeterminate", (None, 1): "indeterminate",
                     (None, None): "indeterminate", (None, 0): None, (1, 0): None, (0, 1): None},
        # unknown is not no: advice the facts would give is undecided, not silent
        "should": {(1, 0): "advised", (1, None): "indeterminate", (None, 0): "indeterminate",
                   (None, None): "indeterminate", (None, 1): None, (1, 1): None, (0, 0): None},
        "may": {(1, 1): "permitted", (1, None): None, (None, 1): None, (1, 0): None},
    }
    for modality, table in cases.items():
        p = program(prov(f"m.{modality}", "k", when, modality, rule))
        for (w, r), expected in table.items():
            fact = k(**{name: v for name, v in (("w", w), ("r", r)) if v is not None})
            got = {o for _, o, _ in both(p, [fact]).outcomes}
            assert got == ({expected} if expected else set()), (modality, w, r)


def test_unconfigured_and_derive() -> None:
    p = program(
        prov("u.1", "k", [Cmp("w", "eq", 1)], "must", Cmp("r", "eq", None), derive="d", unconfigured=("days",)),
    )
    assert both(p, [k(w=1)]) == EngineResult(
        (("u.1", "unconfigured", "x"),), (("u.1", "d:x", "x"),), ({"id": "d:x", "type": "d", "w": 1},)
    )
    assert both(p, [k()]) == EngineResult((), (), ())  # when unknown: nothing, not even the derivation


def test_derived_fact_chains() -> None:
    p = program(
        prov("c.1", "title", [Cmp("key", "eq", True)], derive="needs_consult"),
        prov("c.2", "needs_consult", [Record("consultation", ("title",), (), False)], derive="missing"),
        prov("c.3", "missing", [], "must", Cmp("waived", "eq", True)),
        prov("c.4", "needs_consult", [], derive="missing"),  # a second derivation of the same facts
    )
    facts = [
        {"id": "t1", "type": "title", "title": "T1", "key": True, "waived": False},
        {"id": "t2", "type": "title", "title": "T2", "key": True, "waived": True},
        {"id": "t3", "type": "title", "title": "T3", "key": True},
        {"id": "t4", "type": "title", "title": "T4", "key": False},
        {"id": "q", "type": "consultation", "title": "T3"},
    ]
    got = both(p, facts)
    assert got.outcomes == (("c.3", "indeterminate", "missing:needs_consult:t3"), ("c.3", "violated",
                                                                                     "missing:needs_consult:t1"))
    assert ("c.2", "missing:needs_consult:t1", "needs_consult:t1") in got.derivations
    assert ("c.4", "missing:needs_consult:t3", "needs_consult:t3") in got.derivations
    assert [f["id"] for f in got.derived] == [
        "missing:needs_consult:t1", "missing:needs_consult:t2", "missing:needs_consult:t3",
        "needs_consult:t1", "needs_consult:t2", "needs_consult:t3",
    ]
    assert got.derived[1] == {"id": "missing:needs_consult:t2", "type": "missing", "title": "T2", "key": True,
                              "waived": True}
    assert got.derived[4] == {"id": "needs_consult:t2", "type": "needs_consult", "title": "T2", "key": True,
                              "waived": True}


def test_awkward_ids() -> None:
    p = program(
        prov("i.1", "k", [], "must", Cmp("a", "eq", 1), derive="d"),
        prov("i.2", "d", [], "must", Cmp("a", "eq", 1)),
    )
    facts = [
        {"id": "__gate__", "type": "k", "a": 0},
        {"id": "__open__", "type": "k", "a": 1},
        {"id": "d:__open__", "type": "other"},  # the id the derivation will want
        {"id": "sid", "type": "k", "a": 0, "sid": 5, "id_": 1},
        {"id": "Phó", "type": "k", "a": 0},
    ]
    got = both(p, facts)
    assert ("i.2", "violated", "d:Phó") in got.outcomes


# --- the ruleset itself ----------------------------------------------------------------------------


def test_the_ruleset_is_data_and_every_rule_is_gated() -> None:
    p = program(
        prov("r.1", "k", [Record("r", ("a",), (), False)], "must", Any_((Cmp("a", "in", (1, 2)), Cmp("b", "lt", 3)))),
    )
    definition = ruleset_definition(p)
    json.dumps(definition)  # plain JSON: no Python callables in it
    rules = definition[RULESET]
    for name, rule in rules.items():
        assert isinstance(rule["run"], str)
        if name not in ("sink", "open"):
            aliases = [next(iter(pattern)) for pattern in rule["all"]]
            assert aliases[:2] == ["f", "g"], name
            assert len(aliases) <= MAX_PATTERNS


def test_engine_selection() -> None:
    assert get_engine("durable").name == "durable"
    assert get_engine("auto").name == "durable"
    assert get_engine("python").name == "python"


def test_import_fails_cleanly_without_the_native_module() -> None:
    """On Python 3.13 the extension fails to import; the adapter raises ImportError, auto falls back."""
    code = (
        "import sys; sys.modules['durable_rules_engine'] = None\n"
        "try:\n    import hiepy_rules.engine.durable\nexcept ImportError:\n    print('ImportError')\n"
        "from hiepy_rules.engine import get_engine; print(get_engine('auto').name)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["ImportError", "python"]
