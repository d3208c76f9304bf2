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

from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from functools import cached_property
from typing import Any

import msgspec

from hiepy_rules.compile.delta import Delta
from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.ir import CompiledProvision, Program, fields_read
from hiepy_rules.compile.ladder import Ladder
from hiepy_rules.compile.logic import RecordIndex

# a clash's parts, named here too for the readers of ``conflicts`` (analysis, fixcheck, tests)
from hiepy_rules.findings.clash import Choice as Choice
from hiepy_rules.findings.clash import Clash as Clash
from hiepy_rules.findings.clash import Facts
from hiepy_rules.findings.clash import Window as Window
from hiepy_rules.findings.clash_memo import ClashMemo
from hiepy_rules.findings.probe import Probe, disjoint_pairs
from hiepy_rules.findings.probe import broken as _broken
from hiepy_rules.findings.withdrawn import withdrawn
from hiepy_rules.schema.proposal import Proposal, Title


def _with(facts: Facts, fid: str, **changes: Any) -> Facts:
    out = dict(facts)
    out[fid] = {**facts[fid], **changes}
    return out


#: a plan size is asked up to this many cadres at most
PLAN_SIZE_CAP = 64


def _top(facts: Facts, program: Program, memo: ClashMemo | None = None) -> int:
    """The largest plan size asked: the largest integer in the facts or the program, plus two, at most the cap.

    ``type(v) is int``: facts hold plain ints, no bools. The walk stops once the cap is reached (a
    month count in the facts usually reaches it at once). ``memo``: the first check's, which keeps
    the fact that reached the cap: a re-check looks at that fact first, and is done if it still does.
    """
    best = program.largest_int
    near = PLAN_SIZE_CAP - 2
    if best >= near:
        return PLAN_SIZE_CAP
    hint = memo.capped_by if memo is not None else None
    if hint is not None and hint in facts and any(type(v) is int and v >= near for v in facts[hint].values()):
        return PLAN_SIZE_CAP
    for fid, f in facts.items():
        for v in f.values():
            if type(v) is int and v > best:
                best = v
        if best >= near:
            if memo is not None:
                memo.capped_by = fid
            break
    return min(best + 2, PLAN_SIZE_CAP)


class _PlanSize(msgspec.Struct, frozen=True):
    """Planning ``v`` cadres for the title fact ``fid`` (a deputy title: as many distinct deputies)."""

    fid: str
    deputy: bool
    by_size: bool  # the plan size also decides whether the title is in the dossier

    def __call__(self, fs: Facts, v: Any) -> Facts:
        out = _with(fs, self.fid, candidate_count=v, **({"in_dossier": v > 0} if self.by_size else {}))
        return _with(out, "unit", deputies_planned=v) if self.deputy else out


class _Membership(msgspec.Struct, eq=False, dict=True):
    """Planning cadre ``cid`` for ``title`` or not; the candidacy fact is made when first asked
    (most memberships are never asked: fewer than two obligations read them)."""

    lad: Ladder
    title: Title
    cid: str
    holding: str

    @cached_property
    def candidacy(self) -> dict[str, Any]:
        return self.lad.candidacy(self.title, self.cid)

    def __call__(self, fs: Facts, v: Any) -> Facts:
        out = dict(fs)
        cand = self.candidacy
        if v:
            out[cand["id"]] = cand
        else:
            out.pop(cand["id"], None)
        if self.holding in out:
            again = self.lad.planned_same_or_higher(self.cid, {self.title.id: v})
            out = _with(out, self.holding, planned_same_or_higher=again)
        return out


