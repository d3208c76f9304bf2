"""Lint of the registries: authorities and source documents."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hiepy_rules.errors import Code
from hiepy_rules.lint.rules.common import Issue, _dates, _unknown_authority, _unknown_source, issue
from hiepy_rules.schema.files import AuthoritiesFile, SourcesFile
from hiepy_rules.schema.pack import Authority

AUTHORITY_LOOP = Code(
    "authority-loop",
    "registries",
    "error",
    (
        "Đi theo `superior` từ một cơ quan lại quay về chính nó: thứ bậc cơ quan phải là một cây.",
        "Following `superior` from an authority comes back to it: authorities must form a tree.",
    ),
    {"": ("chuỗi cơ quan cấp trên của {id!r} quay lại chính nó", "the chain of superiors of {id!r} comes back to it")},
)


AUTHORITY_RANK = Code(
    "authority-rank",
    "registries",
    "warning",
    (
        "Cơ quan cấp trên có hạng (`rank`) thấp hơn cấp dưới: thứ tự ưu tiên giữa các quy định của hai bên"
        " có thể ngược.",
        "A superior has a lower `rank` than the authority below it: precedence between their provisions may"
        " come out reversed.",
    ),
    {
        "": (
            "cấp trên {sup!r} có hạng {sup_rank}, thấp hơn {id!r} (hạng {rank})",
            "superior {sup!r} has rank {sup_rank}, below {id!r} (rank {rank})",
        )
    },
)


def authorities_issues(f: AuthoritiesFile) -> Iterator[Issue]:
    by_id = {a.id: a for a in f.authorities}
    for i, a in enumerate(f.authorities):
        if a.superior is None:
            continue
        path = ("authorities", i, "superior")
        sup = by_id.get(a.superior)
        if sup is None:
            yield _unknown_authority(path, a.superior)
        elif _loops(a.id, by_id):
            yield issue(AUTHORITY_LOOP, path, id=a.id)
        elif sup.rank > a.rank:
            yield issue(AUTHORITY_RANK, path, sup=sup.id, sup_rank=sup.rank, id=a.id, rank=a.rank)


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
            yield _unknown_authority(("sources", i, "issuer"), s.issuer)
        if s.in_force is not None:
            yield from _dates(s.in_force, ("sources", i, "in_force"))
        if s.replaced_by is not None and s.replaced_by not in numbers:
            yield _unknown_source(("sources", i, "replaced_by"), s.replaced_by)
