"""The registry of lint codes: every code ``hiepy lint`` and ``hiepy test`` can report, once each.

Each code is declared (``errors.Code``) in the module that finds it, as yamllint keeps each rule
in its own module: the families of ``lint/rules/``, the time checks of ``load/versions.py``, the
pack tests. This module gathers them, for ``docs/lint-codes.md`` and the tests that check every
message is Vietnamese with an English twin.
"""

from __future__ import annotations

from hiepy_rules.errors import CODES, Code, Text
from hiepy_rules.lint import pack_tests
from hiepy_rules.lint.rules import bounds, common, files, manifest, provisions, registries
from hiepy_rules.load import versions

#: the modules that declare lint codes (imported above, so that their codes are registered)
DECLARING = (common, bounds, provisions, manifest, registries, files, versions, pack_tests)


#: the families of codes, in both languages (a code's ``family`` is one of these keys)
FAMILIES: dict[str, Text] = {
    "bounds": ("Mâu thuẫn", "Contradictions"),
    "conditions": ("Điều kiện", "Conditions"),
    "files": ("Tệp", "Files"),
    "pack tests": ("Kiểm thử gói", "Pack tests"),
    "provisions": ("Quy định", "Provisions"),
    "records": ("Bản ghi", "Records"),
    "references": ("Tham chiếu", "References"),
    "registries": ("Tệp đăng ký", "Registries"),
    "settings": ("Tham số của gói", "Pack settings"),
    "time": ("Thời gian hiệu lực", "Time in force"),
}


def catalog() -> list[Code]:
    """The lint codes, by family then id (every code declared by the modules of ``DECLARING``)."""
    return sorted(CODES.values(), key=lambda c: (c.family, c.id))


def fragments() -> dict[str, Text]:
    """The pieces of messages kept outside the codes (consequences, expected values, places), by name."""
    out: dict[str, Text] = {}
    for name, table in (
        ("consequence", bounds.CONSEQUENCES),
        ("never-holds", bounds._NEVER_HOLDS),
        ("never-met", bounds._NEVER_MET),
        ("expect", common._EXPECT),
        ("read-from", files.READ_FROM),
    ):
        out.update({f"{name}.{key}": text for key, text in table.items()})
    return out
