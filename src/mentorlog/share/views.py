"""What is shared with a person, as views (`shape`), and their iCalendar form both ways.

`shared_views(journal, handle, now=)` is exactly what may leave the journal for that person:
the meetings with them; the open and done action items of both sides in that relationship;
the open talking points with them; the goals shared with them; the milestones and the notes
with them that are not private. Private notes, reflections (a note answering a prompt),
feedback of any kind and anything about other people never appear, nor does a record with
a tombstone.

Who owns an action item must read right in both homes, where "me" is a different person:
a view names the owner by their side of the relationship, "mentor" or "mentee", from the
role the person has in this journal (a mentor's actions are the mentor's in both homes).
Between peers the side is the owner's name: yours (config `name`, given as `me`) or theirs
(the person's name), which is how the other home knows you and them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from mentorlog import kinds
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.ics_components import is_utc
from mentorlog.calendar.ics_fields import stored_rule
from mentorlog.errors import InvalidInput
from mentorlog.model import (
    ActionItem,
    Goal,
    Meeting,
    Milestone,
    Note,
    Person,
    Topic,
)
from mentorlog.share.ics_read import from_ics
from mentorlog.share.ics_write import to_ics
from mentorlog.share.shape import (
    View,
    agenda_mark,
    component_of,
    date_text,
    instant_text,
    shareable_agenda,
    wall_text,
)
from mentorlog.store import Journal
from mentorlog.timeparse import known_zone
from mentorlog.timeparse.rules import read_rule, until_instant, until_text

__all__ = [
    "View",
    "component_of",
    "from_ics",
    "meeting_view",
    "owner_word",
    "person_of",
    "shared_views",
    "sides",
    "to_ics",
]

ME = "me"
PEER = "peer"


def shared_views(journal: Journal, handle: str, *, now: datetime, me: str = "") -> dict[str, View]:
    """uid -> view of everything shared with the person `handle` (see the module's
    docstring); `me` is the user's name (config `name`), which peers know them by. `now`
    is taken for the signature the services share: what is shared does not depend on it."""
    del now  # the views are the records as they are, whenever asked
    person = person_of(journal, handle)
    if person is None:
        return {}
    gone = journal.tombstoned()
    found: dict[str, View] = {}

    def add(view: View | None) -> None:
        if view is not None and view["uid"] not in gone:
            found[view["uid"]] = view

    for record in _records(journal, kinds.MEETINGS.table):
        meeting = Meeting.from_record(record)
        if handle in meeting.people:
            add(meeting_view(meeting))
    mine, theirs = sides(person, me)
    for record in _records(journal, kinds.ACTIONS.table):
        action = ActionItem.from_record(record)
        if handle in (action.owner, action.person):
            add(action_view(action, mine if action.owner == ME else theirs))
    for record in _records(journal, kinds.TOPICS.table):
        topic = Topic.from_record(record)
        if topic.person == handle and topic.is_open:
            add(topic_view(topic))
    for record in _records(journal, kinds.GOALS.table):
        goal = Goal.from_record(record)
        if goal.person == handle:
            add(goal_view(goal))
    for record in _records(journal, kinds.MILESTONES.table):
        milestone = Milestone.from_record(record)
        if milestone.person == handle:
            add(milestone_view(milestone))
    for record in _records(journal, kinds.NOTES.table):
        note = Note.from_record(record)
        if note.people == [handle] and not note.private and note.prompt is None:
            add(note_view(note))
    return found


def _records(journal: Journal, table: str) -> list[Mapping[str, Any]]:
    return [r for r in journal.all(table) if isinstance(r.get("uid"), str) and r.get("uid")]


def person_of(journal: Journal, handle: str) -> Person | None:
    """The person with this handle, or None."""
    for record in journal.all(kinds.PEOPLE.table):
        if record.get("handle") == handle:
            return Person.from_record(record)
    return None


# -- owners --------------------------------------------------------------------------------


def sides(person: Person, me: str = "") -> tuple[str, str]:
    """(the word for the user's side, the word for the person's side) of the relationship
    with `person`, as views name an action's owner."""
    if person.role == "mentor":
        return "mentee", "mentor"
    if person.role == "mentee":
        return "mentor", "mentee"
    return (" ".join(me.split()) or PEER), (" ".join(person.name.split()) or person.handle)


def owner_word(word: str | None, person: Person, me: str = "") -> str | None:
    """An owner word of a view read in this home: "me", the person's handle, or None when
    the word names neither side (or there is none)."""
    if word is None:
        return None
    mine, theirs = sides(person, me)
    folded = " ".join(word.split()).casefold()
    if folded == theirs.casefold():
        return person.handle
    if folded == mine.casefold():
        return ME
    return None


