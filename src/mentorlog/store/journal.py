"""The journal: a TinyDB facade over tables held in memory, opened and saved as one file.

The only module that touches TinyDB (with `memory`, its storage). The guarantees:

- A write is atomic (`files.write_atomic`): TinyDB's own JSONStorage rewrites the file in
  place; ours only keeps the tables in memory and hands them over once, when the command
  ends.
- A writing command holds one exclusive lock (`files.locked`) for its whole read-modify-
  write, so parallel invocations never lose each other's changes. Readers take no lock:
  `os.replace` means they always see a whole journal.
- The journal is read once per command, because TinyDB's default storage re-reads the file
  on every table operation; through its index (`index`) when the store wrote it, else
  checked whole (`format`). An older schema is migrated in memory on every open; a reading
  command never writes it back, the first change saves it, keeping the old file as a
  snapshot first.
- Each change keeps the journal it replaced as a snapshot in `backups/` (a hard link: no
  copy; see `backups` for names and retention), and the new journal names that snapshot in
  `_meta.previous`: that is what `history` follows. The snapshot is on disk before the
  journal naming it replaces the old one, so a writer killed at any moment leaves a
  journal whose `undo` works.
- Record ids come from a counter in `_meta`, so an id is never handed out twice, even after
  the newest record is deleted (TinyDB alone would reuse it) or a change is undone.

TinyDB internals relied on (hence the pin in pyproject.toml): a table's writes read the
whole mapping from `Storage.read()`, replace the table in it, and hand that same mapping to
`Storage.write()` (asserted in `MemoryStorage.write`); `Table.get(doc_id=...)` looks the
id up in the mapping `Storage.read()` returned.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from mentorlog import __version__
from mentorlog.errors import JournalRefused
from mentorlog.limits import MAX_ID
from mentorlog.store import index, raw_records
from mentorlog.store.files import (
    DEFAULT_LOCK_TIMEOUT,
    JournalPaths,
    locked,
    remove_stale_temps,
    write_atomic,
)
from mentorlog.store.format import (
    META,
    META_ID,
    SCHEMA,
    TABLES,
    TOMBSTONES,
    Record,
    empty,
    refusal,
    stamp,
)
from mentorlog.store.index import Tables
from mentorlog.store.memory import Memory, memory_storage

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from tinydb import TinyDB

# Fields the store owns on every record; services never set them.
_OWN_FIELDS = frozenset({"id", "uid", "created", "updated"})


class Journal:
    """An open journal. Reads give records with their `id`, never the stored ones (copies,
    or read-only views); writes go through TinyDB."""

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
        self._memory = Memory(data if isinstance(data, Tables) else Tables(data))
        self._tinydb: TinyDB | None = None

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
        doc = self._raw_table(META).get(META_ID)  # as TinyDB reads it, without its import
        assert isinstance(doc, dict)
        return dict(doc)

    def all(self, table: str) -> list[Mapping[str, Any]]:
        """Every record of a table, in the order stored, each with its `id`; never the
        stored records themselves, so no caller can change what the journal holds.

        A journal open for writing gives fresh dicts. A read-only one gives read-only views
        of the records it holds (a view costs a fraction of a copy: copying 100,000 records
        cost a tenth of a second). Either way, nested lists and objects are the stored ones:
        read them, or copy before changing them.
        """
        raw = self._raw_table(table)
        if self.writable:
            return [{**doc, "id": int(key)} for key, doc in raw.items()]
        for key, doc in raw.items():
            doc["id"] = int(key)  # in the records held in memory only: nothing saves them
        return list(map(MappingProxyType, raw.values()))

    def sieved(self, table: str, words: Sequence[str]) -> raw_records.Found | None:
        """Read-only views of the records of `table` whose stored JSON holds every one of
        `words` (lowercase ASCII), and apart those its bytes cannot tell, read from the file
        where the index vouches for it (`raw_records.holding`); else None."""
        raw = None if self.writable or not words else self._storage().data.unchanged_bytes(table)
        return None if raw is None else raw_records.holding(raw, [w.encode() for w in words])

    def get(self, table: str, record_id: int) -> Record | None:
        """A copy of one record, with its `id`; None when there is none with that id. Read
        from the table held, as TinyDB reads it (a reader need not import TinyDB, 2 ms)."""
        doc = self._raw_table(table).get(str(record_id))
        return {**doc, "id": record_id} if isinstance(doc, dict) else None

    def count(self, table: str) -> int:
        data = self._storage().data  # a table not read yet is counted without parsing it
        return data.count(table) if table in data else 0

    def forget(self, table: str) -> None:
        """A reader done with a table lets its records go (a read-only journal read through
        its index parses it again if asked); nothing else changes."""
        if not self.writable:
            self._storage().data.forget(table)

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

    def remove(self, table: str, record_id: int, *, now: datetime) -> None:
        """Delete a record, leaving a tombstone (its table, uid and `now`) in the same
        change, so that an import never brings it back."""
        self._require_writable()
        doc = self._db.table(table).get(doc_id=record_id)
        if not isinstance(doc, dict):
            raise KeyError(f"{table} {record_id}")
        uid = doc.get("uid")
        self._db.table(table).remove(doc_ids=[record_id])
        if isinstance(uid, str) and uid:
            self.add_tombstones([(table, uid, stamp(now))])

    def tombstones(self) -> list[Record]:
        """What deletions left: {table, uid, at}, oldest first."""
        raw = self._raw_table(TOMBSTONES)
        return [dict(raw[key]) for key in sorted(raw, key=int)]

    def tombstoned(self) -> set[str]:
        """The uids of every deleted record."""
        return {str(t.get("uid")) for t in self._raw_table(TOMBSTONES).values()}

    def add_tombstones(self, entries: Iterable[tuple[str, str, str]]) -> int:
        """Record that the records (table, uid, at: a stored stamp) were deleted; those with
        a tombstone here already are left as they are. Returns how many were new."""
        self._require_writable()
        raw = self._raw_table(TOMBSTONES)
        known = {t.get("uid") for t in raw.values()}
        next_key = max((int(key) for key in raw if key.isdigit()), default=0) + 1
        added = 0
        for table, uid, at in entries:
            if uid in known:
                continue
            known.add(uid)
            self._put(TOMBSTONES, next_key, {"table": table, "uid": uid, "at": at})
            next_key += 1
            added += 1
        return added

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
        a newer mentorlog, or added by hand), never `_meta` or `_tombstones`."""
        own = (*TABLES, META, TOMBSTONES)
        others = sorted(name for name in self._storage().data if name not in own)
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
            # Someone edited the file by hand; never collide with what is there (ids past
            # MAX_ID, from a hand edit, are left alone, never counted on from).
            used = (int(key) for key in raw if key.isdigit() and len(key) <= 10)
            candidate = max((n for n in used if n <= MAX_ID), default=0) + 1
        if candidate > MAX_ID:
            raise JournalRefused(
                f"The journal {self.paths.journal} has no free id left in its table "
                f"{table!r} (ids go up to {MAX_ID:,}); restore a backup with "
                "`mentorlog backup restore NAME` or export and import the journal anew."
            )
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

        self._db.table(META).update(merge, doc_ids=[int(META_ID)])

    def _drop_meta(self, key: str) -> None:
        if key in self.meta:

            def drop(doc: MutableMapping[str, Any]) -> None:
                doc.pop(key, None)

            self._db.table(META).update(drop, doc_ids=[int(META_ID)])

    def _raw_table(self, table: str) -> dict[str, Any]:
        raw = self._storage().data.get(table, {})
        assert isinstance(raw, dict)
        return raw

    def _storage(self) -> Memory:
        return self._memory

    @property
    def _db(self) -> TinyDB:
        """The tables through TinyDB, made on first use (tinydb is 2 ms of imports)."""
        if self._tinydb is None:
            from tinydb import TinyDB

            self._tinydb = TinyDB(self._memory, storage=memory_storage())
        return self._tinydb

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("this journal was opened read-only")

    def _payload(self) -> tuple[list[bytes | memoryview], dict[str, tuple[int, int]]]:
        """The journal file's bytes, in pieces, and where each table's JSON lies in them."""
        self._update_meta({"app_version": __version__})
        return index.payload(self._storage().data, self.paths.journal)


