"""The fast runtime-conflict search gives exactly what asking every value and every pair gives.

``probe.Probe.window`` asks a plan size once per class of values a provision cannot tell apart;
``conflicts.window`` asks every value. Random provisions over the fields a plan size changes
(integer, bool, string, None and out-of-range constants, lists, comparisons with another field,
record tests over titles, nested any/all/not) are compared on every choice of random proposals.
``probe.disjoint_pairs`` is compared with the nested loop it replaces.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiepy_rules.compile.factset import build_facts
from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Program, Record
from hiepy_rules.compile.logic import RecordIndex
from hiepy_rules.findings.conflicts import _choices, window
from hiepy_rules.findings.probe import Probe, disjoint_pairs
from hiepy_rules.load.yamlio import load
from hiepy_rules.schema.proposal import Proposal
from tests.budget import examples
from tests.helpers import DOSSIER
from tests.strategies import proposals

# the fields a plan size changes come up most
FIELDS = (
    ["candidate_count"] * 4 + ["in_dossier"] * 2 + ["deputies_planned", "unit.deputies_planned", "key", "role", "seats"]
)
CONSTANTS: list[Any] = [-1, 0, 1, 2, 3, 5, 8, 13, 40, 63, 64, 70, True, False, "deputy", "head", None]


def _atom(rnd: random.Random, depth: int) -> C:
    r = rnd.random()
    if depth > 0 and r < 0.15:
        return All(tuple(_atom(rnd, depth - 1) for _ in range(rnd.randint(1, 3))))
    if depth > 0 and r < 0.3:
        return Any_(tuple(_atom(rnd, depth - 1) for _ in range(rnd.randint(1, 3))))
    if depth > 0 and r < 0.38:
        return Neg(_atom(rnd, depth - 1))
    if r < 0.45:
        return CmpField(rnd.choice(FIELDS), rnd.choice(["eq", "lt", "ge"]), rnd.choice(FIELDS), rnd.choice([1, 2]))
    if r < 0.5:
        where = (Cmp("candidate_count", rnd.choice(["ge", "eq"]), rnd.randint(0, 6)),)
        return Record("title", ("role",), where, rnd.choice([True, False]))
    field = rnd.choice(FIELDS)
    if rnd.random() < 0.2:
        return Cmp(field, rnd.choice(["in", "not_in"]), tuple(rnd.sample(CONSTANTS, rnd.randint(1, 4))))
    return Cmp(field, rnd.choice(["eq", "ne", "lt", "le", "gt", "ge"]), rnd.choice(CONSTANTS))


def _program(rnd: random.Random, n: int) -> Program:
    out = []
    for i in range(n):
        out.append(
            CompiledProvision(
                id=f"t.P{i}",
                pack="t",
                subject=rnd.choice(["title", "title", "title", "unit"]),
                when=tuple(_atom(rnd, 2) for _ in range(rnd.randint(0, 2))),
                modality=rnd.choice(["must", "must_not"]),
                rule=_atom(rnd, 2),
                derive=None,
            )
        )
    return Program(tuple(out), frozenset(), "test")


def _compare(data: dict[str, Any], seed: int) -> int:
    rnd = random.Random(seed)
    proposal = Proposal.model_validate(data)
    program = _program(rnd, 12)
    facts = {f["id"]: copy.copy(f) for f in build_facts(proposal)}
    index = RecordIndex(facts.values())
    points: dict[tuple[str, frozenset[str]], set[int] | None] = {}
    asked = 0
    for choice in _choices(proposal, facts, program):
        probe = Probe(choice, facts, index, points)
        for cp in program.provisions:
            assert probe.window(cp) == window(cp, choice, facts, index), (choice.name, choice.key, cp)
            asked += 1
    return asked


@settings(max_examples=examples(60), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals(), st.integers(0, 2**32 - 1))
def test_windows_by_class_are_the_windows_of_every_value(data: dict[str, Any], seed: int) -> None:
    _compare(data, seed)


@pytest.mark.parametrize("part", range(4))
def test_windows_on_the_bundled_dossier(part: int) -> None:
    """Seeds 0-39 in four shares (each its own test, so that two workers share them), each asking its
    quarter of the 1,000 windows the 40 seeds must reach at least."""
    data = load(DOSSIER).data
    assert sum(_compare(data, seed) for seed in range(part, 40, 4)) > 1000 // 4


@given(st.lists(st.sets(st.integers(0, 9), max_size=10), max_size=40))
def test_disjoint_pairs_are_those_of_the_nested_loop(sets: list[set[int]]) -> None:
    windows = [tuple(sorted(s)) for s in sets]
    naive = [
        (i, j) for i in range(len(windows)) for j in range(i + 1, len(windows)) if not set(windows[i]) & set(windows[j])
    ]
    assert disjoint_pairs(windows, tuple(range(10))) == naive


def test_disjoint_pairs_of_two_valued_choices() -> None:
    windows = [(True,), (False,), (False, True), (True,), ("x",)]
    domain: tuple[Any, ...] = (False, True, "x")
    assert disjoint_pairs(windows, domain) == [(0, 1), (0, 4), (1, 3), (1, 4), (2, 4), (3, 4)]


@pytest.mark.parametrize("deputy", [False, True])
@pytest.mark.parametrize("by_size", [False, True])
def test_what_a_plan_size_sets_is_what_the_probe_reads_it_sets(deputy: bool, by_size: bool) -> None:
    """``probe.PLAN_SIZE_SETS`` (which comparisons with another field move with a plan size, and how)
    is what ``conflicts._PlanSize`` does to the title and the unit, for each of the choice's fields."""
    from hiepy_rules.findings.conflicts import _PLAN_SIZE_FIELDS, _PlanSize
    from hiepy_rules.findings.probe import PLAN_SIZE_SETS

    fields = _PLAN_SIZE_FIELDS[(deputy, by_size)]
    facts = {  # unknown before: whatever the size sets differs
        "title:t": {"id": "title:t", "type": "title", "candidate_count": None, "in_dossier": None, "seats": 2},
        "unit": {"id": "unit", "type": "unit", "deputies_planned": None, "deputies": 3},
    }
    for v in range(5):
        after = _PlanSize("title:t", deputy, by_size)(facts, v)
        for fid, kind in (("title:t", "title"), ("unit", "unit")):
            changed = {k: x for k, x in after[fid].items() if facts[fid].get(k) != x}
            sets = PLAN_SIZE_SETS[kind]
            assert changed == {k: v if how == "size" else v > 0 for k, how in sets.items() if k in fields}
