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
- for proposals: the schema, and every dangling or duplicate id (``proposal.reference_problems``);
- for pack test files (a mapping with ``tests``, in ``<pack>/tests/``, also found when a rules root
  or pack is linted): the schema, the proposals they name, the provision ids they expect
  (``pack_tests.lint_test_file``).

Problems are values (``errors.Problem``); ``lint_paths`` returns them sorted and deduplicated,
and the CLI renders them as ``FILE:LINE:COLUMN: error: MESSAGE``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hiepy_rules import versions
from hiepy_rules.errors import InputError, Problem, Severity
from hiepy_rules.facts import FACT_SCHEMA, FieldSpec
from hiepy_rules.packs import Located, RuleSet, _display, is_pack_dir, load_rules, registry_dir
from hiepy_rules.proposal import Proposal, reference_problems
from hiepy_rules.provision import (
    ORDER_OPS,
    AllOf,
    AnyOf,
    AuthoritiesFile,
    Authority,
    Cond,
    FactRef,
    FieldTest,
    InForce,
    NoRecordTest,
    Not,
    PackManifest,
    ParamRef,
    Provision,
    ProvisionFile,
    RecordTest,
    SettingRef,
    ShareTest,
    SourceDoc,
    SourcesFile,
)
from hiepy_rules.safeio import real
from hiepy_rules.validate import validate
from hiepy_rules.yamlio import Document, PathKey, load

Kind = Literal["rules", "pack", "sources", "authorities", "proposal", "tests"]
Fields = Mapping[str, FieldSpec]

REGISTRIES = ("sources.yaml", "authorities.yaml")
SHARE_SUBJECTS = ("vote", "confidence_vote")  # the kinds whose facts carry ballot counts
YAML_SUFFIXES = (".yaml", ".yml")
_MARKERS: dict[str, Kind] = {
    "provisions": "rules",
    "pack": "pack",
    "sources": "sources",
    "authorities": "authorities",
    "tests": "tests",  # a pack test file (<pack>/tests/*.yaml, hiepy test)
}
EXPECTED = (
    "expected a rule file (a mapping with `provisions`), a pack manifest (`pack`), a registry "
    "(`sources` or `authorities`), a proposal (`unit` and `titles`) or a pack test file (`tests`)"
)


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
    data = doc.data
    if isinstance(data, dict):
        found = "a mapping with " + ", ".join(repr(k) for k in list(data)[:5]) if data else "an empty mapping"
    else:
        found = {list: "a list", str: "text", type(None): "no data"}.get(type(data), f"a {type(data).__name__}")
    line, col = doc.where(())
    return Problem(doc.file, line, col, "error", f"not a hiepy file: found {found}; {EXPECTED}", "kind")


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
                problems.append(Problem(name, 0, 0, "error", "no YAML files (*.yaml, *.yml) here", "io"))
            return problems
        if not path.exists():
            return [Problem(name, 0, 0, "error", "no such file or directory", "io")]
        if not path.is_file():
            return [Problem(name, 0, 0, "error", "not a regular file", "io")]
        return _lint_file(path, cache)
    except OSError as exc:
        return [Problem(name, 0, 0, "error", f"cannot read: {exc.strerror or exc}", "io")]


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
        from hiepy_rules.pack_tests import lint_test_file  # checks proposals: imported only when needed

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
    from hiepy_rules import identifiers

    try:
        proposal = validate(Proposal, doc)
    except InputError as exc:
        return exc.problems + identifiers.problems(doc)
    found = _at(doc, (Issue(path, vi, "reference", en=en) for path, vi, en in reference_problems(proposal)))
    return found + identifiers.problems(doc)


# --- issues: problems before they know their file -------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """A problem at a path of a document (``key``: at the mapping key rather than its value)."""

    path: PathKey
    message: str
    code: str
    key: bool = False
    severity: Severity = "error"
    en: str = ""  # the message in English (Vietnamese is ``message``)


