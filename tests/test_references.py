"""The quick test of a proposal's references (``consistent``) says "no problem" exactly when listing
every problem finds none: on generated proposals, each broken in one of the ways a reference can be."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from pydantic import ValidationError

from hiepy_rules.load.yamlio import loads
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import consistent, every_problem, reference_problems
from tests.budget import examples
from tests.test_batch import gen


def _break(data: dict[str, Any], how: str, rnd: random.Random) -> None:
    """Make one reference wrong (or, for ``none``, change nothing a reference depends on)."""
    titles, cadres = data["titles"], data["cadres"]
    t, c = rnd.choice(titles), rnd.choice(cadres)
    ghost = "khong-co-ai"
    if how == "title_id_twice":
        rnd.choice(titles)["id"] = t["id"]
    elif how == "cadre_id_twice":
        rnd.choice(cadres)["id"] = c["id"]
    elif how in ("candidates", "holders"):
        t.setdefault(how, []).append(rnd.choice([ghost, c["id"]]))  # unknown, or perhaps named twice
    elif how == "candidate_twice" and t.get("candidates"):
        t["candidates"].append(t["candidates"][0])
    elif how == "more_holders_than_seats":
        t["holders"] = [x["id"] for x in cadres[: t.get("seats", 1) + 1]]
    elif how == "holds_two_titles":
        held = [h for x in titles for h in x.get("holders", [])]
        if held:
            t.setdefault("holders", []).append(rnd.choice(held))
    elif how == "current_level_of_a_holder":
        held = {h for x in titles for h in x.get("holders", [])}
        for x in cadres:
            if x["id"] in held:
                x["current_level"] = 3
                break
    elif how == "planned_for":
        c["planned_for"] = [rnd.choice([ghost, t["id"]])]
    elif how in ("vote_cadre", "vote_title") and data.get("votes"):
        rnd.choice(data["votes"])[how.split("_")[1]] = ghost
    elif how == "vote_twice" and data.get("votes"):
        data["votes"].append(copy.deepcopy(rnd.choice(data["votes"])))
    elif how in ("consultation_title", "consultation_cadre") and data.get("consultations"):
        rnd.choice(data["consultations"])[how.split("_")[1]] = ghost
    elif how == "appointment":
        data["appointments"] = [{"title": rnd.choice([ghost, t["id"]]), "cadre": rnd.choice([ghost, c["id"]])}]
    elif how == "report":
        report = {"matter": "planning", "title": rnd.choice([ghost, t["id"]]), "by": "unit_leadership"}
        data["reports"] = [{**report, "to": "other", "via": "direct"}]


WAYS = [
    "none",
    "title_id_twice",
    "cadre_id_twice",
    "candidates",
    "holders",
    "candidate_twice",
    "more_holders_than_seats",
    "holds_two_titles",
    "current_level_of_a_holder",
    "planned_for",
    "vote_cadre",
    "vote_title",
    "vote_twice",
    "consultation_title",
    "consultation_cadre",
    "appointment",
    "report",
]


@pytest.mark.parametrize("how", WAYS)
def test_the_quick_test_agrees_with_listing_every_problem(how: str) -> None:
    rnd = random.Random(how)
    broken = 0
    for seed in range(examples(12)):
        data = loads(gen.typical(seed), f"s{seed}.yaml").data
        _break(data, how, rnd)
        try:
            proposal = Proposal.model_validate(data)
        except ValidationError:
            continue
        found = every_problem(proposal)
        assert consistent(proposal) == (found == []), (how, seed, found)
        assert reference_problems(proposal) == found
        broken += bool(found)
    if how == "none":
        assert broken == 0
    else:
        assert broken > 0, f"no proposal was broken by {how}"
