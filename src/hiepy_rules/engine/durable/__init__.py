"""The durable-rules engine: compiled provisions run as a durable-rules ruleset (data, never ``durable.lang``)."""

from __future__ import annotations

from typing import Any

from hiepy_rules.compile.ir import Program
from hiepy_rules.engine.base import EngineResult
from hiepy_rules.engine.durable.columns import ActionHook, DurableRulesError, DurableUnsupported, _HostClosed
from hiepy_rules.engine.durable.ruleset import ruleset_definition
from hiepy_rules.engine.durable.session import _host_for, clear_cache

__all__ = ["DurableEngine", "DurableRulesError", "DurableUnsupported", "clear_cache", "ruleset_definition"]


class DurableEngine:
    """Runs a ``Program`` on durable-rules; gives the same ``EngineResult`` as ``PythonEngine``.

    ``action_hook`` is for tests only: it is called inside every durable action with
    ``(provision id, outcome or "derive", fact id)`` before anything is recorded, so a test can make
    an action fail and check that the failure is raised rather than swallowed by durable.
    """

    name = "durable"

    def __init__(self, *, action_hook: ActionHook | None = None) -> None:
        self._hook = action_hook

    def run(self, program: Program, facts: list[dict[str, Any]]) -> EngineResult:
        for _ in range(3):
            try:
                return _host_for(program).check(facts, self._hook)
            except _HostClosed:
                continue
        raise DurableRulesError("no usable durable host (evicted three times in a row)")
