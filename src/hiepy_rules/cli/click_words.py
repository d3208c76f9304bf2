"""Typer's and click's own words (usage, panel titles, usage errors) in the language of the help.

Typer prints some words of its own around hiepy's help ("Usage:", the panels "Arguments",
"Options", "Commands", "[default: …]", "Show this message and exit.") and writes usage errors
("Missing argument 'PATH'.", "No such option: --x", "Invalid value for '--jobs': …"). Recent typer
keeps a copy of click whose words are plain strings (no ``gettext`` to hook into), so ``install``
sets typer's panel words for the language, gives click's usage line its prefix, and renders a
usage error as one line, ``hiepy lint: lỗi: Thiếu tham số 'PATH'. Xem 'hiepy lint -h'.``, its
message translated by the patterns below (a message no pattern knows is shown as typer wrote it).
Exit status 2, as click gives.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

#: typer.rich_utils' words: (Vietnamese, English)
PANEL_WORDS: dict[str, tuple[str, str]] = {
    "ARGUMENTS_PANEL_TITLE": ("Tham số", "Arguments"),
    "OPTIONS_PANEL_TITLE": ("Tùy chọn", "Options"),
    "COMMANDS_PANEL_TITLE": ("Lệnh", "Commands"),
    "ERRORS_PANEL_TITLE": ("Lỗi", "Error"),
    "ABORTED_TEXT": ("Đã dừng.", "Aborted."),
    "DEFAULT_STRING": ("[mặc định: {}]", "[default: {}]"),
    "REQUIRED_LONG_STRING": ("[bắt buộc]", "[required]"),
    "ENVVAR_STRING": ("[biến môi trường: {}]", "[env var: {}]"),
    "DEPRECATED_STRING": ("(không dùng nữa) ", "(deprecated) "),
    "RICH_HELP": (
        "Xem [blue]'{command_path} {help_option}'[/] để được trợ giúp.",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    ),
}

#: click's placeholders in the usage line
USAGE_WORDS: dict[str, str] = {"[OPTIONS]": "[TÙY CHỌN]", "COMMAND [ARGS]...": "LỆNH [THAM SỐ]..."}

#: words around a usage error and the usage line
WORDS: dict[str, tuple[str, str]] = {
    "usage": ("Cách dùng: ", "Usage: "),
    "error": ("lỗi", "error"),
    "try": ("Xem '{help}'.", "Try '{help}' for help."),
}

#: the help of the options typer adds, by their English wording
OPTION_HELP: dict[str, str] = {
    "Show this message and exit.": "In trợ giúp này rồi thoát.",
    "Install completion for the current shell.": "Cài tự hoàn thành lệnh cho trình dòng lệnh đang dùng.",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "In đoạn tự hoàn thành lệnh cho trình dòng lệnh đang dùng, để chép hoặc tự cài."
    ),
}

_Pattern = tuple[re.Pattern[str], str]


def _p(pattern: str, vi: str) -> _Pattern:
    return re.compile(pattern + r"$", re.S), vi


#: usage errors, whole (``{name}``: a group of the pattern, itself translated when it is ``{why}``)
ERRORS: list[_Pattern] = [
    _p(r"Missing argument (?P<a>.+)\.", "Thiếu tham số {a}."),
    _p(r"Missing option (?P<a>.+)\.", "Thiếu tùy chọn {a}."),
    _p(r"Missing parameter: (?P<a>.+?)\.?", "Thiếu tham số {a}."),
    _p(r"Missing command\.", "Thiếu lệnh."),
    _p(r"No such command (?P<a>'[^']*')\.\s*Did you mean (?P<b>.+)\?", "Không có lệnh {a}. Có phải là {b}?"),
    _p(r"No such command (?P<a>'[^']*')\.", "Không có lệnh {a}."),
    _p(r"No such option: (?P<a>\S+)\s*Did you mean (?P<b>.+)\?", "Không có tùy chọn {a}. Có phải là {b}?"),
    _p(r"No such option: (?P<a>\S+)\s*\(Possible options: (?P<b>.+)\)", "Không có tùy chọn {a} (có thể là: {b})."),
    _p(r"No such option: (?P<a>\S+?)\.?", "Không có tùy chọn {a}."),
    _p(r"Option (?P<a>'[^']*') requires an argument\.", "Tùy chọn {a} cần một giá trị."),
    _p(r"Option (?P<a>'[^']*') requires (?P<n>\d+) arguments\.", "Tùy chọn {a} cần {n} giá trị."),
    _p(r"Option (?P<a>'[^']*') does not take a value\.", "Tùy chọn {a} không nhận giá trị."),
    _p(r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)\.?", "Thừa tham số ({a})."),
    _p(r"Invalid value for (?P<a>.+?): (?P<why>.*)", "Giá trị không hợp lệ cho {a}: {why}"),
    _p(r"Invalid value: (?P<why>.*)", "Giá trị không hợp lệ: {why}"),
]

#: why a value was refused (the part after "Invalid value for X: ")
REASONS: list[_Pattern] = [
    _p(r"(?:Value error, )?(?P<v>.+) is not one of (?P<c>.+?)\.?", "{v} không thuộc các giá trị {c}."),
    _p(r"Input should be greater than or equal to (?P<n>\S+?)\.?", "giá trị phải lớn hơn hoặc bằng {n}."),
    _p(r"Input should be less than or equal to (?P<n>\S+?)\.?", "giá trị phải nhỏ hơn hoặc bằng {n}."),
    _p(r"Input should be greater than (?P<n>\S+?)\.?", "giá trị phải lớn hơn {n}."),
    _p(r"Input should be less than (?P<n>\S+?)\.?", "giá trị phải nhỏ hơn {n}."),
    _p(r"Input should be a valid integer.*", "cần một số nguyên."),
    _p(r"Input should be a valid number.*", "cần một số."),
    _p(r"Input should be a valid boolean.*", "cần `true` hoặc `false`."),
    _p(r"(?P<v>'.*') is not a valid integer\.?", "{v} không phải là số nguyên."),
    _p(r"(?P<v>'.*') is not a valid float\.?", "{v} không phải là số."),
    _p(r"(?P<v>.+) is not in the range (?P<r>.+?)\.?", "{v} nằm ngoài khoảng {r}."),
    _p(r"(?:File|Path|Directory) (?P<v>'.*') does not exist\.?", "{v} không tồn tại."),
    _p(r"Value error, (?P<why>.+)", "{why}"),
]


def translate(message: str, patterns: list[_Pattern] = ERRORS) -> str:
    """A usage error in Vietnamese (as it came when no pattern knows it)."""
    text = message.strip()
    for pattern, vi in patterns:
        m = pattern.match(text)
        if m:
            parts = m.groupdict()
            if "why" in parts:
                parts["why"] = translate(parts["why"], REASONS)
            return vi.format(**parts)
    return text


def _module(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


_originals: dict[str, Any] = {}


def install(lang: str) -> None:
    """Typer's and click's words in ``lang`` ("vi" or "en") from now on; English puts typer's own back."""
    rich_utils = _module("typer.rich_utils")
    formatting = _module("typer._click.formatting", "click.formatting")
    vi = lang != "en"
    if rich_utils is not None:
        for name, (vi_word, _en) in PANEL_WORDS.items():
            if hasattr(rich_utils, name):
                _originals.setdefault(name, getattr(rich_utils, name))
                setattr(rich_utils, name, vi_word if vi else _originals[name])
        _originals.setdefault("rich_format_help", getattr(rich_utils, "rich_format_help"))  # noqa: B009
        help_ = _originals["rich_format_help"]
        setattr(rich_utils, "rich_format_error", _format_error(lang))  # noqa: B010
        setattr(rich_utils, "rich_format_help", _format_help(help_) if vi else help_)  # noqa: B010
    _plain_types()
    if formatting is not None:
        cls = formatting.HelpFormatter
        _originals.setdefault("write_usage", cls.write_usage)
        usage = _originals["write_usage"]
        cls.write_usage = _write_usage(usage, WORDS["usage"][0]) if vi else usage


