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

import contextlib
import copy
import dataclasses
import itertools
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import durable.engine as _durable  # ImportError on Python 3.13 (PyEval_CallObject): get_engine falls back
import durable_rules_engine as _native

from hiepy_rules.compile import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Program, Record
from hiepy_rules.engines.base import Derivation, EngineResult, Outcome, ProgramRefused, finish
from hiepy_rules.engines.python import derived_fact
from hiepy_rules.logic import RecordIndex, outcome

__all__ = ["DurableEngine", "DurableRulesError", "DurableUnsupported", "clear_cache", "ruleset_definition"]

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
# measured: the bundled packs need at most 6 distinct tests in a provision and ~300 decision steps in
# all; 80 tests in an all-of-anys cost ~1 ms a step, doubling with each any
MAX_LEAVES = int(os.environ.get("HIEPY_DURABLE_MAX_TESTS", "64"))  # distinct tests in one provision
MAX_DECIDE_STEPS = int(os.environ.get("HIEPY_DURABLE_MAX_STEPS", "5000"))  # decision-tree nodes, whole program
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


@dataclass(frozen=True)
class Column:
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


@dataclass
class _Columns:
    """The columns a program reads, numbered; the string repetitions and type tags it needs."""

    index: dict[Column, int] = field(default_factory=dict)
    repeats: set[tuple[int, int]] = field(default_factory=set)  # (column, k) for k × field, k != 1
    typed: set[int] = field(default_factory=set)  # columns compared with another field: type and order key

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


# --- atoms, clauses and the states of a leaf test ----------------------------------------------

# An atom is a durable test on one fact's own fields. A clause is an atom or an ``$or`` (of atoms
# and small ``$and`` groups); an alternative is a list of clauses (their conjunction); a state is a
# list of alternatives ([] impossible, [[]] always). durable caps the $and/$or groups in a pattern
# (its expression sequence holds 32 entries; each group takes two): patterns are one flat $and of
# clauses, and an alternative over the budget is split into several (``_flat``).
Atom = dict[str, Any]
Alt = list[Atom]
States = list[Alt]


def _cmp(op: str, col: str, rhs: Any) -> Atom:
    return {"$eq" if op == "eq" else _DURABLE_OP[op]: {col: rhs}}


def _ex(col: str) -> Atom:
    return {"$ex": {col: 1}}


def _any(*atoms: Atom) -> Atom:
    return atoms[0] if len(atoms) == 1 else {"$or": list(atoms)}


def _all(*atoms: Atom) -> Atom:
    return atoms[0] if len(atoms) == 1 else {"$and": list(atoms)}


def _m(col: str) -> dict[str, str]:
    return {"$m": col}


T, F, U = True, False, None
TF, TU, FU, TFU = frozenset([T, F]), frozenset([T, U]), frozenset([F, U]), frozenset([T, F, U])


def _one(*clauses: Atom) -> States:
    return [list(clauses)]


def _cmp_states(c: Cmp, cols: _Columns) -> dict[frozenset[Tri], States]:
    """The states of ``field op literal`` and of their unions, as durable clauses."""
    i = cols.of(c.field)
    e, n, s = _e(i), _n(i), _s(i)
    unknown, known = _cmp("eq", e, UNKNOWN), _cmp("ne", e, UNKNOWN)
    v, op = c.value, c.op
    if v is None:  # an unset setting: unknown whatever the fact says
        return {frozenset([U]): [[]]}
    if op in ("eq", "ne", "in", "not_in"):
        if op in ("in", "not_in"):
            if not isinstance(v, (tuple, list, set, frozenset)):
                raise DurableUnsupported(f"durable engine: {op} needs a list of values, not {v!r}")
            keys = sorted({k for x in v if (k := _literal_key(x)) is not None})
        else:
            lit = _literal_key(v)
            keys = [lit] if lit is not None else []
        chunks = [keys[k : k + MAX_OR] for k in range(0, len(keys), MAX_OR)]
        hit: States = [[_any(*(_cmp("eq", e, k) for k in chunk))] for chunk in chunks]
        miss_or_unknown: Alt = [_cmp("ne", e, k) for k in keys]
        hit_or_unknown: States = [[_any(*(_cmp("eq", e, k) for k in chunk), unknown)] for chunk in chunks] or [
            [unknown]
        ]
        yes, no = (T, F) if op in ("eq", "in") else (F, T)
        out: dict[frozenset[Tri], States] = {
            frozenset([U]): _one(unknown),
            frozenset([no]): [[*miss_or_unknown, known]],
            frozenset([no, U]): [miss_or_unknown],
            TF: _one(known),
            TFU: [[]],
        }
        if keys:
            out[frozenset([yes])] = hit
            out[frozenset([yes, U])] = hit_or_unknown
        return out
    if op not in _NEGATE:
        raise DurableUnsupported(f"durable engine: unknown operator {op}")
    neg = _NEGATE[op]
    lit_: int | str
    if isinstance(v, (bool, int)):
        col, other, lit_ = n, s, int(v)  # a string field is never ordered against a number
    elif isinstance(v, str):
        col, other, lit_ = s, n, _hex(v)  # and a number never against a string
    else:
        _literal_key(v)  # raises for floats and other unsupported literals
        return {frozenset([F]): _one(known), frozenset([U]): _one(unknown), FU: [[]]}  # a list: never ordered
    yes_, no_ = _cmp(op, col, lit_), _any(_cmp(neg, col, lit_), _ex(other))
    return {
        frozenset([T]): _one(yes_),
        frozenset([F]): _one(no_),
        frozenset([U]): _one(unknown),
        TF: _one(known),
        TU: _one(_any(yes_, unknown)),
        FU: _one(_any(_cmp(neg, col, lit_), _ex(other), unknown)),
        TFU: [[]],
    }


