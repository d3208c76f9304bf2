"""Every fix is checked before it is offered (brief decision 10).

A fix is applied to the proposal in memory and the proposal checked again (facts, engine, clashes,
``settle``: the same pipeline, without words) with the program already compiled. It is offered
only if its finding is gone and no error appears that was not there. When the first fix fails,
the fixes of what it broke (or of the sides still inside the clash) are tried on top of it, one
level deep: a fix that satisfies both is offered; when none is found, the finding says so and why.

For an unresolved conflict the search starts from the fixes of its sides: a conflict that a change
in the proposal dissolves (the incumbent planned for a higher title; a permission not used) gets
that change; "cannot be fixed in the proposal" is said only when the search found none.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import msgspec
import orjson
from pydantic import ValidationError

from hiepy_rules.compile.delta import Delta
from hiepy_rules.compile.facts import BASE_TYPES
from hiepy_rules.compile.factset import FactSet
from hiepy_rules.compile.ir import Program
from hiepy_rules.compile.ladder import Ladder
from hiepy_rules.compile.logic import RecordIndex
from hiepy_rules.engine.base import Engine
from hiepy_rules.engine.incremental import Rerun, differences
from hiepy_rules.findings import conflicts
from hiepy_rules.findings.changes import apply
from hiepy_rules.findings.clash_memo import ClashMemo
from hiepy_rules.findings.fix_context import Fix, FixContext
from hiepy_rules.findings.fixes import alternatives
from hiepy_rules.findings.model import OUTCOME_KIND, Finding, FixOut
from hiepy_rules.findings.revalidate import validate_changed
from hiepy_rules.findings.settle import settle
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import consistent

Key = tuple[str, tuple[str, ...], str]  # finding kind, provisions, subject fact


#: re-checks tried per finding at most (the first fix, then fixes on top of it)
BUDGET = 6


def key_of(f: Finding) -> Key:
    return (f.kind, tuple(f.provisions), f.subject.fact)


class State(msgspec.Struct):
    """One proposal, checked without words: each counted finding's key and severity."""

    proposal: Proposal
    facts: dict[str, dict[str, Any]]
    keys: dict[Key, str]
    #: (provision, fact id) of each outcome shown inside a clash → that clash's key
    inside: dict[tuple[str, str], Key]
    outcomes: tuple[tuple[str, str, str], ...]

    @property
    def errors(self) -> set[Key]:
        # a violation folded into an error clash counts too: a fix that moves an undecided clash from one
        # side to the other prejudges its settlement, it does not fix anything
        folded = {
            ("violation", (pid,), fid) for (pid, fid), head in self.inside.items() if self.keys.get(head) == "error"
        }
        return {k for k, sev in self.keys.items() if sev == "error"} | folded

    def fix_context(self) -> FixContext:
        base = [f for f in self.facts.values() if f["type"] in BASE_TYPES]
        return FixContext(self.proposal, self.facts, RecordIndex(base))


