"""The typer app's choice types, made from the one declaration of each choice (``choices.py``).

typer reads choices from an ``Enum``; each one here is built from the tuple that the fast entry point
and the report formats read, so that a new format or language is added in one place. mypy cannot see
the members of an enum built from a tuple (hence the ``type: ignore`` on each): defaults are written
``OutFormat["text"]``.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from hiepy_rules import choices
from hiepy_rules.choices import LANGS
from hiepy_rules.cli.click_words import install as install_click_words

OutFormat = StrEnum("OutFormat", [(v, v) for v in choices.OUTPUT_FORMATS])  # type: ignore[misc]
AnalysisFormat = StrEnum("AnalysisFormat", [(v, v) for v in choices.ANALYSIS_FORMATS])  # type: ignore[misc]
DiffFormat = StrEnum("DiffFormat", [(v, v) for v in choices.DIFF_FORMATS])  # type: ignore[misc]
FailOn = StrEnum("FailOn", [(v, v) for v in choices.FAIL_ON])  # type: ignore[misc]
Lang = StrEnum("Lang", [(v, v) for v in choices.LANGS])  # type: ignore[misc]
EngineChoice = StrEnum("EngineChoice", [(v, v) for v in choices.ENGINES])  # type: ignore[misc]


# the value of a choice as the Literal the library takes (each enum is built from that Literal's values)
def fmt(choice: StrEnum) -> choices.Format:
    return cast("choices.Format", choice.value)


def fail_on(choice: StrEnum) -> choices.FailOn:
    return cast("choices.FailOn", choice.value)


def lang(choice: StrEnum) -> choices.Lang:
    return cast("choices.Lang", choice.value)


def engine(choice: StrEnum) -> choices.EngineName:
    return cast("choices.EngineName", choice.value)


def help_lang() -> str:
    """The language of ``--help``: ``--lang`` on the command line, ``HIEPY_LANG``, the locale, else Vietnamese.

    Help is printed before the options are parsed, hence this look at the arguments themselves."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg in ("--lang=vi", "--lang=en"):
            return arg[-2:]
    env = os.environ.get("HIEPY_LANG", "")[:2].lower()
    if env in LANGS:
        return env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.startswith("en") else "vi"
    return "vi"


HELP_LANG = help_lang()
install_click_words(HELP_LANG)  # typer's own words (usage, panels, usage errors) in the same language


def h(vi: str, en: str) -> str:
    """A help text in the language of ``--help``."""
    return en if HELP_LANG == "en" else vi


FORMAT_HELP = h(
    "text (báo cáo), json (định dạng ổn định cho máy đọc), sarif (quét mã nguồn), junit (báo cáo kiểm thử "
    "cho CI), github (chú thích trong quy trình GitHub), markdown (bảng cho báo cáo) hoặc markdown-summary "
    "(chỉ phần tổng hợp).",
    "text (a report), json (the stable contract), sarif (code scanning), junit (CI test report), "
    "github (workflow annotations), markdown (a table for a report), markdown-summary (the summary only) or "
    "html (a page to attach or print).",
)


OUTPUT_HELP = h(
    "Ghi kết quả vào tệp này (trọn vẹn hoặc không gì cả) thay vì ra màn hình.",
    "Write the output to this file (atomically: all of it or nothing) instead of stdout.",
)


TIMEOUT_HELP = h(
    "Thời gian tối đa của phép phân tích, tính bằng giây (mặc định 60); câu hỏi chưa kịp quyết định được liệt kê"
    " (mã thoát 3).",
    "Time budget of the analysis in seconds (default 60); what it leaves undecided is listed (status 3).",
)


# --- options more than one command takes, declared once -----------------------------------------

FormatOption = Annotated[OutFormat, typer.Option("--format", metavar="FORMAT", help=FORMAT_HELP)]

TableFormatOption = Annotated[
    AnalysisFormat,
    typer.Option("--format", metavar="FORMAT", help=h("text (một bảng) hoặc json.", "text (a table) or json.")),
]

EngineOption = Annotated[
    EngineChoice,
    typer.Option(
        "--engine",
        metavar="auto|durable|python",
        help=h(
            "auto: dùng durable-rules khi đã cài, nếu không thì bộ máy thuần Python.",
            "auto takes durable-rules where it is installed.",
        ),
    ),
]

OutputOption = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)]

#: the analyses' --output
AnalysisOutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=h("Ghi kết quả vào tệp này.", "Write the output to this file.")),
]

TimeoutOption = Annotated[float | None, typer.Option("--timeout", min=0, metavar="SECONDS", help=TIMEOUT_HELP)]


def lang_option(vi: str, en: str) -> Any:
    """``--lang`` with the words each command gives it."""
    return typer.Option("--lang", metavar="vi|en", help=h(vi, en))


def witness_dir_option(vi: str, en: str) -> Any:
    """``--witness-dir FOLDER``: where an analysis writes its witness proposals."""
    return typer.Option("--witness-dir", metavar="FOLDER", help=h(vi, en))


def paths_argument(vi: str, en: str) -> Any:
    """The ``PATH...`` a command reads."""
    return typer.Argument(metavar="PATH", help=h(vi, en))
