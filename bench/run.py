#!/usr/bin/env python3
"""Every figure of docs/performance.md, as ratios, in one run.

    .venv/bin/python bench/run.py                    # all figures (about 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick            # fewer repetitions, a 1,000-proposal batch, no test suite
    .venv/bin/python bench/run.py --only cold,warm   # some figures: cold engine warm batch analysis suite scaling
    .venv/bin/python bench/run.py --json out.json    # also write the numbers

Figures (targets from issue 7; a benchmark measures, it asserts nothing):

- ``cold``: ``hiepy check`` of the bundled dossier, a new process each time, against the floor
  command (bench/floor.py: Python start + libyaml parse + pydantic validation of the same file);
  target ≤ 1.5 × the floor. Both get a compiled-bytecode cache (as an installed package has) and a
  warm-up run; runs alternate, and the median CPU time (user + system) of each is compared.
- ``engine``: on a 200-title, 1,000-cadre proposal (bench/gen.py), the engine's run against
  parsing + validating the file; target ≤ 1 ×. The other stages of a check are listed beside it.
- ``warm``: ``check_proposal`` per typical proposal in a process that has checked before (rules
  loaded, programs compiled); target ≤ 2 ms. ``check`` (reading the file too) beside it.
- ``batch``: ``hiepy check DIR --jobs 1`` and ``--jobs 2`` over 10,000 typical proposals; target
  ≤ 20 s with 2 jobs on 2 cores. The floor of the same files in 2 processes beside it.
- ``analysis``: the decisions of the static analysis of every bundled pack (bench/analysis.py);
  target ≤ 2 s.
- ``suite``: the whole test suite; target ≤ 60 s.
- ``scaling``: warm ``check_proposal`` time as titles, cadres and provisions grow.

CPU time is the steadier figure on a shared machine; wall time is shown beside it, with the load
average, because both move with whatever else the machine runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DOSSIER = ROOT / "examples" / "cuc-thue-quang-tri-2012.yaml"
BIN = Path(sys.executable).parent
HIEPY = BIN / "hiepy"
sys.path.insert(0, str(BENCH))

import floor  # noqa: E402  (bench/floor.py)
import gen  # noqa: E402  (bench/gen.py)


def _env(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)  # compiled once, like an installed package; not in src/
    return env


def _child(cmd: list[str], env: dict[str, str], **kw: Any) -> tuple[float, float, int]:
    """(wall s, CPU s of the child and its children, exit status)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), done.returncode


