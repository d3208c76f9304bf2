"""The region of a clash in words: which facts make it happen, e.g. "title.role = deputy ∧ ...".

The clash formula speaks of many variables a reader does not care about (the plan-size domain's
top, the values the runtime tries, phantom records). They are eliminated by quantifier
elimination (z3's ``qe`` tactic on linear integer arithmetic and Booleans): what is left is the
exact set of contexts, over the fields the provisions read. That set is then written as a few
conjunctions of literals (prime implicants: each literal is dropped when the rest, with the
axioms, the packs' scopes and dates, still implies the region), each literal in field words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import z3

from hiepy_rules.analysis.encode import TEXT_GAP, Symbols, VarInfo
from hiepy_rules.analysis.symbolic import Hit, _vars
from hiepy_rules.compile.ir import walk
from hiepy_rules.schema import labels

MAX_CUBES = 6


#: the words for the facts of a world, and for the few facts only a world has
SLOT_WORDS: dict[str, tuple[str, str]] = {
    "unit": ("đơn vị", "unit"),
    "title": ("chức danh", "title"),
    "candidacy": ("ứng viên", "candidate"),
    "holding": ("chức danh đang giữ", "title held"),
    "vote": ("phiếu", "vote"),
    "matter": ("việc nhân sự", "personnel matter"),
    "consultation": ("hiệp y", "consultation"),
    "report": ("báo cáo", "report"),
}


FLAG_WORDS: dict[str, tuple[str, str]] = {
    "held": ("cán bộ đang giữ một chức danh của đơn vị", "the cadre holds a title of the unit"),
    "same_title": ("chức danh đang giữ chính là chức danh quy hoạch", "the title held is the title planned"),
    "planned_elsewhere": (
        "cán bộ đã được quy hoạch vào một chức danh khác ngang hoặc cao hơn chức danh đang giữ",
        "the cadre is planned for another title at or above the one held",
    ),
    "in_plan": ("cán bộ có tên trong danh sách quy hoạch", "the cadre is in the plan"),
}


#: choice fields whose real value the runtime replaces: never part of a region
CHOICE_FIELDS = {
    "plan_size": {("title", "candidate_count"), ("unit", "deputies_planned")},
    "membership": {("candidacy", "in_plan"), ("holding", "planned_same_or_higher")},
    "nomination": {("unit", "nomination_by")},
    "proceeds": {("vote", "proceeded")},
}


@dataclass(frozen=True)
class Literal:
    formula: str
    vi: str
    en: str
    order: tuple[int, str, str]


@dataclass(frozen=True)
class Region:
    """``cubes``: a disjunction of conjunctions of literals (empty list of cubes: nowhere)."""

    cubes: tuple[tuple[Literal, ...], ...]

    def _factored(self) -> tuple[list[Literal], list[list[Literal]]]:
        """Literals every cube shares, and what is left of each cube."""
        if not self.cubes:
            return [], []
        common = [lit for lit in self.cubes[0] if all(lit in c for c in self.cubes[1:])]
        rest = [[lit for lit in c if lit not in common] for c in self.cubes]
        if len(rest) == 1 or any(not r for r in rest):
            rest = [[]] if any(not r for r in rest) else rest
        return common, rest

    def formula(self) -> str:
        if not self.cubes:
            return "false"
        common, rest = self._factored()
        parts = [lit.formula for lit in common]
        alts = [" ∧ ".join(lit.formula for lit in r) for r in rest if r]
        if alts:
            parts.append(f"({_join(alts, ' ∨ ')})" if len(alts) > 1 and parts else _join(alts, " ∨ "))
        return " ∧ ".join(parts) or "true"

    def words(self, lang: str) -> str:
        vi = lang == "vi"
        if not self.cubes:
            return "không bao giờ" if vi else "never"
        sep = " và " if vi else " and "
        common, rest = self._factored()
        parts = [getattr(lit, lang) for lit in common]
        alts = [sep.join(getattr(lit, lang) for lit in r) for r in rest if r]
        if len(alts) > 1:
            head = "một trong các trường hợp: " if vi else "one of: "
            parts.append(head + "; ".join(f"({i}) {a}" for i, a in enumerate(alts, 1)))
        elif alts:
            parts.append(alts[0])
        return sep.join(parts) or ("mọi trường hợp" if vi else "every case")


def _join(parts: list[str], sep: str) -> str:
    if len(parts) > 1:
        return sep.join(f"({p})" for p in parts)
    return parts[0] if parts else ""


def read_fields(hit: Hit) -> set[tuple[str, str]]:
    """(slot, field) of every field the provisions read, and what the world computes them from."""
    from hiepy_rules.compile.ir import Cmp, CmpField, Record

    out: set[tuple[str, str]] = set()
    for x in hit.xs:
        real = hit.world.real.get(x.subject)
        if x.subject == "unit":
            real = hit.world.unit
        for c in walk(*x.cp.when, x.cp.rule):
            names = [c.field] if isinstance(c, Cmp) else [c.field, c.other] if isinstance(c, CmpField) else []
            for n in names:
                out.add(("unit", n[5:]) if n.startswith("unit.") else _owner(real, x.subject, n))
            if isinstance(c, Record):
                out.update(_owner(real, x.subject, k) for k in c.match)
    if ("holding", "planned_same_or_higher") in out:
        out |= {("holding", "held"), ("holding", "planned_elsewhere"), ("candidacy", "levels_below")}
    if hit.choice == "membership":
        out |= {("holding", "held"), ("holding", "same_title")}
    if hit.choice == "plan_size":
        out.add(("title", "role"))
    return out


def _owner(slot: object, kind: str, f: str) -> tuple[str, str]:
    """The slot whose variable holds field ``f`` (a holding's eligibility is its cadre's, on the candidacy)."""
    from hiepy_rules.analysis.encode import Slot

    if not isinstance(slot, Slot):
        return kind, f
    alias = slot.aliases.get(f)
    return (alias.name, f) if alias is not None else (slot.name, f)


def _presentable(hit: Hit, every: dict[int, z3.ExprRef]) -> set[int]:
    """Ids of the variables a region may speak of: fields the provisions read, of the world's own facts."""
    w = hit.world
    sym = w.sym
    hidden = CHOICE_FIELDS.get(hit.choice or "", set()) if hit.kind == "incompatible" else set()
    wanted = read_fields(hit)
    out: set[int] = set()
    for k, v in every.items():
        name = str(v)
        info = sym.info.get(name)
        if name == "day":
            out.add(k)
        elif info is None or (info.slot, info.field) not in wanted or info.field in ("top", "exists"):
            continue
        elif name.endswith("?") or (info.slot, info.field) not in hidden:
            out.add(k)
    return out


