"""What a person chooses from on the command line, declared once: formats, languages, levels, engines.

The report formats, the engines, the typer app (``cli/options.py`` makes its choice types from these)
and the fast entry point (``cli/main.py``) all read them. Plain ``Literal``s: cheap to import before
the arguments are parsed.
"""

from __future__ import annotations

from typing import Literal, get_args

#: ``hiepy check`` and ``hiepy lint --format``: one module each under ``report/``
Format = Literal["text", "json", "sarif", "junit", "github", "markdown", "markdown-summary", "html"]
OUTPUT_FORMATS: tuple[str, ...] = get_args(Format)

#: ``hiepy conflicts``, ``hiepy rules`` and ``hiepy explain --format``
AnalysisFormat = Literal["text", "json"]
ANALYSIS_FORMATS: tuple[str, ...] = get_args(AnalysisFormat)

#: ``hiepy diff --format``
DiffFormat = Literal["text", "json", "markdown"]
DIFF_FORMATS: tuple[str, ...] = get_args(DiffFormat)

#: the least severity that makes a run fail (``--fail-on``)
FailOn = Literal["error", "warning", "info"]
FAIL_ON: tuple[str, ...] = get_args(FailOn)

#: the language a person reads (``--lang``, ``HIEPY_LANG``)
Lang = Literal["vi", "en"]
LANGS: tuple[str, ...] = get_args(Lang)

#: ``--engine``: auto takes durable-rules where it is installed
EngineName = Literal["auto", "durable", "python"]
ENGINES: tuple[str, ...] = get_args(EngineName)
