"""``hiepy convert IN OUT`` (a workbook to YAML, YAML to a workbook) and ``hiepy init --xlsx PATH``.

Both directions go through the proposal model: the input is read and validated exactly as
``hiepy check`` reads it (a bad input gets its located lines and exit status 2), and the output is
written from the validated proposal, keeping the fields the input gave (defaults left out).
References between parts are not required to hold: a workbook with a dangling id converts, so
that it can be fixed in an editor. Outputs are written atomically; an input is never overwritten.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from hiepy_rules.atomic import write_atomic
from hiepy_rules.errors import InputError, Problem
from hiepy_rules.schema.proposal import Proposal

YAML_SUFFIXES = (".yaml", ".yml")


XLSX_SUFFIX = ".xlsx"


def proposal_yaml(proposal: Proposal, *, source: str | None = None) -> str:
    """The proposal as YAML: the fields it was given, in the model's order."""
    data: dict[str, Any] = proposal.model_dump(mode="python", exclude_unset=True)
    data.setdefault("format", proposal.format)
    data = {"format": data.pop("format"), **data}
    head = f"# Chuyển từ {os.path.basename(source)} bằng hiepy convert.\n" if source else ""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return head + body


def _say(problem: Problem | str, lang: str) -> None:
    text = problem.render(lang) if isinstance(problem, Problem) else problem
    print(" ".join(text.splitlines()), file=sys.stderr)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(YAML_SUFFIXES):
        return "yaml"
    if name.endswith(XLSX_SUFFIX):
        return "xlsx"
    return None


def run_convert(source: Path, target: Path, *, lang: str = "vi", force: bool = False) -> int:
    """Exit status: 0 converted, 2 bad input or usage."""
    # pydantic models and yaml when the command runs
    from hiepy_rules.load.validate import validate
    from hiepy_rules.pipeline import read_document

    kinds = (_kind(source), _kind(target))
    if None in kinds or kinds[0] == kinds[1]:
        _say(
            "hiepy: chuyển từ .xlsx sang .yaml hoặc từ .yaml sang .xlsx"
            if lang == "vi"
            else "hiepy: convert a .xlsx into a .yaml, or a .yaml into a .xlsx",
            lang,
        )
        return 2
    same = target.exists() and source.exists() and os.path.samefile(source, target)
    if same or (target.exists() and not force):
        _say(
            f"hiepy: {target} đã có; thêm --force để ghi đè (không bao giờ ghi đè tệp nguồn)"
            if lang == "vi"
            else f"hiepy: {target} exists; add --force to overwrite it (the input is never overwritten)",
            lang,
        )
        return 2
    try:
        doc = read_document(source, display=str(source))
        proposal = validate(Proposal, doc)
        if kinds[1] == "xlsx":
            # openpyxl only to write a workbook
            from hiepy_rules.load.workbook_write import workbook_bytes, write_bytes_atomic

            write_bytes_atomic(target, workbook_bytes(proposal, lang=lang, doc=doc))
        else:
            write_atomic(target, proposal_yaml(proposal, source=str(source)))
    except InputError as exc:
        for p in exc.problems:
            _say(p, lang)
        return 2
    except OSError as exc:
        why = " ".join((exc.strerror or str(exc)).splitlines())
        _say(f"hiepy: {'không ghi được' if lang == 'vi' else 'cannot write'} {target}: {why}", lang)
        return 2
    return 0


def run_init_xlsx(target: Path, *, lang: str = "vi", force: bool = False) -> int:
    """Write the empty workbook template (headers, notes, drop-down lists, date cells); 2 if it exists."""
    # openpyxl only to write a workbook
    from hiepy_rules.load.workbook_write import workbook_bytes, write_bytes_atomic

    if target.exists() and not force:
        _say(
            f"hiepy: {target} đã có; thêm --force để ghi đè"
            if lang == "vi"
            else f"hiepy: {target} exists; add --force to overwrite it",
            lang,
        )
        return 2
    try:
        write_bytes_atomic(target, workbook_bytes(None, lang=lang))
    except OSError as exc:
        why = " ".join((exc.strerror or str(exc)).splitlines())
        _say(f"hiepy: {'không ghi được' if lang == 'vi' else 'cannot write'} {target}: {why}", lang)
        return 2
    return 0
