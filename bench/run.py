#!/usr/bin/env python3
"""Every target of docs/performance.md, measured and printed against its goal, in one run.

    .venv/bin/python bench/run.py                          # all figures (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick                  # fewer repetitions, a 1,000-proposal batch, no suite
    .venv/bin/python bench/run.py --only cold,warm         # some of: cold engine warm batch analysis suite
                                                           # scaling limits
    .venv/bin/python bench/run.py --baseline ../old-tree   # each figure also for an older source tree, same run
    .venv/bin/python bench/run.py --json out.json          # also write the numbers
    .venv/bin/python bench/run.py --only cold,warm --instructions   # instructions too (valgrind)

Targets (issue 16; a benchmark measures, it asserts nothing), on the default install (the
pure-Python engine: durable-rules is an extra):

- ``cold``: ``hiepy check`` of the bundled dossier, a new process each time, against the floor
  (bench/floor.py: Python start + libyaml parse + pydantic validation of the same file): text
  ≤ 1.3 ×, JSON ≤ 1.2 ×. Both get a compiled-bytecode cache and a warm-up run (hiepy's rule-set
  cache is then in its cache folder, as after a user's first run); runs alternate, and the median
  CPU time (user + system) of each is compared. ``--instructions`` also counts the instructions
  of one run of each under valgrind: steady under load, so it shows a change of a few per cent.
- ``engine``: on a 200-title, 1,000-cadre proposal (bench/gen.py), engine + findings against
  reading the file (hiepy's reader: parse, positions, validation): ≤ 0.5 ×.
- ``warm``: ``check_proposal(model)`` with default arguments per typical proposal in a process that
  has checked before: ≤ 2 ms; ``check(path)``: ≤ 5 ms. ``--instructions`` also counts a warm
  check's instructions (``bench/warm_count.py`` checking 10 proposals, less reading them).
- ``batch``: ``hiepy check DIR --jobs 2`` over typical proposals, CPU per proposal against the
  floor's (parse + validate each file, 2 processes): ≤ 1.0 ×; the largest worker's memory for a
  quarter of the files and for all of them (flat: the same); the durable-rules engine's CPU against
  the pure-Python engine's: ≤ 1.5 ×.
- ``analysis``: ``hiepy conflicts`` over every bundled pack, cold (no cache): ≤ 1 s; unchanged
  packs (its report cached): ≤ 0.3 s.
- ``suite``: the whole test suite as ``tasks.py test`` runs it (parallel workers): ≤ 60 s wall.
- ``scaling``: warm ``check_proposal`` time as titles, cadres and provisions grow.
- ``limits``: what stands between a missed target and its goal, each part alone (bench/limits.py):
  libyaml's events and pydantic's validation of a typical proposal, its check with and without its
  fixes checked (brief decision 10), and z3's solving in ``hiepy conflicts``, cold.

CPU time is the steadier figure on a shared machine; wall time is shown beside it, with the load
average, because both move with whatever else the machine runs. ``--baseline DIR`` runs the same
commands with ``DIR/src`` first on ``PYTHONPATH`` (an older checkout of hiepy), alternating with
the current tree, so that before and after are measured side by side; the in-process figures
(``engine``, ``warm``) are then measured in a new process for each tree, the same way.
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
import limits as limits_script  # noqa: E402  (bench/limits.py)
from timing import least_cpu  # noqa: E402  (bench/timing.py)


def _env(pycache: Path, baseline: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)  # compiled once, like an installed package; not in src/
    # hiepy's own cache, as after a first run; one per tree: the two write entries under the same key
    # (same rule files, same version string), and one tree must not read the other's
    env["HIEPY_CACHE_DIR"] = str(pycache.parent / ("user-cache-baseline" if baseline else "user-cache"))
    env["PYTHONPATH"] = str(baseline / "src") if baseline else str(ROOT / "src")
    return env


def _child(cmd: list[str], env: dict[str, str], **kw: Any) -> tuple[float, float, int]:
    """(wall s, CPU s of the child and its children, exit status)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime, proc.returncode


_RSS = (
    "import resource, subprocess, sys; s = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(s)"
)


