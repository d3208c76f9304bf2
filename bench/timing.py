"""The one timing rule of the benchmarks: the least CPU time of a few runs (``run.py``, ``limits.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def least_cpu(fn: Callable[[], Any], runs: int) -> float:
    """Least CPU seconds of ``runs`` calls (the run least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best
