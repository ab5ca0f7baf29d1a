"""The store's two optional indexes: fast paths that must give what the plain way gives.

- `.journal.index`, beside the journal: where each table lies in the file and how many
  records it holds, and the file's identity (inode, size, modification and change times)
  when the store wrote it. A journal
  it vouches for is parsed a table at a time, when a command first asks for the table
  (`inspect`, `Tables`), instead of whole (`format.inspect_bytes`, the plain version); and a
  write copies the bytes of the tables it did not change (`payload`), building the same
  bytes as the plain `orjson.dumps(tables, option=OPT_INDENT_2)` and a newline.
- `backups/.snapshots.index`: for each snapshot a change left, where its `_meta` lies and
  which file it is, so that listings read that `_meta` alone (`inspect_snapshot`) instead
  of checking the snapshot whole (`format.inspect`, the plain version).

Both are caches: not fsynced, deleting them is always safe, and anything they do not
describe exactly (a hand edit, a copy, an older schema) is read the plain way. Held to the
plain versions by tests/test_store_index.py.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

from mentorlog.errors import JournalRefused, StorageFailed
from mentorlog.store import format as fmt
from mentorlog.store.files import INDEX_FILE, JournalPaths, identity
from mentorlog.store.format import META, META_ID, SCHEMA, Inspection, check, table_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

INDEX_FORMAT = 1


# -- reading a journal through its index -------------------------------------------------------


def inspect(path: Path, paths: JournalPaths) -> Inspection:
    """Read the journal `path` (the one of `paths`) and check it: a table at a time, when
    asked, if its index vouches for the file; else whole, the plain way."""
    read = fmt.read_file(path)
    if isinstance(read, Inspection):
        return read
    raw, found = read
    tables = _indexed(raw, found, paths)
    if tables is not None:
        return Inspection(data=tables, schema=SCHEMA)
    return fmt.inspect_bytes(raw)


class Origin:
    """The file a journal was read from through the index: its identity when read, and
    where its `_meta` lies in it. A change keeps that file as a snapshot (see `remember`).
    (A plain class: `dataclasses` takes milliseconds to import, see `jsonread`.)"""

    __slots__ = ("identity", "meta", "spans")

    def __init__(
        self,
        identity: list[int],
        meta: tuple[int, int],
        # Where every table lies in it (and how many records it holds, where known), so
        # that `undo` can take the snapshot it becomes a table at a time too
        # (`snapshot_tables`).
        spans: tuple[tuple[str | int, ...], ...] = (),
    ) -> None:
        self.identity = identity
        self.meta = meta
        self.spans = spans


class Tables(MutableMapping[str, "Any"]):
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
        origin: Origin | None = None,
        counts: Mapping[str, int] | None = None,
    ) -> None:
        self._source = source
        self._paths = paths  # the journal `source` was read from
        self.origin = origin
        self._spans: dict[str, tuple[int, int]] = dict(spans or {})
        self._parsed: dict[str, Any] = dict(parsed)
        self._names: dict[str, None] = dict.fromkeys([*self._spans, *self._parsed])
        # How many records each table not changed since holds, as the index says.
        self._counts: dict[str, int] = {
            name: count for name, count in (counts or {}).items() if name in self._spans
        }

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
        if self._counts.get(name, len(table)) != len(table):  # the index is not this file's
            assert self._paths is not None
            _refuse_stale(self._paths)
        self._parsed[name] = table
        return table

    def __setitem__(self, name: str, table: Any) -> None:
        self._parsed[name] = table
        self._spans.pop(name, None)
        self._counts.pop(name, None)  # changed: its bytes in the file are out of date
        self._names[name] = None

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._parsed.pop(name, None)
        self._spans.pop(name, None)
        self._counts.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def count(self, name: str) -> int:
        """How many records a table holds. One not parsed yet is as its index says, or
        where the index does not say (an index an older mentorlog wrote, a snapshot's),
        counted in its bytes: the store writes it indented by two (`payload`), so each
        record's key, and nothing else, starts a line four spaces in (a newline inside a
        string is written escaped). An index's count is checked when its table is parsed."""
        span = self._spans.get(name) if name not in self._parsed else None
        if span is None:
            return len(self[name])
        known = self._counts.get(name)
        if known is not None:
            return known
        return self._source.count(b'\n    "', span[0], span[1])

    def chunks(self, name: str) -> Iterator[dict[str, Any]] | None:
        """The table's records a chunk at a time (`store.chunks`), from the file's bytes, for
        a reader that takes each record once; None where it is to be read whole (parsed
        already, changed, or not read from a file). Its count is checked as a parse's is."""
        span = self._spans.get(name) if name not in self._parsed else None
        return None if span is None else self._chunks(name, *span)

    def _chunks(self, name: str, start: int, stop: int) -> Iterator[dict[str, Any]]:
        from mentorlog.store.chunks import Unreadable, chunks  # only the Markdown export's

        assert self._paths is not None
        total = 0
        try:
            for table in chunks(self._source, start, stop):
                total += len(table)
                yield table
        except Unreadable:
            _refuse_stale(self._paths)
        if self._counts.get(name, total) != total:  # the index is not this file's
            _refuse_stale(self._paths)

    def forget(self, name: str) -> None:
        """Let a parsed table go while it can be parsed again from the file's bytes (a
        reader done with it); one changed or given parsed is kept."""
        if name in self._spans:
            self._parsed.pop(name, None)

    def unchanged_bytes(self, name: str) -> memoryview | None:
        """The table's JSON as in the file, while it is unchanged; None once it changed."""
        span = self._spans.get(name)
        return memoryview(self._source)[span[0] : span[1]] if span else None


