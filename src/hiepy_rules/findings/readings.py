"""Readings of a share's denominator (brief decision 4): the share under each reading when they disagree.

A vote share can be read over the members convened, present or the valid ballots; when another
reading than the provision's changes the verdict, the finding shows the share under every reading,
each with its verdict, and a fix says under which readings it is needed.
"""

from __future__ import annotations

from typing import Any

from hiepy_rules.compile.facts import DENOMINATORS, ShareMeasure
from hiepy_rules.compile.ir import CompiledProvision
from hiepy_rules.findings.explain import field_words, percent
from hiepy_rules.findings.model import Reading, Words


def share_readings(cp: CompiledProvision, fact: dict[str, Any]) -> list[Reading]:
    """Brief decision 4: when another reading of a share's denominator changes the verdict, the share
    under every reading (members convened, present, valid ballots), each with its verdict."""
    out: list[Reading] = []
    for m in cp.shares:
        count = fact.get(m.of, 0)
        # only the denominators a count can be read over: members present are counted over the convened
        readings = DENOMINATORS[: DENOMINATORS.index(m.of)] if m.of in DENOMINATORS else DENOMINATORS
        verdicts: list[tuple[str, int, bool]] = []
        for other in readings:
            den = fact.get(other)
            holds = ShareMeasure(m.op, m.threshold, other, m.of).value(count, den)
            if holds is None or not isinstance(den, int):
                continue
            verdicts.append((other, den, holds))
        # worded only when the readings disagree: most findings on a share have none to show
        if len({holds for _, _, holds in verdicts}) > 1:
            out.extend(_reading(m, other, count, den, holds) for other, den, holds in verdicts)
    return out


def _reading(m: ShareMeasure, other: str, count: int, den: int, holds: bool) -> Reading:
    return Reading(
        over=other,
        label=field_words(other),
        count=count,
        denominator=den,
        percent=round(percent(count, den), 1),
        holds=holds,
        provision_reading=other == m.over,
    )


def readings_note(cp: CompiledProvision, readings: list[Reading]) -> Words:
    def one(r: Reading, lang: str) -> str:
        pct = f"{r.percent:.1f}%"
        mark = ("đạt" if r.holds else "không đạt") if lang == "vi" else ("met" if r.holds else "not met")
        own = (
            (" (cách hiểu của quy định)" if lang == "vi" else " (the provision's reading)")
            if r.provision_reading
            else ""
        )
        text = f"{r.label.vi if lang == 'vi' else r.label.en}{own}: {r.count}/{r.denominator} = {pct} — {mark}"
        return text.replace(".", ",") if lang == "vi" else text

    return Words(
        vi="Kết luận phụ thuộc cách hiểu mẫu số; theo từng cách hiểu: " + "; ".join(one(r, "vi") for r in readings),
        en="The verdict depends on the reading of the denominator; under each reading: "
        + "; ".join(one(r, "en") for r in readings),
    )


def reading_condition(readings: list[Reading]) -> Words:
    """Under which readings a fix is needed (those where the bound fails)."""
    need = [r for r in readings if not r.holds]
    fine = [r for r in readings if r.holds]
    return Words(
        vi=" (chỉ cần nếu tính trên "
        + ", ".join(r.label.vi for r in need)
        + "; tính trên "
        + ", ".join(r.label.vi for r in fine)
        + " thì quy định đã được đáp ứng)",
        en=" (needed only when counted over "
        + ", ".join(r.label.en for r in need)
        + "; over "
        + ", ".join(r.label.en for r in fine)
        + " the provision is already met)",
    )
