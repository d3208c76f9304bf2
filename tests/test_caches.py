"""What is kept between checks gives what computing again gives: the rule-set cache (in the process and
on disk), the user's cache folder, ``hiepy conflicts``' cached report and the JSON writer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hiepy_rules import jsontext
from hiepy_rules.load import rules_cache, usercache
from hiepy_rules.load.packs import bundled_rules_dir, load_rules
from hiepy_rules.load.ruleset import RuleSet
from hiepy_rules.pipeline import check
from hiepy_rules.report.json import to_json
from hiepy_rules.version import __version__
from tests.helpers import DOSSIER, REPO


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HIEPY_CACHE_DIR", str(folder))
    monkeypatch.delenv("HIEPY_NO_CACHE", raising=False)
    monkeypatch.setattr(rules_cache, "_MEMO", {})
    return folder


def _same_rules(a: RuleSet, b: RuleSet) -> None:
    assert a.root == b.root
    assert sorted(a.authorities) == sorted(b.authorities) and sorted(a.sources) == sorted(b.sources)
    assert [p.id for p in a.packs] == [p.id for p in b.packs]
    for pa, pb in zip(a.packs, b.packs, strict=True):
        assert pa.manifest == pb.manifest and pa.directory == pb.directory
        assert [(loc.provision, loc.index, loc.doc.file) for loc in pa.provisions] == [
            (loc.provision, loc.index, loc.doc.file) for loc in pb.provisions
        ]
        assert [loc.doc.positions for loc in pa.provisions] == [loc.doc.positions for loc in pb.provisions]
    assert a.problems == b.problems


# --- JSON --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": [1, 2, {"z": None, "y": True}], "é": "Đảng ủy — “trích”", "": {}},
        {"floats": [0.1, 1e-05, 1.5e-07, 1e16, 123456789.125, -0.0, 2.5]},
        {"nan": float("nan"), "inf": float("inf")},
        {"big": 2**70, "small": -(2**63)},
        {2: "int keys", 1: "sorted as numbers"},
        ["\x00\x1f\x7f\u2028\u2029\ufeff\U0001f600", "tab\there", 'quote"back\\slash'],
        [],
        "plain",
    ],
)
def test_json_text_is_the_standard_library_s_bytes(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


def test_json_text_of_a_real_check_is_the_standard_library_s_bytes() -> None:
    result = check(DOSSIER, engine="python")
    payload = {"hiepy": __version__, "results": [result.model_dump(mode="json", exclude={"engine"})]}
    assert to_json([result]) == json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# --- the user's cache folder -------------------------------------------------------------------------


def test_an_entry_is_read_back_only_under_its_key(cache_dir: Path) -> None:
    usercache.write("x", "key-1", {"a": [1, 2]})
    assert usercache.read("x", "key-1") == {"a": [1, 2]}
    assert usercache.read("x", "key-2") is None
    assert usercache.read("y", "key-1") is None
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]  # written whole, no leftovers


def test_another_version_s_entry_is_not_read(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usercache.write("x", "k", [1])
    import hiepy_rules.version

    monkeypatch.setattr(hiepy_rules.version, "__version__", "99.0")
    assert usercache.read("x", "k") is None


@pytest.mark.parametrize("damage", ["truncate", "garble", "empty"])
def test_a_corrupt_entry_is_a_miss(cache_dir: Path, damage: str) -> None:
    usercache.write("x", "k", {"a": list(range(100))})
    path = cache_dir / "x"
    raw = path.read_bytes()
    header_end = raw.index(b"\n", raw.index(b"\n") + 1) + 1
    damaged = {
        "truncate": raw[: header_end + 10],
        "garble": raw[:header_end] + b"\x80not a pickle" * 3,
        "empty": b"",
    }[damage]
    path.write_bytes(damaged)
    assert usercache.read("x", "k") is None


def test_caching_can_be_turned_off_and_an_unwritable_folder_is_skipped(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HIEPY_NO_CACHE", "1")
    usercache.write("x", "k", 1)
    assert not cache_dir.exists() and usercache.read("x", "k") is None
    monkeypatch.delenv("HIEPY_NO_CACHE")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HIEPY_CACHE_DIR", str(blocker / "cache"))
    usercache.write("x", "k", 1)  # no exception
    assert usercache.read("x", "k") is None


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HIEPY_CACHE_DIR", raising=False)
    monkeypatch.delenv("HIEPY_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.folder() == tmp_path / "hiepy"


# --- the rule set --------------------------------------------------------------------------------------


def test_the_bundled_rules_from_the_caches_are_what_loading_gives(cache_dir: Path) -> None:
    fresh = load_rules()
    first = rules_cache.rules()
    assert rules_cache.rules() is first  # in the process: the same object while nothing changed
    _same_rules(first, fresh)
    rules_cache._MEMO.clear()
    from_disk = rules_cache.rules()  # a new process: read from the cache folder
    assert from_disk is not first
    _same_rules(from_disk, fresh)
    assert any(p.name.startswith("rules-") for p in cache_dir.iterdir())


def test_the_cached_rule_set_carries_each_provision_s_json_as_serializing_it_gives(cache_dir: Path) -> None:
    rules_cache.rules()
    rules_cache._MEMO.clear()
    from_disk = rules_cache.rules()
    assert from_disk.packs
    for pack in from_disk.packs:
        assert "manifest_content" in vars(pack)  # kept in the entry, not computed on reading
        assert pack.manifest_content == pack.manifest.model_dump_json().encode()
        for loc in pack.provisions:
            assert "content" in vars(loc)
            assert loc.content == loc.provision.model_dump_json().encode()


_BUILT_AFTER_A_CHECK = """
import pydantic
from hiepy_rules.pipeline import check
from hiepy_rules.schema import condition, pack, provision
check({dossier!r}, engine="python")
print(sorted(
    cls.__name__ for m in (condition, pack, provision) for cls in vars(m).values()
    if isinstance(cls, type) and issubclass(cls, pydantic.BaseModel) and cls.__module__ == m.__name__
    and cls.__pydantic_complete__
))
"""


def test_a_check_from_the_cached_rule_set_builds_no_provision_model(cache_dir: Path) -> None:
    """The rule vocabulary's validators are built only to validate rule files: a check whose rules come
    from the user's cache (a new process, the packs unchanged) never builds a provision's or a
    condition's, the largest part of what hiepy adds to Python's start."""
    code = _BUILT_AFTER_A_CHECK.format(dossier=str(DOSSIER))
    env = {**os.environ, "HIEPY_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        for _ in range(2)
    ]
    first, cached = (json.loads(r.stdout.strip().replace("'", '"')) for r in runs)
    assert "Provision" in first  # the first run validated the rule files, and wrote the cache
    assert "Provision" not in cached and "AllOf" not in cached and "FieldTest" not in cached, cached


_DATACLASSES_OF_A_CHECK = """
import contextlib, io, sys
sys.argv = ["hiepy", "check", {dossier!r}, "--engine", {engine!r}]
from hiepy_rules.cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main()
print(sorted(
    f"{{name}}.{{cls.__qualname__}}" for name, m in list(sys.modules.items()) if name.startswith("hiepy_rules")
    for cls in vars(m).values()
    if isinstance(cls, type) and cls.__module__ == name and "__dataclass_fields__" in vars(cls)
))
"""


@pytest.mark.parametrize("engine", ["python", "auto"])  # auto: durable-rules' adapter, where it is installed
def test_a_check_from_the_cached_rule_set_defines_no_dataclass(cache_dir: Path, engine: str) -> None:
    """Python 3.11 compiles each dataclass's methods when its module is imported (~1 ms a class): the
    records of a check are msgspec structs, made in C, and the loaded rule set's are plain classes
    (their pickle in the user's cache carries the contents they compute, see above)."""
    code = _DATACLASSES_OF_A_CHECK.format(dossier=str(DOSSIER), engine=engine)
    env = {**os.environ, "HIEPY_CACHE_DIR": str(cache_dir)}
    for _ in range(2):  # the first run reads the rule files and fills the cache; the second reads the cache
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    made = json.loads(out.stdout.strip().replace("'", '"'))
    assert made == []


def test_the_scan_for_dataclasses_sees_one() -> None:
    """The test above is not vacuous: the same scan finds a dataclass where a module defines one."""
    code = _DATACLASSES_OF_A_CHECK.format(dossier=str(DOSSIER), engine="python").replace(
        "main()\n", "main()\nimport hiepy_rules.cli.batch\n", 1
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "hiepy_rules.cli.batch.Job" in json.loads(out.stdout.strip().replace("'", '"'))


def test_a_changed_rule_file_is_seen_at_once(cache_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), root, ignore=shutil.ignore_patterns("tests"))
    before = rules_cache.rules([root])
    manifest = root / "quang-tri-2012" / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "version:" in text
    manifest.write_text(text.replace("version:", "version: '9.9' #", 1), encoding="utf-8")
    st = manifest.stat()
    os.utime(manifest, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # even on a coarse clock
    after = rules_cache.rules([root])
    assert after is not before
    assert next(p for p in after.packs if p.id == "quang-tri-2012").manifest.version == "9.9"
    rules_cache._MEMO.clear()  # and the cache folder does not bring the old one back
    assert next(p for p in rules_cache.rules([root]).packs if p.id == "quang-tri-2012").manifest.version == "9.9"


def test_a_pack_added_or_removed_is_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), root, ignore=shutil.ignore_patterns("tests"))
    shutil.move(root / "ministry-variant-2012", tmp_path / "aside")
    without = {p.id for p in rules_cache.rules([root]).packs}
    shutil.move(tmp_path / "aside", root / "ministry-variant-2012")
    with_it = {p.id for p in rules_cache.rules([root]).packs}
    assert with_it - without == {"ministry-variant-2012"}


