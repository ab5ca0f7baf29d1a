"""The journal store: the only module that touches TinyDB.

One JSON file, `journal.json`, in the mentorlog home. The guarantees, and how they are kept:

- A write is atomic: the new journal goes to a temp file in the same folder, is fsynced and
  then `os.replace`d over the old one, so a crash at any moment leaves the old or the new
  journal, never a torn one. TinyDB's own JSONStorage rewrites the file in place; ours only
  keeps the tables in memory and hands them to `_write_atomic` once, when the command ends.
- A writing command holds one exclusive lock (`.journal.lock`) for its whole read-modify-
  write, so parallel invocations never lose each other's changes. Readers take no lock:
  `os.replace` means they always see a whole journal.
- The journal is read once per command, because TinyDB's default storage re-reads the file
  on every table operation, and parsed with orjson, the garbage collector paused. A journal
  this store wrote itself is parsed a table at a time, when a command first asks for the
  table, and a write copies the bytes of the tables it did not change: beside the journal,
  `.journal.index` records where each table lies in the file, and the file's identity
  (inode, size, modification and change times) when it was written. Any other file (hand
  edited, copied back, from an older version, or an index that does not match) is parsed
  and checked whole, so the index can only make a command faster, never read wrong data.
- A journal that is not JSON, not ours, or from a newer schema is refused and never written;
  the refusal names the newest snapshot that loads and the command that restores it. An
  older schema is migrated in memory on every open (`migrations`); a reading command never
  writes it back, the first change saves it, keeping the old file as a snapshot first.
- Each change keeps the journal it replaced as a snapshot in `backups/` (a hard link: no
  copy; see `backups` for names and retention), and the new journal names that snapshot in
  `_meta.previous`. So the state before the last change is always known exactly: `undo`
  restores it, as a change of its own, whose snapshot is the state it undid (a second
  `undo` is a redo). The snapshot is on disk before the journal naming it replaces the old
  one, so a writer killed at any moment leaves a journal whose `undo` works.
- Record ids come from a counter in `_meta`, so an id is never handed out twice, even after
  the newest record is deleted (TinyDB alone would reuse it) or a change is undone.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from mentorlog import __version__
from mentorlog.errors import JournalBusy, JournalRefused, NotFound, StorageFailed

if TYPE_CHECKING:
    from mentorlog.backups import Snapshot

Record = dict[str, Any]

# The journal format this version writes; `migrations` brings every older one up to it.
SCHEMA = 2
APP = "mentorlog"
JOURNAL_FILE = "journal.json"
LOCK_FILE = ".journal.lock"
INDEX_FILE = ".journal.index"
INDEX_FORMAT = 1
# In backups/: for each snapshot a change left, where its `_meta` lies and which file it is,
# so that `undo --list` and `backup list` read a few hundred bytes of each, not all of it.
SNAPSHOT_INDEX_FILE = ".snapshots.index"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 30  # the newest snapshots always kept (plus one a day for 30 days)
DEFAULT_LOCK_TIMEOUT = 10.0
TABLES = ("people", "goals", "meetings", "actions", "topics", "feedback", "milestones", "notes")
META = "_meta"
_META_ID = "1"
# Fields the store owns on every record; services never set them.
_OWN_FIELDS = frozenset({"id", "uid", "created", "updated"})


class _Tables(MutableMapping[str, Any]):
    """The journal's tables by name, in the order of the file.

    Read from a file this store wrote (see `_indexed`), a table is parsed only when first
    asked for, from its bytes in `source`; until it is replaced, saving copies those bytes.
    Tables given parsed (a journal checked whole, a snapshot, a new one) have no bytes and
    are always serialized.
    """

    def __init__(
        self,
        parsed: Mapping[str, Any],
        source: bytes = b"",
        spans: Mapping[str, tuple[int, int]] | None = None,
        paths: JournalPaths | None = None,
        origin: _Origin | None = None,
    ) -> None:
        self._source = source
        self._paths = paths  # the journal `source` was read from
        self.origin = origin
        self._spans: dict[str, tuple[int, int]] = dict(spans or {})
        self._parsed: dict[str, Any] = dict(parsed)
        self._names: dict[str, None] = dict.fromkeys([*self._spans, *self._parsed])

    def __getitem__(self, name: str) -> Any:
        try:
            return self._parsed[name]
        except KeyError:
            pass
        start, end = self._spans[name]  # KeyError: no such table
        try:
            table = _parse_table(memoryview(self._source)[start:end])
        except _StaleIndex:
            assert self._paths is not None
            _refuse_stale(self._paths)
        self._parsed[name] = table
        return table

    def __setitem__(self, name: str, table: Any) -> None:
        self._parsed[name] = table
        self._spans.pop(name, None)  # changed: its bytes in the file are out of date
        self._names[name] = None

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._parsed.pop(name, None)
        self._spans.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def unchanged_bytes(self, name: str) -> memoryview | None:
        """The table's JSON as in the file, while it is unchanged; None once it changed."""
        span = self._spans.get(name)
        return memoryview(self._source)[span[0] : span[1]] if span else None


