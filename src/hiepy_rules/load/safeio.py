"""Opening untrusted paths: regular files only, reads bounded by bytes read, folders walked once.

A path a user gives may name a FIFO (opening it for reading blocks until a writer comes), a
device (``/dev/zero`` has ``st_size`` 0 and never ends), a socket, a folder, or a symlink loop.
``read_bytes`` looks before it opens (``os.stat``), opens without blocking (``O_NONBLOCK``), checks
again on the open file (the path may have been swapped in between) and reads at most ``limit + 1``
bytes, whatever ``st_size`` says. ``FolderGuard`` remembers each folder walked by its
``(st_dev, st_ino)``, so a symlink back to an ancestor is walked once, not for ever.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from pathlib import Path

from hiepy_rules.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "là một ống dẫn có tên, không phải tệp thường", "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "là một thiết bị, không phải tệp thường", "is a device, not a regular file"),
    (stat.S_ISBLK, "là một thiết bị, không phải tệp thường", "is a device, not a regular file"),
    (stat.S_ISSOCK, "là một ổ cắm, không phải tệp thường", "is a socket, not a regular file"),
)


_DIRECTORY = ("đây là thư mục, không phải tệp", "is a directory, not a file")


def not_regular(mode: int) -> tuple[str, str] | None:
    """(Vietnamese, English) of why a file of this mode is not read, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _DIRECTORY
    for test, vi, en in _KINDS:
        if test(mode):
            return vi, en
    return "không phải tệp thường", "is not a regular file"


def os_problem(exc: OSError) -> tuple[str, str]:
    """(Vietnamese, English) of an error from opening or reading a path."""
    if exc.errno == errno.ELOOP:
        return "vòng liên kết: đường dẫn trỏ vòng về chính nó", "symlink loop (a link that points back to itself)"
    if exc.errno == errno.ENOENT:
        return "không có tệp này", "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc tệp", "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "một phần của đường dẫn không phải thư mục", "a part of the path is not a folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "đường dẫn quá dài", "path too long"
    reason = exc.strerror or type(exc).__name__
    return f"không đọc được tệp: {reason}", f"cannot read file: {reason}"


def read_bytes(path: Path, name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``; ``InputError`` (one line) otherwise."""
    try:
        before = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        vi, en = os_problem(exc) if isinstance(exc, OSError) else ("đường dẫn không hợp lệ", "invalid path")
        raise InputError.at(name, 0, 0, vi, "io", en=en) from None
    why = not_regular(before.st_mode)
    if why is not None:
        raise InputError.at(name, 0, 0, why[0], "io", en=why[1])
    if before.st_size > limit:
        vi = f"tệp quá lớn ({before.st_size} byte; giới hạn là {limit})"
        en = f"file is too large ({before.st_size} bytes; the limit is {limit})"
        raise InputError.at(name, 1, 1, vi, "limit", en=en)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        vi, en = os_problem(exc)
        raise InputError.at(name, 0, 0, vi, "io", en=en) from None
    try:
        now = os.fstat(fd)
        why = not_regular(now.st_mode)  # swapped for a FIFO or a device after the first look
        if why is not None:
            raise InputError.at(name, 0, 0, why[0], "io", en=why[1])
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        vi, en = os_problem(exc)
        raise InputError.at(name, 0, 0, vi, "io", en=en) from None
    finally:
        os.close(fd)
    if got > limit:
        raise InputError.at(
            name,
            1,
            1,
            f"tệp quá lớn (hơn {limit} byte, là giới hạn)",
            "limit",
            en=f"file is too large (more than {limit} bytes, the limit)",
        )
    return b"".join(chunks)


class FolderGuard:
    """Folders already walked, by device and inode: a second visit (a symlink loop) is skipped."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()

    def seen_before(self, folder: Path | str) -> bool:
        try:
            st = os.stat(folder)
        except OSError:
            return True
        return (st.st_dev, st.st_ino) in self.seen

    def first_visit(self, folder: Path | str) -> bool:
        try:
            st = os.stat(folder)
        except OSError:
            return False
        key = (st.st_dev, st.st_ino)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def real(path: Path | str) -> Path:
    """The path with its links resolved as far as they go: a symlink loop is left as it stands
    (``Path.resolve`` raises ``RuntimeError`` on one before Python 3.13)."""
    return Path(os.path.realpath(path))


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob (``**`` for any number of folders) as a regular expression over '/'-separated paths."""
    out = []
    parts = pattern.split("/")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
            continue
        piece = fnmatch.translate(part)  # '(?s:...)\Z'; '*' there may cross '/': forbid it
        piece = piece.removeprefix("(?s:").removesuffix(")\\Z").replace(".*", "[^/]*").replace("(?!/)", "")
        out.append(piece.replace(".", "[^/]") if piece == "." else piece)
        if not last:
            out.append("/")
    return re.compile("".join(out) + r"\Z", re.S)


def glob_paths(pattern: str) -> list[str]:
    """``glob.glob(pattern, recursive=True)``, sorted, but a ``**`` walks each folder once: a symlink
    back to an ancestor (a loop) is not followed again, where ``glob`` would follow it for ever."""
    if "**" not in pattern:  # as many levels as the pattern has parts: no loop can be followed
        import glob  # only for a pattern: most commands name files

        return sorted(glob.glob(pattern))
    text = pattern.replace(os.sep, "/")
    fixed: list[str] = []
    for part in text.split("/"):
        if set("*?[") & set(part):
            break
        fixed.append(part)
    base = "/".join(fixed) or "."
    if text.startswith("/") and not fixed[1:]:
        base = "/"
    regex = _glob_regex(text.removeprefix("./") if base == "." else text)
    guard = FolderGuard()
    found: list[str] = []
    for here, dirs, files in os.walk(base, followlinks=True):
        if not guard.first_visit(here):
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        dirs[:] = [d for d in dirs if not guard.seen_before(os.path.join(here, d))]  # links back
        for name in [*dirs, *files]:
            if name.startswith("."):
                continue
            full = os.path.join(here, name)
            shown = os.path.relpath(full, ".") if base == "." else full
            if regex.match(shown.replace(os.sep, "/")):
                found.append(shown)
    return sorted(found)
