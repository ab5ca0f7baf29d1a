"""The journal store: one JSON file, `journal.json`, in the mentorlog home.

The package, from the bottom up (each module imports only those before it, and nothing in
mentorlog but `errors`, `limits` and `__version__`):

- `files`: where the home's files lie, the lock, the atomic write (temp file, fsync,
  rename), the home created private, stale temp files removed.
- `backups`: snapshot names and retention in `backups/` (never parses a journal).
- `migrations`: pure steps bringing an older schema's tables up to date.
- `format`: the file format and its checks, refusals, timestamps; reads a file whole.
- `index`: the optional `.journal.index` and `backups/.snapshots.index`, fast paths that
  must read what `format` reads whole.
- `raw_records`: the records of a table that may hold some words, found in its bytes.
- `journal`: the `Journal` facade over TinyDB, `open_journal`, and saving a change.
- `held`: a read-only journal's stored records themselves, for a reader that only reads.
- `history`: undo, backup restore, and their listings.

Importers use the names below (`from mentorlog.store import Journal, open_journal`).
`backups`, `migrations` and `history` are loaded only by the commands that need them.
"""

from __future__ import annotations

from mentorlog import __version__
from mentorlog.errors import JournalBusy, JournalRefused, NotFound, StorageFailed
from mentorlog.lazy import attributes
from mentorlog.store.files import (
    BACKUP_DIR,
    DEFAULT_LOCK_TIMEOUT,
    INDEX_FILE,
    JOURNAL_FILE,
    LOCK_FILE,
    SNAPSHOT_INDEX_FILE,
    JournalPaths,
    fsync_dir,
    locked,
    write_atomic,
)
from mentorlog.store.format import (
    APP,
    META,
    SCHEMA,
    TABLES,
    TOMBSTONES,
    Record,
    load_file,
    newest_good_backup,
    read_stamp,
    stamp,
)
from mentorlog.store.index import INDEX_FORMAT
from mentorlog.store.journal import Journal, open_journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.store.history import (
        KEEP_BACKUPS,
        NOTHING_DESCRIBED,
        Backup,
        Change,
        Restored,
        Undone,
        changes,
        list_backups,
        restore_backup,
        undo,
    )

# `history` is loaded when one of its names is first asked for (PEP 562): the commands that
# only read the journal never undo or list backups, and its dataclasses cost milliseconds.
_WHERE = dict.fromkeys(
    ("KEEP_BACKUPS", "NOTHING_DESCRIBED", "Backup", "Change", "Restored", "Undone", "changes",
     "list_backups", "restore_backup", "undo"),
    "history",
)  # fmt: skip
__getattr__ = attributes(__name__, _WHERE)


__all__ = [
    "APP",
    "BACKUP_DIR",
    "DEFAULT_LOCK_TIMEOUT",
    "INDEX_FILE",
    "INDEX_FORMAT",
    "JOURNAL_FILE",
    "KEEP_BACKUPS",
    "LOCK_FILE",
    "META",
    "NOTHING_DESCRIBED",
    "SCHEMA",
    "SNAPSHOT_INDEX_FILE",
    "TABLES",
    "TOMBSTONES",
    "Backup",
    "Change",
    "Journal",
    "JournalBusy",
    "JournalPaths",
    "JournalRefused",
    "NotFound",
    "Record",
    "Restored",
    "StorageFailed",
    "Undone",
    "__version__",
    "changes",
    "fsync_dir",
    "list_backups",
    "load_file",
    "locked",
    "newest_good_backup",
    "open_journal",
    "read_stamp",
    "restore_backup",
    "stamp",
    "undo",
    "write_atomic",
]
