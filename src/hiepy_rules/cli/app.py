"""The ``hiepy`` command: a thin typer app over the library.

Each command is one function (``cli/commands/``, one module per command or group): it parses
options, calls the library, prints, and exits with a status (0 clean, 2 bad input or problems
found). Heavy modules (pydantic models, rich) are imported inside the commands, so ``hiepy
--version`` and ``--help`` start fast. The options the commands share and every choice are
declared once (``cli/options.py``). Adding a command is adding one function and registering it.

``main`` is the console entry point: no input ever ends in a traceback; an unexpected
exception is one line, ``hiepy: internal error: ...``, and exit status 2.
"""

from __future__ import annotations

import signal
import sys
from typing import Annotated, NoReturn

import typer

from hiepy_rules.cli.commands import analysis, check, formats, init, packs
from hiepy_rules.cli.common import config, one_line
from hiepy_rules.cli.config import apply_information_uri
from hiepy_rules.cli.options import Lang, h
from hiepy_rules.cli.pipe import quiet_on_closed_pipe
from hiepy_rules.i18n import set_default, set_lang
from hiepy_rules.version import __version__

app = typer.Typer(
    name="hiepy",
    help=h(
        "Kiểm tra đề án quy hoạch cán bộ theo các bộ quy định chồng lấn (Trung ương, Tỉnh ủy, Bộ).",
        "Check Vietnamese cadre-planning proposals (quy hoạch cán bộ) against overlapping rule sets.",
    ),
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"hiepy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help=h(
                "In phiên bản rồi thoát.",
                "Show the version and exit.",
            ),
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=h(
                "Ngôn ngữ của trợ giúp và thông báo (vi hoặc en) cho mọi lệnh.",
                "Language of the help and the messages (vi or en), for every command.",
            ),
        ),
    ] = None,
) -> None:
    """Check Vietnamese cadre-planning proposals (quy hoạch cán bộ) against overlapping rule sets."""
    # each run starts from this --lang, HIEPY_LANG or the configuration; a command's --lang comes next
    set_lang(lang.value if lang is not None else None)
    set_default(None)  # until the configuration file is read
    conf = config()
    set_default(conf.lang)
    apply_information_uri(conf)


for _commands in (check, packs, init, analysis, formats):  # the order --help lists them in
    _commands.register(app)


def main() -> None:
    """Console entry point: run the app; never let an exception out as a traceback."""

    def _terminated(signum: int, frame: object) -> NoReturn:
        # SIGTERM unwinds like Ctrl-C, so that an --output being written removes its temporary file
        sys.stderr.write("hiepy: terminated\n")
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminated)
    quiet_on_closed_pipe()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("hiepy: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the edge: anything unforeseen is still one line
        sys.stderr.write(f"hiepy: internal error: {type(exc).__name__}: {one_line(str(exc))}\n")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
