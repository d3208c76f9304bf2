"""The pure-Python engine run again on facts that differ from an earlier run's in a few places.

Checking a fix means checking the proposal again with the fix made; a fix changes a handful of
facts. A provision's outcome on a fact depends on that fact, the unit fact, and, through its
record tests, on the base facts of the kinds it tests; so an evaluation of the earlier run is
reused when the fact is equal to what it was, and neither a unit field the provision reads nor a
fact of a kind it tests has changed; a fact on whose subject no such provision is, gets all its
results from the earlier run at the cost of one lookup. The loop is ``python.fixpoint``, the engine's own, so the
result is the same as running it from scratch (``tests/test_recheck_incremental.py`` compares them).

A re-check runs that loop only over the facts whose results may have changed (the changed ones,
and every fact of a kind a re-asked provision is on, or derives a fact it is on): the rest of the
result is the earlier run's, less what those facts and the facts derived from them concluded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from hiepy_rules.compile.ir import CompiledProvision, Program
from hiepy_rules.compile.logic import RecordIndex, Tri, outcome
from hiepy_rules.engine.base import Derivation, EngineResult, Outcome, finish, unit_of
from hiepy_rules.engine.python import Results, fixpoint

Fact = dict[str, Any]
#: (provision id, fact id) → (the fact as evaluated, when, outcome)
Memo = dict[tuple[str, str], tuple[Fact, Tri, str | None]]

_MISSING = object()


class Differences(msgspec.Struct):
    """How facts differ from earlier ones (by id)."""

    kinds: set[str] = msgspec.field(default_factory=set)  # of the facts added, removed or changed
    ids: set[str] = msgspec.field(default_factory=set)  # the facts added, removed or changed
    now: list[Fact] = msgspec.field(default_factory=list)  # the added and changed facts, as they are now


def differences(before: dict[str, Fact], after: Iterable[Fact]) -> Differences:
    """What was added, removed or changed from ``before`` (by id) to ``after``."""
    d = Differences()
    seen: set[str] = set()
    for f in after:
        fid = f["id"]
        old = before.get(fid)
        seen.add(fid)
        if old is not f and (old is None or old != f):  # facts a re-check reuses are the same objects
            d.kinds.add(f["type"])
            d.ids.add(fid)
            d.now.append(f)
            if old is not None:
                d.kinds.add(old["type"])
    for fid, f in before.items():
        if fid not in seen:
            d.kinds.add(f["type"])
            d.ids.add(fid)
    return d


def changed_kinds(before: dict[str, Fact], after: Iterable[Fact]) -> set[str]:
    """The kinds of fact added, removed or changed from ``before`` (by id) to ``after``."""
    return differences(before, after).kinds


def changed_fields(before: Fact, after: Fact) -> set[str]:
    """The fields whose value differs between two versions of a fact (present in one only included)."""
    return {k for k in before.keys() | after.keys() if before.get(k, _MISSING) != after.get(k, _MISSING)}


class Rerun:
    """Runs of one program, each reusing the evaluations of the first (the base) where they still hold."""

    def __init__(self, program: Program, base_facts: list[Fact]) -> None:
        self.program = program
        self.base_facts = {f["id"]: f for f in base_facts}
        #: the unit fact the base run read (the first fact of its kind, as ``fixpoint`` takes it)
        self.unit: Fact = unit_of(base_facts)
        self.memo: Memo = {}
        #: fact id → (the fact as evaluated, every result on it): a fact the fix left alone costs a lookup
        self.results: dict[str, tuple[Fact, Results]] = {}
        self.first = self.run(base_facts)  # fills the memo: nothing is reused on the first run
        #: what the first run concluded on each fact: its outcomes, and the facts derived from it
        self._outcomes: dict[str, list[Outcome]] = {}
        for o in self.first.outcomes:
            self._outcomes.setdefault(o[2], []).append(o)
        self._children: dict[str, list[Derivation]] = {}
        for d in self.first.derivations:
            self._children.setdefault(d[2], []).append(d)
        self._by_kind: dict[str, list[str]] = {}
        for f in base_facts:
            self._by_kind.setdefault(f["type"], []).append(f["id"])
        self._reach = _reach(program)

    def run(self, facts: list[Fact], diff: Differences | None = None) -> EngineResult:
        """``diff``: how the facts differ from the base run's, when the caller has it."""
        base = self.base_facts
        memo, cache = self.memo, self.results
        filling = not cache
        unit = unit_of(facts)
        stale: set[str] = set()
        if not filling:
            if diff is None:
                diff = differences(base, facts)
            # a fix changes the unit's counts: only the provisions that read a changed field are asked again
            kinds = diff.kinds
            fields = changed_fields(self.unit, unit)
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

        if filling or diff is None:
            return fixpoint(self.program, facts, evaluate, unit=unit)
        # the facts whose results may differ: the changed ones, and those of a kind whose own results,
        # or those of a fact derived from them, a re-asked provision gives
        again_kinds = {k for k, reach in self._reach.items() if reach & stale_subjects}
        gone = set(diff.ids)
        again = list(diff.now)
        for kind in again_kinds:
            for fid in self._by_kind.get(kind, ()):
                if fid not in gone:
                    gone.add(fid)
                    again.append(base[fid])
        outcomes = set(self.first.outcomes)
        derivations = set(self.first.derivations)
        derived = {f["id"]: f for f in self.first.derived}
        self._forget(gone, outcomes, derivations, derived)
        part = fixpoint(self.program, again, evaluate, index=RecordIndex(facts), unit=unit)
        outcomes.update(part.outcomes)
        derivations.update(part.derivations)
        derived.update((f["id"], f) for f in part.derived)
        return finish(outcomes, derivations, derived)

    def _forget(
        self, ids: Iterable[str], outcomes: set[Outcome], derivations: set[Derivation], derived: dict[str, Fact]
    ) -> None:
        """Takes out what the first run concluded on these facts and on the facts derived from them."""
        todo = list(ids)
        while todo:
            fid = todo.pop()
            outcomes.difference_update(self._outcomes.get(fid, ()))
            for d in self._children.get(fid, ()):
                derivations.discard(d)
                if derived.pop(d[1], None) is not None:
                    todo.append(d[1])


def _reach(program: Program) -> dict[str, set[str]]:
    """Each kind of fact a provision is on, with the kinds derived from it, step by step (itself included)."""
    steps: dict[str, set[str]] = {}
    for p in program.provisions:
        steps.setdefault(p.subject, set())
        if p.derive is not None:
            steps[p.subject].add(p.derive)
    reach: dict[str, set[str]] = {}
    for kind in steps:
        seen = {kind}
        todo = [kind]
        while todo:
            for nxt in steps.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        reach[kind] = seen
    return reach
