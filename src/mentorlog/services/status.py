"""The dashboard: what deserves your attention today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mentorlog.model import Goal, Person
from mentorlog.services.goals import list_goals
from mentorlog.services.meetings import Heartbeat, heartbeats, list_meetings, occurrences_of
from mentorlog.services.occurrences import Occurrence
from mentorlog.services.people import list_people
from mentorlog.store import Journal

NEXT_MEETINGS = timedelta(days=7)


@dataclass(frozen=True)
class Status:
    """A snapshot of the journal as of `now`."""

    now: datetime
    meetings: list[Occurrence]
    goals: list[Goal]
    people: list[Person]
    beats: dict[str, Heartbeat]
    journal_exists: bool

    @property
    def overdue(self) -> list[Goal]:
        today = self.now.date()
        return [g for g in self.goals if g.due is not None and g.due < today]

    @property
    def overdue_people(self) -> list[Person]:
        """Relationships whose last meeting is older than their cadence."""
        return [p for p in self.people if (b := self.beats.get(p.handle)) and b.overdue]

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(timespec="seconds"),
            "tz": str(self.now.tzinfo),
            "meetings": [o.to_json() for o in self.meetings],
            "goals": [g.to_json() for g in self.goals],
            "overdue_goals": [g.id for g in self.overdue],
            "people": [p.to_json() | {"heartbeat": self.beats[p.handle].to_json()}
                       for p in self.people],
            "overdue_people": [p.handle for p in self.overdue_people],
        }  # fmt: skip


def build_status(journal: Journal, *, now: datetime) -> Status:
    people = list_people(journal)
    meetings = list_meetings(journal)
    upcoming = [o for o in occurrences_of(meetings, now, now + NEXT_MEETINGS) if not o.cancelled]
    return Status(
        now=now,
        meetings=upcoming,
        goals=list_goals(journal, status="active"),
        people=people,
        beats=heartbeats(meetings, people, now),
        journal_exists=journal.exists,
    )
