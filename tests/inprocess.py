"""The real CLI run inside the test process, as a fresh `mentorlog` process would run it.

One process runs one command, so the program may keep state in globals: rich's consoles
(bound to the streams of the run that made them), tzlocal's cached system zone, the C
library's idea of the local zone (`TZ`, read again only by `time.tzset`), the collector's
settings and the working folder. `invoke` resets each of them before the command and puts
back the test process's own after it, so one invocation can never leak into the next.

The zone the whole suite runs in is `TEST_TZ`: UTC, unless MENTORLOG_TEST_TZ names
another (`.ci/run` runs the suite a second time under Pacific/Chatham).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typer.testing import Result

TEST_TZ = os.environ.get("MENTORLOG_TEST_TZ", "").strip() or "UTC"


def argv_text(arg: str | bytes) -> str:
    """An argument as Python hands it to a program: bytes a shell would pass decoded as
    `sys.argv` decodes them (the file system encoding, undecodable bytes kept as
    surrogate escapes)."""
    return os.fsdecode(arg) if isinstance(arg, bytes) else arg


def forget_system_zone() -> None:
    """Empty tzlocal's cache of the system zone, which a fresh process would read anew."""
    for name in ("tzlocal.unix", "tzlocal.win32"):
        module = sys.modules.get(name)
        for cached in ("_cache_tz", "_cache_tz_name"):
            if module is not None and hasattr(module, cached):
                setattr(module, cached, None)


def forget_consoles() -> None:
    """Drop the rich consoles the last command made (they write to its streams)."""
    console = sys.modules.get("mentorlog.render.console")
    if console is not None:
        console.reset()


@contextlib.contextmanager
def environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """`os.environ` with `changes` (None removes a variable), and the C library's local
    zone following `TZ`, for the block; everything as it was afterwards."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        time.tzset()
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        time.tzset()


@contextlib.contextmanager
def fresh_process_state(cwd: Path | None = None) -> Iterator[None]:
    """Globals as a new process has them, for one command; the test's own afterwards."""
    collecting, thresholds = gc.isenabled(), gc.get_threshold()
    folder = Path.cwd()
    forget_consoles()
    forget_system_zone()
    try:
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(folder)
        forget_consoles()
        forget_system_zone()
        gc.set_threshold(*thresholds)
        (gc.enable if collecting else gc.disable)()


def invoke(
    args: Sequence[str | bytes],
    *,
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
    cwd: Path | None = None,
    catch_exceptions: bool = False,
) -> Result:
    """Run `mentorlog ARGS` in this process through typer's CliRunner."""
    from typer.testing import CliRunner

    from mentorlog.cli.main import app

    with environment(env or {}), fresh_process_state(cwd):
        return CliRunner().invoke(
            app, [argv_text(a) for a in args], input=input, catch_exceptions=catch_exceptions
        )


class Outcome(NamedTuple):
    """What a command run through `invoke_entry` left: its output and exit code."""

    stdout_bytes: bytes
    stderr_bytes: bytes
    exit_code: int

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", "replace")


def invoke_entry(
    args: Sequence[str | bytes],
    *,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
) -> Outcome:
    """Run `mentorlog ARGS` in this process as the installed program starts it
    (cli/entry.py): the quick path where it is sure of the command line, else the Typer
    one; with the streams `invoke` gives a command."""
    from typer.testing import CliRunner

    from mentorlog.cli import entry

    with (
        environment(env or {}),
        fresh_process_state(cwd),
        CliRunner().isolation() as (out, err, _),
    ):
        try:
            code = entry.run([argv_text(a) for a in args])
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return Outcome(out.getvalue(), err.getvalue(), code)
