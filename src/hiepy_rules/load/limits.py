"""Rule programs checked before they run: no derive cycle, a bounded size, one id per pack.

A provision ``subject: K, derive: D`` makes a ``D`` fact of every ``K`` fact it holds for, and a
derived fact is matched in turn. If ``D`` can lead back to ``K`` (``derive: ykind`` on
``subject: ykind``), each round makes a new fact (``ykind:ykind:...``) and the fixpoint never comes:
memory runs out. The loader therefore rejects every cycle of the graph kind → derived kind, naming
the provisions in it at their positions; ``hiepy lint`` shows the same lines (it reads the loader's
problems). The size bounds keep a rule set of many thousand files or conditions from costing more
than the few seconds a check is allowed; ``RuntimeBudget`` is the last guard, inside the engine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hiepy_rules.errors import InputError, Problem
from hiepy_rules.schema.condition import NoRecordTest, RecordTest, walk
from hiepy_rules.schema.provision import Provision

if TYPE_CHECKING:
    from hiepy_rules.load.ruleset import Located, RuleSet
MAX_RULE_FILES = int(os.environ.get("HIEPY_MAX_RULE_FILES", "2000"))  # rule files in one pack


MAX_PROVISIONS = int(os.environ.get("HIEPY_MAX_PROVISIONS", "5000"))


MAX_CONDITION_NODES = int(os.environ.get("HIEPY_MAX_CONDITION_NODES", "200000"))


MAX_DERIVED = int(os.environ.get("HIEPY_MAX_DERIVED", "200000"))  # derived facts in one check


CHECK_SECONDS = float(os.environ.get("HIEPY_CHECK_SECONDS", "60"))  # one proposal's engine run


def problems(rs: RuleSet) -> list[Problem]:
    """Everything that keeps a loaded rule set from being run safely."""
    return [*duplicate_packs(rs), *derive_cycles(rs), *size_problems(rs)]


def duplicate_packs(rs: RuleSet) -> list[Problem]:
    """Two folders declaring the same pack id: a check could not tell their provisions apart."""
    first: dict[str, tuple[str, int, int]] = {}
    out = []
    for pack in rs.packs:
        doc = pack.manifest_doc
        line, col = doc.where(("pack",))
        if pack.id in first:
            f0, l0, c0 = first[pack.id]
            out.append(
                Problem(
                    doc.file,
                    line,
                    col,
                    "error",
                    f"mã gói {pack.id!r} trùng với gói ở {f0}:{l0}:{c0}; mỗi gói cần một mã riêng",
                    "duplicate-pack",
                    f"duplicate pack id {pack.id!r} (also at {f0}:{l0}:{c0}); each pack needs an id of its own",
                )
            )
        else:
            first[pack.id] = (doc.file, line, col)
    return out


def derive_cycles(rs: RuleSet) -> list[Problem]:
    """One error per cycle of derived kinds, at the ``derive`` of its first provision, naming all of them."""
    edges: dict[str, list[Located]] = {}  # subject kind → the provisions deriving from it
    for pack in rs.packs:
        for loc in pack.provisions:
            if loc.provision.derive is not None:
                edges.setdefault(loc.provision.subject, []).append(loc)
    out: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for cycle in _cycles(edges):
        key = frozenset(loc.provision.id for loc in cycle)
        if key in reported:
            continue
        reported.add(key)
        steps = [f"{loc.provision.id} ({_at(loc)}: {loc.provision.subject} → {loc.provision.derive})" for loc in cycle]
        file, line, col = cycle[0].where("derive")
        out.append(
            Problem(
                file,
                line,
                col,
                "error",
                "vòng suy diễn không bao giờ dừng: "
                + ", ".join(steps)
                + "; một loại sự kiện không được suy ra lại chính nó",
                "derive-cycle",
                "derive cycle that never ends: " + ", ".join(steps) + "; a kind of fact must not derive itself again",
            )
        )
    return out


def _at(loc: Located) -> str:
    file, line, col = loc.where("derive")
    return f"{file}:{line}:{col}"


def _cycles(edges: dict[str, list[Located]]) -> Iterator[list[Located]]:
    """Each elementary cycle found by a depth-first walk (iterative: a long chain cannot overflow)."""
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        path: list[Located] = []  # provisions along the walk
        on_path = {start: 0}
        stack: list[tuple[str, Iterator[Located]]] = [(start, iter(edges.get(start, ())))]
        while stack:
            kind, it = stack[-1]
            loc = next(it, None)
            if loc is None:
                stack.pop()
                done.add(kind)
                on_path.pop(kind, None)
                if path:
                    path.pop()
                continue
            nxt = loc.provision.derive
            assert nxt is not None
            if nxt in on_path:
                yield [*path[on_path[nxt] :], loc]
                continue
            if nxt in done:
                continue
            path.append(loc)
            on_path[nxt] = len(path)
            stack.append((nxt, iter(edges.get(nxt, ()))))


def condition_nodes(p: Provision) -> int:
    """The number of condition nodes (tests, groups, record tests and their field tests) of a provision."""
    tops = [*p.when, *([p.rule] if p.rule is not None else [])]
    return sum(1 + (len(c.where) if isinstance(c, (RecordTest, NoRecordTest)) else 0) for t in tops for c in walk(t))


def too_many_files(folder: str, n: int) -> Problem:
    return Problem(
        folder,
        0,
        0,
        "error",
        f"gói có {n} tệp quy tắc, quá giới hạn {MAX_RULE_FILES}; không tệp nào được đọc"
        " (nâng bằng biến môi trường HIEPY_MAX_RULE_FILES)",
        "limit",
        f"the pack has {n} rule files, more than the limit of {MAX_RULE_FILES}; none was read"
        " (raise it with HIEPY_MAX_RULE_FILES)",
    )


def size_problems(rs: RuleSet) -> list[Problem]:
    located = [loc for pack in rs.packs for loc in pack.provisions]
    if not located:
        return []
    first = located[0].doc.file
    if len(located) > MAX_PROVISIONS:
        return [
            Problem(
                first,
                0,
                0,
                "error",
                f"bộ quy tắc có {len(located)} điều khoản, quá giới hạn {MAX_PROVISIONS}"
                " (nâng bằng biến môi trường HIEPY_MAX_PROVISIONS)",
                "limit",
                f"the rule set has {len(located)} provisions, more than the limit of {MAX_PROVISIONS}"
                " (raise it with HIEPY_MAX_PROVISIONS)",
            )
        ]
    total = 0
    for loc in located:
        total += condition_nodes(loc.provision)
        if total > MAX_CONDITION_NODES:
            file, line, col = loc.where()
            return [
                Problem(
                    file,
                    line,
                    col,
                    "error",
                    f"các điều kiện của bộ quy tắc vượt {MAX_CONDITION_NODES} nút tại điều khoản này"
                    " (nâng bằng biến môi trường HIEPY_MAX_CONDITION_NODES)",
                    "limit",
                    f"the rule set's conditions pass {MAX_CONDITION_NODES} nodes at this provision"
                    " (raise it with HIEPY_MAX_CONDITION_NODES)",
                )
            ]
    return []


class RuntimeBudget:
    """Derived facts and seconds one engine run may spend; ``spend`` raises ``BudgetExceeded`` past them."""

    __slots__ = ("deadline", "derived")

    def __init__(self) -> None:
        self.derived = 0
        self.deadline = time.monotonic() + CHECK_SECONDS

    def spend(self, derived: int = 0) -> None:
        self.derived += derived
        if self.derived > MAX_DERIVED:
            raise BudgetExceeded(
                f"quá {MAX_DERIVED} sự kiện suy ra khi kiểm tra một đề án; dừng lại"
                " (nâng bằng biến môi trường HIEPY_MAX_DERIVED)",
                f"more than {MAX_DERIVED} derived facts in one check; stopped (raise it with HIEPY_MAX_DERIVED)",
            )
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(
                f"kiểm tra một đề án quá {CHECK_SECONDS:g} giây; dừng lại"
                " (nâng bằng biến môi trường HIEPY_CHECK_SECONDS)",
                f"checking one proposal took more than {CHECK_SECONDS:g} s; stopped"
                " (raise it with HIEPY_CHECK_SECONDS)",
            )


class BudgetExceeded(InputError):
    """An engine run passed its budget: bad input (the rules), one line and exit status 2."""

    def __init__(self, vi: str, en: str, file: str = "<rules>") -> None:
        super().__init__(Problem(file, 0, 0, "error", vi, "budget", en))
        self.vi, self.en = vi, en
