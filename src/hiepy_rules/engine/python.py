"""The pure-Python forward-chaining engine: a fixpoint loop over compiled provisions.

Conditions are evaluated by ``logic`` (plain functions); record tests are joins by lookup in a
``RecordIndex``. A derived fact is added to the agenda and matched in turn, until nothing new is
derived. Record tests read base facts only (lint enforces it), so the result does not depend on
the order in which facts or provisions are visited.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from typing import Any

from hiepy_rules.compile.ir import CompiledProvision, Program
from hiepy_rules.compile.logic import RecordIndex, Tri, outcome
from hiepy_rules.engine.base import Derivation, EngineResult, Outcome, derived_fact, finish, unit_of
from hiepy_rules.load.limits import RuntimeBudget

#: the provisions on a fact's subject evaluated on it: (provision, when, outcome) each, as ``logic.outcome``
Results = list[tuple[CompiledProvision, Tri, str | None]]
#: how the provisions on a fact's subject are evaluated on it: ``each_outcome``, or a rerun's that reuses
#: earlier evaluations
Evaluate = Callable[[dict[str, Any], Sequence[CompiledProvision], dict[str, Any], RecordIndex], Results]


def each_outcome(
    fact: dict[str, Any], provisions: Sequence[CompiledProvision], unit: dict[str, Any], index: RecordIndex
) -> Results:
    return [(p, *outcome(p, fact, unit, index)) for p in provisions]


def fixpoint(
    program: Program,
    facts: list[dict[str, Any]],
    evaluate: Evaluate = each_outcome,
    *,
    index: RecordIndex | None = None,
    unit: dict[str, Any] | None = None,
) -> EngineResult:
    """Match every fact, base and derived, against the provisions on its subject until nothing new
    is derived. ``index`` and ``unit``: those of the whole proposal, when ``facts`` are only some of
    its facts (a re-check's changed ones)."""
    by_subject: dict[str, list[CompiledProvision]] = defaultdict(list)
    for p in program.provisions:
        by_subject[p.subject].append(p)
    index = RecordIndex(facts) if index is None else index
    unit = unit_of(facts) if unit is None else unit
    outcomes: set[Outcome] = set()
    derivations: set[Derivation] = set()
    derived: dict[str, dict[str, Any]] = {}
    agenda = deque(facts)
    budget = RuntimeBudget()  # derive cycles are refused when rules load; this is the last guard
    steps = 0
    while agenda:
        fact = agenda.popleft()
        steps += 1
        if not steps & 255:
            budget.spend()
        for p, when, result in evaluate(fact, by_subject.get(fact["type"], ()), unit, index):
            if result is not None:
                outcomes.add((p.id, result, fact["id"]))
            if p.derive is not None and when is True:
                new = derived_fact(p.derive, fact)
                derivations.add((p.id, new["id"], fact["id"]))
                if new["id"] not in derived:
                    budget.spend(1)
                    derived[new["id"]] = new
                    agenda.append(new)
    return finish(outcomes, derivations, derived)


class PythonEngine:
    name = "python"

    def run(self, program: Program, facts: list[dict[str, Any]]) -> EngineResult:
        return fixpoint(program, facts)
