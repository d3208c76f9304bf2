"""Conditions as tables of three-valued outcomes: the cubes that become durable-rules patterns.

Each provision's conditions are evaluated three-valued (Kleene, as ``logic``) over the values their
leaf tests may take; a decision tree finds the cubes (a state per leaf) that decide each outcome,
and ``states`` writes each leaf's state as durable clauses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import msgspec

from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Record
from hiepy_rules.compile.logic import RecordIndex, outcome
from hiepy_rules.engine.durable.columns import (
    DurableUnsupported,
    Fact,
    Tri,
)

# measured: the bundled packs need at most 6 distinct tests in a provision and ~300 decision steps in
# all; 80 tests in an all-of-anys cost ~1 ms a step, doubling with each any
MAX_LEAVES = int(os.environ.get("HIEPY_DURABLE_MAX_TESTS", "64"))  # distinct tests in one provision


MAX_DECIDE_STEPS = int(os.environ.get("HIEPY_DURABLE_MAX_STEPS", "5000"))  # decision-tree nodes, whole program


# --- three-valued evaluation over possible values, and decision trees ---------------------------


class _RecordVar(msgspec.Struct, frozen=True):
    """A base record of ``kind`` agreeing on ``match`` and satisfying ``where`` exists."""

    kind: str
    match: tuple[str, ...]
    where: tuple[C, ...]


Leaf = Cmp | CmpField | _RecordVar


# Sets of truth values are bit masks: which of T, F, U a condition may still take. An assignment
# maps leaves to the masks they are restricted to (a leaf left out may take its whole domain).
_BIT: dict[Tri, int] = {True: 1, False: 2, None: 4}


_SET: dict[int, frozenset[Tri]] = {m: frozenset(v for v, b in _BIT.items() if m & b) for m in range(8)}


Assignment = dict[Leaf, int]


Cube = dict[int, int]  # leaf number → mask, while deciding (numbers: hashing leaves is slow)


Mask = Callable[[int], int]  # the current mask of a leaf, by number


SURE, NEVER = 1, 2  # verdict masks: 1 surely true, 2 surely false, 3 either


def _var(r: Record) -> _RecordVar:
    return _RecordVar(r.kind, tuple(r.match), tuple(r.where))


def _kleene_and(a: Tri, b: Tri) -> Tri:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _kleene_or(a: Tri, b: Tri) -> Tri:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _table(op: Callable[[Tri, Tri], Tri]) -> list[list[int]]:
    return [[_mask_of(op(a, b) for a in _SET[x] for b in _SET[y]) for y in range(8)] for x in range(8)]


def _mask_of(values: Iterable[Tri]) -> int:
    m = 0
    for v in values:
        m |= _BIT[v]
    return m


_AND = _table(_kleene_and)


_OR = _table(_kleene_or)


_NOT = [_mask_of(None if v is None else not v for v in _SET[m]) for m in range(8)]


def _evaluator(c: C, index: dict[Leaf, int]) -> Callable[[Mask], int]:
    """``c`` as a function from leaf masks to the mask of values it may take (Kleene, as logic)."""
    if isinstance(c, (Cmp, CmpField)):
        i = index[c]
        return lambda get: get(i)
    if isinstance(c, Record):
        v = index[_var(c)]
        return (lambda get: get(v)) if c.exists else (lambda get: _NOT[get(v)])
    if isinstance(c, (All, Any_)):
        parts = [_evaluator(x, index) for x in c.items]
        table, start = (_AND, _BIT[True]) if isinstance(c, All) else (_OR, _BIT[False])

        def fold(get: Mask) -> int:
            acc = start
            for part in parts:
                acc = table[acc][part(get)]
            return acc

        return fold
    if isinstance(c, Neg):
        inner = _evaluator(c.item, index)
        return lambda get: _NOT[inner(get)]
    raise TypeError(f"unknown condition {c!r}")


class _Node(msgspec.Struct):
    """A condition with its evaluator, for choosing the next leaf that can still matter."""

    ev: Callable[[Mask], int]
    children: list[_Node]
    leaves: list[int]

    def pending(self, get: Mask, fixed: Cube) -> int | None:
        """The first unfixed leaf under a part of the condition whose value is still open."""
        if self.ev(get) in (1, 2, 4):  # settled: nothing below can change it
            return None
        for child in self.children:
            leaf = child.pending(get, fixed)
            if leaf is not None:
                return leaf
        return next((leaf for leaf in self.leaves if leaf not in fixed), None)


def _tree(c: C, index: dict[Leaf, int]) -> _Node:
    if isinstance(c, (All, Any_)):
        kids = [_tree(x, index) for x in c.items]
    elif isinstance(c, Neg):
        kids = [_tree(c.item, index)]
    else:
        kids = []
    order: dict[Leaf, None] = {}
    if not kids:
        _leaves(c, order)
    return _Node(_evaluator(c, index), kids, [index[x] for x in order])


def _leaves(c: C, out: dict[Leaf, None]) -> None:
    if isinstance(c, (Cmp, CmpField)):
        out.setdefault(c)
    elif isinstance(c, Record):
        out.setdefault(_var(c))
    elif isinstance(c, (All, Any_)):
        for x in c.items:
            _leaves(x, out)
    elif isinstance(c, Neg):
        _leaves(c.item, out)
    else:
        raise TypeError(f"unknown condition {c!r}")


Verdict = Callable[[Mask], int]  # SURE, NEVER, or both bits


def _decide(roots: list[_Node], domain: list[int], verdict: Verdict, budget: list[int] | None = None) -> list[Cube]:
    """Cubes (leaf → states) that cover exactly the leaf states under which ``verdict`` holds.

    A decision tree (branching only on leaves under parts of ``roots`` not yet settled; the states
    after which the verdict is already sure are merged into one branch: "true or unknown" is one
    clause), then widened (``_prime``).
    """
    if len(domain) > MAX_LEAVES:  # the walk recurses once per leaf, and its cost grows with each
        raise DurableUnsupported(f"durable engine: a condition with more than {MAX_LEAVES} distinct tests")
    out: list[Cube] = []
    asg: Cube = {}
    steps = budget if budget is not None else [0]  # shared by a whole compile

    def get(leaf: int) -> int:
        return asg.get(leaf) or domain[leaf]

    def walk() -> None:
        steps[0] += 1
        if steps[0] > MAX_DECIDE_STEPS:  # exponential in the conditions' width: the Python engine answers
            raise DurableUnsupported("durable engine: a condition too wide to compile (any/all nesting)")
        now = verdict(get)
        if now == NEVER:
            return
        if now == SURE:
            out.append(dict(asg))
            return
        leaf = next((x for x in (r.pending(get, asg) for r in roots) if x is not None), None)
        if leaf is None:
            leaf = next(x for x in range(len(domain)) if x not in asg)
        done = open_ = 0
        for bit in (1, 2, 4):
            if domain[leaf] & bit:
                asg[leaf] = bit
                after = verdict(get)
                if after == SURE:
                    done |= bit
                elif after != NEVER:
                    open_ |= bit
        if done:
            asg[leaf] = done
            out.append(dict(asg))
        for bit in (1, 2, 4):
            if open_ & bit:
                asg[leaf] = bit
                walk()
        asg.pop(leaf, None)

    walk()
    return _prime(out, domain, verdict)


def _prime(cubes: list[Cube], domain: list[int], verdict: Verdict) -> list[Cube]:
    """Widen each cube leaf by leaf while the verdict stays sure; drop cubes inside others.

    The cubes may then overlap (a fact can fire two rules of one outcome: the sets dedupe), but
    there are far fewer: "when is unknown" over n tests is n cubes ("test i unknown, the others
    true or unknown") instead of the decision tree's 2^n - 1.
    """
    wide: list[Cube] = []
    for cube in cubes:
        if any(_inside(cube, w) for w in wide):  # already covered by a wider cube
            continue
        cube = dict(cube)

        def get(leaf: int, cube: Cube = cube) -> int:
            return cube.get(leaf) or domain[leaf]

        for leaf, full in enumerate(domain):
            have = get(leaf)
            if have == full:
                continue
            for wider in _WIDER[full][have]:
                cube[leaf] = wider
                if verdict(get) == SURE:
                    have = wider
                    break
            cube[leaf] = have
        wide.append({leaf: m for leaf, m in cube.items() if m != domain[leaf]})
    unique: list[Cube] = []
    for cube in wide:
        if cube not in unique:
            unique.append(cube)
    return [c for c in unique if not any(o is not c and _inside(c, o) for o in unique)]


#: _WIDER[domain][mask]: the masks strictly between ``mask`` and ``domain``, widest first
_WIDER = [
    [sorted((m for m in range(1, 8) if m & ~d == 0 and h & ~m == 0 and m != h), key=lambda m: -bin(m).count("1"))
     for h in range(8)]
    for d in range(8)
]


def _inside(a: Cube, b: Cube) -> bool:
    """Whether cube ``a`` lies inside cube ``b`` (every leaf ``b`` constrains, ``a`` constrains more)."""
    return all(leaf in a and a[leaf] & ~m == 0 for leaf, m in b.items())


def _outcome_table(p: CompiledProvision) -> dict[tuple[Tri, Tri], str | None]:
    """docs/design.md's outcome table for ``p``, by (when, rule) value: read off ``logic.outcome``
    itself (on a stand-in provision whose when and rule are single tests), so it cannot drift."""
    probe = msgspec.structs.replace(
        p, when=(Cmp("w", "eq", True),), rule=None if p.rule is None else Cmp("r", "eq", True)
    )
    table: dict[tuple[Tri, Tri], str | None] = {}
    for w in (True, False, None):
        for r in (True, False, None):
            fact: Fact = {"id": "probe", "type": p.subject}
            fact.update({name: v for name, v in (("w", w), ("r", r)) if v is not None})
            table[w, r] = outcome(probe, fact, {}, RecordIndex([fact]))[1]
    return table


def _outputs(p: CompiledProvision) -> list[str]:
    out = ["derive"] if p.derive is not None else []
    if p.unconfigured:
        return [*out, "unconfigured"]
    if p.rule is None:
        return out
    return out + {
        "must": ["violated", "indeterminate"],
        "must_not": ["violated", "indeterminate"],
        "should": ["advised", "indeterminate"],
        "may": ["permitted"],
    }.get(p.modality or "", [])
