#!/usr/bin/env python3
"""Synthetic planning proposals (đề án quy hoạch cán bộ) of a given size, realistic and valid.

    .venv/bin/python bench/gen.py --titles 200 --cadres 1000 -o /tmp/large.yaml
    .venv/bin/python bench/gen.py --count 10000 --out-dir /tmp/batch      # typical proposals, seeds 0..9999

A proposal is a unit's ladder as the bundled dossier has it: a head (Cục trưởng, level 1), deputy
heads (level 2), then departments and district branches, each with a head (level 3) and deputies
(level 4). Seats are mostly filled; candidates come from one rung below (levels_below 1), from
the staff (current_level 5) for the lowest rung, and sometimes from outside the unit. Each
candidacy has two votes (the key-cadre conference, then the Party committee meeting), mostly
above half of those convened; consultations (hiệp y) cover the titles on the province's list.
Names are Vietnamese, ids are their ASCII slugs. Every reference resolves, every count is
consistent (yes ≤ valid ≤ present ≤ convened), so each file passes ``hiepy lint``; whatever the
packs find in it is what a real dossier of that shape would meet.

The same arguments give the same bytes (``random.Random(seed)``); nothing here imports hiepy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Đinh", "Lâm",
]  # fmt: skip
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Đình", "Xuân", "Công", "Thanh", "Ngọc"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thanh", "Thị Kim", "Thị Thanh", "Thu"]
GIVEN_M = [
    "Hùng", "Dũng", "Tuấn", "Sơn", "Bình", "Thắng", "Hải", "Khánh", "Lợi", "Phúc",
    "Vinh", "Lộc", "Tâm", "Thịnh", "Huy", "Chiến", "Quang", "Long", "Nam", "Trung",
]  # fmt: skip
GIVEN_F = [
    "Lan", "Hoa", "Hằng", "Nguyệt", "Ngọc Ánh", "Thúy", "Hà", "Oanh", "Tuyết", "Mai",
    "Hương", "Linh", "Trang", "Yến", "Nhung", "Vân", "Phương", "Thảo",
]  # fmt: skip
DEPARTMENTS = [
    ("tthT", "Tuyên truyền - Hỗ trợ người nộp thuế"),
    ("kk-ktt", "Kê khai và Kế toán thuế"),
    ("thanh-tra", "Thanh tra"),
    ("kiem-tra", "Kiểm tra thuế"),
    ("tccb", "Tổ chức cán bộ"),
    ("qln", "Quản lý nợ và Cưỡng chế nợ thuế"),
    ("ns-dt", "Nghiệp vụ - Dự toán - Pháp chế"),
    ("tin-hoc", "Tin học"),
    ("hc-qt", "Hành chính - Quản trị - Tài vụ - Ấn chỉ"),
    ("tncn", "Quản lý thuế thu nhập cá nhân"),
    ("dn-lon", "Quản lý doanh nghiệp lớn"),
    ("tbkt", "Thanh tra - Kiểm tra số 2"),
]
DISTRICTS = [
    "Đông Hà", "Quảng Trị", "Vĩnh Linh", "Gio Linh", "Cam Lộ", "Triệu Phong", "Hải Lăng",
    "Hướng Hóa", "Đakrông", "Cồn Cỏ", "Đồng Hới", "Bố Trạch", "Quảng Ninh", "Lệ Thủy",
]  # fmt: skip
PROVINCES = ["Quảng Trị", "Quảng Bình", "Thừa Thiên Huế", "Nghệ An", "Hà Tĩnh", "Quảng Nam"]
UNITS = [  # (kind, sector, ministry, unit name stem, head title, deputy title)
    ("central_line_unit", "tax_dept", "Bộ Tài chính", "Cục Thuế tỉnh", "Cục trưởng", "Phó Cục trưởng"),
    ("central_line_unit", "customs_dept", "Bộ Tài chính", "Cục Hải quan tỉnh", "Cục trưởng", "Phó Cục trưởng"),
    ("central_line_unit", "state_treasury", "Bộ Tài chính", "Kho bạc Nhà nước tỉnh", "Giám đốc", "Phó Giám đốc"),
    ("provincial_department", "finance", "Bộ Tài chính", "Sở Tài chính tỉnh", "Giám đốc", "Phó Giám đốc"),
]


def slug(text: str) -> str:
    """ASCII id of a Vietnamese name: 'Nguyễn Thị Ánh' → 'nguyen-thi-anh'."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain.lower()).split())


