"""Random programs in the IR (``compile.Program``) and random facts for them, for the tests that
compare ways of running a program (the two engines; a re-check against a run from scratch).

Programs reach every form and corner of the vocabulary: every operator, literals of the wrong type,
lists compared with ``eq``, unset settings (``None``), ``k × field`` over ints, bools and strings,
nested connectives, record tests (at the top of ``when``, as the whole rule, and now and then nested),
derive chains, every modality, unconfigured provisions. Facts use a small vocabulary so that equal
values, joins and absent fields are frequent.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from hypothesis import strategies as st

from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Program, Record

BASE = ("unit", "k1", "k2")
DERIVED = ("d1", "d2")  # base kinds derive d1 or d2, d1 derives d2, d2 nothing: chains end
FIELDS = ("a", "b", "c")
READS = (*FIELDS, "id", "unit.a", "unit.b")
VALUES: tuple[Any, ...] = (0, 1, 2, 3, 5, True, False, "x", "y", "", "10", "9", "é", "Phó", "Pho\u0301", "\U0001f600")
OPS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge")
ORDER = ("eq", "ne", "lt", "le", "gt", "ge")
TIMES = (1, 1, 1, 2, 3, 0, -1)

LISTS: tuple[tuple[Any, ...], ...] = ((), (1,), ("x",), (True, "x"), (0, "", "é"), (2, 3, "10", "Phó", False))
LITERALS: tuple[Any, ...] = (*VALUES, None, (1, "x"))  # None: an unset setting; a list compared with eq
#: every leaf test the programs draw from, so that one draw picks one (drawing is most of the cost)
CMPS = [Cmp(f, op, v) for f in READS for op in OPS for v in (LISTS if op in ("in", "not_in") else LITERALS)]
CMPFIELDS = [CmpField(f, op, g, k) for f in READS for op in ORDER for g in READS for k in TIMES]
leaves: st.SearchStrategy[C] = st.one_of(st.sampled_from(CMPS), st.sampled_from(CMPS), st.sampled_from(CMPFIELDS))


@st.composite
def records(draw: st.DrawFn) -> Record:
    match = tuple(draw(st.lists(st.sampled_from((*FIELDS, "id")), unique=True, max_size=2)))
    where = tuple(draw(st.lists(leaves, max_size=2)))
    return Record(draw(st.sampled_from(BASE)), match, where, draw(st.booleans()))


@st.composite
def conditions(draw: st.DrawFn, depth: int = 2, nested_records: bool = False) -> C:
    """A tree of tests, at most ``depth`` connectives deep (record tests inside it if asked)."""
    pick = draw(st.integers(0, 9)) if depth else 0
    if pick <= 4:
        if nested_records and draw(st.integers(0, 3)) == 0:
            return draw(records())
        return draw(leaves)
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
    derive = (
        None
        if subject == "d2"
        else draw(st.sampled_from([None, None, "d2"] if subject == "d1" else [None, None, "d1", "d2"]))
    )
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


def fact_list(rnd: random.Random) -> list[dict[str, Any]]:
    """Up to 7 facts of the base kinds (zero, one or several units), each field absent one time in four."""
    facts = []
    for i in range(rnd.randint(0, 7)):
        fact: dict[str, Any] = {"id": f"f{i}", "type": rnd.choice(("k1", "k2", "k1", "k2", "unit"))}
        fact.update({name: rnd.choice(VALUES) for name in FIELDS if rnd.randint(0, 3)})
        facts.append(fact)
    return facts
