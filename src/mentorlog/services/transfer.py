"""Moving a whole journal out and back in: a versioned JSON dump, and loading one.

The dump holds every record as the store keeps it (id, uid, timestamps and fields this
version does not know), so nothing is lost on the way. Private notes stay behind unless the
caller asks for them, for moving a journal to a new machine.

Loading into an empty journal restores it as it was, ids included. Loading into a journal
that has records merges by uid: a record already here is left alone, or replaced when the
imported one was updated later; a new one gets a new id, and the ids and handles other
records use to point at it are rewritten to match. People are matched by uid, then by handle:
an imported person whose handle is taken here by someone with another uid is the same person
when the names match (ignoring case and spacing), and otherwise the import is refused, since
two people cannot share a handle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from types import MappingProxyType

from mentorlog import __version__, kinds
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.kinds import BY_TABLE, KIND, KINDS
from mentorlog.limits import MAX_ID, id_in_range
from mentorlog.model import Person
from mentorlog.services.record_limits import check_record
from mentorlog.store import META, SCHEMA, TABLES, Journal, Record, read_stamp, stamp
from mentorlog.timeparse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeGuard

FORMAT = "mentorlog"
PEOPLE = kinds.PEOPLE.table
# Where a record points at another by id: table -> {field: the table it points into}.
ID_LINKS: dict[str, dict[str, str]] = {
    kind.table: {key: target.table for key, target in links.items()}
    for kind in KINDS
    if (links := kind.links_to("id"))
}
# Where a record names people by handle, alone or in a list.
HANDLE_FIELDS: dict[str, tuple[str, ...]] = {
    kind.table: tuple(links) for kind in KINDS if (links := kind.links_to("handle"))
}
_FIX = "give a file written by `mentorlog export json`"


def is_private(table: str, record: Mapping[str, Any]) -> bool:
    """Whether a record is private, read as its model reads it (when in doubt, it is); only
    kinds the registry says can be private ever are."""
    kind = BY_TABLE.get(table)
    if kind is None or not kind.private:
        return False
    # The model's own reading of `private` alone where it has one (a note), rather than
    # the whole record built.
    private_of = getattr(kind.model, "private_of", None)
    if private_of is not None:
        return bool(private_of(record))
    return bool(getattr(kind.model.from_record(record), "private", True))


# -- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dump:
    """A whole journal as one JSON document, and what it holds. The records of a journal
    read read-only are its own read-only views: write the document with `id_first` as
    orjson's `default`, which makes each the dict the export holds, one at a time."""

    document: dict[str, Any]
    records: int
    private_left_out: int
    private_included: int


def dump(journal: Journal, *, now: datetime, include_private: bool = False) -> Dump:
    """Every table of the journal, each record as stored (id first); private notes only with
    `include_private`."""
    tables: dict[str, list[Mapping[str, Any]]] = {}
    left_out = included = 0
    for name in journal.tables():
        records: list[Mapping[str, Any]] = []
        for record in journal.all(name):
            if is_private(name, record):
                if not include_private:
                    left_out += 1
                    continue
                included += 1
            # id first; the record unchanged. A read-only view is left as it is, for `id_first`
            # to make that dict as the document is written, rather than a copy of every
            # record at once (100 MB at 100,000 records).
            records.append(record if isinstance(record, MappingProxyType) else id_first(record))
        tables[name] = records
    total = sum(len(records) for records in tables.values())
    return Dump(frame(journal, now=now, tables=tables), total, left_out, included)


def frame(journal: Journal, *, now: datetime, tables: dict[str, Any]) -> dict[str, Any]:
    """The export's document around `tables` (the journal's records, table by table)."""
    counters = journal.meta.get("next_ids", {})
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "app": __version__,
        "exported": stamp(now),
        "next_ids": {k: v for k, v in counters.items() if _is_id(v)},
        "tables": tables,
        "tombstones": [
            {"kind": _kind_name(str(t.get("table"))), "uid": t.get("uid"), "at": t.get("at")}
            for t in journal.tombstones()
        ],
    }


def id_first(record: Any) -> dict[str, Any]:
    """A stored record as the export writes it, its id first (orjson's `default` for a
    `Dump`'s document, which leaves read-only records as they are)."""
    if isinstance(record, Mapping):
        return {"id": record["id"], **record}
    raise TypeError(f"not a record: {type(record).__name__}")


