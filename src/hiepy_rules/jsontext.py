"""JSON text as ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)`` writes it, faster.

The standard library's encoder falls back to pure Python as soon as ``indent`` is given: a typical
check's JSON then costs more than its engine. orjson writes the same bytes for strings (UTF-8,
the same escapes), integers, booleans, null, lists and sorted mappings, but not always for
floats (``1e-05`` is ``0.00001`` to it), not for NaN or infinities (``null``), integers beyond
64 bits or keys that are not strings (it refuses both). So each text is made by orjson only when
its compact form equals the standard library's C encoder's compact form of the same value (which
formats every scalar as the indented form does); otherwise, or without orjson, by ``json`` itself.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; any platform without it still works
    orjson = None  # type: ignore[assignment]


_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=True)


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)``, byte for byte."""
    if orjson is not None:
        try:
            compact = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
            if compact.decode("utf-8") == _COMPACT.encode(value):
                return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
            pass
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
