"""Precedence before reporting (brief decision 9): one verdict per clash.

Every runtime clash is decided first (``precedence.decide``), and only then are outcomes turned
into findings:

- a provision that loses a clash is *set aside* on that clash's subject (the choice's key and the
  facts it watches): its violations there are not counted, and it takes part in no other clash on
  the same subject (a third provision's clash with it is not escalated). It is shown once, as the
  ``overridden`` finding of the clash it lost, with its violation inside (``folded``);
- a violation that is one side of an *unresolved* clash, on a fact the clash watches, is shown
  inside that conflict finding (``folded``), not as an error of its own: the escalation decides.

Everything here reads engine outcomes and clashes only, so both engines give the same settlement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import msgspec

from hiepy_rules.findings.clash import Clash
from hiepy_rules.findings.precedence import Verdict, decide
from hiepy_rules.load.ruleset import RuleSet

Outcome = tuple[str, str, str]


class Settled(msgspec.Struct, frozen=True):
    clash: Clash
    verdict: Verdict

    @property
    def pair(self) -> tuple[str, str]:
        a, b = sorted((self.clash.a.provision, self.clash.b.provision))
        return a, b

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.clash.choice.key, *self.clash.fact_ids)))


class Settlement(msgspec.Struct):
    """The clashes to report (in order) and where each outcome of a side goes."""

    clashes: list[Settled] = msgspec.field(default_factory=list)
    #: (provision, fact id) → index in ``clashes`` of the finding that shows it (folded inside)
    folded: dict[tuple[str, str], int] = msgspec.field(default_factory=dict)
    #: (provision, fact id) → the provision that prevails over it there
    set_aside: dict[tuple[str, str], str] = msgspec.field(default_factory=dict)


def verdict(rs: RuleSet, a: str, b: str, day: dt.date | None) -> Verdict:
    """``decide``, remembered per rule set (a check and the re-checks of its fixes ask the same pairs)."""
    cache: dict[tuple[str, str, dt.date | None], Verdict] = vars(rs).setdefault("_hiepy_verdicts", {})
    key = (a, b, day)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = decide(rs, a, b, day=day)
    return hit


def settle(rs: RuleSet, day: dt.date | None, clashes: list[Clash], outcomes: Iterable[Outcome]) -> Settlement:
    decided: list[Settled] = []
    seen: set[tuple[Any, ...]] = set()
    for clash in clashes:
        pair = tuple(sorted((clash.a.provision, clash.b.provision)))
        key = (pair, clash.choice.key, clash.kind)
        if key in seen:
            continue
        seen.add(key)
        decided.append(Settled(clash, verdict(rs, pair[0], pair[1], day)))
    out = Settlement()
    # first the provisions set aside, by every clash that has a winner
    for s in decided:
        v = s.verdict
        if v.prevailing is not None and v.overridden is not None:
            for fid in s.subjects:
                out.set_aside.setdefault((v.overridden, fid), v.prevailing)
    # then the clashes still standing: an unresolved one with a side set aside on its subject is moot
    for s in decided:
        if s.verdict.prevailing is None and any((p, s.clash.choice.key) in out.set_aside for p in s.pair):
            continue
        out.clashes.append(s)
    violated = {(pid, fid) for pid, kind, fid in outcomes if kind == "violated"}
    for i, s in enumerate(out.clashes):
        v = s.verdict
        sides = (v.overridden,) if v.prevailing is not None else s.pair
        for pid in sides:
            for fid in s.clash.fact_ids:
                if pid is not None and (pid, fid) in violated:
                    out.folded.setdefault((pid, fid), i)
    # a provision set aside on a fact its lost clash does not watch directly still shows there once
    for (pid, fid), by in out.set_aside.items():
        if (pid, fid) in violated and (pid, fid) not in out.folded:
            i = next(
                i
                for i, s in enumerate(out.clashes)
                if s.verdict.overridden == pid and s.verdict.prevailing == by and fid in s.subjects
            )
            out.folded[(pid, fid)] = i
    return out
