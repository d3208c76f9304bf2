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

import os
from pathlib import Path
from typing import TYPE_CHECKING

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.load.document import Document
from hiepy_rules.load.safeio import real
from hiepy_rules.load.yamlio import load

if TYPE_CHECKING:  # the vocabulary's models are imported where files are validated: a cached rule set
    # (``rules_cache``) and ``hiepy conflicts``' cached report do not pay for building them first
    pass
from hiepy_rules.load.ruleset import Located, Pack, RuleSet


def bundled_rules_dir() -> Path:
    """The rules shipped with hiepy (``HIEPY_RULES`` overrides, for tests and deployments)."""
    env = os.environ.get("HIEPY_RULES")
    if env:
        return Path(env)
    # importlib.resources only for the bundled rules
    from hiepy_rules.load.resources import data_dir

    return data_dir("rules")


def _has_registry(d: Path) -> bool:
    return (d / "sources.yaml").is_file() or (d / "authorities.yaml").is_file()


def registry_dir(start: Path) -> Path | None:
    """The rules root whose registries apply to ``start``: ``start`` itself, or, for a pack folder,
    the rules root holding it; never a folder further up (a file planted there must not change
    precedence). ``None``: the bundled registries apply."""
    if _has_registry(start):
        return start
    if is_pack_dir(start) and _has_registry(start.parent):
        return start.parent
    return None


def _registry_root(start: Path) -> Path:
    """``registry_dir``, else the bundled rules."""
    return registry_dir(start) or bundled_rules_dir()


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


def _missing_registry(path: Path, root: Path) -> Problem:
    if not root.is_dir() and root == bundled_rules_dir():  # hiepy's own data is absent, not the user's
        # importlib.resources only when hiepy's own data is missing
        from hiepy_rules.load.resources import INCOMPLETE_EN, INCOMPLETE_VI

        vi, en = INCOMPLETE_VI.format(name="rules"), INCOMPLETE_EN.format(name="rules")
        return Problem(_display(root), 0, 0, "error", vi, "installation", en)
    vi = "thiếu tệp đăng ký này ở thư mục gốc của bộ quy định"
    return Problem(_display(path), 0, 0, "error", vi, "registry", "registry file is missing")


def load_registries(rs: RuleSet, root: Path) -> None:
    # pydantic only when files are read: bundled_rules_dir alone (hiepy conflicts' cache) stays light
    from hiepy_rules.load.validate import validate
    from hiepy_rules.schema.files import AuthoritiesFile, SourcesFile

    for name, model in (("authorities.yaml", AuthoritiesFile), ("sources.yaml", SourcesFile)):
        path = root / name
        if not path.is_file():
            rs.problems.append(_missing_registry(path, root))
            if rs.problems[-1].code == "installation":
                return
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
    # pydantic only when files are read: bundled_rules_dir alone (hiepy conflicts' cache) stays light
    from hiepy_rules.load.validate import validate
    from hiepy_rules.schema.pack import PackManifest

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
    # pydantic only when files are read (limits imports the provision model)
    from hiepy_rules.load.limits import MAX_RULE_FILES, too_many_files

    files = [p for p in sorted(directory.glob("*.y*ml")) if p.name != "pack.yaml" and p.suffix in (".yaml", ".yml")]
    if len(files) > MAX_RULE_FILES:  # said, and none read: reading them all is what would take too long
        rs.problems.append(too_many_files(_display(directory), len(files)))
        return pack
    for path in files:
        load_provision_file(path, pack, rs)
    return pack


def load_provision_file(path: Path, pack: Pack, rs: RuleSet) -> None:
    # pydantic only when files are read: bundled_rules_dir alone (hiepy conflicts' cache) stays light
    from hiepy_rules.load.validate import validate
    from hiepy_rules.schema.files import ProvisionFile

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
    first = real(roots[0])
    reg_root = _registry_root(first if first.is_dir() else first.parent)
    rs = RuleSet(reg_root)
    load_registries(rs, reg_root)
    seen: set[Path] = set()
    for root in roots:
        if not root.exists():
            if paths:  # else the bundled rules are absent: already said (installation incomplete)
                rs.problems.append(
                    Problem(str(root), 0, 0, "error", "không có tệp hay thư mục này", "io", "no such file or directory")
                )
            continue
        if not root.is_dir():
            vi = "không phải thư mục: hãy cho một thư mục quy tắc gốc hoặc một thư mục gói"
            en = "is not a folder: give a rules root or a pack folder"
            rs.problems.append(Problem(str(root), 0, 0, "error", vi, "io", en))
            continue
        pack_dirs = [root] if is_pack_dir(root) else sorted(d for d in root.iterdir() if is_pack_dir(d))
        if not pack_dirs and root.is_dir():
            vi = "ở đây không có gói quy định nào (thư mục của một gói có tệp pack.yaml)"
            en = "no pack here (a pack folder has pack.yaml)"
            rs.problems.append(Problem(str(root), 0, 0, "error", vi, "io", en))
        for d in pack_dirs:
            if real(d) in seen:
                continue
            seen.add(real(d))
            pack = load_pack(d, rs)
            if pack is not None:
                rs.packs.append(pack)
    from hiepy_rules.load.versions import overlap_problems, versions  # versions.py reads this module's types

    rs.problems.extend(overlap_problems(versions(rs.packs)))
    from hiepy_rules.load.limits import problems as program_problems  # derive cycles, size, pack ids

    rs.problems.extend(program_problems(rs))
    from hiepy_rules.load import identifiers  # look-alike ids: errors; look-alike names: warnings

    docs = {id(d): d for d in rs.registry_docs.values()}
    for pack in rs.packs:
        docs.setdefault(id(pack.manifest_doc), pack.manifest_doc)
        for loc in pack.provisions:
            docs.setdefault(id(loc.doc), loc.doc)
    for doc in docs.values():
        rs.problems.extend(identifiers.problems(doc))
    return rs
