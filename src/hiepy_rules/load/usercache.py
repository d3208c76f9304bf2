"""Results worth keeping between runs, in the user's cache folder: written whole, read only when they fit.

Each entry is one file: a header line naming hiepy's and Python's versions and the key of what
the entry was made from (a digest of its inputs), then the value, pickled. ``read`` returns the
value only when the header matches exactly; anything else (another version, other inputs, a
truncated or corrupt file, no permission) is a miss, never an error, and the next ``write``
replaces it. Only this process's own user writes there: the pickle is of hiepy's own data, and is
unpickled only after its header has matched.

The folder: ``HIEPY_CACHE_DIR``, else ``$XDG_CACHE_HOME/hiepy``, else the platform's
(``~/.cache/hiepy``, ``~/Library/Caches/hiepy``, ``%LOCALAPPDATA%\\hiepy\\Cache``).
``HIEPY_NO_CACHE=1`` turns the folder off (every run computes again).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

_MAGIC = b"hiepy-cache 3\n"  # 2: the check's records became msgspec structs; 3: rule files' positions packed


def folder() -> Path | None:
    """Where entries live, or ``None`` when caching is off."""
    if os.environ.get("HIEPY_NO_CACHE", "0") not in ("", "0"):
        return None
    explicit = os.environ.get("HIEPY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "hiepy"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "hiepy" / "Cache" if base else None
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "hiepy"
    return home / ".cache" / "hiepy"


def entry(what: str, where: str) -> str:
    """The name of the entry of ``what`` for ``where`` (files or folders, as one text): one entry per
    place, rewritten when what it was made from changes (the key in its header)."""
    return f"{what}-{hashlib.sha256(where.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def _header(key: str) -> bytes:
    from hiepy_rules.version import __version__  # looked up at each call, so that the version can be patched

    py = ".".join(map(str, sys.version_info[:3]))
    return _MAGIC + f"hiepy {__version__} python {py} key {key}\n".encode()


def read(name: str, key: str) -> Any | None:
    """The value stored under ``name`` if it was made from ``key`` by this hiepy, else ``None``."""
    base = folder()
    if base is None:
        return None
    try:
        with open(base / name, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    header = _header(key)
    if not raw.startswith(header):
        return None
    try:
        return pickle.loads(raw[len(header) :])  # our own file, its header checked above
    except Exception:  # truncated or corrupt: a miss, recomputed and written again
        return None


def write(name: str, key: str, value: Any) -> None:
    """Store ``value`` under ``name`` atomically; a folder that cannot be written is silently skipped."""
    base = folder()
    if base is None:
        return
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that cannot be pickled is simply not cached
        return
    tmp = ""
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=base)
        with os.fdopen(fd, "wb") as out:
            out.write(_header(key))
            out.write(payload)
        os.replace(tmp, base / name)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
