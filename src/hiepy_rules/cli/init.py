"""``hiepy init [PATH]``: a starter proposal an analyst fills in, valid from the first save.

The file carries the schema line (the editor completes and checks it as one types), comments in
Vietnamese on what each section means, the unit's title ladder for the chosen kind of unit, and
one cadre planned for one title as the example to copy. It passes ``hiepy lint``. An existing file
is never overwritten: the command says so in one line and exits 2.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from hiepy_rules.schema.proposal_types import UnitKind

UNIT_KINDS: tuple[UnitKind, ...] = ("central_line_unit", "provincial_department", "state_enterprise", "other")


@dataclass(frozen=True)
class Rung:
    id: str
    name: str
    role: str
    level: int
    key: bool
    lists: tuple[str, ...]
    seats: int | None = None


@dataclass(frozen=True)
class Ladder:
    unit_name: str
    comment: str
    rungs: tuple[Rung, ...]
    unit_lines: tuple[str, ...]


_LOCAL_LISTS = ("unit_leadership",)


LADDERS: dict[str, Ladder] = {
    "central_line_unit": Ladder(
        "Cục Thuế tỉnh ...",
        "cơ quan ngành dọc của bộ, ngành Trung ương đóng tại tỉnh",
        (
            Rung(
                "cuc-truong",
                "Cục trưởng",
                "head",
                1,
                True,
                ("ministry_party_committee", "provincial_standing_committee"),
            ),
            Rung(
                "pho-cuc-truong",
                "Phó Cục trưởng",
                "deputy",
                2,
                True,
                ("ministry_party_committee", "provincial_standing_committee"),
                3,
            ),
            Rung("truong-phong", "Trưởng phòng ...", "other", 3, False, _LOCAL_LISTS),
            Rung("pho-truong-phong", "Phó Trưởng phòng ...", "other", 4, False, _LOCAL_LISTS),
        ),
        (
            "  sector: tax_dept                 # ngành, ví dụ tax_dept, customs_dept, state_treasury",
            "  ministry: Bộ Tài chính",
            "  province: ...",
            "  works_locally: true              # đang công tác tại địa phương",
            "  party_membership_local: true     # đảng viên sinh hoạt đảng tại địa phương",
        ),
    ),
    "provincial_department": Ladder(
        "Sở ... tỉnh ...",
        "sở, ngành cấp tỉnh",
        (
            Rung("giam-doc", "Giám đốc Sở", "head", 1, True, ("provincial_standing_committee",)),
            Rung("pho-giam-doc", "Phó Giám đốc Sở", "deputy", 2, True, ("provincial_standing_committee",), 3),
            Rung("truong-phong", "Trưởng phòng ...", "other", 3, False, _LOCAL_LISTS),
            Rung("pho-truong-phong", "Phó Trưởng phòng ...", "other", 4, False, _LOCAL_LISTS),
        ),
        ("  province: ...",),
    ),
    "state_enterprise": Ladder(
        "Công ty ...",
        "doanh nghiệp nhà nước",
        (
            Rung("tong-giam-doc", "Tổng Giám đốc", "head", 1, True, ("unit_party_committee",)),
            Rung("pho-tong-giam-doc", "Phó Tổng Giám đốc", "deputy", 2, True, ("unit_party_committee",), 3),
            Rung("truong-phong", "Trưởng phòng ...", "other", 3, False, _LOCAL_LISTS),
        ),
        ("  province: ...",),
    ),
    "other": Ladder(
        "...",
        "loại đơn vị khác",
        (
            Rung("thu-truong", "Thủ trưởng đơn vị", "head", 1, True, ("unit_party_committee",)),
            Rung("cap-pho", "Cấp phó của thủ trưởng đơn vị", "deputy", 2, True, ("unit_party_committee",), 2),
            Rung("truong-phong", "Trưởng phòng ...", "other", 3, False, _LOCAL_LISTS),
        ),
        ("  province: ...",),
    ),
}


def schema_ref(target: Path) -> str:
    """The proposal schema, relative to the new file when it can be (else as a file URL)."""
    # the proposal model (pydantic) only to locate its schema
    from hiepy_rules.tools.schema_export import schema_dir

    schema = (schema_dir() / "proposal.schema.json").resolve()
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def _id_of(path: Path) -> str:
    stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in path.stem.lower())
    stem = "-".join(part for part in stem.split("-") if part)
    return stem or "de-an-quy-hoach"


def starter(target: Path, unit_kind: str = "central_line_unit", today: dt.date | None = None) -> str:
    """The text of the starter proposal for ``target``."""
    ladder = LADDERS[unit_kind]
    day = today or dt.date.today()
    head, deputy = ladder.rungs[0], ladder.rungs[1]
    lines = [
        f"# yaml-language-server: $schema={schema_ref(target)}",
        "# Đề án quy hoạch cán bộ lãnh đạo, quản lý (bản khởi tạo do `hiepy init` tạo).",
        "#",
        "# Điền thông tin thật của đơn vị vào các chỗ có dấu `...`, rồi kiểm tra:",
        "#   hiepy lint ĐỀ-ÁN.yaml      (đúng cấu trúc)",
        "#   hiepy check ĐỀ-ÁN.yaml     (đúng quy định)",
        "# Mỗi trường có giải thích bằng tiếng Việt trong trình soạn thảo (dòng $schema ở trên).",
        "format: hiepy/proposal/1",
        f"id: {_id_of(target)}                # mã ổn định của đề án (chữ thường, số, dấu gạch ngang)",
        f"date: {day.isoformat()}              # ngày của đề án: quyết định quy định nào có hiệu lực",
        f'period: "{day.year + 1}-{day.year + 5}"            # giai đoạn quy hoạch',
        "",
        "unit:",
        f"  name: {ladder.unit_name}",
        f"  kind: {unit_kind}      # {ladder.comment}",
        *ladder.unit_lines,
        "",
        "# Thang chức danh của đơn vị: bậc 1 là người đứng đầu, số bậc càng lớn chức danh càng thấp.",
        "# role: head (cấp trưởng), deputy (cấp phó), other (chức danh khác); key: chức danh chủ chốt;",
        "# holders: người đang giữ chức danh; candidates: người được quy hoạch vào chức danh;",
        "# lists: cấp quản lý chức danh.",
        "titles:",
    ]
    for r in ladder.rungs:
        lines += [
            f"  - id: {r.id}",
            f"    name: {r.name}",
            f"    role: {r.role}",
            f"    level: {r.level}",
            f"    key: {'true' if r.key else 'false'}",
        ]
        if r.seats is not None:
            lines.append(f"    seats: {r.seats}                       # số vị trí theo cơ cấu")
        if r is head:
            lines.append("    holders: [can-bo-a]")
        lines.append(f"    lists: [{', '.join(r.lists)}]")
        if r is head:
            lines.append("    # Ví dụ: cán bộ B được quy hoạch vào chức danh này; thêm người theo cùng cách.")
            lines.append("    candidates: [can-bo-b]")
        lines.append("")
    lines += [
        "# Cán bộ được nêu trong đề án (họ tên dưới đây là ví dụ, thay bằng người thật).",
        "cadres:",
        "  - id: can-bo-a",
        "    name: Nguyễn Văn A",
        f"    current_post: {head.name}         # đang giữ chức danh bậc 1",
        "    eligible: false                   # còn đủ tiêu chuẩn, điều kiện để quy hoạch hay không",
        "  - id: can-bo-b",
        "    name: Trần Thị B",
        "    source: in_house                  # in_house: nguồn tại chỗ; external: từ nơi khác",
        f"    current_post: {deputy.name}",
        "    eligible: true",
        "    can_serve_full_term: true         # đủ tuổi công tác trọn một nhiệm kỳ",
        "",
        "# Các phần khác khi có: nomination (ai lập danh sách giới thiệu), votes (kết quả bỏ phiếu từng",
        "# bước), consultations (văn bản đề nghị hiệp y), reports, notifications, evaluation, appointments.",
    ]
    return "\n".join(lines) + "\n"


def write_starter(target: Path, unit_kind: str = "central_line_unit") -> None:
    """Create ``target`` (never over an existing file: ``FileExistsError``)."""
    text = starter(target, unit_kind)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": fails when it exists
        out.write(text)


def run_init(target: Path, unit_kind: str = "central_line_unit") -> int:
    """Exit status: 0 written; 2 the file exists or cannot be written (one line on stderr)."""
    try:
        write_starter(target, unit_kind)
    except FileExistsError:
        print(f"hiepy: {target} đã có, không ghi đè / already exists, not overwritten", file=sys.stderr)
        return 2
    except OSError as exc:
        reason = " ".join((exc.strerror or str(exc)).splitlines())
        print(f"hiepy: không ghi được {target} / cannot write {target}: {reason}", file=sys.stderr)
        return 2
    print(f"hiepy: đã tạo {target} / created {target}")
    return 0
