"""The pure-Python engine run again on facts that differ from an earlier run's in a few places.

Checking a fix means checking the proposal again with the fix made; a fix changes a handful of
facts. A provision's outcome on a fact depends on that fact, the unit fact, and, through its
record tests, on the base facts of the kinds it tests; so an evaluation of the earlier run is
reused when the fact and the unit are equal to what they were and no fact of a kind the provision
tests has changed. The loop is ``python.fixpoint``, the engine's own, so the result is the same as running it
from scratch (``tests/test_speedups.py`` compares the two).
"""

from __future__ import annotations

from typing import Any

from hiepy_rules.compile.ir import CompiledProvision, Program, Record, walk
from hiepy_rules.compile.logic import RecordIndex, Tri, outcome
from hiepy_rules.engine.base import EngineResult
from hiepy_rules.engine.python import fixpoint

Fact = dict[str, Any]
#: (provision id, fact id) → (the fact as evaluated, when, outcome)
Memo = dict[tuple[str, str], tuple[Fact, Tri, str | None]]


def record_kinds(cp: CompiledProvision) -> frozenset[str]:
    """The kinds of base facts ``cp``'s record tests read (its outcome may change when one of them does)."""
    return frozenset(c.kind for c in walk(*cp.when, cp.rule) if isinstance(c, Record))


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
        stale = {pid for pid, kinds in self.reads.items() if kinds & changed_kinds}
        unit = next((f for f in facts if f["type"] == "unit"), {})
        same_unit = not filling and unit == base.get("unit", {})

        def evaluate(p: CompiledProvision, fact: Fact, unit: Fact, index: RecordIndex) -> tuple[Tri, str | None]:
            key = (p.id, fact["id"])
            hit = memo.get(key) if same_unit and p.id not in stale else None
            if hit is not None and hit[0] == fact:
                return hit[1], hit[2]
            when, result = outcome(p, fact, unit, index)
            if filling:
                memo[key] = (fact, when, result)
            return when, result

        return fixpoint(self.program, facts, evaluate)
