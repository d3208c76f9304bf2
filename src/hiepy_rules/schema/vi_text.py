"""Find English words and internal references in Vietnamese text meant for people.

Vietnamese is written with one syllable per word, nearly always with diacritics; an ASCII word of three
letters or more that cannot be a Vietnamese syllable (a consonant cluster such as "st" or "ck", a vowel
run such as "ee") is taken for a foreign word. Identifiers (snake_case, ids with dots or digits),
document numbers, addresses and short acronyms are set aside first; a few proper names are allowed.
"""

from __future__ import annotations

import re
import unicodedata

_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip


_NUCLEI = (
    "uye", "uya", "uyu", "ieu", "yeu", "uoi", "uou", "oai", "oay", "oeo", "uay", "uai",
    "ia", "ie", "ye", "ua", "uo", "ai", "ao", "au", "ay", "eo", "eu", "iu", "oa", "oe", "oi", "ui", "uy",
    "ue", "uu", "a", "e", "i", "o", "u", "y",
)  # fmt: skip


_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "i", "y", "o", "u", "")


_SYLLABLE = re.compile(
    "^(?:"
    + "|".join(o for o in _ONSETS if o)
    + ")?(?:"
    + "|".join(_NUCLEI)
    + ")(?:"
    + "|".join(c for c in _CODAS if c)
    + ")?$"
)


#: English words that are also well-formed Vietnamese syllables, flagged anyway.
DENY = frozenset({"the", "not", "than", "then", "status", "seed", "check", "error", "warning", "info"})


#: Proper names and product names written in ASCII.
ALLOW = frozenset(
    {"hiepy", "vietnamnet", "vietnamplus", "baomoi", "json", "yaml", "xlsx", "sarif", "junit", "markdown"}
)


_SET_ASIDE = [
    re.compile(r"https?://\S+"),
    re.compile(r"\b[\w.-]+\.(?:vn|com|net|org|gov)\b[\w./?=&%-]*"),  # a site's name
    re.compile(r"\b\d+[-–]\s?[A-ZĐa-zđ]+/[A-ZĐa-zđ]+\b"),  # 377-QĐ/TW, 92-BC/TU
    re.compile(r"\b\w+(?:\[\d*\])+(?:\.\w+(?:\[\d*\])*)*"),  # a field of the proposal: cadres[3].sex
    re.compile(r"\b\w*_\w*\b"),  # snake_case identifiers
    re.compile(r"\b[\w-]+\.[\w.-]+\b"),  # provision ids, file names
    re.compile(r"\b[\w-]*\d[\w-]*\b"),  # anything with a digit (ids such as M2-more)
    re.compile(r"\b[A-ZĐ]{2,5}\b"),  # acronyms: HĐND, UBND, TP
]


#: References to internal notes, scenario and conflict labels, never shown to an analyst.
INTERNAL = re.compile(
    r"research\.md|research §|\bbrief\b|§|\bS\d{1,2}\b|\bX[1-9]\b|\bC[1-9]\b|seed-inferred|"
    r"VERIFIED|BELIEVED|\bparams\b|\blex_\w+",
    re.IGNORECASE,
)


def _ascii_word(w: str) -> bool:
    return all("a" <= ch <= "z" for ch in w.lower())


def foreign_words(text: str) -> list[str]:
    """The words of ``text`` that look English (or otherwise not Vietnamese)."""
    text = unicodedata.normalize("NFC", text)
    for pattern in _SET_ASIDE:
        text = pattern.sub(" ", text)
    out = []
    for w in re.findall(r"[^\W\d_]+", text):
        low = w.lower()
        if len(w) < 3 or not _ascii_word(w) or low in ALLOW:
            continue
        if low in DENY or not _SYLLABLE.match(low):
            out.append(w)
    return out


def internal_references(text: str) -> list[str]:
    return [m.group(0) for m in INTERNAL.finditer(text)]


def problems(text: str) -> list[str]:
    return foreign_words(text) + internal_references(text)
