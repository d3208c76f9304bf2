"""The durable-rules engine and the pure-Python engine agree on random programs and random facts.

Programs are drawn directly in the IR (``compile.Program``), not from YAML, so that they reach
every form and corner the adapter translates: every operator, literals of the wrong type, lists
compared with ``eq``, unset settings (``None``), ``k × field`` over ints, bools and strings
(Python repeats a string), nested connectives, record tests (at the top of ``when``, as the whole
rule, and now and then nested, which lint forbids but ``logic`` defines), record tests whose
subject is itself a candidate record, derive chains, every modality, unconfigured provisions.
Facts use a small vocabulary so that equal values, joins and absent fields are frequent; strings
include a non-ASCII letter in NFC and NFD and a digit string ("10" < "9").

CI runs 300 cases; ``HIEPY_DEEP=1`` runs 100,000 (docs/engines.md).
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("durable.engine", reason="durable-rules is not importable here", exc_type=ImportError)

from hiepy_rules.compile import (
    All,
    Any_,
    C,
    Cmp,
    CmpField,
    CompiledProvision,
    Neg,
    Program,
    Record,
)
from hiepy_rules.engines.durable import DurableEngine
from hiepy_rules.engines.python import PythonEngine

EXAMPLES = 100_000 if os.environ.get("HIEPY_DEEP", "0") not in ("", "0") else 300

BASE = ("unit", "k1", "k2")
DERIVED = ("d1", "d2")  # base kinds derive d1 or d2, d1 derives d2, d2 nothing: chains end
FIELDS = ("a", "b", "c")
READS = (*FIELDS, "id", "unit.a", "unit.b")
VALUES: tuple[Any, ...] = (0, 1, 2, 3, 5, True, False, "x", "y", "", "10", "9", "é", "Phó", "Pho\u0301", "\U0001f600")
OPS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge")
ORDER = ("eq", "ne", "lt", "le", "gt", "ge")
TIMES = (1, 1, 1, 1, 2, 3, 0, -1)

values = st.sampled_from(VALUES)


@st.composite
def leaves(draw: st.DrawFn) -> C:
    if draw(st.integers(0, 3)) == 0:
        return CmpField(draw(st.sampled_from(READS)), draw(st.sampled_from(ORDER)), draw(st.sampled_from(READS)),
                        draw(st.sampled_from(TIMES)))
    op = draw(st.sampled_from(OPS))
    if op in ("in", "not_in"):
        value: Any = tuple(draw(st.lists(values, max_size=4)))
    else:
        value = draw(st.one_of(values, values, values, values, st.sampled_from([None, (1, "x")])))
    return Cmp(draw(st.sampled_from(READS)), op, value)  # type: ignore[arg-type]


@st.composite
def records(draw: st.DrawFn) -> Record:
    match = tuple(draw(st.lists(st.sampled_from((*FIELDS, "id")), unique=True, max_size=2)))
    where = tuple(draw(st.lists(leaves(), max_size=2)))
    return Record(draw(st.sampled_from(BASE)), match, where, draw(st.booleans()))


@st.composite
def conditions(draw: st.DrawFn, depth: int = 2, nested_records: bool = False) -> C:
    """A tree of tests, at most ``depth`` connectives deep (record tests inside it if asked)."""
    pick = draw(st.integers(0, 9)) if depth else 0
    if pick <= 4:
        if nested_records and draw(st.integers(0, 3)) == 0:
            return draw(records())
        return draw(leaves())
    if pick == 9:
        return Neg(draw(conditions(depth - 1, nested_records)))
    items = tuple(draw(st.lists(conditions(depth - 1, nested_records), min_size=1, max_size=3)))
    return All(items) if pick <= 6 else Any_(items)


#: a top-level condition: a record test, a tree of tests, or (now and then) a tree with records inside
tops = st.one_of(records(), conditions(), conditions(), conditions(1), conditions(nested_records=True))


@st.composite
def provisions(draw: st.DrawFn, index: int) -> CompiledProvision:
    subject = draw(st.sampled_from(BASE + BASE + DERIVED))
    modality = draw(st.sampled_from(["must", "must", "must_not", "should", "may", None]))
    derive = None if subject == "d2" else draw(st.sampled_from([None, None, "d2"] if subject == "d1" else
                                                                [None, None, "d1", "d2"]))
    return CompiledProvision(
        id=f"p.{index}",
        pack="p",
        subject=subject,
        when=tuple(draw(st.lists(tops, max_size=3))),
        modality=modality,  # type: ignore[arg-type]
        rule=draw(st.one_of(st.none(), tops, tops)) if modality else None,
        derive=derive,
        unconfigured=("setting",) if draw(st.integers(0, 7)) == 0 else (),
    )


@st.composite
def programs(draw: st.DrawFn) -> Program:
    provs = tuple(draw(provisions(i)) for i in range(draw(st.integers(1, 4))))
    return Program(provs, frozenset(), hashlib.sha256(repr(provs).encode()).hexdigest()[:16])


@st.composite
def fact_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    facts = []
    for i in range(draw(st.integers(0, 7))):
        fact: dict[str, Any] = {"id": f"f{i}", "type": draw(st.sampled_from(("k1", "k2", "k1", "k2", "unit")))}
        for name in FIELDS:
            if draw(st.integers(0, 3)):
                fact[name] = draw(values)
        facts.append(fact)
    return facts


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.lists(fact_lists(), min_size=1, max_size=4))
def test_durable_agrees_with_python(program: Program, fact_sets: list[list[dict[str, Any]]]) -> None:
    durable, python = DurableEngine(), PythonEngine()
    for facts in fact_sets:
        assert durable.run(program, facts) == python.run(program, facts)
