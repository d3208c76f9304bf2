"""Lookups over a proposal that several facts need: who holds and who is planned for each title, and
a candidacy's fact (asked by the facts and, for pairs not in the plan, by the conflict analysis)."""

from __future__ import annotations

from typing import Any

from hiepy_rules.compile.tenure import months_between, months_to_retirement
from hiepy_rules.schema.cadre import Cadre
from hiepy_rules.schema.proposal import Proposal, Title


def put(fact: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        fact[key] = value


def title_part(t: Title) -> dict[str, Any]:
    return {
        "title": t.id,
        "role": t.role,
        "level": t.level,
        "key": t.key,
        "on_provincial_list": "provincial_standing_committee" in t.lists,
        "in_dossier": t.in_dossier,
    }


class Ladder:
    """Lookups over a proposal that several facts need."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = p = proposal
        self.titles = {t.id: t for t in p.titles}
        self.cadres = {c.id: c for c in p.cadres}
        self.held: dict[str, Title] = {}
        for t in p.titles:
            for cid in t.holders:
                self.held.setdefault(cid, t)
        self.candidates = {t.id: set(t.candidates) for t in p.titles}
        # each cadre's planned titles as (id, level), in title order: per-cadre questions cost what the
        # cadre is planned for, not the whole ladder (a 200-title dossier asks them thousands of times)
        self.plans: dict[str, list[tuple[str, int]]] = {}
        self.by_id: dict[str, list[Title]] = {}
        for t in p.titles:
            self.by_id.setdefault(t.id, []).append(t)
            for cid in t.candidates:  # as listed: a cadre listed twice is counted twice (``_cadre_plans``)
                self.plans.setdefault(cid, []).append((t.id, t.level))

    def planned_same_or_higher(self, cid: str, overrides: dict[str, bool] | None = None) -> bool:
        """Whether ``cid`` is planned for the title held or a higher one; ``overrides`` maps a title id
        to whether ``cid`` is planned for it (a conflict analysis asking "what if")."""
        held = self.held.get(cid)
        if held is None:
            return False
        changed = overrides or {}
        for tid, level in self.plans.get(cid, ()):
            if level <= held.level and changed.get(tid, True):
                return True
        return any(
            planned and any(t.level <= held.level for t in self.by_id.get(tid, ())) for tid, planned in changed.items()
        )

    def cadre(self, cid: str) -> Cadre | None:
        return self.cadres.get(cid)

    def current_level(self, cid: str) -> int | None:
        """The rung of the cadre's current post: the title held, else the post outside the unit."""
        held = self.held.get(cid)
        if held is not None:
            return held.level
        c = self.cadres.get(cid)
        return c.current_level if c is not None else None

    def candidacy(self, title: Title, cid: str) -> dict[str, Any]:
        """The candidacy fact of ``cid`` for ``title`` (also for a pair not in the plan: conflicts ask)."""
        c = self.cadres.get(cid)
        fact: dict[str, Any] = {"id": f"candidacy:{title.id}:{cid}", "type": "candidacy", **title_part(title)}
        fact["cadre"] = cid
        held = self.held.get(cid)
        fact["incumbent"] = held is not None and held.id == title.id
        if c is not None:
            fact["source"] = c.source
            put(fact, "eligible", c.eligible)
            put(fact, "can_serve_full_term", c.can_serve_full_term)
            put(fact, "disciplined", c.disciplined)
            put(fact, "political_standard_ok", c.political_standard_ok)
            if c.planned_for is not None:  # left out: unknown, never "planned for none"
                levels = {self.titles[t].level for t in c.planned_for if t in self.titles}
                fact["planned_one_level_below"] = title.level + 1 in levels
            cadre_dates(fact, c, self.proposal.date)
        level = self.current_level(cid)
        if level is not None:
            fact["levels_below"] = level - title.level
        return fact


def cadre_dates(fact: dict[str, Any], c: Cadre, on: Any) -> None:
    """Months to retirement, in post and since each form of discipline, at the proposal's date ``on``."""
    if c.date_of_birth is not None and c.sex is not None:
        fact["months_to_retirement"] = months_to_retirement(c.date_of_birth, c.sex, on)
    if c.current_post_since is not None:
        fact["months_in_post"] = months_between(c.current_post_since, on)
    if c.disciplines is None:
        return
    for form, flag, since in (
        ("reprimand", "reprimanded", "months_since_reprimand"),
        ("warning", "warned", "months_since_warning"),
        ("removal_from_post", "removed_from_post", "months_since_removal"),
    ):
        days = [d.decided_on for d in c.disciplines if d.form == form]
        fact[flag] = bool(days)
        if days:
            fact[since] = months_between(max(days), on)