def _at(doc: Document, issues: Iterable[Issue]) -> list[Problem]:
    out = []
    for i in issues:
        line, col = doc.where(i.path, key=i.key)
        out.append(Problem(doc.file, line, col, i.severity, i.message, i.code, i.en))
    return out


# --- rule sets ----------------------------------------------------------------------------------

_Cache = dict[tuple[Path, ...], tuple[RuleSet, list[Problem]]]


#: where lint writes witness proposals of contradictions (``--witness-dir``); None: inline
WITNESS_DIR: list[Path] = []


def _contradictions(rs: RuleSet, found: list[Problem]) -> list[Problem]:
    """Provisions that cannot be met together with another (``analysis.contradictions``), once the
    rules load cleanly: with errors in them, the analysis would reason about the wrong rules."""
    if any(p.severity == "error" for p in found) or not rs.packs:
        return []
    from hiepy_rules.analysis.contradictions import problems  # z3: imported only when needed

    return problems(rs, witness_dir=WITNESS_DIR[-1] if WITNESS_DIR else None)


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


@dataclass(frozen=True)
class Vocabulary:
    """The subject kinds a set of provisions may name, and the fields each one's facts carry.

    Base kinds are ``facts.FACT_SCHEMA``'s. A derived kind carries the fields of the subject of
    every provision deriving it (their union; chains of derivations are followed to a fixpoint).
    A derived kind that reaches no base kind is known, but its fields are not (``fields`` lacks it).
    """

    fields: Mapping[str, Fields]
    derived: frozenset[str]

    def known(self, kind: str) -> bool:
        return kind in FACT_SCHEMA or kind in self.derived


def vocabulary(provisions: Iterable[Provision]) -> Vocabulary:
    origins: dict[str, set[str]] = {}
    for p in provisions:
        if p.derive is not None and p.derive not in FACT_SCHEMA:
            origins.setdefault(p.derive, set()).add(p.subject)
    fields: dict[str, dict[str, FieldSpec]] = {k: dict(v) for k, v in FACT_SCHEMA.items()}
    changed = True
    while changed:  # each round only adds fields, so this ends
        changed = False
        for kind in sorted(origins):
            merged: dict[str, FieldSpec] = {}
            for subject in sorted(origins[kind]):
                merged.update(fields.get(subject, {}))
            if merged and merged.keys() != fields.get(kind, {}).keys():
                fields[kind] = merged
                changed = True
    return Vocabulary(fields, frozenset(origins))


@dataclass(frozen=True)
class Env:
    """What the checks of one provision know; ``None`` means "not known here, not checked"."""

    vocabulary: Vocabulary
    settings: frozenset[str] | None = None
    sources: Mapping[str, SourceDoc] | None = None
    authorities: Mapping[str, Authority] | None = None
    ids: frozenset[str] | None = None
    pack_in_force: InForce | None = None
    scope: Sequence[FieldTest] = field(default_factory=tuple)


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
    where = {
        "rules": "a rule file is read only from a pack folder (one with pack.yaml)",
        "pack": "a pack manifest is read only from a file named pack.yaml",
    }.get(kind, "a registry is read only as sources.yaml or authorities.yaml in a rules root")
    note = Issue(
        (),
        f"hiepy never loads this file ({where}); checks across files were skipped",
        "context",
        severity="warning",
    )
    issues: list[Issue] = [note]
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


# --- registries and manifests -------------------------------------------------------------------


def _dates(f: InForce, path: PathKey) -> Iterator[Issue]:
    if f.until is not None and f.until <= f.from_:
        yield Issue((*path, "until"), f"in_force.until ({f.until}) is not after in_force.from ({f.from_})", "dates")


