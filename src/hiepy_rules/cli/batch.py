"""Checking many proposals at once (``hiepy check FOLDER 'dossiers/**/*.yaml' --jobs N``).

- **Which files**: ``batch_files.expand`` (folders, globs, files; each once).
- **Where**: in this process (``--jobs 1``), or in a pool of processes (``--jobs N``, default the
  cores this process may use). Each worker loads the rules and picks its engine once (on Linux the
  pool forks after the rules are loaded, so it loads nothing); results come back in input order.
- **Output**: the same bytes whatever ``--jobs`` is. For text, JSON, GitHub and Markdown the
  workers render each proposal's part of the report (``render_piece``) and the parent writes the
  parts in order as they arrive, to stdout or into ``--output``'s temporary file (renamed only once
  the whole report is written: a batch stopped by Ctrl-C or SIGTERM leaves no output file). SARIF,
  JUnit and any run with ``--waivers`` need every result before the first byte (rule indexes,
  totals, waiver use): their results travel whole and the report is rendered once at the end, as
  for one file.
- A bad file is one line ``FILE:LINE:COLUMN: error: ...`` on stderr; the others are still checked
  and the exit status is 2. A rich progress bar shows on a terminal (not when stderr is piped or
  ``CI`` is set), and text output ends with a summary table on stderr (files, findings by kind, time).
"""

from __future__ import annotations

import gc
import io
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hiepy_rules.atomic import open_atomic
from hiepy_rules.cli.batch_summary import Summary, print_summary
from hiepy_rules.cli.output import finish_check
from hiepy_rules.engine import get_engine
from hiepy_rules.errors import InputError, Problem
from hiepy_rules.jsontext import dumps
from hiepy_rules.load.rules_cache import rules as load_rules
from hiepy_rules.pipeline import check_proposal, read_proposal
from hiepy_rules.report import CheckReport, counts, render_check
from hiepy_rules.report.json import result_part, unreadable
from hiepy_rules.version import __version__

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from hiepy_rules.engine.base import Engine, EngineName
    from hiepy_rules.findings.model import CheckResult
    from hiepy_rules.load.ruleset import RuleSet
    from hiepy_rules.report import FailOn, Format, Lang
#: formats whose report is the proposals' parts one after another (then the unreadable files)
PIECEWISE = ("text", "json", "github")  # markdown is rendered whole: its size guard sees all of it


# --- one proposal, in whichever process ----------------------------------------------------------


@dataclass(frozen=True)
class ConsoleSpec:
    """What the parent's stdout console would do, so a worker renders text exactly as it would."""

    width: int
    color_system: str | None
    terminal: bool


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, sent once when it starts."""

    rules: tuple[Path, ...] | None
    as_of: dt.date | None
    engine: EngineName
    fmt: Format
    lang: Lang
    fail_on: FailOn
    pieces: bool  # render each proposal's part in the worker (else send the result whole)
    to_file: bool  # the report goes to --output (text renders as it does into a file)
    console: ConsoleSpec | None = None  # text to stdout: the console to imitate


@dataclass(frozen=True)
class Outcome:
    """One file's check, small enough to send between processes."""

    file: str
    problems: tuple[Problem, ...] = ()  # bad input: nothing else is set
    piece: str | None = None
    result: CheckResult | None = None
    titles: dict[str, str] = field(default_factory=dict)  # title names by id (text groups by them)
    counts: dict[str, int] = field(default_factory=dict)  # findings by kind
    failing: bool = False  # a finding counts under --fail-on


@dataclass
class _Worker:
    job: Job
    rules: RuleSet
    engine: Engine


_STATE: _Worker | None = None  # this process's rules and engine (set before forking, or by _init)


def _prepare(job: Job, rules: RuleSet | None = None) -> _Worker:
    rs = rules if rules is not None else load_rules(list(job.rules) if job.rules else None)
    return _Worker(job, rs, get_engine(job.engine, lang=job.lang))


def _init(job: Job) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle; rules and engine are made once per process."""
    global _STATE

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's clean-up handler (inherited by fork)
    if _STATE is None or _STATE.job != job:  # spawned, not forked: nothing inherited
        _STATE = _prepare(job)


def _one(path: Path) -> Outcome:
    assert _STATE is not None
    return check_one(_STATE, path)


def check_one(w: _Worker, path: Path) -> Outcome:
    display = str(path)
    try:
        proposal, doc = read_proposal(path, display=display)
        result = check_proposal(proposal, doc=doc, rules=w.rules, as_of=w.job.as_of, engine=w.engine)
    except InputError as exc:
        return Outcome(display, problems=tuple(exc.problems))
    titles = {t.id: t.name for t in proposal.titles}
    failing = any(counts(f, w.job.fail_on) for f in result.findings)
    if w.job.pieces:
        piece = render_piece(w.job, w.rules, result, titles)
        return Outcome(display, piece=piece, counts=result.counts(), failing=failing)
    return Outcome(display, result=result, titles=titles, counts=result.counts(), failing=failing)


# --- the report, one part per proposal -----------------------------------------------------------


def _json_part(result: CheckResult) -> str:
    """A result as it stands inside ``checker.to_json``'s ``results`` list (two levels deep)."""
    body = dumps(result.model_dump(mode="json", exclude={"engine"}))
    return "\n".join("    " + line for line in body.split("\n"))


