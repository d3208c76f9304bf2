"""The rule set a check runs against, loaded once: kept in the process, and in the user's cache folder.

Reading and validating the bundled packs costs more than checking a typical proposal. So:

- **in the process**, the rule set of the same roots (and working folder: file names in messages
  are relative to it) is reused while none of its files changed: same paths, sizes and
  modification times, one ``stat`` each (a long-lived process sees edited packs at once);
- **across processes**, the rule set as loaded is pickled into the user's cache folder
  (``usercache``), keyed by a SHA-256 of every rule file's path and bytes, the roots and the
  working folder; hiepy's version is in the entry's header, so an upgrade never reads an old one.

Both give the object ``packs.load_rules`` would build from the same files: the same packs,
provisions, positions and problems. Callers must not change it in place (checks never do).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from hiepy_rules.load import usercache
from hiepy_rules.load.packs import _registry_root, bundled_rules_dir, load_rules
from hiepy_rules.load.ruleset import RuleSet, keep_contents
from hiepy_rules.load.safeio import real

_Stat = tuple[tuple[str, int, int], ...]


_MEMO: dict[tuple[tuple[str, ...], str], tuple[_Stat, RuleSet]] = {}


_MEMO_MAX = 8


_BUNDLED: dict[str | None, Path] = {}


def _bundled() -> Path:
    """``bundled_rules_dir()``, found once per value of ``HIEPY_RULES`` (it resolves a path: a few stats)."""
    env = os.environ.get("HIEPY_RULES")
    found = _BUNDLED.get(env)
    if found is None:
        found = _BUNDLED[env] = bundled_rules_dir()
    return found


def _one(path: str) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (path, -1, 0)
    return (path, st.st_size, st.st_mtime_ns)


def _scan(roots: list[Path]) -> tuple[list[str], _Stat]:
    """Every YAML file ``load_rules(roots)`` may read (the registries' root and each root, walked),
    and the stat of those files, of the folders walked (a file added or removed changes its
    folder's time) and of the roots."""
    first = real(roots[0])  # not Path.resolve: a symlink loop raises RuntimeError there
    tops = {_registry_root(first if first.is_dir() else first.parent), *(real(r) for r in roots)}
    files: set[str] = set()
    watched: set[str] = {str(r) for r in roots}
    for top in map(str, tops):
        if os.path.isfile(top):
            files.add(top)
            continue
        for folder, _dirs, names in os.walk(top):
            watched.add(folder)
            files.update(os.path.join(folder, n) for n in names if n.endswith((".yaml", ".yml")))
    ordered = sorted(files)
    return ordered, tuple(_one(p) for p in sorted(watched | files))


def _unchanged(stat: _Stat) -> bool:
    return all(_one(path) == (path, size, mtime) for path, size, mtime in stat)


def _digest(files: list[str], roots: list[Path], cwd: str) -> str:
    h = hashlib.sha256()
    for part in (cwd, *map(str, roots)):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for f in files:
        h.update(f.encode("utf-8", "surrogatepass") + b"\0")
        try:
            with open(f, "rb") as fh:
                data = fh.read()
        except OSError:
            data = b"\0unreadable"
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def _entry(roots: list[Path], what: str) -> str:
    return usercache.entry(what, "\0".join(str(real(r)) for r in roots))  # one entry per set of roots


def fingerprint(paths: list[Path] | None = None, what: str = "rules") -> tuple[str, str]:
    """(entry name, digest) of the rule files ``load_rules(paths)`` reads, for results derived from them."""
    roots = list(paths or [bundled_rules_dir()])
    files, _ = _scan(roots)
    return _entry(roots, what), _digest(files, roots, os.getcwd())


def rules(paths: list[Path] | None = None) -> RuleSet:
    """``load_rules(paths)``, from the process's memory or the user's cache when the files are unchanged."""
    roots = list(paths or [_bundled()])
    cwd = os.getcwd()
    memo_key = (tuple(map(str, roots)), cwd)  # relative roots mean the same files in the same folder
    kept = _MEMO.get(memo_key)
    if kept is not None and _unchanged(kept[0]):
        return kept[1]
    files, stat = _scan(roots)
    digest = _digest(files, roots, cwd)
    name = _entry(roots, "rules")
    rs = usercache.read(name, digest)
    if not isinstance(rs, RuleSet):
        rs = load_rules(paths)
        keep_contents(rs)
        usercache.write(name, digest, rs)
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[memo_key] = (stat, rs)
    return rs
