"""How a command ends, on either path (the Typer one in cli/main.py, the quick one in
cli/quick.py): what a failure prints and exits with, and the process's exit without teardown.

Nothing here imports Typer, click or rich: the quick path runs the commands people run all
day without them, and must end them exactly as the Typer path does.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import sys

from mentorlog.errors import Interrupted, MentorlogError
from mentorlog.render import console

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

DEBUG_ENV = "MENTORLOG_DEBUG"


def begin() -> None:
    """Per-run state as a new process has it: rich's consoles, and the key of an encrypted
    home (each command has its key, and asks its passphrase, anew)."""
    console.reset()
    keys = sys.modules.get("mentorlog.store.keys")
    if keys is not None:
        keys.forget()


def failed(exc: BaseException) -> int:
    """The exit code of a command that raised `exc` (a MentorlogError, an interrupt, a
    closed pipe or anything unexpected), after its one line on stderr; with
    MENTORLOG_DEBUG=1 an unexpected `exc` is raised again, traceback and all. Call it from
    the `except` block that caught `exc`."""
    if isinstance(exc, MentorlogError):
        console.error(exc.message)
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        console.error("Interrupted; the journal is whole, as it was before or after this command.")
        return Interrupted.exit_code
    if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
        # The reader went away (`| head`, a pager quit early): not an error, so exit 0 with
        # no message, and no later flush may fail either.
        silence_stdout()
        return 0
    if os.environ.get(DEBUG_ENV):
        raise exc
    console.error(
        f"mentorlog hit an unexpected problem ({type(exc).__name__}: {exc}); please report it "
        f"with the output of the same command run with {DEBUG_ENV}=1."
    )
    return 1


def silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def exit_now(code: object) -> NoReturn:
    """Exit as `sys.exit(code)` would, after the atexit handlers and flushing the output,
    but skipping the teardown (which frees every object one by one)."""
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`) or stream
            stream.flush()
    os._exit(code or 0)
