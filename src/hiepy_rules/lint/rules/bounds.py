"""Lint of conditions that can never hold or never be met: numeric bounds per fact."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hiepy_rules.compile.facts import FieldSpec
from hiepy_rules.errors import Code, Text
from hiepy_rules.lint.rules.common import Env, Fields, Issue, _as_date, _condition_nodes, _resolve, _show, fits, issue
from hiepy_rules.load.document import PathKey
from hiepy_rules.schema.condition import ORDER_OPS, AllOf, AnyOf, Cond, FactRef, FieldTest, Not, SettingRef
from hiepy_rules.schema.provision import Provision

CONTRADICTION = Code(
    "contradiction",
    "bounds",
    "error",
    (
        "Các điều kiện không thể cùng đúng. Trong một quy định: các phép so sánh trên cùng một sự kiện loại"
        " trừ nhau, nên phần điều kiện chứa chúng không bao giờ đúng; sửa giá trị hoặc phép so sánh. Giữa hai"
        " quy định: không đề án nào đáp ứng được cả hai (kèm đề án minh họa); là lỗi khi quy định kia của cấp"
        " cao hơn và đang có hiệu lực, là cảnh báo khi ngang cấp hoặc cùng cơ quan ban hành.",
        "Conditions that cannot all hold. Inside one provision: comparisons of one fact exclude each other,"
        " so the condition holding them never holds; change a value or a comparison. Between two provisions:"
        " no proposal can meet both (a witness is shown); an error when the other is of higher authority and"
        " in force, a warning against a peer or the same issuer.",
    ),
    {
        "never": ("{test} không bao giờ đúng: {consequence}", "{test} can never hold: {consequence}"),
        "contradicts": ("{test} mâu thuẫn với {others}: {consequence}", "{test} contradicts {others}: {consequence}"),
    },
)


#: what a contradiction means, by where it is (a modality's name for the modality's condition)
CONSEQUENCES: dict[str, Text] = {
    "when": (
        "`when` không bao giờ đúng, nên quy định không bao giờ áp dụng",
        "`when` can never hold, so the provision never applies",
    ),
    "all": ("nhánh `all` này không bao giờ đúng", "this `all` can never hold"),
    "scope": (
        "phạm vi của gói không bao giờ đúng, nên gói không áp dụng cho đơn vị nào",
        "the pack's scope can never hold, so the pack applies to no unit",
    ),
}


_NEVER_HOLDS: dict[str, Text] = {
    "must": (
        "`must` không bao giờ đúng, nên quy định bị vi phạm ở mọi nơi nó áp dụng",
        "`must` can never hold, so the provision is violated wherever it applies",
    ),
    "must_not": (
        "`must_not` không bao giờ đúng, nên quy định không cấm gì",
        "`must_not` can never hold, so the provision forbids nothing",
    ),
    "should": (
        "`should` không bao giờ đúng, nên không bao giờ làm theo được lời khuyên",
        "`should` can never hold, so the advice can never be followed",
    ),
    "may": (
        "`may` không bao giờ đúng, nên quy định không cho phép gì",
        "`may` can never hold, so the provision permits nothing",
    ),
}


_NEVER_MET: dict[str, Text] = {
    "must": (
        "một khi quy định áp dụng, `must` không bao giờ được đáp ứng",
        "once the provision applies, `must` can never be met",
    ),
    "must_not": (
        "một khi quy định áp dụng, điều `must_not` cấm không bao giờ xảy ra",
        "once the provision applies, what `must_not` forbids can never happen",
    ),
    "should": (
        "một khi quy định áp dụng, không bao giờ làm theo được `should`",
        "once the provision applies, `should` can never be followed",
    ),
    "may": (
        "một khi quy định áp dụng, điều `may` cho phép không bao giờ xảy ra",
        "once the provision applies, what `may` permits can never happen",
    ),
}


# --- contradictions -----------------------------------------------------------------------------

_NEGATE = {
    "eq": "ne",
    "ne": "eq",
    "in": "not_in",
    "not_in": "in",
    "lt": "ge",
    "ge": "lt",
    "le": "gt",
    "gt": "le",
}


@dataclass(frozen=True)
class Bound:
    """One literal test of one field, as it takes part in a conjunction (``op`` after negation)."""

    fact: str
    op: str
    value: Any
    path: PathKey  # of the literal in the document
    negated: bool = False  # read through a `not`: the document says the opposite comparison

    @property
    def text(self) -> Text:
        test = f"{self.fact} {_NEGATE[self.op] if self.negated else self.op} {_show(self.value)}"
        return (f"không ({test})", f"not ({test})") if self.negated else (test, test)


def _bounds(cond: Cond, path: PathKey, negated: bool = False, alls: set[PathKey] | None = None) -> Iterator[Bound]:
    """The literal tests that must all hold for ``cond`` to hold (``negated``: for it to fail).

    Exact under Kleene logic: ``all`` is a conjunction, ``not`` flips the comparison, and by De
    Morgan ``not any`` is a conjunction too. Tests against another fact or a setting are left out.
    ``alls`` collects the paths of the ``all`` nodes read as part of the conjunction.
    """
    if isinstance(cond, FieldTest):
        value = cond.value
        if isinstance(value, (FactRef, SettingRef)) or (isinstance(value, list) != (cond.op in ("in", "not_in"))):
            return
        yield Bound(cond.fact, _NEGATE[cond.op] if negated else cond.op, value, (*path, cond.op), negated)
    elif isinstance(cond, AllOf) and not negated:
        if alls is not None:
            alls.add(path)
        for i, c in enumerate(cond.all):
            yield from _bounds(c, (*path, "all", i), False, alls)
    elif isinstance(cond, AnyOf) and negated:
        for i, c in enumerate(cond.any):
            yield from _bounds(c, (*path, "any", i), True, alls)
    elif isinstance(cond, Not):
        yield from _bounds(cond.not_, (*path, "not"), not negated, alls)


Resolver = Callable[[str], tuple[str, FieldSpec] | None]


def _resolver(owner: str, subject: Fields | None) -> Resolver:
    """Maps a fact name to (a key naming the field the same way everywhere, its spec)."""

    def resolve(fact: str) -> tuple[str, FieldSpec] | None:
        name, table, whose = _resolve(fact, subject, owner)
        spec = table.get(name) if table is not None else None
        return (f"{whose}.{name}", spec) if spec is not None else None

    return resolve


def _scope_bounds(scope: Sequence[FieldTest]) -> list[Bound]:
    """The pack scope's literal tests, each naming its unit field as ``unit.X``."""
    out = []
    for k, t in enumerate(scope):
        for b in _bounds(t, ("scope", "when", k)):
            fact = b.fact if b.fact.startswith("unit.") else "unit." + b.fact
            out.append(Bound(fact, b.op, b.value, b.path, b.negated))
    return out


