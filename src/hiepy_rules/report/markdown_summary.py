"""Markdown, summary only: per proposal its heading and counts, no table of findings (``--format
markdown-summary``), for a job summary that must stay small whatever the size of the batch."""

from __future__ import annotations

from hiepy_rules.report import CheckReport, LintReport, markdown


def check(report: CheckReport) -> str:
    return markdown.check(report, rows=False)


def lint(report: LintReport) -> str:
    return markdown.lint(report)
