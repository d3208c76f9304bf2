"""The one base of hiepy's input models: unknown fields are errors, values frozen, text stripped."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class InputModel(BaseModel):
    """A mapping read from a YAML file a person writes (proposal, pack test, waivers, provision)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class VerbatimModel(InputModel):
    """An input model whose text is kept as written: a provision quotes its source word for word.

    Its validators are built on first use, not on import: a check whose rule set comes from the
    user's cache (``load/rules_cache``) only reads provisions, and never pays for building them."""

    model_config = ConfigDict(str_strip_whitespace=False, defer_build=True)
