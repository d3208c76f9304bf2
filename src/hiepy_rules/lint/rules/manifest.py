"""Lint of a pack's manifest: settings, duplicate provision ids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.errors import Code, Problem
from hiepy_rules.lint.rules.bounds import CONSEQUENCES, _conflict_issue, _first_conflict, _resolver, _scope_bounds
from hiepy_rules.lint.rules.common import (
    Env,
    Issue,
    _condition_nodes,
    _dates,
    _field_test_issues,
    _unknown_authority,
    issue,
)
from hiepy_rules.load.ruleset import Located
from hiepy_rules.schema.condition import FieldTest, NoRecordTest, RecordTest, SettingRef
from hiepy_rules.schema.pack import PackManifest
from hiepy_rules.schema.provision import Provision

UNUSED_SETTING = Code(
    "unused-setting",
    "settings",
    "warning",
    (
        "Gói khai báo một tham số mà không quy định nào dùng: xóa nó, hoặc dùng nó trong điều kiện.",
        "The pack declares a setting no provision uses: remove it, or use it in a condition.",
    ),
    {
        "": (
            "tham số {name!r} được khai báo nhưng không quy định nào dùng",
            "setting {name!r} is declared but no provision uses it",
        )
    },
)


DUPLICATE_ID = Code(
    "duplicate-id",
    "provisions",
    "error",
    (
        "Hai gói dùng cùng một mã quy định. Trong một gói, mã lặp lại là các phiên bản của một quy định;"
        " giữa hai gói, phải đổi một mã.",
        "Two packs use one provision id. Inside one pack a repeated id is a version of one provision;"
        " across packs, one id must change.",
    ),
    {"": ("mã quy định {pid!r} bị trùng (lần đầu ở {first})", "duplicate provision id {pid!r} (first at {first})")},
)


def manifest_issues(m: PackManifest, env: Env, used: set[str]) -> Iterator[Issue]:
    if env.authorities is not None and m.issuer not in env.authorities:
        yield _unknown_authority(("issuer",), m.issuer)
    yield from _dates(m.in_force, ("in_force",))
    unit = FACT_SCHEMA["unit"]
    for k, test in enumerate(m.scope.when):
        yield from _field_test_issues(test, ("scope", "when", k), unit, "unit", env)
    scope = _scope_bounds(m.scope.when)
    conflict = _first_conflict(scope, _resolver("unit", unit))
    if conflict:
        yield _conflict_issue(*conflict, CONSEQUENCES["scope"])
    for name in sorted(set(m.settings) - used):
        yield issue(UNUSED_SETTING, ("settings", name), key=True, name=name)


def duplicate_ids(located: Sequence[Located], packs: Sequence[str] | None = None) -> list[Problem]:
    """An id used again in another pack. In one pack (``packs``: each provision's), a repeated id is a
    version of the same provision, whose dates ``versions.py`` checks."""
    first: dict[str, tuple[Located, str]] = {}
    out = []
    for k, loc in enumerate(located):
        pid = loc.provision.id
        pack = packs[k] if packs is not None else ""
        if pid not in first:
            first[pid] = (loc, pack)
            continue
        if first[pid][1] == pack:
            continue
        f0, l0, _ = first[pid][0].where("id")
        file, line, col = loc.where("id")
        out.append(DUPLICATE_ID.problem(file, line, col, pid=pid, first=f"{f0}:{l0}"))
    return out


def settings_used(p: Provision) -> set[str]:
    out = set()
    for cond, _, _ in _condition_nodes(p, ()):
        tests = cond.where if isinstance(cond, (RecordTest, NoRecordTest)) else [cond]
        for t in tests:
            if isinstance(t, FieldTest) and isinstance(t.value, SettingRef):
                out.add(t.value.setting)
    return out
