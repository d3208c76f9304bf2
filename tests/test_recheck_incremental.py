"""Re-checking a fix cheaply gives what re-checking it from scratch gives.

``changes.apply`` copies only what a change touches, ``revalidate`` validates only that,
``FactSet.of`` reuses the first check's facts
of the titles a fix left alone, ``engine.incremental.Rerun`` the base run's evaluations where a fix
left the facts alone, and ``clash_memo.ClashMemo`` the base check's clashes over the choices a fix
left alone: each is compared here with the plain computation (a deep
copy; the pure-Python engine run from scratch; every choice's windows asked again) on every fix, and
every fix of a fix's findings, of generated proposals and the bundled examples.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from hiepy_rules.compile import dossier
from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.delta import Delta
from hiepy_rules.compile.factset import FactSet, build_facts, unit_fact
from hiepy_rules.compile.ir import Program
from hiepy_rules.engine.incremental import Rerun
from hiepy_rules.engine.python import PythonEngine
from hiepy_rules.findings import conflicts, fixcheck
from hiepy_rules.findings.changes import apply
from hiepy_rules.findings.clash_memo import ClashMemo
from hiepy_rules.findings.revalidate import validate_changed
from hiepy_rules.load.packs import load_rules
from hiepy_rules.pipeline import check_proposal, read_proposal
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems
from tests.budget import examples
from tests.helpers import example_files
from tests.ir_strategies import FIELDS, VALUES, fact_list, programs
from tests.test_batch import gen


def _plain_apply(data: dict[str, Any], changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The obvious way: a deep copy, changed in place."""
    out = copy.deepcopy(data)
    titles = {t["id"]: t for t in out.get("titles", [])}
    for ch in changes:
        op = ch["op"]
        if op == "add_candidates":
            t = titles[ch["title"]]
            for n in range(ch["count"]):
                cid = f"new-{ch['title']}-{len(out.get('cadres', []))}-{n}"
                out.setdefault("cadres", []).append(
                    {"id": cid, "name": f"Cán bộ bổ sung {n + 1}", "source": "external", "eligible": True}
                )
                t.setdefault("candidates", []).append(cid)
        elif op == "add_candidate":
            t = titles[ch["title"]]
            if ch["cadre"] not in t.setdefault("candidates", []):
                t["candidates"].append(ch["cadre"])
        elif op in ("remove_candidate", "stop_after"):
            t = titles[ch["title"]]
            t["candidates"] = [c for c in t.get("candidates", []) if c != ch["cadre"]]
            if op == "stop_after":
                out["votes"] = [
                    v
                    for v in out.get("votes", [])
                    if not (v["title"] == ch["title"] and v["cadre"] == ch["cadre"] and v["step"] > ch["step"])
                ]
        elif op == "set":
            target: Any = out
            *head, last = ch["path"]
            for part in head:
                if isinstance(target, dict) and target.get(part) is None:
                    target[part] = {}
                target = target[part]
            target[last] = ch["value"]
        elif op == "append":
            target = out
            for part in ch["path"]:
                target = target.setdefault(part, []) if isinstance(target, dict) else target[part]
            target.append(copy.deepcopy(ch["value"]))
        elif op == "remove":
            target = out
            *head, last = ch["path"]
            for part in head:
                target = target[part]
            del target[last]
    return out


def read_proposal_text(text: str) -> tuple[Proposal, Any]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "p.yaml"
        p.write_text(text, encoding="utf-8")
        return read_proposal(p)


def _generated_with_fixes(count: int) -> list[tuple[str, str]]:
    """The first ``count`` generated proposals the check offers a fix for (a proposal with nothing to
    fix would exercise no re-check)."""
    out: list[tuple[str, str]] = []
    seed = 0
    while len(out) < count and seed < 200:
        text = gen.typical(seed)
        proposal, _ = read_proposal_text(text)
        if _fix_sets(proposal):
            out.append((f"generated-{seed}", text))
        seed += 1
    return out


def _cases() -> list[tuple[str, str]]:
    out = _generated_with_fixes(12)
    out += [(p.name, p.read_text(encoding="utf-8")) for p in example_files()]
    return out


