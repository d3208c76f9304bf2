"""The planning proposal (đề án quy hoạch cán bộ) an organization-board analyst writes: format v1.

Field names follow the glossary of the domain research (§3). One source of truth per fact:
who holds a title is said on the title (``holders``), who is planned for it on the title
(``candidates``); a cadre's current title and level are derived from those lists.
References between parts (a cadre id in ``candidates``, a title id in a vote) are checked
after the model is built, each dangling id reported at its own line (``references``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from hiepy_rules.schema.base import InputModel
from hiepy_rules.schema.cadre import Cadre
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.procedure import (
    Appointment,
    CommitteeSeatRequest,
    Consultation,
    Dossier,
    Evaluation,
    Nomination,
    Notification,
    Report,
    Vote,
)
from hiepy_rules.schema.proposal_types import Count, Flag, Id, ManagingBody, Role, Text, UnitKind


class Unit(InputModel):
    """The unit whose leaders are planned (đơn vị)."""

    name: Text = Field(
        **bi(
            "Tên đơn vị",
            "Unit name",
            "Tên đơn vị có cán bộ được quy hoạch, ví dụ 'Cục Thuế tỉnh Quảng Trị'.",
            "The name of the unit whose leaders are planned, e.g. 'Cục Thuế tỉnh Quảng Trị'.",
        )
    )
    kind: UnitKind = Field(
        **bi(
            "Loại đơn vị",
            "Kind of unit",
            "central_line_unit: cơ quan ngành dọc của bộ, ngành Trung ương tại địa phương; "
            "provincial_department: sở, ngành cấp tỉnh; state_enterprise: doanh nghiệp nhà nước; "
            "other: loại khác.",
            "central_line_unit: a central ministry's unit in the province (cơ quan ngành dọc); "
            "provincial_department; state_enterprise; other.",
        )
    )
    sector: Text | None = Field(
        None,
        **bi(
            "Ngành",
            "Sector",
            "Ngành của đơn vị, ví dụ tax_dept, customs_dept, state_treasury.",
            "The unit's sector, e.g. tax_dept, customs_dept, state_treasury.",
        ),
    )
    ministry: Text | None = Field(
        None,
        **bi(
            "Bộ, ngành chủ quản",
            "Ministry",
            "Bộ hoặc ngành Trung ương quản lý đơn vị.",
            "The ministry or central sector the unit belongs to.",
        ),
    )
    province: Text | None = Field(
        None, **bi("Tỉnh", "Province", "Tỉnh, thành phố nơi đơn vị đóng.", "The province where the unit works.")
    )
    works_locally: Flag | None = Field(
        None,
        **bi(
            "Công tác tại địa phương",
            "Works locally",
            "Đơn vị đang công tác tại địa phương.",
            "The unit works in the province.",
        ),
    )
    party_membership_local: Flag | None = Field(
        None,
        **bi(
            "Sinh hoạt đảng tại địa phương",
            "Party membership in the province",
            "Đảng viên của đơn vị sinh hoạt đảng tại địa phương.",
            "The unit's Party members belong to the local Party organisation.",
        ),
    )


class Title(InputModel):
    """A leadership title (chức danh) in the unit's ladder."""

    id: Id = Field(
        **bi(
            "Mã chức danh",
            "Title id",
            "Mã ổn định của chức danh (không có khoảng trắng), dùng để tham chiếu trong đề án.",
            "A stable identifier of the title (no spaces), used to refer to it in the proposal.",
        )
    )
    name: Text = Field(
        **bi(
            "Tên chức danh",
            "Title name",
            "Tên chức danh bằng tiếng Việt, ví dụ 'Phó Cục trưởng'.",
            "The title's name in Vietnamese, e.g. 'Phó Cục trưởng'.",
        )
    )
    role: Role = Field(
        **bi(
            "Cấp trưởng/cấp phó",
            "Role",
            "head: cấp trưởng; deputy: cấp phó; other: khác.",
            "head (cấp trưởng), deputy (cấp phó) or other.",
        )
    )
    level: Annotated[int, Field(strict=True, ge=1, le=20)] = Field(
        **bi(
            "Bậc",
            "Level",
            "Bậc trong thang chức danh của đơn vị: 1 là cao nhất (cấp trưởng); số lớn hơn là thấp hơn.",
            "Rung in the unit's ladder: 1 is the top (the head); larger is lower.",
        )
    )
    key: Flag = Field(
        **bi(
            "Chức danh chủ chốt",
            "Key title",
            "Do đề án đánh dấu; hiepy không bao giờ tự đoán.",
            "Chức danh chủ chốt: marked by the proposal, never guessed.",
        )
    )
    seats: Count = Field(
        1,
        **bi(
            "Số người đảm nhiệm",
            "Seats",
            "Số người cùng giữ chức danh này một lúc.",
            "How many people hold this title at once.",
        ),
    )
    holders: list[Id] = Field(
        default_factory=list,
        **bi("Người đương chức", "Holders", "Mã các cán bộ đang giữ chức danh.", "Cadre ids holding the title now."),
    )
    lists: list[ManagingBody] = Field(
        default_factory=list,
        **bi(
            "Diện quản lý",
            "Managing bodies",
            "Các cơ quan mà chức danh thuộc diện quản lý.",
            "Managing bodies whose list (diện quản lý) the title is on.",
        ),
    )
    candidates: list[Id] = Field(
        default_factory=list,
        **bi(
            "Cán bộ quy hoạch",
            "Candidates",
            "Mã các cán bộ được quy hoạch vào chức danh cho giai đoạn tới.",
            "Cadre ids planned for the title next period.",
        ),
    )
    planned: Flag | None = Field(
        None,
        **bi(
            "Có quy hoạch",
            "Planned",
            "Hồ sơ này có quy hoạch chức danh không; mặc định: có, khi có cán bộ quy hoạch hoặc là chức danh chủ chốt.",
            "Whether this dossier plans the title; by default, when it lists candidates or is a key title.",
        ),
    )

    @property
    def in_dossier(self) -> bool:
        # a key title with nobody planned is a dossier that forgot it (L2), not a title left out
        return self.planned if self.planned is not None else bool(self.candidates) or self.key


