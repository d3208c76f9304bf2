"""A choice's window in words: the values one side of a runtime conflict allows (``conflicts``)."""

from __future__ import annotations

from typing import Any

from hiepy_rules.findings.clash import Choice
from hiepy_rules.schema.labels import value as label_value

_ADVANCEMENT_WORDS = {
    "none": ("không quy hoạch vào chức danh đang giữ hay cao hơn", "not planned for the post held or a higher one"),
    "same": ("quy hoạch lại chức danh đang giữ", "planned again for the post held"),
    "higher": ("quy hoạch chức danh cao hơn", "planned for a higher title"),
}


def describe_window(choice: Choice, allowed: tuple[Any, ...], lang: str) -> str:
    vi = lang == "vi"
    if choice.name == "plan_size":
        vals = sorted(allowed)
        if not vals:
            return "không giá trị nào" if vi else "no value"
        lo, hi = vals[0], vals[-1]
        contiguous = vals == list(range(lo, hi + 1))
        top = hi == choice.domain[-1]
        unit = "cán bộ" if vi else "cadre(s)"
        if contiguous and top:
            return f"≥ {lo} {unit}" if lo else ("bất kỳ" if vi else "any")
        if lo == hi:
            return f"{lo} {unit}"
        if contiguous:
            return f"≤ {hi} {unit}" if lo == 0 else f"{lo}–{hi} {unit}"
        return ", ".join(map(str, vals)) + f" {unit}"
    if choice.name == "membership":
        if allowed == (True,):
            return "phải được quy hoạch" if vi else "must be planned"
        if allowed == (False,):
            return "không được quy hoạch" if vi else "must not be planned"
    if choice.name == "proceeds":
        if allowed == (True,):
            return "được đưa sang bước tiếp theo" if vi else "may go on to the next step"
        if allowed == (False,):
            return "không được đưa sang bước tiếp theo" if vi else "must not go on to the next step"
    if choice.name == "nomination":
        return ("chỉ: " if vi else "only: ") + "; ".join(label_value(v, lang) for v in allowed)
    if choice.name == "advancement":
        words = "; ".join(_ADVANCEMENT_WORDS[v][0 if vi else 1] for v in allowed if v in _ADVANCEMENT_WORDS)
        return (("chỉ: " if vi else "only: ") + words) if len(allowed) > 1 else words
    return ", ".join(label_value(v, lang) for v in allowed)
