"""JSON: the machine contract of ``hiepy check`` (``checker.to_json``) and ``hiepy lint``'s problems.

Without ``--waivers`` the check JSON is exactly ``checker.to_json``. With it, a top-level
``waivers`` list says what each waiver did (``status``: applied, expired or unused; ``waived``: how
many findings it suppressed), and each waived finding carries ``waiver``. Keys are sorted: the
same input gives byte-identical output.
"""

from __future__ import annotations

import json
from typing import Any

from hiepy_rules import __version__, jsontext
from hiepy_rules.formats import CheckReport, LintReport, problems_sorted


def _dump(payload: dict[str, Any]) -> str:
    return jsontext.dumps(payload) + "\n"


def check(report: CheckReport) -> str:
    from hiepy_rules.checker import to_json

    text = to_json(list(report.results))
    if report.waivers is None:
        return text
    payload: dict[str, Any] = json.loads(text)
    payload["waivers"] = [s.as_json() for s in report.waivers]
    return _dump(payload)


def lint(report: LintReport) -> str:
    problems = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "message": p.message,
            "code": p.code,
        }
        for p in problems_sorted(report.problems)
    ]
    return _dump({"hiepy": __version__, "problems": problems})