def _best(fn: Callable[[], Any], runs: int) -> float:
    """Least CPU seconds of ``runs`` calls (the run least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --- figures -------------------------------------------------------------------------------------


def cold(runs: int, pycache: Path) -> dict[str, Any]:
    env = _env(pycache)
    d = str(DOSSIER.relative_to(ROOT))
    cmds = {
        "floor": [sys.executable, str(BENCH / "floor.py"), d],
        "hiepy check (default: text, auto engine)": [str(HIEPY), "check", d],
        "hiepy check --engine python": [str(HIEPY), "check", d, "--engine", "python"],
        "hiepy check --format json --engine python": [str(HIEPY), "check", d, "--format", "json", "--engine", "python"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    for cmd in cmds.values():  # warm-up: bytecode written, files in the page cache
        _child(cmd, env)
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            wall, cpu, _ = _child(cmd, env)
            samples[name].append((wall, cpu))
    out: dict[str, Any] = {}
    base_cpu = statistics.median(c for _, c in samples["floor"])
    base_wall = statistics.median(w for w, _ in samples["floor"])
    for name, s in samples.items():
        cpu = statistics.median(c for _, c in s)
        wall = statistics.median(w for w, _ in s)
        out[name] = {
            "cpu_s": cpu,
            "wall_s": wall,
            "cpu_min_s": min(c for _, c in s),
            "ratio_cpu": cpu / base_cpu,
            "ratio_wall": wall / base_wall,
        }
    return out


def _stages(path: Path, runs: int) -> dict[str, float]:
    from hiepy_rules import conflicts, findings
    from hiepy_rules.checker import check_proposal, read_proposal
    from hiepy_rules.compile import program_for
    from hiepy_rules.engines.base import durable_available, get_engine
    from hiepy_rules.facts import build_facts, fact_paths, unit_fact
    from hiepy_rules.packs import load_rules

    rs = load_rules()
    text = path.read_text(encoding="utf-8")
    proposal, doc = read_proposal(path)
    program = program_for(rs, proposal.date, unit_fact(proposal))
    facts = build_facts(proposal, program.shares)
    python = get_engine("python")
    result = python.run(program, facts)
    clashes = conflicts.find(proposal, facts, program, set(result.outcomes))

    def build_findings() -> None:
        ctx = findings.Context(
            proposal=proposal,
            doc=doc,
            file=doc.file,
            rules=rs,
            program=program,
            facts={f["id"]: dict(f) for f in facts},
            paths=fact_paths(proposal),
            result=result,
            as_of=proposal.date,
        )
        findings.build(ctx, clashes)

    out = {
        "floor parse + validate": _best(lambda: floor.parse_and_validate(text), runs),
        "hiepy read (parse, positions, validate, references)": _best(lambda: read_proposal(path), runs),
        "facts": _best(lambda: build_facts(proposal, program.shares), runs),
        "engine python": _best(lambda: python.run(program, facts), runs),
    }
    if durable_available():
        durable = get_engine("durable")
        t = time.process_time()
        durable.run(program, facts)  # first run: builds the durable ruleset of this program
        out["engine durable (first run, ruleset built)"] = time.process_time() - t
        out["engine durable"] = _best(lambda: durable.run(program, facts), runs)
    out["conflicts"] = _best(lambda: conflicts.find(proposal, facts, program, set(result.outcomes)), runs)
    out["findings"] = _best(build_findings, runs)
    out["check_proposal (python)"] = _best(lambda: check_proposal(proposal, doc=doc, rules=rs, engine=python), runs)
    out["_findings"] = len(check_proposal(proposal, doc=doc, rules=rs, engine=python).findings)
    out["_facts"] = len(facts)
    out["_provisions"] = len(program.provisions)
    return out


def engine(runs: int, work: Path) -> dict[str, Any]:
    path = work / "large-200x1000.yaml"
    path.write_text(gen.proposal(200, 1000, seed=0), encoding="utf-8")
    import yaml

    from hiepy_rules import yamlio

    builder = yamlio._Builder(str(path))
    for event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yamlio._Loader):
        builder.feed(event)
    stages = _stages(path, runs)
    pv = stages["floor parse + validate"]
    out: dict[str, Any] = {"stages_s": stages, "nodes": builder.nodes, "max_nodes": yamlio.MAX_NODES}
    out["ratio python"] = stages["engine python"] / pv
    if "engine durable" in stages:
        out["ratio durable"] = stages["engine durable"] / pv
    return out


def warm(runs: int, work: Path, count: int = 100) -> dict[str, Any]:
    from hiepy_rules.checker import check, check_proposal, read_proposal
    from hiepy_rules.engines.base import durable_available, get_engine
    from hiepy_rules.packs import load_rules

    rs = load_rules()
    folder = work / "typical"
    paths = gen.write_batch(folder, count)
    parsed = [read_proposal(p) for p in paths]
    out: dict[str, Any] = {"proposals": count}
    engines = ["python"] + (["durable"] if durable_available() else [])
    for name in engines:
        eng = get_engine(name)
        for p, d in parsed:  # warm: programs compiled, durable rulesets built
            check_proposal(p, doc=d, rules=rs, engine=eng)
        per = _best(lambda eng=eng: [check_proposal(p, doc=d, rules=rs, engine=eng) for p, d in parsed], runs) / count
        out[f"check_proposal {name} ms"] = per * 1000
    eng = get_engine("python")
    per = _best(lambda: [check(p, rules=rs, engine=eng) for p in paths], runs) / count
    out["check (with reading) python ms"] = per * 1000
    dp, dd = read_proposal(DOSSIER)
    out["dossier check_proposal python ms"] = 1000 * _best(lambda: check_proposal(dp, doc=dd, rules=rs, engine=eng), 20)
    out["findings per proposal"] = statistics.mean(
        len(check_proposal(p, doc=d, rules=rs, engine=eng).findings) for p, d in parsed
    )
    out["render ms per result"] = _render_costs(
        rs, [check_proposal(p, doc=d, rules=rs, engine=eng) for p, d in parsed[:20]]
    )
    return out


def _render_costs(rs: Any, results: list[Any]) -> dict[str, float]:
    from hiepy_rules.formats import CheckReport, render_check

    titles = {r.file: {} for r in results}
    out = {}
    for fmt in ("json", "sarif", "junit", "github", "markdown", "text"):
        report = CheckReport(results, rs, titles=titles)
        out[fmt] = 1000 * _best(lambda report=report, fmt=fmt: render_check(fmt, report), 2) / len(results)
    return out


def _floor_batch(paths: list[str]) -> None:
    for p in paths:
        with open(p, encoding="utf-8") as f:
            floor.parse_and_validate(f.read())


def batch(count: int, work: Path, pycache: Path, fmt: str) -> dict[str, Any]:
    folder = work / f"batch-{count}"
    t = time.perf_counter()
    paths = gen.write_batch(folder, count)
    made = time.perf_counter() - t
    env = _env(pycache)
    out: dict[str, Any] = {"proposals": count, "format": fmt, "generated_in_s": made}
    target = work / f"batch-report.{fmt}"
    for jobs in (1, 2):
        cmd = [str(HIEPY), "check", str(folder), "--engine", "python", "--jobs", str(jobs), "--format", fmt]
        wall, cpu, status = _child([*cmd, "-o", str(target)], dict(env, CI="1"))
        out[f"jobs {jobs}"] = {"wall_s": wall, "cpu_s": cpu, "exit": status, "output_bytes": target.stat().st_size}
    # the floor of the same files: start, parse + validate each, in 2 processes
    import multiprocessing

    halves = [[str(p) for p in paths[i::2]] for i in range(2)]
    t = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    procs = [multiprocessing.get_context("spawn").Process(target=_floor_batch, args=(h,)) for h in halves]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out["floor, 2 processes"] = {
        "wall_s": time.perf_counter() - t,
        "cpu_s": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime),
    }
    return out


def analysis(runs: int, pycache: Path) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("bench_analysis", BENCH / "analysis.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from hiepy_rules.packs import load_rules

    rs = load_rules()
    res, best = module.measure(rs, runs)
    out: dict[str, Any] = {name: {"wall_s": w, "cpu_s": c} for name, (w, c) in best.items()}
    out["packs"] = sorted(p.id for p in rs.packs)
    out["found"] = {"conflicts": len(res.conflicts), "sets": len(res.sets), "contradictions": len(res.contradictions)}
    wall, cpu, status = _child([str(HIEPY), "conflicts", "--format", "json"], _env(pycache))
    out["hiepy conflicts (cold command)"] = {"wall_s": wall, "cpu_s": cpu, "exit": status}
    return out


def suite() -> dict[str, Any]:
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    wall, cpu, status = _child(cmd, dict(os.environ))
    return {"wall_s": wall, "cpu_s": cpu, "exit": status}


def _copy_rules(k: int, work: Path) -> Path:
    """The bundled rules with the two 2012 regional packs written ``k`` times (ids suffixed)."""
    from hiepy_rules.packs import bundled_rules_dir

    src = bundled_rules_dir()
    dst = work / f"rules-x{k}"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("tests"))
    for pack in ("quang-tri-2012", "ministry-variant-2012"):
        for i in range(2, k + 1):
            copy = dst / f"{pack}-c{i}"
            shutil.copytree(dst / pack, copy)
            for f in copy.glob("*.yaml"):
                text = f.read_text(encoding="utf-8")
                f.write_text(text.replace(pack, f"{pack}-c{i}"), encoding="utf-8")
    return dst


def scaling(runs: int, work: Path) -> dict[str, Any]:
    from hiepy_rules.checker import check_proposal, read_proposal
    from hiepy_rules.compile import program_for
    from hiepy_rules.engines.base import get_engine
    from hiepy_rules.facts import unit_fact
    from hiepy_rules.packs import load_rules

    eng = get_engine("python")
    rows = []
    rule_sets = {1: load_rules()}
    for k in (2, 4):
        rs = load_rules([_copy_rules(k, work)])
        if not [p for p in rs.problems if p.severity == "error"]:
            rule_sets[k] = rs
    for titles, cadres in ((15, 35), (50, 200), (100, 500), (200, 1000)):
        for day in (dt.date(2012, 9, 1), dt.date(2026, 1, 15)):
            path = work / f"scale-{titles}-{cadres}-{day.year}.yaml"
            path.write_text(gen.proposal(titles, cadres, seed=1, date=day), encoding="utf-8")
            proposal, doc = read_proposal(path)
            copies = (
                rule_sets if (titles, cadres) in ((15, 35), (200, 1000)) and day.year == 2012 else {1: rule_sets[1]}
            )
            for k, rs in copies.items():
                program = program_for(rs, proposal.date, unit_fact(proposal))
                check_proposal(proposal, doc=doc, rules=rs, engine=eng)
                cpu = _best(
                    lambda proposal=proposal, doc=doc, rs=rs: check_proposal(proposal, doc=doc, rules=rs, engine=eng),
                    runs,
                )
                rows.append(
                    {
                        "titles": titles,
                        "cadres": cadres,
                        "date": day.isoformat(),
                        "provisions": len(program.provisions),
                        "pack copies": k,
                        "votes": len(proposal.votes),
                        "findings": len(check_proposal(proposal, doc=doc, rules=rs, engine=eng).findings),
                        "check_proposal_ms": 1000 * cpu,
                        "read_ms": 1000 * _best(lambda path=path: read_proposal(path), runs),
                    }
                )
    return {"rows": rows}


# --- the report ----------------------------------------------------------------------------------


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "missed"


def summary(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    if "cold" in r:
        c = r["cold"]
        for name in ("hiepy check (default: text, auto engine)", "hiepy check --engine python",
                     "hiepy check --format json --engine python"):  # fmt: skip
            x = c[name]
            rows.append(
                (
                    f"cold {name} / floor",
                    f"{x['ratio_cpu']:.2f} × CPU ({x['cpu_s']:.3f} s vs {c['floor']['cpu_s']:.3f} s); "
                    f"{x['ratio_wall']:.2f} × wall",
                    "≤ 1.5 ×",
                    _verdict(x["ratio_cpu"], 1.5),
                )
            )
    if "engine" in r:
        e = r["engine"]
        s = e["stages_s"]
        for name in ("python", "durable"):
            if f"ratio {name}" in e:
                rows.append(
                    (
                        f"engine {name} / parse+validate, 200 titles × 1,000 cadres",
                        f"{e[f'ratio {name}']:.3f} × ({1000 * s[f'engine {name}']:.1f} ms vs "
                        f"{1000 * s['floor parse + validate']:.0f} ms)",
                        "≤ 1 ×",
                        _verdict(e[f"ratio {name}"], 1.0),
                    )
                )
    if "warm" in r:
        w = r["warm"]
        for key in [k for k in w if k.startswith("check_proposal ")]:
            rows.append((f"warm {key} per typical proposal", f"{w[key]:.2f} ms", "≤ 2 ms", _verdict(w[key], 2.0)))
    if "batch" in r:
        b = r["batch"]
        for jobs in (1, 2):
            x = b[f"jobs {jobs}"]
            rows.append(
                (
                    f"batch of {b['proposals']:,} (--format {b['format']}) --jobs {jobs}",
                    f"{x['wall_s']:.1f} s wall, {x['cpu_s']:.1f} s CPU",
                    "≤ 20 s (jobs 2)" if jobs == 2 else "—",
                    _verdict(x["wall_s"], 20.0) if jobs == 2 else "—",
                )
            )
        f = b["floor, 2 processes"]
        rows.append((f"floor of the same {b['proposals']:,} files, 2 processes", f"{f['wall_s']:.1f} s wall", "—", "—"))
    if "analysis" in r:
        a = r["analysis"]["decisions"]
        rows.append(
            (
                "static analysis of all bundled packs (decisions)",
                f"{a['wall_s']:.2f} s wall, {a['cpu_s']:.2f} s CPU",
                "≤ 2 s",
                _verdict(a["wall_s"], 2.0),
            )
        )
    if "suite" in r:
        s = r["suite"]
        rows.append(
            (
                "test suite",
                f"{s['wall_s']:.1f} s wall, {s['cpu_s']:.1f} s CPU (exit {s['exit']})",
                "≤ 60 s",
                _verdict(s["wall_s"], 60.0),
            )
        )
    return rows


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, a 1,000-proposal batch, no suite")
    ap.add_argument("--only", default="cold,engine,warm,batch,analysis,suite,scaling")
    ap.add_argument("--batch", type=int, help="proposals in the batch (default 10,000; 1,000 with --quick)")
    ap.add_argument("--batch-format", default="github", help="the batch's --format (default github)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hiepy-bench")
    ap.add_argument("--json", type=Path, help="write every number here")
    a = ap.parse_args(argv[1:])
    only = set(a.only.split(","))
    if a.quick and "--only" not in " ".join(argv):
        only.discard("suite")
    runs = 3 if a.quick else 7
    a.work.mkdir(parents=True, exist_ok=True)
    pycache = a.work / "pycache"
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "load_before": _load(),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("cold", lambda: cold(9 if a.quick else 21, pycache)),
        ("engine", lambda: engine(runs, a.work)),
        ("warm", lambda: warm(runs, a.work)),
        ("scaling", lambda: scaling(3, a.work)),
        ("analysis", lambda: analysis(3, pycache)),
        ("batch", lambda: batch(a.batch or (1000 if a.quick else 10_000), a.work, pycache, a.batch_format)),
        ("suite", suite),
    ]
    for name, step in steps:
        if name in only:
            print(f"[{name}] …", file=sys.stderr, flush=True)
            t = time.perf_counter()
            results[name] = step()
            print(f"[{name}] {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    results["load_after"] = _load()
    rows = summary(results)
    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"\nload average before {results['load_before']}, after {results['load_after']}; {results['machine']}")
    for figure, value, target, verdict in rows:
        print(f"{figure:<{width}}  {value:<60}  {target:<16}  {verdict}")
    if "engine" in results:
        print("\nstages on the 200 × 1,000 proposal (best CPU ms):")
        for k, v in results["engine"]["stages_s"].items():
            print(f"  {k:<52} {v * 1000 if not k.startswith('_') else v:10.1f}")
        print(f"  nodes {results['engine']['nodes']:,} of {results['engine']['max_nodes']:,} allowed")
    if "warm" in results:
        print("\nwarm:", json.dumps({k: v for k, v in results["warm"].items()}, ensure_ascii=False, indent=1))
    if "scaling" in results:
        print("\nscaling (warm check_proposal, python engine):")
        for row in results["scaling"]["rows"]:
            print("  " + ", ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