def _cmpfield_states(c: CmpField, cols: _Columns) -> dict[frozenset[Tri], States]:
    """The states of ``field op k × other``: numbers with numbers, strings with strings, else false.

    Both fields carry a type tag ``t`` ("n", "s", or "u" unknown; always present) and an order key
    ``o`` (``_order_key``); k × other is a precomputed key ``q`` (exact: Python's product, or the
    repeated string). durable reads a ``$m`` reference to a *missing* field as garbage (``x < y``
    and ``x > y`` both held in a test), so a reference is only ever decisive next to the tags that
    prove the field present.
    """
    if c.op not in _NEGATE:
        raise DurableUnsupported(f"durable engine: {c.op} against another field is not supported")
    i, j, k = cols.of(c.field), cols.of(c.other), c.times
    cols.typed |= {i, j}
    if k != 1:
        cols.repeats.add((j, k))
    ti, tj, ox, rhs = _t(i), _t(j), _o(i), _m(_o(j) if k == 1 else _q(j, k))
    op = "eq" if c.op in ("eq", "ne") else c.op
    neg = _NEGATE[op]
    known_x, known_y = _cmp("ne", ti, UNKNOWN), _cmp("ne", tj, UNKNOWN)
    same, differ = _cmp("eq", ti, _m(tj)), _cmp("ne", ti, _m(tj))
    x_unknown, y_unknown = _cmp("eq", ti, UNKNOWN), _cmp("eq", tj, UNKNOWN)
    hit: Alt = [known_x, same, _cmp(op, ox, rhs)]  # same type and x known: y known too
    miss: Alt = [known_x, known_y, _any(differ, _cmp(neg, ox, rhs))]
    # with y unknown a reference may read garbage, but then the fact is in the union anyway
    hit_or_unknown = _any(_all(same, _cmp(op, ox, rhs)), x_unknown, y_unknown)
    miss_or_unknown = _any(differ, _cmp(neg, ox, rhs), x_unknown, y_unknown)
    yes, no, yes_u, no_u = (hit, miss, hit_or_unknown, miss_or_unknown)
    if c.op == "ne":
        yes, no, yes_u, no_u = miss, hit, miss_or_unknown, hit_or_unknown
    return {
        frozenset([T]): [yes],
        frozenset([F]): [no],
        frozenset([U]): _one(_any(x_unknown, y_unknown)),  # both may hold: outcome sets dedupe
        TF: _one(known_x, known_y),
        TU: _one(yes_u),
        FU: _one(no_u),
        TFU: [[]],
    }


# --- three-valued evaluation over possible values, and decision trees ---------------------------


@dataclass(frozen=True)
class _RecordVar:
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


@dataclass
class _Node:
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
    probe = dataclasses.replace(
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
        "should": ["advised"],
        "may": ["permitted"],
    }.get(p.modality or "", [])


# --- compiling a program to a ruleset ----------------------------------------------------------