def _usable(b: Bound, spec: FieldSpec) -> bool:
    values = b.value if isinstance(b.value, list) else [b.value]
    ordered = b.op not in ORDER_OPS or spec.type in ("int", "date")
    return ordered and all(fits(spec, v) for v in values)


def _day(v: Any) -> int:
    d = _as_date(v)
    assert d is not None, "only literals that fit a date field get here"
    return d.toordinal()


def _satisfiable(spec: FieldSpec, bounds: Sequence[Bound]) -> bool:
    """Whether some value of the field meets every bound: decided exactly, not estimated.

    Booleans and enums have a finite set of values: the bounds are applied to each. Whole numbers
    and dates are discrete and ordered: ``gt n`` is ``ge n+1``; the bounds give an interval whose
    values are counted against the ``ne``/``not_in`` exclusions inside it, or, with ``eq``/``in``,
    a finite set filtered by the interval. Text with no ``eq``/``in`` has endless values left.
    """
    dates = spec.type == "date"

    def key(v: Any) -> Any:  # dates compare by day, however they were written
        return _day(v) if dates else v

    allowed: set[Any] | None = None
    if spec.type == "bool":
        allowed = {True, False}
    elif spec.type == "enum":
        allowed = set(spec.values)
    lo: int | None = None
    hi: int | None = None
    banned: set[Any] = set()
    for b in bounds:
        values = {key(v) for v in (b.value if isinstance(b.value, list) else [b.value])}
        if b.op in ("eq", "in"):
            allowed = values if allowed is None else allowed & values
        elif b.op in ("ne", "not_in"):
            banned |= values
        elif b.op in ("gt", "ge"):
            k = key(b.value) + (1 if b.op == "gt" else 0)
            lo = k if lo is None else max(lo, k)
        else:
            k = key(b.value) - (1 if b.op == "lt" else 0)
            hi = k if hi is None else min(hi, k)

    def inside(v: Any) -> bool:
        return (lo is None or v >= lo) and (hi is None or v <= hi)

    if allowed is not None:
        return any(v not in banned and inside(v) for v in allowed)
    if lo is None or hi is None:
        return True
    return hi - lo + 1 > sum(1 for v in banned if inside(v))


