"""Unknown is not no: every optional field of the proposal that a provision reads, left out, gives an
``indeterminate`` finding saying what to add, never a verdict.

Nothing here is a hand list. The optional fields are read off the proposal's schema (a field whose
value may be left out, with no default the schema documents); which facts each one feeds is found by
leaving it out of the example proposals and comparing the facts; which provisions read those facts
is read off the compiled rule set (their conditions, and the scope of their pack). A pair (field,
provision) is then checked on every example where the provision reaches a verdict and the field is
given: left out, the verdict must stay (the field did not decide it) or become indeterminate, at
least once indeterminate, with a finding that names what to add, and both engines agree.

Two kinds of optional field are not unknowns, by the schema's own words: a field whose absence has
a documented default (``planned``: "by default…", ``dossier``: "Left out: a draft…"), and a
record (``confidence_vote``): leaving it out leaves no fact at all, as an empty list of votes does.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from hiepy_rules.compile import dossier
from hiepy_rules.compile.compiler import compile_provision, program_for
from hiepy_rules.compile.facts import ShareMeasure
from hiepy_rules.compile.factset import build_facts, unit_fact
from hiepy_rules.compile.ir import All, Any_, C, Cmp, CmpField, Neg, Program, Record
from hiepy_rules.engine import get_engine
from hiepy_rules.engine.base import EngineResult
from hiepy_rules.engine.python import PythonEngine
from hiepy_rules.findings.model import CheckResult
from hiepy_rules.pipeline import check_proposal
from hiepy_rules.schema.fielddoc import DESCRIPTION_SEP
from hiepy_rules.schema.proposal import Proposal
from tests.helpers import EXAMPLES, bundled_rules, data_of, relative

Path_ = tuple[str, ...]  # "[]" stands for every item of a list
WITNESSES = Path(__file__).resolve().parent / "data" / "unknown"
VERDICTS = ("violated", "advised")


# --- the schema: which fields may be left out ------------------------------------------------------


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models(arg)


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list or any(_is_list(a) for a in typing.get_args(annotation))


def optional_fields(model: type[BaseModel] = Proposal, prefix: Path_ = ()) -> list[tuple[Path_, str]]:
    """Every field that may be left out with nothing in its place (default ``None``), with its English words."""
    out: list[tuple[Path_, str]] = []
    for name, f in model.model_fields.items():
        path = (*prefix, name)
        if not f.is_required() and f.default is None:
            out.append((path, (f.description or "").split(DESCRIPTION_SEP)[-1]))
        for m in _models(f.annotation):
            out.extend(optional_fields(m, (*path, "[]") if _is_list(f.annotation) else path))
    return out


def defaulted(words: str) -> bool:
    """The schema documents what leaving the field out means, and it is not "unknown"."""
    lowered = words.lower()
    return ("by default" in lowered or "left out:" in lowered) and "unknown" not in lowered


def dotted(path: Path_) -> str:
    return ".".join(path).replace(".[]", "[]")


# --- proposals with a field left out ------------------------------------------------------------------


def given(data: Any, path: Path_) -> bool:
    if not path:
        return data is not None
    head, rest = path[0], path[1:]
    if head == "[]":
        return isinstance(data, list) and any(given(x, rest) for x in data)
    return isinstance(data, dict) and head in data and given(data[head], rest)


def left_out(data: dict[str, Any], path: Path_) -> dict[str, Any]:
    """``data`` without the field at ``path``, ``data`` unchanged: the lists and mappings on the way are new,
    what the path does not reach is shared (only read: validated, never changed)."""

    def drop(node: Any, rest: Path_) -> Any:
        head, tail = rest[0], rest[1:]
        if head == "[]":
            return [drop(item, tail) for item in node] if isinstance(node, list) else node
        if not isinstance(node, dict) or head not in node:
            return node
        if not tail:
            return {k: v for k, v in node.items() if k != head}
        return {**node, head: drop(node[head], tail)}

    out: dict[str, Any] = drop(data, path)
    return out


@cache
def proposals() -> tuple[tuple[str, Any], ...]:
    """The bundled example proposals and this test's witnesses, as data."""
    files = sorted(EXAMPLES.rglob("*.yaml"), key=relative) + sorted(WITNESSES.glob("*.yaml"))
    out = []
    for path in files:
        data = data_of(path)
        if "titles" in data:
            out.append((path.name, data))
    return tuple(out)


@cache
def all_shares() -> frozenset[ShareMeasure]:
    return frozenset(
        m
        for pack in bundled_rules().packs
        for loc in pack.provisions
        for m in _compiled(pack.id, loc.provision.id).shares
    )