def _fix_sets(proposal: Proposal) -> list[list[dict[str, Any]]]:
    """The changes of every fix the check offers, and of each pair of them made together."""
    result = check_proposal(proposal, engine="python")
    single = [f.fix.changes for f in result.findings if f.fix is not None and f.fix.changes]
    single += [x.fix.changes for f in result.findings for x in f.folded if x.fix is not None and x.fix.changes]
    pairs = [a + b for i, a in enumerate(single) for b in single[i + 1 : i + 3]]
    return single + pairs


CASES = _cases()  # computed once: every xdist worker collects this module


@pytest.mark.parametrize(("name", "text"), CASES, ids=[c[0] for c in CASES])
def test_rechecks_match_the_plain_computation(name: str, text: str, tmp_path: Any) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    proposal, _ = read_proposal(path)
    data = proposal.model_dump(mode="json", by_alias=True, exclude_unset=True)
    snapshot = copy.deepcopy(data)
    rs = load_rules()
    program = program_for(rs, proposal.date, unit_fact(proposal), dossier.of(proposal))
    first_set = FactSet.of(proposal, program.shares)
    base = build_facts(proposal, program.shares)
    assert first_set.facts == base
    rerun = Rerun(program, base)
    memo = ClashMemo()
    engine = PythonEngine()
    first = conflicts.find(proposal, base, program, set(engine.run(program, base).outcomes), memo=memo)
    assert _clashes(first) == _clashes(conflicts.find(proposal, base, program, set(engine.run(program, base).outcomes)))
    compared = 0
    reused = 0
    for changes in _fix_sets(proposal):
        try:
            plain = _plain_apply(data, changes)
        except (KeyError, IndexError, TypeError, ValueError):
            with pytest.raises((KeyError, IndexError, TypeError, ValueError)):
                apply(data, changes)
            continue
        cheap = apply(data, changes)
        assert cheap == plain
        assert data == snapshot  # the input is never changed, even through what the copy shares
        fixed = _validated(proposal, data, cheap)
        if fixed is None:
            continue
        facts = build_facts(fixed, program.shares)
        delta = Delta.between(data, cheap)
        # the titles' facts a fix left alone, taken from the first check: the same facts, in the same order
        assert FactSet.of(fixed, program.shares, earlier=first_set, delta=delta).facts == facts
        result = rerun.run(facts)
        assert result == PythonEngine().run(program, facts)
        outcomes = set(result.outcomes)
        kept = conflicts.find(fixed, facts, program, outcomes, memo=memo, delta=delta)
        assert _clashes(kept) == _clashes(conflicts.find(fixed, facts, program, outcomes)), changes
        # without the delta, by the facts the choices change: the same again
        assert _clashes(conflicts.find(fixed, facts, program, outcomes, memo=memo)) == _clashes(kept)
        reused += memo.reuses
        compared += 1
    assert rerun.run(base) == PythonEngine().run(program, base)
    if name.startswith("generated"):
        assert compared > 0
        if memo.kept:  # the first check asked some choice: the memo was used, not bypassed
            assert reused > 0


def _validated(first: Proposal, data: dict[str, Any], changed: dict[str, Any]) -> Proposal | None:
    """``changed`` validated in full; validating only what changed gives the same proposal, or fails too."""
    try:
        fixed = Proposal.model_validate(changed)
    except ValueError:
        with pytest.raises(ValueError):
            validate_changed(first, data, changed)
        return None
    again = validate_changed(first, data, changed)
    assert again == fixed
    assert again.model_fields_set == fixed.model_fields_set  # what a dump of set fields writes, too
    return fixed


def _clashes(found: list[conflicts.Clash]) -> list[tuple[Any, ...]]:
    """Everything a clash says, in order (its choice by key, name and current value)."""
    return [(c.kind, c.choice.key, c.choice.name, c.choice.current, c.a, c.b, c.fact_ids) for c in found]


