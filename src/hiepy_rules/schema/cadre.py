"""A cadre (cán bộ) as the proposal describes them: dates, standing, discipline, latest confidence vote."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from hiepy_rules.schema.base import InputModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.proposal_types import Count, DisciplineForm, Flag, Id, PoliticalHistory, Sex, Source, Text
from hiepy_rules.schema.pydantic_words import bilingual


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
