#!/usr/bin/env python3
"""What stands between each missed target and its goal: the parts of the work measured alone.

    .venv/bin/python bench/limits.py               # typical proposals (bench/gen.py) and the bundled rules
    .venv/bin/python bench/limits.py --z3          # only hiepy conflicts, cold, with z3's solving timed
    valgrind --tool=callgrind bench/limits.py --work W --marginal read --count 30   # what run.py counts

A benchmark: it measures and prints, it asserts nothing. ``bench/run.py --only limits`` runs it and
prints its figures beside the targets (docs/performance.md, "What stands in the way").

- **Reading a typical proposal**: libyaml's events delivered to Python and nothing else, pydantic's
  validation of the same data alone, hiepy's whole reader (events, every node's position, bounds,
  references) and the floor's (``bench/floor.py``: PyYAML's C parser with its Python constructor,
  then pydantic).
- **Checking it**: ``check_proposal`` as it is, each offered fix checked by checking the proposal
  again with the fix made (brief decision 10); and, as a counterfactual, the same check with every
  fix left as first proposed: the same findings, their fixes not checked. The difference is what
  decision 10 costs; the counterfactual is no option of hiepy's, only this measurement's.
- **``hiepy conflicts``, cold**: the CPU time of the whole command and of z3's own solving in it (its
  solver checks, optimisations and quantifier eliminations, each a C call timed where it is made).

``--marginal MODE --count N`` does one kind of work on the first N typical proposals and prints
nothing: ``bench/run.py --only limits --instructions`` counts its instructions (valgrind) for 10 and
for 30 proposals, and the difference over 20 is the work's cost per proposal, free of the machine's
load: the floor, libyaml's events, hiepy's reader, a read and a check as a batch worker makes them,
and the same with fixes not checked.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import floor  # noqa: E402  (bench/floor.py)
import gen  # noqa: E402  (bench/gen.py)
from timing import least_cpu  # noqa: E402  (bench/timing.py)


@contextlib.contextmanager
def fixes_unchecked() -> Iterator[None]:
    """Checks made inside leave every fix as first proposed (the counterfactual without decision 10)."""
    from hiepy_rules.findings import fixcheck

    verify, state = fixcheck.verify, fixcheck.Rechecker.state
    fixcheck.verify = lambda found, rc, base: found
    fixcheck.Rechecker.state = lambda self, *a, **k: None  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        fixcheck.verify, fixcheck.Rechecker.state = verify, state  # type: ignore[method-assign]


@contextlib.contextmanager
def counting_rechecks() -> Iterator[list[int]]:
    """``[n]``: the fixed proposals checked again inside (each fix tried, memoized ones included)."""
    from hiepy_rules.findings import fixcheck

    after = fixcheck.Rechecker.after
    n = [0]

    def counted(self: Any, changes: list[dict[str, Any]]) -> Any:
        n[0] += 1
        return after(self, changes)

    fixcheck.Rechecker.after = counted  # type: ignore[method-assign]
    try:
        yield n
    finally:
        fixcheck.Rechecker.after = after  # type: ignore[method-assign]


def _events(text: str) -> None:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    parser = CParser(text)
    try:
        while parser.get_event() is not None:
            pass
    finally:
        parser.dispose()


def typical(count: int, runs: int, work: Path) -> dict[str, float]:
    """Milliseconds of CPU per typical proposal, each part alone (see the module's text)."""
    import yaml

    from hiepy_rules.load.rules_cache import rules
    from hiepy_rules.pipeline import check_proposal, read_proposal
    from hiepy_rules.schema.proposal import Proposal

    paths = gen.write_batch(work / "typical", count)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    data = [yaml.load(t, Loader=floor.Loader) for t in texts]  # type: ignore[arg-type]
    parsed = [read_proposal(p) for p in paths]
    rs = rules(None)
    for p, d in parsed:  # warm: the program compiled, every lazy module imported
        check_proposal(p, doc=d, rules=rs, engine="python")
    gc.freeze()  # as a batch worker does after loading

    def per(fn: Callable[[], Any]) -> float:
        return 1000 * least_cpu(fn, runs) / count

    def floor_each() -> None:
        for p in paths:
            floor.parse_and_validate(p.read_text(encoding="utf-8"))

    def check_each() -> None:
        for p, d in parsed:
            check_proposal(p, doc=d, rules=rs, engine="python")

    out = {
        "libyaml events alone ms": per(lambda: list(map(_events, texts))),
        "pydantic validation alone ms": per(lambda: [Proposal.model_validate(x) for x in data]),
        "floor parse + validate ms": per(floor_each),
        "hiepy read_proposal ms": per(lambda: [read_proposal(p) for p in paths]),
        "check, fixes checked ms": per(check_each),
    }
    with fixes_unchecked():
        out["check, fixes not checked ms"] = per(check_each)
    with counting_rechecks() as n:
        check_each()
    out["fixed proposals checked again, per proposal"] = n[0] / count
    out["proposals"] = count
    return out


#: the C calls in which z3 solves (z3.z3 calls them by these names): a check, an optimisation, a tactic
_SOLVING = ("Z3_solver_check", "Z3_solver_check_assumptions", "Z3_optimize_check", "Z3_tactic_apply")


def z3_solving() -> dict[str, float]:
    """``hiepy conflicts`` over the bundled packs, cold, in this process: its CPU and z3's solving in it."""
    os.environ["HIEPY_NO_CACHE"] = "1"
    import z3.z3 as z3py

    spent = dict.fromkeys(_SOLVING, 0.0)

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            t = time.process_time()
            try:
                return fn(*args)
            finally:
                spent[name] += time.process_time() - t

        return call

    for name in _SOLVING:
        setattr(z3py, name, timed(name, getattr(z3py, name)))
    from hiepy_rules.cli.main import main

    sys.argv = ["hiepy", "conflicts", "--format", "json", "-o", os.devnull]
    with contextlib.suppress(SystemExit):
        main()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"process cpu s": usage.ru_utime + usage.ru_stime, "z3 solving s": sum(spent.values())} | {
        f"{name} s": s for name, s in spent.items()
    }


