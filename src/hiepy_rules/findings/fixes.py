"""The smallest change that makes a proposal comply with one provision, as words and as edits.

A fix is a list of *changes*, a tiny edit language over the proposal's data, so that a fix can be
shown to an analyst ("plan one more candidate for Phó Cục trưởng") and also applied by a test to
prove that it removes the finding. Fixes are proposed from the failing condition of the
provision, never written per provision: a new pack gets fixes for free.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, CompiledProvision, Neg, Record, walk
from hiepy_rules.compile.logic import evaluate
from hiepy_rules.findings.changes import Change
from hiepy_rules.findings.fix_context import Fix, FixContext
from hiepy_rules.schema.labels import value as label_value


def _failing(c: C, fact: dict[str, Any], ctx: FixContext, want: bool) -> C | None:
    """The first atom whose value keeps ``c`` from being ``want``."""
    v = evaluate(c, fact, ctx.unit, ctx.index)
    if v is want:
        return None
    if isinstance(c, All):
        for item in c.items:
            if want:
                found = _failing(item, fact, ctx, True)
                if found is not None:
                    return found
        return c
    if isinstance(c, Any_):
        if not want:
            for item in c.items:
                found = _failing(item, fact, ctx, False)
                if found is not None:
                    return found
        return c
    if isinstance(c, Neg):
        return _failing(c.item, fact, ctx, not want)
    return c


def _bound(atom: Cmp | CmpField, fact: dict[str, Any], ctx: FixContext) -> Any:
    if isinstance(atom, Cmp):
        return atom.value
    other = atom.other
    src = ctx.unit if other.startswith("unit.") else fact
    v = src.get(other.removeprefix("unit."))
    return None if v is None else v * atom.times


def _needed(op: str, actual: int, bound: int) -> int:
    """How many to add (positive) or remove (negative) so that ``actual op bound`` holds."""
    if op == "ne":  # one more is the smallest change that leaves the forbidden number
        return 1 if actual == bound else 0
    target = {"ge": bound, "gt": bound + 1, "le": bound, "lt": bound - 1, "eq": bound}.get(op, actual)
    if op in ("ge", "gt"):
        return max(0, target - actual)
    if op in ("le", "lt"):
        return min(0, target - actual)
    return target - actual


def _remove_deputies(ctx: FixContext, n: int) -> Fix:
    planned: list[tuple[str, str]] = []
    for t in ctx.proposal.titles:
        if t.role == "deputy":
            planned.extend((t.id, c) for c in t.candidates)
    seen: list[str] = []
    for _, c in reversed(planned):
        if c not in seen:
            seen.append(c)
    drop = seen[:n]
    changes = [{"op": "remove_candidate", "title": t, "cadre": c} for t, c in planned if c in drop]
    names = ", ".join(ctx.cadre_name(c) for c in drop)
    return Fix(
        f"Bớt {n} cán bộ khỏi quy hoạch các chức danh cấp phó (ví dụ: {names})",
        f"Remove {n} cadre(s) from the plan for deputy titles (e.g. {names})",
        changes,
    )


def _count_fix(field_: str, fact: dict[str, Any], delta: int, ctx: FixContext) -> Fix | None:
    if delta == 0:  # nothing to add or remove: no count fix (never "remove 0 cadres")
        return None
    if field_ in ("candidate_count", "external_candidate_count") and "title" in fact:
        tid = fact["title"]
        name = ctx.title_name(tid)
        if delta > 0:
            return Fix(
                f"Quy hoạch thêm {delta} cán bộ cho chức danh {name}",
                f"Plan {delta} more cadre(s) for {name}",
                [{"op": "add_candidates", "title": tid, "count": delta}],
            )
        drop = [c for t in ctx.proposal.titles if t.id == tid for c in t.candidates][delta:]
        return Fix(
            f"Bớt {-delta} cán bộ khỏi quy hoạch chức danh {name} ({', '.join(map(ctx.cadre_name, drop))})",
            f"Remove {-delta} cadre(s) from the plan for {name} ({', '.join(map(ctx.cadre_name, drop))})",
            [{"op": "remove_candidate", "title": tid, "cadre": c} for c in drop],
        )
    if field_ == "deputies_planned" and delta < 0:
        return _remove_deputies(ctx, -delta)
    if field_ == "external_candidates" and delta > 0:
        # a title the dossier plans (never one marked planned: false), a key one first
        planned = [t for t in ctx.proposal.titles if t.planned is not False]
        key = next((t for t in planned if t.key), planned[0] if planned else None)
        if key is None:
            return None
        return Fix(
            f"Mở rộng nguồn: quy hoạch thêm {delta} cán bộ từ nơi khác (ví dụ cho chức danh {key.name})",
            f"Widen the pool: plan {delta} external cadre(s) (e.g. for {key.name})",
            [{"op": "add_candidates", "title": key.id, "count": delta}],
        )
    return None


_UNIT_FLAGS: dict[str, tuple[str, str, Change]] = {
    "planning_result_notified": (
        "Thông báo kết quả quy hoạch cho Ban Thường vụ Tỉnh ủy",
        "Notify the planning result to the Provincial Standing Committee",
        {"op": "append", "path": ["notifications"], "value": {"about": "planning_result"}},
    ),
    "evaluation_notified": (
        "Thông báo kết quả nhận xét, đánh giá cán bộ hằng năm cho Ban Thường vụ Tỉnh ủy",
        "Notify the annual evaluation's result to the Provincial Standing Committee",
        {"op": "append", "path": ["notifications"], "value": {"about": "annual_evaluation"}},
    ),
    "evaluation_local_opinion_requested": (
        "Lấy ý kiến cấp ủy địa phương khi nhận xét, đánh giá cán bộ hằng năm",
        "Seek the province's opinion in the annual evaluation",
        {"op": "set", "path": ["evaluation", "local_opinion_requested"], "value": True},
    ),
}


def _record_fix(rec: Record, fact: dict[str, Any], ctx: FixContext) -> Fix | None:
    values = {k: fact[k] for k in rec.match if k in fact}
    for w in rec.where:
        if w.op == "eq":
            values[w.field] = w.value
    today = ctx.proposal.date.isoformat()
    title = ctx.title_name(str(values.get("title", "")))
    if rec.kind == "candidacy":
        cadre = ctx.cadre_name(str(values.get("cadre")))
        return Fix(
            f"Đưa cán bộ {cadre} vào quy hoạch chức danh {title}",
            f"Plan cadre {cadre} for {title}",
            [{"op": "add_candidate", "title": values.get("title"), "cadre": values.get("cadre")}],
        )
    if rec.kind == "consultation":
        value = {"matter": values.get("matter", "planning"), "title": values.get("title"), "requested_on": today}
        return Fix(
            f"Gửi văn bản đề nghị hiệp y về {label_value(values.get('matter'), 'vi')} chức danh {title} "
            "tới cấp ủy địa phương",
            f"Request the province's concurrence (hiệp y) on the {label_value(values.get('matter'), 'en')} of {title}",
            [{"op": "append", "path": ["consultations"], "value": value}],
        )
    if rec.kind == "report":
        value = {
            "matter": values.get("matter", "appointment"),
            "title": values.get("title"),
            "by": values.get("by", "unit_leadership"),
            "to": values.get("to", "provincial_standing_committee"),
            "via": values.get("via", "provincial_organization_board"),
            "on": today,
        }
        return Fix(
            f"Lãnh đạo đơn vị báo cáo Ban Thường vụ Tỉnh ủy qua Ban Tổ chức Tỉnh ủy về chức danh {title}",
            f"The unit's leaders report on {title} to the Provincial Standing Committee "
            "through the Provincial Organization Board",
            [{"op": "append", "path": ["reports"], "value": value}],
        )
    return None


def propose(cp: CompiledProvision, fact: dict[str, Any], ctx: FixContext) -> Fix | None:
    """A fix for ``cp`` broken on ``fact`` (a must or should that failed; a must_not that held)."""
    if cp.rule is None:
        return None
    kind = fact["type"]
    if kind == "candidacy":
        name, cadre = ctx.title_name(fact["title"]), ctx.cadre_name(fact["cadre"])
        return Fix(
            f"Đưa cán bộ {cadre} ra khỏi danh sách quy hoạch chức danh {name}",
            f"Remove cadre {cadre} from the plan for {name}",
            [{"op": "remove_candidate", "title": fact["title"], "cadre": fact["cadre"]}],
        )
    want = cp.modality != "must_not"
    atom = _failing(cp.rule, fact, ctx, want)
    if isinstance(atom, Record):
        return _record_fix(atom, fact, ctx) if atom.exists == want else None
    if not isinstance(atom, (Cmp, CmpField)) and kind == "matter":
        atom = _appointee_test(cp.rule)  # a condition on the appointee, however it is combined
    if not isinstance(atom, (Cmp, CmpField)):
        return None
    field_ = atom.field.removeprefix("unit.")
    if kind == "vote" and (field_.startswith("share__") or field_ == "proceeded"):
        name, cadre = ctx.title_name(fact["title"]), ctx.cadre_name(fact["cadre"])
        return Fix(
            f"Không đưa cán bộ {cadre} sang bước sau bước {fact['step']} cho chức danh {name} "
            "(đưa ra khỏi quy hoạch và các bước tiếp theo)",
            f"Do not take cadre {cadre} past step {fact['step']} for {name} (remove from the plan and the later steps)",
            [{"op": "stop_after", "title": fact["title"], "cadre": fact["cadre"], "step": fact["step"]}],
        )
    if kind in _BY_KIND:
        found = _BY_KIND[kind](cp, atom, fact, ctx)
        if found is not None:
            return found
    if field_ == "appointment_in_same_dossier" and not want:
        return Fix(
            "Tách đề xuất bổ nhiệm ra khỏi đề án quy hoạch (làm hồ sơ riêng)",
            "Take the appointment proposals out of the planning dossier (a dossier of their own)",
            [{"op": "set", "path": ["appointments"], "value": []}],
        )
    src = ctx.unit if atom.field.startswith("unit.") else fact
    actual = src.get(field_)
    bound = _bound(atom, fact, ctx)
    if field_ == "reply_days" and isinstance(bound, int) and kind == "consultation":
        return _deadline_fix(fact, atom.op, bound, ctx)
    if isinstance(actual, int) and not isinstance(actual, bool) and isinstance(bound, int):
        op = atom.op if want else {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}.get(atom.op, atom.op)
        return _count_fix(field_, fact, _needed(op, actual, bound), ctx)
    if field_ == "planned_same_or_higher" and kind == "holding" and want:
        name, cadre = ctx.title_name(fact["title"]), ctx.cadre_name(fact["cadre"])
        return Fix(
            f"Quy hoạch cán bộ đương chức {cadre} cho giai đoạn tới (chức danh {name} hoặc chức danh cao hơn)",
            f"Plan the incumbent {cadre} for the next period ({name} or a higher title)",
            [{"op": "add_candidate", "title": fact["title"], "cadre": fact["cadre"]}],
        )
    if field_ in _UNIT_FLAGS and want and isinstance(atom, Cmp) and atom.op == "eq" and atom.value is True:
        vi, en, change = _UNIT_FLAGS[field_]
        return Fix(vi, en, [copy.deepcopy(change)])
    if field_ == "nomination_by":
        allowed = [v for v in FACT_SCHEMA["unit"]["nomination_by"].values if v != actual]
        if allowed:
            return Fix(
                "Danh sách giới thiệu gồm toàn bộ công chức, viên chức đủ điều kiện; cấp có thẩm quyền "
                "không giới thiệu danh sách"
                if allowed[0] == "all_eligible_staff"
                else "Đổi cách lập danh sách",
                "Let the nomination list be all eligible staff; the competent authority proposes no list"
                if allowed[0] == "all_eligible_staff"
                else "Change how the list is drawn up",
                [{"op": "set", "path": ["nomination", "drawn_up_by"], "value": allowed[0]}],
            )
    return None


def alternatives(cp: CompiledProvision, fact: dict[str, Any], ctx: FixContext) -> list[Fix]:
    """The fix ``propose`` gives, then other ways to comply, for a search that checks each (``fixcheck``):
    an incumbent to be planned "for the title held or a higher one" may be planned for each higher title."""
    first = propose(cp, fact, ctx)
    out = [first] if first is not None else []
    if first is not None and [c["op"] for c in first.changes] == ["add_candidates"] and fact["type"] == "unit":
        # an external cadre for the pool: any other title the dossier plans will do as well
        done = first.changes[0]["title"]
        for t in ctx.proposal.titles:
            if t.id != done and t.planned is not False:
                n = first.changes[0]["count"]
                out.append(
                    Fix(
                        f"Mở rộng nguồn: quy hoạch thêm {n} cán bộ từ nơi khác (ví dụ cho chức danh {t.name})",
                        f"Widen the pool: plan {n} external cadre(s) (e.g. for {t.name})",
                        [{"op": "add_candidates", "title": t.id, "count": n}],
                    )
                )
        return out
    if first is None or fact["type"] != "holding" or [c["op"] for c in first.changes] != ["add_candidate"]:
        return out
    cid, held = fact["cadre"], next((t for t in ctx.proposal.titles if t.id == fact["title"]), None)
    if held is None:
        return out
    higher = sorted(
        (t for t in ctx.proposal.titles if t.level < held.level and t.planned is not False and cid not in t.candidates),
        key=lambda t: -t.level,  # the nearest rung first
    )
    for t in higher:
        name = ctx.cadre_name(cid)
        out.append(
            Fix(
                f"Quy hoạch cán bộ đương chức {name} vào chức danh cao hơn {t.name}",
                f"Plan the incumbent {name} for the higher title {t.name}",
                [{"op": "add_candidate", "title": t.id, "cadre": cid}],
            )
        )
    return out


def _unplan(ctx: FixContext, cid: str, keep: Callable[[int], bool], limit: int | None = None) -> list[Change]:
    """Changes taking ``cid`` off the titles whose level ``keep`` rejects (at most ``limit``: the last listed)."""
    titles = [t for t in ctx.proposal.titles if cid in t.candidates and not keep(t.level)]
    if limit is not None:
        titles = titles[::-1][:limit][::-1]
    return [{"op": "remove_candidate", "title": t.id, "cadre": cid} for t in titles]


def _confidence_fix(cp: CompiledProvision, atom: Cmp | CmpField, fact: dict[str, Any], ctx: FixContext) -> Fix | None:
    """96-QĐ/TW: the consequences of a confidence vote, or its quorum."""
    field_ = atom.field
    cid, level = fact["cadre"], fact.get("level")
    name = ctx.cadre_name(cid)
    i = next(k for k, c in enumerate(ctx.proposal.cadres) if c.id == cid)
    if field_ in ("planned_higher", "planned_same_or_higher") and isinstance(level, int):
        higher = field_ == "planned_higher"
        changes = _unplan(ctx, cid, (lambda lv: lv >= level) if higher else (lambda lv: lv > level))
        where_vi = (
            "các chức danh cao hơn chức danh đang giữ" if higher else "chức danh đang giữ và các chức danh cao hơn"
        )
        where_en = "titles above the post held" if higher else "the post held and the titles above it"
        return Fix(
            f"Đưa cán bộ {name} ra khỏi quy hoạch {where_vi}",
            f"Take {name} out of the plan for {where_en}",
            changes,
        )
    m = next((m for m in cp.shares if m.field == field_), None)
    if m is not None and m.of == "present" and m.over == "convened":
        convened = fact["convened"]
        # the fewest present that meet the provision's own threshold (a vote held again)
        needed = next((n for n in range(fact["present"], convened + 1) if m.value(n, convened)), None)
        if needed is None:
            return None
        return Fix(
            f"Tổ chức lại việc lấy phiếu tín nhiệm đối với {name} khi có ít nhất {needed}/{convened} "
            "người được triệu tập có mặt",
            f"Hold the confidence vote on {name} again with at least {needed} of the {convened} convened present",
            [{"op": "set", "path": ["cadres", i, "confidence_vote", "present"], "value": needed}],
        )
    return None


def _plan_fix(cp: CompiledProvision, atom: Cmp | CmpField, fact: dict[str, Any], ctx: FixContext) -> Fix | None:
    """377-QĐ/TW: a cadre planned for too many titles at one level."""
    bound = _bound(atom, fact, ctx)
    if atom.field != "titles_planned" or not isinstance(bound, int) or cp.modality != "must":
        return None
    cid, level = fact["cadre"], fact["level"]
    extra = -_needed(atom.op, fact["titles_planned"], bound)
    if extra <= 0:
        return None
    changes = _unplan(ctx, cid, lambda lv: lv != level, extra)
    names = ", ".join(ctx.title_name(ch["title"]) for ch in changes)
    return Fix(
        f"Bớt {extra} chức danh bậc {level} khỏi quy hoạch của cán bộ {ctx.cadre_name(cid)} ({names})",
        f"Take {ctx.cadre_name(cid)} off {extra} title(s) at level {level} ({names})",
        changes,
    )


#: the conditions on an appointee (105-QĐ/TW, 80-QĐ/TW, 377-QĐ/TW) a dossier cannot change, by fact
_APPOINTEE: dict[str, tuple[str, str]] = {
    "can_serve_full_term": ("không đủ tuổi công tác trọn một nhiệm kỳ", "cannot serve a full term"),
    "months_to_retirement": ("không đủ tuổi công tác trọn một nhiệm kỳ", "cannot serve a full term"),
    "months_beyond_term": ("không đủ tuổi công tác đến hết nhiệm kỳ", "cannot serve until the term ends"),
    "planned_same_or_higher_title": (
        "chưa được quy hoạch chức danh này hoặc chức danh tương đương trở lên",
        "not yet planned for this title or an equivalent or higher one",
    ),
    "months_in_post": ("chưa đủ thời gian giữ chức vụ hiện tại", "not long enough in the current post"),
    **{
        f: ("còn trong thời hạn sau kỷ luật", "still within the waiting time after a discipline")
        for f in (
            "reprimanded",
            "months_since_reprimand",
            "warned",
            "months_since_warning",
            "removed_from_post",
            "months_since_removal",
        )
    },
}


def _appointee_test(cond: C) -> Cmp | None:
    """The first test on the appointee in ``cond`` (a discipline window is an any of alls)."""
    return next((c for c in walk(cond) if isinstance(c, Cmp) and c.field in _APPOINTEE), None)


def _appointment_fix(cp: CompiledProvision, atom: Cmp | CmpField, fact: dict[str, Any], ctx: FixContext) -> Fix | None:
    """An appointment whose appointee fails a condition on the person is not proposed in this dossier."""
    if atom.field not in _APPOINTEE or fact.get("matter") != "appointment":
        return None
    i = int(fact["id"].rsplit(":", 1)[1])
    cadre, title = ctx.cadre_name(fact["cadre"]), ctx.title_name(fact["title"])
    why_vi, why_en = _APPOINTEE[atom.field]
    if atom.field == "can_serve_full_term":  # 105-QĐ/TW: first appointments only
        return Fix(
            f"Không đề xuất bổ nhiệm lần đầu cán bộ {cadre} vào chức danh {title} ({why_vi})",
            f"Do not propose {cadre} for a first appointment as {title} ({why_en})",
            [{"op": "remove", "path": ["appointments", i]}],
        )
    return Fix(
        f"Không đề xuất bổ nhiệm cán bộ {cadre} vào chức danh {title} ({why_vi})",
        f"Do not propose {cadre} for appointment as {title} ({why_en})",
        [{"op": "remove", "path": ["appointments", i]}],
    )


#: fixes for kinds whose failing field no generic fix covers (the national packs after 2012)
_BY_KIND: dict[str, Callable[[CompiledProvision, Cmp | CmpField, dict[str, Any], FixContext], Fix | None]] = {
    "confidence_vote": _confidence_fix,
    "cadre_plan": _plan_fix,
    "matter": _appointment_fix,
}


def _deadline_fix(fact: dict[str, Any], op: str, bound: int, ctx: FixContext) -> Fix:
    i = int(fact["id"].split(":")[1])
    c = ctx.proposal.consultations[i]
    due = c.requested_on + dt.timedelta(days=bound + (1 if op == "gt" else 0))
    return Fix(
        f"Gia hạn trả lời hiệp y đến {due.strftime('%d/%m/%Y')} (ít nhất {bound} ngày sau ngày đề nghị)",
        f"Allow until {due.isoformat()} for the reply (at least {bound} days after the request)",
        [{"op": "set", "path": ["consultations", i, "reply_due"], "value": due.isoformat()}],
    )
