"""``hiepy diff A B``: two rule sets compared topic by topic, for a drafter reading a ministry's new rules.

A *topic* is what provisions constrain: one of the runtime's choices (how many to plan for a title,
who may be planned, who draws up the nomination list, whether a candidate goes on after a vote,
whether a cadre with a confidence vote is planned higher), else the fields a provision's condition
reads on one kind of fact (provisions reading a common field share a topic). On each topic, the
obligations of each side *reject* a proposal when one of them is violated, and z3 asks:

- can A reject what B accepts?  can B reject what A accepts?
- neither: **equal**; only the first: **A stricter**; only the second: **B stricter**; both:
  **overlapping differently**; and **incompatible** when ``hiepy conflicts`` on A ∪ B finds a clash
  between an A and a B provision of the topic that no proposal can avoid.

Each difference comes with a witness proposal one side accepts and the other rejects, replayed with
``check`` against each side. Both sides are judged on a unit both govern, on a day both are in force
(``compared: together``); when the two never apply together (different provinces, different eras),
their contents are compared as if they did (``compared: content``: scopes set aside, each side
replayed on a day it is in force).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import z3

from hiepy_rules.analysis import budget
from hiepy_rules.analysis.encode import TRUE, Compiled, Symbols, in_force, in_scope, literals, violated
from hiepy_rules.analysis.region import SLOT_WORDS
from hiepy_rules.analysis.report import CHOICE_WORDS, KIND_WORDS, build
from hiepy_rules.analysis.symbolic import CHOICES, Hit, compile_all
from hiepy_rules.analysis.witness import Witness, witness, write
from hiepy_rules.analysis.worlds import (
    World,
    advancement_world,
    kind_world,
    membership_world,
    nomination_world,
    title_world,
    vote_world,
)
from hiepy_rules.load.ruleset import Pack, RuleSet
from hiepy_rules.schema import labels
from hiepy_rules.schema.pack import PackScope
from hiepy_rules.version import __version__

Verdict = Literal["equal", "a_stricter", "b_stricter", "overlapping", "incompatible"]


VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "equal": ("như nhau", "equal"),
    "a_stricter": ("A chặt hơn", "A is stricter"),
    "b_stricter": ("B chặt hơn", "B is stricter"),
    "overlapping": ("mỗi bên chặt hơn ở chỗ khác", "overlapping differently"),
    "incompatible": ("không thể cùng thỏa mãn", "incompatible"),
}


DERIVED_WORDS = {
    "consultation_required": ("việc phải lấy ý kiến hiệp y", "a matter that needs consultation"),
    "report_required": ("việc phải báo cáo", "a matter that needs a report"),
    "confidence_vote": ("phiếu tín nhiệm", "confidence vote"),
    "cadre_plan": ("cán bộ được quy hoạch", "cadre planned"),
}


WORLDS = {
    "plan_size": title_world,
    "membership": membership_world,
    "nomination": nomination_world,
    "proceeds": vote_world,
    "advancement": advancement_world,
}


@dataclass
class DiffWitness:
    accepted_by: str
    rejected_by: str
    violates: list[str]
    path: str | None
    confirmed: bool
    note: str = ""
    data: dict[str, Any] | None = None


@dataclass
class Topic:
    key: str
    words: tuple[str, str]
    a: list[Compiled]
    b: list[Compiled]
    verdict: Verdict = "equal"
    witnesses: list[DiffWitness] = field(default_factory=list)
    clashes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DiffResult:
    a_name: str
    b_name: str
    a: RuleSet
    b: RuleSet
    compared: str
    topics: list[Topic]
    undecided: int = 0  # questions the time budget (or z3) left open: the result is incomplete

    @property
    def same(self) -> bool:
        return all(t.verdict == "equal" for t in self.topics)


# --- topics ---------------------------------------------------------------------------------------


def _choice_of(x: Compiled) -> str | None:
    for ck in CHOICES:
        if x.subject in ck.subjects and ck.relevant(x):
            return ck.name
    return None


def topics(a: list[Compiled], b: list[Compiled]) -> list[Topic]:
    """Provisions of both sides grouped by what they constrain."""
    groups: dict[str, list[tuple[str, Compiled]]] = {}
    loose: list[tuple[str, Compiled]] = []
    for side, xs in (("a", a), ("b", b)):
        for x in xs:
            c = _choice_of(x)
            if c is not None:
                groups.setdefault(c, []).append((side, x))
            else:
                loose.append((side, x))
    # the rest: one kind of fact, linked when their conditions read a common field
    parent = list(range(len(loose)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (_, x) in enumerate(loose):
        for j in range(i):
            y = loose[j][1]
            if x.subject == y.subject and (_fields(x) & _fields(y)):
                parent[find(i)] = find(j)
    comps: dict[int, list[tuple[str, Compiled]]] = {}
    for i, item in enumerate(loose):
        comps.setdefault(find(i), []).append(item)
    for members in comps.values():
        subject = members[0][1].subject
        fields = sorted({f for _, x in members for f in _fields(x)})
        groups[f"{subject}:{','.join(fields)}"] = members
    out = []
    for key in sorted(groups, key=lambda k: (k not in WORLDS, k)):
        members = groups[key]
        out.append(
            Topic(
                key,
                _topic_words(key),
                sorted((x for s, x in members if s == "a"), key=lambda x: x.id),
                sorted((x for s, x in members if s == "b"), key=lambda x: x.id),
            )
        )
    return out


def _fields(x: Compiled) -> set[str]:
    return set(x.rule_reads) or set(x.reads) or {x.subject}


def _topic_words(key: str) -> tuple[str, str]:
    if key in CHOICE_WORDS:
        return CHOICE_WORDS[key]
    subject, _, fields = key.partition(":")
    sv, se = {**SLOT_WORDS, **DERIVED_WORDS}.get(subject, (subject, subject.replace("_", " ")))
    names = [f for f in fields.split(",") if f and not f.startswith("record:")]
    records = [f[7:] for f in fields.split(",") if f.startswith("record:")]
    vi = ", ".join(labels.field(f, "vi") for f in names) + "".join(f", hồ sơ {r}" for r in records)
    en = ", ".join(labels.field(f, "en") for f in names) + "".join(f", {r} records" for r in records)
    return f"{sv}: {vi.strip(', ')}", f"{se}: {en.strip(', ')}"


# --- comparing one topic --------------------------------------------------------------------------


class Comparer:
    def __init__(self, a: RuleSet, b: RuleSet, both: RuleSet, together: bool) -> None:
        self.a, self.b, self.both = a, b, both
        self.together = together
        self.undecided_topics: list[str] = []
        self.alphabet = sorted(
            literals(x.cp for x in compile_all(both))
            | {v for p in both.packs for t in p.manifest.scope.when for v in _flat(t.value) if isinstance(v, str)}
        )

    def world(self, t: Topic) -> World | None:
        sym = Symbols(self.alphabet)
        if t.key in WORLDS:
            return WORLDS[t.key](sym)
        subject = t.key.partition(":")[0]
        from hiepy_rules.compile.facts import FACT_SCHEMA

        if subject not in FACT_SCHEMA:
            return None  # a derived kind: compared through what derives it, not here
        return kind_world(sym, subject)

    def rejects(self, w: World, xs: list[Compiled]) -> z3.BoolRef:
        views = w.views(None)
        out = []
        for x in xs:
            if not x.obligation:
                continue
            here = z3.And(in_force(w.sym, x.pack, x.provision), in_scope(x.pack, w.unit)) if self.together else TRUE
            out.append(z3.And(here, violated(x.cp, w.scope(x, views))))
        return z3.Or(out) if out else z3.BoolVal(False)

    def undecided(self, t: Topic) -> None:
        """A topic the time budget (or z3) left undecided: said in its notes, counted in the result."""
        self.undecided_topics.append(t.key)
        t.notes.append(("chưa quyết định được trong thời hạn cho phép", "undecided within the time budget"))

    def compare(self, t: Topic, conflicts: list[Hit], witness_dir: Path | None) -> None:
        ids_a, ids_b = {x.id for x in t.a}, {x.id for x in t.b}
        for h in conflicts:
            ps = set(h.provisions)
            if ps & ids_a and ps & ids_b and ps <= ids_a | ids_b:
                t.clashes.append({"kind": h.kind, "provisions": list(h.provisions)})
        for side, mine in (("a", t.a), ("b", t.b)):
            only = [x for x in mine if not x.obligation and x.cp.modality in ("may", "should")]
            for x in only:
                vi = "cho phép" if x.cp.modality == "may" else "khuyến nghị"
                en = "permits" if x.cp.modality == "may" else "advises"
                t.notes.append((f"{side.upper()} {vi} ({x.id})", f"{side.upper()} {en} ({x.id})"))
        w = self.world(t)
        if w is None:
            t.notes.append(
                (
                    "so sánh qua sự kiện được suy ra: không xét được khi thiếu gói suy ra nó",
                    "about a derived fact: not compared without the pack that derives it",
                )
            )
            return
        if budget.expired():
            self.undecided(t)
            return
        w.prepare([*t.a, *t.b])
        ra, rb = self.rejects(w, t.a), self.rejects(w, t.b)
        found = {}
        for name, goal in (("a", z3.And(ra, z3.Not(rb))), ("b", z3.And(rb, z3.Not(ra)))):
            s = z3.Solver()
            s.set("timeout", budget.timeout_ms(10_000))
            s.add(*w.sym.axioms, *w.extra, goal)
            r = s.check()
            if r == z3.sat:
                found[name] = (goal, s.model())
            elif r == z3.unknown:
                self.undecided(t)
                return
        if any(c["kind"] in ("incompatible", "contradiction") for c in t.clashes):
            t.verdict = "incompatible"
        elif len(found) == 2:
            t.verdict = "overlapping"
        elif "a" in found:
            t.verdict = "a_stricter"
        elif "b" in found:
            t.verdict = "b_stricter"
        for name, (goal, model) in sorted(found.items()):
            t.witnesses.append(self._witness(t, w, name, goal, model, witness_dir))

    def _witness(
        self, t: Topic, w: World, rejecter: str, goal: z3.BoolRef, model: z3.ModelRef, witness_dir: Path | None
    ) -> DiffWitness:
        mine = t.a if rejecter == "a" else t.b
        theirs = t.b if rejecter == "a" else t.a
        xs = tuple(mine + theirs)
        hit = Hit("contradiction", None, xs[0].subject, xs, w, goal, model)
        accepter = "b" if rejecter == "a" else "a"
        rs_rej = self.a if rejecter == "a" else self.b
        rs_acc = self.b if rejecter == "a" else self.a
        violates: list[str] = []

        def confirm(data: dict[str, Any]) -> bool:
            bad = _violations(data, rs_rej, {x.id for x in mine}, self.together)
            good = _violations(data, rs_acc, {x.id for x in theirs}, self.together)
            violates[:] = sorted(bad)
            return bool(bad) and not good

        def resolve(extra: list[z3.BoolRef]) -> z3.ModelRef | None:
            s = z3.Solver()
            s.add(*w.sym.axioms, *w.extra, goal, *extra)
            return s.model() if s.check() == z3.sat else None

        pid = f"mau-diff-{t.key.replace(':', '-').replace(',', '-').replace('_', '-')}-{rejecter}"
        wit: Witness = witness(hit, self.both, resolve, confirm, pid)
        path = None
        if wit.data is not None and witness_dir is not None:
            target = witness_dir / f"diff--{t.key.replace(':', '--').replace(',', '-')}--{rejecter}-rejects.yaml"
            write(
                target,
                wit.data,
                [
                    f"Đề án mẫu do `hiepy diff` tạo: {rejecter.upper()} bác bỏ, {accepter.upper()} chấp nhận"
                    f" ({t.words[0]}).",
                    f"Witness made by `hiepy diff`: {rejecter.upper()} rejects, {accepter.upper()} accepts"
                    f" ({t.words[1]}).",
                ],
            )
            path = target.as_posix()
        return DiffWitness(accepter, rejecter, list(violates), path, wit.confirmed, wit.note, wit.data)


def _flat(v: Any) -> list[Any]:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _violations(data: dict[str, Any], rs: RuleSet, ids: set[str], together: bool) -> set[str]:
    """The provisions among ``ids`` that ``check`` finds violated on the proposal (one side's rules)."""
    from hiepy_rules.pipeline import check_proposal
    from hiepy_rules.schema.proposal import Proposal

    proposal = Proposal.model_validate(data)
    days = [proposal.date]
    if not together:  # each side on a day it is in force
        days = _days_in_force(rs, ids) or days
    out: set[str] = set()
    for day in days[:1]:
        result = check_proposal(proposal, rules=rs, as_of=day, engine="python")
        out |= {p for f in result.findings if f.kind == "violation" for p in f.provisions if p in ids}
    return out


def _days_in_force(rs: RuleSet, ids: set[str]) -> list[dt.date]:
    starts = []
    for pack in rs.packs:
        for loc in pack.provisions:
            if loc.provision.id in ids:
                starts.append(max(pack.manifest.in_force.from_, pack.in_force(loc.provision).from_))
    return [max(starts)] if starts else []


def _unscoped(rs: RuleSet) -> RuleSet:
    """The same rules as if every pack governed every unit (content comparison)."""
    out = RuleSet(rs.root)
    out.authorities, out.sources = rs.authorities, rs.sources
    out.packs = [
        Pack(p.manifest.model_copy(update={"scope": PackScope()}), p.manifest_doc, p.directory, p.provisions)
        for p in rs.packs
    ]
    return out


def _union(a: RuleSet, b: RuleSet) -> RuleSet:
    out = RuleSet(a.root)
    out.authorities = {**b.authorities, **a.authorities}
    out.sources = {**b.sources, **a.sources}
    ids = {p.id for p in a.packs}
    out.packs = list(a.packs) + [p for p in b.packs if p.id not in ids]
    return out


def _together(rs: RuleSet) -> bool:
    """Some unit and day every pack of ``rs`` governs and is in force on."""
    sym = Symbols()
    u = sym.slot("unit", "unit")
    conds = []
    for p in rs.packs:
        f = p.manifest.in_force
        conds += [sym.day >= f.from_.toordinal()]
        if f.until is not None:
            conds.append(sym.day < f.until.toordinal())
        conds.append(in_scope(p, u))
    s = z3.Solver()
    s.add(*sym.axioms, *conds)
    return bool(s.check() == z3.sat)


def compare(a: RuleSet, b: RuleSet, *, a_name: str, b_name: str, witness_dir: Path | None = None) -> DiffResult:
    together = _together(_union(a, b))
    if not together:
        a, b = _unscoped(a), _unscoped(b)
    both = _union(a, b)
    rep = build(both, everything=False, confirm=False) if together else None
    clashes = [e.hit for e in (rep.conflicts + rep.contradictions + rep.sets)] if rep else []
    xa, xb = compile_all(a), compile_all(b)
    cmp = Comparer(a, b, both, together)
    ts = topics(xa, xb)
    for t in ts:
        cmp.compare(t, clashes, witness_dir)
    undecided = len(cmp.undecided_topics) + (len(rep.analysis.undecided) + rep.analysis.more_undecided if rep else 0)
    return DiffResult(a_name, b_name, a, b, "together" if together else "content", ts, undecided)


# --- output ---------------------------------------------------------------------------------------


def _side(rs: RuleSet, xs: list[Compiled], lang: str) -> list[dict[str, Any]]:
    from hiepy_rules.findings.explain import required_text

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
    from rich.console import Console
    from rich.table import Table

    vi = lang == "vi"
    console = Console(width=180, record=True, highlight=False, color_system=None, file=io.StringIO())
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
