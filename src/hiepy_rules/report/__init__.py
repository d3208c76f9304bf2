"""Output formats of ``hiepy check`` and ``hiepy lint``: one module per format (yamllint's ``formatters/``).

Each format module holds two pure functions, ``check(report) -> str`` and ``lint(report) -> str``:

| module | for |
|---|---|
| ``text`` | the analyst's report (rich) / ``FILE:LINE:COLUMN: severity: message`` lines |
| ``json`` | the JSON contract (``checker.to_json``, plus ``waivers`` when given) / problems as JSON |
| ``sarif`` | SARIF 2.1.0 for code-scanning tools: one rule per provision, results at the proposal's line |
| ``junit`` | JUnit XML for CI test reports: one test case per proposal × provision in force |
| ``github`` | GitHub Actions workflow commands (``::error file=…,line=…,col=…::…``) |
| ``markdown`` | a table an analyst pastes into a report (Vietnamese, or English with ``--lang en``) |
| ``html`` | a self-contained page to attach to a dossier or print (A4), with an index for a batch |

The commands collect every result first (one proposal or a batch), then hand them here in a
``CheckReport``: formats never read files nor run checks. Which findings make a run fail is
decided once, here (``counts``), for the exit status and for every format alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

import msgspec

from hiepy_rules.choices import FailOn as FailOn
from hiepy_rules.choices import Format as Format
from hiepy_rules.choices import Lang as Lang
from hiepy_rules.errors import Problem

if TYPE_CHECKING:
    from hiepy_rules.findings.model import CheckResult, Finding
    from hiepy_rules.findings.waivers import WaiverStatus
    from hiepy_rules.load.ruleset import RuleSet
    from hiepy_rules.report.provenance import Provenance
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


_MODULES = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
    "markdown-summary": "markdown_summary",
    "html": "html",
}


_RANK = {"error": 0, "warning": 1, "info": 2}


class CheckReport(msgspec.Struct, frozen=True):
    """Everything one ``hiepy check`` run reports."""

    results: Sequence[CheckResult]
    rules: RuleSet
    lang: Lang = "vi"
    fail_on: FailOn = "error"
    problems: Sequence[Problem] = ()  # proposals that could not be checked (bad input)
    waivers: Sequence[WaiverStatus] | None = None  # None: no --waivers given
    #: title names by id, per proposal file, over those each result carries (``CheckResult.titles``)
    titles: Mapping[str, Mapping[str, str]] | None = None
    #: the inputs' digest and unit names, for a report traced on paper (html); None: not collected
    provenance: Provenance | None = None

    @property
    def waiver_problems(self) -> list[Problem]:
        return [s.problem for s in self.waivers or () if s.problem is not None]

    def failing(self) -> bool:
        """Whether the run fails: a counted finding, or a counted waiver problem."""
        return any(counts(f, self.fail_on) for r in self.results for f in r.findings) or any(
            severity_counts(p.severity, self.fail_on) for p in self.waiver_problems
        )


class LintReport(msgspec.Struct, frozen=True):
    """Everything one ``hiepy lint`` run reports."""

    problems: Sequence[Problem]
    paths: Sequence[str] = msgspec.field(default_factory=tuple)  # the paths linted, as given
    lang: Lang = "vi"
    fail_on: FailOn = "error"

    def failing(self) -> bool:
        return any(severity_counts(p.severity, self.fail_on) for p in self.problems)


def severity_counts(severity: str, fail_on: FailOn) -> bool:
    """``--fail-on warning`` counts errors and warnings; ``info`` counts everything."""
    return _RANK[severity] <= _RANK[fail_on]


def counts(f: Finding, fail_on: FailOn) -> bool:
    """A finding makes the run fail: of a counted severity, neither overridden nor waived."""
    return f.kind != "overridden" and f.waiver is None and severity_counts(f.severity, fail_on)


class Bilingual(Protocol):
    """Anything with words in both languages (messages, fixes, a provision's name and text)."""

    @property
    def vi(self) -> str: ...

    @property
    def en(self) -> str: ...


def words(w: Bilingual, lang: Lang | str) -> str:
    return w.vi if lang == "vi" else w.en


def render_check(fmt: Format, report: CheckReport) -> str:
    text: str = import_module(f"hiepy_rules.report.{_MODULES[fmt]}").check(report)
    return text


def render_lint(fmt: Format, report: LintReport) -> str:
    text: str = import_module(f"hiepy_rules.report.{_MODULES[fmt]}").lint(report)
    return text


def problems_sorted(problems: Sequence[Problem]) -> list[Problem]:
    return sorted(set(problems))
