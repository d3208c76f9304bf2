"""Safe with any file: nothing overwritten, no hang, no memory blow-up.

Every hostile input here is generated under ``tmp_path`` at run time: FIFOs (``os.mkfifo``),
symlinks and symlink loops, look-alike ids, derive cycles, wide conditions, rule sets on one fact.
"""

from __future__ import annotations

import os
import shutil
import stat
import textwrap
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hiepy_rules.cli import batch, batch_files, workers
from hiepy_rules.cli.app import app
from hiepy_rules.cli.outputs import refusal
from hiepy_rules.engine import durable_available
from hiepy_rules.errors import InputError
from hiepy_rules.load import identifiers
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.load.safeio import glob_paths, read_bytes
from tests.conftest import AUTHORITIES, PACK, SOURCES
from tests.helpers import DOSSIER

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def provision(pid: str, body: str) -> str:
    head = (
        f"  - id: demo.{pid}\n"
        f'    name: {{vi: "{pid}", en: "{pid}"}}\n'
        f'    source: {{document: 2-QĐ/TU, article: "Điều 1"}}\n'
        f'    text: {{vi: "{pid}", en: "{pid}"}}\n'
        f"    severity: error\n"
    )
    return head + textwrap.indent(textwrap.dedent(body), "    ")


def rules_root(base: Path, *provisions: str, packs: tuple[str, ...] = ("demo",)) -> Path:
    root = base / "rules"
    root.mkdir(parents=True)
    (root / "authorities.yaml").write_text(AUTHORITIES, encoding="utf-8")
    (root / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    for folder in packs:
        (root / folder).mkdir()
        (root / folder / "pack.yaml").write_text(PACK, encoding="utf-8")
        (root / folder / "rules.yaml").write_text("provisions:\n" + "".join(provisions), encoding="utf-8")
    return root


@pytest.fixture
def proposal(tmp_path: Path) -> Path:
    target = tmp_path / "a.yaml"
    shutil.copyfile(DOSSIER, target)
    return target


# --- 1, 2: outputs ----------------------------------------------------------------------------


def test_output_over_an_input_is_refused_and_the_input_kept(proposal: Path) -> None:
    before = proposal.read_bytes()
    code, out, err = run("check", str(proposal), "-o", str(proposal))
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "đầu vào" in err
    assert proposal.read_bytes() == before


def test_output_through_a_link_or_a_hard_link_to_an_input_is_refused(proposal: Path, tmp_path: Path) -> None:
    (tmp_path / "soft.txt").symlink_to(proposal)
    os.link(proposal, tmp_path / "hard.txt")
    for name in ("soft.txt", "hard.txt"):
        assert refusal(tmp_path / name, [proposal]) is not None
    assert refusal(tmp_path / "elsewhere.txt", [proposal]) is None


def test_output_inside_a_checked_folder_or_glob_is_refused(proposal: Path, tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path), "-o", str(tmp_path / "report.yaml"))
    assert code == 2 and "nằm trong" in err and not (tmp_path / "report.yaml").exists()
    assert refusal(tmp_path / "sub" / "r.yml", [Path(f"{tmp_path}/**/*.yml")]) is not None
    assert refusal(tmp_path / "report.json", [tmp_path]) is None  # not read back: allowed


