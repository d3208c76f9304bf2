"""Which of two clashing provisions prevails (brief §6), read from the authorities registry.

In order: an explicit ``overrides`` link; lex superior (the higher-ranked issuer); for one issuer,
lex specialis (the provision with more applicability conditions, its pack's scope included) and
then lex posterior (the later date in force). Peers of different issuers (a ministry's Party
affairs committee against a provincial standing committee: the report's own case) are
*unresolved*: hiepy names the nearest common superior as the body that can settle it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.schema.pack import Authority

Rule = Literal["explicit_override", "lex_superior", "lex_specialis", "lex_posterior", "unresolved"]


class Standing(msgspec.Struct, frozen=True):
    """What precedence needs to know of one provision."""

    id: str
    issuer: str
    rank: int
    specificity: int
    in_force_from: dt.date
    overrides: frozenset[str]


class Verdict(msgspec.Struct, frozen=True):
    rule: Rule
    prevailing: str | None
    overridden: str | None
    settled_by: str | None
    reason_vi: str
    reason_en: str


def standing(rs: RuleSet, provision_id: str, day: dt.date | None = None) -> Standing:
    """The provision's version in force on ``day`` (its first version when no day is given)."""
    pack, loc = rs.version(provision_id, day)
    p = loc.provision
    issuer = pack.issuer(p)
    authority = rs.authorities.get(issuer)
    return Standing(
        id=p.id,
        issuer=issuer,
        rank=authority.rank if authority else 100,
        specificity=len(p.when) + len(pack.manifest.scope.when),
        in_force_from=pack.in_force(p).from_,
        overrides=frozenset(p.overrides),
    )


def common_superior(authorities: dict[str, Authority], a: str, b: str) -> str | None:
    def chain(x: str) -> list[str]:
        out: list[str] = []
        while x in authorities and x not in out:
            out.append(x)
            nxt = authorities[x].superior
            if nxt is None:
                break
            x = nxt
        return out

    above_b = set(chain(b))
    return next((x for x in chain(a) if x in above_b and x not in (a, b)), None)


def _name(rs: RuleSet, authority: str, lang: str) -> str:
    a = rs.authorities.get(authority)
    if a is None:
        return authority
    return a.name.vi if lang == "vi" else a.name.en


def decide(rs: RuleSet, a_id: str, b_id: str, *, day: dt.date | None = None) -> Verdict:
    a, b = standing(rs, a_id, day), standing(rs, b_id, day)
    for win, lose in ((a, b), (b, a)):
        if lose.id in win.overrides:
            return Verdict(
                "explicit_override",
                win.id,
                lose.id,
                None,
                f"{win.id} ghi rõ được ưu tiên hơn {lose.id}",
                f"{win.id} explicitly overrides {lose.id}",
            )
    if a.rank != b.rank:
        win, lose = (a, b) if a.rank < b.rank else (b, a)
        return Verdict(
            "lex_superior",
            win.id,
            lose.id,
            None,
            f"cơ quan ban hành cấp cao hơn: {_name(rs, win.issuer, 'vi')} trên {_name(rs, lose.issuer, 'vi')}",
            f"higher issuing authority: {_name(rs, win.issuer, 'en')} above {_name(rs, lose.issuer, 'en')}",
        )
    if a.issuer == b.issuer:
        if a.specificity != b.specificity:
            win, lose = (a, b) if a.specificity > b.specificity else (b, a)
            return Verdict(
                "lex_specialis",
                win.id,
                lose.id,
                None,
                f"cùng cơ quan ban hành; {win.id} cụ thể hơn",
                f"same issuer; {win.id} is more specific",
            )
        if a.in_force_from != b.in_force_from:
            win, lose = (a, b) if a.in_force_from > b.in_force_from else (b, a)
            return Verdict(
                "lex_posterior",
                win.id,
                lose.id,
                None,
                f"cùng cơ quan ban hành; {win.id} ban hành sau",
                f"same issuer; {win.id} is later",
            )
        return Verdict(
            "unresolved",
            None,
            None,
            a.issuer,
            f"cùng cơ quan ban hành, không phân định được; {_name(rs, a.issuer, 'vi')} cần làm rõ",
            f"same issuer and nothing decides; {_name(rs, a.issuer, 'en')} must clarify",
        )
    settler = common_superior(rs.authorities, a.issuer, b.issuer)
    who_vi = _name(rs, settler, "vi") if settler else "cơ quan cấp trên chung"
    who_en = _name(rs, settler, "en") if settler else "their common superior"
    return Verdict(
        "unresolved",
        None,
        None,
        settler,
        f"hai cơ quan ban hành ngang cấp ({_name(rs, a.issuer, 'vi')}, {_name(rs, b.issuer, 'vi')}): "
        f"không bên nào được ưu tiên; cần xin ý kiến {who_vi}",
        f"peer issuers ({_name(rs, a.issuer, 'en')}, {_name(rs, b.issuer, 'en')}): "
        f"neither prevails; escalate to {who_en}",
    )
