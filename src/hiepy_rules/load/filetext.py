"""A file's bytes as text: bounded in size, never binary, UTF-8, without a byte-order mark.

The first step of reading any input (YAML here; workbooks have their own, ``workbook_archive``):
each refusal is one line at the position of the offending byte.
"""

from __future__ import annotations

import os
from pathlib import Path

from hiepy_rules.errors import InputError
from hiepy_rules.load.safeio import read_bytes  # regular files only, bounded by the bytes read

# docs/hardening.md lists every limit; each can be raised by its environment variable
MAX_BYTES = int(os.environ.get("HIEPY_MAX_BYTES", 4 * 1024 * 1024))


def read_text(path: Path, *, display: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or an ``InputError`` saying in one line why it cannot be read."""
    name = display or str(path)
    raw = read_bytes(path, name, max_bytes)
    return decode(raw, name, max_bytes=max_bytes)


def decode(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> str:
    if len(raw) > max_bytes:
        raise _too_large(name, len(raw), max_bytes)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = offset_to_position(raw, nul)
        vi = "tệp nhị phân (có byte NUL); hiepy cần tệp YAML mã UTF-8"
        en = "binary file (contains a NUL byte); expected UTF-8 YAML"
        raise InputError.at(name, line, col, vi, "encoding", en=en)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = offset_to_position(raw, exc.start)
        byte = f"0x{raw[exc.start]:02x}"
        vi = f"không phải mã UTF-8 (byte {byte}); hãy lưu tệp theo mã UTF-8"
        en = f"not valid UTF-8 (byte {byte}); save the file as UTF-8"
        raise InputError.at(name, line, col, vi, "encoding", en=en) from None
    return text.removeprefix("\ufeff")


def _too_large(name: str, size: int, limit: int) -> InputError:
    vi = f"tệp quá lớn ({size} byte; giới hạn là {limit})"
    return InputError.at(name, 1, 1, vi, "limit", en=f"file is too large ({size} bytes; the limit is {limit})")


def offset_to_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = len(before) - (before.rfind(b"\n") + 1) + 1
    return line, col
