"""Milestones: achievements worth celebrating, on the day they happened."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from mentorlog import kinds, timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import Goal, Milestone
from mentorlog.services import fields, records
from mentorlog.services.goals import get_goal
from mentorlog.services.people import get_person
from mentorlog.store import Journal

MILESTONES = kinds.MILESTONES.table
GOAL_DONE = "goal done"
_EXAMPLE = "Gave my first talk"


def get_milestone(journal: Journal, milestone_id: int) -> Milestone:
    milestone = records.get(journal, kinds.MILESTONES, milestone_id)
    assert isinstance(milestone, Milestone)
    return milestone


def add_milestone(
    journal: Journal,
    title: str,
    *,
    now: datetime,
    goal: int | None = None,
    person: str | None = None,
    on: str | None = None,
    note: str | None = None,
) -> Milestone:
    """Record an achievement: on a day (today unless `on`), for a goal, with a person."""
    linked = get_goal(journal, goal) if goal is not None else None
    handle = get_person(journal, person).handle if person is not None else None
    if handle is None and linked is not None:
        handle = linked.person
    milestone = Milestone(
        title=fields.text(title, "milestone", example=_EXAMPLE),
        on=_day(on, now) if on else now.date(),
        goal=goal,
        person=handle,
        note=fields.optional_text(note, "note"),
    )
    record = journal.insert(MILESTONES, milestone.to_record(), now=now)
    saved = Milestone.from_record(record)
    journal.describe(
        f"milestone add {timeparse.quote(saved.title)} (milestone {saved.id})", now=now
    )
    return saved


def _day(value: str, now: datetime) -> date:
    return timeparse.parse_date(value, today=now.date(), prefer="past", what="milestone date")


@dataclass(frozen=True)
class MilestoneInput:
    """What `milestone edit` was given; None means "not given", "none" clears --goal,
    --with and --note."""

    title: str | None = None
    goal: str | None = None
    person: str | None = None
    on: str | None = None
    note: str | None = None


def edit_milestone(
    journal: Journal, milestone_id: int, given: MilestoneInput, *, now: datetime
) -> Milestone:
    milestone = get_milestone(journal, milestone_id)
    if given == MilestoneInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --title or --on; see "
            "`mentorlog milestone edit --help`."
        )
    changes: dict[str, Any] = {}
    if given.title is not None:
        changes["title"] = fields.text(given.title, "milestone", example=_EXAMPLE)
    if given.goal is not None:
        changes["goal"] = fields.link_id(given.goal, "a goal")
        if changes["goal"] is not None:
            get_goal(journal, changes["goal"])
    if given.person is not None:
        changes["person"] = (
            None if fields.is_clear(given.person) else get_person(journal, given.person).handle
        )
    if given.on is not None:
        changes["on"] = _day(given.on, now)
    if given.note is not None:
        changes["note"] = fields.optional_text(given.note, "note")
    changed = replace(milestone, **changes)
    assert changed.id is not None
    record = journal.update(MILESTONES, changed.id, changed.to_record(), now=now)
    journal.describe(f"milestone edit (milestone {changed.id})", now=now)
    return Milestone.from_record(record)


def goal_milestone(journal: Journal, goal: Goal, *, now: datetime) -> Milestone:
    """The milestone `goal done` records: the goal's title, today, with its person. It is
    part of the `goal done` change, so it does not describe a change of its own."""
    milestone = Milestone(
        title=goal.title,
        on=now.date(),
        goal=goal.id,
        person=goal.person,
        note=goal.history[-1].note if goal.history else None,
        source=GOAL_DONE,
    )
    return Milestone.from_record(journal.insert(MILESTONES, milestone.to_record(), now=now))


def remove_goal_milestones(journal: Journal, goal_id: int, *, now: datetime) -> list[Milestone]:
    """Take back the milestones `goal done` recorded for a goal (when it is reopened)."""
    removed = [
        m
        for m in (Milestone.from_record(r) for r in journal.all(MILESTONES))
        if m.goal == goal_id and m.source == GOAL_DONE
    ]
    for milestone in removed:
        assert milestone.id is not None
        journal.remove(MILESTONES, milestone.id, now=now)
    return removed


def list_milestones(
    journal: Journal,
    *,
    person: str | None = None,
    goal: int | None = None,
    since: date | None = None,
) -> list[Milestone]:
    """Milestones, most recent first."""
    handle = get_person(journal, person).handle if person is not None else None
    chosen = [
        m
        for m in (Milestone.from_record(r) for r in journal.all(MILESTONES))
        if (handle is None or m.person == handle)
        and (goal is None or m.goal == goal)
        and (since is None or m.on >= since)
    ]
    return sorted(chosen, key=lambda m: (m.on, m.id or 0), reverse=True)
