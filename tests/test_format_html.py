"""``--format html``: a self-contained page, well-formed, escaped, deterministic, with the JSON's counts.

The page is read back as XML (its markup is XHTML-compatible), so every assertion looks at the
parsed tree, not at substrings. tests/test_report_browser.py renders it in a real browser.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hiepy_rules.report import CheckReport, html
from tests.conftest import RunCli
from tests.helpers import DOSSIER, EXAMPLES, REPO, bundled_rules, data_of, relative, run

NS = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def check_out(hiepy: RunCli, *args: str) -> tuple[int, str]:
    result = hiepy("check", *args)
    return result.exit_code, result.stdout


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def cells(root: ET.Element, **attrs: str) -> list[ET.Element]:
    sel = "".join(f"[@data-{k.replace('_', '-')}='{v}']" for k, v in attrs.items())
    return root.findall(f".//h:td{sel}", NS)


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


@pytest.mark.usefixtures("at_repo")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dossier_page_is_well_formed_and_counts_what_json_counts(hiepy: RunCli, lang: str) -> None:
    status, page = check_out(hiepy, "--format", "html", "--lang", lang, relative(DOSSIER))
    assert status == 1
    root = parse(page)
    assert root.get("lang") == lang
    result = json.loads(check_out(hiepy, "--format", "json", relative(DOSSIER))[1])["results"][0]
    by_kind: dict[str, int] = {}
    for f in result["findings"]:
        by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + 1
    shown = {c.get("data-kind"): int(text_of(c)) for c in cells(root, total="kind")}
    assert shown == by_kind
    assert int(text_of(cells(root, total="all")[0])) == len(result["findings"])
    articles = root.findall(".//h:article", NS)
    assert len(articles) == len(result["findings"])
    for f in result["findings"]:
        assert any(a.get("data-provisions") == " ".join(f["provisions"]) for a in articles)
    # the unit, the day, every pack with its version
    body = text_of(root)
    assert "Cục Thuế tỉnh Quảng Trị" in body
    for p in result["packs"]:
        assert p["id"] in body
    # severity never by colour alone: each finding's heading says it in words
    for a in articles:
        heading = text_of(a.find("h:h4", NS))  # type: ignore[arg-type]
        assert {"error": "✗", "warning": "⚠", "info": "ℹ"}[a.get("data-severity", "")] in heading


@pytest.mark.usefixtures("at_repo")
def test_page_requests_nothing(hiepy: RunCli) -> None:
    page = check_out(hiepy, "--format", "html", relative(DOSSIER))[1]
    root = parse(page)
    for el in root.iter():
        for attr in ("src", "href", "action", "srcset", "poster", "data"):
            value = el.get(attr)
            assert value is None or value.startswith("#"), (el.tag, attr, value)
    assert not root.findall(".//h:script", NS) and not root.findall(".//h:link", NS)
    csp = root.find(".//h:meta[@http-equiv='Content-Security-Policy']", NS)
    assert csp is not None and "default-src 'none'" in csp.get("content", "")
    assert "@import" not in page and "url(" not in page


@pytest.mark.usefixtures("at_repo")
def test_same_input_same_bytes(hiepy: RunCli, tmp_path: Path) -> None:
    first = check_out(hiepy, "--format", "html", relative(DOSSIER))[1]
    target = tmp_path / "report.html"
    assert check_out(hiepy, "--format", "html", relative(DOSSIER), "-o", str(target))[1] == ""
    assert target.read_text(encoding="utf-8") == first


@pytest.mark.usefixtures("at_repo")
def test_footer_digest_follows_the_inputs(hiepy: RunCli, tmp_path: Path) -> None:
    page = check_out(hiepy, "--format", "html", relative(DOSSIER))[1]
    footer = text_of(parse(page).find(".//h:footer", NS))  # type: ignore[arg-type]
    digest = re.search(r"[0-9a-f]{64}", footer)
    assert digest is not None
    changed = tmp_path / "dossier.yaml"
    changed.write_text(DOSSIER.read_text(encoding="utf-8") + "\n# một dòng chú thích\n", encoding="utf-8")
    other = check_out(hiepy, "--format", "html", str(changed))[1]
    assert digest.group(0) not in other


def test_hostile_strings_are_escaped(tmp_path: Path) -> None:
    data = data_of(DOSSIER)
    evil = '<script>alert("x")</script>&<img src="http://example.org/x.png"/>'
    data["unit"]["name"] = evil
    data["titles"][0]["name"] = evil
    import yaml

    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run(path)
    from hiepy_rules.cli.provenance import collect

    report = CheckReport(
        [result],
        bundled_rules(),
        titles={result.file: {t["id"]: t["name"] for t in data["titles"]}},
        provenance=collect([result], bundled_rules()),
    )
    page = html.check(report)
    root = parse(page)
    assert not root.findall(".//h:script", NS) and not root.findall(".//h:img", NS)
    assert evil in text_of(root)  # shown as words, exactly


def test_batch_has_an_index_linking_each_proposal() -> None:
    files = [DOSSIER, EXAMPLES / "clean.yaml", EXAMPLES / "cuc-thue-quang-tri-2026.yaml"]
    results = [run(p) for p in files]
    page = html.check(CheckReport(results, bundled_rules(), lang="en"))
    root = parse(page)
    index = root.find(".//h:nav", NS)
    assert index is not None
    links = [a.get("href") for a in index.iter(f"{{{NS['h']}}}a")]
    sections = [s.get("id") for s in root.findall(".//h:section[@class='proposal']", NS)]
    assert links == [f"#{s}" for s in sections] and len(sections) == len(files)
    assert [s.get("data-proposal") for s in root.findall(".//h:section[@class='proposal']", NS)] == [
        r.proposal for r in results
    ]


def test_overridden_findings_are_shown_apart() -> None:
    assert (
        parse(html.check(CheckReport([run(DOSSIER)], bundled_rules()))).find(".//h:section[@class='group apart']", NS)
        is None
    )
    result = run(EXAMPLES / "conflicts" / "X1.yaml")  # a conflict whose overridden side is reported
    root = parse(html.check(CheckReport([result], bundled_rules())))
    apart = root.find(".//h:section[@class='group apart']", NS)
    overridden = [f for f in result.findings if f.kind == "overridden"]
    assert overridden and apart is not None
    assert len(apart.findall(".//h:article", NS)) == len(overridden)
    assert all(a.get("data-kind") == "overridden" for a in apart.findall(".//h:article", NS))


def test_tables_have_header_cells() -> None:
    page = html.check(CheckReport([run(DOSSIER)], bundled_rules()))
    root = parse(page)
    for table in root.iter(f"{{{NS['h']}}}table"):
        assert table.findall(".//h:th", NS), "a table without header cells"
    for th in root.iter(f"{{{NS['h']}}}th"):
        assert th.get("scope") in ("col", "row")


@pytest.mark.usefixtures("at_repo")
def test_lint_html_is_well_formed(hiepy: RunCli) -> None:
    result = hiepy("lint", "--format", "html", relative(EXAMPLES / "clean.yaml"))
    root = parse(result.stdout)
    assert root.find(".//h:h1", NS) is not None


@pytest.mark.usefixtures("at_repo")
def test_batch_report_is_the_same_bytes_whatever_the_jobs(hiepy: RunCli) -> None:
    folder = relative(EXAMPLES / "conflicts")
    one = hiepy("check", folder, "--format", "html", "--jobs", "1")
    two = hiepy("check", folder, "--format", "html", "--jobs", "2")
    assert one.exit_code == two.exit_code and one.stdout == two.stdout
    root = parse(one.stdout)
    files = sorted(p for p in (EXAMPLES / "conflicts").iterdir() if p.suffix == ".yaml")
    assert len(root.findall(".//h:section[@class='proposal']", NS)) == len(files)
    # each proposal's own digest is in its header: a printed page names the exact file
    import hashlib

    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in one.stdout


def test_a_share_shows_its_value_and_verdict_under_each_reading() -> None:
    """M4's share depends on the denominator: the page gives every reading, not only the provision's."""
    result = run(EXAMPLES / "rules" / "ministry-variant-2012.M4.violates.yaml")
    [finding] = [f for f in result.findings if f.readings]
    page = parse(html.check(CheckReport([result], bundled_rules())))
    text = " ".join(" ".join(t.itertext()) for t in page.iter(f"{{{NS['h']}}}table"))
    for r in finding.readings:
        assert f"{r.count}/{r.denominator} = {r.percent:.1f}%" in text
    assert "không đạt" in text and "cách tính của quy định" in text
