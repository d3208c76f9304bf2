"""Lint of a pack's manifest: settings, duplicate provision ids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.errors import Problem
from hiepy_rules.lint.rules.bounds import _conflict_issue, _first_conflict, _resolver, _scope_bounds
from hiepy_rules.lint.rules.common import Env, Issue, _condition_nodes, _dates, _field_test_issues, _unknown_authority
from hiepy_rules.load.ruleset import Located
from hiepy_rules.schema.condition import FieldTest, NoRecordTest, RecordTest, SettingRef
from hiepy_rules.schema.pack import PackManifest
from hiepy_rules.schema.provision import Provision


def manifest_issues(m: PackManifest, env: Env, used: set[str]) -> Iterator[Issue]:
    if env.authorities is not None and m.issuer not in env.authorities:
        yield Issue(("issuer",), _unknown_authority(m.issuer), "unknown-authority")
    yield from _dates(m.in_force, ("in_force",))
    unit = FACT_SCHEMA["unit"]
    for k, test in enumerate(m.scope.when):
        yield from _field_test_issues(test, ("scope", "when", k), unit, "unit", env)
    scope = _scope_bounds(m.scope.when)
    conflict = _first_conflict(scope, _resolver("unit", unit))
    if conflict:
        yield _conflict_issue(*conflict, "the pack's scope can never hold, so the pack applies to no unit")
    for name in sorted(set(m.settings) - used):
        yield Issue(
            ("settings", name),
            f"setting {name!r} is declared but no provision uses it",
            "unused-setting",
            key=True,
            severity="warning",
        )


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
        out.append(
            Problem(
                file,
                line,
                col,
                "error",
                f"duplicate provision id {pid!r} (first at {f0}:{l0})",
                "duplicate-id",
            )
        )
    return out


def settings_used(p: Provision) -> set[str]:
    out = set()
    for cond, _, _ in _condition_nodes(p, ()):
        tests = cond.where if isinstance(cond, (RecordTest, NoRecordTest)) else [cond]
        for t in tests:
            if isinstance(t, FieldTest) and isinstance(t.value, SettingRef):
                out.add(t.value.setting)
    return out
