"""Provisions → a small, engine-neutral program (the IR both engines run).

Compilation resolves everything that is fixed for a pack version: settings become literals,
``param`` references become the provision's parameter, share tests become boolean measure
fields computed in Python (``facts.ShareMeasure``), dates become ISO strings (they compare
correctly as strings in both engines). What is left are five condition forms:

    Cmp(field, op, value)             a field against a literal
    CmpField(field, op, other, k)     a field against k times another field
    All / Any / Neg                   Kleene connectives
    Record(kind, match, where, exists)  a base record agreeing on keys (top level only)
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from typing import Any

import msgspec

from hiepy_rules.compile import dossier
from hiepy_rules.compile.facts import ShareMeasure
from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Program, Record
from hiepy_rules.compile.logic import conjunction, evaluate
from hiepy_rules.load.ruleset import Located, Pack, RuleSet
from hiepy_rules.schema.condition import (
    AllOf,
    AnyOf,
    Cond,
    FactRef,
    FieldTest,
    NoRecordTest,
    Not,
    ParamRef,
    RecordTest,
    SettingRef,
    ShareTest,
)
from hiepy_rules.schema.provision import Provision


def _literal(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return tuple(_literal(x) for x in v)
    return v


class _Ctx(msgspec.Struct):
    pack: Pack
    provision: Provision
    unset: set[str] = msgspec.field(default_factory=set)
    used: dict[str, Any] = msgspec.field(default_factory=dict)
    shares: list[ShareMeasure] = msgspec.field(default_factory=list)

    def setting(self, name: str) -> Any:
        s = self.pack.manifest.settings.get(name)
        if s is None or s.value is None:
            self.unset.add(name)
            return None
        self.used[name] = s.value
        return s.value


def _compile(c: Cond, ctx: _Ctx) -> C:
    if isinstance(c, FieldTest):
        v = c.value
        if isinstance(v, FactRef):
            return CmpField(c.fact, c.op, v.fact, v.times)
        if isinstance(v, SettingRef):
            return Cmp(c.fact, c.op, ctx.setting(v.setting))
        return Cmp(c.fact, c.op, _literal(v))
    if isinstance(c, ShareTest):
        over = c.share.over
        denominator = (
            (getattr(ctx.provision.params, over.param, None) or "convened") if isinstance(over, ParamRef) else over
        )
        m = ShareMeasure(c.op, c.threshold, denominator, c.share.of)
        ctx.shares.append(m)
        return Cmp(m.field, "eq", True)
    if isinstance(c, (RecordTest, NoRecordTest)):
        kind = c.record if isinstance(c, RecordTest) else c.no_record
        where = tuple(_compile(w, ctx) for w in c.where)
        return Record(kind, tuple(c.match), where, isinstance(c, RecordTest))  # type: ignore[arg-type]
    if isinstance(c, AllOf):
        return All(tuple(_compile(x, ctx) for x in c.all))
    if isinstance(c, AnyOf):
        return Any_(tuple(_compile(x, ctx) for x in c.any))
    if isinstance(c, Not):
        return Neg(_compile(c.not_, ctx))
    raise TypeError(f"unknown condition {c!r}")


def compile_provision(pack: Pack, p: Provision, *, scope_unknown: bool = False) -> CompiledProvision:
    """``scope_unknown``: the unit lacks a fact the pack's scope reads, so the scope becomes part of the
    provision's conditions (unknown is not no: what would be found if the fact were given is undecided)."""
    ctx = _Ctx(pack, p)
    when = tuple(_compile(c, ctx) for c in p.when)
    if scope_unknown:
        when = tuple(_scope_tests(pack)) + when
    rule = _compile(p.rule, ctx) if p.rule is not None else None
    return CompiledProvision(
        id=p.id,
        pack=pack.id,
        subject=p.subject,
        when=when,
        modality=p.modality,
        rule=rule,
        derive=p.derive,
        unconfigured=tuple(sorted(ctx.unset)),
        shares=tuple(dict.fromkeys(ctx.shares)),
        settings=tuple(sorted(ctx.used.items())),
    )


def _scope_tests(pack: Pack) -> list[Cmp]:
    return [Cmp("unit." + t.fact.removeprefix("unit."), t.op, _literal(t.value)) for t in pack.manifest.scope.when]


