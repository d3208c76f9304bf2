"""The caches and shortcuts behind the speed targets give what the plain computation gives."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from hiepy_rules.compile import compiler as compile_mod
from hiepy_rules.compile.compiler import program_for
from hiepy_rules.compile.factset import build_facts, unit_fact
from hiepy_rules.compile.ladder import Ladder
from hiepy_rules.compile.logic import RecordIndex
from hiepy_rules.load.packs import load_rules
from hiepy_rules.load.ruleset import Pack
from hiepy_rules.load.validate import validate
from hiepy_rules.load.yamlio import load, loads
from hiepy_rules.schema.proposal import Proposal
from tests.helpers import DOSSIER, bundled_rules, run
from tests.test_batch import gen


def _dossier() -> Proposal:
    return validate(Proposal, load(DOSSIER))


def test_programs_are_cached_per_stretch_of_days_and_match_a_fresh_compile() -> None:
    rs = load_rules()
    unit = unit_fact(_dossier())
    bounds = compile_mod._programs(rs).bounds
    assert len(bounds) >= 4
    for lo, hi in itertools.pairwise(bounds):
        a = program_for(rs, lo, unit)
        assert program_for(rs, hi - dt.timedelta(days=1), unit) is a  # same stretch: the same object
        assert a.provisions == compile_mod._program(rs, lo, unit).provisions
        assert program_for(rs, hi, unit).provisions == compile_mod._program(rs, hi, unit).provisions
    early = program_for(rs, bounds[0] - dt.timedelta(days=1), unit)
    assert early.provisions == ()


def test_a_rule_set_changed_in_place_gets_a_new_program() -> None:
    rs = load_rules()
    unit = unit_fact(_dossier())
    day = dt.date(2012, 9, 1)
    before = program_for(rs, day, unit)
    qt = next(i for i, p in enumerate(rs.packs) if p.id == "quang-tri-2012")
    old = rs.packs[qt]
    settings = {**old.manifest.settings}
    name = next(iter(settings))
    settings[name] = settings[name].model_copy(update={"value": None})  # unset a local setting
    rs.packs[qt] = Pack(old.manifest.model_copy(update={"settings": settings}), old.manifest_doc, old.directory)
    rs.packs[qt].provisions = old.provisions
    after = program_for(rs, day, unit)
    assert after is not before
    assert any(cp.unconfigured for cp in after.provisions) and not any(cp.unconfigured for cp in before.provisions)
    rs.packs.pop(qt)
    assert not any(cp.pack == "quang-tri-2012" for cp in program_for(rs, day, unit).provisions)


def test_scope_picks_the_program_a_unit_of_another_ministry_gets_fewer_packs() -> None:
    rs = bundled_rules()
    p = _dossier()
    other = p.model_copy(update={"unit": p.unit.model_copy(update={"ministry": "Bộ Y tế"})})
    mine, theirs = program_for(rs, p.date, unit_fact(p)), program_for(rs, p.date, unit_fact(other))
    assert {cp.pack for cp in theirs.provisions} < {cp.pack for cp in mine.provisions}
    assert theirs.provisions == compile_mod._program(rs, p.date, unit_fact(other)).provisions


def _facts(seed: int) -> list[dict[str, Any]]:
    return build_facts(validate(Proposal, loads(gen.proposal(12, 40, seed=seed), f"s{seed}.yaml")))


def test_an_index_with_facts_replaced_answers_as_an_index_built_afresh() -> None:
    for seed in range(5):
        rnd = random.Random(seed)
        facts = _facts(seed)
        base = RecordIndex(facts)
        by_id = {f["id"]: f for f in facts}
        changed: dict[str, dict[str, Any] | None] = {}
        for f in rnd.sample(facts, 6):
            if rnd.random() < 0.4:
                changed[f["id"]] = None  # removed
            else:
                g = dict(f)
                for k in ("cadre", "title", "level"):
                    if k in g and rnd.random() < 0.5:
                        g[k] = rnd.choice([f2[k] for f2 in facts if k in f2])
                changed[f["id"]] = g
        new = {"id": "candidacy:extra:x", "type": "candidacy", "title": facts[1].get("title", "t"), "cadre": "x"}
        changed[new["id"]] = new
        fresh_facts = [g for g in ({**by_id, **changed}).values() if g is not None]
        fresh = RecordIndex(fresh_facts)
        over = base.replacing(changed)
        for kind in ("candidacy", "holding", "vote", "title"):
            for keys in (("cadre",), ("title",), ("cadre", "title")):
                values = {
                    tuple(g[k] for k in keys) for g in fresh_facts if g["type"] == kind and all(k in g for k in keys)
                }
                for v in values:
                    got = sorted(g["id"] for g in over.matching(kind, keys, v))
                    assert got == sorted(g["id"] for g in fresh.matching(kind, keys, v))
        assert {k: sorted(g["id"] for g in v) for k, v in over.by_kind.items() if v} == {
            k: sorted(g["id"] for g in v) for k, v in fresh.by_kind.items() if v
        }


def _planned_same_or_higher(p: Proposal, cid: str, overrides: dict[str, bool]) -> bool:
    """The definition, title by title (facts.Ladder answers it from each cadre's plans)."""
    held = next((t for t in p.titles if cid in t.holders), None)
    if held is None:
        return False
    return any(overrides.get(t.id, cid in t.candidates) and t.level <= held.level for t in p.titles)


def test_planned_same_or_higher_matches_its_definition_with_and_without_what_ifs() -> None:
    for seed in range(6):
        p = validate(Proposal, loads(gen.proposal(14, 45, seed=seed), "p.yaml"))
        lad = Ladder(p)
        rnd = random.Random(seed)
        for c in p.cadres:
            assert lad.planned_same_or_higher(c.id) == _planned_same_or_higher(p, c.id, {})
            overrides = {rnd.choice(p.titles).id: rnd.random() < 0.5 for _ in range(2)}
            assert lad.planned_same_or_higher(c.id, overrides) == _planned_same_or_higher(p, c.id, overrides)


def test_citations_are_shared_between_findings_and_checks() -> None:
    a, b = run(DOSSIER), run(DOSSIER)
    refs = {id(d) for r in (a, b) for f in r.findings for d in f.documents}
    assert len(refs) == len({d.provision for f in a.findings for d in f.documents})


def test_share_thresholds_compare_exactly_as_fractions_do() -> None:
    from fractions import Fraction

    from hiepy_rules.compile.facts import ShareMeasure

    for op in ("lt", "le", "gt", "ge"):
        for threshold in (Fraction(0), Fraction(1, 2), Fraction(2, 3), Fraction(1)):
            m = ShareMeasure(op, threshold, "convened")  # type: ignore[arg-type]
            for count, denominator in itertools.product(range(-3, 9), range(-4, 10)):
                if not denominator:
                    assert m.value(count, denominator) is None
                    continue
                share = Fraction(count, denominator)
                expected = {"lt": share < threshold, "le": share <= threshold, "gt": share > threshold}.get(
                    op, share >= threshold
                )
                assert m.value(count, denominator) is expected, (op, threshold, count, denominator)


def test_a_permission_is_not_worded_only_reported_outcomes_are(monkeypatch: Any) -> None:
    """Most outcomes of a large proposal are permissions (1,739 of 2,171 on the 200 × 1,000 one);
    ``finding_for`` returns no finding for them, and now builds none of its words first."""
    from hiepy_rules.compile.factset import fact_paths
    from hiepy_rules.engine import get_engine
    from hiepy_rules.findings import build as build_mod
    from hiepy_rules.findings.explain import Context
    from hiepy_rules.findings.model import OUTCOME_KIND

    rs = bundled_rules()
    p = validate(Proposal, loads(gen.proposal(12, 40, seed=0), "s0.yaml"))
    program = program_for(rs, p.date, unit_fact(p))
    facts = build_facts(p, program.shares)
    result = get_engine("python").run(program, facts)
    ctx = Context(p, None, "s0.yaml", rs, program, {f["id"]: dict(f) for f in facts}, fact_paths(p), result, p.date)
    worded: list[str] = []
    why = build_mod._why
    monkeypatch.setattr(build_mod, "_why", lambda c, cp, fid: worded.append(cp.id) or why(c, cp, fid))
    kinds = [outcome for _, outcome, _ in result.outcomes]
    assert "permitted" in kinds and set(kinds) - {"permitted"}  # both kinds, so the count below says something
    found = [build_mod.finding_for(ctx, pid, outcome, fid) for pid, outcome, fid in result.outcomes]
    reported = [o for o in result.outcomes if o[1] in OUTCOME_KIND]
    assert [f is not None for f in found] == [o[1] in OUTCOME_KIND for o in result.outcomes]
    assert len(worded) == len(reported)


def test_the_largest_plan_size_from_the_fact_that_capped_it_is_the_one_read_afresh() -> None:
    """``conflicts._top`` with a re-check's memo looks first at the fact that reached the cap last
    time; whether that fact still does, or no longer does, or is gone, the answer is the plain one."""
    from types import SimpleNamespace

    from hiepy_rules.findings.clash_memo import ClashMemo
    from hiepy_rules.findings.conflicts import PLAN_SIZE_CAP, _top

    rng = random.Random(7)
    capped = 0
    for _ in range(300):
        program: Any = SimpleNamespace(largest_int=rng.choice([0, 3, 12, 70]))
        memo = ClashMemo()
        facts = {f"f{i}": {"type": "title", "n": rng.randrange(-5, 80), "ok": True} for i in range(8)}
        for _ in range(5):  # an earlier check, then re-checks that change, add and drop facts
            got = _top(facts, program, memo)
            assert got == _top(facts, program)
            capped += got == PLAN_SIZE_CAP and memo.capped_by is not None
            facts = dict(facts)
            for fid in rng.sample(sorted(facts), 2):
                facts[fid] = {**facts[fid], "n": rng.randrange(-5, 80), "m": rng.choice([True, 2, None])}
            facts[f"g{rng.randrange(3)}"] = {"type": "vote", "yes": rng.randrange(0, 70)}
            if memo.capped_by in facts and rng.random() < 0.3:
                del facts[memo.capped_by]
    assert capped > 100  # the memo was used, not only the plain walk


def _walk_reference(data: Any, path: tuple[Any, ...]) -> list[tuple[Any, str, str]]:
    """``identifiers._walk`` as it was written first (a generator per level)."""
    from hiepy_rules.load.identifiers import ID_KEYS, NAME_KEYS

    out: list[tuple[Any, str, str]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            here = (*path, k)
            if isinstance(v, str) and k in ID_KEYS:
                out.append((here, "id", v))
            elif k in NAME_KEYS:
                if isinstance(v, str):
                    out.append((here, "name", v))
                elif isinstance(v, dict):
                    out.extend(((*here, lang), "name", t) for lang, t in v.items() if isinstance(t, str))
            else:
                out.extend(_walk_reference(v, here))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_walk_reference(v, (*path, i)))
    return out


# letters a look-alike check must tell apart: ASCII, Vietnamese, other Latin, Cyrillic and Greek
# look-alikes, combining marks, invisible and direction characters, fullwidth forms, odd spaces
_LOOKALIKE_CHARS = (
    "aAz09-_.:/ 'ăâđêôơưạảãàáằẳẵặắẩẫậầấịỉĩìíọỏõòóỵỷỹỳýĐÝßøæı"
    "аеорсΑΒοι\u0301\u0323\u0303\u200b\u200e\u00ad\ufeffＡ１\u00a0\u3000\t"
)


def test_look_alike_checks_take_shortcuts_that_find_what_the_plain_scan_finds() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from hiepy_rules.load import identifiers
    from tests.budget import examples

    @settings(max_examples=examples(400), deadline=None)
    @given(st.text(alphabet=_LOOKALIKE_CHARS, max_size=12), st.booleans())
    def same_answer(text: str, words: bool) -> None:
        assert identifiers.first_problem(text, words=words) == identifiers._scan(text, words)

    same_answer()
    keys = st.sampled_from(["id", "pack", "name", "vi", "en", "titles", "x"])
    leaves = st.one_of(st.text(alphabet="ab ă", max_size=3), st.integers(0, 3), st.none())
    trees = st.recursive(
        leaves,
        lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(keys, kids, max_size=4)),
        max_leaves=12,
    )

    @settings(max_examples=examples(400), deadline=None)
    @given(trees)
    def same_walk(data: Any) -> None:
        assert identifiers._walk(data, ()) == _walk_reference(data, ())

    same_walk()
    from tests.helpers import REPO

    for path in sorted(REPO.glob("examples/**/*.yaml")) + sorted(REPO.glob("rules/**/*.yaml")):
        data = load(path).data
        assert identifiers._walk(data, ()) == _walk_reference(data, ())


