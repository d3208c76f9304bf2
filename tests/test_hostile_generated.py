"""Hostile files made at run time (tests/hostile_gen.py): exit 2 and one clear line, < 1 s, bounded memory.

The files are written under tmp_path, never kept in the repository. Each is linted in one child
process that times it and reads its peak RSS; a file within every limit may get a schema
verdict (still exit 2: none of them is a valid hiepy file), never a crash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile_gen import hostile_files, measure, write

#: the child's peak RSS may grow by at most this much over its baseline after imports
RSS_BUDGET_KIB = 256 * 1024
ONE_LINE = re.compile(r"^\S+\.yaml:\d+:\d+: error: \S")


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    directory = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HIEPY_LANG", "en")  # the English wording; test_messages.py holds the Vietnamese
        return {Path(str(r["file"])).name: r for r in measure(write(directory), cwd=directory)}


@pytest.mark.parametrize("name", sorted(hostile_files()))
def test_hostile_file_is_refused_cleanly_fast_and_small(rows: dict[str, dict[str, object]], name: str) -> None:
    row = rows[name]
    assert not row["crashed"], row
    assert row["exit"] == 2, row
    first = str(row["first"])
    assert ONE_LINE.match(first), first
    assert "Traceback" not in first and "internal error" not in first
    if not name.endswith("-ok.yaml") and "limit" not in first and "required" not in first:
        assert int(str(row["problems"])) == 1, row  # refused: one line, not a cascade
    # a guard against hangs and runaway work, not a speed target (those live in bench/): far above the
    # ~0.1-0.8 s these take, so a loaded machine does not fail it
    assert float(str(row["cpu_seconds"])) < 5.0, row
    assert int(str(row["peak_rss_kib"])) - int(str(row["base_rss_kib"])) < RSS_BUDGET_KIB, row


def test_limits_are_hit_where_they_are_meant_to_be(rows: dict[str, dict[str, object]]) -> None:
    """Just under the depth limit parses (a schema verdict); just over is the limit's line."""
    assert "nesting" not in str(rows["depth-under-ok.yaml"]["first"])
    assert "nesting is deeper than" in str(rows["depth-over.yaml"]["first"])
    for bomb in ("bomb-lol.yaml", "bomb-doubling.yaml", "bomb-wide.yaml"):
        assert "aliases expanded" in str(rows[bomb]["first"]), rows[bomb]
    assert "more than 1000 aliases" in str(rows["aliases-over-count.yaml"]["first"])
    assert "file is too large" in str(rows["over-4mib.yaml"]["first"])
    assert len(str(rows["alias-unknown.yaml"]["first"])) < 200  # a 10,000-character alias name is cut