def _child_rss(cmd: list[str], env: dict[str, str], **kw: Any) -> tuple[float, float, int, int]:
    """(wall s, CPU s, exit status, largest resident set in KiB of the command or a process it waited for).

    The command runs under a small Python process: a child forked from this (large) process would
    report this process's size as its own peak."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _RSS, rss.name, *cmd],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            **kw,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        peak = int(rss.read() or 0)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode, peak


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --- figures -------------------------------------------------------------------------------------


CLI = "import sys; sys.argv[0] = 'hiepy'; from hiepy_rules.cli.main import main; main()"


def cold(runs: int, pycache: Path, baseline: Path | None, instructions: bool = False) -> dict[str, Any]:
    env = _env(pycache)
    d = str(DOSSIER.relative_to(ROOT))
    hiepy = [sys.executable, "-c", CLI, "check", d]  # the console script's code, on either tree
    variants = {
        "text": ["--engine", "python"],
        "json": ["--format", "json", "--engine", "python"],
        "text, auto engine": [],
    }
    cmds: dict[str, tuple[list[str], dict[str, str]]] = {"floor": ([sys.executable, str(BENCH / "floor.py"), d], env)}
    for name, extra in variants.items():
        cmds[name] = ([*hiepy, *extra], env)
        if baseline is not None:
            cmds[f"{name} (baseline)"] = ([*hiepy, *extra], _env(pycache, baseline))
    cmds["json, no rule-set cache"] = ([*hiepy, *variants["json"]], dict(env, HIEPY_NO_CACHE="1"))
    cmds["python -c pass"] = ([sys.executable, "-c", "pass"], env)
    for cmd, e in cmds.values():  # warm-up: bytecode written, files in the page cache, rule sets cached
        _child(cmd, e)
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, (cmd, e) in cmds.items():
            wall, cpu, _ = _child(cmd, e)
            samples[name].append((wall, cpu))
    out: dict[str, Any] = {"instructions": _instructions(cmds) if instructions else {}}
    floor_cpu = [c for _, c in samples["floor"]]
    base_cpu = statistics.median(floor_cpu)
    base_wall = statistics.median(w for w, _ in samples["floor"])
    for name, s in samples.items():
        cpu = statistics.median(c for _, c in s)
        wall = statistics.median(w for w, _ in s)
        out[name] = {
            "cpu_s": cpu,
            "wall_s": wall,
            "cpu_min_s": min(c for _, c in s),
            "ratio_cpu": cpu / base_cpu,
            "ratio_cpu_pairwise": statistics.median(c / f for (_, c), f in zip(s, floor_cpu, strict=True)),
            "ratio_wall": wall / base_wall,
        }
    return out


def _instructions(cmds: dict[str, tuple[list[str], dict[str, str]]]) -> dict[str, int]:
    """Instructions each command executes, counted by valgrind (callgrind), when it is installed.

    Unlike CPU time, the count does not move with the machine's load: on a shared machine it is the
    figure that shows a change of a few per cent. It is not CPU time (a cache miss counts as one
    instruction), so the targets stay on CPU time. About 30 s per command (valgrind is slow)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return {}
    out: dict[str, int] = {}
    for name, (cmd, env) in cmds.items():
        if name == "python -c pass":
            continue
        proc = subprocess.run(
            [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        found = [line.split("Collected :")[1] for line in proc.stderr.splitlines() if "Collected :" in line]
        if found:
            out[name] = int(found[-1].strip())
    return out


def _stages(path: Path, runs: int) -> dict[str, float]:
    from hiepy_rules.compile.compiler import program_for
    from hiepy_rules.compile.factset import build_facts, fact_paths, unit_fact
    from hiepy_rules.engine import durable_available, get_engine
    from hiepy_rules.findings import build as findings
    from hiepy_rules.findings import conflicts
    from hiepy_rules.findings.explain import Context
    from hiepy_rules.load.packs import load_rules
    from hiepy_rules.pipeline import check_proposal, read_proposal

    rs = load_rules()
    text = path.read_text(encoding="utf-8")
    proposal, doc = read_proposal(path)
    program = program_for(rs, proposal.date, unit_fact(proposal))
    facts = build_facts(proposal, program.shares)
    python = get_engine("python")
    result = python.run(program, facts)
    clashes = conflicts.find(proposal, facts, program, set(result.outcomes))

    def build_findings() -> None:
        ctx = Context(
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
        "floor parse + validate": least_cpu(lambda: floor.parse_and_validate(text), runs),
        "hiepy read (parse, positions, validate, references)": least_cpu(lambda: read_proposal(path), runs),
        "facts": least_cpu(lambda: build_facts(proposal, program.shares), runs),
        "engine python": least_cpu(lambda: python.run(program, facts), runs),
    }
    if durable_available():
        durable = get_engine("durable")
        t = time.process_time()
        durable.run(program, facts)  # first run: builds the durable ruleset of this program
        out["engine durable (first run, ruleset built)"] = time.process_time() - t
        out["engine durable"] = least_cpu(lambda: durable.run(program, facts), runs)
    out["conflicts"] = least_cpu(lambda: conflicts.find(proposal, facts, program, set(result.outcomes)), runs)
    out["findings"] = least_cpu(build_findings, runs)
    out["check_proposal (python)"] = least_cpu(lambda: check_proposal(proposal, doc=doc, rules=rs, engine=python), runs)
    out["_findings"] = len(check_proposal(proposal, doc=doc, rules=rs, engine=python).findings)
    out["_facts"] = len(facts)
    out["_provisions"] = len(program.provisions)
    return out


def engine(runs: int, work: Path) -> dict[str, Any]:
    path = work / "large-200x1000.yaml"
    path.write_text(gen.proposal(200, 1000, seed=0), encoding="utf-8")
    import yaml

    from hiepy_rules.load import yamlio

    builder = yamlio._Builder(str(path))
    for event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yamlio._Loader):
        builder.feed(event)
    stages = _stages(path, runs)
    pv = stages["floor parse + validate"]
    out: dict[str, Any] = {"stages_s": stages, "nodes": builder.nodes, "max_nodes": yamlio.MAX_NODES}
    out["ratio python"] = stages["engine python"] / pv
    if "engine durable" in stages:
        out["ratio durable"] = stages["engine durable"] / pv
    read = stages["hiepy read (parse, positions, validate, references)"]
    out["ratio engine+findings / read"] = (stages["engine python"] + stages["findings"]) / read
    out["yaml reader"] = _yaml_reader(runs, [path, DOSSIER])
    return out


def _yaml_reader(runs: int, paths: list[Path]) -> dict[str, dict[str, float]]:
    """``yamlio.loads`` (one loop over libyaml's events) against its stepwise reference and PyYAML's loader."""
    import inspect

    import yaml

    from hiepy_rules.load import yamlio

    out: dict[str, dict[str, float]] = {}
    cparser = yamlio.__dict__.get("_CParser") or yaml.CLoader
    for path in paths:
        text = path.read_text(encoding="utf-8")
        figures = {
            "loads s": least_cpu(lambda text=text: yamlio.loads(text), runs),
            "libyaml events alone s": least_cpu(lambda text=text: [*iter(cparser(text).get_event, None)], runs),
            "yaml.load CSafeLoader s": least_cpu(lambda text=text: yaml.load(text, Loader=yaml.CSafeLoader), runs),
        }
        if "stepwise" in inspect.signature(yamlio.loads).parameters:
            figures["stepwise s"] = least_cpu(lambda text=text: yamlio.loads(text, stepwise=True), runs)  # type: ignore[call-arg]
            figures["ratio loads / stepwise"] = figures["loads s"] / figures["stepwise s"]
        out[path.name] = figures
    return out


def warm(runs: int, work: Path, count: int = 100) -> dict[str, Any]:
    import hiepy_rules
    from hiepy_rules.engine import durable_available, get_engine
    from hiepy_rules.load.packs import load_rules
    from hiepy_rules.pipeline import check, check_proposal, read_proposal

    rs = load_rules()
    folder = work / "typical"
    paths = gen.write_batch(folder, count)
    parsed = [read_proposal(p) for p in paths]
    out: dict[str, Any] = {"proposals": count}
    for p, _ in parsed:  # warm: rules loaded, programs compiled, durable rulesets built
        hiepy_rules.check_proposal(p)
        hiepy_rules.check_proposal(p, engine="python")
    # the public API as an embedding program calls it: default arguments (bundled rules, auto engine)
    per = least_cpu(lambda: [hiepy_rules.check_proposal(p) for p, _ in parsed], runs) / count
    out["check_proposal(model) default arguments ms"] = per * 1000
    per = least_cpu(lambda: [hiepy_rules.check_proposal(p, engine="python") for p, _ in parsed], runs) / count
    out["check_proposal(model, engine='python') ms"] = per * 1000
    per = least_cpu(lambda: [hiepy_rules.check(p) for p in paths], runs) / count
    out["check(path) default arguments ms"] = per * 1000
    per = least_cpu(lambda: [read_proposal(p) for p in paths], runs) / count
    out["read_proposal(path) ms"] = per * 1000
    per = least_cpu(lambda: [floor.parse_and_validate(p.read_text(encoding="utf-8")) for p in paths], runs) / count
    out["floor parse + validate ms"] = per * 1000
    engines = ["python"] + (["durable"] if durable_available() else [])
    for name in engines:
        eng = get_engine(name)
        for p, d in parsed:
            check_proposal(p, doc=d, rules=rs, engine=eng)
        per = (
            least_cpu(lambda eng=eng: [check_proposal(p, doc=d, rules=rs, engine=eng) for p, d in parsed], runs) / count
        )
        out[f"check_proposal {name}, rules given ms"] = per * 1000
    eng = get_engine("python")
    per = least_cpu(lambda: [check(p, rules=rs, engine=eng) for p in paths], runs) / count
    out["check (with reading) python ms"] = per * 1000
    dp, dd = read_proposal(DOSSIER)
    out["dossier check_proposal python ms"] = 1000 * least_cpu(
        lambda: check_proposal(dp, doc=dd, rules=rs, engine=eng), 20
    )
    out["findings per proposal"] = statistics.mean(
        len(check_proposal(p, doc=d, rules=rs, engine=eng).findings) for p, d in parsed
    )
    out["render ms per result"] = _render_costs(
        rs, [check_proposal(p, doc=d, rules=rs, engine=eng) for p, d in parsed[:20]]
    )
    return out


def _render_costs(rs: Any, results: list[Any]) -> dict[str, float]:
    from hiepy_rules.report import CheckReport, render_check

    titles = {r.file: {} for r in results}
    out = {}
    for fmt in ("json", "sarif", "junit", "github", "markdown", "text"):
        report = CheckReport(results, rs, titles=titles)
        out[fmt] = 1000 * least_cpu(lambda report=report, fmt=fmt: render_check(fmt, report), 2) / len(results)
    return out


def _floor_batch(paths: list[str]) -> None:
    for p in paths:
        with open(p, encoding="utf-8") as f:
            floor.parse_and_validate(f.read())


def _floor_cpu(paths: list[Path]) -> dict[str, float]:
    """The floor of the same files: start, parse + validate each, in 2 processes."""
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
    return {"wall_s": time.perf_counter() - t, "cpu_s": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)}


