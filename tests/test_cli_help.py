"""Help in Vietnamese (by default) and English (``--lang en``, ``HIEPY_LANG`` or an English locale),
``-h``, plain metavars and shell completion. Help is chosen when the CLI starts: one process each."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO


def help_of(*args: str, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("HIEPY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run(
        [sys.executable, "-m", "hiepy_rules", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**base, "COLUMNS": "200", **env},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_is_vietnamese_by_default_with_short_and_long_flags(flag: str) -> None:
    out = help_of("check", flag)
    assert "Kiểm tra đề án: vi phạm" in out and "Mã thoát 0" in out
    assert "Check proposals" not in out


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("check", "-h", "--lang", "en"), {}),
        (("check", "-h"), {"HIEPY_LANG": "en"}),
        (("check", "-h"), {"LANG": "en_US.UTF-8"}),
    ],
)
def test_help_is_english_on_request(args: tuple[str, ...], env: dict[str, str]) -> None:
    out = help_of(*args, **env)
    assert "Check proposals: violations" in out and "Exit status 0" in out
    assert "Kiểm tra đề án" not in out


def test_metavars_are_plain_words() -> None:
    out = help_of("check", "-h", "--lang", "en")
    for metavar in ("FOLDER", "YYYY-MM-DD", "FILE", "GLOB", "vi|en"):
        assert metavar in out
    for python_type in ("<str>", "<path>", "<int range>", "list[Path]]"):
        assert python_type not in out.replace("<list[Path]>", "")  # typer's argument type column stays


def test_shell_completion_is_offered() -> None:
    out = help_of("-h", "--lang", "en")
    assert "--install-completion" in out and "--show-completion" in out
