"""JSON: the machine contract of ``hiepy check`` (``checker.to_json``) and ``hiepy lint``'s problems.

Without ``--waivers`` the check JSON is exactly ``checker.to_json``, followed in ``results`` by the
files that could not be read (``unreadable``: the file and its ``errors``, no findings). With it, a top-level
``waivers`` list says what each waiver did (``status``: applied, expired or unused; ``waived``: how
many findings it suppressed), and each waived finding carries ``waiver``. Keys are sorted: the
same input gives byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hiepy_rules import jsontext
from hiepy_rules.errors import Problem
from hiepy_rules.findings.model import CheckResult
from hiepy_rules.report import CheckReport, LintReport, problems_sorted
from hiepy_rules.version import __version__


def _dump(payload: dict[str, Any]) -> str:
    return jsontext.dumps(payload) + "\n"


def unreadable(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    """The files that could not be checked, as results of their own: the file and its errors (each
    at its line and column, in both languages), no findings. They follow the checked files."""
    by_file: dict[str, list[Problem]] = {}
    for p in problems_sorted(problems):
        by_file.setdefault(p.file, []).append(p)
    return [
        {
            "file": file,
            "errors": [
                {
                    "line": p.line,
                    "column": p.column,
                    "code": p.code,
                    "message": {"vi": p.message, "en": p.en or p.message},
                }
                for p in items
            ],
        }
        for file, items in by_file.items()
    ]


def result_part(item: dict[str, Any]) -> str:
    """One entry as it stands inside the ``results`` list (two levels deep), as ``batch`` streams it."""
    body = json.dumps(item, ensure_ascii=False, sort_keys=True, indent=2)
    return "\n".join("    " + line for line in body.split("\n"))


def check(report: CheckReport) -> str:

    text = to_json(list(report.results))
    if report.waivers is None and not report.problems:
        return text
    payload: dict[str, Any] = json.loads(text)
    payload["results"] += unreadable(report.problems)
    if report.waivers is not None:
        payload["waivers"] = [s.as_json() for s in report.waivers]
    return _dump(payload)


def lint(report: LintReport) -> str:
    problems = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "message": p.text(),
            "code": p.code,
        }
        for p in problems_sorted(report.problems)
    ]
    return _dump({"hiepy": __version__, "problems": problems})


def to_json(results: list[CheckResult], *, include_engine: bool = False) -> str:
    """The stable machine contract: keys sorted, byte-identical for the same input."""
    payload: dict[str, Any] = {
        "hiepy": __version__,
        "results": [r.model_dump(mode="json", exclude=None if include_engine else {"engine"}) for r in results],
    }
    return jsontext.dumps(payload) + "\n"
