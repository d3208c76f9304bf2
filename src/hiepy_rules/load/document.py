"""A parsed input file: its data, and where each part of it stands (line and column, or a workbook's cell).

What every reader returns (``yamlio`` for YAML, ``workbook_read`` for workbooks) and what every
later stage asks for a position: a problem about a value is reported where the person wrote it.
"""

from __future__ import annotations

import marshal
from typing import Any

import msgspec

from hiepy_rules.errors import InputError, Problem

PathKey = tuple[str | int, ...]


class Positions(msgspec.Struct):
    """1-based (line, column) of each value and each mapping key, by path from the root.

    Pickled (the rule set in the user's cache), the two tables travel as one ``marshal`` blob that
    ``of`` unpacks when first asked: a check never asks where a rule file's parts stand, and making
    their thousands of tuples was a third of reading the cached rule set back. ``values`` and
    ``keys`` are read directly only where the positions were just made (the YAML reader, ``lint``).
    """

    values: dict[PathKey, tuple[int, int]] = msgspec.field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = msgspec.field(default_factory=dict)
    packed: bytes | None = None

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        blob = self.packed if self.packed is not None else marshal.dumps((self.values, self.keys))
        return (_packed, (blob,))

    def __eq__(self, other: object) -> bool:  # packed or not, the same tables are the same positions
        if not isinstance(other, Positions):
            return NotImplemented
        for p in (self, other):
            if p.packed is not None:
                p._unpack()
        return self.values == other.values and self.keys == other.keys

    def _unpack(self) -> None:
        assert self.packed is not None
        self.values, self.keys = marshal.loads(self.packed)  # hiepy's own cache entry, its header checked
        self.packed = None

    def of(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path`` (its key when ``key``), else of its nearest located ancestor."""
        if self.packed is not None:
            self._unpack()
        table = self.keys if key else self.values
        p = tuple(path)
        while True:
            if p in table:
                return table[p]
            if key and p in self.values:
                return self.values[p]
            if not p:
                return (1, 1)
            p = p[:-1]


def _packed(blob: bytes) -> Positions:
    return Positions(packed=blob)


class Position(msgspec.Struct, frozen=True):
    """Where a part of an input stands: a line and column of a text file, or a cell of a workbook's sheet."""

    line: int
    column: int
    sheet: str = ""  # a workbook's sheet ("" in a text file); line and column are then the cell's row and column
    cell: str = ""  # the cell's reference, e.g. "C14"


class Document(msgspec.Struct, weakref=True):  # weakly referable: tests watch one being freed
    """A parsed YAML file: its data, where each part of it stands, and the file's name."""

    file: str
    data: Any
    positions: Positions

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        return self.positions.of(path, key=key)

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Like ``where``, with the sheet and cell when the document is a workbook."""
        return Position(*self.where(path, key=key))

    def problem(self, path: PathKey, message: str, *, key: bool = False, code: str = "schema", en: str = "") -> Problem:
        """An error at ``path`` (its key when ``key``), wherever the document keeps its positions."""
        pos = self.position(path, key=key)
        return Problem(self.file, pos.line, pos.column, "error", message, code, en, pos.sheet, pos.cell)

    def error(
        self, path: PathKey, message: str, *, key: bool = False, code: str = "schema", en: str = ""
    ) -> InputError:
        return InputError(self.problem(path, message, key=key, code=code, en=en))
