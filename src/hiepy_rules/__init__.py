"""hiepy: check cadre-planning proposals against overlapping rule sets."""

from __future__ import annotations

__version__ = "0.1.0"
