"""The analyst's report: findings grouped by title, Vietnamese first, the citation under each.

The layout is made once, as lines of styled pieces. A terminal gets it through rich (colours, its
own width); a file or a pipe gets the same characters rich would write there, joined here without
loading rich (most of the text report's cost). Where that could differ from rich (a tab, a control
character, a wide or combining character in a rule's title, a title too long for its rule), rich
writes it (``tests/test_formats_details.py`` holds the two to the same bytes).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.report import CheckReport, LintReport, problems_sorted, words
from hiepy_rules.schema import labels

if TYPE_CHECKING:
    from rich.console import Console

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


_MARK = {"error": "✗", "warning": "!", "info": "i"}


_T = {
    "title": ("Kết quả kiểm tra đề án quy hoạch", "Planning proposal check"),
    "proposal": ("Đề án", "Proposal"),
    "as_of": ("Áp dụng quy định có hiệu lực ngày", "Provisions in force on"),
    "packs": ("Gói quy định", "Rule packs"),
    "whole": ("Toàn đề án", "Whole proposal"),
    "title_group": ("Chức danh", "Title"),
    "where": ("Vị trí", "Where"),
    "rule": ("Quy định", "Provision"),
    "why": ("Vì sao áp dụng", "Why it applies"),
    "fix": ("Cách sửa", "Fix"),
    "sides": ("Mỗi bên cho phép", "What each side allows"),
    "precedence": ("Ưu tiên", "Precedence"),
    "interp": ("Cách hiểu", "Interpretation"),
    "version": ("Phiên bản áp dụng", "Version applied"),
    "pack": ("gói", "pack"),
    "replaced": ("sau đó thay bằng", "later replaced by"),
    "overridden": ("không áp dụng", "overridden"),
    "none": ("Không phát hiện vấn đề nào.", "No findings."),
    "folded": ("Gồm (không tính riêng)", "Includes (not counted separately)"),
    "summary": ("Tổng hợp", "Summary"),
}

#: a piece of a line: its text and its rich style ("" for none)
Piece = tuple[str, str]
Line = list[Piece]


class RuleLine(NamedTuple):
    """A line across the report, its title (no pieces: none) centred or on the left."""

    title: Line
    align: Literal["center", "left"] = "center"
    style: str = "rule.line"  # rich's own style for rules


Item = Line | RuleLine

#: rich's character for a rule
_RULE = "─"

#: the control characters (Unicode category Cc, a set fixed by the standard) but the line feed
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _t(key: str, lang: str) -> str:
    return labels.pick(_T[key], lang)


def _date(iso: str | None, lang: str) -> str:
    if not iso:
        return "?"
    d = dt.date.fromisoformat(iso)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def layout(
    results: list[CheckResult], lang: str, width: int, titles: dict[str, dict[str, str]] | None = None
) -> list[Item]:
    """The report of ``results`` for a page ``width`` columns wide."""
    out: list[Item] = []
    for r in results:
        _one(r, lang, (titles or {}).get(r.file, {}), width, out)
    return out


def _one(r: CheckResult, lang: str, title_names: dict[str, str], width: int, out: list[Item]) -> None:
    heading = f"{_t('title', lang)} — {r.file}"
    if len(heading) + 8 > width:  # a rule would cut the file name: the heading on its own line
        out.append(RuleLine([]))
        out.append([(_t("title", lang), "bold"), (f" — {r.file}", "")])
    else:
        out.append(RuleLine([(_t("title", lang), "bold"), (f" — {r.file}", "")]))
    out.append(
        [
            (f"{_t('proposal', lang)}: ", ""),
            (r.proposal, "bold"),
            (f"  ·  {_t('as_of', lang)} {_date(r.as_of, lang)}", ""),
        ]
    )
    out.append([(f"{_t('packs', lang)}: " + ", ".join(f"{p.id} (v{p.version})" for p in r.packs), "")])
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for f in r.findings:
        counts[(f.kind, f.severity)] += 1
    summary: Line = [(f"{_t('summary', lang)}: ", "")]
    for i, ((kind, sev), n) in enumerate(sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))):
        if i:
            summary.append(("  ", ""))
        kinds, sevs = labels.pick(labels.KINDS[kind], lang), labels.pick(labels.SEVERITIES[sev], lang)
        summary.append((f"{n} {kinds} ({sevs})", _STYLE[sev]))
    out.append(summary if counts else [(f"{_t('summary', lang)}: {_t('none', lang)}", "")])
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in r.findings:
        groups[f.subject.title or ""].append(f)
    order = [""] + [t for t in title_names if t in groups] + sorted(k for k in groups if k and k not in title_names)
    for key in order:
        if key not in groups:
            continue
        head = _t("whole", lang) if not key else f"{_t('title_group', lang)}: {title_names.get(key, key)}"
        out.append([])
        out.append(RuleLine([(head, "")], align="left", style="bold"))
        for f in groups[key]:
            out.extend(_finding(f, lang))


def _finding(f: Finding, lang: str) -> list[Line]:
    out: list[Line] = []
    kind = labels.pick(labels.KINDS[f.kind], lang).upper()
    sev = labels.pick(labels.SEVERITIES[f.severity], lang)
    out.append(
        [(f"{_MARK[f.severity]} {kind}", _STYLE[f.severity]), (" ", ""), (f"({sev}) {' × '.join(f.provisions)}", "dim")]
    )
    out.append([(f"  {words(f.message, lang)}", "")])
    out.append([("  ", ""), (f"{_t('where', lang)}:", "dim"), (f" {f.location.text()}  ", ""), (f.subject.path, "dim")])
    if f.fix is not None:
        out.append([("  ", ""), (f"{_t('fix', lang)}:", "green"), (f" {words(f.fix, lang)}", "")])
    if f.conflict is not None:
        out.append([("  ", ""), (f"{_t('sides', lang)}:", "dim")])
        for side in f.conflict.sides:
            out.append([(f"    • {side.provision}: {words(side.allows, lang)}", "")])
        p = f.conflict.precedence
        rule = labels.pick(labels.RULES.get(p.rule, (p.rule, p.rule)), lang)
        out.append([("  ", ""), (f"{_t('precedence', lang)}:", "dim"), (f" {rule} — {words(p.reason, lang)}", "")])
        if p.overridden is not None:
            if lang == "vi":
                out.append([(f"    {p.overridden} không áp dụng vì quy định {p.prevailing or ''} được ưu tiên", "")])
            else:
                out.append([(f"    {p.prevailing or ''} ≻ {p.overridden} ({_t('overridden', lang)})", "")])
    for d in f.documents:
        issuer = words(d.issuer, lang)
        # reported_in: the issuer's rule as someone else's report tells it
        whose = f"{issuer}, {words(d.reported_in, lang)}" if d.reported_in is not None else f"{d.number}, {issuer}"
        out.append(
            [
                ("  ", ""),
                (f"{_t('rule', lang)}:", "dim"),
                (f" {d.provision} — {whose}, {_date(d.issued, lang)}, {d.article}", ""),
            ]
        )
        out.append([("    ", ""), (f"“{words(d.text, lang)}”", "italic")])
        # which version judged the proposal: its window, its pack's version, what came after it
        later = d.replaced_by or d.document_replaced_by
        tail = f"; {_t('replaced', lang)} {later}" if later else ""
        until = _date(d.in_force.get("until"), lang) if d.in_force.get("until") else "…"
        version = f"{_t('version', lang)}: {_date(d.in_force.get('from'), lang)} – {until}, "
        out.append([("    ", ""), (f"{version}{_t('pack', lang)} {d.pack} v{d.pack_version}{tail}", "dim")])
        if d.interpretation is not None and f.kind not in ("conflict", "overridden"):
            out.append([("    ", ""), (f"{_t('interp', lang)}: {words(d.interpretation, lang)}", "dim")])
    if f.folded:
        out.append([("  ", ""), (f"{_t('folded', lang)}:", "dim")])
        for sub in f.folded:
            sub_kind = labels.pick(labels.KINDS[sub.kind], lang)
            where = f"({sub.location.file}:{sub.location.line}:{sub.location.column})"
            out.append([(f"    • {sub_kind} {sub.provisions[0]}: {words(sub.message, lang)} ", ""), (where, "dim")])
    why = [words(w, lang) for w in f.explanation]
    if why and f.kind not in ("conflict", "overridden"):
        out.append([("  ", ""), (f"{_t('why', lang)}:", "dim"), (" " + " → ".join(why), "")])
    return out


# --- writing it ---------------------------------------------------------------------------------


def to_console(items: list[Item], console: Console) -> None:
    """The report through rich: styled on a terminal, plain on a plain console."""
    # rich only here: a report written to a file or a pipe does not need it (``plain``)
    from rich.rule import Rule
    from rich.text import Text

    lines: list[Text] = []

    def flush() -> None:
        # one print per run of lines: rich's per-call cost (layout, size, locks) outweighs the text
        if lines:
            console.print(Text("\n").join(lines))
            lines.clear()

    for item in items:
        if isinstance(item, RuleLine):
            flush()
            title = Text.assemble(*item.title, style="rule.text") if item.title else ""
            console.print(Rule(title, align=item.align, style=item.style))
        else:
            lines.append(Text.assemble(*item))
    flush()


#: characters that take one column, as rich counts them: ASCII, the Latin letters Vietnamese is
#: written with (Latin-1, Extended-A and -B, Extended Additional) and the dash of the heading
_NARROW = ((" ", "~"), ("\u00a0", "\u024f"), ("\u1e00", "\u1eff"), ("—", "—"))


def _narrow(text: str) -> bool:
    """Whether every character of ``text`` is one of ``_NARROW``'s (a soft hyphen is not)."""
    return all(any(lo <= c <= hi for lo, hi in _NARROW) and c != "\u00ad" for c in text)


