"""``hiepy explain ID`` and ``hiepy rules ID``: every bundled provision explained, in text and JSON."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hiepy_rules.schema import proposal as model
from hiepy_rules.tools.explain import UnknownProvision, clashes, explain, render_text
from tests.conftest import RunCli
from tests.helpers import REPO, bundled_rules

PROVISIONS = sorted(bundled_rules().versions_of)


@cache
def whole_analysis() -> dict[str, Any]:
    from hiepy_rules.analysis.report import build

    return build(bundled_rules(), confirm=False).payload()


@pytest.mark.parametrize("pid", PROVISIONS)
def test_every_bundled_provision_is_explained(pid: str) -> None:
    rs = bundled_rules()
    data = explain(rs, pid, whole_analysis())
    versions = rs.versions_of[pid]
    assert [v["pack"] for v in data["versions"]] == [pack.id for pack, _ in versions]
    latest = versions[-1][1].provision
    assert data["text"] == {"vi": latest.text.vi, "en": latest.text.en}
    assert data["source"]["document"] == latest.source.document
    assert data["facts"], "a provision reads at least one fact"
    top = set(model.Proposal.model_fields)
    for f in data["facts"]:
        first = f["in_proposal"].split(".")[0].split("[")[0].split(",")[0]
        assert f["in_proposal"].startswith("←") or first in top, f
    # the pack tests show it fire (every bundled provision has a violating example)
    assert data["examples"]["violating"], pid
    for case in data["examples"]["violating"] + data["examples"]["complying"]:
        assert Path(case["proposal"]).is_file(), case
    # every clash the whole analysis found for it, no other
    expected = sorted(
        tuple(c["provisions"])
        for key in ("conflicts", "sets", "contradictions")
        for c in whole_analysis()[key]
        if pid in c["provisions"]
    )
    assert sorted(tuple(sorted([pid, *c["with"]])) for c in data["clashes"]) == sorted(
        tuple(sorted(p)) for p in expected
    )
    for lang in ("vi", "en"):
        text = render_text(data, lang)
        assert text.startswith(pid + " — " + data["name"][lang])
        assert latest.text.vi in text and latest.text.en in text
        for other in data["clashes"]:
            assert all(w in text for w in other["with"])


def test_clashes_asked_for_one_provision_match_the_whole_analysis() -> None:
    rs = bundled_rules()
    for pid in ("quang-tri-2012.L3", "ministry-variant-2012.M4"):
        alone = clashes(rs, pid)
        whole = clashes(rs, pid, whole_analysis())
        assert alone == whole and alone["clashes"], pid


def test_the_clash_carries_the_precedence_verdict() -> None:
    data = explain(bundled_rules(), "quang-tri-2012.L3", whole_analysis())
    by_other = {tuple(c["with"]): c for c in data["clashes"]}
    upper = by_other[("national-2021.age-full-term",)]["precedence"][0]
    assert upper["rule"] == "lex_superior" and upper["prevailing"] == "national-2021.age-full-term"
    peer = by_other[("ministry-variant-2012.M1",)]["precedence"][0]
    assert peer["prevailing"] is None and peer["settled_by"]["id"]


def test_unknown_id_suggests_close_ones() -> None:
    with pytest.raises(UnknownProvision) as exc:
        explain(bundled_rules(), "H1")
    assert exc.value.suggestions[0] == "national-2012.H1"


def test_cli_explain_text_json_and_unknown(hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    text = hiepy("explain", "quang-tri-2012.G6")
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("quang-tri-2012.G6 — ")
    assert "Ví dụ trong bộ kiểm thử của gói" in text.stdout
    english = hiepy("explain", "quang-tri-2012.G6", "--lang", "en")
    assert "Examples in the pack tests" in english.stdout
    first = hiepy("explain", "quang-tri-2012.G6", "--format", "json")
    assert json.loads(first.stdout)["id"] == "quang-tri-2012.G6"
    assert hiepy("explain", "quang-tri-2012.G6", "--format", "json").stdout == first.stdout
    bad = hiepy("explain", "quang-tri-2012.G7")
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1 and "quang-tri-2012.G6" in bad.stderr


def test_cli_rules_accepts_an_id(hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    done = hiepy("rules", "national-2012.H1", "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["id"] == "national-2012.H1"
    assert "no such file" not in done.output
    listed = hiepy("rules", "rules/national-2012")  # a folder is still a folder
    assert listed.exit_code == 0 and "H1" in listed.stdout