def authorities_issues(f: AuthoritiesFile) -> Iterator[Issue]:
    by_id = {a.id: a for a in f.authorities}
    for i, a in enumerate(f.authorities):
        if a.superior is None:
            continue
        path = ("authorities", i, "superior")
        sup = by_id.get(a.superior)
        if sup is None:
            yield Issue(path, _unknown_authority(a.superior), "unknown-authority")
        elif _loops(a.id, by_id):
            yield Issue(path, f"the chain of superiors of {a.id!r} comes back to it", "authority-loop")
        elif sup.rank > a.rank:
            yield Issue(
                path,
                f"superior {sup.id!r} has rank {sup.rank}, below {a.id!r} (rank {a.rank})",
                "authority-rank",
                severity="warning",
            )


def _loops(start: str, by_id: Mapping[str, Authority]) -> bool:
    """Whether following ``superior`` from ``start`` comes back to it."""
    seen: set[str] = set()
    current = by_id[start].superior
    while current is not None and current in by_id and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = by_id[current].superior
    return False


def sources_issues(f: SourcesFile, authorities: Mapping[str, Authority] | None) -> Iterator[Issue]:
    numbers = {s.number for s in f.sources}
    for i, s in enumerate(f.sources):
        if authorities is not None and s.issuer not in authorities:
            yield Issue(("sources", i, "issuer"), _unknown_authority(s.issuer), "unknown-authority")
        if s.in_force is not None:
            yield from _dates(s.in_force, ("sources", i, "in_force"))
        if s.replaced_by is not None and s.replaced_by not in numbers:
            yield Issue(("sources", i, "replaced_by"), _unknown_source(s.replaced_by), "unknown-source")


def _unknown_authority(name: str) -> str:
    return f"unknown authority {name!r}: not in authorities.yaml"


def _unknown_source(number: str) -> str:
    return f"unknown source document {number!r}: not in sources.yaml"


def manifest_issues(m: PackManifest, env: Env, used: set[str]) -> Iterator[Issue]:
    if env.authorities is not None and m.issuer not in env.authorities:
        yield Issue(("issuer",), _unknown_authority(m.issuer), "unknown-authority")
    yield from _dates(m.in_force, ("in_force",))
    unit = FACT_SCHEMA["unit"]
    for k, test in enumerate(m.scope.when):
        yield from _field_test_issues(test, ("scope", "when", k), unit, "unit", env)
    scope = _scope_bounds(m.scope.when)
    conflict = _first_conflict(scope, _resolver("unit", unit))
    if conflict:
        yield _conflict_issue(*conflict, "the pack's scope can never hold, so the pack applies to no unit")
    for name in sorted(set(m.settings) - used):
        yield Issue(
            ("settings", name),
            f"setting {name!r} is declared but no provision uses it",
            "unused-setting",
            key=True,
            severity="warning",
        )


def duplicate_ids(located: Sequence[Located], packs: Sequence[str] | None = None) -> list[Problem]:
    """An id used again in another pack. In one pack (``packs``: each provision's), a repeated id is a
    version of the same provision, whose dates ``versions.py`` checks."""
    first: dict[str, tuple[Located, str]] = {}
    out = []
    for k, loc in enumerate(located):
        pid = loc.provision.id
        pack = packs[k] if packs is not None else ""
        if pid not in first:
            first[pid] = (loc, pack)
            continue
        if first[pid][1] == pack:
            continue
        f0, l0, _ = first[pid][0].where("id")
        file, line, col = loc.where("id")
        out.append(
            Problem(
                file,
                line,
                col,
                "error",
                f"duplicate provision id {pid!r} (first at {f0}:{l0})",
                "duplicate-id",
            )
        )
    return out


# --- provisions ---------------------------------------------------------------------------------


def _sections(p: Provision) -> list[tuple[str, Cond]]:
    """The top-level conditions of a provision: each ``when`` item, then the modality's."""
    out: list[tuple[str, Cond]] = [("when", c) for c in p.when]
    if p.modality is not None and p.rule is not None:
        out.append((p.modality, p.rule))
    return out