def _parse_table(raw: memoryview) -> dict[str, Any]:
    """One table's JSON, from a file whose index vouches for it (so it was checked when the
    store wrote it): anything else means the file changed under the index."""
    try:
        table = _loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _StaleIndex from exc
    if _table_problem(table):
        raise _StaleIndex
    assert isinstance(table, dict)
    return table


class _StaleIndex(Exception):
    """A table the index pointed at did not parse: the file is not the one indexed."""


def _refuse_stale(paths: JournalPaths) -> NoReturn:
    """Refuse a journal whose index proved wrong mid-command, as a whole check would have;
    the index goes, so that the next command checks the file whole."""
    with contextlib.suppress(OSError):
        paths.index.unlink()
    found = _inspect(paths.journal)
    if found.problem is not None:
        raise JournalRefused(_refusal(paths.journal, found, paths.backups))
    raise JournalRefused(
        f"The journal {paths.journal} changed while it was being read; it was left "
        "untouched: run the command again."
    )


@dataclass(frozen=True)
class _Origin:
    """The file a journal was read from through the index: its identity when read, and
    where its `_meta` lies in it. A change keeps that file as a snapshot (see _remember)."""

    identity: list[int]
    meta: tuple[int, int]


class _MemoryStorage(Storage):
    """TinyDB storage over tables already loaded; it only records that they changed."""

    def __init__(self, data: _Tables) -> None:
        self.data = data
        self.changed = False

    def read(self) -> Any:
        return self.data

    def write(self, data: Any) -> None:
        assert data is self.data  # TinyDB hands back the mapping it read, table replaced
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

    @property
    def index(self) -> Path:
        return self.home / INDEX_FILE


