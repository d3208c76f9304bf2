"""Markdown: a table an analyst pastes into a report (Vietnamese by default, English with ``--lang en``).

One section per proposal: what it was judged by, a summary, then one row per finding with its
severity, kind, provision and citation, place (file:line:column and path), message and fix.
Waived and overridden findings stay in the table, marked. Cells are one line each: ``|`` is
escaped and line breaks become ``<br>``, so the table holds in any Markdown renderer.
"""

from __future__ import annotations

import datetime as dt
import re

from hiepy_rules.findings.model import Finding
from hiepy_rules.report import CheckReport, Lang, LintReport, counts, problems_sorted, words
from hiepy_rules.report.details import detail_lines, folded_lines, reading_lines
from hiepy_rules.schema import labels

_T = {
    "title": ("Kết quả kiểm tra đề án quy hoạch", "Planning proposal check"),
    "proposal": ("Đề án", "Proposal"),
    "as_of": ("Quy định có hiệu lực ngày", "Provisions in force on"),
    "packs": ("Gói quy định", "Rule packs"),
    "summary": ("Tổng hợp", "Summary"),
    "none": ("Không phát hiện vấn đề nào.", "No findings."),
    "failing": ("phát hiện khiến kết quả không đạt", "finding(s) failing the check"),
    "cols": (
        "| # | Mức | Loại | Quy định | Vị trí | Nội dung | Cách sửa |",
        "| # | Severity | Kind | Provision | Where | Finding | Fix |",
    ),
    "waived": ("miễn trừ", "waived"),
    "waivers": ("Miễn trừ", "Waivers"),
    "waiver_cols": (
        "| Quy định | Đối tượng | Quyết định | Hiệu lực đến | Trạng thái | Số phát hiện được miễn trừ |",
        "| Provision | Subject | Decision | Valid until | Status | Findings waived |",
    ),
    "unread": ("Không đọc được", "Could not be read"),
    "lint": ("Kết quả kiểm tra tệp quy định", "Rule file lint"),
    "lint_cols": ("| Tệp | Dòng | Cột | Mức | Vấn đề |", "| File | Line | Column | Severity | Problem |"),
    "clean": ("Không có vấn đề nào.", "No problems."),
    "too_big": (
        "Bảng đầy đủ vượt quá 1 MiB (giới hạn của bản tóm tắt GitHub): chỉ hiện phần tổng hợp; "
        "xem đầy đủ bằng --format json hoặc --output.",
        "The full table is over 1 MiB (the limit of a GitHub step summary): the summary only; "
        "see it all with --format json or --output.",
    ),
}


_STATUS = {
    "applied": ("đã áp dụng", "applied"),
    "expired": ("hết hiệu lực", "expired"),
    "unused": ("không dùng", "unused"),
}


def _t(key: str, lang: Lang) -> str:
    return labels.pick(_T[key], lang)


_INLINE = re.compile(r"([\\`*_\[\]~#!])")


