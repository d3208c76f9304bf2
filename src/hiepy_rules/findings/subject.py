"""The subject of a finding: the words for the fact it is about, and where in the proposal it points."""

from __future__ import annotations

from hiepy_rules.compile.facts import field_path
from hiepy_rules.compile.ir import Cmp, CmpField, CompiledProvision
from hiepy_rules.findings.explain import Context, atoms_of
from hiepy_rules.findings.model import Words
from hiepy_rules.load.document import PathKey
from hiepy_rules.schema import labels


def subject_label(ctx: Context, fid: str) -> Words:
    return ctx.once("label", fid, _label, ctx, fid)  # a conflict and the sides folded in it: one subject


def _label(ctx: Context, fid: str) -> Words:
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


def subject_path(ctx: Context, cp: CompiledProvision | None, fid: str) -> PathKey:
    root = ctx.root(fid)
    base = ctx.paths.get(root, ())
    if root == "unit" and cp is not None and "deputies_planned" in _reads(cp):
        deputy = next((i for i, t in enumerate(ctx.proposal.titles) if t.role == "deputy" and t.candidates), None)
        if deputy is not None:
            return ("titles", deputy, "candidates")
    if root == "unit" and cp is not None:
        for c in atoms_of(cp.rule) + [a for w in cp.when for a in atoms_of(w)]:
            if isinstance(c, (Cmp, CmpField)):
                p = field_path("unit", c.field.removeprefix("unit."))
                if p is not None and p[0] != "titles":
                    return p
    reads = {c.field for c in atoms_of(cp.rule if cp else None) if isinstance(c, (Cmp, CmpField))}
    kind = ctx.facts[root]["type"]
    if kind == "title" and any("candidate" in f for f in reads):
        return (*base, "candidates")
    if kind == "consultation" and "reply_days" in reads:
        return (*base, "reply_due")
    return base


def _reads(cp: CompiledProvision) -> set[str]:
    return {c.field.removeprefix("unit.") for c in atoms_of(cp.rule) if isinstance(c, (Cmp, CmpField))} | {
        c.other.removeprefix("unit.") for c in atoms_of(cp.rule) if isinstance(c, CmpField)
    }
