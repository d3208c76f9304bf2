"""``hiepy check``: the analyst's command, as a plain function the CLI wires up."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Literal

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.formats import FailOn, Format


def run_check(
    paths: list[Path],
    *,
    rules: list[Path] | None = None,
    as_of: str | None = None,
    fmt: Format = "text",
    lang: Literal["vi", "en"] = "vi",
    engine: Literal["auto", "durable", "python"] = "auto",
    fail_on: FailOn = "error",
    output: Path | None = None,
    waivers: Path | None = None,
    jobs: int | None = None,
) -> int:
    """Exit status: 0 no finding that counts under ``fail_on`` (default: error), 1 some, 2 bad input or usage.

    Folders, globs or several files are a batch (``batch.py``): ``jobs`` processes, default one per core.
    """
    from hiepy_rules.checker import check_proposal, read_proposal
    from hiepy_rules.cli_report import finish_check, read_waivers
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
    waiver_set = None
    if waivers is not None:
        waiver_set = read_waivers(waivers, rs)
        if waiver_set is None:
            return 2
    from hiepy_rules.batch import default_jobs, expand, run

    files, unmatched, batch = expand(paths)
    if batch:
        try:
            return run(
                files,
                unmatched,
                rs,
                jobs=jobs or default_jobs(),
                as_of=day,
                engine=engine,
                fmt=fmt,
                lang=lang,
                fail_on=fail_on,
                output=output,
                waivers=waiver_set,
                rules_paths=rules,
            )
        except EngineUnavailable as exc:
            print(f"hiepy: {exc}", file=sys.stderr)
            return 2
    results = []
    titles: dict[str, dict[str, str]] = {}  # the text report groups by title name: no second read
    failed: list[Problem] = []
    for path in files:
        try:
            proposal, doc = read_proposal(path, display=str(path))
            result = check_proposal(proposal, doc=doc, rules=rs, as_of=day, engine=engine)
            results.append(result)
            titles[result.file] = {t.id: t.name for t in proposal.titles}
        except InputError as exc:
            failed.extend(exc.problems)
        except EngineUnavailable as exc:
            print(f"hiepy: {exc}", file=sys.stderr)
            return 2
    for p in failed:
        print(p.render(lang), file=sys.stderr)
    # rendering, waivers and the exit status live apart from the loop above (cli_report)
    return finish_check(
        results, failed, rs, fmt=fmt, lang=lang, fail_on=fail_on, output=output, waivers=waiver_set, titles=titles
    )