def _nodes(cond: Cond, path: PathKey, top: bool) -> Iterator[tuple[Cond, PathKey, bool]]:
    """The condition and every condition inside it, with paths; ``top`` only for the outermost."""
    yield cond, path, top
    if isinstance(cond, AllOf):
        for i, c in enumerate(cond.all):
            yield from _nodes(c, (*path, "all", i), False)
    elif isinstance(cond, AnyOf):
        for i, c in enumerate(cond.any):
            yield from _nodes(c, (*path, "any", i), False)
    elif isinstance(cond, Not):
        yield from _nodes(cond.not_, (*path, "not"), False)


def _condition_nodes(p: Provision, base: PathKey) -> Iterator[tuple[Cond, PathKey, bool]]:
    for j, (section, cond) in enumerate(_sections(p)):
        path = (*base, "when", j) if section == "when" else (*base, section)
        yield from _nodes(cond, path, True)


def settings_used(p: Provision) -> set[str]:
    out = set()
    for cond, _, _ in _condition_nodes(p, ()):
        tests = cond.where if isinstance(cond, (RecordTest, NoRecordTest)) else [cond]
        for t in tests:
            if isinstance(t, FieldTest) and isinstance(t.value, SettingRef):
                out.add(t.value.setting)
    return out


def provision_issues(p: Provision, base: PathKey, env: Env) -> Iterator[Issue]:
    """Everything wrong with one provision that its set (``env``) lets us see."""
    if env.sources is not None:
        if p.source.document not in env.sources:
            yield Issue((*base, "source", "document"), _unknown_source(p.source.document), "unknown-source")
        for k, b in enumerate(p.source.basis):
            if b not in env.sources:
                yield Issue((*base, "source", "basis", k), _unknown_source(b), "unknown-source")
    if env.authorities is not None and p.issuer is not None and p.issuer not in env.authorities:
        yield Issue((*base, "issuer"), _unknown_authority(p.issuer), "unknown-authority")
    voc = env.vocabulary
    if not voc.known(p.subject):
        yield Issue(
            (*base, "subject"),
            f"unknown subject {p.subject!r}: neither a base kind "
            f"({', '.join(sorted(FACT_SCHEMA))}) nor derived by any provision",
            "unknown-subject",
        )
    if p.derive is not None and p.derive in FACT_SCHEMA:
        yield Issue(
            (*base, "derive"),
            f"derive {p.derive!r} names a base kind; a derived kind needs a name of its own",
            "derive-base",
        )
    fields = voc.fields.get(p.subject)
    for cond, path, top in _condition_nodes(p, base):
        yield from _condition_issues(cond, path, top, p, fields, env)
    yield from _contradiction_issues(p, base, fields, env)
    yield from _in_force_issues(p, base, env)
    if env.ids is not None:
        for k, other in enumerate(p.overrides):
            if other == p.id:
                yield Issue((*base, "overrides", k), "a provision cannot override itself", "unknown-override")
            elif other not in env.ids:
                yield Issue((*base, "overrides", k), f"overrides unknown provision {other!r}", "unknown-override")


def _in_force_issues(p: Provision, base: PathKey, env: Env) -> Iterator[Issue]:
    own = p.in_force
    path = (*base, "in_force")
    if own is not None:
        yield from _dates(own, path)
    pack = env.pack_in_force
    if own is not None and pack is not None:
        if own.from_ < pack.from_:
            yield Issue(
                (*path, "from"),
                f"in force from {own.from_}, before its pack ({pack.from_}): it does not apply before the pack does",
                "in-force",
                severity="warning",
            )
        if pack.until is not None and (own.until is None or own.until > pack.until):
            yield Issue(
                (*path, "until") if own.until else path,
                f"in force after its pack ends ({pack.until}): it does not apply after the pack does",
                "in-force",
                severity="warning",
            )


