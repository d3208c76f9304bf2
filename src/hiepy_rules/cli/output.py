"""The end of ``hiepy check`` and ``hiepy lint``: apply waivers, render a format, write it, pick the exit status.

Kept apart from the loops that produce results (``cli_check.run_check``), so that a batch of
proposals or a single one end the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hiepy_rules.atomic import write_atomic
from hiepy_rules.errors import InputError, Problem
from hiepy_rules.report import CheckReport, FailOn, Format, Lang, LintReport, render_check, render_lint

if TYPE_CHECKING:  # imported where used: a check without --waivers does not load them
    from hiepy_rules.findings.model import CheckResult
    from hiepy_rules.findings.waivers import WaiverSet
    from hiepy_rules.load.ruleset import RuleSet


def _say(message: str) -> None:
    print("hiepy: " + " ".join(message.splitlines()), file=sys.stderr)


def read_waivers(path: Path, rules: RuleSet) -> WaiverSet | None:
    """The waivers file, or ``None`` after printing why it cannot be used (bad input: exit 2)."""
    # pydantic models only when a waivers file is given
    from hiepy_rules.findings.waivers import load_waivers

    try:
        return load_waivers(path, rules)
    except InputError as exc:
        for p in exc.problems:
            print(p.render(), file=sys.stderr)
        return None


def write_output(text: str, output: Path | None) -> bool:
    """Print ``text``, or write it atomically to ``output``; ``False`` after saying why it failed."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return True
    try:
        write_atomic(output, text)
    except OSError as exc:
        _say(f"cannot write {output}: {exc.strerror or exc}")
        return False
    return True


def finish_check(
    results: Sequence[CheckResult],
    failed: Sequence[Problem],
    rules: RuleSet,
    *,
    fmt: Format = "text",
    lang: Lang = "vi",
    fail_on: FailOn = "error",
    output: Path | None = None,
    waivers: WaiverSet | None = None,
    titles: Mapping[str, Mapping[str, str]] | None = None,
) -> int:
    """Exit status: 2 when some input could not be read (or the output written), else 1 when the
    run fails under ``fail_on`` (a counted finding or waiver problem), else 0. ``titles``: each
    proposal's title names by id, when the caller read them (the text report then reads no file again)."""
    statuses = None
    checked = list(results)
    if waivers is not None:
        # only when a waivers file is given
        from hiepy_rules.findings.waivers import apply

        checked, statuses = apply(checked, waivers)
        for s in statuses:
            if s.problem is not None:
                print(s.problem.render(), file=sys.stderr)
    provenance = None
    if fmt == "html":  # a printed report names its unit and is traced to its files
        from hiepy_rules.cli.provenance import collect  # it loads the pipeline: only for HTML

        provenance = collect(checked, rules)
    report = CheckReport(checked, rules, lang, fail_on, tuple(failed), statuses, titles, provenance)
    if fmt == "text" and output is None and sys.stdout.isatty():
        # rich only for a report printed to a terminal
        from rich.console import Console

        from hiepy_rules.report.text import print_check

        # no automatic highlighting (the report styles itself; rich's regexes were a third of its time)
        print_check(report, Console(highlight=False, emoji=False))
    elif not write_output(render_check(fmt, report), output):  # a file or a pipe: the text --output writes
        return 2
    if failed:
        return 2
    return 1 if report.failing() else 0


def finish_lint(
    problems: Sequence[Problem],
    paths: Sequence[Path],
    *,
    fmt: Format = "text",
    lang: Lang = "vi",
    fail_on: FailOn = "error",
    output: Path | None = None,
) -> int:
    """``hiepy lint`` keeps its statuses: 2 when a problem counts under ``fail_on``, else 0."""
    report = LintReport(tuple(problems), tuple(str(p) for p in paths), lang, fail_on)
    if not write_output(render_lint(fmt, report), output):
        return 2
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    counts = f"{errors} lỗi, {warnings} cảnh báo" if lang == "vi" else f"{errors} error(s), {warnings} warning(s)"
    print(f"hiepy lint: {counts}", file=sys.stderr)
    if report.failing():
        return 2
    return 3 if any(p.code == "undecided" for p in problems) else 0  # the search ran out of --timeout
