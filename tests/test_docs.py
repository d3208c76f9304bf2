"""The field reference in docs/ is generated from the models and must not go stale."""

from __future__ import annotations

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.tools import docgen


def test_reference_is_current() -> None:
    assert docgen.TARGET.read_text(encoding="utf-8") == docgen.render(), "run: python -m hiepy_rules.tools.docgen"


def test_reference_names_every_field() -> None:
    text = docgen.render()
    for name in Proposal.model_fields:
        assert f"| `{name}` |" in text
    for fields in FACT_SCHEMA.values():
        for name in fields:
            assert f"| `{name}` |" in text
