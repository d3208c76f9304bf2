"""Pack tests: expected findings kept beside the rules, in the spirit of OpenFisca's YAML tests and
semgrep's annotated examples (``hiepy test``).

A pack's tests live in ``<pack>/tests/*.yaml`` (the pack loader reads only the pack's top level,
so they are never taken for rule files). Each file is a list of cases::

    tests:
      - name: H1 violates                     # unique in the file; -k selects by it
        proposal: ../../../examples/rules/national-2012.H1.violates.yaml   # relative to this file
        as_of: 2012-09-01                     # optional; default: the proposal's date
        expect:                               # the findings, by provision and kind
          - {provision: national-2012.H1, kind: violation, subject: "matter:planning:cuc-truong"}
        exact: true                           # default: no other finding may appear
        silent: [quang-tri-2012.G1]           # optional: these must not fire (and must be judged)

``proposal`` is a path or the proposal itself, inline. An expectation matches a finding of its
kind that names its provision (a conflict names two), and, when given, its ``subject`` (the
finding's fact id or path) and ``severity``. A case passes when every expectation matches some
finding, no finding names a ``silent`` provision, and, when ``exact``, every finding is matched.

Coverage: a provision is covered when a passing case saw it fire (an expectation naming it) and
one saw it stay silent while it was judged (in force, pack in scope): listed in ``silent``, or
left out of an ``exact`` case's findings.

This module holds the format and its reading (every problem at its line, for ``hiepy lint`` too);
``pack_test_run`` runs the cases read and measures coverage.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag

from hiepy_rules.errors import Code, InputError, Problem
from hiepy_rules.findings.model import Finding, Kind
from hiepy_rules.lint.rules.files import CONTEXT, IO, REFERENCE
from hiepy_rules.load.document import Document, PathKey, Positions
from hiepy_rules.load.packs import is_pack_dir, load_rules, registry_dir
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.load.safeio import real
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import load
from hiepy_rules.pipeline import read_proposal
from hiepy_rules.schema.base import InputModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.labels import KINDS, SEVERITIES
from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.proposal_types import Text
from hiepy_rules.schema.provision import ProvisionId, Severity
from hiepy_rules.schema.references import reference_problems

TESTS_DIR = "tests"


SUFFIXES = (".yaml", ".yml")


REGISTRIES = ("sources.yaml", "authorities.yaml")


DUPLICATE_TEST = Code(
    "test",
    "pack tests",
    "error",
    (
        "Hai ca kiểm thử trong một tệp trùng tên: -k và báo cáo chọn ca theo tên, nên tên phải duy nhất.",
        "Two cases of one test file share a name: -k and the reports pick cases by name, so names must be unique.",
    ),
    {
        "": (
            "tên ca kiểm thử {name!r} bị trùng (lần đầu ở `tests[{first}]`)",
            "duplicate test name {name!r} (first is tests[{first}])",
        )
    },
)


CONFINEMENT = Code(
    "confinement",
    "pack tests",
    "error",
    (
        "Đề án của một ca kiểm thử gói phải nằm trong thư mục gốc bộ quy định hoặc thư mục `examples` bên"
        " cạnh: một bộ quy định nhận từ nơi khác không được đọc tệp ngoài đó.",
        "A pack test's proposal must lie inside the rules root or the examples folder beside it: rules"
        " received from elsewhere may not read files outside.",
    ),
    {
        "": (
            "đường dẫn đề án ra ngoài thư mục quy tắc gốc; đề án của bài kiểm thử gói phải nằm trong thư mục"
            " gốc hoặc trong thư mục `examples` bên cạnh",
            "the proposal path leaves the rules root; a pack test's proposal must lie inside the rules root or"
            " in the examples folder beside it",
        )
    },
)


class Expectation(InputModel):
    """A finding the case expects: its provision and kind, optionally its subject and severity."""

    provision: ProvisionId = Field(
        **bi("Quy định", "Provision", "Mã quy định mà phát hiện nêu.", "Id of a provision the finding names.")
    )
    kind: Kind = Field(
        **bi(
            "Loại phát hiện",
            "Kind",
            "violation, conflict, overridden, notice hoặc indeterminate.",
            "violation, conflict, overridden, notice or indeterminate.",
        )
    )
    subject: Text | None = Field(
        None,
        **bi(
            "Đối tượng",
            "Subject",
            "Mã sự kiện (như title:cuc-truong) hoặc đường dẫn trong đề án; bỏ trống là bất kỳ.",
            "The finding's fact id (e.g. title:cuc-truong) or path in the proposal; absent: any.",
        ),
    )
    severity: Severity | None = Field(
        None, **bi("Mức", "Severity", "error, warning hoặc info; bỏ trống là bất kỳ.", "error, warning or info.")
    )

    def matches(self, f: Finding) -> bool:
        return (
            f.kind == self.kind
            and self.provision in f.provisions
            and (self.subject is None or self.subject in (f.subject.fact, f.subject.path))
            and (self.severity is None or f.severity == self.severity)
        )

    def text(self, lang: str = "en") -> str:
        vi = lang == "vi"
        extra = [f"{'đối tượng' if vi else 'subject'} {self.subject}"] if self.subject else []
        if self.severity:
            extra.append(f"mức {SEVERITIES[self.severity][0]}" if vi else f"severity {self.severity}")
        kind = KINDS[self.kind][0] if vi else self.kind
        return f"{self.provision} {kind}" + (f" ({', '.join(extra)})" if extra else "")


def _proposal_kind(value: Any) -> str:
    return "path" if isinstance(value, str) else "inline"


ProposalRef = Annotated[
    Union[
        Annotated[Annotated[str, Field(min_length=1, max_length=1000)], Tag("path")],
        Annotated[Proposal, Tag("inline")],
    ],
    Discriminator(_proposal_kind),
]


class PackTestCase(InputModel):
    """One case: a proposal, a date, and the findings expected of it."""

    name: Text = Field(
        **bi("Tên", "Name", "Tên ca kiểm thử, duy nhất trong tệp.", "The case's name, unique in its file.")
    )
    proposal: ProposalRef = Field(
        **bi(
            "Đề án",
            "Proposal",
            "Đường dẫn tới tệp đề án (tính từ tệp này), hoặc chính đề án viết tại chỗ.",
            "Path of a proposal file (relative to this file), or the proposal itself, inline.",
        )
    )
    as_of: dt.date | None = Field(
        None,
        **bi(
            "Ngày áp dụng",
            "As of",
            "Xét theo quy định có hiệu lực ngày này; mặc định là ngày của đề án.",
            "Judge by the provisions in force on this date; default: the proposal's date.",
        ),
    )
    expect: list[Expectation] = Field(
        default_factory=list,
        **bi(
            "Phát hiện mong đợi",
            "Expected findings",
            "Các phát hiện phải có, theo quy định và loại.",
            "The findings that must appear, by provision and kind.",
        ),
    )
    exact: bool = Field(
        True,
        **bi(
            "Chính xác",
            "Exact",
            "true: không được có phát hiện nào khác ngoài các phát hiện mong đợi.",
            "true: no finding other than the expected ones may appear.",
        ),
    )
    silent: list[ProvisionId] = Field(
        default_factory=list,
        **bi(
            "Không phát hiện",
            "Silent",
            "Các quy định được xét nhưng không được nêu trong phát hiện nào.",
            "Provisions that are judged but must not be named by any finding.",
        ),
    )


class PackTestFile(InputModel):
    """A pack test file (``<pack>/tests/*.yaml``): a list of cases."""

    tests: list[PackTestCase] = Field(
        min_length=1, **bi("Ca kiểm thử", "Tests", "Các ca kiểm thử của gói.", "The pack's test cases.")
    )


# --- finding and loading test files ---------------------------------------------------------------


def display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def pack_of(test_file: Path) -> Path | None:
    """The pack folder a test file belongs to (``<pack>/tests/x.yaml``), else ``None``."""
    folder = test_file.resolve().parent
    if folder.name == TESTS_DIR and is_pack_dir(folder.parent):
        return folder.parent
    return None


def tests_in(pack: Path) -> list[Path]:
    folder = pack / TESTS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def _pack_dirs(directory: Path) -> list[Path]:
    if is_pack_dir(directory):
        return [directory]
    out: list[Path] = []
    for entry in sorted(directory.iterdir()):
        if entry.is_dir() and not entry.name.startswith(".") and not entry.is_symlink():
            out.extend(_pack_dirs(entry))
    return out


@dataclass
class Selection:
    """The packs a run covers, and the test files to run (each with its pack)."""

    packs: list[Path] = field(default_factory=list)
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (pack, test file)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Sequence[Path]) -> Selection:
    """Packs and test files under the paths: rules roots, pack folders, or test files themselves."""
    sel = Selection()
    seen: set[Path] = set()

    def add(pack: Path, files: Iterable[Path]) -> None:
        key = pack.resolve()
        if key not in {p.resolve() for p in sel.packs}:
            sel.packs.append(pack)
        for f in files:
            if f.resolve() not in seen:
                seen.add(f.resolve())
                sel.files.append((pack, f))

    for path in paths:
        name = display(path)
        if not path.exists():
            sel.problems.append(IO.problem(name, 0, 0, "missing"))
        elif path.is_file():
            pack = pack_of(path)
            if pack is None:
                sel.problems.append(IO.problem(name, 0, 0, "not-test-file"))
            else:
                add(pack, [path])
        elif not path.is_dir():  # a pipe, a device, a socket: neither a test file nor a folder of packs
            sel.problems.append(Problem(name, 0, 0, "error", "not a regular file or a folder", "io"))
        else:
            packs = _pack_dirs(path)
            if not packs:
                sel.problems.append(IO.problem(name, 0, 0, "no-pack"))
            for pack in packs:
                add(pack, tests_in(pack))
    return sel


def rules_roots(pack: Path) -> tuple[Path, ...]:
    """What to load so that a pack is judged with its neighbours and registries (as ``lint`` does)."""
    pack = pack.resolve()
    reg = next((d for d in pack.parents if any((d / n).is_file() for n in REGISTRIES)), None)
    if reg is None:
        return (pack,)
    if pack.parent == reg:
        return (reg,)
    return (reg, pack)


@dataclass(frozen=True)
class LoadedCase:
    case: PackTestCase
    index: int
    file: str  # the test file, as shown
    line: int  # of the case's name
    proposal: Proposal | None  # None: it could not be read (see the file's problems)
    doc: Document | None

    @property
    def id(self) -> str:
        return f"{self.file}::{self.case.name}"


@dataclass
class LoadedFile:
    path: Path
    cases: list[LoadedCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _subdocument(doc: Document, prefix: PathKey) -> Document:
    """The part of ``doc`` under ``prefix`` as a document of its own, positions kept (inline proposals)."""
    n = len(prefix)

    def cut(table: dict[PathKey, tuple[int, int]]) -> dict[PathKey, tuple[int, int]]:
        return {k[n:]: v for k, v in table.items() if k[:n] == prefix}

    data: Any = doc.data
    for part in prefix:
        data = data[part]
    return Document(doc.file, data, Positions(cut(doc.positions.values), cut(doc.positions.keys)))


def load_test_file(path: Path, rules: RuleSet | None) -> LoadedFile:
    """Read a test file and every proposal it names; gather every problem, each at its line."""
    out = LoadedFile(path)
    name = display(path)
    try:
        doc = load(path, display=name)
        parsed = validate(PackTestFile, doc)
    except InputError as exc:
        out.problems.extend(exc.problems)
        return out

    def at(where: PathKey, code: Code, variant: str = "", **args: object) -> None:
        vi, en = code.texts(variant, **args)
        out.problems.append(Problem(name, *doc.where(where), code.severity, vi, code.id, en))

    names: dict[str, int] = {}
    for i, case in enumerate(parsed.tests):
        base: PathKey = ("tests", i)
        if case.name in names:
            at((*base, "name"), DUPLICATE_TEST, name=case.name, first=names[case.name])
        names.setdefault(case.name, i)
        for j, e in enumerate(case.expect):
            if rules is not None and e.provision not in rules.by_id:
                at((*base, "expect", j, "provision"), REFERENCE, "provision", pid=e.provision)
        for j, pid in enumerate(case.silent):
            if rules is not None and pid not in rules.by_id:
                at((*base, "silent", j), REFERENCE, "provision", pid=pid)
        proposal, pdoc = _proposal_of(case, path, doc, (*base, "proposal"), at, out.problems)
        line, _ = doc.where((*base, "name"))
        out.cases.append(LoadedCase(case, i, name, line, proposal, pdoc))
    return out


def confined(test_file: Path, relative: str) -> bool:
    """Whether a pack test's ``proposal:`` path stays inside the rules root (or the ``examples``
    folder beside it, where hiepy's own packs keep theirs), decided on the path's text and
    resolved links alike, before anything is opened."""
    if Path(relative).is_absolute() or Path(relative).drive:
        return False

    pack = real(test_file).parent.parent  # <pack>/tests/<file>
    root = registry_dir(pack) or pack
    allowed = (root, root.parent / "examples")
    target = Path(os.path.normpath(real(test_file).parent / relative))
    resolved = real(target)
    return any(target.is_relative_to(a) for a in allowed) and any(resolved.is_relative_to(real(a)) for a in allowed)


def _proposal_of(
    case: PackTestCase,
    path: Path,
    doc: Document,
    where: PathKey,
    at: Any,
    problems: list[Problem],
) -> tuple[Proposal | None, Document | None]:
    if isinstance(case.proposal, Proposal):
        bad = reference_problems(case.proposal)
        for sub, vi, en in bad:
            at((*where, *sub), REFERENCE, message=(vi, en))
        return (None, None) if bad else (case.proposal, _subdocument(doc, where))
    target = path.parent / case.proposal
    if not confined(path, case.proposal):  # said before looking: no file's existence leaks out
        problems.append(CONFINEMENT.problem(doc.file, *doc.where(where)))
        return None, None
    if not target.is_file():
        at(where, IO, "no-proposal", name=case.proposal)
        return None, None
    try:
        return read_proposal(target, display=display(target))
    except InputError as exc:
        problems.extend(exc.problems)
        at(where, REFERENCE, "proposal", name=case.proposal)
        return None, None


def lint_test_file(path: Path) -> list[Problem]:
    """``hiepy lint`` on a test file: its schema, its proposals, the provisions it names."""
    pack = pack_of(path)
    rules = load_rules(list(rules_roots(pack))) if pack is not None else None
    problems = load_test_file(path, rules).problems
    if pack is None:
        problems.append(CONTEXT.problem(display(path), 1, 1, "tests"))
    return problems