@cache
def _compiled(pack_id: str, pid: str) -> Any:
    pack = next(p for p in bundled_rules().packs if p.id == pack_id)
    loc = next(loc for loc in pack.provisions if loc.provision.id == pid)
    return compile_provision(pack, loc.provision, scope_unknown=bool(pack.manifest.scope.when))


def facts_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in build_facts(Proposal.model_validate(data), all_shares())}


def program_of(p: Proposal) -> Program:
    return program_for(bundled_rules(), p.date, unit_fact(p), dossier.of(p))


def outcomes(data: dict[str, Any], engine: str = "python") -> tuple[dict[tuple[str, str], set[str]], EngineResult]:
    p = Proposal.model_validate(data)
    program = program_of(p)
    result = get_engine(engine).run(program, build_facts(p, program.shares))  # type: ignore[arg-type]
    out: dict[tuple[str, str], set[str]] = {}
    for pid, o, fid in result.outcomes:
        out.setdefault((pid, fid), set()).add(o)
    return out, result


@cache
def outcomes_of(name: str, path: Path_ | None = None) -> tuple[dict[tuple[str, str], set[str]], EngineResult]:
    """``outcomes`` of the example ``name``, or of it with ``path`` left out: computed once for the many
    provisions asked about the same field (only read)."""
    [data] = [d for n, d in proposals() if n == name]  # the examples' names are unique
    return outcomes(data if path is None else left_out(data, path))


# --- what each field feeds, and who reads it ----------------------------------------------------------


@cache
def feeds() -> dict[Path_, frozenset[tuple[str, str]]]:
    """(fact kind, field) each optional field feeds: what disappears from the facts when it is left out;
    a whole fact that disappears is written (kind, "*")."""
    out: dict[Path_, set[tuple[str, str]]] = {}
    given_facts = {name: facts_of(data) for name, data in proposals()}
    for path, _ in optional_fields():
        for name, data in proposals():
            if not given(data, path):
                continue
            before, after = given_facts[name], facts_of(left_out(data, path))
            for fid, fact in before.items():
                now = after.get(fid)
                if now is None:
                    out.setdefault(path, set()).add((fact["type"], "*"))
                    continue
                out.setdefault(path, set()).update((fact["type"], k) for k in fact if k not in now)
    return {k: frozenset(v) for k, v in out.items()}


def _reads(c: C, subject: str, out: set[tuple[str, str]]) -> None:
    if isinstance(c, (Cmp, CmpField)):
        for name in (c.field,) if isinstance(c, Cmp) else (c.field, c.other):
            out.add(("unit", name[5:]) if name.startswith("unit.") else (subject, name))
    elif isinstance(c, (All, Any_)):
        for item in c.items:
            _reads(item, subject, out)
    elif isinstance(c, Neg):
        _reads(c.item, subject, out)
    elif isinstance(c, Record):
        for w in c.where:
            _reads(w, c.kind, out)


@cache
def reads() -> dict[str, frozenset[tuple[str, str]]]:
    """(fact kind, field) each bundled provision reads, its pack's scope included; permissions left out
    (``may`` reports what a proposal uses, never a verdict on it)."""
    out: dict[str, frozenset[tuple[str, str]]] = {}
    for pack in bundled_rules().packs:
        for loc in pack.provisions:
            cp = _compiled(pack.id, loc.provision.id)
            if cp.modality in (None, "may"):
                continue
            found: set[tuple[str, str]] = set()
            for c in (*cp.when, *((cp.rule,) if cp.rule is not None else ())):
                _reads(c, cp.subject, found)
            out[cp.id] = frozenset(found)
    return out


def unknowns() -> list[Path_]:
    """The optional fields that are unknown when left out: not defaulted, and feeding a field of a fact
    (a record that disappears whole is not a value left unknown)."""
    fed = feeds()
    return [
        path
        for path, words in optional_fields()
        if not defaulted(words) and any(field != "*" for _, field in fed.get(path, ()))
    ]


def pairs() -> list[tuple[Path_, str]]:
    fed = feeds()
    return [
        (path, pid)
        for path in unknowns()
        for pid, read in sorted(reads().items())
        if read & {x for x in fed[path] if x[1] != "*"}
    ]


# --- the tests -------------------------------------------------------------------------------------------


def test_the_lists_are_not_empty_and_cover_what_provisions_read() -> None:
    """The generated lists find what a reader of the rules expects (so that they cannot be vacuous)."""
    names = {dotted(p) for p in unknowns()}
    assert {"cadres[].planned_for", "cadres[].sex", "unit.works_locally", "appointments[].first_time"} <= names
    assert {dotted(p) for p, words in optional_fields() if defaulted(words)} >= {"titles[].planned", "dossier"}
    assert len(pairs()) >= 30


