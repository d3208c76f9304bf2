"""The topics of ``hiepy diff``: what provisions constrain, each with the verdict on its two sides.

A *topic* is one of the runtime's choices (how many to plan for a title, who may be planned, who
draws up the nomination list, whether a candidate goes on after a vote, whether a cadre with a
confidence vote is planned higher), else the fields a provision's condition reads on one kind of
fact: provisions reading a common field share a topic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from hiepy_rules.analysis.choices import CHOICES
from hiepy_rules.analysis.encode import Compiled
from hiepy_rules.analysis.report import CHOICE_WORDS
from hiepy_rules.analysis.wording import SLOT_WORDS
from hiepy_rules.analysis.worlds import (
    advancement_world,
    membership_world,
    nomination_world,
    title_world,
    vote_world,
)
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.schema import labels

Verdict = Literal["equal", "a_stricter", "b_stricter", "overlapping", "incompatible"]


DERIVED_WORDS = {
    "consultation_required": ("việc phải lấy ý kiến hiệp y", "a matter that needs consultation"),
    "report_required": ("việc phải báo cáo", "a matter that needs a report"),
    "confidence_vote": ("phiếu tín nhiệm", "confidence vote"),
    "cadre_plan": ("cán bộ được quy hoạch", "cadre planned"),
}


WORLDS = {
    "plan_size": title_world,
    "membership": membership_world,
    "nomination": nomination_world,
    "proceeds": vote_world,
    "advancement": advancement_world,
}


@dataclass
class DiffWitness:
    accepted_by: str
    rejected_by: str
    violates: list[str]
    path: str | None
    confirmed: bool
    note: str = ""
    data: dict[str, Any] | None = None


@dataclass
class Topic:
    key: str
    words: tuple[str, str]
    a: list[Compiled]
    b: list[Compiled]
    verdict: Verdict = "equal"
    witnesses: list[DiffWitness] = field(default_factory=list)
    clashes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DiffResult:
    a_name: str
    b_name: str
    a: RuleSet
    b: RuleSet
    compared: str
    topics: list[Topic]
    undecided: int = 0  # questions the time budget (or z3) left open: the result is incomplete

    @property
    def same(self) -> bool:
        return all(t.verdict == "equal" for t in self.topics)


def _choice_of(x: Compiled) -> str | None:
    for ck in CHOICES:
        if x.subject in ck.subjects and ck.relevant(x):
            return ck.name
    return None


def topics(a: list[Compiled], b: list[Compiled]) -> list[Topic]:
    """Provisions of both sides grouped by what they constrain."""
    groups: dict[str, list[tuple[str, Compiled]]] = {}
    loose: list[tuple[str, Compiled]] = []
    for side, xs in (("a", a), ("b", b)):
        for x in xs:
            c = _choice_of(x)
            if c is not None:
                groups.setdefault(c, []).append((side, x))
            else:
                loose.append((side, x))
    # the rest: one kind of fact, linked when their conditions read a common field
    parent = list(range(len(loose)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (_, x) in enumerate(loose):
        for j in range(i):
            y = loose[j][1]
            if x.subject == y.subject and (_fields(x) & _fields(y)):
                parent[find(i)] = find(j)
    comps: dict[int, list[tuple[str, Compiled]]] = {}
    for i, item in enumerate(loose):
        comps.setdefault(find(i), []).append(item)
    for members in comps.values():
        subject = members[0][1].subject
        fields = sorted({f for _, x in members for f in _fields(x)})
        groups[f"{subject}:{','.join(fields)}"] = members
    out = []
    for key in sorted(groups, key=lambda k: (k not in WORLDS, k)):
        members = groups[key]
        out.append(
            Topic(
                key,
                _topic_words(key),
                sorted((x for s, x in members if s == "a"), key=lambda x: x.id),
                sorted((x for s, x in members if s == "b"), key=lambda x: x.id),
            )
        )
    return out


def _fields(x: Compiled) -> set[str]:
    return set(x.rule_reads) or set(x.reads) or {x.subject}


def _topic_words(key: str) -> tuple[str, str]:
    if key in CHOICE_WORDS:
        return CHOICE_WORDS[key]
    subject, _, fields = key.partition(":")
    sv, se = {**SLOT_WORDS, **DERIVED_WORDS}.get(subject, (subject, subject.replace("_", " ")))
    names = [f for f in fields.split(",") if f and not f.startswith("record:")]
    records = [f[7:] for f in fields.split(",") if f.startswith("record:")]
    vi = ", ".join(labels.field(f, "vi") for f in names) + "".join(f", hồ sơ {r}" for r in records)
    en = ", ".join(labels.field(f, "en") for f in names) + "".join(f", {r} records" for r in records)
    return f"{sv}: {vi.strip(', ')}", f"{se}: {en.strip(', ')}"
