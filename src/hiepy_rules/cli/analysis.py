"""``hiepy conflicts`` and ``hiepy diff``: the drafter's commands, as plain functions the CLI wires up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hiepy_rules.analysis import budget
from hiepy_rules.atomic import write_atomic
from hiepy_rules.cli.outputs import refused
from hiepy_rules.i18n import pick
from hiepy_rules.load import usercache

if TYPE_CHECKING:
    from hiepy_rules.load.ruleset import RuleSet


def _load(paths: list[Path] | None) -> RuleSet | None:
    # yaml and the packs only when the rules are read (a cached answer does not read them)
    from hiepy_rules.load.packs import load_rules

    for path in paths or ():
        if path.exists() and not path.is_dir():
            print("hiepy: " + not_a_rules_folder(path), file=sys.stderr)
            return None
    try:
        rs = load_rules(paths or None)
    except OSError as exc:
        print("hiepy: " + cannot_read(exc), file=sys.stderr)
        return None
    errors = sorted(p for p in rs.problems if p.severity == "error")
    if errors:
        for p in errors:  # one line per problem, each with its file, line and column
            print(p.render(), file=sys.stderr)
        return None
    return rs


def not_a_rules_folder(path: Path) -> str:
    return pick(
        f"{path} không phải thư mục: hãy chỉ ra thư mục gốc bộ quy định hoặc thư mục một gói",
        f"{path} is not a folder: give a rules root or a pack folder",
    )


def cannot_read(exc: OSError) -> str:
    return pick(
        f"không đọc được {exc.filename or ''}: {exc.strerror or exc}",
        f"cannot read {exc.filename or ''}: {exc.strerror or exc}",
    )


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, text)


def run_conflicts(
    paths: list[Path],
    *,
    fmt: str = "text",
    lang: str = "vi",
    witness_dir: Path | None = None,
    output: Path | None = None,
    timeout: float | None = None,
) -> int:
    """Exit status: 0 no conflict and no pack contradicting itself, 1 some (so that CI can gate on it),
    2 bad input or the analysis could not run, 3 some questions were left undecided within ``timeout``
    seconds (listed in the report).

    The report is a function of the rule files' bytes (and the folder file names are relative to):
    kept in the user's cache folder with its exit status, it is printed again without analysing while
    they are unchanged (a run left undecided by its time budget is not kept).
    """
    entry = None
    if witness_dir is None and all(p.is_dir() for p in paths):  # witnesses are files to write: no cache
        # the pack loader (yaml) only when the rule folders may have a cached answer
        from hiepy_rules.load.rules_cache import fingerprint

        name, digest = fingerprint(paths or None, "conflicts")
        entry = (f"{name}-{fmt}-{lang}", digest)
        hit = usercache.read(*entry)
        if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], int) and isinstance(hit[1], str):
            _emit(hit[1], output)
            return hit[0]
    # z3 and the analyses only when the answer is not cached
    from hiepy_rules.analysis.report import build, render_text
    from hiepy_rules.load.packs import bundled_rules_dir

    if refused(output, paths or [bundled_rules_dir()], lang):
        return 2
    rs = _load(paths)
    if rs is None:
        return 2

    with budget.limit(timeout):
        rep = build(rs, witness_dir=witness_dir)
    text = rep.to_json() if fmt == "json" else render_text(rep, lang)
    _emit(text, output)
    if rep.analysis.undecided or rep.analysis.more_undecided:
        return 3
    status = 1 if rep.conflicts or rep.sets or rep.contradictions else 0
    if entry is not None:
        usercache.write(*entry, (status, text))
    return status


def run_diff(
    a: Path,
    b: Path,
    *,
    fmt: str = "text",
    lang: str = "vi",
    witness_dir: Path | None = None,
    output: Path | None = None,
    timeout: float | None = None,
) -> int:
    """Exit status: 0 the two rule sets constrain alike, 1 they differ somewhere, 2 bad input, 3 no
    difference found but some questions were left undecided within ``timeout`` seconds."""
    # z3 and the analyses load when the command runs
    from hiepy_rules.analysis.diff import compare
    from hiepy_rules.analysis.diff_report import render

    if refused(output, [a, b], lang):
        return 2
    left = _load([a])
    right = _load([b])
    if left is None or right is None:
        return 2

    with budget.limit(timeout):
        result = compare(left, right, a_name=a.as_posix(), b_name=b.as_posix(), witness_dir=witness_dir)
    _emit(render(result, fmt, lang), output)
    if not result.same:
        return 1
    return 3 if result.undecided else 0
