"""Waivers: accepted exceptions to a provision, decided by a competent body (``hiepy check --waivers``).

A waivers file lists, for each exception, the provision, the subject it covers (a path in the
proposal such as ``titles[1].candidates``, or a fact id such as ``title:pho-cuc-truong``, both as a
finding shows them), optionally the proposal id, the approving body, its decision number and the
last day the waiver is valid::

    waivers:
      - provision: quang-tri-2012.G6
        subject: consultations[1].reply_due
        approved_by: Ban Thường vụ Tỉnh ủy Quảng Trị
        decision: 123-QĐ/TU
        valid_until: 2012-12-31

A finding a waiver covers is reported with ``waiver`` set (and its message marked): shown, not
counted, like an overridden one. A waiver counts only when it suppressed a finding. Judged on the
date of each check (the proposal's date or ``--as-of``): a waiver is valid up to and including
``valid_until``; an expired one suppresses nothing and is an error; one that suppresses nothing is
a warning. Each is reported at its line in the waivers file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.findings.model import CheckResult, Finding, WaiverRef, Words
from hiepy_rules.load.document import Document
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import load
from hiepy_rules.schema.base import InputModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.proposal_types import Id, Text
from hiepy_rules.schema.provision import I18n, ProvisionId

Status = Literal["applied", "expired", "unused"]


class Waiver(InputModel):
    """One accepted exception (miễn trừ) to one provision, for one subject."""

    provision: ProvisionId = Field(
        **bi("Quy định", "Provision", "Mã quy định được miễn trừ.", "Id of the provision waived.")
    )
    subject: Text = Field(
        **bi(
            "Đối tượng",
            "Subject",
            "Đường dẫn trong đề án (như titles[1].candidates) hoặc mã sự kiện (như title:pho-cuc-truong), "
            "đúng như phát hiện ghi.",
            "A path in the proposal (e.g. titles[1].candidates) or a fact id (e.g. title:pho-cuc-truong), "
            "as the finding shows it.",
        )
    )
    proposal: Id | None = Field(
        None,
        **bi(
            "Đề án",
            "Proposal",
            "Mã đề án được miễn trừ; bỏ trống là mọi đề án.",
            "Id of the proposal it covers; absent: any proposal.",
        ),
    )
    approved_by: Text = Field(
        **bi("Cơ quan chấp thuận", "Approved by", "Cơ quan đã quyết định miễn trừ.", "The body that decided it.")
    )
    decision: Text = Field(
        **bi("Số quyết định", "Decision", "Số văn bản quyết định miễn trừ.", "Number of the deciding document.")
    )
    decided_on: dt.date | None = Field(
        None, **bi("Ngày quyết định", "Decided on", "Ngày ký quyết định.", "Date of the decision.")
    )
    valid_until: dt.date = Field(
        **bi(
            "Hiệu lực đến",
            "Valid until",
            "Ngày cuối cùng miễn trừ còn hiệu lực (tính cả ngày này).",
            "Last day the waiver is valid (inclusive).",
        )
    )
    note: I18n | None = Field(None, **bi("Ghi chú", "Note", "Lý do miễn trừ.", "Why it was granted."))


class WaiversFile(InputModel):
    """A waivers file: accepted exceptions, each with its decision and end date."""

    waivers: list[Waiver] = Field(
        default_factory=list, **bi("Miễn trừ", "Waivers", "Danh sách miễn trừ.", "The accepted exceptions.")
    )


@dataclass(frozen=True)
class WaiverSet:
    """The waivers of one file, with where each stands in it."""

    doc: Document
    entries: tuple[Waiver, ...]

    def where(self, i: int, *sub: str) -> tuple[int, int]:
        return self.doc.where(("waivers", i, *sub))


@dataclass(frozen=True)
class WaiverStatus:
    """What one waiver did in a check: applied to findings, expired, or unused."""

    waiver: Waiver
    file: str
    line: int
    column: int
    status: Status
    waived: int  # findings it suppressed
    problem: Problem | None

    def as_json(self) -> dict[str, Any]:
        w = self.waiver
        return {
            "provision": w.provision,
            "subject": w.subject,
            "proposal": w.proposal,
            "approved_by": w.approved_by,
            "decision": w.decision,
            "valid_until": w.valid_until.isoformat(),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "status": self.status,
            "waived": self.waived,
        }


def load_waivers(path: Path, rules: RuleSet | None = None, *, display: str | None = None) -> WaiverSet:
    """Read and validate a waivers file; ``InputError`` lists every problem (unknown provisions too)."""
    doc = load(path, display=display)
    parsed = validate(WaiversFile, doc)
    if rules is not None:
        unknown = [
            Problem(doc.file, *doc.where(("waivers", i, "provision")), "error", f"unknown provision {w.provision!r}")
            for i, w in enumerate(parsed.waivers)
            if w.provision not in rules.by_id
        ]
        if unknown:
            raise InputError(unknown)
    return WaiverSet(doc, tuple(parsed.waivers))


def covers(w: Waiver, result: CheckResult, f: Finding) -> bool:
    """Whether ``w`` names this finding: its provision, its subject, its proposal (when given)."""
    return (
        f.kind != "overridden"
        and w.provision in f.provisions
        and w.subject in (f.subject.path, f.subject.fact)
        and (w.proposal is None or w.proposal == result.proposal)
    )


def apply(results: Sequence[CheckResult], waivers: WaiverSet) -> tuple[list[CheckResult], list[WaiverStatus]]:
    """The results with waived findings marked, and what each waiver did (in file order)."""
    waived = [0] * len(waivers.entries)
    expired_as_of: list[dt.date | None] = [None] * len(waivers.entries)
    out: list[CheckResult] = []
    for r in results:
        day = dt.date.fromisoformat(r.as_of)
        live: list[int] = []
        for i, w in enumerate(waivers.entries):
            if w.proposal is not None and w.proposal != r.proposal:
                continue
            if day > w.valid_until:  # expired on the date this proposal is judged
                seen = expired_as_of[i]
                expired_as_of[i] = day if seen is None else max(seen, day)
            else:
                live.append(i)
        findings: list[Finding] = []
        for f in r.findings:
            hit = next((i for i in live if f.waiver is None and covers(waivers.entries[i], r, f)), None)
            if hit is not None:
                waived[hit] += 1
                f = _mark(f, waivers, hit)
            findings.append(f)
        out.append(r.model_copy(update={"findings": findings}))
    return out, [_status(waivers, i, waived[i], expired_as_of[i]) for i in range(len(waivers.entries))]


def _mark(f: Finding, waivers: WaiverSet, i: int) -> Finding:
    w = waivers.entries[i]
    line, col = waivers.where(i)
    until_vi = w.valid_until.strftime("%d/%m/%Y")
    return f.model_copy(
        update={
            "waiver": WaiverRef(
                decision=w.decision,
                approved_by=w.approved_by,
                valid_until=w.valid_until.isoformat(),
                file=waivers.doc.file,
                line=line,
                column=col,
            ),
            "message": Words(
                vi=f"[miễn trừ theo {w.decision} của {w.approved_by}, hiệu lực đến {until_vi}] {f.message.vi}",
                en=f"[waived by {w.decision} of {w.approved_by}, valid until {w.valid_until}] {f.message.en}",
            ),
        }
    )


def _status(waivers: WaiverSet, i: int, count: int, expired: dt.date | None) -> WaiverStatus:
    w = waivers.entries[i]
    file = waivers.doc.file
    line, col = waivers.where(i)
    what = f"waiver of {w.provision} for {w.subject} ({w.decision}, {w.approved_by})"
    if expired is not None:
        status: Status = "expired"
        problem: Problem | None = Problem(
            file,
            *waivers.where(i, "valid_until"),
            "error",
            f"{what} expired on {w.valid_until} and the check is as of {expired}: "
            "it waives nothing; renew the decision or fix the proposal",
            "waiver-expired",
        )
    elif count:
        status, problem = "applied", None
    else:
        status = "unused"
        problem = Problem(
            file,
            line,
            col,
            "warning",
            f"{what} waives no finding: remove it, or correct its provision, subject or proposal",
            "waiver-unused",
        )
    return WaiverStatus(w, file, line, col, status, count, problem)