def region(hit: Hit) -> Region:
    w = hit.world
    sym = w.sym
    asked = hit.region_goal if hit.region_goal is not None else hit.goal
    every = _relevant(asked, [*sym.axioms, *w.extra], w.top_axioms)
    keep = _presentable(hit, _vars(z3.And(asked, *every)))
    region_f = _project(z3.And(asked, *every), keep)
    # the axioms seen from the fields kept: a cube need not exclude what no proposal can be
    assume = z3.And(_project(z3.And(*every), keep), *[w.in_program(x) for x in hit.xs])
    if _vars(region_f).keys() - keep:
        sym.approximations.append("a region that quantifier elimination could not simplify")
    return Region(_cover(sym, region_f, assume))


def _relevant(asked: z3.BoolRef, axioms: list[z3.BoolRef], top_axioms: list[z3.BoolRef]) -> list[z3.BoolRef]:
    """The axioms that share a variable with the question, transitively (others cannot change the
    region). The plan-size top touches every integer; its axioms join only for integers kept."""
    reach = set(_vars(asked))
    var_sets = [set(_vars(a)) for a in axioms]
    chosen: set[int] = set()
    grew = True
    while grew:
        grew = False
        for i, vs in enumerate(var_sets):
            if i not in chosen and vs & reach:
                chosen.add(i)
                reach |= vs
                grew = True
    out = [axioms[i] for i in sorted(chosen)]
    for a in top_axioms:
        vs = set(_vars(a))
        if len(vs) <= 1 or (vs - reach) <= {v for v in vs if str(_vars(a)[v]) == "top"}:
            out.append(a)
    return out


