"""``hiepy init``: a starter proposal, or the workbook template."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hiepy_rules.cli import options as opt
from hiepy_rules.cli.common import use_lang
from hiepy_rules.cli.options import (
    Lang,
    h,
)


class UnitKind(StrEnum):
    central_line_unit = "central_line_unit"
    provincial_department = "provincial_department"
    state_enterprise = "state_enterprise"
    other = "other"


def init(
    path: Annotated[
        Path,
        typer.Argument(metavar="FILE", help=h("Tệp đề án sẽ tạo.", "The proposal file to create.")),
    ] = Path("de-an-quy-hoach.yaml"),
    unit_kind: Annotated[
        UnitKind,
        typer.Option(
            "--unit-kind",
            metavar="KIND",
            help=h(
                "Loại đơn vị: thang chức danh của nó được viết ra.",
                "The kind of unit: its title ladder is written out.",
            ),
        ),
    ] = UnitKind.central_line_unit,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            metavar="FILE",
            help=h(
                "Viết bảng tính đề án mẫu vào tệp này.", "Write the empty proposal workbook (template) to this file."
            ),
        ),
    ] = None,
    lang: Annotated[
        Lang | None, opt.lang_option("Ngôn ngữ tiêu đề bảng tính.", "Language of the workbook's headers.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=h("Ghi đè bảng tính mẫu nếu đã có.", "Overwrite the workbook template if it exists.")
        ),
    ] = False,
) -> None:
    """Start a proposal: a starter YAML file, or with --xlsx the workbook template."""
    if xlsx is not None:
        # loaded when the command runs: --help and --version stay fast
        from hiepy_rules.cli.convert import run_init_xlsx

        raise typer.Exit(run_init_xlsx(xlsx, lang=use_lang(lang), force=force))
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.init import run_init

    raise typer.Exit(run_init(path, unit_kind.value))


def register(app: typer.Typer) -> None:
    app.command(
        help=h(
            "Bắt đầu một đề án: viết tệp đề án mẫu (dòng lược đồ, chú thích tiếng Việt, thang chức danh của loại"
            " đơn vị, một cán bộ và một quy hoạch làm ví dụ) qua được lệnh `hiepy lint`; --xlsx TỆP viết bảng tính mẫu"
            " (tiêu đề, ghi chú, danh sách chọn).\n\nMã thoát 0: đã viết; 2: tệp đã có (không bao giờ ghi đè)"
            " hoặc không viết được.",
            "Start a proposal: write a starter proposal (schema line, Vietnamese comments, the unit kind's title"
            " ladder, one cadre and one candidacy as examples) that lints clean; --xlsx FILE writes the workbook"
            " template (headers, notes, drop-down lists).\n\nExit status 0: written; 2: the file exists (never"
            " overwritten) or cannot be written.",
        )
    )(init)
