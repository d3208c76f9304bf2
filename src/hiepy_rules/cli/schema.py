"""``hiepy schema NAME``: print one of the JSON Schemas shipped with hiepy."""

from __future__ import annotations

import difflib
import sys

from hiepy_rules.errors import InputError
from hiepy_rules.i18n import lang
from hiepy_rules.load.resources import schema_text

NAMES = ("proposal", "provision", "pack-tests", "waivers")


def run_schema(name: str) -> int:
    """0 after printing the schema; 2 for an unknown name or an incomplete installation."""
    key = name.removesuffix(".json").removesuffix(".schema")
    if key not in NAMES:
        close = difflib.get_close_matches(key, NAMES, n=1)
        hint_vi = f"; có phải ý bạn là {close[0]!r}?" if close else ""
        hint_en = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(NAMES)
        _say(f"không có lược đồ {name!r} (có: {known}){hint_vi}", f"no schema {name!r} (known: {known}){hint_en}")
        return 2
    try:
        text = schema_text(f"{key}.schema.json")
    except InputError as exc:
        for p in exc.problems:
            _say(p.message, p.en)
        return 2
    sys.stdout.write(text)
    return 0


def _say(vi: str, en: str) -> None:
    sys.stderr.write("hiepy: " + (en if lang() == "en" else vi) + "\n")
