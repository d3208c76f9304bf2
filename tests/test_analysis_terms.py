"""The analysis builds and reads z3 terms through z3's C API (``formulas``, ``terms``), for speed.
Each helper is held here to what z3's own Python functions give, on drawn terms and on every term
the bundled packs' analysis asks about."""

from __future__ import annotations

import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from hiepy_rules.analysis import terms
from hiepy_rules.analysis.formulas import conj, disj, neg
from hiepy_rules.analysis.terms import bool_atoms, const_name, constants_of, has_quantifier
from tests.budget import examples

# --- references: the same readings through z3's Python objects ------------------------------------


def ref_constants(e: z3.ExprRef) -> dict[int, str]:
    out: dict[int, str] = {}
    todo, seen = [e], set()
    while todo:
        x = todo.pop()
        if x.get_id() in seen:
            continue
        seen.add(x.get_id())
        if z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out[x.get_id()] = str(x)
        elif z3.is_app(x):
            todo.extend(x.children())
        elif z3.is_quantifier(x):
            todo.append(x.body())
    return out


def ref_atoms(e: z3.ExprRef) -> set[int]:
    out: set[int] = set()
    todo = [e]
    while todo:
        x = todo.pop()
        if z3.is_and(x) or z3.is_or(x) or z3.is_not(x) or z3.is_implies(x) or (z3.is_eq(x) and z3.is_bool(x.arg(0))):
            todo.extend(x.children())
        elif z3.is_bool(x) and not (z3.is_true(x) or z3.is_false(x)):
            out.add(x.get_id())
    return out


def ref_has_quantifier(e: z3.ExprRef) -> bool:
    todo = [e]
    while todo:
        x = todo.pop()
        if z3.is_quantifier(x):
            return True
        if z3.is_app(x):
            todo.extend(x.children())
    return False


# --- drawn terms ------------------------------------------------------------------------------------

NAMES = ["a", "b", "title.role", "cadre.age?", "x!a", "tên cán bộ", "|q|", "k!0", "top"]
INTS = [z3.Int(n) for n in NAMES]
BOOLS = [z3.Bool(n + "_b") for n in NAMES]


def _ints() -> st.SearchStrategy[z3.ArithRef]:
    leaf = st.one_of(st.sampled_from(INTS), st.integers(-3, 3).map(z3.IntVal))
    return st.recursive(leaf, lambda k: st.tuples(k, k).map(lambda p: p[0] + p[1]), max_leaves=4)


def _bools() -> st.SearchStrategy[z3.BoolRef]:
    cmp = st.tuples(_ints(), _ints(), st.sampled_from(["<", "==", ">="])).map(
        lambda t: t[0] < t[1] if t[2] == "<" else t[0] == t[1] if t[2] == "==" else t[0] >= t[1]
    )
    leaf = st.one_of(st.sampled_from(BOOLS), cmp, st.sampled_from([z3.BoolVal(True), z3.BoolVal(False)]))

    def grow(k: st.SearchStrategy[z3.BoolRef]) -> st.SearchStrategy[z3.BoolRef]:
        return st.one_of(
            st.lists(k, max_size=4).map(z3.And),
            st.lists(k, max_size=4).map(z3.Or),
            k.map(z3.Not),
            st.tuples(k, k).map(lambda p: z3.Implies(*p)),
            st.tuples(k, k).map(lambda p: p[0] == p[1]),
            st.tuples(k, st.sampled_from(INTS)).map(lambda p: z3.ForAll([p[1]], p[0])),
            st.tuples(k, st.sampled_from(INTS)).map(lambda p: z3.Exists([p[1]], p[0])),
        )

    return st.recursive(leaf, grow, max_leaves=10)


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(_bools(), max_size=5))
def test_conj_disj_neg_build_z3_s_own_terms(xs: list[z3.BoolRef]) -> None:
    # the same AST (z3 shares equal terms), given as several arguments, one list, a tuple or an iterator
    assert conj(*xs).get_id() == z3.And(*xs).get_id()
    assert conj(xs).get_id() == z3.And(xs).get_id()
    assert conj(tuple(xs)).get_id() == z3.And(tuple(xs)).get_id()
    assert conj(iter(xs)).get_id() == z3.And(*xs).get_id()
    assert disj(*xs).get_id() == z3.Or(*xs).get_id()
    assert disj(xs).get_id() == z3.Or(xs).get_id()
    for x in xs:
        assert neg(x).get_id() == z3.Not(x).get_id()
        assert isinstance(neg(x), z3.BoolRef)


def test_what_is_not_a_term_goes_to_z3_s_own_functions() -> None:
    p = z3.Bool("p")
    assert conj(p, True).get_id() == z3.And(p, True).get_id()
    assert disj(False, p).get_id() == z3.Or(False, p).get_id()
    assert neg(True).get_id() == z3.Not(True).get_id()
    assert conj().get_id() == z3.And().get_id()
    assert disj([]).get_id() == z3.Or([]).get_id()
    other = z3.Context()
    q = z3.Bool("q", other)
    assert conj(q, q).ctx is other


@settings(max_examples=examples(100), deadline=None)
@given(_bools())
def test_readings_agree_with_z3_s_python_objects(e: z3.BoolRef) -> None:
    terms._VARS.clear()
    got = constants_of(e)
    assert {k: str(v) for k, v in got.items()} == ref_constants(e)
    assert {k: const_name(v) for k, v in got.items()} == ref_constants(e)
    assert {x.get_id() for x in bool_atoms(e)} == ref_atoms(e)
    assert has_quantifier(e) == ref_has_quantifier(e)
    # a conjunction whose parts were read before reads the same (the walk reuses their answers)
    whole = z3.And(e, z3.Not(e), BOOLS[0])
    assert {k: str(v) for k, v in constants_of(whole).items()} == ref_constants(whole)


def test_readings_agree_on_every_region_of_the_bundled_packs() -> None:
    from hiepy_rules.analysis.symbolic import analyse
    from hiepy_rules.load.packs import load_rules

    _, res = analyse(load_rules(None))
    hits = [*res.conflicts, *res.sets, *res.contradictions]
    assert hits
    for h in hits:
        w = h.world
        for f in [h.goal, *w.sym.axioms, *w.extra, *w.top_axioms]:
            assert {k: str(v) for k, v in constants_of(f).items()} == ref_constants(f)
            assert {x.get_id() for x in bool_atoms(f)} == ref_atoms(f)
            assert has_quantifier(f) == ref_has_quantifier(f)