def _first_conflict(bounds: Sequence[Bound], resolve: Resolver) -> tuple[Bound, list[Bound]] | None:
    """The first bound (in document order) that leaves its field no value, and a smallest set of
    the earlier bounds it contradicts (each of them needed for the contradiction)."""
    by_field: dict[str, list[Bound]] = {}
    for b in bounds:
        found = resolve(b.fact)
        if found is None or not _usable(b, found[1]):
            continue
        key, spec = found
        group = by_field.setdefault(key, [])
        group.append(b)
        if not _satisfiable(spec, group):
            core = group[:-1]
            for other in list(core):
                trial = [x for x in core if x is not other]
                if not _satisfiable(spec, [*trial, b]):
                    core = trial
            return b, core
    return None


def _section_name(b: Bound, base_len: int) -> Text:
    if b.path[0] == "scope":
        return "phạm vi của gói", "the pack's scope"
    if len(b.path) > base_len:
        return (f"`{b.path[base_len]}`",) * 2
    return "quy định", "the provision"


def _conflict_issue(b: Bound, core: Sequence[Bound], consequence: Text, base_len: int = 0) -> Issue:
    if not core:
        return issue(CONTRADICTION, b.path, "never", test=b.text, consequence=consequence)
    sides = [(c.text, _section_name(c, base_len)) for c in core]
    others = (
        " và ".join(f"{t[0]} trong {where[0]}" for t, where in sides),
        " and ".join(f"{t[1]} in {where[1]}" for t, where in sides),
    )
    return issue(CONTRADICTION, b.path, "contradicts", test=b.text, others=others, consequence=consequence)


def _contradiction_issues(p: Provision, base: PathKey, fields: Fields | None, env: Env) -> Iterator[Issue]:
    """Literal bounds on one field that cannot all hold, looked for in four places, in this order:

    1. ``when`` (with the pack's scope before it): the provision never applies;
    2. the modality's condition: it never holds;
    3. ``when`` and the modality together (only when neither alone is contradictory): once the
       provision applies, its modality can never be met;
    4. every other ``all`` (inside ``any`` or ``not``) on its own.
    """
    resolve = _resolver(p.subject, fields)
    n = len(base)
    alls: set[PathKey] = set()
    scope = _scope_bounds(env.scope)
    if _first_conflict(scope, resolve):
        scope = []  # said once, on the manifest
    when = [b for j, c in enumerate(p.when) for b in _bounds(c, (*base, "when", j), alls=alls)]
    m = p.modality
    rule = list(_bounds(p.rule, (*base, m), alls=alls)) if m is not None and p.rule is not None else []
    bad_when = _first_conflict([*scope, *when], resolve) if when else None
    if bad_when:
        yield _conflict_issue(*bad_when, CONSEQUENCES["when"], n)
    bad_rule = _first_conflict(rule, resolve)
    if bad_rule and m is not None:
        yield _conflict_issue(*bad_rule, _NEVER_HOLDS[m], n)
    if not bad_when and not bad_rule and m is not None and rule:
        both = _first_conflict([*scope, *when, *rule], resolve)
        if both:
            yield _conflict_issue(*both, _NEVER_MET[m], n)
    for cond, path, _ in _condition_nodes(p, base):
        if isinstance(cond, AllOf) and path not in alls:
            bad = _first_conflict(list(_bounds(cond, path)), resolve)
            if bad:
                yield _conflict_issue(*bad, CONSEQUENCES["all"], n)
