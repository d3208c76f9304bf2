"""Vietnamese text meant for people carries no English word and no reference to internal notes.

Covered: every Vietnamese text of the bundled rules (names, words, interpretations, fixes, articles,
pack names and interpretations, the sources' titles and notes, the authorities), the labels, the
report's headings, and every finding hiepy produces on the bundled examples (messages, fixes,
explanations, precedence reasons, what each side of a conflict allows).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from hiepy_rules.report import text as report_text
from hiepy_rules.report.json import to_json
from hiepy_rules.schema import labels
from hiepy_rules.schema.vi_text import foreign_words, internal_references, problems
from tests.helpers import bundled_rules, example_files, relative, run


def _vi(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string under a ``vi`` key of a JSON-like value, with where it was found."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "vi" and isinstance(v, str):
                yield where, v
            else:
                yield from _vi(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _vi(v, f"{where}[{i}]")


def rule_texts() -> Iterator[tuple[str, str]]:
    rs = bundled_rules()
    for pack in rs.packs:
        yield from _vi(pack.manifest.model_dump(mode="json"), pack.id)
        for located in pack.provisions:
            p = located.provision
            yield from _vi(p.model_dump(mode="json"), p.id)
            yield f"{p.id}.source.article", p.source.article
    for number, doc in rs.sources.items():
        yield from _vi(doc.model_dump(mode="json"), number)
    for aid, a in rs.authorities.items():
        yield from _vi(a.model_dump(mode="json"), aid)


def label_texts() -> Iterator[tuple[str, str]]:
    for table in ("FIELDS", "VALUES", "OPS", "KINDS", "SEVERITIES", "RULES"):
        for key, (vi, _en) in getattr(labels, table).items():
            yield f"labels.{table}.{key}", vi
    for key, (vi, _en) in report_text._T.items():
        yield f"report_text.{key}", vi


def finding_texts() -> Iterator[tuple[str, str]]:
    for path in example_files():
        payload = json.loads(to_json([run(path)]))
        for where, text in _vi(payload, relative(path)):
            # the words of a provision are quoted from a source; the rule texts test covers them
            if ".documents[" in where and where.endswith((".text", ".title")):
                continue
            yield where, text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mức warning chứ không phải error", ["warning", "error"]),
        ("status seed-inferred", ["status", "seed", "inferred", "seed-inferred"]),
        ("Ưu tiên: unresolved", ["unresolved"]),
        ("đã kiểm tra bằng check", ["check"]),
        ("Quyết định 3 của brief", ["brief", "brief"]),
        ("theo research.md §2.1, kịch bản S20 và X1", ["research.md", "§", "S20", "X1"]),
        ("Ưu tiên: lex_superior", ["lex_superior"]),
    ],
)
def test_the_detector_finds_english_and_internal_references(text: str, found: list[str]) -> None:
    assert problems(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Cán bộ được quy hoạch nhiệm kỳ kế tiếp phải đủ tuổi công tác trọn 1 nhiệm kỳ",
        "theo Quy định 377-QĐ/TW, Điều 34; xem https://plo.vn/abc-post875999.html và soha.vn",
        "hiepy xem cán bộ đã được quy hoạch khi planned_for có chức danh này (HĐND, UBND, 25%)",
        "theo trong khi can thi con ban tin nam hai anh",  # syllables without diacritics are Vietnamese
        "national-2025.appointee-planned không áp dụng vì quy định national-2022.appointment-age được ưu tiên",
    ],
)
def test_the_detector_passes_honest_vietnamese(text: str) -> None:
    assert foreign_words(text) == [] and internal_references(text) == []


def _failures(texts: Iterator[tuple[str, str]]) -> list[str]:
    return [f"{where}: {found} in {text!r}" for where, text in texts if (found := problems(text))]


def test_rule_texts_are_vietnamese_only() -> None:
    assert _failures(rule_texts()) == []


def test_labels_are_vietnamese_only() -> None:
    assert _failures(label_texts()) == []


def test_findings_on_every_example_are_vietnamese_only() -> None:
    assert _failures(finding_texts()) == []
