"""What a printed report is traced by: a SHA-256 digest of the proposals checked and the packs used.

The HTML report (``report.html``) prints the digest in its footer and each proposal's own digest in
its header, so that a paper copy in a dossier can be matched to the exact files it was made from.
Formats never read files: the command collects this once, after the checks (``cli.provenance``),
and hands it over in the ``CheckReport``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Provenance:
    """``digest``: of every proposal and every used pack's files; ``files``: each proposal's own digest;
    ``units``: each proposal's unit name (the report's header names the unit)."""

    digest: str
    files: Mapping[str, str]
    units: Mapping[str, str]
