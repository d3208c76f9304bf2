"""The version of hiepy, in one place (the package, reports and the CLI read it here)."""

from __future__ import annotations

__version__ = "0.1.0"
