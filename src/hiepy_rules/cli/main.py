"""The console entry point: ``hiepy check`` and ``hiepy conflicts`` start without typer; the rest goes to ``cli.py``.

``hiepy check`` runs on every save of a dossier and in every CI job, so its start-up counts. Importing
typer (and the pydantic adapters it builds for each option) costs about as much as checking a typical
proposal. ``parse`` reads the common forms of ``hiepy check`` (paths, ``--option value``,
``--option=value``, ``-o``/``-j value``, ``--``) and returns ``None`` for anything it is not sure of
(help, ``--version``, an unknown option, a value outside the choices, ``-j2``, an empty value...),
which typer then parses exactly as before: the fast path can only be taken when typer would have
made the same call. ``parse_conflicts`` does the same for ``hiepy conflicts``, whose report usually
comes from the cache (``cli_analysis``). ``tests/test_cli_fast.py`` holds the parsers to typer's
options and values.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

from hiepy_rules.choices import ANALYSIS_FORMATS, ENGINES, FAIL_ON, LANGS, OUTPUT_FORMATS
from hiepy_rules.cli.config import load
from hiepy_rules.cli.pipe import CLOSED_PIPE, quiet_on_closed_pipe
from hiepy_rules.errors import InputError
from hiepy_rules.i18n import lang, set_default, set_lang

#: ``hiepy check`` options (cli.py) → run_check's keyword
OPTIONS = {
    "--rules": "rules",
    "--as-of": "as_of",
    "--format": "fmt",
    "--lang": "lang",
    "--engine": "engine",
    "--fail-on": "fail_on",
    "--output": "output",
    "-o": "output",
    "--waivers": "waivers",
    "--jobs": "jobs",
    "-j": "jobs",
    "--compare-as-of": "compare_as_of",
    "--compare-rules": "compare_rules",
    "--exclude": "exclude",
}


CHOICES: dict[str, tuple[str, ...]] = {"fmt": OUTPUT_FORMATS, "lang": LANGS, "engine": ENGINES, "fail_on": FAIL_ON}


DEFAULTS: dict[str, Any] = {
    "rules": None,
    "as_of": None,
    "fmt": "text",
    "lang": None,  # --lang, else HIEPY_LANG, else the configuration file, else Vietnamese (i18n.py)
    "engine": "auto",
    "fail_on": None,  # --fail-on, else the configuration file, else error
    "output": None,
    "waivers": None,
    "jobs": None,
    "compare_as_of": None,
    "compare_rules": None,
    "exclude": None,
}


def _read(args: list[str], options: dict[str, str]) -> tuple[list[Path], list[tuple[str, str]]] | None:
    """The paths and the (keyword, value) of each option in ARGS (after the command's name), or ``None``
    for a form typer should read (an unknown option, a missing or empty value, ``-j2``...)."""
    paths: list[Path] = []
    given: list[tuple[str, str]] = []
    rest = iter(args)
    options_done = False
    for arg in rest:
        if options_done or not arg.startswith("-"):
            if not arg:
                return None
            paths.append(Path(arg))
            continue
        if arg == "--":
            options_done = True
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        dest = options.get(name)
        if dest is None:
            return None
        if not eq:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        given.append((dest, value))
    return paths, given


def parse(args: list[str]) -> dict[str, Any] | None:
    """``run_check``'s arguments for ``hiepy ARGS``, or ``None`` when typer should read them."""
    read = _read(args[1:], OPTIONS) if args and args[0] == "check" else None
    if read is None:
        return None
    paths, given = read
    kw: dict[str, Any] = dict(DEFAULTS)
    for dest, value in given:
        if dest in ("rules", "compare_rules"):
            kw[dest] = [*(kw[dest] or []), Path(value)]
        elif dest == "exclude":
            kw["exclude"] = [*(kw["exclude"] or []), value]
        elif dest in CHOICES:
            if value not in CHOICES[dest]:
                return None
            kw[dest] = value
        elif dest == "jobs":
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                return None
            kw["jobs"] = int(value)
        elif dest in ("output", "waivers"):
            kw[dest] = Path(value)
        else:
            kw[dest] = value
    if not paths:
        return None
    kw["paths"] = paths
    return kw


#: ``hiepy conflicts`` options (cli.py) → run_conflicts' keyword; its answer is often cached, so typer's
#: import would be most of the command's time
CONFLICTS_OPTIONS = {
    "--format": "fmt",
    "--lang": "lang",
    "--witness-dir": "witness_dir",
    "--output": "output",
    "-o": "output",
    "--timeout": "timeout",
}


CONFLICTS_CHOICES: dict[str, tuple[str, ...]] = {"fmt": ANALYSIS_FORMATS, "lang": LANGS}


CONFLICTS_DEFAULTS: dict[str, Any] = {"fmt": "text", "lang": None, "witness_dir": None, "output": None, "timeout": None}


def parse_conflicts(args: list[str]) -> dict[str, Any] | None:
    """``run_conflicts``' arguments for ``hiepy ARGS``, or ``None`` when typer should read them."""
    read = _read(args[1:], CONFLICTS_OPTIONS) if args and args[0] == "conflicts" else None
    if read is None:
        return None
    paths, given = read
    kw: dict[str, Any] = dict(CONFLICTS_DEFAULTS)
    for dest, value in given:
        if dest in CONFLICTS_CHOICES:
            if value not in CONFLICTS_CHOICES[dest]:
                return None
            kw[dest] = value
        elif dest == "timeout":  # a number of seconds, or typer says what is wrong
            try:
                kw[dest] = float(value)
            except ValueError:
                return None
            if not kw[dest] >= 0:
                return None
        else:
            kw[dest] = Path(value)
    kw["paths"] = paths
    return kw


def _lean_start() -> None:
    """A check is a short process: no cyclic garbage collection while it loads (a batch turns it back
    on, ``batch.outcomes``), and no scan of every installed package for pydantic plugins (it reads
    all their metadata; hiepy's models need none). A plugin list the user set is kept."""
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def main() -> None:
    """Console entry point: the fast ``check``, else the typer app (``cli.main``), never a traceback."""
    quiet_on_closed_pipe()
    kwargs = parse(sys.argv[1:])
    analysis = None if kwargs is not None else parse_conflicts(sys.argv[1:])
    if kwargs is None and analysis is None:
        from hiepy_rules.cli.app import main as typer_main  # typer only when the fast parsers hand over

        typer_main()
        return
    _lean_start()
    try:
        if kwargs is not None:
            from hiepy_rules.cli.check import run_check  # only the command being run is loaded

            status = run_check(kwargs.pop("paths"), **kwargs)
        else:
            from hiepy_rules.cli.analysis import run_conflicts  # only the command being run is loaded

            assert analysis is not None
            try:
                conf = load()  # as the typer command reads it: the rules folders and the language
            except InputError as exc:
                for p in exc.problems:
                    sys.stderr.write(p.render() + "\n")
                sys.exit(2)
            set_default(conf.lang)
            set_lang(analysis["lang"])
            analysis["lang"] = "en" if lang() == "en" else "vi"
            paths = analysis.pop("paths") or list(conf.rules or [])
            status = run_conflicts(paths, **analysis)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (``hiepy check ... | head``): say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(CLOSED_PIPE)
    except KeyboardInterrupt:  # as cli.main does
        sys.stderr.write("hiepy: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        sys.stderr.write(f"hiepy: internal error: {type(exc).__name__}: {' '.join(str(exc).splitlines())}\n")
        sys.exit(2)
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    main()
