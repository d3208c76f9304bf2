"""A choice's "what ifs", made once and asked of every provision; incompatible windows found in near-linear time.

Runtime conflicts ask each provision that reads a choice which of the choice's values leave it
unbroken (its window). Done naively that is provisions × values evaluations, each with its own
changed facts, and then every pair of windows compared: with hundreds of provisions on one fact
it took tens of seconds. Here:

- the changed facts and record index under each value are made once per choice (``Probe``);
- a plan size (up to 65 values) is asked only once per *class* of values the provision cannot
  tell apart: its conditions compare the plan size with integer constants, so values strictly
  between two consecutive constants (or beyond the last) give the same outcome. A comparison with
  another field adds the points where it can turn, read from the facts the choice leaves alone. A
  provision whose conditions read the plan size in any other way (a record test over the changed
  facts, a constant or a field value that is not an integer, a string or empty) is asked every value;
- disjoint windows are found with one bit set per value (the windows allowing it): a window meets
  the union of the sets of its values, and the pairs it misses are read off the complement, so the
  cost follows the pairs found, not the square of the windows.

The windows and the pairs are exactly those of asking every value and comparing every pair, in
the same order (tests/test_probe.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from hiepy_rules.compile.ir import Cmp, CmpField, CompiledProvision, Record, walk
from hiepy_rules.compile.logic import RecordIndex, outcome

Facts = dict[str, dict[str, Any]]


class ChoiceLike(Protocol):
    """What a probe needs of ``conflicts.Choice``."""

    @property
    def name(self) -> str: ...
    @property
    def fields(self) -> frozenset[str]: ...
    @property
    def domain(self) -> tuple[Any, ...]: ...
    @property
    def apply(self) -> Callable[[Facts, Any], Facts]: ...
    @property
    def watch(self) -> tuple[str, ...]: ...
    @property
    def current(self) -> Any: ...
    @property
    def parties(self) -> tuple[str, str] | None: ...


def broken(cp: CompiledProvision, facts: Facts, watch: tuple[str, ...], index: RecordIndex) -> bool | None:
    """Whether ``cp`` is violated on a watched fact; None when it applies to none of them."""
    unit = facts.get("unit", {})
    applies = False
    for fid in watch:
        f = facts.get(fid)
        if f is None or f["type"] != cp.subject:
            continue
        when, result = outcome(cp, f, unit, index)
        if when is not False:
            applies = True
        if result == "violated":
            return True
    return False if applies else None


class Probe:
    """One choice over one proposal's facts: the facts and index under each value, made when first asked.

    ``points`` may be shared by the probes of one proposal: a provision's points depend only on it
    and on the fields of the choice.
    """

    def __init__(
        self,
        choice: ChoiceLike,
        facts: Facts,
        index: RecordIndex,
        points: dict[tuple[str, frozenset[str]], set[int] | None] | None = None,
    ) -> None:
        self.choice = choice
        self._near = {fid: facts[fid] for fid in (*choice.watch, "unit") if fid in facts}
        self._index = index
        self._cases: dict[int, tuple[Facts, RecordIndex]] = {}
        domain = choice.domain
        # classes of values need a plan size's domain 0, 1, ..., top (position = value)
        self._ranged = choice.name == "plan_size" and domain == tuple(range(len(domain)))
        self._points = {} if points is None else points
        self._field_points: dict[str, set[int] | None] = {}  # by provision: read from this choice's facts

    def _case(self, k: int) -> tuple[Facts, RecordIndex]:
        case = self._cases.get(k)
        if case is None:
            choice = self.choice
            after = choice.apply(self._near, choice.domain[k])
            case = (after, self._index.replacing({fid: after.get(fid) for fid in choice.watch}))
            self._cases[k] = case
        return case

    def window(self, cp: CompiledProvision) -> tuple[Any, ...] | None:
        """The values of the choice that leave ``cp`` unbroken; None when cp never applies to it."""
        domain = self.choice.domain
        allowed: list[Any] = []
        applies = False
        for start, stop in self._classes(cp):
            after, changed = self._case(start)
            b = broken(cp, after, self.choice.watch, changed)
            if b is not None:
                applies = True
            if not b:
                allowed.extend(domain[start:stop])
        return tuple(allowed) if applies else None  # classes are runs in the domain's order: so is ``allowed``

    def _classes(self, cp: CompiledProvision) -> list[tuple[int, int]]:
        """Runs of domain positions ``cp`` cannot tell apart, in order (single values when unsure)."""
        n = len(self.choice.domain)
        points: set[int] | None = None
        if self._ranged:
            key = (cp.id, self.choice.fields)
            if key in self._points:
                points = self._points[key]
            else:
                points = self._points[key] = _plan_size_points(cp, self.choice.fields)
            if points is not None and cp.id not in self._field_points:
                self._field_points[cp.id] = _field_points(cp, self.choice.fields, self._near, self.choice.watch)
            more = self._field_points.get(cp.id, set())
            points = None if points is None or more is None else points | more
        if points is None:
            return [(k, k + 1) for k in range(n)]
        runs: list[tuple[int, int]] = []
        start = 0
        for p in sorted(p for p in points if 0 <= p < n):
            if p > start:
                runs.append((start, p))  # the values strictly between two points
            runs.append((p, p + 1))
            start = p + 1
        if start < n:
            runs.append((start, n))
        return runs


def _plan_size_points(cp: CompiledProvision, fields: frozenset[str]) -> set[int] | None:
    """The integers at which ``cp``'s reading of a plan size can change; None when it reads it otherwise.

    A plan size sets integer fields to the size and ``in_dossier`` to size > 0 (hence 0 always).
    """
    points = {0}
    for c in walk(*cp.when, cp.rule):
        if isinstance(c, Cmp):
            if c.field.removeprefix("unit.") not in fields:
                continue
            values = c.value if isinstance(c.value, tuple) else (c.value,)
            for x in values:
                if isinstance(x, bool):
                    points.update((0, 1))  # True == 1, False == 0
                elif isinstance(x, int):
                    points.add(x)
                elif x is not None and not isinstance(x, str):  # a str never equals nor orders with an int
                    return None
        elif isinstance(c, CmpField):
            continue  # its points depend on the facts: ``_field_points``
        elif isinstance(c, Record):
            return None  # records are looked up in the changed index: ask every value
    return points


#: what a plan size sets on each kind of fact it watches (``conflicts._PlanSize``), when the field is one of
#: the choice's: "size" the size itself, "planned" whether it is above zero
PLAN_SIZE_SETS: dict[str, dict[str, str]] = {
    "title": {"candidate_count": "size", "in_dossier": "planned"},
    "unit": {"deputies_planned": "size"},
}


def _set_by(name: str, subject: str, fields: frozenset[str]) -> str | None:
    """What a plan size sets ``name`` to, read on a fact of kind ``subject`` ("size", "planned"), or None."""
    kind, field = ("unit", name[5:]) if name.startswith("unit.") else (subject, name)
    return PLAN_SIZE_SETS.get(kind, {}).get(field) if field in fields else None


def _field_points(
    cp: CompiledProvision, fields: frozenset[str], near: Facts, watch: tuple[str, ...]
) -> set[int] | None:
    """The integers at which a comparison of ``cp`` with another field can turn as the plan size runs
    over 0, 1, ...: each compares ``a`` with ``times`` × ``b``, and either side may be set by the size.

    - neither side: the comparison does not move;
    - one side "planned" (size > 0): it moves at 0 only, a point already;
    - one side the size, the other a value ``x`` the choice leaves alone (read on the watched fact of
      ``cp``'s kind, or the unit): the size against ``times × x`` turns at that integer; ``x`` against
      ``times × size`` at ``x // times`` (below it ``times × size < x``, above it ``times × size > x``);
      a string or an empty value never equals nor orders with an integer: it does not move;
    - both sides set: 0, 1, 2, ``times`` and the next integer bound every turn of ``size`` against
      ``times × size``, ``size`` against ``times × (size > 0)`` and the converse.

    None (ask every value) for anything else: a value that is not an integer, a string or empty, a
    factor below one, ``in`` over a field.
    """
    points: set[int] = set()
    for c in walk(*cp.when, cp.rule):
        if not isinstance(c, CmpField):
            continue
        a, b = _set_by(c.field, cp.subject, fields), _set_by(c.other, cp.subject, fields)
        if a is None and b is None:
            continue
        if c.op in ("in", "not_in") or c.times < 1:
            return None
        if a is not None and b is not None:
            points.update((0, 1, 2, c.times, c.times + 1))
            continue
        if "planned" in (a, b):
            continue  # against a value the choice leaves alone: it turns at 0 only
        fixed = c.other if a is not None else c.field
        if fixed.startswith("unit."):
            read = [near.get("unit", {})]
        else:  # each watched fact the provision is asked on
            read = [near[fid] for fid in watch if fid in near and near[fid]["type"] == cp.subject]
        for fact in read:
            x = fact.get(fixed.removeprefix("unit."))
            if x is None or isinstance(x, str):
                continue  # unknown, empty or a string: the comparison does not move with the size
            if not isinstance(x, int):
                return None
            points.add(x * c.times if a is not None else x // c.times)
    return points


def disjoint_pairs(windows: Sequence[tuple[Any, ...]], domain: tuple[Any, ...]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of windows with no value in common, in the order of a nested loop over i then j."""
    position = {v: k for k, v in enumerate(domain)}
    holders = [0] * len(domain)  # per value, a bit per window allowing it
    for i, w in enumerate(windows):
        bit = 1 << i
        for v in w:
            holders[position[v]] |= bit
    everyone = (1 << len(windows)) - 1
    pairs: list[tuple[int, int]] = []
    for i, w in enumerate(windows):
        meets = 0
        for v in w:
            meets |= holders[position[v]]
        rest = everyone & ~meets & ~((1 << (i + 1)) - 1)
        while rest:
            low = rest & -rest
            pairs.append((i, low.bit_length() - 1))
            rest ^= low
    return pairs
