"""The cyclic garbage collector is held off while a proposal is read or checked, and only then
(``hiepy_rules.collector``): on again after every call, failed ones included, off after it for a
caller who turned it off, and the garbage a check leaves collected by the next collection."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hiepy_rules import check, check_proposal
from hiepy_rules.errors import InputError
from hiepy_rules.pipeline import read_proposal
from tests.helpers import DOSSIER, bundled_rules


def collections_during(call: Callable[[], Any]) -> list[int]:
    """The collections (their generations) started while ``call`` runs, with the collector as eager
    as it can be: due after every allocation of a tracked object."""
    started: list[int] = []
    inside = [False]

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and inside[0]:
            started.append(info["generation"])

    threshold = gc.get_threshold()
    gc.callbacks.append(note)
    gc.set_threshold(1)
    try:
        inside[0] = True
        call()
        inside[0] = False
    finally:
        inside[0] = False
        gc.set_threshold(*threshold)
        gc.callbacks.remove(note)
    return started


def test_no_collection_runs_while_a_proposal_is_read_or_checked() -> None:
    rs = bundled_rules()
    proposal, _ = read_proposal(DOSSIER)
    assert gc.isenabled()
    assert collections_during(lambda: read_proposal(DOSSIER)) == []
    assert collections_during(lambda: check_proposal(proposal, rules=rs, engine="python")) == []
    assert collections_during(lambda: check(DOSSIER, rules=rs, engine="python")) == []
    assert gc.isenabled()
    # the same with any other work: the collector is eager here
    assert collections_during(lambda: [[i] for i in range(100)])


def test_the_collector_is_on_again_after_a_call_that_failed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ndate: 2012-09-01\nunit: [1, 2\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(InputError):
        check(bad, rules=bundled_rules(), engine="python")
    assert gc.isenabled()


def test_a_caller_who_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        check(DOSSIER, rules=bundled_rules(), engine="python")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_garbage_of_many_checks_is_collected_between_them() -> None:
    """Memory stays flat: what checks leave in cycles is gone with the first collection after them."""
    rs = bundled_rules()
    proposal, _ = read_proposal(DOSSIER)

    def tracked_after(n: int) -> int:
        for _ in range(n):
            check_proposal(proposal, rules=rs, engine="python")
        gc.collect()
        return len(gc.get_objects())

    tracked_after(2)  # programs compiled, caches filled
    one, ten = tracked_after(1), tracked_after(10)
    assert ten - one < 100  # nothing a check made outlives it (a few cached entries at most)
