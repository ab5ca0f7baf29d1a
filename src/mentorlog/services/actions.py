"""Action items: what you and the people you meet promised to do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from mentorlog import kinds, timeparse
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.model import ActionItem, Goal, Meeting
from mentorlog.services import fields, records
from mentorlog.services.actions_read import ME as ME
from mentorlog.services.actions_read import action_order as action_order
from mentorlog.services.actions_read import involved as involved
from mentorlog.services.actions_read import involving as involving
from mentorlog.services.actions_read import list_actions as list_actions
from mentorlog.services.goals import get_goal
from mentorlog.services.meetings import get_meeting
from mentorlog.services.people import get_person
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ACTIONS = kinds.ACTIONS.table


def get_action(journal: Journal, action_id: int) -> ActionItem:
    action = records.get(journal, kinds.ACTIONS, action_id)
    assert isinstance(action, ActionItem)
    return action


def add_action(
    journal: Journal,
    text: str,
    *,
    now: datetime,
    owner: str | None = None,
    due: str | None = None,
    meeting: int | None = None,
    goal: int | None = None,
    person: str | None = None,
) -> ActionItem:
    """Record a promise: yours ("me", the default) or a person's, optionally due and linked
    to the meeting where it came up and the goal it serves."""
    owner_handle = _owner(journal, owner)
    linked_meeting = get_meeting(journal, meeting) if meeting is not None else None
    linked_goal = get_goal(journal, goal) if goal is not None else None
    relationship = _relationship(journal, owner_handle, person, linked_meeting, linked_goal)
    action = ActionItem(
        text=fields.text(text, "action", example="Send Alice the draft"),
        owner=owner_handle,
        due=timeparse.parse_date(due, today=now.date(), what="due date") if due else None,
        meeting=meeting,
        goal=goal,
        person=relationship,
    )
    record = journal.insert(ACTIONS, action.to_record(), now=now)
    saved = ActionItem.from_record(record)
    journal.describe(f"action add {timeparse.quote(saved.text)} (action {saved.id})", now=now)
    return saved


@dataclass(frozen=True)
class ActionInput:
    """What `action edit` was given; None means "not given", "none" clears --due,
    --meeting, --goal and --with."""

    text: str | None = None
    owner: str | None = None
    due: str | None = None
    meeting: str | None = None
    goal: str | None = None
    person: str | None = None


def edit_action(
    journal: Journal, action_id: int, given: ActionInput, *, now: datetime
) -> ActionItem:
    action = get_action(journal, action_id)
    if given == ActionInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --text or --due; see "
            "`mentorlog action edit --help`."
        )
    changes: dict[str, Any] = {}
    if given.text is not None:
        changes["text"] = fields.text(given.text, "action", example="Send Alice the draft")
    if given.owner is not None:
        changes["owner"] = _owner(journal, given.owner)
    if given.due is not None:
        changes["due"] = (
            None
            if fields.is_clear(given.due)
            else timeparse.parse_date(given.due, today=now.date(), what="due date")
        )
    if given.meeting is not None:
        changes["meeting"] = _linked(journal, given.meeting, "meeting")
    if given.goal is not None:
        changes["goal"] = _linked(journal, given.goal, "goal")
    changed = replace(action, **changes)
    if given.person is not None:
        person = None if fields.is_clear(given.person) else given.person
        if person is None:
            changed = replace(changed, person=None if changed.owner == ME else changed.owner)
        else:
            changed = replace(
                changed, person=_relationship(journal, changed.owner, person, None, None)
            )
    elif given.owner is not None and changed.owner != ME:
        changed = replace(changed, person=changed.owner)
    return _save(journal, changed, "action edit", now=now)


def _linked(journal: Journal, value: str, what: str) -> int | None:
    record_id = fields.link_id(value, f"a {what}")
    if record_id is not None:
        (get_meeting if what == "meeting" else get_goal)(journal, record_id)
    return record_id


def complete_action(journal: Journal, action_id: int, *, now: datetime) -> ActionItem:
    action = get_action(journal, action_id)
    if not action.is_open:
        raise Conflict(f"Action {action_id} is already done.")
    return _save(journal, replace(action, status="done", completed=now), "action done", now=now)


def reopen_action(journal: Journal, action_id: int, *, now: datetime) -> ActionItem:
    action = get_action(journal, action_id)
    if action.is_open:
        raise Conflict(f"Action {action_id} is open already; nothing to reopen.")
    return _save(journal, replace(action, status="open", completed=None), "action reopen", now=now)


def _save(journal: Journal, action: ActionItem, what: str, *, now: datetime) -> ActionItem:
    assert action.id is not None
    record = journal.update(ACTIONS, action.id, action.to_record(), now=now)
    journal.describe(f"{what} (action {action.id})", now=now)
    return ActionItem.from_record(record)


def _owner(journal: Journal, owner: str | None) -> str:
    if owner is None or owner.strip().lower() == ME:
        return ME
    return get_person(journal, owner).handle


def _relationship(
    journal: Journal,
    owner: str,
    person: str | None,
    meeting: Meeting | None,
    goal: Goal | None,
) -> str | None:
    """Whose relationship the action belongs to: --with, else its owner, else its goal's or
    its meeting's (only) person."""
    if person is not None:
        handle = get_person(journal, person).handle
        if owner not in (ME, handle):
            raise InvalidInput(
                f"An action owned by {owner} already belongs to that relationship; drop --with "
                f"{handle} or make the owner me."
            )
        return handle
    if owner != ME:
        return owner
    if goal is not None and goal.person:
        return goal.person
    if meeting is not None and len(meeting.people) == 1:
        return meeting.people[0]
    return None