@pytest.mark.parametrize("path", unknowns(), ids=dotted)
def test_a_field_left_out_only_forgets_facts(path: Path_) -> None:
    """Left out, a field takes no value in its place: facts lose fields, never gain or change one."""
    for name, data in proposals():
        if not given(data, path):
            continue
        before, after = facts_of(data), facts_of(left_out(data, path))
        for fid, fact in after.items():
            old = before.get(fid)
            assert old is not None, (name, fid)
            changed = {k: (old.get(k), v) for k, v in fact.items() if old.get(k, v) != v or k not in old}
            assert not changed, (dotted(path), name, fid, changed)


def _derived_sources(result: EngineResult) -> dict[str, tuple[str, str]]:
    return {derived: (pid, source) for pid, derived, source in result.derivations}


@pytest.mark.parametrize(("path", "provision"), pairs(), ids=lambda x: dotted(x) if isinstance(x, tuple) else x)
def test_a_provision_reading_a_field_left_out_is_indeterminate(path: Path_, provision: str) -> None:
    became_indeterminate = 0
    for name, data in proposals():
        if not given(data, path):
            continue
        before, before_run = outcomes_of(name)
        subjects = [fid for (pid, fid), got in before.items() if pid == provision and got & set(VERDICTS)]
        if not subjects:
            continue
        missing = left_out(data, path)
        after, after_run = outcomes_of(name, path)
        sources = _derived_sources(before_run)
        for fid in subjects:
            verdict = before[(provision, fid)] & set(VERDICTS)
            now = after.get((provision, fid), set())
            if fid in sources and not any(d == fid for _, d, _ in after_run.derivations):
                # a derived subject not derived any more: the provision deriving it is undecided there
                pid, source = sources[fid]
                assert "indeterminate" in after.get((pid, source), set()), (name, fid, pid)
                continue
            assert now & set(VERDICTS) == verdict or "indeterminate" in now, (name, fid, verdict, now)
            if "indeterminate" in now:
                became_indeterminate += 1
                _says_what_to_add(missing, provision, fid, path)
                _engines_agree(missing)
    assert became_indeterminate, f"no proposal shows {provision} decided by {dotted(path)}: add a witness"


def _says_what_to_add(data: dict[str, Any], provision: str, fid: str, path: Path_) -> None:
    """The indeterminate finding names the field left out, where it belongs (``cadres[3].sex``)."""
    result: CheckResult = check_proposal(Proposal.model_validate(data), rules=bundled_rules(), engine="python")
    found = [f for f in result.findings if provision in f.provisions and f.subject.fact == fid]
    found += [g for f in result.findings for g in f.folded if provision in g.provisions and g.subject.fact == fid]
    [f] = [f for f in found if f.kind == "indeterminate"]
    assert f.missing and f.fix is not None
    assert f.fix.en.startswith("Add to the proposal: ") and f.fix.vi.startswith("Bổ sung vào đề án: ")
    at = re.escape(dotted(path)).replace(r"\[\]", r"\[\d+\]")
    assert re.search(rf"\({at}[.)\w]", f.fix.en) and re.search(rf"\({at}[.)\w]", f.fix.vi), (f.fix.en, dotted(path))
    assert f.severity in ("warning", "info")


def _engines_agree(data: dict[str, Any]) -> None:
    try:
        durable = outcomes(data, "durable")[1]
    except Exception as exc:  # not installed here: the differential tests say so
        if "durable" not in type(exc).__module__ and "Unavailable" not in type(exc).__name__:
            raise
        return
    p = Proposal.model_validate(data)
    program = program_of(p)
    assert durable.outcomes == PythonEngine().run(program, build_facts(p, program.shares)).outcomes


@pytest.mark.parametrize("path", unknowns(), ids=dotted)
def test_a_field_left_out_never_changes_one_verdict_into_another(path: Path_) -> None:
    """Over every provision, not only those that read it: left out, a verdict stays or becomes indeterminate."""
    for name, data in proposals():
        if not given(data, path):
            continue
        before, before_run = outcomes_of(name)
        after, _ = outcomes_of(name, path)
        sources = _derived_sources(before_run)
        for (pid, fid), got in before.items():
            verdict = got & set(VERDICTS)
            now = after.get((pid, fid), set())
            if not verdict or now & set(VERDICTS) == verdict or "indeterminate" in now:
                continue
            source = sources.get(fid)
            assert source is not None and "indeterminate" in after.get(source, set()), (name, pid, fid, now)
