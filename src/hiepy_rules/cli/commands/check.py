"""``hiepy check``: the typer command (the fast entry point, ``cli/main.py``, reads the same options)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hiepy_rules.cli import options as opt
from hiepy_rules.cli.common import chosen_lang
from hiepy_rules.cli.options import (
    EngineChoice,
    FailOn,
    Lang,
    OutFormat,
    h,
)


def check(
    paths: Annotated[
        list[Path],
        opt.paths_argument(
            "Tệp đề án quy hoạch, thư mục (các tệp YAML trong đó) hoặc mẫu tên tệp trong dấu nháy cần kiểm tra.",
            "Proposal files (đề án quy hoạch), folders (their YAML files) or quoted globs to check.",
        ),
    ],
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="FOLDER",
            help=h(
                "Thư mục gốc bộ quy định hoặc thư mục một gói (dùng nhiều lần được; mặc định: các gói đi kèm).",
                "A rules root or pack folder (repeatable; default: the bundled rules).",
            ),
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help=h(
                "Xét theo các điều khoản có hiệu lực vào ngày này (YYYY-MM-DD).",
                "Judge by the provisions in force on this date (YYYY-MM-DD).",
            ),
        ),
    ] = None,
    fmt: opt.FormatOption = OutFormat["text"],
    lang: Annotated[
        Lang | None, opt.lang_option("Ngôn ngữ của báo cáo (vi: tiếng Việt, en: tiếng Anh).", "Language of the report.")
    ] = None,
    engine: opt.EngineOption = EngineChoice["auto"],
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="error|warning|info",
            help=h(
                "Thoát với mã 1 khi có phát hiện ở mức này trở lên (đã miễn trừ thì không tính).",
                "Exit 1 on a finding of this severity or worse (waived: never).",
            ),
        ),
    ] = None,
    output: opt.OutputOption = None,
    waivers: Annotated[
        Path | None,
        typer.Option(
            "--waivers",
            metavar="FILE",
            help=h(
                "Tệp miễn trừ: các ngoại lệ đã được chấp thuận, vẫn hiện nhưng không tính.",
                "A waivers file: accepted exceptions, shown but not counted.",
            ),
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help=h(
                "Kiểm tra một loạt tệp bằng ngần này tiến trình (mặc định: mỗi nhân một tiến trình).",
                "Check a batch in this many processes (default: one per core).",
            ),
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help=h(
                "Bỏ qua các tệp của thư mục hay mẫu tên khớp với mẫu này (dùng nhiều lần được).",
                "Leave out the files of a folder or glob matching this pattern (repeatable).",
            ),
        ),
    ] = None,
    compare_as_of: Annotated[
        str | None,
        typer.Option(
            "--compare-as-of",
            metavar="YYYY-MM-DD",
            help=h(
                "Giả định: xét thêm theo ngày này; báo các phát hiện xuất hiện, mất đi hay thay đổi.",
                "What-if: also judge by this date; report what appears, goes or changes.",
            ),
        ),
    ] = None,
    compare_rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--compare-rules",
            metavar="FOLDER",
            help=h(
                "Giả định: xét thêm theo bộ quy định này (lặp lại được); báo các khác biệt.",
                "What-if: also judge by these rules (repeatable): report the differences.",
            ),
        ),
    ] = None,
) -> None:
    """Check proposals: violations, conflicts between provisions and which prevails, with fixes.

    Exit status 0: no finding of severity error (or --fail-on); 1: some; 2: bad input or usage.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.check import run_check

    raise typer.Exit(
        run_check(
            list(paths),
            rules=rules,
            as_of=as_of,
            fmt=opt.fmt(fmt),
            lang=opt.lang(lang) if lang is not None else chosen_lang(),
            engine=opt.engine(engine),
            fail_on=opt.fail_on(fail_on) if fail_on is not None else None,
            output=output,
            waivers=waivers,
            jobs=jobs,
            compare_as_of=compare_as_of,
            compare_rules=compare_rules,
            exclude=exclude,
        )
    )


def register(app: typer.Typer) -> None:
    app.command(
        help=h(
            "Kiểm tra đề án: vi phạm, xung đột giữa các điều khoản và điều khoản nào được ưu tiên, kèm cách "
            "sửa.\n\nMã thoát 0: không có phát hiện mức lỗi (hoặc mức đặt bằng --fail-on); 1: có; 2: dữ liệu vào"
            " sai hoặc dùng"
            " sai lệnh.",
            "Check proposals: violations, conflicts between provisions and which prevails, with fixes.\n\nExit "
            "status 0: no finding of severity error (or --fail-on); 1: some; 2: bad input or usage.",
        )
    )(check)
