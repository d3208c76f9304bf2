"""What every family of lint checks shares: the issue type, the environment, the fact vocabulary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from hiepy_rules.compile.facts import FACT_SCHEMA, FieldSpec
from hiepy_rules.errors import Code, Problem, Severity, Text
from hiepy_rules.load.document import Document, PathKey
from hiepy_rules.schema.condition import ORDER_OPS, AllOf, AnyOf, Cond, FactRef, FieldTest, Not, SettingRef
from hiepy_rules.schema.pack import Authority, SourceDoc
from hiepy_rules.schema.provision import InForce, Provision

Kind = Literal["rules", "pack", "sources", "authorities", "proposal", "tests"]


Fields = Mapping[str, FieldSpec]


SHARE_SUBJECTS = ("vote", "confidence_vote")  # the kinds whose facts carry ballot counts


# --- issues: problems before they know their file -------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """A problem at a path of a document (``key``: at the mapping key rather than its value)."""

    path: PathKey
    message: str
    code: str
    key: bool = False
    severity: Severity = "error"
    en: str = ""  # the message in English (Vietnamese is ``message``)


def issue(
    code: Code, path: PathKey, variant: str = "", *, key: bool = False, severity: Severity | None = None, **args: object
) -> Issue:
    """An issue of ``code`` at ``path``, its message in both languages (``Code.texts``)."""
    vi, en = code.texts(variant, **args)
    return Issue(path, vi, code.id, key, severity or code.severity, en)


def _at(doc: Document, issues: Iterable[Issue]) -> list[Problem]:
    out = []
    for i in issues:
        line, col = doc.where(i.path, key=i.key)
        out.append(Problem(doc.file, line, col, i.severity, i.message, i.code, i.en))
    return out


@dataclass(frozen=True)
class Vocabulary:
    """The subject kinds a set of provisions may name, and the fields each one's facts carry.

    Base kinds are ``facts.FACT_SCHEMA``'s. A derived kind carries the fields of the subject of
    every provision deriving it (their union; chains of derivations are followed to a fixpoint).
    A derived kind that reaches no base kind is known, but its fields are not (``fields`` lacks it).
    """

    fields: Mapping[str, Fields]
    derived: frozenset[str]

    def known(self, kind: str) -> bool:
        return kind in FACT_SCHEMA or kind in self.derived


def vocabulary(provisions: Iterable[Provision]) -> Vocabulary:
    origins: dict[str, set[str]] = {}
    for p in provisions:
        if p.derive is not None and p.derive not in FACT_SCHEMA:
            origins.setdefault(p.derive, set()).add(p.subject)
    fields: dict[str, dict[str, FieldSpec]] = {k: dict(v) for k, v in FACT_SCHEMA.items()}
    changed = True
    while changed:  # each round only adds fields, so this ends
        changed = False
        for kind in sorted(origins):
            merged: dict[str, FieldSpec] = {}
            for subject in sorted(origins[kind]):
                merged.update(fields.get(subject, {}))
            if merged and merged.keys() != fields.get(kind, {}).keys():
                fields[kind] = merged
                changed = True
    return Vocabulary(fields, frozenset(origins))


@dataclass(frozen=True)
class Env:
    """What the checks of one provision know; ``None`` means "not known here, not checked"."""

    vocabulary: Vocabulary
    settings: frozenset[str] | None = None
    sources: Mapping[str, SourceDoc] | None = None
    authorities: Mapping[str, Authority] | None = None
    ids: frozenset[str] | None = None
    pack_in_force: InForce | None = None
    scope: Sequence[FieldTest] = field(default_factory=tuple)


# --- codes shared by several families ------------------------------------------------------------

DATES = Code(
    "dates",
    "time",
    "error",
    (
        "Ngày hết hiệu lực (`until`, ngày đầu tiên không còn hiệu lực) phải sau ngày bắt đầu (`from`).",
        "The end of a period in force (`until`, its first day no longer in force) must come after its start (`from`).",
    ),
    {
        "": (
            "`in_force.until` ({until}) không sau `in_force.from` ({start})",
            "in_force.until ({until}) is not after in_force.from ({start})",
        )
    },
)


UNKNOWN_AUTHORITY = Code(
    "unknown-authority",
    "registries",
    "error",
    (
        "Mọi cơ quan ban hành (của gói, quy định, văn bản, cấp trên) phải được khai báo trong authorities.yaml.",
        "Every issuer (of a pack, a provision, a source, a superior) must be declared in authorities.yaml.",
    ),
    {"": ("cơ quan {name!r} không có trong authorities.yaml", "unknown authority {name!r}: not in authorities.yaml")},
)


UNKNOWN_SOURCE = Code(
    "unknown-source",
    "registries",
    "error",
    (
        "Văn bản nguồn và văn bản căn cứ của quy định phải có trong sources.yaml.",
        "A provision's source document and basis must be listed in sources.yaml.",
    ),
    {"": ("văn bản {number!r} không có trong sources.yaml", "unknown source document {number!r}: not in sources.yaml")},
)


UNKNOWN_FACT = Code(
    "unknown-fact",
    "conditions",
    "error",
    (
        "Điều kiện nêu một sự kiện mà đối tượng không có; sửa tên theo danh sách sự kiện được gợi ý.",
        "A condition names a fact its subject does not have; correct the name from the facts listed.",
    ),
    {
        "": (
            "đối tượng {owner!r} không có sự kiện {name!r} (các sự kiện của nó: {facts})",
            "unknown fact {name!r} for {owner!r} (its facts: {facts})",
        ),
        "match-record": (
            "khóa `match` {name!r} không phải là trường của {kind!r}",
            "match key {name!r} is not a field of {kind!r}",
        ),
        "match-subject": (
            "khóa `match` {name!r} không phải là trường của đối tượng {subject!r}",
            "match key {name!r} is not a field of the subject {subject!r}",
        ),
    },
)


BAD_VALUE = Code(
    "bad-value",
    "conditions",
    "error",
    (
        "Giá trị so sánh không hợp với kiểu của sự kiện (số, ngày, đúng/sai, danh sách giá trị cho phép).",
        "A value compared does not fit the fact's type (number, date, true/false, allowed values).",
    ),
    {
        "order": (
            "`{op}` cần một số hoặc một ngày, nhưng sự kiện {name!r} là {expect}",
            "{op} needs a number or a date, but fact {name!r} is {expect}",
        ),
        "setting": (
            "tham số của gói là một số nguyên, nhưng sự kiện {name!r} là {expect}",
            "a setting is a whole number, but fact {name!r} is {expect}",
        ),
        "list": (
            "`{op}` so sánh với một giá trị; với một danh sách, dùng `in` hoặc `not_in`",
            "{op} compares with one value; use in or not_in for a list",
        ),
        "fit": ("{value} không hợp với sự kiện {name!r} ({expect})", "{value} does not fit fact {name!r} ({expect})"),
        "compare": (
            "không thể so sánh sự kiện {name!r} ({expect}) với sự kiện {other!r} ({other_expect})",
            "fact {name!r} ({expect}) cannot be compared with fact {other!r} ({other_expect})",
        ),
        "times": (
            "`times` chỉ nhân số nguyên; sự kiện {name!r} là {expect}",
            "times multiplies whole numbers; fact {name!r} is {expect}",
        ),
    },
)


UNKNOWN_SETTING = Code(
    "unknown-setting",
    "settings",
    "error",
    (
        "Điều kiện dùng một tham số mà `settings` của gói không khai báo.",
        "A condition uses a setting the pack's `settings` does not declare.",
    ),
    {
        "": (
            "tham số {setting!r} không được khai báo trong `settings` của gói",
            "setting {setting!r} is not declared in the pack's settings",
        )
    },
)


# --- registries and manifests -------------------------------------------------------------------


def _dates(f: InForce, path: PathKey) -> Iterator[Issue]:
    if f.until is not None and f.until <= f.from_:
        yield issue(DATES, (*path, "until"), until=f.until, start=f.from_)


def _unknown_authority(path: PathKey, name: str) -> Issue:
    return issue(UNKNOWN_AUTHORITY, path, name=name)


def _unknown_source(path: PathKey, number: str) -> Issue:
    return issue(UNKNOWN_SOURCE, path, number=number)


# --- provisions ---------------------------------------------------------------------------------


def _sections(p: Provision) -> list[tuple[str, Cond]]:
    """The top-level conditions of a provision: each ``when`` item, then the modality's."""
    out: list[tuple[str, Cond]] = [("when", c) for c in p.when]
    if p.modality is not None and p.rule is not None:
        out.append((p.modality, p.rule))
    return out