def _kind_name(table: str) -> str:
    kind = BY_TABLE.get(table)
    return kind.name if kind is not None else table


def _table_of(kind: str) -> str:
    known = KIND.get(kind)
    return known.table if known is not None else kind


# -- reading an export -----------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """An export file, checked: each table a list of records with an id and a uid."""

    schema: int
    tables: dict[str, list[Record]]
    next_ids: dict[str, int]
    # What the exporting journal deleted: (table, uid, at).
    tombstones: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(len(records) for records in self.tables.values())


def read_export(raw: bytes, source: str) -> Export:
    """Parse and check the bytes of an export; InvalidInput, naming `source`, if they are
    not one this version can import."""
    import orjson

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _refuse(source, f"it is not JSON ({exc})") from exc
    if not isinstance(data, dict) or not _looks_like_export(data):
        raise _refuse(source, _not_an_export(data), fix=_export_advice(data))
    schema = _schema(data.get("schema"), source)
    tables = data["tables"]
    if not isinstance(tables, dict):
        raise _refuse(source, 'its "tables" is not an object of tables')
    checked = {name: _table(name, records, source) for name, records in tables.items()}
    if schema < SCHEMA:
        # An export from an older mentorlog imports as its journal would open: migrated.
        from mentorlog.store import migrations

        migrations.migrate_export(checked, schema, SCHEMA)
    _check_handles(checked.get(PEOPLE, []), source)
    counters = data.get("next_ids")
    _check_counters(counters, source)
    next_ids = (
        {k: v for k, v in counters.items() if _is_id(v) and k != META}
        if isinstance(counters, dict)
        else {}
    )
    return Export(schema, checked, next_ids, _tombstones(data.get("tombstones", []), source))


def _tombstones(value: Any, source: str) -> list[tuple[str, str, str]]:
    if not isinstance(value, list):
        raise _refuse(source, 'its "tombstones" is not a list')
    found = []
    for number, entry in enumerate(value, start=1):
        if not (
            isinstance(entry, dict)
            and all(isinstance(entry.get(k), str) and entry[k] for k in ("kind", "uid", "at"))
        ):
            raise _refuse(source, f"its tombstone number {number} has no kind, uid and at")
        found.append((_table_of(entry["kind"]), entry["uid"], entry["at"]))
    return found


def _looks_like_export(data: dict[str, Any]) -> bool:
    return "tables" in data and "schema" in data and data.get("format", FORMAT) == FORMAT


def _not_an_export(data: Any) -> str:
    if isinstance(data, dict) and isinstance(data.get(META), dict):
        return "it is a mentorlog journal file, not an export"
    return "it is JSON but not a mentorlog export"


def _export_advice(data: Any) -> str:
    if isinstance(data, dict) and isinstance(data.get(META), dict):
        return "export that journal with `mentorlog --home FOLDER export json` and import the file"
    return _FIX


def _schema(value: Any, source: str) -> int:
    if not _is_id(value):
        raise _refuse(source, f"its schema {value!r} is not a version number")
    if value > SCHEMA:
        raise _refuse(
            source,
            f"it was made by a newer mentorlog (schema {value}; this mentorlog {__version__} "
            f"reads up to {SCHEMA})",
            fix="upgrade mentorlog (pip install -U mentorlog) to import it",
        )
    return value


def _table(name: Any, records: Any, source: str) -> list[Record]:
    if not isinstance(name, str) or not name or name == META:
        raise _refuse(source, f"it has a table named {name!r}, which no export has")
    if not isinstance(records, list):
        raise _refuse(source, f"its table {quote(name)} is not a list of records")
    ids: dict[int, int] = {}
    uids: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        where = f"record number {number} in its table {quote(name)}"
        if not isinstance(record, dict):
            raise _refuse(source, f"{where} is not an object")
        uid, record_id = record.get("uid"), record.get("id")
        if not isinstance(uid, str) or not uid.strip():
            raise _refuse(source, f"{where} has no uid")
        if not _is_id(record_id):
            raise _refuse(source, f"{where} has no id (a whole number from 1)")
        if uid in uids:
            raise _refuse(source, f"{where} has the same uid as record number {uids[uid]}")
        if record_id in ids:
            raise _refuse(source, f"{where} has the same id as record number {ids[record_id]}")
        problem = check_record(name, record)
        if problem is not None:
            raise _refuse(source, f"{where} (uid {quote(_cut(uid))}) is refused: {problem}")
        uids[uid], ids[record_id] = number, number
    return sorted(records, key=lambda record: int(record["id"]))


