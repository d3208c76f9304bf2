"""The registry of lint codes: each declared once, every message Vietnamese with an English twin.

``hiepy lint`` and ``hiepy test`` speak Vietnamese by default and English with ``--lang en`` or
``HIEPY_LANG=en``, at the same FILE:LINE:COLUMN.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from hiepy_rules.errors import CODES, Code
from hiepy_rules.lint.codes import FAMILIES, catalog, fragments
from hiepy_rules.lint.runner import lint_paths
from hiepy_rules.schema.vi_text import problems
from hiepy_rules.tools import lintdoc
from tests.conftest import RULES, RunCli, Write
from tests.helpers import REPO

CODE_LIST = catalog()


def _words(text: str) -> str:
    """The words of a Vietnamese text meant for people: arguments and `keys` (what a user types) left out."""
    return re.sub(r"`[^`]*`|\{[^}]*\}", " ", text)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_codes_are_declared_once_each_in_a_known_family() -> None:
    assert len({c.id for c in CODE_LIST}) == len(CODE_LIST) >= 25
    assert {c.family for c in CODE_LIST} <= set(FAMILIES)
    with pytest.raises(ValueError, match="declared twice"):
        Code("dates", "time", "error", ("x", "x"), {"": ("x", "x")})
    assert CODES["dates"].family == "time"  # the first declaration stands


@pytest.mark.parametrize("code", CODE_LIST, ids=lambda c: c.id)
def test_every_message_and_doc_is_vietnamese_with_an_english_twin(code: Code) -> None:
    texts = [("doc", *code.doc)] + [(f"messages[{v!r}]", vi, en) for v, (vi, en) in code.messages.items()]
    for where, vi, en in texts:
        assert vi.strip() and en.strip(), where
        assert vi != en or _fields(vi) == {"message"}, f"{where}: not translated: {vi!r}"
        assert problems(_words(vi)) == [], f"{code.id} {where}: {vi!r}"
        assert _fields(vi) == _fields(en), f"{code.id} {where}: the two languages take different arguments"


@pytest.mark.parametrize(("name", "text"), sorted(fragments().items()))
def test_every_message_fragment_is_vietnamese(name: str, text: tuple[str, str]) -> None:
    vi, en = text
    assert vi and en and problems(_words(vi)) == [], f"{name}: {vi!r}"


def test_the_lint_codes_page_is_current() -> None:
    assert lintdoc.TARGET.read_text(encoding="utf-8") == lintdoc.render(), "run: python -m hiepy_rules.tools.lintdoc"


# --- what a person reads ---------------------------------------------------------------------------------

BAD_RULES = RULES.replace("{fact: candidate_count, ge: 2}", "{fact: candidate_cuont, ge: 2}").replace(
    "{fact: reply_days, ge: {setting: reply_days_min}}", "{fact: reply_days, ge: {setting: reply_days_max}}"
)


@pytest.fixture
def bad_root(rules_root: Path, write: Write) -> Path:
    write("rules/demo/rules.yaml", BAD_RULES)
    return rules_root


def test_lint_speaks_vietnamese_by_default_and_english_on_request(
    bad_root: Path, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIEPY_LANG", raising=False)
    vi = hiepy("lint", str(bad_root))
    en = hiepy("lint", str(bad_root), "--lang", "en")
    assert vi.exit_code == en.exit_code == 2
    vi_lines, en_lines = vi.stdout.splitlines(), en.stdout.splitlines()
    where = [line.split(": ")[0] for line in vi_lines]
    assert where == [line.split(": ")[0] for line in en_lines] and len(where) == 3  # the same positions
    assert "error: đối tượng 'title' không có sự kiện 'candidate_cuont' (các sự kiện của nó: cand" in vi.stdout
    assert "error: unknown fact 'candidate_cuont' for 'title' (its facts: candidate_count" in en.stdout
    assert (
        "error: tham số 'reply_days_max' không được khai báo trong `settings` của gói" in vi.stdout
        and "error: setting 'reply_days_max' is not declared in the pack's settings" in en.stdout
    )
    assert (
        "warning: tham số 'reply_days_min' được khai báo nhưng không quy định nào dùng" in vi.stdout
        and "warning: setting 'reply_days_min' is declared but no provision uses it" in en.stdout
    )
    assert "hiepy lint: 2 lỗi, 1 cảnh báo" in vi.stderr and "hiepy lint: 2 error(s), 1 warning(s)" in en.stderr
    monkeypatch.setenv("HIEPY_LANG", "en")
    assert hiepy("lint", str(bad_root)).stdout == en.stdout


def test_problems_carry_both_languages(bad_root: Path) -> None:
    found = lint_paths([bad_root])
    assert [p.code for p in found] == ["unused-setting", "unknown-fact", "unknown-setting"]
    assert all(p.message and p.en and p.message != p.en for p in found)
    assert [p.render("vi").split(": ")[0] for p in found] == [p.render("en").split(": ")[0] for p in found]


def test_a_file_of_no_known_kind_is_told_in_vietnamese(write: Write, tmp_path: Path) -> None:
    path = write("x.yaml", "colour: red\n")
    [p] = lint_paths([path])
    assert p.code == "kind" and p.message.startswith("không phải tệp của hiepy: gặp một ánh xạ có 'colour';")
    assert p.en.startswith("not a hiepy file: found a mapping with 'colour';")


def test_hiepy_test_speaks_vietnamese_by_default(hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIEPY_LANG", raising=False)
    monkeypatch.chdir(REPO)
    vi = hiepy("test", "--engine", "python", "rules/national-2012/tests/examples.yaml", "--coverage")
    en = hiepy("--lang", "en", "test", "--engine", "python", "rules/national-2012/tests/examples.yaml", "--coverage")
    assert vi.exit_code == en.exit_code == 0, vi.output
    assert re.search(r"^ĐẠT rules/national-2012/tests/examples\.yaml:\d+ ", vi.stdout, re.M), vi.stdout
    assert re.search(r"^PASS rules/national-2012/tests/examples\.yaml:\d+ ", en.stdout, re.M), en.stdout
    assert re.search(r"^độ phủ: 1/1 quy định = 100\.0 %$", vi.stdout, re.M)
    assert re.search(r"^\d+ đạt, 0 không đạt$", vi.stdout, re.M)
    assert re.search(r"^\d+ passed, 0 failed$", en.stdout, re.M)
