"""Commands on rule packs: ``hiepy lint``, ``hiepy test``, ``hiepy rules`` and ``hiepy explain``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hiepy_rules.cli import options as opt
from hiepy_rules.cli.analysis import cannot_read, not_a_rules_folder
from hiepy_rules.cli.common import config, fail, use_lang
from hiepy_rules.cli.options import (
    AnalysisFormat,
    EngineChoice,
    FailOn,
    Lang,
    OutFormat,
    h,
)
from hiepy_rules.i18n import pick

if TYPE_CHECKING:
    from hiepy_rules.load.ruleset import Located, Pack, RuleSet
    from hiepy_rules.schema.pack import SourceDoc


def lint(
    paths: Annotated[
        list[Path],
        opt.paths_argument(
            "Tệp quy định, gói, thư mục gốc bộ quy định, tệp đăng ký hoặc đề án; thư mục được duyệt hết.",
            "Rule files, packs, rules roots, registries or proposals; folders are walked.",
        ),
    ],
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=h(
                "Tính cảnh báo như lỗi (--fail-on warning).",
                "Count warnings as errors (--fail-on warning).",
            ),
        ),
    ] = False,
    fmt: opt.FormatOption = OutFormat["text"],
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            metavar="error|warning|info",
            help=h(
                "Thoát với mã 2 khi có vấn đề ở mức này trở lên.",
                "Exit 2 on a problem of this severity or worse.",
            ),
        ),
    ] = FailOn["error"],
    output: opt.OutputOption = None,
    lang: Annotated[
        Lang | None, opt.lang_option("Ngôn ngữ của thông báo (vi hoặc en).", "Language of the messages.")
    ] = None,
    witness_dir: Annotated[
        Path | None,
        opt.witness_dir_option(
            "Ghi đề án minh họa của mỗi mâu thuẫn vào thư mục này (nếu không thì in kèm).",
            "Write the witness proposal of each contradiction here (else inline).",
        ),
    ] = None,
    timeout: opt.TimeoutOption = None,
) -> None:
    """Validate rule files, packs, pack tests, registries and proposals: one line per problem, FILE:LINE:COLUMN.

    A provision that cannot be met together with one of higher authority (bundled packs included)
    is an error; with a peer's, a warning.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.output import finish_lint
    from hiepy_rules.cli.outputs import refused
    from hiepy_rules.lint.runner import lint_paths

    language = use_lang(lang)
    if refused(output, paths, language):
        raise typer.Exit(2)
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.analysis import budget

    with budget.limit(timeout):
        problems = lint_paths(paths, witness_dir=witness_dir) if witness_dir is not None else lint_paths(paths)
    level = FailOn["warning"] if strict and fail_on == "error" else fail_on
    raise typer.Exit(
        finish_lint(problems, paths, fmt=opt.fmt(fmt), lang=language, fail_on=opt.fail_on(level), output=output)
    )


