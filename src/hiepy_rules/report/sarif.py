"""SARIF 2.1.0, the format code-scanning tools read (GitHub code scanning, Azure DevOps, IDE viewers).

``hiepy check``: one rule (``reportingDescriptor``) per provision of the packs loaded, carrying its
citation (document, article, issuer, date) and its words and help in Vietnamese and English; one
result per finding, at the proposal's file:line:column, with the provision's own file:line as a
related location (a conflict has two). A waived finding carries a SARIF ``suppression`` (external,
with the decision as justification); expired or unused waivers are results of their own at the
waivers file. ``hiepy lint``: one rule per kind of problem, one result per problem.

Output is deterministic: no timestamps, rules in pack order, results in report order.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from hiepy_rules.errors import CODES, Problem
from hiepy_rules.report import CheckReport, LintReport, problems_sorted, words
from hiepy_rules.report.details import detail_lines, folded_data, readings_data
from hiepy_rules.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


VERSION = "2.1.0"


_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


_WAIVER_RULES = {
    "waiver-expired": (
        "Miễn trừ đã hết hiệu lực / Expired waiver",
        "Một miễn trừ đã quá hạn vào ngày kiểm tra: nó không miễn trừ gì. — "
        "A waiver past its valid_until on the date of the check: it waives nothing.",
        "error",
    ),
    "waiver-unused": (
        "Miễn trừ không dùng đến / Unused waiver",
        "Một miễn trừ không miễn trừ phát hiện nào. — A waiver that suppresses no finding.",
        "warning",
    ),
}


#: the configuration's ``information-uri`` (an organization hosting its own copy), set by the CLI
_information_uri: list[str] = []


def set_information_uri(uri: str | None) -> None:
    """Where readers of this run's SARIF learn about hiepy (``None``: the package's own address)."""
    _information_uri[:] = [uri] if uri else []


def information_uri() -> str | None:
    """SARIF's ``informationUri`` (absolute): the configured one, else the package metadata's
    Documentation, Homepage or Source address (``[project.urls]``), else none."""
    if _information_uri:
        return _information_uri[0]
    # importlib.metadata only when no address is configured: it costs start-up time
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        entries = metadata("hiepy").get_all("Project-URL") or []
    except PackageNotFoundError:  # run from a source tree that was never installed
        return None
    urls = dict(e.split(", ", 1) for e in entries if ", " in e)
    return next((urls[k] for k in ("Documentation", "Homepage", "Source") if k in urls), None)


#: the base of the repository-relative URIs (``originalUriBaseIds``), as GitHub code scanning expects
SRCROOT = "SRCROOT"


def source_root() -> Path:
    """The repository hiepy runs in (the nearest folder with ``.git``), else the current folder."""
    here = Path.cwd().resolve()
    return next((d for d in [here, *here.parents] if (d / ".git").exists()), here)


_WAIVER_HELP = (
    "Sửa tệp miễn trừ ở dòng được chỉ ra: gia hạn valid_until theo quyết định mới, hoặc xóa miễn trừ không còn "
    "cần. — Edit the waivers file at the line shown: extend valid_until by a new decision, or remove the waiver."
)


def uri(file: str) -> str:
    """A file path as a SARIF URI reference (relative paths stay relative to where hiepy ran)."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def artifact(file: str) -> dict[str, Any]:
    """A file inside the repository as a URI relative to ``SRCROOT``; one outside it (bundled
    rules of an installed hiepy) as an absolute ``file:`` URI, never a ``../`` path."""
    path = Path(file)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        inside = Path(os.path.normpath(absolute)).relative_to(source_root())
    except ValueError:
        return {"uri": Path(os.path.normpath(absolute)).as_uri()}
    return {"uri": quote(inside.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _base_ids() -> dict[str, Any]:
    return {SRCROOT: {"uri": source_root().as_uri() + "/"}}


def physical(file: str, line: int, column: int, sheet: str | None = None, cell: str | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {"artifactLocation": artifact(file)}
    if sheet:  # a workbook is no text file: no line region; the sheet and cell go beside
        loc["properties"] = {"sheet": sheet, "cell": cell}
        return loc
    if line > 0:  # 0: the position is unknown (SARIF regions start at 1)
        region: dict[str, int] = {"startLine": line}
        if column > 0:
            region["startColumn"] = column
        loc["region"] = region
    return loc


def _location(file: str, line: int, column: int, sheet: str | None, cell: str | None) -> dict[str, Any]:
    """A result's location; in a workbook, the cell is also a logical location (``Sheet!C14``)."""
    out: dict[str, Any] = {"physicalLocation": physical(file, line, column, sheet, cell)}
    if sheet:
        name = f"{sheet}!{cell}" if cell else sheet
        out["logicalLocations"] = [{"name": cell or sheet, "fullyQualifiedName": name, "kind": "element"}]
    return out


def _log(runs: list[dict[str, Any]]) -> str:
    return json.dumps({"$schema": SCHEMA, "version": VERSION, "runs": runs}, ensure_ascii=False, indent=2) + "\n"


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "hiepy", "version": __version__, "semanticVersion": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    return driver


# --- hiepy check ---------------------------------------------------------------------------------


def provision_rule(report: CheckReport, pid: str) -> dict[str, Any]:
    rs = report.rules
    pack, loc = rs.by_id[pid]
    p = loc.provision
    src = rs.sources.get(p.source.document)
    issuer_id = pack.issuer(p)
    auth = rs.authorities.get(issuer_id)
    issuer = {"vi": auth.name.vi if auth else issuer_id, "en": auth.name.en if auth else issuer_id}
    issued = src.issued.isoformat() if src is not None and src.issued else None
    in_force = pack.in_force(p)
    cite = {
        lang: f"{p.source.document}, {p.source.article} — {issuer[lang]}" + (f", {issued}" if issued else "")
        for lang in ("vi", "en")
    }
    interp = {"vi": "Cách hiểu", "en": "Interpretation"}
    help_text = []
    help_md = []
    for lang in ("vi", "en"):
        name = words(p.name, lang)
        text = words(p.text, lang)
        help_text += [name, cite[lang], f"“{text}”"]
        help_md += [f"**{name}**", "", cite[lang], "", f"> {text}"]
        if p.interpretation is not None:
            help_text.append(f"{interp[lang]}: {words(p.interpretation, lang)}")
            help_md += ["", f"*{interp[lang]}:* {words(p.interpretation, lang)}"]
        help_text.append("")
        help_md.append("")
    file, line, _ = loc.where()
    rule: dict[str, Any] = {
        "id": pid,
        "shortDescription": {"text": f"{p.name.vi} / {p.name.en}"},
        "fullDescription": {"text": f"{p.text.vi} — {p.text.en}"},
        "help": {"text": "\n".join(help_text).strip() + "\n", "markdown": "\n".join(help_md).strip() + "\n"},
        "defaultConfiguration": {"level": _LEVEL[p.severity if p.modality != "should" else "info"]},
        "properties": {
            "tags": ["hiepy", pack.id, p.modality or "derive"],
            "pack": pack.id,
            "citation": cite,
            "document": p.source.document,
            "article": p.source.article,
            "issuer": issuer_id,
            "issued": issued,
            "in_force": {
                "from": in_force.from_.isoformat(),
                "until": in_force.until.isoformat() if in_force.until else None,
            },
            "name": {"vi": p.name.vi, "en": p.name.en},
            "text": {"vi": p.text.vi, "en": p.text.en},
            "source": {"file": file, "line": line},
        },
    }
    if src is not None and src.url.startswith(("http://", "https://")):
        rule["helpUri"] = src.url
    return rule


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def check(report: CheckReport) -> str:
    rs = report.rules
    ids = [loc.provision.id for pack in rs.packs for loc in pack.provisions]
    rules = [provision_rule(report, pid) for pid in dict.fromkeys(ids)]
    index = {r["id"]: i for i, r in enumerate(rules)}
    if report.waivers is not None:
        for code, (short, full, level) in _WAIVER_RULES.items():
            index[code] = len(rules)
            rules.append(
                {
                    "id": f"hiepy.{code}",
                    "shortDescription": {"text": short},
                    "fullDescription": {"text": full},
                    "help": {"text": full + "\n" + _WAIVER_HELP, "markdown": full + "\n\n" + _WAIVER_HELP},
                    "defaultConfiguration": {"level": level},
                }
            )
    results: list[dict[str, Any]] = []
    for r in report.results:
        for f in r.findings:
            pid = f.provisions[0]
            related = []
            for k, other in enumerate(f.provisions):
                if other not in rs.by_id:
                    continue
                file, line, col = rs.by_id[other][1].where()
                doc = next((d for d in f.documents if d.provision == other), None)
                cite = f"{other}: {doc.number}, {doc.article}" if doc else other
                related.append({"id": k, "physicalLocation": physical(file, line, col), "message": {"text": cite}})
            text = words(f.message, report.lang)
            loc = f.location
            if f.fix is not None:
                text += ("\nCách sửa: " if report.lang == "vi" else "\nFix: ") + words(f.fix, report.lang)
            text += "".join("\n" + line for line in detail_lines(f, report.lang))
            result: dict[str, Any] = {
                "ruleId": pid,
                "level": _LEVEL[f.severity],
                "message": {"text": text},
                "locations": [_location(loc.file, loc.line, loc.column, loc.sheet, loc.cell)],
                "relatedLocations": related,
                "partialFingerprints": {
                    "hiepyFinding/v1": _fingerprint(r.proposal, f.kind, *f.provisions, f.subject.fact, f.subject.path)
                },
                "properties": {
                    "kind": f.kind,
                    "severity": f.severity,
                    "provisions": list(f.provisions),
                    "proposal": r.proposal,
                    "as_of": r.as_of,
                    "subject": {"path": f.subject.path, "fact": f.subject.fact},
                    "message": {"vi": f.message.vi, "en": f.message.en},
                    "fix": None if f.fix is None else {"vi": f.fix.vi, "en": f.fix.en},
                },
            }
            if f.folded:  # a conflict's sides: shown inside it, not counted (no result of their own)
                result["properties"]["folded"] = folded_data(f)
            if f.readings:
                result["properties"]["readings"] = readings_data(f)
            if pid in index:
                result["ruleIndex"] = index[pid]
            if f.waiver is not None:
                w = f.waiver
                result["suppressions"] = [
                    {
                        "kind": "external",
                        "justification": f"{w.decision} ({w.approved_by}), valid until {w.valid_until}",
                        "location": {"physicalLocation": physical(w.file, w.line, w.column)},
                    }
                ]
            results.append(result)
    for p in report.waiver_problems:
        results.append(_problem_result(p, f"hiepy.{p.code}", index.get(p.code)))
    run: dict[str, Any] = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": _base_ids(),
        "invocations": [_invocation(report.problems)],
        "language": report.lang,
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.waivers is not None:
        run["properties"] = {"waivers": [s.as_json() for s in report.waivers]}
    return _log([run])


def _problem_result(p: Problem, rule_id: str, rule_index: int | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "level": _LEVEL[p.severity],
        "message": {"text": p.text()},
        "locations": [_location(p.file, p.line, p.column, p.sheet, p.cell)],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    return result


def _invocation(problems: Iterable[Problem]) -> dict[str, Any]:
    """Inputs that could not be checked at all are notifications of a run that did not succeed."""
    notes = [
        {
            "level": _LEVEL[p.severity],
            "message": {"text": p.text()},
            "locations": [_location(p.file, p.line, p.column, p.sheet, p.cell)],
        }
        for p in problems_sorted(list(problems))
    ]
    out: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


# --- hiepy lint ----------------------------------------------------------------------------------

_LINT_HELP = {
    "contradiction": (
        "Hai điều khoản không thể cùng được đáp ứng trong mọi đề án ở vùng được chỉ ra (đề án minh họa kèm theo). "
        "Nếu điều khoản kia của cấp cao hơn, hãy sửa điều khoản này cho phù hợp hoặc ghi rõ điều khoản nào ưu tiên "
        "(overrides). — Two provisions cannot both be met by any proposal in the region shown (a witness proposal "
        "comes with it). If the other one is of higher authority, bring this one in line with it, or state which "
        "prevails (overrides)."
    ),
}


def _lint_help(code: str) -> str:
    declared = CODES.get(code)  # the registry of lint codes (``errors.Code``): what it means, how to fix it
    if code not in _LINT_HELP and declared is not None:
        return f"{declared.doc[0]} — {declared.doc[1]}"
    return _LINT_HELP.get(
        code,
        f"Sửa tệp ở dòng và cột được chỉ ra; thông báo nói cần viết gì (hiepy lint --lang en: tiếng Anh). — "
        f"Fix the file at the line and column shown; the message says what to write (kind: {code}).",
    )


def lint(report: LintReport) -> str:
    problems = problems_sorted(report.problems)
    codes = sorted({p.code or "problem" for p in problems})
    rules = [
        {
            "id": f"hiepy.lint.{code}",
            "shortDescription": {"text": f"hiepy lint: {code}"},
            "fullDescription": {
                "text": f"Vấn đề loại {code} trong tệp quy định, gói, danh mục hoặc đề án. — "
                f"A problem of kind {code} in a rule file, pack, registry or proposal."
            },
            "help": {"text": _lint_help(code), "markdown": _lint_help(code)},
        }
        for code in codes
    ]
    index = {code: i for i, code in enumerate(codes)}
    results = [_problem_result(p, f"hiepy.lint.{p.code or 'problem'}", index[p.code or "problem"]) for p in problems]
    run = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": _base_ids(),
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return _log([run])
