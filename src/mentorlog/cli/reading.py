"""Reading a file an import names: a regular file, at most `limits.MAX_IMPORT_BYTES`.

A FIFO, a device such as /dev/zero or a socket is refused before a byte is read (opening a
FIFO without a writer would block forever; /dev/zero never ends), and a regular file is read
with a bound, so a file that grows while it is read cannot fill the memory either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mentorlog import limits
from mentorlog.errors import InvalidInput


def read_import(file: Path, *, folder_fix: str, shorter: str) -> bytes:
    """The bytes of `file`; InvalidInput (one sentence naming it) when it is missing, a
    folder (`folder_fix` says what to give instead), not a regular file, unreadable or over
    the size an import reads (`shorter` says how to make a smaller file)."""
    path = file.expanduser()
    try:
        # O_NONBLOCK: opening a FIFO that no one writes to returns at once instead of waiting.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InvalidInput(f"Cannot import {file}: there is no such file; check the path.") from exc
    except IsADirectoryError as exc:
        raise InvalidInput(f"Cannot import {file}: it is a folder; {folder_fix}.") from exc
    except OSError as exc:
        raise _unreadable(file, exc) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InvalidInput(f"Cannot import {file}: it is a folder; {folder_fix}.")
        if not stat.S_ISREG(mode):
            raise InvalidInput(
                f"Cannot import {file}: it is {_kind(mode)}, not a regular file; save what it "
                "gives to a file and import that."
            )
        size = os.fstat(fd).st_size
        if size > limits.MAX_IMPORT_BYTES:
            raise too_big(str(file), size, shorter)
        data = _read_bounded(fd, limits.MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise _unreadable(file, exc) from exc
    finally:
        os.close(fd)
    if len(data) > limits.MAX_IMPORT_BYTES:
        raise too_big(str(file), len(data), shorter)
    return data


def too_big(source: str, size: int, shorter: str) -> InvalidInput:
    """The refusal of a file over the size an import reads, which no export needs."""
    return InvalidInput(
        f"Cannot import {source}: it is {size / 1024 / 1024:.1f} MB, more than the "
        f"{limits.MAX_IMPORT_BYTES // 1024 // 1024} MB an import reads; {shorter}."
    )


def _read_bounded(fd: int, most: int) -> bytes:
    chunks: list[bytes] = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _unreadable(file: Path, exc: OSError) -> InvalidInput:
    return InvalidInput(f"Cannot import {file}: {exc.strerror or exc}; check that you can read it.")
