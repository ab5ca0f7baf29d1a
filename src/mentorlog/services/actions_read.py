"""Reading action items without their service: the list, whom one concerns, where it sorts.
The service's writes import the goals', meetings' and people's services (and their inputs'
dataclasses); `action list` and `agenda` read through this module, and the service offers
the same names."""

from __future__ import annotations

from datetime import date

from mentorlog import kinds
from mentorlog.model import ActionItem
from mentorlog.store import Journal

ME = "me"
ACTIONS = kinds.ACTIONS.table


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
    from mentorlog.model import Goal, Meeting  # their readers: only for --with and agenda

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


def list_actions(
    journal: Journal, *, today: date, include_done: bool = False, person: str | None = None
) -> list[ActionItem]:
    """Open actions (all with `include_done`), overdue first, then by due date."""
    from mentorlog.services.people_read import get_person  # only for --with

    handle = get_person(journal, person).handle if person is not None else None
    actions = [ActionItem.from_record(record) for record in journal.all(ACTIONS)]
    chosen = [
        a
        for a in actions
        if (include_done or a.is_open) and (handle is None or handle in involved(journal, a))
    ]
    return sorted(chosen, key=lambda a: action_order(a, today))
