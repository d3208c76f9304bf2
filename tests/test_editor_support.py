"""Editor and CI support: bilingual schema fields, the yaml-language-server comment, the pre-commit hooks,
and the README's examples, which must keep working."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from hiepy_rules.schema.fielddoc import DESCRIPTION_SEP, TITLE_SEP
from hiepy_rules.tools import schema_export
from tests.conftest import RunCli
from tests.helpers import REPO, RULE_EXAMPLES

README = (REPO / "README.md").read_text(encoding="utf-8")
HOOKS = REPO / ".pre-commit-hooks.yaml"
_VI = re.compile(r"[À-ỹĐđ]")  # a letter only Vietnamese spelling uses here


def properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    defs = {"<root>": schema, **schema.get("$defs", {})}
    return [(name, prop, spec) for name, d in defs.items() for prop, spec in d.get("properties", {}).items()]


@pytest.mark.parametrize("name", sorted(schema_export.SCHEMAS))
def test_every_field_has_a_title_and_description_in_both_languages(name: str) -> None:
    schema = json.loads((schema_export.schema_dir() / name).read_text(encoding="utf-8"))
    props = properties(schema)
    assert props
    undocumented = []
    for model, prop, spec in props:
        title, desc = spec.get("title", ""), spec.get("description", "")
        vi_title, _, en_title = title.partition(TITLE_SEP)
        vi_desc, _, en_desc = desc.partition(DESCRIPTION_SEP)
        if not (vi_title and en_title and vi_desc and en_desc):
            undocumented.append(f"{model}.{prop}")
        elif not _VI.search(vi_title + vi_desc):
            undocumented.append(f"{model}.{prop} (no Vietnamese)")
    assert undocumented == [], "give each field **bi(title_vi, title_en, vi, en) (hiepy_rules.schema.fielddoc)"


def test_the_readme_shows_the_yaml_language_server_comment() -> None:
    lines = re.findall(r"^# yaml-language-server: \$schema=(\S+)$", README, re.M)
    assert "../schemas/proposal.schema.json" in lines
    for name in ("provision", "pack-tests", "waivers"):
        assert f"{name}.schema.json" in README


def test_pack_test_files_point_at_the_schema_that_exists() -> None:
    files = sorted((REPO / "rules").glob("*/tests/*.yaml"))
    assert files
    for f in files:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert m, f
        assert (f.parent / m[1]).resolve() == (REPO / "schemas" / "pack-tests.schema.json").resolve()


def yaml_blocks(after: str) -> list[str]:
    section = README.split(after, 1)[1]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


@pytest.mark.usefixtures("english")  # the README shows the English summary
def test_the_readme_pack_test_example_passes(hiepy: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    shutil.copytree(RULE_EXAMPLES, tmp_path / "examples" / "rules")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "rules" / "national-2012" / "tests" / "readme.yaml"
    target.write_text(yaml_blocks("### Pack tests")[0], encoding="utf-8")
    result = hiepy("test", "--engine", "python", str(target))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "3 passed, 0 failed" in result.stdout


def test_the_readme_waivers_example_is_a_valid_waivers_file(tmp_path: Path) -> None:
    from hiepy_rules.findings.waivers import load_waivers
    from hiepy_rules.load.packs import load_rules

    path = tmp_path / "waivers.yaml"
    path.write_text(yaml_blocks("### Waivers")[0], encoding="utf-8")
    [w] = load_waivers(path, load_rules()).entries
    assert w.provision == "quang-tri-2012.G6" and str(w.valid_until) == "2012-12-31"


def test_the_pre_commit_hooks_name_real_commands(hiepy: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"hiepy-check", "hiepy-lint", "hiepy-test"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and hook["entry"].startswith("hiepy ")
    # hidden files (.pre-commit-config.yaml, .github/...) are not given to hiepy lint
    exclude = re.compile(hooks["hiepy-lint"]["exclude"])
    assert exclude.search(".pre-commit-config.yaml") and not exclude.search("rules/national-2012/pack.yaml")
    assert hooks["hiepy-test"]["pass_filenames"] is False
    monkeypatch.chdir(REPO)
    # pre-commit runs "entry args... files...": the lint hook on a changed rule file
    lint = hiepy(*hooks["hiepy-lint"]["entry"].split()[1:], "rules/national-2012/consultation.yaml")
    assert lint.exit_code == 0, lint.stdout + lint.stderr
    test = hiepy(*hooks["hiepy-test"]["entry"].split()[1:], *hooks["hiepy-test"]["args"], "--help")
    assert test.exit_code == 0
    assert "--threshold" in hooks["hiepy-test"]["args"]
    # the check hook on a changed proposal: findings of severity error fail the commit (status 1)
    check = hiepy(*hooks["hiepy-check"]["entry"].split()[1:], "examples/clean.yaml")
    assert check.exit_code == 0, check.stdout + check.stderr
    check = hiepy(*hooks["hiepy-check"]["entry"].split()[1:], "examples/cuc-thue-quang-tri-2012.yaml")
    assert check.exit_code == 1