def _parse_table(raw: memoryview) -> dict[str, Any]:
    """One table's JSON, from a file whose index vouches for it (so it was checked when the
    store wrote it): anything else means the file changed under the index."""
    try:
        table = fmt.loads(raw)
    except json.JSONDecodeError as exc:
        raise _StaleIndex from exc
    if table_problem(table):
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
    found = fmt.inspect(paths.journal)
    if found.problem is not None:
        raise JournalRefused(fmt.refusal(paths.journal, found, paths.backups))
    raise JournalRefused(
        f"The journal {paths.journal} changed while it was being read; it was left "
        "untouched: run the command again."
    )


def _spans(listed: list[Any], raw: bytes) -> dict[str, tuple[int, int]] | None:
    """Where each table lies in `raw`, as an index lists them (`[name, start, stop]`, or
    `[name, start, stop, count]`, in order, each an object's braces, `_meta` among them);
    None when the list does not describe these bytes so."""
    spans: dict[str, tuple[int, int]] = {}
    end = 0
    for item in listed:
        match item:
            case [str(name), int(start), int(stop), *_] if end < start < stop <= len(raw):
                if raw[start] != ord("{") or raw[stop - 1] != ord("}") or len(item) > 4:
                    return None
                spans[name] = (start, stop)
                end = stop
            case _:
                return None
    return spans if META in spans else None


def _counts(listed: list[Any]) -> dict[str, int]:
    """How many records each table holds, as an index lists them (the fourth item of a
    table's entry, where there is one: an older index has none); a count that is not a
    whole number from 0 is left out (counted in the bytes instead)."""
    return {
        item[0]: item[3]
        for item in listed
        if len(item) == 4 and type(item[3]) is int and 0 <= item[3] < 2**63
    }


def _indexed(raw: bytes, found: list[int], paths: JournalPaths) -> Tables | None:
    """The journal's tables, to be parsed one by one as asked, if the index describes this
    very file (identity `found`), written by this store in the current schema; else None
    (check it whole)."""
    try:
        index = fmt.loads(paths.index.read_bytes())
    except (OSError, json.JSONDecodeError):
        return None
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        return None
    if index.get("journal") != found or not isinstance(index.get("tables"), list):
        return None
    spans = _spans(index["tables"], raw)
    if spans is None:
        return None
    meta = _current_meta(memoryview(raw)[slice(*spans[META])])
    if meta is None:
        return None  # an older or newer schema: the whole check migrates or refuses it
    counts = _counts(index["tables"])
    every: tuple[tuple[str | int, ...], ...] = tuple(
        (name, start, stop, *([counts[name]] if name in counts else []))
        for name, (start, stop) in spans.items()
    )
    tables = Tables({}, raw, spans, paths, Origin(found, spans[META], every), counts)
    tables[META] = meta
    return tables


def _current_meta(raw: memoryview) -> dict[str, Any] | None:
    """The `_meta` table whose JSON an index points at, parsed and checked, if it is one of
    this schema; else None (not `_meta`, or a file the index no longer describes)."""
    try:
        meta = _parse_table(raw)
    except _StaleIndex:
        return None
    if check({META: meta}) is not None or meta[META_ID]["schema"] != SCHEMA:
        return None
    return meta


# -- writing a journal and its index -----------------------------------------------------------


def payload(
    tables: Tables, journal: Path
) -> tuple[list[bytes | memoryview], dict[str, tuple[int, int]]]:
    """The journal file's bytes, in pieces, and where each table's JSON lies in them.

    The bytes are those of `orjson.dumps(tables, option=OPT_INDENT_2)` plus a newline,
    but built a table at a time, so that a table left unchanged is copied from the file
    read, not serialized again.
    """
    import orjson

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
            value = _dumped(name, tables[name], journal)[len(key) :]
        parts += [key, value]
        offset += len(key)
        spans[name] = (offset, offset + len(value))
        offset += len(value)
    parts.append(b"\n}\n")
    return parts, spans


