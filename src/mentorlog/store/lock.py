"""The exclusive lock on a lock file, as `filelock` takes it, without importing `filelock`.

Every writing command holds its home's lock for its read-modify-write, so what taking it
costs is paid by every change: `filelock` 4 imports some thirty modules (logging, hashlib,
hmac, secrets, decimal...) before it calls `flock`, about 25 ms of a `goal add` that takes
100. On a system with `flock` the lock is taken here the way filelock's `UnixFileLock`
takes it: the lock file opened (created 0600 if missing, never through a symbolic link),
`flock(LOCK_EX | LOCK_NB)` tried, and on contention the file closed and tried again every
10 ms until the timeout; an inode another process unlinked meanwhile is not a lock, so it
is opened again. Both take the same kernel lock on the same file, so a mentorlog of either
kind waits for the other. Where there is no `fcntl` (Windows), `filelock` does it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

POLL_INTERVAL = 0.01
MODE = 0o600
# What flock says when another open file holds the lock (EACCES on some file systems).
_HELD = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)
# A lock file is never followed through a symbolic link (filelock does the same); the
# non-blocking open keeps a FIFO planted there from stalling the command.
_OPEN_FLAGS = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class Timeout(Exception):
    """Another process held the lock for the whole timeout."""


def acquire(path: Path, timeout: float) -> Callable[[], None]:
    """Take the exclusive lock on `path` (waiting up to `timeout` seconds); returns what
    releases it. Raises Timeout, or OSError when the file cannot be opened or locked."""
    try:
        import fcntl
    except ImportError:  # Windows
        return _with_filelock(path, timeout)
    deadline = time.monotonic() + timeout
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in _HELD:
                raise
            if time.monotonic() >= deadline:
                raise Timeout(str(path)) from exc
            time.sleep(POLL_INTERVAL)
            continue
        except BaseException:
            os.close(fd)
            raise
        if os.fstat(fd).st_nlink == 0:  # unlinked before we had it: not the lock any more
            os.close(fd)
            continue
        return lambda: _release(fd)


def _open(path: Path) -> int:
    """The lock file, opened for the lock; created private when missing."""
    try:
        fd = os.open(path, _OPEN_FLAGS | os.O_CREAT | os.O_EXCL, MODE)
    except FileExistsError:
        return os.open(path, _OPEN_FLAGS)
    with contextlib.suppress(PermissionError):
        os.fchmod(fd, MODE)  # the umask may have taken bits away
    return fd


def _release(fd: int) -> None:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _with_filelock(path: Path, timeout: float) -> Callable[[], None]:
    import filelock

    lock = filelock.FileLock(path, timeout=timeout, mode=MODE, preserve_lock_file=True)
    try:
        lock.acquire(poll_interval=POLL_INTERVAL)
    except filelock.Timeout as exc:
        raise Timeout(str(path)) from exc
    return lock.release
