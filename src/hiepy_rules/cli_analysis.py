"""``hiepy conflicts`` and ``hiepy diff``: the drafter's commands, as plain functions the CLI wires up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiepy_rules.packs import RuleSet


def _load(paths: list[Path] | None, what: str) -> RuleSet | None:
    from hiepy_rules.packs import load_rules

    for path in paths or ():
        if path.exists() and not path.is_dir():
            print(f"hiepy: {path} is not a folder: give a rules root or a pack folder", file=sys.stderr)
            return None
    try:
        rs = load_rules(paths or None)
    except OSError as exc:
        print(f"hiepy: cannot read {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return None
    errors = sorted(p for p in rs.problems if p.severity == "error")
    if errors:
        for p in errors:
            print(p.render(), file=sys.stderr)
        print(f"hiepy: {what} do not load (run hiepy lint)", file=sys.stderr)
        return None
    return rs


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)


def run_conflicts(
    paths: list[Path],
    *,
    fmt: str = "text",
    lang: str = "vi",
    witness_dir: Path | None = None,
    output: Path | None = None,
) -> int:
    """Exit status: 0 the analysis ran (whatever it found), 2 bad input.

    The report is a function of the rule files' bytes (and the folder file names are relative to):
    kept in the user's cache folder, it is printed again without analysing while they are unchanged.
    """
    from hiepy_rules import usercache

    entry = None
    if witness_dir is None and all(p.is_dir() for p in paths):  # witnesses are files to write: no cache
        from hiepy_rules.rules_cache import fingerprint

        name, digest = fingerprint(paths or None, "conflicts")
        entry = (f"{name}-{fmt}-{lang}", digest)
        text = usercache.read(*entry)
        if isinstance(text, str):
            _emit(text, output)
            return 0
    from hiepy_rules.analysis.report import build, render_text

    rs = _load(paths, "the rules")
    if rs is None:
        return 2
    rep = build(rs, witness_dir=witness_dir)
    text = rep.to_json() if fmt == "json" else render_text(rep, lang)
    _emit(text, output)
    if entry is not None:
        usercache.write(*entry, text)
    return 0


def run_diff(
    a: Path,
    b: Path,
    *,
    fmt: str = "text",
    lang: str = "vi",
    witness_dir: Path | None = None,
    output: Path | None = None,
) -> int:
    """Exit status: 0 the two rule sets constrain alike, 1 they differ somewhere, 2 bad input."""
    from hiepy_rules.analysis.diff import compare, render

    left = _load([a], f"rule set A ({a})")
    right = _load([b], f"rule set B ({b})")
    if left is None or right is None:
        return 2
    result = compare(left, right, a_name=a.as_posix(), b_name=b.as_posix(), witness_dir=witness_dir)
    _emit(render(result, fmt, lang), output)
    return 0 if result.same else 1