def test_a_corrupt_rules_entry_is_loaded_again(cache_dir: Path) -> None:
    rules_cache.rules()
    [entry] = [p for p in cache_dir.iterdir() if p.name.startswith("rules-")]
    raw = entry.read_bytes()
    entry.write_bytes(raw[: len(raw) // 2])
    rules_cache._MEMO.clear()
    _same_rules(rules_cache.rules(), load_rules())


def test_the_api_with_default_rules_gives_what_explicit_rules_give(cache_dir: Path) -> None:
    explicit = check(DOSSIER, rules=load_rules(), engine="python")
    for _ in range(2):  # loaded, then cached
        assert to_json([check(DOSSIER, engine="python")]) == to_json([explicit])


# --- hiepy conflicts -------------------------------------------------------------------------------------


def test_the_cached_conflicts_report_is_the_computed_one(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hiepy_rules.cli.analysis import run_conflicts

    monkeypatch.chdir(REPO)
    root = Path("rules") / "quang-tri-2012"
    assert run_conflicts([root], fmt="json") == 0
    computed = capsys.readouterr().out
    assert any(p.name.startswith("conflicts-") for p in cache_dir.iterdir())
    assert run_conflicts([root], fmt="json") == 0
    assert capsys.readouterr().out == computed
    assert run_conflicts([root], fmt="text", lang="en") == 0  # another format: its own entry
    assert capsys.readouterr().out != computed


def test_a_rule_file_s_positions_come_back_from_the_cache_when_first_asked(cache_dir: Path) -> None:
    """The cached rule set keeps each document's positions packed until a position is asked for (a
    check never asks); asked, every value's and key's position is the one loading gave."""
    fresh = load_rules()
    rules_cache.rules()
    rules_cache._MEMO.clear()
    from_disk = rules_cache.rules()
    for pack, cached in zip(fresh.packs, from_disk.packs, strict=True):
        before, after = pack.manifest_doc.positions, cached.manifest_doc.positions
        assert after.packed is not None and after.values == {}  # nothing made yet
        for path in before.values:
            assert after.of(path) == before.of(path)
        assert after.packed is None and (after.values, after.keys) == (before.values, before.keys)
        for loc, cached_loc in zip(pack.provisions, cached.provisions, strict=True):
            assert cached_loc.where("id", key=True) == loc.where("id", key=True)
