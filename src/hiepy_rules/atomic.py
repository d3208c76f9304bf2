"""Writing an output file all at once: readers see the old file or the whole new one, never a part.

``--output FILE`` writes a temporary file in FILE's folder (so that the rename stays on one file
system), flushes and fsyncs it, then ``os.replace``-s it over FILE. On any failure the temporary
file is removed and FILE is left as it was.

A symlink is followed: the new file replaces the link's target, the link stays. A device or a
named pipe (``-o /dev/null``, ``-o >(...)``) is written through, never renamed over (run as root,
a rename would turn ``/dev/null`` into a plain file); ``outputs.refusal`` has already turned away
folders, sockets and block devices.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else what a plain ``open(path, "w")`` would give."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8); raise ``OSError`` and leave nothing behind on failure."""
    with open_atomic(path) as out:
        out.write(text)


@contextlib.contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """``write_atomic`` for text written piece by piece (a batch's report as its results arrive):
    ``path`` appears, whole, only when the block ends without an exception (Ctrl-C included)."""
    if os.path.islink(path):
        path = Path(os.path.realpath(path))  # write where the link points; the link stays
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        with _write_through(path) as out:
            yield out
        return
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_dir(directory)


@contextlib.contextmanager
def _write_through(path: Path) -> Iterator[TextIO]:
    """A device or a pipe, opened for writing as it is: no temporary file, no rename. A pipe with no
    reader fails at once (``ENXIO``) rather than waiting for one."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    os.set_blocking(fd, True)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        yield out


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
