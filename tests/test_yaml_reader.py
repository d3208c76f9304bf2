"""The fast YAML loop (``_Builder.run`` on libyaml's events) reads what the stepwise one reads.

Same data (types included), same key and value positions, and the same one-line error at the same
place for bounds, aliases, duplicate keys, tags, bad dates and syntax: on every YAML file of the
repository and on generated documents, valid and broken.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiepy_rules.errors import InputError
from hiepy_rules.load import yamlio
from tests.budget import examples
from tests.strategies import proposals

ROOT = Path(__file__).resolve().parent.parent


def _read(text: str, stepwise: bool) -> tuple[str, Any]:
    try:
        doc = yamlio.loads(text, "t.yaml", stepwise=stepwise)
    except InputError as exc:
        return "error", [p.render() for p in exc.problems]
    return "data", (repr(doc.data), doc.positions.values, doc.positions.keys)


def same(text: str) -> None:
    assert _read(text, stepwise=False) == _read(text, stepwise=True)


def _files() -> list[Path]:
    return sorted(
        p for d in ("examples", "rules", "tests/data") for p in (ROOT / d).rglob("*") if p.suffix in (".yaml", ".yml")
    )


def test_the_fast_loop_is_the_one_used() -> None:
    assert yamlio._CParser is not None  # libyaml is built in the test environment: the fast loop is tested


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_the_same(path: Path) -> None:
    same(path.read_text(encoding="utf-8", errors="replace"))


SCALARS = [
    "title",
    "tên",
    unicodedata.normalize("NFD", "Nguyễn"),
    "true",
    "True",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "",
    "2012-09-01",
    "2012-02-30",
    "2012-9-1",
    "2012-09-01 10:00:00",
    "12",
    "012",
    "-5",
    "+7",
    "1_000",
    "0x1f",
    "3.5",
    ".nan",
    ".inf",
    "1e400",
    "99999999999999999999",
    "'quoted'",
    '"dq\\u00e9"',
    "!!str 12",
    "!!int x",
    "!!python/object:os.system",
    "!custom x",
    "!!map x",
    "!!binary aGk=",
    "&a 1",
    "*a",
    "*b",
    "[1, 2]",
    "{k: v}",
    "- x",
    "? k",
    "<<",
    "=",
    "nope",
    "t",
    "n",
    "F",
]
KEYS = ["a", "b", "title", "2012-09-01", "1", "true", "~", "tên", "&k a", "*a", "!!str k", "[x]", "{x: 1}"]


@st.composite
def soups(draw: st.DrawFn) -> str:
    """Lines of keys, items and scalars at random indents: many valid documents, many broken ones."""
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4, 6, 1]))
        form = draw(st.sampled_from(["kv", "k", "item", "itemkv", "scalar", "doc", "tab"]))
        k, v = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS))
        line = {
            "kv": f"{k}: {v}",
            "k": f"{k}:",
            "item": f"- {v}",
            "itemkv": f"- {k}: {v}",
            "scalar": v,
            "doc": "---",
            "tab": f"\t{k}: {v}",
        }[form]
        lines.append(indent + line)
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(400), deadline=None, suppress_health_check=list(HealthCheck))
@given(soups())
def test_generated_documents_read_the_same(text: str) -> None:
    same(text)


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))
    | st.sampled_from(SCALARS)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=list(HealthCheck))
@given(values, st.booleans(), st.sampled_from([None, "'", '"']))
def test_dumped_data_reads_the_same(value: Any, flow: bool, style: str | None) -> None:
    same(yaml.safe_dump(value, default_flow_style=flow, default_style=style, allow_unicode=True))


@settings(max_examples=examples(50), deadline=None, suppress_health_check=list(HealthCheck))
@given(proposals())
def test_generated_proposals_read_the_same(data: dict[str, Any]) -> None:
    same(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@pytest.mark.parametrize(
    ("limit", "value", "text"),
    [
        ("MAX_NODES", 20, "a: [" + ", ".join(["1"] * 30) + "]\n"),
        ("MAX_NODES", 20, "a: &x [1, 2, 3, 4, 5]\nb: [*x, *x, *x, *x]\n"),
        ("MAX_DEPTH", 3, "a: {b: {c: {d: 1}}}\n"),
        ("MAX_ALIASES", 2, "a: &x 1\nb: [*x, *x, *x]\n"),
    ],
)
def test_bounds_stop_both_at_the_same_place(limit: str, value: int, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, limit, value)
    fast = _read(text, stepwise=False)
    assert fast[0] == "error"
    assert fast == _read(text, stepwise=True)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "? [x]\n: 1\n",
        "a: *nope\n",
        "a: !!python/object:os.system x\n",
        "d: 2012-02-30\n",
        "n: .nan\n",
        "a: 1\n---\nb: 2\n",
        "a:\n\t- 1\n",
        "a: [1, 2\n",
        "a: b\x07\n",
    ],
)
def test_errors_are_the_same(text: str) -> None:
    fast = _read(text, stepwise=False)
    assert fast[0] == "error"
    assert fast == _read(text, stepwise=True)