@dataclass
class Cadre:
    id: str
    name: str
    birth_year: int
    eligible: bool
    source: str = "in_house"
    current_post: str | None = None
    current_level: int | None = None
    planned_for: list[str] = field(default_factory=list)
    political_history: str | None = None
    confidence: tuple[int, int, int, int, int] | None = None  # convened, present, high, medium, low


@dataclass
class Title:
    id: str
    name: str
    role: str
    level: int
    key: bool
    seats: int
    lists: list[str]
    holders: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    planned: bool | None = None


class People:
    """Distinct Vietnamese names and ids, drawn in order from one random stream."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.used: set[str] = set()

    def new(self, year_from: int, year_to: int, **kw: object) -> Cadre:
        r = self.rnd
        female = r.random() < 0.4
        name = " ".join(
            (r.choice(FAMILY), r.choice(MIDDLE_F if female else MIDDLE_M), r.choice(GIVEN_F if female else GIVEN_M))
        )
        base = slug(name)
        cid, n = base, 1
        while cid in self.used:
            n += 1
            cid = f"{base}-{n}"
        self.used.add(cid)
        year = r.randint(year_from, year_to)
        return Cadre(cid, name, year, **kw)  # type: ignore[arg-type]


def _ladder(n_titles: int, head: str, deputy: str, rnd: random.Random) -> list[Title]:
    """The unit's titles: head, deputy heads, then (head, deputy) pairs of departments and branches."""
    titles = [
        Title("truong", head, "head", 1, True, 1, ["ministry_party_committee", "provincial_standing_committee"]),
    ]
    if n_titles > 1:
        titles.append(
            Title("pho", deputy, "deputy", 2, True, 3, ["ministry_party_committee", "provincial_standing_committee"])
        )
    k = 0
    while len(titles) < n_titles:
        if k < len(DEPARTMENTS):
            code, words = DEPARTMENTS[k]
            tid, name, dname = f"tp-{code}", f"Trưởng phòng {words}", f"Phó Trưởng phòng {words}"
        else:
            i = k - len(DEPARTMENTS)
            place = DISTRICTS[i % len(DISTRICTS)]
            suffix = f" {i // len(DISTRICTS) + 1}" if i >= len(DISTRICTS) else ""
            code = slug(place) + (f"-{i // len(DISTRICTS) + 1}" if suffix else "")
            tid, name = f"cct-{code}", f"Chi cục trưởng Chi cục Thuế khu vực {place}{suffix}"
            dname = f"Phó Chi cục trưởng Chi cục Thuế khu vực {place}{suffix}"
        titles.append(Title(tid, name, "other", 3, False, 1, ["unit_leadership"]))
        if len(titles) < n_titles:
            pid = "p" + tid
            titles.append(Title(pid, dname, "other", 4, False, 2 + rnd.randrange(2), ["unit_leadership"]))
        k += 1
    return titles


