"""What-if: the same proposals judged twice, by the baseline and by an alternative (another day, other packs).

``hiepy check PROPOSALS --compare-as-of DATE`` and/or ``--compare-rules DIR`` report the findings
that appear, disappear or change between the two, so that a drafter sees what a new regulation or
a draft pack does to real dossiers. A finding is the same finding on both sides when it names the
same provisions about the same fact; it changed when its kind, severity, message, values or
precedence differ. Over a folder, a summary counts for each provision how many proposals it newly
fails (a counted finding appears) and newly passes (one disappears). Text, JSON, Markdown, HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.report import FailOn, Lang, counts
from hiepy_rules.schema import labels
from hiepy_rules.version import __version__

Change = Literal["appeared", "disappeared", "changed"]


FORMATS = ("text", "json", "markdown", "html")


@dataclass(frozen=True)
class Side:
    """One way of judging: the day the provisions are taken at (None: each proposal's date) and the rules."""

    as_of: dt.date | None
    rules: tuple[str, ...]  # rules roots or pack folders as given; () is the bundled rules

    def words(self, lang: Lang) -> str:
        if self.as_of is None:
            day = (
                "quy định có hiệu lực vào ngày của đề án"
                if lang == "vi"
                else "provisions in force on the proposal's date"
            )
        elif lang == "vi":
            day = f"quy định có hiệu lực ngày {self.as_of.strftime('%d/%m/%Y')}"
        else:
            day = f"provisions in force on {self.as_of.isoformat()}"
        rules = ", ".join(self.rules) or ("các gói kèm theo hiepy" if lang == "vi" else "the bundled packs")
        return f"{day}; {rules}"


@dataclass(frozen=True)
class Difference:
    change: Change
    before: Finding | None
    after: Finding | None

    @property
    def finding(self) -> Finding:
        f = self.after if self.after is not None else self.before
        assert f is not None
        return f


@dataclass
class ProposalDiff:
    file: str
    proposal: str
    before: CheckResult
    after: CheckResult
    differences: list[Difference] = field(default_factory=list)


def _key(f: Finding) -> tuple[tuple[str, ...], str]:
    return tuple(f.provisions), f.subject.fact


def _same(a: Finding, b: Finding) -> bool:
    keep = {"kind", "severity", "message", "values", "conflict", "overridden_by", "missing", "waiver"}
    return a.model_dump(include=keep) == b.model_dump(include=keep)


def compare(before: CheckResult, after: CheckResult) -> ProposalDiff:
    """Pair findings by (provisions, fact), in order; the rest appeared or disappeared."""
    out = ProposalDiff(before.file, before.proposal, before, after)
    left: dict[tuple[tuple[str, ...], str], list[Finding]] = {}
    for f in before.findings:
        left.setdefault(_key(f), []).append(f)
    for f in after.findings:
        olds = left.get(_key(f))
        if olds:
            old = olds.pop(0)
            if not _same(old, f):
                out.differences.append(Difference("changed", old, f))
        else:
            out.differences.append(Difference("appeared", None, f))
    for olds in left.values():
        out.differences.extend(Difference("disappeared", old, None) for old in olds)
    order = {"appeared": 0, "changed": 1, "disappeared": 2}
    out.differences.sort(key=lambda d: (order[d.change], d.finding.provisions, d.finding.subject.fact))
    return out


def _counted(f: Finding | None, fail_on: FailOn) -> bool:
    return f is not None and counts(f, fail_on)


def summary(diffs: Sequence[ProposalDiff], fail_on: FailOn = "error") -> list[dict[str, Any]]:
    """For each provision: how many proposals it newly fails and newly passes (counted findings only)."""
    fails: dict[str, set[str]] = {}
    passes: dict[str, set[str]] = {}
    for d in diffs:
        for x in d.differences:
            was, now = _counted(x.before, fail_on), _counted(x.after, fail_on)
            if now and not was:
                for pid in x.finding.provisions:
                    fails.setdefault(pid, set()).add(d.file)
            elif was and not now:
                for pid in x.finding.provisions:
                    passes.setdefault(pid, set()).add(d.file)
    return [
        {"provision": pid, "newly_fails": len(fails.get(pid, ())), "newly_passes": len(passes.get(pid, ()))}
        for pid in sorted(set(fails) | set(passes))
    ]


# --- the words --------------------------------------------------------------------------------------

_T = {
    "title": ("So sánh kết quả kiểm tra (giả định)", "What-if comparison"),
    "baseline": ("Cơ sở", "Baseline"),
    "alternative": ("Phương án so sánh", "Alternative"),
    "appeared": ("phát hiện mới", "appears"),
    "disappeared": ("không còn", "disappears"),
    "changed": ("thay đổi", "changes"),
    "none": ("Không có khác biệt.", "No difference."),
    "summary": ("Tổng hợp theo quy định", "By provision"),
    "summary_cols": (
        "Quy định|Số đề án mới không đạt|Số đề án mới đạt",
        "Provision|Proposals newly failing|Proposals newly passing",
    ),
    "cols": ("#|Thay đổi|Quy định|Đối tượng|Trước|Sau", "#|Change|Provision|Subject|Before|After"),
    "proposal": ("Đề án", "Proposal"),
    "count": ("{a} mới, {c} thay đổi, {d} không còn", "{a} new, {c} changed, {d} gone"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "made": ("Lập bằng hiepy {v}.", "Made with hiepy {v}."),
}


def _t(key: str, lang: Lang) -> str:
    return labels.pick(_T[key], lang)


def _state(f: Finding | None, lang: Lang) -> str:
    if f is None:
        return "—"
    kind = labels.pick(labels.KINDS[f.kind], lang)
    sev = labels.pick(labels.SEVERITIES[f.severity], lang)
    return f"{kind} ({sev}): {f.message.vi if lang == 'vi' else f.message.en}"


def _tally(d: ProposalDiff, lang: Lang) -> str:
    n = {c: sum(1 for x in d.differences if x.change == c) for c in ("appeared", "changed", "disappeared")}
    return _t("count", lang).format(a=n["appeared"], c=n["changed"], d=n["disappeared"])


def to_json(diffs: Sequence[ProposalDiff], base: Side, alt: Side, fail_on: FailOn) -> str:
    def side(s: Side) -> dict[str, Any]:
        return {"as_of": s.as_of.isoformat() if s.as_of else None, "rules": list(s.rules)}

    payload = {
        "hiepy": __version__,
        "baseline": side(base),
        "alternative": side(alt),
        "results": [
            {
                "file": d.file,
                "proposal": d.proposal,
                "baseline": {"as_of": d.before.as_of, "packs": [p.model_dump(mode="json") for p in d.before.packs]},
                "alternative": {"as_of": d.after.as_of, "packs": [p.model_dump(mode="json") for p in d.after.packs]},
                "differences": [
                    {
                        "change": x.change,
                        "provisions": list(x.finding.provisions),
                        "subject": x.finding.subject.fact,
                        "before": x.before.model_dump(mode="json") if x.before else None,
                        "after": x.after.model_dump(mode="json") if x.after else None,
                    }
                    for x in d.differences
                ],
            }
            for d in diffs
        ],
        "summary": summary(diffs, fail_on),
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def render_text(diffs: Sequence[ProposalDiff], base: Side, alt: Side, lang: Lang, fail_on: FailOn) -> str:
    out = [
        _t("title", lang),
        f"  {_t('baseline', lang)}: {base.words(lang)}",
        f"  {_t('alternative', lang)}: {alt.words(lang)}",
    ]
    marks = {"appeared": "+", "disappeared": "-", "changed": "~"}
    for d in diffs:
        out += ["", f"{_t('proposal', lang)} {d.proposal} ({d.file}): {_tally(d, lang)}"]
        if not d.differences:
            out.append(f"  {_t('none', lang)}")
        for x in d.differences:
            f = x.finding
            out.append(f"  {marks[x.change]} {_t(x.change, lang)}: {' × '.join(f.provisions)} — {f.subject.path}")
            if x.before is not None:
                out.append(f"      {_t('before', lang)}: {_state(x.before, lang)}")
            if x.after is not None:
                out.append(f"      {_t('after', lang)}: {_state(x.after, lang)}")
    rows = summary(diffs, fail_on)
    if len(diffs) > 1 or rows:
        cols = _t("summary_cols", lang).split("|")
        out += ["", f"{_t('summary', lang)}:"]
        for r in rows:
            out.append(
                f"  {r['provision']}: {cols[1].lower()} {r['newly_fails']}, {cols[2].lower()} {r['newly_passes']}"
            )
        if not rows:
            out.append(f"  {_t('none', lang)}")
    return "\n".join(out) + "\n"


def render_markdown(diffs: Sequence[ProposalDiff], base: Side, alt: Side, lang: Lang, fail_on: FailOn) -> str:
    # only for --format markdown
    from hiepy_rules.report.markdown import cell

    def table(header: str) -> list[str]:
        cols = header.split("|")
        return ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]

    out = [f"## {_t('title', lang)}", "", f"- {_t('baseline', lang)}: {cell(base.words(lang))}"]
    out += [f"- {_t('alternative', lang)}: {cell(alt.words(lang))}", ""]
    for d in diffs:
        out += [f"### {_t('proposal', lang)} `{cell(d.proposal)}` (`{cell(d.file)}`): {_tally(d, lang)}", ""]
        if not d.differences:
            out += [_t("none", lang), ""]
            continue
        out += table(_t("cols", lang))
        for i, x in enumerate(d.differences, 1):
            f = x.finding
            cells = [
                str(i),
                _t(x.change, lang),
                cell(", ".join(f.provisions)),
                f"`{cell(f.subject.path)}`",
                cell(_state(x.before, lang)),
                cell(_state(x.after, lang)),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    rows = summary(diffs, fail_on)
    out += [f"### {_t('summary', lang)}", ""]
    if rows:
        out += table(_t("summary_cols", lang))
        out += [f"| {cell(r['provision'])} | {r['newly_fails']} | {r['newly_passes']} |" for r in rows]
    else:
        out.append(_t("none", lang))
    return "\n".join(out).rstrip("\n") + "\n"


def render_html(
    diffs: Sequence[ProposalDiff],
    base: Side,
    alt: Side,
    lang: Lang,
    fail_on: FailOn,
    digests: tuple[str, str] | None = None,
) -> str:
    """``digests``: SHA-256 of the proposals and packs of each side (``provenance``), for the footer."""
    # only for --format html
    from hiepy_rules.report.html_finding import finding_html
    from hiepy_rules.report.html_page import e, page, thead

    title = _t("title", lang)
    body = [f"<header><h1>{e(title)}</h1></header>", "<main>", '<table class="meta"><tbody>']
    body.append(f'<tr><th scope="row">{e(_t("baseline", lang))}</th><td>{e(base.words(lang))}</td></tr>')
    body.append(f'<tr><th scope="row">{e(_t("alternative", lang))}</th><td>{e(alt.words(lang))}</td></tr>')
    body.append("</tbody></table>")
    rows = summary(diffs, fail_on)
    body += [
        '<section class="summary" aria-labelledby="whatif-summary">',
        f'<h2 id="whatif-summary">{e(_t("summary", lang))}</h2>',
    ]
    if rows:
        body += ['<table class="whatif-summary">', thead(_t("summary_cols", lang).split("|")), "<tbody>"]
        for r in rows:
            body.append(
                f'<tr><th scope="row"><code>{e(r["provision"])}</code></th>'
                f'<td data-newly="fails">{r["newly_fails"]}</td><td data-newly="passes">{r["newly_passes"]}</td></tr>'
            )
        body += ["</tbody>", "</table>"]
    else:
        body.append(f"<p>{e(_t('none', lang))}</p>")
    body.append("</section>")
    marks = {"appeared": "+", "disappeared": "−", "changed": "~"}
    for n, d in enumerate(diffs, 1):
        rid = f"p{n}"
        body += [
            f'<section class="proposal" id="{rid}" aria-labelledby="{rid}-h" data-proposal="{e(d.proposal)}">',
            f'<h2 id="{rid}-h">{e(_t("proposal", lang))}: <code>{e(d.proposal)}</code></h2>',
            f"<p><code>{e(d.file)}</code> — {e(_tally(d, lang))}</p>",
        ]
        if not d.differences:
            body.append(f"<p>{e(_t('none', lang))}</p>")
        for i, x in enumerate(d.differences, 1):
            body.append(f'<div class="change" data-change="{x.change}">')
            body.append(f"<h3>{marks[x.change]} {e(_t(x.change, lang).capitalize())}</h3>")
            if x.before is not None and x.after is not None:
                body.append(f"<p><strong>{e(_t('before', lang))}:</strong> {e(_state(x.before, lang))}</p>")
            body += finding_html(x.finding, lang, f"{rid}-c{i}")
            body.append("</div>")
        body.append("</section>")
    body.append("</main>")
    footer = f"<p>{e(_t('made', lang).format(v=__version__))}</p>"
    if digests is not None:
        footer += (
            f"<p>SHA-256 — {e(_t('baseline', lang))}: <code>{digests[0]}</code>; "
            f"{e(_t('alternative', lang))}: <code>{digests[1]}</code></p>"
        )
    return page(title, body, lang, footer)


RENDER = {"text": render_text, "markdown": render_markdown, "html": render_html}


# --- the command ------------------------------------------------------------------------------------


def run_compare(
    paths: Sequence[Path],
    *,
    rules: list[Path] | None,
    as_of: dt.date | None,
    compare_as_of: dt.date | None,
    compare_rules: list[Path] | None,
    fmt: str = "text",
    lang: Lang = "vi",
    engine: Any = "auto",
    fail_on: FailOn = "error",
    output: Path | None = None,
) -> int:
    """Exit status: 0 no difference, 1 some finding appears, disappears or changes, 2 bad input or usage."""
    # the library loads when a comparison is asked for (cli/check imports this module lazily too)
    from hiepy_rules.cli.batch_files import expand
    from hiepy_rules.cli.output import write_output
    from hiepy_rules.engine.base import EngineUnavailable
    from hiepy_rules.errors import InputError, Problem
    from hiepy_rules.load.packs import load_rules
    from hiepy_rules.pipeline import check_proposal, read_proposal

    if fmt not in FORMATS:
        print(f"hiepy: --compare-as-of/--compare-rules give text, json, markdown or html, not {fmt}", file=sys.stderr)
        return 2
    sets = []
    for roots in (rules, compare_rules if compare_rules else rules):
        rs = load_rules(roots or None)
        errors = [p for p in rs.problems if p.severity == "error"]
        if errors:
            for p in errors:
                print(p.render(), file=sys.stderr)
            return 2
        sets.append(rs)
    base = Side(as_of, tuple(str(p) for p in rules or ()))
    alt = Side(compare_as_of or as_of, tuple(str(p) for p in (compare_rules or rules or ())))
    files, failed, _ = expand(paths)
    failed = list(failed)
    diffs: list[ProposalDiff] = []
    for path in files:
        try:
            proposal, doc = read_proposal(path, display=str(path))
            before = check_proposal(proposal, doc=doc, rules=sets[0], as_of=base.as_of, engine=engine)
            after = check_proposal(proposal, doc=doc, rules=sets[1], as_of=alt.as_of, engine=engine)
        except InputError as exc:
            failed.extend(exc.problems)
            continue
        except EngineUnavailable as exc:
            print(f"hiepy: {exc}", file=sys.stderr)
            return 2
        diffs.append(compare(before, after))
    for p in sorted(set(failed), key=Problem.render):
        print(p.render(), file=sys.stderr)
    if fmt == "html":  # a printed comparison is traced to its files, as the report is
        from hiepy_rules.cli.provenance import collect  # it loads the pipeline: only for HTML

        digests = (
            collect([d.before for d in diffs], sets[0]).digest,
            collect([d.after for d in diffs], sets[1]).digest,
        )
        text = render_html(diffs, base, alt, lang, fail_on, digests)
    elif fmt == "json":
        text = to_json(diffs, base, alt, fail_on)
    else:
        text = RENDER[fmt](diffs, base, alt, lang, fail_on)
    if not write_output(text, output):
        return 2
    if failed:
        return 2
    return 1 if any(d.differences for d in diffs) else 0
