"""The proposal's small types: identifiers, text, counts and the closed lists of values (glossary §3)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=r"^[^\s,:#\[\]{}]+$"),
    Field(description="A stable identifier (Unicode letters allowed; no spaces); NFC-normalised on load."),
]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


Count = Annotated[int, Field(strict=True, ge=0, le=1_000_000)]


Flag = Annotated[bool, Field(strict=True)]


UnitKind = Literal["central_line_unit", "provincial_department", "state_enterprise", "other"]


Role = Literal["head", "deputy", "other"]


Source = Literal["in_house", "external"]


Matter = Literal["planning", "transfer", "appointment", "dismissal", "reward", "discipline", "policy_treatment"]


Body = Literal[
    "key_cadre_conference",
    "same_level_committee_meeting",
    "leadership_collective",
    "standing_committee",
    "all_staff_conference",
    "other",
]


ManagingBody = Literal[
    "politburo",
    "secretariat",
    "ministry_party_committee",
    "provincial_standing_committee",
    "unit_party_committee",
    "unit_leadership",
]


Reporter = Literal["unit_leadership", "ministry_party_committee", "other"]


ReportRecipient = Literal["provincial_standing_committee", "provincial_organization_board", "other"]


Channel = Literal["provincial_organization_board", "direct", "other"]


Answer = Literal["agree", "disagree", "pending"]


PoliticalHistory = Literal["clear", "under_review", "issue"]


NominationBy = Literal["all_eligible_staff", "competent_authority"]


NotificationAbout = Literal["planning_result", "annual_evaluation"]


Sex = Literal["male", "female"]


DisciplineForm = Literal["reprimand", "warning", "removal_from_post"]