def test_output_through_a_link_to_a_workbook_in_a_checked_folder_is_refused(proposal: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "w.xlsx"
    workbook.write_bytes(b"not really a workbook")
    (tmp_path.parent / f"{tmp_path.name}-link.json").symlink_to(workbook)
    link = tmp_path.parent / f"{tmp_path.name}-link.json"
    code, _, err = run("check", str(tmp_path), "--format", "json", "-o", str(link))
    assert code == 2 and "nằm trong" in err
    assert workbook.read_bytes() == b"not really a workbook" and link.is_symlink()
    assert refusal(tmp_path / "r.xlsx", [tmp_path]) is not None


def test_lint_and_conflicts_refuse_to_write_over_a_rule_file(tmp_path: Path) -> None:
    root = rules_root(tmp_path, provision("x", "subject: title\nmust: {fact: candidate_count, ge: 2}\n"))
    rule_file = root / "demo" / "rules.yaml"
    before = rule_file.read_bytes()
    assert run("lint", str(root / "demo"), "-o", str(rule_file))[0] == 2
    assert run("conflicts", str(root), "-o", str(root / "authorities.yaml"), "--lang", "en")[0] == 2
    assert rule_file.read_bytes() == before


def test_output_follows_a_symlink_and_keeps_it(proposal: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, _, _ = run("check", str(proposal), "--format", "json", "-o", str(link))
    assert code in (0, 1)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("{")


@needs_fifo
def test_output_to_a_pipe_is_written_through_not_replaced(proposal: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    t = threading.Thread(target=reader)
    t.start()
    code, _, _ = run("check", str(proposal), "--format", "json", "-o", str(fifo))
    t.join(30)
    assert code in (0, 1) and got and got[0].startswith(b"{")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a plain file


@needs_fifo
def test_output_to_a_pipe_without_reader_fails_at_once(proposal: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "nobody.pipe"
    os.mkfifo(fifo)
    code, _, err = run("check", str(proposal), "-o", str(fifo))
    assert code == 2 and "cannot write" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_naming_a_folder_is_refused(proposal: Path, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    code, _, err = run("check", str(proposal), "-o", str(tmp_path / "d"), "--lang", "en")
    assert code == 2 and "not a regular file" in err


# --- 5, 9: special files and loops as inputs -----------------------------------------------------


@needs_fifo
def test_a_fifo_is_refused_as_a_proposal_a_rule_file_and_in_a_batch(proposal: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # in the batch folder beside a.yaml
    code, _, err = run("check", str(tmp_path / "pipe.yaml"))
    assert code == 2 and err.count("\n") == 1 and "ống dẫn" in err
    code, _, err = run("check", str(tmp_path), "--jobs", "1", "--format", "json")
    assert code == 2 and "pipe.yaml" in err
    root = rules_root(tmp_path / "r", provision("x", "subject: title\nmust: {fact: candidate_count, ge: 2}\n"))
    os.mkfifo(root / "demo" / "more.yaml")
    code, out, _ = run("lint", str(root))
    assert code == 2 and "more.yaml" in out


def test_reads_are_bounded_by_bytes_read_not_st_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(InputError) as caught:
        read_bytes(big, "big.yaml", 64)
    [problem] = caught.value.problems  # both wordings, whatever language an earlier test left chosen
    assert "quá lớn" in problem.message and "too large" in problem.en
    assert read_bytes(big, "big.yaml", 500) == big.read_bytes()


def test_a_symlink_to_a_device_like_endless_file_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")  # a character device: refused before any byte is read
    with pytest.raises(InputError) as exc:
        read_bytes(link, "zero.yaml", 1024)
    assert "thiết bị" in exc.value.problems[0].message


def test_symlink_loops_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    code, _, err = run("check", str(tmp_path / "a.yaml"))
    assert code == 2 and err.count("\n") == 1 and "vòng" in err
    root = rules_root(tmp_path / "r", provision("x", "subject: title\nmust: {fact: candidate_count, ge: 2}\n"))
    (root / "demo" / "loop.yaml").symlink_to(root / "demo" / "loop.yaml")
    code, out, err = run("lint", str(root))
    assert code == 2 and "loop.yaml" in out and "internal error" not in err


def test_rules_naming_a_symlink_loop_and_test_naming_a_pipe_are_one_line(proposal: Path, tmp_path: Path) -> None:
    (tmp_path / "l1").symlink_to(tmp_path / "l2")
    (tmp_path / "l2").symlink_to(tmp_path / "l1")
    for args in (("check", str(proposal), "--rules"), ("conflicts",), ("test",)):
        code, _, err = run(*args, str(tmp_path / "l1"))
        assert code == 2 and "l1" in err and "internal error" not in err and "Traceback" not in err, args
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        code, _, err = run("test", str(tmp_path / "pipe.yaml"))
        assert code == 2 and "not a regular file" in err


def test_rules_naming_a_file_is_one_line(proposal: Path) -> None:
    for args in (("check", str(proposal), "--rules"), ("conflicts",), ("rules",)):
        code, _, err = run(*args, str(proposal))
        assert code == 2 and len(err.splitlines()) == 1 and "internal error" not in err


def test_glob_with_a_symlink_loop_walks_each_folder_once(proposal: Path, tmp_path: Path) -> None:
    sub = tmp_path / "d" / "e"
    sub.mkdir(parents=True)
    shutil.copyfile(proposal, sub / "b.yaml")
    for i in range(8):  # 8 links to the ancestor: glob would walk 8^depth paths
        (sub / f"up{i}").symlink_to(tmp_path / "d")
    found = glob_paths(f"{tmp_path}/d/**/*.yaml")
    assert found == [str(sub / "b.yaml")]
    files, _, is_batch = batch_files.expand([Path(f"{tmp_path}/**/*.yaml")])
    assert is_batch and sorted(map(str, files)) == [str(proposal), str(sub / "b.yaml")]


# --- 3: derive cycles, budget -------------------------------------------------------------------


def test_a_derive_cycle_is_refused_by_lint_and_check(proposal: Path, tmp_path: Path) -> None:
    root = rules_root(
        tmp_path / "r",
        provision("c1", "subject: candidacy\nderive: ykind\n"),
        provision("c2", "subject: ykind\nderive: zkind\n"),
        provision("c3", "subject: zkind\nderive: ykind\n"),
    )
    code, out, _ = run("lint", str(root))
    cycle = [line for line in out.splitlines() if "vòng suy diễn" in line]
    assert code == 2 and len(cycle) == 1 and "demo.c2" in cycle[0] and "demo.c3" in cycle[0]
    assert "demo.c1" not in cycle[0]  # it leads into the cycle but is not part of it
    code, _, err = run("check", str(proposal), "--rules", str(root), "--engine", "python")
    assert code == 2 and "vòng suy diễn" in err


def test_the_runtime_budget_ends_a_run_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from hiepy_rules.load import limits as program_limits
    from hiepy_rules.load.limits import BudgetExceeded
    from hiepy_rules.pipeline import check

    root = rules_root(tmp_path, provision("d", "subject: candidacy\nderive: checked\n"))
    monkeypatch.setattr(program_limits, "MAX_DERIVED", 1)
    with pytest.raises(BudgetExceeded) as exc:
        check(DOSSIER, rules=load_rules([root]), engine="python", display="a.yaml")
    assert exc.value.problems[0].render().startswith("a.yaml: error:")


def test_duplicate_pack_ids_across_folders_are_a_lint_error(tmp_path: Path) -> None:
    body = provision("x", "subject: title\nmust: {fact: candidate_count, ge: 2}\n")
    root = rules_root(tmp_path, body, packs=("one", "two"))
    code, out, _ = run("lint", str(root))
    assert code == 2 and any("two/pack.yaml:1:7: error: mã gói 'demo' trùng" in line for line in out.splitlines())


# --- 4: engines ---------------------------------------------------------------------------------


WIDE = "subject: title\nwhen: [{any: [" + ", ".join(f"{{fact: candidate_count, eq: {i}}}" for i in range(300)) + "]}]\n"
NESTED = (
    "subject: title\nwhen: [{all: ["
    + ", ".join(f"{{any: [{{fact: candidate_count, eq: {2 * i}}}, {{fact: key, eq: true}}]}}" for i in range(40))
    + "]}]\n"
)


@pytest.mark.skipif(not durable_available(), reason="durable-rules is not installed here")
@pytest.mark.parametrize("body", [WIDE, NESTED], ids=["wide-any", "all-of-anys"])
def test_auto_falls_back_and_durable_refuses_in_one_line(proposal: Path, tmp_path: Path, body: str) -> None:
    root = rules_root(tmp_path / "r", provision("w", body + "must: {fact: planned_count, ge: 1}\n"))
    auto = run("check", str(proposal), "--rules", str(root), "--format", "json")
    python = run("check", str(proposal), "--rules", str(root), "--format", "json", "--engine", "python")
    assert auto[0] == python[0] and auto[1] == python[1]
    assert "durable-rules" in auto[2] and "Python" in auto[2]
    code, _, err = run("check", str(proposal), "--rules", str(root), "--engine", "durable", "--lang", "en")
    assert code == 2 and err.count("\n") == 1 and "cannot run these rules safely" in err


# --- 6: batch workers ---------------------------------------------------------------------------


def _die_on(name: str) -> object:
    real = batch.check_one

    def check_one(w: batch._Worker, path: Path) -> batch.Outcome:
        if path.name == name:
            os.kill(os.getpid(), 9)
        return real(w, path)

    return check_one


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker inherits the patch by fork")
def test_a_dead_worker_ends_the_batch_naming_its_file(
    proposal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(6):
        shutil.copyfile(proposal, tmp_path / f"p{i}.yaml")
    monkeypatch.setattr(batch, "check_one", _die_on("p3.yaml"))
    out = tmp_path / "report.json"
    code, _, err = run("check", str(tmp_path), "--jobs", "2", "--format", "json", "-o", str(out), "--engine", "python")
    assert code == 2 and "p3.yaml" in err and "tín hiệu 9" in err
    assert not out.exists() and not list(tmp_path.glob(".report.json.*"))


def test_workers_are_replaced_and_results_keep_their_order(proposal: Path, tmp_path: Path) -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else None)
    pool: workers.Pool[int, int] = workers.Pool(ctx, 2, _noop, (), _square, max_tasks=3)
    assert list(pool.imap(list(range(20)))) == [i * i for i in range(20)]


def test_a_slow_file_does_not_let_finished_results_pile_up_in_the_parent(tmp_path: Path) -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else None)
    started = tmp_path / "started.txt"
    pool: workers.Pool[tuple[str, int], int] = workers.Pool(ctx, 2, _noop, (), _slow_first, ahead=4)
    results = pool.imap([(str(started), i) for i in range(40)])
    assert next(results) == 0
    # while file 0 was checked, the other worker went at most 4 results ahead (+ the one in hand)
    assert len(started.read_text(encoding="utf-8").split()) <= 4 + 2
    assert list(results) == list(range(1, 40))


def _slow_first(task: tuple[str, int]) -> int:
    import time

    name, i = task
    with open(name, "a", encoding="utf-8") as f:
        f.write(f"{i}\n")
    if i == 0:
        time.sleep(1.5)
    return i


def _noop() -> None:
    return None


def _square(i: int) -> int:
    return i * i


# --- 8: analysis budget -------------------------------------------------------------------------


def test_an_exhausted_budget_reports_undecided_with_status_3(tmp_path: Path) -> None:
    ops = ("ge", "le")
    must = "subject: title\nmust: {{fact: candidate_count, {}: {}}}\n"
    body = [provision(f"k{i}", must.format(ops[i % 2], i)) for i in range(8)]
    root = rules_root(tmp_path, *body)
    code, out, _ = run("conflicts", str(root), "--timeout", "0", "--format", "json")
    assert code == 3 and '"undecided": [\n    [' in out
    code, out, _ = run("lint", str(root), "--timeout", "0")
    assert code == 3 and "chưa quyết định được" in out


# --- 11: look-alike ids -------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u043e", "\u200b", "\u200f", "\u00ad", "\uff4f"])
def test_a_look_alike_cadre_id_is_refused_at_its_character(proposal: Path, char: str) -> None:
    text = proposal.read_text(encoding="utf-8").replace("- {id: tran-thi-lan,", f"- {{id: tran-thi-l{char}n,", 1)
    proposal.write_text(text, encoding="utf-8")
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if f"tran-thi-l{char}n" in line)
    column = text.splitlines()[line_no - 1].index(char) + 1
    code, _, err = run("check", str(proposal))
    assert code == 2 and f"a.yaml:{line_no}:{column}: error: mã 'tran-thi-l" in err
    code, out, _ = run("lint", str(proposal))
    assert code == 2 and f":{line_no}:{column}: error:" in out


def test_vietnamese_ids_and_names_pass_and_odd_names_warn() -> None:
    assert identifiers.first_problem("nguyễn-văn-hùng") is None
    assert identifiers.first_problem("Phó Trưởng phòng Kê khai", words=True) is None
    assert identifiers.first_problem("2-QĐ/TU") is None
    assert identifiers.first_problem("Nguyễn Văn\u200bA", words=True) is not None
    assert identifiers.first_problem("Trần Thị Lаn", words=True) is not None  # Cyrillic а inside a word


# --- 12: confinement ----------------------------------------------------------------------------


def test_registries_are_not_picked_up_from_folders_above(tmp_path: Path) -> None:
    (tmp_path / "authorities.yaml").write_text(AUTHORITIES.replace("rank: 1", "rank: 9"), encoding="utf-8")
    root = tmp_path / "deep" / "mine"
    root.mkdir(parents=True)
    shutil.copytree(bundled_rules_dir() / "national-2012", root / "national-2012")
    rs = load_rules([root])
    assert rs.root == bundled_rules_dir()


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../outside.yaml", "../../../examples/../../x.yaml"])
def test_pack_test_proposals_stay_inside_the_rules_root(tmp_path: Path, path: str) -> None:
    root = rules_root(tmp_path, provision("x", "subject: title\nmust: {fact: candidate_count, ge: 2}\n"))
    (root / "demo" / "tests").mkdir()
    test_file = root / "demo" / "tests" / "t.yaml"
    test_file.write_text(f"tests:\n  - name: out\n    proposal: {path}\n    expect: []\n", encoding="utf-8")
    code, out, _ = run("lint", str(test_file))
    assert code == 2 and "ra ngoài thư mục quy tắc gốc" in out
    assert "no proposal file" not in out  # whether the file exists does not leak


def test_a_pack_of_too_many_rule_files_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hiepy_rules.load import limits as program_limits

    body = provision("x", "subject: title\nmust: {fact: candidate_count, ge: 2}\n")
    root = rules_root(tmp_path, body)
    for i in range(5):
        (root / "demo" / f"more{i}.yaml").write_text("provisions: []\n", encoding="utf-8")
    monkeypatch.setattr(program_limits, "MAX_RULE_FILES", 4)
    rs = load_rules([root])
    assert [p.code for p in rs.problems if p.severity == "error"] == ["limit"]
    assert rs.packs[0].provisions == []  # none read


def test_a_long_derive_chain_without_cycle_loads(tmp_path: Path) -> None:
    subjects = ["candidacy", *(f"k{i}" for i in range(1, 50))]
    chain = [provision(f"d{i}", f"subject: {s}\nderive: k{i + 1}\n") for i, s in enumerate(subjects)]
    rs = load_rules([rules_root(tmp_path, *chain)])
    assert not [p for p in rs.problems if p.code == "derive-cycle"]


# --- 4: hundreds of provisions on one fact --------------------------------------------------------


def test_450_provisions_on_one_fact_give_the_right_findings(tmp_path: Path) -> None:
    """450 provisions testing distinct values, and one clashing pair among them: runtime conflicts
    compare only what can clash (a hang guard, no timing assert: bench/README figures)."""
    import json
    import subprocess
    import sys

    from hiepy_rules.load.yamlio import load

    many = [provision(f"p{i}", f"subject: title\nmust: {{fact: candidate_count, ne: {i}}}\n") for i in range(450)]
    pair = [
        provision("lo", "subject: title\nmust: {fact: candidate_count, le: 1}\n"),
        provision("hi", "subject: title\nmust: {fact: candidate_count, ge: 3}\n"),
    ]
    root = rules_root(tmp_path, *many, *pair)
    args = [
        sys.executable,
        "-m",
        "hiepy_rules.cli.main",
        "check",
        str(DOSSIER),
        "--rules",
        str(root),
        "--format",
        "json",
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)  # a hang guard
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["results"][0]["findings"]
    titles = {f"title:{t['id']}": len(t.get("candidates", [])) for t in load(DOSSIER).data["titles"]}
    violated = set()
    for f in findings:  # a violation folded inside a conflict counts too
        for v in [f, *f.get("folded", [])]:
            if v["kind"] == "violation" and v["provisions"][0].startswith("demo.p"):
                violated.add((v["provisions"][0], v["subject"]["fact"]))
    assert violated == {(f"demo.p{n}", fid) for fid, n in titles.items()}
    conflicts = [f for f in findings if f["kind"] == "conflict"]
    assert {tuple(f["provisions"]) for f in conflicts} == {("demo.hi", "demo.lo")}
    assert {f["subject"]["fact"] for f in conflicts} == set(titles)


def test_reading_proposals_keeps_nothing_of_them_in_the_yaml_reader() -> None:
    """The shared scalar constructor remembered every date it built, with marks holding the file's
    text: ~20 KiB kept per proposal, for the life of a batch worker."""
    import gc
    import weakref

    from hiepy_rules.load import yamlio

    for _ in range(3):
        doc = yamlio.load(DOSSIER)
    assert yamlio._CONSTRUCTOR.constructed_objects == {}
    probe = weakref.ref(doc)
    del doc
    gc.collect()
    assert probe() is None  # nothing else holds the last document either
