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

from pydantic import Field, StringConstraints, model_validator

from hiepy_rules.schema.base import InputModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.pydantic_words import bilingual

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


class ConfidenceVote(InputModel):
    """A cadre's latest confidence vote (lấy phiếu tín nhiệm): ballots by level of confidence."""

    held_on: dt.date | None = Field(
        None, **bi("Ngày lấy phiếu", "Held on", "Ngày tổ chức lấy phiếu tín nhiệm.", "The day the vote was held.")
    )
    convened: Count = Field(
        **bi("Số triệu tập", "Convened", "Số người được triệu tập.", "Members convened (triệu tập).")
    )
    present: Count = Field(**bi("Số có mặt", "Present", "Số người có mặt.", "Members present (có mặt)."))
    high: Count = Field(
        **bi(
            "Tín nhiệm cao", "High confidence", "Số phiếu tín nhiệm cao.", "Ballots of high confidence (tín nhiệm cao)."
        )
    )
    medium: Count = Field(**bi("Tín nhiệm", "Confidence", "Số phiếu tín nhiệm.", "Ballots of confidence (tín nhiệm)."))
    low: Count = Field(
        **bi(
            "Tín nhiệm thấp",
            "Low confidence",
            "Số phiếu tín nhiệm thấp.",
            "Ballots of low confidence (tín nhiệm thấp).",
        )
    )

    @model_validator(mode="after")
    def _ordered(self) -> ConfidenceVote:
        ballots = self.high + self.medium + self.low
        if ballots > self.present:
            raise bilingual(
                f"high + medium + low ({ballots}) không được lớn hơn present ({self.present})",
                f"high + medium + low ({ballots}) cannot exceed present ({self.present})",
            )
        if self.present > self.convened:
            raise bilingual(
                f"present ({self.present}) không được lớn hơn convened ({self.convened})",
                f"present ({self.present}) cannot exceed convened ({self.convened})",
            )
        return self


class Discipline(InputModel):
    """A Party discipline decided on a cadre (kỷ luật): its form and the day it was decided."""

    form: DisciplineForm = Field(
        **bi(
            "Hình thức kỷ luật",
            "Form",
            "reprimand: khiển trách; warning: cảnh cáo; removal_from_post: cách chức.",
            "reprimand (khiển trách), warning (cảnh cáo) or removal_from_post (cách chức).",
        )
    )
    decided_on: dt.date = Field(
        **bi(
            "Ngày quyết định",
            "Decided on",
            "Ngày quyết định kỷ luật; các thời hạn tính theo tháng tròn từ ngày này đến ngày đề án.",
            "The day of the disciplinary decision; windows count whole months from it to the proposal's date.",
        )
    )


