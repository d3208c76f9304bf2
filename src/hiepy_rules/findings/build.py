"""From engine outcomes to findings an analyst can act on (brief §7, "What a finding must tell").

Each finding says what is wrong and where (the proposal path and its file:line:column), under
which provision (document number, issuer, date, article, its words in Vietnamese and English),
why it applies (the facts that triggered it, as a short chain through derived facts), the values
compared, and the smallest change that complies. Everything here is shared by both engines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from hiepy_rules.compile.ir import CompiledProvision, Record
from hiepy_rules.findings.citation import document_ref, provision_name
from hiepy_rules.findings.clash import Choice, Clash, Window
from hiepy_rules.findings.explain import (
    Context,
    _fields_missing,
    _values,
    _why,
    actual_text,
    near_miss,
    required_text,
)
from hiepy_rules.findings.fixes import propose
from hiepy_rules.findings.model import (
    OUTCOME_KIND,
    Compared,
    ConflictOut,
    Finding,
    FixOut,
    Issuer,
    PrecedenceOut,
    Reading,
    Side,
    Subject,
    Words,
    path_text,
)
from hiepy_rules.findings.precedence import Verdict
from hiepy_rules.findings.readings import reading_condition, readings_note, share_readings
from hiepy_rules.findings.settle import settle
from hiepy_rules.findings.subject import subject_label, subject_path
from hiepy_rules.findings.to_add import what_to_add
from hiepy_rules.findings.windows import describe_window
from hiepy_rules.schema import labels
from hiepy_rules.schema.proposal import Proposal


def finding_for(ctx: Context, pid: str, outcome: str, fid: str) -> Finding | None:
    kind = OUTCOME_KIND.get(outcome)
    if kind is None:  # before any wording is made: most outcomes of a large proposal are permissions
        return None
    cp = ctx.program.by_id[pid]
    pack, loc = ctx.version(pid)
    p = loc.provision
    fact = ctx.facts[fid]
    subj = subject_label(ctx, fid)
    path = subject_path(ctx, cp, fid)
    if outcome == "violated" and isinstance(cp.rule, Record) and cp.rule.exists:
        miss = near_miss(ctx, cp.rule, fact)
        if miss is not None and miss[0]["id"] in ctx.paths:
            path = (*ctx.paths[miss[0]["id"]], miss[1][0].field)
    name = provision_name(ctx, pid)
    explanation = _why(ctx, cp, fid)
    values: list[Compared] = []
    fix = None
    missing: list[str] = []
    readings: list[Reading] = []
    if outcome in ("violated", "advised"):
        severity = p.severity if kind == "violation" else "info"
        assert cp.rule is not None
        required = ctx.once("required", pid, _required, cp)  # the same for every fact the provision is broken on
        if cp.modality == "must_not":
            req_vi = "không được: " + required[0]
            req_en = "must not: " + required[1]
        else:
            req_vi = ("nên: " if kind == "notice" else "phải: ") + required[0]
            req_en = ("should: " if kind == "notice" else "must: ") + required[1]
        message = Words(
            vi=f"{name.vi} — {subj.vi}: {actual_text(ctx, cp, cp.rule, fact, 'vi')} ({req_vi})",
            en=f"{name.en} — {subj.en}: {actual_text(ctx, cp, cp.rule, fact, 'en')} ({req_en})",
        )
        values = _values(ctx, cp, fact)
        readings = share_readings(cp, fact)
        if readings:
            explanation.append(readings_note(cp, readings))
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
                cond = reading_condition(readings)
                fix = FixOut(vi=fix.vi + cond.vi, en=fix.en + cond.en, changes=fix.changes)
        elif p.fix:
            fix = FixOut(vi=p.fix.vi, en=p.fix.en, changes=[])
    elif outcome == "indeterminate":
        # advice (should) left undecided stays at the weight of the advice
        severity = "info" if cp.modality == "should" else "warning"
        missing = _fields_missing(cp, fact, ctx.unit)
        what_vi = ", ".join(labels.field(m, "vi") for m in missing) or "?"
        what_en = ", ".join(labels.field(m, "en") for m in missing) or "?"
        message = Words(
            vi=f"{name.vi} — {subj.vi}: chưa kiểm tra được, đề án thiếu: {what_vi}",
            en=f"{name.en} — {subj.en}: cannot be checked; the proposal lacks: {what_en}",
        )
        fields = what_to_add(missing, ctx.proposal, fact, path)
        if fields:  # the proposal's own fields, where they belong
            what_vi = ", ".join(f"{title.vi} ({where})" for where, title in fields)
            what_en = ", ".join(f"{title.en} ({where})" for where, title in fields)
        fix = FixOut(vi=f"Bổ sung vào đề án: {what_vi}", en=f"Add to the proposal: {what_en}", changes=[])
    else:  # unconfigured
        severity = "info"
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


def _required(cp: CompiledProvision) -> tuple[str, str]:
    assert cp.rule is not None
    return required_text(cp, cp.rule, "vi"), required_text(cp, cp.rule, "en")


def _issuer(ctx: Context, aid: str | None) -> Issuer | None:
    return None if aid is None else ctx.once("issuer", aid, _issuer_of, ctx, aid)


def _issuer_of(ctx: Context, aid: str) -> Issuer:
    a = ctx.rules.authorities.get(aid)
    return Issuer(id=aid, vi=a.name.vi if a else aid, en=a.name.en if a else aid, rank=a.rank if a else None)


def _side(ctx: Context, clash: Clash, w: Window) -> Side:
    """One side of a clash: its provision and the values it allows (the same words for every clash on
    the same provision and window: a large proposal has hundreds)."""
    permits = clash.kind == "permission_withdrawn" and w.provision == clash.a.provision
    choice = clash.choice
    # a window is worded from the choice's kind, the values and, for a plan size, the largest one asked
    key = (permits, w.provision, choice.name, w.allowed, choice.domain[-1] if choice.name == "plan_size" else None)
    return ctx.once("side", key, _side_of, choice, w, permits)


def _side_of(choice: Choice, w: Window, permits: bool) -> Side:
    vi, en = describe_window(choice, w.allowed, "vi"), describe_window(choice, w.allowed, "en")
    allows = Words(vi="cho phép: " + vi, en="permits: " + en) if permits else Words(vi=vi, en=en)
    return Side(provision=w.provision, allows=allows)


def _precedence(ctx: Context, verdict: Verdict) -> PrecedenceOut:
    return ctx.once("precedence", verdict, _precedence_of, ctx, verdict)


def _precedence_of(ctx: Context, verdict: Verdict) -> PrecedenceOut:
    return PrecedenceOut(
        rule=verdict.rule,
        prevailing=verdict.prevailing,
        overridden=verdict.overridden,
        settled_by=_issuer(ctx, verdict.settled_by),
        reason=Words(vi=verdict.reason_vi, en=verdict.reason_en),
    )


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
    sides = [_side(ctx, clash, w) for w in (a, b)]
    n_a, n_b = provision_name(ctx, a.provision), provision_name(ctx, b.provision)
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
    prec = _precedence(ctx, verdict)
    because = prec.reason
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
        explanation=[reason, because],
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
    n_by, n_loser = provision_name(ctx, by), provision_name(ctx, loser)
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

