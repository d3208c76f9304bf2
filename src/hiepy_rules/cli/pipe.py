"""A closed pipe (``hiepy check ... | head -1``) ends the command quietly, for the fast entry and typer alike."""

from __future__ import annotations

import signal

#: the status of a command whose reader closed the pipe (``| head -1``), as the shell reports a process
#: ended by SIGPIPE: neither 1 (findings) nor 2 (could not run)
CLOSED_PIPE = 128 + 13


def quiet_on_closed_pipe() -> None:
    """Let a closed pipe end the process quietly, as it ends ``cat`` or ``grep`` (status 141), rather
    than as a traceback or click's status 1 (which means "findings")."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
