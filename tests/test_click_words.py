"""Typer's and click's own words in the language of the help: the usage line, the panels, the help
of the options typer adds, and usage errors as one line, exit status 2. One process per language."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from hiepy_rules.cli import click_words
from hiepy_rules.schema.vi_text import problems
from tests.helpers import REPO


def hiepy(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m hiepy_rules ARGS`` (its program name shown as ``hiepy``, as the console script is)."""
    base = {k: v for k, v in os.environ.items() if k not in ("HIEPY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run(
        [sys.executable, "-m", "hiepy_rules", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**base, "COLUMNS": "200", **env},
    )
    proc.stdout, proc.stderr = (t.replace("python -m hiepy_rules", "hiepy") for t in (proc.stdout, proc.stderr))
    return proc


ENGLISH_WORDS = ("Usage:", "Options", "Arguments", "Show this message and exit.", "[default:", "[required]")


def test_help_words_are_vietnamese_by_default() -> None:
    out = hiepy("lint", "-h").stdout
    assert "Cách dùng: hiepy lint [TÙY CHỌN]" in out
    assert "╭─ Tham số " in out and "╭─ Tùy chọn " in out
    assert "In trợ giúp này rồi thoát." in out and "[mặc định: text]" in out and "[bắt buộc]" in out
    assert not [w for w in ENGLISH_WORDS if w in out]
    top = hiepy("-h").stdout
    assert "Cách dùng: hiepy [TÙY CHỌN] LỆNH [THAM SỐ]..." in top and "╭─ Lệnh " in top
    assert "Cài tự hoàn thành lệnh cho trình dòng lệnh đang dùng." in top


def test_help_words_are_english_on_request() -> None:
    out = hiepy("lint", "-h", **{"HIEPY_LANG": "en"}).stdout
    assert all(w in out for w in ENGLISH_WORDS), out
    assert "Cách dùng" not in out and "Tùy chọn" not in out


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (("lint",), "hiepy lint: lỗi: Thiếu tham số 'PATH'.", "hiepy lint: error: Missing argument 'PATH'."),
        (
            ("lint", "x", "--bogus"),
            "hiepy lint: lỗi: Không có tùy chọn --bogus.",
            "hiepy lint: error: No such option: --bogus.",
        ),
        (
            ("lnt",),
            "hiepy: lỗi: Không có lệnh 'lnt'. Có phải là 'lint'?",
            "hiepy: error: No such command 'lnt'. Did you mean 'lint'?",
        ),
        (
            ("check", "x.yaml", "--jobs", "0"),
            "hiepy check: lỗi: Giá trị không hợp lệ cho '--jobs' / '-j': giá trị phải lớn hơn hoặc bằng 1.",
            "hiepy check: error: Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1.",
        ),
        (
            ("lint", "x", "--format", "nope"),
            "hiepy lint: lỗi: Giá trị không hợp lệ cho '--format': 'nope' không thuộc các giá trị 'text',",
            "hiepy lint: error: Invalid value for '--format':",
        ),
        (
            ("lint", "x", "--strict=3"),
            "hiepy: lỗi: Tùy chọn '--strict' không nhận giá trị.",
            "hiepy: error: Option '--strict' does not take a value.",
        ),
        (
            ("diff", "a", "b", "c"),
            "hiepy diff: lỗi: Thừa tham số (c).",
            "hiepy diff: error: Got unexpected extra argument(s) (c).",
        ),
    ],
)
def test_a_usage_error_is_one_line_in_the_language_exit_2(args: tuple[str, ...], vi: str, en: str) -> None:
    got_vi = hiepy(*args)
    got_en = hiepy("--lang", "en", *args) if args[0] != "lnt" else hiepy(*args, **{"LANG": "en_US.UTF-8"})
    for got, start in ((got_vi, vi), (got_en, en)):
        assert got.returncode == 2 and got.stdout == ""
        lines = got.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(start), got.stderr
    assert re.search(r" Xem 'hiepy( \w+)? -h'\.$", got_vi.stderr.strip())
    assert re.search(r" Try 'hiepy( \w+)? -h' for help\.$", got_en.stderr.strip())