@dataclass(frozen=True)
class _Action:
    kind: Literal["outcome", "derive", "sink", "open"]
    provision: str = ""
    what: str = ""  # the outcome, or the derived kind


@dataclass
class _Compiled:
    definition: dict[str, Any]  # {rule name: {"all": [...], "run": action name}}
    actions: dict[str, _Action]
    columns: _Columns
    subjects: frozenset[str]  # kinds matched as subjects: their facts are asserted once as themselves
    slots: dict[str, int]  # kinds read by record tests: their base facts are asserted this many times more


def _cost(clause: Atom) -> int:
    """How many $and/$or groups a clause adds to a pattern (durable allows 15 per pattern)."""
    for op in ("$and", "$or"):
        if op in clause:
            return 1 + sum(_cost(x) for x in clause[op])
    return 0


def _flat(alt: Alt) -> list[Alt]:
    """Split an alternative whose $or clauses exceed durable's group budget into several."""
    if 1 + sum(_cost(x) for x in alt) <= MAX_GROUPS:
        return [alt]
    first = next(x for x in alt if "$or" in x)
    rest = [x for x in alt if x is not first]
    return [piece for term in first["$or"] for piece in _flat([*term.get("$and", [term]), *rest])]


def _test_order(test: Atom) -> tuple[int, str]:
    """Joins first: durable drops a test on another fact's field that comes after an ``$or`` in the
    same ``$and`` (measured: the record then matches whatever the join says). Then plain tests,
    which share alpha nodes, then same-fact references, then ``$or`` clauses."""
    text = repr(test)
    if "{'f': " in text:
        return 0, text
    if "$or" in test:
        return 3, text
    return (2 if "'$m'" in text else 1), text


