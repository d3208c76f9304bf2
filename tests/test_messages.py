"""Each usual mistake in a proposal gets one line in Vietnamese (English with ``--lang en`` or
``HIEPY_LANG=en``), at the position of the value at fault, naming the field in the reports' path
style and saying what to write. Pydantic's own wording never shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.helpers import EXAMPLES

CLEAN = (EXAMPLES / "clean.yaml").read_text(encoding="utf-8")
PYDANTIC_WORDS = ("Input should", "Field required", "Extra inputs", "valid integer", "valid boolean")


def mistake(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """clean.yaml with ``old`` (its first occurrence) replaced: the file and the changed line."""
    assert old in CLEAN, old
    text = CLEAN.replace(old, new, 1)
    path = tmp_path / "de-an.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1


def lines_of(hiepy: RunCli, path: Path, *options: str) -> list[str]:
    result = hiepy("check", str(path), *options)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    for word in PYDANTIC_WORDS:
        assert word not in result.stderr
    return result.stderr.splitlines()


def both(hiepy: RunCli, path: Path) -> tuple[str, str]:
    """The one error line in Vietnamese (the default) and in English (``--lang en``)."""
    (vi,) = lines_of(hiepy, path)
    (en,) = lines_of(hiepy, path, "--lang", "en")
    return vi, en


def test_a_date_written_the_vietnamese_way(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "date: 2012-09-01", "date: 1/9/2012")
    vi, en = both(hiepy, path)
    at = f"{path}:{line}:7: error: date: "
    assert vi == at + "ngày '1/9/2012' phải viết theo dạng YYYY-MM-DD (năm-tháng-ngày): có lẽ là 2012-09-01"
    assert en == at + "write the date '1/9/2012' as YYYY-MM-DD (year-month-day): probably 2012-09-01"


def test_a_date_that_is_no_date_at_all(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "date: 2012-09-01", "date: mùng một")
    vi, en = both(hiepy, path)
    assert vi.startswith(f"{path}:{line}:7: error: date: 'mùng một' không phải là ngày; hãy viết theo dạng YYYY-MM-DD")
    assert en.startswith(f"{path}:{line}:7: error: date: 'mùng một' is not a date; write it as YYYY-MM-DD")


def test_an_unknown_field_names_the_closest_one(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "  province: Quảng Trị\n", "  provnce: Quảng Trị\n")
    vi, en = both(hiepy, path)
    assert vi == f"{path}:{line}:3: error: unit: trường lạ 'provnce'; có phải ý bạn là 'province'?"
    assert en == f"{path}:{line}:3: error: unit: unknown field 'provnce'; did you mean 'province'?"


def test_an_enum_typo_names_the_closest_value(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "    role: head\n", "    role: haed\n")
    vi, en = both(hiepy, path)
    assert vi == (
        f"{path}:{line}:11: error: titles[0].role: giá trị 'haed' không hợp lệ; có phải ý bạn là 'head'? "
        "(các giá trị được dùng: head, deputy, other)"
    )
    assert en == (
        f"{path}:{line}:11: error: titles[0].role: 'haed' is not allowed; did you mean 'head'? "
        "(allowed: head, deputy, other)"
    )


def test_a_dangling_cadre_id_names_the_closest_cadre(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "candidates: [le-thi-bich,", "candidates: [le-thi-bic,")
    vi, en = both(hiepy, path)
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("le-thi-bic") + 1
    assert vi == (
        f"{path}:{line}:{column}: error: không có cán bộ mã 'le-thi-bic' trong 'cadres'; "
        "có phải ý bạn là 'le-thi-bich'?"
    )
    assert en == (
        f"{path}:{line}:{column}: error: unknown cadre 'le-thi-bic': no entry with this id under 'cadres'; "
        "did you mean 'le-thi-bich'?"
    )


def test_a_quoted_number_says_to_drop_the_quotes_in_the_reports_path_style(tmp_path: Path, hiepy: RunCli) -> None:
    text = CLEAN
    second = text.index("  - id: pho-cuc-truong")
    seats = text.index("    seats: 3\n", second)
    path = tmp_path / "de-an.yaml"
    path.write_text(text[:seats] + '    seats: "3"\n' + text[seats + len("    seats: 3\n") :], encoding="utf-8")
    line = text[:seats].count("\n") + 1
    vi, en = both(hiepy, path)
    assert vi == f"{path}:{line}:12: error: titles[1].seats: hãy viết số không có dấu ngoặc kép: seats: 3"
    assert en == f"{path}:{line}:12: error: titles[1].seats: write the number without quotes: seats: 3"


@pytest.mark.parametrize(("word", "fix"), [("có", "true"), ("yes", "true"), ("không", "false"), ("no", "false")])
def test_yes_and_no_in_words_say_true_or_false(tmp_path: Path, hiepy: RunCli, word: str, fix: str) -> None:
    path, line = mistake(tmp_path, "    key: true\n", f"    key: {word}\n")
    vi, en = both(hiepy, path)
    assert vi == (
        f"{path}:{line}:10: error: titles[0].key: hãy viết {fix} thay cho '{word}' "
        "(trường có/không chỉ nhận true hoặc false)"
    )
    at = f"{path}:{line}:10: error: titles[0].key: "
    assert en == at + f"write {fix} instead of '{word}' (a yes/no field takes true or false)"


def test_a_tab_in_the_indentation_says_use_spaces_at_the_tab(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "  kind: central_line_unit", "\tkind: central_line_unit")
    vi, en = both(hiepy, path)
    assert vi == f"{path}:{line}:1: error: thụt lề bằng phím tab: YAML chỉ nhận dấu cách; hãy thay tab bằng dấu cách"
    assert (
        en == f"{path}:{line}:1: error: a tab in the indentation: YAML takes spaces only; replace the tab with spaces"
    )


def test_a_missing_field_is_named_at_the_mapping_that_lacks_it(tmp_path: Path, hiepy: RunCli) -> None:
    path, _ = mistake(tmp_path, "    role: head\n", "")
    vi, en = both(hiepy, path)
    assert vi.endswith(": error: titles[0]: thiếu trường bắt buộc 'role'")
    assert en.endswith(": error: titles[0]: missing required field 'role'")


def test_a_duplicate_key(tmp_path: Path, hiepy: RunCli) -> None:
    path, line = mistake(tmp_path, "period: ", "id: again\nperiod: ")
    vi, en = both(hiepy, path)
    assert vi.startswith(f"{path}:{line}:") and "khóa 'id' bị lặp (lần đầu ở dòng" in vi
    assert en.startswith(f"{path}:{line}:") and "duplicate key 'id' (first at line" in en


def test_the_language_follows_hiepy_lang(tmp_path: Path, hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = mistake(tmp_path, "    key: true\n", "    key: có\n")
    monkeypatch.setenv("HIEPY_LANG", "en")
    (line,) = lines_of(hiepy, path)
    assert "write true instead of 'có'" in line
    (line,) = lines_of(hiepy, path, "--lang", "vi")  # the command line wins
    assert "hãy viết true thay cho 'có'" in line


def test_a_bad_as_of_date(hiepy: RunCli) -> None:
    vi = hiepy("check", str(EXAMPLES / "clean.yaml"), "--as-of", "1/9/2012")
    en = hiepy("check", str(EXAMPLES / "clean.yaml"), "--as-of", "1/9/2012", "--lang", "en")
    assert vi.exit_code == en.exit_code == 2
    assert "không phải là ngày; hãy viết theo dạng YYYY-MM-DD (năm-tháng-ngày): có lẽ là 2012-09-01" in vi.stderr
    assert "is not a date (YYYY-MM-DD): probably 2012-09-01" in en.stderr


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("id: x\nunit: [1, 2\n", "danh sách trong ngoặc vuông chưa đóng", "a list in square brackets is not closed"),
        ("id: x\nunit: a: b\n", "dấu ':' không được đứng ở đây", "a ':' is not allowed here"),
        ("titles:\n  - id: a\n  x: 1\n", "thiếu dấu '-'", "expected '-'"),
        ("id: 'x\n", "tệp hết khi dấu nháy chưa đóng", "the file ends inside quotes"),
        ("id: @x\n", "hãy đặt giá trị trong dấu nháy", "put the value in quotes"),
    ],
)
def test_a_yaml_syntax_error_says_what_to_write_in_both_languages(text: str, vi: str, en: str) -> None:
    from hiepy_rules.errors import InputError
    from hiepy_rules.load.yamlio import loads
    from hiepy_rules.schema.vi_text import problems

    with pytest.raises(InputError) as caught:
        loads(text, "de-an.yaml")
    [p] = caught.value.problems
    assert vi in p.message and en in p.en and p.line >= 1
    assert problems(p.message.replace("YAML", "")) == []  # no libyaml English inside the Vietnamese line
