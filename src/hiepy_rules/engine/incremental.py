"""The pure-Python engine run again on facts that differ from an earlier run's in a few places.

Checking a fix means checking the proposal again with the fix made; a fix changes a handful of
facts. A provision's outcome on a fact depends on that fact, the unit fact, and, through its
record tests, on the base facts of the kinds it tests; so an evaluation of the earlier run is
reused when the fact is equal to what it was, and neither a unit field the provision reads nor a
fact of a kind it tests has changed; a fact on whose subject no such provision is, gets all its
results from the earlier run at the cost of one lookup. The loop is ``python.fixpoint``, the engine's own, so the
result is the same as running it from scratch (``tests/test_recheck_incremental.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from hiepy_rules.compile.ir import CompiledProvision, Program
from hiepy_rules.compile.logic import RecordIndex, Tri, outcome
from hiepy_rules.engine.base import EngineResult
from hiepy_rules.engine.python import Results, fixpoint

Fact = dict[str, Any]
#: (provision id, fact id) → (the fact as evaluated, when, outcome)
Memo = dict[tuple[str, str], tuple[Fact, Tri, str | None]]

_MISSING = object()


def changed_kinds(before: dict[str, Fact], after: Iterable[Fact]) -> set[str]:
    """The kinds of fact added, removed or changed from ``before`` (by id) to ``after``."""
    kinds: set[str] = set()
    seen: set[str] = set()
    for f in after:
        old = before.get(f["id"])
        seen.add(f["id"])
        if old is not f and (old is None or old != f):  # facts a re-check reuses are the same objects
            kinds.add(f["type"])
            if old is not None:
                kinds.add(old["type"])
    kinds.update(f["type"] for fid, f in before.items() if fid not in seen)
    return kinds


def changed_fields(before: Fact, after: Fact) -> set[str]:
    """The fields whose value differs between two versions of a fact (present in one only included)."""
    return {k for k in before.keys() | after.keys() if before.get(k, _MISSING) != after.get(k, _MISSING)}


class Rerun:
    """Runs of one program, each reusing the evaluations of the first (the base) where they still hold."""

    def __init__(self, program: Program, base_facts: list[Fact]) -> None:
        self.program = program
        self.base_facts = {f["id"]: f for f in base_facts}
        self.memo: Memo = {}
        #: fact id → (the fact as evaluated, every result on it): a fact the fix left alone costs a lookup
        self.results: dict[str, tuple[Fact, Results]] = {}
        self.first = self.run(base_facts)  # fills the memo: nothing is reused on the first run

    def run(self, facts: list[Fact], kinds: set[str] | None = None) -> EngineResult:
        """``kinds``: those of the facts that differ from the base run's, when the caller has them."""
        base = self.base_facts
        memo, cache = self.memo, self.results
        filling = not cache
        unit = next((f for f in facts if f["type"] == "unit"), {})
        stale: set[str] = set()
        if not filling:
            # a fix changes the unit's counts: only the provisions that read a changed field are asked again
            kinds = changed_kinds(base, facts) if kinds is None else kinds
            fields = changed_fields(base.get("unit", {}), unit)
            stale = {pid for pid, r in self.program.reads.items() if r.records & kinds or r.unit & fields}
        by_id = self.program.by_id
        stale_subjects = {by_id[pid].subject for pid in stale}

        def evaluate(fact: Fact, provisions: Sequence[CompiledProvision], unit: Fact, index: RecordIndex) -> Results:
            fid = fact["id"]
            if not filling and fact["type"] not in stale_subjects:
                hit = cache.get(fid)
                if hit is not None and (hit[0] is fact or hit[0] == fact):
                    return hit[1]
            results: Results = []
            for p in provisions:
                key = (p.id, fid)
                old = memo.get(key) if not filling and p.id not in stale else None
                if old is not None and old[0] == fact:
                    results.append((p, old[1], old[2]))
                    continue
                when, result = outcome(p, fact, unit, index)
                if filling:
                    memo[key] = (fact, when, result)
                results.append((p, when, result))
            if filling:
                cache[fid] = (fact, results)
            return results

        return fixpoint(self.program, facts, evaluate)