def _ordered_reference(yes: int, valid: int | None, present: int | None, convened: int) -> str | None:
    """``Vote._ordered`` as it was written first: the counts given, in order, compared pairwise."""
    chain = [("yes", yes), ("valid", valid), ("present", present), ("convened", convened)]
    known = [(n, v) for n, v in chain if v is not None]
    for (n1, v1), (n2, v2) in itertools.pairwise(known):
        if v1 > v2:
            return f"{n1} ({v1}) cannot exceed {n2} ({v2})"
    return None


def test_a_vote_s_counts_are_refused_exactly_when_and_as_the_pairwise_check_refuses_them() -> None:
    import pydantic

    from hiepy_rules.schema.procedure import Vote

    rng = random.Random(3)
    refused = 0
    for _ in range(2000):
        yes, convened = rng.randrange(0, 12), rng.randrange(0, 12)
        valid, present = (rng.choice([None, rng.randrange(0, 12)]) for _ in range(2))
        fields = {"yes": yes, "valid": valid, "present": present, "convened": convened}
        data = {"cadre": "c", "title": "t", "step": 1, "body": "key_cadre_conference"}
        data.update({k: v for k, v in fields.items() if v is not None})
        expected = _ordered_reference(yes, valid, present, convened)
        try:
            Vote.model_validate(data)
        except pydantic.ValidationError as exc:
            refused += 1
            assert expected is not None and expected in str(exc), (fields, str(exc))
        else:
            assert expected is None, fields
    assert 200 < refused < 1800  # both outcomes drawn often


