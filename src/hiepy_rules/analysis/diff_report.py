"""The report of ``hiepy diff``: the JSON payload, and the topic-by-topic table in text or Markdown."""

from __future__ import annotations

import io
import json
from typing import Any

from hiepy_rules.analysis.encode import Compiled
from hiepy_rules.analysis.report import KIND_WORDS
from hiepy_rules.analysis.topics import DiffResult
from hiepy_rules.findings.explain import required_text
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.version import __version__

VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "equal": ("như nhau", "equal"),
    "a_stricter": ("A chặt hơn", "A is stricter"),
    "b_stricter": ("B chặt hơn", "B is stricter"),
    "overlapping": ("mỗi bên chặt hơn ở chỗ khác", "overlapping differently"),
    "incompatible": ("không thể cùng thỏa mãn", "incompatible"),
}


def _side(rs: RuleSet, xs: list[Compiled], lang: str) -> list[dict[str, Any]]:
    out = []
    for x in xs:
        p = x.provision
        src = rs.sources.get(p.source.document)
        when = (
            " và ".join(required_text(x.cp, c, lang) for c in x.cp.when)
            if lang == "vi"
            else " and ".join(required_text(x.cp, c, lang) for c in x.cp.when)
        )
        rule = required_text(x.cp, x.cp.rule, lang) if x.cp.rule is not None else ""
        out.append(
            {
                "provision": x.id,
                "name": getattr(p.name, lang),
                "document": p.source.document,
                "article": p.source.article,
                "issued": src.issued.isoformat() if src is not None and src.issued else None,
                "issuer": x.pack.issuer(p),
                "modality": x.cp.modality,
                "severity": p.severity,
                "when": when,
                "requires": rule,
            }
        )
    return out


def payload(r: DiffResult, lang: str = "vi") -> dict[str, Any]:
    topics_out = []
    for t in r.topics:
        topics_out.append(
            {
                "topic": t.key,
                "words": {"vi": t.words[0], "en": t.words[1]},
                "verdict": t.verdict,
                "verdict_words": {"vi": VERDICT_WORDS[t.verdict][0], "en": VERDICT_WORDS[t.verdict][1]},
                "a": _side(r.a, t.a, lang),
                "b": _side(r.b, t.b, lang),
                "clashes": t.clashes,
                "notes": [{"vi": vi, "en": en} for vi, en in t.notes],
                "witnesses": [
                    {
                        "accepted_by": w.accepted_by.upper(),
                        "rejected_by": w.rejected_by.upper(),
                        "violates": w.violates,
                        "witness": w.path,
                        "confirmed": w.confirmed,
                        "note": w.note or None,
                    }
                    for w in t.witnesses
                ],
            }
        )
    return {
        "hiepy": __version__,
        "a": {"path": r.a_name, "packs": sorted(p.id for p in r.a.packs)},
        "b": {"path": r.b_name, "packs": sorted(p.id for p in r.b.packs)},
        "compared": r.compared,
        "same": r.same,
        "topics": topics_out,
    }


def render(r: DiffResult, fmt: str, lang: str) -> str:
    data = payload(r, lang)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(data, lang)
    return _text(data, lang)


def _cell(side: list[dict[str, Any]], lang: str, sep: str) -> str:
    vi = lang == "vi"
    if not side:
        return "không quy định" if vi else "says nothing"
    parts = []
    for p in side:
        mod = {
            "must": ("phải", "must"),
            "must_not": ("không được", "must not"),
            "should": ("nên", "should"),
            "may": ("được phép", "may"),
        }.get(p["modality"] or "", ("", ""))[0 if vi else 1]
        when = f"{'khi' if vi else 'when'} {p['when']}: " if p["when"] else ""
        head = f"{p['provision']} — {p['name']} ({p['document']}, {p['article']})"
        parts.append(f"{head}{sep}{when}{mod}: {p['requires']}".strip())
    return (sep + sep).join(parts)


