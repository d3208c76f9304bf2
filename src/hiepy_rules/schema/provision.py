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
    {share: {of: N, over: D}, <op>: "2/3"}    another count N over D: low (confidence votes), present
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

from hiepy_rules.errors import Severity as Severity
from hiepy_rules.schema.base import VerbatimModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.pydantic_words import bilingual

ProvisionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*$")]


PackId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


Scalar = Union[bool, int, str, dt.date]


Op = Literal["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"]


OrderOp = Literal["lt", "le", "gt", "ge"]


ORDER_OPS: tuple[OrderOp, ...] = ("lt", "le", "gt", "ge")


Denominator = Literal["convened", "present", "valid"]


Numerator = Literal["yes", "low", "present"]


Modality = Literal["must", "must_not", "should", "may"]


MODALITIES: tuple[Modality, ...] = ("must", "must_not", "should", "may")


class I18n(VerbatimModel):
    """Words in Vietnamese (verbatim from the source where it is a quotation) and English."""

    vi: Annotated[str, StringConstraints(min_length=1)] = Field(
        **bi(
            "Tiếng Việt",
            "Vietnamese",
            "Lời tiếng Việt (nguyên văn khi trích văn bản nguồn).",
            "The words in Vietnamese (verbatim where quoting the source).",
        )
    )
    en: Annotated[str, StringConstraints(min_length=1)] = Field(
        **bi("Tiếng Anh", "English", "Lời tiếng Anh.", "The words in English.")
    )


# --- values a condition compares with -------------------------------------------------------


class FactRef(VerbatimModel):
    """Another fact of the same subject (or ``unit.X``), optionally times a whole number."""

    fact: Annotated[str, StringConstraints(pattern=r"^(unit\.)?[a-z][a-z0-9_]*$")] = Field(
        **bi(
            "Sự kiện",
            "Fact",
            "Một trường khác của cùng đối tượng, hoặc unit.X.",
            "Another field of the same subject, or unit.X.",
        )
    )
    times: Annotated[int, Field(strict=True, ge=1, le=100)] = Field(
        1, **bi("Hệ số", "Times", "Nhân giá trị với số nguyên này.", "Multiply the value by this whole number.")
    )


class SettingRef(VerbatimModel):
    """A pack setting (a local choice with no number in any source, e.g. a deadline)."""

    setting: Name = Field(
        **bi(
            "Tham số của gói",
            "Setting",
            "Tên một tham số của gói (settings trong pack.yaml).",
            "Name of a pack setting (settings in pack.yaml).",
        )
    )


class ParamRef(VerbatimModel):
    param: Name = Field(
        **bi(
            "Tham biến",
            "Param",
            "Tên một tham biến trong params của quy định.",
            "Name of a parameter in the provision's params.",
        )
    )


Value = Union[FactRef, SettingRef, Scalar, list[Scalar]]


def _one_op(values: dict[str, Any], allowed: tuple[str, ...]) -> tuple[str, Any]:
    ops = [k for k in allowed if values.get(k) is not None]
    if len(ops) != 1:
        names = ", ".join(allowed)
        raise bilingual(
            f"hãy cho đúng một phép so sánh trong {names} (có {len(ops)})",
            f"give exactly one comparison out of {names} (found {len(ops)})",
        )
    return ops[0], values[ops[0]]


