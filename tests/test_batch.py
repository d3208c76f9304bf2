"""Batches: ``hiepy check`` over folders and globs, in one process or several, with the same output."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from hiepy_rules.cli import batch, batch_files
from hiepy_rules.cli.app import app
from hiepy_rules.engine import durable_available
from hiepy_rules.errors import InputError, Problem
from hiepy_rules.findings.model import CheckResult
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import loads
from hiepy_rules.pipeline import check
from hiepy_rules.report import CheckReport, render_check
from hiepy_rules.report.text import print_check
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems
from tests.helpers import CONFLICT_EXAMPLES, DOSSIER, EXAMPLES, REPO, bundled_rules

FORMATS = ("json", "sarif", "junit", "github", "markdown", "text")
BAD = "id: x\ndate: 2012-09-01\nunit: [1, 2\n"


def _gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_gen", REPO / "bench" / "gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


gen = _gen()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["check", "--engine", "python", *args])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four small synthetic proposals, two conflict examples in a subfolder, one unreadable file, one hidden."""
    root = tmp_path_factory.mktemp("dossiers")
    for seed in range(4):
        (root / f"{seed:05d}.yaml").write_text(gen.proposal(6, 14, seed=seed), encoding="utf-8")
    (root / "conflicts").mkdir()
    for name in ("C1.yaml", "C3.yaml"):
        shutil.copy(CONFLICT_EXAMPLES / name, root / "conflicts" / name)
    (root / "broken.yaml").write_text(BAD, encoding="utf-8")
    (root / ".draft.yaml").write_text(BAD, encoding="utf-8")
    (root / "notes.txt").write_text("not a proposal", encoding="utf-8")
    return root


@functools.cache
def checked(files: tuple[Path, ...]) -> tuple[list[CheckResult], list[Problem]]:
    rs = bundled_rules()
    results: list[CheckResult] = []
    failed: list[Problem] = []
    for f in files:
        try:
            results.append(check(f, rules=rs, engine="python", display=str(f)))
        except InputError as exc:
            failed.extend(exc.problems)
    return results, failed


def whole(files: list[Path], fmt: str, *, to_file: bool = False) -> tuple[str, list[Problem]]:
    """The report as one run renders it from every result (the single-report path of finish_check)."""
    results, failed = checked(tuple(files))
    report = CheckReport(results, bundled_rules(), "vi", "error", tuple(failed), None)
    if fmt != "text" or to_file:
        return render_check(fmt, report), failed
    out = io.StringIO()
    # what finish_check prints to a non-terminal stdout
    print_check(report, Console(file=out, highlight=False, emoji=False))
    return out.getvalue(), failed


def test_a_folder_is_its_yaml_files_sorted_recursively_hidden_ones_skipped(folder: Path) -> None:
    files, unmatched, is_batch = batch_files.expand([folder])
    names = [f.relative_to(folder).as_posix() for f in files]
    assert is_batch and not unmatched
    assert names == [*(f"{i:05d}.yaml" for i in range(4)), "broken.yaml", "conflicts/C1.yaml", "conflicts/C3.yaml"]


def test_globs_are_expanded_sorted_and_a_file_named_twice_is_checked_once(folder: Path) -> None:
    files, unmatched, is_batch = batch_files.expand(
        [folder / "conflicts" / "C3.yaml", Path(f"{folder}/**/C*.yaml"), Path(f"{folder}/nothing-*.yaml")]
    )
    assert is_batch
    assert [f.name for f in files] == ["C3.yaml", "C1.yaml"]
    assert [p.file for p in unmatched] == [f"{folder}/nothing-*.yaml"]


@pytest.mark.usefixtures("english")  # its English wording
def test_an_empty_folder_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no proposal here", encoding="utf-8")
    r = invoke(str(tmp_path), "--format", "json")
    assert r.exit_code == 2
    none = "no YAML file (*.yaml, *.yml) or workbook (*.xlsx) in this folder"
    assert r.stderr.splitlines() == [f"{tmp_path}: error: {none}"]
    # nothing was checked: the report lists the argument with its error, as any input that could not be read
    [entry] = json.loads(r.stdout)["results"]
    assert entry["file"] == str(tmp_path) and entry["errors"][0]["message"]["en"].startswith("no YAML file")


