"""The ``hiepy`` command: a thin typer app over the library.

Each command is one function: it parses options, calls the library, prints, and exits with a
status (0 clean, 2 bad input or problems found). Heavy modules (pydantic models, rich) are
imported inside the commands, so ``hiepy --version`` and ``--help`` start fast. Adding a
command is adding one decorated function here.

``main`` is the console entry point: no input ever ends in a traceback; an unexpected
exception is one line, ``hiepy: internal error: ...``, and exit status 2.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from hiepy_rules import __version__

if TYPE_CHECKING:
    from hiepy_rules.packs import Located, Pack, RuleSet
    from hiepy_rules.provision import SourceDoc

app = typer.Typer(
    name="hiepy",
    help="Check Vietnamese cadre-planning proposals (quy hoạch cán bộ) against overlapping rule sets.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"hiepy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check Vietnamese cadre-planning proposals (quy hoạch cán bộ) against overlapping rule sets."""


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class EngineChoice(StrEnum):
    auto = "auto"
    durable = "durable"
    python = "python"


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Proposal files (đề án quy hoạch) to check.")],
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="A rules root or pack folder (repeatable; default: the bundled rules)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge by the provisions in force on this date (YYYY-MM-DD).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text (a report) or json (the stable contract).")] = (
        Format.text
    ),
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the text report.")] = Lang.vi,
    engine: Annotated[
        EngineChoice, typer.Option("--engine", help="auto takes durable-rules where it is installed.")
    ] = EngineChoice.auto,
) -> None:
    """Check proposals: violations, conflicts between provisions and which prevails, with fixes.

    Exit status 0: no finding of severity error; 1: some; 2: bad input or usage.
    """
    from hiepy_rules.cli_check import run_check

    raise typer.Exit(
        run_check(list(paths), rules=rules, as_of=as_of, fmt=fmt.value, lang=lang.value, engine=engine.value)
    )


@app.command()
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Rule files, packs, rules roots, registries or proposals; folders are walked."),
    ],
    strict: Annotated[bool, typer.Option("--strict", help="Count warnings as errors.")] = False,
) -> None:
    """Validate rule files, packs, registries and proposals: one line per problem, FILE:LINE:COLUMN."""
    from hiepy_rules.lint import exit_status, lint_paths

    problems = lint_paths(paths)
    for p in problems:
        typer.echo(one_line(p.render()))
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    typer.echo(f"hiepy lint: {errors} error(s), {warnings} warning(s)", err=True)
    raise typer.Exit(exit_status(problems, strict=strict))


@app.command()
def rules(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Rules roots or pack folders (default: the rules bundled with hiepy)."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text (a table) or json.")] = Format.text,
) -> None:
    """List the provisions of the packs: id, source, issuer, dates in force, severity, words."""
    from hiepy_rules.packs import load_rules

    for path in paths or ():
        if path.exists() and not path.is_dir():
            _fail(f"{path} is not a folder: give a rules root or a pack folder")
    try:
        rs = load_rules(list(paths) if paths else None)
    except OSError as exc:
        _fail(f"cannot read {exc.filename or ''}: {exc.strerror or exc}")
    errors = sorted(p for p in rs.problems if p.severity == "error")
    if errors:
        more = f" (and {len(errors) - 1} more; run hiepy lint)" if len(errors) > 1 else ""
        _fail(f"rules do not load: {errors[0].render()}{more}")
    rows = provision_rows(rs)
    if fmt is Format.json:
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        _print_table(rs, rows)


def _fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2."""
    typer.echo("hiepy: " + one_line(message), err=True)
    raise typer.Exit(2)


def one_line(text: str) -> str:
    """Whatever a message holds (a file name with a newline...), it prints as one line."""
    return " ".join(text.splitlines())


def provision_rows(rs: RuleSet) -> list[dict[str, Any]]:
    """One JSON-ready row per provision, in the order the packs and files are loaded."""
    return [provision_row(pack, loc, rs.sources) for pack in rs.packs for loc in pack.provisions]


def _words(i18n: Any) -> dict[str, str] | None:
    return None if i18n is None else {"vi": i18n.vi, "en": i18n.en}


def provision_row(pack: Pack, loc: Located, sources: Mapping[str, SourceDoc]) -> dict[str, Any]:
    p = loc.provision
    in_force = pack.in_force(p)
    source = sources.get(p.source.document)
    return {
        "id": p.id,
        "pack": pack.id,
        "name": _words(p.name),
        "document": p.source.document,
        "article": p.source.article,
        "basis": list(p.source.basis),
        "issuer": pack.issuer(p),
        "issued": source.issued.isoformat() if source is not None and source.issued else None,
        "text": _words(p.text),
        "interpretation": _words(p.interpretation),
        "in_force": {
            "from": in_force.from_.isoformat(),
            "until": in_force.until.isoformat() if in_force.until else None,
        },
        "severity": p.severity,
        "modality": p.modality,
        "derive": p.derive,
        "subject": p.subject,
        "status": p.status,
    }


def _print_table(rs: RuleSet, rows: Sequence[Mapping[str, Any]]) -> None:
    """One table per pack, Vietnamese first; ids shown without their pack's prefix."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    for pack in rs.packs:
        name = pack.manifest.name
        table = Table(title=f"{pack.id}: {name.vi} / {name.en}", show_lines=True, expand=True)
        table.add_column("Mã\nId", no_wrap=True)
        table.add_column("Điều khoản\nProvision", ratio=3)
        table.add_column("Nguồn\nSource", ratio=2, overflow="fold")
        table.add_column("Hiệu lực\nIn force", no_wrap=True)
        table.add_column("Mức\nSeverity", no_wrap=True)
        for r in rows:
            if r["pack"] != pack.id:
                continue
            words = Text(r["name"]["vi"])
            words.append("\n" + r["name"]["en"], style="dim")
            issued = f", {r['issued']}" if r["issued"] else ""
            source = f"{r['document']}, {r['article']}\n{r['issuer']}{issued}"
            in_force = f"{r['in_force']['from']}\n– {r['in_force']['until'] or '…'}"
            table.add_row(r["id"].removeprefix(pack.id + "."), words, source, in_force, r["severity"])
        console.print(table)


def main() -> None:
    """Console entry point: run the app; never let an exception out as a traceback."""
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