def render_piece(job: Job, rules: RuleSet, result: CheckResult, titles: dict[str, str]) -> str:
    """This proposal's part of the whole report (``assemble`` puts the parts together)."""
    if job.fmt == "json":
        return _json_part(result)
    report = CheckReport([result], rules, job.lang, job.fail_on, titles={result.file: titles})
    if job.fmt == "text" and not job.to_file:
        # rich only for text on a terminal
        from rich.console import Console

        from hiepy_rules.report.text import print_check

        spec = job.console or ConsoleSpec(80, None, False)
        buf = io.StringIO()
        console = Console(
            file=buf,
            width=spec.width,
            color_system=spec.color_system,  # type: ignore[arg-type]
            force_terminal=spec.terminal,
            legacy_windows=False,
            highlight=False,
            emoji=False,
        )
        print_check(report, console)
        return buf.getvalue()
    return render_check(job.fmt, report)


class Assembler:
    """Writes the parts of a piecewise report in order; ``close`` adds what follows them."""

    def __init__(self, job: Job, rules: RuleSet, out: TextIO) -> None:
        self.job, self.rules, self.out = job, rules, out
        self.version = __version__
        self.parts = 0

    def add(self, piece: str) -> None:
        fmt = self.job.fmt
        if fmt == "json":
            head = '{\n  "hiepy": ' + json.dumps(self.version) + ',\n  "results": [\n' if not self.parts else ",\n"
            self.out.write(head + piece)
        elif fmt == "markdown":  # each part ends with one newline; the whole joins them with a blank line
            self.out.write(("\n" if self.parts else "") + piece)
        else:
            self.out.write(piece)
        self.parts += 1

    def close(self, problems: Sequence[Problem]) -> None:
        fmt = self.job.fmt
        if fmt == "json":
            for item in unreadable(problems):  # unreadable files are results too, after the checked ones
                self.add(result_part(item))
            if self.parts:
                self.out.write("\n  ]\n}\n")
            else:
                self.out.write('{\n  "hiepy": ' + json.dumps(self.version) + ',\n  "results": []\n}\n')
        elif fmt == "github":
            self.out.write(
                render_check("github", CheckReport([], self.rules, self.job.lang, self.job.fail_on, problems))
            )
        elif fmt == "markdown":
            tail = render_check("markdown", CheckReport([], self.rules, self.job.lang, self.job.fail_on, problems))
            if problems:
                self.out.write(("\n" if self.parts else "") + tail)
            elif not self.parts:
                self.out.write(tail)
        self.out.flush()


# --- the run -------------------------------------------------------------------------------------


def default_jobs() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def outcomes(files: Sequence[Path], job: Job, rules: RuleSet, jobs: int) -> Iterator[Outcome]:
    """Each file's outcome, in the order of ``files``, from ``jobs`` processes."""
    global _STATE

    state = _Worker(job, rules, get_engine(job.engine, lang=job.lang))  # EngineUnavailable here, before any work

    # the rules and modules live as long as the process: out of the collector's sight (and, forked,
    # their pages stay shared); each proposal's garbage is collected, so a worker's memory stays flat
    gc.freeze()
    gc.enable()
    n = min(jobs, len(files))
    if n <= 1:
        for f in files:
            yield check_one(state, f)
        return
    import multiprocessing  # only a batch pays for it

    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if fork else None)
    if fork:
        _STATE = state  # the workers inherit the loaded rules and the engine
    from hiepy_rules.cli.workers import Pool  # multiprocessing only when worker processes start

    # not multiprocessing.Pool: it waits for ever on a worker killed by a signal or out of memory
    yield from Pool(ctx, n, _init, (job,), _one).imap(files)


def _progress_wanted(n: int) -> bool:
    return n > 1 and sys.stderr.isatty() and not os.environ.get("CI")