def _condition_issues(
    cond: Cond, path: PathKey, top: bool, p: Provision, fields: Fields | None, env: Env
) -> Iterator[Issue]:
    if isinstance(cond, FieldTest):
        yield from _field_test_issues(cond, path, fields, p.subject, env)
    elif isinstance(cond, ShareTest):
        over = cond.share.over
        counts = [cond.share.of, over if isinstance(over, str) else "convened"]
        if p.subject not in SHARE_SUBJECTS:
            yield Issue(
                (*path, "share"),
                f"a share test reads a vote's ballots, but the subject is {p.subject!r}: "
                f"share needs subject: {' or '.join(SHARE_SUBJECTS)}",
                "share-subject",
                key=True,
            )
        elif fields is not None and (missing := [c for c in counts if c not in fields]):
            yield Issue(
                (*path, "share"),
                f"a share of {cond.share.of} reads {', '.join(missing)}, which subject {p.subject!r} lacks",
                "share-subject",
                key=True,
            )
        if isinstance(over, ParamRef) and getattr(p.params, over.param, None) is None:
            yield Issue(
                (*path, "share", "over", "param"),
                f"param {over.param!r} is not set in this provision's params",
                "unknown-param",
            )
    elif isinstance(cond, (RecordTest, NoRecordTest)):
        yield from _record_issues(cond, path, top, p.subject, fields, env)


def _record_issues(
    t: RecordTest | NoRecordTest, path: PathKey, top: bool, subject: str, fields: Fields | None, env: Env
) -> Iterator[Issue]:
    key, kind = ("record", t.record) if isinstance(t, RecordTest) else ("no_record", t.no_record)
    if not top:
        yield Issue(
            (*path, key),
            f"{key} may stand only at the top of `when` or as the whole modality condition, not inside all/any/not",
            "nested-record",
            key=True,
        )
    record = FACT_SCHEMA.get(kind)
    if record is None:
        yield Issue(
            (*path, key),
            f"{key} {kind!r} is not a base kind ({', '.join(sorted(FACT_SCHEMA))}): "
            "records range over the facts of the proposal itself",
            "record-kind",
        )
    for k, name in enumerate(t.match):
        if record is not None and name not in record:
            yield Issue((*path, "match", k), f"match key {name!r} is not a field of {kind!r}", "unknown-fact")
        elif fields is not None and name not in fields:
            yield Issue(
                (*path, "match", k),
                f"match key {name!r} is not a field of the subject {subject!r}",
                "unknown-fact",
            )
    if record is not None:
        for k, w in enumerate(t.where):
            yield from _field_test_issues(w, (*path, "where", k), record, kind, env)


# --- one field test -----------------------------------------------------------------------------

_EXPECT = {"bool": "true or false", "int": "a whole number", "str": "text", "date": "a date (YYYY-MM-DD)"}


def _expect(spec: FieldSpec) -> str:
    return "one of: " + ", ".join(spec.values) if spec.type == "enum" else _EXPECT[spec.type]


def _show(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return str(v)


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return None
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):  # compile.py turns dates into ISO strings, so a quoted one works alike
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def fits(spec: FieldSpec, value: Any) -> bool:
    """Whether a literal is a value a field of this type can hold."""
    if spec.type == "bool":
        return isinstance(value, bool)
    if spec.type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if spec.type == "date":
        return _as_date(value) is not None
    if spec.type == "enum":
        return isinstance(value, str) and value in spec.values
    return isinstance(value, str)


def _resolve(fact: str, subject: Fields | None, owner: str) -> tuple[str, Fields | None, str]:
    """The field's name, the fields it is looked up in, and whose they are (``unit.X``: the unit's)."""
    if fact.startswith("unit."):
        return fact[5:], FACT_SCHEMA["unit"], "unit"
    return fact, subject, owner


def _unknown_fact(name: str, table: Fields, owner: str) -> str:
    return f"unknown fact {name!r} for {owner!r} (its facts: {', '.join(sorted(table))})"