class Cadre(InputModel):
    """A person (cán bộ) who holds a title or is planned for one."""

    id: Id = Field(
        **bi(
            "Mã cán bộ",
            "Cadre id",
            "Mã ổn định của cán bộ (không có khoảng trắng).",
            "A stable identifier of the cadre (no spaces).",
        )
    )
    name: Text = Field(**bi("Họ và tên", "Name", "Họ và tên cán bộ.", "The cadre's full name."))
    source: Source = Field(
        "in_house",
        **bi(
            "Nguồn",
            "Source",
            "in_house: nguồn tại chỗ; external: nguồn từ nơi khác.",
            "in_house (nguồn tại chỗ) or external (nguồn từ nơi khác).",
        ),
    )
    current_post: Text | None = Field(
        None,
        **bi(
            "Chức vụ hiện tại",
            "Current post",
            "Chức vụ ở ngoài đơn vị, ghi tự do.",
            "Free text for a post outside the unit.",
        ),
    )
    planned_for: list[Id] | None = Field(
        None,
        **bi(
            "Đã được quy hoạch",
            "Planned for",
            "Mã các chức danh cán bộ đã được quy hoạch (theo quy hoạch đã duyệt trước đó). Danh sách rỗng []: "
            "chưa được quy hoạch chức danh nào; bỏ trống: chưa rõ (quy định cần thông tin này thì chưa xác định).",
            "Title ids the cadre was already planned for (an earlier approved plan). An empty list []: planned for "
            "none; left out: unknown (a provision that needs it is indeterminate).",
        ),
    )
    eligible: Flag | None = Field(
        None,
        **bi(
            "Đủ tiêu chuẩn",
            "Eligible",
            "Đáp ứng tiêu chuẩn, điều kiện để quy hoạch.",
            "Meets the standards and conditions for planning.",
        ),
    )
    birth_year: Annotated[int, Field(strict=True, ge=1900, le=2100)] | None = Field(
        None, **bi("Năm sinh", "Birth year", "Năm sinh của cán bộ.", "The cadre's year of birth.")
    )
    can_serve_full_term: Flag | None = Field(
        None,
        **bi(
            "Đủ tuổi trọn nhiệm kỳ",
            "Can serve a full term",
            "Còn đủ tuổi công tác trọn một nhiệm kỳ.",
            "Young enough to serve a full term.",
        ),
    )
    political_history: PoliticalHistory | None = Field(
        None,
        **bi(
            "Lịch sử chính trị",
            "Political history",
            "clear: rõ ràng; under_review: đang thẩm tra, xác minh; issue: có vấn đề.",
            "clear, under_review (being verified) or issue.",
        ),
    )
    current_level: Annotated[int, Field(strict=True, ge=1, le=20)] | None = Field(
        None,
        **bi(
            "Bậc hiện tại",
            "Current level",
            "Với chức vụ ở ngoài đơn vị: bậc tương đương trong thang của đơn vị này (cấp phó ở nơi "
            "khác: 2). Người đương chức lấy bậc của chức danh.",
            "For a post outside the unit: its rung on this unit's ladder (a deputy head elsewhere: "
            "2). A holder's level is the title's.",
        ),
    )
    disciplined: Flag | None = Field(
        None,
        **bi(
            "Đang chịu kỷ luật",
            "Disciplined",
            "Đang chịu kỷ luật đảng từ khiển trách trở lên, chưa hết thời hạn.",
            "Under a Party discipline of reprimand (khiển trách) or heavier that has not expired.",
        ),
    )
    political_standard_ok: Flag | None = Field(
        None,
        **bi(
            "Đạt tiêu chuẩn chính trị",
            "Political standard met",
            "false: cấp có thẩm quyền kết luận cán bộ không đạt tiêu chuẩn chính trị.",
            "false: the competent body concluded the cadre does not meet the political standard "
            "(tiêu chuẩn chính trị).",
        ),
    )
    confidence_vote: ConfidenceVote | None = Field(
        None,
        **bi(
            "Lấy phiếu tín nhiệm",
            "Confidence vote",
            "Kết quả lấy phiếu tín nhiệm gần nhất của cán bộ.",
            "The cadre's latest confidence vote (lấy phiếu tín nhiệm).",
        ),
    )
    date_of_birth: dt.date | None = Field(
        None,
        **bi(
            "Ngày sinh",
            "Date of birth",
            "Ngày sinh; cùng giới tính, cho biết tuổi nghỉ hưu và số tháng còn công tác.",
            "With sex, gives the retirement date and the months of service left.",
        ),
    )
    sex: Sex | None = Field(
        None,
        **bi(
            "Giới tính",
            "Sex",
            "male: nam; female: nữ. Tuổi nghỉ hưu theo lộ trình của Bộ luật Lao động 2019 khác nhau theo giới tính.",
            "male or female: the Labour Code 2019 schedule of retirement ages differs by sex.",
        ),
    )
    current_post_since: dt.date | None = Field(
        None,
        **bi(
            "Giữ chức vụ hiện tại từ ngày",
            "In current post since",
            "Ngày bắt đầu giữ chức vụ đang đảm nhiệm (hoặc chức vụ tương đương).",
            "The day the cadre took up the current (or an equivalent) post.",
        ),
    )
    disciplines: list[Discipline] | None = Field(
        None,
        **bi(
            "Kỷ luật",
            "Disciplines",
            "Các quyết định kỷ luật đảng của cán bộ; danh sách rỗng là không có; bỏ trống là chưa khai.",
            "The cadre's Party disciplines; an empty list is none, absent is not stated.",
        ),
    )


class Nomination(InputModel):
    """How the nomination list (danh sách giới thiệu) was drawn up."""

    drawn_up_by: NominationBy = Field(
        **bi(
            "Người lập danh sách",
            "Drawn up by",
            "competent_authority: cấp có thẩm quyền; all_eligible_staff: toàn thể cán bộ đủ điều kiện.",
            "competent_authority (cấp có thẩm quyền) or all_eligible_staff.",
        )
    )
    note: Text | None = Field(None, **bi("Ghi chú", "Note", "Ghi chú tự do.", "Free text."))