def _project(body: z3.BoolRef, keep: set[int]) -> z3.BoolRef:
    """∃ (every variable not kept): body, without the quantifier.

    z3's model-based ``qe2`` is fast but has been seen to over-simplify; its answer is kept only
    when checked equal to the projection (both inclusions), else the classic ``qe`` decides.
    """
    hidden = [v for k, v in sorted(_vars(body).items(), key=lambda kv: str(kv[1])) if k not in keep]
    if not hidden:
        return body
    fast = _qe(z3.Exists(hidden, body), "qe2")
    if fast is not None and _equal_projection(fast, body, hidden):
        return fast
    exact = _qe(z3.Exists(hidden, body), "qe")
    return exact if exact is not None else body


def _qe(f: z3.BoolRef, tactic: str) -> z3.BoolRef | None:
    goal = z3.Goal()
    goal.add(f)
    try:
        result = z3.Then("simplify", tactic, "simplify")(goal)
    except z3.Z3Exception:
        return None
    out = z3.And(*[z3.And(*g) for g in result]) if len(result) else z3.BoolVal(False)
    return None if any(z3.is_quantifier(x) for x in _subterms(out)) else out


def _subterms(e: z3.ExprRef) -> list[z3.ExprRef]:
    out, todo = [], [e]
    while todo:
        x = todo.pop()
        out.append(x)
        if z3.is_app(x):
            todo.extend(x.children())
    return out


def _equal_projection(r: z3.BoolRef, body: z3.BoolRef, hidden: list[z3.ExprRef]) -> bool:
    s = z3.Solver()
    s.set("timeout", 2_000)
    s.add(body, z3.Not(r))  # every point of the body is in r
    if s.check() != z3.unsat:
        return False
    s = z3.Solver()
    s.set("timeout", 2_000)
    s.add(r, z3.ForAll(hidden, z3.Not(body)))  # every point of r extends to one of the body
    return bool(s.check() == z3.unsat)


def _atoms(e: z3.ExprRef) -> list[z3.BoolRef]:
    out: dict[int, z3.BoolRef] = {}
    todo = [e]
    while todo:
        x = todo.pop()
        if z3.is_and(x) or z3.is_or(x) or z3.is_not(x) or z3.is_implies(x) or (z3.is_eq(x) and z3.is_bool(x.arg(0))):
            todo.extend(x.children())
        elif z3.is_bool(x) and not (z3.is_true(x) or z3.is_false(x)):
            out[x.get_id()] = x
    return sorted(out.values(), key=str)


def _cover(sym: Symbols, r: z3.BoolRef, assume: z3.BoolRef) -> tuple[tuple[Literal, ...], ...]:
    atoms = _atoms(r)
    found = z3.Solver()
    found.add(assume, r)
    check = z3.Solver()
    check.add(assume, z3.Not(r))
    # each literal behind a proxy, so that an unsat core names the literals a cube needs
    pos = [z3.Bool(f"lit+{i}") for i in range(len(atoms))]
    neg = [z3.Bool(f"lit-{i}") for i in range(len(atoms))]
    for a, p, n in zip(atoms, pos, neg, strict=True):
        check.add(z3.Implies(p, a), z3.Implies(n, z3.Not(a)))
    cubes: list[tuple[Literal, ...]] = []
    while len(cubes) < MAX_CUBES and found.check() == z3.sat:
        m = found.model()
        chosen = [(pos[i] if z3.is_true(m.eval(a, model_completion=True)) else neg[i]) for i, a in enumerate(atoms)]
        if check.check(*chosen) == z3.unsat:
            core = {str(c) for c in check.unsat_core()}
            chosen = [c for c in chosen if str(c) in core]
        for c in list(chosen):  # the core need not be minimal: drop what is still not needed
            trial = [x for x in chosen if x is not c]
            if check.check(*trial) == z3.unsat:
                chosen = trial
        cube = [atoms[int(str(c)[4:])] if str(c)[3] == "+" else z3.Not(atoms[int(str(c)[4:])]) for c in chosen]
        found.add(z3.Not(z3.And(cube)) if cube else z3.BoolVal(False))
        cubes.append(_render(sym, cube))
    return tuple(sorted(cubes, key=lambda c: [x.order for x in c]))


