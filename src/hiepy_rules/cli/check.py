"""``hiepy check``: the analyst's command, as a plain function the CLI wires up."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import cast

from hiepy_rules.choices import EngineName, FailOn, Format, Lang
from hiepy_rules.cli import config
from hiepy_rules.cli.outputs import refused
from hiepy_rules.errors import InputError, Problem
from hiepy_rules.i18n import lang as chosen_lang
from hiepy_rules.i18n import pick, set_default, set_lang


def run_check(
    paths: list[Path],
    *,
    rules: list[Path] | None = None,
    as_of: str | None = None,
    fmt: Format = "text",
    lang: Lang | None = None,
    engine: EngineName = "auto",
    fail_on: FailOn | None = None,
    output: Path | None = None,
    waivers: Path | None = None,
    jobs: int | None = None,
    compare_as_of: str | None = None,
    compare_rules: list[Path] | None = None,
    exclude: list[str] | None = None,
) -> int:
    """Exit status: 0 no finding that counts under ``fail_on`` (default: error), 1 some, 2 bad input or usage.

    Folders, globs or several files are a batch (``batch.py``): ``jobs`` processes, default one per core.
    """
    set_lang(lang)
    set_default(None)  # until the configuration file is read
    try:
        conf = config.load()
    except InputError as exc:
        for p in exc.problems:
            print(p.render(), file=sys.stderr)
        return 2
    set_default(conf.lang)
    config.apply_information_uri(conf)
    rules = rules or conf.rules
    waivers = waivers or conf.waivers
    level = cast(FailOn, fail_on or conf.fail_on or "error")
    globs = [*conf.exclude, *(exclude or [])]
    lang = "en" if chosen_lang() == "en" else "vi"
    # the library (pydantic models, rules, engines) loads once the configuration is known to be good
    from hiepy_rules.cli.output import finish_check, read_waivers
    from hiepy_rules.engine import get_engine
    from hiepy_rules.engine.base import EngineUnavailable
    from hiepy_rules.load.packs import bundled_rules_dir
    from hiepy_rules.load.rules_cache import rules as load_rules
    from hiepy_rules.pipeline import check_proposal, read_proposal

    day = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            from hiepy_rules.schema.pydantic_words import probable_date  # only for a date that is not one

            meant = probable_date(as_of)
            vi = f"--as-of {as_of!r} không phải là ngày; hãy viết theo dạng YYYY-MM-DD (năm-tháng-ngày)"
            en = f"--as-of {as_of!r} is not a date (YYYY-MM-DD)"
            if meant is not None:
                vi, en = f"{vi}: có lẽ là {meant.isoformat()}", f"{en}: probably {meant.isoformat()}"
            print("hiepy: " + pick(vi, en), file=sys.stderr)
            return 2
    inputs = [*paths, *(rules or [bundled_rules_dir()]), *(compare_rules or []), *([waivers] if waivers else [])]
    if refused(output, inputs, lang):
        return 2
    if compare_as_of is not None or compare_rules:
        return _what_if(paths, rules, day, compare_as_of, compare_rules, fmt, lang, engine, level, output, waivers)
    rs = load_rules(rules or None)
    problems = [p for p in rs.problems if p.severity == "error"]
    if problems:
        for p in problems:
            print(p.render(lang), file=sys.stderr)
        return 2
    waiver_set = None
    if waivers is not None:
        waiver_set = read_waivers(waivers, rs)
        if waiver_set is None:
            return 2
    if len(paths) == 1 and paths[0].is_file():  # one file: not a batch (batch_files.expand agrees), not imported
        unmatched: list[Problem] = []
        files, batch = list(paths), False
    else:
        from hiepy_rules.cli.batch_files import expand  # a batch's machinery only when it may be one

        files, unmatched, batch = expand(paths)
        if globs:
            files = [f for f in files if not config.excluded(f, globs)]
    if batch:
        from hiepy_rules.cli.batch import default_jobs, run  # worker processes only for a batch

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
                fail_on=level,
                output=output,
                waivers=waiver_set,
                rules_paths=rules,
            )
        except EngineUnavailable as exc:
            print(f"hiepy: {exc}", file=sys.stderr)
            return 2
    results = []
    failed: list[Problem] = []
    try:
        eng = get_engine(engine, lang=lang)  # once: auto's choice and notice hold for every file
    except EngineUnavailable as exc:
        print(f"hiepy: {exc}", file=sys.stderr)
        return 2
    for path in files:
        try:
            proposal, doc = read_proposal(path, display=str(path))
            result = check_proposal(proposal, doc=doc, rules=rs, as_of=day, engine=eng)
            results.append(result)
        except InputError as exc:
            failed.extend(exc.problems)
        except EngineUnavailable as exc:
            print(f"hiepy: {exc}", file=sys.stderr)
            return 2
    for p in failed:
        print(p.render(lang), file=sys.stderr)
    # rendering, waivers and the exit status live apart from the loop above (cli_report)
    return finish_check(results, failed, rs, fmt=fmt, lang=lang, fail_on=level, output=output, waivers=waiver_set)


def _what_if(
    paths: list[Path],
    rules: list[Path] | None,
    day: dt.date | None,
    compare_as_of: str | None,
    compare_rules: list[Path] | None,
    fmt: Format,
    lang: Lang,
    engine: EngineName,
    fail_on: FailOn,
    output: Path | None,
    waivers: Path | None,
) -> int:
    """``--compare-as-of`` / ``--compare-rules``: the findings that appear, disappear or change (whatif.py)."""
    from hiepy_rules.cli.whatif import run_compare  # only for --compare-as-of / --compare-rules

    if waivers is not None:
        print("hiepy: --waivers cannot be combined with --compare-as-of or --compare-rules", file=sys.stderr)
        return 2
    other = None
    if compare_as_of is not None:
        try:
            other = dt.date.fromisoformat(compare_as_of)
        except ValueError:
            print(f"hiepy: --compare-as-of {compare_as_of!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    return run_compare(
        paths,
        rules=rules,
        as_of=day,
        compare_as_of=other,
        compare_rules=compare_rules,
        fmt=fmt,
        lang=lang,
        engine=engine,
        fail_on=fail_on,
        output=output,
    )