class Vote(InputModel):
    """One candidate's result at one step of the procedure (phiếu giới thiệu / tín nhiệm)."""

    cadre: Id = Field(**bi("Cán bộ", "Cadre", "Mã cán bộ được giới thiệu.", "Id of the cadre voted on."))
    title: Id = Field(
        **bi("Chức danh", "Title", "Mã chức danh được giới thiệu vào.", "Id of the title the vote is for.")
    )
    step: Annotated[int, Field(strict=True, ge=1, le=20)] = Field(
        **bi(
            "Bước",
            "Step",
            "Thứ tự bước trong quy trình (1 là bước đầu).",
            "Order of the step in the procedure (1 is the first).",
        )
    )
    body: Body = Field(
        **bi(
            "Hội nghị",
            "Body",
            "Hội nghị bỏ phiếu, ví dụ key_cadre_conference (hội nghị cán bộ chủ chốt).",
            "The body voting, e.g. key_cadre_conference (key-cadre conference).",
        )
    )
    yes: Count = Field(
        **bi("Số phiếu giới thiệu", "Yes votes", "Số phiếu giới thiệu, tín nhiệm cho cán bộ.", "Ballots for the cadre.")
    )
    convened: Count = Field(
        **bi("Số triệu tập", "Convened", "Số người được triệu tập.", "Members convened (triệu tập).")
    )
    present: Count | None = Field(None, **bi("Số có mặt", "Present", "Số người có mặt.", "Members present."))
    valid: Count | None = Field(None, **bi("Số phiếu hợp lệ", "Valid ballots", "Số phiếu hợp lệ.", "Valid ballots."))
    held_on: dt.date | None = Field(
        None, **bi("Ngày bỏ phiếu", "Held on", "Ngày tổ chức hội nghị.", "The day of the vote.")
    )

    @model_validator(mode="after")
    def _ordered(self) -> Vote:
        chain = [("yes", self.yes), ("valid", self.valid), ("present", self.present), ("convened", self.convened)]
        known = [(n, v) for n, v in chain if v is not None]
        for (n1, v1), (n2, v2) in itertools.pairwise(known):
            if v1 > v2:
                raise bilingual(f"{n1} ({v1}) không được lớn hơn {n2} ({v2})", f"{n1} ({v1}) cannot exceed {n2} ({v2})")
        return self


class Consultation(InputModel):
    """A concurrence consultation (hiệp y) request sent to the provincial committee."""

    matter: Matter = Field(
        **bi(
            "Nội dung",
            "Matter",
            "Việc xin ý kiến hiệp y: planning (quy hoạch), appointment (bổ nhiệm)…",
            "What the consultation is about: planning, appointment…",
        )
    )
    title: Id = Field(**bi("Chức danh", "Title", "Mã chức danh được hiệp y.", "Id of the title consulted on."))
    cadre: Id | None = Field(
        None, **bi("Cán bộ", "Cadre", "Mã cán bộ được hiệp y, nếu có.", "Id of the cadre consulted on, if any.")
    )
    requested_on: dt.date = Field(
        **bi("Ngày gửi", "Requested on", "Ngày gửi văn bản đề nghị hiệp y.", "The day the request was sent.")
    )
    reply_due: dt.date | None = Field(
        None, **bi("Hạn trả lời", "Reply due", "Hạn cấp ủy địa phương trả lời.", "The day the province's reply is due.")
    )
    replied_on: dt.date | None = Field(
        None, **bi("Ngày trả lời", "Replied on", "Ngày cấp ủy địa phương trả lời.", "The day the province replied.")
    )
    answer: Answer = Field(
        "pending",
        **bi(
            "Ý kiến trả lời",
            "Answer",
            "agree: đồng ý; disagree: không đồng ý; pending: chưa trả lời.",
            "agree, disagree or pending.",
        ),
    )
    political_history_involved: Flag = Field(
        False,
        **bi(
            "Liên quan lịch sử chính trị",
            "Political history involved",
            "Việc hiệp y cần thẩm tra lịch sử chính trị.",
            "The consultation involves verifying political history.",
        ),
    )

    @model_validator(mode="after")
    def _dates(self) -> Consultation:
        if self.reply_due is not None and self.reply_due < self.requested_on:
            raise bilingual("reply_due (hạn trả lời) sớm hơn requested_on", "reply_due is before requested_on")
        if self.replied_on is not None and self.replied_on < self.requested_on:
            raise bilingual("replied_on (ngày trả lời) sớm hơn requested_on", "replied_on is before requested_on")
        return self


