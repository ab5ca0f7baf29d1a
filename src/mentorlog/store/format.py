"""The journal's file format, and the checks that decide whether a file is one we may use.

A journal is one JSON object of tables: `_meta` (one record: app, schema, id counters, the
last change and the snapshot it replaced), `_tombstones` (one record per deleted record:
its table, uid and when) and a table per kind of record, each mapping ids (digits) to
records (objects). Timestamps are ISO 8601 to the second, with the offset.

Anything that is not JSON, not ours, or from a newer schema is refused and never written;
the refusal names the newest snapshot that loads and the command that restores it. An
older schema is migrated in memory (`migrations`). This module reads files whole: the fast
path that reads a journal a table at a time is `index`, which falls back on this.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from mentorlog import __version__
from mentorlog.errors import JournalRefused, MentorlogError
from mentorlog.limits import MAX_ID, MAX_YEAR, MIN_YEAR
from mentorlog.store import jsonread
from mentorlog.store.files import identity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Record = dict[str, "Any"]

# The journal format this version writes; `migrations` brings every older one up to it.
SCHEMA = 3
APP = "mentorlog"
# The tables records can be in (a later change derives them from the registry of kinds).
TABLES = ("people", "goals", "meetings", "actions", "topics", "feedback", "milestones", "notes")
META = "_meta"
META_ID = "1"
# What deletions leave behind: one record per deleted record, {table, uid, at}, kept by the
# store like `_meta` and never shown as a kind, so that an import never brings one back.
TOMBSTONES = "_tombstones"
_NEWER = "was written by a newer mentorlog"


class Inspection:
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


def empty() -> dict[str, Any]:
    """The tables of a journal before its first change."""
    return {META: {META_ID: {"app": APP, "schema": SCHEMA, "next_ids": {}}}}


# -- reading a file whole ----------------------------------------------------------------------


def load_file(path: Path, *, backups: Path | None = None) -> Mapping[str, Any] | None:
    """Read, check and migrate a journal file; None when it does not exist.

    Refuses (JournalRefused) anything that is not a journal this version can safely write,
    naming the newest snapshot that does load, and never touches the file.
    """
    found = inspect(path)
    if found.problem is not None:
        raise JournalRefused(refusal(path, found, backups))
    return found.data


def inspect(path: Path) -> Inspection:
    """Read a journal file and check it whole."""
    read = read_file(path)
    return read if isinstance(read, Inspection) else inspect_bytes(read[0])


def read_file(path: Path) -> tuple[bytes, list[int]] | Inspection:
    """The file's bytes and its identity when read; or, when it cannot be read, the
    Inspection that says why (missing, unreadable)."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
            found = identity(os.fstat(file.fileno()))
    except FileNotFoundError:
        return Inspection(kind="missing")
    except OSError as exc:
        hint = (
            "check its permissions"
            if isinstance(exc, PermissionError)
            else "check that the mentorlog home is a folder (--home or MENTORLOG_HOME)"
        )
        return Inspection(problem=f"{exc.strerror}; {hint}", kind="unreadable")
    from mentorlog.store import crypt  # decrypts where the home is encrypted

    opened = crypt.open_bytes(raw, path)
    jsonread.expect(len(opened))
    return opened, found


def inspect_bytes(raw: bytes) -> Inspection:
    """Parse and check a whole journal's bytes, migrating an older schema in memory."""
    problem, data = _parse(raw)
    if problem is not None:
        return Inspection(problem=problem, kind="newer" if _NEWER in problem else "damaged")
    return Inspection(data=data, schema=_upgrade(data))


def _upgrade(data: dict[str, Any]) -> int:
    """Migrate checked tables to SCHEMA in memory; the schema they had."""
    schema = int(data[META][META_ID]["schema"])
    if schema < SCHEMA:
        from mentorlog.store import migrations

        migrations.migrate(data, SCHEMA)
    return schema


def _parse(raw: bytes) -> tuple[str | None, dict[str, Any]]:
    """Parse and check journal bytes: (None, data) when good, else (problem, {})."""
    try:
        data = loads(raw)
    except json.JSONDecodeError as exc:  # orjson's, whose messages these are
        return f"is not valid JSON ({exc})", {}
    problem = check(data)
    return problem, (data if problem is None else {})


def loads(raw: bytes | memoryview) -> Any:
    """orjson.loads (`jsonread.loads`: without orjson for a small journal) with the garbage
    collector paused: parsing allocates many containers, and collections mid-parse only
    cost time. A caller that turned it off keeps it off."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return jsonread.loads(raw)
    finally:
        if collecting:
            gc.enable()


def check(data: Any) -> str | None:
    """Why parsed JSON is not a journal this version can use (None: it is one)."""
    if not isinstance(data, dict):
        return "is not a mentorlog journal (it holds no tables)"
    meta_table = data.get(META)
    meta = meta_table.get(META_ID) if isinstance(meta_table, dict) else None
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
        if isinstance(table, dict) and (past := _id_past_max(table)) is not None:
            return (
                f"is damaged (its table {name!r} holds a record under the id {_cut(past)}, past "
                f"the largest id, {MAX_ID:,})"
            )
        if table_problem(table):
            return f"is damaged (its table {name!r} is not a table of records)"
    return None


def table_problem(table: Any) -> bool:
    """Whether `table` is not a table of records: ids (digits, at most MAX_ID) to objects."""
    return not (
        isinstance(table, dict)
        and all(map(str.isdigit, table))
        and all(type(doc) is dict for doc in table.values())
        and _id_past_max(table) is None
    )


def _cut(key: str) -> str:
    return key if len(key) <= 20 else key[:19] + "\u2026"


def _id_past_max(table: dict[str, Any]) -> str | None:
    """The first key of `table` that is an id past MAX_ID (ten digits or more), if any: a
    hand edit's, which no command could show or point at."""
    for key in table:
        if len(key) >= 10 and key.isdigit() and int(key) > MAX_ID:
            return key
    return None


# -- refusing ----------------------------------------------------------------------------------


def refusal(path: Path, found: Inspection, backups: Path | None) -> str:
    """The message refusing the journal `path`, saying what to do instead."""
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
    from mentorlog.store.backups import snapshots

    for snapshot in snapshots(backups):
        try:
            loads = inspect(backups / snapshot.name).loads
        except MentorlogError:  # in an encrypted home: one its key does not open
            continue
        if loads:
            return backups / snapshot.name
    return None


# -- timestamps --------------------------------------------------------------------------------


def stamp(now: datetime) -> str:
    """How every record's timestamps are written: ISO 8601 to the second, with the offset."""
    if now.tzinfo is None:
        raise ValueError("timestamps need an aware datetime")
    return now.isoformat(timespec="seconds")


def read_stamp(value: Any) -> datetime | None:
    """A stored timestamp read back (`stamp`'s counterpart): None when it is missing or not
    ISO 8601 or outside the years mentorlog takes (`limits`); one without an offset, from a
    hand edit, is taken as UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None  # a hand edit or an old import: arithmetic on it would overflow
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