def _field_test_issues(t: FieldTest, path: PathKey, subject: Fields | None, owner: str, env: Env) -> Iterator[Issue]:
    name, table, whose = _resolve(t.fact, subject, owner)
    if table is None:
        return  # the subject is unknown: said once, on `subject`
    spec = table.get(name)
    if spec is None:
        yield Issue((*path, "fact"), _unknown_fact(name, table, whose), "unknown-fact")
        return
    op, value = t.op, t.value
    vpath = (*path, op)
    if op in ORDER_OPS and spec.type not in ("int", "date"):
        yield Issue(
            vpath,
            f"{op} needs a number or a date, but fact {name!r} is {_expect(spec)}",
            "bad-value",
            key=True,
        )
    elif isinstance(value, FactRef):
        yield from _fact_ref_issues(value, (*vpath, "fact"), name, spec, subject, owner)
    elif isinstance(value, SettingRef):
        if env.settings is not None and value.setting not in env.settings:
            yield Issue(
                (*vpath, "setting"),
                f"setting {value.setting!r} is not declared in the pack's settings",
                "unknown-setting",
            )
        if spec.type != "int":
            yield Issue(
                (*vpath, "setting"),
                f"a setting is a whole number, but fact {name!r} is {_expect(spec)}",
                "bad-value",
            )
    elif isinstance(value, list):
        if op not in ("in", "not_in"):
            yield Issue(vpath, f"{op} compares with one value; use in or not_in for a list", "bad-value")
        else:
            for k, v in enumerate(value):
                if not fits(spec, v):
                    yield Issue((*vpath, k), f"{_show(v)} does not fit fact {name!r} ({_expect(spec)})", "bad-value")
    elif not fits(spec, value):
        yield Issue(vpath, f"{_show(value)} does not fit fact {name!r} ({_expect(spec)})", "bad-value")


def _fact_ref_issues(
    ref: FactRef, path: PathKey, name: str, spec: FieldSpec, subject: Fields | None, owner: str
) -> Iterator[Issue]:
    other, table, whose = _resolve(ref.fact, subject, owner)
    if table is None:
        return
    ospec = table.get(other)
    if ospec is None:
        yield Issue(path, _unknown_fact(other, table, whose), "unknown-fact")
    elif ospec.type != spec.type or (spec.type == "enum" and not set(spec.values) & set(ospec.values)):
        yield Issue(
            path,
            f"fact {name!r} ({_expect(spec)}) cannot be compared with fact {other!r} ({_expect(ospec)})",
            "bad-value",
        )
    elif ref.times != 1 and spec.type != "int":
        yield Issue(path, f"times multiplies whole numbers; fact {name!r} is {_expect(spec)}", "bad-value")


# --- contradictions -----------------------------------------------------------------------------

_NEGATE = {
    "eq": "ne",
    "ne": "eq",
    "in": "not_in",
    "not_in": "in",
    "lt": "ge",
    "ge": "lt",
    "le": "gt",
    "gt": "le",
}


@dataclass(frozen=True)
class Bound:
    """One literal test of one field, as it takes part in a conjunction (``op`` after negation)."""

    fact: str
    op: str
    value: Any
    path: PathKey  # of the literal in the document
    negated: bool = False  # read through a `not`: the document says the opposite comparison

    @property
    def text(self) -> str:
        if self.negated:
            return f"not ({self.fact} {_NEGATE[self.op]} {_show(self.value)})"
        return f"{self.fact} {self.op} {_show(self.value)}"