def _dumped(name: str, table: Any, journal: Path) -> bytes:
    """`"name": {table}` as it reads inside the indented journal."""
    import orjson

    try:
        whole = orjson.dumps({name: table}, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError as exc:
        raise StorageFailed(
            f"Could not save the journal {journal}: a value cannot be stored as "
            f"JSON ({exc}); nothing was changed."
        ) from exc
    return whole[4:-2]  # without the "{\n  " and "\n}" around it


def write_index(paths: JournalPaths, spans: Mapping[str, tuple[int, int]], tables: Tables) -> None:
    """Record where each table lies in the journal just written and how many records it
    holds (`tables`, the ones written), and which file that is.

    Only a speed-up: it is not fsynced, and if it cannot be written the next command
    checks the journal whole. Call with the lock held, right after the journal's rename.
    """
    try:
        index = {
            "format": INDEX_FORMAT,
            "journal": identity(paths.journal.stat()),
            "tables": [
                [name, start, end, tables.count(name)] for name, (start, end) in spans.items()
            ],
        }
        _write_cache(paths, paths.index, index)
    except OSError:
        with contextlib.suppress(OSError):
            paths.index.unlink()


def _write_cache(paths: JournalPaths, target: Path, content: Any) -> None:
    """Replace one of the store's indexes with `content`, whole or not at all; not fsynced.
    The temporary file lies beside the journal's index, where the next writer removes one
    a writer killed mid-write left (files.remove_stale_temps). Raises OSError."""
    import tempfile

    import orjson

    fd, tmp = tempfile.mkstemp(prefix=f"{INDEX_FILE}-", suffix=".tmp", dir=paths.home)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(orjson.dumps(content))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- the snapshot index ------------------------------------------------------------------------


def remember(paths: JournalPaths, name: str, origin: Origin) -> None:
    """Record where the snapshot `name` holds its `_meta`, and which file it is, in the
    snapshot index; drop the snapshots pruned. Only when the snapshot is the very file the
    journal was read from (a hard link, same size and modification time): a copy, or a file
    changed meanwhile, is left to be checked whole. Like the journal's index, a speed-up:
    not fsynced, and if it cannot be written the listings read the snapshots whole."""
    from mentorlog.store import backups

    with contextlib.suppress(OSError):
        found = identity((paths.backups / name).stat())
        if found[:4] != origin.identity[:4]:
            return
        kept = {snapshot.name for snapshot in backups.snapshots(paths.backups)}
        entries = {
            snapshot: entry
            for snapshot, entry in remembered_snapshots(paths).items()
            if snapshot in kept
        }
        entries[name] = {
            "file": found,
            "meta": list(origin.meta),
            "tables": [list(span) for span in origin.spans],
        }
        _write_cache(paths, paths.snapshot_index, {"format": INDEX_FORMAT, "snapshots": entries})


def remembered_snapshots(paths: JournalPaths) -> dict[str, Any]:
    """The snapshot index's entries by snapshot name ({} when there is none to read)."""
    try:
        index = fmt.loads(paths.snapshot_index.read_bytes())
    except (OSError, json.JSONDecodeError):
        return {}
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        return {}
    snapshots = index.get("snapshots")
    return snapshots if isinstance(snapshots, dict) else {}


def inspect_snapshot(path: Path, entry: Any) -> Inspection:
    """What a listing needs of a snapshot: whether it loads, and its `_meta`, which is all
    the tables it gives (a listing holds dozens). Read alone where the snapshot index
    `entry` vouches for the file (the same file, unchanged since); else the snapshot
    checked whole, the plain way."""
    meta = _remembered_meta(path, entry)
    if meta is not None:
        return Inspection(data={META: meta}, schema=SCHEMA)
    found = fmt.inspect(path)
    if found.data is None:
        return found
    return Inspection(data={META: found.data[META]}, schema=found.schema)


def snapshot_tables(path: Path, entry: Any, paths: JournalPaths) -> Tables | None:
    """The snapshot's tables, each parsed only when asked for and otherwise copied as they
    are when saved, where its snapshot index `entry` vouches for the file and says where
    each table lies (as the journal's index does for the journal); else None (check it
    whole, the plain way). `undo` of a journal of 100,000 records then writes the
    snapshot's bytes back without parsing or holding its records."""
    match entry:
        case {"file": list(remembered), "tables": list(listed)} if listed:
            pass
        case _:
            return None
    try:
        with open(path, "rb") as file:
            if identity(os.fstat(file.fileno())) != remembered:
                return None
            raw = file.read()
    except OSError:
        return None
    spans = _spans(listed, raw)
    if spans is None:
        return None
    meta = _current_meta(memoryview(raw)[slice(*spans[META])])
    if meta is None:
        return None
    tables = Tables({}, raw, spans, paths, counts=_counts(listed))
    tables[META] = meta
    return tables


def _remembered_meta(path: Path, entry: Any) -> dict[str, Any] | None:
    """The snapshot's `_meta` where its snapshot index entry vouches for the file; else None."""
    match entry:
        case {"file": list(remembered), "meta": [int(start), int(stop)]} if 0 <= start < stop:
            pass
        case _:
            return None
    try:
        with open(path, "rb") as file:
            if identity(os.fstat(file.fileno())) != remembered:
                return None
            raw = os.pread(file.fileno(), stop - start, start)
    except OSError:
        return None
    if len(raw) != stop - start or raw[:1] != b"{" or raw[-1:] != b"}":
        return None
    return _current_meta(memoryview(raw))
