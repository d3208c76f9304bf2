"""A file of the repository generated from the code: written, or with ``--check`` compared (CI fails
on a stale copy)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, text: str, argv: list[str], module: str) -> int:
    """Exit status: 0 written or current, 1 stale under ``--check`` (with the command that renews it)."""
    if "--check" in argv:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is stale: run python -m {module}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0
