"""The conditions of a provision: a few typed forms, never expressions (see ``provision.py``).

Field tests, share tests, record tests and their ``all``/``any``/``not``; ``Cond`` picks the form
from the keys a mapping has, so that an error names the form the author meant.
"""

# Annotations are evaluated as each class is made (no `from __future__ import annotations`): pydantic would
# otherwise compile each annotation's text again on every import (a cold check imports this module).

import datetime as dt
from fractions import Fraction
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from hiepy_rules.errors import Severity as Severity
from hiepy_rules.schema.base import VerbatimModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.pydantic_words import bilingual

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


Scalar = Union[bool, int, str, dt.date]


Op = Literal["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"]


OrderOp = Literal["lt", "le", "gt", "ge"]


ORDER_OPS: tuple[OrderOp, ...] = ("lt", "le", "gt", "ge")


Denominator = Literal["convened", "present", "valid"]


Numerator = Literal["yes", "low", "present"]


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
    def _exactly_one(self) -> "FieldTest":
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
    def _exactly_one(self) -> "ShareTest":
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
    all: list["Cond"] = Field(min_length=1, **bi("Tất cả", "All", "Mọi điều kiện đều đúng.", "Every condition holds."))


class AnyOf(VerbatimModel):
    any: list["Cond"] = Field(
        min_length=1, **bi("Một trong", "Any", "Ít nhất một điều kiện đúng.", "At least one condition holds.")
    )


class Not(VerbatimModel):
    not_: "Cond" = Field(
        alias="not", **bi("Không", "Not", "Điều kiện này không đúng.", "This condition does not hold.")
    )
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


# --- the provision ---------------------------------------------------------------------------


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
