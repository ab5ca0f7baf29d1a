"""The journal store: the only module that touches TinyDB.

One JSON file, `journal.json`, in the mentorlog home. The guarantees, and how they are kept:

- A write is atomic: the new journal goes to a temp file in the same folder, is fsynced and
  then `os.replace`d over the old one, so a crash at any moment leaves the old or the new
  journal, never a torn one. TinyDB's own JSONStorage rewrites the file in place; ours only
  keeps the tables in memory and hands them to `_write_atomic` once, when the command ends.
- A writing command holds one exclusive lock (`.journal.lock`) for its whole read-modify-
  write, so parallel invocations never lose each other's changes. Readers take no lock:
  `os.replace` means they always see a whole journal.
- The journal is read and parsed once per command (orjson, with the garbage collector
  paused), because TinyDB's default storage re-reads the file on every table operation.
- A journal that is not JSON, not ours, or from a newer schema is refused and never written.
- Each change keeps the journal it replaced in `backups/` (a hard link: no copy), so the
  previous state can be restored.
- Record ids come from a counter in `_meta`, so an id is never handed out twice, even after
  the newest record is deleted (TinyDB alone would reuse it).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from mentorlog import __version__
from mentorlog.errors import JournalBusy, JournalRefused, StorageFailed

Record = dict[str, Any]

SCHEMA = 1
APP = "mentorlog"
JOURNAL_FILE = "journal.json"
LOCK_FILE = ".journal.lock"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 30
DEFAULT_LOCK_TIMEOUT = 10.0
TABLES = ("people", "goals", "meetings", "actions", "topics", "feedback", "milestones", "notes")
META = "_meta"
_META_ID = "1"
# Fields the store owns on every record; services never set them.
_OWN_FIELDS = frozenset({"id", "uid", "created", "updated"})


class _MemoryStorage(Storage):
    """TinyDB storage over tables already loaded; it only records that they changed."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.changed = False

    def read(self) -> dict[str, dict[str, Any]]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.changed = True


@dataclass(frozen=True)
class JournalPaths:
    """Where a journal and its companions live inside a mentorlog home."""

    home: Path

    @property
    def journal(self) -> Path:
        return self.home / JOURNAL_FILE

    @property
    def lock(self) -> Path:
        return self.home / LOCK_FILE

    @property
    def backups(self) -> Path:
        return self.home / BACKUP_DIR