# --- one literal in words -------------------------------------------------------------------------


def _render(sym: Symbols, cube: list[z3.BoolRef]) -> tuple[Literal, ...]:
    """A cube's literals in words, bounds on one integer merged ("≥ 1, ≠ 1, ≠ 2" is "≥ 3")."""
    bounds: dict[str, list[tuple[str, int]]] = {}
    rest: list[z3.BoolRef] = []
    known: dict[str, bool] = {}
    for lit in cube:
        single = _single_bound(lit)
        if single is not None:
            bounds.setdefault(single[0], []).append((single[1], single[2]))
            continue
        atom = lit.arg(0) if z3.is_not(lit) else lit
        if z3.is_const(atom) and str(atom).endswith("?"):
            known[str(atom)[:-1]] = not z3.is_not(lit)
        rest.append(lit)
    out: set[Literal] = set()
    for lit in rest:
        atom = lit.arg(0) if z3.is_not(lit) else lit
        name = str(atom)
        if name.endswith("?") and known.get(name[:-1]) and (name[:-1] in bounds or _has_value(rest, name[:-1])):
            continue  # "eligible = true" says it is given
        out.add(_literal(sym, lit))
    for name, bs in bounds.items():
        info = sym.info.get(name) if name != "day" else sym.info.get("day")
        out.update(_merged(sym, info, name, bs))
    return tuple(sorted(out, key=lambda x: (x.order, x.formula)))


def _has_value(lits: list[z3.BoolRef], name: str) -> bool:
    return any(str(lit.arg(0) if z3.is_not(lit) else lit) == name for lit in lits)


def _single_bound(lit: z3.BoolRef) -> tuple[str, str, int] | None:
    """``x op c`` for one integer variable with coefficient 1, or None."""
    neg = z3.is_not(lit)
    atom = lit.arg(0) if neg else lit
    if z3.is_const(atom) or atom.num_args() != 2 or not z3.is_arith(atom.arg(0)):
        return None
    op = {z3.Z3_OP_EQ: "eq", z3.Z3_OP_LE: "le", z3.Z3_OP_GE: "ge", z3.Z3_OP_LT: "lt", z3.Z3_OP_GT: "gt"}.get(
        atom.decl().kind()
    )
    if op is None:
        return None
    if neg:
        op = _FLIP[op]
    lhs, rhs = _linear(atom.arg(0)), _linear(atom.arg(1))
    terms = dict(lhs[0])
    for k, c in rhs[0].items():
        terms[k] = terms.get(k, 0) - c
    terms = {k: c for k, c in terms.items() if c}
    const = rhs[1] - lhs[1]
    if len(terms) != 1:
        return None
    ((name, coef),) = terms.items()
    if abs(coef) != 1:
        return None
    if coef < 0:
        const, op = -const, _MIRROR[op]
    return name, op, const