class _Compiler:
    def __init__(self) -> None:
        self.cols = _Columns()
        self.leaf_states: dict[Leaf, dict[frozenset[Tri], States]] = {}
        self.bucket_count: dict[str, int] = {}
        self.slots: dict[str, int] = {}  # kind → copies of its base facts the record patterns need
        self.subjects: set[str] = set()  # kinds some rule matches as its subject
        self.domains: dict[Leaf, int] = {}
        self.wheres: dict[tuple[tuple[C, ...], bool], States] = {}
        self.steps = [0]  # decision-tree steps of the whole compile (MAX_DECIDE_STEPS)

    # the states of a leaf, as clauses on the subject fact
    def states(self, leaf: Leaf) -> dict[frozenset[Tri], States]:
        if leaf not in self.leaf_states:
            if isinstance(leaf, Cmp):
                self.leaf_states[leaf] = _cmp_states(leaf, self.cols)
            elif isinstance(leaf, CmpField):
                self.leaf_states[leaf] = _cmpfield_states(leaf, self.cols)
            else:
                raise TypeError(leaf)
        return self.leaf_states[leaf]

    def domain(self, leaf: Leaf) -> int:
        found = self.domains.get(leaf)
        if found is None:
            if isinstance(leaf, _RecordVar):
                found = 3 if self.where(leaf.where, True) else 2
            else:
                found = _mask_of(s for key, alts in self.states(leaf).items() if alts and len(key) == 1 for s in key)
            self.domains[leaf] = found
        return found

    def rep(self, leaf: Leaf, mask: int) -> States:
        if mask == self.domain(leaf):
            return [[]]
        return self.states(leaf)[_SET[mask]]

    def where(self, where: tuple[C, ...], want: bool) -> States:
        """Alternatives under which ``all(where)`` is true (``want``) or is not true, on one fact."""
        if (where, want) not in self.wheres:
            self.wheres[where, want] = self._where(where, want)
        return self.wheres[where, want]

    def _where(self, where: tuple[C, ...], want: bool) -> States:
        cond: C = All(where)
        order: dict[Leaf, None] = {}
        _leaves(cond, order)
        if any(isinstance(x, _RecordVar) for x in order):
            raise DurableUnsupported("durable engine: a record test cannot stand inside another record's where")
        leaves = list(order)
        index = {leaf: i for i, leaf in enumerate(leaves)}
        ev = _evaluator(cond, index)
        hit = _BIT[True] if want else _BIT[False] | _BIT[None]

        def holds(get: Mask) -> int:
            m = ev(get)
            return (SURE if m & hit else 0) | (NEVER if m & ~hit else 0)

        cubes = _decide([_tree(cond, index)], [self.domain(x) for x in leaves], holds)
        return [alt for cube in cubes for alt in self.alternatives({leaves[i]: m for i, m in cube.items()})]

    def alternatives(self, asg: Assignment) -> States:
        """The subject-fact alternatives of an assignment: one pick from each leaf's alternatives."""
        out: States = [[]]
        for leaf, mask in asg.items():
            if isinstance(leaf, _RecordVar):
                continue
            out = [a + b for a in out for b in self.rep(leaf, mask)]
        return [piece for alt in out for piece in _flat(alt)]

    def pattern(self, head: Alt, tests: Alt) -> Atom:
        """A flat pattern: the kind tests, a bucket test, then the tests in a canonical order.

        durable builds one alpha node per test, in the order given, sharing common prefixes; one
        alpha node feeds at most 256 rules (error 108), and matching a fact keeps every matching
        child of a node on a 64-slot stack (error 303). So rules are split into buckets of 32 by
        an always-true test right after the kind, and tests come in a canonical order (shared
        prefixes; see ``_test_order``).
        """
        key = repr(head)
        n = self.bucket_count.get(key, 0)
        self.bucket_count[key] = n + 1
        bucket = {"$lt": {"hk": 10 + n // BUCKET}}
        return {"$and": [*head, bucket, *sorted(tests, key=_test_order)]}

    def record_patterns(self, var: _RecordVar) -> list[Alt]:
        """The tests of a record pattern: the join, then the where — one ``$or`` of its alternatives
        when that fits durable's group budget, else one test list per alternative."""
        join: Alt = []
        for key in var.match:
            e = _e(self.cols.plain(key))
            join += [_cmp("ne", e, UNKNOWN), {"$eq": {e: {"f": e}}}]
        alts = self.where(var.where, True)
        if len(alts) > 1:
            combined = _any(*(_all(*alt) if alt else {"$ex": {"hk": 1}} for alt in alts))
            if 1 + _cost(combined) <= MAX_GROUPS:
                return [[*join, combined]]
        return [join + piece for alt in alts for piece in _flat(alt)]

    @staticmethod
    def wants(p: CompiledProvision, output: str, when: Verdict, rule: Verdict | None) -> Verdict:
        """Whether ``p`` surely gives (SURE), surely does not give (NEVER) ``output``, or may (both)."""
        verdicts = _outcome_table(p)
        table = [[0] * 8 for _ in range(8)]
        for w in range(1, 8):
            for r in range(1, 8):
                for wv in _SET[w]:
                    for rv in _SET[r]:
                        ok = wv is True if output == "derive" else verdicts[wv, rv] == output
                        table[w][r] |= SURE if ok else NEVER
        none = _BIT[None]
        if rule is None:
            return lambda get: table[when(get)][none]
        return lambda get: table[when(get)][rule(get)]

    def provision(self, index: int, p: CompiledProvision, rules: dict[str, Any], actions: dict[str, _Action]) -> None:
        when: C = All(p.when)
        rule: C | None = p.rule if not p.unconfigured else None
        order: dict[Leaf, None] = {}
        _leaves(when, order)
        if rule is not None:
            _leaves(rule, order)
        leaves = list(order)
        number = {leaf: i for i, leaf in enumerate(leaves)}
        domain = [self.domain(x) for x in leaves]
        if _outputs(p):
            self.subjects.add(p.subject)
        for output in _outputs(p):
            name = f"a{len(actions)}"
            actions[name] = (
                _Action("derive", p.id, p.derive or "") if output == "derive" else _Action("outcome", p.id, output)
            )

            wants = self.wants(
                p, output, _evaluator(when, number), _evaluator(rule, number) if rule else None
            )
            count = 0
            roots = [_tree(c, number) for c in (when, rule) if c is not None]
            for cube in _decide(roots, domain, wants, self.steps):
                asg = {leaves[i]: m for i, m in cube.items()}
                choices: list[list[tuple[str, tuple[str, Alt]]]] = [[]]
                negated: list[tuple[str, tuple[str, Alt]]] = []
                for leaf, mask in asg.items():
                    if not isinstance(leaf, _RecordVar) or mask not in (1, 2):
                        continue
                    pats = [(leaf.kind, pat) for pat in self.record_patterns(leaf)]
                    if mask == _BIT[True]:
                        choices = [[*c, ("", pat)] for c in choices for pat in pats]
                    else:
                        negated += [("$not", pat) for pat in pats]
                for alt in self.alternatives(asg):
                    for records in choices:
                        count += 1
                        if count > MAX_RULES:
                            raise DurableUnsupported(f"durable engine: {p.id} is too complex ({output})")
                        if 2 + len(records) + len(negated) > MAX_PATTERNS:
                            raise DurableUnsupported(f"durable engine: {p.id} needs more than {MAX_PATTERNS} patterns")
                        patterns = [
                            {"f": self.pattern([{"type": p.subject}, {"$lt": {"hk": GATE}}], alt)},
                            {"g": self.pattern([{"hk": GATE}], [])},
                        ]
                        # durable never lets one fact match two patterns of a rule (nor a $not pattern
                        # see a fact another pattern matched), while a record test ranges over every
                        # base fact, the subject included: each record pattern of a rule reads its own
                        # copy of the records (``rs``: slot), which the subject never is
                        slot: dict[str, int] = {}
                        for n, (suffix, (kind, pat)) in enumerate(records + negated):
                            slot[kind] = slot.get(kind, 0) + 1
                            self.slots[kind] = max(self.slots.get(kind, 0), slot[kind])
                            head: Alt = [{"type": kind}, {"rs": slot[kind]}]
                            patterns.append({f"r{n}{suffix}": self.pattern(head, pat)})
                        rules[f"p{index}_{output}_{count}"] = {"all": patterns, "run": name}


def compile_ruleset(program: Program) -> _Compiled:
    comp = _Compiler()
    rules: dict[str, Any] = {}
    actions: dict[str, _Action] = {}
    for index, p in enumerate(program.provisions):
        comp.provision(index, p, rules, actions)
    # Every fact must reach some alpha node or durable rejects it (silently, inside an action): a
    # sink whose second pattern never matches accepts them all and never fires. It tests ``hk``,
    # which durable's own state record lacks (a sink on it would re-fire on every state update).
    actions["sink"] = _Action("sink")
    rules["sink"] = {"all": [{"a": {"$ex": {"hk": 1}}}, {"b": {"hk": -1}}], "run": "sink"}
    # durable crashes the process (free(): invalid pointer) when it deletes a session in which no
    # action ever ran: every session starts with an opener fact whose rule fires at once.
    actions["open"] = _Action("open")
    rules["open"] = {"all": [{"o": {"hk": OPEN}}], "run": "open"}
    _check_width(rules)
    return _Compiled(rules, actions, comp.cols, frozenset(comp.subjects), dict(comp.slots))


def _check_width(rules: dict[str, Any]) -> None:
    """Refuse rulesets on which durable's create_ruleset would hang (an alpha node with > 512 children).

    A bound, not durable's exact tree: the distinct tests in all patterns on one kind of fact.
    """
    tests: dict[str, set[str]] = {}
    for rule in rules.values():
        for pattern in rule["all"]:
            (expr,) = pattern.values()
            parts = expr.get("$and", [expr])
            kind = repr(parts[0])
            seen = tests.setdefault(kind, set())
            for part in parts[1:]:
                for atom in part.get("$or", [part]):
                    seen.add(repr(atom))
            if len(seen) > MAX_ALPHA:
                raise DurableUnsupported(f"durable engine: too many distinct tests on {kind} facts (durable hangs)")


def ruleset_definition(program: Program) -> dict[str, Any]:
    """The durable-rules ruleset a program compiles to (JSON data; for inspection and docs)."""
    return {RULESET: copy.deepcopy(compile_ruleset(program).definition)}


# --- facts as durable sees them ----------------------------------------------------------------


@dataclass(frozen=True)
class _Write:
    """How one column is written on a fact: its field (``unit`` is read from the unit fact) and names."""

    field: str
    unit: bool
    e: str
    n: str
    s: str
    typed: tuple[str, str] | None  # the type tag and order key names, for fields compared with fields
    repeats: tuple[tuple[int, str], ...]  # (k, name of the key of k × the value)


_COLUMN_NAME = re.compile(r"^[enstoq](\d+)(?:_m?\d+)?$")


def _columns_read(rules: dict[str, Any]) -> dict[str, set[int]]:
    """Which columns the patterns on each kind of fact read (the others need not be written)."""
    read: dict[str, set[int]] = {}

    def walk(x: Any, own: set[int], subject: set[int]) -> None:
        if isinstance(x, dict):
            for key, value in x.items():
                if key == "f" and isinstance(value, str):  # a join: the subject's column
                    m = _COLUMN_NAME.match(value)
                    if m:
                        subject.add(int(m.group(1)))
                    continue
                m = _COLUMN_NAME.match(key)
                if m:
                    own.add(int(m.group(1)))
                if key == "$m" and isinstance(value, str) and (m := _COLUMN_NAME.match(value)):
                    own.add(int(m.group(1)))
                walk(value, own, subject)
        elif isinstance(x, list):
            for item in x:
                walk(item, own, subject)

    for rule in rules.values():
        subject_kind: str | None = None
        for pattern in rule["all"]:
            (alias, expr), = pattern.items()
            head = expr.get("$and", [expr])[0]
            kind = head.get("type")
            if alias == "f":
                subject_kind = kind
            if isinstance(kind, str):
                walk(expr, read.setdefault(kind, set()), read.setdefault(subject_kind or kind, set()))
    return read


class _Encoder:
    """Writes a fact as durable sees it: only the columns the patterns on its kind read."""

    def __init__(self, cols: _Columns, read: dict[str, set[int]]) -> None:
        repeats: dict[int, list[int]] = {}
        for i, k in sorted(cols.repeats):
            repeats.setdefault(i, []).append(k)
        writes = {
            i: _Write(c.name, c.unit, _e(i), _n(i), _s(i), (_t(i), _o(i)) if i in cols.typed else None,
                      tuple((k, _q(i, k)) for k in repeats.get(i, ())))
            for c, i in cols.index.items()
        }
        self.own = {kind: [writes[i] for i in sorted(ix) if not writes[i].unit] for kind, ix in read.items()}
        self.unit = {kind: [writes[i] for i in sorted(ix) if writes[i].unit] for kind, ix in read.items()}
        self.width = 6 + max(
            (sum(2 + 2 * bool(writes[i].typed) + len(writes[i].repeats) for i in ix) for ix in read.values()), default=0
        )

    def put(self, out: dict[str, Any], w: _Write, fact: Fact) -> None:
        v = fact.get(w.field, _MISSING)
        if v is _MISSING:
            out[w.e] = UNKNOWN
            if w.typed:
                out[w.typed[0]] = UNKNOWN
            return
        if isinstance(v, str):
            out[w.e] = out[w.s] = _hex(v)
            tag = "s"
        elif isinstance(v, int):  # bools too: Python compares and multiplies them as 0 and 1
            if not -INT64 < v < INT64:
                raise DurableUnsupported(f"durable engine: {w.field}={v} is outside the exact int64 range")
            out[w.e] = f"i{int(v)}"
            out[w.n] = int(v)
            tag = "n"
        else:
            raise DurableUnsupported(
                f"durable engine: fact {fact.get('id')!r} field {w.field!r} is {v!r}; "
                "facts hold ints, bools and strings only (an unknown field is absent)"
            )
        if w.typed:
            out[w.typed[0]] = tag
            out[w.typed[1]] = _order_key(v)
        for k, name in w.repeats:
            out[name] = _order_key(v * k if isinstance(v, str) else int(v) * k)

    def unit_part(self, unit: Fact, kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for w in self.unit.get(kind, ()):
            self.put(out, w, unit)
        return out

    def encode(self, fact: Fact, did: str, role: int, run: _Run, slot: int = 0) -> dict[str, Any]:
        kind = fact["type"]
        unit = run.unit_parts.get(kind)
        if unit is None:
            unit = run.unit_parts[kind] = self.unit_part(run.unit, kind)
        out: dict[str, Any] = {"id": did, "sid": run.sid, "type": kind, "hk": role, **unit}
        if slot:
            out["rs"] = slot
        for w in self.own.get(kind, ()):
            self.put(out, w, fact)
        return out


# --- the host ----------------------------------------------------------------------------------


@dataclass
class _Run:
    """What one ``run`` collects; actions find it by the session id."""

    sid: str
    hook: ActionHook | None
    encoder: _Encoder
    unit: Fact  # the unit fact (the first base fact of type unit), whose fields ``unit.X`` reads
    by_did: dict[str, Fact]  # durable id of a subject fact → the fact
    used: set[str]  # every durable id of the session
    outcomes: set[Outcome] = field(default_factory=set)
    derivations: set[Derivation] = field(default_factory=set)
    derived: dict[str, Fact] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)
    unit_parts: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind → its unit columns
    opened: bool = False  # the opener's action ran: the session can be deleted safely

    def new_did(self, wanted: str) -> str:
        """A durable id not used yet in the session (durable rejects a second fact with an id)."""
        did, n = wanted, 0
        while did in self.used:  # e.g. a derived id equal to a base fact's
            n += 1
            did = f"{wanted}\x1f{n}"
        self.used.add(did)
        return did


class _Host(_durable.Host):  # type: ignore[misc]
    """A durable host with no poller threads, our actions, and one ruleset for one program."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.compiled = compile_ruleset(program)
        self.encoder = _Encoder(self.compiled.columns, _columns_read(self.compiled.definition))
        self.runs: dict[str, _Run] = {}
        self.lock = threading.Lock()
        self.sids = itertools.count(1)
        self.closed = self.freed = self.leaked = False
        if self.encoder.width > MAX_PROPERTIES:
            raise DurableUnsupported(
                f"durable engine: facts would carry {self.encoder.width} properties (durable: < 255)"
            )
        super().__init__()
        self.register_rulesets({RULESET: copy.deepcopy(self.compiled.definition)})  # durable mutates it
        self.ruleset = self.get_ruleset(RULESET)

    def _run(self) -> None:
        """No pollers: ``Host`` would start two self-re-arming timers per host that race our asserts."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        action = self.compiled.actions[action_name]
        if action.kind == "sink":
            return _sink
        if action.kind == "open":
            return self._open_action
        if action.kind == "derive":
            return self._derive_action(action.provision, action.what)
        return self._outcome_action(action.provision, action.what)

    def _open_action(self, c: Any) -> None:
        self.runs[c.s.sid].opened = True

    def _context(self, c: Any) -> tuple[_Run, Fact]:
        run = self.runs[c.s.sid]
        return run, run.by_did[c._m["f"]["id"]]

    def _outcome_action(self, pid: str, outcome: str) -> Callable[[Any], None]:
        def act(c: Any) -> None:
            run = None
            try:
                run, fact = self._context(c)
                if run.hook is not None:
                    run.hook(pid, outcome, fact["id"])
                run.outcomes.add((pid, outcome, fact["id"]))
            except BaseException as exc:
                if run is not None:
                    run.errors.append(exc)
                raise

        return act

    def _derive_action(self, pid: str, kind: str) -> Callable[[Any], None]:
        def act(c: Any) -> None:
            run = None
            try:
                run, source = self._context(c)
                if run.hook is not None:
                    run.hook(pid, "derive", source["id"])
                new = derived_fact(kind, source)
                run.derivations.add((pid, new["id"], source["id"]))
                if new["id"] not in run.derived:
                    run.derived[new["id"]] = new
                    if kind in self.compiled.subjects:  # else no rule reads it: durable need not see it
                        did = run.new_did(new["id"])
                        run.by_did[did] = new
                        c.assert_fact(run.encoder.encode(new, did, DERIVED, run))
            except BaseException as exc:
                if run is not None:
                    run.errors.append(exc)
                raise

        return act

    def check(self, facts: list[Fact], hook: ActionHook | None) -> EngineResult:
        enc = self.encoder
        by_did: dict[str, Fact] = {}
        for f in facts:
            fid, kind = f.get("id"), f.get("type")
            if not isinstance(fid, str) or not isinstance(kind, str):
                raise TypeError(f"durable engine: a fact needs a string id and type: {f!r}")
            if fid in by_did:
                raise DurableUnsupported(f"durable engine: two facts have the id {fid!r}")
            by_did[fid] = f
        unit = next((f for f in facts if f["type"] == "unit"), {})
        subjects, slots = self.compiled.subjects, self.compiled.slots
        with self.lock:
            if self.closed:
                raise _HostClosed("this durable host is closed (evicted, or after a native failure)")
            sid = str(next(self.sids))
            run = _Run(sid, hook, enc, unit, by_did, set(by_did))
            batch = []
            for f in facts:  # facts of kinds no rule reads are not shown to durable at all
                if f["type"] in subjects:
                    batch.append(enc.encode(f, f["id"], BASE, run))
                for slot in range(1, slots.get(f["type"], 0) + 1):
                    batch.append(enc.encode(f, run.new_did(f"{f['id']}\x1f{slot}"), RECORD, run, slot))
            opener = {"id": run.new_did("__open__"), "sid": sid, "hk": OPEN}
            gate = {"id": run.new_did("__gate__"), "sid": sid, "hk": GATE}
            self.runs[sid] = run
            try:
                self._checked(self.assert_fact(RULESET, opener), run)
                if not run.opened:
                    raise DurableRulesError("durable-rules did not run the session opener")
                if batch:  # durable segfaults on an empty batch
                    self._checked(self.assert_facts(RULESET, batch), run)
                self._checked(self.assert_fact(RULESET, gate), run)
            except BaseException as exc:
                self._forget(run, quiet=True)
                if isinstance(exc, MemoryError):  # durable's "1024 live sids": the ruleset does not recover
                    self.closed = True
                    raise DurableRulesError(f"durable-rules ran out of sessions or memory: {exc!r}") from exc
                if isinstance(exc, (_durable.MessageNotHandledException, _durable.MessageObservedException)):
                    raise DurableRulesError(exc.message) from exc
                raise
            else:
                self._forget(run, quiet=False)
            finally:
                del self.runs[sid]
        return finish(run.outcomes, run.derivations, run.derived)

    def _checked(self, state: Any, run: _Run) -> None:
        """Raise what durable swallows: an exception in an action ends up as a string in the state."""
        if run.errors:
            raise DurableRulesError(f"a durable-rules action failed: {run.errors[0]!r}") from run.errors[0]
        if isinstance(state, dict) and state.get("exception"):
            raise DurableRulesError(f"a durable-rules action failed: {state['exception']}")

    def _forget(self, run: _Run, *, quiet: bool) -> None:
        """Delete the session's facts and state (each live sid costs memory; durable allows 1024)."""
        if not run.opened:  # deleting it would crash the process: leave it, and retire the host
            self.closed = self.leaked = True
            return
        try:
            self.ruleset.delete_state(run.sid)
        except _native.error as exc:
            self.closed = True  # a session we cannot delete would leak towards the 1024 limit
            if not quiet:
                raise DurableRulesError(f"could not delete durable session {run.sid}: {exc}") from exc

    def close(self) -> None:
        """Free the native ruleset (durable never does: ~1.5 MB per discarded host)."""
        with self.lock:
            if self.freed:
                return
            self.closed = self.freed = True
            if self.leaked:  # a session we could not delete: freeing the ruleset might crash
                return
            with contextlib.suppress(_native.error):
                _native.delete_ruleset(self.ruleset._handle)


def _sink(c: Any) -> None:  # never fires: the sink's second pattern matches nothing
    return None


_HOSTS: OrderedDict[str, _Host] = OrderedDict()
_HOSTS_LOCK = threading.Lock()


def _host_for(program: Program) -> _Host:
    """The host of ``program.key`` (created on first use; the least recently used beyond 32 are freed)."""
    evicted: list[_Host] = []
    try:
        with _HOSTS_LOCK:
            host = _HOSTS.get(program.key)
            if host is not None and not host.closed and (
                host.program is program or host.program.provisions == program.provisions
            ):
                _HOSTS.move_to_end(program.key)
                return host
            if host is not None:  # the same key for other provisions, or closed: replace it
                evicted.append(_HOSTS.pop(program.key))
            host = _Host(program)
            _HOSTS[program.key] = host
            while len(_HOSTS) > CACHE_SIZE:
                evicted.append(_HOSTS.popitem(last=False)[1])
        return host
    finally:
        for old in evicted:  # outside the cache lock: closing waits for a run in progress
            old.close()


def clear_cache() -> None:
    """Free every cached host (tests use it; hosts are otherwise kept per program key)."""
    with _HOSTS_LOCK:
        hosts = list(_HOSTS.values())
        _HOSTS.clear()
    for h in hosts:
        h.close()


class DurableEngine:
    """Runs a ``Program`` on durable-rules; gives the same ``EngineResult`` as ``PythonEngine``.

    ``action_hook`` is for tests only: it is called inside every durable action with
    ``(provision id, outcome or "derive", fact id)`` before anything is recorded, so a test can make
    an action fail and check that the failure is raised rather than swallowed by durable.
    """

    name = "durable"

    def __init__(self, *, action_hook: ActionHook | None = None) -> None:
        self._hook = action_hook

    def run(self, program: Program, facts: list[dict[str, Any]]) -> EngineResult:
        for _ in range(3):
            try:
                return _host_for(program).check(facts, self._hook)
            except _HostClosed:
                continue
        raise DurableRulesError("no usable durable host (evicted three times in a row)")
