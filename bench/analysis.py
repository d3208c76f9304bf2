#!/usr/bin/env python3
"""Benchmark: static analysis of the bundled packs (``hiepy conflicts`` without a proposal).

    .venv/bin/python bench/analysis.py            # all bundled packs
    .venv/bin/python bench/analysis.py rules/quang-tri-2012 rules/ministry-variant-2012

Prints, for the best of a few runs, wall-clock and CPU seconds of each phase: the decisions
(conflicts, sets, contradictions, dead and redundant provisions: ``symbolic.analyse``), the
regions in words (``region``), and the witnesses built and replayed with ``check``. The issue's
target is the decisions under 2 s; a benchmark, not a test (the figure depends on the machine).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hiepy_rules.analysis.region import region
from hiepy_rules.analysis.report import entry
from hiepy_rules.analysis.symbolic import analyse
from hiepy_rules.load.packs import load_rules


def timed(fn):  # type: ignore[no-untyped-def]
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def measure(rs, runs: int = 3):  # type: ignore[no-untyped-def]
    """(the analysis result, {phase: (wall s, CPU s)}), each phase the best of ``runs`` (bench/run.py reuses it)."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(runs):
        (_, res), w1, c1 = timed(lambda: analyse(rs))
        hits = [*res.conflicts, *res.sets, *res.contradictions]
        _, w2, c2 = timed(lambda hits=hits: [region(h) for h in hits])
        _, w3, c3 = timed(lambda hits=hits: [entry(rs, h, None) for h in hits])
        for name, w, c in (("decisions", w1, c1), ("regions", w2, c2), ("witnesses+regions", w3, c3)):
            if name not in best or c < best[name][1]:
                best[name] = (w, c)
    return res, best


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv[1:]] or None
    rs = load_rules(paths)
    runs = 3
    res, best = measure(rs, runs)
    print(f"packs: {', '.join(sorted(p.id for p in rs.packs))}")
    print(
        f"found: {len(res.conflicts)} conflicts, {len(res.sets)} sets, {len(res.contradictions)} contradictions, "
        f"{len(res.dead)} dead, {len(res.redundant)} redundant"
    )
    for name, (w, c) in best.items():
        print(f"{name:>18}: {w:6.3f} s wall, {c:6.3f} s CPU (best of {runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
