"""The durable-rules engine: compiled provisions → a durable-rules ruleset (data, never ``durable.lang``).

It gives the same ``EngineResult`` as ``engines/python.py`` for every program and fact list;
docs/engines.md has the long form, every durable pitfall met and how it is guarded, and the
measurements. In short:

* **Columns.** durable compares loosely (``'6' == 6``, ``1 == True``), orders non-ASCII strings by
  signed bytes, reads an absent field as "no match" for every operator (``$neq`` too) and a ``$m``
  reference to an absent field as garbage. So durable never sees a raw field: each field a program
  reads is written as an exact equality key ``e<i>`` that is always present (``"u"``: unknown), a
  number ``n<i>`` or a string key ``s<i>``, and, for fields compared with fields, a type tag and an
  order key (``k × field`` precomputed exactly). ``unit.X`` is copied from *the* unit onto each fact.
* **Three-valued logic.** Each leaf test has durable tests for T, F, U and their unions; a record
  test is two-valued (a positive or a ``$not`` pattern joined on its keys). For each provision and
  each outcome of docs/design.md's table (and ``derive``), a decision tree over the leaves, with
  Kleene ``and``/``or``/``not`` evaluated on sets of values exactly as ``logic.evaluate``, finds the
  leaf states that give the outcome; widened into cubes, each becomes one rule.
* **Records.** durable never lets one fact match two patterns of a rule; each record pattern reads
  its own copy of the base facts (a slot), so a record test also sees the subject, as in Python.
* **Sessions.** One host per ``program.key`` (cached; no poller threads; our actions). Each run:
  a fresh sid, an opener fact (durable aborts the process when it deletes a session in which no
  action ran), the base facts in one batch, then a gate fact every rule needs (``$not`` is eager),
  and the sid deleted in a ``finally``. Actions only record, or assert a derived fact once; an
  action's exception, which durable swallows, is raised as ``DurableRulesError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from hiepy_rules.engine.base import ProgramRefused

Tri = bool | None


Fact = dict[str, Any]


_MISSING = object()


ActionHook = Callable[[str, str, str], None]


RULESET = "hiepy"


UNKNOWN = "u"  # the equality key of an absent field (every other key starts with "i" or "s")


#: fact roles, in the hidden field ``hk``: base facts and derived facts as subjects, the gate, the session
#: opener, and copies of base facts for record tests (with their slot in ``rs``)
BASE, DERIVED, GATE, OPEN, RECORD = 0, 1, 2, 3, 4


MAX_PATTERNS = 16  # durable: error 304 at assert time beyond this


MAX_OR = 256  # durable hangs in create_ruleset on an $or of ~550 atoms: split longer lists


MAX_GROUPS = 13  # durable: error 113 beyond 15 $and/$or groups in one pattern (32 expression slots)


MAX_RULES = 2048  # rules per (provision, outcome): a guard against exponential conditions


BUCKET = 32  # rules per bucket (durable: at most 256 rules below one alpha node, error 108)


MAX_ALPHA = 400  # distinct tests per fact kind (durable hangs beyond 512 children of one alpha node)


MAX_PROPERTIES = 250  # durable: error 302 at 255 properties in one fact


INT64 = 2**63


CACHE_SIZE = 32


_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}


_DURABLE_OP = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


class DurableRulesError(RuntimeError):
    """durable-rules failed, or an action raised (durable itself would swallow it)."""


class DurableUnsupported(ProgramRefused):
    """A program or a fact this adapter cannot run faithfully on durable-rules (a limit of durable's:
    too many patterns or tests, a value outside int64, a float); the Python engine can."""


class _HostClosed(DurableRulesError):
    """The cached host was closed (evicted by another thread) between lookup and use: retry."""


# --- columns: what durable sees of a fact ------------------------------------------------------


class Column(msgspec.Struct, frozen=True):
    unit: bool  # a field of the unit fact (``unit.X``) rather than of the fact itself
    name: str


def _column(name: str) -> Column:
    return Column(True, name[5:]) if name.startswith("unit.") else Column(False, name)


def _hex(s: str) -> str:
    return "s" + s.encode("utf-8", "surrogatepass").hex()


def _key(v: Any) -> str:
    """The exact equality key of a scalar: Python's ``==`` on bools, ints and strings."""
    if isinstance(v, bool):
        return f"i{int(v)}"
    if isinstance(v, int):
        return f"i{v}"
    if isinstance(v, str):
        return _hex(v)
    raise DurableUnsupported(f"durable engine: unsupported value {v!r} (ints, bools and strings only)")


def _literal_key(v: Any) -> str | None:
    """The key of a literal, or None for one no fact value can equal (a list, or None)."""
    if v is None or isinstance(v, (tuple, list, set, frozenset)):
        return None
    return _key(v)


class _Columns(msgspec.Struct):
    """The columns a program reads, numbered; the string repetitions and type tags it needs."""

    index: dict[Column, int] = msgspec.field(default_factory=dict)
    repeats: set[tuple[int, int]] = msgspec.field(default_factory=set)  # (column, k) for k × field, k != 1
    typed: set[int] = msgspec.field(default_factory=set)  # columns compared with another field: type and order key

    def of(self, name: str) -> int:
        return self.index.setdefault(_column(name), len(self.index))

    def plain(self, name: str) -> int:  # a record key: a field name taken literally
        return self.index.setdefault(Column(False, name), len(self.index))


def _e(i: int) -> str:  # equality key, always present ("u": unknown)
    return f"e{i}"


def _n(i: int) -> str:  # the number (ints and bools)
    return f"n{i}"


def _s(i: int) -> str:  # the string's key (orders by code point)
    return f"s{i}"


def _t(i: int) -> str:  # "n", "s" or "u" (unknown): the kind of value, for comparisons of two fields
    return f"t{i}"


def _o(i: int) -> str:  # an order key comparable within one type: numbers as numbers, strings by code point
    return f"o{i}"


def _q(i: int, k: int) -> str:  # the order key of k × the value (Python's k * int, or str * k)
    return f"q{i}_{k}" if k >= 0 else f"q{i}_m{-k}"


def _order_key(v: Any) -> str:
    """A string whose order is Python's order within ints (bools as 0/1), and within strings.

    Ints: "n1" + 3-digit length + digits when >= 0; "n0" + (999 - length) + the digits' nines'
    complement when < 0 (so larger magnitudes sort first); exact for any Python int. Strings: the
    hex key ("s..." sorts after every number, but fields of two types are never compared).
    """
    if isinstance(v, str):
        return _hex(v)
    digits = str(abs(int(v)))
    if v >= 0:
        return f"n1{len(digits):03d}{digits}"
    return f"n0{999 - len(digits):03d}{digits.translate(_NINES)}"


_NINES = str.maketrans("0123456789", "9876543210")
