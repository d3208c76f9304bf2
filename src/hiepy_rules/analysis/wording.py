"""A region's literals in the words a drafter reads: "chức danh: cấp phó", "the title's level ≥ 2".

Each literal of a cube (a z3 atom over the world's variables) is written three ways: a formula
("title.role = deputy"), Vietnamese and English words. Bounds on one variable are merged into one
literal, enum indices and text codes are read back into their values, and a share is named by
its measure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import z3

from hiepy_rules.analysis.slots import TEXT_GAP, Symbols, VarInfo, share_of
from hiepy_rules.schema import labels

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


@dataclass(frozen=True)
class Literal:
    formula: str
    vi: str
    en: str
    order: tuple[int, str, str]


def render_cube(sym: Symbols, cube: list[z3.BoolRef]) -> tuple[Literal, ...]:
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
