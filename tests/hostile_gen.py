"""A generator of hostile files, and a measurer: each must cost hiepy < 1 s and bounded memory.

    PYTHONPATH=. .venv/bin/python tests/hostile_gen.py /tmp/hostile     # write them, then measure

The files are made at run time (never kept in the repository): nesting just under and over the
depth limit, alias bombs of several shapes, 4 MiB of tiny scalars, very long lines, many keys,
long strings, odd encodings. ``measure`` runs ``hiepy lint`` on each, in one child process, and
reports per file the exit status, the first line of output, the seconds taken (wall, and CPU:
the bound, since a loaded CI machine stretches wall time) and the child's peak RSS (``resource.getrusage``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hiepy_rules.load import yamlio

MIB = 1024 * 1024
LIMIT = yamlio.MAX_BYTES


def _nest(n: int, open_: str, close: str) -> bytes:
    return b"pack: " + open_.encode() * n + b"1" + close.encode() * n + b"\n"


def hostile_files() -> dict[str, bytes]:
    """name → bytes. Names say what the file tries; ``-ok`` files are within every limit."""
    d = yamlio.MAX_DEPTH
    files: dict[str, bytes] = {
        # depth: the root mapping is one level, so MAX_DEPTH - 1 brackets are the deepest allowed
        "depth-under-ok.yaml": _nest(d - 1, "[", "]"),
        "depth-over.yaml": _nest(d, "[", "]"),
        "depth-maps-over.yaml": b"pack: " + b"{a: " * (d + 1) + b"1" + b"}" * (d + 1) + b"\n",
        "depth-block-over.yaml": b"".join(b"  " * i + b"k:\n" for i in range(d + 2)) + b"  " * (d + 2) + b"v\n",
        "depth-100k-brackets.yaml": _nest(100_000, "[", "]"),
        # alias bombs
        "bomb-lol.yaml": (
            "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
        ).encode(),
        "bomb-doubling.yaml": (
            "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 60))
        ).encode(),
        "bomb-wide.yaml": (
            "big: &big [" + ", ".join(["x"] * 2000) + "]\nuse: [" + ", ".join(["*big"] * 900) + "]\n"
        ).encode(),
        "bomb-mapping-merge.yaml": (
            "base: &b {"
            + ", ".join(f"k{i}: {i}" for i in range(500))
            + "}\n"
            + "".join(f"m{i}: {{<<: *b}}\n" for i in range(400))
        ).encode(),
        "aliases-over-count.yaml": (b"a: &s x\nl: [" + b", ".join([b"*s"] * (yamlio.MAX_ALIASES + 1)) + b"]\n"),
        "alias-unknown.yaml": b"a: *" + b"n" * 10_000 + b"\n",
        # size
        "tiny-scalars-4mib.yaml": b"- 1\n" * ((LIMIT - 16) // 4),
        "tiny-flow-scalars-4mib.yaml": b"[" + b"1," * ((LIMIT - 16) // 2) + b"1]\n",
        "over-4mib.yaml": b"pack: x\n" + b"#" * LIMIT + b"\n",
        "long-line-ok.yaml": b"pack: " + b"x" * (LIMIT - 16) + b"\n",
        "long-key.yaml": b"k" * (2 * MIB) + b": 1\n",
        "long-quoted-escapes.yaml": b'pack: "' + b"\\u00e9" * ((LIMIT - 32) // 6) + b'"\n',
        "many-keys.yaml": b"".join(b"k%d: %d\n" % (i, i) for i in range(60_000)),
        "many-documents.yaml": b"---\na: 1\n" * 50_000,
        "many-anchors-ok.yaml": b"l:\n" + b"".join(b"  - &a%d %d\n" % (i, i) for i in range(20_000)),
        "huge-int.yaml": b"pack: " + b"9" * 100_000 + b"\n",
        "huge-float.yaml": b"pack: 1e" + b"9" * 1000 + b"\n",
        "date-out-of-range.yaml": b"date: 99999-12-31\nid: p\n",
        # encodings
        "utf16-le-bom.yaml": "\ufeffpack: Quảng Trị\n".encode("utf-16-le"),
        "utf16-be.yaml": "pack: x\n".encode("utf-16-be"),
        "utf32.yaml": "pack: x\n".encode("utf-32"),
        "latin1.yaml": "pack: Cục Thuế\n".encode()[:-3] + b"\xe9\n",
        "overlong-utf8.yaml": b"pack: \xc0\xaf\n",
        "surrogate-utf8.yaml": b"pack: \xed\xa0\x80\n",
        "bom-in-middle.yaml": b"pack: a\n\xef\xbb\xbfb: 2\n",
        "cr-only-ok.yaml": b"pack: a\rprovisions: []\r",
        "nul-late.yaml": b"pack: a\n" * 1000 + b"\x00",
        "c1-control.yaml": "pack: a\u0085b\u009b\n".encode(),
        "rtl-and-zero-width.yaml": "pack: \u202e\u200bx\ufeff\n".encode(),
    }
    return files


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, content in hostile_files().items():
        (directory / name).write_bytes(content)
        out.append(directory / name)
    return out


# The child: imports hiepy, then lints each file in-process, timing each and reading its peak RSS.
_CHILD = r"""
import json, resource, sys, time
from typer.testing import CliRunner
from hiepy_rules.cli.app import app
runner = CliRunner()
runner.invoke(app, ["lint", "--help"])  # imports done before the first measure
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for path in sys.argv[1:]:
    start, cpu = time.perf_counter(), time.process_time()
    result = runner.invoke(app, ["lint", path])
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    print(json.dumps({"file": path, "exit": result.exit_code, "crashed": crashed, "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "first": lines[0] if lines else "", "lines": len(lines), "problems": sum(1 for x in lines if ": error: " in x),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "base_rss_kib": base}), flush=True)
"""


def measure(paths: list[Path], cwd: Path | None = None) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return [json.loads(line) for line in proc.stdout.splitlines()]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/hiepy-hostile")
    rows = measure(write(target))
    for row in rows:
        print(
            f"{Path(str(row['file'])).name:32} exit {row['exit']} {float(str(row['seconds'])):.3f} s "
            f"(cpu {float(str(row['cpu_seconds'])):.3f} s) "
            f"peak {int(str(row['peak_rss_kib'])) // 1024} MiB  {str(row['first'])[:110]}"
        )