class Rechecker(msgspec.Struct):
    rules: RuleSet
    program: Program
    engine: Engine
    day: dt.date
    data: dict[str, Any]
    cache: dict[bytes, State | None] = msgspec.field(default_factory=dict)
    by_effect: dict[bytes, State | None] = msgspec.field(default_factory=dict)
    runs: int = 0
    #: the base facts' evaluations, reused by each re-check where its facts did not change; made on
    #: the first re-check (the engines give the same outcomes, so the pure-Python one re-checks)
    rerun: Rerun | None = None
    base_facts: list[dict[str, Any]] | None = None
    #: the base check's facts (each title's reused by a re-check where the fix left it alone)
    first: FactSet | None = None
    #: the base check's clashes by choice, reused by each re-check where their inputs did not change
    clash_memo: ClashMemo = msgspec.field(default_factory=ClashMemo)

    def state(
        self,
        proposal: Proposal,
        facts: list[dict[str, Any]],
        outcomes: tuple[Any, ...],
        derived: Any,
        clashes: list[conflicts.Clash] | None = None,
        ladder: Ladder | None = None,
        delta: Delta | None = None,
        kinds: set[str] | None = None,
    ) -> State:
        if self.base_facts is None:
            self.base_facts = facts
        by_id = {f["id"]: f for f in facts}  # read only: a fix is made to the proposal's data, not its facts
        for d in derived:
            by_id.setdefault(d["id"], d)
        if clashes is None:
            program, memo = self.program, self.clash_memo
            clashes = conflicts.find(
                proposal, facts, program, set(outcomes), ladder=ladder, memo=memo, delta=delta, changed=kinds
            )
        plan = settle(self.rules, self.day, clashes, outcomes)
        keys: dict[Key, str] = {}
        heads: list[Key] = []
        for s in plan.clashes:
            if s.verdict.prevailing is not None:
                k: Key = ("overridden", s.pair, s.clash.choice.key)
                keys[k] = "info"
            else:
                k = ("conflict", s.pair, s.clash.choice.key)
                keys[k] = "error" if s.clash.kind == "incompatible" else "warning"
            heads.append(k)
        inside: dict[tuple[str, str], Key] = {}
        for pid, outcome, fid in outcomes:
            i = plan.folded.get((pid, fid))
            if i is not None:
                inside[(pid, fid)] = heads[i]
                continue
            if (pid, fid) in plan.set_aside or outcome not in OUTCOME_KIND:
                continue
            kind = OUTCOME_KIND[outcome]
            if kind == "violation":
                sev = self.rules.version(pid, self.day)[1].provision.severity
            else:
                sev = "warning" if kind == "indeterminate" else "info"
            keys[(kind, (pid,), fid)] = sev
        return State(proposal, by_id, keys, inside, tuple(outcomes))

    def after(self, changes: list[dict[str, Any]]) -> State | None:
        """The proposal with ``changes`` made, checked again; None when the result is not a valid proposal.

        Memoized by the fix's effect: fixes that give the same proposal data (a change already made,
        the same change reached another way) are checked once.
        """
        try:  # a key: equal changes, equal bytes
            tag = orjson.dumps(changes, option=orjson.OPT_SORT_KEYS, default=str)
        except TypeError:  # an integer orjson cannot write
            tag = json.dumps(changes, sort_keys=True, default=str).encode()
        if tag in self.cache:
            return self.cache[tag]
        try:
            data: dict[str, Any] | None = apply(self.data, changes)
        except (KeyError, IndexError, TypeError, ValueError):
            data = None
        effect = _digest(data) if data is not None else None
        if effect is not None and effect in self.by_effect:
            self.cache[tag] = self.by_effect[effect]
            return self.cache[tag]
        self.runs += 1
        state: State | None = None
        try:
            if data is None:
                proposal = None
            elif self.first is not None:  # what the fix left alone is not validated again
                proposal = validate_changed(self.first.proposal, self.data, data)
            else:
                proposal = Proposal.model_validate(data)
        except (ValidationError, KeyError, IndexError, TypeError, ValueError):
            proposal = None
        if proposal is not None and data is not None and consistent(proposal):
            delta = Delta.between(self.data, data)
            fs = FactSet.of(proposal, self.program.shares, earlier=self.first, delta=delta)
            if self.rerun is None:
                self.rerun = Rerun(self.program, self.base_facts if self.base_facts is not None else fs.facts)
            diff = differences(self.rerun.base_facts, fs.facts)  # once, for the engine and the conflicts
            result = self.rerun.run(fs.facts, diff=diff)
            state = self.state(
                proposal, fs.facts, result.outcomes, result.derived, ladder=fs.ladder, delta=delta, kinds=diff.kinds
            )
        self.cache[tag] = state
        if effect is not None:
            self.by_effect[effect] = state
        return state


def _digest(data: dict[str, Any]) -> bytes | None:
    """The proposal data as canonical bytes (equal bytes: equal data); None when orjson cannot write it."""
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:  # a date or another object: no memo (a fix's values are JSON)
        return None


def _options(state: State, program: Program, keys: list[Key]) -> list[Fix]:
    """Fixes, in ``state``, of the findings with these keys (a clash: of the sides shown inside it)."""
    ctx = state.fix_context()
    out: list[Fix] = []
    wanted = set(keys)
    targets = [(k[1][0], k[2]) for k in keys if len(k[1]) == 1]
    targets += [pf for pf, head in sorted(state.inside.items()) if head in wanted]
    for pid, fid in targets:
        cp = program.by_id.get(pid)
        fact = state.facts.get(fid)
        if cp is None or fact is None:
            continue
        out.extend(alternatives(cp, fact, ctx))
    return out


def _undoes(a: Fix, b: Fix) -> bool:
    """Whether ``b`` puts back a candidate ``a`` takes off (the two together change nothing)."""
    removed = {(c.get("title"), c.get("cadre")) for c in a.changes if c["op"] == "remove_candidate"}
    return any(c["op"] == "add_candidate" and (c.get("title"), c.get("cadre")) in removed for c in b.changes)


