"""``hiepy lint`` learns contradictions: a new rule file against the bundled packs and its own root.

Against a standing provision of higher authority: an error at the new provision's ``id`` line, with
the witness; against a peer's: a warning naming the clash (``--strict`` counts it).
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from hiepy_rules.lint.runner import lint_paths
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.pipeline import check
from hiepy_rules.schema.vi_text import problems as vi_problems


def provision(pid: str, body: str) -> str:
    head = (
        f"  - id: {pid}\n"
        f'    name: {{vi: "{pid}", en: "{pid}"}}\n'
        '    source: {document: 92-BC/TU, article: "Mục II.1"}\n'
        f'    text: {{vi: "{pid}", en: "{pid}"}}\n'
        "    severity: error\n"
    )
    return head + textwrap.indent(textwrap.dedent(body), "    ")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A rules root with the bundled registries, as the cwd's child ``rules/``."""
    monkeypatch.chdir(tmp_path)
    r = tmp_path / "rules"
    r.mkdir()
    for name in ("authorities.yaml", "sources.yaml"):
        shutil.copyfile(bundled_rules_dir() / name, r / name)
    return Path("rules")


def add_pack(root: Path, pid: str, issuer: str, start: str, *provisions: str, scope: str = "") -> Path:
    d = root / pid
    d.mkdir()
    manifest = f'pack: {pid}\nname: {{vi: "{pid}", en: "{pid}"}}\nissuer: {issuer}\nin_force: {{from: {start}}}\n'
    (d / "pack.yaml").write_text(manifest + scope, encoding="utf-8")
    path = d / "rules.yaml"
    path.write_text("provisions:\n" + "".join(provisions), encoding="utf-8")
    return path


def id_line(path: Path, pid: str) -> tuple[int, int]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() == f"- id: {pid}":
            return n, line.index(pid) + 1
    raise AssertionError(pid)


def contradictions(paths: list[Path], **kw: Any) -> list[Any]:
    return [p for p in lint_paths(paths, **kw) if p.code == "contradiction"]


def test_a_ministry_file_against_a_standing_politburo_provision_is_an_error(root: Path) -> None:
    # 377-QĐ/TW (national-2025, bundled): at most three cadres per title; the ministry asks for four
    path = add_pack(
        root,
        "ministry-x",
        "ministry_party_committee",
        "2026-01-01",
        provision(
            "ministry-x.four",
            "subject: title\nwhen: [{fact: key, eq: true}]\nmust: {fact: candidate_count, ge: 4}\n",
        ),
    )
    # (it also clashes with the ministry variant's deputy cap, a provision of the same issuer, for a key
    # deputy title of a central line unit: a second problem, not this test's)
    [p] = [q for q in contradictions([path]) if "national-2025.max-three-per-title" in q.message]
    assert (p.file, p.severity) == ("rules/ministry-x/rules.yaml", "error")
    assert (p.line, p.column) == id_line(path, "ministry-x.four")
    assert "higher authority" in p.en
    assert "incompatible where" in p.en and "title.key = true" in p.en
    # the same in Vietnamese, the default language: the clash, its kind, and where, in words
    assert "không thể cùng đáp ứng với một quy định của cơ quan cấp cao hơn" in p.message
    assert "đề án minh họa: `" in p.message and vi_problems(p.message.split("đề án minh họa:")[0]) == []
    # the witness is inline: a whole proposal on one line, which check confirms
    data = json.loads(p.en.split("witness: ", 1)[1])
    proposal = Path("inline.yaml")
    import yaml

    proposal.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = check(proposal, rules=load_rules([root, bundled_rules_dir()]), engine="python")
    assert any(
        f.conflict is not None and sorted(f.provisions) == ["ministry-x.four", "national-2025.max-three-per-title"]
        for f in result.findings
    )


