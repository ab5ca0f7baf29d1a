"""Schema migrations: how a journal written by an older mentorlog is brought up to date.

Each step takes the raw tables of one schema (`{"_meta": {"1": {...}}, "goals": {"1":
{...}}, ...}`) to the next, in place, and is pure: no files, no clock. The store runs them
in memory whenever it opens an older journal; a reading command never writes the result,
and the first writing command saves it after keeping the old file as a snapshot named
`journal-…-before-migration-to-N.json`.

A step touches only the fields it is about: unknown tables, records and fields pass
through unchanged, so a hand-edited journal keeps everything it holds.

Schema history:

1. The first release (people, goals, config), later joined by meetings, actions, topics,
   feedback, milestones and notes without a schema change.
2. Every goal history entry names its `event` (progress, done, dropped, reopened): the first
   release wrote none, and later schema-1 versions, rewriting such a goal, stamped every old
   entry "progress", so a done goal's history said it was never done. Notes carry an
   explicit boolean `private`. Every table's id counter is past its highest id.
3. Deletions leave tombstones: the table `_tombstones` (one record per deleted record:
   its table, uid and when), kept by the store beside `_meta`; a schema-2 journal has none.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

META = "_meta"
_META_ID = "1"
TOMBSTONES = "_tombstones"
_GOAL_EVENTS = ("progress", "done", "dropped", "reopened")
# What the first release wrote as a history entry's note when the user gave none: the
# event itself, before entries had an `event` field to say it.
_MARKER_NOTES = ("done", "dropped", "reopened")

Data = dict[str, Any]


def migrate(data: Data, target: int) -> int:
    """Bring `data` (a checked journal) from its schema up to `target`, in place.

    Returns the schema it had. A journal already at `target` is left untouched.
    """
    meta = data[META][_META_ID]
    original = int(meta["schema"])
    for schema in range(original, target):
        STEPS[schema](data)
        meta["schema"] = schema + 1
    return original


def migrate_export(tables: dict[str, list[dict[str, Any]]], schema: int, target: int) -> None:
    """Bring the records of an export (each table a list of records) from `schema` up to
    `target`, in place, as the journal's own would be: an old export imports as it should."""
    data: Data = {META: {_META_ID: {"schema": schema, "next_ids": {}}}}
    for name, records in tables.items():
        data[name] = {str(n): r for n, r in enumerate(records, start=1) if isinstance(r, dict)}
    migrate(data, target)


# -- 1 -> 2 -----------------------------------------------------------------------------------


def _v1_to_v2(data: Data) -> None:
    goals = data.get("goals", {})
    for goal in goals.values():
        history = goal.get("history")
        if isinstance(history, list):
            _name_goal_events(goal, [e for e in history if isinstance(e, dict)])
    for note in data.get("notes", {}).values():
        note["private"] = _is_private(note.get("private", False))
    _counters_past_ids(data)


def _name_goal_events(goal: MutableMapping[str, Any], entries: list[dict[str, Any]]) -> None:
    """Give every entry its event, reading the history backwards from the goal's status.

    A goal's status changes only through done, drop and reopen, each of which adds an entry;
    so the last entry of a done or dropped goal is its done or drop, and the entry before a
    reopen is a done or a drop. A reopen itself is known by the note the first release gave
    it ("reopened", the progress unchanged). Where the history does not fit that shape (an
    edit by hand), the entries keep "progress".
    """
    state = str(goal.get("status", "active"))
    for index in range(len(entries) - 1, -1, -1):
        entry = entries[index]
        before = entries[index - 1] if index else None
        event = entry.get("event")
        known = event in _GOAL_EVENTS and event != "progress"
        if state in ("done", "dropped"):
            if not known and _fits(entry, state, goal, last=index == len(entries) - 1):
                _set_event(entry, state)
            elif event != state:
                state = "unknown"  # the shape is broken: guess nothing further back
                _set_event(entry, str(event) if known else "progress")
                continue
            state = "active"
        elif state == "active":
            if known:
                inferred = str(event)
            elif _is_reopen(entry, before):
                inferred = "reopened"
            else:
                inferred = "progress"
            _set_event(entry, inferred)
            if inferred == "reopened" and before is not None:
                state = _closed_by(before)
            elif inferred != "progress":
                state = "unknown"
        else:
            _set_event(entry, str(event) if known else "progress")


def _fits(entry: dict[str, Any], state: str, goal: MutableMapping[str, Any], *, last: bool) -> bool:
    """Whether `entry` can be the one that made the goal `state`."""
    if state == "done":
        return entry.get("progress") == 100 and (not last or _done_matches(entry, goal))
    return not last or entry.get("progress") == goal.get("progress")


def _done_matches(entry: dict[str, Any], goal: MutableMapping[str, Any]) -> bool:
    completed = goal.get("completed")
    return completed is None or completed == entry.get("at") or entry.get("note") == "done"


def _is_reopen(entry: dict[str, Any], before: dict[str, Any] | None) -> bool:
    if entry.get("note") != "reopened":
        return False
    return before is not None and before.get("progress") == entry.get("progress")


def _closed_by(entry: dict[str, Any]) -> str:
    """Whether the entry before a reopen was a done or a drop."""
    event = entry.get("event")
    if event in ("done", "dropped"):
        return str(event)
    if entry.get("note") in ("done", "dropped"):
        return str(entry["note"])
    return "done" if entry.get("progress") == 100 else "dropped"


def _set_event(entry: dict[str, Any], event: str) -> None:
    entry["event"] = event
    if event != "progress" and entry.get("note") == event and event in _MARKER_NOTES:
        entry["note"] = None  # the first release's stand-in for the event, not a user's note


def _is_private(value: Any) -> bool:
    # As the model reads it: anything but an explicit "no" keeps a note private.
    return value not in (False, None, 0, "false", "")


def _counters_past_ids(data: Data) -> None:
    meta = data[META][_META_ID]
    counters = meta.get("next_ids")
    counters = dict(counters) if isinstance(counters, dict) else {}
    for name, table in data.items():
        if name == META or not table:
            continue
        highest = max(int(key) for key in table)
        current = counters.get(name)
        if not isinstance(current, int) or isinstance(current, bool) or current <= highest:
            counters[name] = highest + 1
    meta["next_ids"] = counters


# -- 2 -> 3 -----------------------------------------------------------------------------------


def _v2_to_v3(data: Data) -> None:
    tombstones = data.get(TOMBSTONES)
    if not isinstance(tombstones, dict):
        data[TOMBSTONES] = {}
        return
    # A table of that name added by hand: only records that read as tombstones stay.
    data[TOMBSTONES] = {
        key: record
        for key, record in tombstones.items()
        if isinstance(record.get("uid"), str) and isinstance(record.get("table"), str)
    }


STEPS: dict[int, Callable[[Data], None]] = {1: _v1_to_v2, 2: _v2_to_v3}
