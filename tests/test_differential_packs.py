"""The two engines give identical findings on random proposals over the bundled packs.

CI runs a few hundred cases; ``HIEPY_DEEP=1`` runs 100,000 (see docs/engines.md).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from hiepy_rules.engine import durable_available, get_engine
from hiepy_rules.load.packs import load_rules
from hiepy_rules.pipeline import check_proposal
from hiepy_rules.report.json import to_json
from hiepy_rules.schema.proposal import Proposal
from tests.budget import examples
from tests.strategies import proposals

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable-rules is not installed here")

RULES = load_rules()
EXAMPLES = examples(300)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals())
def test_engines_agree_on_random_proposals(data: dict) -> None:
    proposal = Proposal.model_validate(data)
    by_python = check_proposal(proposal, rules=RULES, engine="python")
    by_durable = check_proposal(proposal, rules=RULES, engine="durable")
    assert by_durable.engine == "durable" and by_python.engine == "python"
    assert to_json([by_python]) == to_json([by_durable])


def test_python_engine_is_selectable_everywhere() -> None:
    assert get_engine("python").name == "python"
