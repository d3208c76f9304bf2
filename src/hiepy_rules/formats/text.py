"""Text: the analyst's report of ``hiepy check`` (``report_text``), and ``hiepy lint``'s problem lines."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from hiepy_rules.errors import InputError
from hiepy_rules.formats import CheckReport, LintReport, problems_sorted

WIDTH = 100  # of the report when written to a file (a terminal uses its own width)


def title_names(report: CheckReport) -> dict[str, dict[str, str]]:
    """Each proposal's title names by id, so that the report groups findings under words."""
    from hiepy_rules.checker import read_proposal

    names: dict[str, dict[str, str]] = {f: dict(t) for f, t in (report.titles or {}).items()}
    for r in report.results:
        if r.file in names:
            continue
        try:
            proposal, _ = read_proposal(r.file)
        except (InputError, OSError):
            continue  # the report still prints, grouped by title id
        names[r.file] = {t.id: t.name for t in proposal.titles}
    return names


def print_check(report: CheckReport, console: Console) -> None:
    from hiepy_rules.report_text import render

    render(list(report.results), console, report.lang, title_names(report))


def plain_console(file: Any) -> Console:
    """A console for a file or a pipe: no colour, and no line wrapped or cut at the width of a
    terminal that is not there (rich's default is 80 columns)."""
    return Console(file=file, width=WIDTH, color_system=None, highlight=False, soft_wrap=True)


def check(report: CheckReport) -> str:
    out = io.StringIO()
    print_check(report, plain_console(out))
    return out.getvalue()


def one_line(text: str) -> str:
    """Whatever a message holds (a file name with a newline...), it prints as one line."""
    return " ".join(text.splitlines())


def lint(report: LintReport) -> str:
    return "".join(one_line(p.render()) + "\n" for p in problems_sorted(report.problems))
