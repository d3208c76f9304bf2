"""The provision format v1: what a rule pack says, in a small typed vocabulary.

A provision (điều khoản) is data with a fixed anatomy (semgrep's, Catala's): its id, its source
and article, its words in Vietnamese and English, its dates in force, and its *logic*:

    subject:  which facts it is about (unit, title, candidacy, holding, vote, matter, ...)
    when:     a list of conditions, all of which make it apply
    one of    must | must_not | should | may   (a single condition: the modality)
    derive:   optionally, a new fact it makes true for its subject (forward chaining)

Conditions are a few typed forms, never expressions, so that a second program can reason about
them symbolically (``hiepy conflicts``):

    {fact: F, <op>: V}                        op: eq ne in not_in lt le gt ge
                                              V: a literal, or {fact: G [, times: k]} | {setting: S}
    {share: {over: D}, <op>: "1/2"}           a vote's yes share, D convened|present|valid|{param: P}
    {record: T, match: [k...], where: [...]}  a base record of type T agreeing on keys k exists
    {no_record: T, match: [...], where: [...]}
    {all: [...]} | {any: [...]} | {not: C}

Unknown facts make a condition unknown, not false (three-valued logic): a provision that cannot
be decided yields an ``indeterminate`` finding naming the missing fact.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

ProvisionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*$")]
PackId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Scalar = Union[bool, int, str, dt.date]
Op = Literal["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"]
OrderOp = Literal["lt", "le", "gt", "ge"]
ORDER_OPS: tuple[OrderOp, ...] = ("lt", "le", "gt", "ge")
Denominator = Literal["convened", "present", "valid"]
Severity = Literal["error", "warning", "info"]
Modality = Literal["must", "must_not", "should", "may"]
MODALITIES: tuple[Modality, ...] = ("must", "must_not", "should", "may")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class I18n(_Model):
    """Words in Vietnamese (verbatim from the source where it is a quotation) and English."""

    vi: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]


# --- values a condition compares with -------------------------------------------------------


class FactRef(_Model):
    """Another fact of the same subject (or ``unit.X``), optionally times a whole number."""

    fact: Annotated[str, StringConstraints(pattern=r"^(unit\.)?[a-z][a-z0-9_]*$")]
    times: Annotated[int, Field(strict=True, ge=1, le=100)] = 1


class SettingRef(_Model):
    """A pack setting (a local choice with no number in any source, e.g. a deadline)."""

    setting: Name


class ParamRef(_Model):
    param: Name


Value = Union[FactRef, SettingRef, Scalar, list[Scalar]]


def _one_op(values: dict[str, Any], allowed: tuple[str, ...]) -> tuple[str, Any]:
    ops = [k for k in allowed if values.get(k) is not None]
    if len(ops) != 1:
        raise ValueError(f"give exactly one comparison out of {', '.join(allowed)} (found {len(ops)})")
    return ops[0], values[ops[0]]


class FieldTest(_Model):
    """``{fact: F, <op>: V}``: one field of the subject (or ``unit.F``) compared with a value."""

    fact: Annotated[str, StringConstraints(pattern=r"^(unit\.)?[a-z][a-z0-9_]*$")]
    eq: Value | None = None
    ne: Value | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    not_in: list[Scalar] | None = None
    lt: Value | None = None
    le: Value | None = None
    gt: Value | None = None
    ge: Value | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one(self) -> FieldTest:
        _one_op({k: getattr(self, k + ("_" if k == "in" else "")) for k in Op.__args__}, Op.__args__)  # type: ignore[attr-defined]
        return self

    @property
    def op(self) -> Op:
        for k in Op.__args__:  # type: ignore[attr-defined]
            if getattr(self, k + ("_" if k == "in" else "")) is not None:
                return k  # type: ignore[no-any-return]
        raise AssertionError("validated")

    @property
    def value(self) -> Any:
        return getattr(self, self.op + ("_" if self.op == "in" else ""))


def parse_fraction(value: Any) -> Fraction:
    """``"1/2"``, ``0.5`` or ``"50%"`` as an exact fraction between 0 and 1."""
    if isinstance(value, bool):
        raise ValueError("a share threshold is a number, not true/false")
    text = str(value).strip()
    try:
        f = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{value!r} is not a fraction such as 1/2, 0.5 or 50%") from None
    if not 0 <= f <= 1:
        raise ValueError(f"share threshold {value!r} is outside 0..1")
    return f


class ShareOf(_Model):
    over: Denominator | ParamRef = "convened"


class ShareTest(_Model):
    """``{share: {over: D}, gt: "1/2"}``: a vote's yes votes over its denominator, compared exactly."""

    share: ShareOf
    lt: Any = None
    le: Any = None
    gt: Any = None
    ge: Any = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ShareTest:
        _, value = _one_op({k: getattr(self, k) for k in ORDER_OPS}, ORDER_OPS)
        parse_fraction(value)
        return self

    @property
    def op(self) -> Literal["lt", "le", "gt", "ge"]:
        return next(k for k in ORDER_OPS if getattr(self, k) is not None)

    @property
    def threshold(self) -> Fraction:
        return parse_fraction(getattr(self, self.op))


