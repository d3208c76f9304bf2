"""The steps of the planning procedure a proposal records: nomination, votes, consultations, reports,
notifications, evaluation, appointments in the same dossier, and the dossier's own kind and stage."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from hiepy_rules.schema.base import InputModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.proposal_types import (
    Answer,
    Body,
    Channel,
    Count,
    Flag,
    Id,
    Matter,
    NominationBy,
    NotificationAbout,
    Reporter,
    ReportRecipient,
    Text,
)
from hiepy_rules.schema.pydantic_words import bilingual


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
        # yes ≤ valid ≤ present ≤ convened, over the counts given. pydantic runs this again on every vote
        # a fix's re-check hands back as a model (``findings.revalidate``), so it builds nothing
        n1, v1 = "yes", self.yes
        for n2, v2 in (("valid", self.valid), ("present", self.present), ("convened", self.convened)):
            if v2 is None:
                continue
            if v1 > v2:
                raise bilingual(f"{n1} ({v1}) không được lớn hơn {n2} ({v2})", f"{n1} ({v1}) cannot exceed {n2} ({v2})")
            n1, v1 = n2, v2
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
    for_election: Flag = Field(
        False,
        **bi(
            "Giới thiệu ứng cử",
            "Nomination for election",
            "true: giới thiệu cán bộ ứng cử vào chức danh (được bầu), không phải bổ nhiệm; cùng điều kiện.",
            "true: the cadre is nominated for election to the title (giới thiệu ứng cử), not appointed; "
            "the same conditions apply.",
        ),
    )
    term_ends: dt.date | None = Field(
        None,
        **bi(
            "Hết nhiệm kỳ",
            "Term ends",
            "Ngày hết nhiệm kỳ hoặc thời hạn bổ nhiệm của chức danh; cán bộ phải công tác đến ngày này. "
            "Bỏ trống: tính một nhiệm kỳ 5 năm (60 tháng) từ ngày đề án.",
            "The day the title's term or appointment ends; the cadre must be able to serve until it. Left out: "
            "a 5-year term (60 months) from the proposal's date.",
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
