"""The planning proposal (đề án quy hoạch cán bộ) an organization-board analyst writes: format v1.

Field names follow the glossary of the domain research (§3). One source of truth per fact:
who holds a title is said on the title (``holders``), who is planned for it on the title
(``candidates``); a cadre's current title and level are derived from those lists.
References between parts (a cadre id in ``candidates``, a title id in a vote) are checked
after the model is built, each dangling id reported at its own line (``references``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Unit(_Model):
    """The unit whose leaders are planned (đơn vị)."""

    name: Text
    kind: UnitKind = Field(
        description="central_line_unit: a central ministry's unit in the province (cơ quan ngành dọc)."
    )
    sector: Text | None = Field(None, description="e.g. tax_dept, customs_dept, state_treasury.")
    ministry: Text | None = Field(None, description="The ministry or central sector the unit belongs to.")
    province: Text | None = None
    works_locally: Flag | None = Field(None, description="Đang công tác tại địa phương.")
    party_membership_local: Flag | None = Field(None, description="Sinh hoạt đảng tại địa phương.")


class Title(_Model):
    """A leadership title (chức danh) in the unit's ladder."""

    id: Id
    name: Text = Field(description="The title's name in Vietnamese, e.g. 'Phó Cục trưởng'.")
    role: Role = Field(description="head (cấp trưởng), deputy (cấp phó) or other.")
    level: Annotated[int, Field(strict=True, ge=1, le=20)] = Field(
        description="Rung in the unit's ladder: 1 is the top (the head); larger is lower."
    )
    key: Flag = Field(description="Chức danh chủ chốt: marked by the proposal, never guessed (brief decision 1).")
    seats: Count = Field(1, description="How many people hold this title at once.")
    holders: list[Id] = Field(default_factory=list, description="Cadre ids holding the title now.")
    lists: list[ManagingBody] = Field(
        default_factory=list, description="Managing bodies whose list (diện quản lý) the title is on."
    )
    candidates: list[Id] = Field(default_factory=list, description="Cadre ids planned for the title next period.")
    planned: Flag | None = Field(
        None,
        description="Whether this dossier plans the title; by default, when it lists candidates or is a key title.",
    )

    @property
    def in_dossier(self) -> bool:
        # a key title with nobody planned is a dossier that forgot it (L2), not a title left out
        return self.planned if self.planned is not None else bool(self.candidates) or self.key


class Cadre(_Model):
    """A person (cán bộ) who holds a title or is planned for one."""

    id: Id
    name: Text
    source: Source = Field("in_house", description="in_house (nguồn tại chỗ) or external (nguồn từ nơi khác).")
    current_post: Text | None = Field(None, description="Free text for a post outside the unit.")
    planned_for: list[Id] = Field(
        default_factory=list, description="Title ids the cadre was already planned for (an earlier approved plan)."
    )
    eligible: Flag | None = Field(None, description="Meets the standards and conditions for planning.")
    birth_year: Annotated[int, Field(strict=True, ge=1900, le=2100)] | None = None
    can_serve_full_term: Flag | None = None
    political_history: PoliticalHistory | None = None


class Nomination(_Model):
    """How the nomination list (danh sách giới thiệu) was drawn up."""

    drawn_up_by: NominationBy
    note: Text | None = None


class Vote(_Model):
    """One candidate's result at one step of the procedure (phiếu giới thiệu / tín nhiệm)."""

    cadre: Id
    title: Id
    step: Annotated[int, Field(strict=True, ge=1, le=20)]
    body: Body
    yes: Count
    convened: Count = Field(description="Members convened (triệu tập).")
    present: Count | None = Field(None, description="Members present.")
    valid: Count | None = Field(None, description="Valid ballots.")
    held_on: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Vote:
        chain = [("yes", self.yes), ("valid", self.valid), ("present", self.present), ("convened", self.convened)]
        known = [(n, v) for n, v in chain if v is not None]
        for (n1, v1), (n2, v2) in itertools.pairwise(known):
            if v1 > v2:
                raise ValueError(f"{n1} ({v1}) cannot exceed {n2} ({v2})")
        return self


class Consultation(_Model):
    """A concurrence consultation (hiệp y) request sent to the provincial committee."""

    matter: Matter
    title: Id
    cadre: Id | None = None
    requested_on: dt.date
    reply_due: dt.date | None = None
    replied_on: dt.date | None = None
    answer: Answer = "pending"
    political_history_involved: Flag = False

    @model_validator(mode="after")
    def _dates(self) -> Consultation:
        if self.reply_due is not None and self.reply_due < self.requested_on:
            raise ValueError("reply_due is before requested_on")
        if self.replied_on is not None and self.replied_on < self.requested_on:
            raise ValueError("replied_on is before requested_on")
        return self


class Report(_Model):
    """A report to the Provincial Standing Committee (báo cáo Ban Thường vụ Tỉnh ủy)."""

    matter: Matter
    title: Id
    by: Reporter
    to: ReportRecipient
    via: Channel
    on: dt.date | None = None


