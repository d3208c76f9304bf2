"""``hiepy lint``: every problem of rule files, packs, registries and proposals, each at its line.

What a file is, is told by its content (``classify``): a mapping with ``provisions`` is a rule
file, ``pack`` a pack manifest, ``sources``/``authorities`` a registry, ``unit`` and ``titles``
(or ``format: hiepy/proposal/1``) a proposal. Rule files, manifests and registries are always
checked inside the rules root that holds them, loaded with ``packs.load_rules``, so that the
checks across files run; a proposal stands alone.

Checks, each an error (or a warning) at the key or value it is about:

- YAML syntax and the bounds of ``yamlio`` (size, depth, aliases, tags, encoding);
- the schemas (pydantic models of ``provision`` and ``proposal``, via ``validate``);
- duplicate provision ids across packs, ``overrides`` naming no provision;
- time (``versions.py``): versions of one provision (one id, one pack) whose windows overlap, or
  leave a gap (warning); ``replaced_by`` chains of provisions and of documents with a gap, an
  overlap, no end date or a loop; a provision in force outside its source document's dates (warning);
- sources (``source.document``, ``source.basis``, ``replaced_by``) not in ``sources.yaml``;
  authorities (pack, provision and source issuers, ``superior``) not in ``authorities.yaml``;
- subjects neither a base kind of ``facts.FACT_SCHEMA`` nor derived by a provision's ``derive``;
- facts a condition names that its subject lacks, values that do not fit a field;
- settings not declared by the pack, ``param`` references not set in ``params``;
- ``share`` tests on a subject other than ``vote``; ``record``/``no_record`` inside all/any/not;
- literal bounds that contradict each other inside one provision (``_satisfiable``);
- provisions that cannot be met together with another provision of the rules root or of the
  bundled packs (``analysis.contradictions``, z3): an error against a standing provision of higher
  authority, a warning against a later higher one, a peer or the same issuer, with a witness;
- reversed dates in force; a provision in force outside its pack's dates, a setting no
  provision uses (warnings);
- for proposals: the schema, and every dangling or duplicate id (``references.reference_problems``);
- for pack test files (a mapping with ``tests``, in ``<pack>/tests/``, also found when a rules root
  or pack is linted): the schema, the proposals they name, the provision ids they expect
  (``pack_tests.lint_test_file``).

Problems are values (``errors.Problem``); ``lint_paths`` returns them sorted and deduplicated,
and the CLI renders them as ``FILE:LINE:COLUMN: error: MESSAGE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.lint.rules.common import Env, Issue, Kind, _at, issue, vocabulary
from hiepy_rules.lint.rules.contradictions import WITNESS_DIR, _contradictions
from hiepy_rules.lint.rules.files import CONTEXT, IO, KIND, READ_FROM, REFERENCE, found_text
from hiepy_rules.lint.rules.manifest import duplicate_ids, manifest_issues, settings_used
from hiepy_rules.lint.rules.provisions import provision_issues
from hiepy_rules.lint.rules.registries import authorities_issues, sources_issues
from hiepy_rules.load import identifiers, versions
from hiepy_rules.load.document import Document
from hiepy_rules.load.packs import _display, is_pack_dir, load_rules, registry_dir
from hiepy_rules.load.ruleset import Located, RuleSet
from hiepy_rules.load.safeio import real
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import load
from hiepy_rules.schema.files import AuthoritiesFile, ProvisionFile, SourcesFile
from hiepy_rules.schema.pack import PackManifest
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.references import reference_problems

REGISTRIES = ("sources.yaml", "authorities.yaml")


YAML_SUFFIXES = (".yaml", ".yml")


_MARKERS: dict[str, Kind] = {
    "provisions": "rules",
    "pack": "pack",
    "sources": "sources",
    "authorities": "authorities",
    "tests": "tests",  # a pack test file (<pack>/tests/*.yaml, hiepy test)
}


def exit_status(problems: Iterable[Problem], *, strict: bool = False) -> int:
    """2 when any problem counts (errors; warnings too when ``strict``), else 0."""
    counted = ("error", "warning") if strict else ("error",)
    return 2 if any(p.severity in counted for p in problems) else 0


def lint_paths(paths: Sequence[Path], *, witness_dir: Path | None = None) -> list[Problem]:
    """Every problem of the files and folders named, sorted, each once. ``witness_dir``: where the
    witness proposals of contradictions are written (else they are shown inline)."""
    cache: dict[tuple[Path, ...], tuple[RuleSet, list[Problem]]] = {}
    found: set[Problem] = set()
    if witness_dir is not None:
        WITNESS_DIR.append(witness_dir)
    try:
        for path in paths:
            found.update(_lint_path(path, cache))
    finally:
        if witness_dir is not None:
            WITNESS_DIR.pop()
    return sorted(found)


# --- what a path holds --------------------------------------------------------------------------


def classify(data: Any) -> Kind | None:
    """What a parsed file is, from its top-level keys; ``None`` when it is none of hiepy's files."""
    if not isinstance(data, dict):
        return None
    for key, kind in _MARKERS.items():
        if key in data:
            return kind
    fmt = data.get("format")
    if (isinstance(fmt, str) and fmt.startswith("hiepy/proposal")) or ("unit" in data and "titles" in data):
        return "proposal"
    return None


