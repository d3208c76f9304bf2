"""The edit language of fixes: a change to a proposal's data, and applying a list of them.

A fix is shown to an analyst in words and carried as changes (``add_candidates``, ``remove_candidate``,
``set``...), so that hiepy can apply it in memory to check it and a test can prove it removes its
finding. Applying never modifies the data it is given.
"""

from __future__ import annotations

import copy
from typing import Any

Change = dict[str, Any]


def apply(data: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """A copy of the proposal data with the changes made (the input is never modified).

    Copied on write: only the lists and mappings on the way to a change are copied, the rest is
    shared with ``data`` (a fix touches a few places; copying the whole proposal cost more than
    checking it again).
    """
    out = dict(data)
    owned = {id(out)}  # containers made here, free to change

    def own(parent: Any, key: Any, empty: Any = None) -> Any:
        """``parent[key]``, copied once; ``empty`` put there first when the key is missing (``setdefault``)."""
        if empty is not None and key not in parent:
            parent[key] = empty
        child = parent[key]
        if id(child) not in owned:
            child = copy.copy(child)
            parent[key] = child
        owned.add(id(child))
        return child

    def title(tid: str) -> dict[str, Any]:
        titles = own(out, "titles", [])
        for i, t in enumerate(titles):
            if t["id"] == tid:
                return own(titles, i)  # type: ignore[no-any-return]
        raise KeyError(tid)

    for ch in changes:
        op = ch["op"]
        if op == "add_candidates":
            t = title(ch["title"])
            for n in range(ch["count"]):
                cid = f"new-{ch['title']}-{len(out.get('cadres', []))}-{n}"
                own(out, "cadres", []).append(
                    {"id": cid, "name": f"Cán bộ bổ sung {n + 1}", "source": "external", "eligible": True}
                )
                own(t, "candidates", []).append(cid)
        elif op == "add_candidate":
            t = title(ch["title"])
            if ch["cadre"] not in own(t, "candidates", []):
                t["candidates"].append(ch["cadre"])
        elif op == "remove_candidate":
            t = title(ch["title"])
            t["candidates"] = [c for c in t.get("candidates", []) if c != ch["cadre"]]
        elif op == "stop_after":
            t = title(ch["title"])
            t["candidates"] = [c for c in t.get("candidates", []) if c != ch["cadre"]]
            out["votes"] = [
                v
                for v in out.get("votes", [])
                if not (v["title"] == ch["title"] and v["cadre"] == ch["cadre"] and v["step"] > ch["step"])
            ]
        elif op == "set":
            target: Any = out
            *head, last = ch["path"]
            for part in head:
                if isinstance(target, dict) and target.get(part) is None:
                    target[part] = {}
                target = own(target, part)
            target[last] = ch["value"]
        elif op == "append":
            target = out
            for part in ch["path"]:
                target = own(target, part, []) if isinstance(target, dict) else own(target, part)
            target.append(copy.deepcopy(ch["value"]))
        elif op == "remove":
            target = out
            *head, last = ch["path"]
            for part in head:
                target = own(target, part)
            del target[last]
        else:
            raise ValueError(f"unknown change {op!r}")
    return out
