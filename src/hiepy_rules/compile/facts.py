"""What a fact is: the subject kinds and their fields (``FACT_SCHEMA``), and the share measures.

A fact is a flat, JSON-safe dict with a unique ``id``, its ``type`` (the subject kind provisions
name), and its fields; an unknown value is left out of the dict (both engines read a missing field
as *unknown*). ``factset.py`` makes them from a proposal.

``FACT_SCHEMA`` is the contract with rule authors: ``hiepy lint`` rejects a provision that
reads a field not listed here, and the docs' field reference is generated from it.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from typing import Literal, get_args

import msgspec

from hiepy_rules.schema.proposal_types import (
    Answer,
    Body,
    Channel,
    Matter,
    NominationBy,
    Reporter,
    ReportRecipient,
    Role,
    Source,
    UnitKind,
)

FieldType = Literal["bool", "int", "str", "date", "enum"]


class FieldSpec(msgspec.Struct, frozen=True):
    type: FieldType
    doc: str
    values: tuple[str, ...] = ()
    path: str = ""  # where the value comes from in the proposal, for explanations

    def __post_init__(self) -> None:
        assert (self.type == "enum") == bool(self.values)


def _enum(doc: str, *values: str, path: str = "") -> FieldSpec:
    return FieldSpec("enum", doc, tuple(values), path)


ROLES: tuple[str, ...] = get_args(Role)


MATTERS: tuple[str, ...] = get_args(Matter)


_TITLE_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec("str", "the title's id"),
    "role": _enum("head, deputy or other", *ROLES),
    "level": FieldSpec("int", "rung in the unit's ladder, 1 at the top"),
    "key": FieldSpec("bool", "a key title (chức danh chủ chốt)"),
    "on_provincial_list": FieldSpec("bool", "the title is on the Provincial Standing Committee's list"),
    "in_dossier": FieldSpec("bool", "the dossier plans the title (as it says; by default: has candidates or is key)"),
}


# What the proposal says of a cadre's dates, as whole months at the proposal's date (tenure.py).
_CADRE_DATE_FIELDS: dict[str, FieldSpec] = {
    "months_to_retirement": FieldSpec(
        "int", "whole months from the proposal's date to the statutory retirement date (date of birth and sex)"
    ),
    "months_in_post": FieldSpec("int", "whole months in the current post (current_post_since) at the proposal's date"),
    "reprimanded": FieldSpec("bool", "a reprimand (khiển trách) is on record (unknown: disciplines not stated)"),
    "months_since_reprimand": FieldSpec("int", "whole months since the latest reprimand"),
    "warned": FieldSpec("bool", "a warning (cảnh cáo) is on record (unknown when disciplines are not stated)"),
    "months_since_warning": FieldSpec("int", "whole months since the latest warning"),
    "removed_from_post": FieldSpec(
        "bool", "a removal from post (cách chức) is on record (unknown when disciplines are not stated)"
    ),
    "months_since_removal": FieldSpec("int", "whole months since the latest removal from post"),
}


FACT_SCHEMA: dict[str, dict[str, FieldSpec]] = {
    "unit": {
        "kind": _enum("kind of unit", *get_args(UnitKind), path="unit.kind"),
        "sector": FieldSpec("str", "sector code", path="unit.sector"),
        "ministry": FieldSpec("str", "the ministry the unit belongs to", path="unit.ministry"),
        "province": FieldSpec("str", "the province", path="unit.province"),
        "works_locally": FieldSpec("bool", "works in the province", path="unit.works_locally"),
        "party_membership_local": FieldSpec(
            "bool", "holds Party membership in the province", path="unit.party_membership_local"
        ),
        "current_deputies": FieldSpec("int", "distinct cadres holding a deputy title now", path="titles"),
        "deputies_planned": FieldSpec("int", "distinct cadres planned for the unit's deputy titles", path="titles"),
        "external_candidates": FieldSpec("int", "distinct external cadres among all candidates", path="titles"),
        "candidates_planned": FieldSpec("int", "distinct cadres the dossier plans, for any title", path="titles"),
        "nomination_by": _enum(
            "who drew up the nomination list", *get_args(NominationBy), path="nomination.drawn_up_by"
        ),
        "planning_result_notified": FieldSpec(
            "bool", "the planning result was notified to the province", path="notifications"
        ),
        "evaluation_notified": FieldSpec(
            "bool", "the annual evaluation was notified to the province", path="notifications"
        ),
        "evaluation_local_opinion_requested": FieldSpec(
            "bool",
            "the province's opinion was sought for the annual evaluation",
            path="evaluation.local_opinion_requested",
        ),
        "committee_seat_requested": FieldSpec(
            "bool",
            "the dossier asks for the sector's people on the local committee",
            path="committee_seat_requests",
        ),
        "appointment_in_same_dossier": FieldSpec(
            "bool", "an appointment is proposed in the dossier", path="appointments"
        ),
        "date": FieldSpec("date", "the proposal's date", path="date"),
        "candidates_women_percent": FieldSpec(
            "int", "women among the dossier's distinct candidates, in whole percent (unknown if a sex is missing)"
        ),
        "candidates_under_40_percent": FieldSpec(
            "int",
            "candidates under 40 at the proposal's date, in whole percent (unknown if a date of birth is missing)",
        ),
    },
    "title": {
        **_TITLE_FIELDS,
        "seats": FieldSpec("int", "seats of the title"),
        "candidate_count": FieldSpec("int", "cadres planned for the title"),
        "external_candidate_count": FieldSpec("int", "external cadres planned for the title"),
        "holder_count": FieldSpec("int", "cadres holding the title now"),
    },
    "candidacy": {
        **_TITLE_FIELDS,
        "cadre": FieldSpec("str", "the cadre's id"),
        "source": _enum("in_house or external", *get_args(Source)),
        "levels_below": FieldSpec("int", "the cadre's current level minus the title's (unknown with no post)"),
        "incumbent": FieldSpec("bool", "the cadre holds this very title now"),
        "planned_one_level_below": FieldSpec(
            "bool", "the cadre was already planned for a title one level below this one"
        ),
        "eligible": FieldSpec("bool", "the cadre meets the standards for planning"),
        "can_serve_full_term": FieldSpec("bool", "the cadre can serve a full term"),
        "disciplined": FieldSpec("bool", "under a Party discipline of reprimand or heavier, not yet expired"),
        "political_standard_ok": FieldSpec("bool", "false: concluded not to meet the political standard"),
        **_CADRE_DATE_FIELDS,
    },
    "holding": {
        **_TITLE_FIELDS,
        "cadre": FieldSpec("str", "the holder's id"),
        "eligible": FieldSpec("bool", "the holder meets the standards for planning"),
        "can_serve_full_term": FieldSpec("bool", "the holder can serve a full term"),
        "planned_same_or_higher": FieldSpec(
            "bool", "the holder is planned in this dossier for the title held or a higher one"
        ),
    },
    "vote": {
        "cadre": FieldSpec("str", "the candidate's id"),
        "title": FieldSpec("str", "the title voted on"),
        "step": FieldSpec("int", "step of the procedure, 1 first"),
        "body": _enum("the body that voted", *get_args(Body)),
        "yes": FieldSpec("int", "votes for the candidate"),
        "convened": FieldSpec("int", "members convened"),
        "present": FieldSpec("int", "members present"),
        "valid": FieldSpec("int", "valid ballots"),
        "proceeded": FieldSpec("bool", "the candidate went on after this step (a later step, or the plan)"),
    },
    "matter": {
        **_TITLE_FIELDS,
        "matter": _enum("the personnel matter", *MATTERS),
        "cadre": FieldSpec("str", "the cadre concerned, for an appointment"),
        "first_time": FieldSpec("bool", "a first appointment to a leadership post, for an appointment"),
        "for_election": FieldSpec("bool", "a nomination for election (giới thiệu ứng cử) rather than an appointment"),
        "months_beyond_term": FieldSpec(
            "int",
            "whole months, rounded down, from the end of the title's term (term_ends; left out: 60 months after "
            "the proposal's date) to the appointee's retirement date (date of birth and sex)",
        ),
        "can_serve_full_term": FieldSpec("bool", "the cadre appointed can serve a full term, for an appointment"),
        "source": _enum("in_house or external, for an appointment", *get_args(Source)),
        "levels_below": FieldSpec(
            "int", "the appointee's current level minus the title's, for an appointment (unknown with no post)"
        ),
        "planned_same_or_higher_title": FieldSpec(
            "bool",
            "the appointee was already planned (planned_for) for this title or one at the same or a higher level; "
            "unknown for an external cadre with no such plan in this unit",
        ),
        **_CADRE_DATE_FIELDS,
    },
    "confidence_vote": {
        "cadre": FieldSpec("str", "the cadre voted on"),
        "title": FieldSpec("str", "the title the cadre holds in the unit"),
        "level": FieldSpec("int", "rung of the cadre's current post (the title held, or current_level)"),
        "convened": FieldSpec("int", "members convened"),
        "present": FieldSpec("int", "members present"),
        "valid": FieldSpec("int", "ballots cast: high + medium + low"),
        "high": FieldSpec("int", "ballots of high confidence"),
        "medium": FieldSpec("int", "ballots of confidence"),
        "low": FieldSpec("int", "ballots of low confidence"),
        "planned": FieldSpec("bool", "the dossier plans the cadre for some title"),
        "planned_higher": FieldSpec("bool", "the dossier plans the cadre for a title above the current post"),
        "planned_same_or_higher": FieldSpec(
            "bool", "the dossier plans the cadre for a title at or above the current post"
        ),
    },
    "cadre_plan": {
        "cadre": FieldSpec("str", "the cadre's id"),
        "source": _enum("in_house or external", *get_args(Source)),
        "level": FieldSpec("int", "a rung of the unit's ladder"),
        "titles_planned": FieldSpec("int", "titles at this rung the dossier plans the cadre for"),
    },
    "consultation": {
        "matter": _enum("the personnel matter", *MATTERS),
        "title": FieldSpec("str", "the title consulted on"),
        "cadre": FieldSpec("str", "the cadre consulted on"),
        "requested": FieldSpec("bool", "always true: a record is a request"),
        "reply_days": FieldSpec("int", "days from the request to the reply deadline"),
        "replied": FieldSpec("bool", "the province replied"),
        "answer": _enum("the reply", *get_args(Answer)),
        "political_history_involved": FieldSpec("bool", "political history must be verified"),
    },
    "report": {
        "matter": _enum("the personnel matter", *MATTERS),
        "title": FieldSpec("str", "the title reported on"),
        "by": _enum("who reported", *get_args(Reporter)),
        "to": _enum("to whom", *get_args(ReportRecipient)),
        "via": _enum("through which channel", *get_args(Channel)),
    },
}


# Base records are what the proposal says; derived facts are what provisions conclude.
BASE_TYPES = frozenset(FACT_SCHEMA)


#: which base type a derived fact copies its fields from is the subject of the provision deriving it

DENOMINATORS = ("convened", "present", "valid")


class ShareMeasure(msgspec.Struct, frozen=True, dict=True):
    """A count of a vote (``of``: yes by default) over a denominator, against a threshold, exactly."""

    op: Literal["lt", "le", "gt", "ge"]
    threshold: Fraction
    over: str
    of: str = "yes"

    @cached_property  # a finding looks its measure up by this name, several times over
    def field(self) -> str:
        of = "" if self.of == "yes" else f"_{self.of}"
        return f"share{of}__{self.op}__{self.threshold.numerator}_{self.threshold.denominator}__{self.over}"

    def value(self, count: int, denominator: int | None) -> bool | None:
        if not denominator:
            return None
        if denominator < 0:
            count, denominator = -count, -denominator
        # exact in integers (no Fraction per vote): count/denominator vs n/d ⇔ count·d vs n·denominator
        a, b = count * self.threshold.denominator, self.threshold.numerator * denominator
        op = self.op
        return a < b if op == "lt" else a <= b if op == "le" else a > b if op == "gt" else a >= b


def field_path(kind: str, field: str) -> tuple[str | int, ...] | None:
    """For a unit field with a section of its own (``nomination.drawn_up_by``), that section's path."""
    spec = FACT_SCHEMA.get(kind, {}).get(field)
    if spec is None or not spec.path:
        return None
    return tuple(spec.path.split("."))