def scope_holds(pack: Pack, unit: dict[str, Any]) -> bool | None:
    """Whether a pack governs this unit: True, False, or None when a fact its scope reads is unknown
    (the unit says no province, say): then the pack's provisions run with the scope as a condition."""
    return conjunction(evaluate(c, unit, unit, {}) for c in _scope_tests(pack))


_CACHE: dict[tuple[str, ...], Program] = {}


class _Programs(msgspec.Struct):
    """One rule set's programs, by the stretch of days in force and which scoped packs cover the unit.

    A warm check then costs a binary search and a scope test per scoped pack, not a walk over every
    provision and a digest of its text (``program_for``). ``sig`` is the identity of the packs,
    manifests and provisions the entries were made from (``keep`` holds them, so an id cannot be
    reused): a rule set changed in place gets new entries.
    """

    sig: tuple[int, ...]
    keep: tuple[object, ...]
    bounds: list[dt.date]  # every first day in force and first day out of force, sorted
    scoped: tuple[Pack, ...]  # the packs whose manifest limits the units they govern
    programs: dict[tuple[int, tuple[bool | None, ...], dossier.Kind | None], Program] = msgspec.field(
        default_factory=dict
    )


def _programs(rs: RuleSet) -> _Programs:
    keep = tuple(x for pack in rs.packs for x in (pack, pack.manifest, *pack.provisions))
    sig = tuple(map(id, keep))
    cached = vars(rs).get("_hiepy_programs")
    if isinstance(cached, _Programs) and cached.sig == sig:
        return cached
    days: set[dt.date] = set()
    for pack in rs.packs:
        for w in (pack.manifest.in_force, *(pack.in_force(loc.provision) for loc in pack.provisions)):
            days.add(w.from_)
            if w.until is not None:
                days.add(w.until)
    entry = _Programs(sig, keep, sorted(days), tuple(p for p in rs.packs if p.manifest.scope.when))
    vars(rs)["_hiepy_programs"] = entry
    return entry


def program_for(rs: RuleSet, day: dt.date, unit: dict[str, Any], kind: dossier.Kind | None = None) -> Program:
    """The program of provisions in force on ``day`` from the packs whose scope covers ``unit``
    (and, given the dossier's ``kind``, only those whose ``applies_to`` names it)."""
    entry = _programs(rs)
    key = (bisect.bisect_right(entry.bounds, day), tuple(scope_holds(pack, unit) for pack in entry.scoped), kind)
    cached = entry.programs.get(key)
    if cached is None:
        cached = entry.programs[key] = _program(rs, day, unit, kind)
    return cached


def considered(rs: RuleSet, day: dt.date, unit: dict[str, Any]) -> list[tuple[Pack, Located, bool | None]]:
    """The provisions in force on ``day`` from the packs whose scope does not exclude ``unit``, in load
    order, each with its pack's scope test (None: not known for this unit): what ``program_for`` chooses
    from, before the dossier's kind."""
    holds = {pack.id: scope_holds(pack, unit) for pack in rs.packs}
    return [(pack, loc, holds[pack.id]) for pack, loc in rs.provisions_in_force(day) if holds[pack.id] is not False]


def _program(rs: RuleSet, day: dt.date, unit: dict[str, Any], kind: dossier.Kind | None = None) -> Program:
    chosen = [c for c in considered(rs, day, unit) if dossier.applies(c[1].provision, kind)]
    ids = tuple(loc.provision.id for _, loc, _ in chosen)
    digest = hashlib.sha256()
    for pack, loc, held in chosen:
        digest.update(loc.content)
        digest.update(pack.manifest_content)
        digest.update(b"scope unknown" if held is None else b"in scope")
    cache_key = (*ids, digest.hexdigest())
    cached = _CACHE.get(cache_key)
    if cached is not None:
        return cached
    provisions = tuple(compile_provision(pack, loc.provision, scope_unknown=held is None) for pack, loc, held in chosen)
    shares = frozenset(m for cp in provisions for m in cp.shares)
    program = Program(provisions, shares, digest.hexdigest()[:16])
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[cache_key] = program
    return program