def plain(items: list[Item], width: int) -> str | None:
    """The characters rich writes for ``items`` on a plain console ``width`` columns wide (no colour,
    no wrapping, no emoji codes); None where they could differ, for rich to write."""
    out: list[str] = []
    for item in items:
        if isinstance(item, RuleLine):
            title = "".join(text for text, _ in item.title)
            if not title:
                out.append(_RULE * width)
                continue
            if not _narrow(title) or len(title) > width - (4 if item.align == "center" else 2):
                return None  # rich would measure or cut it
            if item.align == "center":
                side = (width - len(title)) // 2
                out.append((_RULE * (side - 1) + " " + title + " " + _RULE * (side + 1))[:width])
            else:
                out.append(title + " " + _RULE * (width - len(title) - 1))
            continue
        line = "".join(text for text, _ in item)
        if _CONTROL.search(line):
            return None  # rich drops some control characters and expands tabs
        out.append(line)
    return "".join(line + "\n" for line in out)


def title_names(report: CheckReport) -> dict[str, dict[str, str]]:
    """Each proposal's title names by id, so that the report groups findings under words: carried by
    the results (a report never reads the proposal files again)."""
    names: dict[str, dict[str, str]] = {f: dict(t) for f, t in (report.titles or {}).items()}
    for r in report.results:
        names.setdefault(r.file, dict(r.titles))
    return names