def _joined(a: Fix, b: Fix) -> Fix:
    return Fix(
        f"{a.vi}; {b.vi[:1].lower()}{b.vi[1:]}", f"{a.en}; {b.en[:1].lower()}{b.en[1:]}", [*a.changes, *b.changes]
    )


class Search(msgspec.Struct):
    found: Fix | None
    broken: list[Key]  # what the first fix broke, when none was found


def search(rc: Rechecker, base: State, target: Key, first: list[Fix]) -> Search:
    """The first fix that removes ``target`` and adds no error, trying ``first`` then fixes on top of each."""
    before = base.errors
    tries = 0
    broken: list[Key] = []
    queue: list[tuple[Fix, bool]] = [(f, True) for f in first]
    while queue and tries < BUDGET:
        fix, expand = queue.pop(0)
        if not fix.changes:
            continue
        tries += 1
        state = rc.after(fix.changes)
        if state is None:
            continue
        new = sorted(state.errors - before)
        if target[0] == "conflict":  # offered as "satisfying both": neither side may be broken, at any severity
            new += sorted(k for k in state.keys if k[0] == "violation" and k[1][0] in target[1] and k not in base.keys)
        if target not in state.keys and not new:
            return Search(fix, [])
        if not broken:
            broken = new
        if expand:
            pending = new + ([target] if target in state.keys else [])
            for extra in _options(state, rc.program, pending):
                if not _undoes(fix, extra):
                    queue.append((_joined(fix, extra), False))
    return Search(None, broken)


def _names(rc: Rechecker, keys: list[Key], lang: str) -> str:
    pids = sorted({p for k in keys for p in k[1]})
    names = []
    for pid in pids:
        n = rc.rules.version(pid, rc.day)[1].provision.name
        names.append(f"{pid} ({n.vi if lang == 'vi' else n.en})")
    return ", ".join(names)


def verify(found: list[Finding], rc: Rechecker, base: State) -> list[Finding]:
    """The findings with each fix checked: kept, replaced by one that satisfies all, or said to be none."""
    out: list[Finding] = []
    for f in found:
        out.append(_verified(f, rc, base))
    return out


def _verified(f: Finding, rc: Rechecker, base: State) -> Finding:
    folded = [x.model_copy(update={"fix": None}) for x in f.folded]
    if f.kind == "conflict" and f.conflict is not None and f.conflict.precedence.prevailing is None:
        first = [Fix(x.fix.vi, x.fix.en, x.fix.changes) for x in f.folded if x.fix is not None and x.fix.changes]
        result = search(rc, base, key_of(f), first) if first else Search(None, [])
        fix = f.fix
        if result.found is not None:
            fix = FixOut(
                vi="Sửa được trong đề án, thỏa cả hai quy định: " + result.found.vi,
                en="Can be met in the proposal, satisfying both provisions: " + result.found.en,
                changes=result.found.changes,
            )
        return f.model_copy(update={"fix": fix, "folded": folded})
    if f.fix is None or not f.fix.changes or f.kind not in ("violation", "notice"):
        return f.model_copy(update={"folded": folded}) if f.folded else f
    offered = Fix(f.fix.vi, f.fix.en, f.fix.changes)
    result = search(rc, base, key_of(f), [offered, *_same_alternatives(f, rc, base)])
    if result.found is not None:
        if result.found.changes == offered.changes:
            return f
        return f.model_copy(
            update={"fix": FixOut(vi=result.found.vi, en=result.found.en, changes=result.found.changes)}
        )
    why_vi = f" vì sẽ vi phạm {_names(rc, result.broken, 'vi')}" if result.broken else ""
    why_en = f" because it would break {_names(rc, result.broken, 'en')}" if result.broken else ""
    return f.model_copy(
        update={
            "fix": FixOut(
                vi=f"Không tìm được cách sửa trong đề án mà không vi phạm quy định khác: “{f.fix.vi}” không dùng "
                f"được{why_vi}",
                en=f"No fix found in the proposal that breaks no other provision: “{f.fix.en}” cannot be used{why_en}",
                changes=[],
            )
        }
    )


def _same_alternatives(f: Finding, rc: Rechecker, base: State) -> list[Fix]:
    """The other fixes of the same provision on the same fact (after the one first proposed)."""
    if len(f.provisions) != 1:
        return []
    cp = rc.program.by_id.get(f.provisions[0])
    fact = base.facts.get(f.subject.fact)
    if cp is None or fact is None:
        return []
    return alternatives(cp, fact, base.fix_context())[1:]
