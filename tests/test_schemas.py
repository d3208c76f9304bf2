"""schemas/*.schema.json are the pydantic models' own schemas, and they accept what hiepy accepts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hiepy_rules.load.packs import bundled_rules_dir
from hiepy_rules.load.yamlio import load
from hiepy_rules.tools import schema_export

SMALL_PROPOSAL: dict[str, Any] = {
    "format": "hiepy/proposal/1",
    "id": "cuc-thue-2012",
    "date": "2012-08-01",
    "unit": {"name": "Cục Thuế tỉnh Quảng Trị", "kind": "central_line_unit", "works_locally": True},
    "titles": [
        {
            "id": "pho-cuc-truong",
            "name": "Phó Cục trưởng",
            "role": "deputy",
            "level": 2,
            "key": True,
            "candidates": ["nguyen-van-a"],
        },
    ],
    "cadres": [{"id": "nguyen-van-a", "name": "Nguyễn Văn A", "source": "in_house"}],
    "votes": [
        {
            "cadre": "nguyen-van-a",
            "title": "pho-cuc-truong",
            "step": 1,
            "body": "key_cadre_conference",
            "yes": 12,
            "convened": 20,
        }
    ],
}


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((schema_export.schema_dir() / name).read_text(encoding="utf-8"))
    return data


def _as_json(value: Any) -> Any:
    """YAML values as a JSON document would hold them (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_schema_files_are_up_to_date() -> None:
    stale = schema_export.stale(schema_export.schema_dir())
    assert stale == [], f"stale: {stale}; run python -m hiepy_rules.tools.schema_export"


def test_the_export_is_deterministic_and_sorted() -> None:
    for name, text in schema_export.rendered().items():
        assert text.endswith("}\n")
        assert text == schema_export.rendered()[name]
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_check_mode_reports_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_export, "schema_dir", lambda: tmp_path)
    assert schema_export.main([]) == 0
    assert schema_export.main(["--check"]) == 0
    (tmp_path / "proposal.schema.json").write_text("{}\n", encoding="utf-8")
    assert schema_export.main(["--check"]) == 1


@pytest.mark.parametrize("name", sorted(schema_export.SCHEMAS))
def test_schemas_are_valid_json_schema(name: str) -> None:
    Draft202012Validator.check_schema(_schema(name))


def test_a_small_proposal_validates_against_the_json_schema() -> None:
    validator = Draft202012Validator(_schema("proposal.schema.json"))
    assert list(validator.iter_errors(SMALL_PROPOSAL)) == []


@pytest.mark.parametrize(
    "change",
    [
        {"unit": {"name": "x", "kind": "ministry"}},  # not a unit kind
        {"titles": []},  # at least one title
        {"colour": "red"},  # unknown field
    ],
)
def test_the_json_schema_rejects_what_hiepy_rejects(change: dict[str, Any]) -> None:
    validator = Draft202012Validator(_schema("proposal.schema.json"))
    assert list(validator.iter_errors({**SMALL_PROPOSAL, **change})) != []


def test_the_bundled_rule_files_validate_against_the_provision_schema() -> None:
    validator = Draft202012Validator(_schema("provision.schema.json"))
    files = sorted(p for p in bundled_rules_dir().glob("*/*.yaml") if p.name != "pack.yaml")
    assert files, "no bundled rule files"
    for path in files:
        errors = [e.message for e in validator.iter_errors(_as_json(load(path).data))]
        assert errors == [], path