def test_a_percentage_is_the_float_nearest_the_exact_share() -> None:
    from fractions import Fraction

    from hiepy_rules.findings.explain import percent

    rng = random.Random(11)
    pairs = [(c, d) for c in range(0, 40) for d in range(1, 40)]
    pairs += [(rng.randrange(0, 10**30), rng.randrange(1, 10**30)) for _ in range(3000)]
    pairs += [(rng.randrange(-50, 50), rng.randrange(-50, 0)) for _ in range(200)]  # not valid votes: as before
    for count, den in pairs:
        got, want = percent(count, den), float(Fraction(count, den) * 100)
        assert got == want and str(got) == str(want), (count, den)


def _share_readings_reference(cp: Any, fact: dict[str, Any]) -> list[Any]:
    """``readings.share_readings`` as it was written first: every row made, kept when they disagree."""
    from fractions import Fraction

    from hiepy_rules.compile.facts import DENOMINATORS, ShareMeasure
    from hiepy_rules.findings.model import Reading, Words
    from hiepy_rules.schema import labels

    out: list[Any] = []
    for m in cp.shares:
        count = fact.get(m.of, 0)
        readings = DENOMINATORS[: DENOMINATORS.index(m.of)] if m.of in DENOMINATORS else DENOMINATORS
        rows = []
        for other in readings:
            den = fact.get(other)
            holds = ShareMeasure(m.op, m.threshold, other, m.of).value(count, den)
            if holds is None or not isinstance(den, int):
                continue
            label = Words(vi=labels.field(other, "vi"), en=labels.field(other, "en"))
            pct = round(float(Fraction(count, den) * 100), 1)
            rows.append(
                Reading(
                    over=other,
                    label=label,
                    count=count,
                    denominator=den,
                    percent=pct,
                    holds=holds,
                    provision_reading=other == m.over,
                )
            )
        if len({r.holds for r in rows}) > 1:
            out.extend(rows)
    return out


