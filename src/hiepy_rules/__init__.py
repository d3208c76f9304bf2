"""hiepy: check cadre-planning proposals against overlapping rule sets.

The library API (the CLI is a thin layer over it)::

    import hiepy_rules
    result = hiepy_rules.check("examples/cuc-thue-quang-tri-2012.yaml")
    result.findings          # list[hiepy_rules.Finding], typed (pydantic)
    hiepy_rules.to_json([result])

Names are imported lazily so that ``import hiepy_rules`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["CheckResult", "Finding", "InputError", "Proposal", "__version__", "check", "check_proposal", "to_json"]

if TYPE_CHECKING:
    from hiepy_rules.checker import CheckResult, check, check_proposal, to_json
    from hiepy_rules.errors import InputError
    from hiepy_rules.findings import Finding
    from hiepy_rules.proposal import Proposal

_LAZY = {
    "CheckResult": "hiepy_rules.checker",
    "check": "hiepy_rules.checker",
    "check_proposal": "hiepy_rules.checker",
    "to_json": "hiepy_rules.checker",
    "InputError": "hiepy_rules.errors",
    "Finding": "hiepy_rules.findings",
    "Proposal": "hiepy_rules.proposal",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hiepy_rules' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
