#!/usr/bin/env python3
"""Typical proposals read, then (``check``) each checked once in the same process: what
``bench/run.py --instructions`` runs under valgrind, once per mode, to count the instructions of a
warm check (``check`` less ``read``; the rules are loaded and the first check's program compiled in
both, so the difference is the checks alone).

    python bench/warm_count.py check FOLDER [COUNT]
    python bench/warm_count.py read FOLDER [COUNT]
"""

from __future__ import annotations

import sys
from pathlib import Path

import gen  # bench/gen.py

from hiepy_rules import check_proposal
from hiepy_rules.pipeline import read_proposal


def main(argv: list[str]) -> int:
    mode, folder = argv[1], Path(argv[2])
    count = int(argv[3]) if len(argv) > 3 else 10
    parsed = [read_proposal(p)[0] for p in gen.write_batch(folder, count + 1)]
    check_proposal(parsed[0], engine="python")  # the rules loaded, a program compiled: in both modes
    if mode == "check":
        for p in parsed[1:]:
            check_proposal(p, engine="python")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
