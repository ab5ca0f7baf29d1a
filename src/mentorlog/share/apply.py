"""A change the other person made on the server, brought into the journal.

`apply_theirs(journal, handle, before, after, now=)` makes the record the view is about say
what `after` says (None: deleted on the server), through the services that the commands
use, and returns one sentence for each thing it did. `before` is the view both sides last
agreed on; what the journal holds now is compared with `after`, so applying the same change
twice does nothing the second time.

- A to-do ticked done closes the action item or talking point, unticked reopens it; a new
  one becomes a talking point with that person, or an action item when it says so (its
  category or X-MENTORLOG-OWNER), owned by them unless the owner it names is you.
- Goals, milestones and notes: their title, progress, status and due date (a milestone's
  day and note, a note's text) come back; a new one becomes one with that person.
- Deleted on the server: an action item, talking point, goal, milestone or note is deleted
  (with a tombstone); a meeting is cancelled (`apply_meeting`).
- Meetings: see `apply_meeting`.

A new record keeps the object's UID as its uid, so both sides go on naming it alike; one
whose uid was deleted here (and edited there: an edit wins over a delete) comes back under
a new uid, and the next round replaces the old object with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentorlog import kinds
from mentorlog.errors import MentorlogError
from mentorlog.kinds import Kind
from mentorlog.model import ActionItem, Person, Topic
from mentorlog.services import actions, goals, milestones, notes, records, topics
from mentorlog.share.apply_meeting import apply_meeting
from mentorlog.share.shape import FOREIGN, View, instant_text, read_instant, same
from mentorlog.share.uids import find_uid, keep_uid
from mentorlog.share.views import (
    ME,
    action_view,
    goal_view,
    milestone_view,
    note_view,
    owner_word,
    person_of,
    sides,
    topic_view,
)
from mentorlog.store import Journal

__all__ = ["apply_theirs", "find_uid"]

KIND_OF: dict[str, Kind] = {
    "meeting": kinds.MEETINGS,
    "action": kinds.ACTIONS,
    "topic": kinds.TOPICS,
    "goal": kinds.GOALS,
    "milestone": kinds.MILESTONES,
    "note": kinds.NOTES,
}


def apply_theirs(
    journal: Journal,
    handle: str,
    before: View | None,
    after: View | None,
    *,
    now: datetime,
    me: str = "",
) -> list[str]:
    """Bring one change made on the other side into the open journal (see the module's
    docstring); `me` is the user's name (config `name`), as `views.shared_views` takes it."""
    view = after if after is not None else before
    if view is None or view.get("kind") == FOREIGN or same(before, after):
        return []
    if after is not None and before is not None and before.get("kind") != after.get("kind"):
        before = None
    person = person_of(journal, handle)
    if person is None:
        return []
    try:
        return _apply(journal, person, before, after, view, now=now, me=me)
    except MentorlogError as exc:  # what the server holds, the journal refuses (too long...)
        return [f"Left {view['kind']} {view['uid']} as it is here: {exc}"]


def _apply(
    journal: Journal,
    person: Person,
    before: View | None,
    after: View | None,
    view: View,
    *,
    now: datetime,
    me: str,
) -> list[str]:
    kind = KIND_OF[view["kind"]]
    record = find_uid(journal, kind.table, view["uid"])
    if view["kind"] == "meeting":
        return apply_meeting(journal, person, record, before, after, now=now)
    if after is None:
        return _deleted(journal, kind, record, now=now)
    if record is None:
        record = _created(journal, person, after, now=now, me=me)
        said = [f"Added {_label(kind, record)}, from {person.handle}'s calendar."]
        return said + _changes(journal, person, record, after, now=now, me=me)
    return _changes(journal, person, record, after, now=now, me=me)


def _label(kind: Kind, record: Mapping[str, Any]) -> str:
    text = record.get("text") or record.get("title") or ""
    first = str(text).strip().splitlines()[0] if str(text).strip() else ""
    short = first if len(first) <= 60 else first[:59] + "\u2026"
    return f"{kind.singular} {record.get('id')} ({short})"


def _deleted(
    journal: Journal, kind: Kind, record: Mapping[str, Any] | None, *, now: datetime
) -> list[str]:
    if record is None:
        return []
    records.delete(journal, kind, int(record["id"]), now=now)
    return [f"Deleted {_label(kind, record)}: it was deleted from the shared calendar."]