def test_command(
    paths: Annotated[
        list[Path] | None,
        opt.paths_argument(
            "Thư mục gốc bộ quy định, thư mục gói hoặc tệp kiểm thử của gói (mặc định: các gói đi kèm).",
            "Rules roots, pack folders or pack test files (default: the bundled rules).",
        ),
    ] = None,
    select: Annotated[
        str | None,
        typer.Option(
            "-k",
            metavar="TEXT",
            help=h(
                "Chỉ chạy các kiểm thử có tên (hoặc TỆP::TÊN) chứa đoạn chữ này.",
                "Run only the tests whose name (or FILE::NAME) contains this text.",
            ),
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help=h(
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
            help=h(
                "Không đạt khi độ phủ điều khoản dưới N % (kèm theo --coverage).",
                "Fail when provision coverage is below N % (implies --coverage).",
            ),
        ),
    ] = None,
    engine: opt.EngineOption = EngineChoice["auto"],
) -> None:
    """Run the pack tests kept beside the rules (<pack>/tests/*.yaml): expected findings per proposal.

    Exit status 0: every test passed (and coverage reached --threshold); 1: some did not; 2: bad input.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.test import run_tests

    raise typer.Exit(
        run_tests(
            list(paths or config().rules or []),
            select=select,
            coverage=coverage or threshold is not None,
            threshold=threshold,
            engine=opt.engine(engine),
        )
    )


def rules(
    paths: Annotated[
        list[Path] | None,
        opt.paths_argument(
            "Thư mục gốc bộ quy định hoặc thư mục gói (mặc định: các gói đi kèm hiepy).",
            "Rules roots or pack folders (default: the rules bundled with hiepy).",
        ),
    ] = None,
    fmt: opt.TableFormatOption = AnalysisFormat["text"],
    lang: Annotated[
        Lang | None, opt.lang_option("Ngôn ngữ của điều khoản được giải thích.", "Language of an explained provision.")
    ] = None,
) -> None:
    """List the provisions of the packs: id, source, issuer, dates in force, severity, words.

    Given provision ids (hiepy rules national-2012.H1), explains each as hiepy explain does.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.explain import looks_like_id, run_explain
    from hiepy_rules.load.packs import load_rules

    chosen = use_lang(lang)  # the messages below too
    ids = [str(p) for p in paths or () if looks_like_id(p)]
    if ids:
        roots = [p for p in paths or () if not looks_like_id(p)]
        raise typer.Exit(run_explain(ids, roots or None, fmt=fmt.value, lang=chosen, paths_too=True))

    for path in paths or ():
        if path.exists() and not path.is_dir():
            fail(not_a_rules_folder(path))
    try:
        rs = load_rules(list(paths) if paths else config().rules)
    except OSError as exc:
        fail(cannot_read(exc))
    errors = sorted(p for p in rs.problems if p.severity == "error")
    if errors:
        more = pick(
            f" (và {len(errors) - 1} lỗi khác: chạy `hiepy lint`)", f" (and {len(errors) - 1} more; run hiepy lint)"
        )
        fail(
            pick("bộ quy định không nạp được: ", "rules do not load: ")
            + errors[0].render()
            + (more if len(errors) > 1 else "")
        )
    rows = provision_rows(rs)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        _print_table(rs, rows)


def explain(
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID", help=h("Mã điều khoản (ví dụ national-2012.H1).", "Provision ids (national-2012.H1).")
        ),
    ],
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="FOLDER",
            help=h(
                "Thư mục gốc bộ quy định hoặc thư mục gói (lặp lại được; mặc định: các gói đi kèm hiepy).",
                "A rules root or pack folder (repeatable; default: the bundled rules).",
            ),
        ),
    ] = None,
    fmt: opt.TableFormatOption = AnalysisFormat["text"],
    lang: Annotated[Lang | None, opt.lang_option("Ngôn ngữ.", "Language.")] = None,
) -> None:
    """Explain a provision: its words, source and versions, the facts it reads, examples and clashes.

    Exit status 0: explained; 2: unknown id (with the closest ids) or rules that do not load.
    """
    # loaded when the command runs: --help and --version stay fast
    from hiepy_rules.cli.explain import run_explain

    raise typer.Exit(run_explain(list(ids), rules, fmt=fmt.value, lang=use_lang(lang)))


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
    # rich only to print the table
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, emoji=False, markup=False)  # names and sources print as written
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


def register(app: typer.Typer) -> None:
    app.command(
        help=h(
            "Kiểm tra tệp quy định, gói, kiểm thử gói, tệp đăng ký và đề án: mỗi vấn đề một dòng "
            "TỆP:DÒNG:CỘT.\n\nMột điều khoản không thể cùng thỏa với điều khoản của cấp cao hơn là lỗi; với cấp "
            "ngang, là cảnh báo. Mã thoát 0: không có vấn đề; 2: có vấn đề hoặc không chạy được.",
            "Validate rule files, packs, pack tests, registries and proposals: one line per problem, "
            "FILE:LINE:COLUMN.\n\nA provision that cannot be met together with one of higher authority is an error;"
            " with one of a peer, a warning. Exit status 0: no problem; 2: problems, or it could not run.",
        )
    )(lint)
    app.command(
        "test",
        help=h(
            "Chạy các kiểm thử đặt cạnh bộ quy định (`<gói>/tests/*.yaml`): các phát hiện mong đợi cho mỗi đề "
            "án.\n\nMã thoát 0: mọi kiểm thử đạt (và độ phủ đạt --threshold); 1: có kiểm thử không đạt; 2: dữ liệu "
            "vào sai.",
            "Run the pack tests kept beside the rules (<pack>/tests/*.yaml): expected findings per "
            "proposal.\n\nExit status 0: every test passed (and coverage reached --threshold); 1: some did not; 2: "
            "bad input.",
        ),
    )(test_command)
    app.command(
        help=h(
            "Liệt kê các điều khoản của các gói: mã, nguồn, cơ quan ban hành, thời gian hiệu lực, mức độ, nội "
            "dung.\n\nMã thoát 0: đã liệt kê; 2: bộ quy định không nạp được.",
            "List the provisions of the packs: id, source, issuer, dates in force, severity, words.\n\nExit status "
            "0: listed; 2: the rules do not load.",
        )
    )(rules)
    app.command(
        help=h(
            "Giải thích một điều khoản: lời văn, nguồn và các phiên bản, các dữ kiện nó đọc, ví dụ và xung đột."
            "\n\nMã thoát 0: đã giải thích; 2: mã điều khoản không có (kèm các mã gần giống) hoặc bộ quy định"
            " không nạp được.",
            "Explain a provision: its words, source and versions, the facts it reads, examples and clashes.\n\n"
            "Exit status 0: explained; 2: unknown id (with the closest ids) or rules that do not load.",
        )
    )(explain)
