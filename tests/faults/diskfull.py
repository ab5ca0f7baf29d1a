"""A disk that fills up during a save: one of the file operations a save needs (`create` the
temp file, `write` it, `fsync` it, `rename` it over the journal) fails with ENOSPC, as it
does on a full disk. Only the OS calls are patched, never mentorlog's code.

Used in the test process by test_disk.py, and in a child process by its ENOSPC_AT runner,
so it imports nothing but the standard library.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from typing import Any, NoReturn

STEPS = ("create", "write", "fsync", "rename")


def no_space(*args: Any, **kwargs: Any) -> NoReturn:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class HalfWritten:
    """A file on a disk that fills up halfway through the write."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, data: bytes) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        no_space()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


@contextlib.contextmanager
def no_space_at(step: str) -> Iterator[None]:
    """For the block, `step` of a save fails as a full disk makes it fail."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        file = real_fdopen(fd, mode, *args, **kwargs)
        return HalfWritten(file) if "w" in mode and "b" in mode else file

    module, name, replacement = {
        "create": (tempfile, "mkstemp", no_space),
        "write": (os, "fdopen", fdopen),
        "fsync": (os, "fsync", no_space),
        "rename": (os, "replace", no_space),
    }[step]
    real = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, real)
