"""The whole journal for a reader (the Markdown export): every record of every kind, read
by its model, in reading order."""

from __future__ import annotations

from collections.abc import Sequence
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
    Topic,
)
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
    meetings by first start, open items first, and the rest in the order they happened."""
    from mentorlog.services.goals import due_order

    notes = [Note.from_record(r) for r in journal.all(kinds.NOTES.table)]
    shared = [n for n in notes if include_private or not n.private]
    goal_rank = {"active": 0, "done": 1, "dropped": 2}
    goals = sorted(
        (Goal.from_record(r) for r in journal.all(kinds.GOALS.table)),
        key=lambda g: (goal_rank.get(g.status, 0), *due_order(g)),
    )
    actions = sorted(
        (ActionItem.from_record(r) for r in journal.all(kinds.ACTIONS.table)),
        key=lambda a: (not a.is_open, a.due is None, a.due or _FAR, a.id or 0),
    )
    return JournalView(
        people=sorted((Person.from_record(r) for r in journal.all(PEOPLE)), key=_handle),
        goals=goals,
        meetings=sorted(
            (Meeting.from_record(r) for r in journal.all(kinds.MEETINGS.table)),
            key=lambda m: (m.start, m.id or 0),
        ),
        actions=actions,
        topics=sorted(
            (Topic.from_record(r) for r in journal.all(kinds.TOPICS.table)),
            key=lambda t: (not t.is_open, t.person, t.id or 0),
        ),
        feedback=sorted(
            (Feedback.from_record(r) for r in journal.all(kinds.FEEDBACK.table)),
            key=lambda f: (f.at or _EPOCH, f.id or 0),
        ),
        milestones=sorted(
            (Milestone.from_record(r) for r in journal.all(kinds.MILESTONES.table)),
            key=lambda m: (m.on, m.id or 0),
        ),
        notes=sorted(shared, key=lambda n: (n.at or _EPOCH, n.id or 0)),
        private_left_out=len(notes) - len(shared),
    )


def _handle(person: Person) -> str:
    return person.handle


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FAR = datetime.max.date()
