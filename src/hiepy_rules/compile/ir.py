"""The engine-neutral IR of compiled provisions: conditions over facts, and the program both engines run."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any, Literal, Union

import msgspec

from hiepy_rules.compile.facts import ShareMeasure
from hiepy_rules.schema.provision import Modality

CmpOp = Literal["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"]


class Cmp(msgspec.Struct, frozen=True):
    field: str
    op: CmpOp
    value: Any  # str | int | bool | tuple of those


class CmpField(msgspec.Struct, frozen=True):
    field: str
    op: CmpOp
    other: str
    times: int = 1


class All(msgspec.Struct, frozen=True):
    items: tuple[C, ...]


class Any_(msgspec.Struct, frozen=True):
    items: tuple[C, ...]


class Neg(msgspec.Struct, frozen=True):
    item: C


class Record(msgspec.Struct, frozen=True):
    kind: str
    match: tuple[str, ...]
    where: tuple[Cmp, ...]
    exists: bool


C = Union[Cmp, CmpField, All, Any_, Neg, Record]


def walk(*conditions: C | None, records: bool = False) -> Iterator[C]:
    """Every condition of CONDITIONS and every one inside them, depth first in the order they are
    written: the items of ``All``/``Any_``, the item of a ``Neg`` and, with ``records``, the tests
    of a ``Record``'s ``where``. The one walk over compiled conditions (None is skipped)."""
    todo = [c for c in reversed(conditions) if c is not None]
    while todo:
        c = todo.pop()
        yield c
        if isinstance(c, (All, Any_)):
            todo.extend(reversed(c.items))
        elif isinstance(c, Neg):
            todo.append(c.item)
        elif records and isinstance(c, Record):
            todo.extend(reversed(c.where))


class CompiledProvision(msgspec.Struct, frozen=True):
    id: str
    pack: str
    subject: str
    when: tuple[C, ...]
    modality: Modality | None
    rule: C | None
    derive: str | None
    unconfigured: tuple[str, ...] = ()  # settings it needs that the pack leaves unset
    #: for explanations: which share measures the rule reads, and under which denominator
    shares: tuple[ShareMeasure, ...] = ()
    #: pack settings the provision reads, with their values (local choices, not source text)
    settings: tuple[tuple[str, Any], ...] = ()


def fields_read(cp: CompiledProvision, *, rule_only: bool = False) -> set[str]:
    """The fields ``cp`` compares, of its fact and of the unit alike (``unit.`` dropped), and
    ``record:KIND`` for each kind of record it tests; of its rule alone with ``rule_only``."""
    out: set[str] = set()
    for c in walk(cp.rule, *(() if rule_only else cp.when)):
        if isinstance(c, Cmp):
            out.add(c.field.removeprefix("unit."))
        elif isinstance(c, CmpField):
            out.update({c.field.removeprefix("unit."), c.other.removeprefix("unit.")})
        elif isinstance(c, Record):
            out.add(f"record:{c.kind}")
    return out


class Reads(msgspec.Struct, frozen=True):
    """What one provision's outcome on a fact depends on besides that fact: a check run again with a
    few facts changed reuses what depends on nothing that changed."""

    fields: frozenset[str]  # ``fields_read``
    unit: frozenset[str]  # the unit's fields, in its conditions and in its record tests' conditions
    records: frozenset[str]  # the kinds of record it tests

    @classmethod
    def of(cls, cp: CompiledProvision) -> Reads:
        unit: set[str] = set()
        records: set[str] = set()
        for c in walk(*cp.when, cp.rule, records=True):
            if isinstance(c, Cmp):
                names = [c.field]
            elif isinstance(c, CmpField):
                names = [c.field, c.other]
            else:
                if isinstance(c, Record):
                    records.add(c.kind)
                continue
            unit.update(n.removeprefix("unit.") for n in names if n.startswith("unit."))
        return cls(frozenset(fields_read(cp)), frozenset(unit), frozenset(records))


class Program(msgspec.Struct, frozen=True, dict=True):
    """The provisions one check runs, in a stable order, and the facts they need computed."""

    provisions: tuple[CompiledProvision, ...]
    shares: frozenset[ShareMeasure]
    key: str  # identifies the program (pack ids, versions and content) for caches

    @cached_property
    def by_id(self) -> dict[str, CompiledProvision]:  # a program is shared by checks: made once
        return {p.id: p for p in self.provisions}

    @cached_property
    def obligations(self) -> tuple[CompiledProvision, ...]:
        """The provisions that oblige (``must``, ``must_not``) with every setting they need: those that clash."""
        return tuple(p for p in self.provisions if p.modality in ("must", "must_not") and not p.unconfigured)

    @cached_property
    def reads(self) -> dict[str, Reads]:
        """Each provision's ``Reads``, by id."""
        return {p.id: Reads.of(p) for p in self.provisions}

    @cached_property
    def largest_int(self) -> int:
        """The largest integer its conditions compare with (0 when none): bounds the plan sizes worth asking."""
        ints = [
            c.value
            for cp in self.provisions
            for c in walk(*cp.when, cp.rule)
            if isinstance(c, Cmp) and isinstance(c.value, int) and not isinstance(c.value, bool)
        ]
        return max([0, *ints])