def test_a_share_s_readings_are_those_of_making_every_row() -> None:
    from hiepy_rules.findings.readings import share_readings

    rs = bundled_rules()
    p = validate(Proposal, loads(gen.proposal(12, 40, seed=1), "s1.yaml"))
    program = program_for(rs, p.date, unit_fact(p))
    with_shares = [cp for cp in program.provisions if cp.shares]
    assert with_shares
    rng = random.Random(5)
    shown = 0
    for _ in range(1500):
        cp = rng.choice(with_shares)
        convened = rng.randrange(0, 30)
        fact: dict[str, Any] = {"convened": convened, "yes": rng.randrange(0, 30), "low": rng.randrange(0, 30)}
        for key in ("present", "valid"):
            if rng.random() < 0.8:
                fact[key] = rng.choice([rng.randrange(0, 30), rng.randrange(0, 30), None])
        got = share_readings(cp, fact)
        assert got == _share_readings_reference(cp, fact), (cp.id, fact)
        shown += bool(got)
    assert 50 < shown < 1450  # readings shown and not shown, both often


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing: every lookup computes afresh."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def test_the_words_findings_share_within_a_check_are_those_made_afresh_for_each() -> None:
    """``Context.shared`` keeps a provision's name, version, required words, issuer and pack scope for
    every finding of the check that uses them: the findings equal those made without it."""
    from hiepy_rules.compile.factset import fact_paths
    from hiepy_rules.engine import get_engine
    from hiepy_rules.findings import build as build_mod
    from hiepy_rules.findings import conflicts
    from hiepy_rules.findings.explain import Context

    rs = bundled_rules()
    shared: set[str] = set()
    for seed, path in ((2, None), (None, DOSSIER)):
        text = gen.proposal(20, 60, seed=seed) if seed is not None else DOSSIER.read_text(encoding="utf-8")
        p = validate(Proposal, loads(text, "p.yaml"))
        program = program_for(rs, p.date, unit_fact(p))
        facts = build_facts(p, program.shares)
        result = get_engine("python").run(program, facts)
        clashes = conflicts.find(p, facts, program, set(result.outcomes))
        made = [
            Context(p, None, "p.yaml", rs, program, {f["id"]: dict(f) for f in facts}, fact_paths(p), result, p.date)
            for _ in range(2)
        ]
        kept, afresh = made
        afresh.shared = _Forgetful()
        found = build_mod.build(kept, clashes)
        assert found == build_mod.build(afresh, clashes)
        assert len(found) > 5 and not afresh.shared
        kinds = {"name", "version", "required", "scope", "atoms", "location", "label"}
        assert {k[0] for k in kept.shared} >= kinds, path
        shared |= {k[0] for k in kept.shared}
    assert {"side", "precedence", "issuer"} <= shared  # conflicts among the findings too


