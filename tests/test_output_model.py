"""The output models are stored as hiepy made them, unvalidated (``findings.output.Output``): what they hold
is what validation gives, validation is still there when asked for, and a cold check never builds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from hiepy_rules.findings import output
from hiepy_rules.findings.model import CheckResult, Location, Reading, Words
from hiepy_rules.findings.output import Output
from tests.helpers import DOSSIER, EXAMPLES, example_files, run


def _models(value: Any) -> Iterator[BaseModel]:
    """Every model inside ``value``, ``value`` first when it is one."""
    if isinstance(value, BaseModel):
        yield value
        value = value.__dict__
    if isinstance(value, dict):
        for v in value.values():
            yield from _models(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _models(v)


@pytest.fixture
def unverified(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "VERIFY", False)  # what a user's process does


@pytest.mark.usefixtures("unverified")
@pytest.mark.parametrize("path", [DOSSIER, EXAMPLES / "cuc-thue-quang-tri-2026.yaml", *example_files()[::9]])
def test_each_model_of_a_check_holds_what_validating_it_gives(path: Any) -> None:
    result = run(path)
    made = list(_models(result))
    assert len(made) > 1
    for m in made:
        validated = type(m).model_validate({k: m.__dict__[k] for k in m.model_fields_set})
        assert output._same(m.__dict__, validated.__dict__), type(m).__name__  # the defaults too
        assert m.model_dump_json() == validated.model_dump_json()


def test_verification_refuses_a_value_validation_would_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "VERIFY", True)
    label = Words(vi="trên số có mặt", en="of those present")
    fields: dict[str, Any] = dict(over="present", label=label, count=3, denominator=5, holds=True)
    assert Reading(**fields, percent=60.0, provision_reading=True).percent == 60.0
    with pytest.raises(TypeError, match="percent"):  # an int where a float is declared: 60 → 60.0
        Reading(**fields, percent=60, provision_reading=True)
    with pytest.raises(ValidationError):
        Words(vi=1, en="x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Words(vi="a", en="b", fr="c")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 'en'"):
        Words(vi="a")  # type: ignore[call-arg]


@pytest.mark.usefixtures("unverified")
def test_without_verification_a_model_is_made_from_the_values_as_given() -> None:
    words = Words(vi="a", en="b")
    assert (words.vi, words.en, words.model_fields_set) == ("a", "b", {"vi", "en"})
    assert words == Words.model_validate({"vi": "a", "en": "b"}) and hash(words) == hash(Words(vi="a", en="b"))
    with pytest.raises(ValidationError):
        words.vi = "c"  # type: ignore[misc]  # still frozen
    with pytest.raises(TypeError, match="missing 'en'"):
        Words(vi="a")  # type: ignore[call-arg]


def test_json_read_back_is_validated_into_models() -> None:
    result = run(DOSSIER)
    back = CheckResult.model_validate(json.loads(result.model_dump_json()))
    assert all(type(a) is type(b) for a, b in zip(_models(back), _models(result), strict=True))
    assert back.model_copy(update={"titles": result.titles}) == result  # titles are not in the JSON
    with pytest.raises(ValidationError):
        CheckResult.model_validate({**result.model_dump(mode="json"), "findings": [{"kind": "violation"}]})


def test_a_mutable_default_needs_a_factory() -> None:
    with pytest.raises(TypeError, match="default_factory"):

        class _Bad(Output):
            names: list[str] = []  # noqa: RUF012


_BUILT = """
import contextlib, io, sys
sys.argv = ["hiepy", "check", {dossier!r}, "--engine", "python"]
from hiepy_rules.cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main()
from hiepy_rules.findings import model, output
print([n for n, c in vars(model).items() if isinstance(c, type) and issubclass(c, output.Output)
       and c.__pydantic_complete__])
"""


def test_a_text_check_builds_no_output_validator() -> None:
    """pydantic builds a model's validators on first use; a text report never uses them (~18 M
    instructions of every new process)."""
    env = {**os.environ, "HIEPY_VERIFY_OUTPUT": "0"}
    code = _BUILT.format(dossier=str(DOSSIER))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(out.stdout.strip().replace("'", '"')) == []
    env["HIEPY_VERIFY_OUTPUT"] = "1"  # the test's own check: verification builds them
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "Finding" in out.stdout


def test_the_json_leaves_out_what_holds_nothing() -> None:
    """A YAML file's location has no sheet and cell; a finding without a waiver, folded findings or
    readings has none of those keys (the JSON contract of a check without --waivers)."""
    assert Location(file="a.yaml", line=3, column=5).model_dump() == {"file": "a.yaml", "line": 3, "column": 5}
    cell = Location(file="a.xlsx", line=3, column=5, sheet="Cán bộ", cell="E3").model_dump()
    assert (cell["sheet"], cell["cell"]) == ("Cán bộ", "E3")
    findings = [f.model_dump(mode="json") for f in run(DOSSIER).findings]
    assert not any("waiver" in f for f in findings)
    assert all(f.get("folded", [None]) and f.get("readings", [None]) for f in findings)  # absent, or not empty
    assert any("folded" in f for f in findings) and all("sheet" not in f["location"] for f in findings)
