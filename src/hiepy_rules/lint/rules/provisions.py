"""Lint of one provision: dates in force, conditions, records."""

from __future__ import annotations

from collections.abc import Iterator

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.lint.rules.bounds import _contradiction_issues
from hiepy_rules.lint.rules.common import (
    SHARE_SUBJECTS,
    Env,
    Fields,
    Issue,
    _condition_nodes,
    _dates,
    _field_test_issues,
    _unknown_authority,
    _unknown_source,
)
from hiepy_rules.load.yamlio import PathKey
from hiepy_rules.schema.condition import Cond, FieldTest, NoRecordTest, ParamRef, RecordTest, ShareTest
from hiepy_rules.schema.provision import Provision


def provision_issues(p: Provision, base: PathKey, env: Env) -> Iterator[Issue]:
    """Everything wrong with one provision that its set (``env``) lets us see."""
    if env.sources is not None:
        if p.source.document not in env.sources:
            yield Issue((*base, "source", "document"), _unknown_source(p.source.document), "unknown-source")
        for k, b in enumerate(p.source.basis):
            if b not in env.sources:
                yield Issue((*base, "source", "basis", k), _unknown_source(b), "unknown-source")
    if env.authorities is not None and p.issuer is not None and p.issuer not in env.authorities:
        yield Issue((*base, "issuer"), _unknown_authority(p.issuer), "unknown-authority")
    voc = env.vocabulary
    if not voc.known(p.subject):
        yield Issue(
            (*base, "subject"),
            f"unknown subject {p.subject!r}: neither a base kind "
            f"({', '.join(sorted(FACT_SCHEMA))}) nor derived by any provision",
            "unknown-subject",
        )
    if p.derive is not None and p.derive in FACT_SCHEMA:
        yield Issue(
            (*base, "derive"),
            f"derive {p.derive!r} names a base kind; a derived kind needs a name of its own",
            "derive-base",
        )
    fields = voc.fields.get(p.subject)
    for cond, path, top in _condition_nodes(p, base):
        yield from _condition_issues(cond, path, top, p, fields, env)
    yield from _contradiction_issues(p, base, fields, env)
    yield from _in_force_issues(p, base, env)
    if env.ids is not None:
        for k, other in enumerate(p.overrides):
            if other == p.id:
                yield Issue((*base, "overrides", k), "a provision cannot override itself", "unknown-override")
            elif other not in env.ids:
                yield Issue((*base, "overrides", k), f"overrides unknown provision {other!r}", "unknown-override")


def _in_force_issues(p: Provision, base: PathKey, env: Env) -> Iterator[Issue]:
    own = p.in_force
    path = (*base, "in_force")
    if own is not None:
        yield from _dates(own, path)
    pack = env.pack_in_force
    if own is not None and pack is not None:
        if own.from_ < pack.from_:
            yield Issue(
                (*path, "from"),
                f"in force from {own.from_}, before its pack ({pack.from_}): it does not apply before the pack does",
                "in-force",
                severity="warning",
            )
        if pack.until is not None and (own.until is None or own.until > pack.until):
            yield Issue(
                (*path, "until") if own.until else path,
                f"in force after its pack ends ({pack.until}): it does not apply after the pack does",
                "in-force",
                severity="warning",
            )


def _condition_issues(
    cond: Cond, path: PathKey, top: bool, p: Provision, fields: Fields | None, env: Env
) -> Iterator[Issue]:
    if isinstance(cond, FieldTest):
        yield from _field_test_issues(cond, path, fields, p.subject, env)
    elif isinstance(cond, ShareTest):
        over = cond.share.over
        counts = [cond.share.of, over if isinstance(over, str) else "convened"]
        if p.subject not in SHARE_SUBJECTS:
            yield Issue(
                (*path, "share"),
                f"a share test reads a vote's ballots, but the subject is {p.subject!r}: "
                f"share needs subject: {' or '.join(SHARE_SUBJECTS)}",
                "share-subject",
                key=True,
            )
        elif fields is not None and (missing := [c for c in counts if c not in fields]):
            yield Issue(
                (*path, "share"),
                f"a share of {cond.share.of} reads {', '.join(missing)}, which subject {p.subject!r} lacks",
                "share-subject",
                key=True,
            )
        if isinstance(over, ParamRef) and getattr(p.params, over.param, None) is None:
            yield Issue(
                (*path, "share", "over", "param"),
                f"param {over.param!r} is not set in this provision's params",
                "unknown-param",
            )
    elif isinstance(cond, (RecordTest, NoRecordTest)):
        yield from _record_issues(cond, path, top, p.subject, fields, env)


def _record_issues(
    t: RecordTest | NoRecordTest, path: PathKey, top: bool, subject: str, fields: Fields | None, env: Env
) -> Iterator[Issue]:
    key, kind = ("record", t.record) if isinstance(t, RecordTest) else ("no_record", t.no_record)
    if not top:
        yield Issue(
            (*path, key),
            f"{key} may stand only at the top of `when` or as the whole modality condition, not inside all/any/not",
            "nested-record",
            key=True,
        )
    record = FACT_SCHEMA.get(kind)
    if record is None:
        yield Issue(
            (*path, key),
            f"{key} {kind!r} is not a base kind ({', '.join(sorted(FACT_SCHEMA))}): "
            "records range over the facts of the proposal itself",
            "record-kind",
        )
    for k, name in enumerate(t.match):
        if record is not None and name not in record:
            yield Issue((*path, "match", k), f"match key {name!r} is not a field of {kind!r}", "unknown-fact")
        elif fields is not None and name not in fields:
            yield Issue(
                (*path, "match", k),
                f"match key {name!r} is not a field of the subject {subject!r}",
                "unknown-fact",
            )
    if record is not None:
        for k, w in enumerate(t.where):
            yield from _field_test_issues(w, (*path, "where", k), record, kind, env)
