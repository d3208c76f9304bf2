"""``hiepy explain ID``: everything about one provision an analyst asks before trusting a finding.

Its words in both languages, its citation and every version's dates in force, the interpretation,
the facts it reads and where each lives in a proposal, the complying and violating examples its
pack tests hold, and the provisions it can clash with (the static analysis of ``hiepy conflicts``,
asked only about this provision) with the precedence verdict. Text (Vietnamese, or English with
``--lang en``) or JSON (keys sorted, byte-identical across runs).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hiepy_rules.compile.compiler import compile_provision
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.ir import C, Cmp, CmpField, Record, walk
from hiepy_rules.errors import InputError
from hiepy_rules.lint.pack_tests import PackTestFile, display, tests_in
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import load
from hiepy_rules.schema import cadre, labels, procedure, proposal
from hiepy_rules.version import __version__

#: where each kind of record comes from in a proposal file
RECORDS: dict[str, str] = {
    "unit": "unit",
    "title": "titles[]",
    "candidacy": "titles[].candidates[] + cadres[]",
    "holding": "titles[].holders[] + cadres[]",
    "vote": "votes[]",
    "matter": "titles[].candidates, appointments[]",
    "confidence_vote": "cadres[].confidence_vote",
    "cadre_plan": "cadres[] + titles[].candidates",
    "consultation": "consultations[]",
    "report": "reports[]",
}


#: the proposal sections whose keys a record copies as they are (the first that has the field wins)
_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "title": (("Title", "titles[]"),),
    "candidacy": (("Title", "titles[]"), ("Cadre", "cadres[]")),
    "holding": (("Title", "titles[]"), ("Cadre", "cadres[]")),
    "vote": (("Vote", "votes[]"),),
    "matter": (("Title", "titles[]"), ("Appointment", "appointments[]")),
    "confidence_vote": (("ConfidenceVote", "cadres[].confidence_vote"),),
    "cadre_plan": (("Cadre", "cadres[]"),),
    "consultation": (("Consultation", "consultations[]"),),
    "report": (("Report", "reports[]"),),
}


#: fields computed from other keys than their own name
_COMPUTED: dict[str, str] = {
    "in_dossier": "titles[].planned, titles[].candidates",
    "candidate_count": "titles[].candidates",
    "external_candidate_count": "titles[].candidates + cadres[].source",
    "holder_count": "titles[].holders",
    "levels_below": "cadres[].current_post / cadres[].current_level, titles[].level",
    "incumbent": "titles[].holders",
    "planned_one_level_below": "titles[].candidates",
    "planned_same_or_higher": "titles[].candidates",
    "planned_higher": "titles[].candidates",
    "planned": "titles[].candidates",
    "titles_planned": "titles[].candidates",
    "on_provincial_list": "titles[].lists",
    "reply_days": "consultations[].requested_on, consultations[].reply_due",
    "replied": "consultations[].replied_on",
    "requested": "consultations[]",
    "proceeded": "votes[].step, titles[].candidates",
    "valid": "cadres[].confidence_vote.high + medium + low",
    "matter": "titles[].candidates, appointments[]",
}


MODALITY_WORDS = {
    "must": ("phải", "must"),
    "must_not": ("không được", "must not"),
    "should": ("nên", "should"),
    "may": ("được phép", "may"),
}


SUBJECT_WORDS = {
    "unit": ("đơn vị", "the unit"),
    "title": ("chức danh", "a title"),
    "candidacy": ("cán bộ được quy hoạch vào một chức danh", "a cadre planned for a title"),
    "holding": ("cán bộ đang giữ một chức danh", "a cadre holding a title"),
    "vote": ("một lần bỏ phiếu giới thiệu", "a nomination vote"),
    "matter": ("một việc về cán bộ (quy hoạch, bổ nhiệm...)", "a personnel matter (planning, appointment...)"),
    "confidence_vote": ("kết quả lấy phiếu tín nhiệm", "a confidence vote"),
    "cadre_plan": ("số chức danh quy hoạch của một cán bộ ở một bậc", "a cadre's planned titles at one level"),
    "consultation": ("một văn bản đề nghị hiệp y", "a consultation request"),
    "report": ("một báo cáo", "a report"),
}


STATUS_WORDS = {
    "seed": ("theo báo cáo nguồn", "as the source report states it"),
    "seed-inferred": ("suy từ báo cáo nguồn", "inferred from the source report"),
    "verified": ("đã đọc văn bản gốc", "primary text read"),
    "news-summary": ("theo tin tóm tắt", "as news summaries report it"),
}


class UnknownProvision(LookupError):
    """No provision has this id; ``suggestions`` holds the close ones."""

    def __init__(self, pid: str, suggestions: list[str]) -> None:
        super().__init__(pid)
        self.pid = pid
        self.suggestions = suggestions


def suggest(rs: RuleSet, pid: str) -> list[str]:
    """Ids close to ``pid``: the same id in some pack (``H1``), then the closest spellings."""
    ids = list(rs.versions_of)
    same_tail = [i for i in ids if i.split(".", 1)[-1].lower() == pid.lower()]
    close = difflib.get_close_matches(pid, ids, n=3, cutoff=0.6)
    return list(dict.fromkeys([*same_tail, *close]))[:3]


def _walk(c: C, subject: str) -> Iterator[tuple[str, str]]:
    """(record kind, field) of every fact a condition reads."""
    for x in walk(c):
        if isinstance(x, Cmp):
            yield _split(x.field, subject)
        elif isinstance(x, CmpField):
            yield _split(x.field, subject)
            yield _split(x.other, subject)
        elif isinstance(x, Record):
            for name in x.match:
                yield x.kind, name
            for w in x.where:
                yield x.kind, w.field


def _split(name: str, subject: str) -> tuple[str, str]:
    return ("unit", name.removeprefix("unit.")) if name.startswith("unit.") else (subject, name)


def _share_fields(name: str) -> list[str] | None:
    """``share_low__gt__1_2__valid`` reads ``low`` over ``valid``; ``share__…`` reads ``yes``."""
    if not name.startswith("share"):
        return None
    head, _, rest = name.partition("__")
    over = rest.rsplit("__", 1)[-1]
    return [head.removeprefix("share_") if head != "share" else "yes", over]


def where_in_proposal(kind: str, name: str, derived_from: dict[str, list[str]]) -> str:
    """Where a proposal says what a fact holds (a path, ``[]`` for each item of a list)."""
    if kind in derived_from:  # a derived fact: concluded by other provisions from a record
        return "← " + ", ".join(derived_from[kind])
    if kind == "unit":
        spec = FACT_SCHEMA["unit"].get(name)
        return spec.path if spec is not None and spec.path else "unit"
    shares = _share_fields(name)
    if shares is not None:
        base = _SECTIONS.get(kind, ((None, RECORDS.get(kind, kind)),))[0][1]
        return ", ".join(f"{base}.{f}" for f in shares)
    if name in _COMPUTED and not (kind in ("vote", "consultation", "report") and name == "matter"):
        return _COMPUTED[name]
    for cls, base in _SECTIONS.get(kind, ()):
        fields = next(getattr(m, cls) for m in (proposal, cadre, procedure) if hasattr(m, cls)).model_fields
        if name in fields or (name == "title" and cls == "Title"):
            return f"{base}.{'id' if name == 'title' and cls == 'Title' else name}"
        if name == "cadre" and cls == "Cadre":
            return f"{base}.id"
    return RECORDS.get(kind, kind)


def _words(pair: tuple[str, str]) -> dict[str, str]:
    return {"vi": pair[0], "en": pair[1]}


def facts_read(rs: RuleSet, pid: str) -> list[dict[str, Any]]:
    """Every fact any version of the provision reads (its pack's scope, its ``when``, its rule), in a stable order."""
    derived_from: dict[str, list[str]] = {}
    for pack in rs.packs:
        for loc in pack.provisions:
            if loc.provision.derive:
                derived_from.setdefault(loc.provision.derive, []).append(loc.provision.id)
    seen: dict[tuple[str, str], None] = {}
    for pack, loc in rs.versions_of[pid]:
        for test in pack.manifest.scope.when:  # the pack's scope decides first whether it applies at all
            seen.setdefault(("unit", test.fact.removeprefix("unit.")), None)
        cp = compile_provision(pack, loc.provision)
        for c in (*cp.when, *([cp.rule] if cp.rule is not None else [])):
            for key in _walk(c, cp.subject):
                seen.setdefault(key, None)
    out = []
    for kind, name in seen:
        shares = _share_fields(name)
        label = (
            _words((f"tỉ lệ {labels.field(shares[0], 'vi')}", f"share of {labels.field(shares[0], 'en')}"))
            if shares
            else {"vi": labels.field(name, "vi"), "en": labels.field(name, "en")}
        )
        out.append(
            {
                "record": kind,
                "field": name,
                "label": label,
                "in_proposal": where_in_proposal(kind, name, derived_from),
            }
        )
    return out


def _versions(rs: RuleSet, pid: str) -> list[dict[str, Any]]:
    out = []
    for pack, loc in rs.versions_of[pid]:
        p = loc.provision
        window = pack.in_force(p)
        file, line, column = loc.where()
        out.append(
            {
                "pack": pack.id,
                "pack_version": pack.manifest.version,
                "in_force": {
                    "from": window.from_.isoformat(),
                    "until": window.until.isoformat() if window.until else None,
                },
                "replaced_by": p.replaced_by,
                "file": Path(file).as_posix(),
                "line": line,
                "column": column,
            }
        )
    return out


def examples(rs: RuleSet, pid: str) -> dict[str, list[dict[str, Any]]]:
    """The pack-test cases that show the provision fire, and those that show it stay silent."""
    fires: list[dict[str, Any]] = []
    silent: list[dict[str, Any]] = []
    for pack in rs.packs:
        for path in tests_in(pack.directory):
            try:
                parsed = validate(PackTestFile, load(path, display=display(path)))
            except (InputError, OSError):
                continue  # hiepy lint and hiepy test report it
            for case in parsed.tests:
                where = (
                    Path(display((path.parent / case.proposal).resolve()))
                    if isinstance(case.proposal, str)
                    else Path(display(path))
                ).as_posix()
                entry = {"test": f"{display(path)}::{case.name}", "proposal": where}
                named = [e for e in case.expect if e.provision == pid]
                if named:
                    fires.append({**entry, "kinds": sorted({e.kind for e in named})})
                elif pid in case.silent or (case.exact and Path(where).name.startswith(pid + ".")):
                    silent.append(entry)
    return {"violating": fires, "complying": silent}


def clashes(rs: RuleSet, pid: str, analysis: dict[str, Any] | None = None) -> dict[str, Any]:
    """What ``hiepy conflicts`` says about this provision: clashes with the verdict, dead, redundant.

    ``analysis``: the whole ``Report.payload()`` when the caller has it (a loop over every provision);
    otherwise the analysis is asked only the questions that involve ``pid``."""
    if analysis is None:
        # z3 only for the clashes of a provision
        from hiepy_rules.analysis.report import build

        analysis = build(rs, new={pid}, confirm=False).payload()
    found = []
    for key in ("conflicts", "sets", "contradictions"):
        for c in analysis[key]:
            if pid not in c["provisions"]:
                continue
            found.append(
                {
                    "kind": c["kind"],
                    "kind_words": c["kind_words"],
                    "with": [p for p in c["provisions"] if p != pid],
                    "choice_words": c["choice_words"],
                    "region": {"vi": c["region"]["vi"], "en": c["region"]["en"]},
                    "in_force": c["in_force"],
                    "precedence": c["precedence"] if isinstance(c["precedence"], list) else [c["precedence"]],
                }
            )
    return {
        "clashes": found,
        "dead": [d["reason"] for d in analysis["dead"] if d["provision"] == pid],
        "implied_by": [r["implied_by"] for r in analysis["redundant"] if r["provision"] == pid],
    }


def explain(rs: RuleSet, pid: str, analysis: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON-ready explanation; ``UnknownProvision`` when no pack has ``pid``."""
    if pid not in rs.versions_of:
        raise UnknownProvision(pid, suggest(rs, pid))
    pack, loc = rs.versions_of[pid][-1]  # the latest version speaks for the words
    p = loc.provision
    issuer_id = pack.issuer(p)
    auth = rs.authorities.get(issuer_id)
    src = rs.sources.get(p.source.document)
    return {
        "hiepy": __version__,
        "id": pid,
        "name": {"vi": p.name.vi, "en": p.name.en},
        "text": {"vi": p.text.vi, "en": p.text.en},
        "interpretation": {"vi": p.interpretation.vi, "en": p.interpretation.en} if p.interpretation else None,
        "source": {
            "document": p.source.document,
            "article": p.source.article,
            "basis": list(p.source.basis),
            "issuer": {
                "id": issuer_id,
                "vi": auth.name.vi if auth else issuer_id,
                "en": auth.name.en if auth else issuer_id,
            },
            "issued": src.issued.isoformat() if src and src.issued else None,
            "url": src.url if src else None,
            "status": p.status,
        },
        "severity": p.severity,
        "modality": p.modality,
        "modality_words": _words(MODALITY_WORDS[p.modality]) if p.modality else None,
        "subject": p.subject,
        "subject_words": _words(SUBJECT_WORDS[p.subject]) if p.subject in SUBJECT_WORDS else None,
        "derive": p.derive,
        "versions": _versions(rs, pid),
        "facts": facts_read(rs, pid),
        "examples": examples(rs, pid),
        **clashes(rs, pid, analysis),
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


_T = {
    "source": ("Nguồn", "Source"),
    "issued": ("ngày ban hành", "issued"),
    "basis": ("căn cứ", "basis"),
    "words_vi": ("Lời văn (tiếng Việt)", "Words (Vietnamese, binding)"),
    "words_en": ("Lời văn (bản dịch tiếng Anh)", "Words (English translation)"),
    "versions": ("Hiệu lực, mọi phiên bản", "In force, every version"),
    "replaced": ("sau đó thay bằng", "then replaced by"),
    "interp": (
        "Cách hiểu (diễn giải của gói, không phải lời văn bản)",
        "Interpretation (the pack's, not the source's words)",
    ),
    "applies": ("Áp dụng cho", "Applies to"),
    "severity": ("mức", "severity"),
    "derives": ("kết luận ra", "concludes"),
    "facts": ("Dữ kiện được đọc và vị trí trong đề án", "Facts read, and where they live in a proposal"),
    "examples": ("Ví dụ trong bộ kiểm thử của gói", "Examples in the pack tests"),
    "violating": ("vi phạm", "violates"),
    "complying": ("tuân thủ", "complies"),
    "no_examples": ("không có", "none"),
    "clashes": ("Có thể xung đột với (phân tích tĩnh)", "Can clash with (static analysis)"),
    "no_clash": ("không có xung đột nào được phát hiện", "no clash found"),
    "settle": ("cấp quyết định", "settled by"),
    "together": ("cùng hiệu lực từ", "in force together from"),
    "dead": ("Không bao giờ áp dụng", "Never applies"),
    "implied": ("Bao hàm bởi", "Implied by"),
    "status": ("tình trạng xác minh", "verification"),
}


def _t(key: str, lang: str) -> str:
    return labels.pick(_T[key], lang)


def _date(iso: str | None, lang: str) -> str:
    if not iso:
        return "…"
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}" if lang == "vi" else iso


def render_text(data: dict[str, Any], lang: str = "vi") -> str:
    """The explanation for a person: Vietnamese first (English with ``lang="en"``), one section a block."""
    src = data["source"]
    out = [f"{data['id']} — {data['name'][lang]}", ""]
    issued = f", {_t('issued', lang)} {_date(src['issued'], lang)}" if src["issued"] else ""
    out.append(f"{_t('source', lang)}: {src['document']}, {src['issuer'][lang]}{issued}, {src['article']}")
    if src["basis"]:
        out.append(f"  {_t('basis', lang)}: {', '.join(src['basis'])}")
    status = STATUS_WORDS.get(src["status"])
    out.append(f"  {_t('status', lang)}: {labels.pick(status, lang) if status else src['status']}")
    out += ["", f"{_t('words_vi', lang)}:", f"  “{data['text']['vi']}”", f"{_t('words_en', lang)}:"]
    out += [f"  “{data['text']['en']}”", ""]
    out.append(f"{_t('versions', lang)}:")
    for v in data["versions"]:
        later = f"; {_t('replaced', lang)} {v['replaced_by']}" if v["replaced_by"] else ""
        out.append(
            f"  · {_date(v['in_force']['from'], lang)} – {_date(v['in_force']['until'], lang)}: "
            f"{v['pack']} v{v['pack_version']} ({v['file']}:{v['line']}){later}"
        )
    if data["interpretation"]:
        out += ["", f"{_t('interp', lang)}:", f"  {' '.join(data['interpretation'][lang].split())}"]
    subject = data["subject_words"][lang] if data["subject_words"] else data["subject"]
    modality = data["modality_words"][lang] if data["modality_words"] else ""
    head = f"{_t('applies', lang)}: {subject}; {modality}" if modality else f"{_t('applies', lang)}: {subject}"
    head += f"; {_t('severity', lang)}: {labels.pick(labels.SEVERITIES[data['severity']], lang)}"
    if data["derive"]:
        head += f"; {_t('derives', lang)}: {data['derive']}"
    out += ["", head, "", f"{_t('facts', lang)}:"]
    for f in data["facts"]:
        out.append(f"  · {f['record']}.{f['field']} ({f['label'][lang]}): {f['in_proposal']}")
    out += ["", f"{_t('examples', lang)}:"]
    for key, mark in (("violating", "✗"), ("complying", "✓")):
        cases = data["examples"][key]
        if not cases:
            out.append(f"  {mark} {_t(key, lang)}: {_t('no_examples', lang)}")
        for c in cases:
            out.append(f"  {mark} {_t(key, lang)}: {c['proposal']}  [{c['test']}]")
    out += ["", f"{_t('clashes', lang)}:"]
    if not data["clashes"]:
        out.append(f"  {_t('no_clash', lang)}")
    for c in data["clashes"]:
        choice = f" — {c['choice_words'][lang]}" if c["choice_words"] else ""
        out.append(f"  · {', '.join(c['with'])}: {c['kind_words'][lang]}{choice}")
        out.append(f"    {' '.join(c['region'][lang].split())}")
        out.append(f"    ({_t('together', lang)} {_date(c['in_force']['from'], lang)})")
        for v in c["precedence"]:
            settled = f" ({_t('settle', lang)}: {v['settled_by'][lang]})" if v["settled_by"] else ""
            out.append(f"    → {v['reason'][lang]}{settled}")
    for reason in data["dead"]:
        out += ["", f"{_t('dead', lang)}: {reason[lang]}"]
    if data["implied_by"]:
        out += ["", f"{_t('implied', lang)}: {', '.join(data['implied_by'])}"]
    return "\n".join(out) + "\n"
