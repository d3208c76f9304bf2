"""Shared fixtures: a tiny rules root written under tmp_path, and the CLI run in-process."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import typer.testing
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from tests.budget import examples

# the suite's own cache folder (rule sets, analyses): the user's is left alone, subprocesses inherit it
if "HIEPY_CACHE_DIR" not in os.environ:
    os.environ["HIEPY_CACHE_DIR"] = tempfile.mkdtemp(prefix="hiepy-test-cache-")
    atexit.register(shutil.rmtree, os.environ["HIEPY_CACHE_DIR"], True)

# every output model hiepy makes is validated as it is made, here and in the hiepy processes the tests start:
# hiepy stores its own values unvalidated, and a value validation would refuse or change fails the test
# (hiepy_rules.findings.output.Output)
os.environ.setdefault("HIEPY_VERIFY_OUTPUT", "1")

# bytecode kept where Python keeps it by default (__pycache__, ignored by git), even when PYTHONDONTWRITEBYTECODE
# is set: else each of the suite's hundreds of hiepy processes compiles the package again (about a third of a
# second each), and each worker rewrites and compiles every test module again (about 6 s); the workers and the
# subprocesses inherit this
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# typer's CliRunner turns the app into its click command on every invoke (~40 ms; the suite invokes the CLI
# in-process over a thousand times); the console entry point does it once per process, and so does each worker:
# the same command, made from the same app, whose commands are all registered when cli.app is imported
if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = cache(typer.testing._get_command)

# tests with no count of their own draw hypothesis' default 100, scaled like the rest (tests/budget.py);
# no deadline and no too-slow check: on a shared machine they fail on the clock, never on behaviour
settings.register_profile(
    "hiepy", max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("hiepy")

Write = Callable[[str, str], Path]
RunCli = Callable[..., Result]

AUTHORITIES = """\
authorities:
  - id: politburo
    name: {vi: "Bộ Chính trị", en: "Politburo"}
    rank: 1
  - id: province
    name: {vi: "Ban Thường vụ Tỉnh ủy", en: "Provincial Standing Committee"}
    rank: 2
    superior: politburo
"""

SOURCES = """\
sources:
  - number: 1-NQ/TW
    type: resolution
    title: {vi: "Nghị quyết một", en: "Resolution one"}
    issuer: politburo
    issued: 2004-11-30
    url: seed
    verification: seed
  - number: 2-QĐ/TU
    type: regulation
    title: {vi: "Quy định hai", en: "Regulation two"}
    issuer: province
    issued: 2008-03-03
    url: https://example.org/2
    verification: verified
"""

PACK = """\
pack: demo
name: {vi: "Gói thử", en: "Demo pack"}
issuer: province
in_force: {from: 2010-01-01}
settings:
  reply_days_min: {value: 30}
"""

RULES = """\
provisions:
  - id: demo.L2
    name: {vi: "Tối thiểu 2 cán bộ", en: "At least 2 cadres"}
    source: {document: 2-QĐ/TU, article: "Điều 2", basis: [1-NQ/TW]}
    text: {vi: "tối thiểu phải quy hoạch 2 cán bộ", en: "at least 2 cadres must be planned"}
    severity: error
    subject: title
    when:
      - {fact: key, eq: true}
    must: {fact: candidate_count, ge: 2}
  - id: demo.G6
    name: {vi: "Thời hạn trả lời", en: "Reply window"}
    source: {document: 2-QĐ/TU, article: "Điều 6"}
    text: {vi: "đủ thời gian thẩm tra", en: "enough time to verify"}
    severity: warning
    subject: consultation
    when:
      - {fact: political_history_involved, eq: true}
    must: {fact: reply_days, ge: {setting: reply_days_min}}
"""


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """``write("rules/demo/x.yaml", text)``: the file under tmp_path, its text dedented."""

    def _write(relative: str, text: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def rule_texts() -> dict[str, str]:
    """The texts ``rules_root`` writes, by file: authorities, sources, pack, rules."""
    return {"authorities": AUTHORITIES, "sources": SOURCES, "pack": PACK, "rules": RULES}


@pytest.fixture
def rules_root(tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean rules root ``rules/`` (two authorities, two sources, pack ``demo``), as the cwd's child."""
    monkeypatch.chdir(tmp_path)
    write("rules/authorities.yaml", AUTHORITIES)
    write("rules/sources.yaml", SOURCES)
    write("rules/demo/pack.yaml", PACK)
    write("rules/demo/rules.yaml", RULES)
    return Path("rules")


@pytest.fixture
def hiepy() -> RunCli:
    """Run the CLI in-process: ``hiepy("lint", "rules")`` → typer's ``Result``."""
    from hiepy_rules.cli.app import app

    runner = CliRunner()

    def _run(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return _run


@pytest.fixture(autouse=True)
def _language_of_a_fresh_run() -> None:
    """Each test starts as a new process would: no --lang chosen, no configuration read (a CLI test
    run in-process with --lang en must not leave English to the tests after it, in any order)."""
    from hiepy_rules.i18n import set_default, set_lang

    set_lang(None)
    set_default(None)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (``HIEPY_LANG=en``), for tests that assert their English wording;
    ``tests/test_messages.py`` holds the Vietnamese wording of each kind of mistake."""
    monkeypatch.setenv("HIEPY_LANG", "en")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The order's seed, even under -q (which hides the header): a shuffled failure can be replayed."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and config.pluginmanager.has_plugin("randomly"):
        terminalreporter.write_line(f"tests in a shuffled order, seed {seed} (replay: --randomly-seed={seed})")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The wheel's build and install (marker ``install``, about a minute of one worker) first: started last,
    it would keep one worker busy long after the other has run out of tests. A stable sort, after
    pytest-randomly's shuffle: the order of everything else is the seed's."""
    items.sort(key=lambda item: item.get_closest_marker("install") is None)
