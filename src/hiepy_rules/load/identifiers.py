"""Look-alike identifiers: ids that mix scripts or hide characters are refused, names are warned about.

A cadre ``nguyễn-văn-а`` whose last letter is Cyrillic (or with a zero-width space, a direction
mark, a soft hyphen, fullwidth letters) looks like the real ``nguyễn-văn-a`` but is another id: it
could take the real cadre's candidacies while a rule about the real one stays silent. An id (of a
cadre, title, unit, provision, pack...) must therefore be written in one script, with no invisible,
format or direction character and no fullwidth form: an **error** at the character. A display name
with such a character, or with a word mixing scripts, is a **warning** (names are read by people,
not matched). Vietnamese letters are Latin letters with diacritics, and pass.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from hiepy_rules.errors import Problem, Severity
from hiepy_rules.load.document import Document, PathKey

ID_KEYS = frozenset({"id", "pack"})  # keys whose value is an identifier


NAME_KEYS = frozenset({"name"})  # keys whose value (or its vi/en) is a display name


def _script(ch: str) -> str | None:
    """The script of a letter (the first word of its Unicode name), ``None`` for anything else."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def _hidden(ch: str) -> tuple[str, str] | None:
    """(Vietnamese, English) of why a character has no place in an id, or ``None``."""
    cat = unicodedata.category(ch)
    code = f"U+{ord(ch):04X}"
    label = unicodedata.name(ch, code)
    if cat == "Cf":  # zero-width, soft hyphen, direction marks and embeddings, BOM...
        return f"ký tự ẩn {code} ({label})", f"invisible or direction character {code} ({label})"
    if cat in ("Cc", "Co", "Cn", "Cs") or (cat == "Zs" and ch != " "):
        return f"ký tự không in được {code}", f"unprintable or unusual space character {code} ({label})"
    if label.startswith(("FULLWIDTH", "HALFWIDTH")):
        return f"ký tự toàn độ rộng {code} ({label})", f"fullwidth form {code} ({label})"
    return None


def first_problem(text: str, *, words: bool = False) -> tuple[int, str, str] | None:
    """(index, Vietnamese, English) of the first character that makes ``text`` a look-alike.
    ``words``: scripts may change between words (a display name), not inside one."""
    if _plain().issuperset(text):  # nearly every id and Vietnamese name: no character to look at
        return None
    return _scan(text, words)


@functools.cache
def _plain() -> frozenset[str]:
    """The characters that cannot make a text a look-alike, whatever surrounds them: the ASCII ones
    ``_scan`` passes at once, the Latin letters of U+00C0-U+024F and U+1E00-U+1EFF (every Vietnamese
    letter) and the combining diacritics U+0300-U+036F. Made on first use."""
    latin = [
        ch
        for lo, hi in ((0xC0, 0x24F), (0x1E00, 0x1EFF))
        for ch in map(chr, range(lo, hi + 1))
        if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")
    ]
    ascii_ = [ch for ch in map(chr, range(128)) if ch.isalnum() or ch in _ASCII_MARKS]
    return frozenset([*ascii_, *latin, *map(chr, range(0x300, 0x370))])


#: the ASCII characters besides letters and digits that an id may hold
_ASCII_MARKS = "-_.:/ "


def _scan(text: str, words: bool) -> tuple[int, str, str] | None:
    """``first_problem``, character by character."""
    script: str | None = None
    for i, ch in enumerate(text):
        if ch.isascii() and (ch.isalnum() or ch in _ASCII_MARKS):
            if ch == " ":
                script = None if words else script
            elif ch.isalpha():
                if script is not None and script != "LATIN":
                    return i, *_mixed(ch, script)
                script = "LATIN"
            continue
        why = _hidden(ch)
        if why is not None:
            return i, *why
        if words and not ch.isalnum():
            script = None
            continue
        s = _script(ch)
        if s is None or unicodedata.category(ch) == "Mn":
            continue
        if script is not None and s != script:
            return i, *_mixed(ch, script)
        script = s
    return None


_SCRIPT_VI = {"LATIN": "Latinh", "CYRILLIC": "Kirin", "GREEK": "Hy Lạp", "ARMENIAN": "Armenia", "HAN": "Hán"}


def _mixed(ch: str, script: str) -> tuple[str, str]:
    code = f"U+{ord(ch):04X}"
    label = unicodedata.name(ch, code)
    return (
        f"trộn chữ viết: ký tự {code} ({label}) sau chữ {_SCRIPT_VI.get(script, script.lower())}",
        f"mixed scripts: {code} ({label}) after {script.lower()} letters",
    )


def _walk(data: Any, path: PathKey) -> list[tuple[PathKey, str, str]]:
    """(path, key, text) of every id and display name in a parsed file, in document order."""
    out: list[tuple[PathKey, str, str]] = []
    _collect(data, path, out)
    return out


def _collect(data: Any, path: PathKey, out: list[tuple[PathKey, str, str]]) -> None:
    # a plain recursion into one list: a generator per level cost as much as the checks themselves
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, str):
                if k in ID_KEYS:
                    out.append(((*path, k), "id", v))
                elif k in NAME_KEYS:
                    out.append(((*path, k), "name", v))
            elif k in NAME_KEYS and isinstance(v, dict):
                here = (*path, k)
                out.extend(((*here, lang), "name", text) for lang, text in v.items() if isinstance(text, str))
            elif isinstance(v, dict | list) and k not in NAME_KEYS:
                _collect(v, (*path, k), out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if isinstance(v, dict | list):
                _collect(v, (*path, i), out)


def problems(doc: Document) -> list[Problem]:
    """Look-alike ids (errors) and names (warnings) of a parsed file, each at its character."""
    out = []
    for path, kind, text in _walk(doc.data, ()):
        found = first_problem(text, words=kind == "name")
        if found is None:
            continue
        index, vi, en = found
        line, col = doc.where(path)
        severity: Severity = "error" if kind == "id" else "warning"
        what_vi, what_en = ("mã", "id") if kind == "id" else ("tên", "name")
        out.append(
            Problem(
                doc.file,
                line,
                col + index,
                severity,
                f"{what_vi} {text!r} có {vi} ở ký tự thứ {index + 1}; {what_vi} dễ bị nhầm với một {what_vi} khác",
                "lookalike",
                f"{what_en} {text!r} holds {en} at character {index + 1}; it can pass for another {what_en}",
            )
        )
    return out
