#!/usr/bin/env python3
"""Benchmark: the HTML report of the bundled dossier: its size, the time to make it, to open and to print it.

    .venv/bin/python bench/report.py               # prints the figures
    .venv/bin/python bench/report.py docs/img/report.png   # also writes the README's screenshot

Prints the report's size in bytes, the best of a few runs of rendering it from the results
(``formats.html.check``), and the wall-clock time headless Chromium takes to load it (``--dump-dom``)
and to print it to an A4 PDF (with the page count). A benchmark, not a test: the figures depend on
the machine. Needs Chromium and poppler-utils (``.ci/run`` installs them).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402

from hiepy_rules.load.packs import load_rules  # noqa: E402
from hiepy_rules.pipeline import check  # noqa: E402
from hiepy_rules.report import CheckReport, html  # noqa: E402
from hiepy_rules.report.provenance import collect  # noqa: E402

DOSSIER = "examples/cuc-thue-quang-tri-2012.yaml"


def best(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str]) -> int:
    import os

    os.chdir(ROOT)
    rules = load_rules()
    result = check(DOSSIER, rules=rules, display=DOSSIER, engine="python")
    titles = {result.file: {}}  # type: ignore[var-annotated]
    for lang in ("vi", "en"):
        report = CheckReport([result], rules, lang=lang, titles=titles, provenance=collect([result], rules))  # type: ignore[arg-type]
        page = html.check(report)
        seconds = best(lambda report=report: html.check(report))
        print(f"html ({lang}): {len(page.encode('utf-8'))} bytes, rendered from the results in {seconds * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        target = work / "report.html"
        subprocess.run(
            [sys.executable, "-m", "hiepy_rules.cli.main", "check", "--format", "html", DOSSIER, "-o", str(target)],
            check=False,
        )
        t = time.perf_counter()
        browser.run(target, work, "--dump-dom", name="dom")
        print(f"chromium --dump-dom: {time.perf_counter() - t:.2f} s (browser start-up included)")
        pdf = work / "report.pdf"
        t = time.perf_counter()
        browser.run(target, work, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", name="pdf")
        took = time.perf_counter() - t
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        print(f"chromium --print-to-pdf: {took:.2f} s, {pages} A4 pages, {pdf.stat().st_size} bytes")
        if len(argv) > 1:
            shot = Path(argv[1]).resolve()
            shot.parent.mkdir(parents=True, exist_ok=True)
            browser.run(
                target, work, f"--screenshot={shot}", "--window-size=900,1100", "--hide-scrollbars", name="shot"
            )
            print(f"screenshot: {shot.relative_to(ROOT)} ({shot.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
