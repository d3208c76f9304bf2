"""Running pack tests (``hiepy test``): each case's findings against its expectations, and coverage.

The file format and its reading are ``pack_tests``'s; this module checks the cases read and says
how each failed, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hiepy_rules.engine.base import EngineName
from hiepy_rules.findings.build import flatten
from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.lint.pack_tests import Expectation, LoadedCase
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.pipeline import check_proposal, judged_provisions
from hiepy_rules.schema.labels import KINDS, SEVERITIES


@dataclass(frozen=True)
class Outcome:
    """What one case did: its findings against its expectations."""

    case: LoadedCase
    result: CheckResult
    judged: frozenset[str]
    missing: tuple[Expectation, ...]
    unexpected: tuple[Finding, ...]
    loud: tuple[Finding, ...]  # findings naming a provision the case lists as silent
    unjudged: tuple[str, ...]  # silent provisions the proposal was not judged by

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.loud or self.unjudged)

    @property
    def fired(self) -> frozenset[str]:
        """Provisions this case proves fire (only when it passed)."""
        return frozenset(e.provision for e in self.case.case.expect) if self.passed else frozenset()

    @property
    def quiet(self) -> frozenset[str]:
        """Provisions this case proves stay silent while judged (only when it passed)."""
        if not self.passed:
            return frozenset()
        quiet = set(self.case.case.silent)
        if self.case.case.exact:
            named = {pid for f in flatten(self.result.findings) for pid in f.provisions}
            quiet |= self.judged - named
        return frozenset(quiet)


def run_case(lc: LoadedCase, rules: RuleSet, engine: EngineName = "auto") -> Outcome:
    """Check the case's proposal and compare; ``EngineUnavailable`` escapes to the caller."""
    assert lc.proposal is not None, "run only cases whose proposal was read"
    case = lc.case
    result = check_proposal(lc.proposal, doc=lc.doc, file=lc.file, rules=rules, as_of=case.as_of, engine=engine)
    judged = frozenset(judged_provisions(rules, result))
    found = flatten(result.findings)  # a side shown inside a conflict is still a finding of its provision
    missing = tuple(e for e in case.expect if not any(e.matches(f) for f in found))
    unexpected = tuple(f for f in found if case.exact and not any(e.matches(f) for e in case.expect))
    silent = set(case.silent)
    loud = tuple(f for f in found if silent & set(f.provisions))
    unjudged = tuple(pid for pid in case.silent if pid not in judged)
    return Outcome(lc, result, judged, missing, unexpected, loud, unjudged)


def finding_text(f: Finding, lang: str = "en") -> str:
    loc = f.location
    where = f"{loc.file}:{loc.line}:{loc.column}"
    names = " × ".join(f.provisions)
    if lang == "vi":
        return f"{names} {KINDS[f.kind][0]} (mức {SEVERITIES[f.severity][0]}) tại {where}, {f.subject.fact}"
    return f"{names} {f.kind} ({f.severity}) at {where}, {f.subject.fact}"


#: the heads of the lines of a failed case, as wide as each other in each language
_HEADS = {
    "vi": ("thiếu:          ", "ngoài dự kiến:  ", "không im lặng:  ", "không được xét: "),
    "en": ("missing:    ", "unexpected: ", "not silent: ", "not judged: "),
}


def difference(o: Outcome, lang: str = "en") -> list[str]:
    """How a case failed, one line each: what was expected and missing, what appeared unexpected."""
    missing, unexpected, loud, unjudged = _HEADS["vi" if lang == "vi" else "en"]
    lines = [missing + e.text(lang) for e in o.missing]
    lines += [unexpected + finding_text(f, lang) for f in o.unexpected]
    lines += [loud + finding_text(f, lang) for f in o.loud]
    day = o.result.as_of
    why = (
        f"(không có hiệu lực ngày {day}, hoặc gói của nó không áp dụng)"
        if lang == "vi"
        else f"(not in force on {day}, or its pack does not apply)"
    )
    lines += [f"{unjudged}{pid} {why}" for pid in o.unjudged]
    return lines


# --- coverage ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvisionCoverage:
    provision: str
    fires: tuple[str, ...]  # ids of the passing cases that saw it fire
    silent: tuple[str, ...]  # ... and stay silent while judged

    @property
    def covered(self) -> bool:
        return bool(self.fires and self.silent)


def coverage(provisions: Sequence[str], outcomes: Sequence[Outcome]) -> list[ProvisionCoverage]:
    return [
        ProvisionCoverage(
            pid,
            tuple(o.case.id for o in outcomes if pid in o.fired),
            tuple(o.case.id for o in outcomes if pid in o.quiet),
        )
        for pid in provisions
    ]


def percent(cov: Sequence[ProvisionCoverage]) -> float:
    """Share of provisions covered both ways; 100 when there is nothing to cover."""
    if not cov:
        return 100.0
    return 100.0 * sum(c.covered for c in cov) / len(cov)


def provisions_of(rules: RuleSet, packs: Sequence[Path]) -> list[str]:
    """Ids of the provisions of the given pack folders, in load order."""
    wanted = {p.resolve() for p in packs}
    return [loc.provision.id for pack in rules.packs if pack.directory.resolve() in wanted for loc in pack.provisions]