def _choices(
    p: Proposal,
    facts: Facts,
    program: Program,
    lad: Ladder | None = None,
    earlier: Callable[[str, str], Choice | None] | None = None,
    memo: ClashMemo | None = None,
    wanted: Callable[[str, frozenset[str], frozenset[str]], bool] | None = None,
    keys: AbstractSet[str] | None = None,
) -> Iterator[Choice]:
    """``earlier``: a membership's choice as an earlier check made it, when still the same (else None);
    ``memo``: the first check's, whose choices other than memberships are taken again when made from
    the same values (a choice is never changed); ``wanted``: whether choices of a shape (name,
    fields, kinds of fact watched) are asked for at all; ``keys``: the only choices asked for, by
    key (when not given: every shape, every key)."""
    made: dict[tuple[Any, ...], Choice] = memo.made if memo is not None else {}
    top = -1  # worked out when a plan size is first asked (it walks the facts)
    lad = lad or Ladder(p)  # the check's own, when it passes it (built with the facts)
    members = wanted is None or wanted("membership", _MEMBERSHIP_FIELDS, _MEMBERSHIP_KINDS)
    # asked by key (a permission withdrawn), the titles are walked only for a title's or a candidacy's key
    titled = keys is None or any(k.startswith(("title:", "candidacy:")) for k in keys)
    for t in p.titles if titled else ():
        fid = f"title:{t.id}"
        deputy = t.role == "deputy"
        # a title whose dossier does not say whether it is planned is planned when it has candidates
        # (or is key): the plan size decides ``in_dossier`` too, else zero would look like a plan
        by_size = t.planned is None and not t.key
        fields = _PLAN_SIZE_FIELDS[(deputy, by_size)]
        if (wanted is None or wanted("plan_size", fields, _PLAN_SIZE_KINDS)) and (keys is None or fid in keys):
            if top < 0:
                top = _top(facts, program, memo)
            key: tuple[Any, ...] = ("plan_size", fid, deputy, by_size, len(t.candidates), top)
            choice = made.get(key)
            if choice is None:
                choice = made[key] = Choice(
                    "plan_size",
                    fid,
                    fields,
                    tuple(range(top + 1)),
                    len(t.candidates),
                    _PlanSize(fid, deputy, by_size),
                    (fid, "unit"),
                    _PLAN_SIZE_KINDS,
                )
            yield choice
        if not members:
            continue
        planned = lad.candidates[t.id]
        for cid in dict.fromkeys([*t.holders, *t.candidates]):
            cand_id = f"candidacy:{t.id}:{cid}"  # as ``Ladder.candidacy`` names it
            if keys is not None and cand_id not in keys:
                continue
            before = earlier(t.id, cid) if earlier is not None else None
            if before is not None:
                yield before
                continue
            held = lad.held.get(cid)
            holding = f"holding:{held.id}:{cid}" if held is not None else ""
            yield Choice(
                "membership",
                cand_id,
                _MEMBERSHIP_FIELDS,
                (False, True),
                cid in planned,
                _Membership(lad, t, cid, holding),
                tuple(x for x in (cand_id, holding) if x),
                _MEMBERSHIP_KINDS,  # a candidacy and a holding, whichever are there
                (t.id, cid),
            )
    nominations = wanted is None or wanted("nomination", _NOMINATION, _UNIT_KINDS)
    if "nomination_by" in facts["unit"] and nominations and (keys is None or "unit" in keys):
        key = ("nomination", facts["unit"]["nomination_by"])
        choice = made.get(key)
        if choice is None:

            def nomination(fs: Facts, v: Any) -> Facts:
                return _with(fs, "unit", nomination_by=v)

            choice = made[key] = Choice(
                "nomination",
                "unit",
                _NOMINATION,
                FACT_SCHEMA["unit"]["nomination_by"].values,
                facts["unit"]["nomination_by"],
                nomination,
                ("unit",),
                _UNIT_KINDS,
            )
        yield choice
    votes = wanted is None or wanted("proceeds", _PROCEEDED, _VOTE_KINDS)
    advancements = wanted is None or wanted("advancement", _ADVANCEMENT_FIELDS, _CONFIDENCE_KINDS)
    if votes:
        for fid, f in facts.items():
            if f["type"] == "vote" and (keys is None or fid in keys):
                key = ("proceeds", fid, f["proceeded"])
                choice = made.get(key)
                if choice is None:

                    def proceeds(fs: Facts, v: Any, fid: str = fid) -> Facts:
                        return _with(fs, fid, proceeded=v)

                    choice = made[key] = Choice(
                        "proceeds", fid, _PROCEEDED, (False, True), f["proceeded"], proceeds, (fid,), _VOTE_KINDS
                    )
                yield choice
    if advancements:
        for fid, f in facts.items():
            if f["type"] == "confidence_vote" and "planned_higher" in f and (keys is None or fid in keys):
                current = "higher" if f["planned_higher"] else "same" if f["planned_same_or_higher"] else "none"
                key = ("advancement", fid, current)
                choice = made.get(key)
                if choice is None:

                    def advancement(fs: Facts, v: Any, fid: str = fid) -> Facts:
                        return _with(fs, fid, planned_higher=v == "higher", planned_same_or_higher=v != "none")

                    choice = made[key] = Choice(
                        "advancement",
                        fid,
                        _ADVANCEMENT_FIELDS,
                        ADVANCEMENT,
                        current,
                        advancement,
                        (fid,),
                        _CONFIDENCE_KINDS,
                    )
                yield choice


_PROCEEDED = frozenset({"proceeded"})
_NOMINATION = frozenset({"nomination_by"})
_ADVANCEMENT_FIELDS = frozenset({"planned_higher", "planned_same_or_higher"})
#: a plan size's fields, by (a deputy title, the size also decides ``in_dossier``)
_PLAN_SIZE_FIELDS = {
    (deputy, by_size): frozenset(
        {"candidate_count"} | ({"deputies_planned"} if deputy else set()) | ({"in_dossier"} if by_size else set())
    )
    for deputy in (False, True)
    for by_size in (False, True)
}