class Journal:
    """An open journal. Reads return plain dicts (with `id`); writes go through TinyDB."""

    def __init__(self, paths: JournalPaths, data: dict[str, Any], *, writable: bool) -> None:
        self.paths = paths
        self.writable = writable
        self._db = TinyDB(data, storage=_MemoryStorage)

    # -- reading -------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        """Whether the journal file is on disk (a new home has none until the first write)."""
        return self.paths.journal.exists()

    @property
    def changed(self) -> bool:
        """Whether anything was written to the tables since the journal was opened."""
        return self._storage().changed

    @property
    def meta(self) -> Record:
        """The `_meta` record: schema, app version, id counters, the last change."""
        doc = self._db.table(META).get(doc_id=int(_META_ID))
        assert isinstance(doc, Document)
        return dict(doc)

    def all(self, table: str) -> list[Record]:
        """Every record of a table, in the order stored, each a fresh dict with its `id`."""
        records: list[Record] = []
        for doc in self._db.table(table):
            doc["id"] = doc.doc_id
            records.append(doc)
        return records

    def get(self, table: str, record_id: int) -> Record | None:
        doc = self._db.table(table).get(doc_id=record_id)
        if not isinstance(doc, Document):
            return None
        doc["id"] = doc.doc_id
        return doc

    def count(self, table: str) -> int:
        return len(self._db.table(table))

    # -- writing -------------------------------------------------------------------------

    def insert(self, table: str, fields: Mapping[str, Any], *, now: datetime) -> Record:
        """Store a new record; the store gives it `id`, `uid`, `created` and `updated`."""
        self._require_writable()
        record_id = self._allocate_id(table)
        created = stamp(now)
        record = {k: v for k, v in fields.items() if k not in _OWN_FIELDS}
        record.update(uid=str(uuid.uuid4()), created=created, updated=created)
        self._db.table(table).insert(Document(record, doc_id=record_id))
        stored = self.get(table, record_id)
        assert stored is not None
        return stored

    def update(
        self, table: str, record_id: int, changes: Mapping[str, Any], *, now: datetime
    ) -> Record:
        """Merge `changes` into a record; the fields it does not name, known or not, stay."""
        self._require_writable()
        clean = {k: v for k, v in changes.items() if k not in _OWN_FIELDS}

        def merge(doc: MutableMapping[str, Any]) -> None:
            doc.update(clean)
            doc["updated"] = stamp(now)

        if not self._db.table(table).update(merge, doc_ids=[record_id]):
            raise KeyError(f"{table} {record_id}")
        stored = self.get(table, record_id)
        assert stored is not None
        return stored

    def remove(self, table: str, record_id: int) -> None:
        self._require_writable()
        self._db.table(table).remove(doc_ids=[record_id])

    def restore(
        self, table: str, record: Mapping[str, Any], *, record_id: int | None = None
    ) -> Record:
        """Store a record brought back from an export as it was: its `uid`, `created`,
        `updated` and every other field kept, not stamped anew.

        It goes under `record_id`, which must be free, or else under a new id; either way
        the table's counter moves past it, so the id is never handed out again.
        """
        self._require_writable()
        if record_id is None:
            record_id = self._allocate_id(table)
        elif str(record_id) in self._raw_table(table) or record_id < 1:
            raise KeyError(f"{table} {record_id}")
        else:
            self.reserve_ids(table, record_id + 1)
        fields = {k: v for k, v in record.items() if k != "id"}
        self._db.table(table).insert(Document(fields, doc_id=record_id))
        stored = self.get(table, record_id)
        assert stored is not None
        return stored

    def replace(self, table: str, record_id: int, record: Mapping[str, Any]) -> Record:
        """Put `record` in place of a stored one, its `uid` and timestamps included (an
        import bringing a newer version of it); the id stays, fields `record` lacks go."""
        self._require_writable()
        fields = {k: v for k, v in record.items() if k != "id"}

        def swap(doc: MutableMapping[str, Any]) -> None:
            doc.clear()
            doc.update(fields)

        if not self._db.table(table).update(swap, doc_ids=[record_id]):
            raise KeyError(f"{table} {record_id}")
        stored = self.get(table, record_id)
        assert stored is not None
        return stored

    def reserve_ids(self, table: str, next_id: int) -> None:
        """Make sure no id below `next_id` is ever handed out in `table` from now on."""
        self._require_writable()
        counters = dict(self.meta.get("next_ids", {}))
        if int(counters.get(table, 1)) < next_id:
            counters[table] = next_id
            self._update_meta({"next_ids": counters})

    def tables(self) -> list[str]:
        """The tables records can be in: the known ones, then any others the file holds (from
        a newer mentorlog, or added by hand), never `_meta`."""
        others = sorted(name for name in self._storage().read() if name not in (*TABLES, META))
        return [*TABLES, *others]

    def describe(self, what: str, *, now: datetime) -> None:
        """Record what this change does, so `undo` can say what it undid."""
        self._update_meta({"last_change": {"at": stamp(now), "what": what}})

    def _allocate_id(self, table: str) -> int:
        counters = dict(self.meta.get("next_ids", {}))
        candidate = int(counters.get(table, 1))
        raw = self._raw_table(table)
        if str(candidate) in raw:
            # Someone edited the file by hand; never collide with what is there.
            candidate = max(int(key) for key in raw) + 1
        counters[table] = candidate + 1
        self._update_meta({"next_ids": counters})
        return candidate

    def _update_meta(self, changes: Mapping[str, Any]) -> None:
        def merge(doc: MutableMapping[str, Any]) -> None:
            doc.update(changes)

        self._db.table(META).update(merge, doc_ids=[int(_META_ID)])

    def _raw_table(self, table: str) -> Mapping[str, Any]:
        raw = self._storage().read().get(table, {})
        assert isinstance(raw, dict)
        return raw

    def _storage(self) -> _MemoryStorage:
        storage = self._db.storage
        assert isinstance(storage, _MemoryStorage)
        return storage

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("this journal was opened read-only")

    def _payload(self) -> bytes:
        data = self._storage().read()
        data[META][_META_ID]["app_version"] = __version__
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError as exc:
            raise StorageFailed(
                f"Could not save the journal {self.paths.journal}: a value cannot be stored as "
                f"JSON ({exc}); nothing was changed."
            ) from exc


