"""Forward-chaining engines behind one interface (``base.Engine``): durable-rules and a pure-Python twin."""

from __future__ import annotations

from hiepy_rules.engines.base import Engine, EngineResult, EngineUnavailable, get_engine

__all__ = ["Engine", "EngineResult", "EngineUnavailable", "get_engine"]