class Proposal(InputModel):
    """A cadre-planning proposal (đề án quy hoạch cán bộ), format v1."""

    format: Literal["hiepy/proposal/1"] = Field(
        "hiepy/proposal/1",
        **bi(
            "Định dạng",
            "Format",
            "Dấu hiệu định dạng, giúp công cụ phân biệt đề án với tệp quy định.",
            "Format marker; lets tools tell a proposal from a rule file.",
        ),
    )
    id: Id = Field(**bi("Mã đề án", "Proposal id", "Mã ổn định của đề án.", "A stable identifier of the proposal."))
    date: dt.date = Field(
        **bi(
            "Ngày đề án",
            "Date",
            "Ngày lập đề án; quyết định các quy định có hiệu lực được áp dụng.",
            "When the proposal is made; selects the provisions in force.",
        )
    )
    period: Text | None = Field(
        None,
        **bi(
            "Giai đoạn quy hoạch",
            "Period",
            "Giai đoạn quy hoạch, ví dụ '2015-2020'.",
            "The planning period, e.g. '2015-2020'.",
        ),
    )
    unit: Unit = Field(
        **bi("Đơn vị", "Unit", "Đơn vị có cán bộ được quy hoạch.", "The unit whose leaders are planned.")
    )
    titles: list[Title] = Field(
        min_length=1,
        **bi(
            "Chức danh",
            "Titles",
            "Các chức danh lãnh đạo trong thang chức danh của đơn vị.",
            "The leadership titles of the unit's ladder.",
        ),
    )
    cadres: list[Cadre] = Field(
        default_factory=list,
        **bi(
            "Cán bộ",
            "Cadres",
            "Các cán bộ đương chức hoặc được quy hoạch.",
            "The cadres who hold or are planned for a title.",
        ),
    )
    nomination: Nomination | None = Field(
        None,
        **bi(
            "Danh sách giới thiệu",
            "Nomination",
            "Cách lập danh sách giới thiệu.",
            "How the nomination list was drawn up.",
        ),
    )
    votes: list[Vote] = Field(
        default_factory=list,
        **bi(
            "Kết quả giới thiệu",
            "Votes",
            "Kết quả giới thiệu, tín nhiệm của từng cán bộ ở từng bước.",
            "Each candidate's result at each step.",
        ),
    )
    consultations: list[Consultation] = Field(
        default_factory=list,
        **bi(
            "Hiệp y",
            "Consultations",
            "Các văn bản đề nghị hiệp y gửi cấp ủy địa phương.",
            "Concurrence consultation (hiệp y) requests sent to the province.",
        ),
    )
    reports: list[Report] = Field(
        default_factory=list,
        **bi(
            "Báo cáo",
            "Reports",
            "Các báo cáo gửi Ban Thường vụ Tỉnh ủy.",
            "Reports to the Provincial Standing Committee.",
        ),
    )
    notifications: list[Notification] = Field(
        default_factory=list,
        **bi(
            "Thông báo", "Notifications", "Các thông báo gửi cấp ủy địa phương.", "Notifications sent to the province."
        ),
    )
    evaluation: Evaluation | None = Field(
        None,
        **bi(
            "Nhận xét, đánh giá",
            "Evaluation",
            "Nhận xét, đánh giá cán bộ hằng năm.",
            "The annual evaluation of the unit's cadres.",
        ),
    )
    committee_seat_requests: list[CommitteeSeatRequest] = Field(
        default_factory=list,
        **bi(
            "Đề nghị cơ cấu cấp ủy",
            "Committee seat requests",
            "Các đề nghị cơ cấu nhân sự ngành vào cấp ủy địa phương.",
            "Requests to seat the sector's people on the local Party committee.",
        ),
    )
    appointments: list[Appointment] = Field(
        default_factory=list,
        **bi(
            "Đề xuất bổ nhiệm",
            "Appointments",
            "Các đề xuất bổ nhiệm trong cùng hồ sơ.",
            "Appointments proposed in the same dossier.",
        ),
    )
    dossier: Dossier | None = Field(
        None,
        **bi(
            "Hồ sơ",
            "Dossier",
            "Hồ sơ là gì: loại (quy hoạch, bổ nhiệm, hoặc cả hai) và giai đoạn (dự thảo, đã duyệt). Bỏ trống: "
            "dự thảo; loại suy ra như trong kinds.",
            "What the dossier is: its kinds (planning, appointment, or both) and stage (draft, approved). Left "
            "out: a draft, its kinds as kinds says.",
        ),
    )
