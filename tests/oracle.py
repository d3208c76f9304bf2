"""An independent brute-force oracle for runtime conflicts (tests/test_conflicts_oracle.py, bench).

``conflicts.find`` patches *facts* one choice at a time and evaluates provisions with ``logic``.
The oracle shares none of that: it rewrites the *proposal* (a title's candidate list of every
length within bounds, each cadre in or out of a title's list, every nomination author), rebuilds
all facts with ``build_facts`` and runs the whole program through the python engine. Two
obligations conflict on a choice when each alone can be met by some value of it and no value
meets both (a provision "met" means: not violated on the facts the choice decides).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from hiepy_rules.compile.facts import FACT_SCHEMA
from hiepy_rules.compile.factset import build_facts
from hiepy_rules.compile.ir import Program
from hiepy_rules.engine.python import PythonEngine
from hiepy_rules.findings import conflicts
from hiepy_rules.schema.proposal import Proposal

#: candidate lists are tried up to this length (fresh in-house cadres pad the existing ones)
MAX_PLAN = 12
ENGINE = PythonEngine()

Verdict = tuple[str, str, frozenset[str]]  # (choice name, choice key, {provision a, provision b})


def obligation_provisions(rnd: random.Random, n: int) -> list[dict[str, Any]]:
    """Obligations over the fields the choices decide, so that conflicts are common."""
    out = []
    for i in range(n):
        kind = rnd.choice(["title", "title", "unit", "candidacy", "holding"])
        when: list[dict[str, Any]] = []
        if kind == "title":
            rule: dict[str, Any] = {
                "fact": "candidate_count",
                rnd.choice(["ge", "le", "eq", "ne", "lt", "gt"]): rnd.randint(0, 5),
            }
            if rnd.random() < 0.5:
                when.append({"fact": rnd.choice(["role", "key", "in_dossier", "level"])} | _eq_for(rnd, "title"))
        elif kind == "unit":
            if rnd.random() < 0.5:
                rule = {
                    "fact": "nomination_by",
                    rnd.choice(["eq", "ne"]): rnd.choice(FACT_SCHEMA["unit"]["nomination_by"].values),
                }
            else:
                rule = {"fact": "deputies_planned", rnd.choice(["ge", "le"]): rnd.randint(0, 4)}
        elif kind == "candidacy":
            rule = {
                "fact": rnd.choice(["eligible", "incumbent", "key", "can_serve_full_term"]),
                "eq": rnd.choice([True, False]),
            }
        else:
            rule = {"fact": "planned_same_or_higher", "eq": rnd.choice([True, False])}
        prov: dict[str, Any] = {
            "id": f"fz.O{i}",
            "name": {"vi": f"Nghĩa vụ {i}", "en": f"Obligation {i}"},
            "source": {"document": "2-QĐ/TU", "article": f"Điều {i}"},
            "text": {"vi": "lời văn", "en": "words"},
            "severity": "error",
            "subject": kind,
            rnd.choice(["must", "must", "must_not"]): rule,
        }
        if when:
            prov["when"] = when
        out.append(prov)
    return out


def _eq_for(rnd: random.Random, kind: str) -> dict[str, Any]:
    return {"eq": rnd.choice([True, False, 1, 2, "deputy", "head"])}


def _watched_outcomes(program: Program, data: dict[str, Any], watch: set[str] | None, keyfn: Any) -> set[str]:
    """Provisions violated, on this proposal, on the facts ``keyfn(facts)`` names."""
    proposal = Proposal.model_validate(data)
    facts = build_facts(proposal, program.shares)
    ids = keyfn(facts)
    result = ENGINE.run(program, facts)
    return {pid for pid, kind, fid in result.outcomes if kind == "violated" and fid in ids}


def _variants(data: dict[str, Any]) -> Iterator[tuple[str, str, list[tuple[Any, dict[str, Any]]], Any]]:
    """(choice name, choice key, [(value, proposal)], which fact ids it decides) per choice."""
    cadre_ids = [c["id"] for c in data["cadres"]]
    for ti, t in enumerate(data["titles"]):
        values: list[tuple[Any, dict[str, Any]]] = []
        pool = list(dict.fromkeys([*t["candidates"], *cadre_ids])) + [f"x{j}" for j in range(MAX_PLAN)]
        for k in range(MAX_PLAN + 1):
            d = _copy(data)
            d["titles"][ti]["candidates"] = pool[:k]
            known = set(cadre_ids)
            d["cadres"] += [{"id": x, "name": x, "source": "in_house"} for x in pool[:k] if x not in known]
            values.append((k, d))
        if t["role"] == "deputy" and sum(1 for u in data["titles"] if u["role"] == "deputy") == 1:
            yield "plan_size", f"title:{t['id']}", values, lambda fs, tid=t["id"]: {f"title:{tid}", "unit"}
        elif t["role"] != "deputy":
            yield "plan_size", f"title:{t['id']}", values, lambda fs, tid=t["id"]: {f"title:{tid}"}
        for cid in dict.fromkeys([*t["holders"], *t["candidates"]]):
            values = []
            for member in (False, True):
                d = _copy(data)
                cands = [c for c in t["candidates"] if c != cid]
                d["titles"][ti]["candidates"] = [*cands, cid] if member else cands
                values.append((member, d))

            def decided(fs: list[dict[str, Any]], tid: str = t["id"], cid: str = cid) -> set[str]:
                return {
                    f["id"]
                    for f in fs
                    if f.get("cadre") == cid
                    and (f["type"] == "holding" or (f["type"] == "candidacy" and f.get("title") == tid))
                }

            yield "membership", f"{t['id']}/{cid}", values, decided
    if data.get("nomination"):
        values = []
        for v in FACT_SCHEMA["unit"]["nomination_by"].values:
            d = _copy(data)
            d["nomination"] = {**d["nomination"], "drawn_up_by": v}
            values.append((v, d))
        yield "nomination", "unit", values, lambda fs: {"unit"}


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(data)


def oracle(data: dict[str, Any], program: Program) -> set[Verdict]:
    """Every (choice, pair of obligations) the brute force finds incompatible."""
    obligations = [cp.id for cp in program.provisions if cp.modality in ("must", "must_not") and not cp.unconfigured]
    out: set[Verdict] = set()
    for name, key, values, decided in _variants(data):
        broken = [_watched_outcomes(program, d, None, decided) for _, d in values]
        for i, a in enumerate(obligations):
            for b in obligations[i + 1 :]:
                meets_a = [a not in br for br in broken]
                meets_b = [b not in br for br in broken]
                if any(meets_a) and any(meets_b) and not any(x and y for x, y in zip(meets_a, meets_b, strict=True)):
                    out.add((name, key, frozenset({a, b})))
    return out


def runtime(data: dict[str, Any], program: Program) -> set[Verdict]:
    """The same verdicts from ``conflicts.find``, keyed the way the oracle keys them."""
    proposal = Proposal.model_validate(data)
    facts = build_facts(proposal, program.shares)
    result = ENGINE.run(program, facts)
    by_id = {f["id"]: f for f in facts}
    out: set[Verdict] = set()
    for clash in conflicts.find(proposal, facts, program, set(result.outcomes)):
        if clash.kind != "incompatible":
            continue
        key = clash.choice.key
        if clash.choice.name == "membership":
            cand = clash.choice.apply({}, True)[key] if key not in by_id else by_id[key]
            key = f"{cand['title']}/{cand['cadre']}"
        out.add((clash.choice.name, key, frozenset({clash.a.provision, clash.b.provision})))
    return out
