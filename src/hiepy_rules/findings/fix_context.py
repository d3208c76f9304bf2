"""What a fix is (its words in both languages and the changes it makes) and what proposing one
looks up in the proposal checked: its facts, its records and the names of its titles and cadres."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import msgspec

from hiepy_rules.compile.logic import RecordIndex
from hiepy_rules.findings.changes import Change
from hiepy_rules.schema.proposal import Proposal


class Fix(msgspec.Struct):
    vi: str
    en: str
    changes: list[Change] = msgspec.field(default_factory=list)


class FixContext(msgspec.Struct, dict=True):
    proposal: Proposal
    facts: dict[str, dict[str, Any]]
    index: RecordIndex

    @property
    def unit(self) -> dict[str, Any]:
        return self.facts["unit"]

    @cached_property
    def _names(self) -> dict[tuple[str, str], str]:
        """Names by ("title" | "cadre", id), the first of each id (a lookup per fix, not a scan)."""
        out: dict[tuple[str, str], str] = {}
        for t in self.proposal.titles:
            out.setdefault(("title", t.id), t.name)
        for c in self.proposal.cadres:
            out.setdefault(("cadre", c.id), c.name)
        return out

    def title_name(self, tid: str) -> str:
        return self._names.get(("title", tid), tid)

    def cadre_name(self, cid: str) -> str:
        return self._names.get(("cadre", cid), cid)