def _merged(sym: Symbols, info: VarInfo | None, name: str, bs: list[tuple[str, int]]) -> list[Literal]:
    lo: int | None = None
    hi: int | None = None
    eq: int | None = None
    ne: set[int] = set()
    for op, c in bs:
        if op == "eq":
            eq = c
        elif op == "ne":
            ne.add(c)
        elif op in ("ge", "gt"):
            k = c + (op == "gt")
            lo = k if lo is None else max(lo, k)
        else:
            k = c - (op == "lt")
            hi = k if hi is None else min(hi, k)
    spec = info.spec if info is not None else None
    if spec is not None and spec.type == "enum":
        ok = [i for i in range(len(spec.values)) if _fits(i, lo, hi, eq, ne)]
        return (
            [_single(sym, info, name, "eq", ok[0])]
            if len(ok) == 1
            else [
                _set_literal(
                    f"{info.slot}.{info.field}",
                    f"{_field_words(info)[0]} ({_slot_words(info, 'vi')})",
                    f"{_field_words(info)[1]} ({_slot_words(info, 'en')})",
                    spec.values,
                    [spec.values[i] for i in ok],
                    _order(info, name),
                )
            ]
            if info is not None
            else []
        )
    if eq is not None:
        return [_single(sym, info, name, "eq", eq)]
    while lo is not None and lo in ne:
        ne.discard(lo)
        lo += 1
    while hi is not None and hi in ne:
        ne.discard(hi)
        hi -= 1
    if lo is not None and hi is not None and lo == hi:
        return [_single(sym, info, name, "eq", lo)]
    out = []
    if lo is not None:
        out.append(_single(sym, info, name, "ge", lo))
    if hi is not None:
        out.append(_single(sym, info, name, "le", hi))
    out += [_single(sym, info, name, "ne", c) for c in sorted(ne) if (lo is None or c > lo) and (hi is None or c < hi)]
    return out


def _fits(i: int, lo: int | None, hi: int | None, eq: int | None, ne: set[int]) -> bool:
    return (eq is None or i == eq) and i not in ne and (lo is None or i >= lo) and (hi is None or i <= hi)


_SYM = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


_FLIP = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}


_MIRROR = {"eq": "eq", "ne": "ne", "lt": "gt", "gt": "lt", "le": "ge", "ge": "le"}


_SLOT_ORDER = {"title": 0, "candidacy": 1, "holding": 2, "vote": 3, "unit": 6}


def _name_of(sym: Symbols, v: z3.ExprRef) -> tuple[VarInfo | None, str]:
    name = str(v)
    return sym.info.get(name), name


def _literal(sym: Symbols, lit: z3.BoolRef) -> Literal:
    neg = z3.is_not(lit)
    atom = lit.arg(0) if neg else lit
    if z3.is_const(atom):  # a Boolean field, flag or known-flag
        info, name = _name_of(sym, atom)
        return _bool_literal(info, name, not neg)
    op = {z3.Z3_OP_EQ: "eq", z3.Z3_OP_LE: "le", z3.Z3_OP_GE: "ge", z3.Z3_OP_LT: "lt", z3.Z3_OP_GT: "gt"}.get(
        atom.decl().kind()
    )
    if op is None or atom.num_args() != 2:
        text = str(lit)
        return Literal(text, text, text, (9, text, ""))
    if neg:
        op = _FLIP[op]
    lhs, rhs = _linear(atom.arg(0)), _linear(atom.arg(1))
    terms: dict[str, int] = dict(lhs[0])
    for k, c in rhs[0].items():
        terms[k] = terms.get(k, 0) - c
    const = rhs[1] - lhs[1]
    terms = {k: c for k, c in terms.items() if c}
    if len(terms) == 1:
        ((name, coef),) = terms.items()
        if coef < 0:
            coef, const, op = -coef, -const, _MIRROR[op]
        if coef == 1:
            info = sym.info.get(name) if name != "day" else sym.info.get("day")
            return _single(sym, info, name, op, const)
    return Literal(
        _lin_text(terms, op, const, lambda n: _pretty(sym, n, None)),
        _lin_text(terms, op, const, lambda n: _pretty(sym, n, "vi")),
        _lin_text(terms, op, const, lambda n: _pretty(sym, n, "en")),
        (8, _lin_text(terms, op, const, str), ""),
    )


