"""What search reads of a stored record, read from the record as `from_record` reads it,
without building the record: its searched texts, its date, whom it concerns, its tags.

A search of 100,000 records finds about 19,000 of them, and building each (every stamp, a
goal's history, a meeting's held occurrences and overrides) was most of its time, for a
hit that shows a title, a field and a day. Each reader below takes the same forgiving
reader its kind's `from_record` takes for the field, so a hand edit reads the same here as
there (tests/test_fast_search.py holds a search through these readers to one through the
built records).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from mentorlog.model.readers import _opt_instant, _opt_int, _opt_str, _opt_wall, _str, _str_list

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def id_of(record: Mapping[str, Any]) -> int | None:
    """`Stored.id_of`, without importing a kind's module."""
    return _opt_int(record, "id")


def text_of(record: Mapping[str, Any], key: str) -> str:
    """A searched text field (a title, a why, notes, an agenda, a prompt) as search reads
    it: the model's value, or "" for none. `_str` and `_opt_str` differ only in giving ""
    or None for an empty value, which search reads as "" either way."""
    return _str(record, key)


def progress_notes_of(record: Mapping[str, Any]) -> list[str]:
    """`Goal.progress_notes` of the goal a record holds: the notes of its history entries
    (each an object, as `ProgressEntry.from_record` takes), oldest first, empty ones left
    out."""
    history = record.get("history")
    if not isinstance(history, list):
        return []
    notes: list[str] = []
    for entry in history:
        if isinstance(entry, Mapping):
            note = _opt_str(entry, "note")
            if note:
                notes.append(note)
    return notes


def created_of(record: Mapping[str, Any]) -> datetime | None:
    return _opt_instant(record, "created")


def at_of(record: Mapping[str, Any]) -> datetime | None:
    """The `at` of a note or feedback, as `from_record` reads it: its own, else its
    creation."""
    return _opt_instant(record, "at") or _opt_instant(record, "created")


def on_of(record: Mapping[str, Any]) -> date:
    """A milestone's day, as `Milestone.on_of` reads it."""
    from mentorlog.model.milestones import Milestone

    return Milestone.on_of(record)


def meeting_start_of(record: Mapping[str, Any]) -> tuple[datetime, str, list[str]]:
    """A meeting's first wall time and its zone's name, as `Meeting.schedule_of` reads them,
    and the wall times (as stored) of the occurrences marked held, as `HeldOccurrence`
    takes them."""
    start = _opt_wall(record, "start") or datetime(1970, 1, 1)
    held = record.get("held")
    starts = (
        [
            entry["start"]
            for entry in held
            if isinstance(entry, Mapping) and isinstance(entry.get("start"), str)
        ]
        if isinstance(held, list)
        else []
    )
    return start, _str(record, "tz", "UTC"), starts


def person_of(record: Mapping[str, Any]) -> set[str]:
    """Whom a goal, topic, feedback or milestone concerns: its person, if any."""
    person = _opt_str(record, "person")
    return {person} if person else set()


def people_of(record: Mapping[str, Any]) -> set[str]:
    """Whom a meeting or note concerns: its people."""
    return set(_str_list(record, "people"))


def tags_of(record: Mapping[str, Any]) -> list[str]:
    return _str_list(record, "tags")


def private_of(record: Mapping[str, Any]) -> bool:
    from mentorlog.model.notes import Note

    return Note.private_of(record)