def test_one_file_is_no_batch_and_a_missing_one_is_kept_for_check_to_report() -> None:
    assert batch_files.expand([DOSSIER]) == ([DOSSIER], [], False)
    assert batch_files.expand([Path("no/such.yaml")]) == ([Path("no/such.yaml")], [], False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs_1_and_jobs_2_give_the_same_bytes_as_one_report_of_every_result(folder: Path, fmt: str) -> None:
    one = invoke(str(folder), "--jobs", "1", "--format", fmt)
    two = invoke(str(folder), "--jobs", "2", "--format", fmt)
    expected, failed = whole(batch_files.expand([folder])[0], fmt)
    assert one.exit_code == two.exit_code == 2  # broken.yaml
    assert one.stdout == two.stdout == expected
    assert len(failed) == 1 and failed[0].render() in two.stderr


@pytest.mark.parametrize("fmt", ["json", "github", "markdown", "text"])
def test_parts_assemble_exactly_with_no_readable_proposal_or_no_problem(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "a.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BAD.replace("[1, 2", "{name"), encoding="utf-8")
    bad_only = invoke(str(tmp_path), "--jobs", "2", "--format", fmt)
    assert bad_only.exit_code == 2
    assert bad_only.stdout == whole(batch_files.expand([tmp_path])[0], fmt)[0]
    good = [CONFLICT_EXAMPLES / "C1.yaml", EXAMPLES / "clean.yaml"]
    clean = invoke(*map(str, good), "--format", fmt)
    assert clean.exit_code == 1  # C1 has error findings
    assert clean.stdout == whole(good, fmt)[0]


@pytest.mark.usefixtures("english")  # its English wording
def test_bad_files_are_one_line_each_and_the_rest_are_still_checked(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "worse.yaml").write_text("id: [\n", encoding="utf-8")
    r = invoke(str(folder), str(tmp_path / "worse.yaml"), "--jobs", "2", "--format", "github")
    assert r.exit_code == 2
    lines = [line for line in r.stderr.splitlines() if ": error: " in line]
    assert lines == [
        f"{folder / 'broken.yaml'}:4:1: error: invalid YAML: a list in square brackets is not closed: expected "
        "',' or ']'",
        f"{tmp_path / 'worse.yaml'}:2:1: error: invalid YAML: a value is missing: a '-' or ':' needs a value after it",
    ]
    assert "Traceback" not in r.stdout + r.stderr
    assert "C1.yaml" in r.stdout and "00002.yaml" in r.stdout  # a generated proposal with findings


def test_unreadable_files_are_results_of_the_batch_json_with_their_errors(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "worse.yaml").write_text("id: [\n", encoding="utf-8")
    r = invoke(str(folder), str(tmp_path / "worse.yaml"), "--jobs", "2", "--format", "json")
    assert r.exit_code == 2
    results = json.loads(r.stdout)["results"]
    failed = {e["file"]: e["errors"] for e in results if "errors" in e}
    assert set(failed) == {str(folder / "broken.yaml"), str(tmp_path / "worse.yaml")}
    [error] = failed[str(folder / "broken.yaml")]
    assert (error["line"], error["column"], error["code"]) == (4, 1, "syntax")
    assert error["message"]["vi"].startswith("YAML không hợp lệ") and error["message"]["en"].startswith("invalid YAML")
    assert sum(1 for e in results if "findings" in e) == len(results) - 2  # the checked files are all there


@pytest.mark.usefixtures("english")  # its English wording
def test_a_glob_that_matches_nothing_is_bad_input(folder: Path) -> None:
    r = invoke(str(folder / "conflicts" / "C1.yaml"), f"{folder}/zz*.yaml", "--format", "json")
    assert r.exit_code == 2
    assert f"{folder}/zz*.yaml: error: no file matches this pattern" in r.stderr
    assert '"proposal": "C1"' in r.stdout or "C1" in r.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_output_file_of_a_batch_is_what_stdout_would_be(folder: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    to_file = invoke(str(folder), "--jobs", "2", "--format", fmt, "--output", str(target))
    assert to_file.exit_code == 2
    if fmt == "text":  # a file gets the fixed-width, colourless report of the text format
        assert target.read_text(encoding="utf-8") == whole(batch_files.expand([folder])[0], fmt, to_file=True)[0]
    else:
        assert target.read_text(encoding="utf-8") == invoke(str(folder), "--format", fmt).stdout
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_text_output_ends_with_a_summary_table_on_stderr_and_no_progress_bar_when_piped(folder: Path) -> None:
    r = invoke(str(folder), "--jobs", "2", "--lang", "en")
    kinds: dict[str, int] = {}
    for result in checked(tuple(batch_files.expand([folder])[0]))[0]:
        for kind, n in result.counts().items():
            kinds[kind] = kinds.get(kind, 0) + n
    assert "Batch summary" in r.stderr and "Unreadable" in r.stderr and "Time" in r.stderr
    row = next(line for line in r.stderr.splitlines() if line.startswith("│"))
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[0] == "7" and cells[1] == "1"  # files, unreadable
    assert sorted(int(c) for c in cells[3:-1]) == sorted(kinds.values())
    assert "hiepy check" not in r.stderr and "\x1b[" not in r.stderr  # no progress bar, no colour
    assert "summary" not in invoke(str(folder), "--format", "json").stderr.lower()


def test_a_batch_picks_its_engine_once_per_process(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hiepy_rules.engine.base as base
    from hiepy_rules.engine import get_engine

    made: list[str] = []
    real = get_engine

    def counting(name: base.EngineName = "auto", *, lang: str = "vi") -> base.Engine:
        made.append(name)
        return real(name, lang=lang)

    monkeypatch.setattr(batch, "get_engine", counting)  # batch imports it at its top
    files = batch_files.expand([folder])[0]
    job = batch.Job(None, None, "python", "json", "vi", "error", True, False)
    outs = list(batch.outcomes(files, job, bundled_rules(), jobs=1))
    assert len(outs) == len(files) and made == ["python"]
    # a forked worker keeps the engine it inherited; a spawned one makes its own, once
    batch._STATE = batch._Worker(job, bundled_rules(), real("python"))
    kept = batch._STATE
    batch._init(job)
    assert batch._STATE is kept and made == ["python"]
    signal.signal(signal.SIGINT, signal.default_int_handler)  # _init ignores Ctrl-C, as a worker does


@pytest.mark.skipif(not durable_available(), reason="durable-rules is not installed here")
def test_durable_workers_give_the_python_engine_s_report(folder: Path) -> None:
    durable = CliRunner().invoke(app, ["check", str(folder), "--engine", "durable", "-j", "2", "--format", "json"])
    python = invoke(str(folder), "--jobs", "1", "--format", "json")
    assert durable.exit_code == python.exit_code == 2
    assert durable.stdout == python.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the workers start")
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_batch_leaves_no_output_file_and_no_traceback(
    tmp_path: Path, sig: signal.Signals, status: int
) -> None:
    dossiers = tmp_path / "many"
    gen.write_batch(dossiers, 400)
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    exe = Path(sys.executable).with_name("hiepy")
    cmd = [str(exe), "check", str(dossiers), "--engine", "python", "--jobs", "2", "--format", "json", "-o", str(target)]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CI": "1"},
        preexec_fn=_as_in_the_foreground,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if _children(proc.pid) >= 2:
            break  # the pool is working
        time.sleep(0.05)
    time.sleep(0.3)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err.decode()
    assert list(target.parent.iterdir()) == []  # neither the report nor its temporary file
    assert b"Traceback" not in out + err


def _as_in_the_foreground() -> None:
    """Ctrl-C reaches the batch as it reaches a command typed in a terminal. A suite started in the
    background by a shell (``cmd &``) ignores SIGINT, and an ignored signal stays ignored in every
    process started below it: the batch would never see the signal and would run to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> int:
    """How many processes ``pid`` has started, by their parent ids in ``/proc/*/stat`` (the kernel
    documents its per-thread ``children`` lists as unreliable)."""
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):  # the process ended
            # the fields after the command (which may hold spaces and parentheses): state, then ppid
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                count += 1
    return count


def test_generated_proposals_are_valid_and_the_same_for_the_same_seed() -> None:
    for titles, cadres in ((1, 1), (2, 3), (15, 35), (60, 250)):
        text = gen.proposal(titles, cadres, seed=titles)
        assert text == gen.proposal(titles, cadres, seed=titles)
        proposal = validate(Proposal, loads(text, f"gen-{titles}-{cadres}.yaml"))
        assert not reference_problems(proposal)
        assert (len(proposal.titles), len(proposal.cadres)) == (titles, cadres)
        assert all(v.yes <= (v.valid or v.convened) for v in proposal.votes)
        assert proposal.votes or titles < 3


def test_the_large_benchmark_proposal_fits_the_node_limit() -> None:
    import yaml

    from hiepy_rules.load import yamlio

    text = gen.proposal(200, 1000, seed=0)
    builder = yamlio._Builder("large.yaml")
    for event in yaml.parse(text, Loader=yamlio._Loader):
        builder.feed(event)
    assert 0.3 * yamlio.MAX_NODES < builder.nodes < 0.6 * yamlio.MAX_NODES  # measured: ~51,000