class Report(InputModel):
    """A report to the Provincial Standing Committee (báo cáo Ban Thường vụ Tỉnh ủy)."""

    matter: Matter = Field(
        **bi(
            "Nội dung",
            "Matter",
            "Việc được báo cáo: planning (quy hoạch), appointment (bổ nhiệm)…",
            "What the report is about: planning, appointment…",
        )
    )
    title: Id = Field(**bi("Chức danh", "Title", "Mã chức danh được báo cáo.", "Id of the title reported on."))
    by: Reporter = Field(
        **bi(
            "Người báo cáo",
            "By",
            "unit_leadership: lãnh đạo đơn vị; ministry_party_committee: Ban cán sự đảng của bộ; other: khác.",
            "Who reports: unit_leadership, ministry_party_committee or other.",
        )
    )
    to: ReportRecipient = Field(
        **bi(
            "Nơi nhận",
            "To",
            "provincial_standing_committee: Ban Thường vụ Tỉnh ủy; provincial_organization_board: "
            "Ban Tổ chức Tỉnh ủy; other: khác.",
            "The recipient: provincial_standing_committee, provincial_organization_board or other.",
        )
    )
    via: Channel = Field(
        **bi(
            "Qua",
            "Via",
            "Kênh gửi: provincial_organization_board (qua Ban Tổ chức Tỉnh ủy), direct (trực tiếp) hoặc other.",
            "The channel: provincial_organization_board, direct or other.",
        )
    )
    on: dt.date | None = Field(None, **bi("Ngày báo cáo", "On", "Ngày gửi báo cáo.", "The day of the report."))


class Notification(InputModel):
    """A notification sent to the provincial committee (thông báo kết quả)."""

    about: NotificationAbout = Field(
        **bi(
            "Nội dung thông báo",
            "About",
            "planning_result: kết quả quy hoạch; annual_evaluation: kết quả nhận xét, đánh giá hằng năm.",
            "planning_result or annual_evaluation.",
        )
    )
    to: ReportRecipient = Field(
        "provincial_standing_committee", **bi("Nơi nhận", "To", "Cơ quan nhận thông báo.", "The body notified.")
    )
    on: dt.date | None = Field(
        None, **bi("Ngày thông báo", "On", "Ngày gửi thông báo.", "The day of the notification.")
    )


class Evaluation(InputModel):
    """The annual evaluation of the unit's cadres (nhận xét, đánh giá cán bộ hằng năm)."""

    year: Annotated[int, Field(strict=True, ge=1990, le=2100)] | None = Field(
        None, **bi("Năm", "Year", "Năm được nhận xét, đánh giá.", "The year evaluated.")
    )
    local_opinion_requested: Flag = Field(
        **bi(
            "Đã lấy ý kiến địa phương",
            "Local opinion requested",
            "Đã lấy ý kiến cấp ủy địa phương khi nhận xét, đánh giá.",
            "The province's opinion was sought for the evaluation.",
        )
    )


class CommitteeSeatRequest(InputModel):
    """A request to seat the sector's people on the local Party committee (cơ cấu vào cấp ủy)."""

    on: dt.date | None = Field(None, **bi("Ngày đề nghị", "On", "Ngày gửi đề nghị.", "The day of the request."))
    note: Text | None = Field(None, **bi("Ghi chú", "Note", "Nội dung đề nghị.", "What was requested."))


class Appointment(InputModel):
    """An appointment proposed in the same dossier (đề xuất bổ nhiệm)."""

    title: Id = Field(**bi("Chức danh", "Title", "Mã chức danh đề xuất bổ nhiệm.", "Id of the title to appoint to."))
    cadre: Id = Field(**bi("Cán bộ", "Cadre", "Mã cán bộ đề xuất bổ nhiệm.", "Id of the cadre proposed."))
    first_time: Flag | None = Field(
        None,
        **bi(
            "Bổ nhiệm lần đầu",
            "First appointment",
            "Bổ nhiệm lần đầu vào chức vụ lãnh đạo, không phải bổ nhiệm lại.",
            "A first appointment to a leadership post (bổ nhiệm lần đầu), not a re-appointment.",
        ),
    )


class Dossier(InputModel):
    """What the dossier is (brief decision 12): a planning proposal, an appointment, or both, and its stage."""

    kinds: list[Literal["planning", "appointment"]] | None = Field(
        None,
        min_length=1,
        **bi(
            "Loại hồ sơ",
            "Kinds",
            "planning (đề án quy hoạch), appointment (bổ nhiệm), hoặc cả hai. Bỏ trống: planning, cộng thêm "
            "appointment khi hồ sơ có đề xuất bổ nhiệm (appointments).",
            "planning (a planning proposal), appointment, or both. Left out: planning, and appointment too when "
            "the dossier proposes appointments (appointments).",
        ),
    )
    stage: Literal["draft", "approved"] = Field(
        "draft",
        **bi(
            "Giai đoạn",
            "Stage",
            "draft: dự thảo trước khi cấp có thẩm quyền duyệt (mặc định); approved: đã được duyệt.",
            "draft: before approval by the competent authority (the default); approved: approved.",
        ),
    )


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


