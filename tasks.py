#!/usr/bin/env python3
"""Set-up and everyday tasks with nothing but Python 3.11+ and pip.

    python3 tasks.py demo    # create .venv, install hiepy, check the bundled dossier
    python3 tasks.py test    # create .venv, install hiepy with test tools, run ruff, mypy and pytest

The virtual environment lives in .venv (HIEPY_VENV overrides). durable-rules has no wheels and
needs a C compiler: when it cannot be built, hiepy is installed without it and uses its
pure-Python engine (the two give identical findings).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("HIEPY_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO = ROOT / "examples" / "cuc-thue-quang-tri-2012.yaml"


def run(*args: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check).returncode


def ensure(extra: str) -> None:
    stamp = VENV / f".installed-{extra}"
    inputs = [ROOT / "pyproject.toml", Path(__file__)]
    if stamp.exists() and all(stamp.stat().st_mtime >= p.stat().st_mtime for p in inputs):
        return
    if not PY.exists():
        venv.create(VENV, with_pip=True)
    pip = [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if run(*pip, "-e", f".[{extra}]", check=False) != 0:
        print("! full install failed (durable-rules needs a C compiler); installing without it", flush=True)
        run(*pip, "pydantic>=2.6,<3", "pyyaml>=6.0", "typer>=0.12", "rich>=13", "z3-solver>=4.12", "openpyxl>=3.1")
        run(*pip, "--no-deps", "-e", ".")
        run(*pip, "pytest>=8", "hypothesis>=6.100", "jsonschema>=4.20", "ruff>=0.5", "mypy>=1.10", "types-PyYAML")
        run(*pip, "types-openpyxl")
    stamp.touch()


def main(argv: list[str]) -> int:
    task = argv[1] if len(argv) > 1 else "help"
    if task == "demo":
        ensure("test")
        status = run(BIN / "hiepy", "check", DEMO, *argv[2:], check=False)
        if status == 1:  # the bundled dossier has error findings on purpose: the demo worked
            print("(hiepy exit status 1: the dossier has findings of severity error, as the demo intends)")
            return 0
        return status
    if task == "test":
        ensure("dev")
        run(BIN / "ruff", "check", "src", "tests", "tasks.py")
        run(BIN / "mypy")
        return run(PY, "-m", "pytest", *argv[2:], check=False)
    print(__doc__)
    return 0 if task == "help" else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