def _bounds(cond: Cond, path: PathKey, negated: bool = False, alls: set[PathKey] | None = None) -> Iterator[Bound]:
    """The literal tests that must all hold for ``cond`` to hold (``negated``: for it to fail).

    Exact under Kleene logic: ``all`` is a conjunction, ``not`` flips the comparison, and by De
    Morgan ``not any`` is a conjunction too. Tests against another fact or a setting are left out.
    ``alls`` collects the paths of the ``all`` nodes read as part of the conjunction.
    """
    if isinstance(cond, FieldTest):
        value = cond.value
        if isinstance(value, (FactRef, SettingRef)) or (isinstance(value, list) != (cond.op in ("in", "not_in"))):
            return
        yield Bound(cond.fact, _NEGATE[cond.op] if negated else cond.op, value, (*path, cond.op), negated)
    elif isinstance(cond, AllOf) and not negated:
        if alls is not None:
            alls.add(path)
        for i, c in enumerate(cond.all):
            yield from _bounds(c, (*path, "all", i), False, alls)
    elif isinstance(cond, AnyOf) and negated:
        for i, c in enumerate(cond.any):
            yield from _bounds(c, (*path, "any", i), True, alls)
    elif isinstance(cond, Not):
        yield from _bounds(cond.not_, (*path, "not"), not negated, alls)


Resolver = Callable[[str], tuple[str, FieldSpec] | None]


def _resolver(owner: str, subject: Fields | None) -> Resolver:
    """Maps a fact name to (a key naming the field the same way everywhere, its spec)."""

    def resolve(fact: str) -> tuple[str, FieldSpec] | None:
        name, table, whose = _resolve(fact, subject, owner)
        spec = table.get(name) if table is not None else None
        return (f"{whose}.{name}", spec) if spec is not None else None

    return resolve


def _scope_bounds(scope: Sequence[FieldTest]) -> list[Bound]:
    """The pack scope's literal tests, each naming its unit field as ``unit.X``."""
    out = []
    for k, t in enumerate(scope):
        for b in _bounds(t, ("scope", "when", k)):
            fact = b.fact if b.fact.startswith("unit.") else "unit." + b.fact
            out.append(Bound(fact, b.op, b.value, b.path, b.negated))
    return out


def _usable(b: Bound, spec: FieldSpec) -> bool:
    values = b.value if isinstance(b.value, list) else [b.value]
    ordered = b.op not in ORDER_OPS or spec.type in ("int", "date")
    return ordered and all(fits(spec, v) for v in values)


def _day(v: Any) -> int:
    d = _as_date(v)
    assert d is not None, "only literals that fit a date field get here"
    return d.toordinal()


def _satisfiable(spec: FieldSpec, bounds: Sequence[Bound]) -> bool:
    """Whether some value of the field meets every bound: decided exactly, not estimated.

    Booleans and enums have a finite set of values: the bounds are applied to each. Whole numbers
    and dates are discrete and ordered: ``gt n`` is ``ge n+1``; the bounds give an interval whose
    values are counted against the ``ne``/``not_in`` exclusions inside it, or, with ``eq``/``in``,
    a finite set filtered by the interval. Text with no ``eq``/``in`` has endless values left.
    """
    dates = spec.type == "date"

    def key(v: Any) -> Any:  # dates compare by day, however they were written
        return _day(v) if dates else v

    allowed: set[Any] | None = None
    if spec.type == "bool":
        allowed = {True, False}
    elif spec.type == "enum":
        allowed = set(spec.values)
    lo: int | None = None
    hi: int | None = None
    banned: set[Any] = set()
    for b in bounds:
        values = {key(v) for v in (b.value if isinstance(b.value, list) else [b.value])}
        if b.op in ("eq", "in"):
            allowed = values if allowed is None else allowed & values
        elif b.op in ("ne", "not_in"):
            banned |= values
        elif b.op in ("gt", "ge"):
            k = key(b.value) + (1 if b.op == "gt" else 0)
            lo = k if lo is None else max(lo, k)
        else:
            k = key(b.value) - (1 if b.op == "lt" else 0)
            hi = k if hi is None else min(hi, k)

    def inside(v: Any) -> bool:
        return (lo is None or v >= lo) and (hi is None or v <= hi)

    if allowed is not None:
        return any(v not in banned and inside(v) for v in allowed)
    if lo is None or hi is None:
        return True
    return hi - lo + 1 > sum(1 for v in banned if inside(v))


