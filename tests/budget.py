"""How many examples the property tests draw: one setting for the whole suite.

``HIEPY_EXAMPLES`` multiplies every test's everyday count (``HIEPY_EXAMPLES=0.2`` for a quick look,
``HIEPY_EXAMPLES=10`` for a longer run); ``HIEPY_DEEP=1`` runs the deep profile (100,000 examples
each, hours; see docs/engines.md and docs/hardening.md). Tests without their own count get
hypothesis' default of 100, scaled the same way (the ``hiepy`` profile, loaded in conftest.py).
"""

from __future__ import annotations

import os

DEEP = os.environ.get("HIEPY_DEEP", "0") not in ("", "0")
DEEP_EXAMPLES = 100_000


def _scale() -> float:
    raw = os.environ.get("HIEPY_EXAMPLES", "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"HIEPY_EXAMPLES={raw!r} is not a number (a multiplier such as 0.5 or 4)") from None
    if value <= 0:
        raise SystemExit(f"HIEPY_EXAMPLES={raw!r} must be above 0")
    return value


SCALE = _scale()


def examples(everyday: int) -> int:
    """The example count for a test that draws ``everyday`` examples by default."""
    if DEEP:
        return DEEP_EXAMPLES
    return max(1, round(everyday * SCALE))
