"""The file formats: ``hiepy schema`` (a format's JSON Schema) and ``hiepy convert`` (workbook and YAML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hiepy_rules.cli.options import (
    Lang,
    h,
)


def schema(
    name: Annotated[
        str,
        typer.Argument(
            help=h(
                "proposal (đề án), provision (tệp quy định), pack-tests (kiểm thử gói) hoặc waivers (miễn trừ).",
                "proposal, provision, pack-tests or waivers.",
            ),
            metavar="NAME",
        ),
    ],
) -> None:
    """Print the JSON Schema of a file format (for an editor's completion and checking)."""
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.schema import run_schema

    raise typer.Exit(run_schema(name))


def convert(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SOURCE",
            help=h(
                "Đề án cần chuyển: bảng tính (.xlsx) hoặc tệp YAML.",
                "The proposal to convert: a workbook (.xlsx) or a YAML file.",
            ),
        ),
    ],
    target: Annotated[
        Path,
        typer.Argument(
            metavar="TARGET",
            help=h(
                "Tệp cần ghi: .yaml cho một bảng tính, .xlsx cho một tệp YAML.",
                "The file to write: .yaml for a workbook, .xlsx for a YAML file.",
            ),
        ),
    ],
    lang: Annotated[
        Lang,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=h(
                "Ngôn ngữ của tiêu đề bảng tính và các thông báo.", "Language of the workbook's headers and messages."
            ),
        ),
    ] = Lang["vi"],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=h(
                "Ghi đè TARGET nếu đã có (không bao giờ ghi đè tệp đầu vào).",
                "Overwrite TARGET if it exists (never the input).",
            ),
        ),
    ] = False,
) -> None:
    """Convert a proposal between a workbook (.xlsx) and YAML, through the same validation as check.

    Exit status 0: converted; 2: bad input or usage.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.convert import run_convert

    raise typer.Exit(run_convert(source, target, lang=lang.value, force=force))


def register(app: typer.Typer) -> None:
    app.command(
        help=h(
            "In lược đồ JSON của một định dạng tệp, để trình soạn thảo gợi ý và kiểm tra.\n\nMã thoát"
            " 0: đã in; 2: không có lược đồ này.",
            "Print the JSON Schema of a file format (for completion and checking in an editor).\n\nExit status 0: "
            "printed; 2: no such schema.",
        )
    )(schema)
    app.command(
        help=h(
            "Chuyển một đề án giữa bảng tính (.xlsx) và YAML, qua cùng bước kiểm tra dữ liệu như lệnh kiểm tra."
            "\n\nMã thoát 0: đã chuyển; 2: dữ liệu vào sai hoặc dùng sai lệnh.",
            "Convert a proposal between a workbook (.xlsx) and YAML, through the same validation as check.\n\n"
            "Exit status 0: converted; 2: bad input or usage.",
        )
    )(convert)