def _first_conflict(bounds: Sequence[Bound], resolve: Resolver) -> tuple[Bound, list[Bound]] | None:
    """The first bound (in document order) that leaves its field no value, and a smallest set of
    the earlier bounds it contradicts (each of them needed for the contradiction)."""
    by_field: dict[str, list[Bound]] = {}
    for b in bounds:
        found = resolve(b.fact)
        if found is None or not _usable(b, found[1]):
            continue
        key, spec = found
        group = by_field.setdefault(key, [])
        group.append(b)
        if not _satisfiable(spec, group):
            core = group[:-1]
            for other in list(core):
                trial = [x for x in core if x is not other]
                if not _satisfiable(spec, [*trial, b]):
                    core = trial
            return b, core
    return None


def _section_name(b: Bound, base_len: int) -> str:
    if b.path[0] == "scope":
        return "the pack's scope"
    return f"`{b.path[base_len]}`" if len(b.path) > base_len else "the provision"


def _conflict_issue(b: Bound, core: Sequence[Bound], consequence: str, base_len: int = 0) -> Issue:
    if not core:
        return Issue(b.path, f"{b.text} can never hold: {consequence}", "contradiction")
    others = " and ".join(f"{c.text} in {_section_name(c, base_len)}" for c in core)
    return Issue(b.path, f"{b.text} contradicts {others}: {consequence}", "contradiction")


_NEVER_HOLDS = {
    "must": "`must` can never hold, so the provision is violated wherever it applies",
    "must_not": "`must_not` can never hold, so the provision forbids nothing",
    "should": "`should` can never hold, so the advice can never be followed",
    "may": "`may` can never hold, so the provision permits nothing",
}
_NEVER_MET = {
    "must": "once the provision applies, `must` can never be met",
    "must_not": "once the provision applies, what `must_not` forbids can never happen",
    "should": "once the provision applies, `should` can never be followed",
    "may": "once the provision applies, what `may` permits can never happen",
}


def _contradiction_issues(p: Provision, base: PathKey, fields: Fields | None, env: Env) -> Iterator[Issue]:
    """Literal bounds on one field that cannot all hold, looked for in four places, in this order:

    1. ``when`` (with the pack's scope before it): the provision never applies;
    2. the modality's condition: it never holds;
    3. ``when`` and the modality together (only when neither alone is contradictory): once the
       provision applies, its modality can never be met;
    4. every other ``all`` (inside ``any`` or ``not``) on its own.
    """
    resolve = _resolver(p.subject, fields)
    n = len(base)
    alls: set[PathKey] = set()
    scope = _scope_bounds(env.scope)
    if _first_conflict(scope, resolve):
        scope = []  # said once, on the manifest
    when = [b for j, c in enumerate(p.when) for b in _bounds(c, (*base, "when", j), alls=alls)]
    m = p.modality
    rule = list(_bounds(p.rule, (*base, m), alls=alls)) if m is not None and p.rule is not None else []
    bad_when = _first_conflict([*scope, *when], resolve) if when else None
    if bad_when:
        yield _conflict_issue(*bad_when, "`when` can never hold, so the provision never applies", n)
    bad_rule = _first_conflict(rule, resolve)
    if bad_rule and m is not None:
        yield _conflict_issue(*bad_rule, _NEVER_HOLDS[m], n)
    if not bad_when and not bad_rule and m is not None and rule:
        both = _first_conflict([*scope, *when, *rule], resolve)
        if both:
            yield _conflict_issue(*both, _NEVER_MET[m], n)
    for cond, path, _ in _condition_nodes(p, base):
        if isinstance(cond, AllOf) and path not in alls:
            bad = _first_conflict(list(_bounds(cond, path)), resolve)
            if bad:
                yield _conflict_issue(*bad, "this `all` can never hold", n)
