"""``hiepy conflicts``: the analysis with its words, precedence verdicts and witnesses, as JSON or text.

The JSON is the machine contract (keys sorted, byte-identical across runs):

    {"hiepy": VERSION, "packs": [...],
     "conflicts": [{"kind", "choice", "subject", "provisions", "documents", "region", "in_force",
                    "precedence", "sides", "same_pack", "witness", "confirmed", "note"}],
     "sets": [...], "contradictions": [...],
     "dead": [{"provision", "reason"}], "redundant": [{"provision", "implied_by"}],
     "inconsistent_packs": [{"pack", "provisions"}], "approximations": [...], "undecided": [...]}

The text is a table in Vietnamese (``--lang en`` for English) a drafter reads without YAML.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import z3

from hiepy_rules.analysis import budget
from hiepy_rules.analysis.questions import Analysis, Hit
from hiepy_rules.analysis.region import Region, region
from hiepy_rules.analysis.replay import replay_finding
from hiepy_rules.analysis.symbolic import analyse
from hiepy_rules.analysis.witness import Witness, file_name, witness, write
from hiepy_rules.analysis.wording import Literal
from hiepy_rules.findings.citation import document_ref
from hiepy_rules.findings.precedence import Verdict, decide
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.version import __version__

KIND_WORDS = {
    "incompatible": ("không thể cùng thỏa mãn", "incompatible"),
    "permission_withdrawn": ("quyền bị rút lại", "permission withdrawn"),
    "contradiction": ("mâu thuẫn (check không thấy qua một lựa chọn)", "contradiction (beyond check's choices)"),
}


CHOICE_WORDS = {
    "plan_size": ("số cán bộ quy hoạch cho một chức danh", "how many cadres to plan for a title"),
    "membership": ("có đưa một cán bộ vào quy hoạch chức danh hay không", "whether a cadre is planned for a title"),
    "nomination": ("ai lập danh sách giới thiệu", "who draws up the nomination list"),
    "proceeds": ("ứng viên có được đi tiếp sau một bước hay không", "whether a candidate goes on after a step"),
    "advancement": (
        "có quy hoạch cán bộ đã lấy phiếu tín nhiệm vào chức danh đang giữ hoặc cao hơn hay không",
        "whether a cadre with a confidence vote is planned for the post held or a higher one",
    ),
}


DEAD_WORDS = {
    "never_applies": (
        "không bao giờ áp dụng: điều kiện `when` không thể đúng trong phạm vi và thời gian hiệu lực của gói",
        "never applies: its `when` cannot hold within its pack's scope and dates",
    ),
    "never_derived": (
        "không bao giờ áp dụng: không điều khoản nào suy ra loại sự kiện mà nó nói về",
        "never applies: no provision derives the kind of fact it is about",
    ),
}


@dataclass
class Entry:
    """One clash with everything said about it."""

    hit: Hit
    region: Region
    verdicts: list[Verdict]
    witness: Witness
    path: str | None
    sides: list[dict[str, Any]] | None


@dataclass
class Report:
    rs: RuleSet
    analysis: Analysis
    conflicts: list[Entry] = field(default_factory=list)
    sets: list[Entry] = field(default_factory=list)
    contradictions: list[Entry] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        a = self.analysis
        inconsistent: dict[str, set[str]] = {}
        for e in [*self.conflicts, *self.sets, *self.contradictions]:
            packs = {x.pack.id for x in e.hit.xs}
            if len(packs) == 1:
                inconsistent.setdefault(packs.pop(), set()).update(e.hit.provisions)
        extra = {"undecided_more": a.more_undecided} if a.more_undecided else {}  # past budget.LISTED
        return {
            **extra,
            "hiepy": __version__,
            "packs": sorted(p.id for p in self.rs.packs),
            "conflicts": [self._entry(e) for e in self.conflicts],
            "sets": [self._entry(e) for e in self.sets],
            "contradictions": [self._entry(e) for e in self.contradictions],
            "dead": [
                {"provision": pid, "reason": {"vi": DEAD_WORDS[why][0], "en": DEAD_WORDS[why][1]}}
                for pid, why in sorted(a.dead)
            ],
            "redundant": [{"provision": pid, "implied_by": by} for pid, by in sorted(a.redundant)],
            "inconsistent_packs": [{"pack": k, "provisions": sorted(v)} for k, v in sorted(inconsistent.items())],
            "approximations": sorted(set(a.approximations)),
            "undecided": sorted(list(u) for u in set(a.undecided)),
        }

    def _entry(self, e: Entry) -> dict[str, Any]:
        hit = e.hit

        frm, until = _together(hit)
        day = dt.date.fromisoformat(frm)
        ctx = cast(Any, SimpleNamespace(rules=self.rs, version=lambda pid: self.rs.version(pid, day)))
        kind_vi, kind_en = KIND_WORDS[hit.kind]
        return {
            "kind": hit.kind,
            "kind_words": {"vi": kind_vi, "en": kind_en},
            "choice": hit.choice,
            "choice_words": _words(CHOICE_WORDS.get(hit.choice or "")),
            "subject": hit.subject,
            "provisions": list(hit.provisions),
            "documents": [document_ref(ctx, pid).model_dump(mode="json") for pid in hit.provisions],
            "region": {"formula": e.region.formula(), "vi": e.region.words("vi"), "en": e.region.words("en")},
            "in_force": {"from": frm, "until": until},
            "precedence": [_verdict(self.rs, v) for v in e.verdicts]
            if len(hit.xs) > 2
            else _verdict(self.rs, e.verdicts[0]),
            "sides": e.sides,
            "same_pack": len({x.pack.id for x in hit.xs}) == 1,
            "witness": e.path,
            "confirmed": e.witness.confirmed,
            "note": e.witness.note or None,
        }

    def to_json(self) -> str:
        return json.dumps(self.payload(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _words(pair: tuple[str, str] | None) -> dict[str, str] | None:
    return None if pair is None else {"vi": pair[0], "en": pair[1]}


def _together(hit: Hit) -> tuple[str, str | None]:
    """The dates both (all) provisions are in force together: the latest start, the earliest end."""
    starts, ends = [], []
    for x in hit.xs:
        for f in (x.pack.manifest.in_force, x.pack.in_force(x.provision)):
            starts.append(f.from_)
            if f.until is not None:
                ends.append(f.until)
    return max(starts).isoformat(), (min(ends).isoformat() if ends else None)


def _verdict(rs: RuleSet, v: Verdict) -> dict[str, Any]:
    settled = None
    if v.settled_by is not None:
        a = rs.authorities.get(v.settled_by)
        settled = {
            "id": v.settled_by,
            "vi": a.name.vi if a else v.settled_by,
            "en": a.name.en if a else v.settled_by,
            "rank": a.rank if a else None,
        }
    return {
        "rule": v.rule,
        "prevailing": v.prevailing,
        "overridden": v.overridden,
        "settled_by": settled,
        "reason": {"vi": v.reason_vi, "en": v.reason_en},
    }


def _resolver(hit: Hit) -> Any:
    def resolve(extra: list[z3.BoolRef]) -> z3.ModelRef | None:
        w = hit.world
        s = z3.Solver()
        s.set("timeout", 10_000)
        s.add(*w.sym.axioms, *w.top_axioms, *w.extra, hit.goal, *extra)
        return s.model() if s.check() == z3.sat else None

    return resolve


def entry(rs: RuleSet, hit: Hit, witness_dir: Path | None, *, confirm: bool = True) -> Entry:
    ids = list(hit.provisions)
    day = dt.date.fromisoformat(_together(hit)[0])
    verdicts = [decide(rs, a, b, day=day) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    if confirm and budget.expired():  # the conflict stands; only its witness is left out
        w = Witness(None, False, "not built within the time budget (--timeout)")
    else:
        w = witness(hit, rs, _resolver(hit)) if confirm else Witness(None, False, "not built")
    path = None
    sides = None
    if w.data is not None:
        finding = replay_finding(hit, w.data, rs)
        if getattr(finding, "conflict", None) is not None:
            sides = [
                {"provision": s.provision, "allows": {"vi": s.allows.vi, "en": s.allows.en}}
                for s in finding.conflict.sides
            ]
        if witness_dir is not None:
            target = witness_dir / file_name(hit)
            write(target, w.data, header(hit))
            path = target.as_posix()
    return Entry(hit, _OUT_OF_TIME if budget.expired() else region(hit), verdicts, w, path, sides)


#: the region of a conflict found before the time budget ran out, described after it had
_OUT_OF_TIME = Region(
    (
        (
            Literal(
                "?", "chưa xác định được trong thời hạn cho phép", "not worked out within the time budget", (0, "", "")
            ),
        ),
    )
)


def header(hit: Hit) -> list[str]:
    kind_vi, kind_en = KIND_WORDS[hit.kind]
    ids = ", ".join(hit.provisions)
    return [
        f"Đề án mẫu do `hiepy conflicts` tạo: {kind_vi} giữa {ids}.",
        f"Witness proposal made by `hiepy conflicts`: {kind_en} between {ids}.",
        "Kiểm tra bằng / check with: hiepy check <this file>",
    ]


def build(
    rs: RuleSet,
    *,
    witness_dir: Path | None = None,
    new: set[str] | None = None,
    everything: bool = True,
    confirm: bool = True,
) -> Report:
    """Analyse ``rs`` and say everything about what was found."""
    _, analysis = analyse(rs, new=new, everything=everything)
    rep = Report(rs, analysis)
    order = {"incompatible": 0, "permission_withdrawn": 1, "contradiction": 2}
    for src, dst in (
        (analysis.conflicts, rep.conflicts),
        (analysis.sets, rep.sets),
        (analysis.contradictions, rep.contradictions),
    ):
        seen: set[tuple[Any, ...]] = set()
        for hit in sorted(src, key=lambda h: (order[h.kind], h.provisions, h.choice or "", _together(h))):
            key = (hit.kind, hit.provisions, hit.choice)
            if key in seen:  # another version of the same provisions: the earliest speaks for them
                continue
            seen.add(key)
            dst.append(entry(rs, hit, witness_dir, confirm=confirm))
    return rep


# --- text ------------------------------------------------------------------------------------------


def render_text(rep: Report, lang: str = "vi", width: int = 160) -> str:
    # rich only for the text output
    from rich.console import Console
    from rich.table import Table

    vi = lang == "vi"
    payload = rep.payload()
    # markup=False: names, reasons and paths print as written ("[v2]" is not a style); the text has no styles
    console = Console(
        width=width, record=True, highlight=False, emoji=False, markup=False, color_system=None, file=io.StringIO()
    )
    title = (
        "Xung đột giữa các quy định (không cần đề án)" if vi else "Conflicts between provisions (no proposal needed)"
    )
    console.print(f"{title}: {', '.join(payload['packs'])}")
    for key, heading in (
        ("conflicts", ("Xung đột", "Conflicts")),
        ("sets", ("Nhóm ba điều khoản không thể cùng thỏa mãn", "Sets of three that cannot all be met")),
        (
            "contradictions",
            ("Mâu thuẫn ngoài các lựa chọn mà lệnh kiểm tra đề án xét", "Contradictions beyond check's choices"),
        ),
    ):
        rows = payload[key]
        if not rows and key != "conflicts":
            continue
        table = Table(title=heading[0] if vi else heading[1], show_lines=True, expand=True)
        table.add_column("#", no_wrap=True)
        table.add_column("Loại" if vi else "Kind", ratio=1)
        table.add_column("Điều khoản" if vi else "Provisions", ratio=3)
        table.add_column("Xảy ra khi" if vi else "Happens where", ratio=3)
        table.add_column("Ưu tiên" if vi else "Precedence", ratio=2)
        table.add_column("Đề án mẫu" if vi else "Witness", ratio=2, overflow="fold")
        for i, r in enumerate(rows, 1):
            docs = "\n".join(
                f"{d['provision']}: {d['number']}, {d['article']} ({d['issuer'][lang]})" for d in r["documents"]
            )
            if r["sides"]:
                docs += "\n" + "\n".join(f"· {s['provision']}: {s['allows'][lang]}" for s in r["sides"])
            where = r["region"][lang]
            if r["choice_words"]:
                where = f"{r['choice_words'][lang]} — {where}"
            period = r["in_force"]
            where += f"\n({'hiệu lực chung từ' if vi else 'in force together from'} {period['from']}"
            where += f" {'đến' if vi else 'until'} {period['until']})" if period["until"] else ")"
            prec = r["precedence"] if isinstance(r["precedence"], list) else [r["precedence"]]
            prec_text = "\n".join(p["reason"][lang] for p in prec)
            wit = r["witness"] or ("(không ghi ra tệp)" if vi else "(not written)")
            wit += "\n" + (
                ("đã kiểm tra lại trên đề án mẫu" if vi else "confirmed by check")
                if r["confirmed"]
                else (("chưa xác nhận: " if vi else "not confirmed: ") + (r["note"] or ""))
            )
            table.add_row(str(i), r["kind_words"][lang], docs, where, prec_text, wit)
        if not rows:
            table.add_row("—", "—", "không có" if vi else "none", "", "", "")
        console.print(table)
    for key, heading in (
        ("inconsistent_packs", ("Gói tự mâu thuẫn", "Internally inconsistent packs")),
        ("dead", ("Điều khoản không bao giờ áp dụng", "Provisions that never apply")),
        ("redundant", ("Điều khoản thừa (mọi vi phạm đã là vi phạm của điều khoản khác)", "Redundant provisions")),
    ):
        rows = payload[key]
        console.print(f"{heading[0] if vi else heading[1]}: " + ("không có" if vi else "none") * (not rows))
        for r in rows:
            if key == "inconsistent_packs":
                console.print(f"  · {r['pack']}: {', '.join(r['provisions'])}")
            elif key == "dead":
                console.print(f"  · {r['provision']}: {r['reason'][lang]}")
            else:
                words = "được bao hàm bởi" if vi else "implied by"
                console.print(f"  · {r['provision']} {words} {r['implied_by']}")
    if payload["approximations"]:
        console.print(("Xấp xỉ: " if vi else "Approximated: ") + "; ".join(payload["approximations"]))
    undecided = payload["undecided"]
    if undecided:  # never dropped: the questions z3 or the time budget left open
        more = payload.get("undecided_more", 0)
        shown = "; ".join(" + ".join(u) for u in undecided[:20])
        rest = len(undecided) - 20 + more
        tail = (f" (và {rest} câu hỏi khác)" if vi else f" (and {rest} more)") if rest > 0 else ""
        console.print(("Chưa quyết định được: " if vi else "Undecided: ") + shown + tail)
    return console.export_text()