# -- opening ---------------------------------------------------------------------------------


@contextlib.contextmanager
def open_journal(
    home: Path, *, write: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Iterator[Journal]:
    """Open the journal in `home`.

    For reading, no lock is taken and a missing journal reads as empty. For writing, the
    home is created (0700) if needed, the lock is held for the whole block, and the journal
    is saved atomically when the block ends without an exception and something changed.
    """
    paths = JournalPaths(home)
    if not write:
        yield Journal(paths, _load_or_new(paths), writable=False)
        return
    with locked(home, lock_timeout):
        journal = Journal(paths, _load_or_new(paths), writable=True)
        yield journal
        if journal.changed:
            _write_atomic(paths, journal._payload())


def _load_or_new(paths: JournalPaths) -> dict[str, Any]:
    data = load_file(paths.journal, backups=paths.backups)
    if data is not None:
        return data
    return {META: {_META_ID: {"app": APP, "schema": SCHEMA, "next_ids": {}}}}


def load_file(path: Path, *, backups: Path | None = None) -> dict[str, Any] | None:
    """Read and check a journal file; None when it does not exist.

    Refuses (JournalRefused) anything that is not a journal this version can safely write,
    naming the newest backup that does load, and never touches the file.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        hint = (
            "check its permissions"
            if isinstance(exc, PermissionError)
            else "check that the mentorlog home is a folder (--home or MENTORLOG_HOME)"
        )
        raise JournalRefused(f"Cannot read the journal {path}: {exc.strerror}; {hint}.") from exc
    problem, data = _parse(raw)
    if problem is None:
        return data
    raise JournalRefused(_refusal(path, problem, backups))


def _parse(raw: bytes) -> tuple[str | None, dict[str, Any]]:
    """Parse and check journal bytes: (None, data) when good, else (problem, {})."""
    gc.disable()  # parsing allocates many containers; collections mid-parse only cost time
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return f"is not valid JSON ({exc})", {}
    finally:
        gc.enable()
    problem = _check(data)
    return problem, (data if problem is None else {})


def _check(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "is not a mentorlog journal (it holds no tables)"
    meta_table = data.get(META)
    meta = meta_table.get(_META_ID) if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP:
        return "is not a mentorlog journal (it has no mentorlog _meta record)"
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        return f"is not a mentorlog journal (its schema {schema!r} is not a version number)"
    if schema > SCHEMA:
        return (
            f"was written by a newer mentorlog (journal schema {schema}, this mentorlog "
            f"{__version__} reads up to {SCHEMA})"
        )
    for name, table in data.items():
        if not isinstance(table, dict) or not all(
            key.isdigit() and isinstance(doc, dict) for key, doc in table.items()
        ):
            return f"is damaged (its table {name!r} is not a table of records)"
    return None


def _refusal(path: Path, problem: str, backups: Path | None) -> str:
    if "newer mentorlog" in problem:
        advice = "upgrade mentorlog (pip install -U mentorlog) to use it"
    else:
        good = newest_good_backup(backups) if backups is not None else None
        advice = (
            f"restore the newest good backup with: cp '{good}' '{path}'"
            if good is not None
            else "fix it by hand, or move it aside to start a new journal"
        )
    return f"The journal {path} {problem}; it was left untouched: {advice}."


def newest_good_backup(backups: Path) -> Path | None:
    """The newest snapshot in `backups` that loads as a journal this version can use."""
    for candidate in sorted(_snapshots(backups), reverse=True):
        try:
            problem, _ = _parse(candidate.read_bytes())
        except OSError:
            continue
        if problem is None:
            return candidate
    return None


def _snapshots(backups: Path) -> list[Path]:
    try:
        return [p for p in backups.iterdir() if p.name.startswith("journal-")]
    except OSError:
        return []


# -- locking and writing ---------------------------------------------------------------------


def _ensure_home(paths: JournalPaths) -> None:
    try:
        if not paths.home.is_dir():
            paths.home.mkdir(mode=0o700, parents=True)
            paths.home.chmod(0o700)  # mkdir's mode is masked by the umask
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
    # Imported here: only commands that write pay for it (about 16 ms).
    import filelock

    lock = filelock.FileLock(paths.lock, timeout=timeout, mode=0o600, preserve_lock_file=True)
    try:
        lock.acquire(poll_interval=0.01)
    except filelock.Timeout as exc:
        raise JournalBusy(
            f"The journal {paths.journal} is busy: another mentorlog command has held it for "
            f"{timeout:g} s; try again, or raise MENTORLOG_LOCK_TIMEOUT."
        ) from exc
    except OSError as exc:
        raise StorageFailed(
            f"Cannot lock the journal in {paths.home}: {exc.strerror}; nothing was changed."
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _write_atomic(paths: JournalPaths, payload: bytes) -> None:
    """Replace the journal with `payload`, keeping the old one as a snapshot."""
    _remove_stale_temps(paths.home)
    write_atomic(paths.journal, payload, before_replace=_snapshot)
    _prune_snapshots(paths.backups)


def write_atomic(
    path: Path, payload: bytes, *, before_replace: Callable[[Path], None] | None = None
) -> None:
    """Write `payload` to `path` so that a crash leaves the old or the new file, never a mix.

    The bytes go to a 0600 temp file in the same folder, are fsynced, and the temp file is
    renamed over `path`. `before_replace(path)` runs just before the rename, when the old
    file is still in place.
    """
    import tempfile

    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        if before_replace is not None and path.exists():
            before_replace(path)
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise StorageFailed(
            f"Could not save {path}: {exc.strerror or exc}; nothing was changed."
        ) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _remove_stale_temps(home: Path) -> None:
    # Left by a writer killed mid-write; safe to remove because we hold the lock.
    for stale in home.glob(f".{JOURNAL_FILE}-*.tmp"):
        stale.unlink(missing_ok=True)


def _snapshot(journal: Path) -> None:
    import shutil

    backups = journal.parent / BACKUP_DIR
    backups.mkdir(mode=0o700, exist_ok=True)
    seconds, nanos = divmod(time.time_ns(), 1_000_000_000)
    base = f"journal-{time.strftime('%Y%m%dT%H%M%S', time.gmtime(seconds))}.{nanos:09d}Z"
    target = backups / f"{base}.json"
    serial = 0
    while target.exists():
        serial += 1
        target = backups / f"{base}-{serial}.json"
    try:
        os.link(journal, target)
    except OSError:
        shutil.copy2(journal, target)  # a file system without hard links


def _prune_snapshots(backups: Path) -> None:
    for old in sorted(_snapshots(backups), reverse=True)[KEEP_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def stamp(now: datetime) -> str:
    """How every record's timestamps are written: ISO 8601 to the second, with the offset."""
    if now.tzinfo is None:
        raise ValueError("timestamps need an aware datetime")
    return now.isoformat(timespec="seconds")
