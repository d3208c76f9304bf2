"""Hypothesis strategies for valid proposals over the whole proposal format.

Proposals are drawn small (a few titles and cadres) but cover every section and every value
the bundled provisions read, including the awkward ones: absent optional facts, a unit with no
deputies, votes at exactly half, consultations with and without reply deadlines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

PROVINCES = ["Quảng Trị", "Quảng Bình"]
MINISTRIES = ["Bộ Tài chính", "Bộ Tư pháp", None]
MATTERS = ["planning", "appointment", "transfer"]


@st.composite
def proposals(draw: st.DrawFn) -> dict[str, Any]:
    n_titles = draw(st.integers(1, 5))
    n_cadres = draw(st.integers(0, 8))
    cadre_ids = [f"c{i}" for i in range(n_cadres)]
    titles: list[dict[str, Any]] = []
    free_holders = list(cadre_ids)
    draw(st.randoms()).shuffle(free_holders)
    for i in range(n_titles):
        role = draw(st.sampled_from(["head", "deputy", "other"]))
        level = draw(st.integers(1, 4))
        seats = draw(st.integers(1, 3))
        n_hold = draw(st.integers(0, min(seats, len(free_holders))))
        holders = [free_holders.pop() for _ in range(n_hold)]
        candidates = draw(st.lists(st.sampled_from(cadre_ids), unique=True, max_size=4)) if cadre_ids else []
        title: dict[str, Any] = {
            "id": f"t{i}",
            "name": draw(st.sampled_from(["Cục trưởng", "Phó Cục trưởng", "Trưởng phòng", "Phó trưởng phòng"])),
            "role": role,
            "level": level,
            "key": draw(st.booleans()),
            "seats": seats,
            "holders": holders,
            "lists": draw(
                st.lists(st.sampled_from(["provincial_standing_committee", "ministry_party_committee"]), unique=True)
            ),
            "candidates": candidates,
        }
        if draw(st.booleans()):
            title["planned"] = draw(st.booleans())
        titles.append(title)
    title_ids = [t["id"] for t in titles]
    cadres = []
    for cid in cadre_ids:
        c: dict[str, Any] = {
            "id": cid,
            "name": f"Cán bộ {cid}",
            "source": draw(st.sampled_from(["in_house", "external"])),
        }
        c["planned_for"] = draw(st.lists(st.sampled_from(title_ids), unique=True, max_size=2))
        for f in ("eligible", "can_serve_full_term", "disciplined", "political_standard_ok"):
            v = draw(st.sampled_from([True, False, None]))
            if v is not None:
                c[f] = v
        if cid in free_holders and draw(st.booleans()):  # a post outside the unit, on its ladder
            c["current_level"] = draw(st.integers(1, 5))
        if draw(st.booleans()):  # 96-QĐ/TW: thresholds at 1/2 and 2/3 of the ballots, quorum at 2/3
            convened = draw(st.integers(1, 12))
            present = draw(st.integers(0, convened))
            low = draw(st.integers(0, present))
            high = draw(st.integers(0, present - low))
            c["confidence_vote"] = {
                "convened": convened,
                "present": present,
                "high": high,
                "medium": draw(st.integers(0, present - low - high)),
                "low": low,
            }
        cadres.append(c)
    votes = []
    for t in titles:
        for cid in t["candidates"]:
            for step in range(1, draw(st.integers(0, 2)) + 1):
                convened = draw(st.integers(1, 12))
                present = draw(st.integers(0, convened))
                valid = draw(st.integers(0, present))
                yes = draw(st.integers(0, valid))
                vote: dict[str, Any] = {
                    "cadre": cid,
                    "title": t["id"],
                    "step": step,
                    "body": "key_cadre_conference",
                    "yes": yes,
                    "convened": convened,
                }
                if draw(st.booleans()):
                    vote["present"] = present
                if draw(st.booleans()):
                    vote["valid"] = valid
                votes.append(vote)
    day = draw(st.dates(dt.date(2007, 1, 1), dt.date(2030, 12, 31)))
    consultations = []
    for _ in range(draw(st.integers(0, 3))):
        req = draw(st.dates(dt.date(2007, 1, 1), dt.date(2030, 12, 31)))
        cons: dict[str, Any] = {
            "matter": draw(st.sampled_from(MATTERS)),
            "title": draw(st.sampled_from(title_ids)),
            "requested_on": req.isoformat(),
            "political_history_involved": draw(st.booleans()),
        }
        if draw(st.booleans()):
            cons["reply_due"] = (req + dt.timedelta(days=draw(st.integers(0, 60)))).isoformat()
        consultations.append(cons)
    reports = [
        {
            "matter": draw(st.sampled_from(MATTERS)),
            "title": draw(st.sampled_from(title_ids)),
            "by": draw(st.sampled_from(["unit_leadership", "other"])),
            "to": draw(st.sampled_from(["provincial_standing_committee", "provincial_organization_board"])),
            "via": draw(st.sampled_from(["provincial_organization_board", "direct"])),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    unit: dict[str, Any] = {
        "name": "Đơn vị thử",
        "kind": draw(st.sampled_from(["central_line_unit", "provincial_department"])),
        "province": draw(st.sampled_from(PROVINCES)),
    }
    ministry = draw(st.sampled_from(MINISTRIES))
    if ministry:
        unit["ministry"] = ministry
    for f in ("works_locally", "party_membership_local"):
        v = draw(st.sampled_from([True, False, None]))
        if v is not None:
            unit[f] = v
    data: dict[str, Any] = {
        "id": "p",
        "date": day.isoformat(),
        "unit": unit,
        "titles": titles,
        "cadres": cadres,
        "votes": votes,
        "consultations": consultations,
        "reports": reports,
        "notifications": [
            {"about": a} for a in draw(st.lists(st.sampled_from(["planning_result", "annual_evaluation"]), unique=True))
        ],
        "committee_seat_requests": [{"note": "đề nghị"}] if draw(st.booleans()) else [],
    }
    if draw(st.booleans()):
        data["nomination"] = {"drawn_up_by": draw(st.sampled_from(["all_eligible_staff", "competent_authority"]))}
    if draw(st.booleans()):
        data["evaluation"] = {"local_opinion_requested": draw(st.booleans())}
    if cadre_ids and draw(st.booleans()):
        data["appointments"] = [{"title": draw(st.sampled_from(title_ids)), "cadre": draw(st.sampled_from(cadre_ids))}]
        if draw(st.booleans()):
            data["appointments"][0]["first_time"] = draw(st.booleans())
        if draw(st.booleans()):
            data["appointments"][0]["for_election"] = draw(st.booleans())
        if draw(st.booleans()):
            ends = draw(st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)))
            data["appointments"][0]["term_ends"] = ends.isoformat()
    return data