def test_a_choice_s_kinds_are_those_of_the_facts_it_watches() -> None:
    """``Choice.kinds`` is set when the choice is made; which provisions read the choice is looked up by
    it. It must be the kinds of the watched facts the proposal has (a membership: both of its kinds)."""
    from hiepy_rules.findings.conflicts import _MEMBERSHIP_KINDS, _choices

    rs = bundled_rules()
    seen: set[str] = set()
    texts = [gen.proposal(10, 30, seed=s) for s in range(6)] + [DOSSIER.read_text(encoding="utf-8")]
    for text in texts:
        p = validate(Proposal, loads(text, "p.yaml"))
        program = program_for(rs, p.date, unit_fact(p))
        facts = {f["id"]: f for f in build_facts(p, program.shares)}
        for choice in _choices(p, facts, program):
            seen.add(choice.name)
            if choice.name == "membership":
                assert choice.kinds == _MEMBERSHIP_KINDS
                continue
            assert choice.kinds == frozenset(facts[w]["type"] for w in choice.watch if w in facts), choice.key
    assert seen >= {"plan_size", "membership", "proceeds", "nomination"}


def test_choices_asked_by_shape_or_key_are_those_of_all_the_choices() -> None:
    """``find`` makes only the choices two obligations read (``wanted``), and a withdrawn permission's
    choices by key (``keys``): each must be exactly the matching choices of all of them, in order."""
    from hiepy_rules.findings.conflicts import _choices

    rs = bundled_rules()
    texts = [gen.proposal(10, 30, seed=s) for s in range(4)] + [DOSSIER.read_text(encoding="utf-8")]
    for text in texts:
        p = validate(Proposal, loads(text, "p.yaml"))
        program = program_for(rs, p.date, unit_fact(p))
        facts = {f["id"]: f for f in build_facts(p, program.shares)}
        every = list(_choices(p, facts, program))
        names = sorted({c.name for c in every})
        for skipped in [*names, "plan_size-deputy"]:

            def wanted(name: str, fields: frozenset[str], kinds: frozenset[str], skipped: str = skipped) -> bool:
                if skipped == "plan_size-deputy":
                    return not (name == "plan_size" and "deputies_planned" in fields)
                return name != skipped

            some = [(c.key, c.name, c.fields, c.current) for c in _choices(p, facts, program, wanted=wanted)]
            want = [(c.key, c.name, c.fields, c.current) for c in every if wanted(c.name, c.fields, c.kinds)]
            assert some == want and len(some) < len(every), skipped
        keys = {c.key for c in every[::3]} | {"unit", "title:nowhere"}
        by_key = [c.key for c in _choices(p, facts, program, keys=keys)]
        assert by_key == [c.key for c in every if c.key in keys] and len(by_key) >= len(every) // 3


def test_the_text_report_s_control_characters_are_unicode_s_category_cc_but_the_line_feed() -> None:
    """``report.text`` finds control characters with one regular expression (rich would drop or expand
    them); it matches exactly the characters whose category is Cc, the line feed aside, on every code point."""
    import sys
    import unicodedata

    from hiepy_rules.report.text import _CONTROL

    expected = {c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cc"} - {"\n"}
    found = {c for c in map(chr, range(sys.maxunicode + 1)) if _CONTROL.search(c)}
    assert found == expected
    assert _CONTROL.search("tên\tđơn vị") and not _CONTROL.search("Cục Thuế tỉnh Quảng Trị\n")
