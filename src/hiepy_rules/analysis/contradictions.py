"""``hiepy lint`` learns contradictions: a rule file that cannot be met together with another provision.

The files linted are *new*; they are analysed together with the bundled packs (and the other packs
of their rules root). For each clash ``hiepy conflicts`` would report (incompatible, permission
withdrawn, or a contradiction beyond check's choices) between a new provision ``p`` and another
provision ``q``, ``p`` gets a problem at its ``id`` line, unless ``p`` prevails (``precedence.decide``):

- ``q`` has a higher authority (lower rank) and was already in force when ``p`` came into force:
  an **error** (a lower body cannot issue what contradicts a standing higher rule);
- ``q`` has a higher authority but came later: a **warning** (``p`` is superseded from that date);
- ``q`` is a peer (same rank, another issuer), or the same issuer: a **warning** naming the clash
  (``--strict`` counts it as an error).

The message carries the witness: the path of the written proposal with ``--witness-dir``, or the
proposal itself on one line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiepy_rules.analysis.report import _together, entry
from hiepy_rules.analysis.symbolic import Analyser
from hiepy_rules.errors import Problem, Severity
from hiepy_rules.findings.precedence import decide, standing
from hiepy_rules.load.document import Document
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.load.ruleset import Located, Pack, RuleSet
from hiepy_rules.schema.files import ProvisionFile
from hiepy_rules.schema.pack import PackManifest

_CACHE: dict[str, list[Clash]] = {}


_BUNDLED: dict[str, RuleSet] = {}


@dataclass(frozen=True)
class Clash:
    """What lint says about one new provision and the provision it clashes with (no file positions)."""

    new: str
    other: str
    severity: Severity
    message: str
    code: str = "contradiction"
    en: str = ""


def combined(rs: RuleSet) -> RuleSet:
    """The linted rule set with the bundled packs it does not already hold."""
    root = bundled_rules_dir().resolve()
    key = str(root)
    if key not in _BUNDLED:
        _BUNDLED[key] = load_rules([root])
    bundled = _BUNDLED[key]
    out = RuleSet(rs.root)
    out.authorities = {**bundled.authorities, **rs.authorities}
    out.sources = {**bundled.sources, **rs.sources}
    have_ids = {p.id for p in rs.packs}
    have_dirs = {p.directory.resolve() for p in rs.packs}
    out.packs = list(rs.packs) + [
        p for p in bundled.packs if p.id not in have_ids and p.directory.resolve() not in have_dirs
    ]
    return out


def _digest(rs: RuleSet, new: set[str], witness_dir: Path | None) -> str:
    h = hashlib.sha256()
    for pack in rs.packs:
        h.update(pack.manifest.model_dump_json().encode())
        for loc in pack.provisions:
            h.update(loc.provision.model_dump_json().encode())
    for aid, a in sorted(rs.authorities.items()):
        h.update(aid.encode() + a.model_dump_json().encode())
    h.update(json.dumps(sorted(new)).encode())
    h.update(str(witness_dir).encode())
    return h.hexdigest()


def problems(rs: RuleSet, *, witness_dir: Path | None = None, newest: bool = False) -> list[Problem]:
    """Contradiction problems of every provision of ``rs`` (the files linted), at its ``id``.
    ``newest``: the provisions have no dates of their own (a loose file): they count as the latest."""
    new = {loc.provision.id for pack in rs.packs for loc in pack.provisions}
    if not new:
        return []
    every = combined(rs)
    key = _digest(every, new, witness_dir) + str(newest)
    if key not in _CACHE:
        found = clashes(every, new, witness_dir, newest=newest)
        if any(c.code == "undecided" for c in found):
            return _problems(rs, found)  # not kept: a larger --timeout may decide them
        _CACHE[key] = found
    return _problems(rs, _CACHE[key])


def _problems(rs: RuleSet, found: list[Clash]) -> list[Problem]:
    located = {loc.provision.id: loc for pack in rs.packs for loc in pack.provisions}
    out = []
    for c in found:
        loc = located.get(c.new)
        if loc is None:
            continue
        file, line, col = loc.where("id")
        out.append(Problem(file, line, col, c.severity, c.message, c.code, c.en))
    return out


def loose_problems(doc: Document, parsed: ProvisionFile, *, witness_dir: Path | None = None) -> list[Problem]:
    """A rule file outside any pack: its issuer is the provisions' own (else unknown, the lowest
    rank), it is in force whenever the others are, and it is the newest rule of all."""
    issuers = sorted({p.issuer for p in parsed.provisions if p.issuer})
    manifest = PackManifest.model_validate(
        {
            "pack": "loose-file",
            "name": {"vi": "tệp quy định rời", "en": "loose rule file"},
            "issuer": issuers[0] if len(issuers) == 1 else "unknown",
            "in_force": {"from": "1900-01-01"},
        }
    )
    pack = Pack(manifest, doc, Path(doc.file).parent)
    pack.provisions = [Located(p, doc, i) for i, p in enumerate(parsed.provisions)]
    rs = RuleSet(None)
    rs.packs = [pack]
    return problems(rs, witness_dir=witness_dir, newest=True)


def clashes(rs: RuleSet, new: set[str], witness_dir: Path | None, *, newest: bool = False) -> list[Clash]:
    an = Analyser(rs, new=new)
    an.incompatible()
    an.withdrawn()
    an.contradictions()
    res = an.result
    out: list[Clash] = _undecided(res.undecided, res.more_undecided, new)
    seen: set[tuple[str, ...]] = set()
    for hit in [*res.conflicts, *res.sets, *res.contradictions]:
        key = (hit.kind, *hit.provisions)
        if key in seen:
            continue
        seen.add(key)
        day = dt.date.fromisoformat(_together(hit)[0])
        judged: list[tuple[str, str, Severity, tuple[str, str]]] = []
        for p in hit.provisions:
            if p not in new:
                continue
            for q in hit.provisions:
                if q == p:
                    continue
                v = decide(rs, p, q, day=day)
                if v.rule == "explicit_override" or v.prevailing == p:
                    continue
                sp, sq = standing(rs, p, day), standing(rs, q, day)
                if sq.rank < sp.rank:
                    standing_first = newest or sq.in_force_from <= sp.in_force_from
                    severity: Severity = "error" if standing_first else "warning"
                    why = (
                        ("một quy định của cơ quan cấp cao hơn", "a provision of higher authority")
                        if severity == "error"
                        else (
                            f"một quy định về sau của cơ quan cấp cao hơn (có hiệu lực từ {_vi_day(sq.in_force_from)})",
                            f"a later provision of higher authority (in force from {sq.in_force_from})",
                        )
                    )
                else:
                    severity, why = (
                        "warning",
                        (
                            ("một quy định của cùng cơ quan ban hành", "a provision of the same issuer")
                            if sq.issuer == sp.issuer
                            else ("một quy định của cơ quan ngang cấp", "a peer's provision")
                        ),
                    )
                judged.append((p, q, severity, why))
        if not judged:
            continue
        e = entry(rs, hit, witness_dir)
        where = e.path or _inline(e.witness.data)
        where_vi = f"`{where}`"
        if not e.witness.confirmed:
            where = f"none confirmed ({e.witness.note})"
            where_vi = f"chưa xác nhận được ({_NOTES_VI.get(e.witness.note, f'`{e.witness.note}`')})"
        kind = {"incompatible": "incompatible", "permission_withdrawn": "permission withdrawn"}.get(
            hit.kind, "contradiction"
        )
        kind_vi = {"incompatible": "không thể cùng đáp ứng", "permission_withdrawn": "điều được phép bị cấm lại"}.get(
            hit.kind, "mâu thuẫn"
        )
        for p, q, severity, why in judged:
            sq = standing(rs, q, day)
            _, loc = rs.version(q, day)
            doc = loc.provision.source
            issuer = rs.authorities.get(sq.issuer)
            name = issuer.name.en if issuer else sq.issuer
            name_vi = issuer.name.vi if issuer else sq.issuer
            en = (
                f"{p} cannot be met together with {why[1]}: {q} ({name}; {doc.document}, {doc.article}) — {kind}"
                f" where {e.region.formula()}; {e.verdicts[0].reason_en}; witness: {where}"
            )
            vi = (
                f"{p} không thể cùng đáp ứng với {why[0]}: {q} ({name_vi}; {doc.document}, {doc.article}) — {kind_vi}"
                f" khi {e.region.words('vi')}; {e.verdicts[0].reason_vi}; đề án minh họa: {where_vi}"
            )
            out.append(Clash(p, q, severity if e.witness.confirmed else "warning", vi, en=en))
    return sorted(out, key=lambda c: (c.new, c.other, c.message))


# the witness notes hiepy writes itself, in Vietnamese (others are a library's own words, quoted)
_NOTES_VI = {"replay did not show the clash": "chạy lại đề án minh họa không thấy xung đột"}


def _vi_day(day: object) -> str:
    """A day as Vietnamese text writes it (dd/mm/yyyy)."""
    return day.strftime("%d/%m/%Y") if isinstance(day, dt.date) else str(day)


def _undecided(labels: list[tuple[str, ...]], more: int, new: set[str]) -> list[Clash]:
    """The questions the time budget (or z3) left open, at the new provision they concern: a warning,
    never silently dropped; ``hiepy lint`` exits 3 when there is one."""
    out = []
    for label in sorted(set(labels)):
        mine = [p for p in label if p in new]
        if not mine:
            continue
        others = ", ".join(q for q in label if q != mine[0]) or mine[0]
        vi = (
            f"chưa quyết định được trong thời hạn cho phép: {mine[0]} có đáp ứng được cùng {others} không"
            " (nâng --timeout)"
        )
        en = f"undecided within the time budget: whether {mine[0]} can be met together with {others} (raise --timeout)"
        out.append(Clash(mine[0], others, "warning", vi, "undecided", en))
    if more and new:
        first = sorted(new)[0]
        vi = f"và {more} câu hỏi khác chưa quyết định được trong thời hạn cho phép (nâng --timeout)"
        en = f"and {more} more questions undecided within the time budget (raise --timeout)"
        out.append(Clash(first, "", "warning", vi, "undecided", en))
    return out


def _inline(data: dict[str, Any] | None) -> str:
    """A witness proposal on one line (JSON), for a terminal without --witness-dir."""
    if data is None:
        return "none"
    return json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"), default=str)
