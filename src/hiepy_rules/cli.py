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


class OutFormat(StrEnum):
    """Output formats of check and lint (one module each under ``hiepy_rules.formats``)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    markdown = "markdown"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


_FORMAT_HELP = (
    "text (a report), json (the stable contract), sarif (code scanning), junit (CI test report), "
    "github (workflow annotations) or markdown (a table for a report)."
)
_OUTPUT_HELP = "Write the output to this file (atomically: all of it or nothing) instead of stdout."


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Proposal files (đề án quy hoạch), folders (their YAML files) or quoted globs to check."),
    ],
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="A rules root or pack folder (repeatable; default: the bundled rules)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge by the provisions in force on this date (YYYY-MM-DD).")
    ] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", help=_FORMAT_HELP)] = OutFormat.text,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the report.")] = Lang.vi,
    engine: Annotated[
        EngineChoice, typer.Option("--engine", help="auto takes durable-rules where it is installed.")
    ] = EngineChoice.auto,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on a finding of this severity or worse (waived: never).")
    ] = FailOn.error,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_OUTPUT_HELP)] = None,
    waivers: Annotated[
        Path | None, typer.Option("--waivers", help="A waivers file: accepted exceptions, shown but not counted.")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Check a batch in this many processes (default: one per core)."),
    ] = None,
) -> None:
    """Check proposals: violations, conflicts between provisions and which prevails, with fixes.

    Exit status 0: no finding of severity error (or --fail-on); 1: some; 2: bad input or usage.
    """
    from hiepy_rules.cli_check import run_check

    raise typer.Exit(
        run_check(
            list(paths),
            rules=rules,
            as_of=as_of,
            fmt=fmt.value,
            lang=lang.value,
            engine=engine.value,
            fail_on=fail_on.value,
            output=output,
            waivers=waivers,
            jobs=jobs,
        )
    )


@app.command()
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Rule files, packs, rules roots, registries or proposals; folders are walked."),
    ],
    strict: Annotated[bool, typer.Option("--strict", help="Count warnings as errors (--fail-on warning).")] = False,
    fmt: Annotated[OutFormat, typer.Option("--format", help=_FORMAT_HELP)] = OutFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 2 on a problem of this severity or worse.")
    ] = FailOn.error,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_OUTPUT_HELP)] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the markdown headings.")] = Lang.vi,
    witness_dir: Annotated[
        Path | None,
        typer.Option("--witness-dir", help="Write the witness proposal of each contradiction here (else inline)."),
    ] = None,
) -> None:
    """Validate rule files, packs, pack tests, registries and proposals: one line per problem, FILE:LINE:COLUMN.

    A provision that cannot be met together with one of higher authority (bundled packs included)
    is an error; with a peer's, a warning.
    """
    from hiepy_rules.cli_report import finish_lint
    from hiepy_rules.lint import lint_paths

    problems = lint_paths(paths, witness_dir=witness_dir) if witness_dir is not None else lint_paths(paths)
    level = FailOn.warning if strict and fail_on is FailOn.error else fail_on
    raise typer.Exit(finish_lint(problems, paths, fmt=fmt.value, lang=lang.value, fail_on=level.value, output=output))


@app.command("test")
def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Rules roots, pack folders or pack test files (default: the bundled rules)."),
    ] = None,
    select: Annotated[
        str | None, typer.Option("-k", help="Run only the tests whose name (or FILE::NAME) contains this text.")
    ] = None,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Report which provisions no test saw both fire and stay silent.")
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", min=0, max=100, help="Fail when provision coverage is below N % (implies --coverage)."
        ),
    ] = None,
    engine: Annotated[
        EngineChoice, typer.Option("--engine", help="auto takes durable-rules where it is installed.")
    ] = EngineChoice.auto,
) -> None:
    """Run the pack tests kept beside the rules (<pack>/tests/*.yaml): expected findings per proposal.

    Exit status 0: every test passed (and coverage reached --threshold); 1: some did not; 2: bad input.
    """
    from hiepy_rules.cli_test import run_tests

    raise typer.Exit(
        run_tests(
            list(paths or []),
            select=select,
            coverage=coverage or threshold is not None,
            threshold=threshold,
            engine=engine.value,
        )
    )


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


class AnalysisFormat(StrEnum):
    text = "text"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def conflicts(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Rules roots or pack folders to analyse (default: every bundled pack)."),
    ] = None,
    fmt: Annotated[AnalysisFormat, typer.Option("--format", help="text (a table) or json.")] = AnalysisFormat.text,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the text table.")] = Lang.vi,
    witness_dir: Annotated[
        Path | None, typer.Option("--witness-dir", help="Write a witness proposal for each conflict here.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to this file.")] = None,
) -> None:
    """Conflicts between provisions found without a proposal: where they happen, who prevails, a witness.

    Also packs that contradict themselves, provisions that never apply and provisions implied by
    another. Exit status 0: the analysis ran; 2: bad input.
    """
    from hiepy_rules.cli_analysis import run_conflicts

    raise typer.Exit(
        run_conflicts(list(paths or []), fmt=fmt.value, lang=lang.value, witness_dir=witness_dir, output=output)
    )


@app.command()
def diff(
    a: Annotated[Path, typer.Argument(help="Rule set A: a rules root or a pack folder.")],
    b: Annotated[Path, typer.Argument(help="Rule set B: a rules root or a pack folder.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", help="text, json or markdown.")] = DiffFormat.text,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the table.")] = Lang.vi,
    witness_dir: Annotated[
        Path | None, typer.Option("--witness-dir", help="Write the witness proposals of each difference here.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to this file.")] = None,
) -> None:
    """Compare two rule sets topic by topic: equal, A stricter, B stricter, overlapping differently, incompatible.

    Exit status 0: no difference; 1: some; 2: bad input.
    """
    from hiepy_rules.cli_analysis import run_diff

    raise typer.Exit(run_diff(a, b, fmt=fmt.value, lang=lang.value, witness_dir=witness_dir, output=output))


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="The proposal to convert: a workbook (.xlsx) or a YAML file.")],
    target: Annotated[Path, typer.Argument(help="The file to write: .yaml for a workbook, .xlsx for a YAML file.")],
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the workbook's headers and messages.")] = Lang.vi,
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET if it exists (never the input).")] = False,
) -> None:
    """Convert a proposal between a workbook (.xlsx) and YAML, through the same validation as check.

    Exit status 0: converted; 2: bad input or usage.
    """
    from hiepy_rules.convert import run_convert

    raise typer.Exit(run_convert(source, target, lang=lang.value, force=force))


@app.command()
def init(
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the empty proposal workbook (template) to this file.")
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the workbook's headers.")] = Lang.vi,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Start a proposal: --xlsx PATH writes the workbook template (headers, notes, drop-down lists)."""
    from hiepy_rules.convert import run_init_xlsx

    if xlsx is None:
        _fail("give --xlsx PATH")
    raise typer.Exit(run_init_xlsx(xlsx, lang=lang.value, force=force))


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
        "replaced_by": p.replaced_by,  # the provision taking over when this version ends (versions.py)
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
    import signal

    def _terminated(signum: int, frame: object) -> NoReturn:
        # SIGTERM unwinds like Ctrl-C, so that an --output being written removes its temporary file
        sys.stderr.write("hiepy: terminated\n")
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminated)
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