def _unknown_kind(doc: Document) -> Problem:
    line, col = doc.where(())
    return KIND.problem(doc.file, line, col, found=found_text(doc.data))


def _is_rules_dir(d: Path) -> bool:
    return is_pack_dir(d) or any((d / name).is_file() for name in REGISTRIES)


def _nearest_registry_dir(start: Path) -> Path | None:
    return registry_dir(start)  # the root given or a pack's own root, never a folder further up


def _lint_path(path: Path, cache: _Cache) -> list[Problem]:
    name = _display(path)
    try:
        if path.is_dir():
            if _is_rules_dir(path):
                found = _in_context(path, path, cache)
                for test_file in _pack_tests_under(path):
                    found += _lint_file(test_file, cache)
                return found
            problems: list[Problem] = []
            entries = list(_walk(path))
            for entry in entries:
                problems.extend(_lint_path(entry, cache))
            if not entries:
                problems.append(IO.problem(name, 0, 0, "no-yaml"))
            return problems
        if not path.exists():
            return [IO.problem(name, 0, 0, "missing")]
        if not path.is_file():
            return [IO.problem(name, 0, 0, "not-file")]
        return _lint_file(path, cache)
    except OSError as exc:
        return [IO.problem(name, 0, 0, "unreadable", reason=exc.strerror or exc)]


def _walk(directory: Path) -> Iterator[Path]:
    """YAML files and rule folders under ``directory``, sorted; hidden and linked folders skipped."""
    for entry in sorted(directory.iterdir()):
        if entry.is_dir():
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if _is_rules_dir(entry):
                yield entry
            else:
                yield from _walk(entry)
        elif entry.suffix in YAML_SUFFIXES:
            yield entry


def _lint_file(path: Path, cache: _Cache) -> list[Problem]:
    if path.suffix in YAML_SUFFIXES and (is_pack_dir(path.parent) or path.name in REGISTRIES):
        return _in_context(path.parent, path, cache)
    try:
        doc = load(path, display=_display(path))
    except InputError as exc:
        return exc.problems
    kind = classify(doc.data)
    if kind is None:
        return [_unknown_kind(doc)]
    if kind == "proposal":
        return lint_proposal(doc)
    if kind == "tests":
        from hiepy_rules.lint.pack_tests import lint_test_file  # checks proposals: imported only when needed

        return lint_test_file(path)
    return _lint_loose(doc, kind)


def _pack_tests_under(directory: Path) -> list[Path]:
    """The pack test files (``<pack>/tests/*.yaml``) of a pack folder, or of the packs of a rules root."""
    packs = [directory] if is_pack_dir(directory) else sorted(d for d in directory.iterdir() if is_pack_dir(d))
    return [
        f
        for pack in packs
        if (pack / "tests").is_dir()
        for f in sorted((pack / "tests").iterdir())
        if f.suffix in YAML_SUFFIXES and f.is_file()
    ]


# --- proposals ----------------------------------------------------------------------------------


def lint_proposal(doc: Document) -> list[Problem]:
    """Schema problems, then every dangling or duplicate id at its own line."""
    try:
        proposal = validate(Proposal, doc)
    except InputError as exc:
        return exc.problems + identifiers.problems(doc)
    found = _at(doc, (issue(REFERENCE, path, message=(vi, en)) for path, vi, en in reference_problems(proposal)))
    return found + identifiers.problems(doc)


# --- rule sets ----------------------------------------------------------------------------------

_Cache = dict[tuple[Path, ...], tuple[RuleSet, list[Problem]]]