# -- a new record ----------------------------------------------------------------------------


def _created(
    journal: Journal, person: Person, after: View, *, now: datetime, me: str
) -> Mapping[str, Any]:
    """A record made from a view the journal has none for, with the view's uid."""
    kind = after["kind"]
    handle = person.handle
    made: Any
    if kind == "action":
        owner = owner_word(after.get("owner"), person, me) or handle
        made = actions.add_action(
            journal, after["text"], now=now, owner=owner, due=after.get("due"), person=handle
        )
    elif kind == "topic":
        made = topics.add_topic(journal, after["text"], person=handle, now=now)
    elif kind == "goal":
        given = goals.GoalInput(title=after["title"], due=after.get("due"), person=handle)
        made = goals.add_goal(journal, given, now=now)
    elif kind == "milestone":
        made = milestones.add_milestone(
            journal,
            after["title"],
            now=now,
            person=handle,
            on=after.get("on"),
            note=after.get("note"),
        )
    else:
        made = notes.add_note(journal, after["text"], now=now, people=[handle])
        _keep_instant(journal, kinds.NOTES.table, made.id, "at", after.get("at"), now=now)
    table = KIND_OF[kind].table
    return keep_uid(journal, table, made.id, after["uid"])


# -- changes to a record ---------------------------------------------------------------------


def _changes(
    journal: Journal,
    person: Person,
    record: Mapping[str, Any],
    after: View,
    *,
    now: datetime,
    me: str,
) -> list[str]:
    kind = after["kind"]
    record_id = int(record["id"])
    if kind == "action":
        return _action(journal, person, record_id, after, now=now, me=me)
    if kind == "topic":
        return _topic(journal, record_id, after, now=now)
    if kind == "goal":
        return _goal(journal, record_id, after, now=now)
    if kind == "milestone":
        return _milestone(journal, record_id, after, now=now)
    return _note(journal, record_id, after, now=now)


def _clear_or(value: Any) -> str:
    return "none" if value is None else str(value)


def _action(
    journal: Journal, person: Person, record_id: int, after: View, *, now: datetime, me: str
) -> list[str]:
    action = actions.get_action(journal, record_id)
    mine, theirs = sides(person, me)
    current = action_view(action, mine if action.owner == ME else theirs)
    said: list[str] = []
    text = after["text"] if after["text"] != current["text"] else None
    due = _clear_or(after.get("due")) if after.get("due") != current["due"] else None
    owner = owner_word(after.get("owner"), person, me)
    if owner is not None and owner == action.owner:
        owner = None
    if text is not None or due is not None or owner is not None:
        given = actions.ActionInput(text=text, due=due, owner=owner)
        action = actions.edit_action(journal, record_id, given, now=now)
        said.append(f"Changed action {record_id} ({_what(text, due, owner)}) as they edited it.")
    said += _done_or_open(journal, "action", record_id, action, after, now=now)
    return said


def _what(text: str | None, due: str | None, owner: str | None, first: str = "text") -> str:
    parts = [
        name
        for name, value in ((first, text), ("due date", due), ("owner", owner))
        if value is not None
    ]
    return ", ".join(parts)


def _done_or_open(
    journal: Journal,
    kind: str,
    record_id: int,
    record: ActionItem | Topic,
    after: View,
    *,
    now: datetime,
) -> list[str]:
    noun = "action" if kind == "action" else "talking point"
    if after["status"] == record.status:
        if record.status == "done" and after.get("completed") != _text_of(record.completed):
            _keep_completed(journal, KIND_OF[kind].table, record_id, after, now=now)
        return []
    if after["status"] == "done":
        complete = actions.complete_action if kind == "action" else topics.complete_topic
        done = complete(journal, record_id, now=now)
        _keep_completed(journal, KIND_OF[kind].table, record_id, after, now=now)
        return [f"Closed {noun} {record_id} ({done.text}): ticked done in their calendar."]
    reopen = actions.reopen_action if kind == "action" else topics.reopen_topic
    again = reopen(journal, record_id, now=now)
    return [f"Reopened {noun} {record_id} ({again.text}): unticked in their calendar."]


