"""From engine outcomes to findings an analyst can act on (brief §7, "What a finding must tell").

Each finding says what is wrong and where (the proposal path and its file:line:column), under
which provision (document number, issuer, date, article, its words in Vietnamese and English),
why it applies (the facts that triggered it, as a short chain through derived facts), the values
compared, and the smallest change that complies. Everything here is shared by both engines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from hiepy_rules import labels
from hiepy_rules.compile import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Program, Record
from hiepy_rules.conflicts import Clash, describe_window
from hiepy_rules.engines.base import EngineResult
from hiepy_rules.facts import DENOMINATORS, ShareMeasure, field_path
from hiepy_rules.fixes import FixContext, propose
from hiepy_rules.logic import RecordIndex, evaluate, matching_records
from hiepy_rules.packs import Located, Pack, RuleSet
from hiepy_rules.precedence import Verdict
from hiepy_rules.proposal import Proposal
from hiepy_rules.provision import SourceDoc
from hiepy_rules.settle import settle
from hiepy_rules.yamlio import Document, PathKey

Kind = Literal["violation", "conflict", "overridden", "notice", "indeterminate"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Out):
    vi: str
    en: str


class Location(_Out):
    file: str
    line: int  # in a workbook: the cell's row and column, beside its sheet and cell reference
    column: int
    sheet: str | None = None  # absent from the JSON for a YAML file
    cell: str | None = None

    @model_serializer(mode="wrap")
    def _omit_absent_cell(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("sheet") is None:
            data.pop("sheet", None)
            data.pop("cell", None)
        return data

    def text(self) -> str:
        """``FILE:LINE:COLUMN``, or ``FILE:Sheet!Cell`` in a workbook."""
        if self.sheet:
            return f"{self.file}:{self.sheet}!{self.cell}"
        return f"{self.file}:{self.line}:{self.column}"


class Issuer(_Out):
    id: str
    vi: str
    en: str
    rank: int | None


class DocumentRef(_Out):
    """The provision a finding cites, as the version in force on the check's day (``as_of``)."""

    provision: str
    pack: str
    pack_version: str
    number: str
    type: str | None
    issuer: Issuer
    issued: str | None
    article: str
    url: str | None
    verification: str | None
    basis: list[str]
    in_force: dict[str, str | None]  # this version's window: from (inclusive), until (exclusive)
    replaced_by: str | None  # the provision taking over when this version ends
    document_replaced_by: str | None  # the document that replaced the source, per sources.yaml
    text: Words
    interpretation: Words | None
    reported_in: Words | None = None  # a provision known only through a report: whose report


class Compared(_Out):
    fact: str
    label: Words
    actual: Any
    op: str
    expected: Any


class FixOut(_Out):
    vi: str
    en: str
    changes: list[dict[str, Any]]


class Side(_Out):
    provision: str
    allows: Words


class PrecedenceOut(_Out):
    rule: str
    prevailing: str | None
    overridden: str | None
    settled_by: Issuer | None
    reason: Words


class ConflictOut(_Out):
    kind: Literal["incompatible", "permission_withdrawn"]
    choice: str
    sides: list[Side]
    reason: Words
    precedence: PrecedenceOut


class Reading(_Out):
    """A share under one reading of its denominator, and whether the provision's bound holds under it."""

    over: str  # convened | present | valid
    label: Words
    count: int
    denominator: int
    percent: float  # rounded to 0.1
    holds: bool  # the provision's bound (e.g. > 50%) holds under this reading
    provision_reading: bool  # the reading the provision (its pack) uses


class Subject(_Out):
    path: str
    fact: str
    title: str | None  # the title it concerns, when it concerns one (reports group by it)
    label: Words


class WaiverRef(_Out):
    """The accepted exception (``hiepy check --waivers``) that waives a finding: shown, not counted."""

    decision: str
    approved_by: str
    valid_until: str
    file: str
    line: int
    column: int


