"""Running a ruleset in durable-rules: encoding facts, one host per ruleset, collecting outcomes."""

from __future__ import annotations

import contextlib
import copy
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import durable.engine as _durable  # ImportError on Python 3.13 (PyEval_CallObject): get_engine falls back
import durable_rules_engine as _native
import msgspec

from hiepy_rules.compile.ir import Program
from hiepy_rules.engine.base import Derivation, EngineResult, Outcome, derived_fact, finish, unit_of
from hiepy_rules.engine.durable.columns import (
    _MISSING,
    BASE,
    CACHE_SIZE,
    DERIVED,
    GATE,
    INT64,
    MAX_PROPERTIES,
    OPEN,
    RECORD,
    RULESET,
    UNKNOWN,
    ActionHook,
    DurableRulesError,
    DurableUnsupported,
    Fact,
    _Columns,
    _e,
    _hex,
    _HostClosed,
    _n,
    _o,
    _order_key,
    _q,
    _s,
    _t,
)
from hiepy_rules.engine.durable.ruleset import compile_ruleset

# --- facts as durable sees them ----------------------------------------------------------------


class _Write(msgspec.Struct, frozen=True):
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


class _Run(msgspec.Struct):
    """What one ``run`` collects; actions find it by the session id."""

    sid: str
    hook: ActionHook | None
    encoder: _Encoder
    unit: Fact  # the unit fact (the first base fact of type unit), whose fields ``unit.X`` reads
    by_did: dict[str, Fact]  # durable id of a subject fact → the fact
    used: set[str]  # every durable id of the session
    outcomes: set[Outcome] = msgspec.field(default_factory=set)
    derivations: set[Derivation] = msgspec.field(default_factory=set)
    derived: dict[str, Fact] = msgspec.field(default_factory=dict)
    errors: list[BaseException] = msgspec.field(default_factory=list)
    unit_parts: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)  # kind → its unit columns
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
        unit = unit_of(facts)
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
