"""Lint of one provision: dates in force, conditions, records."""

from __future__ import annotations

from collections.abc import Iterator

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.errors import Code
from hiepy_rules.lint.rules.bounds import _contradiction_issues
from hiepy_rules.lint.rules.common import (
    SHARE_SUBJECTS,
    UNKNOWN_FACT,
    Env,
    Fields,
    Issue,
    _condition_nodes,
    _dates,
    _field_test_issues,
    _unknown_authority,
    _unknown_source,
    issue,
)
from hiepy_rules.load.document import PathKey
from hiepy_rules.load.versions import IN_FORCE
from hiepy_rules.schema.condition import Cond, FieldTest, NoRecordTest, ParamRef, RecordTest, ShareTest
from hiepy_rules.schema.provision import Provision

UNKNOWN_SUBJECT = Code(
    "unknown-subject",
    "provisions",
    "error",
    (
        "`subject` phải là một loại sự kiện cơ bản, hoặc một loại do quy định khác suy ra (`derive`).",
        "`subject` must be a base kind of fact, or a kind another provision derives (`derive`).",
    ),
    {
        "": (
            "đối tượng {subject!r} không rõ: không phải loại cơ bản ({kinds}) và không do quy định nào suy ra",
            "unknown subject {subject!r}: neither a base kind ({kinds}) nor derived by any provision",
        )
    },
)


DERIVE_BASE = Code(
    "derive-base",
    "provisions",
    "error",
    (
        "Loại do `derive` tạo ra cần một tên riêng, không trùng loại cơ bản.",
        "The kind `derive` creates needs a name of its own, not a base kind's.",
    ),
    {
        "": (
            "`derive` {derive!r} trùng tên một loại cơ bản; loại suy ra cần một tên riêng",
            "derive {derive!r} names a base kind; a derived kind needs a name of its own",
        )
    },
)


UNKNOWN_OVERRIDE = Code(
    "unknown-override",
    "provisions",
    "error",
    (
        "`overrides` chỉ được nêu mã của quy định khác có trong bộ quy định.",
        "`overrides` may name only other provisions of the rule set.",
    ),
    {
        "self": ("quy định không thể ghi đè chính nó", "a provision cannot override itself"),
        "": ("`overrides` nêu quy định không có: {other!r}", "overrides unknown provision {other!r}"),
    },
)


SHARE_SUBJECT = Code(
    "share-subject",
    "conditions",
    "error",
    (
        "Phép thử `share` đọc số phiếu của một cuộc bỏ phiếu: đối tượng phải là cuộc bỏ phiếu có các số đếm đó.",
        "A `share` test reads a vote's ballot counts: its subject must be a vote that has them.",
    ),
    {
        "subject": (
            "phép thử `share` đọc phiếu của một cuộc bỏ phiếu, nhưng đối tượng là {subject!r}: `share` cần"
            " `subject` là {kinds}",
            "a share test reads a vote's ballots, but the subject is {subject!r}: share needs subject: {kinds}",
        ),
        "missing": (
            "tỷ lệ `{of}` đọc {missing}, mà đối tượng {subject!r} không có",
            "a share of {of} reads {missing}, which subject {subject!r} lacks",
        ),
    },
)


UNKNOWN_PARAM = Code(
    "unknown-param",
    "conditions",
    "error",
    (
        "Mẫu số `{param: P}` nêu một tham biến mà `params` của quy định không đặt.",
        "A denominator `{param: P}` names a parameter the provision's `params` does not set.",
    ),
    {
        "": (
            "tham biến {param!r} không được đặt trong `params` của quy định này",
            "param {param!r} is not set in this provision's params",
        )
    },
)


NESTED_RECORD = Code(
    "nested-record",
    "records",
    "error",
    (
        "`record` và `no_record` chỉ đứng ở cấp đầu của `when`, hoặc là cả điều kiện của `must`, `must_not`,"
        " `should` hay `may`.",
        "`record` and `no_record` stand only at the top of `when`, or as the whole condition of `must`,"
        " `must_not`, `should` or `may`.",
    ),
    {
        "": (
            "`{key_name}` chỉ được đứng ở cấp đầu của `when` hoặc là cả điều kiện của `must`, `must_not`, `should`"
            " hay `may`, không nằm trong `all`, `any` hay `not`",
            "{key_name} may stand only at the top of `when` or as the whole modality condition, not inside all/any/not",
        )
    },
)


RECORD_KIND = Code(
    "record-kind",
    "records",
    "error",
    (
        "Bản ghi (`record`, `no_record`) là một loại sự kiện cơ bản của đề án, như `consultation` hay `report`.",
        "A record (`record`, `no_record`) is a base kind of the proposal's facts, such as `consultation` or `report`.",
    ),
    {
        "": (
            "`{key_name}` {kind!r} không phải loại cơ bản ({kinds}): bản ghi chỉ lấy từ sự kiện của chính đề án",
            "{key_name} {kind!r} is not a base kind ({kinds}): records range over the facts of the proposal itself",
        )
    },
)


