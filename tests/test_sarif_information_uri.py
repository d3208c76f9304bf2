"""SARIF's ``informationUri`` comes from the package metadata (``[project.urls]``), or from
``information-uri`` in the configuration where an organization hosts its own copy; lint rules carry
the registry's help for their code. The log stays valid against SARIF 2.1.0."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiepy_rules.errors import CODES
from hiepy_rules.report import sarif
from tests.conftest import RunCli, Write
from tests.helpers import REPO
from tests.test_formats import sarif_validator

OWN_COPY = "https://quytac.example.gov.vn/hiepy/"


@pytest.fixture(autouse=True)
def _forget_configuration() -> Iterator[None]:
    yield
    sarif.set_information_uri(None)


def test_the_information_uri_is_the_packages_declared_address() -> None:
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    expected = next(urls[k] for k in ("Documentation", "Homepage", "Source") if k in urls)
    assert sarif.information_uri() == expected and expected.startswith("https://")


def _lint_sarif(hiepy: RunCli, rules_root: Path) -> dict[str, object]:
    result = hiepy("lint", str(rules_root), "--format", "sarif")
    log = json.loads(result.stdout)
    assert list(sarif_validator().iter_errors(log)) == []
    return log


def test_an_organization_points_information_uri_at_its_own_copy(
    hiepy: RunCli, rules_root: Path, write: Write
) -> None:
    write("rules/demo/rules.yaml", (rules_root / "demo" / "rules.yaml").read_text().replace("candidate_count", "x"))
    before = _lint_sarif(hiepy, rules_root)
    assert before["runs"][0]["tool"]["driver"]["informationUri"] == sarif.information_uri()  # type: ignore[index]
    write("hiepy.toml", f'information-uri = "{OWN_COPY}"\n')
    log = _lint_sarif(hiepy, rules_root)
    driver = log["runs"][0]["tool"]["driver"]  # type: ignore[index]
    assert driver["informationUri"] == OWN_COPY
    [rule] = [r for r in driver["rules"] if r["id"] == "hiepy.lint.unknown-fact"]
    vi, en = CODES["unknown-fact"].doc
    assert rule["help"]["text"] == f"{vi} — {en}"


def test_a_bad_information_uri_is_a_configuration_error(hiepy: RunCli, rules_root: Path, write: Write) -> None:
    write("hiepy.toml", 'information-uri = "quytac/hiepy"\n')
    result = hiepy("--lang", "en", "lint", str(rules_root))
    assert result.exit_code == 2
    assert "information-uri must be an absolute address starting with https://" in result.stderr
