"""Witness proposals: a z3 model turned into a complete, schema-valid proposal file, then replayed.

z3 is asked for a model that reads like a real dossier (``nice_model``); a realiser (``realise``)
builds the proposal it describes and ``replay`` checks it shows the clash; on a failed replay z3 is
asked for another model, a few times. ``write`` saves the witness as a YAML file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
import z3
from pydantic import ValidationError

from hiepy_rules.analysis.formulas import disj, neg
from hiepy_rules.analysis.questions import Hit
from hiepy_rules.analysis.realise import Realiser, TopTooLow, Unrealisable
from hiepy_rules.analysis.region import read_fields
from hiepy_rules.analysis.replay import replay
from hiepy_rules.analysis.terms import const_name, constants_of
from hiepy_rules.load.ruleset import RuleSet


@dataclass
class Witness:
    data: dict[str, Any] | None
    confirmed: bool
    note: str = ""


def nice_model(hit: Hit, extra: list[z3.BoolRef]) -> z3.ModelRef | None:
    """A model that reads like a real dossier: heads at level 1, deputies at level 2, small numbers."""
    w = hit.world
    opt = z3.Optimize()
    opt.set("timeout", 5_000)
    opt.add(*w.sym.axioms, *w.top_axioms, *w.extra, hit.goal, *extra)
    for s in [*w.real.values(), *(p for ps in w.sym.phantoms.values() for p in ps)]:
        if "role" in s.fields and "level" in s.fields:
            role, level = s.get("role"), s.get("level")
            assert role is not None and level is not None
            for i, want in ((0, 1), (1, 2)):
                opt.add_soft(z3.Implies(role.expr == i, level.expr == want), weight=2)
            opt.add_soft(z3.Implies(role.expr == 2, level.expr >= 3))
    for s in w.real.values():  # a proposal says planning and appointment matters, no other kind
        m = s._vals.get("matter")
        if m is not None and m.type == "enum":
            sayable = [i for i, v in enumerate(m.values) if v in ("planning", "appointment")]
            if sayable:
                opt.add_soft(disj([m.expr == i for i in sayable]), weight=3)
    if "candidacy" in w.real:  # the report's own case: an incumbent planned again
        opt.add_soft(w.real["candidacy"].present)
        opt.add_soft(z3.Bool("holding.same_title"))
    ints = [
        v.expr for s in [w.unit, *w.real.values()] for v in s._vals.values() if v.type == "int" and z3.is_const(v.expr)
    ]
    if w.top is not None:
        opt.minimize(w.top)
    if ints:
        opt.minimize(z3.Sum(ints))
    # last, a canonical model: every yes/no left free by the above is "no" (an absent request, an
    # unmarked flag), so the same question gives the same witness whatever z3 did before in the process
    bools = [
        v.expr for s in [w.unit, *w.real.values()] for v in s._vals.values() if v.type == "bool" and z3.is_const(v.expr)
    ]
    for b in bools:
        opt.add_soft(neg(b), weight=1, id="canonical")
    if opt.check() != z3.sat:
        return None
    return opt.model()


def witness(
    hit: Hit,
    rs: RuleSet,
    resolve: Callable[[list[z3.BoolRef]], z3.ModelRef | None],
    confirm: Callable[[dict[str, Any]], bool] | None = None,
    pid: str | None = None,
) -> Witness:
    """Build and replay a witness; on a failed replay, ask z3 for another model (a few times).
    ``confirm``: the replay (default: ``check`` shows the clash)."""
    extra: list[z3.BoolRef] = []
    note = ""
    for _ in range(5):
        model = nice_model(hit, extra) or resolve(extra)
        if model is None:
            break
        r = Realiser(hit, model, rs)
        try:
            data = r.build(pid or witness_id(hit), _read(hit))
            if confirm(data) if confirm is not None else replay(hit, data, rs):
                return Witness(data, True)
            note = "replay did not show the clash"
        except TopTooLow as exc:  # other packs' numbers widen the runtime's plan-size domain
            assert hit.world.top is not None
            extra.append(hit.world.top >= exc.have)
            note = str(exc)
            continue
        except Unrealisable as exc:
            note = str(exc)
        except ValidationError as exc:
            note = f"invalid proposal: {exc.errors()[0]['msg']}"
        extra.append(_blocking(r, hit))
    return Witness(None, False, note)


def _blocking(r: Realiser, hit: Hit) -> z3.BoolRef:
    """Not this model again: differ in some variable of the world's own facts."""
    vs = [v for _, v in sorted(constants_of(hit.goal).items(), key=lambda kv: const_name(kv[1]))]
    if hit.world.top is not None:
        vs.append(hit.world.top)
    return disj([v != r.m.eval(v, model_completion=True) for v in vs]) if vs else z3.BoolVal(False)


def _read(hit: Hit) -> set[tuple[str, str]]:
    return read_fields(hit)


def witness_id(hit: Hit) -> str:
    return "mau-" + "--".join([hit.kind.replace("_", "-"), *(p.replace(".", "-") for p in hit.provisions)])


def file_name(hit: Hit) -> str:
    return "--".join([hit.kind, *hit.provisions]) + ".yaml"


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def write(path: Path, data: dict[str, Any], header: list[str]) -> None:
    text = "".join(f"# {line}\n" for line in header)
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