def render(
    results: list[CheckResult], console: Console, lang: str = "vi", titles: dict[str, dict[str, str]] | None = None
) -> None:
    to_console(layout(results, lang, console.width, titles), console)


def print_check(report: CheckReport, console: Console) -> None:
    render(list(report.results), console, report.lang, title_names(report))


WIDTH = 100  # of the report when written to a file (a terminal uses its own width)


def plain_console(file: Any) -> Console:
    """A console for a file or a pipe: no colour, and no line wrapped or cut at the width of a
    terminal that is not there (rich's default is 80 columns)."""
    # rich only for what ``plain`` leaves to it
    from rich.console import Console

    return Console(file=file, width=WIDTH, color_system=None, highlight=False, emoji=False, soft_wrap=True)


def check(report: CheckReport) -> str:
    """The report as written to a file or a pipe."""
    items = layout(list(report.results), report.lang, WIDTH, title_names(report))
    text = plain(items, WIDTH)
    if text is not None:
        return text
    out = io.StringIO()
    to_console(items, plain_console(out))
    return out.getvalue()


def one_line(text: str) -> str:
    """Whatever a message holds (a file name with a newline...), it prints as one line."""
    return " ".join(text.splitlines())


def lint(report: LintReport) -> str:
    return "".join(one_line(p.render()) + "\n" for p in problems_sorted(report.problems))
