"""The one small interface both engines implement, and how a caller picks one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from hiepy_rules.compile import Program

EngineName = Literal["auto", "durable", "python"]
Outcome = tuple[str, str, str]  # (provision id, outcome, fact id)
Derivation = tuple[str, str, str]  # (provision id, derived fact id, fact it was derived from)


@dataclass(frozen=True)
class EngineResult:
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


def durable_available() -> bool:
    from importlib.util import find_spec

    try:
        return find_spec("durable") is not None and find_spec("durable_rules_engine") is not None
    except (ImportError, ValueError):
        return False


def get_engine(name: EngineName = "auto", *, lang: str = "vi") -> Engine:
    """``lang``: of the notice ``auto`` prints when it falls back to the pure-Python engine."""
    if name == "python" or (name == "auto" and not durable_available()):
        from hiepy_rules.engines.python import PythonEngine

        return PythonEngine()
    try:
        from hiepy_rules.engines.durable import DurableEngine  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        if name == "auto":
            from hiepy_rules.engines.python import PythonEngine

            return PythonEngine()
        raise EngineUnavailable(f"durable-rules is not usable here: {exc}") from None
    engine: Engine = DurableEngine()
    if name == "auto":  # what durable-rules cannot run safely goes to the pure-Python engine
        from hiepy_rules.engines.auto import AutoEngine

        return AutoEngine(engine, lang)
    return engine


def finish(outcomes: set[Outcome], derivations: set[Derivation], derived: dict[str, dict[str, Any]]) -> EngineResult:
    return EngineResult(
        tuple(sorted(outcomes)),
        tuple(sorted(derivations)),
        tuple(derived[k] for k in sorted(derived)),
    )
