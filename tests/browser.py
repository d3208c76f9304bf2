"""Headless Chromium for the HTML report's tests and benchmark: render, print, screenshot, and log the network.

Every run gets its own profile folder and a net log (Chromium's own record of every request it
starts). Chromium's background services (update checks, sign-in) also appear there; the page's
requests are told apart by their network isolation key, which names the page's site (``file://``).
Name resolution is mapped to nothing, so that even a request that did start could not reach anyone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Run:
    stdout: str
    net_log: Path


def run(page: Path, work: Path, *extra: str, name: str = "run", timeout: float = 120) -> Run:
    """Open ``page`` in headless Chromium with ``extra`` flags (``--dump-dom``, ``--print-to-pdf=…``...)."""
    exe = chromium()
    assert exe is not None, "chromium is not installed"
    profile = work / f"{name}-profile"
    net_log = work / f"{name}-net.json"
    args = [exe, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={net_log}", *extra, page.resolve().as_uri()]
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.rmtree(profile, ignore_errors=True)
    return Run(done.stdout, net_log)


def page_requests(net_log: Path, page: Path) -> list[str]:
    """URLs the page itself asked for (its own file excepted), from Chromium's net log."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    own = page.resolve().as_uri()
    out = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start or "url" not in params:
            continue
        if "file://" in params.get("network_isolation_key", "") and params["url"] != own:
            out.append(params["url"])
    return sorted(set(out))


class DomReader(HTMLParser):
    """What the tests read from a dumped DOM: the summary's cells, the findings, the language."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.kind_totals: dict[str, int] = {}
        self.total: int | None = None
        self.findings: list[dict[str, str]] = []
        self._cell: tuple[str, str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "td" and a.get("data-total") in ("kind", "all"):
            self._cell = (a["data-total"], a.get("data-kind", ""))
            self._text = ""
        elif tag == "article" and "finding" in a.get("class", ""):
            self.findings.append(a)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            what, kind = self._cell
            if what == "all":
                self.total = int(self._text)
            else:
                self.kind_totals[kind] = int(self._text)
            self._cell = None


def read_dom(html: str) -> DomReader:
    reader = DomReader()
    reader.feed(html)
    reader.close()
    return reader
