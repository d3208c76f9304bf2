"""The configuration file (hiepy.toml, [tool.hiepy]), --exclude, and exit statuses that tell
findings (1) from could-not-run (2), a closed pipe included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiepy_rules.cli import config
from hiepy_rules.errors import InputError
from tests.conftest import RunCli
from tests.helpers import EXAMPLES, REPO

DOSSIER = EXAMPLES / "cuc-thue-quang-tri-2012.yaml"
WAIVERS = """\
waivers:
  - provision: quang-tri-2012.G6
    subject: consultations[1].reply_due
    approved_by: Ban Thường vụ Tỉnh ủy Quảng Trị
    decision: 123-QĐ/TU
    valid_until: 2012-12-31
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A proposals repository: two dossiers and a waivers file in one folder, run from a subfolder."""
    (tmp_path / ".git").mkdir()
    dossiers = tmp_path / "dossiers"
    dossiers.mkdir()
    shutil.copy(DOSSIER, dossiers / "a.yaml")
    shutil.copy(EXAMPLES / "clean.yaml", dossiers / "b.yaml")
    (dossiers / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    (tmp_path / "deep").mkdir()
    monkeypatch.chdir(tmp_path / "deep")
    monkeypatch.delenv("HIEPY_LANG", raising=False)
    return tmp_path


def test_a_folder_check_reads_the_waivers_file_as_a_proposal_without_exclude(project: Path, hiepy: RunCli) -> None:
    result = hiepy("check", str(project / "dossiers"), "--format", "json")
    assert result.exit_code == 2
    assert "waivers.yaml" in result.stderr


def test_exclude_leaves_files_out_of_a_folder_check(project: Path, hiepy: RunCli) -> None:
    result = hiepy("check", str(project / "dossiers"), "--exclude", "waivers.yaml", "--format", "json")
    assert result.exit_code == 1, result.stderr  # a.yaml has error findings
    assert "waivers.yaml" not in result.stdout + result.stderr


def test_the_configuration_file_is_found_upward_and_sets_the_defaults(project: Path, hiepy: RunCli) -> None:
    (project / "hiepy.toml").write_text(
        'lang = "en"\nwaivers = "dossiers/waivers.yaml"\nexclude = ["waivers.yaml"]\nfail-on = "warning"\n',
        encoding="utf-8",
    )
    conf = config.load()
    assert conf.file == project / "hiepy.toml" and conf.lang == "en"
    result = hiepy("check", str(project / "dossiers"), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert '"decision": "123-QĐ/TU"' in result.stdout  # the configured waivers were read
    assert "waivers.yaml" not in result.stderr
    text = hiepy("check", str(project / "dossiers" / "a.yaml")).stdout
    assert "VIOLATION" in text and "VI PHẠM" not in text  # the configured language
    # an option on the command line wins over the file
    text = hiepy("check", str(project / "dossiers" / "a.yaml"), "--lang", "vi").stdout
    assert "VI PHẠM" in text


def test_tool_hiepy_in_pyproject_and_a_bad_key_is_named_with_the_closest(project: Path, hiepy: RunCli) -> None:
    (project / "pyproject.toml").write_text('[tool.hiepy]\nexlude = ["waivers.yaml"]\n', encoding="utf-8")
    result = hiepy("check", str(project / "dossiers" / "b.yaml"))
    assert result.exit_code == 2
    assert "khóa cấu hình lạ 'exlude'; có phải ý bạn là 'exclude'?" in result.stderr
    result = hiepy("rules", "--format", "json")
    assert result.exit_code == 2 and "exlude" in result.stderr


def test_the_search_stops_at_the_repository_root(project: Path, tmp_path: Path) -> None:
    assert config.find(project / "deep") is None
    (project.parent / "hiepy.toml").write_text('lang = "en"\n', encoding="utf-8")
    try:
        assert config.find(project / "deep") is None  # above .git: another project's file
    finally:
        (project.parent / "hiepy.toml").unlink()


def test_conflicts_and_diff_exit_1_on_findings_and_2_when_they_cannot_run(hiepy: RunCli, tmp_path: Path) -> None:
    bundled = REPO / "rules"
    assert hiepy("conflicts", str(bundled / "national-2012"), str(bundled / "quang-tri-2012")).exit_code in (0, 1)
    assert hiepy("conflicts", str(tmp_path / "nowhere")).exit_code == 2
    assert hiepy("diff", str(bundled / "national-2012"), str(bundled / "national-2012")).exit_code == 0
    assert hiepy("diff", str(bundled / "national-2012"), str(tmp_path / "nowhere")).exit_code == 2


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGPIPE")
@pytest.mark.parametrize("args", [["check", str(DOSSIER)], ["check", str(DOSSIER), "--format", "json"], ["rules"]])
def test_a_closed_pipe_ends_quietly_not_as_findings(args: list[str]) -> None:
    """The reader's end is closed before hiepy writes (as ``| true`` does). A reader that takes a line
    first (``| head -1``) gives the same only when the report does not fit in the pipe: one that fits
    is all written before the reader closes, and hiepy then ends with its own status, as ``cat`` does."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "hiepy_rules", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # hiepy starts, reads and checks first: it writes to a pipe no one reads
    err = proc.stderr.read()
    status = proc.wait(timeout=120)
    assert status in (-13, 141), (status, err)  # ended by SIGPIPE, as `cat` is: neither 1 nor 2
    assert err == b""


def test_a_configuration_file_is_parsed_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parsed file is kept in the user's cache by its bytes: read again unchanged, it is not parsed;
    changed, it is; a file that is not TOML is refused each time, never kept."""
    monkeypatch.setenv("HIEPY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HIEPY_NO_CACHE", raising=False)
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[tool.hiepy]\nlang = "en"\n', encoding="utf-8")
    parsed: list[bytes] = []
    parse = config._parse
    monkeypatch.setattr(config, "_parse", lambda p, raw: parsed.append(raw) or parse(p, raw))
    first = config._read(path)
    assert config._read(path) == first == {"project": {"name": "x"}, "tool": {"hiepy": {"lang": "en"}}}
    assert len(parsed) == 1
    path.write_text('[tool.hiepy]\nlang = "vi"\n', encoding="utf-8")
    assert config._read(path) == {"tool": {"hiepy": {"lang": "vi"}}} and len(parsed) == 2
    path.write_bytes(b"[tool.hiepy\n")
    for _ in range(2):
        with pytest.raises(InputError, match="TOML"):
            config._read(path)
    path.write_bytes(b'# ok\nlang = "\xff"\n')  # not UTF-8: refused where the byte stands, not a crash
    with pytest.raises(InputError, match="UTF-8") as bad:
        config._read(path)
    (problem,) = bad.value.problems
    assert (problem.line, problem.column) == (2, 9) and "0xff" in problem.message
