"""The files of a mentorlog home, and how they are written safely.

Knows nothing of what a journal holds: where its files lie (`JournalPaths`), the home
created private (0700), the one exclusive lock every read-modify-write holds (`locked`),
the atomic write (a 0600 temp file in the same folder, fsynced, renamed over the old one,
the folder fsynced), and the stale temp files a killed writer leaves.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from mentorlog.errors import JournalBusy, StorageFailed

JOURNAL_FILE = "journal.json"
LOCK_FILE = ".journal.lock"
INDEX_FILE = ".journal.index"
# In backups/: for each snapshot a change left, where its `_meta` lies and which file it is,
# so that `undo --list` and `backup list` read a few hundred bytes of each, not all of it.
SNAPSHOT_INDEX_FILE = ".snapshots.index"
BACKUP_DIR = "backups"
DEFAULT_LOCK_TIMEOUT = 10.0


class JournalPaths:
    """Where a journal and its companions live inside a mentorlog home (an immutable value;
    a plain class: every command makes one, and a frozen dataclass costs 0.3 ms to create)."""

    __slots__ = ("home",)
    home: Path

    def __init__(self, home: Path) -> None:
        object.__setattr__(self, "home", home)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"JournalPaths is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JournalPaths) and self.home == other.home

    def __hash__(self) -> int:
        return hash(self.home)

    def __repr__(self) -> str:
        return f"JournalPaths(home={self.home!r})"

    @property
    def journal(self) -> Path:
        return self.home / JOURNAL_FILE

    @property
    def lock(self) -> Path:
        return self.home / LOCK_FILE

    @property
    def backups(self) -> Path:
        return self.home / BACKUP_DIR

    @property
    def index(self) -> Path:
        return self.home / INDEX_FILE

    @property
    def snapshot_index(self) -> Path:
        return self.backups / SNAPSHOT_INDEX_FILE


def identity(found: os.stat_result) -> list[int]:
    """What tells a file the store wrote from any later version of it. Editing a file, or
    copying one over it, changes its change time (ctime), which no tool can set back."""
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


# -- the home and its lock ---------------------------------------------------------------------


def _ensure_home(paths: JournalPaths) -> None:
    try:
        if not paths.home.is_dir():
            paths.home.mkdir(mode=0o700, parents=True)
            paths.home.chmod(0o700)  # mkdir's mode is masked by the umask
    except FileExistsError as exc:
        # Another command made it between the look and the mkdir (twenty `goal add`s
        # started at once in a new home): a folder there is the home, as it would be now.
        if not paths.home.is_dir():
            raise StorageFailed(
                f"Cannot create the mentorlog home {paths.home}: a file of that name is in "
                "the way; choose another with --home or MENTORLOG_HOME."
            ) from exc
    except OSError as exc:
        raise StorageFailed(
            f"Cannot create the mentorlog home {paths.home}: {exc.strerror}; "
            "choose another with --home or MENTORLOG_HOME."
        ) from exc


@contextlib.contextmanager
def locked(home: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the home's exclusive lock: every read-modify-write of its files runs inside it."""
    paths = JournalPaths(home)
    _ensure_home(paths)
    with contextlib.ExitStack() as held:
        held.callback(_lock(paths.lock, paths, timeout))
        real = _linked_journal(paths)
        if real is not None:
            # A journal.json linking elsewhere (a synced folder, another home): the file
            # written is that one, so the lock is held beside it too, for every home
            # linking to it. Always after the home's own: the same order in every process.
            beside = real.with_name(f".{real.name}.lock")
            held.callback(_lock(beside, paths, timeout))
        yield


def _lock(path: Path, paths: JournalPaths, timeout: float) -> Callable[[], None]:
    """The lock file `path`, locked; returns what releases it."""
    from mentorlog.store import lock

    try:
        return lock.acquire(path, timeout)
    except lock.Timeout as exc:
        raise JournalBusy(
            f"The journal {paths.journal} is busy: another mentorlog command has held it for "
            f"{timeout:g} s; try again, or raise MENTORLOG_LOCK_TIMEOUT."
        ) from exc
    except OSError as exc:
        raise StorageFailed(
            f"Cannot lock the journal in {path.parent}: {exc.strerror}; nothing was changed."
        ) from exc


def _linked_journal(paths: JournalPaths) -> Path | None:
    """The file the journal links to, when `journal.json` is a symbolic link; else None."""
    try:
        if not paths.journal.is_symlink():
            return None
        return resolved(paths.journal)
    except OSError:
        return None


def resolved(path: Path) -> Path:
    """`path`, or the file it leads to when it is a symbolic link (through every link):
    writing replaces that file, never the link. Raises OSError."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


# -- writing -----------------------------------------------------------------------------------


def write_atomic(
    path: Path,
    payload: bytes | Sequence[bytes | memoryview],
    *,
    before_replace: Callable[[Path], None] | None = None,
) -> None:
    """Write `payload` (bytes, or its pieces in order) to `path` so that a crash leaves the
    old or the new file, never a mix.

    The bytes go to a 0600 temp file in the same folder, are fsynced, and the temp file is
    renamed over `path`. When `path` is a symbolic link, the file it leads to is the one
    written, the same way in its own folder, and the link stays. `before_replace(path)`
    runs just before the rename, when the old file is still in place (given the file
    written); if it fails, nothing is replaced.
    """
    import tempfile

    tmp: Path | None = None
    try:
        path = resolved(path)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as out:
            for piece in [payload] if isinstance(payload, bytes) else payload:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        if before_replace is not None and path.exists():
            before_replace(path)
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise StorageFailed(
            f"Could not save {path}: {exc.strerror or exc}; nothing was changed."
        ) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def remove_stale_temps(home: Path) -> None:
    """Remove the temp files a writer killed mid-write left; call with the lock held."""
    for pattern in (f".{JOURNAL_FILE}-*.tmp", f"{INDEX_FILE}-*.tmp"):
        for stale in home.glob(pattern):
            stale.unlink(missing_ok=True)
    real = _linked_journal(JournalPaths(home))
    if real is not None:  # written beside the file it links to
        for stale in real.parent.glob(f".{real.name}-*.tmp"):
            stale.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make the entries of `folder` (a rename, a new file) durable; not every platform can
    open a folder."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
