"""Rule packs on disk: a rules root holds the registries and one folder per pack.

    rules/
      authorities.yaml        issuing bodies and their ranks (for precedence)
      sources.yaml            documents cited by provisions
      <pack>/pack.yaml        the pack's manifest (issuer, scope, dates, settings)
      <pack>/*.yaml           rule files, each a list of provisions
      <pack>/tests/...        (reserved for pack tests)

Loading never stops at the first problem: it gathers every problem it can find, each with a
position, so ``hiepy lint`` can print them all. ``load_rules`` raises only when asked to be strict.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.yamlio import Document, load

if TYPE_CHECKING:  # the vocabulary's models are imported where files are validated: a cached rule set
    # (``rules_cache``) and ``hiepy conflicts``' cached report do not pay for building them first
    from hiepy_rules.provision import Authority, InForce, PackManifest, Provision, SourceDoc


def bundled_rules_dir() -> Path:
    """The rules shipped with hiepy (``HIEPY_RULES`` overrides, for tests and deployments)."""
    env = os.environ.get("HIEPY_RULES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True)
class Located:
    """A provision with the file and document it was read from (for positions)."""

    provision: Provision
    doc: Document
    index: int  # position in the file's ``provisions`` list

    @property
    def path(self) -> tuple[str | int, ...]:
        return ("provisions", self.index)

    def where(self, *sub: str | int, key: bool = False) -> tuple[str, int, int]:
        line, col = self.doc.where((*self.path, *sub), key=key)
        return self.doc.file, line, col


@dataclass
class Pack:
    manifest: PackManifest
    manifest_doc: Document
    directory: Path
    provisions: list[Located] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.manifest.pack

    def in_force(self, p: Provision) -> InForce:
        return p.in_force or self.manifest.in_force

    def issuer(self, p: Provision) -> str:
        return p.issuer or self.manifest.issuer


@dataclass
class RuleSet:
    """Registries and packs, as loaded; ``problems`` lists what could not be read."""

    root: Path | None
    authorities: dict[str, Authority] = field(default_factory=dict)
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    packs: list[Pack] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    registry_docs: dict[str, Document] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, tuple[Pack, Located]]:
        """Each provision id with its first version (see ``version`` for the one in force on a day)."""
        out: dict[str, tuple[Pack, Located]] = {}
        for pack in self.packs:
            for loc in pack.provisions:
                out.setdefault(loc.provision.id, (pack, loc))
        return out

    @cached_property
    def versions_of(self) -> dict[str, list[tuple[Pack, Located]]]:
        """Each provision id with all its versions, in load order (``versions.py``)."""
        out: dict[str, list[tuple[Pack, Located]]] = {}
        for pack in self.packs:
            for loc in pack.provisions:
                out.setdefault(loc.provision.id, []).append((pack, loc))
        return out

    def version(self, provision_id: str, day: dt.date | None = None) -> tuple[Pack, Located]:
        """The version of a provision in force on ``day`` (the first one when none is, or no day is given)."""
        found = self.versions_of[provision_id]
        if day is not None:
            for pack, loc in found:
                if pack.manifest.in_force.covers(day) and pack.in_force(loc.provision).covers(day):
                    return pack, loc
        return found[0]

    def provisions_in_force(self, day: dt.date) -> list[tuple[Pack, Located]]:
        return [
            (pack, loc)
            for pack in self.packs
            for loc in pack.provisions
            if pack.manifest.in_force.covers(day) and pack.in_force(loc.provision).covers(day)
        ]


def _registry_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a registry, else the bundled rules."""
    for d in [start, *start.parents]:
        if (d / "sources.yaml").is_file() or (d / "authorities.yaml").is_file():
            return d
    return bundled_rules_dir()


def _read(path: Path, problems: list[Problem]) -> Document | None:
    try:
        return load(path, display=_display(path))
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def load_registries(rs: RuleSet, root: Path) -> None:
    from hiepy_rules.provision import AuthoritiesFile, SourcesFile
    from hiepy_rules.validate import validate

    for name, model in (("authorities.yaml", AuthoritiesFile), ("sources.yaml", SourcesFile)):
        path = root / name
        if not path.is_file():
            rs.problems.append(Problem(_display(path), 0, 0, "error", "registry file is missing", "registry"))
            continue
        doc = _read(path, rs.problems)
        if doc is None:
            continue
        rs.registry_docs[name] = doc
        try:
            parsed = validate(model, doc)
        except InputError as exc:
            rs.problems.extend(exc.problems)
            continue
        if isinstance(parsed, AuthoritiesFile):
            rs.authorities = {a.id: a for a in parsed.authorities}
        elif isinstance(parsed, SourcesFile):
            for i, s in enumerate(parsed.sources):
                if s.number in rs.sources:
                    line, col = doc.where(("sources", i, "number"))
                    rs.problems.append(
                        Problem(doc.file, line, col, "error", f"duplicate source {s.number!r}", "registry")
                    )
                rs.sources.setdefault(s.number, s)


def load_pack(directory: Path, rs: RuleSet) -> Pack | None:
    from hiepy_rules.provision import PackManifest
    from hiepy_rules.validate import validate

    manifest_path = directory / "pack.yaml"
    doc = _read(manifest_path, rs.problems)
    if doc is None:
        return None
    try:
        manifest = validate(PackManifest, doc)
    except InputError as exc:
        rs.problems.extend(exc.problems)
        return None
    pack = Pack(manifest, doc, directory)
    for path in sorted(directory.glob("*.y*ml")):
        if path.name == "pack.yaml" or path.suffix not in (".yaml", ".yml"):
            continue
        load_provision_file(path, pack, rs)
    return pack


def load_provision_file(path: Path, pack: Pack, rs: RuleSet) -> None:
    from hiepy_rules.provision import ProvisionFile
    from hiepy_rules.validate import validate

    doc = _read(path, rs.problems)
    if doc is None:
        return
    try:
        parsed = validate(ProvisionFile, doc)
    except InputError as exc:
        rs.problems.extend(exc.problems)
        return
    for i, p in enumerate(parsed.provisions):
        pack.provisions.append(Located(p, doc, i))


def is_pack_dir(path: Path) -> bool:
    return (path / "pack.yaml").is_file()


def load_rules(paths: list[Path] | None = None) -> RuleSet:
    """Load packs from rule roots or pack folders (default: the bundled rules)."""
    roots = paths or [bundled_rules_dir()]
    first = roots[0].resolve()
    reg_root = _registry_root(first if first.is_dir() else first.parent)
    rs = RuleSet(reg_root)
    load_registries(rs, reg_root)
    seen: set[Path] = set()
    for root in roots:
        if not root.exists():
            rs.problems.append(Problem(str(root), 0, 0, "error", "no such file or directory", "io"))
            continue
        pack_dirs = [root] if is_pack_dir(root) else sorted(d for d in root.iterdir() if is_pack_dir(d))
        if not pack_dirs and root.is_dir():
            rs.problems.append(Problem(str(root), 0, 0, "error", "no pack here (a pack folder has pack.yaml)", "io"))
        for d in pack_dirs:
            if d.resolve() in seen:
                continue
            seen.add(d.resolve())
            pack = load_pack(d, rs)
            if pack is not None:
                rs.packs.append(pack)
    from hiepy_rules.versions import overlap_problems, versions  # versions.py reads this module's types

    rs.problems.extend(overlap_problems(versions(rs.packs)))
    return rs
