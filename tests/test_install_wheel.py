"""hiepy installed the way people install Python tools: a wheel, a fresh virtual environment, no
C compiler, no environment variable, run from a folder outside the checkout.

The wheel must carry the bundled packs and the JSON Schemas (``hiepy_rules/_data``) and must not
require durable-rules (an extra). One module, one build: it takes about half a minute.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.install


def _env() -> dict[str, str]:
    # no HIEPY_* variable, no PYTHONPATH pointing back at the checkout
    return {k: v for k, v in os.environ.items() if not k.startswith("HIEPY_") and k != "PYTHONPATH"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a new virtual environment with the built wheel installed."""
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(REPO)],
        check=True,
        env=_env(),
        cwd=base,
    )
    wheels = sorted(dist.glob("hiepy-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "hiepy_rules/_data/rules/sources.yaml" in names
    assert "hiepy_rules/_data/schemas/proposal.schema.json" in names
    assert not any("__pycache__" in n for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = [
        line for line in zipfile.ZipFile(wheels[0]).read(metadata).decode().splitlines() if line.startswith("Requires")
    ]
    durable = [line for line in requires if "durable-rules" in line]
    assert durable and all("extra == " in line and "durable" in line for line in durable), requires
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)  # installed into by this pip (``--python``): no copy of pip to set up
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet", str(wheels[0])],
        check=True,
        env=_env(),
        cwd=base,
    )
    return bin_dir


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the installed hiepy keeps its caches where a user's go (XDG_CACHE_HOME), here a folder of the test's:
    # the suite leaves the real user's cache alone
    env = {**_env(), "XDG_CACHE_HOME": str(cwd.parent / "user-cache")}
    return subprocess.run(
        [str(bin_dir / "hiepy"), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_every_command_works_from_an_installed_wheel(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    proposal = work / "de-an.yaml"
    proposal.write_bytes((REPO / "examples" / "cuc-thue-quang-tri-2012.yaml").read_bytes())
    # the package is imported from the environment, not from the checkout
    where = subprocess.run(
        [str(installed / "python"), "-c", "import hiepy_rules; print(hiepy_rules.__file__)"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=work,
        check=True,
    ).stdout
    assert str(REPO) not in where and "site-packages" in where

    check = _run(installed, work, "check", "de-an.yaml", "--format", "json")
    assert check.returncode == 1, check.stderr  # the dossier has error findings on purpose
    assert json.loads(check.stdout)["results"][0]["findings"]

    rules = _run(installed, work, "rules", "--format", "json")
    assert rules.returncode == 0, rules.stderr
    assert any(row["id"] == "quang-tri-2012.L2" for row in json.loads(rules.stdout))

    lint = _run(installed, work, "lint", "de-an.yaml")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    sarif = json.loads(_run(installed, work, "lint", "de-an.yaml", "--format", "sarif").stdout)
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert sarif["runs"][0]["tool"]["driver"]["informationUri"] in urls.values()  # from the wheel's metadata
    (work / "x.yaml").write_text("colour: red\n", encoding="utf-8")
    vi, en = (_run(installed, work, *lang, "lint", "x.yaml") for lang in ((), ("--lang", "en")))
    assert vi.stdout.startswith("x.yaml:1:1: error: không phải tệp của hiepy: gặp một ánh xạ có 'colour';")
    assert en.stdout.startswith("x.yaml:1:1: error: not a hiepy file: found a mapping with 'colour';")
    usage = _run(installed, work, "lint")
    assert (usage.returncode, usage.stderr) == (2, "hiepy lint: lỗi: Thiếu tham số 'PATH'. Xem 'hiepy lint -h'.\n")

    tests = _run(installed, work, "test")
    assert tests.returncode == 0, tests.stdout + tests.stderr

    conflicts = _run(installed, work, "conflicts", "--format", "json")
    assert conflicts.returncode in (0, 1), conflicts.stderr
    assert json.loads(conflicts.stdout)
    assert any((tmp_path / "user-cache" / "hiepy").glob("conflicts-*"))  # kept in the user's cache folder

    bundled = Path(where).parent / "_data" / "rules"
    diff = _run(installed, work, "diff", str(bundled / "national-2012"), str(bundled / "quang-tri-2012"))
    assert diff.returncode in (0, 1), diff.stderr
    assert diff.stdout

    schema = _run(installed, work, "schema", "proposal")
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["$id"] == "urn:hiepy:schema:proposal"

    module = subprocess.run(
        [str(installed / "python"), "-m", "hiepy_rules", "check", "de-an.yaml", "--lang", "en"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=work,
    )
    assert module.returncode == 1, module.stderr
    assert "L2" in module.stdout

    version = subprocess.run(
        [str(installed / "python"), "-m", "hiepy_rules", "--version"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=work,
    )
    assert version.returncode == 0 and version.stdout.startswith("hiepy ")
