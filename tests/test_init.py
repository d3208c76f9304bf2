"""``hiepy init``: a starter proposal that lints clean, checks without a bad-input error, and never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiepy_rules.cli.init import UNIT_KINDS
from hiepy_rules.pipeline import read_proposal
from tests.conftest import RunCli


@pytest.mark.usefixtures("english")  # its English summary
@pytest.mark.parametrize("kind", UNIT_KINDS)
def test_starter_lints_clean_for_every_unit_kind(hiepy: RunCli, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "de-an.yaml"
    made = hiepy("init", str(target), "--unit-kind", kind)
    assert made.exit_code == 0, made.output
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (target.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema.name == "proposal.schema.json" and schema.is_file()
    linted = hiepy("lint", str(target))
    assert linted.exit_code == 0, linted.output
    assert "0 error(s), 0 warning(s)" in linted.stderr
    proposal, _ = read_proposal(target)
    assert proposal.unit.kind == kind
    assert [t.level for t in proposal.titles] == sorted(t.level for t in proposal.titles)
    assert {t.role for t in proposal.titles} >= {"head", "deputy"}
    assert len(proposal.cadres) >= 1
    assert sum(len(t.candidates) for t in proposal.titles) == 1  # one candidacy, as the example
    # the comments speak Vietnamese
    assert "# Thang chức danh của đơn vị" in text
    checked = hiepy("check", str(target))
    assert checked.exit_code in (0, 1), checked.output  # findings are fine; bad input is not


def test_refuses_to_overwrite(hiepy: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "de-an.yaml"
    target.write_text("# của người dùng\n", encoding="utf-8")
    done = hiepy("init", str(target))
    assert done.exit_code == 2
    assert done.stderr.count("\n") == 1 and str(target) in done.stderr
    assert target.read_text(encoding="utf-8") == "# của người dùng\n"


def test_refuses_a_dangling_link(hiepy: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "de-an.yaml"
    target.symlink_to(tmp_path / "elsewhere.yaml")
    assert hiepy("init", str(target)).exit_code == 2
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_unwritable_place_is_one_line(hiepy: RunCli, tmp_path: Path) -> None:
    done = hiepy("init", str(tmp_path / "missing" / "de-an.yaml"))
    assert done.exit_code == 2 and done.stderr.count("\n") == 1
