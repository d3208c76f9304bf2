"""``hiepy check``: the analyst's command, as a plain function the CLI wires up."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Literal

from hiepy_rules.errors import InputError, Problem


def run_check(
    paths: list[Path],
    *,
    rules: list[Path] | None = None,
    as_of: str | None = None,
    fmt: Literal["text", "json"] = "text",
    lang: Literal["vi", "en"] = "vi",
    engine: Literal["auto", "durable", "python"] = "auto",
) -> int:
    """Exit status: 0 no error finding, 1 some error finding, 2 bad input or usage."""
    from hiepy_rules.checker import check, to_json
    from hiepy_rules.engines.base import EngineUnavailable
    from hiepy_rules.packs import load_rules

    day = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            print(f"hiepy: --as-of {as_of!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    rs = load_rules(rules or None)
    problems = [p for p in rs.problems if p.severity == "error"]
    if problems:
        for p in problems:
            print(p.render(), file=sys.stderr)
        return 2
    results = []
    failed: list[Problem] = []
    for path in paths:
        try:
            results.append(check(path, rules=rs, as_of=day, engine=engine, display=str(path)))
        except InputError as exc:
            failed.extend(exc.problems)
        except EngineUnavailable as exc:
            print(f"hiepy: {exc}", file=sys.stderr)
            return 2
    for p in failed:
        print(p.render(), file=sys.stderr)
    if fmt == "json":
        sys.stdout.write(to_json(results))
    else:
        from rich.console import Console

        from hiepy_rules.report_text import render

        names: dict[str, dict[str, str]] = {}
        for r in results:
            from hiepy_rules.checker import read_proposal

            proposal, _ = read_proposal(r.file)
            names[r.file] = {t.id: t.name for t in proposal.titles}
        render(results, Console(), lang, names)
    if failed:
        return 2
    return 1 if any(r.errors for r in results) else 0