def _counter(value: Any) -> int:
    """An id counter as stored, read forgivingly: a hand-edited one that is not a whole
    number from 1 to MAX_ID starts again from 1 (the caller then skips past ids in use)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 1
    try:
        number = int(value)
    except (ValueError, OverflowError):
        return 1
    return number if 1 <= number <= MAX_ID else 1


# -- opening and saving ------------------------------------------------------------------------


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
        data, schema = load_or_new(paths)
        yield Journal(paths, data, writable=False, schema_on_disk=schema)
        return
    with locked(home, lock_timeout):
        data, schema = load_or_new(paths)
        journal = Journal(paths, data, writable=True, schema_on_disk=schema)
        yield journal
        if journal.changed:
            _save(journal, replaces=schema is not None)


def save_open(journal: Journal) -> None:
    """Save a journal opened by hand under `locked` (not by `open_journal`) if it changed:
    for a command that writes files of its own after the journal, under the same lock."""
    if journal.changed:
        _save(journal, replaces=journal.schema_on_disk is not None)


def load_or_new(paths: JournalPaths) -> tuple[Mapping[str, Any], int | None]:
    """The journal's tables, migrated to SCHEMA, and the schema of the file (None: no file)."""
    found = index.inspect(paths.journal, paths)
    if found.problem is not None:
        raise JournalRefused(refusal(paths.journal, found, paths.backups))
    if found.data is None:
        return empty(), None
    return found.data, found.schema