class Journal:
    """An open journal. Reads return plain dicts (with `id`); writes go through TinyDB."""

    def __init__(
        self,
        paths: JournalPaths,
        data: Mapping[str, Any],
        *,
        writable: bool,
        schema_on_disk: int | None = None,
    ) -> None:
        self.paths = paths
        self.writable = writable
        # The schema of the file as read (None: no file yet); below SCHEMA means the tables
        # were migrated in memory and the first save replaces an older file.
        self.schema_on_disk = schema_on_disk
        self._change_at: datetime | None = None
        self._db = TinyDB(
            data if isinstance(data, _Tables) else _Tables(data), storage=_MemoryStorage
        )

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
        """Every record of a table, in the order stored, each with its `id`.

        A journal open for writing gives fresh dicts. A read-only one gives the records it
        holds, which nothing saves: copying 100,000 of them cost a tenth of a second.
        """
        raw = self._raw_table(table)
        if self.writable:
            return [{**doc, "id": int(key)} for key, doc in raw.items()]
        for key, doc in raw.items():
            doc["id"] = int(key)
        return list(raw.values())

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
        import uuid  # only writing commands pay for it, and `platform` it imports

        self._require_writable()
        record_id = self._allocate_id(table)
        created = stamp(now)
        record = {k: v for k, v in fields.items() if k not in _OWN_FIELDS}
        record.update(uid=str(uuid.uuid4()), created=created, updated=created)
        self._put(table, record_id, record)
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
        self._put(table, record_id, fields)
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
        others = sorted(name for name in self._storage().data if name not in (*TABLES, META))
        return [*TABLES, *others]

    def describe(self, what: str, *, now: datetime) -> None:
        """Record what this change does, so `undo` can say what it undid."""
        self._record_change({"at": stamp(now), "what": what}, now)

    def _record_change(self, change: Record, now: datetime) -> None:
        self._update_meta({"last_change": change})
        self._change_at = now

    def _allocate_id(self, table: str) -> int:
        stored = self.meta.get("next_ids")
        counters = dict(stored) if isinstance(stored, Mapping) else {}
        candidate = _counter(counters.get(table))
        raw = self._raw_table(table)
        if str(candidate) in raw:
            # Someone edited the file by hand; never collide with what is there.
            candidate = max(int(key) for key in raw if key.isdigit()) + 1
        counters[table] = candidate + 1
        self._update_meta({"next_ids": counters})
        return candidate

    def _put(self, table: str, record_id: int, fields: Record) -> None:
        """Store a record under a free id, straight into its table: TinyDB's `insert` copies
        the whole table twice per record, which made an import of 10,000 records spend
        3.4 of its 3.9 s there."""
        tables = self._storage().data
        raw = tables.get(table, {})
        key = str(record_id)
        if key in raw:
            raise KeyError(f"{table} {record_id} exists")
        raw[key] = fields
        tables[table] = raw  # the table changed: it will be written, not copied
        self._storage().changed = True

    def _update_meta(self, changes: Mapping[str, Any]) -> None:
        def merge(doc: MutableMapping[str, Any]) -> None:
            doc.update(changes)

        self._db.table(META).update(merge, doc_ids=[int(_META_ID)])

    def _drop_meta(self, key: str) -> None:
        if key in self.meta:

            def drop(doc: MutableMapping[str, Any]) -> None:
                doc.pop(key, None)

            self._db.table(META).update(drop, doc_ids=[int(_META_ID)])

    def _raw_table(self, table: str) -> dict[str, Any]:
        raw = self._storage().data.get(table, {})
        assert isinstance(raw, dict)
        return raw

    def _storage(self) -> _MemoryStorage:
        storage = self._db.storage
        assert isinstance(storage, _MemoryStorage)
        return storage

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("this journal was opened read-only")

    def _payload(self) -> tuple[list[bytes | memoryview], dict[str, tuple[int, int]]]:
        """The journal file's bytes, in pieces, and where each table's JSON lies in them.

        The bytes are those of `orjson.dumps(tables, option=OPT_INDENT_2)` plus a newline,
        but built a table at a time, so that a table left unchanged is copied from the file
        read, not serialized again.
        """
        tables = self._storage().data
        self._update_meta({"app_version": __version__})
        parts: list[bytes | memoryview] = [b"{\n  "]
        offset = 4
        spans: dict[str, tuple[int, int]] = {}
        for position, name in enumerate(tables):
            if position:
                parts.append(b",\n  ")
                offset += 4
            key = orjson.dumps(name) + b": "
            value: bytes | memoryview | None = tables.unchanged_bytes(name)
            if value is None:
                value = self._dumped(name, tables[name])[len(key) :]
            parts += [key, value]
            offset += len(key)
            spans[name] = (offset, offset + len(value))
            offset += len(value)
        parts.append(b"\n}\n")
        return parts, spans

    def _dumped(self, name: str, table: Any) -> bytes:
        """`"name": {table}` as it reads inside the indented journal."""
        try:
            whole = orjson.dumps({name: table}, option=orjson.OPT_INDENT_2)
        except orjson.JSONEncodeError as exc:
            raise StorageFailed(
                f"Could not save the journal {self.paths.journal}: a value cannot be stored as "
                f"JSON ({exc}); nothing was changed."
            ) from exc
        return whole[4:-2]  # without the "{\n  " and "\n}" around it


# -- opening ---------------------------------------------------------------------------------


def _counter(value: Any) -> int:
    """An id counter as stored, read forgivingly: a hand-edited one that is not a whole
    number of at least 1 starts again from 1 (the caller then skips past ids in use)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 1
    try:
        number = int(value)
    except (ValueError, OverflowError):
        return 1
    return max(1, number)


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
        data, schema = _load_or_new(paths)
        yield Journal(paths, data, writable=False, schema_on_disk=schema)
        return
    with locked(home, lock_timeout):
        data, schema = _load_or_new(paths)
        journal = Journal(paths, data, writable=True, schema_on_disk=schema)
        yield journal
        if journal.changed:
            _save(journal, replaces=schema is not None)


def _load_or_new(paths: JournalPaths) -> tuple[Mapping[str, Any], int | None]:
    """The journal's tables, migrated to SCHEMA, and the schema of the file (None: no file)."""
    found = _inspect(paths.journal, index=paths)
    if found.problem is not None:
        raise JournalRefused(_refusal(paths.journal, found, paths.backups))
    if found.data is None:
        return _empty(), None
    return found.data, found.schema


def _empty() -> dict[str, Any]:
    return {META: {_META_ID: {"app": APP, "schema": SCHEMA, "next_ids": {}}}}


def load_file(path: Path, *, backups: Path | None = None) -> Mapping[str, Any] | None:
    """Read, check and migrate a journal file; None when it does not exist.

    Refuses (JournalRefused) anything that is not a journal this version can safely write,
    naming the newest snapshot that does load, and never touches the file.
    """
    found = _inspect(path)
    if found.problem is not None:
        raise JournalRefused(_refusal(path, found, backups))
    return found.data


