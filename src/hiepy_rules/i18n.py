"""The language a person reads: Vietnamese by default, English on request.

The order of precedence: ``--lang`` on the command line (``set_lang``), the ``HIEPY_LANG``
environment variable, the configuration file (``config.py`` calls ``set_default``), then Vietnamese.
"""

from __future__ import annotations

import os

from hiepy_rules.choices import LANGS as LANGS

_chosen: str | None = None


_configured: str | None = None


def set_lang(value: str | None) -> None:
    """The language given on the command line (``None`` forgets it)."""
    global _chosen
    _chosen = value if value in LANGS else None


def chosen() -> str | None:
    """The language given on the command line, if any."""
    return _chosen


def set_default(value: str | None) -> None:
    """The language of the configuration file, below ``--lang`` and ``HIEPY_LANG``."""
    global _configured
    _configured = value if value in LANGS else None


def env_lang() -> str | None:
    value = os.environ.get("HIEPY_LANG", "").strip().lower()[:2]
    return value if value in LANGS else None


def lang() -> str:
    """``vi`` or ``en``."""
    return _chosen or env_lang() or _configured or "vi"


def pick(vi: str, en: str, language: str | None = None) -> str:
    """``vi`` or ``en`` by ``language`` (default: ``lang()``); Vietnamese when no English exists."""
    return en if (language or lang()) == "en" and en else vi
