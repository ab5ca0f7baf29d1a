"""Waiting for what a process does, never for a length of time.

A test that sleeps a fixed time and then assumes a child got somewhere fails on a loaded
machine (or passes without testing anything). These helpers wait for facts anyone can
observe from outside, each with a generous deadline that only a hung process reaches:

- `wait_for(condition)`: poll until it holds (a temp file appears, a file is replaced);
- `Opens(path)`: count the times any process opens a file (Linux inotify), so a test holding
  the journal's lock sees a child reach it, and try it again (that is, wait for it);
- `lock_is_held(path)`: whether some process holds the flock on a lock file;
- `stopped(proc)`: freeze a child (SIGSTOP) to look at its files at one instant, then kill
  or continue it;
- `until_stopped(proc)`: wait until a child stops itself (a round told to stop at a step).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

# Long enough for any process on any machine that still works; a deadline, not a delay.
DEADLINE = 120.0
T = TypeVar("T")


def wait_for(
    condition: Callable[[], T], what: str, *, timeout: float = DEADLINE, every: float = 0.001
) -> T:
    """Poll `condition` until it returns something true, and return that; fail naming `what`
    if it never does within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(every)


_IN_OPEN = 0x20
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name)


class Opens:
    """Counts the times any process opens `path` from now on (inotify's IN_OPEN events).

    Only where inotify exists (Linux): elsewhere, creating one skips the test."""

    def __init__(self, path: Path) -> None:
        import pytest

        if not sys.platform.startswith("linux"):
            pytest.skip("seeing another process open a file needs Linux's inotify")
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        if libc.inotify_add_watch(self.fd, os.fsencode(path), _IN_OPEN) < 0:
            code = ctypes.get_errno()
            os.close(self.fd)
            raise OSError(code, os.strerror(code), str(path))
        self.path = path
        self.count = 0

    def _read(self) -> None:
        with contextlib.suppress(BlockingIOError):
            data = os.read(self.fd, 65536)
            offset = 0
            while offset < len(data):
                _, mask, _, length = _EVENT.unpack_from(data, offset)
                self.count += bool(mask & _IN_OPEN)
                offset += _EVENT.size + length

    def wait(self, times: int = 1, *, timeout: float = DEADLINE) -> None:
        """Return once `path` has been opened at least `times` times since this began
        (identical events in a row may be counted once: `times` is a lower bound)."""
        deadline = time.monotonic() + timeout
        while True:
            self._read()
            if self.count >= times:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"gave up after {timeout:g} s waiting for {self.path} to be opened "
                    f"{times} times (it was {self.count})"
                )
            select.select([self.fd], [], [], left)

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> Opens:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lock_is_held(path: Path) -> bool:
    """Whether another open of `path` holds its flock (as filelock takes it) right now."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return True
        raise
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class Stoppable(Protocol):
    pid: int

    def poll(self) -> int | None: ...

    def send_signal(self, sig: int, /) -> None: ...


@contextlib.contextmanager
def stopped(proc: Stoppable) -> Iterator[bool]:
    """Freeze `proc` with SIGSTOP for the block, yielding True once it has stopped (False if
    it had exited already); unless the block killed it, it carries on afterwards.

    `proc` is a child (a Popen) or, given its own `is_stopped()`, any process."""
    proc.send_signal(signal.SIGSTOP)
    is_stopped = getattr(proc, "is_stopped", None)
    if is_stopped is not None:
        wait_for(lambda: is_stopped() or proc.poll() is not None, "the process to stop")
        frozen = proc.poll() is None
    else:
        try:
            # WNOWAIT: look without reaping, so that Popen still collects the exit status.
            info = os.waitid(os.P_PID, proc.pid, os.WSTOPPED | os.WEXITED | os.WNOWAIT)
        except ChildProcessError:  # reaped already
            info = None
        frozen = info is not None and info.si_code == os.CLD_STOPPED
    try:
        yield frozen
    finally:
        if frozen and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGCONT)


def until_stopped(proc: subprocess.Popen[bytes]) -> subprocess.Popen[bytes]:
    """`proc` once it has stopped itself (SIGSTOP: a `sync` or `share sync` round told to stop
    at a step), waited for with waitid; a child that exits instead fails the test with what
    it wrote on stderr."""
    info = os.waitid(os.P_PID, proc.pid, os.WSTOPPED | os.WEXITED | os.WNOWAIT)
    assert info is not None
    assert info.si_code == os.CLD_STOPPED, proc.communicate()[1]
    return proc
