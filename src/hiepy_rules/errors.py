"""Problems with positions: the one currency every reader and checker of hiepy pays in.

Errors are values (``Problem``) inside the library and become text only at the edge,
as ``FILE:LINE:COLUMN: severity: message`` (the format of compilers, yamllint and semgrep).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from hiepy_rules.i18n import pick

Severity = Literal["error", "warning", "info"]


class Problem(msgspec.Struct, frozen=True, order=True):
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


# --- codes: each kind of problem declared once ----------------------------------------------------

Text = tuple[str, str]  # (Vietnamese, English)


CODES: dict[str, Code] = {}  # every code declared so far, by id (the modules that find them declare them)


class Code(msgspec.Struct, frozen=True, eq=False):
    """A kind of problem, declared once in the module that finds it (as yamllint's rules are).

    ``id`` is what reports show (SARIF rule ids, JSON ``code``); ``family`` groups codes in the
    docs; ``severity`` is the usual one (a check may raise or lower it, as contradictions do by
    authority). ``messages`` maps a variant name ("" when there is one) to its Vietnamese and
    English ``str.format`` templates; an argument may itself be a ``Text`` pair, read in the
    message's language. ``doc`` says, in both languages, what the problem means and how to fix it.
    """

    id: str
    family: str
    severity: Severity
    doc: Text
    messages: dict[str, Text]

    def __post_init__(self) -> None:
        if self.id in CODES:
            raise ValueError(f"problem code {self.id!r} is declared twice")
        CODES[self.id] = self

    def texts(self, variant: str = "", **args: object) -> Text:
        """The message of ``variant`` in Vietnamese and in English, its arguments filled in."""
        vi, en = self.messages[variant]
        return (
            vi.format(**{k: v[0] if isinstance(v, tuple) else v for k, v in args.items()}),
            en.format(**{k: v[1] if isinstance(v, tuple) else v for k, v in args.items()}),
        )

    def problem(
        self, file: str, line: int, column: int, variant: str = "", *, severity: Severity | None = None, **args: object
    ) -> Problem:
        vi, en = self.texts(variant, **args)
        return Problem(file, line, column, severity or self.severity, vi, self.id, en)
