"""Symbolic facts: the z3 variables of one query and the axioms a real proposal obeys.

A *slot* is one fact of a symbolic proposal (the unit, a title, a candidacy...): each field is a
z3 variable (bool → Bool, int → Int, enum → Int index, str → String, date → Int day number) with a
*known* flag for fields a real fact may leave out. A condition read over slots is a pair of formulas
``(is_true, is_false)`` (``Tri``); neither holding is *unknown*, exactly as Kleene's logic in
``logic.py``.

Axioms are what every real proposal obeys for one fact (counts ≥ 0, levels 1-20, yes ≤ valid ≤
present ≤ convened, external ≤ candidates...); facts of one symbolic proposal are tied together by
the worlds of ``worlds``. Records range over the slots of the record's kind plus one *phantom*
record per record test (docs/analysis.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import z3

from hiepy_rules.analysis.formulas import conj, neg
from hiepy_rules.compile.facts import FACT_SCHEMA, FieldSpec

Tri = tuple[z3.BoolRef, z3.BoolRef]  # (is true, is false); neither: unknown


TRUE = z3.BoolVal(True)


FALSE = z3.BoolVal(False)


UNKNOWN: Tri = (FALSE, FALSE)


MAX_COUNT = 1_000_000


TEXT_GAP = 1_000_000


DAY_MIN, DAY_MAX = dt.date(1900, 1, 1).toordinal(), dt.date(2100, 12, 31).toordinal()


#: fields every real fact of the kind carries; any other field may be absent (unknown). Kinds not
#: listed (added later to FACT_SCHEMA) have every field optional: a superset of the real facts.
ALWAYS: dict[str, frozenset[str]] = {
    "unit": frozenset(
        {
            "kind",
            "current_deputies",
            "deputies_planned",
            "external_candidates",
            "planning_result_notified",
            "evaluation_notified",
            "committee_seat_requested",
            "appointment_in_same_dossier",
            "date",
        }
    ),
    "title": frozenset(
        {
            "title",
            "role",
            "level",
            "key",
            "on_provincial_list",
            "in_dossier",
            "seats",
            "candidate_count",
            "external_candidate_count",
            "holder_count",
        }
    ),
    "candidacy": frozenset(
        {
            "title",
            "role",
            "level",
            "key",
            "on_provincial_list",
            "in_dossier",
            "cadre",
            "source",
            "incumbent",
            "planned_one_level_below",
        }
    ),
    "holding": frozenset(
        {"title", "role", "level", "key", "on_provincial_list", "in_dossier", "cadre", "planned_same_or_higher"}
    ),
    "vote": frozenset({"cadre", "title", "step", "body", "yes", "convened", "proceeded"}),
    "matter": frozenset({"title", "role", "level", "key", "on_provincial_list", "in_dossier", "matter"}),
    "consultation": frozenset({"matter", "title", "requested", "replied", "answer", "political_history_involved"}),
    "report": frozenset({"matter", "title", "by", "to", "via"}),
    "confidence_vote": frozenset({"cadre", "convened", "present", "valid", "high", "medium", "low", "planned"}),
    "cadre_plan": frozenset({"cadre", "level", "titles_planned", "source"}),
}


TITLE_PART = ("title", "role", "level", "key", "on_provincial_list", "in_dossier")


_BOUNDED = {"level": (1, 20), "step": (1, 20), "levels_below": (-19, 19)}


_SHARE = re.compile(r"^share(?:_(?P<of>[a-z]+))?__(?P<op>lt|le|gt|ge)__(?P<n>\d+)_(?P<d>\d+)__(?P<over>[a-z_]+)$")


@dataclass(frozen=True)
class Share:
    """A share field (``facts.ShareMeasure``) read back from its name."""

    of: str
    op: str
    threshold: Fraction
    over: str


def share_of(name: str) -> Share | None:
    m = _SHARE.match(name)
    if m is None:
        return None
    return Share(m["of"] or "yes", m["op"], Fraction(int(m["n"]), int(m["d"])), m["over"])


@dataclass(frozen=True)
class Val:
    """A field's value in a slot: the z3 term, whether it is known, and its type."""

    expr: z3.ExprRef
    known: z3.BoolRef
    type: str  # bool int enum str date
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class VarInfo:
    slot: str
    kind: str
    field: str
    spec: FieldSpec | None  # None: a known flag or a share


