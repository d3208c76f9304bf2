"""The summary table a batch prints on stderr after a text report: files, unreadable and failing
ones, findings by kind, time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console

    from hiepy_rules.report import Lang


class _Counted(Protocol):
    """What the summary reads of one proposal's outcome (``batch.Outcome``)."""

    @property
    def problems(self) -> object: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def failing(self) -> int: ...


@dataclass
class Summary:
    files: int = 0
    unreadable: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    failing: int = 0  # proposals with a finding that counts under --fail-on
    seconds: float = 0.0

    def add(self, o: _Counted) -> None:
        self.files += 1
        if o.problems:
            self.unreadable += 1
        for kind, n in o.counts.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n
        self.failing += o.failing


_KINDS = ("violation", "conflict", "overridden", "notice", "indeterminate")


def print_summary(summary: Summary, lang: Lang, console: Console, *, waived: bool = False) -> None:
    """One row: files, unreadable ones, failing ones (not shown with waivers: counted before them),
    findings by kind, time."""
    # rich only to print the summary
    from rich.table import Table

    from hiepy_rules.schema import labels

    vi = lang == "vi"
    table = Table(title="Tổng hợp đợt kiểm tra" if vi else "Batch summary", title_justify="left")
    table.add_column("Tệp" if vi else "Files", justify="right")
    table.add_column("Không đọc được" if vi else "Unreadable", justify="right")
    if not waived:
        table.add_column("Không đạt" if vi else "Failing", justify="right")
    kinds = [k for k in _KINDS if k in summary.by_kind] + sorted(set(summary.by_kind) - set(_KINDS))
    for k in kinds:
        table.add_column(labels.pick(labels.KINDS[k], lang) if k in labels.KINDS else k, justify="right")
    table.add_column("Thời gian" if vi else "Time", justify="right")
    table.add_row(
        str(summary.files),
        str(summary.unreadable),
        *([] if waived else [str(summary.failing)]),
        *(str(summary.by_kind[k]) for k in kinds),
        f"{summary.seconds:.1f} s",
    )
    console.print(table)
