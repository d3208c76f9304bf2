"""Building workbooks for tests: the bundled dossier's, or a small one edited cell by cell."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from hiepy_rules.load.workbook_write import workbook_bytes
from hiepy_rules.pipeline import read_proposal
from tests.helpers import DOSSIER

Edit = Callable[[Workbook], None]


@cache
def dossier_workbook() -> bytes:
    """The bundled dossier as a workbook (made once: bytes, never changed)."""
    proposal, doc = read_proposal(DOSSIER)
    return workbook_bytes(proposal, doc=doc)


def edited(path: Path, edit: Edit, source: bytes | None = None) -> Path:
    """The dossier's workbook (or ``source``) changed by ``edit``, saved at ``path``."""
    wb = load_workbook(io.BytesIO(source or dossier_workbook()))
    edit(wb)
    wb.save(path)
    return path


def find_row(ws: Any, column: int, value: Any) -> int:
    for row in ws.iter_rows(min_col=column, max_col=column):
        if row[0].value == value:
            return int(row[0].row)
    raise AssertionError(f"{value!r} not in column {column} of {ws.title}")