@pytest.mark.parametrize(
    "message",
    [
        "Missing argument 'PATH'.",
        "Missing option '--rules'.",
        "Missing command.",
        "No such option: --x.",
        "No such option: --lagn Did you mean --lang?",
        "No such command 'x'.",
        "Option '--format' requires an argument.",
        "Option '--strict' does not take a value.",
        "Got unexpected extra arguments (a b)",
        "Got unexpected extra argument(s) (a)",
        "Invalid value for '--jobs': Input should be a valid integer, unable to parse string as an integer.",
        "Invalid value for '--threshold': Input should be less than or equal to 100.",
        "Invalid value for '--lang': Value error, 'fr' is not one of 'vi', 'en'.",
        "Invalid value for 'PATH': Path 'x' does not exist.",
    ],
)
def test_every_usage_error_pattern_gives_vietnamese(message: str) -> None:
    vi = click_words.translate(message)
    assert vi != message
    words = re.sub(r"'[^']*'|`[^`]*`|--?\w+", " ", vi)  # what the user typed, and option names
    assert problems(words) == [], vi


def test_installing_english_puts_typer_words_back() -> None:
    import typer.rich_utils as ru

    from hiepy_rules.cli import options

    try:
        click_words.install("vi")
        assert ru.OPTIONS_PANEL_TITLE == "Tùy chọn"
        click_words.install("en")
        assert (ru.OPTIONS_PANEL_TITLE, ru.ERRORS_PANEL_TITLE, ru.DEFAULT_STRING) == (
            "Options",
            "Error",
            "[default: {}]",
        )
    finally:
        click_words.install(options.HELP_LANG)  # as this process started


def test_every_vietnamese_word_of_the_cli_frame_is_vietnamese() -> None:
    from hiepy_rules.cli import test as test_command

    texts = [vi for vi, _ in click_words.PANEL_WORDS.values()] + [vi for vi, _ in click_words.WORDS.values()]
    texts += list(click_words.OPTION_HELP.values()) + list(click_words.USAGE_WORDS.values())
    texts += [vi for _, vi in click_words.ERRORS + click_words.REASONS]
    texts += [vi for vi, _ in test_command._T.values()]
    for text in texts:
        # left out: commands, markup, arguments, what the user types
        words = re.sub(r"hiepy \w+|\[/?\w*\]|\{[^}]*\}|'[^']*'|`[^`]*`", " ", text)
        assert problems(words) == [], text


COMMANDS = ("check", "lint", "test", "rules", "explain", "init", "conflicts", "diff", "schema", "convert")


# ``hiepy COMMAND -h`` for each command in turn, through the console entry point, in one process: the help's
# language is chosen once per process (cli/options.py), so one process per language prints what each would
_HELPS = """
import sys
from hiepy_rules.cli.main import main
for command in sys.argv[1:]:
    sys.argv = ["hiepy", command, "-h"]
    try:
        main()
    except SystemExit:
        pass
    sys.stdout.write("\\0")
"""


def helps(lang: str) -> dict[str, str]:
    """The help of each command in ``lang``, as ``hiepy COMMAND -h`` prints it."""
    base = {k: v for k, v in os.environ.items() if k not in ("HIEPY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run(
        [sys.executable, "-c", _HELPS, *COMMANDS],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**base, "COLUMNS": "200", "HIEPY_LANG": lang},
    )
    outs = proc.stdout.split("\0")
    assert proc.returncode == 0 and len(outs) == len(COMMANDS) + 1 and outs[-1] == "", proc.stderr
    return dict(zip(COMMANDS, outs[:-1], strict=True))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_command_s_help_has_plain_metavars_and_its_language(lang: str) -> None:
    """No Python types in the help (``<list[Path]>``, ``<bool>``, ``[x>=1]``); in Vietnamese, the
    command's own description is Vietnamese too."""
    for command, out in helps(lang).items():
        assert out, command
        assert not re.search(r"<(list|bool|int|str|float|Path)\b|\[x[<>]=?", out), (command, out)
        if lang == "vi":
            described = out.split("╭─", 1)[0].split("\n", 3)[-1]  # the lines after the usage line
            words = re.sub(r"--?\w[\w-]*|`[^`]*`", " ", " ".join(described.split()))  # option names are code
            assert not problems(words), (command, problems(words))
