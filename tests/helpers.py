"""Helpers shared by the example, provision, conflict, precedence and fix tests.

Paths are resolved from the repository root, never from the working directory, and checks are
always given the example's path relative to the root (as ``display``) so that the ``file`` of a
finding is the same wherever pytest runs from.
"""

from __future__ import annotations

import shutil
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

from hiepy_rules.engine.base import EngineName
from hiepy_rules.findings.model import CheckResult, Finding
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.load.yamlio import load
from hiepy_rules.pipeline import check, check_proposal
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
RULE_EXAMPLES = EXAMPLES / "rules"
CONFLICT_EXAMPLES = EXAMPLES / "conflicts"
GOLDEN = Path(__file__).resolve().parent / "golden"
DOSSIER = EXAMPLES / "cuc-thue-quang-tri-2012.yaml"


def relative(path: Path) -> str:
    """The path as the golden files and findings show it: relative to the repository, with '/'."""
    return path.resolve().relative_to(REPO).as_posix()


def example_files() -> list[Path]:
    """Every bundled example proposal, in a stable order."""
    return sorted(EXAMPLES.rglob("*.yaml"), key=relative)


@cache
def bundled_rules() -> RuleSet:
    return load_rules()


def run(path: Path, engine: EngineName = "python", rules: RuleSet | list[Path] | None = None) -> CheckResult:
    """Check an example as the CLI would from the repository root."""
    return check(
        path,
        engine=engine,
        rules=rules if rules is not None else bundled_rules(),
        display=relative(path) if path.resolve().is_relative_to(REPO) else None,
    )


def of(result: CheckResult, provision: str, *kinds: str) -> list[Finding]:
    """The findings naming ``provision`` (of the given kinds, or of any kind)."""
    return [f for f in result.findings if provision in f.provisions and (not kinds or f.kind in kinds)]


def kinds(result: CheckResult) -> list[tuple[str, tuple[str, ...], str]]:
    """(kind, provisions, subject fact) of every finding: a readable summary for assertion messages."""
    return [(f.kind, tuple(f.provisions), f.subject.fact) for f in result.findings]


def data_of(path: Path) -> dict[str, Any]:
    """The proposal file's data as hiepy reads it (YAML 1.2 booleans: a vote's ``yes`` stays a key)."""
    data = load(path).data
    assert isinstance(data, dict)
    return data


def recheck(data: dict[str, Any], engine: EngineName = "python") -> CheckResult:
    """Validate proposal data (schema and references) and check it against the bundled packs."""
    proposal = Proposal.model_validate(data)
    assert reference_problems(proposal) == [], reference_problems(proposal)
    return check_proposal(proposal, rules=bundled_rules(), engine=engine)


def rules_root(tmp_path: Path, packs: dict[str, tuple[str, str]]) -> Path:
    """A rules root under ``tmp_path`` with the bundled registries and the given packs.

    ``packs`` maps a pack id to (manifest text, provisions text), both dedented.
    """
    root = tmp_path / "rules"
    root.mkdir()
    for name in ("authorities.yaml", "sources.yaml"):
        shutil.copyfile(bundled_rules_dir() / name, root / name)
    for pack, (manifest, provisions) in packs.items():
        (root / pack).mkdir()
        (root / pack / "pack.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
        (root / pack / "provisions.yaml").write_text(textwrap.dedent(provisions), encoding="utf-8")
    return root


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
