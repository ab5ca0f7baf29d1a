"""Action items and talking points: what was promised, and what to raise next time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from mentorlog import timeparse
from mentorlog.errors import Conflict, InvalidInput, NotFound
from mentorlog.model import ActionItem, Goal, Meeting, Topic
from mentorlog.services import fields
from mentorlog.services.goals import get_goal
from mentorlog.services.meetings import get_meeting
from mentorlog.services.people import get_person
from mentorlog.store import Journal

ACTIONS = "actions"
TOPICS = "topics"
ME = "me"


# -- action items ----------------------------------------------------------------------------


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


def list_actions(
    journal: Journal, *, today: date, include_done: bool = False, person: str | None = None
) -> list[ActionItem]:
    """Open actions (all with `include_done`), overdue first, then by due date."""
    handle = get_person(journal, person).handle if person is not None else None
    actions = [ActionItem.from_record(record) for record in journal.all(ACTIONS)]
    chosen = [
        a
        for a in actions
        if (include_done or a.is_open) and (handle is None or handle in involved(journal, a))
    ]
    return sorted(chosen, key=lambda a: action_order(a, today))


def action_order(action: ActionItem, today: date) -> tuple[bool, bool, date, int]:
    """Open before done; then overdue first; then soonest due; undated last."""
    overdue = action.due is not None and action.due < today
    return (not action.is_open, not overdue, action.due or date.max, action.id or 0)


def complete_action(journal: Journal, action_id: int, *, now: datetime) -> ActionItem:
    action = _get_action(journal, action_id)
    if not action.is_open:
        raise Conflict(f"Action {action_id} is already done.")
    changed = replace(action, status="done", completed=now)
    assert changed.id is not None
    record = journal.update(ACTIONS, changed.id, changed.to_record(), now=now)
    journal.describe(f"action done (action {action_id})", now=now)
    return ActionItem.from_record(record)


def involved(journal: Journal, action: ActionItem) -> set[str]:
    """The handles an action concerns: its owner, its relationship, its meeting's people and
    its goal's person."""
    handles = {action.owner, action.person} - {ME, None}
    if action.meeting is not None:
        record = journal.get("meetings", action.meeting)
        if record is not None:
            handles |= set(Meeting.from_record(record).people)
    if action.goal is not None:
        record = journal.get("goals", action.goal)
        if record is not None:
            handles.add(Goal.from_record(record).person)
    return {h for h in handles if h}


def _get_action(journal: Journal, action_id: int) -> ActionItem:
    record = journal.get(ACTIONS, action_id)
    if record is None:
        raise NotFound(f"No action with id {action_id}; see `mentorlog action list --all`.")
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


# -- talking points --------------------------------------------------------------------------


def add_topic(journal: Journal, text: str, *, person: str, now: datetime) -> Topic:
    """Queue something to raise next time you meet `person`."""
    handle = get_person(journal, person).handle
    topic = Topic(text=fields.text(text, "talking point", example="Ask about the promotion"),
                  person=handle)  # fmt: skip
    record = journal.insert(TOPICS, topic.to_record(), now=now)
    saved = Topic.from_record(record)
    journal.describe(f"topic add {timeparse.quote(saved.text)} (topic {saved.id})", now=now)
    return saved


def list_topics(
    journal: Journal, *, person: str | None = None, include_done: bool = False
) -> list[Topic]:
    """Talking points, oldest first (open only, unless `include_done`)."""
    handles = {get_person(journal, person).handle} if person is not None else None
    return topics_for(journal, handles, include_done=include_done)


def topics_for(
    journal: Journal, handles: Iterable[str] | None, *, include_done: bool = False
) -> list[Topic]:
    wanted = set(handles) if handles is not None else None
    topics = [Topic.from_record(record) for record in journal.all(TOPICS)]
    return [
        t for t in topics if (include_done or t.is_open) and (wanted is None or t.person in wanted)
    ]


def complete_topic(journal: Journal, topic_id: int, *, now: datetime) -> Topic:
    record = journal.get(TOPICS, topic_id)
    if record is None:
        raise NotFound(f"No talking point with id {topic_id}; see `mentorlog topic list --all`.")
    topic = Topic.from_record(record)
    if not topic.is_open:
        raise Conflict(f"Talking point {topic_id} is already done.")
    changed = replace(topic, status="done", completed=now)
    updated = journal.update(TOPICS, topic_id, changed.to_record(), now=now)
    journal.describe(f"topic done (topic {topic_id})", now=now)
    return Topic.from_record(updated)
