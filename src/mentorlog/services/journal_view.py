"""The whole journal for a reader (the Markdown export): every record of every kind, read
by its model, in reading order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mentorlog import kinds
from mentorlog.kinds import KINDS
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
from mentorlog.services.journal_rows import USUAL, Read, reader
from mentorlog.store import Journal

PEOPLE = kinds.PEOPLE.table


@dataclass(frozen=True)
class JournalView:
    """Everything in the journal as records of the model, in reading order."""

    people: list[Person]
    goals: list[Goal]
    meetings: list[Meeting]
    actions: list[ActionItem]
    topics: list[Topic]
    feedback: list[Feedback]
    milestones: list[Milestone]
    notes: list[Note]
    private_left_out: int = 0

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
        private = sum(map(Note.private_of, journal.all(kinds.NOTES.table)))
        found[kinds.NOTES.table] -= private
    return found, private


def sections(journal: Journal, *, include_private: bool = False) -> Iterator[tuple[str, list[Any]]]:
    """`journal_view`'s records a kind at a time, in the registry's order, each kind built
    only when asked for: a reader that writes each kind out before asking for the next
    never holds the records of two kinds at once, and each table read is let go once its
    kind is written. Each record is built without its created and updated stamps (None),
    which the document never shows (`_BRIEF`)."""
    for kind in KINDS:
        records = _records(journal, kind.table, brief=True)
        if kind is kinds.NOTES and not include_private:
            records = [note for note in records if not note.private]
        yield kind.table, records
        del records
        journal.forget(kind.table)


def _records(journal: Journal, table: str, *, brief: bool = False) -> list[Any]:
    """The records of one kind, read by its model, in reading order; `brief`, each built
    without its created and updated stamps, and the usual action item, talking point,
    feedback entry or note straight from its fields (`_BRIEF`)."""
    from mentorlog.services.goals import due_order

    rows = journal.all(table)
    read = _BRIEF if brief else _WHOLE
    if table == kinds.GOALS.table:
        goal_rank = {"active": 0, "done": 1, "dropped": 2}
        return sorted(
            map(read[Goal], rows),
            key=lambda g: (goal_rank.get(g.status, 0), *due_order(g)),
        )
    if table == kinds.ACTIONS.table:
        return sorted(
            map(read[ActionItem], rows),
            key=lambda a: (not a.is_open, a.due is None, a.due or _FAR, a.id or 0),
        )
    if table == PEOPLE:
        return sorted(map(read[Person], rows), key=_handle)
    if table == kinds.MEETINGS.table:
        return sorted(map(read[Meeting], rows), key=lambda m: (m.start, m.id or 0))
    if table == kinds.TOPICS.table:
        return sorted(
            map(read[Topic], rows),
            key=lambda t: (not t.is_open, t.person, t.id or 0),
        )
    if table == kinds.FEEDBACK.table:
        return sorted(map(read[Feedback], rows), key=_by_instant if brief else _by_at)
    if table == kinds.MILESTONES.table:
        return sorted(map(read[Milestone], rows), key=lambda m: (m.on, m.id or 0))
    if table == kinds.NOTES.table:
        return sorted(map(read[Note], rows), key=_by_instant if brief else _by_at)
    raise KeyError(table)


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


_MODELS: tuple[type[Stored], ...] = (
    Person,
    Goal,
    Meeting,
    ActionItem,
    Topic,
    Feedback,
    Milestone,
    Note,
)
_WHOLE: dict[type[Stored], Read] = {model: model.from_record for model in _MODELS}
# Action items, talking points, feedback and notes: a usual record the short way.
_BRIEF: dict[type[Stored], Read] = {
    model: reader(USUAL[model], brief) if model in USUAL else brief
    for model in _MODELS
    for brief in [_without_stamps(model).from_record]
}


def _by_at(record: Feedback | Note) -> tuple[datetime, int]:
    return (record.at or _EPOCH, record.id or 0)


def _by_instant(record: Feedback | Note) -> tuple[float, datetime, int]:
    """`_by_at`, compared faster: two aware instants in different offsets (every parsed
    stamp has its own) are compared through their offsets, a float is not. The float is
    the instant rounded, never out of order (rounding keeps the order, and ties are
    compared as instants): 10,000 notes sorted in 80 ms, now in a few."""
    at = record.at or _EPOCH
    return (at.timestamp(), at, record.id or 0)


def _handle(person: Person) -> str:
    return person.handle


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FAR = datetime.max.date()
