"""Bilingual titles and descriptions for the fields of hiepy's file formats.

Editors show them from the JSON Schemas (``schemas/``) while a proposal or rule file is typed, and
``docs/reference.md`` prints them. Use it on a pydantic field::

    name: Text = Field(**bi("Tên", "Name", "Tên chức danh bằng tiếng Việt.", "The title's name in Vietnamese."))

Titles read ``"vi / en"``; descriptions ``"vi — en"`` (one line, so that the reference table holds).
"""

from __future__ import annotations

from typing import TypedDict

TITLE_SEP = " / "


DESCRIPTION_SEP = " — "


class FieldDoc(TypedDict):
    title: str
    description: str


def bi(title_vi: str, title_en: str, vi: str, en: str) -> FieldDoc:
    """``title`` and ``description`` keyword arguments for ``pydantic.Field``, Vietnamese first."""
    return {"title": f"{title_vi}{TITLE_SEP}{title_en}", "description": f"{vi}{DESCRIPTION_SEP}{en}"}