def proposal(
    n_titles: int = 15, n_cadres: int = 35, *, seed: int = 0, date: dt.date = dt.date(2012, 9, 1), pid: str = ""
) -> str:
    """One proposal as YAML text: ``n_titles`` titles and exactly ``n_cadres`` cadres (at least the holders)."""
    rnd = random.Random(f"{seed}:{n_titles}:{n_cadres}:{date.isoformat()}")
    kind, sector, ministry, stem, head, deputy = UNITS[seed % len(UNITS)]
    province = PROVINCES[seed % len(PROVINCES)]
    titles = _ladder(max(1, n_titles), head, deputy, rnd)
    people = People(rnd)
    cadres: list[Cadre] = []
    by_level: dict[int, list[Cadre]] = {}

    # holders: most seats filled; enough of the cadre budget is kept for candidates from the staff
    budget_holders = max(1, int(n_cadres * 0.7))
    seats = sum(t.seats for t in titles)
    fill = min(0.95, budget_holders / max(1, seats))
    for t in titles:
        n = t.seats if t.level <= 2 and t.seats == 1 else sum(rnd.random() < fill for _ in range(t.seats))
        if t.level == 2:
            n = max(1, min(t.seats, n))
        for _ in range(n):
            if len(cadres) >= n_cadres:
                break
            c = people.new(1955 + 3 * t.level, 1968 + 3 * t.level, eligible=rnd.random() < 0.9)
            if c.birth_year < 1958:  # retires before the planning period ends
                c.eligible = False
            cadres.append(c)
            t.holders.append(c.id)
            by_level.setdefault(t.level, []).append(c)

    # candidates: from one rung below, from the staff (current_level 5), sometimes from outside
    planned = [t for t in titles if t.level <= 2 or rnd.random() < 0.85]
    runs: dict[str, int] = {}  # titles each cadre is a candidate for (a cadre may be planned for two or three)
    for t in planned:
        below = [c for c in by_level.get(t.level + 1, []) if c.eligible and runs.get(c.id, 0) < 2]
        rnd.shuffle(below)
        want = 3 if t.key else 2 + (rnd.random() < 0.3)
        for c in below[: want - 1 if t.level == 1 else want]:
            t.candidates.append(c.id)
            runs[c.id] = runs.get(c.id, 0) + 1
            if t.level < 4 and rnd.random() < 0.2:
                c.planned_for.append(t.id)  # already planned for it in the previous period
    staff_left = n_cadres - len(cadres)
    low = [t for t in planned if t.level == 4] or planned
    top = [t for t in planned if t.level <= 2]
    i = 0
    while staff_left > 0:
        outside = [t for t in top if len(t.candidates) < 4]
        if outside and (rnd.random() < 0.1 or len(low) == len(planned) == len(top)):
            t = rnd.choice(outside)
            c = people.new(1962, 1975, eligible=True, source="external")
            c.current_post = f"{'Phó ' + head if t.level == 1 else 'Trưởng phòng'} {stem} {rnd.choice(PROVINCES)}"
            c.current_level = t.level + 1
            c.political_history = "clear"
        else:
            t = low[i % len(low)]
            i += 1
            c = people.new(1975, 1990, eligible=rnd.random() < 0.95, current_level=5)
        cadres.append(c)
        t.candidates.append(c.id)
        staff_left -= 1
    for t in titles:
        if t.level == 3 and not t.candidates and t not in planned:
            t.planned = False  # planned in a separate dossier, as the bundled one does for its branches
    # a few have their political history checked; some staff have a recorded confidence vote (96-QĐ/TW)
    for c in cadres:
        if c.political_history is None and rnd.random() < 0.3:
            c.political_history = "under_review" if rnd.random() < 0.05 else "clear"
        if c.source == "in_house" and c.current_level is None and rnd.random() < 0.1:
            convened = rnd.randint(25, 60)
            present = convened - rnd.randint(0, 4)
            high = rnd.randint(present // 2, present - 2)
            medium = rnd.randint(0, present - high - 1)
            low_votes = rnd.randint(0, present - high - medium)
            c.confidence = (convened, present, high, medium, low_votes)

    year = date.year
    lines: list[str] = [
        f"# Đề án quy hoạch cán bộ lãnh đạo {stem} {province} (tổng hợp cho đo hiệu năng, seed {seed}).",
        f"# {len(titles)} chức danh, {len(cadres)} cán bộ; họ tên là hư cấu. Sinh bởi bench/gen.py.",
        "format: hiepy/proposal/1",
        f"id: {pid or f'synthetic-{n_titles}-{n_cadres}-{seed}'}",
        f"date: {date.isoformat()}",
        f'period: "{year + 3}-{year + 8}"',
        "",
        "unit:",
        f"  name: {stem} {province}",
        f"  kind: {kind}",
        f"  sector: {sector}",
        f"  ministry: {ministry}",
        f"  province: {province}",
        "  works_locally: true",
        f"  party_membership_local: {'true' if rnd.random() < 0.9 else 'false'}",
        "",
        "titles:",
    ]
    for t in titles:
        lines += [
            f"  - id: {t.id}",
            f"    name: {t.name}",
            f"    role: {t.role}",
            f"    level: {t.level}",
            f"    key: {'true' if t.key else 'false'}",
            f"    seats: {t.seats}",
            f"    holders: [{', '.join(t.holders)}]",
            f"    lists: [{', '.join(t.lists)}]",
        ]
        if t.candidates:
            lines.append(f"    candidates: [{', '.join(t.candidates)}]")
        if t.planned is not None:
            lines.append(f"    planned: {'true' if t.planned else 'false'}")
    lines += ["", "cadres:"]
    for c in cadres:
        parts = [f"id: {c.id}", f"name: {c.name}"]
        if c.source != "in_house":
            parts.append(f"source: {c.source}")
        if c.current_post:
            parts.append(f"current_post: {c.current_post}")
        if c.current_level is not None:
            parts.append(f"current_level: {c.current_level}")
        parts += [f"birth_year: {c.birth_year}", f"eligible: {'true' if c.eligible else 'false'}"]
        parts.append(f"can_serve_full_term: {'true' if c.birth_year >= 1960 else 'false'}")
        if c.planned_for:
            parts.append(f"planned_for: [{', '.join(c.planned_for)}]")
        if c.political_history:
            parts.append(f"political_history: {c.political_history}")
        if c.confidence:
            cv, pr, hi, me, lo = c.confidence
            parts.append(
                f"confidence_vote: {{held_on: {year}-06-15, convened: {cv}, present: {pr}, "
                f"high: {hi}, medium: {me}, low: {lo}}}"
            )
        lines.append("  - {" + ", ".join(parts) + "}")
    lines += ["", "nomination:", f"  drawn_up_by: {rnd.choice(['all_eligible_staff', 'competent_authority'])}"]

    votes: list[str] = []
    conf1, conf2 = rnd.randint(35, 120), rnd.randint(9, 19)
    held1, held2 = date - dt.timedelta(days=22), date - dt.timedelta(days=15)
    for t in titles:
        for cid in t.candidates:
            if rnd.random() < 0.03:
                continue  # an external source introduced from above, no vote in the unit
            p1 = conf1 - rnd.randint(0, 4)
            v1 = p1 - rnd.randint(0, 3)
            y1 = min(v1, int(conf1 * (0.45 + 0.5 * rnd.random())))
            p2 = conf2 - rnd.randint(0, 1)
            y2 = min(p2, int(conf2 * (0.5 + 0.5 * rnd.random())))
            votes.append(
                f"  - {{cadre: {cid}, title: {t.id}, step: 1, body: key_cadre_conference, yes: {y1}, "
                f"convened: {conf1}, present: {p1}, valid: {v1}, held_on: {held1.isoformat()}}}"
            )
            votes.append(
                f"  - {{cadre: {cid}, title: {t.id}, step: 2, body: same_level_committee_meeting, yes: {y2}, "
                f"convened: {conf2}, present: {p2}, valid: {p2}, held_on: {held2.isoformat()}}}"
            )
    if votes:
        lines += ["", "votes:", *votes]

    consult: list[str] = []
    asked = date - dt.timedelta(days=12)
    for t in titles:
        if "provincial_standing_committee" not in t.lists or not t.candidates:
            continue
        due = asked + dt.timedelta(days=rnd.choice([5, 15, 30, 30]))
        consult += [
            "  - matter: planning",
            f"    title: {t.id}",
            f"    requested_on: {asked.isoformat()}",
            f"    reply_due: {due.isoformat()}",
        ]
        if rnd.random() < 0.7:
            consult += [f"    replied_on: {(asked + dt.timedelta(days=4)).isoformat()}", "    answer: agree"]
        if rnd.random() < 0.2:
            consult.append("    political_history_involved: true")
    if consult:
        lines += ["", "consultations:", *consult]
    lines += [
        "",
        "notifications:",
        "  - about: annual_evaluation",
        "    to: provincial_standing_committee",
        f"    on: {year}-01-30",
    ]
    if rnd.random() < 0.8:
        lines += ["  - about: planning_result", "    to: provincial_organization_board", f"    on: {date.isoformat()}"]
    lines += [
        "",
        "evaluation:",
        f"  year: {year - 1}",
        f"  local_opinion_requested: {'true' if rnd.random() < 0.8 else 'false'}",
    ]
    return "\n".join(lines) + "\n"


def typical(seed: int, date: dt.date = dt.date(2012, 9, 1)) -> str:
    """A proposal the size of the bundled dossier, give or take (10-20 titles, 25-50 cadres)."""
    rnd = random.Random(seed)
    return proposal(rnd.randint(10, 20), rnd.randint(25, 50), seed=seed, date=date, pid=f"de-an-{seed:05d}")


def write_batch(out_dir: Path, count: int, date: dt.date = dt.date(2012, 9, 1)) -> list[Path]:
    """``count`` typical proposals ``out_dir/NNNNN.yaml`` (written only when missing or different)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(count):
        path = out_dir / f"{seed:05d}.yaml"
        text = typical(seed, date)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=15)
    ap.add_argument("--cadres", type=int, default=35)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2012, 9, 1))
    ap.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    ap.add_argument("--count", type=int, help="write this many typical proposals to --out-dir")
    ap.add_argument("--out-dir", type=Path)
    a = ap.parse_args(argv[1:])
    if a.count is not None:
        if a.out_dir is None:
            ap.error("--count needs --out-dir")
        write_batch(a.out_dir, a.count, a.date)
        return 0
    text = proposal(a.titles, a.cadres, seed=a.seed, date=a.date)
    if a.output:
        a.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
