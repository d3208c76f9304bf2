"""The questions ``hiepy conflicts`` asks of a rule set, each decided by z3 over a world.

Over the runtime's choices (``choices``): obligations *incompatible* over a choice, and a
*permission withdrawn* by an obligation. Beyond what ``check`` can show (``consistency``):
*contradictions*, *dead* and *redundant* provisions. ``analyse`` asks them all.
"""

from __future__ import annotations

from hiepy_rules.analysis.choices import ChoiceClashes
from hiepy_rules.analysis.consistency import Consistency
from hiepy_rules.analysis.questions import Analysis, Hit
from hiepy_rules.load.ruleset import RuleSet


class Analyser(ChoiceClashes, Consistency):
    def run(self, *, everything: bool = True) -> Analysis:
        self.incompatible()
        self.withdrawn()
        if everything:
            self.contradictions()
            self.dead_and_redundant()
        return self.result


def analyse(rs: RuleSet, *, new: set[str] | None = None, everything: bool = True) -> tuple[Analyser, Analysis]:
    an = Analyser(rs, new=new)
    return an, an.run(everything=everything)


def pair_kind(h: Hit) -> tuple[tuple[str, ...], str]:
    return h.provisions, h.kind
