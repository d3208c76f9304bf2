"""No input gives a traceback: each hostile file is one clear line, exit status 2, within a second."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from hiepy_rules.load import yamlio

pytestmark = pytest.mark.usefixtures("english")  # the English wording; test_messages.py: Vietnamese

RunCli = Callable[..., Result]

BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)

#: name, bytes, the start of the one line expected (FILE:LINE:COLUMN: where a position exists)
CASES: list[tuple[str, bytes, str]] = [
    (
        "malformed.yaml",
        b"provisions: [1, 2\n",
        "malformed.yaml:2:1: error: invalid YAML: a list in square brackets is not closed",
    ),
    ("list.yaml", b"- 1\n- 2\n", "list.yaml:1:1: error: not a hiepy file: found a list;"),
    (
        "list-for-mapping.yaml",
        b"provisions:\n  - [1]\n",
        "list-for-mapping.yaml:2:5: error: provisions[0]: must be a mapping of 'key: value', not [1]",
    ),
    ("scalar.yaml", b"hello\n", "scalar.yaml:1:1: error: not a hiepy file: found text;"),
    ("empty.yaml", b"", "empty.yaml:1:1: error: empty file: expected a YAML mapping"),
    ("comments.yaml", b"# nothing here\n", "comments.yaml:1:1: error: empty file: expected a YAML mapping"),
    (
        "binary.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "binary.yaml:3:1: error: binary file (contains a NUL byte)",
    ),
    ("latin1.yaml", b"unit: {name: Cuc Thu\xe9}\n", "latin1.yaml:1:21: error: not valid UTF-8 (byte 0xe9)"),
    ("control.yaml", b"pack: a\x07b\n", "control.yaml:1:8: error: invalid YAML:"),
    (
        "python-tag.yaml",
        b"provisions: !!python/object/apply:os.system [echo pwned]\n",
        "python-tag.yaml:1:13: error: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
    ),
    ("local-tag.yaml", b"pack: !include other.yaml\n", "local-tag.yaml:1:7: error: tag !include is not allowed"),
    ("deep.yaml", b"pack: " + b"[" * 200 + b"]" * 200 + b"\n", "deep.yaml:1:70: error: nesting is deeper than 64"),
    ("bomb.yaml", BOMB.encode(), "bomb.yaml:6:10: error: document has more than 100000 nodes"),
    ("unknown-alias.yaml", b"pack: *nowhere\n", "unknown-alias.yaml:1:7: error: unknown alias *nowhere"),
    ("duplicate-key.yaml", b"pack: a\npack: b\n", "duplicate-key.yaml:2:1: error: duplicate key 'pack'"),
    ("two-docs.yaml", b"pack: a\n---\npack: b\n", "two-docs.yaml:2:1: error: more than one YAML document"),
    ("mapping-key.yaml", b"? {a: 1}\n: 2\n", "mapping-key.yaml:1:3: error: a mapping key must be a plain value"),
    ("nan.yaml", b"pack: .nan\n", "nan.yaml:1:7: error: .nan is not a number hiepy accepts"),
    (
        "proposal-wrong-shape.yaml",
        b"unit: [a]\ntitles: x\n",
        "proposal-wrong-shape.yaml:1:1: error: missing required field 'date'",
    ),
]


def _lint_once(hiepy: RunCli, *args: str) -> tuple[Result, float]:
    start = time.perf_counter()
    result = hiepy("lint", *args)
    return result, time.perf_counter() - start


def _assert_clean_failure(result: Result, elapsed: float) -> list[str]:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert elapsed < 20.0, f"took {elapsed:.2f} s"  # a hang guard, not a speed target (bench/ has those)
    return result.stdout.splitlines()


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli, name: str, content: bytes, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    out = _assert_clean_failure(*_lint_once(hiepy, name))
    assert out[0].startswith(expected), out
    if name != "proposal-wrong-shape.yaml":  # a schema lists each of its problems
        assert len(out) == 1, out


def test_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "huge.yaml").write_bytes(b"pack: " + b"x" * yamlio.MAX_BYTES + b"\n")
    out = _assert_clean_failure(*_lint_once(hiepy, "huge.yaml"))
    assert out == [
        f"huge.yaml:1:1: error: file is too large ({yamlio.MAX_BYTES + 7} bytes; the limit is {yamlio.MAX_BYTES})"
    ]


def test_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli) -> None:
    monkeypatch.chdir(tmp_path)
    out = _assert_clean_failure(*_lint_once(hiepy, "nowhere.yaml", "no-dir/"))
    assert out == ["no-dir: error: no such file or directory", "nowhere.yaml: error: no such file or directory"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_not_read(hiepy: RunCli) -> None:
    out = _assert_clean_failure(*_lint_once(hiepy, "/dev/null"))
    assert len(out) == 1 and out[0].endswith(": error: not a regular file")


def test_directory_of_mixed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli) -> None:
    monkeypatch.chdir(tmp_path)
    mixed = tmp_path / "mixed"
    (mixed / "sub").mkdir(parents=True)
    (mixed / "notes.txt").write_bytes(b"\x00\x01 not yaml, not read")
    (mixed / "a.yaml").write_bytes(b"- just\n- a list\n")
    (mixed / "b.yml").write_bytes(b"pack: [\n")
    (mixed / "sub" / "c.yaml").write_bytes(b"")
    (mixed / "sub" / "d.yaml").write_bytes(b"\xff\xfe\x00")
    (mixed / ".hidden").mkdir()
    (mixed / ".hidden" / "e.yaml").write_bytes(b"ignored: [\n")
    out = _assert_clean_failure(*_lint_once(hiepy, "mixed"))
    assert [o.split(": error: ")[0] for o in out] == [
        "mixed/a.yaml:1:1",
        "mixed/b.yml:2:1",
        "mixed/sub/c.yaml:1:1",
        "mixed/sub/d.yaml:1:3",
    ]


def test_an_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "void").mkdir()
    out = _assert_clean_failure(*_lint_once(hiepy, "void"))
    assert out == ["void: error: no YAML files (*.yaml, *.yml) here"]


def test_a_rules_root_of_broken_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules" / "p").mkdir(parents=True)
    (tmp_path / "rules" / "sources.yaml").write_bytes(b"sources: {a: 1}\n")
    (tmp_path / "rules" / "authorities.yaml").write_bytes(b"\x00")
    (tmp_path / "rules" / "p" / "pack.yaml").write_bytes(b"- pack\n")
    out = _assert_clean_failure(*_lint_once(hiepy, "rules"))
    assert out == [
        "rules/authorities.yaml:1:1: error: binary file (contains a NUL byte); expected UTF-8 YAML",
        "rules/p/pack.yaml:1:1: error: expected a mapping at the top, found list",
        "rules/sources.yaml:1:10: error: sources: must be a list (one item per line starting with '- '), not {'a': 1}",
    ]


def test_the_real_command_never_prints_a_traceback(tmp_path: Path) -> None:
    """All hostile files at once through the installed entry point (a subprocess, as a user runs it)."""
    for name, content, _ in CASES:
        (tmp_path / name).write_bytes(content)
    (tmp_path / "huge.yaml").write_bytes(b"a: " + b"x" * (yamlio.MAX_BYTES + 1))
    names = sorted([*(c[0] for c in CASES), "huge.yaml", "missing.yaml"])
    proc = subprocess.run(  # no wall-clock assert (a busy machine is no bug): the timeout bounds a blow-up
        [sys.executable, "-m", "hiepy_rules.cli.app", "lint", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "internal error" not in proc.stderr
    files = {line.split(":")[0] for line in proc.stdout.splitlines()}
    assert files == set(names)


def test_an_unexpected_exception_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The safety net exists: a bug becomes ``hiepy: internal error: ...`` and status 2, never a traceback."""
    import hiepy_rules.lint.runner
    from hiepy_rules.cli import app as cli

    def boom(paths: object) -> object:
        raise RuntimeError("something\nunforeseen")

    monkeypatch.setattr(hiepy_rules.lint.runner, "lint_paths", boom)
    monkeypatch.setattr(sys, "argv", ["hiepy", "lint", "x.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == "hiepy: internal error: RuntimeError: something unforeseen\n"
    assert captured.out == ""


def test_a_flood_of_schema_errors_is_counted_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hiepy: RunCli
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flood.yaml").write_text("provisions: [" + ", ".join(["1"] * 5000) + "]\n", encoding="utf-8")
    out = _assert_clean_failure(*_lint_once(hiepy, "flood.yaml"))
    assert len(out) == 101
    assert out[0] == "flood.yaml:1:1: error: 4900 more schema errors not shown"
