"""``hiepy explain ID`` (and ``hiepy rules ID``): one provision explained, as a plain function the CLI wires up."""

from __future__ import annotations

import sys
from pathlib import Path


def looks_like_id(arg: Path) -> bool:
    """A ``hiepy rules`` argument that names a provision rather than a folder (``national-2012.H1``)."""
    text = str(arg)
    return not arg.exists() and "/" not in text and "\\" not in text and "." in text.strip(".")


def run_explain(
    ids: list[str], rules: list[Path] | None = None, *, fmt: str = "text", lang: str = "vi", paths_too: bool = False
) -> int:
    """Exit status: 0 every id explained, 2 an unknown id (one line, with the closest ids) or rules that do not load."""
    # the rules and the explanation load when the command runs
    from hiepy_rules.cli.analysis import _load
    from hiepy_rules.tools.explain import UnknownProvision, explain, render_text, to_json

    rs = _load(rules)
    if rs is None:
        return 2
    out: list[str] = []
    for pid in ids:
        try:
            data = explain(rs, pid)
        except UnknownProvision as exc:
            if paths_too:  # ``hiepy rules X``: X was neither a folder nor a provision
                print(
                    f"hiepy: {pid}: no such file or directory, nor a provision id{_hint(exc.suggestions)}",
                    file=sys.stderr,
                )
                return 2
            if lang == "vi":
                hint = f"; có phải: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
                print(f"hiepy: không có quy định {pid!r}{hint}", file=sys.stderr)
            else:
                hint = f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else ""
                print(f"hiepy: no provision {pid!r}{hint}", file=sys.stderr)
            return 2
        out.append(to_json(data) if fmt == "json" else render_text(data, lang))
    sys.stdout.write(("\n" if fmt == "text" else "").join(out))
    return 0


def _hint(suggestions: list[str]) -> str:
    return f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
