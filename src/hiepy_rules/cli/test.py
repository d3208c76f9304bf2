"""``hiepy test``: run the pack tests beside the rules, show each failure's difference, measure coverage."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from hiepy_rules.engine.base import EngineName
from hiepy_rules.errors import InputError


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def run_tests(
    paths: Sequence[Path],
    *,
    select: str | None = None,
    coverage: bool = False,
    threshold: float | None = None,
    engine: EngineName = "auto",
) -> int:
    """Exit status: 0 all selected tests passed (and coverage ≥ threshold); 1 not; 2 bad input or usage."""
    # the library loads when the command runs (cli/main imports this module before parsing)
    from hiepy_rules.engine.base import EngineUnavailable
    from hiepy_rules.lint import pack_tests as pt
    from hiepy_rules.load.packs import bundled_rules_dir, load_rules
    from hiepy_rules.load.ruleset import RuleSet

    sel = pt.discover(list(paths) or [bundled_rules_dir()])
    if sel.problems:
        for p in sel.problems:
            _err("hiepy: " + p.render())
        return 2
    rulesets: dict[tuple[Path, ...], RuleSet] = {}
    rules_of: dict[Path, RuleSet] = {}
    for pack in sel.packs:
        roots = pt.rules_roots(pack)
        if roots not in rulesets:
            rulesets[roots] = load_rules(list(roots))
        rules_of[pack.resolve()] = rulesets[roots]
    bad = sorted({p for rs in rulesets.values() for p in rs.problems if p.severity == "error"})
    if bad:
        for p in bad:
            _err(p.render())
        return 2
    loaded = [(pack, pt.load_test_file(f, rules_of[pack.resolve()])) for pack, f in sel.files]
    problems = sorted({p for _, lf in loaded for p in lf.problems})
    if problems:
        for p in problems:
            _err(p.render())
        return 2

    needle = (select or "").casefold()
    outcomes: list[pt.Outcome] = []
    for pack, lf in loaded:
        for lc in lf.cases:
            if needle and needle not in lc.id.casefold():
                continue
            try:
                o = pt.run_case(lc, rules_of[pack.resolve()], engine)
            except EngineUnavailable as exc:
                _err(f"hiepy: {exc}")
                return 2
            except InputError as exc:  # the engine refused the rules, or they passed the runtime budget
                for p in exc.problems:
                    _err(p.render())
                return 2
            outcomes.append(o)
            print(f"{'PASS' if o.passed else 'FAIL'} {lc.file}:{lc.line} {lc.case.name}")
            for line in pt.difference(o):
                print(f"    {line}")
    failed = sum(not o.passed for o in outcomes)
    status = 0
    if coverage:
        ids: list[str] = []
        for pack in sel.packs:
            ids += [i for i in pt.provisions_of(rules_of[pack.resolve()], [pack]) if i not in ids]
        cov = pt.coverage(ids, outcomes)
        print()
        print("provision coverage (a passing test saw it fire / stay silent while judged):")
        width = max((len(c.provision) for c in cov), default=0)
        for c in sorted(cov, key=lambda c: (c.covered, c.provision)):
            fires = f"fires: {len(c.fires)} test(s)" if c.fires else "fires: NONE"
            silent = f"silent: {len(c.silent)} test(s)" if c.silent else "silent: NONE"
            print(f"  {'ok ' if c.covered else 'GAP'} {c.provision:<{width}}  {fires:<18} {silent}")
        pct = pt.percent(cov)
        covered = sum(c.covered for c in cov)
        limit = f" (threshold {threshold:g} %)" if threshold is not None else ""
        print(f"coverage: {covered}/{len(cov)} provisions = {pct:.1f} %{limit}")
        if threshold is not None and pct < threshold:
            _err(f"hiepy test: coverage {pct:.1f} % is below the threshold {threshold:g} %")
            status = 1
    print(f"{len(outcomes) - failed} passed, {failed} failed")
    if not outcomes:
        _err("hiepy test: no test ran" + (f" (none matches -k {select!r})" if select else ""))
        return 1
    return 1 if failed else status
