"""Reading goals, without the goals' service: one, and those shared with some people.
`agenda` reads goals and changes none, and that service's imports (the inputs of
`goal add` and `edit`, its patterns) were milliseconds of it. The service offers the same
names."""

from __future__ import annotations

from collections.abc import Collection

from mentorlog.errors import NotFound
from mentorlog.model import Goal
from mentorlog.services.goal_rows import due_order
from mentorlog.store import Journal


def goals_of(journal: Journal, handles: Collection[str]) -> list[Goal]:
    """The goals of every status shared with any of these people, soonest due first; only
    those are built."""
    return sorted(
        (
            Goal.from_record(record)
            for record in journal.all("goals")
            if Goal.person_of(record) in handles
        ),
        key=due_order,
    )


def get_goal(journal: Journal, goal_id: int) -> Goal:
    record = journal.get("goals", goal_id)
    if record is None:
        raise NotFound(f"No goal with id {goal_id}; see `mentorlog goal list --status all`.")
    return Goal.from_record(record)
