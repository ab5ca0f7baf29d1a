"""The journal's history: undo, restoring a snapshot, and the listings of both.

The journal and its snapshots form a chain: each names, in `_meta.previous`, the snapshot
of the journal it replaced (None: it was the first). So the state before the last change
is always known exactly: `undo` restores it, as a change of its own, whose snapshot is the
state it undid (a second `undo` is a redo). Journals written before that field existed
fall back on the newest snapshot older than themselves, which is what the first releases'
one-snapshot-per-change amounted to. Snapshot names and retention are `backups`'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from mentorlog.errors import JournalRefused, NotFound
from mentorlog.store import index
from mentorlog.store.files import DEFAULT_LOCK_TIMEOUT, JournalPaths, locked
from mentorlog.store.format import (
    META,
    META_ID,
    Inspection,
    Record,
    empty,
    inspect,
    refusal,
    stamp,
)
from mentorlog.store.journal import load_or_new, save_as_change

if TYPE_CHECKING:
    from mentorlog.store.backups import Snapshot

KEEP_BACKUPS = 30  # the newest snapshots always kept (plus one a day for 30 days)
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
        current, schema = load_or_new(paths)
        if schema is None:
            raise NotFound(f"Nothing to undo: there is no journal in {home} yet.")
        meta = current[META][META_ID]
        redo, change, record = _reversal(meta.get("last_change"), now, _Hiding(current))
        from mentorlog.store.backups import snapshots

        before = _previous_of(meta, None, snapshots(paths.backups), paths)
        if before == _UNKNOWN:
            if "last_change" not in meta:
                raise NotFound("Nothing to undo: the journal records no change that can be undone.")
            raise NotFound(
                f"Cannot undo {change}: no snapshot of the journal before it is left in "
                f"{paths.backups}; `mentorlog backup list` shows the ones there are."
            )
        data = empty() if before is None else _snapshot_data(paths, before, f"undo {change}")
        # The journal read now becomes the snapshot this undo keeps: where it was read
        # through its index, the snapshot index remembers it, so a redo reads it as fast.
        tables = data if isinstance(data, index.Tables) else index.Tables(data)
        tables.origin = getattr(current, "origin", None)
        kept = save_as_change(
            paths,
            tables,
            schema_on_disk=schema,
            next_ids=_highest_ids(meta, data[META][META_ID]),
            change=record,
            now=now,
            replaces=True,
        )
    return Undone(redo=redo, change=change, restored=before, kept=kept)


def _reversal(last: Any, now: datetime, hide: _Hiding) -> tuple[bool, str, Record]:
    """(whether it is a redo, the change undone or redone, the record of this change)."""
    last = last if isinstance(last, dict) else {}
    last = {key: hide(value) if isinstance(value, str) else value for key, value in last.items()}
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
        current = inspect(paths.journal)
        if current.kind in ("unreadable", "newer"):
            raise JournalRefused(refusal(paths.journal, current, None))
        current_meta = current.data[META][META_ID] if current.data is not None else {}
        restored_meta = data[META][META_ID]
        after = _described(restored_meta)  # before this change's own record replaces it
        kept = save_as_change(
            paths,
            data,
            schema_on_disk=current.schema,
            next_ids=_highest_ids(current_meta, restored_meta),
            change={"at": stamp(now), "what": f"backup restore {name}", "restored": name},
            now=now,
            replaces=current.kind != "missing",
        )
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
    from mentorlog.store.backups import parse_name, snapshots

    paths = JournalPaths(home)
    found = index.inspect(paths.journal, paths)
    if found.problem is not None:
        raise JournalRefused(refusal(paths.journal, found, paths.backups))
    if found.data is None:
        return []
    kept = snapshots(paths.backups)
    remembered = index.remembered_snapshots(paths)
    hide = _Hiding(found.data)
    meta: Record = found.data[META][META_ID]
    node: Snapshot | None = None
    result: list[Change] = []
    seen: set[str] = set()
    while len(result) < limit and isinstance(meta.get("last_change"), dict):
        last = meta["last_change"]
        at = last.get("at") if isinstance(last.get("at"), str) else None
        before = _previous_of(meta, node, kept, paths)
        if before is None or before == _UNKNOWN:
            state, inspected = ("empty" if before is None else "unknown"), Inspection()
            before = None
        else:
            inspected = index.inspect_snapshot(paths.backups / before, remembered.get(before))
            state = "ok" if inspected.loads else inspected.kind
        result.append(Change(at, hide(_described(meta)) or NOTHING_DESCRIBED, before, state))
        follow = before
        if inspected.data is None and isinstance(last.get("restored"), str):
            follow = last["restored"]  # the journal it brought back has a history of its own
            inspected = index.inspect_snapshot(paths.backups / follow, remembered.get(follow))
        if follow is None or inspected.data is None or follow in seen:
            break
        seen.add(follow)
        meta = inspected.data[META][META_ID]
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
    from mentorlog.store.backups import snapshots

    paths = JournalPaths(home)
    kept = snapshots(paths.backups)
    remembered = index.remembered_snapshots(paths)
    inspected = {
        s.name: index.inspect_snapshot(paths.backups / s.name, remembered.get(s.name)) for s in kept
    }
    journal = index.inspect(paths.journal, paths)
    hide = _Hiding(journal.data)
    replaced_by: dict[str, str] = {}
    undo_target: str | None = None
    for node, found in [(None, journal), *((s, inspected[s.name]) for s in kept)]:
        if found.data is None:
            continue
        meta = found.data[META][META_ID]
        before = _previous_of(meta, node, kept, paths)
        if before is None or before == _UNKNOWN:
            continue
        replaced_by.setdefault(before, hide(_described(meta)) or NOTHING_DESCRIBED)
        if node is None:
            undo_target = before
    result = []
    for snapshot in kept:
        found = inspected[snapshot.name]
        try:
            size = (paths.backups / snapshot.name).stat().st_size
        except OSError:
            continue  # pruned by a writer meanwhile
        meta = found.data[META][META_ID] if found.data is not None else {}
        result.append(
            Backup(
                name=snapshot.name,
                taken=snapshot.taken,
                size=size,
                loads=found.loads,
                problem=found.problem,
                after=hide(_described(meta)),
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
    from mentorlog.store.backups import parse_name

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
    `doing` cannot be done. Read a table at a time where the snapshot index vouches for the
    snapshot (`index.snapshot_tables`), else checked whole."""
    remembered = index.remembered_snapshots(paths).get(name)
    tables = index.snapshot_tables(paths.backups / name, remembered, paths)
    if tables is not None:
        return tables
    found = inspect(paths.backups / name)
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


