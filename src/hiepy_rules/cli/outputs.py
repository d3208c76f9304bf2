"""Where ``--output`` may write: never over an input, never in place of a device, a folder or a link.

``refusal`` is asked before any work is done. It refuses an output that is one of the command's
inputs (compared by what the paths resolve to, and by inode, so a hard link or another spelling
counts), a YAML file inside a folder or glob the command reads (the next run would read the report
back as a proposal or a rule file), and an existing target that is neither a regular file nor a
device or pipe (a folder, a socket, a block device, a symlink loop). ``atomic.open_atomic`` then
follows a symlink to its target and writes devices and pipes through, never renaming over them.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from hiepy_rules.load.safeio import os_problem, real

#: what a folder or glob the command reads is read for (proposals may be workbooks): an output there is refused
YAML_SUFFIXES = (".yaml", ".yml", ".xlsx")


_GLOB_CHARS = frozenset("*?[")


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _glob_base(pattern: str) -> tuple[Path, str]:
    """The folder a glob starts from (its parts before the first wildcard) and its last part."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return (Path(*fixed) if fixed else Path(".")), parts[-1] if parts else ""


def refusal(output: Path, inputs: Iterable[Path]) -> tuple[str, str] | None:
    """(Vietnamese, English) of why ``output`` must not be written, or ``None`` when it may be."""
    shown = str(output)
    try:
        target = os.stat(output)
    except FileNotFoundError:
        target = None
    except OSError as exc:
        vi, en = os_problem(exc)
        return f"không ghi được --output {shown}: {vi}", f"cannot write --output {shown}: {en or vi}"
    if target is not None and not stat.S_ISREG(target.st_mode):
        if not (stat.S_ISCHR(target.st_mode) or stat.S_ISFIFO(target.st_mode)):
            return (
                f"--output {shown} không phải tệp thường (thư mục, ổ cắm hoặc thiết bị khối); chọn tệp khác",
                f"--output {shown} is not a regular file (a folder, a socket or a block device); choose another file",
            )
        return None  # a device or a pipe: written through (atomic.py), never replaced
    where = real(output)
    for given in inputs:
        text = str(given)
        if not os.path.lexists(given) and _GLOB_CHARS & set(text):
            base, last = _glob_base(text)
            if where.suffix in YAML_SUFFIXES and where.is_relative_to(real(base)) and fnmatch.fnmatch(where.name, last):
                return _inside(shown, text)
            continue
        try:
            st = os.stat(given)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            if where.suffix in YAML_SUFFIXES and where.is_relative_to(real(given)):
                return _inside(shown, text)
        elif (target is not None and _same(st, target)) or where == real(given):
            return (
                f"--output {shown} là một tệp đầu vào ({text}); chọn tệp khác: đầu vào không bao giờ bị ghi đè",
                f"--output {shown} is one of the inputs ({text}); choose another file: inputs are never overwritten",
            )
    return None


def _inside(shown: str, given: str) -> tuple[str, str]:
    return (
        f"--output {shown} nằm trong {given}, nơi lệnh đọc tệp đầu vào; chọn chỗ khác hoặc đuôi khác .yaml",
        f"--output {shown} lies inside {given}, which the command reads; choose another place or suffix than .yaml",
    )


def refused(output: Path | None, inputs: Iterable[Path], lang: str = "vi") -> bool:
    """Say on stderr (one line) why ``output`` is refused and return ``True``; ``False`` when it may be written."""
    if output is None:
        return False
    why = refusal(output, inputs)
    if why is None:
        return False
    text = why[1] if lang == "en" else why[0]
    sys.stderr.write("hiepy: " + " ".join(text.splitlines()) + "\n")
    return True
