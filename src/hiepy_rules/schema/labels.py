"""Words for facts, values and operators, in Vietnamese and English (the glossary, research §3)."""

from __future__ import annotations

from typing import Any

VI_EN = tuple[str, str]


FIELDS: dict[str, VI_EN] = {
    "kind": ("loại đơn vị", "kind of unit"),
    "sector": ("ngành", "sector"),
    "ministry": ("bộ, ngành chủ quản", "ministry"),
    "province": ("tỉnh", "province"),
    "works_locally": ("công tác tại địa phương", "works in the province"),
    "party_membership_local": ("sinh hoạt đảng tại địa phương", "holds Party membership in the province"),
    "current_deputies": ("số cấp phó hiện tại", "current number of deputies"),
    "deputies_planned": ("số cán bộ quy hoạch cấp phó", "cadres planned for deputy titles"),
    "external_candidates": ("số cán bộ nguồn từ nơi khác", "external candidates"),
    "candidates_planned": ("số cán bộ được quy hoạch", "cadres planned"),
    "nomination_by": ("người lập danh sách giới thiệu", "who drew up the nomination list"),
    "planning_result_notified": (
        "đã thông báo kết quả quy hoạch cho cấp ủy địa phương",
        "planning result notified to the province",
    ),
    "evaluation_notified": (
        "đã thông báo kết quả nhận xét, đánh giá hằng năm cho cấp ủy địa phương",
        "annual evaluation notified to the province",
    ),
    "evaluation_local_opinion_requested": (
        "đã lấy ý kiến cấp ủy địa phương khi nhận xét, đánh giá hằng năm",
        "the province's opinion sought for the annual evaluation",
    ),
    "committee_seat_requested": (
        "có đề nghị cơ cấu nhân sự ngành vào cấp ủy",
        "a request to seat the sector's people on the local committee",
    ),
    "appointment_in_same_dossier": ("đề xuất bổ nhiệm trong cùng hồ sơ", "appointment proposed in the same dossier"),
    "date": ("ngày của đề án", "the proposal's date"),
    "title": ("chức danh", "title"),
    "role": ("cấp trưởng/cấp phó", "head or deputy"),
    "level": ("bậc", "level"),
    "key": ("chức danh chủ chốt", "key title"),
    "on_provincial_list": ("thuộc diện Ban Thường vụ Tỉnh ủy quản lý", "on the Provincial Standing Committee's list"),
    "seats": ("số vị trí", "seats"),
    "in_dossier": ("được quy hoạch trong đề án này", "planned in this dossier"),
    "planned_same_or_higher": (
        "được quy hoạch vào chức danh đang giữ hoặc chức danh cao hơn",
        "planned for the title held or a higher one",
    ),
    "candidate_count": ("số cán bộ quy hoạch", "cadres planned"),
    "external_candidate_count": ("số cán bộ nguồn từ nơi khác", "external cadres planned"),
    "holder_count": ("số người đang giữ chức danh", "current holders"),
    "cadre": ("cán bộ", "cadre"),
    "source": ("nguồn", "source"),
    "levels_below": ("số bậc thấp hơn chức danh quy hoạch", "levels below the planned title"),
    "incumbent": ("đương chức", "incumbent"),
    "planned_one_level_below": (
        "đã được quy hoạch chức danh thấp hơn một bậc",
        "already planned for the title one level below",
    ),
    "eligible": ("đủ tiêu chuẩn, điều kiện", "meets the standards"),
    "can_serve_full_term": ("đủ tuổi công tác trọn một nhiệm kỳ", "can serve a full term"),
    "step": ("bước", "step"),
    "body": ("hội nghị", "body"),
    "yes": ("số phiếu đồng ý", "yes votes"),
    "convened": ("số người được triệu tập", "members convened"),
    "present": ("số người có mặt", "members present"),
    "valid": ("số phiếu hợp lệ", "valid ballots"),
    "proceeded": ("được đưa sang bước tiếp theo", "went on to the next step"),
    "matter": ("nội dung công tác cán bộ", "personnel matter"),
    "requested": ("đã đề nghị hiệp y", "consultation requested"),
    "reply_days": ("số ngày để trả lời", "days allowed for the reply"),
    "replied": ("đã trả lời", "replied"),
    "answer": ("ý kiến trả lời", "answer"),
    "political_history_involved": ("có liên quan lịch sử chính trị", "political history involved"),
    "disciplined": ("đang chịu kỷ luật từ khiển trách trở lên", "under a discipline of reprimand or heavier"),
    "political_standard_ok": ("đạt tiêu chuẩn chính trị", "meets the political standard"),
    "first_time": ("bổ nhiệm lần đầu", "first appointment"),
    "for_election": ("giới thiệu ứng cử", "nomination for election"),
    "months_beyond_term": (
        "số tháng còn công tác sau khi hết nhiệm kỳ",
        "months of service left after the term ends",
    ),
    "high": ("số phiếu tín nhiệm cao", "high-confidence ballots"),
    "medium": ("số phiếu tín nhiệm", "confidence ballots"),
    "low": ("số phiếu tín nhiệm thấp", "low-confidence ballots"),
    "planned": ("được quy hoạch trong đề án này", "planned in this dossier"),
    "planned_higher": ("được quy hoạch chức danh cao hơn", "planned for a higher title"),
    "titles_planned": ("số chức danh cùng bậc được quy hoạch", "titles planned at this level"),
    "by": ("người báo cáo", "reported by"),
    "to": ("nơi nhận", "reported to"),
    "via": ("qua", "through"),
    "planned_same_or_higher_title": (
        "đã được quy hoạch chức danh bổ nhiệm hoặc chức danh tương đương trở lên",
        "already planned for the title or an equivalent or higher one",
    ),
    "months_to_retirement": ("số tháng còn lại đến tuổi nghỉ hưu", "months to retirement"),
    "months_in_post": ("số tháng giữ chức vụ hiện tại", "months in the current post"),
    "reprimanded": ("có kỷ luật khiển trách", "reprimanded"),
    "months_since_reprimand": ("số tháng kể từ khi bị khiển trách", "months since the reprimand"),
    "warned": ("có kỷ luật cảnh cáo", "warned"),
    "months_since_warning": ("số tháng kể từ khi bị cảnh cáo", "months since the warning"),
    "removed_from_post": ("có kỷ luật cách chức", "removed from post"),
    "months_since_removal": ("số tháng kể từ khi bị cách chức", "months since the removal from post"),
    "candidates_women_percent": ("tỷ lệ cán bộ nữ trong quy hoạch (%)", "women among the planned cadres (%)"),
    "candidates_under_40_percent": (
        "tỷ lệ cán bộ dưới 40 tuổi trong quy hoạch (%)",
        "cadres under 40 among the planned cadres (%)",
    ),
}


