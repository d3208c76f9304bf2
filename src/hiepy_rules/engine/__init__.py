"""Forward-chaining engines behind one interface (``base.Engine``): durable-rules and a pure-Python twin."""

from __future__ import annotations

from importlib.util import find_spec

from hiepy_rules.engine.base import Engine, EngineName, EngineResult, EngineUnavailable

__all__ = ["Engine", "EngineResult", "EngineUnavailable", "get_engine"]


def durable_available() -> bool:
    try:
        return find_spec("durable") is not None and find_spec("durable_rules_engine") is not None
    except (ImportError, ValueError):
        return False


def get_engine(name: EngineName = "auto", *, lang: str = "vi") -> Engine:
    """``lang``: of the notice ``auto`` prints when it falls back to the pure-Python engine."""
    if name == "python" or (name == "auto" and not durable_available()):
        # an engine's code loads only when it is the one picked
        from hiepy_rules.engine.python import PythonEngine

        return PythonEngine()
    try:
        from hiepy_rules.engine.durable import DurableEngine  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        if name == "auto":
            # an engine's code loads only when it is the one picked
            from hiepy_rules.engine.python import PythonEngine

            return PythonEngine()
        raise EngineUnavailable(f"durable-rules is not usable here: {exc}") from None
    engine: Engine = DurableEngine()
    if name == "auto":  # what durable-rules cannot run safely goes to the pure-Python engine
        # the fallback wrapper only for auto, as each engine's code loads only when picked
        from hiepy_rules.engine.auto import AutoEngine

        return AutoEngine(engine, lang)
    return engine
