"""Questions about rule sets without a proposal: ``hiepy conflicts`` and ``hiepy diff``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hiepy_rules.cli import options as opt
from hiepy_rules.cli.common import config, use_lang
from hiepy_rules.cli.options import (
    AnalysisFormat,
    DiffFormat,
    Lang,
    h,
)


def conflicts(
    paths: Annotated[
        list[Path] | None,
        opt.paths_argument(
            "Thư mục gốc bộ quy định hoặc thư mục gói cần phân tích (mặc định: mọi gói đi kèm).",
            "Rules roots or pack folders to analyse (default: every bundled pack).",
        ),
    ] = None,
    fmt: opt.TableFormatOption = AnalysisFormat["text"],
    lang: Annotated[
        Lang | None, opt.lang_option("Ngôn ngữ của bảng (vi hoặc en).", "Language of the text table.")
    ] = None,
    witness_dir: Annotated[
        Path | None,
        opt.witness_dir_option(
            "Ghi một đề án minh họa cho mỗi xung đột vào thư mục này.",
            "Write a witness proposal for each conflict here.",
        ),
    ] = None,
    output: opt.AnalysisOutputOption = None,
    timeout: opt.TimeoutOption = None,
) -> None:
    """Conflicts between provisions found without a proposal: where they happen, who prevails, a witness.

    Also packs that contradict themselves, provisions that never apply and provisions implied by
    another. Exit status 0: no conflict and no pack contradicting itself; 1: some; 2: bad input.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.analysis import run_conflicts

    raise typer.Exit(
        run_conflicts(
            list(paths or config().rules or []),
            fmt=fmt.value,
            lang=use_lang(lang),
            witness_dir=witness_dir,
            output=output,
            timeout=timeout,
        )
    )


def diff(
    a: Annotated[
        Path,
        typer.Argument(
            metavar="A",
            help=h(
                "Bộ quy định A: thư mục gốc bộ quy định hoặc thư mục một gói.",
                "Rule set A: a rules root or a pack folder.",
            ),
        ),
    ],
    b: Annotated[
        Path,
        typer.Argument(
            metavar="B",
            help=h(
                "Bộ quy định B: thư mục gốc bộ quy định hoặc thư mục một gói.",
                "Rule set B: a rules root or a pack folder.",
            ),
        ),
    ],
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=h(
                "text, json hoặc markdown.",
                "text, json or markdown.",
            ),
        ),
    ] = DiffFormat["text"],
    lang: Annotated[Lang | None, opt.lang_option("Ngôn ngữ của bảng (vi hoặc en).", "Language of the table.")] = None,
    witness_dir: Annotated[
        Path | None,
        opt.witness_dir_option(
            "Ghi các đề án minh họa của mỗi khác biệt vào thư mục này.",
            "Write the witness proposals of each difference here.",
        ),
    ] = None,
    output: opt.AnalysisOutputOption = None,
    timeout: opt.TimeoutOption = None,
) -> None:
    """Compare two rule sets topic by topic: equal, A stricter, B stricter, overlapping differently, incompatible.

    Exit status 0: no difference; 1: some; 2: bad input.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.analysis import run_diff

    language = use_lang(lang)
    raise typer.Exit(
        run_diff(a, b, fmt=fmt.value, lang=language, witness_dir=witness_dir, output=output, timeout=timeout)
    )


def register(app: typer.Typer) -> None:
    app.command(
        help=h(
            "Xung đột giữa các điều khoản, tìm không cần đề án: xảy ra khi nào, bên nào được ưu tiên, một đề án "
            "minh họa.\n\nCả gói tự mâu thuẫn, điều khoản không bao giờ áp dụng và điều khoản bị điều khoản khác "
            "bao hàm. Mã thoát 0: không có xung đột; 1: có; 2: dữ liệu vào sai.",
            "Conflicts between provisions found without a proposal: where they happen, who prevails, a "
            "witness.\n\nAlso packs that contradict themselves, provisions that never apply and provisions implied "
            "by another. Exit status 0: no conflict; 1: some; 2: bad input.",
        )
    )(conflicts)
    app.command(
        help=h(
            "So sánh hai bộ quy định theo từng chủ đề: như nhau, A chặt hơn, B chặt hơn, chồng lấn khác nhau, không"
            " tương thích.\n\nMã thoát 0: không khác; 1: có khác biệt; 2: dữ liệu vào sai.",
            "Compare two rule sets topic by topic: equal, A stricter, B stricter, overlapping differently, "
            "incompatible.\n\nExit status 0: no difference; 1: some; 2: bad input.",
        )
    )(diff)
