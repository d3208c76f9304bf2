"""One time budget shared by a whole analysis (``--timeout SECONDS``): conflicts, diff, lint's search.

Each z3 query gets what is left of the budget (at most its own ``TIMEOUT_MS``); once the budget is
spent, the questions not yet asked are not asked: each is recorded as undecided (the first
``LISTED`` by their provisions, the rest counted), never silently dropped, and the command's exit
status says the analysis was incomplete.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

DEFAULT_SECONDS = float(os.environ.get("HIEPY_TIMEOUT", "60"))


LISTED = 1000  # undecided questions listed by their provisions; beyond, only counted


_DEADLINES: list[float] = []  # the innermost run's deadline last (monotonic seconds)


@contextlib.contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now (``None``: the default budget)."""
    _DEADLINES.append(time.monotonic() + (DEFAULT_SECONDS if seconds is None else seconds))
    try:
        yield
    finally:
        _DEADLINES.pop()


def expired() -> bool:
    return bool(_DEADLINES) and time.monotonic() >= _DEADLINES[-1]


def timeout_ms(cap: int) -> int:
    """The z3 timeout of the next query: ``cap``, or less when the budget has less left (at least 1 ms)."""
    if not _DEADLINES:
        return cap
    left = int((_DEADLINES[-1] - time.monotonic()) * 1000)
    return max(1, min(cap, left))