class FieldTest(VerbatimModel):
    """``{fact: F, <op>: V}``: one field of the subject (or ``unit.F``) compared with a value."""

    fact: Annotated[str, StringConstraints(pattern=r"^(unit\.)?[a-z][a-z0-9_]*$")] = Field(
        **bi(
            "Sự kiện",
            "Fact",
            "Trường của đối tượng (hoặc unit.X) được so sánh.",
            "The subject's field (or unit.X) compared.",
        )
    )
    eq: Value | None = Field(None, **bi("Bằng", "Equals", "Bằng giá trị này.", "Equal to this value."))
    ne: Value | None = Field(None, **bi("Khác", "Not equal", "Khác giá trị này.", "Not equal to this value."))
    in_: list[Scalar] | None = Field(
        None, alias="in", **bi("Thuộc", "In", "Là một trong các giá trị này.", "One of these values.")
    )
    not_in: list[Scalar] | None = Field(
        None, **bi("Không thuộc", "Not in", "Không là giá trị nào trong số này.", "None of these values.")
    )
    lt: Value | None = Field(None, **bi("Nhỏ hơn", "Less than", "Nhỏ hơn giá trị này.", "Less than this value."))
    le: Value | None = Field(
        None, **bi("Không lớn hơn", "At most", "Nhỏ hơn hoặc bằng giá trị này.", "At most this value.")
    )
    gt: Value | None = Field(None, **bi("Lớn hơn", "Greater than", "Lớn hơn giá trị này.", "Greater than this value."))
    ge: Value | None = Field(
        None, **bi("Không nhỏ hơn", "At least", "Lớn hơn hoặc bằng giá trị này.", "At least this value.")
    )

    model_config = ConfigDict(populate_by_name=True)

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
        raise bilingual(
            "ngưỡng tỷ lệ là một số, không phải true/false", "a share threshold is a number, not true/false"
        )
    text = str(value).strip()
    try:
        f = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise bilingual(
            f"{value!r} không phải là một tỷ lệ như 1/2, 0.5 hay 50%",
            f"{value!r} is not a fraction such as 1/2, 0.5 or 50%",
        ) from None
    if not 0 <= f <= 1:
        raise bilingual(f"ngưỡng tỷ lệ {value!r} nằm ngoài 0..1", f"share threshold {value!r} is outside 0..1")
    return f


class ShareOf(VerbatimModel):
    of: Numerator = Field(
        "yes",
        **bi(
            "Tử số",
            "Of",
            "Số đếm trên mẫu số: phiếu đồng ý (yes), phiếu tín nhiệm thấp (low) hoặc số có mặt (present).",
            "The count over the denominator: yes votes, low-confidence votes, or members present.",
        ),
    )
    over: Denominator | ParamRef = Field(
        "convened",
        **bi(
            "Mẫu số",
            "Over",
            "Mẫu số: convened (triệu tập), present (có mặt), valid (phiếu hợp lệ) hoặc {param: P}.",
            "The denominator: convened, present, valid, or {param: P}.",
        ),
    )


class ShareTest(VerbatimModel):
    """``{share: {of: N, over: D}, gt: "1/2"}``: a count (yes votes by default) over a denominator, exactly."""

    share: ShareOf = Field(
        **bi("Tỷ lệ", "Share", "Tỷ lệ nào: tử số và mẫu số.", "Which share: its numerator and denominator.")
    )
    lt: Any = Field(
        None,
        **bi(
            "Nhỏ hơn",
            "Less than",
            'Ngưỡng dạng phân số, ví dụ "1/2", 0.5 hoặc "50%".',
            'A threshold such as "1/2", 0.5 or "50%".',
        ),
    )
    le: Any = Field(
        None,
        **bi(
            "Không lớn hơn",
            "At most",
            'Ngưỡng dạng phân số, ví dụ "1/2", 0.5 hoặc "50%".',
            'A threshold such as "1/2", 0.5 or "50%".',
        ),
    )
    gt: Any = Field(
        None,
        **bi(
            "Lớn hơn",
            "Greater than",
            'Ngưỡng dạng phân số, ví dụ "1/2", 0.5 hoặc "50%".',
            'A threshold such as "1/2", 0.5 or "50%".',
        ),
    )
    ge: Any = Field(
        None,
        **bi(
            "Không nhỏ hơn",
            "At least",
            'Ngưỡng dạng phân số, ví dụ "1/2", 0.5 hoặc "50%".',
            'A threshold such as "1/2", 0.5 or "50%".',
        ),
    )

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


class _RecordKeys(VerbatimModel):
    """What record tests share: the keys a record agrees on, and conditions on the record."""

    match: list[Name] = Field(
        default_factory=list,
        **bi(
            "Khớp theo",
            "Match",
            "Các trường bản ghi phải trùng với đối tượng, ví dụ [title, matter].",
            "Fields the record must share with the subject, e.g. [title, matter].",
        ),
    )
    where: list[FieldTest] = Field(
        default_factory=list,
        **bi("Điều kiện", "Where", "Điều kiện thêm trên bản ghi.", "Further conditions on the record."),
    )


