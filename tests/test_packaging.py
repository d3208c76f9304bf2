"""The data hiepy ships (bundled packs, JSON Schemas): found in a checkout, and a clear message when absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hiepy_rules.load import resources
from hiepy_rules.load.packs import load_rules
from hiepy_rules.tools import schema_export
from tests.conftest import RunCli
from tests.helpers import REPO


def test_a_checkout_reads_the_repository_folders() -> None:
    assert resources.data_dir("rules") == REPO / "rules"
    assert resources.data_dir("schemas") == REPO / "schemas"


def test_missing_bundled_rules_say_the_installation_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIEPY_RULES", raising=False)
    monkeypatch.setattr(resources, "data_dir", lambda name: tmp_path / "_data" / name)
    rs = load_rules()
    codes = {p.code for p in rs.problems}
    assert codes == {"installation"}
    (problem,) = rs.problems
    assert "cài đặt hiepy chưa đầy đủ" in problem.message and "reinstall hiepy" in problem.en
    assert "hiepy lint" not in problem.message + problem.en


@pytest.mark.parametrize("name", ["proposal", "provision", "pack-tests", "waivers"])
def test_hiepy_schema_prints_the_bundled_schema_with_a_stable_id(hiepy: RunCli, name: str) -> None:
    result = hiepy("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == f"urn:hiepy:schema:{name}"
    assert result.stdout == (schema_export.schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")


def test_an_unknown_schema_name_suggests_the_closest(hiepy: RunCli) -> None:
    result = hiepy("schema", "propsal")
    assert result.exit_code == 2
    assert "có phải ý bạn là 'proposal'?" in result.stderr


def test_every_example_proposal_and_rule_file_names_its_schema() -> None:
    files = [
        *((p, "proposal") for p in sorted((REPO / "examples").rglob("*.yaml"))),
        *((p, "provision") for p in sorted((REPO / "rules").glob("*/*.yaml")) if p.name != "pack.yaml"),
    ]
    assert len(files) > 80
    for path, kind in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.partition("$schema=")[2]).resolve()
        assert target == REPO / "schemas" / f"{kind}.schema.json", path