def _plain_types() -> None:
    """The type column of ``--help`` in a person's words, not Python's: an argument is named by its
    metavar already (``PATH``, not ``PATH <list[Path]>``), a flag takes no value (no ``<bool>``), and
    a number's metavar says what it is (``N``, not ``N [x>=1]``). Typer versions without these hooks
    are left as they are."""
    core = _module("typer.core")
    if core is None:
        return
    argument, option = getattr(core, "TyperArgument", None), getattr(core, "TyperOption", None)
    if argument is not None and hasattr(argument, "display_type_rich"):
        argument.display_type_rich = lambda self, ctx: None
    if option is not None and hasattr(option, "display_type_rich"):
        shown = _originals.setdefault("option_type", option.display_type_rich)
        option.display_type_rich = lambda self, ctx: None if self.is_flag else shown(self, ctx)
    if option is not None and hasattr(option, "_get_number_range_help_str"):
        option._get_number_range_help_str = lambda self: None


def _write_usage(original: Callable[..., None], prefix: str) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix_: str | None = None) -> None:
        for en, vi in USAGE_WORDS.items():
            args = args.replace(en, vi)
        original(self, prog, args, prefix if prefix_ is None else prefix_)

    return write_usage


def _format_help(original: Callable[..., None]) -> Callable[..., None]:
    def rich_format_help(*, obj: Any, ctx: Any, markup_mode: Any) -> None:
        for param in obj.get_params(ctx):
            help_text = getattr(param, "help", None)
            if isinstance(help_text, str) and help_text in OPTION_HELP:
                param.help = OPTION_HELP[help_text]
        original(obj=obj, ctx=ctx, markup_mode=markup_mode)

    return rich_format_help


def _format_error(lang: str) -> Callable[[Any], None]:
    """One line per usage error: ``COMMAND: error: MESSAGE Try 'COMMAND -h' for help.``"""
    vi = lang != "en"

    def rich_format_error(exc: Any) -> None:
        if type(exc).__name__ == "NoArgsIsHelpError":  # the help was printed instead (no_args_is_help)
            return
        message = " ".join(exc.format_message().split())
        if not message.endswith((".", "?", "!")):
            message += "."
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "hiepy"
        line = f"{where}: {WORDS['error'][0 if vi else 1]}: {translate(message) if vi else message}"
        if ctx is None or ctx.command.get_help_option(ctx) is not None:
            option = ctx.help_option_names[0] if ctx is not None else "-h"
            line += " " + WORDS["try"][0 if vi else 1].format(help=f"{where} {option}")
        sys.stderr.write(line + "\n")

    return rich_format_error