class RecordTest(_RecordKeys):
    """``{record: T, match: [...], where: [...]}``: a base record agreeing on the keys exists."""

    record: Name = Field(
        **bi(
            "Có bản ghi",
            "Record",
            "Loại bản ghi phải có: consultation, report, candidacy…",
            "Kind of base record that must exist: consultation, report, candidacy…",
        )
    )


class NoRecordTest(_RecordKeys):
    """``{no_record: T, ...}``: no such record exists."""

    no_record: Name = Field(
        **bi("Không có bản ghi", "No record", "Loại bản ghi không được có.", "Kind of base record that must not exist.")
    )


class AllOf(VerbatimModel):
    all: list[Cond] = Field(min_length=1, **bi("Tất cả", "All", "Mọi điều kiện đều đúng.", "Every condition holds."))


class AnyOf(VerbatimModel):
    any: list[Cond] = Field(
        min_length=1, **bi("Một trong", "Any", "Ít nhất một điều kiện đúng.", "At least one condition holds.")
    )


class Not(VerbatimModel):
    not_: Cond = Field(alias="not", **bi("Không", "Not", "Điều kiện này không đúng.", "This condition does not hold."))
    model_config = ConfigDict(populate_by_name=True)


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


class InForce(VerbatimModel):
    from_: dt.date = Field(alias="from", **bi("Từ ngày", "From", "Ngày đầu tiên có hiệu lực.", "First day in force."))
    until: dt.date | None = Field(
        None,
        **bi(
            "Đến ngày",
            "Until",
            "Ngày đầu tiên hết hiệu lực (không tính ngày này); bỏ trống là còn hiệu lực.",
            "First day no longer in force (exclusive); absent: still in force.",
        ),
    )
    model_config = ConfigDict(populate_by_name=True)

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.until is None or day < self.until)


class Citation(VerbatimModel):
    """Where the words come from: a document of the sources registry and a place in it."""

    document: Annotated[str, StringConstraints(min_length=1)] = Field(
        **bi(
            "Văn bản",
            "Document",
            "Số hiệu văn bản trong sources.yaml, ví dụ 67-QĐ/TW.",
            "Number of a document of sources.yaml, e.g. 67-QĐ/TW.",
        )
    )
    article: Annotated[str, StringConstraints(min_length=1)] = Field(
        **bi(
            "Điều khoản",
            "Article",
            "Vị trí trong văn bản: điều, khoản, mục.",
            "The place in the document: article, clause, section.",
        )
    )
    basis: list[str] = Field(
        default_factory=list,
        **bi(
            "Căn cứ", "Basis", "Các văn bản mà quy định lấy làm căn cứ.", "Documents the provision claims as its basis."
        ),
    )


class Params(VerbatimModel):
    denominator: Denominator | None = Field(
        None,
        **bi(
            "Mẫu số",
            "Denominator",
            "Mẫu số của tỷ lệ phiếu: convened, present hoặc valid.",
            "The denominator of vote shares: convened, present or valid.",
        ),
    )


Status = Literal["seed", "seed-inferred", "verified", "news-summary"]


DossierKind = Literal["planning", "appointment"]


Stage = Literal["draft", "approved"]


class AppliesTo(VerbatimModel):
    """What a provision's words name: the kinds of dossier and the stages it speaks to (brief decision 12)."""

    kinds: list[DossierKind] | None = Field(
        None,
        **bi(
            "Loại hồ sơ",
            "Kinds of dossier",
            "Quy định áp dụng cho hồ sơ quy hoạch (planning), bổ nhiệm (appointment) hay cả hai; bỏ trống: mọi loại.",
            "The dossiers the provision speaks to: planning, appointment, or both; left out: every kind.",
        ),
    )
    stages: list[Stage] | None = Field(
        None,
        **bi(
            "Giai đoạn",
            "Stages",
            "Giai đoạn của hồ sơ mà quy định áp dụng: dự thảo trước khi duyệt (draft), đã duyệt (approved); "
            "bỏ trống: mọi giai đoạn.",
            "The stages the provision speaks to: a draft before approval, approved; left out: every stage.",
        ),
    )