class Finding(_Out):
    kind: Kind
    severity: Literal["error", "warning", "info"]
    provisions: list[str]
    documents: list[DocumentRef]
    subject: Subject
    location: Location
    message: Words
    explanation: list[Words]
    values: list[Compared]
    fix: FixOut | None
    conflict: ConflictOut | None = None
    overridden_by: str | None = None
    missing: list[str] = []
    waiver: WaiverRef | None = None  # set by ``waivers.apply``; absent from the JSON when None
    #: the sides' own findings shown inside a conflict or an overridden finding (brief decision 9):
    #: not counted; absent from the JSON when empty
    folded: list[Finding] = []
    #: an interpretation-sensitive share: its value under each reading of the denominator (absent when none)
    readings: list[Reading] = []

    @model_serializer(mode="wrap")
    def _omit_absent_waiver(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # without --waivers the JSON contract stays exactly what it was
        data: dict[str, Any] = handler(self)
        if data.get("waiver") is None:
            data.pop("waiver", None)
        for optional in ("folded", "readings"):
            if not data.get(optional):
                data.pop(optional, None)
        return data


def path_text(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


@dataclass
class Context:
    """Everything about one check that findings are built from."""

    proposal: Proposal
    doc: Document | None
    file: str
    rules: RuleSet
    program: Program
    facts: dict[str, dict[str, Any]]
    paths: dict[str, PathKey]
    result: EngineResult
    as_of: dt.date | None = None  # the day the provisions were chosen for: picks each one's version
    index: RecordIndex = field(init=False)

    def __post_init__(self) -> None:
        for d in self.result.derived:
            self.facts.setdefault(d["id"], d)
        base = [f for f in self.facts.values() if f["type"] in _BASE]
        self.index = RecordIndex(base)
        self.fixes = FixContext(self.proposal, self.facts, self.index)  # one per check: it caches names
        self.derived_from = {d: (pid, src) for pid, d, src in self.result.derivations}
        self.titles = {t.id: t for t in self.proposal.titles}
        self.cadres = {c.id: c for c in self.proposal.cadres}

    @property
    def unit(self) -> dict[str, Any]:
        return self.facts["unit"]

    def version(self, pid: str) -> tuple[Pack, Located]:
        """The version of the provision this check used (the one in force on ``as_of``)."""
        return self.rules.version(pid, self.as_of)

    def root(self, fid: str) -> str:
        seen = set()
        while fid in self.derived_from and fid not in seen:
            seen.add(fid)
            fid = self.derived_from[fid][1]
        return fid

    def location(self, path: PathKey) -> Location:
        if self.doc is None:
            return Location(file=self.file, line=0, column=0)
        anchor = _anchor(self.doc, path)
        pos = self.doc.position(anchor, key=anchor != path)
        if pos.sheet:
            return Location(file=self.file, line=pos.line, column=pos.column, sheet=pos.sheet, cell=pos.cell)
        return Location(file=self.file, line=pos.line, column=pos.column)

    def title_of(self, fid: str) -> str | None:
        f = self.facts.get(self.root(fid))
        return None if f is None else f.get("title")

    def title_name(self, tid: str) -> str:
        t = self.titles.get(tid)
        return t.name if t else tid

    def cadre_name(self, cid: str) -> str:
        c = self.cadres.get(cid)
        return c.name if c else cid


from hiepy_rules.facts import BASE_TYPES as _BASE  # noqa: E402


def _anchor(doc: Document, path: PathKey) -> PathKey:
    """Where a finding about ``path`` points: the path itself, its nearest present ancestor, or for a
    top-level section the file lacks, the key of the section before it in the format's order (where it
    belongs), never line 1 of the file."""
    if not path or not isinstance(doc.data, dict) or path[0] in doc.data:  # YAML or workbook alike
        return path
    order = list(Proposal.model_fields)
    i = order.index(str(path[0])) if path[0] in order else len(order)
    present = [k for k in order if k in doc.data]
    before = [k for k in present if order.index(k) < i]
    anchor = before[-1] if before else (present[0] if present else None)
    return (anchor,) if anchor is not None else path


def subject_label(ctx: Context, fid: str) -> Words:
    f = ctx.facts[ctx.root(fid)]
    kind = f["type"]
    if kind == "unit":
        return Words(vi=ctx.proposal.unit.name, en=ctx.proposal.unit.name)
    t = ctx.title_name(f.get("title", ""))
    if kind == "title":
        return Words(vi=f"chức danh {t}", en=f"title {t}")
    c = ctx.cadre_name(f.get("cadre", ""))
    if kind == "candidacy":
        return Words(vi=f"{c} → {t}", en=f"{c} → {t}")
    if kind == "holding":
        return Words(vi=f"{c} (đương chức {t})", en=f"{c} (holds {t})")
    if kind == "vote":
        step = f.get("step")
        return Words(vi=f"{c}, {t}, bước {step}", en=f"{c}, {t}, step {step}")
    m_vi, m_en = labels.VALUES.get(f.get("matter", ""), (f.get("matter", ""), f.get("matter", "")))
    if kind == "matter":
        extra = f" ({c})" if "cadre" in f else ""
        return Words(vi=f"{m_vi} chức danh {t}{extra}", en=f"{m_en} of {t}{extra}")
    if kind == "consultation":
        return Words(vi=f"hiệp y {m_vi} chức danh {t}", en=f"consultation on the {m_en} of {t}")
    if kind == "report":
        return Words(vi=f"báo cáo về {m_vi} chức danh {t}", en=f"report on the {m_en} of {t}")
    if kind == "confidence_vote":
        return Words(vi=f"phiếu tín nhiệm đối với {c}", en=f"confidence vote on {c}")
    if kind == "cadre_plan":
        level = f.get("level")
        return Words(vi=f"{c}, các chức danh bậc {level}", en=f"{c}, titles at level {level}")
    return Words(vi=fid, en=fid)


def _subject_path(ctx: Context, cp: CompiledProvision | None, fid: str) -> PathKey:
    root = ctx.root(fid)
    base = ctx.paths.get(root, ())
    if root == "unit" and cp is not None and "deputies_planned" in _reads(cp):
        deputy = next((i for i, t in enumerate(ctx.proposal.titles) if t.role == "deputy" and t.candidates), None)
        if deputy is not None:
            return ("titles", deputy, "candidates")
    if root == "unit" and cp is not None:
        for c in _atoms_of(cp.rule) + [a for w in cp.when for a in _atoms_of(w)]:
            if isinstance(c, (Cmp, CmpField)):
                p = field_path("unit", c.field.removeprefix("unit."))
                if p is not None and p[0] != "titles":
                    return p
    reads = {c.field for c in _atoms_of(cp.rule if cp else None) if isinstance(c, (Cmp, CmpField))}
    kind = ctx.facts[root]["type"]
    if kind == "title" and any("candidate" in f for f in reads):
        return (*base, "candidates")
    if kind == "consultation" and "reply_days" in reads:
        return (*base, "reply_due")
    return base


def _reads(cp: CompiledProvision) -> set[str]:
    return {c.field.removeprefix("unit.") for c in _atoms_of(cp.rule) if isinstance(c, (Cmp, CmpField))} | {
        c.other.removeprefix("unit.") for c in _atoms_of(cp.rule) if isinstance(c, CmpField)
    }


def _atoms_of(c: C | None) -> list[C]:
    if c is None:
        return []
    out: list[C] = []
    todo = [c]
    while todo:  # depth first, in the order the conditions are written
        x = todo.pop()
        out.append(x)
        if isinstance(x, (All, Any_)):
            todo.extend(reversed(x.items))
        elif isinstance(x, Neg):
            todo.append(x.item)
    return out


def document_ref(ctx: Context, pid: str) -> DocumentRef:
    """The citation of ``pid``'s version in force; one shared (frozen) object per version and rule set,
    so that a batch's results carry each citation once in memory and once per pickled chunk."""
    pack, loc = ctx.version(pid)
    cache: dict[str, tuple[Located, DocumentRef]] = vars(ctx.rules).setdefault("_hiepy_document_refs", {})
    hit = cache.get(pid)
    if hit is not None and hit[0] is loc:
        return hit[1]
    ref = _document_ref(ctx, pid, pack, loc)
    cache[pid] = (loc, ref)
    return ref


def _document_ref(ctx: Context, pid: str, pack: Pack, loc: Located) -> DocumentRef:
    p = loc.provision
    src = ctx.rules.sources.get(p.source.document)
    issuer_id = pack.issuer(p)
    auth = ctx.rules.authorities.get(issuer_id)
    in_force = pack.in_force(p)
    return DocumentRef(
        provision=pid,
        pack=pack.id,
        pack_version=pack.manifest.version,
        number=p.source.document,
        type=src.type if src else None,
        issuer=Issuer(
            id=issuer_id,
            vi=auth.name.vi if auth else issuer_id,
            en=auth.name.en if auth else issuer_id,
            rank=auth.rank if auth else None,
        ),
        issued=src.issued.isoformat() if src and src.issued else None,
        article=p.source.article,
        url=src.url if src else None,
        verification=src.verification if src else None,
        basis=list(p.source.basis),
        in_force={"from": in_force.from_.isoformat(), "until": in_force.until.isoformat() if in_force.until else None},
        replaced_by=p.replaced_by,
        document_replaced_by=src.replaced_by if src else None,
        text=Words(vi=p.text.vi, en=p.text.en),
        interpretation=Words(vi=p.interpretation.vi, en=p.interpretation.en) if p.interpretation else None,
        reported_in=_reported_in(ctx, src),
    )


def _reported_in(ctx: Context, src: SourceDoc | None) -> Words | None:
    """For a provision known only through a report (its source is the report, or a document known only
    from the seed report): "per report N of its author"."""
    if src is not None and src.type != "report" and src.url == "seed":
        src = next((d for d in ctx.rules.sources.values() if d.type == "report" and d.url == "seed"), None)
    if src is None or src.type != "report":
        return None
    author = ctx.rules.authorities.get(src.issuer)
    vi, en = (author.name.vi, author.name.en) if author else (src.issuer, src.issuer)
    return Words(vi=f"theo báo cáo {src.number} của {vi}", en=f"as reported in {src.number} by the {en}")


def _name(ctx: Context, pid: str) -> Words:
    p = ctx.version(pid)[1].provision
    return Words(vi=p.name.vi, en=p.name.en)


def _fmt(v: Any, lang: str) -> str:
    return labels.value(v, lang)


_SHARE_NAMES = {
    "yes": ("tỷ lệ phiếu", "vote share"),
    "low": ("tỷ lệ phiếu tín nhiệm thấp", "share of low-confidence ballots"),
    "present": ("tỷ lệ có mặt", "share present"),
}


def _share_name(m: ShareMeasure, lang: str) -> str:
    return labels.pick(_SHARE_NAMES.get(m.of, (m.of, m.of)), lang)


def _share_text(m: ShareMeasure, fact: dict[str, Any], lang: str) -> str:
    count = fact.get(m.of, 0)
    den = fact.get(m.over)
    over_vi, over_en = labels.FIELDS[m.over]
    if not den:
        return f"không có {over_vi}" if lang == "vi" else f"no {over_en} given"
    pct = float(Fraction(count, den) * 100)
    if lang == "vi":
        return f"{_share_name(m, 'vi')} {count}/{den} ({over_vi}) = {pct:.1f}%".replace(".", ",")
    return f"{_share_name(m, 'en')} {count}/{den} ({over_en}) = {pct:.1f}%"


def _measure(cp: CompiledProvision, field_: str) -> ShareMeasure | None:
    return next((m for m in cp.shares if m.field == field_), None)


def required_text(cp: CompiledProvision, c: C, lang: str) -> str:
    """The condition in words, with its bounds: what the provision asks for."""
    vi = lang == "vi"
    if isinstance(c, Cmp):
        m = _measure(cp, c.field)
        if m is not None:
            pct = f"{float(m.threshold * 100):g}%"
            return f"{_share_name(m, lang)} ({labels.field(m.over, lang)}) {labels.SYMBOLS[m.op]} {pct}"
        if isinstance(c.value, bool) and c.op in ("eq", "ne"):
            positive = c.value == (c.op == "eq")
            text = labels.field(c.field, lang)
            return text if positive else (f"không: {text}" if vi else f"not: {text}")
        return f"{labels.field(c.field, lang)} {labels.SYMBOLS[c.op]} {_fmt(c.value, lang)}"
    if isinstance(c, CmpField):
        k = f"{c.times} × " if c.times != 1 else ""
        return f"{labels.field(c.field, lang)} {labels.SYMBOLS[c.op]} {k}{labels.field(c.other, lang)}"
    if isinstance(c, Record):
        kind_vi, kind_en = _RECORD_NAMES.get(c.kind, (c.kind, c.kind))
        where = ", ".join(required_text(cp, w, lang) for w in c.where)
        where = f" ({where})" if where else ""
        if vi:
            return f"{'có' if c.exists else 'không có'} {kind_vi}{where}"
        return f"{'a' if c.exists else 'no'} {kind_en}{where}"
    if isinstance(c, (All, Any_)):
        joiner = (" và " if isinstance(c, All) else " hoặc ") if vi else (" and " if isinstance(c, All) else " or ")
        return "(" + joiner.join(required_text(cp, x, lang) for x in c.items) + ")"
    return ("không phải " if vi else "not ") + required_text(cp, c.item, lang)


def actual_text(ctx: Context, cp: CompiledProvision, c: C, fact: dict[str, Any], lang: str) -> str:
    """What the proposal has for the facts ``c`` reads, each once."""
    parts: list[str] = []
    for atom in _atoms_of(c):
        if isinstance(atom, Cmp):
            m = _measure(cp, atom.field)
            if m is not None:
                parts.append(_share_text(m, fact, lang))
                continue
            names = [atom.field]
        elif isinstance(atom, CmpField):
            names = [atom.field, atom.other]
        elif isinstance(atom, Record):
            kind_vi, kind_en = _RECORD_NAMES.get(atom.kind, (atom.kind, atom.kind))
            found = bool(matching_records(atom, fact, ctx.unit, ctx.index))
            miss = None if found else near_miss(ctx, atom, fact)
            if miss is not None:  # say what the proposal's record has, not that there is none
                rec, wrong = miss
                said = "; ".join(
                    f"{labels.field(w.field, lang)}: {_fmt(rec.get(w.field), lang) if w.field in rec else '?'} "
                    + (f"(phải: {_fmt(w.value, lang)})" if lang == "vi" else f"(must be: {_fmt(w.value, lang)})")
                    for w in wrong
                )
                parts.append(f"có {kind_vi}, nhưng {said}" if lang == "vi" else f"a {kind_en}, but {said}")
                continue
            if lang == "vi":
                parts.append(f"{'có' if found else 'không có'} {kind_vi}")
            else:
                parts.append(f"{'a' if found else 'no'} {kind_en}")
            continue
        else:
            continue
        for name in names:
            src = ctx.unit if name.startswith("unit.") else fact
            v = src.get(name.removeprefix("unit."))
            shown = _fmt(v, lang) if v is not None else ("chưa rõ" if lang == "vi" else "unknown")
            parts.append(f"{labels.field(name, lang)}: {shown}")
    return "; ".join(dict.fromkeys(parts))


def near_miss(ctx: Context, atom: Record, fact: dict[str, Any]) -> tuple[dict[str, Any], list[Cmp]] | None:
    """A record the provision looks for that matches on its keys but not on its ``where`` conditions:
    the first such, with the conditions it fails (a report sent directly, not through the Board)."""
    if not atom.where or any(k not in fact for k in atom.match):
        return None
    for rec in ctx.index.matching(atom.kind, atom.match, tuple(fact[k] for k in atom.match)):
        wrong = [w for w in atom.where if isinstance(w, Cmp) and evaluate(w, rec, ctx.unit, ctx.index) is not True]
        if wrong:
            return rec, wrong
    return None


_RECORD_NAMES = {
    "consultation": ("văn bản đề nghị hiệp y", "consultation (hiệp y) request"),
    "report": ("báo cáo Ban Thường vụ Tỉnh ủy", "report to the Provincial Standing Committee"),
    "candidacy": ("tên trong danh sách quy hoạch", "entry in the plan"),
}


def _values(ctx: Context, cp: CompiledProvision, fact: dict[str, Any]) -> list[Compared]:
    out: list[Compared] = []
    for c in _atoms_of(cp.rule):
        if isinstance(c, Cmp):
            m = _measure(cp, c.field)
            if m is not None:
                den = fact.get(m.over)
                out.append(
                    Compared(
                        fact=f"share({m.over})" if m.of == "yes" else f"share_{m.of}({m.over})",
                        label=Words(
                            vi=f"{_share_name(m, 'vi')} ({labels.field(m.over, 'vi')})",
                            en=f"{_share_name(m, 'en')} ({labels.field(m.over, 'en')})",
                        ),
                        actual=f"{fact.get(m.of)}/{den}" if den else None,
                        op=m.op,
                        expected=f"{m.threshold.numerator}/{m.threshold.denominator}",
                    )
                )
                continue
            src = ctx.unit if c.field.startswith("unit.") else fact
            out.append(
                Compared(
                    fact=c.field,
                    label=Words(vi=labels.field(c.field, "vi"), en=labels.field(c.field, "en")),
                    actual=src.get(c.field.removeprefix("unit.")),
                    op=c.op,
                    expected=list(c.value) if isinstance(c.value, tuple) else c.value,
                )
            )
        elif isinstance(c, CmpField):
            src = ctx.unit if c.field.startswith("unit.") else fact
            other = ctx.unit if c.other.startswith("unit.") else fact
            b = other.get(c.other.removeprefix("unit."))
            out.append(
                Compared(
                    fact=c.field,
                    label=Words(vi=labels.field(c.field, "vi"), en=labels.field(c.field, "en")),
                    actual=src.get(c.field.removeprefix("unit.")),
                    op=c.op,
                    expected=None if b is None else b * c.times,
                )
            )
    return out


def _why(ctx: Context, cp: CompiledProvision, fid: str) -> list[Words]:
    """The chain: each derivation from the base fact, then the provision's own conditions."""
    chain: list[Words] = []
    steps: list[tuple[str, str]] = []
    cur = fid
    seen: set[str] = set()
    while cur in ctx.derived_from and cur not in seen:
        seen.add(cur)
        pid, src = ctx.derived_from[cur]
        steps.append((pid, cur))
        cur = src
    for pid, derived in reversed(steps):
        dcp = ctx.program.by_id.get(pid)
        kind = ctx.facts[derived]["type"]
        k_vi, k_en = _DERIVED_NAMES.get(kind, (kind, kind))
        conds_vi = "; ".join(actual_text(ctx, dcp, c, ctx.facts[derived], "vi") for c in dcp.when) if dcp else ""
        conds_en = "; ".join(actual_text(ctx, dcp, c, ctx.facts[derived], "en") for c in dcp.when) if dcp else ""
        chain.append(Words(vi=f"{pid}: {conds_vi} ⇒ {k_vi}", en=f"{pid}: {conds_en} ⇒ {k_en}"))
    fact = ctx.facts[fid]
    pack = ctx.version(cp.id)[0]
    scope = [
        f"{labels.field(t.fact, 'vi')} {labels.SYMBOLS[t.op]} {_fmt(t.value, 'vi')}" for t in pack.manifest.scope.when
    ]
    scope_en = [
        f"{labels.field(t.fact, 'en')} {labels.SYMBOLS[t.op]} {_fmt(t.value, 'en')}" for t in pack.manifest.scope.when
    ]
    if scope and pack.manifest.scope.deployment_choice:
        chain.append(
            Words(
                vi=f"gói {pack.id} áp dụng theo phạm vi do nơi triển khai chọn, không theo văn bản nguồn: "
                f"{'; '.join(scope)}",
                en=f"pack {pack.id} applies by a scope the deployment chose, not the source: {'; '.join(scope_en)}",
            )
        )
    elif scope:
        chain.append(
            Words(vi=f"gói {pack.id} áp dụng: {'; '.join(scope)}", en=f"pack {pack.id} applies: {'; '.join(scope_en)}")
        )
    if cp.when:
        chain.append(
            Words(
                vi="áp dụng vì: " + "; ".join(actual_text(ctx, cp, c, fact, "vi") for c in cp.when),
                en="applies because: " + "; ".join(actual_text(ctx, cp, c, fact, "en") for c in cp.when),
            )
        )
    return chain


_DERIVED_NAMES = {
    "consultation_required": ("phải lấy ý kiến hiệp y của cấp ủy địa phương", "consultation of the province required"),
    "report_required": (
        "phải báo cáo Ban Thường vụ Tỉnh ủy qua Ban Tổ chức Tỉnh ủy",
        "a report to the Standing Committee via the Organization Board required",
    ),
}


def _fields_missing(cp: CompiledProvision, fact: dict[str, Any], unit: dict[str, Any]) -> list[str]:
    missing: list[str] = []
    for c in [*cp.when, *_atoms_of(cp.rule)]:
        for name in [c.field] if isinstance(c, Cmp) else [c.field, c.other] if isinstance(c, CmpField) else []:
            src = unit if name.startswith("unit.") else fact
            if name.removeprefix("unit.") not in src:
                m = _measure(cp, name)
                missing.append(m.over if m else name)
        if isinstance(c, Cmp) and c.value is None:
            missing.extend(f"setting:{s}" for s in cp.unconfigured)
    return sorted(set(missing))


def _readings(cp: CompiledProvision, fact: dict[str, Any]) -> list[Reading]:
    """Brief decision 4: when another reading of a share's denominator changes the verdict, the share
    under every reading (members convened, present, valid ballots), each with its verdict."""
    out: list[Reading] = []
    for m in cp.shares:
        count = fact.get(m.of, 0)
        # only the denominators a count can be read over: members present are counted over the convened
        readings = DENOMINATORS[: DENOMINATORS.index(m.of)] if m.of in DENOMINATORS else DENOMINATORS
        rows: list[Reading] = []
        for other in readings:
            den = fact.get(other)
            holds = ShareMeasure(m.op, m.threshold, other, m.of).value(count, den)
            if holds is None or not isinstance(den, int):
                continue
            pct = round(float(Fraction(count, den) * 100), 1)
            label = Words(vi=labels.field(other, "vi"), en=labels.field(other, "en"))
            rows.append(
                Reading(
                    over=other,
                    label=label,
                    count=count,
                    denominator=den,
                    percent=pct,
                    holds=holds,
                    provision_reading=other == m.over,
                )
            )
        if len({r.holds for r in rows}) > 1:
            out.extend(rows)
    return out


def _readings_note(cp: CompiledProvision, readings: list[Reading]) -> Words:
    def one(r: Reading, lang: str) -> str:
        pct = f"{r.percent:.1f}%"
        mark = ("đạt" if r.holds else "không đạt") if lang == "vi" else ("met" if r.holds else "not met")
        own = (
            (" (cách hiểu của quy định)" if lang == "vi" else " (the provision's reading)")
            if r.provision_reading
            else ""
        )
        text = f"{r.label.vi if lang == 'vi' else r.label.en}{own}: {r.count}/{r.denominator} = {pct} — {mark}"
        return text.replace(".", ",") if lang == "vi" else text

    return Words(
        vi="Kết luận phụ thuộc cách hiểu mẫu số; theo từng cách hiểu: " + "; ".join(one(r, "vi") for r in readings),
        en="The verdict depends on the reading of the denominator; under each reading: "
        + "; ".join(one(r, "en") for r in readings),
    )


def _reading_condition(readings: list[Reading]) -> Words:
    """Under which readings a fix is needed (those where the bound fails)."""
    need = [r for r in readings if not r.holds]
    fine = [r for r in readings if r.holds]
    return Words(
        vi=" (chỉ cần nếu tính trên "
        + ", ".join(r.label.vi for r in need)
        + "; tính trên "
        + ", ".join(r.label.vi for r in fine)
        + " thì quy định đã được đáp ứng)",
        en=" (needed only when counted over "
        + ", ".join(r.label.en for r in need)
        + "; over "
        + ", ".join(r.label.en for r in fine)
        + " the provision is already met)",
    )


def finding_for(ctx: Context, pid: str, outcome: str, fid: str) -> Finding | None:
    cp = ctx.program.by_id[pid]
    pack, loc = ctx.version(pid)
    p = loc.provision
    fact = ctx.facts[fid]
    subj = subject_label(ctx, fid)
    path = _subject_path(ctx, cp, fid)
    if outcome == "violated" and isinstance(cp.rule, Record) and cp.rule.exists:
        miss = near_miss(ctx, cp.rule, fact)
        if miss is not None and miss[0]["id"] in ctx.paths:
            path = (*ctx.paths[miss[0]["id"]], miss[1][0].field)
    name = _name(ctx, pid)
    explanation = _why(ctx, cp, fid)
    values: list[Compared] = []
    fix = None
    missing: list[str] = []
    readings: list[Reading] = []
    if outcome in ("violated", "advised"):
        kind: Kind = "violation" if outcome == "violated" else "notice"
        severity = p.severity if kind == "violation" else "info"
        assert cp.rule is not None
        if cp.modality == "must_not":
            req_vi = "không được: " + required_text(cp, cp.rule, "vi")
            req_en = "must not: " + required_text(cp, cp.rule, "en")
        else:
            req_vi = ("nên: " if kind == "notice" else "phải: ") + required_text(cp, cp.rule, "vi")
            req_en = ("should: " if kind == "notice" else "must: ") + required_text(cp, cp.rule, "en")
        message = Words(
            vi=f"{name.vi} — {subj.vi}: {actual_text(ctx, cp, cp.rule, fact, 'vi')} ({req_vi})",
            en=f"{name.en} — {subj.en}: {actual_text(ctx, cp, cp.rule, fact, 'en')} ({req_en})",
        )
        values = _values(ctx, cp, fact)
        readings = _readings(cp, fact)
        if readings:
            explanation.append(_readings_note(cp, readings))
        for setting, value in cp.settings:
            explanation.append(
                Words(
                    vi=f"{value} là tham số {setting} của gói {pack.id}: thiết lập địa phương, "
                    "không có trong văn bản nguồn",
                    en=f"{value} is the setting {setting} of pack {pack.id}: a local setting, not in the source text",
                )
            )
        proposed = propose(cp, fact, ctx.fixes)
        if proposed is not None:
            extra_vi = f" {p.fix.vi}" if p.fix else ""
            extra_en = f" {p.fix.en}" if p.fix else ""
            fix = FixOut(vi=proposed.vi + extra_vi, en=proposed.en + extra_en, changes=proposed.changes)
            if readings:
                cond = _reading_condition(readings)
                fix = FixOut(vi=fix.vi + cond.vi, en=fix.en + cond.en, changes=fix.changes)
        elif p.fix:
            fix = FixOut(vi=p.fix.vi, en=p.fix.en, changes=[])
    elif outcome == "indeterminate":
        kind, severity = "indeterminate", "warning"
        missing = _fields_missing(cp, fact, ctx.unit)
        what_vi = ", ".join(labels.field(m, "vi") for m in missing) or "?"
        what_en = ", ".join(labels.field(m, "en") for m in missing) or "?"
        message = Words(
            vi=f"{name.vi} — {subj.vi}: chưa kiểm tra được, đề án thiếu: {what_vi}",
            en=f"{name.en} — {subj.en}: cannot be checked; the proposal lacks: {what_en}",
        )
        fix = FixOut(vi=f"Bổ sung vào đề án: {what_vi}", en=f"Add to the proposal: {what_en}", changes=[])
    elif outcome == "unconfigured":
        kind, severity = "notice", "info"
        settings = ", ".join(cp.unconfigured)
        message = Words(
            vi=f"{name.vi} — {subj.vi}: chưa kiểm tra vì gói {pack.id} chưa đặt tham số {settings}",
            en=f"{name.en} — {subj.en}: not checked: pack {pack.id} leaves the setting {settings} unset",
        )
        fix = FixOut(
            vi=f"Đặt tham số {settings} trong {pack.id}/pack.yaml",
            en=f"Set {settings} in {pack.id}/pack.yaml",
            changes=[],
        )
    else:
        return None
    return Finding(
        kind=kind,
        severity=severity,
        provisions=[pid],
        documents=[document_ref(ctx, pid)],
        subject=Subject(path=path_text(path), fact=fid, title=ctx.title_of(fid), label=subj),
        location=ctx.location(path),
        message=message,
        explanation=explanation,
        values=values,
        fix=fix,
        missing=missing,
        readings=readings,
    )


def _issuer(ctx: Context, aid: str | None) -> Issuer | None:
    if aid is None:
        return None
    a = ctx.rules.authorities.get(aid)
    return Issuer(id=aid, vi=a.name.vi if a else aid, en=a.name.en if a else aid, rank=a.rank if a else None)


def conflict_finding(ctx: Context, clash: Clash, verdict: Verdict) -> Finding:
    a, b = sorted((clash.a, clash.b), key=lambda w: w.provision)
    fid = clash.choice.key
    subj = subject_label(ctx, fid if fid in ctx.facts else clash.fact_ids[-1])
    base_fid = fid if fid in ctx.paths else next((f for f in clash.fact_ids if f in ctx.paths), "unit")
    path = ctx.paths.get(base_fid, ())
    if clash.choice.name == "plan_size":
        path = (*path, "candidates")
    elif clash.choice.name == "nomination":
        path = ("nomination", "drawn_up_by")
    sides = []
    for w in (a, b):
        if clash.kind == "permission_withdrawn" and w.provision == clash.a.provision:
            allows = Words(
                vi="cho phép: " + describe_window(clash.choice, w.allowed, "vi"),
                en="permits: " + describe_window(clash.choice, w.allowed, "en"),
            )
        else:
            allows = Words(
                vi=describe_window(clash.choice, w.allowed, "vi"), en=describe_window(clash.choice, w.allowed, "en")
            )
        sides.append(Side(provision=w.provision, allows=allows))
    n_a, n_b = _name(ctx, a.provision), _name(ctx, b.provision)
    if clash.kind == "incompatible":
        reason = Words(
            vi=f"theo {a.provision}: {sides[0].allows.vi}; theo {b.provision}: {sides[1].allows.vi} — "
            "không có lựa chọn nào thỏa cả hai",
            en=f"under {a.provision}: {sides[0].allows.en}; under {b.provision}: {sides[1].allows.en} — "
            "no choice satisfies both",
        )
        severity: Literal["error", "warning", "info"] = "error"
    else:
        reason = Words(
            vi=f"đề án dùng quyền {clash.a.provision} cho phép, nhưng {clash.b.provision} cấm",
            en=f"the proposal uses what {clash.a.provision} permits and {clash.b.provision} forbids",
        )
        severity = "warning"
    if verdict.prevailing is not None:
        severity = "info"
    prec = PrecedenceOut(
        rule=verdict.rule,
        prevailing=verdict.prevailing,
        overridden=verdict.overridden,
        settled_by=_issuer(ctx, verdict.settled_by),
        reason=Words(vi=verdict.reason_vi, en=verdict.reason_en),
    )
    kind_vi = "không thể cùng thỏa mãn" if clash.kind == "incompatible" else "quyền bị rút lại"
    kind_en = "incompatible" if clash.kind == "incompatible" else "permission withdrawn"
    if verdict.prevailing:
        tail_vi, tail_en = f"áp dụng {verdict.prevailing}", f"{verdict.prevailing} prevails"
    else:
        who = prec.settled_by
        tail_vi = f"chưa phân định — cần xin ý kiến {who.vi if who else 'cấp trên'}"
        tail_en = f"unresolved — escalate to {who.en if who else 'a common superior'}"
    message = Words(
        vi=f"Xung đột ({kind_vi}) giữa {n_a.vi} và {n_b.vi} — {subj.vi}: {tail_vi}",
        en=f"Conflict ({kind_en}) between {n_a.en} and {n_b.en} — {subj.en}: {tail_en}",
    )
    fix = None
    if verdict.prevailing is None:
        fix = FixOut(
            vi=f"Không sửa được trong đề án; báo cáo {prec.settled_by.vi if prec.settled_by else 'cấp trên'} "
            "để quyết định áp dụng quy định nào",
            en=f"Cannot be fixed in the proposal; refer it to "
            f"{prec.settled_by.en if prec.settled_by else 'a common superior'} to decide which provision applies",
            changes=[],
        )
    return Finding(
        kind="conflict",
        severity=severity,
        provisions=[a.provision, b.provision],
        documents=[document_ref(ctx, a.provision), document_ref(ctx, b.provision)],
        subject=Subject(path=path_text(path), fact=fid, title=ctx.title_of(fid), label=subj),
        location=ctx.location(path),
        message=message,
        explanation=[reason, Words(vi=verdict.reason_vi, en=verdict.reason_en)],
        values=[],
        fix=fix,
        conflict=ConflictOut(
            kind=clash.kind,
            choice=clash.choice.name,
            sides=sides,
            reason=reason,
            precedence=prec,
        ),
    )


_KIND_ORDER = {"conflict": 0, "violation": 1, "indeterminate": 2, "overridden": 3, "notice": 4}
_SEV_ORDER = {"error": 0, "warning": 1, "info": 2}


def sort_key(f: Finding) -> tuple[Any, ...]:
    return (
        f.location.sheet or "",
        f.location.line,
        f.location.column,
        _SEV_ORDER[f.severity],
        _KIND_ORDER[f.kind],
        f.provisions,
        f.subject.fact,
    )


def overridden_finding(ctx: Context, conflict: Finding, verdict: Verdict) -> Finding:
    """A clash with a winner: the losing provision, shown once, as set aside on this subject."""
    by, loser = verdict.prevailing, verdict.overridden
    assert by is not None and loser is not None
    n_by, n_loser = _name(ctx, by), _name(ctx, loser)
    subj = conflict.subject.label
    return conflict.model_copy(
        update={
            "kind": "overridden",
            "severity": "info",
            "overridden_by": by,
            "message": Words(
                vi=f"[bị {by} thay thế] {n_loser.vi} — {subj.vi}: không áp dụng ở đây, vì {n_by.vi} "
                f"được ưu tiên ({verdict.reason_vi})",
                en=f"[overridden by {by}] {n_loser.en} — {subj.en}: does not apply here, because {n_by.en} "
                f"prevails ({verdict.reason_en})",
            ),
        }
    )


def build(ctx: Context, clashes: list[Clash]) -> list[Finding]:
    """Precedence first (``settle``), then the findings: one verdict per clash (brief decision 9)."""
    plan = settle(ctx.rules, ctx.as_of, clashes, ctx.result.outcomes)
    heads: list[Finding] = []
    for s in plan.clashes:
        f = conflict_finding(ctx, s.clash, s.verdict)
        heads.append(overridden_finding(ctx, f, s.verdict) if s.verdict.prevailing else f)
    inside: list[list[Finding]] = [[] for _ in heads]
    out: list[Finding] = []
    for pid, outcome, fid in ctx.result.outcomes:
        i = plan.folded.get((pid, fid))
        if i is None and outcome != "violated" and (pid, fid) in plan.set_aside:
            continue  # a provision set aside on this subject takes no further part in it
        found = finding_for(ctx, pid, outcome, fid)
        if found is None:
            continue
        if i is not None:
            inside[i].append(found)  # its fix is where a fix of the clash is searched from (``fixcheck``)
            continue
        out.append(found)
    for head, folded in zip(heads, inside, strict=True):
        out.append(head.model_copy(update={"folded": sorted(folded, key=sort_key)}) if folded else head)
    return sorted(out, key=sort_key)


def flatten(found: list[Finding]) -> list[Finding]:
    """The findings with those folded inside each (brief decision 9), in report order."""
    out: list[Finding] = []
    for f in found:
        out.append(f)
        out.extend(f.folded)
    return out


def as_of_default(p: Proposal, as_of: dt.date | None) -> dt.date:
    return as_of or p.date


Finding.model_rebuild()