def _witness_cell(t: dict[str, Any], lang: str, sep: str) -> str:
    vi = lang == "vi"
    out = []
    for w in t["witnesses"]:
        what = (
            f"{w['accepted_by']} chấp nhận, {w['rejected_by']} bác bỏ ({', '.join(w['violates'])})"
            if vi
            else f"{w['accepted_by']} accepts, {w['rejected_by']} rejects ({', '.join(w['violates'])})"
        )
        where = w["witness"] or ("(không ghi ra tệp)" if vi else "(not written)")
        ok = ("đã kiểm tra" if vi else "checked") if w["confirmed"] else ("chưa xác nhận" if vi else "not confirmed")
        out.append(f"{what}: {where} [{ok}]")
    for c in t["clashes"]:
        kv, ke = KIND_WORDS[c["kind"]]
        out.append(f"{kv if vi else ke}: {', '.join(c['provisions'])} (hiepy conflicts)")
    for n in t["notes"]:
        out.append(n[lang])
    return sep.join(out) or "—"


def _text(data: dict[str, Any], lang: str) -> str:
    # rich only for the text output
    from rich.console import Console
    from rich.table import Table

    vi = lang == "vi"
    # markup=False: folder names and words print as written ("[v2]" is not a style)
    console = Console(
        width=180, record=True, highlight=False, emoji=False, markup=False, color_system=None, file=io.StringIO()
    )
    a, b = data["a"], data["b"]
    console.print(f"A: {a['path']} ({', '.join(a['packs'])})")
    console.print(f"B: {b['path']} ({', '.join(b['packs'])})")
    if data["compared"] == "content":
        console.print(
            "Hai bộ quy định không cùng áp dụng cho một đơn vị vào một ngày: so sánh nội dung."
            if vi
            else "The two rule sets never apply to one unit on one day: their contents are compared."
        )
    table = Table(title="So sánh theo chủ đề" if vi else "Topic by topic", show_lines=True, expand=True)
    table.add_column("Chủ đề" if vi else "Topic", ratio=2)
    table.add_column("A", ratio=4)
    table.add_column("B", ratio=4)
    table.add_column("So sánh" if vi else "Verdict", ratio=1, min_width=14, overflow="fold")
    table.add_column("Đề án mẫu" if vi else "Witness", ratio=3, overflow="fold")
    for t in data["topics"]:
        table.add_row(
            t["words"][lang],
            _cell(t["a"], lang, "\n"),
            _cell(t["b"], lang, "\n"),
            t["verdict_words"][lang],
            _witness_cell(t, lang, "\n"),
        )
    console.print(table)
    return console.export_text()


def _markdown(data: dict[str, Any], lang: str) -> str:
    vi = lang == "vi"
    a, b = data["a"], data["b"]
    lines = [
        f"# {'So sánh hai bộ quy định' if vi else 'Two rule sets compared'}",
        "",
        f"- **A**: `{a['path']}` ({', '.join(a['packs'])})",
        f"- **B**: `{b['path']}` ({', '.join(b['packs'])})",
        "",
    ]
    if data["compared"] == "content":
        lines += [
            "Hai bộ quy định không cùng áp dụng cho một đơn vị vào một ngày: so sánh nội dung."
            if vi
            else "The two rule sets never apply to one unit on one day: their contents are compared.",
            "",
        ]
    head = ["Chủ đề", "A", "B", "So sánh", "Đề án mẫu"] if vi else ["Topic", "A", "B", "Verdict", "Witness"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in data["topics"]:
        row = [
            t["words"][lang],
            _cell(t["a"], lang, "<br>"),
            _cell(t["b"], lang, "<br>"),
            f"**{t['verdict_words'][lang]}**",
            _witness_cell(t, lang, "<br>"),
        ]
        lines.append("| " + " | ".join(x.replace("|", "\\|") for x in row) + " |")
    return "\n".join(lines) + "\n"
