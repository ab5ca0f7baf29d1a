"""The whole journal for a reader (the Markdown export): every record of every kind, read
by its model, in reading order.

The models are imported when a record is first read by one (`_reader`): the export writes
the usual record of every kind but people straight from its stored fields
(`render/journal_md_fast.py`), and building the models' dataclasses cost it 5 ms at start.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from itertools import chain

from mentorlog import kinds
from mentorlog.kinds import KINDS
from mentorlog.model.values import private_of
from mentorlog.store import Journal
from mentorlog.store.held import held, held_chunks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import (
        ActionItem,
        Feedback,
        Goal,
        Meeting,
        Milestone,
        Note,
        Person,
        Stored,
        Topic,
    )
    from mentorlog.services.journal_rows import Read

PEOPLE = kinds.PEOPLE.table


class JournalView:
    """Everything in the journal as records of the model, in reading order. (A plain class:
    see `StoredKind`.)"""

    __slots__ = (*(kind.table for kind in KINDS), "private_left_out")
    people: list[Person]
    goals: list[Goal]
    meetings: list[Meeting]
    actions: list[ActionItem]
    topics: list[Topic]
    feedback: list[Feedback]
    milestones: list[Milestone]
    notes: list[Note]
    private_left_out: int

    def __init__(self, private_left_out: int = 0, **by_table: list[Any]) -> None:
        if set(by_table) != {kind.table for kind in KINDS}:
            raise TypeError(f"a journal view takes one list a kind, not {sorted(by_table)}")
        for table, records in by_table.items():
            setattr(self, table, records)
        self.private_left_out = private_left_out

    @property
    def counts(self) -> dict[str, int]:
        return {kind.table: len(self.of(kind.table)) for kind in KINDS}

    def of(self, table: str) -> Sequence[Any]:
        """The records of one kind, by its table."""
        records: Sequence[Any] = getattr(self, table)
        return records


def journal_view(journal: Journal, *, include_private: bool = False) -> JournalView:
    """The journal for a reader: people by handle, goals active first and soonest due,
    meetings by first start, open items first, and the rest in the order they happened.
    Every record at once: `sections` gives the same a kind at a time."""
    notes = _records(journal, kinds.NOTES.table)
    shared = [n for n in notes if include_private or not n.private]
    by_table = {
        kind.table: shared if kind is kinds.NOTES else _records(journal, kind.table)
        for kind in KINDS
    }
    return JournalView(**by_table, private_left_out=len(notes) - len(shared))


def counts(journal: Journal, *, include_private: bool = False) -> tuple[dict[str, int], int]:
    """How many records of each kind `journal_view` holds, and how many private notes it
    leaves out, without building any (a note's privacy is read alone, as its model reads
    it)."""
    found = {kind.table: journal.count(kind.table) for kind in KINDS}
    private = 0
    if not include_private:
        private = private_notes(journal)
        found[kinds.NOTES.table] -= private
    return found, private


def private_notes(journal: Journal) -> int:
    """How many private notes the journal holds, read alone as `Note` reads it."""
    return sum(map(private_of, held(journal, kinds.NOTES.table)))


def sections(
    journal: Journal, *, include_private: bool = False, stored: bool = True
) -> Iterator[tuple[str, Any]]:
    """`journal_view`'s records a kind at a time, in the registry's order, each kind built
    only when asked for: a reader that writes each kind out before asking for the next
    never holds the records of two kinds at once, and each table read is let go once its
    kind is written. Each record is built without its created and updated stamps (None),
    which the document never shows (`_BRIEF`). `stored` (the export's way): every kind but
    people as its stored records (`StoredKind`, unsorted), for a reader that writes the
    usual record straight from its fields (`render.journal_md_fast`) and reads the rest as
    `StoredKind.plain` says."""
    for kind in KINDS:
        if stored and kind.table != PEOPLE:
            # Read only (by `journal_md_fast` and `plain`), and once: a chunk at a time,
            # parsed as the reader comes to it (`held_chunks`).
            rows: Iterable[Mapping[str, Any]] = chain.from_iterable(
                held_chunks(journal, kind.table)
            )
            if kind is kinds.NOTES and not include_private:
                rows = (row for row in rows if not private_of(row))
            yield kind.table, StoredKind(kind.table, rows)
            del rows
            journal.forget(kind.table)
            continue
        records = _records(journal, kind.table, brief=True)
        if kind is kinds.NOTES and not include_private:
            records = [note for note in records if not note.private]
        yield kind.table, records
        del records
        journal.forget(kind.table)


class StoredKind:
    """One kind's stored records as the journal holds them, in no order, to be read once
    (`rows` may be parsed as it is read): `plain` reads one as `sections` would (its model,
    without stamps) and gives its place in reading order.
    (A plain class: as a dataclass, building it and `JournalView` took 1 ms at start.)"""

    __slots__ = ("rows", "table")

    def __init__(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        self.table = table
        self.rows = rows

    def plain(self, row: Mapping[str, Any]) -> tuple[Any, Any]:
        """The record's sort key in reading order, and the record read by its model: for
        goals, action items and milestones the key as one integer (`due_order`, `day_order`)."""
        record = _reader(self.table, brief=True)(row)
        key: Callable[[Any], Any] = _ORDER.get(self.table) or _KEYS[self.table]
        return key(record), record


def _records(journal: Journal, table: str, *, brief: bool = False) -> list[Any]:
    """The records of one kind, read by its model, in reading order; `brief`, each built
    without its created and updated stamps, and the usual action item, talking point,
    feedback entry or note straight from its fields (`_BRIEF`)."""
    rows = journal.all(table)
    read = _reader(table, brief=brief)
    key = _KEYS[table]
    if not brief and table in (kinds.FEEDBACK.table, kinds.NOTES.table):
        key = _by_at
    return sorted(map(read, rows), key=key)


@functools.cache
def _reader(table: str, *, brief: bool) -> Read:
    """The reader of a kind's records: its model's `from_record`, the model imported now;
    `brief`, each built without its created and updated stamps, and the usual action item,
    talking point, feedback entry or note straight from its fields (`journal_rows.USUAL`)."""
    model = kinds.BY_TABLE[table].model
    if not brief:
        return model.from_record
    read: Read = _without_stamps(model).from_record
    if table == PEOPLE:  # people have no short way, nor its models to import: fifty of them
        return read
    from mentorlog.services.journal_rows import USUAL, reader

    return reader(USUAL[model], read) if model in USUAL else read


def _without_stamps(model: type[Stored]) -> Any:
    """`model` whose `from_record` leaves the created and updated stamps unread (None): its
    `identity` is its `brief_identity`. Every other field is read as the model reads it (a
    note's or a feedback entry's instant still falls back to its created stamp, through
    `at_of`), so the Markdown document, which shows neither stamp, is the same; at 100,000
    records parsing them was a third of building the records. tests/test_export_fast_paths.py
    holds the document to the one built from whole records."""

    def identity(cls: type[Stored], record: Mapping[str, Any]) -> dict[str, Any]:
        return model.brief_identity(record)

    return type(model.__name__, (model,), {"identity": classmethod(identity)})


def _goal_key(goal: Goal) -> tuple[int, bool, date, int]:
    from mentorlog.services.goals import due_order

    return (_GOAL_RANK.get(goal.status, 0), *due_order(goal))


_GOAL_RANK = {"active": 0, "done": 1, "dropped": 2}


def _action_key(action: ActionItem) -> tuple[bool, bool, date, int]:
    return (not action.is_open, action.due is None, action.due or _FAR, action.id or 0)


def _meeting_key(meeting: Meeting) -> tuple[datetime, int]:
    return (meeting.start, meeting.id or 0)


def _topic_key(topic: Topic) -> tuple[bool, str, int]:
    return (not topic.is_open, topic.person, topic.id or 0)


def _milestone_key(milestone: Milestone) -> tuple[date, int]:
    return (milestone.on, milestone.id or 0)


def _by_at(record: Feedback | Note) -> tuple[datetime, int]:
    return (record.at or _EPOCH, record.id or 0)


def _by_instant(record: Feedback | Note) -> tuple[float, datetime, int]:
    """`_by_at`, compared faster: two aware instants in different offsets (every parsed
    stamp has its own) are compared through their offsets, a float is not. The float is
    the instant rounded, never out of order (rounding keeps the order, and ties are
    compared as instants): 10,000 notes sorted in 80 ms, now in a few."""
    at = record.at or _EPOCH
    return (at.timestamp(), at, record.id or 0)


# -- reading order as one integer ---------------------------------------------------------------
# A tuple of flags, days and an id sorts item by item; the same order as one integer, each
# item a digit of it in a range of its own, sorts about three times faster (at 100,000 records
# the tuples of goals and action items took 20 ms to sort). Ids are the store's keys, 0 to
# MAX_ID (`store.format.check`), so each is below _ID; every day's ordinal is below _DAY.
# `render.journal_md_fast` makes the same integers (tests/test_export_md_fast.py holds their
# order to the tuples').
_ID = 1 << 31
_DAY = 1 << 22  # date.max.toordinal() is 3,652,059
_FAR_DAY = date.max.toordinal()


def due_order(first: int, due: date | None, key: int) -> int:
    """`(first, due is None, due or date.max, key)` as one integer, in the same order: `first`
    from 0 (a goal's rank, an action item done), `key` an id."""
    if due is None:
        return ((first * 2 + 1) * _DAY + _FAR_DAY) * _ID + key
    return (first * 2 * _DAY + due.toordinal()) * _ID + key


def day_order(day: date, key: int) -> int:
    """`(day, key)` as one integer, in the same order."""
    return day.toordinal() * _ID + key


def _goal_order(goal: Goal) -> int:
    return due_order(_GOAL_RANK.get(goal.status, 0), goal.due, goal.id or 0)


def _action_order(action: ActionItem) -> int:
    return due_order(0 if action.is_open else 1, action.due, action.id or 0)


def _milestone_order(milestone: Milestone) -> int:
    return day_order(milestone.on, milestone.id or 0)


_ORDER: dict[str, Callable[[Any], int]] = {
    kinds.GOALS.table: _goal_order,
    kinds.ACTIONS.table: _action_order,
    kinds.MILESTONES.table: _milestone_order,
}


def _handle(person: Person) -> str:
    return person.handle


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FAR = datetime.max.date()

# Each kind's reading order, by its model's record (feedback and notes read whole: `_by_at`;
# read without stamps, `_by_instant` gives the same order faster).
_KEYS: dict[str, Callable[[Any], Any]] = {
    PEOPLE: _handle,
    kinds.GOALS.table: _goal_key,
    kinds.MEETINGS.table: _meeting_key,
    kinds.ACTIONS.table: _action_key,
    kinds.TOPICS.table: _topic_key,
    kinds.FEEDBACK.table: _by_instant,
    kinds.MILESTONES.table: _milestone_key,
    kinds.NOTES.table: _by_instant,
}