# --- references between parts ---------------------------------------------------------------

PathKey = tuple[str | int, ...]


def reference_problems(p: Proposal) -> list[tuple[PathKey, str, str]]:
    """Dangling or contradictory ids, each with the path of the offending value and the words
    (Vietnamese, English); a dangling id names the closest id that exists."""
    from hiepy_rules.schema.pydantic_words import did_you_mean

    out: list[tuple[PathKey, str, str]] = []
    titles: dict[str, int] = {}
    for i, t in enumerate(p.titles):
        if t.id in titles:
            first = f"titles[{titles[t.id]}]"
            out.append(
                (
                    ("titles", i, "id"),
                    f"mã chức danh {t.id!r} bị lặp (lần đầu ở {first})",
                    f"duplicate title id {t.id!r} (first is {first})",
                )
            )
        titles.setdefault(t.id, i)
    cadres: dict[str, int] = {}
    for i, c in enumerate(p.cadres):
        if c.id in cadres:
            first = f"cadres[{cadres[c.id]}]"
            out.append(
                (
                    ("cadres", i, "id"),
                    f"mã cán bộ {c.id!r} bị lặp (lần đầu ở {first})",
                    f"duplicate cadre id {c.id!r} (first is {first})",
                )
            )
        cadres.setdefault(c.id, i)

    def dangling(path: PathKey, value: str, known: dict[str, int], what_vi: str, what_en: str, under: str) -> None:
        guess = did_you_mean(value, known)
        hint_vi = f"; có phải ý bạn là {guess!r}?" if guess else ""
        hint_en = f"; did you mean {guess!r}?" if guess else ""
        out.append(
            (
                path,
                f"không có {what_vi} mã {value!r} trong '{under}'{hint_vi}",
                f"unknown {what_en} {value!r}: no entry with this id under '{under}'{hint_en}",
            )
        )

    def cadre_ref(path: PathKey, cid: str | None) -> None:
        if cid is not None and cid not in cadres:
            dangling(path, cid, cadres, "cán bộ", "cadre", "cadres")

    def title_ref(path: PathKey, tid: str) -> None:
        if tid not in titles:
            dangling(path, tid, titles, "chức danh", "title", "titles")

    held: dict[str, str] = {}
    for i, t in enumerate(p.titles):
        for field in ("holders", "candidates"):
            seen: set[str] = set()
            for j, cid in enumerate(getattr(t, field)):
                cadre_ref(("titles", i, field, j), cid)
                if cid in seen:
                    out.append(
                        (
                            ("titles", i, field, j),
                            f"cán bộ {cid!r} có tên hai lần trong {field}",
                            f"cadre {cid!r} is listed twice in {field}",
                        )
                    )
                seen.add(cid)
        for j, cid in enumerate(t.holders):
            if cid in held and held[cid] != t.id:
                out.append(
                    (
                        ("titles", i, "holders", j),
                        f"cán bộ {cid!r} đã giữ chức danh {held[cid]!r}",
                        f"cadre {cid!r} already holds title {held[cid]!r}",
                    )
                )
            held.setdefault(cid, t.id)
        if len(t.holders) > t.seats:
            out.append(
                (
                    ("titles", i, "holders"),
                    f"{len(t.holders)} người giữ chức danh cho {t.seats} vị trí (seats)",
                    f"{len(t.holders)} holders for {t.seats} seat(s)",
                )
            )
    for i, c in enumerate(p.cadres):
        if c.current_level is not None and c.id in held:
            out.append(
                (
                    ("cadres", i, "current_level"),
                    f"cán bộ {c.id!r} giữ chức danh {held[c.id]!r}: current_level chỉ dành cho chức vụ ngoài đơn vị",
                    f"cadre {c.id!r} holds title {held[c.id]!r}: current_level is only for a post outside the unit",
                )
            )
    for i, c in enumerate(p.cadres):
        for j, tid in enumerate(c.planned_for or ()):
            title_ref(("cadres", i, "planned_for", j), tid)
    steps: set[tuple[str, str, int]] = set()
    for i, v in enumerate(p.votes):
        cadre_ref(("votes", i, "cadre"), v.cadre)
        title_ref(("votes", i, "title"), v.title)
        if (v.cadre, v.title, v.step) in steps:
            out.append(
                (
                    ("votes", i, "step"),
                    f"kết quả thứ hai cho {v.cadre!r} ở bước {v.step} của {v.title!r}",
                    f"a second result for {v.cadre!r} at step {v.step} for {v.title!r}",
                )
            )
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