class Provision(VerbatimModel):
    id: ProvisionId = Field(
        **bi(
            "Mã quy định",
            "Provision id",
            "Mã duy nhất, bắt đầu bằng mã gói: <gói>.<mã>.",
            "A unique id, starting with the pack's id: <pack>.<id>.",
        )
    )
    name: I18n = Field(
        **bi(
            "Tên",
            "Name",
            "Tên ngắn của quy định, bằng hai thứ tiếng.",
            "The provision's short name, in both languages.",
        )
    )
    source: Citation = Field(
        **bi("Nguồn", "Source", "Văn bản và điều khoản của lời văn.", "The document and article the words come from.")
    )
    issuer: Name | None = Field(
        None,
        **bi(
            "Cơ quan ban hành",
            "Issuer",
            "Mã cơ quan trong authorities.yaml; bỏ trống là cơ quan ban hành gói.",
            "Authority id; the pack's issuer when absent.",
        ),
    )
    status: Status = Field(
        "seed",
        **bi(
            "Tình trạng xác minh",
            "Status",
            "seed (theo báo cáo nguồn), seed-inferred (suy từ báo cáo nguồn), verified (đã đọc văn "
            "bản gốc) hoặc news-summary (theo tin tóm tắt).",
            "seed, seed-inferred, verified (primary text read) or news-summary.",
        ),
    )
    text: I18n = Field(
        **bi(
            "Lời văn",
            "Words",
            "Lời văn của quy định: tiếng Việt nguyên văn, tiếng Anh dịch.",
            "The provision's words: Vietnamese verbatim, English translated.",
        )
    )
    interpretation: I18n | None = Field(
        None,
        **bi(
            "Cách hiểu",
            "Interpretation",
            "Cách hiểu hiepy chọn khi văn bản để ngỏ, và lý do.",
            "The reading hiepy took where the source leaves room, and why.",
        ),
    )
    in_force: InForce | None = Field(
        None,
        **bi(
            "Hiệu lực",
            "In force",
            "Thời gian có hiệu lực; bỏ trống là theo gói.",
            "Dates in force; the pack's dates when absent.",
        ),
    )
    severity: Severity = Field(
        **bi(
            "Mức",
            "Severity",
            "Mức của vi phạm: error, warning hoặc info.",
            "The severity of a violation: error, warning or info.",
        )
    )
    subject: Name = Field(
        **bi(
            "Đối tượng",
            "Subject",
            "Loại sự kiện quy định xét: unit, title, candidacy, holding, vote, matter… hoặc loại được suy ra.",
            "The kind of fact it is about: unit, title, candidacy, holding, vote, matter… or a derived kind.",
        )
    )
    when: list[Cond] = Field(
        default_factory=list,
        **bi(
            "Khi",
            "When",
            "Các điều kiện áp dụng (tất cả phải đúng).",
            "The conditions under which it applies (all must hold).",
        ),
    )
    must: Cond | None = Field(None, **bi("Phải", "Must", "Điều kiện phải đúng.", "The condition that must hold."))
    must_not: Cond | None = Field(
        None, **bi("Không được", "Must not", "Điều kiện không được đúng.", "The condition that must not hold.")
    )
    should: Cond | None = Field(
        None,
        **bi("Nên", "Should", "Điều kiện nên đúng (chỉ là lưu ý).", "The condition that should hold (a notice only)."),
    )
    may: Cond | None = Field(None, **bi("Được phép", "May", "Điều kiện được phép.", "The condition that is permitted."))
    derive: Name | None = Field(
        None,
        **bi(
            "Suy ra",
            "Derive",
            "Loại sự kiện mới quy định sinh ra cho đối tượng khi áp dụng.",
            "A new kind of fact it makes true for its subject when it applies.",
        ),
    )
    params: Params = Field(
        Params(),
        **bi(
            "Tham biến",
            "Params",
            "Tham biến của quy định, ví dụ mẫu số của tỷ lệ phiếu.",
            "The provision's parameters, e.g. the denominator of vote shares.",
        ),
    )
    fix: I18n | None = Field(
        None,
        **bi("Cách sửa", "Fix", "Lời khuyên thêm vào cách sửa được sinh ra.", "Advice added to the generated fix."),
    )
    overrides: list[ProvisionId] = Field(
        default_factory=list,
        **bi(
            "Ưu tiên hơn",
            "Overrides",
            "Các quy định mà quy định này được khai báo rõ là ưu tiên hơn.",
            "Provisions this one explicitly prevails over.",
        ),
    )
    applies_to: AppliesTo | None = Field(
        None,
        **bi(
            "Áp dụng cho",
            "Applies to",
            "Loại hồ sơ và giai đoạn mà lời văn của quy định nói tới; hồ sơ khác loại hoặc khác giai đoạn thì "
            "quy định im lặng và được liệt kê là không áp dụng (not_applicable).",
            "The kinds of dossier and stages the provision's words name; on a dossier of another kind or stage "
            "it stays silent and is listed as not applicable (not_applicable).",
        ),
    )
    replaced_by: ProvisionId | None = Field(
        None,
        **bi(
            "Được thay bằng",
            "Replaced by",
            "Quy định thay thế khi quy định này hết hiệu lực: in_force.from của nó phải bằng "
            "in_force.until của quy định này (hiepy lint báo khoảng trống hoặc chồng lấn). Các phiên "
            "bản của cùng một quy định thì dùng chung mã, mỗi phiên bản một in_force.",
            "The provision taking its place when this one ends: its in_force.from must be this one's "
            "in_force.until (hiepy lint rejects a gap or an overlap). Versions of one provision "
            "share an id instead, each with its own in_force.",
        ),
    )

    @model_validator(mode="after")
    def _one_modality(self) -> Provision:
        given = [m for m in MODALITIES if getattr(self, m) is not None]
        if len(given) > 1:
            found = ", ".join(given)
            raise bilingual(
                f"hãy chỉ cho một trong must, must_not, should, may (có {found})",
                f"give one of must, must_not, should, may (found {found})",
            )
        if not given and self.derive is None:
            raise bilingual(
                "một điều khoản cần một trong must, must_not, should, may hoặc derive",
                "a provision needs one of must, must_not, should, may or derive",
            )
        return self

    @property
    def modality(self) -> Modality | None:
        return next((m for m in MODALITIES if getattr(self, m) is not None), None)

    @property
    def rule(self) -> Cond | None:
        m = self.modality
        return getattr(self, m) if m else None


