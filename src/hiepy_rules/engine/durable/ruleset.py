"""Compiled provisions to one durable-rules ruleset definition (plain data), within durable's limits."""

from __future__ import annotations

import copy
from typing import Any, Literal

import msgspec

from hiepy_rules.compile.ir import All, C, Cmp, CmpField, CompiledProvision, Program
from hiepy_rules.engine.durable.columns import (
    BUCKET,
    GATE,
    MAX_ALPHA,
    MAX_GROUPS,
    MAX_PATTERNS,
    MAX_RULES,
    OPEN,
    RULESET,
    UNKNOWN,
    DurableUnsupported,
    Tri,
    _Columns,
    _e,
)
from hiepy_rules.engine.durable.cubes import (
    _BIT,
    _SET,
    NEVER,
    SURE,
    Assignment,
    Leaf,
    Mask,
    Verdict,
    _decide,
    _evaluator,
    _leaves,
    _mask_of,
    _outcome_table,
    _outputs,
    _RecordVar,
    _tree,
)
from hiepy_rules.engine.durable.states import (
    Alt,
    Atom,
    States,
    _all,
    _any,
    _cmp,
    _cmp_states,
    _cmpfield_states,
)

# --- compiling a program to a ruleset ----------------------------------------------------------


class _Action(msgspec.Struct, frozen=True):
    kind: Literal["outcome", "derive", "sink", "open"]
    provision: str = ""
    what: str = ""  # the outcome, or the derived kind


class _Compiled(msgspec.Struct):
    definition: dict[str, Any]  # {rule name: {"all": [...], "run": action name}}
    actions: dict[str, _Action]
    columns: _Columns
    subjects: frozenset[str]  # kinds matched as subjects: their facts are asserted once as themselves
    slots: dict[str, int]  # kinds read by record tests: their base facts are asserted this many times more


def _cost(clause: Atom) -> int:
    """How many $and/$or groups a clause adds to a pattern (durable allows 15 per pattern)."""
    for op in ("$and", "$or"):
        if op in clause:
            return 1 + sum(_cost(x) for x in clause[op])
    return 0


def _flat(alt: Alt) -> list[Alt]:
    """Split an alternative whose $or clauses exceed durable's group budget into several."""
    if 1 + sum(_cost(x) for x in alt) <= MAX_GROUPS:
        return [alt]
    first = next(x for x in alt if "$or" in x)
    rest = [x for x in alt if x is not first]
    return [piece for term in first["$or"] for piece in _flat([*term.get("$and", [term]), *rest])]


def _test_order(test: Atom) -> tuple[int, str]:
    """Joins first: durable drops a test on another fact's field that comes after an ``$or`` in the
    same ``$and`` (measured: the record then matches whatever the join says). Then plain tests,
    which share alpha nodes, then same-fact references, then ``$or`` clauses."""
    text = repr(test)
    if "{'f': " in text:
        return 0, text
    if "$or" in test:
        return 3, text
    return (2 if "'$m'" in text else 1), text


