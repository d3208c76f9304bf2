"""The output model: a finding with its citation, subject, words and fixes, and the result of a check."""

# Annotations are evaluated as each class is made (no `from __future__ import annotations`): pydantic would
# otherwise compile each annotation's text again on every import (a cold check imports this module).
from typing import Any, Literal

from pydantic import ConfigDict, Field

from hiepy_rules.findings.output import Output
from hiepy_rules.load.document import PathKey
from hiepy_rules.schema.provision import AppliesTo, InForce


# Fields left out of the JSON when they hold nothing (``exclude_if``, not a model serializer: pydantic's
# module of serializer decorators was ~9 M instructions of every cold check to import).
def _absent(value: object) -> bool:
    return value is None


def _empty(value: object) -> bool:
    return not value


class PackUsed(Output):
    """A pack the check used: the version and dates in force of the rules that judged the proposal."""

    id: str
    version: str
    issuer: str
    in_force: dict[str, str | None]  # from (inclusive), until (exclusive; null: no end)


def _window(w: InForce) -> dict[str, str | None]:
    return {"from": w.from_.isoformat(), "until": w.until.isoformat() if w.until else None}


class NotApplicable(Output):
    """A provision in force and in scope whose words name another kind of dossier or another stage."""

    provision: str
    applies_to: AppliesTo | None


class CheckResult(Output):
    """One proposal's findings, with what it was judged by."""

    file: str
    proposal: str
    as_of: str
    packs: list[PackUsed]
    dossier: dict[str, Any]  # what the dossier is: kinds, stage (as the proposal says, or by default)
    not_applicable: list[NotApplicable]
    engine: str
    findings: list["Finding"]
    #: the proposal's title names by id, for reports that group findings by title; not in the JSON
    titles: dict[str, str] = Field(default_factory=dict, exclude=True)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error" and f.kind != "overridden" and f.waiver is None)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return dict(sorted(out.items()))


Kind = Literal["violation", "conflict", "overridden", "notice", "indeterminate"]

#: the kind of finding each engine outcome gives; a permission granted ("permitted") gives none
#: (runtime conflicts read it)
OUTCOME_KIND: dict[str, Kind] = {
    "violated": "violation",
    "advised": "notice",
    "indeterminate": "indeterminate",
    "unconfigured": "notice",
}


class _Out(Output):
    model_config = ConfigDict(extra="forbid")


class Words(_Out):
    vi: str
    en: str


class Location(_Out):
    file: str
    line: int  # in a workbook: the cell's row and column, beside its sheet and cell reference
    column: int
    # a workbook's sheet and cell, both or neither: absent from the JSON for a YAML file
    sheet: str | None = Field(None, exclude_if=_absent)
    cell: str | None = Field(None, exclude_if=_absent)

    def text(self) -> str:
        """``FILE:LINE:COLUMN``, or ``FILE:Sheet!Cell`` in a workbook."""
        if self.sheet:
            return f"{self.file}:{self.sheet}!{self.cell}"
        return f"{self.file}:{self.line}:{self.column}"


class Issuer(_Out):
    id: str
    vi: str
    en: str
    rank: int | None


class DocumentRef(_Out):
    """The provision a finding cites, as the version in force on the check's day (``as_of``)."""

    provision: str
    pack: str
    pack_version: str
    number: str
    type: str | None
    issuer: Issuer
    issued: str | None
    article: str
    url: str | None
    verification: str | None
    basis: list[str]
    in_force: dict[str, str | None]  # this version's window: from (inclusive), until (exclusive)
    replaced_by: str | None  # the provision taking over when this version ends
    document_replaced_by: str | None  # the document that replaced the source, per sources.yaml
    text: Words
    interpretation: Words | None
    reported_in: Words | None = None  # a provision known only through a report: whose report


class Compared(_Out):
    fact: str
    label: Words
    actual: Any
    op: str
    expected: Any


class FixOut(_Out):
    vi: str
    en: str
    changes: list[dict[str, Any]]


class Side(_Out):
    provision: str
    allows: Words


class PrecedenceOut(_Out):
    rule: str
    prevailing: str | None
    overridden: str | None
    settled_by: Issuer | None
    reason: Words


class ConflictOut(_Out):
    kind: Literal["incompatible", "permission_withdrawn"]
    choice: str
    sides: list[Side]
    reason: Words
    precedence: PrecedenceOut


class Reading(_Out):
    """A share under one reading of its denominator, and whether the provision's bound holds under it."""

    over: str  # convened | present | valid
    label: Words
    count: int
    denominator: int
    percent: float  # rounded to 0.1
    holds: bool  # the provision's bound (e.g. > 50%) holds under this reading
    provision_reading: bool  # the reading the provision (its pack) uses


class Subject(_Out):
    path: str
    fact: str
    title: str | None  # the title it concerns, when it concerns one (reports group by it)
    label: Words


class WaiverRef(_Out):
    """The accepted exception (``hiepy check --waivers``) that waives a finding: shown, not counted."""

    decision: str
    approved_by: str
    valid_until: str
    file: str
    line: int
    column: int


class Finding(_Out):
    kind: Kind
    severity: Literal["error", "warning", "info"]
    provisions: list[str]
    documents: list[DocumentRef]
    subject: Subject
    location: Location
    message: Words
    explanation: list[Words]
    values: list[Compared]
    fix: FixOut | None
    conflict: ConflictOut | None = None
    overridden_by: str | None = None
    missing: list[str] = Field(default_factory=list)  # a factory: a list default is deep-copied per finding
    #: set by ``waivers.apply``; absent from the JSON when None (without --waivers the JSON stays as it was)
    waiver: WaiverRef | None = Field(None, exclude_if=_absent)
    #: the sides' own findings shown inside a conflict or an overridden finding (brief decision 9):
    #: not counted; absent from the JSON when empty
    folded: list["Finding"] = Field(default_factory=list, exclude_if=_empty)
    #: an interpretation-sensitive share: its value under each reading of the denominator (absent when none)
    readings: list[Reading] = Field(default_factory=list, exclude_if=_empty)


def path_text(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"