class Notification(_Model):
    """A notification sent to the provincial committee (thông báo kết quả)."""

    about: NotificationAbout
    to: ReportRecipient = "provincial_standing_committee"
    on: dt.date | None = None


class Evaluation(_Model):
    """The annual evaluation of the unit's cadres (nhận xét, đánh giá cán bộ hằng năm)."""

    year: Annotated[int, Field(strict=True, ge=1990, le=2100)] | None = None
    local_opinion_requested: Flag


class CommitteeSeatRequest(_Model):
    """A request to seat the sector's people on the local Party committee (cơ cấu vào cấp ủy)."""

    on: dt.date | None = None
    note: Text | None = None


class Appointment(_Model):
    """An appointment proposed in the same dossier (đề xuất bổ nhiệm)."""

    title: Id
    cadre: Id


class Proposal(_Model):
    """A cadre-planning proposal (đề án quy hoạch cán bộ), format v1."""

    format: Literal["hiepy/proposal/1"] = Field(
        "hiepy/proposal/1", description="Format marker; lets tools tell a proposal from a rule file."
    )
    id: Id
    date: dt.date = Field(description="When the proposal is made; selects the provisions in force.")
    period: Text | None = Field(None, description="The planning period, e.g. '2015-2020'.")
    unit: Unit
    titles: list[Title] = Field(min_length=1)
    cadres: list[Cadre] = Field(default_factory=list)
    nomination: Nomination | None = None
    votes: list[Vote] = Field(default_factory=list)
    consultations: list[Consultation] = Field(default_factory=list)
    reports: list[Report] = Field(default_factory=list)
    notifications: list[Notification] = Field(default_factory=list)
    evaluation: Evaluation | None = None
    committee_seat_requests: list[CommitteeSeatRequest] = Field(default_factory=list)
    appointments: list[Appointment] = Field(default_factory=list)


# --- references between parts ---------------------------------------------------------------

PathKey = tuple[str | int, ...]


def reference_problems(p: Proposal) -> list[tuple[PathKey, str]]:
    """Dangling or contradictory ids, each with the path of the offending value."""
    out: list[tuple[PathKey, str]] = []
    titles: dict[str, int] = {}
    for i, t in enumerate(p.titles):
        if t.id in titles:
            out.append((("titles", i, "id"), f"duplicate title id {t.id!r} (first is titles[{titles[t.id]}])"))
        titles.setdefault(t.id, i)
    cadres: dict[str, int] = {}
    for i, c in enumerate(p.cadres):
        if c.id in cadres:
            out.append((("cadres", i, "id"), f"duplicate cadre id {c.id!r} (first is cadres[{cadres[c.id]}])"))
        cadres.setdefault(c.id, i)

    def cadre_ref(path: PathKey, cid: str | None) -> None:
        if cid is not None and cid not in cadres:
            out.append((path, f"unknown cadre {cid!r}: no entry with this id under 'cadres'"))

    def title_ref(path: PathKey, tid: str) -> None:
        if tid not in titles:
            out.append((path, f"unknown title {tid!r}: no entry with this id under 'titles'"))

    held: dict[str, str] = {}
    for i, t in enumerate(p.titles):
        for field in ("holders", "candidates"):
            seen: set[str] = set()
            for j, cid in enumerate(getattr(t, field)):
                cadre_ref(("titles", i, field, j), cid)
                if cid in seen:
                    out.append((("titles", i, field, j), f"cadre {cid!r} is listed twice in {field}"))
                seen.add(cid)
        for j, cid in enumerate(t.holders):
            if cid in held and held[cid] != t.id:
                out.append((("titles", i, "holders", j), f"cadre {cid!r} already holds title {held[cid]!r}"))
            held.setdefault(cid, t.id)
        if len(t.holders) > t.seats:
            out.append((("titles", i, "holders"), f"{len(t.holders)} holders for {t.seats} seat(s)"))
    for i, c in enumerate(p.cadres):
        for j, tid in enumerate(c.planned_for):
            title_ref(("cadres", i, "planned_for", j), tid)
    steps: set[tuple[str, str, int]] = set()
    for i, v in enumerate(p.votes):
        cadre_ref(("votes", i, "cadre"), v.cadre)
        title_ref(("votes", i, "title"), v.title)
        if (v.cadre, v.title, v.step) in steps:
            out.append((("votes", i, "step"), f"a second result for {v.cadre!r} at step {v.step} for {v.title!r}"))
        steps.add((v.cadre, v.title, v.step))
    for i, cons in enumerate(p.consultations):
        title_ref(("consultations", i, "title"), cons.title)
        cadre_ref(("consultations", i, "cadre"), cons.cadre)
    for i, r in enumerate(p.reports):
        title_ref(("reports", i, "title"), r.title)
    for i, a in enumerate(p.appointments):
        title_ref(("appointments", i, "title"), a.title)
        cadre_ref(("appointments", i, "cadre"), a.cadre)
    return out