def _keep_completed(
    journal: Journal, table: str, record_id: int, after: View, *, now: datetime
) -> None:
    """When they ticked it, as their app says, so the object needs no upload back."""
    _keep_instant(journal, table, record_id, "completed", after.get("completed"), now=now)


def _text_of(moment: datetime | None) -> str | None:
    return instant_text(moment)


def _keep_instant(
    journal: Journal, table: str, record_id: int, name: str, value: Any, *, now: datetime
) -> None:
    """An instant the services stamp with `now` (when a to-do was ticked, when a note was
    written) set to the one the other side gave, so both homes share the same view; there
    is no service that takes such an instant."""
    when = read_instant(value)
    if when is not None:
        journal.update(table, record_id, {name: when.isoformat()}, now=now)


def _topic(journal: Journal, record_id: int, after: View, *, now: datetime) -> list[str]:
    topic = topics.get_topic(journal, record_id)
    said: list[str] = []
    if after["text"] != topic_view(topic)["text"]:
        topic = topics.edit_topic(journal, record_id, now=now, text=after["text"])
        said.append(f"Changed talking point {record_id} to {after['text']!r} as they edited it.")
    return said + _done_or_open(journal, "topic", record_id, topic, after, now=now)


def _goal(journal: Journal, record_id: int, after: View, *, now: datetime) -> list[str]:
    goal = goals.get_goal(journal, record_id)
    current = goal_view(goal)
    said: list[str] = []
    title = after["title"] if after["title"] != current["title"] else None
    due = _clear_or(after.get("due")) if after.get("due") != current["due"] else None
    if title is not None or due is not None:
        goals.edit_goal(journal, record_id, goals.GoalInput(title=title, due=due), now=now)
        said.append(
            f"Changed goal {record_id} ({_what(title, due, None, 'title')}) as they edited it."
        )
    status = after.get("status", "active")
    progress = int(after.get("progress") or 0)
    moves = status != "done" and progress != goal.progress  # progress is kept on open goals
    if goal.status != "active" and (status != goal.status or moves):
        goal = goals.reopen_goal(journal, record_id, now=now, note="reopened in their calendar")
        if status == "active":
            said.append(f"Reopened goal {record_id}: it is active again in their calendar.")
    if moves:
        goals.record_progress(journal, record_id, str(progress), now=now)
        said.append(f"Goal {record_id} is at {progress}%, as their calendar says.")
    if status == "done" and goal.status != "done":
        goals.complete_goal(journal, record_id, now=now, note="done in their calendar")
        _keep_completed(journal, kinds.GOALS.table, record_id, after, now=now)
        said.append(f"Goal {record_id} is done, as their calendar says.")
    elif status == "done" and after.get("completed") != _text_of(goal.completed):
        _keep_completed(journal, kinds.GOALS.table, record_id, after, now=now)
    elif status == "dropped" and goal.status != "dropped":
        goals.drop_goal(journal, record_id, now=now, note="dropped in their calendar")
        said.append(f"Dropped goal {record_id}, as their calendar says.")
    return said


def _milestone(journal: Journal, record_id: int, after: View, *, now: datetime) -> list[str]:
    current = milestone_view(milestones.get_milestone(journal, record_id))
    title = after["title"] if after["title"] != current["title"] else None
    on = after.get("on") if after.get("on") and after.get("on") != current["on"] else None
    note = _clear_or(after.get("note")) if after.get("note") != current["note"] else None
    if title is None and on is None and note is None:
        return []
    given = milestones.MilestoneInput(title=title, on=on, note=note)
    milestones.edit_milestone(journal, record_id, given, now=now)
    return [f"Changed milestone {record_id} as they edited it."]


def _note(journal: Journal, record_id: int, after: View, *, now: datetime) -> list[str]:
    current = note_view(notes.get_note(journal, record_id))
    said: list[str] = []
    if after["text"] != current["text"]:
        notes.edit_note(journal, record_id, notes.NoteInput(text=after["text"]), now=now)
        said.append(f"Changed note {record_id} as they edited it.")
    if after.get("at") and after.get("at") != current["at"]:
        _keep_instant(journal, kinds.NOTES.table, record_id, "at", after["at"], now=now)
    return said
