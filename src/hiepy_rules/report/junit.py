"""JUnit XML, the test report every CI shows (Jenkins, GitLab, Azure DevOps, GitHub test-report actions).

``hiepy check``: one ``testsuite`` per proposal, one ``testcase`` per provision it was judged by
(in force on its date, of the packs in scope). A case fails when a finding naming the provision
counts under ``--fail-on`` (a conflict fails the cases of both its provisions); the failure
carries the message, the place and the fix. Findings that do not count (notices under
``--fail-on error``, overridden ones) go to ``system-out``; a provision whose findings are all
waived is ``skipped`` with the decision. Proposals that could not be read are a suite with an
``error``; waivers a suite of their own. ``hiepy lint``: one case per file with problems, and one
passing case per path given that has none.
"""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from hiepy_rules.errors import Problem
from hiepy_rules.findings.model import Finding
from hiepy_rules.pipeline import judged_provisions
from hiepy_rules.report import CheckReport, Lang, LintReport, counts, problems_sorted, severity_counts, words
from hiepy_rules.report.details import detail_lines

# characters XML 1.0 cannot carry, even escaped
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)


def _el(parent: ET.Element, tag: str, **attrs: str | int) -> ET.Element:
    return ET.SubElement(parent, tag, {k: _clean(str(v)) for k, v in attrs.items()})


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue().decode("utf-8") + "\n"


def _detail(f: Finding, lang: Lang) -> str:
    where = f.location.text()
    lines = [f"{f.kind} ({f.severity}) {' × '.join(f.provisions)} — {where} {f.subject.path}", words(f.message, lang)]
    if f.fix is not None:
        lines.append(("Cách sửa: " if lang == "vi" else "Fix: ") + words(f.fix, lang))
    lines += detail_lines(f, lang)
    lines += [f"{d.provision}: {d.number}, {d.article}" for d in f.documents]
    return "\n".join(lines)


def _totals(suite: ET.Element) -> tuple[int, int, int, int]:
    cases = suite.findall("testcase")
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    return len(cases), failures, errors, skipped


def _finish(root: ET.Element) -> str:
    sums = [0, 0, 0, 0]
    for suite in root.findall("testsuite"):
        for i, n in enumerate(_totals(suite)):
            sums[i] += n
    # <testsuites> carries no "skipped": Jenkins' JUnit schema rejects it there (each <testsuite> has it)
    for key, n in zip(("tests", "failures", "errors"), sums[:3], strict=True):
        root.set(key, str(n))
    return _xml(root)


def _error_suite(root: ET.Element, name: str, problems: Sequence[Problem]) -> None:
    suite = _el(root, "testsuite", name=name)
    case = _el(suite, "testcase", name="read", classname=name)
    error = _el(case, "error", message=problems[0].text(), type=problems[0].code or "input")
    error.text = _clean("\n".join(p.render() for p in problems))


def check(report: CheckReport) -> str:
    root = ET.Element("testsuites", name="hiepy check")
    lang = report.lang
    for r in report.results:
        suite = _el(root, "testsuite", name=r.file)
        props = _el(suite, "properties")
        _el(props, "property", name="proposal", value=r.proposal)
        _el(props, "property", name="as_of", value=r.as_of)
        _el(props, "property", name="packs", value=", ".join(f"{p.id} v{p.version}" for p in r.packs))
        judged = judged_provisions(report.rules, r)
        named = [pid for f in r.findings for pid in f.provisions if pid not in judged]
        for pid in dict.fromkeys([*judged, *named]):
            case = _el(suite, "testcase", name=pid, classname=r.file)
            mine = [f for f in r.findings if pid in f.provisions]
            failing = [f for f in mine if counts(f, report.fail_on)]
            waived = [f for f in mine if f.waiver is not None]
            if failing:
                failure = _el(case, "failure", message=words(failing[0].message, lang), type=failing[0].kind)
                failure.text = _clean("\n\n".join(_detail(f, lang) for f in failing))
            elif waived:
                w = waived[0].waiver
                assert w is not None
                _el(case, "skipped", message=f"waived: {w.decision} ({w.approved_by}), valid until {w.valid_until}")
            rest = [f for f in mine if f not in failing]
            if rest:
                out = _el(case, "system-out")
                out.text = _clean("\n\n".join(_detail(f, lang) for f in rest))
    by_file: dict[str, list[Problem]] = {}
    for p in problems_sorted(report.problems):
        by_file.setdefault(p.file, []).append(p)
    for file, problems in by_file.items():
        _error_suite(root, file, problems)
    if report.waivers is not None:
        suite = _el(root, "testsuite", name="waivers")
        for s in report.waivers:
            case = _el(suite, "testcase", name=f"{s.waiver.provision} {s.waiver.subject}", classname=s.file)
            problem = s.problem
            if problem is not None and severity_counts(problem.severity, report.fail_on):
                failure = _el(case, "failure", message=problem.text(), type=problem.code)
                failure.text = _clean(problem.render())
            else:
                note = f"\n{problem.render()}" if problem is not None else ""
                out = _el(case, "system-out")
                out.text = _clean(f"{s.status}: {s.waived} finding(s) waived{note}")
    return _finish(root)


def lint(report: LintReport) -> str:
    root = ET.Element("testsuites", name="hiepy lint")
    suite = _el(root, "testsuite", name="hiepy lint")
    by_file: dict[str, list[Problem]] = {}
    for p in problems_sorted(report.problems):
        by_file.setdefault(p.file, []).append(p)
    for file, problems in by_file.items():
        case = _el(suite, "testcase", name=file, classname="hiepy lint")
        failing = [p for p in problems if severity_counts(p.severity, report.fail_on)]
        if failing:
            failure = _el(case, "failure", message=failing[0].text(), type=failing[0].code or "problem")
            failure.text = _clean("\n".join(p.render() for p in failing))
        rest = [p for p in problems if p not in failing]
        if rest:
            out = _el(case, "system-out")
            out.text = _clean("\n".join(p.render() for p in rest))
    for path in report.paths:
        if not any(_under(f, path) for f in by_file):
            _el(suite, "testcase", name=path, classname="hiepy lint")
    return _finish(root)


def _under(file: str, path: str) -> bool:
    """Whether a problem's file is the path given, or inside it (both as the user's shell sees them)."""
    f, d = os.path.normpath(file), os.path.normpath(path)
    if d == ".":
        return not (os.path.isabs(f) or f == ".." or f.startswith(".." + os.sep))
    return f == d or f.startswith(d.rstrip(os.sep) + os.sep)