VALUES: dict[str, VI_EN] = {
    "central_line_unit": ("cơ quan ngành dọc Trung ương tại địa phương", "central line unit in the province"),
    "provincial_department": ("sở, ngành cấp tỉnh", "provincial department"),
    "state_enterprise": ("doanh nghiệp nhà nước", "state enterprise"),
    "head": ("cấp trưởng", "head"),
    "deputy": ("cấp phó", "deputy"),
    "in_house": ("nguồn tại chỗ", "in-house"),
    "external": ("nguồn từ nơi khác", "external"),
    "all_eligible_staff": (
        "toàn bộ công chức, viên chức đủ điều kiện",
        "all eligible civil servants and public employees",
    ),
    "competent_authority": ("cấp có thẩm quyền", "the competent authority"),
    "planning": ("quy hoạch", "planning"),
    "transfer": ("điều động", "transfer"),
    "appointment": ("bổ nhiệm", "appointment"),
    "dismissal": ("miễn nhiệm", "dismissal"),
    "reward": ("khen thưởng", "reward"),
    "discipline": ("kỷ luật", "discipline"),
    "policy_treatment": ("thực hiện chính sách", "policy treatment"),
    "unit_leadership": ("lãnh đạo đơn vị", "the unit's leaders"),
    "provincial_standing_committee": ("Ban Thường vụ Tỉnh ủy", "the Provincial Standing Committee"),
    "provincial_organization_board": ("Ban Tổ chức Tỉnh ủy", "the Provincial Organization Board"),
    "ministry_party_committee": ("Ban cán sự Đảng bộ, ngành", "the ministry's Party affairs committee"),
    "key_cadre_conference": ("hội nghị cán bộ chủ chốt", "key-cadre conference"),
    "same_level_committee_meeting": ("hội nghị cấp ủy cùng cấp", "same-level Party committee meeting"),
    "leadership_collective": ("tập thể lãnh đạo", "leadership collective"),
    "agree": ("đồng ý", "agree"),
    "disagree": ("không đồng ý", "disagree"),
    "pending": ("chưa trả lời", "pending"),
    "direct": ("trực tiếp", "directly"),
    "other": ("khác", "other"),
    "standing_committee": ("ban thường vụ", "standing committee"),
    "all_staff_conference": ("hội nghị toàn thể", "all-staff conference"),
    "male": ("nam", "male"),
    "female": ("nữ", "female"),
    "reprimand": ("khiển trách", "reprimand"),
    "warning": ("cảnh cáo", "warning"),
    "removal_from_post": ("cách chức", "removal from post"),
}


OPS: dict[str, VI_EN] = {
    "eq": ("bằng", "equal to"),
    "ne": ("khác", "other than"),
    "in": ("thuộc", "one of"),
    "not_in": ("không thuộc", "none of"),
    "lt": ("nhỏ hơn", "less than"),
    "le": ("không quá", "at most"),
    "gt": ("lớn hơn", "more than"),
    "ge": ("ít nhất", "at least"),
}


SYMBOLS = {"eq": "=", "ne": "≠", "in": "∈", "not_in": "∉", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


KINDS: dict[str, VI_EN] = {
    "violation": ("vi phạm", "violation"),
    "conflict": ("xung đột", "conflict"),
    "overridden": ("không áp dụng vì quy định khác được ưu tiên", "overridden"),
    "notice": ("lưu ý", "notice"),
    "indeterminate": ("chưa xác định", "indeterminate"),
}


# How a clash was settled (precedence.Rule), for people.
RULES: dict[str, VI_EN] = {
    "explicit_override": ("quy định ghi rõ được ưu tiên", "explicit override"),
    "lex_superior": ("cơ quan ban hành cao hơn", "higher issuing authority"),
    "lex_specialis": ("quy định cụ thể hơn", "more specific provision"),
    "lex_posterior": ("quy định ban hành sau", "later provision"),
    "unresolved": ("chưa phân định được", "unresolved"),
}


SEVERITIES: dict[str, VI_EN] = {
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "info": ("thông tin", "info"),
}


def field(name: str, lang: str) -> str:
    bare = name.removeprefix("unit.")
    vi, en = FIELDS.get(bare, (bare, bare.replace("_", " ")))
    return vi if lang == "vi" else en


def value(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return ("có" if v else "không") if lang == "vi" else ("yes" if v else "no")
    if isinstance(v, (list, tuple)):
        return ", ".join(value(x, lang) for x in v)
    if isinstance(v, str) and v in VALUES:
        vi, en = VALUES[v]
        return vi if lang == "vi" else en
    return str(v)


def pick(pair: VI_EN, lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]
