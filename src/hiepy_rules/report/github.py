"""GitHub Actions workflow commands: each finding or problem becomes an annotation on its line.

    ::error file=examples/x.yaml,line=27,col=17,title=national-2012.H1 (vi phạm)::message%0Afix

Severity error → ``::error``, warning → ``::warning``, info → ``::notice``; a waived or overridden
finding is a ``::notice`` whatever its severity (it is shown, not counted). Values are escaped as
the workflow-command rules require: in the message ``%``, CR and LF; in properties also ``:``
and ``,`` (so a file name can never end the property list early).
"""

from __future__ import annotations

from hiepy_rules.errors import Problem
from hiepy_rules.findings.model import Finding
from hiepy_rules.report import CheckReport, Lang, LintReport, problems_sorted, words
from hiepy_rules.report.details import detail_lines
from hiepy_rules.schema import labels

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, message: str, *, file: str, line: int = 0, col: int = 0, title: str = "") -> str:
    props = [f"file={escape_property(file)}"]
    if line > 0:
        props.append(f"line={line}")
        if col > 0:
            props.append(f"col={col}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{command} {','.join(props)}::{escape_data(message)}\n"


def _finding(f: Finding, lang: Lang) -> str:
    shown_only = f.waiver is not None or f.kind == "overridden"
    command = "notice" if shown_only else _COMMAND[f.severity]
    title = f"{' × '.join(f.provisions)} ({labels.pick(labels.KINDS[f.kind], lang)})"
    lines = [words(f.message, lang)]
    if f.fix is not None:
        lines.append(("Cách sửa: " if lang == "vi" else "Fix: ") + words(f.fix, lang))
    lines += detail_lines(f, lang)
    lines += [f"{d.provision}: {d.number}, {d.article}" for d in f.documents]
    loc = f.location
    if loc.sheet:  # a workbook has no lines: the annotation is on the file, the cell leads the message
        return annotation(command, f"{loc.sheet}!{loc.cell}: " + "\n".join(lines), file=loc.file, title=title)
    return annotation(command, "\n".join(lines), file=loc.file, line=loc.line, col=loc.column, title=title)


def _problem(p: Problem) -> str:
    if p.sheet:
        message = f"{p.sheet}!{p.cell}: {p.text()}" if p.cell else f"{p.sheet}: {p.text()}"
        return annotation(_COMMAND[p.severity], message, file=p.file, title=p.code)
    return annotation(_COMMAND[p.severity], p.text(), file=p.file, line=p.line, col=p.column, title=p.code)


def check(report: CheckReport) -> str:
    out = [_finding(f, report.lang) for r in report.results for f in r.findings]
    out += [_problem(p) for p in problems_sorted([*report.problems, *report.waiver_problems])]
    return "".join(out)


def lint(report: LintReport) -> str:
    return "".join(_problem(p) for p in problems_sorted(report.problems))
