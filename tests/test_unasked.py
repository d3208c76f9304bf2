"""Questions a spent time budget leaves unasked are counted by formula: the count is the enumeration's."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiepy_rules.analysis import budget, unasked


@dataclass(frozen=True)
class P:
    id: str


@dataclass
class Result:
    undecided: list[tuple[str, ...]] = field(default_factory=list)
    more_undecided: int = 0


def enumerated(cands: list[P], k: int, new: set[str] | None) -> list[tuple[str, ...]]:
    out = []
    for xs in itertools.combinations(cands, k):
        if len({x.id for x in xs}) == k and (new is None or any(x.id in new for x in xs)):
            out.append(tuple(x.id for x in xs))
    return out


@given(
    st.lists(st.sampled_from("abcdefgh"), max_size=12),
    st.integers(2, 3),
    st.none() | st.sets(st.sampled_from("abcdefgh")),
)
def test_the_count_is_the_number_of_sets_asked(ids: list[str], k: int, new: set[str] | None) -> None:
    cands = [P(i) for i in ids]  # a repeated id: versions of one provision
    assert unasked.count(cands, k, new) == len(enumerated(cands, k, new))
    with budget.limit(3600):
        assert [tuple(x.id for x in xs) for xs in unasked.asked(cands, k, new, Result())] == enumerated(cands, k, new)


@pytest.mark.parametrize("new", [None, {"p7", "p300"}])
def test_a_spent_budget_lists_the_first_and_counts_the_rest_without_walking_them(new: set[str] | None) -> None:
    cands = [P(f"p{i}") for i in range(450)]  # 15 million sets of three: walking them took minutes
    result = Result()
    with budget.limit(0):
        assert list(unasked.asked(cands, 3, new, result)) == []
    every = unasked.count(cands, 3, new)
    assert len(result.undecided) + result.more_undecided == every
    assert 0 < len(result.undecided) <= budget.LISTED  # listed from the first sets looked at (a bounded scan)
    assert all(new is None or set(label) & new for label in result.undecided)
    assert result.undecided[:2] == (
        [("p0", "p1", "p2"), ("p0", "p1", "p3")] if new is None else [("p0", "p1", "p7"), ("p0", "p1", "p300")]
    )
    assert every == (450 * 449 * 448 // 6 if new is None else 450 * 449 * 448 // 6 - 448 * 447 * 446 // 6)
