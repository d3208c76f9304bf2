"""HTML: one self-contained page an analyst attaches to a dossier or prints (Vietnamese, or English with ``--lang en``).

The page needs nothing but itself (``html_page``): no scripts, fonts or images, no request. Per proposal: a
header (unit, proposal, the day the rules were taken at, the packs with versions), a summary
(counts by kind and severity, a one-line verdict), one section per title with its findings (the
citation with the provision's verbatim words, why it applies, the values compared, the fix;
conflicts with both sides, the precedence verdict and who settles it), then the overridden and
waived findings apart. A batch gets an index first. The footer traces the page to its inputs
(``provenance``). The markup is XHTML-compatible (well-formed XML), every string from a proposal
or a pack is escaped, and the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib

from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.report import CheckReport, Lang, LintReport, counts, problems_sorted
from hiepy_rules.report.html_finding import finding_html
from hiepy_rules.report.html_page import MARK, columns, day, e, page, say, thead
from hiepy_rules.report.json import to_json
from hiepy_rules.schema import labels
from hiepy_rules.version import __version__

_SEVERITY_ORDER = ("error", "warning", "info")


_KIND_ORDER = ("violation", "conflict", "indeterminate", "notice", "overridden")


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
    return f'<p class="verdict {cls}" data-failing="{n}">{mark} {e(say(key, lang).format(n=n))}</p>'


def _summary(r: CheckResult, report: CheckReport, rid: str) -> list[str]:
    lang = report.lang
    t = tally(r)
    kinds = [k for k in _KIND_ORDER if any(kk == k for kk, _ in t)]
    sevs = [labels.pick(labels.SEVERITIES[s], lang) for s in _SEVERITY_ORDER]
    out = [
        f'<section class="summary" aria-labelledby="{rid}-summary">',
        f'<h3 id="{rid}-summary">{e(say("summary", lang))}</h3>',
    ]
    out.append(verdict(failing_count(r, report), lang))
    if not r.findings:
        out += [f"<p>{e(say('none', lang))}</p>", "</section>"]
        return out
    out.append('<table class="counts">')
    out.append(
        thead(
            [
                say("kind", lang),
                *(f"{MARK[s]} {w}" for s, w in zip(_SEVERITY_ORDER, sevs, strict=True)),
                say("total", lang),
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
    foot = [f'<th scope="row">{e(say("total", lang))}</th>']
    for s in _SEVERITY_ORDER:
        foot.append(
            f'<td data-severity="{s}" data-total="severity">{sum(n for (_, ss), n in t.items() if ss == s)}</td>'
        )
    foot.append(f'<td data-total="all">{len(r.findings)}</td>')
    out += ["<tfoot><tr>" + "".join(foot) + "</tr></tfoot>", "</table>", "</section>"]
    return out


def _meta(r: CheckResult, report: CheckReport) -> list[str]:
    lang = report.lang
    prov = report.provenance
    unit = prov.units.get(r.file) if prov else None
    rows = [
        (say("unit", lang), f'<span lang="vi">{e(unit)}</span>' if unit else "—"),
        (say("proposal", lang), f"<code>{e(r.proposal)}</code>"),
        (say("file", lang), f"<code>{e(r.file)}</code>"),
        (say("as_of", lang), day(r.as_of, lang)),
    ]
    if prov and r.file in prov.files:
        rows.append((say("file_digest", lang), f"<code>{prov.files[r.file]}</code>"))
    out = ['<table class="meta"><tbody>']
    out += [f'<tr><th scope="row">{e(k)}</th><td>{v}</td></tr>' for k, v in rows]
    out.append("</tbody></table>")
    out.append(f'<table class="packs"><caption>{e(say("packs", lang))}</caption>')
    out += [thead(columns("pack_cols", lang)), "<tbody>"]
    for p in r.packs:
        auth = report.rules.authorities.get(p.issuer)
        issuer = (auth.name.vi if lang == "vi" else auth.name.en) if auth else p.issuer
        window = f"{day(p.in_force.get('from'), lang)} – {day(p.in_force.get('until'), lang)}"
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
        f'<h2 id="{rid}-h">{e(say("proposal", lang))}: <code>{e(r.proposal)}</code></h2>',
    ]
    out += _meta(r, report)
    out += _summary(r, report, rid)
    for g, (key, items) in enumerate(_groups(r, report), 1):
        gid = f"{rid}-g{g}"
        if key:
            head = f'{e(say("title_group", lang))}: <span lang="vi">{e(names.get(key, key))}</span>'
        else:
            head = e(say("whole", lang))
        out += [f'<section class="group" id="{gid}" aria-labelledby="{gid}-h">', f'<h3 id="{gid}-h">{head}</h3>']
        for i, f in items:
            out += finding_html(f, lang, f"{rid}-f{i}")
        out.append("</section>")
    apart = [(i, f) for i, f in enumerate(r.findings, 1) if f.kind == "overridden" or f.waiver is not None]
    if apart:
        out += [
            f'<section class="group apart" id="{rid}-apart" aria-labelledby="{rid}-apart-h">',
            f'<h3 id="{rid}-apart-h">{e(say("apart", lang))}</h3>',
            f"<p>{e(say('apart_note', lang))}</p>",
        ]
        for i, f in apart:
            out += finding_html(f, lang, f"{rid}-f{i}")
        out.append("</section>")
    out.append("</section>")
    return out


def _index(report: CheckReport) -> list[str]:
    lang = report.lang
    cols = ("#", say("proposal", lang), say("file", lang), say("total", lang), say("summary", lang))
    out = ['<nav aria-labelledby="index-h">', f'<h2 id="index-h">{e(say("index", lang))}</h2>', '<table class="index">']
    out += [thead(cols), "<tbody>"]
    for n, r in enumerate(report.results, 1):
        failing = failing_count(r, report)
        mark = "✗" if failing else "✓"
        word = say("verdict_fail" if failing else "verdict_pass", lang).format(n=failing)
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
        f'<h2 id="unread-h">{e(say("unread", lang))}</h2>',
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
        f"<p>{e(say(key, lang).format(v=__version__))} <code>{digest}</code></p>"
        f"<p>{e(say('packs', lang))}: {e(', '.join(packs) or '—')}</p>"
    )


def check(report: CheckReport) -> str:
    lang = report.lang
    results = report.results
    title = say("title", lang) if len(results) == 1 else say("batch", lang).format(n=len(results))
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
    title = say("lint", lang)
    body = [f"<header><h1>{e(title)}</h1></header>", "<main>"]
    problems = problems_sorted(report.problems)
    if not problems:
        body.append(f"<p>{e(say('clean', lang))}</p>")
    else:
        body += ['<table class="lint">', thead(columns("lint_cols", lang)), "<tbody>"]
        for p in problems:
            sev = f"{MARK[p.severity]} {labels.pick(labels.SEVERITIES[p.severity], lang)}"
            body.append(
                f"<tr><td><code>{e(p.file)}</code></td><td>{p.line or ''}</td><td>{p.column or ''}</td>"
                f"<td>{e(sev)}</td><td>{e(p.message)}</td></tr>"
            )
        body += ["</tbody>", "</table>"]
    body.append("</main>")
    return page(title, body, lang, f"<p>{e(say('made', lang).format(v=__version__))}</p>")
