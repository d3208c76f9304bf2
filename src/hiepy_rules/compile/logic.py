"""Three-valued evaluation of compiled conditions over facts (True, False, or None for unknown).

This is the meaning of the provision vocabulary, written once: the pure-Python engine calls it,
the durable-rules adapter must agree with it, and conflict analysis uses it to ask "what if".
A field absent from a fact is unknown; ``all``/``any``/``not`` follow Kleene's strong logic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Record

Tri = bool | None


Fact = dict[str, Any]


_MISSING = object()


class RecordIndex:
    """Base facts by kind, and by the values of the keys a record test matches on.

    Built on first use: most provisions test no record, and conflict analysis asks thousands of
    "what if"s, each an index of its own (``replacing``) that must cost what it changes, not the
    whole proposal. ``facts`` must not change once given.
    """

    def __init__(self, facts: Iterable[Fact]) -> None:
        self._facts: Iterable[Fact] | None = facts
        self._by_kind: dict[str, list[Fact]] | None = None
        self._keyed: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], list[Fact]]] = {}

    @property
    def by_kind(self) -> dict[str, list[Fact]]:
        if self._by_kind is None:
            by_kind: dict[str, list[Fact]] = defaultdict(list)
            for f in self._facts or ():
                by_kind[f["type"]].append(f)
            self._by_kind, self._facts = by_kind, None
        return self._by_kind

    def replacing(self, changed: Mapping[str, Fact | None]) -> RecordIndex:
        """This index with the facts of these ids replaced by new versions (``None``: removed)."""
        return _Replaced(self, changed)

    def matching(self, kind: str, keys: tuple[str, ...], values: tuple[Any, ...]) -> list[Fact]:
        table = self._keyed.get((kind, keys))
        if table is None:
            table = defaultdict(list)
            for f in self.by_kind.get(kind, ()):
                if all(k in f for k in keys):
                    table[tuple(f[k] for k in keys)].append(f)
            self._keyed[(kind, keys)] = table
        return table.get(values, [])


class _Replaced(RecordIndex):
    """A base index seen through a few replaced facts: a lookup costs its answer plus the changes."""

    def __init__(self, base: RecordIndex, changed: Mapping[str, Fact | None]) -> None:
        super().__init__(())
        self._base = base
        self._changed = changed

    @property
    def by_kind(self) -> dict[str, list[Fact]]:
        if self._by_kind is None:
            by_kind: dict[str, list[Fact]] = defaultdict(list)
            for kind, facts in self._base.by_kind.items():
                by_kind[kind] = [f for f in facts if f["id"] not in self._changed]
            for f in self._changed.values():
                if f is not None:
                    by_kind[f["type"]].append(f)
            self._by_kind = by_kind
        return self._by_kind

    def matching(self, kind: str, keys: tuple[str, ...], values: tuple[Any, ...]) -> list[Fact]:
        changed = self._changed
        found = [f for f in self._base.matching(kind, keys, values) if f["id"] not in changed]
        for f in changed.values():
            if (
                f is not None
                and f["type"] == kind
                and all(k in f for k in keys)
                and tuple(f[k] for k in keys) == values
            ):
                found.append(f)
        return found


def _get(name: str, fact: Fact, unit: Fact) -> Any:
    if name.startswith("unit."):
        return unit.get(name[5:], _MISSING)
    return fact.get(name, _MISSING)


def compare(op: str, a: Any, b: Any) -> bool:
    if op == "eq":
        return bool(a == b)
    if op == "ne":
        return bool(a != b)
    if op == "in":
        return a in b
    if op == "not_in":
        return a not in b
    # lint keeps types apart; at run time an ill-typed order comparison is simply false
    if (isinstance(a, bool) or isinstance(b, bool) or type(a) is not type(b)) and not (
        isinstance(a, int) and isinstance(b, int)
    ):
        return False
    if op == "lt":
        return bool(a < b)
    if op == "le":
        return bool(a <= b)
    if op == "gt":
        return bool(a > b)
    if op == "ge":
        return bool(a >= b)
    raise ValueError(f"unknown operator {op}")


def evaluate(c: C, fact: Fact, unit: Fact, index: RecordIndex | dict[str, Any]) -> Tri:
    if isinstance(c, Cmp):
        a = _get(c.field, fact, unit)
        if a is _MISSING or c.value is None:
            return None
        return compare(c.op, a, c.value)
    if isinstance(c, CmpField):
        a = _get(c.field, fact, unit)
        b = _get(c.other, fact, unit)
        if a is _MISSING or b is _MISSING:
            return None
        return compare(c.op, a, b * c.times if c.times != 1 else b)
    if isinstance(c, All):
        return conjunction(evaluate(item, fact, unit, index) for item in c.items)
    if isinstance(c, Any_):
        result: Tri = False
        for item in c.items:
            v = evaluate(item, fact, unit, index)
            if v is True:
                return True
            if v is None:
                result = None
        return result
    if isinstance(c, Neg):
        v = evaluate(c.item, fact, unit, index)
        return None if v is None else not v
    if isinstance(c, Record):
        assert isinstance(index, RecordIndex)
        return record_exists(c, fact, unit, index) == c.exists
    raise TypeError(f"unknown condition {c!r}")


def matching_records(c: Record, fact: Fact, unit: Fact, index: RecordIndex) -> list[Fact]:
    if any(k not in fact for k in c.match):
        return []
    found = index.matching(c.kind, c.match, tuple(fact[k] for k in c.match))
    return [r for r in found if all(evaluate(w, r, unit, index) is True for w in c.where)]


def record_exists(c: Record, fact: Fact, unit: Fact, index: RecordIndex) -> bool:
    return bool(matching_records(c, fact, unit, index))


def conjunction(items: Iterable[Tri]) -> Tri:
    result: Tri = True
    for v in items:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def outcome(p: CompiledProvision, fact: Fact, unit: Fact, index: RecordIndex) -> tuple[Tri, str | None]:
    """(when, outcome) of one provision on one fact; outcome is None when nothing is reported.

    The table is docs/design.md's; the durable-rules adapter compiles the same table into patterns.
    """
    when = conjunction(evaluate(c, fact, unit, index) for c in p.when)
    if when is False:
        return when, None
    if p.unconfigured:
        return when, ("unconfigured" if when is True else None)
    if p.rule is None:
        return when, None
    r = evaluate(p.rule, fact, unit, index)
    m = p.modality
    if m == "must":
        if when is True and r is False:
            return when, "violated"
        if (when is True and r is None) or (when is None and r is not True):
            return when, "indeterminate"
    elif m == "must_not":
        if when is True and r is True:
            return when, "violated"
        if (when is True and r is None) or (when is None and r is not False):
            return when, "indeterminate"
    elif m == "should":
        if when is True and r is False:
            return when, "advised"
        # unknown is not no: advice that would be given if the facts were known cannot be silent
        if (when is True and r is None) or (when is None and r is not True):
            return when, "indeterminate"
    elif m == "may" and when is True and r is True:
        return when, "permitted"
    return when, None
