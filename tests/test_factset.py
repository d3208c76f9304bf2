"""A proposal's facts are built once and carried through the check (FactSet), title names with them."""

from __future__ import annotations

import json

from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.factset import FactSet, build_facts, fact_paths, unit_fact
from hiepy_rules.compile.ladder import Ladder
from hiepy_rules.findings import conflicts
from hiepy_rules.load.packs import load_rules
from hiepy_rules.pipeline import check_proposal, read_proposal
from hiepy_rules.report import CheckReport
from hiepy_rules.report import text as text_report
from hiepy_rules.report.json import to_json
from tests.helpers import DOSSIER, example_files


def test_a_fact_set_holds_the_same_facts_and_paths_as_building_them_apart() -> None:
    rules = load_rules(None)
    for path in example_files():
        proposal, _ = read_proposal(path)
        ladder = Ladder(proposal)
        unit = unit_fact(proposal, ladder)
        program = program_for(rules, proposal.date, unit)
        fs = FactSet.of(proposal, program.shares, ladder, unit)
        assert fs.facts == build_facts(proposal, program.shares), path
        assert fs.paths == fact_paths(proposal), path
        assert fs.ladder is ladder


def test_the_conflicts_found_with_the_checks_ladder_are_those_found_without_it() -> None:
    rules = load_rules(None)
    proposal, _ = read_proposal(DOSSIER)
    fs = FactSet.of(proposal)
    program = program_for(rules, proposal.date, fs.facts[0])
    outcomes = {("x.none", "violated", "unit")}

    def seen(clashes: list[conflicts.Clash]) -> list[tuple[object, ...]]:  # a choice's apply is a closure
        return [(c.kind, c.choice.key, c.choice.domain, c.a, c.b, c.fact_ids) for c in clashes]

    mine = seen(conflicts.find(proposal, fs.facts, program, outcomes, ladder=fs.ladder))
    assert mine and mine == seen(conflicts.find(proposal, fs.facts, program, outcomes))


def test_title_names_travel_in_the_result_and_stay_out_of_the_json() -> None:
    proposal, doc = read_proposal(DOSSIER)
    result = check_proposal(proposal, doc=doc, engine="python")
    assert result.titles == {t.id: t.name for t in proposal.titles}
    assert "titles" not in json.loads(to_json([result]))["results"][0]
    # the text report groups by title name from the result alone: the file it names does not exist
    moved = result.model_copy(update={"file": str(DOSSIER.with_name("gone-away.yaml"))})
    out = text_report.check(CheckReport([moved], load_rules(None)))
    heads = [line for line in out.splitlines() if line.strip().startswith(text_report._t("title_group", "vi") + ":")]
    assert heads and all(any(t.name in h for t in proposal.titles) for h in heads)