def cell(text: str) -> str:
    """Text from a proposal or a rule as one table cell, shown as written: HTML (``<b>``) and Markdown
    (``*x*``, backticks, links) escaped, pipes escaped, line breaks as <br> (a cell cannot span lines)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text).replace("|", "\\|")
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").split("\n"))


def code(text: str, *, table: bool = True) -> str:
    """A file name or a problem line as a code span: a fence longer than any run of backticks in it
    (in a table cell a pipe is escaped, which GitHub's tables undo inside code)."""
    text = " ".join(text.splitlines())
    if table:
        text = text.replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _date(iso: str, lang: Lang) -> str:
    d = dt.date.fromisoformat(iso)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def _separator(header: str) -> str:
    return "|" + "|".join("---" for _ in range(header.count("|") - 1)) + "|"


def _row(i: int, f: Finding, lang: Lang) -> str:
    kind = labels.pick(labels.KINDS[f.kind], lang)
    if f.waiver is not None:
        kind += f" ({_t('waived', lang)}: {f.waiver.decision})"
    cites = "<br>".join(cell(f"{d.provision} ({d.number}, {d.article})") for d in f.documents)
    where = f"{code(f.location.text())}<br>{cell(f.subject.path)}"
    fix = cell(words(f.fix, lang)) if f.fix is not None else ""
    cells = [
        str(i),
        cell(labels.pick(labels.SEVERITIES[f.severity], lang)),
        cell(kind),
        cites or cell(", ".join(f.provisions)),
        where,
        cell("\n".join([words(f.message, lang), *detail_lines(f, lang)])),
        fix,
    ]
    return "| " + " | ".join(cells) + " |"


def _noted(findings: list[Finding], lang: Lang) -> list[str]:
    """Summary only: the findings whose words a count would hide, in a short list: a conflict with the
    findings folded into it, a share with its value and verdict under each reading."""
    out: list[str] = []
    for f in findings:
        if not f.folded and not f.readings:
            continue
        out.append(f"- {cell(' × '.join(f.provisions))} — {cell(words(f.subject.label, lang))}")
        for part in (folded_lines(f, lang), reading_lines(f, lang)):
            if part:
                out.append(f"  - {cell(part[0])}")
                out += [
                    f"      - {cell(line.strip().removeprefix('– '))}"
                    if line.startswith("  ")
                    else f"    - {cell(line.removeprefix('• '))}"
                    for line in part[1:]
                ]
    return [*out, ""] if out else []


#: GitHub's limit for a job summary ($GITHUB_STEP_SUMMARY): a larger table is refused, so it shrinks
STEP_SUMMARY_LIMIT = 1024 * 1024


def check(report: CheckReport, *, rows: bool = True) -> str:
    """The report as Markdown; without the finding rows (summary only) when ``rows`` is false or when
    the table would pass the step-summary limit (a note then says so)."""
    text = _check(report, rows=rows)
    if rows and len(text.encode("utf-8")) > STEP_SUMMARY_LIMIT:
        note = labels.pick(_T["too_big"], report.lang)
        text = f"> {note}\n\n" + _check(report, rows=False)
    return text


def _check(report: CheckReport, *, rows: bool) -> str:
    lang = report.lang
    out: list[str] = []
    for r in report.results:
        out += [f"## {_t('title', lang)}: {code(r.file, table=False)}", ""]
        packs = ", ".join(f"{p.id} (v{p.version})" for p in r.packs) or "—"
        out += [
            f"{_t('proposal', lang)}: **{cell(r.proposal)}** · {_t('as_of', lang)} {_date(r.as_of, lang)} · "
            f"{_t('packs', lang)}: {cell(packs)}",
            "",
        ]
        if not r.findings:
            out += [_t("none", lang), ""]
            continue
        tally: dict[tuple[str, str], int] = {}
        for f in r.findings:
            key = (f.severity, f.kind)
            tally[key] = tally.get(key, 0) + 1
        parts = [
            f"{n} {labels.pick(labels.KINDS[k], lang)} ({labels.pick(labels.SEVERITIES[s], lang)})"
            for (s, k), n in sorted(
                tally.items(), key=lambda kv: (["error", "warning", "info"].index(kv[0][0]), kv[0][1])
            )
        ]
        failing = sum(1 for f in r.findings if counts(f, report.fail_on))
        out += [f"{_t('summary', lang)}: {', '.join(parts)}; {failing} {_t('failing', lang)}.", ""]
        if not rows:
            out += _noted(r.findings, lang)
            continue
        header = _t("cols", lang)
        out += [header, _separator(header)]
        out += [_row(i, f, lang) for i, f in enumerate(r.findings, 1)]
        out.append("")
    if report.problems:
        out += [f"## {_t('unread', lang)}", ""]
        out += [f"- {code(p.render(), table=False)}" for p in problems_sorted(report.problems)]
        out.append("")
    if report.waivers is not None:
        out += [f"## {_t('waivers', lang)}", ""]
        header = _t("waiver_cols", lang)
        out += [header, _separator(header)]
        for s in report.waivers:
            w = s.waiver
            out.append(
                f"| {cell(w.provision)} | {cell(w.subject)} | {cell(f'{w.decision} ({w.approved_by})')} | "
                f"{_date(w.valid_until.isoformat(), lang)} | {labels.pick(_STATUS[s.status], lang)} | {s.waived} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def lint(report: LintReport) -> str:
    lang = report.lang
    out = [f"## {_t('lint', lang)}", ""]
    problems = problems_sorted(report.problems)
    if not problems:
        return "\n".join([*out, _t("clean", lang)]) + "\n"
    header = _t("lint_cols", lang)
    out += [header, _separator(header)]
    for p in problems:
        sev = labels.pick(labels.SEVERITIES[p.severity], lang)
        out.append(f"| {code(p.file)} | {p.line or ''} | {p.column or ''} | {sev} | {cell(p.text())} |")
    return "\n".join(out) + "\n"