def batch(count: int, work: Path, pycache: Path, fmt: str, baseline: Path | None) -> dict[str, Any]:
    folder = work / f"batch-{count}"
    quarter = work / f"batch-{count}-quarter"
    t = time.perf_counter()
    paths = gen.write_batch(folder, count)
    gen.write_batch(quarter, max(1, count // 4))
    made = time.perf_counter() - t
    out: dict[str, Any] = {"proposals": count, "format": fmt, "generated_in_s": made}
    target = work / f"batch-report.{fmt}"
    from hiepy_rules.engine import durable_available

    def hiepy(name: str, src: Path, engine: str, env: dict[str, str]) -> None:
        cmd = [sys.executable, "-c", CLI, "check", str(src), "--engine", engine, "--jobs", "2", "--format", fmt]
        wall, cpu, status, rss = _child_rss([*cmd, "-o", str(target)], dict(env, CI="1"))
        out[name] = {"wall_s": wall, "cpu_s": cpu, "exit": status, "max_rss_kib": rss}

    hiepy("jobs 2, python", folder, "python", _env(pycache))
    out["floor, 2 processes"] = _floor_cpu(paths)
    if baseline is not None:
        hiepy("jobs 2, python (baseline)", folder, "python", _env(pycache, baseline))
    hiepy("jobs 2, python, a quarter of the files", quarter, "python", _env(pycache))
    if durable_available():
        hiepy("jobs 2, durable", folder, "durable", _env(pycache))
    floor_cpu = out["floor, 2 processes"]["cpu_s"]
    out["ratio cpu / floor"] = out["jobs 2, python"]["cpu_s"] / floor_cpu
    if baseline is not None:
        out["ratio cpu / floor (baseline)"] = out["jobs 2, python (baseline)"]["cpu_s"] / floor_cpu
    out["ratio memory all / quarter"] = (
        out["jobs 2, python"]["max_rss_kib"] / out["jobs 2, python, a quarter of the files"]["max_rss_kib"]
    )
    if "jobs 2, durable" in out:
        out["ratio durable / python cpu"] = out["jobs 2, durable"]["cpu_s"] / out["jobs 2, python"]["cpu_s"]
    return out


def analysis(runs: int, pycache: Path, baseline: Path | None) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("bench_analysis", BENCH / "analysis.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from hiepy_rules.load.packs import load_rules

    rs = load_rules()
    res, best = module.measure(rs, runs)
    out: dict[str, Any] = {name: {"wall_s": w, "cpu_s": c} for name, (w, c) in best.items()}
    out["packs"] = sorted(p.id for p in rs.packs)
    out["found"] = {"conflicts": len(res.conflicts), "sets": len(res.sets), "contradictions": len(res.contradictions)}
    conflicts = [sys.executable, "-c", CLI, "conflicts", "--format", "json"]
    lint = [sys.executable, "-c", CLI, "lint", "rules"]  # what a ministry's CI runs on a changed rule file
    env = _env(pycache)
    cold = dict(env, HIEPY_NO_CACHE="1")
    runs_of = {
        "hiepy conflicts, cold (no cache)": (conflicts, cold),
        "hiepy conflicts, unchanged packs (cached)": (conflicts, env),
        "hiepy lint rules": (lint, cold),
    }
    if baseline is not None:  # the old tree would read the cache the new one wrote: cold, too
        old = dict(_env(pycache, baseline), HIEPY_NO_CACHE="1")
        runs_of["hiepy conflicts, cold (baseline)"] = (conflicts, old)
        runs_of["hiepy lint rules (baseline)"] = (lint, old)
    for cmd, e in runs_of.values():
        _child(cmd, e)  # warm-up: bytecode, and the cached report
    taken: dict[str, list[tuple[float, float, int]]] = {name: [] for name in runs_of}
    for _ in range(runs):  # the commands alternate, so that a change in the machine's load hits each alike
        for name, (cmd, e) in runs_of.items():
            taken[name].append(_child(cmd, e))
    for name, samples in taken.items():
        out[name] = {
            "wall_s": statistics.median(s[0] for s in samples),
            "cpu_s": statistics.median(s[1] for s in samples),
            "exit": samples[0][2],
        }
    return out


def suite() -> dict[str, Any]:
    """The suite as ``tasks.py test`` runs it, with each test's CPU split (bench/suite_cpu.py): in the
    workers, and in the processes the tests start."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto"]  # as tasks.py test
    with tempfile.TemporaryDirectory() as folder:
        path = os.pathsep.join(p for p in (str(BENCH), os.environ.get("PYTHONPATH", "")) if p)
        env = dict(os.environ, HIEPY_SUITE_CPU=folder, PYTHONPATH=path)
        wall, cpu, status = _child([*cmd, "-p", "suite_cpu"], env)
        rows = [row for f in sorted(Path(folder).glob("*.json")) for row in json.loads(f.read_text(encoding="utf-8"))]
    own = sum(r[1] for r in rows)
    started = sum(r[2] for r in rows)
    heaviest = sorted(rows, key=lambda r: -(r[1] + r[2]))[:10]
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "exit": status,
        "tests": len(rows),
        "tests' own cpu_s": own,
        "processes the tests start, cpu_s": started,
        "heaviest tests (own, started) s": {r[0]: [round(r[1], 2), round(r[2], 2)] for r in heaviest},
    }


def limits(runs: int, work: Path, pycache: Path, count: int, instructions: bool = False) -> dict[str, Any]:
    """bench/limits.py in a new process (its checks, some without their fixes checked, leave nothing here);
    with ``instructions``, each kind of work's instructions per typical proposal (10 and 30 counted)."""
    script = [sys.executable, str(BENCH / "limits.py"), "--work", str(work)]
    cmd = [*script, "--runs", str(runs), "--count", str(count)]
    proc = subprocess.run(cmd, env=_env(pycache), cwd=ROOT, capture_output=True, text=True, check=True)
    found: dict[str, Any] = json.loads(proc.stdout)
    if instructions:
        cmds = {
            f"{mode} {n}": ([*script, "--marginal", mode, "--count", str(n)], _env(pycache))
            for mode in limits_script.MARGINAL
            for n in (10, 30)
        }
        for cmd, env in cmds.values():
            subprocess.run(cmd, env=env, cwd=ROOT, check=True)  # warm-up: bytecode, the proposals written
        counted = _instructions(cmds)
        found["instructions per proposal"] = {
            mode: (counted[f"{mode} 30"] - counted[f"{mode} 10"]) / 20
            for mode in limits_script.MARGINAL
            if f"{mode} 30" in counted and f"{mode} 10" in counted
        }
    return found


def _copy_rules(k: int, work: Path) -> Path:
    """The bundled rules with the two 2012 regional packs written ``k`` times (ids suffixed)."""
    from hiepy_rules.load.packs import bundled_rules_dir

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
    from hiepy_rules.compile.compiler import program_for
    from hiepy_rules.compile.factset import unit_fact
    from hiepy_rules.engine import get_engine
    from hiepy_rules.load.packs import load_rules
    from hiepy_rules.pipeline import check_proposal, read_proposal

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
                cpu = least_cpu(
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
                        "read_ms": 1000 * least_cpu(lambda path=path: read_proposal(path), runs),
                    }
                )
    return {"rows": rows}


# --- the report ----------------------------------------------------------------------------------


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "missed"


def _row(rows: list[tuple[str, str, str, str]], figure: str, value: str, target: float | None, x: float) -> None:
    goal = "—" if target is None else f"≤ {target:g}"
    rows.append((figure, value, goal, "—" if target is None else _verdict(x, target)))


def summary(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    base = r.get("baseline", {})
    if "cold" in r:
        c = r["cold"]
        goals = {"text": 1.3, "json": 1.2, "text, auto engine": None, "json, no rule-set cache": None}
        for name, goal in goals.items():
            for label in (name, f"{name} (baseline)"):
                if label in c:
                    x = c[label]
                    value = (
                        f"{x['ratio_cpu']:.2f} × CPU ({x['cpu_s']:.3f} s vs {c['floor']['cpu_s']:.3f} s; "
                        f"pairwise {x['ratio_cpu_pairwise']:.2f}); {x['ratio_wall']:.2f} × wall"
                    )
                    _row(rows, f"cold hiepy check dossier, {label} / floor", value, goal, x["ratio_cpu"])
        counted = c.get("instructions", {})
        for name, n in counted.items():
            if name != "floor" and "floor" in counted:
                value = f"{n / counted['floor']:.3f} × ({n / 1e6:,.0f} M vs {counted['floor'] / 1e6:,.0f} M)"
                _row(rows, f"  instructions (valgrind), {name} / floor", value, None, 0.0)
    for tag, e in (("", r.get("engine")), (" (baseline)", base.get("engine"))):
        if e:
            s = e["stages_s"]
            x = e["ratio engine+findings / read"]
            value = f"{x:.2f} × ({1000 * s['engine python']:.0f} + {1000 * s['findings']:.0f} ms vs " + (
                f"{1000 * s['hiepy read (parse, positions, validate, references)']:.0f} ms)"
            )
            _row(rows, f"200 × 1,000: engine + findings / reading{tag}", value, 0.5, x)
            for name, y in e.get("yaml reader", {}).items():
                value = f"{1000 * y['loads s']:.1f} ms (events alone {1000 * y['libyaml events alone s']:.1f} ms"
                value += f", yaml.load {1000 * y['yaml.load CSafeLoader s']:.1f} ms)"
                if "stepwise s" in y:
                    value += f"; {y['ratio loads / stepwise']:.2f} × the stepwise reader"
                _row(rows, f"  YAML reader, {name}{tag}", value, None, 0.0)
    for tag, w in (("", r.get("warm")), (" (baseline)", base.get("warm"))):
        if w:
            for key, goal in (
                ("check_proposal(model) default arguments ms", 2.0),
                ("check_proposal(model, engine='python') ms", 2.0),
                ("check(path) default arguments ms", 5.0),
                ("read_proposal(path) ms", None),
                ("floor parse + validate ms", None),
            ):
                if key in w:
                    _row(rows, f"warm {key.removesuffix(' ms')}, typical{tag}", f"{w[key]:.2f} ms", goal, w[key])
    counted = (r.get("warm") or {}).get("instructions per check") or {}
    for side, per in sorted(counted.items(), key=lambda kv: kv[0] != "current"):
        tag = "" if side == "current" else " (baseline)"
        _row(rows, f"  instructions (valgrind) per warm check, python engine{tag}", f"{per / 1e6:,.1f} M", None, 0.0)
    if "batch" in r:
        b = r["batch"]
        n = b["proposals"]
        f = b["floor, 2 processes"]
        for label in ("jobs 2, python", "jobs 2, python (baseline)"):
            if label in b:
                x = b[label]
                ratio = x["cpu_s"] / f["cpu_s"]
                value = (
                    f"{ratio:.2f} × ({1000 * x['cpu_s'] / n:.1f} vs {1000 * f['cpu_s'] / n:.1f} ms CPU per proposal; "
                    f"{x['wall_s']:.1f} s wall)"
                )
                _row(rows, f"batch of {n:,}, {label}: CPU / floor", value, 1.0, ratio)
        x = b["jobs 2, python"]
        proj = x["cpu_s"] / n * 10_000 / 2
        _row(rows, "  10,000 projected on 2 idle cores (CPU / 2)", f"{proj:.0f} s", 60.0, proj)
        q = b["jobs 2, python, a quarter of the files"]
        mib = f"{x['max_rss_kib'] / 1024:.0f} vs {q['max_rss_kib'] / 1024:.0f} MiB"
        value = f"{b['ratio memory all / quarter']:.2f} × ({mib})"
        _row(rows, "  largest process, all files / a quarter", value, 1.1, b["ratio memory all / quarter"])
        if "ratio durable / python cpu" in b:
            d = b["jobs 2, durable"]
            value = f"{b['ratio durable / python cpu']:.2f} × ({d['cpu_s']:.1f} s vs {x['cpu_s']:.1f} s CPU)"
            _row(rows, "  durable-rules engine / python engine, batch CPU", value, 1.5, b["ratio durable / python cpu"])
    if "analysis" in r:
        a = r["analysis"]
        figures = (
            ("hiepy conflicts, cold (no cache)", "hiepy conflicts, all bundled packs, cold (no cache)", 1.0),
            ("hiepy conflicts, unchanged packs (cached)", "hiepy conflicts, all bundled packs, cached", 0.3),
            ("hiepy conflicts, cold (baseline)", "hiepy conflicts, all bundled packs, cold (baseline)", None),
            ("hiepy lint rules", "hiepy lint of the bundled rules, cold", None),
            ("hiepy lint rules (baseline)", "hiepy lint of the bundled rules, cold (baseline)", None),
        )
        for key, label, goal in figures:
            if key in a:
                x = a[key]
                _row(rows, label, f"{x['cpu_s']:.2f} s CPU, {x['wall_s']:.2f} s wall", goal, x["cpu_s"])
    if "limits" in r:
        _limit_rows(rows, r["limits"])
    if "suite" in r:
        s = r["suite"]
        value = f"{s['wall_s']:.1f} s wall, {s['cpu_s']:.1f} s CPU (exit {s['exit']})"
        _row(rows, "test suite (tasks.py test: parallel workers)", value, 60.0, s["wall_s"])
        if "tests' own cpu_s" in s:
            own, started = s["tests' own cpu_s"], s["processes the tests start, cpu_s"]
            value = (
                f"{own:.1f} s in the workers, {started:.1f} s in the processes they start; the rest "
                f"({s['cpu_s'] - own - started:.1f} s) starting and collecting; 2 cores give 120 s in 60 s"
            )
            _row(rows, f"  its CPU, {s['tests']:,} tests", value, None, 0.0)
    return rows


def _limit_rows(rows: list[tuple[str, str, str, str]], lim: dict[str, Any]) -> None:
    """What stands in the way (bench/limits.py): figures without a goal of their own."""
    t = lim["typical"]
    value = (
        f"{t['hiepy read_proposal ms']:.2f} ms; libyaml's events alone {t['libyaml events alone ms']:.2f}, pydantic's "
        f"validation alone {t['pydantic validation alone ms']:.2f}; the floor {t['floor parse + validate ms']:.2f}"
    )
    _row(rows, "limits: reading a typical proposal", value, None, 0.0)
    with_, without = t["check, fixes checked ms"], t["check, fixes not checked ms"]
    value = (
        f"{with_:.2f} ms; fixes not checked {without:.2f} ms: decision 10 is {with_ - without:.2f} ms "
        f"({t['fixed proposals checked again, per proposal']:.1f} fixed proposals checked again)"
    )
    _row(rows, "limits: checking it, fixes checked (brief decision 10)", value, None, 0.0)
    floor_ms = t["floor parse + validate ms"]
    read = t["hiepy read_proposal ms"]
    value = f"{(read + with_) / floor_ms:.2f} ×; fixes not checked {(read + without) / floor_ms:.2f} ×"
    _row(rows, "limits: read + check / floor, in process (the batch's work)", value, None, 0.0)
    counted = lim.get("instructions per proposal", {})
    if "floor" in counted:
        base = counted["floor"]
        value = "; ".join(f"{mode} {n / 1e6:.1f} M ({n / base:.2f} ×)" for mode, n in counted.items())
        _row(rows, "limits: instructions per typical proposal / the floor's", value, None, 0.0)
    c = lim["conflicts cold"]
    value = f"{c['z3 solving s']:.2f} s of the command's {c['process cpu s']:.2f} s CPU"
    _row(rows, "limits: z3's own solving in hiepy conflicts, cold", value, None, 0.0)


def _in_child(name: str, a: argparse.Namespace, pycache: Path, tree: Path | None) -> dict[str, Any]:
    """An in-process step (``engine``, ``warm``) measured in a new process on ``tree`` (None: this one).

    With a baseline both trees are measured so, the same way: a step measured in this process would
    inherit the heap the steps before it left (garbage collection over it cost up to 20 % here)."""
    side = "baseline" if tree is not None else "current"
    out = a.work / f"{side}-{name}.json"
    cmd = [sys.executable, str(BENCH / "run.py"), "--only", name, "--json", str(out), "--in-process"]
    cmd += ["--work", str(a.work / side)]
    if a.quick:
        cmd.append("--quick")
    subprocess.run(cmd, env=_env(pycache, tree), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    found: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))[name]
    return found


def warm_instructions(work: Path, pycache: Path, baseline: Path | None, count: int = 10) -> dict[str, float]:
    """Instructions per warm check of a typical proposal (python engine), counted by valgrind:
    ``bench/warm_count.py`` checking ``count`` proposals, less the same process only reading them."""
    trees = {"current": None} | ({"baseline": baseline} if baseline is not None else {})
    script = [sys.executable, str(BENCH / "warm_count.py")]
    cmds = {
        f"{side} {mode}": ([*script, mode, str(work / "typical-count"), str(count)], _env(pycache, tree))
        for side, tree in trees.items()
        for mode in ("check", "read")
    }
    counted = _instructions(cmds)
    return {
        side: (counted[f"{side} check"] - counted[f"{side} read"]) / count
        for side in trees
        if f"{side} check" in counted and f"{side} read" in counted
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, a 1,000-proposal batch, no suite")
    ap.add_argument("--only", default="cold,engine,warm,batch,analysis,suite,scaling,limits")
    ap.add_argument("--batch", type=int, help="proposals in the batch (default 2,000; 400 with --quick)")
    ap.add_argument("--batch-format", default="github", help="the batch's --format (default github)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hiepy-bench")
    ap.add_argument("--json", type=Path, help="write every number here")
    ap.add_argument("--baseline", type=Path, help="an older source tree (DIR/src) measured in the same run")
    ap.add_argument(
        "--instructions",
        action="store_true",
        help="also count each cold command's instructions, a warm check's, and the limits' (valgrind, ~30 s each)",
    )
    ap.add_argument(
        "--in-process",
        action="store_true",
        help="measure engine and warm in this process (what the new process of a --baseline run does)",
    )
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
        ("cold", lambda: cold(9 if a.quick else 21, pycache, a.baseline, a.instructions)),
        ("engine", lambda: engine(runs, a.work)),
        ("warm", lambda: warm(runs, a.work, 30 if a.quick else 100)),
        ("scaling", lambda: scaling(3, a.work)),
        ("analysis", lambda: analysis(3, pycache, a.baseline)),
        ("batch", lambda: batch(a.batch or (400 if a.quick else 2_000), a.work, pycache, a.batch_format, a.baseline)),
        ("suite", suite),
        ("limits", lambda: limits(runs, a.work, pycache, 30 if a.quick else 100, a.instructions)),
    ]
    for name, step in steps:
        if name in only:
            print(f"[{name}] …", file=sys.stderr, flush=True)
            t = time.perf_counter()
            if a.baseline is not None and name in ("engine", "warm") and not a.in_process:
                # in-process figures: each tree in a new process of its own, the current one first
                results[name] = _in_child(name, a, pycache, None)
                results.setdefault("baseline", {})[name] = _in_child(name, a, pycache, a.baseline)
            else:
                results[name] = step()
            if name == "warm" and a.instructions and not a.in_process:
                results["warm"]["instructions per check"] = warm_instructions(a.work, pycache, a.baseline)
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
