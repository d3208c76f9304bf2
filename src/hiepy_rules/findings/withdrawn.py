"""Permission withdrawn: the proposal uses what one provision permits (outcome ``permitted``) and
another forbids (its violation on the same fact, over the same choice; the two read a common field,
or each reads a field of that choice). ``conflicts.find`` asks for these after the incompatible
obligations."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from hiepy_rules.compile.ir import CompiledProvision, Program, fields_read
from hiepy_rules.compile.logic import RecordIndex
from hiepy_rules.findings.clash import Choice, Clash, Facts, Window
from hiepy_rules.findings.clash_memo import ClashMemo
from hiepy_rules.findings.probe import Probe


def withdrawn(
    facts: Facts,
    program: Program,
    outcomes: set[tuple[str, str, str]],
    index: RecordIndex,
    choices_at: Callable[[AbstractSet[str]], dict[str, Choice]],
    memo: ClashMemo | None = None,
) -> list[Clash]:
    """The permissions used on a fact where another provision is violated over the same choice.
    ``choices_at``: the choices with these keys (those the permissions used are on); ``memo``: as for
    ``conflicts.find``, whose windows are taken again where their inputs did not change."""
    by_id = program.by_id
    violated: dict[str, list[str]] = {}
    for pid, kind, fid in outcomes:
        if kind == "violated":
            violated.setdefault(fid, []).append(pid)
    used = sorted(o for o in outcomes if o[1] == "permitted" and o[2] in violated)
    if not used:
        return []
    choices = choices_at({fid for _, _, fid in used})
    # many permissions on a fact may meet many violations there: each window is worked out once, not once per pair
    probes: dict[str, Probe] = {}

    def window_of(cp: CompiledProvision, choice: Choice) -> tuple[Any, ...]:
        inputs: tuple[Any, ...] = ()
        if memo is not None:
            alone = memo.alone(cp)
            inputs = memo.inputs(choice, facts, alone, program)
            kept = memo.reused(("withdrawn", cp.id, choice.key), inputs, alone, program)
            if kept is not None:
                return tuple(kept[0])
        probe = probes.get(choice.key)
        if probe is None:
            probe = probes[choice.key] = Probe(choice, facts, index)
        found = probe.window(cp) or ()
        if memo is not None:
            memo.keep(("withdrawn", cp.id, choice.key), inputs, [found])
        return found

    windows: dict[tuple[str, str], tuple[Any, ...]] = {}
    granting: dict[str, set[str]] = {}  # a permission is used on many facts (every vote, on a large proposal)
    out: list[Clash] = []
    for pid, _, fid in used:
        choice = choices.get(fid)
        if choice is None:
            continue
        granted = granting.get(pid)
        if granted is None:
            granted = granting[pid] = fields_read(by_id[pid], rule_only=True)
        for qid in sorted(violated[fid]):
            read = program.reads[qid].fields
            if not (granted & read or (granted & choice.fields and read & choice.fields)):
                continue
            qw = windows.get((qid, fid))
            if qw is None:
                qw = windows[(qid, fid)] = window_of(by_id[qid], choice)
            out.append(Clash("permission_withdrawn", choice, Window(pid, (choice.current,)), Window(qid, qw), (fid,)))
    return out
