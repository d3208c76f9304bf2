"""A workbook's file before openpyxl sees it: read once, within bounds, its zip archive checked.

An encrypted workbook (a password: an OLE compound file) or an old ``.xls``, anything that is not a
zip archive, a zip whose parts would inflate past ``MAX_UNCOMPRESSED`` or at a ratio above
``MAX_RATIO`` (a zip bomb) is refused in one line. openpyxl's read-only mode does not read merged
cells: ``merged_ranges`` finds them in the sheet's part.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

from hiepy_rules.load.workbook_cells import cell_error, short

MAX_BYTES = 16 * 1024 * 1024  # the file as stored (a workbook carries styles, and may carry a logo)


MAX_UNCOMPRESSED = 64 * 1024 * 1024  # all its parts inflated


MAX_RATIO = 100  # inflated / stored, for a part larger than RATIO_FLOOR


RATIO_FLOOR = 1024 * 1024


MAX_PARTS = 2_000


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


ZIP_SIGNATURE = b"PK\x03\x04"


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def read_bytes(path: Path, name: str, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise cell_error(name, "là một thư mục, không phải tệp", "is a directory, not a file", code="io")
        if not stat.S_ISREG(st.st_mode):
            raise cell_error(name, "không phải tệp thông thường", "not a regular file", code="io")
        if st.st_size > max_bytes:
            raise cell_error(
                name,
                f"tệp quá lớn ({st.st_size} byte; giới hạn {max_bytes})",
                f"file is too large ({st.st_size} bytes; the limit is {max_bytes})",
                code="limit",
            )
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise cell_error(name, "không có tệp này", "no such file", code="io") from None
    except PermissionError:
        raise cell_error(name, "không có quyền đọc tệp", "permission denied", code="io") from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise cell_error(name, f"không đọc được tệp: {why}", f"cannot read file: {why}", code="io") from None
    if len(raw) > max_bytes:
        raise cell_error(
            name,
            f"tệp quá lớn (giới hạn {max_bytes} byte)",
            f"file is too large (the limit is {max_bytes} bytes)",
            code="limit",
        )
    return raw


def check_archive(raw: bytes, name: str) -> zipfile.ZipFile:
    """The workbook's zip archive, once its signature and its inflated sizes are known to be sane."""
    if raw.startswith(OLE_SIGNATURE):
        raise cell_error(
            name,
            "bảng tính được đặt mật khẩu (mã hóa) hoặc là tệp Excel 97-2003 (.xls); hãy lưu lại thành .xlsx, "
            "không đặt mật khẩu",
            "the workbook is password-protected (encrypted) or an Excel 97-2003 file (.xls); save it as .xlsx "
            "without a password",
            code="encrypted",
        )
    not_workbook = (
        "không phải bảng tính Excel (.xlsx)",
        "not an Excel workbook (.xlsx)",
    )
    if not raw.startswith(ZIP_SIGNATURE):
        raise cell_error(name, *not_workbook, code="not-workbook")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise cell_error(name, *not_workbook, code="not-workbook") from None
    if len(parts) > MAX_PARTS:
        raise cell_error(
            name, f"bảng tính có hơn {MAX_PARTS} phần", f"the workbook has more than {MAX_PARTS} parts", code="limit"
        )
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise cell_error(
                name, "bảng tính được đặt mật khẩu", "the workbook is password-protected", code="encrypted"
            )
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if total > MAX_UNCOMPRESSED or (part.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise cell_error(
                name,
                f"bảng tính giải nén ra quá lớn (phần {short(part.filename)}: {part.file_size} byte, nén "
                f"{ratio:.0f} lần); giới hạn {MAX_UNCOMPRESSED} byte, {MAX_RATIO} lần",
                f"the workbook inflates too much (part {short(part.filename)}: {part.file_size} bytes, "
                f"{ratio:.0f} times its stored size); the limits are {MAX_UNCOMPRESSED} bytes and {MAX_RATIO} times",
                code="limit",
            )
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise cell_error(name, *not_workbook, code="not-workbook")
    return archive


def merged_ranges(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The merged ranges of a sheet's part (openpyxl's read-only mode does not read them)."""
    try:
        data = archive.read(part.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return []
    return [m.decode("ascii") for m in _MERGE.findall(data)]