def provision_issues(p: Provision, base: PathKey, env: Env) -> Iterator[Issue]:
    """Everything wrong with one provision that its set (``env``) lets us see."""
    if env.sources is not None:
        if p.source.document not in env.sources:
            yield _unknown_source((*base, "source", "document"), p.source.document)
        for k, b in enumerate(p.source.basis):
            if b not in env.sources:
                yield _unknown_source((*base, "source", "basis", k), b)
    if env.authorities is not None and p.issuer is not None and p.issuer not in env.authorities:
        yield _unknown_authority((*base, "issuer"), p.issuer)
    voc = env.vocabulary
    if not voc.known(p.subject):
        yield issue(UNKNOWN_SUBJECT, (*base, "subject"), subject=p.subject, kinds=", ".join(sorted(FACT_SCHEMA)))
    if p.derive is not None and p.derive in FACT_SCHEMA:
        yield issue(DERIVE_BASE, (*base, "derive"), derive=p.derive)
    fields = voc.fields.get(p.subject)
    for cond, path, top in _condition_nodes(p, base):
        yield from _condition_issues(cond, path, top, p, fields, env)
    yield from _contradiction_issues(p, base, fields, env)
    yield from _in_force_issues(p, base, env)
    if env.ids is not None:
        for k, other in enumerate(p.overrides):
            if other == p.id:
                yield issue(UNKNOWN_OVERRIDE, (*base, "overrides", k), "self")
            elif other not in env.ids:
                yield issue(UNKNOWN_OVERRIDE, (*base, "overrides", k), other=other)


def _in_force_issues(p: Provision, base: PathKey, env: Env) -> Iterator[Issue]:
    own = p.in_force
    path = (*base, "in_force")
    if own is not None:
        yield from _dates(own, path)
    pack = env.pack_in_force
    if own is not None and pack is not None:
        if own.from_ < pack.from_:
            yield issue(IN_FORCE, (*path, "from"), "before-pack", start=own.from_, pack_start=pack.from_)
        if pack.until is not None and (own.until is None or own.until > pack.until):
            yield issue(IN_FORCE, (*path, "until") if own.until else path, "after-pack", pack_until=pack.until)


def _condition_issues(
    cond: Cond, path: PathKey, top: bool, p: Provision, fields: Fields | None, env: Env
) -> Iterator[Issue]:
    if isinstance(cond, FieldTest):
        yield from _field_test_issues(cond, path, fields, p.subject, env)
    elif isinstance(cond, ShareTest):
        over = cond.share.over
        counts = [cond.share.of, over if isinstance(over, str) else "convened"]
        if p.subject not in SHARE_SUBJECTS:
            kinds = (" hoặc ".join(SHARE_SUBJECTS), " or ".join(SHARE_SUBJECTS))
            yield issue(SHARE_SUBJECT, (*path, "share"), "subject", key=True, subject=p.subject, kinds=kinds)
        elif fields is not None and (missing := [c for c in counts if c not in fields]):
            yield issue(
                SHARE_SUBJECT,
                (*path, "share"),
                "missing",
                key=True,
                of=cond.share.of,
                missing=", ".join(missing),
                subject=p.subject,
            )
        if isinstance(over, ParamRef) and getattr(p.params, over.param, None) is None:
            yield issue(UNKNOWN_PARAM, (*path, "share", "over", "param"), param=over.param)
    elif isinstance(cond, (RecordTest, NoRecordTest)):
        yield from _record_issues(cond, path, top, p.subject, fields, env)


def _record_issues(
    t: RecordTest | NoRecordTest, path: PathKey, top: bool, subject: str, fields: Fields | None, env: Env
) -> Iterator[Issue]:
    key, kind = ("record", t.record) if isinstance(t, RecordTest) else ("no_record", t.no_record)
    if not top:
        yield issue(NESTED_RECORD, (*path, key), key=True, key_name=key)
    record = FACT_SCHEMA.get(kind)
    if record is None:
        yield issue(RECORD_KIND, (*path, key), key_name=key, kind=kind, kinds=", ".join(sorted(FACT_SCHEMA)))
    for k, name in enumerate(t.match):
        if record is not None and name not in record:
            yield issue(UNKNOWN_FACT, (*path, "match", k), "match-record", name=name, kind=kind)
        elif fields is not None and name not in fields:
            yield issue(UNKNOWN_FACT, (*path, "match", k), "match-subject", name=name, subject=subject)
    if record is not None:
        for k, w in enumerate(t.where):
            yield from _field_test_issues(w, (*path, "where", k), record, kind, env)
