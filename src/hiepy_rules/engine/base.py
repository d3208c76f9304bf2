"""The one small interface both engines implement, and how a caller picks one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import msgspec

from hiepy_rules.choices import EngineName as EngineName
from hiepy_rules.compile.ir import Program

Outcome = tuple[str, str, str]  # (provision id, outcome, fact id)


Derivation = tuple[str, str, str]  # (provision id, derived fact id, fact it was derived from)


class EngineResult(msgspec.Struct, frozen=True):
    """What an engine concluded: sorted, so that two engines can be compared with ``==``."""

    outcomes: tuple[Outcome, ...]
    derivations: tuple[Derivation, ...]
    derived: tuple[dict[str, Any], ...]  # the derived facts, sorted by id


class Engine(Protocol):
    name: str

    def run(self, program: Program, facts: list[dict[str, Any]]) -> EngineResult:
        """Match ``program`` against ``facts`` (base facts) to a fixpoint. Must share no state between calls."""
        ...


class EngineUnavailable(RuntimeError):
    """The chosen engine cannot run here (durable-rules not installed, or Python 3.13+)."""


class ProgramRefused(ValueError):
    """An engine cannot run this program (or these facts) faithfully in bounded time; another can."""


def finish(outcomes: set[Outcome], derivations: set[Derivation], derived: dict[str, dict[str, Any]]) -> EngineResult:
    return EngineResult(
        tuple(sorted(outcomes)),
        tuple(sorted(derivations)),
        tuple(derived[k] for k in sorted(derived)),
    )


def derived_fact(kind: str, source: dict[str, Any]) -> dict[str, Any]:
    """A derived fact carries its source's fields under a new kind (one per kind and source)."""
    return {**source, "id": f"{kind}:{source['id']}", "type": kind}


def unit_of(facts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The unit fact provisions read through ``unit.``: the first fact of its kind (none: empty). Both
    engines, and a re-check, take the same one."""
    return next((f for f in facts if f["type"] == "unit"), {})
