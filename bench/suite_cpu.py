"""A pytest plugin for ``bench/run.py --only suite``: where the test suite's CPU time goes.

Each test's CPU time in the process that runs it (a pytest worker) and in the processes it starts
and waits for (a hiepy command run for its exit status, its output to a pipe, its hash seed, a
module imported alone, the installed wheel), written per worker to ``$HIEPY_SUITE_CPU/<pid>.json``.
A benchmark's instrument: it measures, it asserts nothing.
"""

from __future__ import annotations

import json
import os
import resource
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_rows: list[tuple[str, float, float]] = []


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[Any]:
    own, started = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    yield
    _rows.append((item.nodeid, _cpu(resource.RUSAGE_SELF) - own, _cpu(resource.RUSAGE_CHILDREN) - started))


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = os.environ.get("HIEPY_SUITE_CPU")
    if folder:
        Path(folder, f"{os.getpid()}.json").write_text(json.dumps(_rows), encoding="utf-8")
