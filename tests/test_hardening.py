"""Determinism, nothing lost, and rule files that cannot run code (docs/hardening.md).

- the same check gives byte-identical json, sarif and junit under different PYTHONHASHSEED values;
- no command writes to its inputs (checksums and mtimes of examples/ and rules/ before and after);
- ``--output`` replaces its file whole or not at all; an interrupted batch leaves no partial file;
- rule files that try python tags, ``!include``, anchors, code-like strings or paths in ids run nothing.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

RunCli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/cuc-thue-quang-tri-2012.yaml"


def _run(args: list[str], seed: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "HIEPY_NO_CACHE": "1"}  # each run computes: no cached answers
    return subprocess.run(
        [sys.executable, "-m", "hiepy_rules.cli.app", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_output_is_byte_identical_across_hash_seeds(fmt: str) -> None:
    args = ["check", EXAMPLE, "examples/conflicts/C1.yaml", "--format", fmt, "--engine", "python"]
    outputs = {seed: _run(args, seed) for seed in ("0", "1", "4242")}
    first = outputs["0"]
    assert first.returncode in (0, 1), first.stderr
    assert first.stdout, "no output"
    for seed, proc in outputs.items():
        assert proc.returncode == first.returncode, seed
        assert proc.stdout == first.stdout, f"{fmt} output differs under PYTHONHASHSEED={seed}"


def _has_jobs() -> bool:
    from hiepy_rules.cli.commands.check import check as check_command

    return "jobs" in check_command.__code__.co_varnames


def test_output_is_byte_identical_across_job_counts() -> None:
    if not _has_jobs():
        pytest.skip("check --jobs (batch) is not there yet")
    files = [EXAMPLE, *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "conflicts").glob("*.yaml"))]
    outs = {
        j: _run(["check", *files, "--format", "json", "--engine", "python", "--jobs", j], "0") for j in ("1", "2", "3")
    }
    assert outs["1"].returncode in (0, 1), outs["1"].stderr
    assert outs["1"].stdout == outs["2"].stdout == outs["3"].stdout


def test_lint_and_conflicts_are_identical_across_hash_seeds() -> None:
    for args in (["lint", "rules", "--format", "json"], ["conflicts", "rules/quang-tri-2012", "--format", "json"]):
        a, b = _run(args, "3"), _run(args, "77")
        assert a.returncode == b.returncode and a.stdout == b.stdout, args


def _snapshot(*roots: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


def test_no_command_writes_to_its_inputs(hiepy: RunCli, tmp_path: Path) -> None:
    before = _snapshot(ROOT / "examples", ROOT / "rules")
    for args in (
        ["check", str(ROOT / EXAMPLE), "--format", "json"],
        ["check", *map(str, sorted((ROOT / "examples" / "conflicts").glob("*.yaml"))), "--format", "sarif"],
        ["lint", str(ROOT / "rules"), str(ROOT / "examples")],
        ["rules", str(ROOT / "rules")],
        ["test", str(ROOT / "rules" / "quang-tri-2012")],
        ["conflicts", str(ROOT / "rules" / "quang-tri-2012")],
        ["diff", str(ROOT / "rules" / "quang-tri-2012"), str(ROOT / "rules" / "ministry-variant-2012")],
        ["check", str(ROOT / EXAMPLE), "--output", str(tmp_path / "out.json"), "--format", "json"],
    ):
        result = hiepy(*args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
    assert _snapshot(ROOT / "examples", ROOT / "rules") == before


def test_output_is_replaced_whole_or_not_at_all(hiepy: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous report\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: [\n")
    result = hiepy("check", str(bad), "--format", "json", "--output", str(out))
    assert result.exit_code == 2
    # bad input: the file is whole (the old one, or a whole new report), never a part of one
    kept = out.read_text(encoding="utf-8")
    assert kept == "previous report\n" or kept.rstrip().endswith("}"), kept
    result = hiepy("check", str(ROOT / EXAMPLE), "--format", "json", "--output", str(out))
    assert result.exit_code in (0, 1)
    assert out.read_text(encoding="utf-8").startswith("{") or out.read_text(encoding="utf-8").startswith("[")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or "tmp" in p.name] == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_no_partial_output(tmp_path: Path, sig: signal.Signals) -> None:
    """Kill a long check mid-run: its --output is either absent or the whole previous file."""
    jobs = _has_jobs()
    files = [str(ROOT / EXAMPLE)] * 60 + sorted(map(str, (ROOT / "examples" / "rules").glob("*.yaml")))
    out = tmp_path / "batch.json"
    args = [sys.executable, "-m", "hiepy_rules.cli.app", "check", *files, "--format", "json", "--output", str(out)]
    if jobs:
        args += ["--jobs", "2"]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "batch.json"]
    assert leftovers == [], f"temporary files left behind: {leftovers}"
    if out.exists():  # the run finished before the signal: then the file is whole JSON
        import json

        json.loads(out.read_text(encoding="utf-8"))


SENTINEL = "PWNED"
ATTEMPTS: dict[str, str] = {
    "python-apply.yaml": f"provisions: !!python/object/apply:os.system ['touch {SENTINEL}']\n",
    "python-name.yaml": "provisions: !!python/name:os.system\n",
    "python-module.yaml": "provisions: !!python/module:os\n",
    "python-new.yaml": f"pack: !!python/object/new:subprocess.Popen [['touch', '{SENTINEL}']]\n",
    "include.yaml": "pack: !include /etc/passwd\n",
    "env-anchor.yaml": "pack: &env ${HOME}\nname: *env\n",
    "code-strings.yaml": (
        "provisions:\n  - id: \"__import__('os').system('touch " + SENTINEL + "')\"\n"
        '    name: {vi: "{{ 7*7 }}", en: "`touch ' + SENTINEL + '`"}\n'
        '    when: [{fact: "eval(\'1\')", eq: "$(touch ' + SENTINEL + ')"}]\n'
    ),
    "path-ids.yaml": (
        "provisions:\n  - id: ../../etc/passwd\n    source: {document: /etc/passwd, article: '../../../"
        + SENTINEL
        + "'}\n"
    ),
    "merge-from-file.yaml": "<<: !include secrets.yaml\npack: x\n",
}


def test_rule_files_cannot_run_code_or_read_files(tmp_path: Path) -> None:
    for name, text in ATTEMPTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "secrets.yaml").write_text("secret: TOP-SECRET-VALUE\n", encoding="utf-8")
    root = tmp_path / "rules" / "evil"
    root.mkdir(parents=True)
    for name, text in ATTEMPTS.items():
        (root / name).write_text(text, encoding="utf-8")
    for args in (
        ["lint", *ATTEMPTS],
        ["check", "--rules", "rules", "--format", "json", str(ROOT / EXAMPLE)],
        ["rules", "rules"],
        ["conflicts", "rules"],
        ["test", "rules"],
    ):
        proc = _run(args, "0", cwd=tmp_path)
        text = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        assert proc.returncode == 2, (args, text)
        assert "Traceback" not in text
        assert "TOP-SECRET-VALUE" not in text and "root:x:" not in text  # nothing was read and echoed
        assert not (tmp_path / SENTINEL).exists(), f"{args} ran code from a rule file"
    assert not (tmp_path / SENTINEL).exists()
