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

from hiepy_rules.errors import Code, Problem, Severity
from hiepy_rules.load.document import Document, PathKey
from hiepy_rules.load.ruleset import Located, Pack
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


# --- the codes of time problems (declared here: loading refuses overlapping versions too) ------------

VERSION_OVERLAP = Code(
    "version-overlap",
    "time",
    "error",
    (
        "Hai phiên bản của một quy định (cùng mã, cùng gói) có thời gian hiệu lực chồng nhau: không biết"
        " phiên bản nào áp dụng. Cho phiên bản trước kết thúc (`until`) đúng ngày phiên bản sau bắt đầu.",
        "Two versions of one provision (one id, one pack) are in force on the same days: no check could"
        " tell which applies. End the earlier one (`until`) on the day the later one starts.",
    ),
    {
        "": (
            "phiên bản này của {pid!r} ({window}) chồng lên phiên bản ở {first} ({first_window}): các phiên bản"
            " của một quy định cần thời gian hiệu lực không giao nhau",
            "this version of {pid!r} ({window}) overlaps the version at {first} ({first_window}): versions of"
            " one provision need windows that do not meet",
        )
    },
)


VERSION_GAP = Code(
    "version-gap",
    "time",
    "warning",
    (
        "Giữa hai phiên bản của một quy định có những ngày không phiên bản nào có hiệu lực.",
        "Between two versions of one provision there are days when no version is in force.",
    ),
    {
        "": (
            "không phiên bản nào của {pid!r} có hiệu lực từ {since} đến {start}: phiên bản trước kết thúc ngày {since}",
            "no version of {pid!r} is in force from {since} to {start}: the previous version ends on {since}",
        )
    },
)


SUCCESSOR = Code(
    "successor",
    "time",
    "error",
    (
        "Chuỗi thay thế (`replaced_by`) của quy định hoặc văn bản bị đứt, chồng hay quay vòng: quy định (văn"
        " bản) kế tiếp phải bắt đầu hiệu lực đúng ngày cái trước hết hiệu lực.",
        "A chain of `replaced_by` (provisions or documents) has a gap, an overlap or a loop: the successor"
        " must come into force on the day its predecessor ends.",
    ),
    {
        "self": (
            "một quy định không thể thay thế chính nó: các phiên bản của một quy định dùng chung mã, mỗi"
            " phiên bản có `in_force` riêng, và không cần `replaced_by`",
            "a provision cannot replace itself: versions of one provision share an id, each with its own"
            " in_force, and need no replaced_by",
        ),
        "unknown": ("được thay bằng quy định không có: {succ!r}", "replaced by unknown provision {succ!r}"),
        "no-end": (
            "được thay bằng {succ!r} (có hiệu lực từ {start}), nhưng không có ngày hết hiệu lực: hãy ghi"
            " `in_force.until`, ngày quy định kế tiếp bắt đầu",
            "replaced by {succ!r} (in force from {start}), but in force with no end: give in_force.until,"
            " the day the successor starts",
        ),
        "gap": (
            "chuỗi bị hở: hết hiệu lực ngày {until}, nhưng {succ!r} thay thế chỉ có hiệu lực từ {start}: không"
            " quy định nào áp dụng từ {until} đến {last}",
            "gap in the chain: ends on {until}, but its successor {succ!r} is in force only from {start}:"
            " neither applies from {until} to {last}",
        ),
        "overlap": (
            "chuỗi bị chồng: {succ!r} thay thế có hiệu lực từ {start}, trước khi quy định này hết hiệu lực"
            " ({until}): cả hai cùng áp dụng",
            "overlap in the chain: its successor {succ!r} is in force from {start}, before this one ends"
            " ({until}): both would apply",
        ),
        "loop": ("chuỗi `replaced_by` quay lại {pid!r}", "the chain of replaced_by comes back to {pid!r}"),
        "document-no-end": (
            "được thay bằng {succ}, nhưng không ghi `in_force.until` (ngày hết hiệu lực)",
            "replaced by {succ}, but in_force.until (the day it ended) is not given",
        ),
        "document-gap": (
            "chuỗi bị hở: hết hiệu lực ngày {until}, nhưng {succ} chỉ có hiệu lực từ {start}",
            "gap in the chain: ends on {until}, but {succ} is in force only from {start}",
        ),
        "document-overlap": (
            "chuỗi bị chồng: {succ} có hiệu lực từ {start}, trước khi văn bản này hết hiệu lực ({until})",
            "overlap in the chain: {succ} is in force from {start}, before this one ends ({until})",
        ),
    },
)


