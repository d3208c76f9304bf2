"""What the runtime conflicts of a fix's re-check take from the check before it.

Every offered fix is checked by checking the proposal again with the fix made (``fixcheck``), and a
fix changes a few facts. The clashes over one choice (``conflicts.find``) are a function of what
its "what ifs" read: the facts it watches under each of its values, the unit's fields its
provisions read, and the kinds of record they test. When all of those equal the first check's,
the re-check takes that check's clashes over the choice instead of asking every provision every
value again (``tests/test_recheck_incremental.py`` compares the two on every fix).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from hiepy_rules.compile.delta import Delta
from hiepy_rules.compile.ir import CompiledProvision, Program
from hiepy_rules.engine.incremental import changed_kinds
from hiepy_rules.findings.probe import ChoiceLike

Facts = dict[str, dict[str, Any]]

#: a domain at most this long is compared value by value (the facts under each value); a longer one
#: (a plan size) by the facts it starts from, of which its "what ifs" are a function
SMALL_DOMAIN = 4

_MISSING = object()


class ClashMemo:
    """The first check's clashes by choice, with what each was found from; later checks reuse them."""

    def __init__(self) -> None:
        self._first: Facts | None = None
        #: a choice's key (or a withdrawn permission's: the provision and the choice's key) → (inputs, its clashes)
        self._kept: dict[Hashable, tuple[tuple[Any, ...], list[Any]]] = {}
        self._alone: dict[str, list[CompiledProvision]] = {}
        #: within one check, by a list of provisions' identity: the unit's values they read, and whether a
        #: kind of record they test changed (the same for every choice they read)
        self._check: dict[int, tuple[Sequence[CompiledProvision], tuple[Any, ...], bool]] = {}
        self._changed: set[str] = set()
        self._delta: Delta | None = None
        self._unit: dict[str, Any] = {}  # this check's unit fact
        self._memberships: dict[tuple[str, str], ChoiceLike] = {}
        #: the unit's fields each list of provisions reads, by the list's identity (one program per memo)
        self._fields: dict[int, tuple[Sequence[CompiledProvision], tuple[str, ...]]] = {}
        self.reuses = 0  # choices whose clashes a later check took from the first (for tests and benchmarks)
        #: choices other than memberships, by the values each is made from (``conflicts._choices``)
        self.made: dict[tuple[Any, ...], Any] = {}
        #: the fact whose integer reached the plan sizes' cap, as a check last found (``conflicts._top``)
        self.capped_by: str | None = None
        #: the obligations that read each shape of choice (its name, fields and kinds of fact watched);
        #: one program per memo, so every check of it asks the same
        self.readers: dict[tuple[str, frozenset[str], frozenset[str]], list[CompiledProvision]] = {}

    @property
    def kept(self) -> int:
        """How many choices' clashes the first check kept."""
        return len(self._kept)

    def begin(self, facts: Facts, delta: Delta | None = None, kinds: set[str] | None = None) -> None:
        """A check starts: the first one's facts are kept, a later one's changed kinds of fact noted.
        ``delta``: how a later check's proposal data differ from the first's (unknown: None); ``kinds``:
        the kinds of its facts that differ from the first's, when the caller has them."""
        self._delta = delta
        self._unit = facts.get("unit", {})
        self._check = {}
        if self._first is None:
            self._changed = set()
        else:
            self._changed = changed_kinds(self._first, facts.values()) if kinds is None else kinds

    def end(self, facts: Facts, choices: Sequence[ChoiceLike]) -> None:
        if self._first is None:
            self._first = facts
            self._memberships = {c.parties: c for c in choices if c.parties is not None}

    def membership(self, title: str, cadre: str) -> Any:
        """The first check's choice of planning ``cadre`` for ``title``, when a later check's fix left
        both alone (it is made from them alone: ``Delta``); else None."""
        if self._first is None or self._delta is None or self._delta.touches(title, cadre):
            return None
        return self._memberships.get((title, cadre))

    def inputs(
        self, choice: ChoiceLike, facts: Facts, relevant: Sequence[CompiledProvision], program: Program
    ) -> tuple[Any, ...]:
        """What the choice's windows over ``relevant`` are computed from, in comparable form."""
        unit_part = self._shared(relevant, program)[0]
        if choice.parties is not None and (self._first is None or self._delta is not None):
            # a membership: what it changes is made from the proposal data, which the delta compares
            # (building its candidacy to compare would cost what asking its provisions costs)
            touched = self._delta is not None and self._delta.touches(*choice.parties)
            return _membership(choice, unit_part, touched)
        near = {fid: facts[fid] for fid in (*choice.watch, "unit") if fid in facts}
        watched = tuple(w for w in choice.watch if w != "unit")
        if len(choice.domain) <= SMALL_DOMAIN:
            after = tuple(tuple(choice.apply(near, v).get(w) for w in watched) for v in choice.domain)
            return (choice.name, choice.domain, choice.current, unit_part, after)
        # a plan size: its apply is a value (equal when it changes the same facts the same way)
        return (
            choice.name,
            choice.domain,
            choice.current,
            unit_part,
            tuple(near.get(w) for w in watched),
            choice.apply,
        )

    def _shared(self, relevant: Sequence[CompiledProvision], program: Program) -> tuple[tuple[Any, ...], bool]:
        """What every choice ``relevant`` reads shares within this check: the unit's values they read,
        and whether a kind of record they test changed. ``find`` hands in one list per shape of choice,
        kept for every check: known by identity."""
        known = self._check.get(id(relevant))
        if known is not None and known[0] is relevant:
            return known[1], known[2]
        part = tuple(self._unit.get(k, _MISSING) for k in self._unit_fields(relevant, program))
        stale = any(program.reads[cp.id].records & self._changed for cp in relevant)
        self._check[id(relevant)] = (relevant, part, stale)
        return part, stale

    def _unit_fields(self, relevant: Sequence[CompiledProvision], program: Program) -> tuple[str, ...]:
        """The unit's fields the provisions read: through ``unit.``, or as their own fact's when about the unit."""
        # ``find`` hands in one list per shape of choice, kept in ``readers`` for every check: known by identity
        known = self._fields.get(id(relevant))
        if known is not None and known[0] is relevant:
            return known[1]
        fields: set[str] = set()
        for cp in relevant:
            r = program.reads[cp.id]
            fields |= r.unit
            if cp.subject == "unit":
                fields |= {f for f in r.fields if not f.startswith("record:")}
        self._fields[id(relevant)] = (relevant, tuple(sorted(fields)))
        return self._fields[id(relevant)][1]

    def alone(self, cp: CompiledProvision) -> list[CompiledProvision]:
        """A list of ``cp`` alone, the same list every time (what ``inputs`` reads of it is kept by identity)."""
        return self._alone.setdefault(cp.id, [cp])

    def reused(
        self, key: Hashable, inputs: tuple[Any, ...], relevant: Sequence[CompiledProvision], program: Program
    ) -> list[Any] | None:
        """The first check's clashes over the choice ``key`` when they still hold, else None."""
        if self._first is None:
            return None
        kept = self._kept.get(key)
        if kept is None or kept[0] != inputs or inputs[-1] == "touched":
            return None
        if self._shared(relevant, program)[1]:  # a kind of record they test changed
            return None
        self.reuses += 1
        return kept[1]

    def as_first(
        self, key: Hashable, choice: ChoiceLike, relevant: Sequence[CompiledProvision], program: Program
    ) -> list[Any] | None:
        """The first check's clashes over a membership the fix left alone (the first check's own choice,
        from ``membership``), when the unit's values its provisions read are the same and no kind of
        record they test changed; else None. What ``inputs`` and ``reused`` answer for such a choice,
        without making its inputs: most of a re-check's choices are these."""
        if self._first is None or choice.parties is None or self._memberships.get(choice.parties) is not choice:
            return None
        part, stale = self._shared(relevant, program)
        kept = self._kept.get(key)
        if stale or kept is None or kept[0] != _membership(choice, part, False):
            return None
        self.reuses += 1
        return kept[1]

    def keep(self, key: Hashable, inputs: tuple[Any, ...], clashes: list[Any]) -> None:
        if self._first is None:
            self._kept[key] = (inputs, clashes)


def _membership(choice: ChoiceLike, unit_part: tuple[Any, ...], touched: bool) -> tuple[Any, ...]:
    """A membership's inputs, as ``inputs`` makes them and ``as_first`` compares them."""
    return (choice.name, choice.current, unit_part, "touched" if touched else "as first")