def _check_counters(counters: Any, source: str) -> None:
    """A counter past MAX_ID would make the next record's id unreadable, or unwritable."""
    if not isinstance(counters, dict):
        return
    for name, value in counters.items():
        if _is_id(value) and not id_in_range(value):
            raise _refuse(
                source,
                f"its next_ids for {quote(_cut(str(name)))} is {value}, past the largest id "
                f"({MAX_ID:,})",
            )


def _cut(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _check_handles(people: list[Record], source: str) -> None:
    seen: set[str] = set()
    for person in people:
        handle = person.get("handle")
        if isinstance(handle, str):
            if handle.lower() in seen:
                raise _refuse(source, f"it has two people with the handle {quote(handle)}")
            seen.add(handle.lower())


def _is_id(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _refuse(source: str, problem: str, *, fix: str = _FIX) -> InvalidInput:
    return InvalidInput(f"Cannot import {source}: {problem}; {fix}.")


# -- loading ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did: records added per table, replaced by newer versions, left alone."""

    restored: bool = False  # into an empty journal, ids kept
    added: dict[str, int] = field(default_factory=dict)
    updated: int = 0
    present: int = 0  # already here, the same (or the same person under the same handle)
    older: int = 0  # already here, changed here more recently than in the file
    deleted: int = 0  # not brought back: deleted here or in the file (a tombstone names it)
    tombstones: int = 0  # tombstones of the file new here

    @property
    def added_total(self) -> int:
        return sum(self.added.values())

    @property
    def skipped(self) -> int:
        return self.present + self.older


def load(journal: Journal, export: Export, *, now: datetime, source: str) -> ImportResult:
    """Bring an export into the journal: restored as it was when the journal has no records,
    merged by uid otherwise. Raises before anything is written when the import cannot be done
    whole (the caller's locked block then writes nothing)."""
    deleted = journal.tombstoned() | {uid for _, uid, _ in export.tombstones}
    if all(journal.count(name) == 0 for name in journal.tables()):
        result = _restore(journal, export, deleted)
    else:
        result = _Merge(journal, source, deleted).run(export)
    result.tombstones = journal.add_tombstones(export.tombstones)
    if journal.changed:
        added = result.added_total
        journal.describe(
            f"import json {quote(PurePath(source).name)} ({added} added, {result.updated} updated)",
            now=now,
        )
    return result


def _restore(journal: Journal, export: Export, deleted: set[str]) -> ImportResult:
    result = ImportResult(restored=True)
    for name in _in_order(export.tables):
        kept = [r for r in export.tables[name] if r["uid"] not in deleted]
        result.deleted += len(export.tables[name]) - len(kept)
        for record in kept:
            journal.restore(name, record, record_id=int(record["id"]))
        if kept:
            result.added[name] = len(kept)
    for name, next_id in export.next_ids.items():
        journal.reserve_ids(name, next_id)
    return result


def _in_order(names: Iterable[str]) -> list[str]:
    """Known tables first, in the order that lets references be rewritten, then the others."""
    names = list(names)
    return [t for t in TABLES if t in names] + sorted(t for t in names if t not in TABLES)


class _Merge:
    """One merge of an export into a journal that has records."""

    def __init__(self, journal: Journal, source: str, deleted: set[str]) -> None:
        self.journal = journal
        self.source = source
        self.deleted = deleted  # uids with a tombstone: never brought back
        self.result = ImportResult()
        self.handles: dict[str, str] = {}  # imported handle -> the handle here
        self.claimed: dict[str, str] = {}  # handle here (lower case) -> imported uid
        self.ids: dict[str, dict[int, int]] = {}  # table -> imported id -> id here

    def run(self, export: Export) -> ImportResult:
        for name in _in_order(export.tables):
            self.ids[name] = {}
            here = {r["uid"]: r for r in self.journal.all(name) if isinstance(r.get("uid"), str)}
            for record in export.tables[name]:
                if record["uid"] in self.deleted:
                    self.result.deleted += 1
                elif name == PEOPLE:
                    self._person(record, here)
                else:
                    self._record(name, record, here.get(record["uid"]), self._remap(name, record))
        return self.result

    def _person(self, record: Record, here: Mapping[str, Mapping[str, Any]]) -> None:
        incoming = {k: v for k, v in record.items() if k != "id"}
        handle = record.get("handle")
        match = here.get(record["uid"])
        if match is None and isinstance(handle, str):
            taken = _by_handle(here.values(), handle)
            if taken is not None:
                self._same_person(record, taken)
                self.ids[PEOPLE][int(record["id"])] = int(taken["id"])
                self.result.present += 1
                return
        if match is not None:
            self._claim(match, record)
            if "handle" in match:
                incoming["handle"] = match["handle"]  # a handle here never changes
        self._record(PEOPLE, record, match, incoming)

    def _same_person(self, record: Record, taken: Mapping[str, Any]) -> None:
        if _name_key(record) != _name_key(taken):
            handle = str(taken.get("handle"))
            raise Conflict(
                f"Cannot import {self.source}: its person {quote(str(record.get('handle')))} "
                f"({Person.from_record(record).name}) is not the {quote(handle)} in this "
                f"journal ({Person.from_record(taken).name}), and two people cannot share a "
                "handle; give one of them another handle throughout the file, then import again."
            )
        self._claim(taken, record)

    def _claim(self, here: Mapping[str, Any], record: Record) -> None:
        handle_here = str(here.get("handle", ""))
        claimant = self.claimed.setdefault(handle_here.lower(), record["uid"])
        if claimant != record["uid"]:
            raise Conflict(
                f"Cannot import {self.source}: two of its people would both become "
                f"{quote(handle_here)} in this journal; give one of them another handle "
                "throughout the file, then import again."
            )
        imported_handle = record.get("handle")
        if isinstance(imported_handle, str):
            self.handles[imported_handle] = handle_here

    def _record(
        self, name: str, record: Record, match: Mapping[str, Any] | None, incoming: dict[str, Any]
    ) -> None:
        if match is None:
            saved = self.journal.restore(name, incoming)
            self.ids[name][int(record["id"])] = int(saved["id"])
            self.result.added[name] = self.result.added.get(name, 0) + 1
            if name == PEOPLE and isinstance(record.get("handle"), str):
                self.handles[record["handle"]] = record["handle"]
            return
        self.ids[name][int(record["id"])] = int(match["id"])
        current = {k: v for k, v in match.items() if k != "id"}
        if current == incoming:
            self.result.present += 1
        elif _later(incoming.get("updated"), current.get("updated")):
            self.journal.replace(name, int(match["id"]), incoming)
            self.result.updated += 1
        else:
            self.result.older += 1

    def _remap(self, name: str, record: Record) -> dict[str, Any]:
        """The record with the ids and handles it points at rewritten to this journal's."""
        incoming = {k: v for k, v in record.items() if k != "id"}
        for key, target in ID_LINKS.get(name, {}).items():
            value = incoming.get(key)
            if _is_id(value):
                # A link to a record the file does not hold would point at a stranger here.
                incoming[key] = self.ids.get(target, {}).get(value)
        for key in HANDLE_FIELDS.get(name, ()):
            value = incoming.get(key)
            if isinstance(value, str):
                incoming[key] = self.handles.get(value, value)
            elif isinstance(value, list):
                incoming[key] = [self.handles.get(v, v) if isinstance(v, str) else v for v in value]
        return incoming


def _by_handle(people: Iterable[Mapping[str, Any]], handle: str) -> Mapping[str, Any] | None:
    for person in people:
        if str(person.get("handle", "")).lower() == handle.lower():
            return person
    return None


def _name_key(record: Mapping[str, Any]) -> str:
    return " ".join(Person.from_record(record).name.split()).casefold()


def _later(imported: Any, here: Any) -> bool:
    """Whether the imported record's `updated` is later than the one here."""
    theirs, ours = read_stamp(imported), read_stamp(here)
    if theirs is None:
        return False
    return ours is None or theirs > ours
