"""The HTML report in a real browser: headless Chromium renders the bundled dossier's report.

The rendered DOM holds the counts the JSON holds and every finding; printed to PDF (A4), its text
holds every finding's provision id; a screenshot is kept in the test's temporary folder (a CI
artifact); Chromium's net log shows the page asked for nothing. Skipped, with the reason, where
Chromium or poppler-utils are not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hiepy_rules.report import CheckReport, html
from tests import browser
from tests.helpers import DOSSIER, REPO, bundled_rules, relative, run

pytestmark = [
    pytest.mark.skipif(browser.chromium() is None, reason="chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(
        shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
        reason="poppler-utils is not installed (apt-get install poppler-utils)",
    ),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The dossier's report (made by the CLI from the repository root), its JSON, DOM, PDF and screenshot."""
    import os

    from typer.testing import CliRunner

    from hiepy_rules.cli.app import app

    work = tmp_path_factory.mktemp("browser")
    page = work / "report.html"
    here = Path.cwd()
    os.chdir(REPO)
    try:
        runner = CliRunner()
        made = runner.invoke(app, ["check", "--format", "html", relative(DOSSIER), "-o", str(page)])
        assert made.exit_code == 1, made.output
        data = json.loads(runner.invoke(app, ["check", "--format", "json", relative(DOSSIER)]).stdout)
    finally:
        os.chdir(here)
    dom = browser.run(page, work, "--dump-dom", name="dom")
    pdf = work / "report.pdf"
    printed = browser.run(page, work, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", name="pdf")
    shot = work / "report.png"
    pictured = browser.run(page, work, f"--screenshot={shot}", "--window-size=1200,1600", name="shot")
    return {
        "page": page,
        "json": data["results"][0],
        "dom": dom,
        "pdf": pdf,
        "printed": printed,
        "shot": shot,
        "pictured": pictured,
    }


def test_dom_has_the_json_counts_and_every_finding(rendered: dict[str, object]) -> None:
    result = rendered["json"]
    assert isinstance(result, dict)
    dom = rendered["dom"]
    assert isinstance(dom, browser.Run)
    reader = browser.read_dom(dom.stdout)
    assert reader.lang == "vi"
    by_kind: dict[str, int] = {}
    for f in result["findings"]:
        by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + 1
    assert reader.kind_totals == by_kind
    assert reader.total == len(result["findings"])
    shown = sorted(a["data-provisions"] for a in reader.findings)
    assert shown == sorted(" ".join(f["provisions"]) for f in result["findings"])
    for f in result["findings"]:
        for pid in f["provisions"]:
            assert pid in dom.stdout


def test_pdf_is_a4_and_holds_every_provision_id(rendered: dict[str, object]) -> None:
    pdf = rendered["pdf"]
    assert isinstance(pdf, Path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None and (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842)  # A4
    # each title starts a page: at least one page per group of findings, plus the header and summary
    result = run(DOSSIER)
    titles = {f.subject.title or "" for f in result.findings if f.kind != "overridden" and f.waiver is None}
    assert len(titles) + 1 <= pages <= 4 * len(result.findings)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for f in result.findings:
        for pid in f.provisions:
            assert pid in flat, pid
    assert "CụcThuếtỉnhQuảngTrị" in flat


def test_screenshot_is_kept(rendered: dict[str, object]) -> None:
    shot = rendered["shot"]
    assert isinstance(shot, Path)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_page_requests_nothing(rendered: dict[str, object], tmp_path: Path) -> None:
    page = rendered["page"]
    assert isinstance(page, Path)
    for key in ("dom", "printed", "pictured"):
        done = rendered[key]
        assert isinstance(done, browser.Run)
        assert browser.page_requests(done.net_log, page) == [], key
    # the check can see a request: the same page with the policy removed and an image from afar
    text = page.read_text(encoding="utf-8")
    leaky = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*/>', "", text)
    leaky = leaky.replace("<main>", '<main><img src="http://example.invalid/x.png" alt="" />', 1)
    control = tmp_path / "leaky.html"
    control.write_text(leaky, encoding="utf-8")
    done = browser.run(control, tmp_path, "--dump-dom", name="leaky")
    assert browser.page_requests(done.net_log, control) == ["http://example.invalid/x.png"]
    # and the policy alone blocks it: with the policy kept, the same image is never asked for
    guarded = tmp_path / "guarded.html"
    guarded.write_text(text.replace("<main>", '<main><img src="http://example.invalid/x.png" alt="" />', 1))
    done = browser.run(guarded, tmp_path, "--dump-dom", name="guarded")
    assert browser.page_requests(done.net_log, guarded) == []


def test_english_report_renders_in_english(tmp_path: Path) -> None:
    page = tmp_path / "report-en.html"
    page.write_text(html.check(CheckReport([run(DOSSIER)], bundled_rules(), lang="en")), encoding="utf-8")
    reader = browser.read_dom(browser.run(page, tmp_path, "--dump-dom", name="en").stdout)
    assert reader.lang == "en"
    assert len(reader.findings) == len(run(DOSSIER).findings)