def test_fixes_with_the_same_effect_are_checked_once() -> None:
    proposal, _ = read_proposal_text(gen.typical(3))
    rs = load_rules()
    program = program_for(rs, proposal.date, unit_fact(proposal), dossier.of(proposal))
    facts = build_facts(proposal, program.shares)
    engine = PythonEngine()
    result = engine.run(program, facts)
    data = proposal.model_dump(mode="json", by_alias=True, exclude_unset=True)
    rc = fixcheck.Rechecker(rs, program, engine, proposal.date, data)
    base = rc.state(proposal, facts, result.outcomes, result.derived)
    title = proposal.titles[0]
    present = title.candidates[0] if title.candidates else None
    if present is None:
        pytest.skip("the generated proposal's first title has no candidate")
    # adding a candidate already there changes nothing: the same data as the base, whichever way it is said
    again = [{"op": "add_candidate", "title": title.id, "cadre": present}]
    twice = again + again
    a = rc.after(again)
    assert rc.after(twice) is a and rc.runs == 1
    assert a is not None and a.keys == base.keys
    assert dt.date.fromisoformat(data["date"]) == proposal.date


_EDITS = (
    *("level", "role", "holders", "candidates", "source", "eligible", "planned_for", "rung", "born", "date"),
    *("confidence", "vote_yes", "vote_added", "vote_removed", "answer", "report"),
)


def _random_edits(data: dict[str, Any], rnd: random.Random) -> list[dict[str, Any]]:
    """One to three edits of what facts are made from: a title's level, role, holders or candidates;
    a cadre's source, eligibility, plan, rung, birth date or confidence vote; a vote changed, added
    or taken out; a consultation's answer; a report's addressee; the date."""
    titles, cadres = data.get("titles", []), data.get("cadres", [])
    ids = [c["id"] for c in cadres]
    votes = data.get("votes", [])
    out: list[dict[str, Any]] = []
    for _ in range(rnd.randint(1, 3)):
        what = rnd.choice(_EDITS)
        ti, ci = rnd.randrange(len(titles)), rnd.randrange(len(cadres))
        vi = rnd.randrange(len(votes)) if votes else None
        if what == "confidence":
            high = rnd.randint(0, 30)
            vote = {"convened": 40, "present": 35, "high": high, "medium": rnd.randint(0, 35 - high), "low": 0}
            out.append({"op": "set", "path": ["cadres", ci, "confidence_vote"], "value": vote})
        elif what == "vote_yes" and vi is not None:
            out.append({"op": "set", "path": ["votes", vi, "yes"], "value": rnd.randint(0, votes[vi]["yes"])})
        elif what == "vote_added" and vi is not None:  # the next step of a vote: the earlier step has proceeded
            out.append({"op": "append", "path": ["votes"], "value": {**votes[vi], "step": votes[vi]["step"] + 1}})
        elif what == "vote_removed" and vi is not None:
            out.append({"op": "remove", "path": ["votes", vi]})
        elif what == "answer" and data.get("consultations"):
            i = rnd.randrange(len(data["consultations"]))
            out.append({"op": "set", "path": ["consultations", i, "answer"], "value": rnd.choice(["agree", "pending"])})
        elif what == "report":
            to = rnd.choice(["provincial_organization_board", "other"])
            report = {"matter": "planning", "title": titles[ti]["id"], "by": "unit_leadership", "to": to}
            out.append({"op": "append", "path": ["reports"], "value": {**report, "via": "direct"}})
        elif what == "level":
            out.append({"op": "set", "path": ["titles", ti, "level"], "value": rnd.randint(1, 5)})
        elif what == "role":
            out.append({"op": "set", "path": ["titles", ti, "role"], "value": rnd.choice(["head", "deputy", "other"])})
        elif what in ("holders", "candidates"):
            out.append({"op": "set", "path": ["titles", ti, what], "value": rnd.sample(ids, rnd.randint(0, 3))})
        elif what == "source":
            out.append({"op": "set", "path": ["cadres", ci, "source"], "value": rnd.choice(["in_house", "external"])})
        elif what == "eligible":
            out.append({"op": "set", "path": ["cadres", ci, "eligible"], "value": rnd.random() < 0.5})
        elif what == "planned_for":
            tids = [t["id"] for t in titles]
            out.append(
                {"op": "set", "path": ["cadres", ci, "planned_for"], "value": rnd.sample(tids, rnd.randint(0, 2))}
            )
        elif what == "rung":
            out.append({"op": "set", "path": ["cadres", ci, "current_level"], "value": rnd.randint(1, 6)})
        elif what == "born":
            out.append(
                {
                    "op": "set",
                    "path": ["cadres", ci, "date_of_birth"],
                    "value": f"19{rnd.randint(60, 95)}-0{rnd.randint(1, 9)}-15",
                }
            )
        else:
            out.append({"op": "set", "path": ["date"], "value": f"20{rnd.randint(12, 26)}-0{rnd.randint(1, 9)}-01"})
    return out


