"""A rule pack's manifest (``pack.yaml``: scope, settings, dates) and the registries of the
rules root: the source documents (``sources.yaml``) and the issuing authorities (``authorities.yaml``)."""

# Annotations are evaluated as each class is made (no `from __future__ import annotations`): pydantic would
# otherwise compile each annotation's text again on every import (a cold check imports this module).

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
)

from hiepy_rules.errors import Severity as Severity
from hiepy_rules.schema.base import VerbatimModel
from hiepy_rules.schema.condition import FieldTest, Name
from hiepy_rules.schema.provision import I18n, InForce, PackId


class Setting(VerbatimModel):
    value: int | None = None
    unit: Literal["days", "count"] = "days"
    local_setting: bool = Field(True, description="True: a local choice, not from any source text.")
    note: I18n | None = None


class PackScope(VerbatimModel):
    """Which units a pack governs: conditions over unit facts (all must hold)."""

    when: list[FieldTest] = Field(default_factory=list)
    deployment_choice: bool = Field(
        False,
        description="True: the source names no unit; the scope is the deploying organisation's choice, "
        "and findings say so instead of implying the source chose it.",
    )


class PackManifest(VerbatimModel):
    """``pack.yaml``: the pack's identity, issuer, scope, dates and settings."""

    pack: PackId
    name: I18n
    issuer: Name
    version: Annotated[str, StringConstraints(min_length=1)] = "1"
    in_force: InForce
    scope: PackScope = Field(default_factory=PackScope)  # a factory: an instance here would build its schema at import
    settings: dict[Name, Setting] = Field(default_factory=dict)
    interpretation: I18n | None = None


# --- registries ------------------------------------------------------------------------------

DocType = Literal["resolution", "regulation", "guidance", "conclusion", "official_letter", "report", "practice"]


Verification = Literal["seed", "verified", "news-summary", "not-found"]


class SourceDoc(VerbatimModel):
    number: Annotated[str, StringConstraints(min_length=1)]
    type: DocType
    title: I18n
    issuer: Name
    issued: dt.date | None = None
    url: Annotated[str, StringConstraints(pattern=r"^(https?://\S+|seed)$")]
    verification: Verification
    in_force: InForce | None = None
    replaced_by: str | None = None
    note: I18n | None = None


class Authority(VerbatimModel):
    id: Name
    name: I18n
    rank: Annotated[int, Field(strict=True, ge=1, le=100)] = Field(
        description="1 is the highest authority; equal numbers are peers."
    )
    superior: Name | None = Field(
        None, description="The body above it; the nearest common superior settles a clash between peers."
    )
    note: I18n | None = None


_DOC_NUMBER = re.compile(r"^\d+-(NQ|QĐ|KL|HD|CV|BC)/[A-ZĐ]+$")


def looks_like_document_number(number: str) -> bool:
    return bool(_DOC_NUMBER.match(number))
