"""Bilingual explanations of a finding: what the provision requires, what the proposal has, and why it applies.

``Context`` holds everything about one check that findings are built from. The subject of a finding
is worded in ``subject``, its citation in ``citation``, a share's readings in ``readings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from fractions import Fraction
from functools import lru_cache
from typing import Any, TypeVar

import msgspec

from hiepy_rules.compile.facts import BASE_TYPES as _BASE
from hiepy_rules.compile.facts import ShareMeasure
from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Program, Record, walk
from hiepy_rules.compile.logic import RecordIndex, evaluate, matching_records
from hiepy_rules.engine.base import EngineResult
from hiepy_rules.findings.fix_context import FixContext
from hiepy_rules.findings.model import Compared, Location, Words
from hiepy_rules.load.document import Document, PathKey
from hiepy_rules.load.ruleset import Located, Pack, RuleSet
from hiepy_rules.schema import labels
from hiepy_rules.schema.proposal import Proposal

T = TypeVar("T")


class Context(msgspec.Struct, dict=True):  # dict: what __post_init__ adds
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

    def __post_init__(self) -> None:
        #: what is the same for every finding that uses it (a provision's version and name, a pack's scope, a
        #: place, a clash's side...), made once per check (``once``): a large proposal has hundreds of
        #: findings on a few provisions
        self.shared: dict[tuple[str, Hashable], Any] = {}
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

    def once(self, kind: str, key: Hashable, make: Callable[..., T], *args: Any) -> T:
        """``make(*args)``, made once per check for this kind and key (findings share what it makes: frozen).
        The arguments are passed, not closed over: a closure made per call costs about what a lookup saves."""
        found: T | None = self.shared.get((kind, key))
        if found is None:
            found = self.shared[(kind, key)] = make(*args)
        return found

    def version(self, pid: str) -> tuple[Pack, Located]:
        """The version of the provision this check used (the one in force on ``as_of``)."""
        # the hottest lookup of all (every word of every finding): inline, ``once``'s call would double its cost
        found: tuple[Pack, Located] | None = self.shared.get(("version", pid))
        if found is None:
            found = self.shared[("version", pid)] = self.rules.version(pid, self.as_of)
        return found

    def root(self, fid: str) -> str:
        seen = set()
        while fid in self.derived_from and fid not in seen:
            seen.add(fid)
            fid = self.derived_from[fid][1]
        return fid

    def location(self, path: PathKey) -> Location:
        return self.once("location", path, self._location, path)  # a conflict and its sides: one place

    def _location(self, path: PathKey) -> Location:
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


def atoms_of(c: C | None) -> list[C]:
    return list(walk(c))


def _atoms(ctx: Context, c: C | None) -> list[C]:
    """``atoms_of``, once per condition and check (a provision's conditions word each of its findings)."""
    key = ("atoms", id(c))  # the program holds every condition for the whole check
    found: list[C] | None = ctx.shared.get(key)  # inline, as ``Context.version``: asked for every finding
    if found is None:
        found = ctx.shared[key] = atoms_of(c)
    return found


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
    pct = percent(count, den)
    if lang == "vi":
        return f"{_share_name(m, 'vi')} {count}/{den} ({over_vi}) = {pct:.1f}%".replace(".", ",")
    return f"{_share_name(m, 'en')} {count}/{den} ({over_en}) = {pct:.1f}%"


def percent(count: int, den: int) -> float:
    """``count`` over ``den`` as a percentage, the float nearest the exact quotient."""
    if type(count) is int and type(den) is int and den > 0:
        return count * 100 / den  # an int divided by an int is rounded once, as the Fraction's float is
    return float(Fraction(count, den) * 100)


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
    for atom in _atoms(ctx, c):
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


@lru_cache(maxsize=1024)
def field_words(name: str) -> Words:
    """A field's label in both languages, made once per field: the findings showing it share it (frozen)."""
    return Words(vi=labels.field(name, "vi"), en=labels.field(name, "en"))


def _values(ctx: Context, cp: CompiledProvision, fact: dict[str, Any]) -> list[Compared]:
    out: list[Compared] = []
    for c in _atoms(ctx, cp.rule):
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
                    label=field_words(c.field),
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
                    label=field_words(c.field),
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
    chain.extend(ctx.once("scope", pack.id, _scope, pack))
    if cp.when:
        chain.append(
            Words(
                vi="áp dụng vì: " + "; ".join(actual_text(ctx, cp, c, fact, "vi") for c in cp.when),
                en="applies because: " + "; ".join(actual_text(ctx, cp, c, fact, "en") for c in cp.when),
            )
        )
    return chain


def _scope(pack: Pack) -> tuple[Words, ...]:
    """The words on the scope a pack applies by, when it has one."""
    scope = [
        f"{labels.field(t.fact, 'vi')} {labels.SYMBOLS[t.op]} {_fmt(t.value, 'vi')}" for t in pack.manifest.scope.when
    ]
    scope_en = [
        f"{labels.field(t.fact, 'en')} {labels.SYMBOLS[t.op]} {_fmt(t.value, 'en')}" for t in pack.manifest.scope.when
    ]
    if scope and pack.manifest.scope.deployment_choice:
        return (
            Words(
                vi=f"gói {pack.id} áp dụng theo phạm vi do nơi triển khai chọn, không theo văn bản nguồn: "
                f"{'; '.join(scope)}",
                en=f"pack {pack.id} applies by a scope the deployment chose, not the source: {'; '.join(scope_en)}",
            ),
        )
    if scope:
        return (
            Words(vi=f"gói {pack.id} áp dụng: {'; '.join(scope)}", en=f"pack {pack.id} applies: {'; '.join(scope_en)}"),
        )
    return ()


_DERIVED_NAMES = {
    "consultation_required": ("phải lấy ý kiến hiệp y của cấp ủy địa phương", "consultation of the province required"),
    "report_required": (
        "phải báo cáo Ban Thường vụ Tỉnh ủy qua Ban Tổ chức Tỉnh ủy",
        "a report to the Standing Committee via the Organization Board required",
    ),
}


def _fields_missing(cp: CompiledProvision, fact: dict[str, Any], unit: dict[str, Any]) -> list[str]:
    missing: list[str] = []
    for c in walk(*cp.when, cp.rule):  # inside any/all/not too
        for name in [c.field] if isinstance(c, Cmp) else [c.field, c.other] if isinstance(c, CmpField) else []:
            src = unit if name.startswith("unit.") else fact
            if name.removeprefix("unit.") not in src:
                m = _measure(cp, name)
                missing.append(m.over if m else name)
        if isinstance(c, Cmp) and c.value is None:
            missing.extend(f"setting:{s}" for s in cp.unconfigured)
    return sorted(set(missing))
