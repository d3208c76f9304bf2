"""A loaded rule set: packs of located provisions, in load order, with their problems."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from hiepy_rules.errors import Problem
from hiepy_rules.load.document import Document

if TYPE_CHECKING:  # the vocabulary's models are imported where files are validated: a cached rule set
    # (``rules_cache``) and ``hiepy conflicts``' cached report do not pay for building them first
    from hiepy_rules.schema.pack import Authority, PackManifest, SourceDoc
    from hiepy_rules.schema.provision import InForce, Provision


# The three records below are plain classes, not dataclasses: Python compiles a dataclass's methods
# from source when its module is imported (~7 M instructions of every cold check for these three),
# and not msgspec structs: their pickle in the user's cache must carry the JSON they compute
# (``keep_contents``), which a struct's pickle drops.


class Located:
    """A provision with the file and document it was read from (for positions)."""

    def __init__(self, provision: Provision, doc: Document, index: int) -> None:
        self.provision = provision
        self.doc = doc
        self.index = index  # position in the file's ``provisions`` list

    def __repr__(self) -> str:
        return f"Located({self.provision.id!r}, {self.doc.file!r}, {self.index})"

    @property
    def path(self) -> tuple[str | int, ...]:
        return ("provisions", self.index)

    def where(self, *sub: str | int, key: bool = False) -> tuple[str, int, int]:
        line, col = self.doc.where((*self.path, *sub), key=key)
        return self.doc.file, line, col

    @cached_property
    def content(self) -> bytes:
        """The provision as JSON: what a program's key is made of (``compile.compiler``)."""
        return self.provision.model_dump_json().encode()


class Pack:
    def __init__(
        self, manifest: PackManifest, manifest_doc: Document, directory: Path, provisions: list[Located] | None = None
    ) -> None:
        self.manifest = manifest
        self.manifest_doc = manifest_doc
        self.directory = directory
        self.provisions: list[Located] = provisions if provisions is not None else []

    def __repr__(self) -> str:
        return f"Pack({self.id!r}, {len(self.provisions)} provisions)"

    @property
    def id(self) -> str:
        return self.manifest.pack

    def in_force(self, p: Provision) -> InForce:
        return p.in_force or self.manifest.in_force

    def issuer(self, p: Provision) -> str:
        return p.issuer or self.manifest.issuer

    @cached_property
    def manifest_content(self) -> bytes:
        """The manifest as JSON, like ``Located.content``."""
        return self.manifest.model_dump_json().encode()


def keep_contents(rs: RuleSet) -> None:
    """Compute every ``content`` of ``rs`` now, so that a pickled copy holds them: a check of a rule set
    read back from the user's cache then never builds the vocabulary's serializers (``rules_cache``)."""
    for pack in rs.packs:
        _ = pack.manifest_content
        for loc in pack.provisions:
            _ = loc.content


class RuleSet:
    """Registries and packs, as loaded; ``problems`` lists what could not be read."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.authorities: dict[str, Authority] = {}
        self.sources: dict[str, SourceDoc] = {}
        self.packs: list[Pack] = []
        self.problems: list[Problem] = []
        self.registry_docs: dict[str, Document] = {}

    def __repr__(self) -> str:
        return f"RuleSet({self.root!r}, {len(self.packs)} packs, {len(self.problems)} problems)"

    @cached_property
    def by_id(self) -> dict[str, tuple[Pack, Located]]:
        """Each provision id with its first version (see ``version`` for the one in force on a day)."""
        out: dict[str, tuple[Pack, Located]] = {}
        for pack in self.packs:
            for loc in pack.provisions:
                out.setdefault(loc.provision.id, (pack, loc))
        return out

    @cached_property
    def versions_of(self) -> dict[str, list[tuple[Pack, Located]]]:
        """Each provision id with all its versions, in load order (``versions.py``)."""
        out: dict[str, list[tuple[Pack, Located]]] = {}
        for pack in self.packs:
            for loc in pack.provisions:
                out.setdefault(loc.provision.id, []).append((pack, loc))
        return out

    def version(self, provision_id: str, day: dt.date | None = None) -> tuple[Pack, Located]:
        """The version of a provision in force on ``day`` (the first one when none is, or no day is given)."""
        found = self.versions_of[provision_id]
        if day is not None:
            for pack, loc in found:
                if pack.manifest.in_force.covers(day) and pack.in_force(loc.provision).covers(day):
                    return pack, loc
        return found[0]

    def provisions_in_force(self, day: dt.date) -> list[tuple[Pack, Located]]:
        return [
            (pack, loc)
            for pack in self.packs
            for loc in pack.provisions
            if pack.manifest.in_force.covers(day) and pack.in_force(loc.provision).covers(day)
        ]
