"""The home's lock (store/lock.py), taken with flock as filelock takes it, and waiting for a
lock filelock holds (a mentorlog of an earlier version, or a tool using filelock)."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import filelock
import pytest

from mentorlog import store
from mentorlog.errors import JournalBusy, StorageFailed
from mentorlog.store import lock
from waiting import lock_is_held

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")


def test_the_lock_is_a_flock_held_until_released(tmp_path: Path) -> None:
    path = tmp_path / ".journal.lock"
    release = lock.acquire(path, timeout=0)
    assert lock_is_held(path)
    release()
    assert not lock_is_held(path)
    assert path.exists()  # kept, so that every waiter locks the same inode


def test_a_lock_filelock_holds_is_waited_for_and_then_times_out(tmp_path: Path) -> None:
    path = tmp_path / ".journal.lock"
    with filelock.FileLock(path, preserve_lock_file=True), pytest.raises(lock.Timeout):
        lock.acquire(path, timeout=0.05)
    lock.acquire(path, timeout=0)()


def test_filelock_waits_for_this_lock(tmp_path: Path) -> None:
    path = tmp_path / ".journal.lock"
    release = lock.acquire(path, timeout=0)
    with pytest.raises(filelock.Timeout):
        filelock.FileLock(path, timeout=0.05, preserve_lock_file=True).acquire()
    release()
    with filelock.FileLock(path, timeout=0, preserve_lock_file=True):
        pass


def test_a_waiter_takes_the_lock_once_it_is_released(tmp_path: Path) -> None:
    path = tmp_path / ".journal.lock"
    release = lock.acquire(path, timeout=0)
    taken = threading.Event()

    def wait_for_it() -> None:
        lock.acquire(path, timeout=60)()
        taken.set()

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    assert not taken.is_set()
    release()
    waiter.join(timeout=60)
    assert taken.is_set()


def test_the_lock_file_is_created_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / ".journal.lock"
    old = os.umask(0o377)
    try:
        lock.acquire(path, timeout=0)()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_lock_file_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("not a lock")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / store.LOCK_FILE).symlink_to(elsewhere)
    with pytest.raises(StorageFailed, match="Cannot lock the journal in"), store.locked(home):
        pass
    assert elsewhere.read_text() == "not a lock"


def test_a_lock_file_unlinked_while_waited_for_is_not_taken_for_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that took the lock on an inode someone unlinked holds nothing: it opens
    the file again."""
    path = tmp_path / ".journal.lock"
    opened: list[int] = []
    real_open = lock._open

    def open_then_unlink(where: Path) -> int:
        fd = real_open(where)
        opened.append(fd)
        if len(opened) == 1:
            where.unlink()  # the first inode goes away before flock is tried
        return fd

    monkeypatch.setattr(lock, "_open", open_then_unlink)
    release = lock.acquire(path, timeout=0)
    assert len(opened) == 2
    assert os.fstat(opened[1]).st_ino == path.stat().st_ino
    assert lock_is_held(path)
    release()


def test_store_locked_turns_a_timeout_into_journal_busy(tmp_path: Path) -> None:
    with store.locked(tmp_path), pytest.raises(JournalBusy) as busy, store.locked(tmp_path, 0):
        pass
    assert busy.value.exit_code == 6
