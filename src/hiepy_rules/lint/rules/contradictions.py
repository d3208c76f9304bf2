"""Lint's contradictions between provisions, decided by the analysis (z3), with witnesses."""

from __future__ import annotations

from pathlib import Path

from hiepy_rules.errors import Problem
from hiepy_rules.load.ruleset import RuleSet

#: where lint writes witness proposals of contradictions (``--witness-dir``); None: inline
WITNESS_DIR: list[Path] = []


def _contradictions(rs: RuleSet, found: list[Problem]) -> list[Problem]:
    """Provisions that cannot be met together with another (``analysis.contradictions``), once the
    rules load cleanly: with errors in them, the analysis would reason about the wrong rules."""
    if any(p.severity == "error" for p in found) or not rs.packs:
        return []
    from hiepy_rules.analysis.contradictions import problems  # z3: imported only when needed

    return problems(rs, witness_dir=WITNESS_DIR[-1] if WITNESS_DIR else None)
