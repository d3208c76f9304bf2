"""Fuzzing every command (fast profile): generated, mutated and garbled inputs never crash hiepy.

Each example is one command (check, lint, rules, test, conflicts, diff) over a random rules root
drawn from the provision vocabulary and a random proposal, either valid, structurally mutated or
garbled at the byte level (tests/fuzzing.py). The command must end with exit 0, 1 or 2 and
print no traceback. CI runs a few hundred examples; the deep run (10^5 inputs) is
``bench/fuzz_deep.py`` (figures in docs/hardening.md), or ``HIEPY_DEEP=1`` here.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.budget import examples
from tests.fuzzing import (
    dump,
    garble,
    mutate,
    one_input,
    pack_manifest,
    random_provisions,
    run_command,
    write_root,
)
from tests.strategies import proposals

FAST = settings(
    max_examples=examples(150),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FAST
@given(proposals(), st.integers(0, 2**32 - 1))
def test_every_command_ends_cleanly(
    tmp_path_factory: pytest.TempPathFactory, proposal: dict[str, Any], seed: int
) -> None:
    work = tmp_path_factory.mktemp("fuzz")
    kind, cmd = one_input(work / "in", proposal, random.Random(seed))
    problem = run_command(cmd)
    assert problem is None, f"{kind}: hiepy {' '.join(cmd)}: {problem}"


@settings(FAST, max_examples=examples(60))
@given(st.integers(0, 2**32 - 1))
def test_valid_random_packs_lint_clean_or_with_findings_only(
    tmp_path_factory: pytest.TempPathFactory, seed: int
) -> None:
    """A pack drawn from the vocabulary is valid: lint never calls it bad input (exit 2)."""
    rnd = random.Random(seed)
    root = write_root(tmp_path_factory.mktemp("pack") / "rules", pack_manifest(rnd), random_provisions(rnd, 4))
    from typer.testing import CliRunner

    from hiepy_rules.cli.app import app

    result = CliRunner().invoke(app, ["lint", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    schema_errors = [line for line in result.output.splitlines() if ": error: " in line and "schema" in line]
    assert not schema_errors, result.output


def test_mutations_are_reproducible() -> None:
    """The same seed gives the same mutated input, so a failure found deep can be replayed."""
    data = {"provisions": random_provisions(random.Random(7), 3)}
    assert mutate(data, random.Random(1), 3) == mutate(data, random.Random(1), 3)
    assert garble(dump(data), random.Random(2)) == garble(dump(data), random.Random(2))
    assert mutate(data, random.Random(1), 3) != data


def test_garbled_inputs_through_the_real_entry_point(tmp_path: Path) -> None:
    """A few garbled files through ``python -m hiepy_rules.cli.app`` (what a user runs): one line each, exit 2."""
    rnd = random.Random(20240601)
    root = write_root(tmp_path / "rules", pack_manifest(rnd), random_provisions(rnd, 3))
    text = (root / "fz" / "rules.yaml").read_text(encoding="utf-8")
    names = []
    for i in range(8):
        name = f"g{i}.yaml"
        (tmp_path / name).write_bytes(garble(text, rnd))
        names.append(name)
    for cmd in (["lint", *names], ["check", "--rules", "rules", *names]):
        proc = subprocess.run(
            [sys.executable, "-m", "hiepy_rules.cli.app", *cmd],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode in (0, 1, 2), proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        assert "internal error" not in proc.stderr
