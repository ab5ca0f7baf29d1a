"""Writing the documents users ask for with `--out FILE`: agendas, reports, exports.

What is at the path decides how, as `cp` would: a regular file (or nothing yet) is replaced
atomically; a symbolic link is written through, its target replaced atomically in its own
folder; a FIFO or a terminal-like device (/dev/null, /dev/stdout, a tty) is written
straight into, never replaced by a file; anything else (a folder, a socket, a disk) is
refused with a sentence. Nothing but a regular file is ever replaced.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mentorlog.errors import InvalidInput, MentorlogError, StorageFailed

_MAX_LINKS = 40  # as Linux follows (ELOOP past it)


def write_document(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically (a crash leaves the old file or the new one, never
    half of it), readable only by you, since it may hold a journal's contents. Returns the
    path written, with `~` expanded."""
    from mentorlog.store import write_atomic

    target = path.expanduser()
    payload = text.encode("utf-8")
    try:
        found: os.stat_result | None = target.stat()  # through any links
    except FileNotFoundError:
        found = None  # a new file (or a link to one), if its folder is there
    except OSError as exc:
        raise _path_error(path, exc) from exc
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
            _write_in_place(path, target, payload)
            return target
        raise StorageFailed(f"Cannot write to {path}: {_not_a_file(found.st_mode)}.")
    real = _real_file(target, found)
    if real is None:  # a link only the kernel can follow (/dev/stdout to a file)
        _write_in_place(path, target, payload)
        return target
    if not _is_folder(real.parent):
        raise StorageFailed(f"Cannot write to {path}: the folder {real.parent} does not exist.")
    try:
        write_atomic(real, payload)
    except StorageFailed as exc:
        if isinstance(exc.__cause__, OSError):  # said of the path given, as above
            raise _path_error(path, exc.__cause__) from exc.__cause__
        raise
    return target


def _real_file(target: Path, found: os.stat_result | None) -> Path | None:
    """The file to replace: `target`, or where its links lead; None when they lead through
    /proc (/dev/stdout, /dev/fd/1: the file an open descriptor holds), which only writing in
    place honours, as a shell's `>` does."""
    try:
        hop = Path(os.path.abspath(target))
        for _ in range(_MAX_LINKS):
            hop = Path(os.path.realpath(hop.parent)) / hop.name
            if hop.parts[:2] == ("/", "proc"):
                return None
            if not hop.is_symlink():
                break
            hop = Path(os.path.abspath(hop.parent / os.readlink(hop)))
        if hop == Path(os.path.abspath(target)) or found is None:
            return hop  # not a link, or one to a file not made yet: made where it points
        again = hop.stat()
    except OSError:
        return None
    return hop if (again.st_dev, again.st_ino) == (found.st_dev, found.st_ino) else None


def _write_in_place(path: Path, target: Path, payload: bytes) -> None:
    """Write into what is there (a FIFO waits for its reader, as `cp` does), truncating a
    file reached through /dev/stdout like a shell's `>`, never creating one."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_TRUNC | os.O_CLOEXEC | os.O_NOCTTY)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise _path_error(path, exc) from exc


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "it is a folder; give a file name"
    kind = "a socket" if stat.S_ISSOCK(mode) else "a block device (a disk)"
    return f"it is {kind}, not a file; give a file name"


def _path_error(path: Path, exc: OSError) -> MentorlogError:
    """The sentence for a path that cannot be written: bad input (exit 2) where the path
    itself cannot be one, else a storage failure (exit 7)."""
    if exc.errno == errno.ENAMETOOLONG:
        return InvalidInput(
            f"Cannot write to {_shortened(path)}: the name is too long for the file system; "
            "give a shorter one."
        )
    if exc.errno == errno.ENOTDIR:
        return InvalidInput(
            f"Cannot write to {_shortened(path)}: part of the path is a file, not a folder."
        )
    if exc.errno == errno.ELOOP:
        return InvalidInput(f"Cannot write to {_shortened(path)}: its links go round in a loop.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StorageFailed(
            f"Cannot write to {_shortened(path)}: permission denied; choose a folder you can "
            "write to."
        )
    reason = exc.strerror or str(exc)
    return StorageFailed(f"Cannot write to {_shortened(path)}: {reason}; nothing was written.")


def _shortened(path: Path) -> str:
    shown = str(path)
    return shown if len(shown) <= 120 else f"{shown[:60]}…{shown[-40:]}"
