"""What a printed report is traced by: a SHA-256 digest of the proposals checked and the packs used.

The HTML report (``formats.html``) prints the digest in its footer and each proposal's own digest in
its header, so that a paper copy in a dossier can be matched to the exact files it was made from.
Formats never read files: the command collects this once, after the checks, and hands it over in
the ``CheckReport``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hiepy_rules.errors import InputError
from hiepy_rules.pipeline import read_proposal

if TYPE_CHECKING:
    from hiepy_rules.findings.model import CheckResult
    from hiepy_rules.load.ruleset import RuleSet


@dataclass(frozen=True)
class Provenance:
    """``digest``: of every proposal and every used pack's files; ``files``: each proposal's own digest;
    ``units``: each proposal's unit name (the report's header names the unit)."""

    digest: str
    files: Mapping[str, str]
    units: Mapping[str, str]


def _feed(update: Callable[[bytes], None], name: str, data: bytes) -> None:
    # name and length first: two different sets of files can never feed the same bytes
    update(name.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)


def pack_files(rules: RuleSet, pack_ids: set[str]) -> list[tuple[str, Path]]:
    """The files a check reads from the packs it used (manifest and rule files) and the registries."""
    out: list[tuple[str, Path]] = []
    if rules.root is not None:
        for name in ("authorities.yaml", "sources.yaml"):
            if (rules.root / name).is_file():
                out.append((name, rules.root / name))
    for pack in rules.packs:
        if pack.id not in pack_ids:
            continue
        for path in sorted(pack.directory.glob("*.y*ml")):
            if path.suffix in (".yaml", ".yml"):
                out.append((f"{pack.id}/{path.name}", path))
    return out


def collect(results: Sequence[CheckResult], rules: RuleSet) -> Provenance:
    """Read the proposals again (bytes for the digest, the unit's name) and the used packs' files."""
    whole = hashlib.sha256()
    files: dict[str, str] = {}
    units: dict[str, str] = {}
    for r in sorted(results, key=lambda r: r.file):
        try:
            data = Path(r.file).read_bytes()
        except OSError:
            continue  # the report still prints; this proposal is traced by its results only
        files[r.file] = hashlib.sha256(data).hexdigest()
        _feed(whole.update, f"proposal:{r.file}", data)
        try:
            proposal, _ = read_proposal(r.file)
        except (InputError, OSError):
            continue
        units[r.file] = proposal.unit.name
    used = {p.id for r in results for p in r.packs}
    for name, path in pack_files(rules, used):
        try:
            _feed(whole.update, f"rules:{name}", path.read_bytes())
        except OSError:
            continue
    return Provenance(whole.hexdigest(), files, units)