class RecordTest(_Model):
    """``{record: T, match: [...], where: [...]}``: a base record agreeing on the keys exists."""

    record: Name
    match: list[Name] = Field(default_factory=list)
    where: list[FieldTest] = Field(default_factory=list)


class NoRecordTest(_Model):
    """``{no_record: T, ...}``: no such record exists."""

    no_record: Name
    match: list[Name] = Field(default_factory=list)
    where: list[FieldTest] = Field(default_factory=list)


class AllOf(_Model):
    all: list[Cond] = Field(min_length=1)


class AnyOf(_Model):
    any: list[Cond] = Field(min_length=1)


class Not(_Model):
    not_: Cond = Field(alias="not")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


_COND_KEYS = {
    "fact": "field",
    "share": "share",
    "record": "record",
    "no_record": "no_record",
    "all": "all",
    "any": "any",
    "not": "not",
}


def _cond_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key, kind in _COND_KEYS.items():
            if key in value:
                return kind
        return None
    if isinstance(value, BaseModel):
        return {
            FieldTest: "field",
            ShareTest: "share",
            RecordTest: "record",
            NoRecordTest: "no_record",
            AllOf: "all",
            AnyOf: "any",
            Not: "not",
        }.get(type(value))
    return None


Cond = Annotated[
    Annotated[FieldTest, Tag("field")]
    | Annotated[ShareTest, Tag("share")]
    | Annotated[RecordTest, Tag("record")]
    | Annotated[NoRecordTest, Tag("no_record")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _cond_kind,
        custom_error_type="condition",
        custom_error_message="a condition needs one of the keys: fact, share, record, no_record, all, any, not",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


# --- the provision ---------------------------------------------------------------------------


class InForce(_Model):
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.until is None or day < self.until)


class Citation(_Model):
    """Where the words come from: a document of the sources registry and a place in it."""

    document: Annotated[str, StringConstraints(min_length=1)]
    article: Annotated[str, StringConstraints(min_length=1)]
    basis: list[str] = Field(default_factory=list, description="Documents the provision claims as its basis.")


class Params(_Model):
    denominator: Denominator | None = None


Status = Literal["seed", "seed-inferred", "verified", "news-summary"]


class Provision(_Model):
    id: ProvisionId
    name: I18n
    source: Citation
    issuer: Name | None = Field(None, description="Authority id; the pack's issuer when absent.")
    status: Status = "seed"
    text: I18n
    interpretation: I18n | None = None
    in_force: InForce | None = Field(None, description="The pack's dates when absent.")
    severity: Severity
    subject: Name
    when: list[Cond] = Field(default_factory=list)
    must: Cond | None = None
    must_not: Cond | None = None
    should: Cond | None = None
    may: Cond | None = None
    derive: Name | None = None
    params: Params = Params()
    fix: I18n | None = Field(None, description="Advice added to the generated fix.")
    overrides: list[ProvisionId] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_modality(self) -> Provision:
        given = [m for m in MODALITIES if getattr(self, m) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of must, must_not, should, may (found {', '.join(given)})")
        if not given and self.derive is None:
            raise ValueError("a provision needs one of must, must_not, should, may or derive")
        return self

    @property
    def modality(self) -> Modality | None:
        return next((m for m in MODALITIES if getattr(self, m) is not None), None)

    @property
    def rule(self) -> Cond | None:
        m = self.modality
        return getattr(self, m) if m else None


class ProvisionFile(_Model):
    """A rule file: one or more provisions."""

    provisions: list[Provision] = Field(min_length=1)


class Setting(_Model):
    value: int | None = None
    unit: Literal["days", "count"] = "days"
    local_setting: bool = Field(True, description="True: a local choice, not from any source text.")
    note: I18n | None = None


class PackScope(_Model):
    """Which units a pack governs: conditions over unit facts (all must hold)."""

    when: list[FieldTest] = Field(default_factory=list)


class PackManifest(_Model):
    """``pack.yaml``: the pack's identity, issuer, scope, dates and settings."""

    pack: PackId
    name: I18n
    issuer: Name
    version: Annotated[str, StringConstraints(min_length=1)] = "1"
    in_force: InForce
    scope: PackScope = PackScope()
    settings: dict[Name, Setting] = Field(default_factory=dict)
    interpretation: I18n | None = None


# --- registries ------------------------------------------------------------------------------

DocType = Literal["resolution", "regulation", "guidance", "conclusion", "official_letter", "report", "practice"]
Verification = Literal["seed", "verified", "news-summary", "not-found"]


class SourceDoc(_Model):
    number: Annotated[str, StringConstraints(min_length=1)]
    type: DocType
    title: I18n
    issuer: Name
    issued: dt.date | None = None
    url: Annotated[str, StringConstraints(pattern=r"^(https?://\S+|seed)$")]
    verification: Verification
    in_force: InForce | None = None
    replaced_by: str | None = None
    note: I18n | None = None


class SourcesFile(_Model):
    sources: list[SourceDoc] = Field(min_length=1)


class Authority(_Model):
    id: Name
    name: I18n
    rank: Annotated[int, Field(strict=True, ge=1, le=100)] = Field(
        description="1 is the highest authority; equal numbers are peers."
    )
    superior: Name | None = Field(
        None, description="The body above it; the nearest common superior settles a clash between peers."
    )
    note: I18n | None = None


class AuthoritiesFile(_Model):
    authorities: list[Authority] = Field(min_length=1)

    @field_validator("authorities")
    @classmethod
    def _unique(cls, v: list[Authority]) -> list[Authority]:
        seen: set[str] = set()
        for a in v:
            if a.id in seen:
                raise ValueError(f"duplicate authority id {a.id!r}")
            seen.add(a.id)
        return v


def walk(cond: Cond) -> list[Cond]:
    """The condition and all conditions nested in it, depth first."""
    out: list[Cond] = []
    todo: list[Cond] = [cond]
    while todo:
        c = todo.pop()
        out.append(c)
        if isinstance(c, AllOf):
            todo.extend(reversed(c.all))
        elif isinstance(c, AnyOf):
            todo.extend(reversed(c.any))
        elif isinstance(c, Not):
            todo.append(c.not_)
    return out


_DOC_NUMBER = re.compile(r"^\d+-(NQ|QĐ|KL|HD|CV|BC)/[A-ZĐ]+$")


def looks_like_document_number(number: str) -> bool:
    return bool(_DOC_NUMBER.match(number))
