"""Replay: ``check`` run on a witness proposal, and the finding in it that shows the clash.

The proposal is validated by ``proposal.Proposal`` (extra fields forbidden, references checked) and
checked with ``pipeline.check_proposal``: the clash must appear, or the witness is not kept. A set
of three is shown by the runtime's own windows, as ``check`` reports pairs only.
"""

from __future__ import annotations

from typing import Any

from hiepy_rules.analysis.questions import Hit
from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.factset import build_facts
from hiepy_rules.findings.conflicts import _choices, window
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.pipeline import check_proposal
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import consistent


def replay_finding(hit: Hit, data: dict[str, Any], rs: RuleSet) -> Any:
    """The finding of ``check`` on the witness that shows the clash, or None."""
    proposal = Proposal.model_validate(data)
    if not consistent(proposal):
        return None
    if len(hit.xs) > 2:
        return _set_shown(hit, proposal, rs)
    result = check_proposal(proposal, rules=rs, engine="python")
    return shows(hit, result)


def replay(hit: Hit, data: dict[str, Any], rs: RuleSet) -> bool:
    """Whether ``check`` shows the clash on the witness."""
    return replay_finding(hit, data, rs) is not None


def shows(hit: Hit, result: Any) -> Any:
    """The finding that shows the clash: the conflict itself, or for a contradiction a violation of
    one of the two (every proposal in the region breaks one)."""
    pair = list(hit.provisions)
    for f in result.findings:
        if hit.kind == "contradiction":
            if f.kind == "violation" and set(f.provisions) & set(pair):
                return f
        elif len(pair) > 2:
            continue
        elif (
            f.conflict is not None  # a conflict, or (decided) the overridden side with its clash
            and sorted(f.provisions) == pair
            and f.conflict.kind == hit.kind
        ):
            return f
    return None


def _set_shown(hit: Hit, proposal: Any, rs: RuleSet) -> Any:
    """A set of three: ``check`` reports pairs only, so the runtime's own windows (``conflicts.window``,
    what ``check`` computes) are asked: each proper, each two meeting, the three not."""
    facts0 = build_facts(proposal)
    program = program_for(rs, proposal.date, facts0[0])
    facts_list = build_facts(proposal, program.shares) if program.shares else facts0
    facts = {f["id"]: dict(f) for f in facts_list}
    by_id = program.by_id
    if any(pid not in by_id for pid in hit.provisions):
        return None
    for choice in _choices(proposal, facts, program):
        if choice.name != hit.choice:
            continue
        wins = [window(by_id[pid], choice, facts) for pid in hit.provisions]
        if any(w is None or not 0 < len(w) < len(choice.domain) for w in wins):
            continue
        sets = [set(w or ()) for w in wins]
        if all(a & b for i, a in enumerate(sets) for b in sets[i + 1 :]) and not set.intersection(*sets):
            return {
                "choice": choice.key,
                "windows": {p: list(w or ()) for p, w in zip(hit.provisions, wins, strict=True)},
            }
    return None
