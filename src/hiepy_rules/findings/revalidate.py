"""A fix's proposal data validated again, at the cost of what the fix changed.

A fix's data share every list item and mapping it did not change with the first check's data
(``changes.apply``), and those were validated into the first check's proposal. Each such part is
handed to pydantic as the model it already became (a model instance is taken as it is), so only
what the fix changed is validated: the result equals validating the whole data again
(``tests/test_recheck_incremental.py`` compares them).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from hiepy_rules.schema.proposal import Proposal


def validate_changed(first: Proposal, first_data: dict[str, Any], data: dict[str, Any]) -> Proposal:
    """``data`` as a proposal; ``first_data`` is ``first`` dumped (JSON mode, set fields only)."""
    mixed: dict[str, Any] = {}
    for key, value in data.items():
        old = first_data.get(key)
        made: Any = getattr(first, key, None) if key in Proposal.model_fields else None
        if value is old and old is not None and (isinstance(made, BaseModel) or _models(made)):
            mixed[key] = made
        elif isinstance(value, list) and isinstance(old, list) and _models(made) and len(old) == len(made):
            # a list the fix changed: its untouched items are the models they became
            by_identity = {id(item): model for item, model in zip(old, made, strict=True)}
            mixed[key] = [by_identity.get(id(item), item) for item in value]
        else:
            mixed[key] = value
    return Proposal.model_validate(mixed)


def _models(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, BaseModel) for x in value)
