"""The deep fuzz run: every hiepy command over 10^5 generated inputs, none may crash.

    PYTHONPATH=. .venv/bin/python bench/fuzz_deep.py --inputs 100000 --shard 0/2 --out /tmp/fz/0.json

Each input is one command (check, lint, rules, test, conflicts, diff) over a rules root and a
proposal drawn by tests/fuzzing.py and tests/strategies.py: valid ones, structurally mutated ones
and byte-garbled ones. A failure is an exception, an exit status other than 0/1/2 or a traceback
in the output; each distinct failure (by where it raised) is kept with its input under --keep.
The CI-sized profile of the same generators is tests/test_fuzz_cli.py (docs/hardening.md).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzzing import one_input, run_command
from tests.strategies import proposals


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--shard", default="0/1", help="i/n: this process's share of the inputs")
    ap.add_argument("--out", type=Path, default=Path("fuzz-deep.json"))
    ap.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "hiepy-fuzz-failures")
    args = ap.parse_args()
    i, n = map(int, args.shard.split("/"))
    count = args.inputs // n + (1 if i < args.inputs % n else 0)
    work = Path(tempfile.mkdtemp(prefix="hiepy-fuzz-"))
    stats: dict[str, Any] = {"inputs": 0, "by_kind": {}, "by_command": {}, "failures": {}, "seconds": 0.0}
    start = time.perf_counter()

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(proposals(), st.integers(0, 2**32 - 1))
    def one(proposal: dict[str, Any], seed: int) -> None:
        rnd = random.Random(f"{i}/{n}/{stats['inputs']}/{seed}")  # hypothesis repeats small ints
        kind, cmd = one_input(work / "in", proposal, rnd)
        problem = run_command(cmd)
        stats["inputs"] += 1
        stats["by_kind"][kind] = stats["by_kind"].get(kind, 0) + 1
        stats["by_command"][cmd[0]] = stats["by_command"].get(cmd[0], 0) + 1
        if problem is not None:
            sig = problem.rsplit(" at ", 1)[-1] if " at " in problem else problem
            entry = stats["failures"].setdefault(sig, {"count": 0, "first": problem, "command": cmd[0]})
            entry["count"] += 1
            if entry["count"] == 1:
                keep = args.keep / f"{len(stats['failures']):03d}"
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(work / "in", keep)
                (keep / "command.txt").write_text(" ".join(cmd) + "\n" + problem + "\n", encoding="utf-8")
        if stats["inputs"] % 1000 == 0:
            stats["seconds"] = round(time.perf_counter() - start, 1)
            args.out.write_text(json.dumps(stats, indent=1, ensure_ascii=False), encoding="utf-8")

    one()
    stats["seconds"] = round(time.perf_counter() - start, 1)
    args.out.write_text(json.dumps(stats, indent=1, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(f"{stats['inputs']} inputs, {len(stats['failures'])} distinct failures, {stats['seconds']} s")
    return 1 if stats["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
