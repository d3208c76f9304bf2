"""Each rule file as a whole: what a file is validated against when rules are loaded or linted.

Apart from the provisions, packs and registries they hold, so that a check whose rules come from
the user's cache (``load.rules_cache``) never defines them: each pydantic class costs ~0.2 ms of a
cold check to make.
"""

# Annotations are evaluated as each class is made, as in the other schema modules.
from pydantic import Field, field_validator

from hiepy_rules.schema.base import VerbatimModel
from hiepy_rules.schema.fielddoc import bi
from hiepy_rules.schema.pack import Authority, SourceDoc
from hiepy_rules.schema.provision import Provision
from hiepy_rules.schema.pydantic_words import bilingual


class ProvisionFile(VerbatimModel):
    """A rule file: one or more provisions."""

    provisions: list[Provision] = Field(
        min_length=1, **bi("Quy định", "Provisions", "Các quy định của tệp.", "The provisions of the file.")
    )


class SourcesFile(VerbatimModel):
    sources: list[SourceDoc] = Field(min_length=1)


class AuthoritiesFile(VerbatimModel):
    authorities: list[Authority] = Field(min_length=1)

    @field_validator("authorities")
    @classmethod
    def _unique(cls, v: list[Authority]) -> list[Authority]:
        seen: set[str] = set()
        for a in v:
            if a.id in seen:
                raise bilingual(f"mã cơ quan {a.id!r} bị lặp", f"duplicate authority id {a.id!r}")
            seen.add(a.id)
        return v