class Symbols:
    """The variables of one query, the axioms they obey, and what could only be approximated."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.axioms: list[z3.BoolRef] = []
        self.info: dict[str, VarInfo] = {}
        self.approximations: list[str] = []
        self.day = z3.Int("day")
        self.axioms += [self.day >= DAY_MIN, self.day <= DAY_MAX]
        # Text is decided by equality and order only: each text literal (and enum value) gets a code,
        # spaced so that any other text sorts between two codes (docs/analysis.md, "text").
        every = set(texts) | {v for fields in FACT_SCHEMA.values() for spec in fields.values() for v in spec.values}
        self.texts = sorted(every)
        self.codes = {t: (i + 1) * TEXT_GAP for i, t in enumerate(self.texts)}
        self.slots: dict[str, Slot] = {}
        self.phantoms: dict[str, list[Slot]] = {}
        #: axioms to add when a (text) field is first read: (slot, field) → makers
        self.hooks: dict[tuple[str, str], list[Callable[[], list[z3.BoolRef]]]] = {}
        self._fresh = 0

    def approximate(self, why: str) -> z3.BoolRef:
        """A condition the vocabulary's fragment does not decide: a free Boolean (a superset)."""
        if why not in self.approximations:
            self.approximations.append(why)
        self._fresh += 1
        return z3.Bool(f"approx!{self._fresh}")

    def slot(
        self,
        name: str,
        kind: str,
        *,
        present: z3.BoolRef = TRUE,
        schema: str | None = None,
        aliases: dict[str, Slot] | None = None,
    ) -> Slot:
        s = Slot(self, name, kind, schema or kind, present)
        s.aliases = {f: other for f, other in (aliases or {}).items() if f in s.fields and f in other.fields}
        self.slots[name] = s
        s.materialise()
        return s

    def phantom(self, kind: str) -> Slot:
        """One more record of ``kind`` that may or may not exist."""
        n = sum(len(v) for v in self.phantoms.values())
        name = f"rec{n}"
        s = Slot(self, name, kind, kind, z3.Bool(f"{name}.exists"))
        self.info[f"{name}.exists"] = VarInfo(name, kind, "exists", None)
        self.phantoms.setdefault(kind, []).append(s)
        s.materialise()
        return s

    def code(self, text: str) -> z3.ArithRef | None:
        c = self.codes.get(text)
        return None if c is None else z3.IntVal(c)

    def text(self, code: int) -> str | None:
        """The literal a code stands for, or None for some other text."""
        if code % TEXT_GAP == 0 and 1 <= code // TEXT_GAP <= len(self.texts):
            return self.texts[code // TEXT_GAP - 1]
        return None


class Slot:
    """One symbolic fact. ``view`` makes a copy with some fields replaced (a choice's "what if")."""

    def __init__(
        self,
        sym: Symbols,
        name: str,
        kind: str,
        schema: str,
        present: z3.BoolRef,
        base: Slot | None = None,
        changes: dict[str, Val] | None = None,
    ) -> None:
        self.sym = sym
        self.name = name
        self.kind = kind
        self.schema = schema
        self.present = present
        self.base = base
        self.changes = changes or {}
        self._vals: dict[str, Val] = {}
        #: fields read from another slot (a holding's cadre is its candidacy's cadre)
        self.aliases: dict[str, Slot] = {}

    @property
    def fields(self) -> dict[str, FieldSpec]:
        return FACT_SCHEMA.get(self.schema, {})

    def view(self, present: z3.BoolRef | None = None, **changes: Any) -> Slot:
        vals = {}
        for k, v in changes.items():
            old = self.get(k)
            vals[k] = v if isinstance(v, Val) else Val(v, TRUE, old.type if old is not None else "int")
        root = self.base or self
        merged = {**self.changes, **vals}
        return Slot(
            self.sym, self.name, self.kind, self.schema, self.present if present is None else present, root, merged
        )

    def materialise(self) -> None:
        """Create every non-text field now, with the axioms tying fields of this fact together."""
        for name, spec in sorted(self.fields.items()):
            if spec.type != "str":
                self.get(name)
        self.sym.axioms += kind_axioms(self)

    def var_name(self, f: str) -> str:
        return f"{self.name}.{f}"

    def get(self, f: str) -> Val | None:
        if f in self.changes:
            return self.changes[f]
        if self.base is not None:
            return self.base.get(f)
        if f in self._vals:
            return self._vals[f]
        if f in self.aliases:
            return self.aliases[f].get(f)
        val = self._make(f)
        if val is not None:
            self._vals[f] = val
            for hook in self.sym.hooks.get((self.name, f), ()):
                self.sym.axioms += hook()
        return val

    def set(self, f: str, val: Val) -> None:
        """Define a field by a term (a derived field of the world, e.g. planned_same_or_higher)."""
        assert self.base is None
        self._vals[f] = val

    def _make(self, f: str) -> Val | None:
        spec = self.fields.get(f)
        sym = self.sym
        name = self.var_name(f)
        if spec is None:
            share = share_of(f)
            if share is None or share.of not in self.fields:
                return None
            count, den = self.get(share.of), self.get(share.over)
            if count is None or den is None or count.type != "int" or den.type != "int":
                return None
            b = z3.Bool(name)
            sym.info[name] = VarInfo(self.name, self.kind, f, None)
            n, d = share.threshold.numerator, share.threshold.denominator
            lhs, rhs = count.expr * d, den.expr * n
            cmp = {"lt": lhs < rhs, "le": lhs <= rhs, "gt": lhs > rhs, "ge": lhs >= rhs}[share.op]
            defined = conj(count.known, den.known, den.expr > 0)
            sym.axioms.append(z3.Implies(defined, b == cmp))
            return Val(b, defined, "bool")
        always = f in ALWAYS.get(self.schema, frozenset()) if self.schema in ALWAYS else False
        known: z3.BoolRef = TRUE if always else z3.Bool(name + "?")
        if not always:
            sym.info[name + "?"] = VarInfo(self.name, self.kind, f, None)
        sym.info[name] = VarInfo(self.name, self.kind, f, spec)
        ax = sym.axioms
        if self.schema == "unit" and f == "date":
            sym.info["day"] = VarInfo(self.name, self.kind, f, spec)
            return Val(sym.day, TRUE, "date")
        if spec.type == "bool":
            return Val(z3.Bool(name), known, "bool")
        v = z3.Int(name)
        if spec.type == "str":
            ax += [v >= 1]
            return Val(v, known, "str")
        if spec.type == "enum":
            ax += [v >= 0, v < len(spec.values)]
            return Val(v, known, "enum", spec.values)
        if spec.type == "date":
            ax += [v >= DAY_MIN, v <= DAY_MAX]
            return Val(v, known, "date")
        lo, hi = _BOUNDED.get(f, (0, MAX_COUNT))
        ax += [v >= lo, v <= hi]
        return Val(v, known, "int")

    # shorthands for worlds and realisers
    def e(self, f: str) -> Any:
        val = self.get(f)
        assert val is not None, (self.kind, f)
        return val.expr

    def k(self, f: str) -> z3.BoolRef:
        val = self.get(f)
        assert val is not None, (self.kind, f)
        return val.known

    def enum(self, f: str, value: str) -> z3.BoolRef:
        val = self.get(f)
        assert val is not None and value in val.values, (f, value)
        return conj(val.known, val.expr == val.values.index(value))


def kind_axioms(s: Slot) -> list[z3.BoolRef]:
    """What one real fact of the kind obeys, beyond each field's own range (factset.build_facts)."""
    out: list[z3.BoolRef] = []
    f = s.fields
    if s.schema == "title":
        out += [s.e("external_candidate_count") <= s.e("candidate_count"), s.e("holder_count") <= s.e("seats")]
    if s.schema == "candidacy":
        lb = s.get("levels_below")
        if lb is not None:
            out += [
                z3.Implies(s.e("incumbent"), conj(lb.known, lb.expr == 0)),
                z3.Implies(lb.known, conj(s.e("level") + lb.expr >= 1, s.e("level") + lb.expr <= 20)),
            ]
        if "planned_one_level_below" in f:
            out.append(z3.Implies(s.e("planned_one_level_below"), s.e("level") <= 19))
    if s.schema == "vote":
        yes, con = s.get("yes"), s.get("convened")
        pre, val = s.get("present"), s.get("valid")
        if yes and con:
            out.append(yes.expr <= con.expr)
            for mid in (pre, val):
                if mid is not None:
                    out.append(z3.Implies(mid.known, conj(yes.expr <= mid.expr, mid.expr <= con.expr)))
        if pre and val:
            out.append(z3.Implies(conj(pre.known, val.known), val.expr <= pre.expr))
    if s.schema == "matter" and "cadre" in f:
        out += [
            z3.Implies(s.enum("matter", "planning"), s.e("in_dossier")),
            s.k("cadre") == s.enum("matter", "appointment"),
        ]
    if s.schema == "consultation" and "requested" in f:
        out.append(s.e("requested"))
    if s.schema == "confidence_vote":
        out += _count_chain(s, ("valid", "present", "convened"))
        parts = [s.get(x) for x in ("high", "medium", "low")]
        valid = s.get("valid")
        if valid is not None and all(p is not None for p in parts):
            out.append(z3.Implies(valid.known, valid.expr == z3.Sum([p.expr for p in parts if p])))
        level, ph, ps, planned = (s.get(x) for x in ("level", "planned_higher", "planned_same_or_higher", "planned"))
        if level and ph and ps and planned:  # "higher" needs the current rung: all three known together
            out += [
                ph.known == level.known,
                ps.known == level.known,
                z3.Implies(conj(ph.known, ph.expr), conj(ps.expr, level.expr >= 2)),
                z3.Implies(conj(ps.known, ps.expr), planned.expr),
                z3.Implies(conj(level.known, planned.expr, neg(ps.expr)), level.expr <= 19),
            ]
        title = s.fields.get("title")
        if title is not None and level is not None:
            t = s.get("title")
            assert t is not None
            out.append(z3.Implies(t.known, level.known))
    if s.schema == "cadre_plan" and "titles_planned" in f:
        out.append(s.e("titles_planned") >= 1)
    return out


def _count_chain(s: Slot, names: tuple[str, ...]) -> list[z3.BoolRef]:
    vals = [s.get(n) for n in names]
    out = []
    for a, b in itertools.pairwise(vals):
        if a is not None and b is not None:
            out.append(z3.Implies(conj(a.known, b.known), a.expr <= b.expr))
    return out
