"""What a runtime conflict is made of: a choice the proposal makes, the window of values each
provision leaves unbroken, and a clash of two windows (``conflicts`` finds them, ``build`` words them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import msgspec

Facts = dict[str, dict[str, Any]]


class Choice(msgspec.Struct, frozen=True):
    """One decision the proposal makes, the facts it touches, and its possible values (never changed)."""

    name: str  # plan_size | membership | nomination | proceeds | advancement
    key: str  # stable id: the fact the choice is attached to
    fields: frozenset[str]  # a provision reading one of these depends on the choice
    domain: tuple[Any, ...]
    current: Any
    apply: Callable[[Facts, Any], Facts]
    watch: tuple[str, ...]  # fact ids whose outcomes the choice decides: the only ones ``apply`` may change
    kinds: frozenset[str]  # the kinds of fact it watches (which provisions can read it)
    parties: tuple[str, str] | None = None  # a membership's title and cadre


class Window(msgspec.Struct, frozen=True):
    provision: str
    allowed: tuple[Any, ...]


class Clash(msgspec.Struct, frozen=True):
    kind: Literal["incompatible", "permission_withdrawn"]
    choice: Choice
    a: Window
    b: Window
    fact_ids: tuple[str, ...]
