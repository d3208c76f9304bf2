"""The package reads in pipeline order: no import cycle, no import from a later stage, each module importable alone.

Imports made inside functions count: they hide a cycle from Python, not from a reader.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import hiepy_rules

ROOT = Path(hiepy_rules.__file__).resolve().parent

# Stages in pipeline order: a module may import from its own stage and from earlier ones only.
# A module's stage is the first entry naming it or its folder (``hiepy_rules.`` left out).
STAGES: list[tuple[str, ...]] = [
    ("version", "errors", "choices", "atomic", "i18n", "jsontext"),  # shared by every stage
    ("schema",),  # the input formats
    ("load",),  # reading files and rule packs; time
    ("compile",),  # facts, the condition IR, its logic
    ("engine",),  # running compiled provisions
    ("findings",),  # engine outcomes -> findings, conflicts, precedence, fixes, waivers
    ("pipeline", "collector"),  # one check: read -> facts -> engine -> findings; the collector held off
    ("report",),  # output formats, never reading files
    ("analysis",),  # rule-set analysis (z3)
    ("lint",),  # checks on rule packs, pack tests
    ("tools",),  # generated docs and schemas
    ("cli", "__main__"),  # the command line
]


def modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for f in sorted(ROOT.rglob("*.py")):
        parts = list(f.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


MODULES = modules()


def resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """The package's modules MODULE imports, at the top or inside functions (a package's own children left out)."""
    f = MODULES[module]
    pkg = module if f.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for n in names:
            if n == "hiepy_rules" or n.startswith("hiepy_rules."):
                t = resolve(n)
                if t and t != module and t != "hiepy_rules" and not module.startswith(t + "."):
                    found.add(t)
    return found


@cache
def graph() -> dict[str, set[str]]:
    """Each module's imports of the package (read when a test asks: every worker collects this module)."""
    return {m: imports_of(m) for m in MODULES}


def stage(module: str) -> int | None:
    short = module.removeprefix("hiepy_rules.")
    for i, names in enumerate(STAGES):
        for n in names:
            if short == n or short.startswith(n + "."):
                return i
    return None


def test_every_module_has_a_stage() -> None:
    assert [m for m in MODULES if m != "hiepy_rules" and stage(m) is None] == []


def test_no_import_from_a_later_stage() -> None:
    wrong = []
    for m, deps in graph().items():
        here = stage(m)
        if here is None:
            continue
        for d in sorted(deps):
            there = stage(d)
            if there is not None and there > here:
                wrong.append(f"{m} imports {d}")
    assert wrong == []


def test_no_import_cycle() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph()[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph()):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_graph_sees_imports_inside_functions() -> None:
    """The check is not vacuous: the lazy import of the engines is an edge."""
    assert "hiepy_rules.engine.python" in graph()["hiepy_rules.engine"]
    assert "hiepy_rules.pipeline" in graph()["hiepy_rules.cli.check"]


# Each module is imported in a fresh child of one process that has loaded only third-party libraries,
# so that a module which works only after another one was imported first is caught.
_IMPORT_ALONE = """
import importlib, os, sys, traceback
for lib in ("pydantic", "yaml", "typer", "rich.console", "z3"):
    try:
        importlib.import_module(lib)
    except ImportError:
        pass
failed = 0
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            if "durable" in name and "durable" in str(exc):  # durable-rules not installed: get_engine falls back
                os._exit(0)
            traceback.print_exc()
            os._exit(1)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status:
        failed += 1
        print("cannot be imported alone:", name)
sys.exit(1 if failed else 0)
"""


PARTS = 4  # the modules in four shares, each its own test: two workers share the ~30 s evenly


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
@pytest.mark.parametrize("part", range(PARTS))
def test_each_module_imports_alone(part: int) -> None:
    names = sorted(m for m in MODULES if not m.endswith(".__main__"))[part::PARTS]  # __main__ runs the CLI
    proc = subprocess.run([sys.executable, "-c", _IMPORT_ALONE, *names], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_reports_never_read_files() -> None:
    """report/ renders what the results carry: no file is opened or read there (title names, unit names
    and digests travel in the results, collected by the command)."""
    reading = {"open", "read_bytes", "read_text", "read_proposal"}
    for path in sorted((ROOT / "report").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                assert name not in reading, f"{path.name}:{node.lineno} reads a file ({name})"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "hiepy_rules.load.yamlio", path.name


def unexplained_lazy_imports(path: Path) -> list[int]:
    """The lines of imports inside functions with no comment on their lines, nor on the line directly
    above their block (consecutive imports, blank lines between them allowed: ruff's groups)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    nodes = {
        node.lineno: node
        for fn in ast.walk(ast.parse("\n".join(lines)))
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(fn)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    starts = {node.end_lineno: node.lineno for node in nodes.values()}  # last line -> first line
    found = []
    for first, node in sorted(nodes.items()):
        if any("#" in lines[i - 1] for i in range(first, (node.end_lineno or first) + 1)):
            continue  # an import statement holds no string: a "#" starts a comment
        top = first
        while True:
            above = top - 1
            while above > 0 and not lines[above - 1].strip():
                above -= 1
            if above not in starts:
                break
            top = starts[above]
        if not lines[top - 2].lstrip().startswith("#"):
            found.append(first)
    return found


def test_every_import_inside_a_function_says_why() -> None:
    missing = {f"{name}:{line}" for name, path in MODULES.items() for line in unexplained_lazy_imports(path)}
    assert not missing, f"an import inside a function needs a one-line reason comment: {sorted(missing)}"


def test_the_reason_check_sees_a_bare_import(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_text(
        "def a():\n    # yaml only when reading\n    import yaml\n\n    import os\n    return os\n"
        "def b():\n    x = 1\n    import json\n    import re  # cheap\n    return json, re, x\n",
        encoding="utf-8",
    )
    assert unexplained_lazy_imports(f) == [9]
