"""What to add to a proposal when a fact a provision needs is unknown: the proposal's own fields.

A fact field is computed from fields of the proposal (``months_to_retirement`` from a cadre's date
of birth and sex); an indeterminate finding names those fields, at the cadre, appointment, vote or
consultation it is about (``cadres[3].sex``), with their titles from the proposal's schema, so that
an analyst knows what to write where.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from hiepy_rules.findings.model import Words
from hiepy_rules.schema.fielddoc import TITLE_SEP
from hiepy_rules.schema.proposal import Proposal

#: fact field → the proposal fields it is computed from ("[]": the item the fact is about)
SOURCES: dict[str, tuple[str, ...]] = {
    "works_locally": ("unit.works_locally",),
    "party_membership_local": ("unit.party_membership_local",),
    "ministry": ("unit.ministry",),
    "province": ("unit.province",),
    "sector": ("unit.sector",),
    "kind": ("unit.kind",),
    "nomination_by": ("nomination.drawn_up_by",),
    "evaluation_local_opinion_requested": ("evaluation.local_opinion_requested",),
    "candidates_women_percent": ("cadres[].sex",),
    "candidates_under_40_percent": ("cadres[].date_of_birth",),
    "planned_one_level_below": ("cadres[].planned_for",),
    "planned_same_or_higher_title": ("cadres[].planned_for",),
    "eligible": ("cadres[].eligible",),
    "can_serve_full_term": ("cadres[].can_serve_full_term",),
    "levels_below": ("cadres[].current_level",),
    "level": ("cadres[].current_level",),
    "planned_higher": ("cadres[].current_level",),
    "planned_same_or_higher": ("cadres[].current_level",),
    "disciplined": ("cadres[].disciplined",),
    "political_standard_ok": ("cadres[].political_standard_ok",),
    "months_to_retirement": ("cadres[].date_of_birth", "cadres[].sex"),
    "months_beyond_term": ("cadres[].date_of_birth", "cadres[].sex"),  # the term defaults to 5 years
    "months_in_post": ("cadres[].current_post_since",),
    "reprimanded": ("cadres[].disciplines",),
    "warned": ("cadres[].disciplines",),
    "removed_from_post": ("cadres[].disciplines",),
    "months_since_reprimand": ("cadres[].disciplines",),
    "months_since_warning": ("cadres[].disciplines",),
    "months_since_removal": ("cadres[].disciplines",),
    "first_time": ("appointments[].first_time",),
    "reply_days": ("consultations[].reply_due",),
    "present": ("votes[].present",),
    "valid": ("votes[].valid",),
}


def _title(path: str) -> Words:
    """The schema's title of a dotted proposal path (``cadres[].sex``: Giới tính / Sex)."""
    model: type[BaseModel] = Proposal
    title = path
    for part in path.replace("[]", "").split("."):
        field = model.model_fields[part]
        title = field.title or part
        nested = _model_of(field.annotation)
        if nested is not None:
            model = nested
    vi, _, en = title.partition(TITLE_SEP)
    return Words(vi=_lower(vi), en=_lower(en or vi))


def _lower(s: str) -> str:
    """A title inside a sentence: its first letter small, unless it starts an abbreviation."""
    return s[:1].lower() + s[1:] if s[1:2].islower() else s


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _where(path: str, proposal: Proposal, fact: dict[str, Any], subject: tuple[str | int, ...]) -> str:
    """``path`` at the item the fact is about, when the fact names it (a cadre, or the subject's own item)."""
    section = path.split("[]")[0]
    if "[]" not in path:
        return path
    index: int | None = None
    if section == "cadres" and isinstance(fact.get("cadre"), str):
        index = next((i for i, c in enumerate(proposal.cadres) if c.id == fact["cadre"]), None)
    elif len(subject) > 1 and subject[0] == section and isinstance(subject[1], int):
        index = subject[1]
    if index is None:
        return path
    return path.replace("[]", f"[{index}]", 1)


def _unfilled(path: str, proposal: Proposal) -> list[str]:
    """A cadre field the fact reads over every candidate: the candidates that leave it out."""
    planned = {cid for t in proposal.titles for cid in t.candidates}
    field = path.rsplit(".", 1)[1]
    return [
        path.replace("[]", f"[{i}]", 1)
        for i, c in enumerate(proposal.cadres)
        if c.id in planned and getattr(c, field, None) is None
    ]


def what_to_add(
    missing: list[str], proposal: Proposal, fact: dict[str, Any], subject: tuple[str | int, ...]
) -> list[tuple[str, Words]]:
    """The proposal fields (path, title) to fill in for the unknown fact fields ``missing``, in order."""
    out: dict[str, Words] = {}
    for name in missing:
        for path in SOURCES.get(name.removeprefix("unit."), ()):
            where = _where(path, proposal, fact, subject)
            for one in _unfilled(where, proposal) if where.startswith("cadres[]") else [where]:
                out.setdefault(one, _title(path))
    return list(out.items())