def _pretty(sym: Symbols, name: str, lang: str | None) -> str:
    """A variable as the formula (``slot.field``) or the words (field (slot)) name it."""
    info = sym.info.get(name)
    if info is None or info.spec is None:
        return name
    if lang is None:
        return f"{info.slot}.{info.field}"
    words = _field_words(info)[0 if lang == "vi" else 1]
    return f"{words} ({_slot_words(info, lang)})"


def _linear(e: z3.ExprRef) -> tuple[dict[str, int], int]:
    if z3.is_int_value(e):
        return {}, e.as_long()
    if z3.is_const(e):
        return {str(e): 1}, 0
    if z3.is_add(e):
        terms: dict[str, int] = {}
        const = 0
        for ch in e.children():
            t, c = _linear(ch)
            const += c
            for k, v in t.items():
                terms[k] = terms.get(k, 0) + v
        return terms, const
    if z3.is_mul(e) and e.num_args() == 2 and z3.is_int_value(e.arg(0)):
        t, c = _linear(e.arg(1))
        k = e.arg(0).as_long()
        return {n: v * k for n, v in t.items()}, c * k
    if z3.is_sub(e):
        a, b = _linear(e.arg(0)), _linear(e.arg(1))
        terms = dict(a[0])
        for n, v in b[0].items():
            terms[n] = terms.get(n, 0) - v
        return terms, a[1] - b[1]
    return {str(e): 1}, 0


def _lin_text(terms: dict[str, int], op: str, const: int, name: Callable[[str], str]) -> str:
    """``Σ c·x op k`` with positive terms on the left, negative ones moved right: "a ≤ b + 1"."""

    def side(items: list[tuple[str, int]], k: int) -> str:
        parts = [("" if c == 1 else f"{c}·") + name(v) for v, c in items]
        if k or not parts:
            parts.append(str(k) if not parts or k > 0 else f"- {-k}")
            if parts[-1].startswith("- ") and len(parts) > 1:
                return " + ".join(parts[:-1]) + " " + parts[-1]
        return " + ".join(parts)

    left = sorted((v, c) for v, c in terms.items() if c > 0)
    right = sorted((v, -c) for v, c in terms.items() if c < 0)
    if not left:
        left, right, const, op = right, left, -const, _MIRROR[op]
    return f"{side(left, 0)} {_SYM[op]} {side(right, const)}"


def _slot_words(info: VarInfo, lang: str) -> str:
    vi, en = SLOT_WORDS.get(info.slot, (info.slot, info.slot))
    return vi if lang == "vi" else en


def _order(info: VarInfo | None, name: str) -> tuple[int, str, str]:
    if info is None:
        return (7, name, "")
    return (_SLOT_ORDER.get(info.slot, 5), info.field, name)


def _bool_literal(info: VarInfo | None, name: str, positive: bool) -> Literal:
    if info is None:
        return Literal(name if positive else f"¬{name}", name, name, (9, name, ""))
    if name.endswith("?"):
        f = f"{info.slot}.{info.field}"
        return Literal(
            f"{f} is {'known' if positive else 'absent'}",
            f"{labels.field(info.field, 'vi')} ({_slot_words(info, 'vi')}): {'có khai' if positive else 'không khai'}",
            f"{labels.field(info.field, 'en')} ({_slot_words(info, 'en')}): {'given' if positive else 'not given'}",
            _order(info, name + "~"),
        )
    if info.spec is None and info.field in FLAG_WORDS:
        vi, en = FLAG_WORDS[info.field]
        return Literal(
            f"{info.slot}.{info.field} = {'true' if positive else 'false'}",
            vi if positive else f"không phải: {vi}",
            en if positive else f"not: {en}",
            _order(info, name),
        )
    field_vi, field_en = _field_words(info)
    return Literal(
        f"{info.slot}.{info.field} = {'true' if positive else 'false'}",
        f"{field_vi} ({_slot_words(info, 'vi')}): {labels.value(positive, 'vi')}",
        f"{field_en} ({_slot_words(info, 'en')}): {labels.value(positive, 'en')}",
        _order(info, name),
    )


