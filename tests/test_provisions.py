"""Every provision of every bundled pack has a pair of examples, and each example shows what it says.

``examples/rules/<provision-id>.violates.yaml`` must yield a finding of that provision: a violation
(with the provision's severity) for ``must`` / ``must_not``, a notice for ``should``, and for a
``may`` provision the conflict it takes part in (the permission it grants, withdrawn by another
pack). ``examples/rules/<provision-id>.complies.yaml`` must yield no finding that names it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.schema.provision import Provision
from tests.helpers import RULE_EXAMPLES, bundled_rules, kinds, of, run

PROVISIONS = sorted(bundled_rules().by_id)


def provision(pid: str) -> Provision:
    return bundled_rules().by_id[pid][1].provision


def test_the_bundled_packs_load_cleanly_and_have_provisions() -> None:
    rs = bundled_rules()
    assert [p for p in rs.problems if p.severity == "error"] == []
    assert {p.id for p in rs.packs} >= {"national-2012", "quang-tri-2012", "ministry-variant-2012"}
    assert len(PROVISIONS) >= 18


def test_every_provision_has_an_example_pair() -> None:
    missing = [
        f"examples/rules/{pid}.{side}.yaml"
        for pid in PROVISIONS
        for side in ("violates", "complies")
        if not (RULE_EXAMPLES / f"{pid}.{side}.yaml").is_file()
    ]
    assert missing == [], "write the missing examples"


def test_every_rule_example_names_a_bundled_provision() -> None:
    stale = []
    for path in sorted(RULE_EXAMPLES.glob("*.yaml")):
        pid, _, side = path.stem.rpartition(".")
        if pid not in PROVISIONS or side not in ("violates", "complies"):
            stale.append(path.name)
    assert stale == [], "examples for provisions that no bundled pack has (renamed or removed?)"


def test_every_rule_example_starts_with_a_comment_saying_what_it_shows() -> None:
    silent = []
    for path in sorted(RULE_EXAMPLES.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        first = lines[1] if lines[0].startswith("# yaml-language-server:") else lines[0]
        pid = path.stem.rpartition(".")[0]
        if not (first.startswith("# ") and pid in first):
            silent.append(path.name)
    assert silent == []


@pytest.mark.parametrize("pid", PROVISIONS)
def test_violating_example_shows_the_provision(pid: str) -> None:
    path = RULE_EXAMPLES / f"{pid}.violates.yaml"
    assert path.is_file(), f"no example {path.name}"
    p = provision(pid)
    result = run(path)
    if p.modality in ("must", "must_not"):
        hits = of(result, pid, "violation")
        assert hits, kinds(result)
        assert all(f.severity == p.severity for f in hits)
        assert all(f.provisions == [pid] for f in hits)
    elif p.modality == "should":
        hits = of(result, pid, "notice")
        assert hits, kinds(result)
        assert all(f.severity == "info" for f in hits)
    elif p.modality == "may":
        hits = [f for f in of(result, pid) if f.conflict is not None]  # a conflict, or set aside by one
        assert hits, kinds(result)
        for f in hits:
            assert f.conflict is not None
            assert f.conflict.kind == "permission_withdrawn"
            assert pid in [s.provision for s in f.conflict.sides]
    else:  # a derive-only provision: its derived fact must show in some finding's explanation
        hits = [f for f in result.findings if any(e.en.startswith(f"{pid}:") for e in f.explanation)]
        assert hits, kinds(result)
    # whatever the provision, a finding about it says where it is and cites it
    for f in hits:
        assert f.location.line > 0
        assert f.message.vi and f.message.en
        assert p.modality is None or pid in [d.provision for d in f.documents]


@pytest.mark.parametrize("pid", PROVISIONS)
def test_complying_example_has_no_finding_of_the_provision(pid: str) -> None:
    path = RULE_EXAMPLES / f"{pid}.complies.yaml"
    assert path.is_file(), f"no example {path.name}"
    result = run(path)
    assert of(result, pid) == [], kinds(result)


@pytest.mark.parametrize("pid", PROVISIONS)
def test_the_pair_is_judged_by_the_same_packs(pid: str) -> None:
    """The two examples of a pair are judged by the same packs (the complying one is not merely out of scope)."""
    violates = run(RULE_EXAMPLES / f"{pid}.violates.yaml")
    complies = run(RULE_EXAMPLES / f"{pid}.complies.yaml")
    assert [p.id for p in complies.packs] == [p.id for p in violates.packs]
    assert bundled_rules().by_id[pid][0].id in [p.id for p in complies.packs]


# --- readings the packs promise (brief decisions 4 and 5) ------------------------------------


def test_exactly_half_is_not_above_half_and_the_denominator_is_flagged() -> None:
    """M4 "trên 50%": 16 of 32 convened fails; over the valid ballots (16/30) it would pass, and the finding says so."""
    [f] = of(run(RULE_EXAMPLES / "ministry-variant-2012.M4.violates.yaml"), "ministry-variant-2012.M4", "violation")
    [v] = f.values
    assert (v.fact, v.actual, v.op, v.expected) == ("share(convened)", "16/32", "gt", "1/2")
    assert any("depends on the reading of the denominator" in e.en and "valid ballots" in e.en for e in f.explanation)
    assert any("phụ thuộc cách hiểu mẫu số" in e.vi for e in f.explanation)


def test_unset_deadline_setting_is_a_notice_never_a_silent_pass(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), root)
    manifest = root / "quang-tri-2012" / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "    value: 30\n" in text
    manifest.write_text(text.replace("    value: 30\n", ""), encoding="utf-8")
    rs = load_rules([root])
    for name in ("violates", "complies"):
        result = run(RULE_EXAMPLES / f"quang-tri-2012.G6.{name}.yaml", rules=rs)
        [f] = of(result, "quang-tri-2012.G6")
        assert (f.kind, f.severity) == ("notice", "info"), kinds(result)
        assert "political_history_min_days" in f.message.en and "political_history_min_days" in f.message.vi


# --- findings speak the analyst's language ---------------------------------------------------


def test_l3_message_is_in_words_not_field_names() -> None:
    [f] = of(run(RULE_EXAMPLES / "quang-tri-2012.L3.violates.yaml"), "quang-tri-2012.L3", "violation")
    text = " ".join([f.message.vi, f.message.en, *(e.vi for e in f.explanation), *(e.en for e in f.explanation)])
    assert "planned_same_or_higher" not in text and "in_dossier" not in text


def test_pack_scope_is_explained_in_words() -> None:
    [f] = of(run(RULE_EXAMPLES / "quang-tri-2012.G2.violates.yaml"), "quang-tri-2012.G2", "violation")
    [scope] = [e for e in f.explanation if "quang-tri-2012" in e.en]
    assert "unit." not in scope.vi and "unit." not in scope.en
    assert "tỉnh" in scope.vi


def test_g6_says_its_bound_is_a_local_setting() -> None:
    [f] = of(run(RULE_EXAMPLES / "quang-tri-2012.G6.violates.yaml"), "quang-tri-2012.G6", "violation")
    vi = " ".join([f.message.vi, *(e.vi for e in f.explanation)])
    en = " ".join([f.message.en, *(e.en for e in f.explanation)])
    assert "political_history_min_days" in en and "local setting" in en
    assert "thiết lập địa phương" in vi
