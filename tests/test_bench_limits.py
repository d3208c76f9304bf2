"""bench/limits.py measures what it says: its counterfactual check differs from hiepy's only in the
fixes it leaves unchecked, and it really leaves them unchecked (a benchmark of the wrong thing would
otherwise go unnoticed: it asserts nothing of its own)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from hiepy_rules.findings.model import CheckResult
from hiepy_rules.pipeline import check
from tests.helpers import DOSSIER, EXAMPLES, REPO, bundled_rules


def _limits() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_limits", REPO / "bench" / "limits.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


limits = _limits()


def _without_fixes(result: CheckResult) -> list[dict[str, object]]:
    return [f.model_dump(mode="json", exclude={"fix", "folded"}) for f in result.findings]


def _fixes(result: CheckResult) -> list[object]:
    return [f.fix.model_dump(mode="json") if f.fix else None for f in result.findings]


def test_the_counterfactual_check_leaves_fixes_unchecked_and_nothing_else() -> None:
    rs = bundled_rules()
    for path in [DOSSIER, *sorted((EXAMPLES / "conflicts").glob("*.yaml"))]:
        with limits.counting_rechecks() as checked:
            result = check(path, rules=rs, engine="python")
        with limits.fixes_unchecked(), limits.counting_rechecks() as unchecked:
            counterfactual = check(path, rules=rs, engine="python")
        assert unchecked == [0], path.name
        assert _without_fixes(counterfactual) == _without_fixes(result), path.name
        if path == DOSSIER:
            dossier = result
            assert checked[0] > 0  # the dossier's fixes are checked by checking it again,
            assert _fixes(counterfactual) != _fixes(result)  # and the check replaces or refuses some
    with limits.counting_rechecks() as again:  # out of the counterfactual, fixes are checked again
        assert _fixes(check(DOSSIER, rules=rs, engine="python")) == _fixes(dossier)
    assert again[0] > 0
