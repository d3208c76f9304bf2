"""The engine-neutral IR of compiled provisions: conditions over facts, and the program both engines run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, Union

from hiepy_rules.compile.facts import ShareMeasure
from hiepy_rules.schema.provision import Modality

CmpOp = Literal["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"]


@dataclass(frozen=True)
class Cmp:
    field: str
    op: CmpOp
    value: Any  # str | int | bool | tuple of those


@dataclass(frozen=True)
class CmpField:
    field: str
    op: CmpOp
    other: str
    times: int = 1


@dataclass(frozen=True)
class All:
    items: tuple[C, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[C, ...]


@dataclass(frozen=True)
class Neg:
    item: C


@dataclass(frozen=True)
class Record:
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


@dataclass(frozen=True)
class CompiledProvision:
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


@dataclass(frozen=True)
class Program:
    """The provisions one check runs, in a stable order, and the facts they need computed."""

    provisions: tuple[CompiledProvision, ...]
    shares: frozenset[ShareMeasure]
    key: str  # identifies the program (pack ids, versions and content) for caches

    @cached_property
    def by_id(self) -> dict[str, CompiledProvision]:  # a program is shared by checks: made once
        return {p.id: p for p in self.provisions}
