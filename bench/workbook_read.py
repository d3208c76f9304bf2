#!/usr/bin/env python3
"""Benchmark: reading a proposal from its workbook against reading its YAML twin.

    .venv/bin/python bench/workbook_read.py                 # the bundled dossier, 20 runs
    .venv/bin/python bench/workbook_read.py 50 big.yaml     # another proposal (its workbook is made first)

Prints the CPU milliseconds (best and median of the runs) of: reading into data and positions
(``read_document``), validating into the model, and a whole ``hiepy check`` in this process; then
the one-time cost of importing openpyxl, which a workbook check pays and a YAML check does not.
A benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hiepy_rules.load.packs import load_rules
from hiepy_rules.load.validate import validate
from hiepy_rules.load.workbook_write import workbook_bytes
from hiepy_rules.pipeline import check, read_document, read_proposal
from hiepy_rules.schema.proposal import Proposal

ROOT = Path(__file__).resolve().parents[1]


def cpu_ms(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return min(times), statistics.median(times)


def main(argv: list[str]) -> None:
    runs = int(argv[1]) if len(argv) > 1 else 20
    yaml_path = Path(argv[2]) if len(argv) > 2 else ROOT / "examples" / "cuc-thue-quang-tri-2012.yaml"
    proposal, doc = read_proposal(yaml_path)
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / (yaml_path.stem + ".xlsx")
        book.write_bytes(workbook_bytes(proposal, doc=doc))
        read_document(book)  # openpyxl imported once, before timing
        rules = load_rules()
        print(f"{yaml_path.name}: {yaml_path.stat().st_size} bytes; workbook {book.stat().st_size} bytes; {runs} runs")
        print(f"{'CPU ms (best / median)':32} {'YAML':>16} {'workbook':>16}")
        rows = {
            "read (data + positions)": lambda p: (lambda: read_document(p)),
            "read + validate": lambda p: (lambda: validate(Proposal, read_document(p))),
            "check (in process)": lambda p: (lambda: check(p, rules=rules, engine="python")),
        }
        for label, make in rows.items():
            y = cpu_ms(make(yaml_path), runs)
            w = cpu_ms(make(book), runs)
            print(f"{label:32} {y[0]:7.1f} / {y[1]:6.1f} {w[0]:7.1f} / {w[1]:6.1f}")
    code = "import time; t = time.process_time(); import openpyxl; print((time.process_time() - t) * 1000)"
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in range(5)]
    once = [float(r.stdout) for r in runs]
    print(f"{'import openpyxl (once)':32} {'':>16} {min(once):7.1f} / {statistics.median(once):6.1f}")


if __name__ == "__main__":
    main(sys.argv)
