"""The analyst's report: findings grouped by title, Vietnamese first, the citation under each."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule

from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.report import CheckReport, LintReport, problems_sorted
from hiepy_rules.schema import labels

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


def _t(key: str, lang: str) -> str:
    return labels.pick(_T[key], lang)


def _date(iso: str | None, lang: str) -> str:
    if not iso:
        return "?"
    d = dt.date.fromisoformat(iso)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def render(
    results: list[CheckResult], console: Console, lang: str = "vi", titles: dict[str, dict[str, str]] | None = None
) -> None:
    for r in results:
        _render_one(r, console, lang, (titles or {}).get(r.file, {}))


def _render_one(r: CheckResult, console: Console, lang: str, title_names: dict[str, str]) -> None:
    heading = f"{_t('title', lang)} — {r.file}"
    if len(heading) + 8 > console.width:  # a rule would cut the file name: the heading on its own line
        console.print(Rule())
        console.print(f"[bold]{escape(_t('title', lang))}[/] — {escape(r.file)}", soft_wrap=True)
    else:
        console.print(Rule(f"[bold]{escape(_t('title', lang))}[/] — {escape(r.file)}"))
    console.print(
        f"{_t('proposal', lang)}: [bold]{escape(r.proposal)}[/]  ·  {_t('as_of', lang)} {_date(r.as_of, lang)}"
    )
    console.print(f"{_t('packs', lang)}: " + ", ".join(f"{p.id} (v{p.version})" for p in r.packs))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for f in r.findings:
        counts[(f.kind, f.severity)] += 1
    summary = "  ".join(
        f"[{_STYLE[sev]}]{n} {labels.pick(labels.KINDS[kind], lang)} ({labels.pick(labels.SEVERITIES[sev], lang)})[/]"
        for (kind, sev), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    )
    console.print(f"{_t('summary', lang)}: {summary or _t('none', lang)}")
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in r.findings:
        groups[f.subject.title or ""].append(f)
    order = [""] + [t for t in title_names if t in groups] + sorted(k for k in groups if k and k not in title_names)
    for key in order:
        if key not in groups:
            continue
        head = _t("whole", lang) if not key else f"{_t('title_group', lang)}: {title_names.get(key, key)}"
        console.print()
        console.print(Rule(escape(head), align="left", style="bold"))
        for f in groups[key]:
            _finding(f, console, lang)


def _finding(f: Finding, console: Console, lang: str) -> None:
    # one print per finding: rich's per-call cost (layout, size, locks) outweighs the text itself
    out: list[str] = []
    style = _STYLE[f.severity]
    kind = labels.pick(labels.KINDS[f.kind], lang).upper()
    sev = labels.pick(labels.SEVERITIES[f.severity], lang)
    msg = f.message.vi if lang == "vi" else f.message.en
    out.append(f"[{style}]{_MARK[f.severity]} {kind}[/] [dim]({sev}) {' × '.join(f.provisions)}[/]")
    out.append(f"  {escape(msg)}")
    out.append(f"  [dim]{_t('where', lang)}:[/] {escape(f.location.text())}  [dim]{escape(f.subject.path)}[/]")
    if f.fix is not None:
        out.append(f"  [green]{_t('fix', lang)}:[/] {escape(f.fix.vi if lang == 'vi' else f.fix.en)}")
    if f.conflict is not None:
        out.append(f"  [dim]{_t('sides', lang)}:[/]")
        for side in f.conflict.sides:
            out.append(f"    • {side.provision}: {escape(side.allows.vi if lang == 'vi' else side.allows.en)}")
        p = f.conflict.precedence
        rule = labels.pick(labels.RULES.get(p.rule, (p.rule, p.rule)), lang)
        out.append(
            f"  [dim]{_t('precedence', lang)}:[/] {rule} — {escape(p.reason.vi if lang == 'vi' else p.reason.en)}"
        )
        if p.overridden is not None:
            if lang == "vi":
                winner = escape(p.prevailing or "")
                out.append(f"    {escape(p.overridden)} không áp dụng vì quy định {winner} được ưu tiên")
            else:
                out.append(f"    {escape(p.prevailing or '')} ≻ {escape(p.overridden)} ({_t('overridden', lang)})")
    for d in f.documents:
        issuer = d.issuer.vi if lang == "vi" else d.issuer.en
        words = d.text.vi if lang == "vi" else d.text.en
        if d.reported_in is not None:  # the issuer's rule as someone else's report tells it
            whose = f"{escape(issuer)}, {escape(d.reported_in.vi if lang == 'vi' else d.reported_in.en)}"
        else:
            whose = f"{escape(d.number)}, {escape(issuer)}"
        out.append(
            f"  [dim]{_t('rule', lang)}:[/] {d.provision} — {whose}, {_date(d.issued, lang)}, {escape(d.article)}"
        )
        out.append(f"    [italic]“{escape(words)}”[/]")
        # which version judged the proposal: its window, its pack's version, what came after it
        later = d.replaced_by or d.document_replaced_by
        tail = f"; {_t('replaced', lang)} {escape(later)}" if later else ""
        out.append(
            f"    [dim]{_t('version', lang)}: {_date(d.in_force.get('from'), lang)} – "
            f"{_date(d.in_force.get('until'), lang) if d.in_force.get('until') else '…'}, "
            f"{_t('pack', lang)} {escape(d.pack)} v{escape(d.pack_version)}{tail}[/]"
        )
        if d.interpretation is not None and f.kind not in ("conflict", "overridden"):
            text = d.interpretation.vi if lang == "vi" else d.interpretation.en
            out.append(f"    [dim]{_t('interp', lang)}: {escape(text)}[/]")
    if f.folded:
        out.append(f"  [dim]{_t('folded', lang)}:[/]")
        for sub in f.folded:
            sub_kind = labels.pick(labels.KINDS[sub.kind], lang)
            sub_msg = sub.message.vi if lang == "vi" else sub.message.en
            out.append(
                f"    • {sub_kind} {sub.provisions[0]}: {escape(sub_msg)} "
                f"[dim]({escape(sub.location.file)}:{sub.location.line}:{sub.location.column})[/]"
            )
    why = [w.vi if lang == "vi" else w.en for w in f.explanation]
    if why and f.kind not in ("conflict", "overridden"):
        out.append(f"  [dim]{_t('why', lang)}:[/] " + escape(" → ".join(why)))
    console.print("\n".join(out))


WIDTH = 100  # of the report when written to a file (a terminal uses its own width)


def title_names(report: CheckReport) -> dict[str, dict[str, str]]:
    """Each proposal's title names by id, so that the report groups findings under words: carried by
    the results (a report never reads the proposal files again)."""
    names: dict[str, dict[str, str]] = {f: dict(t) for f, t in (report.titles or {}).items()}
    for r in report.results:
        names.setdefault(r.file, dict(r.titles))
    return names


def print_check(report: CheckReport, console: Console) -> None:

    render(list(report.results), console, report.lang, title_names(report))


def plain_console(file: Any) -> Console:
    """A console for a file or a pipe: no colour, and no line wrapped or cut at the width of a
    terminal that is not there (rich's default is 80 columns)."""
    return Console(file=file, width=WIDTH, color_system=None, highlight=False, emoji=False, soft_wrap=True)


def check(report: CheckReport) -> str:
    out = io.StringIO()
    print_check(report, plain_console(out))
    return out.getvalue()


def one_line(text: str) -> str:
    """Whatever a message holds (a file name with a newline...), it prints as one line."""
    return " ".join(text.splitlines())


def lint(report: LintReport) -> str:
    return "".join(one_line(p.render()) + "\n" for p in problems_sorted(report.problems))
