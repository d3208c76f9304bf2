"""Problems with positions: the one currency every reader and checker of hiepy pays in.

Errors are values (``Problem``) inside the library and become text only at the edge,
as ``FILE:LINE:COLUMN: severity: message`` (the format of compilers, yamllint and semgrep).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column (0 when unknown)."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str  # in Vietnamese, the default language
    code: str = ""
    en: str = ""  # the same in English; empty while a message has one wording only
    sheet: str = ""  # in a workbook: the sheet, and the cell (line and column are then its row and column)
    cell: str = ""

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("vi" or "en"; default: the chosen language, ``i18n.lang()``),
        Vietnamese when no English wording exists."""
        from hiepy_rules.i18n import pick

        return pick(self.message, self.en, lang)

    def render(self, lang: str | None = None) -> str:
        where = self.file
        if self.sheet:
            where += f":{self.sheet}!{self.cell}" if self.cell else f":{self.sheet}"
        elif self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.severity}: {self.text(lang)}"


class InputError(Exception):
    """Raised for input that cannot be read at all; carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    @classmethod
    def at(cls, file: str, line: int, column: int, message: str, code: str = "input", en: str = "") -> InputError:
        return cls(Problem(file, line, column, "error", message, code, en))