def _in_context(where: Path, target: Path, cache: _Cache) -> list[Problem]:
    """Lint the rules root around ``where`` (a pack or root folder) and keep what concerns ``target``.

    Errors in the files ``target`` is checked against (its pack's manifest, the registries) are
    kept too: a rule file is not clean while the pack that reads it cannot be loaded.
    """
    where = real(where)
    reg = _nearest_registry_dir(where)
    if reg is None:  # load_rules falls back on the bundled registries
        roots: tuple[Path, ...] = (where,)
    elif where == reg or where.parent == reg:
        roots = (reg,)
    else:
        roots = (reg, where)
    if roots not in cache:
        rs = load_rules(list(roots))
        found = check_ruleset(rs, complete=reg is not None)
        cache[roots] = (rs, found + _contradictions(rs, found))
    rs, problems = cache[roots]
    goal = real(target)
    deps = {real(where / "pack.yaml")} if target.is_file() and is_pack_dir(where) else set()
    if rs.root is not None:
        deps |= {real(rs.root / n) for n in REGISTRIES}
    kept = []
    for p in problems:
        f = real(Path(p.file))
        if f == goal or goal in f.parents or (p.severity == "error" and f in deps):
            kept.append(p)
    return kept


def _registry(rs: RuleSet, name: str, model: type[Any]) -> tuple[Any, Document] | None:
    """A registry as parsed, or ``None`` when it is absent or broken (its problems are in ``rs``)."""
    doc = rs.registry_docs.get(name)
    if doc is None:
        return None
    try:
        return validate(model, doc), doc
    except InputError:
        return None


def check_ruleset(rs: RuleSet, *, complete: bool = True) -> list[Problem]:
    """Everything wrong with a loaded rule set. ``complete``: every pack that may be named is loaded."""
    problems = list(rs.problems)
    auth = _registry(rs, "authorities.yaml", AuthoritiesFile)
    srcs = _registry(rs, "sources.yaml", SourcesFile)
    authorities = rs.authorities if auth else None
    sources = rs.sources if srcs else None
    if auth:
        problems += _at(auth[1], authorities_issues(auth[0]))
    if srcs:
        problems += _at(srcs[1], sources_issues(srcs[0], authorities))
    located = [loc for pack in rs.packs for loc in pack.provisions]
    voc = vocabulary(loc.provision for loc in located)
    ids = frozenset(loc.provision.id for loc in located) if complete else None
    problems += duplicate_ids(located, [pack.id for pack in rs.packs for _ in pack.provisions])
    table = versions.versions(rs.packs)
    problems += versions.gap_problems(table) + versions.chain_problems(table, complete=complete)
    if sources is not None:
        problems += versions.document_problems(table, sources)
    if srcs:
        problems += versions.source_chain_problems(srcs[1], srcs[0].sources)
    for pack in rs.packs:
        m = pack.manifest
        env = Env(voc, frozenset(m.settings), sources, authorities, ids, m.in_force, tuple(m.scope.when))
        used = {s for loc in pack.provisions for s in settings_used(loc.provision)}
        problems += _at(pack.manifest_doc, manifest_issues(m, env, used))
        for loc in pack.provisions:
            problems += _at(loc.doc, provision_issues(loc.provision, loc.path, env))
    return problems


def _lint_loose(doc: Document, kind: Kind) -> list[Problem]:
    """A rule file, manifest or registry where hiepy never loads it: what can be checked alone."""
    model: type[Any] = {"rules": ProvisionFile, "pack": PackManifest, "sources": SourcesFile}.get(kind, AuthoritiesFile)
    try:
        parsed = validate(model, doc)
    except InputError as exc:
        return exc.problems
    issues: list[Issue] = [issue(CONTEXT, (), "loose", where=READ_FROM.get(kind, READ_FROM["registry"]))]
    if isinstance(parsed, ProvisionFile):
        voc = vocabulary(parsed.provisions)
        located = [Located(p, doc, i) for i, p in enumerate(parsed.provisions)]
        problems = duplicate_ids(located)
        table: dict[str, list[versions.Version]] = {}
        for loc in located:
            table.setdefault(loc.provision.id, []).append(versions.Version("", loc, versions.effective(None, loc)))
        problems += versions.overlap_problems(table) + versions.gap_problems(table)
        problems += versions.chain_problems(table, complete=False)
        for loc in located:
            issues += provision_issues(loc.provision, loc.path, Env(voc))
        found = problems + _at(doc, issues)
        if any(p.severity == "error" for p in found):
            return found
        from hiepy_rules.analysis.contradictions import loose_problems  # z3: imported only when needed

        return found + loose_problems(doc, parsed, witness_dir=WITNESS_DIR[-1] if WITNESS_DIR else None)
    if isinstance(parsed, PackManifest):
        env = Env(vocabulary(()), frozenset(parsed.settings), scope=tuple(parsed.scope.when))
        issues += manifest_issues(parsed, env, used=set(parsed.settings))
    elif isinstance(parsed, SourcesFile):
        issues += sources_issues(parsed, None)
        return _at(doc, issues) + versions.source_chain_problems(doc, parsed.sources)
    elif isinstance(parsed, AuthoritiesFile):
        issues += authorities_issues(parsed)
    return _at(doc, issues)
