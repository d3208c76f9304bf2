"""A closed pipe (``hiepy check ... | head -1``) ends the command quietly, for the fast entry and typer alike."""

from __future__ import annotations

import importlib
from typing import Any

#: the status of a command whose reader closed the pipe (``| head -1``), as the shell reports a process
#: ended by SIGPIPE: neither 1 (findings) nor 2 (could not run)
CLOSED_PIPE = 128 + 13


def quiet_on_closed_pipe() -> None:
    """Let a closed pipe end the process quietly, as it ends ``cat`` or ``grep`` (status 141), rather
    than as a traceback or click's status 1 (which means "findings")."""
    try:  # the C module that ``signal`` wraps: ``signal``'s import builds its enums (~3 M instructions
        # of a cold check) for the one handler set here
        sig: Any = importlib.import_module("_signal")
    except ImportError:
        import signal as sig  # not CPython: the module itself
    if hasattr(sig, "SIGPIPE"):
        sig.signal(sig.SIGPIPE, sig.SIG_DFL)