def conflicts_cold(runs: int) -> dict[str, float]:
    """``z3_solving`` in a new process each run; the run of least CPU."""
    best: dict[str, float] | None = None
    for _ in range(runs):
        proc = subprocess.run([sys.executable, str(Path(__file__)), "--z3"], capture_output=True, text=True, check=True)
        found: dict[str, float] = json.loads(proc.stdout)
        if best is None or found["process cpu s"] < best["process cpu s"]:
            best = found
    assert best is not None
    return best


#: the kinds of work ``--marginal`` does, for run.py's instruction counts
MARGINAL = ("floor", "events", "read", "read + check", "read + check, fixes not checked")


def marginal(mode: str, count: int, work: Path) -> None:
    """``mode`` (one of ``MARGINAL``) done on the first ``count`` typical proposals, after the same
    work on another one (the rules loaded, the program compiled, the lazy modules imported), in a
    worker's state (its heap frozen, the collector on)."""
    from hiepy_rules.load.rules_cache import rules
    from hiepy_rules.pipeline import check_proposal, read_proposal

    paths = gen.write_batch(work / "typical", 31)
    rs = rules(None) if "check" in mode else None

    def one(path: Path) -> None:
        if mode == "floor":
            floor.parse_and_validate(path.read_text(encoding="utf-8"))
        elif mode == "events":
            _events(path.read_text(encoding="utf-8"))
        elif mode == "read":
            read_proposal(path)
        else:
            p, d = read_proposal(path)
            check_proposal(p, doc=d, rules=rs, engine="python")

    with fixes_unchecked() if mode.endswith("not checked") else contextlib.nullcontext():
        one(paths[30])
        gc.freeze()
        gc.enable()
        for path in paths[:count]:
            one(path)


def measure(runs: int, work: Path, count: int) -> dict[str, Any]:
    return {"typical": typical(count, runs, work), "conflicts cold": conflicts_cold(runs)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--z3", action="store_true", help="only hiepy conflicts, cold, in this process (JSON out)")
    ap.add_argument("--count", type=int, default=100, help="typical proposals (default 100)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hiepy-bench")
    ap.add_argument("--marginal", choices=MARGINAL, help="do this on --count proposals, print nothing")
    a = ap.parse_args(argv[1:])
    if a.marginal:
        marginal(a.marginal, a.count, a.work)
        return 0
    if a.z3:
        print(json.dumps(z3_solving()))
        return 0
    print(json.dumps(measure(a.runs, a.work, a.count), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
