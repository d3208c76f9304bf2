"""YAML → workbook → YAML is lossless on generated proposals (the proposal strategy, with awkward texts)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiepy_rules.cli.convert import proposal_yaml
from hiepy_rules.load.validate import validate
from hiepy_rules.load.workbook_write import workbook_bytes
from hiepy_rules.load.yamlio import loads
from hiepy_rules.pipeline import read_document
from hiepy_rules.schema.proposal import Proposal
from tests.budget import examples
from tests.strategies import proposals

# texts a spreadsheet might read as something else: numbers, dates, booleans, formulas, lists
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠẤỒỮỲ 0123456789,;:=-+/'\"#!\n"
_AWKWARD = ["2015", "01/09/2012", "2012-09-01", "TRUE", "có", "=SUM(A1:A3)", "#N/A", "a, b", "0.5", "1e3"]
texts = st.one_of(
    st.sampled_from(_AWKWARD), st.text(_ALPHABET, min_size=1, max_size=40).filter(lambda s: bool(s.strip()))
)


@st.composite
def awkward_proposals(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(proposals())
    data["period"] = draw(texts)
    data["unit"]["name"] = draw(texts)
    for t in data["titles"]:
        t["name"] = draw(texts)
    for c in data["cadres"]:
        c["name"] = draw(texts)
        if draw(st.booleans()):
            c["current_post"] = draw(texts)
    for r in data["committee_seat_requests"]:
        r["note"] = draw(texts)
    if "nomination" in data and draw(st.booleans()):
        data["nomination"]["note"] = draw(texts)
    return data


def _through_workbook(proposal: Proposal, folder: Path) -> Proposal:
    path = folder / "p.xlsx"
    path.write_bytes(workbook_bytes(proposal))
    return validate(Proposal, read_document(path))


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(awkward_proposals())
def test_yaml_to_workbook_to_yaml_is_lossless(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    original = validate(Proposal, loads(text, "p.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        again = _through_workbook(original, Path(folder))
    assert again.model_dump() == original.model_dump()
    back = validate(Proposal, loads(proposal_yaml(again), "back.yaml"))
    assert back.model_dump() == original.model_dump()
