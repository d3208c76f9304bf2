"""JSON Schemas of hiepy's file formats, exported from the pydantic models (the one source of truth).

    python -m hiepy_rules.tools.schema_export            rewrite schemas/*.schema.json
    python -m hiepy_rules.tools.schema_export --check    exit 1 when a file is stale (for CI)

Editors use them to complete and check proposals and rule files as they are typed; hiepy itself
validates with pydantic, so the files only need to agree with the models, which a test checks.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from hiepy_rules.findings.waivers import WaiversFile
from hiepy_rules.lint.pack_tests import PackTestFile
from hiepy_rules.schema.files import ProvisionFile
from hiepy_rules.schema.proposal import Proposal

DIALECT = "https://json-schema.org/draft/2020-12/schema"


#: each schema's ``$id``: a name, not a location, so it stays the same wherever hiepy is installed
ID_PREFIX = "urn:hiepy:schema:"


SCHEMAS: dict[str, type[BaseModel]] = {
    "proposal.schema.json": Proposal,
    "provision.schema.json": ProvisionFile,
    "pack-tests.schema.json": PackTestFile,  # <pack>/tests/*.yaml (hiepy test)
    "waivers.schema.json": WaiversFile,  # hiepy check --waivers
}


def schema_dir() -> Path:
    """``schemas/`` at the root of the source tree."""
    return Path(__file__).resolve().parents[3] / "schemas"


def schema_id(filename: str) -> str:
    """``urn:hiepy:schema:proposal`` for ``proposal.schema.json``."""
    return ID_PREFIX + filename.removesuffix(".schema.json")


def render(model: type[BaseModel], filename: str = "") -> str:
    """The model's JSON Schema as text: keys sorted, indent 2, a trailing newline."""
    head = {"$schema": DIALECT, "$id": schema_id(filename)} if filename else {"$schema": DIALECT}
    schema = {**head, **model.model_json_schema()}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rendered() -> dict[str, str]:
    return {name: render(model, name) for name, model in SCHEMAS.items()}


def stale(directory: Path) -> list[str]:
    """Names of the schema files in ``directory`` that differ from the models (or are missing)."""
    out = []
    for name, text in rendered().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    directory = schema_dir()
    if args == ["--check"]:
        names = stale(directory)
        for name in names:
            print(f"{directory / name}: stale; run python -m hiepy_rules.tools.schema_export", file=sys.stderr)
        return 1 if names else 0
    if args:
        print("usage: python -m hiepy_rules.tools.schema_export [--check]", file=sys.stderr)
        return 2
    for path in write(directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