@pytest.mark.parametrize("seed", [0, 6, 9, 21])
def test_any_edit_rechecks_as_from_scratch(seed: int) -> None:
    """Edits no fix would make (levels, roles, holders, plans, birth dates, the date), made to the
    proposal's data: the facts and clashes a re-check reuses equal those made afresh."""
    generated, _ = read_proposal_text(gen.typical(seed))
    data = generated.model_dump(mode="json", by_alias=True, exclude_unset=True)
    rnd = random.Random(seed)
    for c in data["cadres"][::2]:  # plans stated in the cadres' records too: a title's level then reaches them
        c["planned_for"] = rnd.sample([t["id"] for t in data["titles"]], 2)
    proposal = Proposal.model_validate(data)
    rs = load_rules()
    program = program_for(rs, proposal.date, unit_fact(proposal), dossier.of(proposal))
    first = FactSet.of(proposal, program.shares)
    engine = PythonEngine()
    memo = ClashMemo()
    conflicts.find(proposal, first.facts, program, set(engine.run(program, first.facts).outcomes), memo=memo)
    checked = 0
    for _ in range(60):
        changed = apply(data, _random_edits(data, rnd))
        fixed = _validated(proposal, data, changed)
        if fixed is None:
            continue
        if fixed.titles and reference_problems(fixed):
            continue
        delta = Delta.between(data, changed)
        facts = build_facts(fixed, program.shares)
        assert FactSet.of(fixed, program.shares, earlier=first, delta=delta).facts == facts
        outcomes = set(engine.run(program, facts).outcomes)
        kept = conflicts.find(fixed, facts, program, outcomes, memo=memo, delta=delta)
        assert _clashes(kept) == _clashes(conflicts.find(fixed, facts, program, outcomes))
        checked += 1
    assert checked >= 20


def _changed(base: list[dict[str, Any]], rnd: random.Random) -> list[dict[str, Any]]:
    """``base`` as a fix may leave it: most facts the same objects, some changed (a field, or the kind),
    some equal copies, some removed, some added; in another order now and then."""
    out: list[dict[str, Any]] = []
    for f in base:
        roll = rnd.randint(0, 9)
        if roll <= 4:
            out.append(f)
        elif roll == 5:
            out.append(dict(f))
        elif roll <= 7:
            out.append({**f, rnd.choice(FIELDS): rnd.choice(VALUES)})
        elif roll == 8:
            out.append({**f, "type": rnd.choice(("k1", "k2", "unit"))})
    for i in range(rnd.randint(0, 2)):
        fact: dict[str, Any] = {"id": f"new{i}", "type": rnd.choice(("k1", "k2"))}
        fact.update({name: rnd.choice(VALUES) for name in FIELDS if rnd.randint(0, 3)})
        out.append(fact)
    if rnd.randint(0, 4) == 0:
        rnd.shuffle(out)
    return out


@settings(max_examples=examples(300), deadline=None)
@given(programs(), st.randoms(use_true_random=False))
def test_a_rerun_equals_a_run_from_scratch_on_random_programs(program: Program, rnd: random.Random) -> None:
    """A re-check runs the engine only on the facts whose results may have changed, and takes the
    rest from the first run: on random programs (derive chains, record tests, the unit's fields) and
    random changes, that is what running from scratch gives, derived facts and derivations included."""
    base = fact_list(rnd)
    rerun = Rerun(program, base)
    assert rerun.first == PythonEngine().run(program, base)
    for _ in range(rnd.randint(1, 5)):
        facts = _changed(base, rnd)
        note(f"base: {base!r}\nchanged: {facts!r}")
        assert rerun.run(facts) == PythonEngine().run(program, facts)
