"""Long output through a pager, as git does it.

When stdout is a terminal, the first data a command prints starts the pager and stdout is
pointed at it: `MENTORLOG_PAGER`, else `PAGER`, else `less -FRX` (with `LESS=FRX` unless
you set LESS: quit if it fits one screen, keep colours, leave the screen as it was). An
empty pager or `cat` means none. Never when stdout is piped or a file, never with the global
`--no-pager`, and never for what goes to stderr (messages, errors). The command waits for
the pager to end before it exits.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from subprocess import Popen

PAGER_ENV = "MENTORLOG_PAGER"
DEFAULT_PAGER = "less"
_state = {"allowed": True, "started": False, "decided": False}


def allow(allowed: bool) -> None:
    """Whether this command may page (the global --no-pager says no); set once a run."""
    _state.update(allowed=allowed, started=False, decided=False)


def active() -> bool:
    """Whether stdout goes to a pager this run (rich then keeps the terminal's colours)."""
    return _state["started"]


def command() -> str | None:
    """The pager to run, or None for none."""
    for name in (PAGER_ENV, "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return None if value.strip() in ("", "cat") else value
    return f"{DEFAULT_PAGER} -FRX"


def begin() -> None:
    """Start the pager before the first data is written, if this run pages at all."""
    if _state["decided"]:
        return
    _state["decided"] = True
    if not _state["allowed"]:
        return
    try:
        if not os.isatty(sys.stdout.fileno()):
            return
    except (AttributeError, OSError, ValueError):  # no real stdout (a test's, a closed one)
        return
    pager = command()
    if pager is None:
        return
    import subprocess  # only a run at a terminal needs it

    # The width the output is laid out for, read while stdout is still the terminal.
    os.environ.setdefault("COLUMNS", str(os.get_terminal_size(sys.stdout.fileno()).columns))
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    environment.setdefault("LV", "-c")
    try:
        # Through the shell, as git runs it: PAGER may hold options, or a pipeline.
        process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return  # no shell to run it: print straight to the terminal
    assert process.stdin is not None
    sys.stdout.flush()
    os.dup2(process.stdin.fileno(), sys.stdout.fileno())
    process.stdin.close()
    _state["started"] = True
    atexit.register(_wait, process)


def _wait(process: Popen[bytes]) -> None:
    """Hand the pager the end of the output and wait for the reader to quit it."""
    with contextlib.suppress(OSError):  # the reader quit the pager early
        sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    try:
        process.wait()
    except KeyboardInterrupt:
        process.wait()
