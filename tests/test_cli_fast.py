"""The fast ``hiepy check`` parser (``cli_fast``) reads exactly what typer would, or hands over to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from hiepy_rules.cli import app as cli
from hiepy_rules.cli import main as cli_fast
from hiepy_rules.cli import options
from tests.helpers import DOSSIER, REPO

CHECK = typer.main.get_command(cli.app).commands["check"]  # type: ignore[attr-defined]
CONFLICTS = typer.main.get_command(cli.app).commands["conflicts"]  # type: ignore[attr-defined]


def test_the_fast_parser_knows_every_option_of_check_and_no_other() -> None:
    typer_opts = {opt: p.name for p in CHECK.params if p.param_type_name == "option" for opt in p.opts}
    assert typer_opts == cli_fast.OPTIONS
    defaults = {p.name: p.default for p in CHECK.params if p.param_type_name == "option"}
    assert {k: (v.value if hasattr(v, "value") else v) for k, v in defaults.items()} == cli_fast.DEFAULTS


@pytest.mark.parametrize(
    ("option", "enum"),
    [("fmt", options.OutFormat), ("lang", options.Lang), ("engine", options.EngineChoice), ("fail_on", options.FailOn)],
)
def test_the_fast_parser_accepts_the_same_choices(option: str, enum: type[Any]) -> None:
    assert cli_fast.CHOICES[option] == tuple(e.value for e in enum)


def typer_kwargs(args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What typer hands to run_check for ``hiepy ARGS``."""
    import hiepy_rules.cli.check

    seen: dict[str, Any] = {}

    def fake(paths: list[Path], **kwargs: Any) -> int:
        seen.update(kwargs, paths=paths)
        return 0

    monkeypatch.setattr(hiepy_rules.cli.check, "run_check", fake)
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize(
    "args",
    [
        ["check", "a.yaml"],
        ["check", "a.yaml", "b dir/c.yaml", "--format", "json", "-o", "out.json"],
        ["check", "--rules", "r1", "x.yaml", "--rules=r2", "--as-of", "2026-01-15", "--lang", "en"],
        ["check", "x.yaml", "--engine=python", "--fail-on", "warning", "--waivers", "w.yaml", "-j", "3"],
        ["check", "--jobs", "1", "--format", "sarif", "--format", "junit", "--", "-odd-name.yaml"],
        ["check", "dossiers/**/*.yaml", "--output=r.md", "--format=markdown"],
    ],
)
def test_the_fast_parser_reads_what_typer_reads(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli_fast.parse(args) == typer_kwargs(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["lint", "rules"],
        ["check"],
        ["check", "--help"],
        ["check", "a.yaml", "--colour", "red"],
        ["check", "a.yaml", "--format", "pdf"],
        ["check", "a.yaml", "-j2"],
        ["check", "a.yaml", "--jobs", "0"],
        ["check", "a.yaml", "--jobs", "two"],
        ["check", "a.yaml", "--output"],
        ["check", "a.yaml", "--as-of="],
        ["check", "a.yaml", "--output", "-x"],
        ["check", ""],
    ],
)
def test_anything_unsure_goes_to_typer(args: list[str]) -> None:
    assert cli_fast.parse(args) is None


def test_the_console_script_takes_the_fast_path_with_typer_s_output() -> None:
    exe = Path(sys.executable).with_name("hiepy")
    args = ["check", str(DOSSIER.relative_to(REPO)), "--engine", "python", "--format", "json"]
    fast = subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=REPO)
    slow = subprocess.run(
        [sys.executable, "-m", "hiepy_rules.cli.app", *args], capture_output=True, text=True, cwd=REPO
    )
    assert fast.returncode == slow.returncode == 1
    assert fast.stdout == slow.stdout and fast.stderr == slow.stderr == ""
    code = "import sys, hiepy_rules.cli.main as f; sys.argv = ['hiepy', *sys.argv[1:]]; f.main()"
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args], capture_output=True, text=True, cwd=REPO
    )
    assert probe.returncode == 1
    assert " typer" not in probe.stderr  # the fast path never imports typer


def test_the_conflicts_parser_knows_every_option_and_choice() -> None:
    typer_opts = {opt: p.name for p in CONFLICTS.params if p.param_type_name == "option" for opt in p.opts}
    assert typer_opts == cli_fast.CONFLICTS_OPTIONS
    defaults = {p.name: p.default for p in CONFLICTS.params if p.param_type_name == "option"}
    assert {k: (v.value if hasattr(v, "value") else v) for k, v in defaults.items()} == cli_fast.CONFLICTS_DEFAULTS
    assert {
        "fmt": tuple(e.value for e in options.AnalysisFormat),
        "lang": tuple(e.value for e in options.Lang),
    } == cli_fast.CONFLICTS_CHOICES


@pytest.mark.parametrize(
    "args",
    [
        ["conflicts"],
        ["conflicts", "rules/quang-tri-2012", "--format", "json"],
        ["conflicts", "r1", "r2", "--lang=en", "-o", "out.txt", "--witness-dir", "w"],
        ["conflicts", "--format=text", "--", "-odd"],
    ],
)
def test_the_conflicts_parser_reads_what_typer_reads(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import hiepy_rules.cli.analysis

    seen: dict[str, Any] = {}

    def fake(paths: list[Path], **kwargs: Any) -> int:
        seen.update(kwargs, paths=paths)
        return 0

    monkeypatch.setattr(hiepy_rules.cli.analysis, "run_conflicts", fake)
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    parsed = cli_fast.parse_conflicts(args)
    assert parsed is not None
    if parsed["lang"] is None:  # left to the configuration and HIEPY_LANG, as typer does: Vietnamese here
        parsed["lang"] = "vi"
    assert parsed == seen


@pytest.mark.parametrize(
    "args",
    [["conflicts", "--help"], ["conflicts", "--format", "sarif"], ["conflicts", "-o"], ["conflicts", ""], ["diff"]],
)
def test_anything_unsure_about_conflicts_goes_to_typer(args: list[str]) -> None:
    assert cli_fast.parse_conflicts(args) is None
