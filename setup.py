"""Build hook: the bundled rule packs (``rules/``) and JSON Schemas (``schemas/``) stay at the top of
the repository and are copied into the package (``hiepy_rules/_data/``, with the example proposals the
pack tests name) when a wheel is built, so an
installed hiepy reads them with ``importlib.resources``. An editable install reads them from the
checkout instead (``hiepy_rules.load.resources``). Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: the pack tests name their example proposals by relative paths (``../../../examples/rules/...``)
DATA = ("rules", "schemas", "examples/rules")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildPyWithData(build_py):
    """``build_py`` that also copies ``rules/`` and ``schemas/`` into ``hiepy_rules/_data/``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "hiepy_rules" / "_data"
        for name in DATA:
            source = ROOT / name
            if not source.is_dir():
                raise SystemExit(f"cannot build hiepy: {source} is missing")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name, ignore=IGNORE)


setup(cmdclass={"build_py": BuildPyWithData})