class _Inspection:
    """What a journal file holds: its tables (migrated), or why it cannot be used."""

    __slots__ = ("data", "kind", "problem", "schema")

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,  # None: no file, or a problem
        schema: int | None = None,  # the schema the file was written with
        problem: str | None = None,
        kind: str = "ok",  # ok, missing, unreadable, damaged, newer
    ) -> None:
        self.data = data
        self.schema = schema
        self.problem = problem
        self.kind = kind

    @property
    def loads(self) -> bool:
        return self.data is not None


def _inspect(path: Path, *, index: JournalPaths | None = None) -> _Inspection:
    """Read a journal file and check it; with `index` (the paths of the journal it is),
    a file the index vouches for is parsed a table at a time instead, when asked."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
            identity = _identity(os.fstat(file.fileno()))
    except FileNotFoundError:
        return _Inspection(kind="missing")
    except OSError as exc:
        hint = (
            "check its permissions"
            if isinstance(exc, PermissionError)
            else "check that the mentorlog home is a folder (--home or MENTORLOG_HOME)"
        )
        return _Inspection(problem=f"{exc.strerror}; {hint}", kind="unreadable")
    if index is not None:
        indexed = _indexed(raw, identity, index)
        if indexed is not None:
            return _Inspection(data=indexed, schema=SCHEMA)
    return _inspect_bytes(raw)


def _identity(found: os.stat_result) -> list[int]:
    """What tells a file the store wrote from any later version of it. Editing a file, or
    copying one over it, changes its change time (ctime), which no tool can set back."""
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def _indexed(raw: bytes, identity: list[int], paths: JournalPaths) -> _Tables | None:
    """The journal's tables, to be parsed one by one as asked, if the index describes this
    very file, written by this store in the current schema; else None (check it whole)."""
    try:
        index = orjson.loads(paths.index.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        return None
    if index.get("journal") != identity or not isinstance(index.get("tables"), list):
        return None
    spans: dict[str, tuple[int, int]] = {}
    end = 0
    for entry in index["tables"]:
        match entry:
            case [str(name), int(start), int(stop)] if end < start < stop <= len(raw):
                if raw[start] != ord("{") or raw[stop - 1] != ord("}"):
                    return None
                spans[name] = (start, stop)
                end = stop
            case _:
                return None
    if META not in spans:
        return None
    meta = _current_meta(memoryview(raw)[slice(*spans[META])])
    if meta is None:
        return None  # an older or newer schema: the whole check migrates or refuses it
    tables = _Tables({}, raw, spans, paths, _Origin(identity, spans[META]))
    tables[META] = meta
    return tables


def _current_meta(raw: memoryview) -> dict[str, Any] | None:
    """The `_meta` table whose JSON an index points at, parsed and checked, if it is one of
    this schema; else None (not `_meta`, or a file the index no longer describes)."""
    try:
        meta = _parse_table(raw)
    except _StaleIndex:
        return None
    if _check({META: meta}) is not None or meta[_META_ID]["schema"] != SCHEMA:
        return None
    return meta


def _inspect_bytes(raw: bytes) -> _Inspection:
    problem, data = _parse(raw)
    if problem is not None:
        return _Inspection(problem=problem, kind="newer" if _NEWER in problem else "damaged")
    return _Inspection(data=data, schema=_upgrade(data))


def _upgrade(data: dict[str, Any]) -> int:
    """Migrate checked tables to SCHEMA in memory; the schema they had."""
    schema = int(data[META][_META_ID]["schema"])
    if schema < SCHEMA:
        from mentorlog import migrations

        migrations.migrate(data, SCHEMA)
    return schema


def _parse(raw: bytes) -> tuple[str | None, dict[str, Any]]:
    """Parse and check journal bytes: (None, data) when good, else (problem, {})."""
    try:
        data = _loads(raw)
    except orjson.JSONDecodeError as exc:
        return f"is not valid JSON ({exc})", {}
    problem = _check(data)
    return problem, (data if problem is None else {})


def _loads(raw: bytes | memoryview) -> Any:
    """orjson.loads with the garbage collector paused: parsing allocates many containers,
    and collections mid-parse only cost time. A caller that turned it off keeps it off."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(raw)
    finally:
        if collecting:
            gc.enable()


_NEWER = "was written by a newer mentorlog"


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
            f"{_NEWER} (journal schema {schema}, this mentorlog {__version__} reads up to {SCHEMA})"
        )
    for name, table in data.items():
        if _table_problem(table):
            return f"is damaged (its table {name!r} is not a table of records)"
    return None


def _table_problem(table: Any) -> bool:
    """Whether `table` is not a table of records: ids (digits) to objects."""
    return not (
        isinstance(table, dict)
        and all(map(str.isdigit, table))
        and all(type(doc) is dict for doc in table.values())
    )


