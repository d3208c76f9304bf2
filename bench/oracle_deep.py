"""The long differential profile: runtime conflicts vs the brute-force oracle, python vs durable.

    PYTHONPATH=. .venv/bin/python bench/oracle_deep.py --proposals 100000 --out /tmp/oracle.json

Per random proposal (tests/strategies.py): a random pack of obligations over the choices'
fields, compared by ``conflicts.find`` and by the oracle (tests/oracle.py); and a random pack
drawn from the whole provision vocabulary (tests/fuzzing.py), whose outcomes the two engines
must give identically (when durable-rules is installed). Disagreements are counted and the
first few kept (proposal and pack) under --keep.
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

from tests.fuzzing import dump, pack_manifest, random_provisions, write_root
from tests.oracle import obligation_provisions
from tests.strategies import proposals
from tests.test_conflicts_oracle import compare

from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.factset import build_facts
from hiepy_rules.engine import durable_available, get_engine
from hiepy_rules.load.packs import load_rules
from hiepy_rules.schema.proposal import Proposal


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--proposals", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=Path("oracle-deep.json"))
    ap.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "hiepy-oracle-disagreements")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hiepy-oracle-"))
    durable = get_engine("durable") if durable_available() else None
    python = get_engine("python")
    stats: dict[str, Any] = {
        "proposals": 0,
        "pairs_compared": 0,
        "oracle_disagreements": 0,
        "engine_programs": 0,
        "engine_disagreements": 0,
        "engine_errors": {},
        "seconds": 0.0,
    }
    start = time.perf_counter()

    def keep(name: str, data: dict[str, Any], root: Path, note: str) -> None:
        dest = args.keep / f"{name}-{stats['proposals']}"
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(root, dest / "rules")
        (dest / "proposal.yaml").write_text(dump(data), encoding="utf-8")
        (dest / "note.txt").write_text(note + "\n", encoding="utf-8")

    @settings(
        max_examples=args.proposals,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(proposals(), st.integers(0, 2**32 - 1))
    def one(data: dict[str, Any], seed: int) -> None:
        rnd = random.Random(f"{stats['proposals']}/{seed}")
        stats["proposals"] += 1
        shutil.rmtree(work / "o", ignore_errors=True)
        root = write_root(work / "o", pack_manifest(rnd), obligation_provisions(rnd, 5))
        only_runtime, only_oracle, pairs = compare(data, root)
        stats["pairs_compared"] += pairs
        if only_runtime or only_oracle:
            stats["oracle_disagreements"] += 1
            if stats["oracle_disagreements"] <= 20:
                keep("oracle", data, root, f"runtime only: {only_runtime}\noracle only: {only_oracle}")
        if durable is not None:
            shutil.rmtree(work / "v", ignore_errors=True)
            vroot = write_root(work / "v", pack_manifest(rnd), random_provisions(rnd, rnd.randint(1, 8)))
            proposal = Proposal.model_validate(data)
            program = program_for(load_rules([vroot]), proposal.date, build_facts(proposal)[0])
            facts = build_facts(proposal, program.shares)
            stats["engine_programs"] += 1
            try:
                by_durable = durable.run(program, facts)
            except Exception as exc:  # the adapter refusing a program is counted, not a disagreement
                name = type(exc).__name__
                stats["engine_errors"][name] = stats["engine_errors"].get(name, 0) + 1
                return
            if by_durable.outcomes != python.run(program, facts).outcomes:
                stats["engine_disagreements"] += 1
                if stats["engine_disagreements"] <= 20:
                    keep("engines", data, vroot, "python and durable outcomes differ")
        if stats["proposals"] % 200 == 0:
            stats["seconds"] = round(time.perf_counter() - start, 1)
            args.out.write_text(json.dumps(stats, indent=1), encoding="utf-8")

    one()
    stats["seconds"] = round(time.perf_counter() - start, 1)
    args.out.write_text(json.dumps(stats, indent=1), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(stats))
    return 1 if stats["oracle_disagreements"] or stats["engine_disagreements"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