def save_as_change(
    paths: JournalPaths,
    data: Mapping[str, Any],
    *,
    schema_on_disk: int | None,
    next_ids: Mapping[str, int],
    change: Record,
    now: datetime,
    replaces: bool,
) -> str | None:
    """Make the tables `data` the journal, as the change `change` (`_meta.last_change`),
    its id counters `next_ids`; returns the snapshot keeping the journal it replaced (None
    when there was none, `replaces` false). Call with the lock held."""
    journal = Journal(paths, data, writable=True, schema_on_disk=schema_on_disk)
    journal._update_meta({"next_ids": dict(next_ids)})
    journal._record_change(change, now)
    return _save(journal, replaces=replaces)


def _save(journal: Journal, *, replaces: bool) -> str | None:
    """Write the journal atomically, keeping the file it replaces as a snapshot first.

    Returns the snapshot's name (None when there was no journal to keep). The new journal
    names it in `_meta.previous`: that is how `undo` finds the state before this change.
    Call with the lock held.
    """
    from mentorlog.store import backups

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
    remove_stale_temps(paths.home)
    keep: Callable[[Path], None] | None = None
    if name is not None:
        snapshot = name

        def keep(old: Path) -> None:
            backups.take(old, paths.backups, snapshot)

    origin = journal._storage().data.origin
    from mentorlog.store import crypt

    sealed = crypt.seal(paths.home, payload)  # None: a plain home
    write_atomic(paths.journal, payload if sealed is None else sealed, before_replace=keep)
    if sealed is None:  # no index in an encrypted home: its offsets are the plain file's
        index.write_index(paths, spans, journal._storage().data)
    else:
        origin = None
    if name is not None:
        if origin is not None:  # read through the index: in this schema, not migrated
            index.remember(paths, name, origin)
        with contextlib.suppress(OSError):
            backups.prune(paths.backups, now=at, keep=[name], order=_change_order(paths, name))
    return name


def _change_order(paths: JournalPaths, newest: str) -> list[str]:
    """The snapshots newest change first, from `newest` back along `_meta.previous`, when
    the clock went back: some snapshot is named after a later moment than `newest`, so the
    names no longer sort in the order of the changes. [] otherwise (the names do)."""
    from mentorlog.store import backups

    found = backups.snapshots(paths.backups)
    if not found or found[0].name == newest:
        return []
    remembered = index.remembered_snapshots(paths)
    order: list[str] = []
    follow: Any = newest
    while isinstance(follow, str) and follow not in order and len(order) < backups.KEEP_RECENT:
        order.append(follow)
        kept = index.inspect_snapshot(paths.backups / follow, remembered.get(follow))
        if kept.data is None:
            break
        follow = kept.data[META][META_ID].get("previous")
    return order
