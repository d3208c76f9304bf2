"""Time: which version of a provision is in force on a day, and the checks on chains of versions.

A provision is in force over one window, ``[from, until)``: its own ``in_force`` cut by its pack's
(a provision never applies outside its pack's dates). Rules change over time in two ways, both data:

- **versions of one provision**: the same id written more than once *in one pack*, each with its
  own ``in_force``. Their windows must not overlap, or a check could not tell which version
  applies: that is a load error (``hiepy check`` refuses the rules, ``hiepy lint`` shows the line).
  A gap between two versions is a warning: nothing of that provision is in force in between.
- **a successor**: ``replaced_by: <provision id>`` names the provision that takes over when this
  one ends. The successor's first day in force must be this one's ``until``: a gap (a stretch when
  neither is in force) or an overlap (both in force) is a lint error at the ``replaced_by`` line,
  and so is a predecessor with no ``until``, an unknown successor or a chain that comes back.

Documents form the same chains in ``sources.yaml`` (``in_force`` and ``replaced_by``: 105-QĐ/TW →
80-QĐ/TW → 377-QĐ/TW), checked the same way where both dates are known; and a provision in force
outside the dates of the document it cites gets a warning.

``RuleSet.version(pid, day)`` picks the version a check on ``day`` used: findings cite it (its
window, its pack's version) and precedence weighs it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from hiepy_rules.errors import Problem, Severity
from hiepy_rules.load.ruleset import Located, Pack
from hiepy_rules.load.yamlio import Document, PathKey
from hiepy_rules.schema.pack import SourceDoc
from hiepy_rules.schema.provision import InForce

ALWAYS = InForce.model_validate({"from": dt.date.min})


def effective(pack: Pack | None, loc: Located) -> InForce:
    """The window a provision is in force: its own dates cut by its pack's (the pack's when it has none)."""
    own = loc.provision.in_force
    if pack is None:
        return own or ALWAYS
    outer = pack.manifest.in_force
    if own is None:
        return outer
    untils = [u for u in (own.until, outer.until) if u is not None]
    return InForce.model_validate({"from": max(own.from_, outer.from_), "until": min(untils) if untils else None})


def overlap(a: InForce, b: InForce) -> bool:
    return (b.until is None or a.from_ < b.until) and (a.until is None or b.from_ < a.until)


def show(w: InForce) -> str:
    start = "…" if w.from_ == dt.date.min else w.from_.isoformat()
    return f"{start} – {w.until.isoformat() if w.until else '…'}"


@dataclass(frozen=True)
class Version:
    pack: str
    loc: Located
    window: InForce

    def where(self, *sub: str | int) -> tuple[str, int, int]:
        return self.loc.where(*sub)

    @property
    def dates(self) -> tuple[str | int, ...]:
        """The path to point at for its dates: its own in_force, else its id (it has the pack's)."""
        return ("in_force",) if self.loc.provision.in_force is not None else ("id",)


def versions(packs: Sequence[Pack]) -> dict[str, list[Version]]:
    """Every provision id of the packs with its versions, in load order."""
    out: dict[str, list[Version]] = {}
    for pack in packs:
        for loc in pack.provisions:
            out.setdefault(loc.provision.id, []).append(Version(pack.id, loc, effective(pack, loc)))
    return out


def _problem(v: Version, path: tuple[str | int, ...], severity: Severity, message: str, code: str) -> Problem:
    file, line, col = v.where(*path)
    return Problem(file, line, col, severity, message, code)


def overlap_problems(table: Mapping[str, list[Version]]) -> list[Problem]:
    """Versions of one provision (same id, same pack) whose windows meet: a check could not choose."""
    out: list[Problem] = []
    for pid, vs in table.items():
        for i, v in enumerate(vs):
            for earlier in vs[:i]:
                if earlier.pack != v.pack or not overlap(earlier.window, v.window):
                    continue
                f0, l0, _ = earlier.where("id")
                out.append(
                    _problem(
                        v,
                        v.dates,
                        "error",
                        f"this version of {pid!r} ({show(v.window)}) overlaps the version at {f0}:{l0} "
                        f"({show(earlier.window)}): versions of one provision need windows that do not meet",
                        "version-overlap",
                    )
                )
                break
    return out


def gap_problems(table: Mapping[str, list[Version]]) -> list[Problem]:
    """Consecutive versions of one provision with days between them when no version is in force."""
    out: list[Problem] = []
    for pid, vs in table.items():
        ordered = sorted((v for v in vs if v.pack == vs[0].pack), key=lambda v: v.window.from_)
        for a, b in itertools.pairwise(ordered):
            if a.window.until is not None and a.window.until < b.window.from_:
                out.append(
                    _problem(
                        b,
                        b.dates,
                        "warning",
                        f"no version of {pid!r} is in force from {a.window.until} to {b.window.from_}: "
                        f"the previous version ends on {a.window.until}",
                        "version-gap",
                    )
                )
    return out


def chain_problems(table: Mapping[str, list[Version]], *, complete: bool) -> list[Problem]:
    """Every ``replaced_by`` link: the successor exists and starts the day this version ends."""
    out: list[Problem] = []
    for pid, vs in table.items():
        for v in vs:
            succ = v.loc.provision.replaced_by
            if succ is None:
                continue
            path = ("replaced_by",)
            if succ == pid:
                out.append(
                    _problem(
                        v,
                        path,
                        "error",
                        "a provision cannot replace itself: versions of one provision share an id, "
                        "each with its own in_force, and need no replaced_by",
                        "successor",
                    )
                )
                continue
            if succ not in table:
                if complete:
                    out.append(_problem(v, path, "error", f"replaced by unknown provision {succ!r}", "successor"))
                continue
            until = v.window.until
            start = min(s.window.from_ for s in table[succ])
            if until is None:
                out.append(
                    _problem(
                        v,
                        path,
                        "error",
                        f"replaced by {succ!r} (in force from {start}), but in force with no end: "
                        "give in_force.until, the day the successor starts",
                        "successor",
                    )
                )
            elif start > until:
                out.append(
                    _problem(
                        v,
                        path,
                        "error",
                        f"gap in the chain: ends on {until}, but its successor {succ!r} is in force only from "
                        f"{start}: neither applies from {until} to {start - dt.timedelta(days=1)}",
                        "successor",
                    )
                )
            elif start < until:
                out.append(
                    _problem(
                        v,
                        path,
                        "error",
                        f"overlap in the chain: its successor {succ!r} is in force from {start}, before this "
                        f"one ends ({until}): both would apply",
                        "successor",
                    )
                )
    out.extend(_loops(table))
    return out


def _loops(table: Mapping[str, list[Version]]) -> Iterator[Problem]:
    succ = {pid: v.loc.provision.replaced_by for pid, vs in table.items() for v in vs if v.loc.provision.replaced_by}
    for pid, vs in table.items():
        seen: set[str] = set()
        cur = succ.get(pid)
        while cur is not None and cur not in seen and cur != pid:
            seen.add(cur)
            cur = succ.get(cur)
        if cur == pid and succ.get(pid) != pid:
            v = next(v for v in vs if v.loc.provision.replaced_by)
            yield _problem(v, ("replaced_by",), "error", f"the chain of replaced_by comes back to {pid!r}", "successor")


def document_problems(table: Mapping[str, list[Version]], sources: Mapping[str, SourceDoc]) -> list[Problem]:
    """A provision in force on days its source document is not (a warning: the dates disagree)."""
    out: list[Problem] = []
    for vs in table.values():
        for v in vs:
            number = v.loc.provision.source.document
            doc = sources.get(number)
            if doc is None or doc.in_force is None:
                continue
            d = doc.in_force
            starts_early = v.window.from_ < d.from_
            ends_late = d.until is not None and (v.window.until is None or v.window.until > d.until)
            if starts_early or ends_late:
                out.append(
                    _problem(
                        v,
                        v.dates,
                        "warning",
                        f"in force {show(v.window)}, outside the dates of its source {number} ({show(d)})",
                        "in-force",
                    )
                )
    return out


def source_chain_issues(sources: Sequence[SourceDoc]) -> Iterator[tuple[PathKey, str, Severity]]:
    """``replaced_by`` between documents: the successor starts the day the document ends."""
    by_number = {s.number: s for s in sources}
    for i, s in enumerate(sources):
        succ = by_number.get(s.replaced_by or "")
        if succ is None or s.replaced_by is None:
            continue
        path: PathKey = ("sources", i, "replaced_by")
        if s.in_force is None or s.in_force.until is None:
            yield path, f"replaced by {s.replaced_by}, but in_force.until (the day it ended) is not given", "warning"
            continue
        if succ.in_force is None:
            continue  # the successor's dates are unknown: nothing to compare
        until, start = s.in_force.until, succ.in_force.from_
        if start > until:
            yield (
                path,
                f"gap in the chain: ends on {until}, but {s.replaced_by} is in force only from {start}",
                "error",
            )
        elif start < until:
            yield (
                path,
                f"overlap in the chain: {s.replaced_by} is in force from {start}, before this one ends ({until})",
                "error",
            )


def source_chain_problems(doc: Document, sources: Sequence[SourceDoc]) -> list[Problem]:
    out = []
    for path, message, severity in source_chain_issues(sources):
        line, col = doc.where(path)
        out.append(Problem(doc.file, line, col, severity, message, "successor"))
    return out
