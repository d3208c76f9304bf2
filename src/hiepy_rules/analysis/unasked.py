"""The sets of provisions an analysis asks about, and those a spent budget leaves unasked, counted in bulk.

``hiepy conflicts`` asks about every pair and every set of three obligations over a choice: for
450 provisions, 15 million sets of three. Once the time budget is spent, the rest are not asked
but must still be reported as undecided (``budget.py``); recording them one by one took minutes
after a ``--timeout`` of seconds. Here the first ``budget.LISTED`` are listed as before and the rest
are counted with a formula, never enumerated.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

from hiepy_rules.analysis import budget


class _Named(Protocol):
    @property
    def id(self) -> str: ...


class _Undecided(Protocol):
    undecided: list[tuple[str, ...]]
    more_undecided: int


X = TypeVar("X", bound=_Named)

#: sets looked at (asked or not) to fill the list of undecided ones once the budget is spent
SCAN = 50 * budget.LISTED


def wanted(xs: Sequence[_Named], new: set[str] | None) -> bool:
    """Whether a question is asked: any question when ``new`` is None, else one involving a new provision."""
    return new is None or any(x.id in new for x in xs)


def _valid(xs: tuple[X, ...], k: int, new: set[str] | None) -> bool:
    """``k`` different provisions (two versions of one are never in force together), wanted."""
    return len({x.id for x in xs}) == k and wanted(xs, new)


def count(cands: Sequence[_Named], k: int, new: set[str] | None) -> int:
    """How many ``k``-sets of ``cands`` are asked about: the ``k``-th elementary symmetric sum of the versions per
    provision, less that of the provisions not new (the sets with no new one)."""

    def elementary(sizes: list[int]) -> int:
        e = [1] + [0] * k
        for m in sizes:
            for j in range(k, 0, -1):
                e[j] += e[j - 1] * m
        return e[k]

    versions = Counter(x.id for x in cands)
    every = elementary(list(versions.values()))
    if new is None:
        return every
    return every - elementary([m for pid, m in versions.items() if pid not in new])


def asked(cands: Sequence[X], k: int, new: set[str] | None, result: _Undecided) -> Iterator[tuple[X, ...]]:
    """The ``k``-sets of ``cands`` asked about, in ``itertools.combinations`` order, while the budget
    lasts; then the rest recorded as undecided (the first listed up to ``budget.LISTED``, the others
    counted) and none yielded. The budget is looked at before each set yielded and every few
    thousand sets passed over, so a long run of unwanted sets does not outlast it."""
    total = count(cands, k, new)
    given = 0
    raw = itertools.combinations(cands, k)
    for n, xs in enumerate(raw):
        if not _valid(xs, k, new):
            if n % 4096 or not budget.expired():
                continue
        elif not budget.expired():
            given += 1
            yield xs
            continue
        left = total - given
        for ys in itertools.islice(itertools.chain([xs], raw), SCAN):
            if len(result.undecided) >= budget.LISTED:
                break
            if _valid(ys, k, new):
                result.undecided.append(tuple(y.id for y in ys))
                left -= 1
        result.more_undecided += left
        return