def test_a_file_against_h1_contradicts_it_beyond_checks_choices(root: Path, hiepy: Any, tmp_path: Path) -> None:
    path = add_pack(
        root,
        "ministry-y",
        "ministry_party_committee",
        "2013-01-01",
        provision(
            "ministry-y.no-consultation",
            "subject: matter\nwhen: [{fact: role, eq: head}]\n"
            "must_not: {record: consultation, match: [title, matter]}\n",
        ),
    )
    result = hiepy("--lang", "en", "lint", str(path), "--witness-dir", str(tmp_path / "w"))
    assert result.exit_code == 2
    line, col = id_line(path, "ministry-y.no-consultation")
    [out] = [x for x in result.stdout.splitlines() if "contradiction" in x or "cannot be met" in x]
    assert out.startswith(f"rules/ministry-y/rules.yaml:{line}:{col}: error: ministry-y.no-consultation cannot")
    assert "national-2012.H1" in out and "Politburo" in out
    witness = out.split("witness: ", 1)[1]
    assert witness.startswith(str(tmp_path / "w")) and Path(witness).is_file()
    vi = hiepy("lint", str(path), "--witness-dir", str(tmp_path / "w"))  # Vietnamese by default
    [out_vi] = [x for x in vi.stdout.splitlines() if "ministry-y.no-consultation không thể cùng đáp ứng" in x]
    assert out_vi.startswith(f"rules/ministry-y/rules.yaml:{line}:{col}: ") and "Bộ Chính trị" in out_vi
    assert out_vi.endswith(f"đề án minh họa: `{witness}`")


def test_a_peer_is_a_warning_that_strict_counts(root: Path, hiepy: Any) -> None:
    # a second ministry rule file of the same rank as the Quảng Trị committee: L2 wants ≥ 2 planned
    path = add_pack(
        root,
        "ministry-z",
        "ministry_party_committee",
        "2013-01-01",
        provision(
            "ministry-z.one", "subject: title\nwhen: [{fact: role, eq: deputy}]\nmust: {fact: candidate_count, le: 1}\n"
        ),
    )
    found = contradictions([path])
    assert {p.severity for p in found} == {"warning"}
    [peer] = [p for p in found if "quang-tri-2012.L2" in p.message]
    assert "a peer's provision" in peer.en and "incompatible" in peer.en
    assert "cơ quan ngang cấp" in peer.message
    # and the same issuer's own M2-more (a permission to plan more deputies) is withdrawn by it
    [own] = [p for p in found if "ministry-variant-2012.M2-more" in p.message]
    assert "the same issuer" in own.en and "permission withdrawn" in own.en
    assert "cùng cơ quan ban hành" in own.message and "điều được phép bị cấm lại" in own.message
    assert hiepy("lint", str(path)).exit_code == 0
    assert hiepy("lint", "--strict", str(path)).exit_code == 2


def test_a_later_higher_provision_supersedes_with_a_warning(root: Path) -> None:
    # in force before 377-QĐ/TW: the later Politburo rule supersedes it from 2025-10-08
    path = add_pack(
        root,
        "ministry-old",
        "ministry_party_committee",
        "2020-01-01",
        provision("ministry-old.four", "subject: title\nmust: {fact: candidate_count, ge: 4}\n"),
    )
    found = contradictions([path])
    assert {p.severity for p in found} == {"warning"}  # M2, of the same issuer, clashes with it too
    [p] = [p for p in found if "national-2025.max-three-per-title" in p.message]
    assert "later provision of higher authority (in force from 2025-10-08)" in p.en
    assert "có hiệu lực từ 08/10/2025" in p.message


def test_a_file_that_agrees_with_everything_gets_no_contradiction(root: Path) -> None:
    path = add_pack(
        root,
        "ministry-ok",
        "ministry_party_committee",
        "2026-01-01",
        provision(
            "ministry-ok.two", "subject: title\nwhen: [{fact: key, eq: true}]\nmust: {fact: candidate_count, ge: 2}\n"
        ),
        scope="scope:\n  when:\n    - {fact: unit.ministry, in: [Bộ Tư pháp]}\n",
    )
    assert contradictions([path]) == []


def test_a_higher_authority_file_prevails_and_is_not_blamed(root: Path) -> None:
    path = add_pack(
        root,
        "politburo-x",
        "politburo",
        "2013-01-01",
        provision(
            "politburo-x.one",
            "subject: title\nwhen: [{fact: role, eq: deputy}]\nmust: {fact: candidate_count, le: 1}\n",
        ),
    )
    assert contradictions([path]) == []  # it prevails over L2 (lex superior): L2 is what needs fixing


def test_a_loose_rule_file_is_judged_as_the_newest_rule_of_its_issuer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = "provisions:\n" + provision(
        "draft.four",
        "issuer: ministry_party_committee\nsubject: title\nwhen: [{fact: key, eq: true}]\n"
        "must: {fact: candidate_count, ge: 4}\n",
    )
    path = Path("draft.yaml")
    path.write_text(text, encoding="utf-8")
    found = contradictions([path])
    [p] = [p for p in found if "national-2025.max-three-per-title" in p.message]
    assert p.severity == "error" and (p.line, p.column) == id_line(path, "draft.four")
