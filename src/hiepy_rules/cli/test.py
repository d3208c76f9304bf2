"""``hiepy test``: run the pack tests beside the rules, show each failure's difference, measure coverage."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from hiepy_rules.engine.base import EngineName
from hiepy_rules.errors import InputError
from hiepy_rules.i18n import lang

#: what ``hiepy test`` says, in Vietnamese and English
_T: dict[str, tuple[str, str]] = {
    "pass": ("ĐẠT", "PASS"),
    "fail": ("KHÔNG ĐẠT", "FAIL"),
    "coverage_head": (
        "độ phủ quy định (một ca đạt đã thấy quy định phát hiện / im lặng khi được xét):",
        "provision coverage (a passing test saw it fire / stay silent while judged):",
    ),
    "fires": ("phát hiện: {n} ca", "fires: {n} test(s)"),
    "fires_none": ("phát hiện: KHÔNG CÓ", "fires: NONE"),
    "silent": ("im lặng: {n} ca", "silent: {n} test(s)"),
    "silent_none": ("im lặng: KHÔNG CÓ", "silent: NONE"),
    "covered": ("đủ ", "ok "),
    "gap": ("HỞ ", "GAP"),
    "threshold": (" (ngưỡng {t} %)", " (threshold {t} %)"),
    "coverage": ("độ phủ: {c}/{n} quy định = {pct} %{limit}", "coverage: {c}/{n} provisions = {pct} %{limit}"),
    "below": (
        "hiepy test: độ phủ {pct} % dưới ngưỡng {t} %",
        "hiepy test: coverage {pct} % is below the threshold {t} %",
    ),
    "summary": ("{ok} đạt, {bad} không đạt", "{ok} passed, {bad} failed"),
    "none_ran": ("hiepy test: không ca nào chạy", "hiepy test: no test ran"),
    "none_match": (" (không ca nào khớp -k {k!r})", " (none matches -k {k!r})"),
}


def _t(key: str, **args: object) -> str:
    vi, en = _T[key]
    return (en if lang() == "en" else vi).format(**args)


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
    from hiepy_rules.lint import pack_test_run as run
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
    outcomes: list[run.Outcome] = []
    for pack, lf in loaded:
        for lc in lf.cases:
            if needle and needle not in lc.id.casefold():
                continue
            try:
                o = run.run_case(lc, rules_of[pack.resolve()], engine)
            except EngineUnavailable as exc:
                _err(f"hiepy: {exc}")
                return 2
            except InputError as exc:  # the engine refused the rules, or they passed the runtime budget
                for p in exc.problems:
                    _err(p.render())
                return 2
            outcomes.append(o)
            print(f"{_t('pass') if o.passed else _t('fail')} {lc.file}:{lc.line} {lc.case.name}")
            for line in run.difference(o, lang()):
                print(f"    {line}")
    failed = sum(not o.passed for o in outcomes)
    status = 0
    if coverage:
        ids: list[str] = []
        for pack in sel.packs:
            ids += [i for i in run.provisions_of(rules_of[pack.resolve()], [pack]) if i not in ids]
        cov = run.coverage(ids, outcomes)
        print()
        print(_t("coverage_head"))
        width = max((len(c.provision) for c in cov), default=0)
        for c in sorted(cov, key=lambda c: (c.covered, c.provision)):
            fires = _t("fires", n=len(c.fires)) if c.fires else _t("fires_none")
            silent = _t("silent", n=len(c.silent)) if c.silent else _t("silent_none")
            print(f"  {_t('covered') if c.covered else _t('gap')} {c.provision:<{width}}  {fires:<18} {silent}")
        pct = run.percent(cov)
        covered = sum(c.covered for c in cov)
        limit = _t("threshold", t=f"{threshold:g}") if threshold is not None else ""
        print(_t("coverage", c=covered, n=len(cov), pct=f"{pct:.1f}", limit=limit))
        if threshold is not None and pct < threshold:
            _err(_t("below", pct=f"{pct:.1f}", t=f"{threshold:g}"))
            status = 1
    print(_t("summary", ok=len(outcomes) - failed, bad=failed))
    if not outcomes:
        _err(_t("none_ran") + (_t("none_match", k=select) if select else ""))
        return 1
    return 1 if failed else status
