"""A fix's proposal data validated again, at the cost of what the fix changed.

A fix's data share every list item and mapping it did not change with the first check's data
(``changes.apply``), and those were validated into the first check's proposal. Only the sections
the fix changed are validated, each by its own field's validator, with its untouched items handed
over as the models they already became (a model instance is taken as it is); the other sections
are the first proposal's. A proposal has no validator over several sections, so the result equals
validating the whole data again (``tests/test_recheck_incremental.py`` compares them).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, get_args

from pydantic import BaseModel, TypeAdapter

from hiepy_rules.schema.proposal import Proposal


def validate_changed(first: Proposal, first_data: dict[str, Any], data: dict[str, Any]) -> Proposal:
    """``data`` as a proposal; ``first_data`` is ``first`` dumped (JSON mode, set fields only)."""
    if data.keys() != first_data.keys():  # a section added or taken out: what is set changes
        return Proposal.model_validate(_mixed(first, first_data, data))
    update: dict[str, Any] = {}
    for key, value in data.items():
        old = first_data[key]
        if value is old:
            continue
        adapter = _section(key)
        if adapter is None:  # a value of the proposal's own (its id, its date): everything again
            return Proposal.model_validate(_mixed(first, first_data, data))
        value = _reusing(value, old, getattr(first, key))
        if _models(value) and not _constrained(key):  # items taken out only: each was validated already
            update[key] = value
        else:
            update[key] = adapter.validate_python(value)
    return first.model_copy(update=update) if update else first


def _mixed(first: Proposal, first_data: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each part the fix left alone replaced by the model it became."""
    mixed: dict[str, Any] = {}
    for key, value in data.items():
        old = first_data.get(key)
        made: Any = getattr(first, key, None) if key in Proposal.model_fields else None
        if value is old and old is not None and (isinstance(made, BaseModel) or _models(made)):
            mixed[key] = made
        else:
            mixed[key] = _reusing(value, old, made)
    return mixed


def _reusing(value: Any, old: Any, made: Any) -> Any:
    """A list the fix changed, its untouched items (the same objects as before) as the models they became."""
    if isinstance(value, list) and isinstance(old, list) and _models(made) and len(old) == len(made):
        by_identity = {id(item): model for item, model in zip(old, made, strict=True)}
        return [by_identity.get(id(item), item) for item in value]
    return value


@cache
def _section(key: str) -> TypeAdapter[Any] | None:
    """The validator of a section that is a model or a list of models, with the field's constraints
    (a list's least length); None for any other field."""
    info = Proposal.model_fields.get(key)
    if info is None or info.annotation is None:
        return None
    kinds = get_args(info.annotation) or (info.annotation,)
    if not any(isinstance(k, type) and issubclass(k, BaseModel) for k in kinds):
        return None
    annotated: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotated)


@cache
def _constrained(key: str) -> bool:
    """Whether the section has constraints of its own (a least length), beyond its items'."""
    return bool(Proposal.model_fields[key].metadata)


def _models(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, BaseModel) for x in value)
