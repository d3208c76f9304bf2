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

# Annotations are evaluated as each class is made (no `from __future__ import annotations`): pydantic would
# otherwise compile each annotation's text again on every import (a cold check imports this module).

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from hiepy_rules.errors import Severity as Severity
from hiepy_rules.schema.base import VerbatimModel
from hiepy_rules.schema.condition import Cond, Denominator, Name
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.pydantic_words import bilingual

ProvisionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*$")]


PackId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


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
    def _one_modality(self) -> "Provision":
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
