"""The ``hiepy`` command: a thin typer app over the library.

Each command is one function: it parses options, calls the library, prints, and exits with a
status (0 clean, 2 bad input or problems found). Heavy modules (pydantic models, rich) are
imported inside the commands, so ``hiepy --version`` and ``--help`` start fast. Adding a
command is adding one decorated function here.

``main`` is the console entry point: no input ever ends in a traceback; an unexpected
exception is one line, ``hiepy: internal error: ...``, and exit status 2.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from hiepy_rules.choices import LANGS
from hiepy_rules.choices import Lang as LangName
from hiepy_rules.cli import options as opt
from hiepy_rules.cli.options import AnalysisFormat, DiffFormat, EngineChoice, FailOn, Lang, OutFormat
from hiepy_rules.version import __version__

if TYPE_CHECKING:
    from hiepy_rules.cli.config import Config
    from hiepy_rules.load.ruleset import Located, Pack, RuleSet
    from hiepy_rules.schema.pack import SourceDoc


def _help_lang() -> str:
    """The language of ``--help``: ``--lang`` on the command line, ``HIEPY_LANG``, the locale, else Vietnamese.

    Help is printed before the options are parsed, hence this look at the arguments themselves."""
    import os

    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg in ("--lang=vi", "--lang=en"):
            return arg[-2:]
    env = os.environ.get("HIEPY_LANG", "")[:2].lower()
    if env in LANGS:
        return env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.startswith("en") else "vi"
    return "vi"


_HELP_LANG = _help_lang()


def _h(vi: str, en: str) -> str:
    """A help text in the language of ``--help``."""
    return en if _HELP_LANG == "en" else vi


app = typer.Typer(
    name="hiepy",
    help=_h(
        "Kiểm tra đề án quy hoạch cán bộ theo các bộ quy định chồng lấn (Trung ương, Tỉnh ủy, Bộ).",
        "Check Vietnamese cadre-planning proposals (quy hoạch cán bộ) against overlapping rule sets.",
    ),
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"hiepy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help=_h(
                "In phiên bản rồi thoát.",
                "Show the version and exit.",
            ),
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=_h(
                "Ngôn ngữ của trợ giúp và thông báo (vi hoặc en) cho mọi lệnh.",
                "Language of the help and the messages (vi or en), for every command.",
            ),
        ),
    ] = None,
) -> None:
    """Check Vietnamese cadre-planning proposals (quy hoạch cán bộ) against overlapping rule sets."""
    from hiepy_rules.i18n import set_default, set_lang

    # each run starts from this --lang, HIEPY_LANG or the configuration; a command's --lang comes next
    set_lang(lang.value if lang is not None else None)
    set_default(None)  # until the configuration file is read
    set_default(_config().lang)


_FORMAT_HELP = _h(
    "text (báo cáo), json (định dạng ổn định cho máy đọc), sarif (quét mã nguồn), junit (báo cáo kiểm thử "
    "cho CI), github (chú thích trong quy trình GitHub), markdown (bảng cho báo cáo) hoặc markdown-summary "
    "(chỉ phần tổng hợp).",
    "text (a report), json (the stable contract), sarif (code scanning), junit (CI test report), "
    "github (workflow annotations), markdown (a table for a report), markdown-summary (the summary only) or "
    "html (a page to attach or print).",
)


_OUTPUT_HELP = _h(
    "Ghi kết quả vào tệp này (trọn vẹn hoặc không gì cả) thay vì ra màn hình.",
    "Write the output to this file (atomically: all of it or nothing) instead of stdout.",
)


_TIMEOUT_HELP = _h(
    "Thời gian tối đa của phép phân tích, tính bằng giây (mặc định 60); câu hỏi chưa kịp quyết định được liệt kê"
    " (mã thoát 3).",
    "Time budget of the analysis in seconds (default 60); what it leaves undecided is listed (status 3).",
)


@app.command(
    help=_h(
        "Kiểm tra đề án: vi phạm, xung đột giữa các điều khoản và điều khoản nào được ưu tiên, kèm cách "
        "sửa.\n\nMã thoát 0: không có phát hiện mức error (hoặc --fail-on); 1: có; 2: dữ liệu vào sai hoặc dùng"
        " sai lệnh.",
        "Check proposals: violations, conflicts between provisions and which prevails, with fixes.\n\nExit "
        "status 0: no finding of severity error (or --fail-on); 1: some; 2: bad input or usage.",
    )
)
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help=_h(
                "Tệp đề án quy hoạch, thư mục (các tệp YAML trong đó) hoặc mẫu tên tệp trong dấu nháy cần kiểm tra.",
                "Proposal files (đề án quy hoạch), folders (their YAML files) or quoted globs to check.",
            ),
        ),
    ],
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="FOLDER",
            help=_h(
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
            help=_h(
                "Xét theo các điều khoản có hiệu lực vào ngày này (YYYY-MM-DD).",
                "Judge by the provisions in force on this date (YYYY-MM-DD).",
            ),
        ),
    ] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", metavar="FORMAT", help=_FORMAT_HELP)] = OutFormat["text"],
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=_h(
                "Ngôn ngữ của báo cáo (vi: tiếng Việt, en: tiếng Anh).",
                "Language of the report.",
            ),
        ),
    ] = None,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            metavar="auto|durable|python",
            help=_h(
                "auto: dùng durable-rules khi đã cài, nếu không thì bộ máy thuần Python.",
                "auto takes durable-rules where it is installed.",
            ),
        ),
    ] = EngineChoice["auto"],
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="error|warning|info",
            help=_h(
                "Thoát với mã 1 khi có phát hiện ở mức này trở lên (đã miễn trừ thì không tính).",
                "Exit 1 on a finding of this severity or worse (waived: never).",
            ),
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help=_OUTPUT_HELP)] = None,
    waivers: Annotated[
        Path | None,
        typer.Option(
            "--waivers",
            metavar="FILE",
            help=_h(
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
            help=_h(
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
            help=_h(
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
            help=_h(
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
            help=_h(
                "Giả định: xét thêm theo bộ quy định này (lặp lại được); báo các khác biệt.",
                "What-if: also judge by these rules (repeatable): report the differences.",
            ),
        ),
    ] = None,
) -> None:
    """Check proposals: violations, conflicts between provisions and which prevails, with fixes.

    Exit status 0: no finding of severity error (or --fail-on); 1: some; 2: bad input or usage.
    """
    from hiepy_rules.cli.check import run_check

    raise typer.Exit(
        run_check(
            list(paths),
            rules=rules,
            as_of=as_of,
            fmt=opt.fmt(fmt),
            lang=opt.lang(lang) if lang is not None else _chosen_lang(),
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


@app.command(
    help=_h(
        "Kiểm tra tệp quy định, gói, kiểm thử gói, tệp đăng ký và đề án: mỗi vấn đề một dòng "
        "TỆP:DÒNG:CỘT.\n\nMột điều khoản không thể cùng thỏa với điều khoản của cấp cao hơn là lỗi; với cấp "
        "ngang, là cảnh báo. Mã thoát 0: không có vấn đề; 2: có vấn đề hoặc không chạy được.",
        "Validate rule files, packs, pack tests, registries and proposals: one line per problem, "
        "FILE:LINE:COLUMN.\n\nA provision that cannot be met together with one of higher authority is an error;"
        " with one of a peer, a warning. Exit status 0: no problem; 2: problems, or it could not run.",
    )
)
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help=_h(
                "Tệp quy định, gói, thư mục gốc bộ quy định, tệp đăng ký hoặc đề án; thư mục được duyệt hết.",
                "Rule files, packs, rules roots, registries or proposals; folders are walked.",
            ),
        ),
    ],
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=_h(
                "Tính cảnh báo như lỗi (--fail-on warning).",
                "Count warnings as errors (--fail-on warning).",
            ),
        ),
    ] = False,
    fmt: Annotated[OutFormat, typer.Option("--format", metavar="FORMAT", help=_FORMAT_HELP)] = OutFormat["text"],
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            metavar="error|warning|info",
            help=_h(
                "Thoát với mã 2 khi có vấn đề ở mức này trở lên.",
                "Exit 2 on a problem of this severity or worse.",
            ),
        ),
    ] = FailOn["error"],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help=_OUTPUT_HELP)] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=_h(
                "Ngôn ngữ của thông báo (vi hoặc en).",
                "Language of the messages.",
            ),
        ),
    ] = None,
    witness_dir: Annotated[
        Path | None,
        typer.Option(
            "--witness-dir",
            metavar="FOLDER",
            help=_h(
                "Ghi đề án minh họa của mỗi mâu thuẫn vào thư mục này (nếu không thì in kèm).",
                "Write the witness proposal of each contradiction here (else inline).",
            ),
        ),
    ] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0, help=_TIMEOUT_HELP)] = None,
) -> None:
    """Validate rule files, packs, pack tests, registries and proposals: one line per problem, FILE:LINE:COLUMN.

    A provision that cannot be met together with one of higher authority (bundled packs included)
    is an error; with a peer's, a warning.
    """
    from hiepy_rules.cli.output import finish_lint
    from hiepy_rules.cli.outputs import refused
    from hiepy_rules.lint.runner import lint_paths

    language = _use_lang(lang)
    if refused(output, paths, language):
        raise typer.Exit(2)
    from hiepy_rules.analysis import budget

    with budget.limit(timeout):
        problems = lint_paths(paths, witness_dir=witness_dir) if witness_dir is not None else lint_paths(paths)
    level = FailOn["warning"] if strict and fail_on == "error" else fail_on
    raise typer.Exit(
        finish_lint(problems, paths, fmt=opt.fmt(fmt), lang=language, fail_on=opt.fail_on(level), output=output)
    )


@app.command(
    "test",
    help=_h(
        "Chạy các kiểm thử đặt cạnh bộ quy định (<gói>/tests/*.yaml): các phát hiện mong đợi cho mỗi đề "
        "án.\n\nMã thoát 0: mọi kiểm thử đạt (và độ phủ đạt --threshold); 1: có kiểm thử không đạt; 2: dữ liệu "
        "vào sai.",
        "Run the pack tests kept beside the rules (<pack>/tests/*.yaml): expected findings per "
        "proposal.\n\nExit status 0: every test passed (and coverage reached --threshold); 1: some did not; 2: "
        "bad input.",
    ),
)
def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help=_h(
                "Thư mục gốc bộ quy định, thư mục gói hoặc tệp kiểm thử của gói (mặc định: các gói đi kèm).",
                "Rules roots, pack folders or pack test files (default: the bundled rules).",
            ),
        ),
    ] = None,
    select: Annotated[
        str | None,
        typer.Option(
            "-k",
            metavar="TEXT",
            help=_h(
                "Chỉ chạy các kiểm thử có tên (hoặc TỆP::TÊN) chứa đoạn chữ này.",
                "Run only the tests whose name (or FILE::NAME) contains this text.",
            ),
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help=_h(
                "Báo các điều khoản chưa có kiểm thử nào thấy vừa kích hoạt vừa im lặng.",
                "Report which provisions no test saw both fire and stay silent.",
            ),
        ),
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            metavar="N",
            min=0,
            max=100,
            help=_h(
                "Không đạt khi độ phủ điều khoản dưới N % (kèm theo --coverage).",
                "Fail when provision coverage is below N % (implies --coverage).",
            ),
        ),
    ] = None,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            metavar="auto|durable|python",
            help=_h(
                "auto: dùng durable-rules khi đã cài, nếu không thì bộ máy thuần Python.",
                "auto takes durable-rules where it is installed.",
            ),
        ),
    ] = EngineChoice["auto"],
) -> None:
    """Run the pack tests kept beside the rules (<pack>/tests/*.yaml): expected findings per proposal.

    Exit status 0: every test passed (and coverage reached --threshold); 1: some did not; 2: bad input.
    """
    from hiepy_rules.cli.test import run_tests

    raise typer.Exit(
        run_tests(
            list(paths or _config().rules or []),
            select=select,
            coverage=coverage or threshold is not None,
            threshold=threshold,
            engine=opt.engine(engine),
        )
    )


@app.command(
    help=_h(
        "Liệt kê các điều khoản của các gói: mã, nguồn, cơ quan ban hành, thời gian hiệu lực, mức độ, nội "
        "dung.\n\nMã thoát 0: đã liệt kê; 2: bộ quy định không nạp được.",
        "List the provisions of the packs: id, source, issuer, dates in force, severity, words.\n\nExit status "
        "0: listed; 2: the rules do not load.",
    )
)
def rules(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help=_h(
                "Thư mục gốc bộ quy định hoặc thư mục gói (mặc định: các gói đi kèm hiepy).",
                "Rules roots or pack folders (default: the rules bundled with hiepy).",
            ),
        ),
    ] = None,
    fmt: Annotated[
        AnalysisFormat,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=_h(
                "text (một bảng) hoặc json.",
                "text (a table) or json.",
            ),
        ),
    ] = AnalysisFormat["text"],
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=_h("Ngôn ngữ của điều khoản được giải thích.", "Language of an explained provision."),
        ),
    ] = None,
) -> None:
    """List the provisions of the packs: id, source, issuer, dates in force, severity, words.

    Given provision ids (hiepy rules national-2012.H1), explains each as hiepy explain does.
    """
    from hiepy_rules.cli.explain import looks_like_id, run_explain
    from hiepy_rules.load.packs import load_rules

    ids = [str(p) for p in paths or () if looks_like_id(p)]
    if ids:
        roots = [p for p in paths or () if not looks_like_id(p)]
        raise typer.Exit(run_explain(ids, roots or None, fmt=fmt.value, lang=_use_lang(lang), paths_too=True))

    for path in paths or ():
        if path.exists() and not path.is_dir():
            _fail(f"{path} is not a folder: give a rules root or a pack folder")
    try:
        rs = load_rules(list(paths) if paths else _config().rules)
    except OSError as exc:
        _fail(f"cannot read {exc.filename or ''}: {exc.strerror or exc}")
    errors = sorted(p for p in rs.problems if p.severity == "error")
    if errors:
        more = f" (and {len(errors) - 1} more; run hiepy lint)" if len(errors) > 1 else ""
        _fail(f"rules do not load: {errors[0].render()}{more}")
    rows = provision_rows(rs)
    if fmt == "json":
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        _print_table(rs, rows)


@app.command()
def explain(
    ids: Annotated[list[str], typer.Argument(help="Provision ids (national-2012.H1).")],
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="A rules root or pack folder (repeatable; default: the bundled rules)."),
    ] = None,
    fmt: Annotated[AnalysisFormat, typer.Option("--format", help="text or json.")] = AnalysisFormat["text"],
    lang: Annotated[Lang | None, typer.Option("--lang", metavar="vi|en", help=_h("Ngôn ngữ.", "Language."))] = None,
) -> None:
    """Explain a provision: its words, source and versions, the facts it reads, examples and clashes.

    Exit status 0: explained; 2: unknown id (with the closest ids) or rules that do not load.
    """
    from hiepy_rules.cli.explain import run_explain

    raise typer.Exit(run_explain(list(ids), rules, fmt=fmt.value, lang=_use_lang(lang)))


class UnitKind(StrEnum):
    central_line_unit = "central_line_unit"
    provincial_department = "provincial_department"
    state_enterprise = "state_enterprise"
    other = "other"


@app.command(
    help=_h(
        "Bắt đầu một đề án: viết tệp đề án mẫu (dòng lược đồ, chú thích tiếng Việt, thang chức danh của loại"
        " đơn vị, một cán bộ và một quy hoạch làm ví dụ) qua được hiepy lint; --xlsx TỆP viết bảng tính mẫu"
        " (tiêu đề, ghi chú, danh sách chọn).\n\nMã thoát 0: đã viết; 2: tệp đã có (không bao giờ ghi đè)"
        " hoặc không viết được.",
        "Start a proposal: write a starter proposal (schema line, Vietnamese comments, the unit kind's title"
        " ladder, one cadre and one candidacy as examples) that lints clean; --xlsx FILE writes the workbook"
        " template (headers, notes, drop-down lists).\n\nExit status 0: written; 2: the file exists (never"
        " overwritten) or cannot be written.",
    )
)
def init(
    path: Annotated[
        Path,
        typer.Argument(metavar="FILE", help=_h("Tệp đề án sẽ tạo.", "The proposal file to create.")),
    ] = Path("de-an-quy-hoach.yaml"),
    unit_kind: Annotated[
        UnitKind,
        typer.Option(
            "--unit-kind",
            metavar="KIND",
            help=_h(
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
            help=_h(
                "Viết bảng tính đề án mẫu vào tệp này.", "Write the empty proposal workbook (template) to this file."
            ),
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang", metavar="vi|en", help=_h("Ngôn ngữ tiêu đề bảng tính.", "Language of the workbook's headers.")
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=_h("Ghi đè bảng tính mẫu nếu đã có.", "Overwrite the workbook template if it exists.")
        ),
    ] = False,
) -> None:
    """Start a proposal: a starter YAML file, or with --xlsx the workbook template."""
    if xlsx is not None:
        from hiepy_rules.cli.convert import run_init_xlsx

        raise typer.Exit(run_init_xlsx(xlsx, lang=_use_lang(lang), force=force))
    from hiepy_rules.cli.init import run_init

    raise typer.Exit(run_init(path, unit_kind.value))


@app.command(
    help=_h(
        "Xung đột giữa các điều khoản, tìm không cần đề án: xảy ra khi nào, bên nào được ưu tiên, một đề án "
        "minh họa.\n\nCả gói tự mâu thuẫn, điều khoản không bao giờ áp dụng và điều khoản bị điều khoản khác "
        "bao hàm. Mã thoát 0: không có xung đột; 1: có; 2: dữ liệu vào sai.",
        "Conflicts between provisions found without a proposal: where they happen, who prevails, a "
        "witness.\n\nAlso packs that contradict themselves, provisions that never apply and provisions implied "
        "by another. Exit status 0: no conflict; 1: some; 2: bad input.",
    )
)
def conflicts(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help=_h(
                "Thư mục gốc bộ quy định hoặc thư mục gói cần phân tích (mặc định: mọi gói đi kèm).",
                "Rules roots or pack folders to analyse (default: every bundled pack).",
            ),
        ),
    ] = None,
    fmt: Annotated[
        AnalysisFormat,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=_h(
                "text (một bảng) hoặc json.",
                "text (a table) or json.",
            ),
        ),
    ] = AnalysisFormat["text"],
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=_h(
                "Ngôn ngữ của bảng (vi hoặc en).",
                "Language of the text table.",
            ),
        ),
    ] = None,
    witness_dir: Annotated[
        Path | None,
        typer.Option(
            "--witness-dir",
            metavar="FOLDER",
            help=_h(
                "Ghi một đề án minh họa cho mỗi xung đột vào thư mục này.",
                "Write a witness proposal for each conflict here.",
            ),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_h(
                "Ghi kết quả vào tệp này.",
                "Write the output to this file.",
            ),
        ),
    ] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0, metavar="SECONDS", help=_TIMEOUT_HELP)] = None,
) -> None:
    """Conflicts between provisions found without a proposal: where they happen, who prevails, a witness.

    Also packs that contradict themselves, provisions that never apply and provisions implied by
    another. Exit status 0: no conflict and no pack contradicting itself; 1: some; 2: bad input.
    """
    from hiepy_rules.cli.analysis import run_conflicts

    raise typer.Exit(
        run_conflicts(
            list(paths or _config().rules or []),
            fmt=fmt.value,
            lang=_use_lang(lang),
            witness_dir=witness_dir,
            output=output,
            timeout=timeout,
        )
    )


@app.command(
    help=_h(
        "So sánh hai bộ quy định theo từng chủ đề: như nhau, A chặt hơn, B chặt hơn, chồng lấn khác nhau, không"
        " tương thích.\n\nMã thoát 0: không khác; 1: có khác biệt; 2: dữ liệu vào sai.",
        "Compare two rule sets topic by topic: equal, A stricter, B stricter, overlapping differently, "
        "incompatible.\n\nExit status 0: no difference; 1: some; 2: bad input.",
    )
)
def diff(
    a: Annotated[
        Path,
        typer.Argument(
            metavar="A",
            help=_h(
                "Bộ quy định A: thư mục gốc bộ quy định hoặc thư mục một gói.",
                "Rule set A: a rules root or a pack folder.",
            ),
        ),
    ],
    b: Annotated[
        Path,
        typer.Argument(
            metavar="B",
            help=_h(
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
            help=_h(
                "text, json hoặc markdown.",
                "text, json or markdown.",
            ),
        ),
    ] = DiffFormat["text"],
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help=_h(
                "Ngôn ngữ của bảng (vi hoặc en).",
                "Language of the table.",
            ),
        ),
    ] = None,
    witness_dir: Annotated[
        Path | None,
        typer.Option(
            "--witness-dir",
            metavar="FOLDER",
            help=_h(
                "Ghi các đề án minh họa của mỗi khác biệt vào thư mục này.",
                "Write the witness proposals of each difference here.",
            ),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_h(
                "Ghi kết quả vào tệp này.",
                "Write the output to this file.",
            ),
        ),
    ] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0, metavar="SECONDS", help=_TIMEOUT_HELP)] = None,
) -> None:
    """Compare two rule sets topic by topic: equal, A stricter, B stricter, overlapping differently, incompatible.

    Exit status 0: no difference; 1: some; 2: bad input.
    """
    from hiepy_rules.cli.analysis import run_diff

    language = _use_lang(lang)
    raise typer.Exit(
        run_diff(a, b, fmt=fmt.value, lang=language, witness_dir=witness_dir, output=output, timeout=timeout)
    )


@app.command(
    help=_h(
        "In lược đồ JSON (JSON Schema) của một định dạng tệp, để trình soạn thảo gợi ý và kiểm tra.\n\nMã thoát"
        " 0: đã in; 2: không có lược đồ này.",
        "Print the JSON Schema of a file format (for completion and checking in an editor).\n\nExit status 0: "
        "printed; 2: no such schema.",
    )
)
def schema(
    name: Annotated[
        str,
        typer.Argument(
            help=_h(
                "proposal (đề án), provision (tệp quy định), pack-tests (kiểm thử gói) hoặc waivers (miễn trừ).",
                "proposal, provision, pack-tests or waivers.",
            ),
            metavar="NAME",
        ),
    ],
) -> None:
    """Print the JSON Schema of a file format (for an editor's completion and checking)."""
    from hiepy_rules.cli.schema import run_schema

    raise typer.Exit(run_schema(name))


def _config() -> Config:
    """The configuration file in force in the current folder (``config.py``); bad: exit 2."""
    from hiepy_rules.cli.config import load
    from hiepy_rules.errors import InputError

    try:
        return load()
    except InputError as exc:
        for p in exc.problems:
            typer.echo(p.render(), err=True)
        raise typer.Exit(2) from None


def _use_lang(lang: Lang | None) -> LangName:
    """The language of this run: ``--lang``, else ``HIEPY_LANG``, else the configuration, else Vietnamese."""
    from hiepy_rules.i18n import lang as current
    from hiepy_rules.i18n import set_lang

    if lang is not None:
        set_lang(lang.value)
    return "en" if current() == "en" else "vi"


def _chosen_lang() -> LangName | None:
    from hiepy_rules.i18n import chosen

    value = chosen()
    return "en" if value == "en" else "vi" if value == "vi" else None


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="The proposal to convert: a workbook (.xlsx) or a YAML file.")],
    target: Annotated[Path, typer.Argument(help="The file to write: .yaml for a workbook, .xlsx for a YAML file.")],
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the workbook's headers and messages.")] = Lang["vi"],
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET if it exists (never the input).")] = False,
) -> None:
    """Convert a proposal between a workbook (.xlsx) and YAML, through the same validation as check.

    Exit status 0: converted; 2: bad input or usage.
    """
    from hiepy_rules.cli.convert import run_convert

    raise typer.Exit(run_convert(source, target, lang=lang.value, force=force))


def _fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2."""
    typer.echo("hiepy: " + one_line(message), err=True)
    raise typer.Exit(2)


def one_line(text: str) -> str:
    """Whatever a message holds (a file name with a newline...), it prints as one line."""
    return " ".join(text.splitlines())


def provision_rows(rs: RuleSet) -> list[dict[str, Any]]:
    """One JSON-ready row per provision, in the order the packs and files are loaded."""
    return [provision_row(pack, loc, rs.sources) for pack in rs.packs for loc in pack.provisions]


def _words(i18n: Any) -> dict[str, str] | None:
    return None if i18n is None else {"vi": i18n.vi, "en": i18n.en}


def provision_row(pack: Pack, loc: Located, sources: Mapping[str, SourceDoc]) -> dict[str, Any]:
    p = loc.provision
    in_force = pack.in_force(p)
    source = sources.get(p.source.document)
    return {
        "id": p.id,
        "pack": pack.id,
        "name": _words(p.name),
        "document": p.source.document,
        "article": p.source.article,
        "basis": list(p.source.basis),
        "issuer": pack.issuer(p),
        "issued": source.issued.isoformat() if source is not None and source.issued else None,
        "text": _words(p.text),
        "interpretation": _words(p.interpretation),
        "in_force": {
            "from": in_force.from_.isoformat(),
            "until": in_force.until.isoformat() if in_force.until else None,
        },
        "severity": p.severity,
        "modality": p.modality,
        "derive": p.derive,
        "subject": p.subject,
        "status": p.status,
        "replaced_by": p.replaced_by,  # the provision taking over when this version ends (versions.py)
    }


def _print_table(rs: RuleSet, rows: Sequence[Mapping[str, Any]]) -> None:
    """One table per pack, Vietnamese first; ids shown without their pack's prefix."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    for pack in rs.packs:
        name = pack.manifest.name
        table = Table(title=f"{pack.id}: {name.vi} / {name.en}", show_lines=True, expand=True)
        table.add_column("Mã\nId", no_wrap=True)
        table.add_column("Điều khoản\nProvision", ratio=3)
        table.add_column("Nguồn\nSource", ratio=2, overflow="fold")
        table.add_column("Hiệu lực\nIn force", no_wrap=True)
        table.add_column("Mức\nSeverity", no_wrap=True)
        for r in rows:
            if r["pack"] != pack.id:
                continue
            words = Text(r["name"]["vi"])
            words.append("\n" + r["name"]["en"], style="dim")
            issued = f", {r['issued']}" if r["issued"] else ""
            source = f"{r['document']}, {r['article']}\n{r['issuer']}{issued}"
            in_force = f"{r['in_force']['from']}\n– {r['in_force']['until'] or '…'}"
            table.add_row(r["id"].removeprefix(pack.id + "."), words, source, in_force, r["severity"])
        console.print(table)


def main() -> None:
    """Console entry point: run the app; never let an exception out as a traceback."""
    import signal

    def _terminated(signum: int, frame: object) -> NoReturn:
        # SIGTERM unwinds like Ctrl-C, so that an --output being written removes its temporary file
        sys.stderr.write("hiepy: terminated\n")
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminated)
    from hiepy_rules.cli.pipe import quiet_on_closed_pipe

    quiet_on_closed_pipe()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("hiepy: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the edge: anything unforeseen is still one line
        sys.stderr.write(f"hiepy: internal error: {type(exc).__name__}: {one_line(str(exc))}\n")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