_MEMBERSHIP_FIELDS = frozenset({"record:candidacy", "planned_same_or_higher"})
_MEMBERSHIP_KINDS = frozenset({"candidacy", "holding"})
_PLAN_SIZE_KINDS = frozenset({"title", "unit"})
_UNIT_KINDS = frozenset({"unit"})
_VOTE_KINDS = frozenset({"vote"})
_CONFIDENCE_KINDS = frozenset({"confidence_vote"})

#: what the dossier does with a cadre whose confidence vote it records, against the post held now
ADVANCEMENT = ("none", "same", "higher")


def _depends(cp: CompiledProvision, name: str, fields: frozenset[str], read: AbstractSet[str] | None = None) -> bool:
    """Whether ``cp`` reads a choice of this name and these fields."""
    read = fields_read(cp) if read is None else read
    if name == "membership":
        return cp.subject == "candidacy" or bool(read & fields)
    return bool(read & fields)


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
    memo: ClashMemo | None = None,
    delta: Delta | None = None,
    changed: set[str] | None = None,
) -> list[Clash]:
    """The clashes on this proposal. ``memo``: the first check's, when this one checks it again with a
    fix made; ``delta``: how the fix's proposal data differ from the first's; ``changed``: the kinds of
    fact that differ from the first check's, when the caller has them."""
    facts: Facts = {f["id"]: f for f in facts_list}  # read, never changed: a "what if" makes new dicts
    index = RecordIndex(facts.values())
    if memo is not None:
        memo.begin(facts, delta, changed)
    # which obligations read a choice depends only on its name, its fields and the kinds of facts it
    # watches: asked once per such triple (and per program: a re-check keeps the first check's), not per choice
    readers = memo.readers if memo is not None else {}

    def reading(name: str, fields: frozenset[str], kinds: frozenset[str]) -> list[CompiledProvision]:
        relevant = readers.get((name, fields, kinds))
        if relevant is None:
            relevant = readers[(name, fields, kinds)] = [
                cp
                for cp in program.obligations
                if cp.subject in kinds and _depends(cp, name, fields, program.reads[cp.id].fields)
            ]
        return relevant

    def clashable(name: str, fields: frozenset[str], kinds: frozenset[str]) -> bool:
        return len(reading(name, fields, kinds)) >= 2  # a clash needs two obligations reading the choice

    earlier = memo.membership if memo is not None else None
    # only the choices two obligations read are made (most are read by fewer: a vote's, a cadre's on a title)
    choices = list(_choices(p, facts, program, ladder, earlier, memo, clashable))
    clashes: list[Clash] = []
    points: dict[tuple[str, frozenset[str]], set[int] | None] = {}
    for choice in choices:
        relevant = reading(choice.name, choice.fields, choice.kinds)
        if memo is None:
            clashes.extend(_incompatible(choice, relevant, Probe(choice, facts, index, points)))
            continue
        here = memo.as_first(choice.key, choice, relevant, program)
        if here is not None:
            clashes.extend(here)
            continue
        inputs = memo.inputs(choice, facts, relevant, program)
        here = memo.reused(choice.key, inputs, relevant, program)
        if here is None:
            here = _incompatible(choice, relevant, Probe(choice, facts, index, points))
            memo.keep(choice.key, inputs, here)
        clashes.extend(here)

    def at(keys: AbstractSet[str]) -> dict[str, Choice]:  # a permission withdrawn may be over any choice
        return {c.key: c for c in _choices(p, facts, program, ladder, earlier, memo, keys=keys)}

    clashes.extend(withdrawn(facts, program, outcomes, index, at, memo))
    if memo is not None:
        memo.end(facts, choices)
    return clashes


def _incompatible(choice: Choice, relevant: list[CompiledProvision], probe: Probe) -> list[Clash]:
    """The pairs of ``relevant`` obligations whose windows over the choice do not meet."""
    found: dict[str, tuple[Any, ...] | None] = {}
    if choice.name == "membership":
        # not planning the cadre removes the candidacy fact: of the facts the choice watches, only the
        # holding remains, so only a provision on holdings can be broken then. Unless one of them is,
        # every window holds False: no two are disjoint, and the others need not be computed
        for cp in relevant:
            if cp.subject == "holding":
                found[cp.id] = probe.window(cp)
        if all(w is None or False in w for w in found.values()):
            return []
    windows: list[Window] = []
    for cp in relevant:
        w = found[cp.id] if cp.id in found else probe.window(cp)
        if w is not None and 0 < len(w) < len(choice.domain):
            windows.append(Window(cp.id, w))
    pairs = disjoint_pairs([w.allowed for w in windows], choice.domain)
    return [Clash("incompatible", choice, windows[i], windows[j], choice.watch) for i, j in pairs]