IN_FORCE = Code(
    "in-force",
    "time",
    "warning",
    (
        "Thời gian hiệu lực của quy định vượt ra ngoài thời gian của gói hoặc của văn bản nguồn: ngoài đó"
        " quy định không áp dụng, hoặc ngày tháng bị ghi sai.",
        "A provision's dates in force reach outside its pack's or its source document's: it does not apply"
        " there, or a date is wrong.",
    ),
    {
        "source": (
            "có hiệu lực {window}, ngoài thời gian hiệu lực của văn bản nguồn {number} ({dates})",
            "in force {window}, outside the dates of its source {number} ({dates})",
        ),
        "before-pack": (
            "có hiệu lực từ {start}, trước gói của nó ({pack_start}): quy định không áp dụng trước khi gói áp dụng",
            "in force from {start}, before its pack ({pack_start}): it does not apply before the pack does",
        ),
        "after-pack": (
            "còn hiệu lực sau khi gói hết hiệu lực ({pack_until}): quy định không áp dụng sau khi gói hết hiệu lực",
            "in force after its pack ends ({pack_until}): it does not apply after the pack does",
        ),
    },
)


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


def _problem(v: Version, path: tuple[str | int, ...], code: Code, variant: str = "", **args: object) -> Problem:
    file, line, col = v.where(*path)
    vi, en = code.texts(variant, **args)
    return Problem(file, line, col, code.severity, vi, code.id, en)


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
                        VERSION_OVERLAP,
                        pid=pid,
                        window=show(v.window),
                        first=f"{f0}:{l0}",
                        first_window=show(earlier.window),
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
                out.append(_problem(b, b.dates, VERSION_GAP, pid=pid, since=a.window.until, start=b.window.from_))
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
                out.append(_problem(v, path, SUCCESSOR, "self"))
                continue
            if succ not in table:
                if complete:
                    out.append(_problem(v, path, SUCCESSOR, "unknown", succ=succ))
                continue
            until = v.window.until
            start = min(s.window.from_ for s in table[succ])
            if until is None:
                out.append(_problem(v, path, SUCCESSOR, "no-end", succ=succ, start=start))
            elif start > until:
                last = start - dt.timedelta(days=1)
                out.append(_problem(v, path, SUCCESSOR, "gap", until=until, succ=succ, start=start, last=last))
            elif start < until:
                out.append(_problem(v, path, SUCCESSOR, "overlap", until=until, succ=succ, start=start))
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
            yield _problem(v, ("replaced_by",), SUCCESSOR, "loop", pid=pid)


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
                    _problem(v, v.dates, IN_FORCE, "source", window=show(v.window), number=number, dates=show(d))
                )
    return out


def source_chain_issues(sources: Sequence[SourceDoc]) -> Iterator[tuple[PathKey, str, Severity, dict[str, object]]]:
    """``replaced_by`` between documents: the successor starts the day the document ends. Each
    problem as its path, its ``SUCCESSOR`` variant, its severity and the message's arguments."""
    by_number = {s.number: s for s in sources}
    for i, s in enumerate(sources):
        succ = by_number.get(s.replaced_by or "")
        if succ is None or s.replaced_by is None:
            continue
        path: PathKey = ("sources", i, "replaced_by")
        if s.in_force is None or s.in_force.until is None:
            yield path, "document-no-end", "warning", {"succ": s.replaced_by}
            continue
        if succ.in_force is None:
            continue  # the successor's dates are unknown: nothing to compare
        until, start = s.in_force.until, succ.in_force.from_
        args: dict[str, object] = {"succ": s.replaced_by, "until": until, "start": start}
        if start > until:
            yield path, "document-gap", "error", args
        elif start < until:
            yield path, "document-overlap", "error", args


def source_chain_problems(doc: Document, sources: Sequence[SourceDoc]) -> list[Problem]:
    out = []
    for path, variant, severity, args in source_chain_issues(sources):
        line, col = doc.where(path)
        out.append(SUCCESSOR.problem(doc.file, line, col, variant, severity=severity, **args))
    return out