def _refusal(path: Path, found: _Inspection, backups: Path | None) -> str:
    if found.kind == "unreadable":
        return f"Cannot read the journal {path}: {found.problem}."
    if found.kind == "newer":
        advice = "upgrade mentorlog (pip install -U mentorlog) to use it"
    else:
        good = newest_good_backup(backups) if backups is not None else None
        advice = (
            f"restore the newest snapshot that loads with: mentorlog backup restore {good.name}"
            if good is not None
            else "fix it by hand, or move it aside to start a new journal"
        )
    return f"The journal {path} {found.problem}; it was left untouched: {advice}."


def newest_good_backup(backups: Path) -> Path | None:
    """The newest snapshot in `backups` that loads as a journal this version can use.

    Only a refusal calls this: reading commands never look at the snapshots.
    """
    from mentorlog.backups import snapshots

    for snapshot in snapshots(backups):
        if _inspect(backups / snapshot.name).loads:
            return backups / snapshot.name
    return None


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


def _save(journal: Journal, *, replaces: bool) -> str | None:
    """Write the journal atomically, keeping the file it replaces as a snapshot first.

    Returns the snapshot's name (None when there was no journal to keep). The new journal
    names it in `_meta.previous`: that is how `undo` finds the state before this change.
    Call with the lock held.
    """
    from mentorlog import backups

    paths = journal.paths
    at = journal._change_at
    if at is None:
        # A change nobody described (only the store's own tests make one): it must not pass
        # for the change before it, which `undo` would then name.
        journal._drop_meta("last_change")
        at = datetime.now(UTC)
    name: str | None = None
    if replaces:
        migrating = journal.schema_on_disk is not None and journal.schema_on_disk < SCHEMA
        label = f"{backups.MIGRATION_LABEL}{SCHEMA}" if migrating else None
        name = backups.new_name(paths.backups, at, label=label)
    journal._update_meta({"previous": name})
    payload, spans = journal._payload()
    _remove_stale_temps(paths.home)
    keep: Callable[[Path], None] | None = None
    if name is not None:
        snapshot = name

        def keep(old: Path) -> None:
            backups.take(old, paths.backups, snapshot)

    origin = journal._storage().data.origin
    write_atomic(paths.journal, payload, before_replace=keep)
    _write_index(paths, spans)
    if name is not None:
        with contextlib.suppress(OSError):
            backups.prune(paths.backups, now=at, keep=[name])
        if origin is not None:  # read through the index: in this schema, not migrated
            _remember(paths, name, origin)
    return name


def _remember(paths: JournalPaths, name: str, origin: _Origin) -> None:
    """Record where the snapshot `name` holds its `_meta`, and which file it is, in the
    snapshot index; drop the snapshots pruned. Only when the snapshot is the very file the
    journal was read from (a hard link, same size and modification time): a copy, or a file
    changed meanwhile, is left to be checked whole. Like the journal's index, a speed-up:
    not fsynced, and if it cannot be written the listings read the snapshots whole."""
    from mentorlog import backups

    with contextlib.suppress(OSError):
        identity = _identity((paths.backups / name).stat())
        if identity[:4] != origin.identity[:4]:
            return
        kept = {snapshot.name for snapshot in backups.snapshots(paths.backups)}
        remembered = {
            snapshot: entry
            for snapshot, entry in _remembered_snapshots(paths).items()
            if snapshot in kept
        }
        remembered[name] = {"file": identity, "meta": list(origin.meta)}
        index = {"format": INDEX_FORMAT, "snapshots": remembered}
        _write_cache(paths, paths.backups / SNAPSHOT_INDEX_FILE, index)


