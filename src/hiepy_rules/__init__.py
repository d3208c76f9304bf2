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

if TYPE_CHECKING:
    from hiepy_rules.errors import InputError
    from hiepy_rules.findings.model import CheckResult, Finding
    from hiepy_rules.pipeline import check, check_proposal
    from hiepy_rules.report.json import to_json
    from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.version import __version__

__all__ = ["CheckResult", "Finding", "InputError", "Proposal", "__version__", "check", "check_proposal", "to_json"]


_LAZY = {
    "CheckResult": "hiepy_rules.findings.model",
    "check": "hiepy_rules.pipeline",
    "check_proposal": "hiepy_rules.pipeline",
    "to_json": "hiepy_rules.report.json",
    "InputError": "hiepy_rules.errors",
    "Finding": "hiepy_rules.findings.model",
    "Proposal": "hiepy_rules.schema.proposal",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hiepy_rules' has no attribute {name!r}")
    # the public names load on first use: ``import hiepy_rules`` stays cheap
    from importlib import import_module

    return getattr(import_module(module), name)
