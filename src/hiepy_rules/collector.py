"""Python's cyclic garbage collector held off while one proposal is read or checked.

Reading a proposal builds thousands of containers, and checking it (with the re-checks of its
fixes) makes tens of thousands of short-lived objects, almost none of them in a reference cycle:
they are freed as soon as they are dropped. The collector still walks the new ones every 700
allocations, and every tenth and hundredth time the process's older objects too (in a program
that embeds hiepy: its own), looking for cycles it does not find: 15-25 % of a typical read's
time here, 2-7 % of a check's. Held off for one call, it
is turned back on when the call ends, and what little cyclic garbage the call left is collected
with the next collection after it: memory stays flat over any number of checks (a batch, a web
form).

The collector is one per process: a thread that runs while a check does is not collected either,
for the few milliseconds the check takes. A caller that turned the collector off keeps it off.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def held_off(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run with the cyclic collector off, then on again if it was on."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # the console script's check runs without it; a nested call too
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return call
