"""Lint of the registries: authorities and source documents."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hiepy_rules.lint.rules.common import Issue, _dates, _unknown_authority, _unknown_source
from hiepy_rules.schema.pack import AuthoritiesFile, Authority, SourcesFile


def authorities_issues(f: AuthoritiesFile) -> Iterator[Issue]:
    by_id = {a.id: a for a in f.authorities}
    for i, a in enumerate(f.authorities):
        if a.superior is None:
            continue
        path = ("authorities", i, "superior")
        sup = by_id.get(a.superior)
        if sup is None:
            yield Issue(path, _unknown_authority(a.superior), "unknown-authority")
        elif _loops(a.id, by_id):
            yield Issue(path, f"the chain of superiors of {a.id!r} comes back to it", "authority-loop")
        elif sup.rank > a.rank:
            yield Issue(
                path,
                f"superior {sup.id!r} has rank {sup.rank}, below {a.id!r} (rank {a.rank})",
                "authority-rank",
                severity="warning",
            )


def _loops(start: str, by_id: Mapping[str, Authority]) -> bool:
    """Whether following ``superior`` from ``start`` comes back to it."""
    seen: set[str] = set()
    current = by_id[start].superior
    while current is not None and current in by_id and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = by_id[current].superior
    return False


def sources_issues(f: SourcesFile, authorities: Mapping[str, Authority] | None) -> Iterator[Issue]:
    numbers = {s.number for s in f.sources}
    for i, s in enumerate(f.sources):
        if authorities is not None and s.issuer not in authorities:
            yield Issue(("sources", i, "issuer"), _unknown_authority(s.issuer), "unknown-authority")
        if s.in_force is not None:
            yield from _dates(s.in_force, ("sources", i, "in_force"))
        if s.replaced_by is not None and s.replaced_by not in numbers:
            yield Issue(("sources", i, "replaced_by"), _unknown_source(s.replaced_by), "unknown-source")
