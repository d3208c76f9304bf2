"""Runtime conflicts agree with an independent brute-force oracle (tests/oracle.py).

Random packs of obligations over the fields the proposal's choices decide (plan sizes, who is
on a title's list, who draws up the nomination list), on random small proposals: every pair of
obligations ``conflicts.find`` calls incompatible, the oracle, enumerating the proposal's
choices and re-running the whole check, finds incompatible too, and the other way round.
CI runs a few hundred proposals (thousands of pairs); HIEPY_DEEP=1 or bench/oracle_deep.py the long profile.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.factset import build_facts
from hiepy_rules.load.packs import load_rules
from hiepy_rules.schema.proposal import Proposal
from tests.budget import examples
from tests.fuzzing import pack_manifest, write_root
from tests.oracle import _variants, obligation_provisions, oracle, runtime
from tests.strategies import proposals


def compare(data: dict[str, Any], root: Path) -> tuple[set[Any], set[Any], int]:
    """(runtime only, oracle only, pairs compared) on the choices the oracle enumerates."""
    proposal = Proposal.model_validate(data)
    program = program_for(load_rules([root]), proposal.date, build_facts(proposal)[0])
    covered = {(name, key) for name, key, _, _ in _variants(data)}
    by_runtime = {v for v in runtime(data, program) if v[:2] in covered}
    by_oracle = oracle(data, program)
    n = sum(1 for cp in program.provisions if cp.modality in ("must", "must_not"))
    return by_runtime - by_oracle, by_oracle - by_runtime, len(covered) * n * (n - 1) // 2


@settings(
    max_examples=examples(120),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(proposals(), st.integers(0, 2**32 - 1))
def test_runtime_conflicts_agree_with_the_oracle(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], seed: int
) -> None:
    rnd = random.Random(seed)
    root = write_root(tmp_path_factory.mktemp("o") / "rules", pack_manifest(rnd), obligation_provisions(rnd, 5))
    only_runtime, only_oracle, _ = compare(data, root)
    assert not only_runtime, f"conflicts.find reports what no enumeration confirms: {only_runtime}"
    assert not only_oracle, f"the oracle finds conflicts conflicts.find misses: {only_oracle}"
