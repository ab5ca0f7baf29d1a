"""The dashboard: what deserves your attention today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorlog.model import Goal, Person
from mentorlog.services.goals import list_goals
from mentorlog.services.people import list_people
from mentorlog.store import Journal


@dataclass(frozen=True)
class Status:
    """A snapshot of the journal as of `now`."""

    now: datetime
    goals: list[Goal]
    people: list[Person]
    journal_exists: bool

    @property
    def overdue(self) -> list[Goal]:
        today = self.now.date()
        return [g for g in self.goals if g.due is not None and g.due < today]

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(timespec="seconds"),
            "tz": str(self.now.tzinfo),
            "goals": [g.to_json() for g in self.goals],
            "overdue_goals": [g.id for g in self.overdue],
            "people": [p.to_json() for p in self.people],
        }


def build_status(journal: Journal, *, now: datetime) -> Status:
    return Status(
        now=now,
        goals=list_goals(journal, status="active"),
        people=list_people(journal),
        journal_exists=journal.exists,
    )
