"""One finding as HTML: what it says, where, why it applies, the values compared, the fix, the citation.

A conflict shows both sides, the precedence verdict and who settles it; a share whose verdict
depends on the denominator shows its value and verdict under each reading; the citation quotes the
provision's verbatim words (the Vietnamese original beside an English translation).
"""

from __future__ import annotations

from hiepy_rules.findings.model import Finding
from hiepy_rules.report import Lang
from hiepy_rules.report.html_page import columns, day, e, other_lang, say, severity_badge, thead
from hiepy_rules.schema import labels


def _citation(f: Finding, lang: Lang) -> list[str]:
    out: list[str] = []
    other = other_lang(lang)
    for d in f.documents:
        issuer = d.issuer.vi if lang == "vi" else d.issuer.en
        issued = f", {e(say('issued', lang))} {day(d.issued, lang)}" if d.issued else ""
        out.append(f'<div class="cite" data-provision="{e(d.provision)}">')
        out.append(
            f"<p><strong>{e(say('cite', lang))}:</strong> <code>{e(d.provision)}</code> — "
            f"{e(d.number)}, {e(issuer)}{issued}, {e(d.article)}</p>"
        )
        out.append(f'<blockquote lang="{lang}">“{e(d.text.vi if lang == "vi" else d.text.en)}”</blockquote>')
        if lang != "vi":  # the English report keeps the binding words beside the translation
            out.append(f'<p>{e(say("original", lang))}:</p><blockquote lang="{other}">“{e(d.text.vi)}”</blockquote>')
        later = d.replaced_by or d.document_replaced_by
        tail = f"; {e(say('replaced', lang))} {e(later)}" if later else ""
        # the address as words, never a link: the page makes no request, even when clicked
        source = f"; {e(say('source_at', lang))}: {e(d.url)}" if d.url and "://" in d.url else ""
        out.append(
            f"<p><small>{e(say('version', lang))}: {day(d.in_force.get('from'), lang)} – "
            f"{day(d.in_force.get('until'), lang)}, {e(d.pack)} v{e(d.pack_version)}{tail}{source}</small></p>"
        )
        if d.interpretation is not None:
            text = d.interpretation.vi if lang == "vi" else d.interpretation.en
            out.append(f"<p><small><em>{e(say('interp', lang))}:</em> {e(text)}</small></p>")
        out.append("</div>")
    return out


def _values(f: Finding, lang: Lang) -> list[str]:
    if not f.values:
        return []
    out = [
        f'<table class="values"><caption>{e(say("values", lang))}</caption>',
        thead(columns("value_cols", lang)),
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
        f'<table class="values"><caption>{e(say("readings", lang))}</caption>',
        thead(columns("reading_cols", lang)),
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
    out = [f"<dt>{e(say('sides', lang))}</dt><dd><ul>"]
    for side in c.sides:
        out.append(
            f"<li><code>{e(side.provision)}</code>: {e(side.allows.vi if lang == 'vi' else side.allows.en)}</li>"
        )
    out.append("</ul></dd>")
    p = c.precedence
    out.append(f"<dt>{e(say('precedence', lang))}</dt><dd>")
    if p.prevailing is not None and p.overridden is not None:
        out.append(f"<p><strong>{e(say('prevails', lang).format(a=p.prevailing, b=p.overridden))}</strong></p>")
    out.append(f"<p>{e(p.reason.vi if lang == 'vi' else p.reason.en)}</p></dd>")
    settled = (p.settled_by.vi if lang == "vi" else p.settled_by.en) if p.settled_by else say("nobody", lang)
    out.append(f"<dt>{e(say('settle', lang))}</dt><dd>{e(settled)}</dd>")
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
        f"<dt>{e(say('where', lang))}</dt><dd><code>{e(f.location.file)}:{f.location.line}:{f.location.column}</code>"
        f" · <code>{e(f.subject.path)}</code></dd>",
    ]
    why = [w.vi if lang == "vi" else w.en for w in f.explanation]
    if why:
        out.append(f"<dt>{e(say('why', lang))}</dt><dd><ol>" + "".join(f"<li>{e(w)}</li>" for w in why) + "</ol></dd>")
    if f.missing:
        out.append(
            f"<dt>{e(say('missing', lang))}</dt><dd>" + ", ".join(f"<code>{e(m)}</code>" for m in f.missing) + "</dd>"
        )
    out += _conflict(f, lang)
    if f.fix is not None:
        out.append(f"<dt>{e(say('fix', lang))}</dt><dd>{e(f.fix.vi if lang == 'vi' else f.fix.en)}</dd>")
    if f.overridden_by is not None:
        out.append(f"<dt>{e(say('overridden_by', lang))}</dt><dd><code>{e(f.overridden_by)}</code></dd>")
    if f.waiver is not None:
        w = f.waiver
        out.append(
            f"<dt>{e(say('waived', lang))}</dt><dd>{e(w.decision)} ({e(w.approved_by)}), "
            f"{e(say('valid_until', lang))} {day(w.valid_until, lang)}</dd>"
        )
    out.append("</dl>")
    out += _values(f, lang)
    out += _readings(f, lang)
    out += _citation(f, lang)
    out.append("</article>")
    return out
