"""HTML: one self-contained page an analyst attaches to a dossier or prints (Vietnamese, or English with ``--lang en``).

The page needs nothing but itself: styles are inline, there are no scripts, fonts or images, and a
Content-Security-Policy forbids any request, so it opens offline and leaks nothing. Per proposal: a
header (unit, proposal, the day the rules were taken at, the packs with versions), a summary
(counts by kind and severity, a one-line verdict), one section per title with its findings (the
citation with the provision's verbatim words, why it applies, the values compared, the fix;
conflicts with both sides, the precedence verdict and who settles it), then the overridden and
waived findings apart. A batch gets an index first. The footer traces the page to its inputs
(``provenance``). The markup is XHTML-compatible (well-formed XML), every string from a proposal
or a pack is escaped, and the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from html import escape

from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.report import CheckReport, Lang, LintReport, counts, problems_sorted
from hiepy_rules.report.json import to_json
from hiepy_rules.schema import labels
from hiepy_rules.version import __version__

_T = {
    "title": ("Báo cáo kiểm tra đề án quy hoạch cán bộ", "Cadre-planning proposal check report"),
    "batch": ("Báo cáo kiểm tra {n} đề án quy hoạch cán bộ", "Check report of {n} cadre-planning proposals"),
    "index": ("Danh mục đề án", "Index of proposals"),
    "unit": ("Đơn vị", "Unit"),
    "proposal": ("Đề án", "Proposal"),
    "file": ("Tệp", "File"),
    "as_of": ("Quy định có hiệu lực ngày", "Provisions in force on"),
    "packs": ("Gói quy định", "Rule packs"),
    "summary": ("Tổng hợp", "Summary"),
    "kind": ("Loại", "Kind"),
    "total": ("Tổng", "Total"),
    "verdict_fail": (
        "Không đạt: {n} phát hiện cần xử lý trước khi trình.",
        "Does not pass: {n} finding(s) to settle before submission.",
    ),
    "verdict_pass": (
        "Đạt: không có phát hiện nào khiến kết quả không đạt.",
        "Passes: no finding makes the check fail.",
    ),
    "whole": ("Toàn đề án", "Whole proposal"),
    "title_group": ("Chức danh", "Title"),
    "none": ("Không phát hiện vấn đề nào.", "No findings."),
    "apart": ("Phát hiện bị thay thế hoặc được miễn trừ", "Overridden and waived findings"),
    "apart_note": (
        "Các phát hiện dưới đây được nêu để đối chiếu, không tính vào kết quả.",
        "Shown for reference; they do not count towards the result.",
    ),
    "where": ("Vị trí", "Where"),
    "why": ("Vì sao áp dụng", "Why it applies"),
    "values": ("Giá trị được so sánh", "Values compared"),
    "readings": ("Tỷ lệ theo từng cách tính", "The share under each reading"),
    "fix": ("Cách sửa", "Fix"),
    "cite": ("Căn cứ", "Provision"),
    "issued": ("ngày ban hành", "issued"),
    "version": ("Phiên bản áp dụng", "Version applied"),
    "replaced": ("sau đó thay bằng", "later replaced by"),
    "interp": ("Cách hiểu của hiepy (diễn giải, không phải lời văn bản)", "hiepy's reading (an interpretation)"),
    "original": ("Nguyên văn tiếng Việt", "Vietnamese original"),
    "source_at": ("Nguồn", "Source"),
    "sides": ("Mỗi bên cho phép", "What each side allows"),
    "precedence": ("Ưu tiên áp dụng", "Precedence"),
    "prevails": ("{a} được ưu tiên; {b} bị thay thế", "{a} prevails; {b} is overridden"),
    "settle": ("Cấp phải quyết định", "Who must settle it"),
    "nobody": ("chưa xác định được cấp quyết định", "no settling authority determined"),
    "overridden_by": ("Bị thay thế bởi", "Overridden by"),
    "waived": ("Được miễn trừ theo", "Waived by"),
    "valid_until": ("hiệu lực đến", "valid until"),
    "missing": ("Thiếu dữ kiện", "Missing facts"),
    "unread": ("Không đọc được", "Could not be read"),
    "footer": (
        "Lập bằng hiepy {v}. Dấu vết SHA-256 của các đề án và gói quy định đã dùng:",
        "Made with hiepy {v}. SHA-256 digest of the proposals and rule packs used:",
    ),
    "footer_results": (
        "Lập bằng hiepy {v}. Dấu vết SHA-256 của kết quả kiểm tra:",
        "Made with hiepy {v}. SHA-256 digest of the check results:",
    ),
    "made": ("Lập bằng hiepy {v}.", "Made with hiepy {v}."),
    "file_digest": ("SHA-256 của tệp đề án", "SHA-256 of the proposal file"),
    "lint": ("Kết quả kiểm tra tệp quy định", "Rule file lint"),
    "clean": ("Không có vấn đề nào.", "No problems."),
}


_COLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pack_cols": (("Gói", "Phiên bản", "Cơ quan ban hành", "Hiệu lực"), ("Pack", "Version", "Issuer", "In force")),
    "value_cols": (("Dữ kiện", "Trong đề án", "Phép so", "Yêu cầu"), ("Fact", "In the proposal", "Test", "Required")),
    "reading_cols": (("Tính trên", "Tỷ lệ", "Đạt mức của quy định"), ("Over", "Share", "Meets the provision's bound")),
    "lint_cols": (("Tệp", "Dòng", "Cột", "Mức", "Vấn đề"), ("File", "Line", "Column", "Severity", "Problem")),
}


#: severity is never told by colour alone: a mark and a word go with it
_MARK = {"error": "✗", "warning": "⚠", "info": "ℹ"}


_SEVERITY_ORDER = ("error", "warning", "info")


_KIND_ORDER = ("violation", "conflict", "indeterminate", "notice", "overridden")


_CSS = """
:root{color-scheme:light}
body{font-family:"Times New Roman",Times,"Noto Serif",serif;font-size:12pt;line-height:1.4;color:#111;
background:#fff;margin:0 auto;max-width:60em;padding:1.5em}
h1{font-size:18pt;margin:0 0 .4em}h2{font-size:15pt;border-bottom:2px solid #333;margin-top:1.6em}
h3{font-size:13pt;margin:1.2em 0 .4em}h4{font-size:12pt;margin:0 0 .3em}
table{border-collapse:collapse;width:100%;margin:.4em 0 .8em}
th,td{border:1px solid #888;padding:.2em .4em;text-align:left;vertical-align:top}
thead th{background:#eee}
code{font-family:"DejaVu Sans Mono",monospace;font-size:10pt;word-break:break-all}
.finding{border:1px solid #999;border-left-width:6px;padding:.5em .8em;margin:.6em 0;break-inside:avoid}
.sev-error{border-left-color:#b00020}.sev-warning{border-left-color:#b26a00}.sev-info{border-left-color:#1f5f99}
.badge{font-weight:bold;border:1px solid #333;padding:0 .3em;margin-right:.3em}
.sev-error .badge{background:#fde7ea}.sev-warning .badge{background:#fff3d6}.sev-info .badge{background:#e3eef9}
dl{margin:.3em 0}dt{font-weight:bold;margin-top:.3em}dd{margin:0 0 0 1.2em}
blockquote{margin:.3em 0 .3em 1em;padding-left:.6em;border-left:3px solid #bbb;font-style:italic}
.verdict{font-weight:bold;padding:.3em .5em;border:2px solid #333}
.verdict.fail{background:#fde7ea}.verdict.pass{background:#e6f4ea}
.apart .finding{border-style:dashed}
.meta th{width:14em}
footer{margin-top:2em;border-top:1px solid #333;font-size:9pt;color:#333}
@page{size:A4;margin:15mm 15mm 18mm}
@media print{body{max-width:none;padding:0;font-size:11pt}
thead{display:table-header-group}tr{break-inside:avoid}
.group{break-before:page}.proposal+.proposal{break-before:page}h2,h3,h4{break-after:avoid}
a{color:inherit;text-decoration:none}}
"""


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"


def e(text: object) -> str:
    """Every string from a proposal or a pack goes through here (quotes too: attributes are safe)."""
    return escape(str(text), quote=True)


def _t(key: str, lang: Lang) -> str:
    return labels.pick(_T[key], lang)


def _cols(key: str, lang: Lang) -> tuple[str, ...]:
    vi, en = _COLS[key]
    return vi if lang == "vi" else en


def _date(iso: str | None, lang: Lang) -> str:
    if not iso:
        return "…"
    d = dt.date.fromisoformat(iso)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def _other(lang: Lang) -> Lang:
    return "en" if lang == "vi" else "vi"


def thead(cells: Iterable[str]) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{e(c)}</th>' for c in cells) + "</tr></thead>"


def severity_badge(severity: str, lang: Lang) -> str:
    word = labels.pick(labels.SEVERITIES[severity], lang)
    return f'<span class="badge">{_MARK[severity]} {e(word.upper())}</span>'


def page(title: str, body: list[str], lang: Lang, footer: str) -> str:
    """The whole document around ``body``: XHTML-compatible, no request possible."""
    head = [
        "<!DOCTYPE html>",
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}">',
        "<head>",
        '<meta charset="utf-8" />',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f'<meta name="generator" content="hiepy {e(__version__)}" />',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, f"<footer>{footer}</footer>", "</body>", "</html>"]) + "\n"


def tally(r: CheckResult) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for f in r.findings:
        out[(f.kind, f.severity)] = out.get((f.kind, f.severity), 0) + 1
    return out


def failing_count(r: CheckResult, report: CheckReport) -> int:
    return sum(1 for f in r.findings if counts(f, report.fail_on))


def verdict(n: int, lang: Lang) -> str:
    cls, key = ("fail", "verdict_fail") if n else ("pass", "verdict_pass")
    mark = "✗" if n else "✓"
    return f'<p class="verdict {cls}" data-failing="{n}">{mark} {e(_t(key, lang).format(n=n))}</p>'


def _summary(r: CheckResult, report: CheckReport, rid: str) -> list[str]:
    lang = report.lang
    t = tally(r)
    kinds = [k for k in _KIND_ORDER if any(kk == k for kk, _ in t)]
    sevs = [labels.pick(labels.SEVERITIES[s], lang) for s in _SEVERITY_ORDER]
    out = [
        f'<section class="summary" aria-labelledby="{rid}-summary">',
        f'<h3 id="{rid}-summary">{e(_t("summary", lang))}</h3>',
    ]
    out.append(verdict(failing_count(r, report), lang))
    if not r.findings:
        out += [f"<p>{e(_t('none', lang))}</p>", "</section>"]
        return out
    out.append('<table class="counts">')
    out.append(
        thead(
            [
                _t("kind", lang),
                *(f"{_MARK[s]} {w}" for s, w in zip(_SEVERITY_ORDER, sevs, strict=True)),
                _t("total", lang),
            ]
        )
    )
    out.append("<tbody>")
    for k in kinds:
        cells = [f'<th scope="row">{e(labels.pick(labels.KINDS[k], lang))}</th>']
        for s in _SEVERITY_ORDER:
            cells.append(f'<td data-kind="{k}" data-severity="{s}">{t.get((k, s), 0)}</td>')
        cells.append(f'<td data-kind="{k}" data-total="kind">{sum(n for (kk, _), n in t.items() if kk == k)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    foot = [f'<th scope="row">{e(_t("total", lang))}</th>']
    for s in _SEVERITY_ORDER:
        foot.append(
            f'<td data-severity="{s}" data-total="severity">{sum(n for (_, ss), n in t.items() if ss == s)}</td>'
        )
    foot.append(f'<td data-total="all">{len(r.findings)}</td>')
    out += ["<tfoot><tr>" + "".join(foot) + "</tr></tfoot>", "</table>", "</section>"]
    return out


def _citation(f: Finding, lang: Lang) -> list[str]:
    out: list[str] = []
    other = _other(lang)
    for d in f.documents:
        issuer = d.issuer.vi if lang == "vi" else d.issuer.en
        issued = f", {e(_t('issued', lang))} {_date(d.issued, lang)}" if d.issued else ""
        out.append(f'<div class="cite" data-provision="{e(d.provision)}">')
        out.append(
            f"<p><strong>{e(_t('cite', lang))}:</strong> <code>{e(d.provision)}</code> — "
            f"{e(d.number)}, {e(issuer)}{issued}, {e(d.article)}</p>"
        )
        out.append(f'<blockquote lang="{lang}">“{e(d.text.vi if lang == "vi" else d.text.en)}”</blockquote>')
        if lang != "vi":  # the English report keeps the binding words beside the translation
            out.append(f'<p>{e(_t("original", lang))}:</p><blockquote lang="{other}">“{e(d.text.vi)}”</blockquote>')
        later = d.replaced_by or d.document_replaced_by
        tail = f"; {e(_t('replaced', lang))} {e(later)}" if later else ""
        # the address as words, never a link: the page makes no request, even when clicked
        source = f"; {e(_t('source_at', lang))}: {e(d.url)}" if d.url and "://" in d.url else ""
        out.append(
            f"<p><small>{e(_t('version', lang))}: {_date(d.in_force.get('from'), lang)} – "
            f"{_date(d.in_force.get('until'), lang)}, {e(d.pack)} v{e(d.pack_version)}{tail}{source}</small></p>"
        )
        if d.interpretation is not None:
            text = d.interpretation.vi if lang == "vi" else d.interpretation.en
            out.append(f"<p><small><em>{e(_t('interp', lang))}:</em> {e(text)}</small></p>")
        out.append("</div>")
    return out


def _values(f: Finding, lang: Lang) -> list[str]:
    if not f.values:
        return []
    out = [
        f'<table class="values"><caption>{e(_t("values", lang))}</caption>',
        thead(_cols("value_cols", lang)),
        "<tbody>",
    ]
    for v in f.values:
        op = labels.OPS.get(v.op)
        op_text = f"{labels.SYMBOLS.get(v.op, v.op)} ({labels.pick(op, lang)})" if op else v.op
        out.append(
            f'<tr><th scope="row">{e(v.label.vi if lang == "vi" else v.label.en)}</th>'
            f"<td>{e(labels.value(v.actual, lang))}</td><td>{e(op_text)}</td>"
            f"<td>{e(labels.value(v.expected, lang))}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return out


def _readings(f: Finding, lang: Lang) -> list[str]:
    """A share whose verdict depends on the denominator: its value and verdict under each reading."""
    if not f.readings:
        return []
    out = [
        f'<table class="values"><caption>{e(_t("readings", lang))}</caption>',
        thead(_cols("reading_cols", lang)),
        "<tbody>",
    ]
    yes, no = ("đạt", "không đạt") if lang == "vi" else ("met", "not met")
    mine = " (cách tính của quy định)" if lang == "vi" else " (the provision's reading)"
    for r in f.readings:
        label = (r.label.vi if lang == "vi" else r.label.en) + (mine if r.provision_reading else "")
        out.append(
            f'<tr><th scope="row">{e(label)}</th>'
            f"<td>{r.count}/{r.denominator} = {r.percent:.1f}%</td><td>{e(yes if r.holds else no)}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return out


def _conflict(f: Finding, lang: Lang) -> list[str]:
    c = f.conflict
    if c is None:
        return []
    out = [f"<dt>{e(_t('sides', lang))}</dt><dd><ul>"]
    for side in c.sides:
        out.append(
            f"<li><code>{e(side.provision)}</code>: {e(side.allows.vi if lang == 'vi' else side.allows.en)}</li>"
        )
    out.append("</ul></dd>")
    p = c.precedence
    out.append(f"<dt>{e(_t('precedence', lang))}</dt><dd>")
    if p.prevailing is not None and p.overridden is not None:
        out.append(f"<p><strong>{e(_t('prevails', lang).format(a=p.prevailing, b=p.overridden))}</strong></p>")
    out.append(f"<p>{e(p.reason.vi if lang == 'vi' else p.reason.en)}</p></dd>")
    settled = (p.settled_by.vi if lang == "vi" else p.settled_by.en) if p.settled_by else _t("nobody", lang)
    out.append(f"<dt>{e(_t('settle', lang))}</dt><dd>{e(settled)}</dd>")
    return out


def finding_html(f: Finding, lang: Lang, fid: str) -> list[str]:
    kind = labels.pick(labels.KINDS[f.kind], lang)
    ids = " × ".join(f"<code>{e(p)}</code>" for p in f.provisions)
    out = [
        f'<article class="finding sev-{f.severity}" id="{fid}" data-kind="{f.kind}" data-severity="{f.severity}" '
        f'data-provisions="{e(" ".join(f.provisions))}">',
        f"<h4>{severity_badge(f.severity, lang)} {e(kind.capitalize())} · {ids}</h4>",
        f"<p>{e(f.message.vi if lang == 'vi' else f.message.en)}</p>",
        "<dl>",
        f"<dt>{e(_t('where', lang))}</dt><dd><code>{e(f.location.file)}:{f.location.line}:{f.location.column}</code>"
        f" · <code>{e(f.subject.path)}</code></dd>",
    ]
    why = [w.vi if lang == "vi" else w.en for w in f.explanation]
    if why:
        out.append(f"<dt>{e(_t('why', lang))}</dt><dd><ol>" + "".join(f"<li>{e(w)}</li>" for w in why) + "</ol></dd>")
    if f.missing:
        out.append(
            f"<dt>{e(_t('missing', lang))}</dt><dd>" + ", ".join(f"<code>{e(m)}</code>" for m in f.missing) + "</dd>"
        )
    out += _conflict(f, lang)
    if f.fix is not None:
        out.append(f"<dt>{e(_t('fix', lang))}</dt><dd>{e(f.fix.vi if lang == 'vi' else f.fix.en)}</dd>")
    if f.overridden_by is not None:
        out.append(f"<dt>{e(_t('overridden_by', lang))}</dt><dd><code>{e(f.overridden_by)}</code></dd>")
    if f.waiver is not None:
        w = f.waiver
        out.append(
            f"<dt>{e(_t('waived', lang))}</dt><dd>{e(w.decision)} ({e(w.approved_by)}), "
            f"{e(_t('valid_until', lang))} {_date(w.valid_until, lang)}</dd>"
        )
    out.append("</dl>")
    out += _values(f, lang)
    out += _readings(f, lang)
    out += _citation(f, lang)
    out.append("</article>")
    return out


def _meta(r: CheckResult, report: CheckReport) -> list[str]:
    lang = report.lang
    prov = report.provenance
    unit = prov.units.get(r.file) if prov else None
    rows = [
        (_t("unit", lang), f'<span lang="vi">{e(unit)}</span>' if unit else "—"),
        (_t("proposal", lang), f"<code>{e(r.proposal)}</code>"),
        (_t("file", lang), f"<code>{e(r.file)}</code>"),
        (_t("as_of", lang), _date(r.as_of, lang)),
    ]
    if prov and r.file in prov.files:
        rows.append((_t("file_digest", lang), f"<code>{prov.files[r.file]}</code>"))
    out = ['<table class="meta"><tbody>']
    out += [f'<tr><th scope="row">{e(k)}</th><td>{v}</td></tr>' for k, v in rows]
    out.append("</tbody></table>")
    out.append(f'<table class="packs"><caption>{e(_t("packs", lang))}</caption>')
    out += [thead(_cols("pack_cols", lang)), "<tbody>"]
    for p in r.packs:
        auth = report.rules.authorities.get(p.issuer)
        issuer = (auth.name.vi if lang == "vi" else auth.name.en) if auth else p.issuer
        window = f"{_date(p.in_force.get('from'), lang)} – {_date(p.in_force.get('until'), lang)}"
        out.append(
            f'<tr><th scope="row"><code>{e(p.id)}</code></th><td>{e(p.version)}</td>'
            f"<td>{e(issuer)}</td><td>{window}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return out


def _groups(r: CheckResult, report: CheckReport) -> list[tuple[str, list[tuple[int, Finding]]]]:
    """Counted findings by title: the whole proposal first, then titles in the proposal's order."""
    names = (report.titles or {}).get(r.file, {})
    groups: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(r.findings, 1):
        if f.kind == "overridden" or f.waiver is not None:
            continue
        groups.setdefault(f.subject.title or "", []).append((i, f))
    order = [""] + [t for t in names if t in groups] + sorted(k for k in groups if k and k not in names)
    return [(k, groups[k]) for k in order if k in groups]


def proposal_html(r: CheckResult, report: CheckReport, n: int) -> list[str]:
    lang = report.lang
    rid = f"p{n}"
    names = (report.titles or {}).get(r.file, {})
    out = [
        f'<section class="proposal" id="{rid}" aria-labelledby="{rid}-h" data-proposal="{e(r.proposal)}">',
        f'<h2 id="{rid}-h">{e(_t("proposal", lang))}: <code>{e(r.proposal)}</code></h2>',
    ]
    out += _meta(r, report)
    out += _summary(r, report, rid)
    for g, (key, items) in enumerate(_groups(r, report), 1):
        gid = f"{rid}-g{g}"
        if key:
            head = f'{e(_t("title_group", lang))}: <span lang="vi">{e(names.get(key, key))}</span>'
        else:
            head = e(_t("whole", lang))
        out += [f'<section class="group" id="{gid}" aria-labelledby="{gid}-h">', f'<h3 id="{gid}-h">{head}</h3>']
        for i, f in items:
            out += finding_html(f, lang, f"{rid}-f{i}")
        out.append("</section>")
    apart = [(i, f) for i, f in enumerate(r.findings, 1) if f.kind == "overridden" or f.waiver is not None]
    if apart:
        out += [
            f'<section class="group apart" id="{rid}-apart" aria-labelledby="{rid}-apart-h">',
            f'<h3 id="{rid}-apart-h">{e(_t("apart", lang))}</h3>',
            f"<p>{e(_t('apart_note', lang))}</p>",
        ]
        for i, f in apart:
            out += finding_html(f, lang, f"{rid}-f{i}")
        out.append("</section>")
    out.append("</section>")
    return out


def _index(report: CheckReport) -> list[str]:
    lang = report.lang
    cols = ("#", _t("proposal", lang), _t("file", lang), _t("total", lang), _t("summary", lang))
    out = ['<nav aria-labelledby="index-h">', f'<h2 id="index-h">{e(_t("index", lang))}</h2>', '<table class="index">']
    out += [thead(cols), "<tbody>"]
    for n, r in enumerate(report.results, 1):
        failing = failing_count(r, report)
        mark = "✗" if failing else "✓"
        word = _t("verdict_fail" if failing else "verdict_pass", lang).format(n=failing)
        out.append(
            f'<tr><th scope="row">{n}</th><td><a href="#p{n}"><code>{e(r.proposal)}</code></a></td>'
            f"<td><code>{e(r.file)}</code></td><td>{len(r.findings)}</td><td>{mark} {e(word)}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</nav>"]
    return out


def _unread(report: CheckReport) -> list[str]:
    if not report.problems:
        return []
    lang = report.lang
    out = [
        '<section class="unread" aria-labelledby="unread-h">',
        f'<h2 id="unread-h">{e(_t("unread", lang))}</h2>',
        "<ul>",
    ]
    out += [f"<li><code>{e(p.render())}</code></li>" for p in problems_sorted(report.problems)]
    out += ["</ul>", "</section>"]
    return out


def footer(report: CheckReport) -> str:
    lang = report.lang
    if report.provenance is not None:
        digest, key = report.provenance.digest, "footer"
    else:  # a library caller without the files: the results themselves are traced
        digest = hashlib.sha256(to_json(list(report.results)).encode("utf-8")).hexdigest()
        key = "footer_results"
    packs = sorted({f"{p.id} v{p.version}" for r in report.results for p in r.packs})
    return (
        f"<p>{e(_t(key, lang).format(v=__version__))} <code>{digest}</code></p>"
        f"<p>{e(_t('packs', lang))}: {e(', '.join(packs) or '—')}</p>"
    )


def check(report: CheckReport) -> str:
    lang = report.lang
    results = report.results
    title = _t("title", lang) if len(results) == 1 else _t("batch", lang).format(n=len(results))
    body = [f"<header><h1>{e(title)}</h1></header>", "<main>"]
    if len(results) > 1:
        body += _index(report)
    for n, r in enumerate(results, 1):
        body += proposal_html(r, report, n)
    body += _unread(report)
    body.append("</main>")
    return page(title, body, lang, footer(report))


def lint(report: LintReport) -> str:
    lang = report.lang
    title = _t("lint", lang)
    body = [f"<header><h1>{e(title)}</h1></header>", "<main>"]
    problems = problems_sorted(report.problems)
    if not problems:
        body.append(f"<p>{e(_t('clean', lang))}</p>")
    else:
        body += ['<table class="lint">', thead(_cols("lint_cols", lang)), "<tbody>"]
        for p in problems:
            sev = f"{_MARK[p.severity]} {labels.pick(labels.SEVERITIES[p.severity], lang)}"
            body.append(
                f"<tr><td><code>{e(p.file)}</code></td><td>{p.line or ''}</td><td>{p.column or ''}</td>"
                f"<td>{e(sev)}</td><td>{e(p.message)}</td></tr>"
            )
        body += ["</tbody>", "</table>"]
    body.append("</main>")
    return page(title, body, lang, f"<p>{e(_t('made', lang).format(v=__version__))}</p>")
