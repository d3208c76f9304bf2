"""Fuzzing material shared by the CI fuzz tests and the deep run (bench/fuzz_deep.py).

- ``rule_packs``: random but *valid* rules roots drawn from the provision vocabulary
  (``facts.FACT_SCHEMA``): a subject kind, field tests on its fields with values of the field's
  type, one modality, sometimes a setting; the registries of tests/conftest.py around them.
- ``mutate``: one structural mutation of a parsed document (wrong type, missing key, unknown key,
  dangling id, extreme number, odd Unicode, date out of range, control characters);
- ``garble``: one byte-level mutation of a file's text (NUL, BOM, truncation, a stray byte);
- ``run_command``: runs a ``hiepy`` command in-process and returns why it was not clean, if it
  was not: every command must end with exit 0, 1 or 2 and never an exception or a traceback.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import shutil
import textwrap
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from typer.testing import CliRunner

from hiepy_rules.compile.facts import FACT_SCHEMA, FieldSpec
from tests.conftest import AUTHORITIES, SOURCES

PACK_ID = "fz"

#: values that have broken parsers and validators elsewhere
ODD_STRINGS = [
    "",
    " ",
    "\u200b",  # zero-width space
    "\u202eRTL",  # right-to-left override
    "e\u0301",  # decomposed é (NFC-normalised on reading)
    "\ufeffbom-inside",
    "\U0001f600",
    "x" * 5000,
    "null",
    "~",
    "yes",
    "0x1F",
    "1e400",
    "-.inf",
    "2012-02-30",
    "9999-12-31",
    "0001-01-01",
    "../../etc/passwd",
    "__import__('os').system('touch PWNED')",
    "${HOME}",
    "\t",
    "Quảng Trị",
]
EXTREME_NUMBERS: list[Any] = [0, -1, -(2**63), 2**63, 10**30, 2**1000, 1.5, -0.0, 1e308, float("inf"), True, False]
ODD_DATES = ["0001-01-01", "9999-12-31", "2012-02-30", "2012-13-01", "1900-01-01", "20120101", "2012-1-1"]


def _value_for(spec: FieldSpec, rnd: random.Random) -> Any:
    if spec.type == "bool":
        return rnd.choice([True, False])
    if spec.type == "int":
        return rnd.randint(0, 6)
    if spec.type == "enum":
        return rnd.choice(spec.values)
    if spec.type == "date":
        return (dt.date(2008, 1, 1) + dt.timedelta(days=rnd.randint(0, 8000))).isoformat()
    return rnd.choice(["Quảng Trị", "Quảng Bình", "Bộ Tài chính", "t0", "c0"])


def _field_test(kind: str, rnd: random.Random, *, settings: list[str]) -> dict[str, Any]:
    fields = FACT_SCHEMA[kind]
    if kind != "unit" and rnd.random() < 0.15:  # a unit field from another subject
        name = rnd.choice(sorted(FACT_SCHEMA["unit"]))
        spec, ref = FACT_SCHEMA["unit"][name], f"unit.{name}"
    else:
        name = rnd.choice(sorted(fields))
        spec, ref = fields[name], name
    if spec.type in ("int", "date"):
        op = rnd.choice(["eq", "ne", "lt", "le", "gt", "ge"])
        if spec.type == "int" and settings and rnd.random() < 0.2:
            return {"fact": ref, op: {"setting": rnd.choice(settings)}}
        return {"fact": ref, op: _value_for(spec, rnd)}
    if spec.type == "enum" and rnd.random() < 0.4:
        op = rnd.choice(["in", "not_in"])
        return {"fact": ref, op: rnd.sample(list(spec.values), rnd.randint(1, len(spec.values)))}
    return {"fact": ref, rnd.choice(["eq", "ne"]): _value_for(spec, rnd)}


def _condition(kind: str, rnd: random.Random, depth: int, settings: list[str]) -> dict[str, Any]:
    r = rnd.random()
    if depth > 0 and r < 0.12:
        return {"all": [_condition(kind, rnd, depth - 1, settings) for _ in range(rnd.randint(1, 3))]}
    if depth > 0 and r < 0.24:
        return {"any": [_condition(kind, rnd, depth - 1, settings) for _ in range(rnd.randint(1, 3))]}
    if depth > 0 and r < 0.32:
        return {"not": _condition(kind, rnd, depth - 1, settings)}
    return _field_test(kind, rnd, settings=settings)


def random_provisions(rnd: random.Random, n: int, *, kinds: list[str] | None = None) -> list[dict[str, Any]]:
    """``n`` valid provisions of pack ``fz`` over the fact vocabulary (no records, no derivations)."""
    settings = ["limit"]
    out = []
    for i in range(n):
        kind = rnd.choice(kinds or sorted(FACT_SCHEMA))
        prov: dict[str, Any] = {
            "id": f"{PACK_ID}.P{i}",
            "name": {"vi": f"Quy định {i}", "en": f"Provision {i}"},
            "source": {"document": rnd.choice(["1-NQ/TW", "2-QĐ/TU"]), "article": f"Điều {i}"},
            "text": {"vi": "lời văn", "en": "words"},
            "severity": rnd.choice(["error", "warning", "info"]),
            "subject": kind,
        }
        if rnd.random() < 0.7:
            prov["when"] = [_condition(kind, rnd, 2, settings) for _ in range(rnd.randint(1, 2))]
        prov[rnd.choice(["must", "must", "must_not", "should", "may"])] = _condition(kind, rnd, 1, settings)
        out.append(prov)
    return out


def pack_manifest(rnd: random.Random) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "pack": PACK_ID,
        "name": {"vi": "Gói ngẫu nhiên", "en": "Random pack"},
        "issuer": rnd.choice(["province", "politburo"]),
        "in_force": {"from": "2008-01-01"},
        "settings": {"limit": {"value": rnd.randint(0, 5), "unit": "count"}},
    }
    return manifest


def dump(data: Any) -> str:
    """YAML text for ``data``: JSON (a subset of YAML), so that every value round-trips."""
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def write_root(root: Path, manifest: Any, provisions: Any, *, raw: dict[str, str] | None = None) -> Path:
    """A rules root at ``root``: the registries, ``fz/pack.yaml`` and ``fz/rules.yaml``."""
    (root / PACK_ID).mkdir(parents=True, exist_ok=True)
    files = {
        "authorities.yaml": textwrap.dedent(AUTHORITIES),
        "sources.yaml": textwrap.dedent(SOURCES),
        f"{PACK_ID}/pack.yaml": dump(manifest),
        f"{PACK_ID}/rules.yaml": dump({"provisions": provisions}),
        **(raw or {}),
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


# -- mutations ---------------------------------------------------------------------------------


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


def _odd_value(rnd: random.Random) -> Any:
    pick = rnd.random()
    if pick < 0.3:
        return rnd.choice(EXTREME_NUMBERS)
    if pick < 0.6:
        return rnd.choice(ODD_STRINGS) + ("\x01" if rnd.random() < 0.05 else "")
    if pick < 0.75:
        return rnd.choice(ODD_DATES)
    if pick < 0.85:
        return rnd.choice([None, [], {}, [None], {"x": 1}])
    return "nowhere"  # a dangling id wherever an id is expected


def mutate(data: Any, rnd: random.Random, times: int = 1) -> Any:
    """``data`` with ``times`` random structural mutations (a copy)."""
    data = copy.deepcopy(data)
    for _ in range(times):
        paths = _paths(data)
        path = rnd.choice(paths)
        if not path:
            data = _odd_value(rnd) if rnd.random() < 0.1 else data
            continue
        parent, key = _get(data, path[:-1]), path[-1]
        action = rnd.random()
        if action < 0.25 and isinstance(parent, dict):
            del parent[key]  # a missing key
        elif action < 0.35 and isinstance(parent, dict):
            parent[rnd.choice(["extra", "ID", "when ", "\u00a0id"])] = _odd_value(rnd)  # an unknown key
        elif action < 0.45 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))  # a duplicate entry (same id twice)
        elif action < 0.55:
            current = parent[key]
            parent[key] = [current] if rnd.random() < 0.5 else {"value": current}  # wrong shape
        else:
            parent[key] = _odd_value(rnd)
    return data


def garble(text: str, rnd: random.Random) -> bytes:
    """A byte-level mutation of ``text``: NUL, BOM, control characters, truncation, bad UTF-8."""
    raw = text.encode("utf-8", "surrogatepass")
    at = rnd.randint(0, len(raw))
    choice = rnd.randrange(9)
    if choice == 0:
        return raw[:at] + b"\x00" + raw[at:]
    if choice == 1:
        return b"\xef\xbb\xbf" + raw
    if choice == 2:
        return raw[:at]
    if choice == 3:
        return raw[:at] + bytes([rnd.choice([0x07, 0x1B, 0x7F, 0x85, 0xFF, 0xC3])]) + raw[at:]
    if choice == 4:
        return raw.replace(b"\n", b"\r", rnd.randint(1, 5))
    if choice == 5:
        return raw[:at] + rnd.choice([b"&a ", b"*a ", b"!!python/name:os.system ", b"? ", b"- ", b"{", b"]"]) + raw[at:]
    if choice == 6:
        return "\ufeff".encode("utf-16") + text.encode("utf-16-le", "surrogatepass")
    if choice == 7:
        return raw[:at] + b"\t" + raw[at:]
    return raw[:at] + b"\xe2\x80" + raw[at:]  # a truncated multi-byte sequence


# -- running commands ------------------------------------------------------------------------

_RUNNER = CliRunner()


def run_command(args: list[str]) -> str | None:
    """None when ``hiepy <args>`` ended cleanly (exit 0, 1 or 2, no traceback); else what went wrong."""
    from hiepy_rules.cli.app import app

    result = _RUNNER.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb is not None else "?"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} at {where}"
    if result.exit_code not in (0, 1, 2):
        return f"exit status {result.exit_code}"
    output = result.output
    if "Traceback" in output or "internal error" in output:
        return "traceback or internal error in the output"
    return None


FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "html"]


def one_input(work: Path, proposal: dict[str, Any], rnd: random.Random) -> tuple[str, list[str]]:
    """Write one generated input under ``work``; return its kind and the command to run on it."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    manifest = pack_manifest(rnd)
    provisions = random_provisions(rnd, rnd.randint(1, 6))
    raw: dict[str, str] = {}
    kind = rnd.choice(["valid", "rules-mutated", "rules-garbled", "proposal-mutated", "proposal-garbled"])
    if kind == "rules-mutated":
        if rnd.random() < 0.8:
            provisions = mutate(provisions, rnd, rnd.randint(1, 3))
        else:
            manifest = mutate(manifest, rnd, rnd.randint(1, 2))
    elif kind == "proposal-mutated":
        proposal = mutate(proposal, rnd, rnd.randint(1, 3))
    root = write_root(work / "rules", manifest, provisions, raw=raw)
    ptext = dump(proposal)
    pfile = work / "p.yaml"
    if kind == "proposal-garbled":
        pfile.write_bytes(garble(ptext, rnd))
    else:
        pfile.write_text(ptext, encoding="utf-8", errors="surrogatepass")
    if kind == "rules-garbled":
        target = root / rnd.choice(["fz/rules.yaml", "fz/pack.yaml", "sources.yaml"])
        target.write_bytes(garble(target.read_text(encoding="utf-8"), rnd))
    if rnd.random() < 0.15:  # a pack test over the proposal
        case = {"name": "fuzz", "proposal": "../../p.yaml", "expect": []}
        (root / "fz" / "tests").mkdir()
        (root / "fz" / "tests" / "t.yaml").write_text(dump({"tests": [case]}), encoding="utf-8")
    pick = rnd.random()
    if kind.startswith("proposal"):
        if pick < 0.05:
            return kind, ["check", str(pfile), "--format", rnd.choice(FORMATS)]  # the bundled rules
        if pick < 0.25:
            return kind, ["lint", str(pfile)]
        return kind, ["check", "--rules", str(root), str(pfile), "--format", rnd.choice(FORMATS)]
    if pick < 0.35:
        return kind, ["check", "--rules", str(root), str(pfile), "--engine", "python", "--format", rnd.choice(FORMATS)]
    if pick < 0.6:
        return kind, ["lint", str(root), "--format", rnd.choice(FORMATS)]
    if pick < 0.7:
        return kind, ["rules", str(root), "--format", rnd.choice(["text", "json"])]
    if pick < 0.8:
        return kind, ["test", str(root)]
    if pick < 0.9:
        return kind, ["conflicts", str(root), "--format", rnd.choice(["text", "json"])]
    return kind, ["diff", str(root), str(root) if rnd.random() < 0.3 else "rules"]


@st.composite
def seeds(draw: st.DrawFn) -> random.Random:
    return random.Random(draw(st.integers(0, 2**32 - 1)))
