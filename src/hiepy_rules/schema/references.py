"""References between a proposal's parts: every id one part names must be another part's, once.

A cadre id in a title's ``candidates``, a title id in a vote: the schema checks each part alone,
these checks run after the model is built, each dangling or repeated id reported at its own path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiepy_rules.schema.pydantic_words import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hiepy_rules.schema.proposal import Proposal


PathKey = tuple[str | int, ...]
Problem = tuple[PathKey, str, str]  # where, the words in Vietnamese, in English


def reference_problems(p: Proposal) -> list[Problem]:
    """Dangling or contradictory ids, each with the path of the offending value and the words
    (Vietnamese, English); a dangling id names the closest id that exists."""
    return [] if consistent(p) else every_problem(p)


def every_problem(p: Proposal) -> list[Problem]:
    """``reference_problems`` without the quick test first."""
    out: list[Problem] = []
    titles = _first_places([t.id for t in p.titles], "titles", "mã chức danh", "title", out)
    cadres = _first_places([c.id for c in p.cadres], "cadres", "mã cán bộ", "cadre", out)

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


def _first_places(ids: Sequence[str], section: str, what_vi: str, what_en: str, out: list[Problem]) -> dict[str, int]:
    """Where each id of ``section`` is first; an id met again is a problem at its own place."""
    first_at: dict[str, int] = {}
    for i, x in enumerate(ids):
        if x in first_at:
            first = f"{section}[{first_at[x]}]"
            out.append(
                (
                    (section, i, "id"),
                    f"{what_vi} {x!r} bị lặp (lần đầu ở {first})",
                    f"duplicate {what_en} id {x!r} (first is {first})",
                )
            )
        first_at.setdefault(x, i)
    return first_at


def consistent(p: Proposal) -> bool:
    """Whether ``reference_problems(p)`` is empty, by set operations alone: a check re-checks each fix
    it offers, and a fix's proposal almost always names what exists."""
    titles = {t.id for t in p.titles}
    cadres = {c.id for c in p.cadres}
    if len(titles) != len(p.titles) or len(cadres) != len(p.cadres):
        return False
    held: list[str] = []
    for t in p.titles:
        if len(t.holders) > t.seats or len(set(t.holders)) != len(t.holders):
            return False
        if len(set(t.candidates)) != len(t.candidates):
            return False
        if not cadres.issuperset(t.holders) or not cadres.issuperset(t.candidates):
            return False
        held += t.holders
    holding = set(held)
    if len(holding) != len(held):  # a cadre holds one title
        return False
    for c in p.cadres:
        if c.current_level is not None and c.id in holding:
            return False
        if c.planned_for and not titles.issuperset(c.planned_for):
            return False
    steps = {(v.cadre, v.title, v.step) for v in p.votes}
    if len(steps) != len(p.votes):
        return False
    named_titles = {v.title for v in p.votes} | {x.title for x in p.consultations}
    named_titles |= {r.title for r in p.reports} | {a.title for a in p.appointments}
    named_cadres = {v.cadre for v in p.votes} | {a.cadre for a in p.appointments}
    named_cadres |= {x.cadre for x in p.consultations if x.cadre is not None}
    return titles.issuperset(named_titles) and cadres.issuperset(named_cadres)
