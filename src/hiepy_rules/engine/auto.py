"""``--engine auto``: durable-rules where it can run a program safely, else the pure-Python engine.

The durable adapter refuses (``DurableUnsupported``) what durable-rules cannot run faithfully or
in bounded time: conditions too wide to compile (``MAX_LEAVES``, ``MAX_DECIDE_STEPS``), too many
distinct tests on one kind of fact (``MAX_ALPHA``), values outside its types. ``auto`` then runs
the pure-Python engine, which gives the same findings, and says so once per program on stderr.
"""

from __future__ import annotations

import sys
from typing import Any

from hiepy_rules.compile.ir import Program
from hiepy_rules.engine.base import Engine, EngineResult, ProgramRefused
from hiepy_rules.engine.python import PythonEngine

NOTICE = (
    "hiepy: lưu ý: bộ máy durable-rules không chạy được bộ quy tắc này một cách an toàn;"
    " dùng bộ máy thuần Python (cùng kết quả)",
    "hiepy: notice: durable-rules cannot run these rules safely ({reason}); using the pure-Python engine"
    " (same findings)",
)


_NOTICED: set[str] = set()  # program keys already announced in this process (one notice each)


class AutoEngine:
    """Durable-rules first; the pure-Python engine for the programs (and facts) it refuses."""

    def __init__(self, durable: Engine, lang: str = "vi") -> None:
        self.durable = durable
        self.python = PythonEngine()
        self.lang = lang
        self.name = durable.name
        self.refused: set[str] = set()  # program keys durable refused: not compiled again

    def run(self, program: Program, facts: list[dict[str, Any]]) -> EngineResult:
        if program.key not in self.refused:
            try:
                result = self.durable.run(program, facts)
            except ProgramRefused as exc:
                self.refused.add(program.key)
                if program.key not in _NOTICED:
                    _NOTICED.add(program.key)
                    vi, en = NOTICE
                    sys.stderr.write((en.format(reason=exc) if self.lang == "en" else vi) + "\n")
            else:
                self.name = self.durable.name
                return result
        self.name = self.python.name
        return self.python.run(program, facts)