# How a note's change was described before descriptions stopped quoting private notes.
_QUOTED_NOTE = re.compile(
    r"(?P<head>(?:(?:undo|redo): )*(?:note add|reflect)) (?:'.*'|\".*\")\u2026? "
    r"\(note (?P<id>\d+)\)",
    re.DOTALL,
)


class _Hiding:
    """Hides the text of private notes in change descriptions a journal from before they
    stopped quoting them still holds ("note add 'first line' (note 3)"), for the notes the
    journal `data` holds as private: they read as today's do ("note add: a private note
    (note 3)")."""

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        self._data = data
        self._private: set[str] | None = None

    @overload
    def __call__(self, what: str) -> str: ...
    @overload
    def __call__(self, what: str | None) -> str | None: ...
    def __call__(self, what: str | None) -> str | None:
        match = _QUOTED_NOTE.fullmatch(what) if what is not None else None
        if match is None or match["id"] not in self._private_ids():
            return what
        noun = "reflection" if match["head"].endswith("reflect") else "note"
        return f"{match['head']}: a private {noun} (note {match['id']})"

    def _private_ids(self) -> set[str]:
        if self._private is None:
            notes = self._data.get("notes") if self._data is not None else None
            # The model's rule (store cannot import it): only an explicit false is shared.
            self._private = {
                key
                for key, note in (notes.items() if isinstance(notes, dict) else ())
                if isinstance(note, dict)
                and note.get("private", False) not in (False, None, 0, "false", "")
            }
        return self._private


def _highest_ids(*metas: Mapping[str, Any]) -> dict[str, int]:
    """Each table's id counter, the highest of `metas`: ids are never handed out twice."""
    counters: dict[str, int] = {}
    for meta in metas:
        found = meta.get("next_ids")
        for table, value in found.items() if isinstance(found, dict) else ():
            if isinstance(value, int) and not isinstance(value, bool):
                counters[table] = max(counters.get(table, 1), value)
    return counters