def _nodes(cond: Cond, path: PathKey, top: bool) -> Iterator[tuple[Cond, PathKey, bool]]:
    """The condition and every condition inside it, with paths; ``top`` only for the outermost."""
    yield cond, path, top
    if isinstance(cond, AllOf):
        for i, c in enumerate(cond.all):
            yield from _nodes(c, (*path, "all", i), False)
    elif isinstance(cond, AnyOf):
        for i, c in enumerate(cond.any):
            yield from _nodes(c, (*path, "any", i), False)
    elif isinstance(cond, Not):
        yield from _nodes(cond.not_, (*path, "not"), False)


def _condition_nodes(p: Provision, base: PathKey) -> Iterator[tuple[Cond, PathKey, bool]]:
    for j, (section, cond) in enumerate(_sections(p)):
        path = (*base, "when", j) if section == "when" else (*base, section)
        yield from _nodes(cond, path, True)


# --- one field test -----------------------------------------------------------------------------

_EXPECT: dict[str, Text] = {
    "bool": ("`true` hoặc `false`", "true or false"),
    "int": ("một số nguyên", "a whole number"),
    "str": ("một chuỗi chữ", "text"),
    "date": ("một ngày (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
}


def _expect(spec: FieldSpec) -> Text:
    if spec.type == "enum":
        values = ", ".join(spec.values)
        return f"một trong: {values}", f"one of: {values}"
    return _EXPECT[spec.type]


def _show(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return str(v)


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return None
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):  # compile.py turns dates into ISO strings, so a quoted one works alike
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def fits(spec: FieldSpec, value: Any) -> bool:
    """Whether a literal is a value a field of this type can hold."""
    if spec.type == "bool":
        return isinstance(value, bool)
    if spec.type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if spec.type == "date":
        return _as_date(value) is not None
    if spec.type == "enum":
        return isinstance(value, str) and value in spec.values
    return isinstance(value, str)


def _resolve(fact: str, subject: Fields | None, owner: str) -> tuple[str, Fields | None, str]:
    """The field's name, the fields it is looked up in, and whose they are (``unit.X``: the unit's)."""
    if fact.startswith("unit."):
        return fact[5:], FACT_SCHEMA["unit"], "unit"
    return fact, subject, owner


def _unknown_fact(path: PathKey, name: str, table: Fields, owner: str) -> Issue:
    return issue(UNKNOWN_FACT, path, name=name, owner=owner, facts=", ".join(sorted(table)))


def _field_test_issues(t: FieldTest, path: PathKey, subject: Fields | None, owner: str, env: Env) -> Iterator[Issue]:
    name, table, whose = _resolve(t.fact, subject, owner)
    if table is None:
        return  # the subject is unknown: said once, on `subject`
    spec = table.get(name)
    if spec is None:
        yield _unknown_fact((*path, "fact"), name, table, whose)
        return
    op, value = t.op, t.value
    vpath = (*path, op)
    if op in ORDER_OPS and spec.type not in ("int", "date"):
        yield issue(BAD_VALUE, vpath, "order", key=True, op=op, name=name, expect=_expect(spec))
    elif isinstance(value, FactRef):
        yield from _fact_ref_issues(value, (*vpath, "fact"), name, spec, subject, owner)
    elif isinstance(value, SettingRef):
        if env.settings is not None and value.setting not in env.settings:
            yield issue(UNKNOWN_SETTING, (*vpath, "setting"), setting=value.setting)
        if spec.type != "int":
            yield issue(BAD_VALUE, (*vpath, "setting"), "setting", name=name, expect=_expect(spec))
    elif isinstance(value, list):
        if op not in ("in", "not_in"):
            yield issue(BAD_VALUE, vpath, "list", op=op)
        else:
            for k, v in enumerate(value):
                if not fits(spec, v):
                    yield issue(BAD_VALUE, (*vpath, k), "fit", value=_show(v), name=name, expect=_expect(spec))
    elif not fits(spec, value):
        yield issue(BAD_VALUE, vpath, "fit", value=_show(value), name=name, expect=_expect(spec))


def _fact_ref_issues(
    ref: FactRef, path: PathKey, name: str, spec: FieldSpec, subject: Fields | None, owner: str
) -> Iterator[Issue]:
    other, table, whose = _resolve(ref.fact, subject, owner)
    if table is None:
        return
    ospec = table.get(other)
    if ospec is None:
        yield _unknown_fact(path, other, table, whose)
    elif ospec.type != spec.type or (spec.type == "enum" and not set(spec.values) & set(ospec.values)):
        yield issue(
            BAD_VALUE, path, "compare", name=name, expect=_expect(spec), other=other, other_expect=_expect(ospec)
        )
    elif ref.times != 1 and spec.type != "int":
        yield issue(BAD_VALUE, path, "times", name=name, expect=_expect(spec))
