"""Where a fix's proposal data differ from the first check's: what a re-check can take from that check.

Every offered fix is checked by checking the proposal again with the fix made, and a fix changes a
few things. A fix's data share every list and mapping it did not change with the first check's
(``findings.changes.apply``), so most of the comparison is by identity.
"""

from __future__ import annotations

from typing import Any

import msgspec


class Delta(msgspec.Struct, frozen=True):
    """The titles and cadres a fix touches.

    Cadre C's facts for title T (candidacy, holding) are made from T, C, the title C holds, the
    titles C is a candidate for and the levels of those C is planned for. They may differ when T
    changed, or C is *touched*: C changed, or a changed title names C (as holder or candidate, before
    or after the fix) or is one C is planned for. When the date or the order of the titles changed,
    everything is touched.
    """

    everything: bool  # the date or the order of the titles changed: every membership is touched
    titles: frozenset[str]
    cadres: frozenset[str]
    sections: frozenset[str] = frozenset()  # the other parts of the proposal that changed (``votes``...)

    @classmethod
    def between(cls, before: dict[str, Any], after: dict[str, Any]) -> Delta:
        titles = _changed(before.get("titles"), after.get("titles"))
        cadres = _changed(before.get("cadres"), after.get("cadres"))
        if titles is None or cadres is None or before.get("date") != after.get("date"):
            return cls(True, frozenset(), frozenset())
        kept_order = [t["id"] for t in before.get("titles") or () if t["id"] not in titles]
        if kept_order != [t["id"] for t in after.get("titles") or () if t["id"] not in titles]:
            return cls(True, frozenset(), frozenset())
        touched = set(cadres)
        for side in (before, after):
            for t in side.get("titles") or ():
                if t["id"] in titles:
                    touched.update(t.get("holders") or ())
                    touched.update(t.get("candidates") or ())
            for c in side.get("cadres") or ():
                if titles & set(c.get("planned_for") or ()):
                    touched.add(c["id"])
        sections = {
            k
            for k in before.keys() | after.keys()
            if k not in ("titles", "cadres") and before.get(k) is not after.get(k) and before.get(k) != after.get(k)
        }
        return cls(False, frozenset(titles), frozenset(touched), frozenset(sections))

    def touches(self, title: str, cadre: str) -> bool:
        return self.everything or title in self.titles or cadre in self.cadres


def _changed(before: Any, after: Any) -> set[str] | None:
    """Ids of the items (mappings with an ``id``) added, removed or changed; None when ids repeat."""
    if before is after:
        return set()
    old = {x["id"]: x for x in before or ()}
    new = {x["id"]: x for x in after or ()}
    if len(old) != len(before or ()) or len(new) != len(after or ()):
        return None
    return {i for i in old.keys() | new.keys() if old.get(i) is not new.get(i) and old.get(i) != new.get(i)}
