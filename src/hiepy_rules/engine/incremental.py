"""The pure-Python engine run again on facts that differ from an earlier run's in a few places.

Checking a fix means checking the proposal again with the fix made; a fix changes a handful of
facts. A provision's outcome on a fact depends on that fact, the unit fact, and, through its
record tests, on the base facts of the kinds it tests; so an evaluation of the earlier run is
reused when the fact and the unit are equal to what they were and no fact of a kind the provision
tests has changed. The loop is ``PythonEngine.run``'s, so the result is the same as running it
from scratch (``tests/test_speedups.py`` compares the two).
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from hiepy_rules.compile.ir import All, Any_, C, CompiledProvision, Neg, Program, Record
from hiepy_rules.compile.logic import RecordIndex, Tri, outcome
from hiepy_rules.engine.base import Derivation, EngineResult, Outcome, derived_fact, finish
from hiepy_rules.load.limits import RuntimeBudget

Fact = dict[str, Any]
#: (provision id, fact id) → (the fact as evaluated, when, outcome)
Memo = dict[tuple[str, str], tuple[Fact, Tri, str | None]]


def record_kinds(cp: CompiledProvision) -> frozenset[str]:
    """The kinds of base facts ``cp``'s record tests read (its outcome may change when one of them does)."""
    out: set[str] = set()
    todo: list[C] = [*cp.when, *([cp.rule] if cp.rule is not None else [])]
    while todo:
        c = todo.pop()
        if isinstance(c, (All, Any_)):
            todo.extend(c.items)
        elif isinstance(c, Neg):
            todo.append(c.item)
        elif isinstance(c, Record):
            out.add(c.kind)
    return frozenset(out)


class Rerun:
    """Runs of one program, each reusing the evaluations of the first (the base) where they still hold."""

    def __init__(self, program: Program, base_facts: list[Fact]) -> None:
        self.program = program
        self.reads = {cp.id: record_kinds(cp) for cp in program.provisions}
        self.base_facts = {f["id"]: f for f in base_facts}
        self.memo: Memo = {}
        self.run(base_facts)  # fills the memo: nothing is reused on the first run

    def run(self, facts: list[Fact]) -> EngineResult:
        base = self.base_facts
        memo = self.memo
        filling = not memo
        changed_kinds: set[str] = set()
        if not filling:
            seen: set[str] = set()
            for f in facts:
                old = base.get(f["id"])
                seen.add(f["id"])
                if old is None or old != f:
                    changed_kinds.add(f["type"])
                    if old is not None:
                        changed_kinds.add(old["type"])
            changed_kinds.update(f["type"] for fid, f in base.items() if fid not in seen)
        by_subject: dict[str, list[CompiledProvision]] = defaultdict(list)
        for p in self.program.provisions:
            by_subject[p.subject].append(p)
        stale = {pid for pid, kinds in self.reads.items() if kinds & changed_kinds}
        index = RecordIndex(facts)
        unit = next((f for f in facts if f["type"] == "unit"), {})
        same_unit = not filling and unit == base.get("unit", {})
        outcomes: set[Outcome] = set()
        derivations: set[Derivation] = set()
        derived: dict[str, Fact] = {}
        agenda = deque(facts)
        budget = RuntimeBudget()
        steps = 0
        while agenda:
            fact = agenda.popleft()
            steps += 1
            if not steps & 255:
                budget.spend()
            for p in by_subject.get(fact["type"], ()):
                key = (p.id, fact["id"])
                hit = memo.get(key) if same_unit and p.id not in stale else None
                if hit is not None and hit[0] == fact:
                    when, result = hit[1], hit[2]
                else:
                    when, result = outcome(p, fact, unit, index)
                    if filling:
                        memo[key] = (fact, when, result)
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
