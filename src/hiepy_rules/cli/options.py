"""The typer app's choice types, made from the one declaration of each choice (``choices.py``).

typer reads choices from an ``Enum``; each one here is built from the tuple that the fast entry point
and the report formats read, so that a new format or language is added in one place. mypy cannot see
the members of an enum built from a tuple (hence the ``type: ignore`` on each): defaults are written
``OutFormat["text"]``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from hiepy_rules import choices

OutFormat = StrEnum("OutFormat", [(v, v) for v in choices.OUTPUT_FORMATS])  # type: ignore[misc]
AnalysisFormat = StrEnum("AnalysisFormat", [(v, v) for v in choices.ANALYSIS_FORMATS])  # type: ignore[misc]
DiffFormat = StrEnum("DiffFormat", [(v, v) for v in choices.DIFF_FORMATS])  # type: ignore[misc]
FailOn = StrEnum("FailOn", [(v, v) for v in choices.FAIL_ON])  # type: ignore[misc]
Lang = StrEnum("Lang", [(v, v) for v in choices.LANGS])  # type: ignore[misc]
EngineChoice = StrEnum("EngineChoice", [(v, v) for v in choices.ENGINES])  # type: ignore[misc]


# the value of a choice as the Literal the library takes (each enum is built from that Literal's values)
def fmt(choice: StrEnum) -> choices.Format:
    return cast("choices.Format", choice.value)


def fail_on(choice: StrEnum) -> choices.FailOn:
    return cast("choices.FailOn", choice.value)


def lang(choice: StrEnum) -> choices.Lang:
    return cast("choices.Lang", choice.value)


def engine(choice: StrEnum) -> choices.EngineName:
    return cast("choices.EngineName", choice.value)
