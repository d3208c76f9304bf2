"""Golden tests: the JSON report of every bundled example, under each engine, is exactly as recorded.

``tests/golden/<example name>.json`` holds ``to_json([check(example)])`` with the example's path
relative to the repository root. Both engines must produce it byte for byte (the engine's name is
not part of the JSON). To record the goldens again after an intended change, from the python
engine::

    HIEPY_REGEN=1 .venv/bin/pytest tests/test_examples.py

then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hiepy_rules.engine import durable_available
from hiepy_rules.report.json import to_json
from tests.helpers import DOSSIER, EXAMPLES, GOLDEN, example_files, relative, run

REGEN = os.environ.get("HIEPY_REGEN") == "1"
FILES = example_files()
ENGINES = [
    pytest.param("python", id="python"),
    pytest.param(
        "durable",
        id="durable",
        marks=pytest.mark.skipif(not durable_available(), reason="durable-rules is not installed here"),
    ),
]


def golden(path: Path) -> Path:
    return GOLDEN / f"{path.stem}.json"


def report(path: Path, engine: str) -> str:
    return to_json([run(path, engine=engine)])  # type: ignore[arg-type]


def test_examples_are_there() -> None:
    names = {relative(p) for p in FILES}
    assert "examples/cuc-thue-quang-tri-2012.yaml" in names
    assert "examples/clean.yaml" in names
    assert {f"examples/conflicts/{n}.yaml" for n in ("C1", "C2", "C3", "C4", "C1-two-deputies")} <= names
    assert len([n for n in names if n.startswith("examples/rules/")]) >= 36


def test_example_names_are_unique_so_goldens_do_not_collide() -> None:
    stems = [p.stem for p in FILES]
    assert len(stems) == len(set(stems))


def test_every_golden_belongs_to_an_example() -> None:
    stale = sorted(p for p in GOLDEN.glob("*.json") if p.stem not in {f.stem for f in FILES})
    if REGEN:
        for p in stale:
            p.unlink()
        stale = []
    assert [p.name for p in stale] == [], "goldens for examples that no longer exist"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", FILES, ids=[relative(p) for p in FILES])
def test_report_matches_golden(path: Path, engine: str) -> None:
    out = report(path, engine)
    target = golden(path)
    if REGEN and engine == "python":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(out, encoding="utf-8")
    assert target.is_file(), f"no golden for {relative(path)}: run HIEPY_REGEN=1 pytest {relative(Path(__file__))}"
    assert out == target.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=[relative(p) for p in FILES])
def test_same_check_twice_is_byte_identical(path: Path) -> None:
    assert report(path, "python") == report(path, "python")


def test_golden_names_the_file_relative_to_the_repository() -> None:
    data = json.loads(golden(DOSSIER).read_text(encoding="utf-8"))
    [result] = data["results"]
    assert result["file"] == "examples/cuc-thue-quang-tri-2012.yaml"
    assert "engine" not in result
    assert {f["location"]["file"] for f in result["findings"]} == {"examples/cuc-thue-quang-tri-2012.yaml"}


def test_golden_of_the_dossier_has_its_known_shape() -> None:
    """A guard against regenerating goldens blindly: the dossier's counts, as the example promises."""
    data = json.loads(golden(DOSSIER).read_text(encoding="utf-8"))
    [result] = data["results"]
    assert [p["id"] for p in result["packs"]] == ["ministry-variant-2012", "national-2012", "quang-tri-2012"]
    counts: dict[str, int] = {}
    for f in result["findings"]:
        counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    # the four conflicts each hold their ministry side's violation (brief decision 9): G6 is left
    assert counts == {"conflict": 4, "notice": 2, "violation": 1}


def test_golden_of_the_clean_example_has_no_findings() -> None:
    data = json.loads(golden(EXAMPLES / "clean.yaml").read_text(encoding="utf-8"))
    assert data["results"][0]["findings"] == []


def test_clean_example_is_clean() -> None:
    result = run(EXAMPLES / "clean.yaml")
    assert result.errors == 0
    bad = [
        f
        for f in result.findings
        if f.kind in ("violation", "conflict") or (f.kind == "indeterminate" and f.severity != "info")
    ]
    assert bad == []
    # and it is judged by all three packs, so it shows they can all be met at once
    assert [p.id for p in result.packs] == ["ministry-variant-2012", "national-2012", "quang-tri-2012"]


def test_engine_is_recorded_when_asked() -> None:
    result = run(EXAMPLES / "clean.yaml")
    assert json.loads(to_json([result], include_engine=True))["results"][0]["engine"] == "python"