def run(files: Sequence[Path], unmatched: Sequence[Problem], rules: RuleSet, **kw: Any) -> int:
    """Check ``files`` (``_run``); SIGTERM ends the batch as Ctrl-C does: no output file, no temporary
    file (``open_atomic`` cleans up on the way out), the workers stopped; exit status 143."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        return _guarded(files, unmatched, rules, **kw)

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        return _guarded(files, unmatched, rules, **kw)
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _guarded(files: Sequence[Path], unmatched: Sequence[Problem], rules: RuleSet, **kw: Any) -> int:
    """``_run``; a worker that dies ends the batch at once: one line naming its file, exit status 2, and
    no output file (``open_atomic`` removes its temporary file on the way out)."""
    from hiepy_rules.cli.workers import WorkerDied  # multiprocessing only when a batch runs

    try:
        return _run(files, unmatched, rules, **kw)
    except WorkerDied as exc:
        for p in exc.problems:
            print(p.render(kw.get("lang", "vi")), file=sys.stderr)
        return 2


def _run(
    files: Sequence[Path],
    unmatched: Sequence[Problem],
    rules: RuleSet,
    *,
    jobs: int,
    as_of: dt.date | None,
    engine: EngineName,
    fmt: Format,
    lang: Lang,
    fail_on: FailOn,
    output: Path | None,
    waivers: Any | None,
    rules_paths: Sequence[Path] | None,
) -> int:
    """Check ``files``; the exit status of ``hiepy check`` (0, 1, or 2 for bad input or output)."""
    # rich only when the batch runs (its json output in a worker never needs it)
    from rich.console import Console

    started = time.perf_counter()
    stdout_console = Console(highlight=False, emoji=False) if output is None else None  # finish_check's console
    legacy = stdout_console is not None and stdout_console.legacy_windows
    pieces = fmt in PIECEWISE and waivers is None and not legacy
    spec = None
    if stdout_console is not None and fmt == "text":
        spec = ConsoleSpec(stdout_console.width, stdout_console.color_system, stdout_console.is_terminal)
    job = Job(
        tuple(rules_paths) if rules_paths else None,
        as_of,
        engine,
        fmt,
        lang,
        fail_on,
        pieces,
        output is not None,
        spec,
    )
    summary = Summary()
    failed: list[Problem] = list(unmatched)
    results: list[CheckResult] = []
    titles: dict[str, dict[str, str]] = {}
    err = Console(stderr=True, emoji=False)

    def consume(write: Callable[[str], None] | None) -> None:
        stream = outcomes(files, job, rules, jobs)
        if not _progress_wanted(len(files)):
            for o in stream:
                take(o, write)
            return
        # the progress bar only on a terminal
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        first = next(stream, None)  # the pool forks before the progress bar starts its thread
        with Progress(*columns, console=err, transient=True, redirect_stdout=False, redirect_stderr=False) as bar:
            task = bar.add_task("hiepy check", total=len(files))
            for o in _chain(first, stream):
                take(o, write)
                bar.advance(task)

    def take(o: Outcome, write: Callable[[str], None] | None) -> None:
        summary.add(o)
        if o.problems:
            failed.extend(o.problems)
        elif o.result is not None:
            results.append(o.result)
            titles[o.result.file] = o.titles
        elif o.piece is not None and write is not None:
            write(o.piece)

    if pieces:
        status = _run_pieces(job, rules, output, stdout_console, consume, failed)
    else:
        consume(None)
        for p in failed:
            print(p.render(lang), file=sys.stderr)

        status = finish_check(
            results, failed, rules, fmt=fmt, lang=lang, fail_on=fail_on, output=output, waivers=waivers, titles=titles
        )
    summary.seconds = time.perf_counter() - started
    if fmt == "text":
        print_summary(summary, lang, err, waived=waivers is not None)
    if not pieces:
        return status  # finish_check's, waivers applied
    if status == 2 or failed:
        return 2
    return 1 if summary.failing else 0


def _chain(first: Outcome | None, rest: Iterator[Outcome]) -> Iterator[Outcome]:
    if first is not None:
        yield first
    yield from rest


def _run_pieces(
    job: Job,
    rules: RuleSet,
    output: Path | None,
    stdout_console: Console | None,
    consume: Callable[[Callable[[str], None] | None], None],
    failed: list[Problem],
) -> int:
    """Stream the parts to stdout, or into ``output`` atomically; 2 when the output cannot be written."""
    if output is not None:
        try:
            with open_atomic(output) as out:
                asm = Assembler(job, rules, out)
                consume(asm.add)
                asm.close(failed)
        except OSError as exc:
            print(f"hiepy: cannot write {output}: {' '.join((exc.strerror or str(exc)).splitlines())}", file=sys.stderr)
            return 2
        for p in failed:
            print(p.render(job.lang), file=sys.stderr)
        return 0
    # on a terminal the progress bar shares the screen: hold the report until the bar is gone
    hold = stdout_console is not None and stdout_console.is_terminal and _progress_wanted(2)
    buffer = io.StringIO() if hold else None
    asm = Assembler(job, rules, buffer if buffer is not None else sys.stdout)
    consume(asm.add)
    asm.close(failed)
    if buffer is not None:
        sys.stdout.write(buffer.getvalue())
        sys.stdout.flush()
    for p in failed:
        print(p.render(job.lang), file=sys.stderr)
    return 0
