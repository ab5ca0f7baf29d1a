"""Whom an action item concerns, and where it sorts: read without the action items' service,
whose writes import the goals', meetings' and people's services (and their inputs'
dataclasses). `agenda` lists the open action items of a meeting's people through this
module; the service offers the same names."""

from __future__ import annotations

from datetime import date

from mentorlog.model import ActionItem, Goal, Meeting
from mentorlog.store import Journal

ME = "me"


def action_order(action: ActionItem, today: date) -> tuple[bool, bool, date, int]:
    """Open before done; then overdue first; then soonest due; undated last."""
    return action.order(today)


def involved(journal: Journal, action: ActionItem) -> set[str]:
    """The handles an action concerns: its owner, its relationship, its meeting's people and
    its goal's person."""
    return involving(journal, action.owner, action.person, action.meeting, action.goal)


def involving(
    journal: Journal, owner: str, person: str | None, meeting: int | None, goal: int | None
) -> set[str]:
    """`involved` of an action with these fields (read from its record, or built)."""
    handles = {owner, person} - {ME, None}
    if meeting is not None:
        record = journal.get("meetings", meeting)
        if record is not None:
            handles.update(Meeting.schedule_of(record)[0])  # its people, as from_record reads
    if goal is not None:
        record = journal.get("goals", goal)
        if record is not None:
            handles.add(Goal.person_of(record))
    return {h for h in handles if h}
