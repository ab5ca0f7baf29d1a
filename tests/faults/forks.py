"""Real `mentorlog` processes at a third of the cost, for tests that start hundreds of them.

A `Forks` starts one process that imports what `python -m mentorlog` imports before it calls
`main` (the interpreter's start and those imports are 0.15 s of a 0.2 s `goal add`), and then
forks it once per command: each child is a real process running the console script's `main`
on its own argv, in the home's environment, which a test can freeze and kill like any other.
Only the start-up it shares with the others is not run again (and cannot be killed into).
Commands run one at a time.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from contextlib import suppress

from faultkit import Process

from waiting import DEADLINE

ZYGOTE = textwrap.dedent(
    """
    import json, os, sys

    from mentorlog.cli.main import main

    replies = os.fdopen(os.dup(1), "w")
    for line in sys.stdin:
        argv = json.loads(line)
        pid = os.fork()
        if pid == 0:
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            sys.argv = ["mentorlog", *argv]
            main()  # exits the child
        replies.write(f"{pid}\\n")
        replies.flush()
        _, status = os.waitpid(pid, 0)
        replies.write(f"{os.waitstatus_to_exitcode(status)}\\n")
        replies.flush()
    """
)


class Forked:
    """One forked command: Popen's `pid`, `poll`, `wait` and `send_signal`."""

    def __init__(self, replies: int, pid: int) -> None:
        self._replies = replies
        self.pid = pid
        self.returncode: int | None = None

    def _collect(self, timeout: float) -> int | None:
        if self.returncode is None and select.select([self._replies], [], [], timeout)[0]:
            self.returncode = int(_read_line(self._replies))
        return self.returncode

    def poll(self) -> int | None:
        return self._collect(0)

    def wait(self, timeout: float) -> int:
        code = self._collect(timeout)
        if code is None:
            raise subprocess.TimeoutExpired(f"forked mentorlog {self.pid}", timeout)
        return code

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with suppress(ProcessLookupError):  # exited, not yet collected by the zygote
                os.kill(self.pid, sig)

    def is_stopped(self) -> bool:
        """Whether the child is stopped now (Linux's /proc says so)."""
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] in ("T", "t")
        except (FileNotFoundError, ProcessLookupError):
            return False


def _read_line(fd: int) -> str:
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            raise AssertionError("the forking process died")
        line += chunk
    return line.decode()


class Forks:
    """Forks real mentorlog processes bound to `ml`'s home, one command at a time."""

    def __init__(self, ml: Process) -> None:
        if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            import pytest

            pytest.skip("forking mentorlog and watching it stop needs Linux")
        self.zygote = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=ml.child_env(),
            cwd=ml.cwd,
            bufsize=0,
        )
        assert self.zygote.stdout is not None
        self._replies = self.zygote.stdout.fileno()
        self._last: Forked | None = None

    def start(self, *args: str) -> Forked:
        if self._last is not None:  # its exit status comes first
            self._last.wait(timeout=DEADLINE)
        assert self.zygote.stdin is not None
        self.zygote.stdin.write(json.dumps(args).encode() + b"\n")
        self._last = Forked(self._replies, int(_read_line(self._replies)))
        return self._last

    def close(self) -> None:
        if self.zygote.stdin is not None:
            self.zygote.stdin.close()
        try:
            self.zygote.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.zygote.send_signal(signal.SIGKILL)
            self.zygote.wait()
