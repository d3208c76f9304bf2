"""The files a check reads: a file as given, a folder's proposals (recursively, hidden ones
skipped), a glob's matches (``**`` included: hiepy expands it, so quoting works on every shell).

Each group is sorted by path, the groups keep the order of the arguments, a file named twice (or
through two links) is checked once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hiepy_rules.errors import Problem
from hiepy_rules.load.safeio import glob_paths

_GLOB_CHARS = frozenset("*?[")


#: the files a folder's proposals are in: YAML, and workbooks (``~$`` names are a spreadsheet's lock files)
PROPOSAL_SUFFIXES = (".yaml", ".yml", ".xlsx")


def _folder_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for here, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(here, f) for f in files if not f.startswith((".", "~$")) and f.endswith(PROPOSAL_SUFFIXES))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def expand(paths: Sequence[Path]) -> tuple[list[Path], list[Problem], bool]:
    """(files to check in order, arguments that matched nothing, whether this is a batch).

    A path that does not exist and is no glob is kept: checking it reports "no such file".
    """
    files: list[Path] = []
    problems: list[Problem] = []
    batch = len(paths) > 1
    for path in paths:
        text = str(path)
        if path.is_dir():
            batch = True
            found = _folder_files(path)
            if not found:
                vi = "thư mục này không có tệp YAML (*.yaml, *.yml) hay bảng tính (*.xlsx) nào"
                en = "no YAML file (*.yaml, *.yml) or workbook (*.xlsx) in this folder"
                problems.append(Problem(text, 0, 0, "error", vi, "io", en))
            files.extend(found)
        elif not path.exists() and _GLOB_CHARS & set(text):
            batch = True
            matches = glob_paths(text)  # each folder once: a symlink loop is not followed for ever
            if not matches:
                vi, en = "không tệp nào khớp mẫu này", "no file matches this pattern"
                problems.append(Problem(text, 0, 0, "error", vi, "io", en))
            for m in matches:
                p = Path(m)
                files.extend(_folder_files(p) if p.is_dir() else [p])
        else:
            files.append(path)
    seen: set[str] = set()
    unique: list[Path] = []
    for f in files:
        key = os.path.normcase(os.path.realpath(f))  # one file through two links is checked once
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems, batch
