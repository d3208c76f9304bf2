"""The configuration file: ``hiepy.toml``, or ``[tool.hiepy]`` in ``pyproject.toml``.

Found from the current folder upward, up to the root of the repository (the folder holding
``.git``) or of the file system; the nearest wins. Every key is optional; a command-line option
overrides its key. Paths are relative to the file's folder::

    rules = ["rules"]            # rules roots or pack folders (--rules)
    waivers = "waivers.yaml"     # hiepy check --waivers
    lang = "vi"                  # vi or en (--lang; HIEPY_LANG overrides the file)
    fail-on = "error"            # error, warning or info (hiepy check --fail-on)
    exclude = ["waivers.yaml", "drafts/**"]   # files a folder check leaves out (--exclude)
    information-uri = "https://rules.example.gov.vn/hiepy/"   # SARIF's informationUri: your own copy's page
"""

from __future__ import annotations

import re
import sys
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import msgspec

from hiepy_rules.errors import InputError

NAMES = ("hiepy.toml", "pyproject.toml")


KEYS = ("rules", "waivers", "lang", "fail-on", "exclude", "information-uri")


_CHOICES = {"lang": ("vi", "en"), "fail-on": ("error", "warning", "info")}


class Config(msgspec.Struct, frozen=True):
    file: Path | None = None
    rules: list[Path] | None = None
    waivers: Path | None = None
    lang: str | None = None
    fail_on: str | None = None
    exclude: list[str] = msgspec.field(default_factory=list)
    information_uri: str | None = None


def find(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration file at or above ``start`` and its ``hiepy`` table."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        own = folder / "hiepy.toml"
        if own.is_file():
            return own, _read(own)
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read(project).get("tool", {})
            if isinstance(table, dict) and isinstance(table.get("hiepy"), dict):
                return project, table["hiepy"]
        if (folder / ".git").exists():
            return None
    return None


def _read(path: Path) -> dict[str, Any]:
    """The file's TOML, parsed. Kept in the user's cache by the file's bytes: a ``pyproject.toml`` is
    read in every folder of a Python project whether or not it configures hiepy, and ``tomllib``'s
    import and parse were ~14 M instructions of a cold check there (a hit: a digest and a small read)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        why = exc.strerror or exc
        raise InputError.at(
            str(path), 0, 0, f"không đọc được tệp cấu hình: {why}", "config", en=f"cannot read: {why}"
        ) from None
    # the hashing and the cache only when a file is found: most checks run where there is none
    import hashlib

    from hiepy_rules.load import usercache

    entry = usercache.entry("config", str(path))
    digest = hashlib.sha256(raw).hexdigest()
    kept = usercache.read(entry, digest)
    if isinstance(kept, dict):
        return kept
    data = _parse(path, raw)
    usercache.write(entry, digest, data)
    return data


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    import tomllib  # its import is ~5 ms of a cold check: only on a cache miss

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        from hiepy_rules.load.filetext import offset_to_position  # only for a file that is not UTF-8

        line, col = offset_to_position(raw, exc.start)
        byte = f"0x{raw[exc.start]:02x}"
        raise InputError.at(
            str(path),
            line,
            col,
            f"tệp cấu hình TOML phải là văn bản UTF-8: gặp byte {byte}",
            "config",
            en=f"a TOML file must be UTF-8 text: found byte {byte}",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.at(
            str(path), 0, 0, f"tệp cấu hình TOML không hợp lệ: {exc}", "config", en=f"invalid TOML: {exc}"
        ) from None


def load(start: Path | None = None) -> Config:
    """The configuration in force here (empty without a file); ``InputError`` for a bad file."""
    found = find(start)
    if found is None:
        return Config()
    path, table = found
    return parse(path, table)


def parse(path: Path, table: dict[str, Any]) -> Config:
    # only for a configuration with an unknown key (it imports pydantic)
    from hiepy_rules.schema.pydantic_words import did_you_mean

    def bad(vi: str, en: str) -> InputError:
        return InputError.at(str(path), 0, 0, vi, "config", en=en)

    for key in table:
        if key not in KEYS:
            guess = did_you_mean(key, KEYS)
            hint_vi = f"; có phải ý bạn là {guess!r}?" if guess else f" (các khóa: {', '.join(KEYS)})"
            hint_en = f"; did you mean {guess!r}?" if guess else f" (known: {', '.join(KEYS)})"
            raise bad(f"khóa cấu hình lạ {key!r}{hint_vi}", f"unknown configuration key {key!r}{hint_en}")
    for key, choices in _CHOICES.items():
        value = table.get(key)
        if value is not None and value not in choices:
            listed = ", ".join(choices)
            raise bad(f"{key} = {value!r}: hãy viết một trong {listed}", f"{key} = {value!r}: write one of {listed}")
    base = path.parent

    def paths(key: str) -> list[str] | None:
        value = table.get(key)
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise bad(f"{key} phải là một chuỗi hoặc danh sách chuỗi", f"{key} must be a string or a list of strings")
        return items

    rules = paths("rules")
    waivers = table.get("waivers")
    if waivers is not None and not (isinstance(waivers, str) and waivers):
        raise bad("waivers phải là đường dẫn tới một tệp", "waivers must be the path of a file")
    uri = table.get("information-uri")
    if uri is not None and not (isinstance(uri, str) and re.fullmatch(r"https?://[^\s/]+\S*", uri)):
        raise bad(
            "information-uri phải là một địa chỉ đầy đủ, bắt đầu bằng https://",
            "information-uri must be an absolute address starting with https://",
        )
    return Config(
        file=path,
        rules=[base / r for r in rules] if rules is not None else None,
        waivers=base / waivers if waivers else None,
        lang=table.get("lang"),
        fail_on=table.get("fail-on"),
        exclude=paths("exclude") or [],
        information_uri=uri,
    )


def apply_information_uri(conf: Config) -> None:
    """Give SARIF reports the configuration's ``information-uri`` (or none: the package's address).
    The SARIF writer is imported only when one is set or it is loaded already: it costs start-up time."""
    if conf.information_uri is not None or "hiepy_rules.report.sarif" in sys.modules:
        # the SARIF writer costs start-up time
        from hiepy_rules.report.sarif import set_information_uri

        set_information_uri(conf.information_uri)


def excluded(path: Path, globs: list[str]) -> bool:
    """Whether ``path`` matches one of ``globs``: by its name, or by any tail of its path
    (``drafts/*`` leaves out ``dossiers/drafts/a.yaml``)."""
    parts = path.as_posix().split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatchcase(tail, g.removeprefix("./")) for g in globs for tail in tails)
