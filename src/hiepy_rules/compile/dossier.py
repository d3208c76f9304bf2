"""What a dossier is and which provisions speak to it (brief decision 12).

A proposal says what it is (``dossier.kinds``: planning, appointment, or both; ``dossier.stage``:
draft or approved); a provision says what its words name (``applies_to``). A provision of another
kind or stage is not compiled for the check (it stays silent) and is listed in the result's
``not_applicable``, so that a reader knows it was considered.
"""

from __future__ import annotations

import msgspec

from hiepy_rules.schema.proposal import Proposal
from hiepy_rules.schema.provision import Provision


class Kind(msgspec.Struct, frozen=True):
    kinds: frozenset[str]
    stage: str


def of(p: Proposal) -> Kind:
    d = p.dossier
    if d is not None and d.kinds is not None:
        kinds = frozenset(d.kinds)
    else:  # the default: a planning proposal, with appointments when it proposes some
        kinds = frozenset({"planning", "appointment"} if p.appointments else {"planning"})
    return Kind(kinds, d.stage if d is not None else "draft")


def applies(p: Provision, k: Kind | None) -> bool:
    a = p.applies_to
    if a is None or k is None:
        return True
    if a.kinds is not None and not (k.kinds & set(a.kinds)):
        return False
    return a.stages is None or k.stage in a.stages
