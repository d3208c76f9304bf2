"""What a finding holds besides its message, as plain lines every CI format carries: the findings
folded into it (a conflict's sides, shown but not counted) and, for a share whose verdict depends on
the denominator, its value and verdict under each reading (members convened, present, valid ballots).

SARIF, JUnit, GitHub annotations and Markdown print these lines (Vietnamese by default, English with
``--lang en``); SARIF also carries them as data in the result's properties (``folded``, ``readings``).
"""

from __future__ import annotations

from typing import Any

from hiepy_rules.findings.model import Finding, Reading
from hiepy_rules.report import Lang, words
from hiepy_rules.schema import labels

_T = {
    "folded": ("Gồm (không tính riêng)", "Includes (not counted separately)"),
    "readings": ("Tỷ lệ theo từng cách tính", "The share under each reading"),
    "mine": ("cách tính của quy định", "the provision's reading"),
    "holds": ("đạt mức của quy định", "meets the provision's bound"),
    "fails": ("không đạt mức của quy định", "does not meet the provision's bound"),
}


def _t(key: str, lang: Lang) -> str:
    return labels.pick(_T[key], lang)


def folded_lines(f: Finding, lang: Lang) -> list[str]:
    """The findings folded into ``f``, one line each: kind, provision, message and place."""
    if not f.folded:
        return []
    out = [_t("folded", lang) + ":"]
    for sub in f.folded:
        kind = labels.pick(labels.KINDS[sub.kind], lang)
        out.append(f"• {kind} {' × '.join(sub.provisions)}: {words(sub.message, lang)} ({sub.location.text()})")
        out += [f"  – {reading_text(r, lang)}" for r in sub.readings]  # a folded share: every reading too
    return out


def reading_text(r: Reading, lang: Lang) -> str:
    """``over members convened (the provision's reading): 25/50 = 50.0% — does not meet the provision's bound``."""
    label = words(r.label, lang) + (f" ({_t('mine', lang)})" if r.provision_reading else "")
    verdict = _t("holds" if r.holds else "fails", lang)
    return f"{label}: {r.count}/{r.denominator} = {r.percent:.1f}% — {verdict}"


def reading_lines(f: Finding, lang: Lang) -> list[str]:
    if not f.readings:
        return []
    return [_t("readings", lang) + ":", *(f"• {reading_text(r, lang)}" for r in f.readings)]


def detail_lines(f: Finding, lang: Lang) -> list[str]:
    """The folded findings, then the readings: empty for most findings."""
    return folded_lines(f, lang) + reading_lines(f, lang)


def folded_data(f: Finding) -> list[dict[str, Any]]:
    """The folded findings as data (SARIF result properties): what a reader needs to find each one."""
    return [
        {
            "kind": sub.kind,
            "severity": sub.severity,
            "provisions": list(sub.provisions),
            "subject": {"path": sub.subject.path, "fact": sub.subject.fact},
            "location": {"file": sub.location.file, "line": sub.location.line, "column": sub.location.column},
            "message": {"vi": sub.message.vi, "en": sub.message.en},
            **({"readings": readings_data(sub)} if sub.readings else {}),
        }
        for sub in f.folded
    ]


def readings_data(f: Finding) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in f.readings]
