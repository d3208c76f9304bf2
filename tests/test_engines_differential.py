"""The durable-rules engine and the pure-Python engine agree on random programs and random facts.

Programs are drawn directly in the IR (``compile.Program``), not from YAML, so that they reach
every form and corner the adapter translates: every operator, literals of the wrong type, lists
compared with ``eq``, unset settings (``None``), ``k × field`` over ints, bools and strings
(Python repeats a string), nested connectives, record tests (at the top of ``when``, as the whole
rule, and now and then nested, which lint forbids but ``logic`` defines), record tests whose
subject is itself a candidate record, derive chains, every modality, unconfigured provisions.
Facts use a small vocabulary so that equal values, joins and absent fields are frequent; strings
include a non-ASCII letter in NFC and NFD and a digit string ("10" < "9").

CI runs 300 cases; ``HIEPY_DEEP=1`` runs 100,000 (docs/engines.md).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from tests.budget import examples
from tests.ir_strategies import fact_list, programs

pytest.importorskip("durable.engine", reason="durable-rules is not importable here", exc_type=ImportError)

from hiepy_rules.compile.ir import Program
from hiepy_rules.engine.base import ProgramRefused
from hiepy_rules.engine.durable import DurableEngine
from hiepy_rules.engine.python import PythonEngine

EXAMPLES = examples(300)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.randoms(use_true_random=False))
def test_durable_agrees_with_python(program: Program, rnd: random.Random) -> None:
    # facts come from one seeded Random, not from many small draws: drawing them one by one took
    # most of this test's time; a failure prints the facts it ran on
    durable, python = DurableEngine(), PythonEngine()
    for _ in range(rnd.randint(1, 4)):
        facts = fact_list(rnd)
        note(f"facts: {facts!r}")
        try:
            got = durable.run(program, facts)
        except ProgramRefused:  # past the adapter's bounds: refused, and auto runs the Python engine
            assume(False)
        assert got == python.run(program, facts)