def _remembered_snapshots(paths: JournalPaths) -> dict[str, Any]:
    """The snapshot index's entries by snapshot name ({} when there is none to read)."""
    try:
        index = orjson.loads((paths.backups / SNAPSHOT_INDEX_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        return {}
    snapshots = index.get("snapshots")
    return snapshots if isinstance(snapshots, dict) else {}


def _inspect_snapshot(path: Path, entry: Any) -> _Inspection:
    """What a listing needs of a snapshot: whether it loads, and its `_meta`, which is all
    the tables it gives (a listing holds dozens). Read alone where the snapshot index
    vouches for the file (the same file, unchanged since); else the snapshot checked whole."""
    meta = _remembered_meta(path, entry)
    if meta is not None:
        return _Inspection(data={META: meta}, schema=SCHEMA)
    found = _inspect(path)
    if found.data is None:
        return found
    return _Inspection(data={META: found.data[META]}, schema=found.schema)


def _remembered_meta(path: Path, entry: Any) -> dict[str, Any] | None:
    """The snapshot's `_meta` where its snapshot index entry vouches for the file; else None."""
    match entry:
        case {"file": list(identity), "meta": [int(start), int(stop)]} if 0 <= start < stop:
            pass
        case _:
            return None
    try:
        with open(path, "rb") as file:
            if _identity(os.fstat(file.fileno())) != identity:
                return None
            raw = os.pread(file.fileno(), stop - start, start)
    except OSError:
        return None
    if len(raw) != stop - start or raw[:1] != b"{" or raw[-1:] != b"}":
        return None
    return _current_meta(memoryview(raw))


def _write_index(paths: JournalPaths, spans: Mapping[str, tuple[int, int]]) -> None:
    """Record where each table lies in the journal just written, and which file that is.

    Only a speed-up: it is not fsynced, and if it cannot be written the next command
    checks the journal whole. Call with the lock held, right after the journal's rename.
    """
    try:
        index = {
            "format": INDEX_FORMAT,
            "journal": _identity(paths.journal.stat()),
            "tables": [[name, start, end] for name, (start, end) in spans.items()],
        }
        _write_cache(paths, paths.index, index)
    except OSError:
        with contextlib.suppress(OSError):
            paths.index.unlink()


def _write_cache(paths: JournalPaths, target: Path, content: Any) -> None:
    """Replace one of the store's indexes with `content`, whole or not at all; not fsynced.
    The temporary file lies beside the journal's index, where the next writer removes one
    a writer killed mid-write left (_remove_stale_temps). Raises OSError."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f"{INDEX_FILE}-", suffix=".tmp", dir=paths.home)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(orjson.dumps(content))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(
    path: Path,
    payload: bytes | Sequence[bytes | memoryview],
    *,
    before_replace: Callable[[Path], None] | None = None,
) -> None:
    """Write `payload` (bytes, or its pieces in order) to `path` so that a crash leaves the
    old or the new file, never a mix.

    The bytes go to a 0600 temp file in the same folder, are fsynced, and the temp file is
    renamed over `path`. `before_replace(path)` runs just before the rename, when the old
    file is still in place; if it fails, nothing is replaced.
    """
    import tempfile

    tmp: Path | None = None
    try:
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


def _remove_stale_temps(home: Path) -> None:
    # Left by a writer killed mid-write; safe to remove because we hold the lock.
    for pattern in (f".{JOURNAL_FILE}-*.tmp", f"{INDEX_FILE}-*.tmp"):
        for stale in home.glob(pattern):
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


# -- undo and snapshots ------------------------------------------------------------------------
#
# The journal and its snapshots form a chain: each names, in `_meta.previous`, the snapshot
# of the journal it replaced (None: it was the first). Journals written before that field
# existed fall back on the newest snapshot older than themselves, which is what the first
# releases' one-snapshot-per-change amounted to.

_UNKNOWN = "\x00unknown"  # no snapshot is known to hold the state before a change
NOTHING_DESCRIBED = "the last change"


@dataclass(frozen=True)
class Undone:
    """What `undo` did: undid (or, undoing an undo, redid) `change`, by restoring the
    snapshot `restored` (None: the empty journal before the first change); the journal it
    replaced is now the snapshot `kept`, which the next `undo` brings back."""

    redo: bool
    change: str
    restored: str | None
    kept: str | None


def undo(home: Path, *, now: datetime, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Undone:
    """Restore the journal as it was before its last change, as a change of its own.

    Ids stay past every id handed out, so a record added after an undo never takes the id
    of the one undone.
    """
    paths = JournalPaths(home)
    with locked(home, lock_timeout):
        current, schema = _load_or_new(paths)
        if schema is None:
            raise NotFound(f"Nothing to undo: there is no journal in {home} yet.")
        meta = current[META][_META_ID]
        redo, change, record = _reversal(meta.get("last_change"), now)
        from mentorlog.backups import snapshots

        before = _previous_of(meta, None, snapshots(paths.backups), paths)
        if before == _UNKNOWN:
            if "last_change" not in meta:
                raise NotFound("Nothing to undo: the journal records no change that can be undone.")
            raise NotFound(
                f"Cannot undo {change}: no snapshot of the journal before it is left in "
                f"{paths.backups}; `mentorlog backup list` shows the ones there are."
            )
        data = _empty() if before is None else _snapshot_data(paths, before, f"undo {change}")
        journal = Journal(paths, data, writable=True, schema_on_disk=schema)
        journal._update_meta({"next_ids": _highest_ids(meta, data[META][_META_ID])})
        journal._record_change(record, now)
        kept = _save(journal, replaces=True)
    return Undone(redo=redo, change=change, restored=before, kept=kept)


def _reversal(last: Any, now: datetime) -> tuple[bool, str, Record]:
    """(whether it is a redo, the change undone or redone, the record of this change)."""
    last = last if isinstance(last, dict) else {}
    what = last.get("what")
    at = stamp(now)
    if isinstance(last.get("undid"), str):
        change = last["undid"]
        return True, change, {"at": at, "what": f"redo: {change}", "redid": change}
    change = last["redid"] if isinstance(last.get("redid"), str) else what
    if not isinstance(change, str) or not change:
        change = NOTHING_DESCRIBED
    return False, change, {"at": at, "what": f"undo: {change}", "undid": change}


@dataclass(frozen=True)
class Restored:
    """What `backup restore` did: the journal is now the snapshot `name`, which held the
    journal as it was after `after`; the journal it replaced is now the snapshot `kept`
    (None: there was none), `damaged` if it did not load."""

    name: str
    after: str | None
    kept: str | None
    damaged: bool


def restore_backup(
    home: Path, name: str, *, now: datetime, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Restored:
    """Make the snapshot `name` the journal again, as a change `undo` can take back.

    It works when the journal itself is damaged (then the damaged file is kept as a
    snapshot), but never over a journal from a newer mentorlog.
    """
    paths = JournalPaths(home)
    with locked(home, lock_timeout):
        name = _snapshot_name(paths, name)
        data = _snapshot_data(paths, name, f"restore {name}")
        current = _inspect(paths.journal)
        if current.kind in ("unreadable", "newer"):
            raise JournalRefused(_refusal(paths.journal, current, None))
        current_meta = current.data[META][_META_ID] if current.data is not None else {}
        restored_meta = data[META][_META_ID]
        after = _described(restored_meta)  # before this change's own record replaces it
        journal = Journal(paths, data, writable=True, schema_on_disk=current.schema)
        journal._update_meta({"next_ids": _highest_ids(current_meta, restored_meta)})
        change = {"at": stamp(now), "what": f"backup restore {name}", "restored": name}
        journal._record_change(change, now)
        kept = _save(journal, replaces=current.kind != "missing")
    return Restored(name=name, after=after, kept=kept, damaged=current.kind == "damaged")


@dataclass(frozen=True)
class Change:
    """One change in the journal's history, newest first in `changes`: what it was, when,
    and the snapshot holding the journal before it. `state` says whether that journal can
    be restored: "ok", "empty" (the first change: before it, no journal), "missing" (the
    snapshot was deleted), "damaged" (it does not load) or "unknown" (none was kept)."""

    at: str | None
    what: str
    before: str | None
    state: str

    @property
    def restorable(self) -> bool:
        return self.state in ("ok", "empty")


def changes(home: Path, *, limit: int = KEEP_BACKUPS) -> list[Change]:
    """The journal's recent changes, newest first, following `_meta.previous` back through
    the snapshots. Where the journal before a change is lost, the history of a restore goes
    on with the snapshot it restored; anything else ends there. Takes no lock."""
    from mentorlog.backups import parse_name, snapshots

    paths = JournalPaths(home)
    found = _inspect(paths.journal, index=paths)
    if found.problem is not None:
        raise JournalRefused(_refusal(paths.journal, found, paths.backups))
    if found.data is None:
        return []
    kept = snapshots(paths.backups)
    remembered = _remembered_snapshots(paths)
    meta: Record = found.data[META][_META_ID]
    node: Snapshot | None = None
    result: list[Change] = []
    seen: set[str] = set()
    while len(result) < limit and isinstance(meta.get("last_change"), dict):
        last = meta["last_change"]
        at = last.get("at") if isinstance(last.get("at"), str) else None
        before = _previous_of(meta, node, kept, paths)
        if before is None or before == _UNKNOWN:
            state, inspected = ("empty" if before is None else "unknown"), _Inspection()
            before = None
        else:
            inspected = _inspect_snapshot(paths.backups / before, remembered.get(before))
            state = "ok" if inspected.loads else inspected.kind
        result.append(Change(at, _described(meta) or NOTHING_DESCRIBED, before, state))
        follow = before
        if inspected.data is None and isinstance(last.get("restored"), str):
            follow = last["restored"]  # the journal it brought back has a history of its own
            inspected = _inspect_snapshot(paths.backups / follow, remembered.get(follow))
        if follow is None or inspected.data is None or follow in seen:
            break
        seen.add(follow)
        meta = inspected.data[META][_META_ID]
        node = parse_name(follow)
    return result


@dataclass(frozen=True)
class Backup:
    """One snapshot, for `backup list`: when it was taken (UTC), its size, whether it loads
    (else why not), the change that made the journal it holds (`after`) and the change that
    replaced it (`replaced_by`); `undo` marks the one `mentorlog undo` would restore."""

    name: str
    taken: datetime
    size: int
    loads: bool
    problem: str | None
    after: str | None
    replaced_by: str | None
    migration: bool
    undo: bool


def list_backups(home: Path) -> list[Backup]:
    """Every snapshot in the home's `backups/`, newest first; works when the journal itself
    is damaged (that is when it is needed). Takes no lock."""
    from mentorlog.backups import snapshots

    paths = JournalPaths(home)
    kept = snapshots(paths.backups)
    remembered = _remembered_snapshots(paths)
    inspected = {
        s.name: _inspect_snapshot(paths.backups / s.name, remembered.get(s.name)) for s in kept
    }
    journal = _inspect(paths.journal, index=paths)
    replaced_by: dict[str, str] = {}
    undo_target: str | None = None
    for node, found in [(None, journal), *((s, inspected[s.name]) for s in kept)]:
        if found.data is None:
            continue
        meta = found.data[META][_META_ID]
        before = _previous_of(meta, node, kept, paths)
        if before is None or before == _UNKNOWN:
            continue
        replaced_by.setdefault(before, _described(meta) or NOTHING_DESCRIBED)
        if node is None:
            undo_target = before
    result = []
    for snapshot in kept:
        found = inspected[snapshot.name]
        try:
            size = (paths.backups / snapshot.name).stat().st_size
        except OSError:
            continue  # pruned by a writer meanwhile
        meta = found.data[META][_META_ID] if found.data is not None else {}
        result.append(
            Backup(
                name=snapshot.name,
                taken=snapshot.taken,
                size=size,
                loads=found.loads,
                problem=found.problem,
                after=_described(meta),
                replaced_by=replaced_by.get(snapshot.name),
                migration=snapshot.migration,
                undo=snapshot.name == undo_target,
            )
        )
    return result


def _previous_of(
    meta: Mapping[str, Any], node: Snapshot | None, kept: list[Snapshot], paths: JournalPaths
) -> str | None:
    """The snapshot holding the journal before the one with `meta` (the journal itself when
    `node` is None): a name, None for the empty journal before the first change, or
    _UNKNOWN."""
    if "previous" in meta and (meta["previous"] is None or isinstance(meta["previous"], str)):
        previous: str | None = meta["previous"]
        return previous
    for snapshot in kept:  # newest first
        if node is not None and not snapshot < node:
            continue
        if node is None and _same_file(paths.backups / snapshot.name, paths.journal):
            continue  # left by a change killed before it saved: it is the journal itself
        return snapshot.name
    return _UNKNOWN


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _snapshot_name(paths: JournalPaths, given: str) -> str:
    """The snapshot `given` names (".json" may be left off), or NotFound."""
    from mentorlog.backups import parse_name

    name = given.strip()
    if not name.endswith(".json"):
        name += ".json"
    if parse_name(name) is None or not (paths.backups / name).is_file():
        raise NotFound(
            f"No snapshot named '{given}' in {paths.backups}; `mentorlog backup list` shows "
            "the ones there are."
        )
    return name


def _snapshot_data(paths: JournalPaths, name: str, doing: str) -> Mapping[str, Any]:
    """The tables of the snapshot `name`, migrated; NotFound or JournalRefused saying why
    `doing` cannot be done."""
    found = _inspect(paths.backups / name)
    if found.kind == "missing":
        raise NotFound(
            f"Cannot {doing}: its snapshot {name} is no longer in {paths.backups}; "
            "`mentorlog backup list` shows the ones there are."
        )
    if found.data is None:
        raise JournalRefused(
            f"Cannot {doing}: the snapshot {name} {found.problem}; `mentorlog backup list` "
            "shows the ones that load."
        )
    return found.data


def _described(meta: Mapping[str, Any]) -> str | None:
    last = meta.get("last_change")
    what = last.get("what") if isinstance(last, dict) else None
    return what if isinstance(what, str) and what else None


def _highest_ids(*metas: Mapping[str, Any]) -> dict[str, int]:
    """Each table's id counter, the highest of `metas`: ids are never handed out twice."""
    counters: dict[str, int] = {}
    for meta in metas:
        found = meta.get("next_ids")
        for table, value in found.items() if isinstance(found, dict) else ():
            if isinstance(value, int) and not isinstance(value, bool):
                counters[table] = max(counters.get(table, 1), value)
    return counters


def stamp(now: datetime) -> str:
    """How every record's timestamps are written: ISO 8601 to the second, with the offset."""
    if now.tzinfo is None:
        raise ValueError("timestamps need an aware datetime")
    return now.isoformat(timespec="seconds")


def read_stamp(value: Any) -> datetime | None:
    """A stored timestamp read back (`stamp`'s counterpart): None when it is missing or not
    ISO 8601; one without an offset, from a hand edit, is taken as UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