# -- one record each -----------------------------------------------------------------------


def meeting_view(meeting: Meeting) -> View | None:
    """The meeting as the server sees it; None for one no calendar can hold (an unknown zone,
    a rule that yields no occurrence)."""
    tz = "UTC" if is_utc(meeting.tz) else meeting.tz
    zone = known_zone(tz)
    if zone is None or meeting.uid is None:
        return None
    meeting = replace(meeting, tz=tz)
    anchor = occ.instant(meeting, meeting.start) - timedelta(days=2)
    in_rule = replace(meeting, overrides=[]) if meeting.overrides else meeting
    try:
        first = occ.next_occurrence(in_rule, anchor, include_cancelled=True)
    except (InvalidInput, ValueError, OverflowError):  # a rule a hand edit broke
        return None
    if first is None:
        return None
    start = first.start.replace(tzinfo=None)
    rrule = None
    if meeting.rrule is not None:
        rrule = _stored_rule(meeting.rrule, start, zone)
        if rrule is None:
            return None
    agenda = shareable_agenda(meeting.agenda)
    return {
        "kind": "meeting",
        "uid": meeting.uid,
        "title": meeting.title,
        "start": wall_text(start),
        "tz": tz,
        "duration": meeting.duration,
        "rrule": rrule,
        "exdates": [wall_text(w) for w in sorted(set(meeting.exdates))] if rrule else [],
        "overrides": _overrides(meeting) if rrule else [],
        "cancelled": meeting.status == "cancelled",
        "place": meeting.place,
        "link": meeting.link,
        "agenda": agenda,
        "agenda_mark": agenda_mark(agenda),
        "sequence": meeting.sequence,
        "follows": meeting.follows,
        "updated": instant_text(meeting.updated),
    }


def _stored_rule(rule_text: str, start: datetime, zone: Any) -> str | None:
    """The rule as it reads back from the object: UNTIL in UTC, parts in the stored order."""
    rule = read_rule(rule_text)
    if rule is None:
        return None
    if "UNTIL" in rule and rule.until is not None:
        try:
            rule = rule.with_part("UNTIL", until_text(until_instant(rule.until, zone)))
        except OverflowError:
            return None
    stored, problem = stored_rule(str(rule), start, zone)
    return None if problem else stored


def _overrides(meeting: Meeting) -> list[dict[str, Any]]:
    """The occurrences moved or changed alone, as an object's RECURRENCE-ID events say
    them: a length or title that is the series' own is no change."""
    if meeting.status == "cancelled":
        return []
    found = []
    for moved in sorted(meeting.overrides, key=lambda o: o.of):
        here = occ.occurrence_at(meeting, occ.instant(meeting, moved.start))
        if here is None or here.original is None or here.cancelled:
            continue
        duration = moved.duration if moved.duration not in (None, meeting.duration) else None
        title = moved.title if moved.title not in (None, meeting.title) else None
        if moved.start == moved.of and duration is None and title is None:
            continue
        found.append(
            {
                "of": wall_text(moved.of),
                "start": wall_text(moved.start),
                "duration": duration,
                "title": title,
            }
        )
    return found


def action_view(action: ActionItem, owner: str) -> View:
    return {
        "kind": "action",
        "uid": action.uid,
        "text": action.text,
        "owner": owner,
        "due": date_text(action.due),
        "status": action.status,
        "completed": instant_text(action.completed) if action.status == "done" else None,
        "updated": instant_text(action.updated),
    }


def topic_view(topic: Topic) -> View:
    return {
        "kind": "topic",
        "uid": topic.uid,
        "text": topic.text,
        "status": topic.status,
        "completed": instant_text(topic.completed) if topic.status == "done" else None,
        "updated": instant_text(topic.updated),
    }


def goal_view(goal: Goal) -> View:
    return {
        "kind": "goal",
        "uid": goal.uid,
        "title": goal.title,
        "progress": goal.progress,
        "due": date_text(goal.due),
        "status": goal.status,
        "completed": instant_text(goal.completed) if goal.status == "done" else None,
        "updated": instant_text(goal.updated),
    }


def milestone_view(milestone: Milestone) -> View:
    return {
        "kind": "milestone",
        "uid": milestone.uid,
        "title": milestone.title,
        "on": date_text(milestone.on),
        "note": milestone.note,
        "updated": instant_text(milestone.updated),
    }


def note_view(note: Note) -> View:
    return {
        "kind": "note",
        "uid": note.uid,
        "text": note.text,
        "at": instant_text(note.at),
        "updated": instant_text(note.updated),
    }
