"""Runtime conflicts: two applicable provisions that clash on this proposal (brief §7).

A proposal is a set of *choices* its authors make: how many cadres to plan for a title, whether
a cadre is planned for a title, who draws up the nomination list, whether a candidate goes on
after a vote, whether a cadre with a recorded confidence vote is planned for the title held or a
higher one (``advancement``). Everything else (who holds which title, how many deputies there
are, the votes cast) is fixed context. For each choice, hiepy asks of every provision that reads
it: which values would leave it unbroken (its *window*)? Then:

- **incompatible**: two obligations (must / must not) whose windows do not meet: no choice the
  proposal could make satisfies both (C1, C2);
- **permission withdrawn**: the proposal uses what one provision permits (``may``, outcome
  ``permitted``) and another forbids (its violation on the same fact, over the same choice: C3, C4;
  the two read a common field, or each reads a field of that choice).

Windows are found by evaluating the provisions with ``logic`` on facts changed to each value of
the choice's (small, finite) domain: exact for the vocabulary's interval and set constraints.
The plan size of a deputy title also sets the unit's distinct deputies planned to the same
number: the fewest it can be, which is the most any other provision could allow.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.factset import Ladder
from hiepy_rules.compile.ir import Cmp, CmpField, CompiledProvision, Program, Record, walk
from hiepy_rules.compile.logic import RecordIndex
from hiepy_rules.findings.probe import Probe, disjoint_pairs
from hiepy_rules.findings.probe import broken as _broken
from hiepy_rules.schema.labels import value as label_value
from hiepy_rules.schema.proposal import Proposal

Facts = dict[str, dict[str, Any]]


def fields_read(cp: CompiledProvision, *, rule_only: bool = False) -> set[str]:
    out: set[str] = set()
    for c in walk(cp.rule, *(() if rule_only else cp.when)):
        if isinstance(c, Cmp):
            out.add(c.field.removeprefix("unit."))
        elif isinstance(c, CmpField):
            out.update({c.field.removeprefix("unit."), c.other.removeprefix("unit.")})
        elif isinstance(c, Record):
            out.add(f"record:{c.kind}")
    return out


@dataclass(frozen=True)
class Choice:
    """One decision the proposal makes, the facts it touches, and its possible values."""

    name: str  # plan_size | membership | nomination | proceeds | advancement
    key: str  # stable id: the fact the choice is attached to
    fields: frozenset[str]  # a provision reading one of these depends on the choice
    domain: tuple[Any, ...]
    current: Any
    apply: Callable[[Facts, Any], Facts]
    watch: tuple[str, ...]  # fact ids whose outcomes the choice decides: the only ones ``apply`` may change


@dataclass(frozen=True)
class Window:
    provision: str
    allowed: tuple[Any, ...]


@dataclass(frozen=True)
class Clash:
    kind: Literal["incompatible", "permission_withdrawn"]
    choice: Choice
    a: Window
    b: Window
    fact_ids: tuple[str, ...]


def _with(facts: Facts, fid: str, **changes: Any) -> Facts:
    out = dict(facts)
    out[fid] = {**facts[fid], **changes}
    return out


def _choices(p: Proposal, facts: Facts, program: Program, lad: Ladder | None = None) -> Iterator[Choice]:
    # the largest integer in the facts or the program (``type(v) is int``: facts hold plain ints, no bools)
    ints = [max((v for f in facts.values() for v in f.values() if type(v) is int), default=0)]
    for cp in program.provisions:
        for c in walk(*cp.when, cp.rule):
            if isinstance(c, Cmp) and isinstance(c.value, int) and not isinstance(c.value, bool):
                ints.append(c.value)
    top = min(max([0, *ints]) + 2, 64)
    lad = lad or Ladder(p)  # the check's own, when it passes it (built with the facts)
    for t in p.titles:
        fid = f"title:{t.id}"

        # a title whose dossier does not say whether it is planned is planned when it has candidates
        # (or is key): the plan size decides ``in_dossier`` too, else zero would look like a plan
        by_size = t.planned is None and not t.key

        def plan_size(
            fs: Facts, v: Any, fid: str = fid, deputy: bool = t.role == "deputy", by_size: bool = by_size
        ) -> Facts:
            out = _with(fs, fid, candidate_count=v, **({"in_dossier": v > 0} if by_size else {}))
            return _with(out, "unit", deputies_planned=v) if deputy else out

        sized = {"candidate_count", "deputies_planned"} if t.role == "deputy" else {"candidate_count"}
        yield Choice(
            "plan_size",
            fid,
            frozenset(sized | ({"in_dossier"} if by_size else set())),
            tuple(range(top + 1)),
            len(t.candidates),
            plan_size,
            (fid, "unit"),
        )
        for cid in dict.fromkeys([*t.holders, *t.candidates]):
            cand = lad.candidacy(t, cid)
            held = lad.held.get(cid)
            holding = f"holding:{held.id}:{cid}" if held is not None else ""

            def membership(
                fs: Facts, v: Any, cand: dict[str, Any] = cand, holding: str = holding, cid: str = cid, tid: str = t.id
            ) -> Facts:
                out = dict(fs)
                if v:
                    out[cand["id"]] = cand
                else:
                    out.pop(cand["id"], None)
                if holding in out:
                    out = _with(out, holding, planned_same_or_higher=lad.planned_same_or_higher(cid, {tid: v}))
                return out

            yield Choice(
                "membership",
                cand["id"],
                frozenset({"record:candidacy", "planned_same_or_higher"}),
                (False, True),
                cid in t.candidates,
                membership,
                tuple(x for x in (cand["id"], holding) if x),
            )
    if "nomination_by" in facts["unit"]:
        values = FACT_SCHEMA["unit"]["nomination_by"].values

        def nomination(fs: Facts, v: Any) -> Facts:
            return _with(fs, "unit", nomination_by=v)

        yield Choice(
            "nomination",
            "unit",
            frozenset({"nomination_by"}),
            values,
            facts["unit"]["nomination_by"],
            nomination,
            ("unit",),
        )
    for fid, f in facts.items():
        if f["type"] == "vote":

            def proceeds(fs: Facts, v: Any, fid: str = fid) -> Facts:
                return _with(fs, fid, proceeded=v)

            yield Choice("proceeds", fid, frozenset({"proceeded"}), (False, True), f["proceeded"], proceeds, (fid,))
    for fid, f in facts.items():
        if f["type"] == "confidence_vote" and "planned_higher" in f:

            def advancement(fs: Facts, v: Any, fid: str = fid) -> Facts:
                return _with(fs, fid, planned_higher=v == "higher", planned_same_or_higher=v != "none")

            current = "higher" if f["planned_higher"] else "same" if f["planned_same_or_higher"] else "none"
            yield Choice(
                "advancement",
                fid,
                frozenset({"planned_higher", "planned_same_or_higher"}),
                ADVANCEMENT,
                current,
                advancement,
                (fid,),
            )


#: what the dossier does with a cadre whose confidence vote it records, against the post held now
ADVANCEMENT = ("none", "same", "higher")


_ADVANCEMENT_WORDS = {
    "none": ("không quy hoạch vào chức danh đang giữ hay cao hơn", "not planned for the post held or a higher one"),
    "same": ("quy hoạch lại chức danh đang giữ", "planned again for the post held"),
    "higher": ("quy hoạch chức danh cao hơn", "planned for a higher title"),
}


def _depends(cp: CompiledProvision, choice: Choice, read: set[str] | None = None) -> bool:
    read = fields_read(cp) if read is None else read
    if choice.name == "membership":
        return cp.subject == "candidacy" or bool(read & choice.fields)
    return bool(read & choice.fields)


def window(
    cp: CompiledProvision, choice: Choice, facts: Facts, index: RecordIndex | None = None
) -> tuple[Any, ...] | None:
    """The values of the choice that leave ``cp`` unbroken; None when cp never applies to it.

    ``index`` is ``facts``' record index (made here when not given). A choice changes only the facts
    it watches, so each "what if" is asked of those and the unit alone, over the index with them
    replaced: its cost does not grow with the proposal.
    """
    base = index if index is not None else RecordIndex(facts.values())
    near = {fid: facts[fid] for fid in (*choice.watch, "unit") if fid in facts}
    allowed: list[Any] = []
    applies = False
    for v in choice.domain:
        after = choice.apply(near, v)
        changed = base.replacing({fid: after.get(fid) for fid in choice.watch})
        broken = _broken(cp, after, choice.watch, changed)
        if broken is None:
            allowed.append(v)
            continue
        applies = True
        if not broken:
            allowed.append(v)
    return tuple(allowed) if applies else None


def find(
    p: Proposal,
    facts_list: list[dict[str, Any]],
    program: Program,
    outcomes: set[tuple[str, str, str]],
    *,
    ladder: Ladder | None = None,
) -> list[Clash]:
    facts: Facts = {f["id"]: copy.copy(f) for f in facts_list}
    index = RecordIndex(facts.values())
    obligations = [cp for cp in program.provisions if cp.modality in ("must", "must_not") and not cp.unconfigured]
    reads = {cp.id: fields_read(cp) for cp in obligations}
    choices = list(_choices(p, facts, program, ladder))
    clashes: list[Clash] = []
    points: dict[tuple[str, frozenset[str]], set[int] | None] = {}
    for choice in choices:
        kinds = {facts[w]["type"] for w in choice.watch if w in facts}
        if choice.name == "membership":
            kinds |= {"candidacy", "holding"}
        relevant = [cp for cp in obligations if cp.subject in kinds and _depends(cp, choice, reads[cp.id])]
        if len(relevant) < 2:
            continue
        probe = Probe(choice, facts, index, points)
        found: dict[str, tuple[Any, ...] | None] = {}
        if choice.name == "membership":
            # not planning the cadre removes the candidacy fact: of the facts the choice watches, only the
            # holding remains, so only a provision on holdings can be broken then. Unless one of them is,
            # every window holds False: no two are disjoint, and the others need not be computed
            for cp in relevant:
                if cp.subject == "holding":
                    found[cp.id] = probe.window(cp)
            if all(w is None or False in w for w in found.values()):
                continue
        windows: list[Window] = []
        for cp in relevant:
            w = found[cp.id] if cp.id in found else probe.window(cp)
            if w is not None and 0 < len(w) < len(choice.domain):
                windows.append(Window(cp.id, w))
        for i, j in disjoint_pairs([w.allowed for w in windows], choice.domain):
            clashes.append(Clash("incompatible", choice, windows[i], windows[j], choice.watch))
    clashes.extend(_withdrawn(facts, program, outcomes, index, choices))
    return clashes


def _withdrawn(
    facts: Facts, program: Program, outcomes: set[tuple[str, str, str]], index: RecordIndex, all_choices: list[Choice]
) -> list[Clash]:
    by_id = program.by_id
    violated: dict[str, list[str]] = {}
    for pid, kind, fid in outcomes:
        if kind == "violated":
            violated.setdefault(fid, []).append(pid)
    choices = {c.key: c for c in all_choices}
    # many permissions on a fact may meet many violations there: each provision's fields and each
    # window are worked out once, not once per pair
    reads: dict[str, set[str]] = {}
    probes: dict[str, Probe] = {}
    windows: dict[tuple[str, str], tuple[Any, ...]] = {}
    out: list[Clash] = []
    for pid, kind, fid in sorted(outcomes):
        if kind != "permitted":
            continue
        may = by_id[pid]
        used = fields_read(may, rule_only=True)
        choice = choices.get(fid)
        if choice is None:
            continue
        for qid in sorted(violated.get(fid, [])):
            read = reads.get(qid)
            if read is None:
                read = reads[qid] = fields_read(by_id[qid])
            if not (used & read or (used & choice.fields and read & choice.fields)):
                continue
            qw = windows.get((qid, fid))
            if qw is None:
                probe = probes.get(fid)
                if probe is None:
                    probe = probes[fid] = Probe(choice, facts, index)
                qw = windows[(qid, fid)] = probe.window(by_id[qid]) or ()
            out.append(Clash("permission_withdrawn", choice, Window(pid, (choice.current,)), Window(qid, qw), (fid,)))
    return out


def describe_window(choice: Choice, allowed: tuple[Any, ...], lang: str) -> str:
    vi = lang == "vi"
    if choice.name == "plan_size":
        vals = sorted(allowed)
        if not vals:
            return "không giá trị nào" if vi else "no value"
        lo, hi = vals[0], vals[-1]
        contiguous = vals == list(range(lo, hi + 1))
        top = hi == choice.domain[-1]
        unit = "cán bộ" if vi else "cadre(s)"
        if contiguous and top:
            return f"≥ {lo} {unit}" if lo else ("bất kỳ" if vi else "any")
        if lo == hi:
            return f"{lo} {unit}"
        if contiguous:
            return f"≤ {hi} {unit}" if lo == 0 else f"{lo}–{hi} {unit}"
        return ", ".join(map(str, vals)) + f" {unit}"
    if choice.name == "membership":
        if allowed == (True,):
            return "phải được quy hoạch" if vi else "must be planned"
        if allowed == (False,):
            return "không được quy hoạch" if vi else "must not be planned"
    if choice.name == "proceeds":
        if allowed == (True,):
            return "được đưa sang bước tiếp theo" if vi else "may go on to the next step"
        if allowed == (False,):
            return "không được đưa sang bước tiếp theo" if vi else "must not go on to the next step"
    if choice.name == "nomination":
        return ("chỉ: " if vi else "only: ") + "; ".join(label_value(v, lang) for v in allowed)
    if choice.name == "advancement":
        words = "; ".join(_ADVANCEMENT_WORDS[v][0 if vi else 1] for v in allowed if v in _ADVANCEMENT_WORDS)
        return (("chỉ: " if vi else "only: ") + words) if len(allowed) > 1 else words
    return ", ".join(label_value(v, lang) for v in allowed)
