#!/usr/bin/env python3
"""Memory of a batch over many proposals: each worker's and the parent's RSS as the files go by.

    PYTHONPATH=. .venv/bin/python bench/worker_memory.py --count 10000 --jobs 2
    PYTHONPATH=. .venv/bin/python bench/worker_memory.py --count 2000 --max-tasks 100000   # never replaced

Typical proposals (``bench/gen.py``) are written to a temporary folder (or ``--dir``, kept) and
checked as ``hiepy check DIR --jobs N --format json -o FILE`` checks them: the same pool, the
same workers (forked after the rules are loaded), the same report assembly in the parent. Each
worker notes its resident set (``VmRSS`` of ``/proc/self/status``) every ``--every`` files; the
parent notes its own. The table gives, per thousand files, the largest worker RSS and the parent's.
``--max-tasks`` sets ``HIEPY_WORKER_MAX_TASKS`` (files per worker before it is replaced) to see
what a worker would grow to if it lived for the whole batch. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def rss_kib(pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--every", type=int, default=100, help="files between two notes of a worker")
    ap.add_argument("--max-tasks", type=int, help="files per worker before it is replaced (default: hiepy's)")
    ap.add_argument("--dir", type=Path, help="write the proposals here and keep them (else a temporary folder)")
    ap.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = ap.parse_args(argv[1:])
    if args.max_tasks:
        os.environ["HIEPY_WORKER_MAX_TASKS"] = str(args.max_tasks)  # read when hiepy's modules load
    with tempfile.TemporaryDirectory(prefix="hiepy-mem-") as tmp:
        folder = args.dir or Path(tmp) / "proposals"
        return measure(args, folder, Path(tmp))


def measure(args: Any, folder: Path, tmp: Path) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen import write_batch

    from hiepy_rules.cli import batch, workers
    from hiepy_rules.load.rules_cache import rules as load_rules

    t0 = time.perf_counter()
    files = write_batch(folder, args.count)
    print(f"{len(files)} proposals in {folder} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    notes = tmp / "notes.txt"
    real = batch._one
    done = [0]

    def noted(path: Path) -> batch.Outcome:
        out = real(path)
        done[0] += 1  # this worker's own count (each process has its copy)
        if done[0] % args.every == 0:
            with open(notes, "a", encoding="ascii") as f:
                f.write(f"{os.getpid()} {path.stem} {rss_kib()}\n")
        return out

    batch._one = noted  # the workers are forked: they call this one
    job = batch.Job(None, None, args.engine, "json", "vi", "error", True, True)
    rules = load_rules(None)
    parent: list[tuple[int, int]] = []
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        asm = batch.Assembler(job, rules, sink)
        for i, o in enumerate(batch.outcomes(files, job, rules, args.jobs), 1):
            if o.piece is not None:
                asm.add(o.piece)
            if i % args.every == 0:
                parent.append((i, rss_kib()))
        asm.close([])
    seconds = time.perf_counter() - started
    batch._one = real
    samples = []
    for line in notes.read_text(encoding="ascii").splitlines():
        pid, stem, rss = line.split()
        samples.append((int(stem) + 1, int(pid), int(rss)))  # the file's place in the batch (1-based)
    rows = []
    for k in range(1000, args.count + 1, 1000):
        window = [rss for n, _, rss in samples if k - 1000 < n <= k]
        par = [rss for n, rss in parent if k - 1000 < n <= k]
        rows.append({"files": k, "worker_max_kib": max(window, default=0), "parent_kib": max(par, default=0)})
    figures = {
        "count": args.count,
        "jobs": args.jobs,
        "engine": args.engine,
        "max_tasks": workers.MAX_TASKS,
        "seconds": round(seconds, 1),
        "workers_seen": len({pid for _, pid, _ in samples}),
        "rows": rows,
    }
    print(f"files   worker max RSS   parent RSS   (max tasks {workers.MAX_TASKS}, {seconds:.0f} s)")
    for r in rows:
        print(f"{r['files']:>5}   {r['worker_max_kib'] / 1024:>10.1f} MiB   {r['parent_kib'] / 1024:>6.1f} MiB")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