class _Compiler:
    def __init__(self) -> None:
        self.cols = _Columns()
        self.leaf_states: dict[Leaf, dict[frozenset[Tri], States]] = {}
        self.bucket_count: dict[str, int] = {}
        self.slots: dict[str, int] = {}  # kind → copies of its base facts the record patterns need
        self.subjects: set[str] = set()  # kinds some rule matches as its subject
        self.domains: dict[Leaf, int] = {}
        self.wheres: dict[tuple[tuple[C, ...], bool], States] = {}
        self.steps = [0]  # decision-tree steps of the whole compile (MAX_DECIDE_STEPS)

    # the states of a leaf, as clauses on the subject fact
    def states(self, leaf: Leaf) -> dict[frozenset[Tri], States]:
        if leaf not in self.leaf_states:
            if isinstance(leaf, Cmp):
                self.leaf_states[leaf] = _cmp_states(leaf, self.cols)
            elif isinstance(leaf, CmpField):
                self.leaf_states[leaf] = _cmpfield_states(leaf, self.cols)
            else:
                raise TypeError(leaf)
        return self.leaf_states[leaf]

    def domain(self, leaf: Leaf) -> int:
        found = self.domains.get(leaf)
        if found is None:
            if isinstance(leaf, _RecordVar):
                found = 3 if self.where(leaf.where, True) else 2
            else:
                found = _mask_of(s for key, alts in self.states(leaf).items() if alts and len(key) == 1 for s in key)
            self.domains[leaf] = found
        return found

    def rep(self, leaf: Leaf, mask: int) -> States:
        if mask == self.domain(leaf):
            return [[]]
        return self.states(leaf)[_SET[mask]]

    def where(self, where: tuple[C, ...], want: bool) -> States:
        """Alternatives under which ``all(where)`` is true (``want``) or is not true, on one fact."""
        if (where, want) not in self.wheres:
            self.wheres[where, want] = self._where(where, want)
        return self.wheres[where, want]

    def _where(self, where: tuple[C, ...], want: bool) -> States:
        cond: C = All(where)
        order: dict[Leaf, None] = {}
        _leaves(cond, order)
        if any(isinstance(x, _RecordVar) for x in order):
            raise DurableUnsupported("durable engine: a record test cannot stand inside another record's where")
        leaves = list(order)
        index = {leaf: i for i, leaf in enumerate(leaves)}
        ev = _evaluator(cond, index)
        hit = _BIT[True] if want else _BIT[False] | _BIT[None]

        def holds(get: Mask) -> int:
            m = ev(get)
            return (SURE if m & hit else 0) | (NEVER if m & ~hit else 0)

        cubes = _decide([_tree(cond, index)], [self.domain(x) for x in leaves], holds)
        return [alt for cube in cubes for alt in self.alternatives({leaves[i]: m for i, m in cube.items()})]

    def alternatives(self, asg: Assignment) -> States:
        """The subject-fact alternatives of an assignment: one pick from each leaf's alternatives."""
        out: States = [[]]
        for leaf, mask in asg.items():
            if isinstance(leaf, _RecordVar):
                continue
            out = [a + b for a in out for b in self.rep(leaf, mask)]
        return [piece for alt in out for piece in _flat(alt)]

    def pattern(self, head: Alt, tests: Alt) -> Atom:
        """A flat pattern: the kind tests, a bucket test, then the tests in a canonical order.

        durable builds one alpha node per test, in the order given, sharing common prefixes; one
        alpha node feeds at most 256 rules (error 108), and matching a fact keeps every matching
        child of a node on a 64-slot stack (error 303). So rules are split into buckets of 32 by
        an always-true test right after the kind, and tests come in a canonical order (shared
        prefixes; see ``_test_order``).
        """
        key = repr(head)
        n = self.bucket_count.get(key, 0)
        self.bucket_count[key] = n + 1
        bucket = {"$lt": {"hk": 10 + n // BUCKET}}
        return {"$and": [*head, bucket, *sorted(tests, key=_test_order)]}

    def record_patterns(self, var: _RecordVar) -> list[Alt]:
        """The tests of a record pattern: the join, then the where — one ``$or`` of its alternatives
        when that fits durable's group budget, else one test list per alternative."""
        join: Alt = []
        for key in var.match:
            e = _e(self.cols.plain(key))
            join += [_cmp("ne", e, UNKNOWN), {"$eq": {e: {"f": e}}}]
        alts = self.where(var.where, True)
        if len(alts) > 1:
            combined = _any(*(_all(*alt) if alt else {"$ex": {"hk": 1}} for alt in alts))
            if 1 + _cost(combined) <= MAX_GROUPS:
                return [[*join, combined]]
        return [join + piece for alt in alts for piece in _flat(alt)]

    @staticmethod
    def wants(p: CompiledProvision, output: str, when: Verdict, rule: Verdict | None) -> Verdict:
        """Whether ``p`` surely gives (SURE), surely does not give (NEVER) ``output``, or may (both)."""
        verdicts = _outcome_table(p)
        table = [[0] * 8 for _ in range(8)]
        for w in range(1, 8):
            for r in range(1, 8):
                for wv in _SET[w]:
                    for rv in _SET[r]:
                        ok = wv is True if output == "derive" else verdicts[wv, rv] == output
                        table[w][r] |= SURE if ok else NEVER
        none = _BIT[None]
        if rule is None:
            return lambda get: table[when(get)][none]
        return lambda get: table[when(get)][rule(get)]

    def provision(self, index: int, p: CompiledProvision, rules: dict[str, Any], actions: dict[str, _Action]) -> None:
        when: C = All(p.when)
        rule: C | None = p.rule if not p.unconfigured else None
        order: dict[Leaf, None] = {}
        _leaves(when, order)
        if rule is not None:
            _leaves(rule, order)
        leaves = list(order)
        number = {leaf: i for i, leaf in enumerate(leaves)}
        domain = [self.domain(x) for x in leaves]
        if _outputs(p):
            self.subjects.add(p.subject)
        for output in _outputs(p):
            name = f"a{len(actions)}"
            actions[name] = (
                _Action("derive", p.id, p.derive or "") if output == "derive" else _Action("outcome", p.id, output)
            )

            wants = self.wants(
                p, output, _evaluator(when, number), _evaluator(rule, number) if rule else None
            )
            count = 0
            roots = [_tree(c, number) for c in (when, rule) if c is not None]
            for cube in _decide(roots, domain, wants, self.steps):
                asg = {leaves[i]: m for i, m in cube.items()}
                choices: list[list[tuple[str, tuple[str, Alt]]]] = [[]]
                negated: list[tuple[str, tuple[str, Alt]]] = []
                for leaf, mask in asg.items():
                    if not isinstance(leaf, _RecordVar) or mask not in (1, 2):
                        continue
                    pats = [(leaf.kind, pat) for pat in self.record_patterns(leaf)]
                    if mask == _BIT[True]:
                        choices = [[*c, ("", pat)] for c in choices for pat in pats]
                    else:
                        negated += [("$not", pat) for pat in pats]
                for alt in self.alternatives(asg):
                    for records in choices:
                        count += 1
                        if count > MAX_RULES:
                            raise DurableUnsupported(f"durable engine: {p.id} is too complex ({output})")
                        if 2 + len(records) + len(negated) > MAX_PATTERNS:
                            raise DurableUnsupported(f"durable engine: {p.id} needs more than {MAX_PATTERNS} patterns")
                        patterns = [
                            {"f": self.pattern([{"type": p.subject}, {"$lt": {"hk": GATE}}], alt)},
                            {"g": self.pattern([{"hk": GATE}], [])},
                        ]
                        # durable never lets one fact match two patterns of a rule (nor a $not pattern
                        # see a fact another pattern matched), while a record test ranges over every
                        # base fact, the subject included: each record pattern of a rule reads its own
                        # copy of the records (``rs``: slot), which the subject never is
                        slot: dict[str, int] = {}
                        for n, (suffix, (kind, pat)) in enumerate(records + negated):
                            slot[kind] = slot.get(kind, 0) + 1
                            self.slots[kind] = max(self.slots.get(kind, 0), slot[kind])
                            head: Alt = [{"type": kind}, {"rs": slot[kind]}]
                            patterns.append({f"r{n}{suffix}": self.pattern(head, pat)})
                        rules[f"p{index}_{output}_{count}"] = {"all": patterns, "run": name}


def compile_ruleset(program: Program) -> _Compiled:
    comp = _Compiler()
    rules: dict[str, Any] = {}
    actions: dict[str, _Action] = {}
    for index, p in enumerate(program.provisions):
        comp.provision(index, p, rules, actions)
    # Every fact must reach some alpha node or durable rejects it (silently, inside an action): a
    # sink whose second pattern never matches accepts them all and never fires. It tests ``hk``,
    # which durable's own state record lacks (a sink on it would re-fire on every state update).
    actions["sink"] = _Action("sink")
    rules["sink"] = {"all": [{"a": {"$ex": {"hk": 1}}}, {"b": {"hk": -1}}], "run": "sink"}
    # durable crashes the process (free(): invalid pointer) when it deletes a session in which no
    # action ever ran: every session starts with an opener fact whose rule fires at once.
    actions["open"] = _Action("open")
    rules["open"] = {"all": [{"o": {"hk": OPEN}}], "run": "open"}
    _check_width(rules)
    return _Compiled(rules, actions, comp.cols, frozenset(comp.subjects), dict(comp.slots))


def _check_width(rules: dict[str, Any]) -> None:
    """Refuse rulesets on which durable's create_ruleset would hang (an alpha node with > 512 children).

    A bound, not durable's exact tree: the distinct tests in all patterns on one kind of fact.
    """
    tests: dict[str, set[str]] = {}
    for rule in rules.values():
        for pattern in rule["all"]:
            (expr,) = pattern.values()
            parts = expr.get("$and", [expr])
            kind = repr(parts[0])
            seen = tests.setdefault(kind, set())
            for part in parts[1:]:
                for atom in part.get("$or", [part]):
                    seen.add(repr(atom))
            if len(seen) > MAX_ALPHA:
                raise DurableUnsupported(f"durable engine: too many distinct tests on {kind} facts (durable hangs)")


def ruleset_definition(program: Program) -> dict[str, Any]:
    """The durable-rules ruleset a program compiles to (JSON data; for inspection and docs)."""
    return {RULESET: copy.deepcopy(compile_ruleset(program).definition)}
