"""The main job as a library call: check one proposal against the packs in force on its date.

    from hiepy_rules import check
    result = check("examples/cuc-thue-quang-tri-2012.yaml")
    for f in result.findings:
        print(f.kind, f.provisions, f.message.vi)

Bad input raises ``InputError`` (one ``Problem`` per issue, each with file:line:column).
Every call builds its own facts, engine session and findings: checks never share state.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiepy_rules.collector import held_off
from hiepy_rules.compile import dossier
from hiepy_rules.compile.compiler import considered, program_for
from hiepy_rules.compile.factset import FactSet, unit_fact
from hiepy_rules.compile.ir import Program
from hiepy_rules.compile.ladder import Ladder
from hiepy_rules.engine import get_engine
from hiepy_rules.engine.base import Engine, EngineName, EngineResult, ProgramRefused
from hiepy_rules.engine.incremental import Rerun
from hiepy_rules.engine.python import PythonEngine
from hiepy_rules.errors import InputError
from hiepy_rules.findings import build as findings
from hiepy_rules.findings import conflicts, fixcheck
from hiepy_rules.findings.explain import Context
from hiepy_rules.load.document import Document
from hiepy_rules.load.limits import BudgetExceeded
from hiepy_rules.load.rules_cache import rules as cached_rules
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import load
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems

if TYPE_CHECKING:
    from hiepy_rules.findings.model import CheckResult
    from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.findings.model import CheckResult, NotApplicable, PackUsed, _window

#: file name endings read as workbooks (``workbook_read``); everything else is YAML
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def read_document(path: Path | str, *, display: str | None = None) -> Document:
    """A proposal file's data and positions: a YAML file, or a workbook (``.xlsx``) read the same way."""
    if str(path).lower().endswith(WORKBOOK_SUFFIXES):
        from hiepy_rules.load.workbook_read import load_workbook_document  # openpyxl only when a workbook is read

        return load_workbook_document(path, display=display)
    return load(path, display=display)


@held_off  # a read, a check: many short-lived objects, no cycle to collect (``collector``)
def read_proposal(path: Path | str, *, display: str | None = None) -> tuple[Proposal, Document]:
    doc = read_document(path, display=display)
    proposal = validate(Proposal, doc)
    problems = [doc.problem(where, vi, code="reference", en=en) for where, vi, en in reference_problems(proposal)]
    from hiepy_rules.load import identifiers  # the look-alike checks (unicodedata tables) only for a proposal read

    # a look-alike id could take another cadre's or title's place: the proposal is not checked
    problems += [p for p in identifiers.problems(doc) if p.severity == "error"]
    if problems:
        raise InputError(sorted(problems))
    return proposal, doc


def _rules(rules: RuleSet | list[Path] | None) -> RuleSet:
    rs = rules if isinstance(rules, RuleSet) else cached_rules(rules)
    errors = [p for p in rs.problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return rs


def _run(eng: Engine, program: Program, facts: list[dict[str, Any]], file: str) -> tuple[EngineResult, Rerun | None]:
    """The engine's result, and with the pure-Python engine the run that re-checks of fixes start from
    (the same run: made once); what it refuses or what passes the runtime budget is bad input, one line."""
    try:
        if isinstance(eng, PythonEngine):
            rerun = Rerun(program, facts)
            return rerun.first, rerun
        return eng.run(program, facts), None
    except BudgetExceeded as exc:
        raise BudgetExceeded(exc.vi, exc.en, file) from None
    except ProgramRefused as exc:
        vi = (
            "bộ máy durable-rules không chạy được bộ quy tắc này một cách an toàn;"
            " dùng --engine auto hoặc --engine python"
        )
        en = f"durable-rules cannot run these rules safely ({exc}); use --engine auto or --engine python"
        raise InputError.at(file, 0, 0, vi, "engine", en=en) from None


@held_off  # with the re-checks of its fixes
def check_proposal(
    proposal: Proposal,
    *,
    doc: Document | None = None,
    file: str = "<proposal>",
    rules: RuleSet | list[Path] | None = None,
    as_of: dt.date | None = None,
    engine: EngineName | Engine = "auto",
) -> CheckResult:
    """``engine``: a name, or an engine already made (a batch worker picks one once, not per proposal)."""
    rs = _rules(rules)
    day = as_of or proposal.date
    ladder = Ladder(proposal)  # made once: the unit fact, the facts, their paths and the conflicts' choices
    unit = unit_fact(proposal, ladder)
    kind = dossier.of(proposal)
    program = program_for(rs, day, unit, kind)
    fs = FactSet.of(proposal, program.shares, ladder, unit)
    facts = fs.facts
    eng = get_engine(engine) if isinstance(engine, str) else engine
    result, rerun = _run(eng, program, facts, doc.file if doc else file)
    ctx = Context(
        proposal=proposal,
        doc=doc,
        file=doc.file if doc else file,
        rules=rs,
        program=program,
        facts={f["id"]: dict(f) for f in facts},
        paths=fs.paths,
        result=result,
        as_of=day,
    )
    # every fix checked before it is offered: re-checked in memory with the same program and engine
    data = proposal.model_dump(mode="json", by_alias=True, exclude_unset=True)
    rc = fixcheck.Rechecker(rs, program, eng, day, data, first=fs, rerun=rerun)
    clashes = conflicts.find(proposal, facts, program, set(result.outcomes), ladder=ladder, memo=rc.clash_memo)
    found = findings.build(ctx, clashes)
    base = rc.state(proposal, facts, result.outcomes, result.derived, clashes)
    found = fixcheck.verify(found, rc, base)
    used = sorted({cp.pack for cp in program.provisions})
    packs = [
        PackUsed(id=p.id, version=p.manifest.version, issuer=p.manifest.issuer, in_force=_window(p.manifest.in_force))
        for p in rs.packs
        if p.id in used
    ]
    # considered, but of another kind of dossier or stage: listed, so that a reader knows
    not_applicable = [
        NotApplicable(provision=pid, applies_to=rs.version(pid, day)[1].provision.applies_to)
        for _, loc, _ in considered(rs, day, unit)
        if (pid := loc.provision.id) not in program.by_id
    ]
    return CheckResult(
        file=ctx.file,
        proposal=proposal.id,
        as_of=day.isoformat(),
        dossier={"kinds": sorted(kind.kinds), "stage": kind.stage},
        not_applicable=not_applicable,
        packs=packs,
        engine=eng.name,
        findings=found,
        titles={t.id: t.name for t in proposal.titles},
    )


@held_off
def check(
    path: Path | str,
    *,
    rules: RuleSet | list[Path] | None = None,
    as_of: dt.date | None = None,
    engine: EngineName | Engine = "auto",
    display: str | None = None,
) -> CheckResult:
    """Check the proposal file at ``path``; raise ``InputError`` when it cannot be read."""
    proposal, doc = read_proposal(path, display=display)
    return check_proposal(proposal, doc=doc, rules=rules, as_of=as_of, engine=engine)


def judged_provisions(rules: RuleSet, result: CheckResult) -> list[str]:
    """Ids of the provisions a proposal was judged by: in force on its date, of the packs in scope."""
    day = dt.date.fromisoformat(result.as_of)
    packs = {p.id for p in result.packs}
    return [loc.provision.id for pack, loc in rules.provisions_in_force(day) if pack.id in packs]