def _field_words(info: VarInfo) -> tuple[str, str]:
    from hiepy_rules.analysis.encode import share_of

    share = share_of(info.field)
    if share is not None:
        pct = f"{float(share.threshold * 100):g}%"
        sym = _SYM[share.op]
        return (
            f"tỷ lệ phiếu ({labels.field(share.over, 'vi')}) {sym} {pct}",
            f"vote share ({labels.field(share.over, 'en')}) {sym} {pct}",
        )
    return labels.field(info.field, "vi"), labels.field(info.field, "en")


def _single(sym: Symbols, info: VarInfo | None, name: str, op: str, const: int) -> Literal:
    if info is None:
        text = f"{name} {_SYM[op]} {const}"
        return Literal(text, text, text, (9, name, ""))
    spec = info.spec
    fname = "date" if name == "day" else info.field
    head = f"{info.slot}.{fname}"
    field_vi, field_en = (
        _field_words(info) if name != "day" else (labels.field("date", "vi"), labels.field("date", "en"))
    )
    where_vi, where_en = f"{field_vi} ({_slot_words(info, 'vi')})", f"{field_en} ({_slot_words(info, 'en')})"
    if name == "day" or (spec is not None and spec.type == "date"):
        day = dt.date.fromordinal(max(1, min(const, dt.date.max.toordinal()))).isoformat()
        return Literal(
            f"{head} {_SYM[op]} {day}",
            f"{where_vi} {_SYM[op]} {day}",
            f"{where_en} {_SYM[op]} {day}",
            _order(info, name),
        )
    if spec is not None and spec.type == "enum":
        ok = [v for i, v in enumerate(spec.values) if _holds(op, i, const)]
        return _set_literal(head, where_vi, where_en, spec.values, ok, _order(info, name))
    if spec is not None and spec.type == "str":
        lit = sym.text(const) if op in ("eq", "ne") else None
        if lit is not None:
            shown = f'"{lit}"'
            return Literal(
                f"{head} {_SYM[op]} {shown}",
                f"{where_vi} {_SYM[op]} {shown}",
                f"{where_en} {_SYM[op]} {shown}",
                _order(info, name),
            )
        gap = f"text code {const} (gap {const // TEXT_GAP})"
        return Literal(
            f"{head} {_SYM[op]} {gap}",
            f"{where_vi} {_SYM[op]} {gap}",
            f"{where_en} {_SYM[op]} {gap}",
            _order(info, name),
        )
    return Literal(
        f"{head} {_SYM[op]} {const}",
        f"{where_vi} {_SYM[op]} {const}",
        f"{where_en} {_SYM[op]} {const}",
        _order(info, name),
    )


def _holds(op: str, a: int, b: int) -> bool:
    return {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]


def _set_literal(
    head: str, where_vi: str, where_en: str, values: tuple[str, ...], ok: list[str], order: tuple[int, str, str]
) -> Literal:
    if len(ok) == 1:
        v = ok[0]
        return Literal(
            f"{head} = {v}", f"{where_vi}: {labels.value(v, 'vi')}", f"{where_en}: {labels.value(v, 'en')}", order
        )
    rest = [v for v in values if v not in ok]
    if len(rest) == 1:
        v = rest[0]
        return Literal(
            f"{head} ≠ {v}",
            f"{where_vi}: không phải {labels.value(v, 'vi')}",
            f"{where_en}: not {labels.value(v, 'en')}",
            order,
        )
    return Literal(
        f"{head} ∈ {{{', '.join(ok)}}}",
        f"{where_vi}: {' hoặc '.join(labels.value(v, 'vi') for v in ok)}",
        f"{where_en}: {' or '.join(labels.value(v, 'en') for v in ok)}",
        order,
    )