class ProvisionFile(VerbatimModel):
    """A rule file: one or more provisions."""

    provisions: list[Provision] = Field(
        min_length=1, **bi("Quy định", "Provisions", "Các quy định của tệp.", "The provisions of the file.")
    )


class Setting(VerbatimModel):
    value: int | None = None
    unit: Literal["days", "count"] = "days"
    local_setting: bool = Field(True, description="True: a local choice, not from any source text.")
    note: I18n | None = None


class PackScope(VerbatimModel):
    """Which units a pack governs: conditions over unit facts (all must hold)."""

    when: list[FieldTest] = Field(default_factory=list)
    deployment_choice: bool = Field(
        False,
        description="True: the source names no unit; the scope is the deploying organisation's choice, "
        "and findings say so instead of implying the source chose it.",
    )


class PackManifest(VerbatimModel):
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


class SourceDoc(VerbatimModel):
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


class SourcesFile(VerbatimModel):
    sources: list[SourceDoc] = Field(min_length=1)


class Authority(VerbatimModel):
    id: Name
    name: I18n
    rank: Annotated[int, Field(strict=True, ge=1, le=100)] = Field(
        description="1 is the highest authority; equal numbers are peers."
    )
    superior: Name | None = Field(
        None, description="The body above it; the nearest common superior settles a clash between peers."
    )
    note: I18n | None = None


class AuthoritiesFile(VerbatimModel):
    authorities: list[Authority] = Field(min_length=1)

    @field_validator("authorities")
    @classmethod
    def _unique(cls, v: list[Authority]) -> list[Authority]:
        seen: set[str] = set()
        for a in v:
            if a.id in seen:
                raise bilingual(f"mã cơ quan {a.id!r} bị lặp", f"duplicate authority id {a.id!r}")
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
