"""iCalendar against the journal: the records an export of the schedule holds, and the
invites of an imported file brought in as meetings (`mentorlog export ics`, `import ics`).

Reading and writing the files is `calendar.ics_export` and `calendar.ics_import`, which
never see the journal; here are the two use cases that do. Importing the same file twice
changes nothing: new UIDs become meetings, known ones are replaced when the file's SEQUENCE
is newer, and the rest is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import PurePath

from mentorlog.calendar.ics_export import CalendarSource, IcsExport, IcsRequest, Me, build_calendar
from mentorlog.errors import InvalidInput
from mentorlog.model import TOPIC_STATUSES, Meeting, Topic
from mentorlog.services.ics_rows import usual_meeting, usual_topic
from mentorlog.services.people_read import all_people
from mentorlog.store import Journal, stamp
from mentorlog.timeparse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    # The reading side, which `export ics` has no use for (its modules load hashlib).
    from mentorlog.calendar.ics_events import CalendarFile, Invite
    from mentorlog.model import ActionItem, Goal

__all__ = ["IcsImportResult", "export_calendar", "exported_meetings", "load"]

TABLE = "meetings"


def export_calendar(journal: Journal, request: IcsRequest, *, now: datetime, me: Me) -> IcsExport:
    """The calendar for `request`, read from the journal: meetings (with `request.person`
    only, if given) and, if asked, open dated actions and active dated goals of that
    relationship."""
    handle = None
    if request.person:
        from mentorlog.services.people import get_person

        handle = get_person(journal, request.person).handle
    meetings = exported_meetings(journal, handle)
    # Action items and goals, their models and `involved` are loaded only when asked for.
    actions: list[ActionItem] = []
    if "actions" in request.include:
        from mentorlog.model import ActionItem
        from mentorlog.services.actions import involved

        actions = [
            action
            for record in journal.all("actions")
            for action in [ActionItem.from_record(record)]
            if action.is_open and action.due is not None
            if handle is None or handle in involved(journal, action)
        ]
    goals: list[Goal] = []
    if "goals" in request.include:
        from mentorlog.model import Goal

        goals = [
            goal
            for record in journal.all("goals")
            for goal in [Goal.from_record(record)]
            if goal.is_open and goal.due is not None and (handle is None or goal.person == handle)
        ]
    wanted = {h for m in meetings for h in m.people}
    source = CalendarSource(
        meetings=meetings,
        people=all_people(journal),
        topics=open_topics(journal, wanted),
        actions=actions,
        goals=goals,
    )
    return build_calendar(source, request, now=now, me=me)


# What a meeting's record holds that no exported event says: the occurrences marked held
# (with when and how they went: an occurrence's status in the file is only cancelled or
# not) and when the record was made. At 100,000 records reading them was a third of
# building the meetings.
_NOT_EXPORTED = frozenset({"held", "created"})


def exported_meetings(journal: Journal, handle: str | None = None) -> list[Meeting]:
    """`list_meetings(journal)` as an export reads them (with `handle` among their people,
    if given): each without what no event says (`_NOT_EXPORTED`), a usual record built
    from its fields (`ics_rows.usual_meeting`), another person's never built.
    tests/test_export_fast_paths.py holds the file to the one written from the whole
    meetings."""
    return [
        usual_meeting(record)
        or Meeting.from_record({k: v for k, v in record.items() if k not in _NOT_EXPORTED})
        for record in journal.all(TABLE)
        if handle is None or handle in Meeting.schedule_of(record)[0]
    ]


def open_topics(journal: Journal, wanted: set[str]) -> list[Topic]:
    """`services.topics.topics_for(journal, wanted)`: the open talking points of the people
    wanted, in the journal's order; a usual record built the short way (`usual_topic`,
    without its stamps, which no description shows), another by the model, and a record
    whose status or person, as the model reads them, leave it out not built at all."""
    found = []
    for record in journal.all("topics"):
        status, person = record.get("status"), record.get("person")
        if (type(status) is str and status != "open" and status in TOPIC_STATUSES) or (
            type(person) is str and person not in wanted
        ):
            continue  # read as another status or another person's: never built
        topic = usual_topic(record) or Topic.from_record(record)
        if topic.is_open and topic.person in wanted:
            found.append(topic)
    return found


class IcsImportResult:
    """What `load` did with the invites of one file. (A plain class: a dataclass costs
    about 4 M instructions to build when the module is imported, by `export ics` too.)"""

    __slots__ = ("all_day", "created", "left_out", "notes", "unchanged", "updated")

    def __init__(self, *, all_day: int = 0, left_out: int = 0, notes: Iterable[str] = ()) -> None:
        self.created: list[Meeting] = []
        self.updated: list[Meeting] = []
        self.unchanged = 0
        self.all_day, self.left_out, self.notes = all_day, left_out, list(notes)

    @property
    def recurring(self) -> int:
        return sum(1 for meeting in self.created if meeting.recurring)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def load(
    journal: Journal,
    calendar: CalendarFile,
    *,
    with_handles: Sequence[str] = (),
    now: datetime,
    default_duration: timedelta,
) -> IcsImportResult:
    """Create a meeting for each new UID, update those whose SEQUENCE grew, leave the rest;
    never re-create a meeting deleted here (its UID has a tombstone).

    Raises before anything is written when the import cannot be done (the caller's locked
    block then writes nothing); writes nothing at all when nothing is new.
    """
    from mentorlog.model import MAX_MINUTES
    from mentorlog.services.people import get_person

    extra = _unique(get_person(journal, handle).handle for handle in with_handles)
    by_email = _people_by_email(journal)
    existing = {
        str(record["uid"]): Meeting.from_record(record)
        for record in journal.all(TABLE)
        if isinstance(record.get("uid"), str)
    }
    result = IcsImportResult(
        all_day=calendar.all_day, left_out=calendar.left_out, notes=list(calendar.notes)
    )
    deleted = journal.tombstoned()
    nobody = 0
    minutes = max(1, min(MAX_MINUTES, int(default_duration.total_seconds() // 60)))
    for invite in calendar.invites:
        people = _unique([*(h for e in invite.emails for h in by_email.get(e, ())), *extra])
        current = existing.get(invite.uid)
        if current is None:
            if invite.uid in deleted:
                result.left_out += 1
                result.notes.append(
                    f"Left out {invite.label}: it was deleted here, and an import never brings "
                    "a deleted meeting back."
                )
            elif invite.cancelled:
                result.left_out += 1
                result.notes.append(f"Left out {invite.label}: it is cancelled.")
            elif not people:
                nobody += 1
                result.left_out += 1
                result.notes.append(
                    f"Left out {invite.label}: none of its attendees has an email in the journal; "
                    "import it with --with HANDLE, or add their email with "
                    "`mentorlog person edit HANDLE --email ADDRESS`."
                )
            else:
                saved = _create(journal, invite, people, minutes, now=now)
                existing[invite.uid] = saved
                result.created.append(saved)
        elif invite.sequence > current.sequence:
            saved = _update(journal, current, invite, people, minutes, now=now)
            existing[invite.uid] = saved
            result.updated.append(saved)
        else:
            result.unchanged += 1
    if nobody and not result.changed and not result.unchanged:
        raise InvalidInput(
            f"Cannot import {calendar.source}: none of its {_events(nobody)} has an attendee "
            "whose email is in the journal; add --with HANDLE to import them with someone, or "
            "give people their email with `mentorlog person edit HANDLE --email ADDRESS`."
        )
    if result.changed:
        name = quote(PurePath(calendar.source).name)
        journal.describe(
            f"import ics {name} ({len(result.created)} added, {len(result.updated)} updated)",
            now=now,
        )
    return result


def _events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"


def _unique(handles: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(handles))


def _people_by_email(journal: Journal) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for person in all_people(journal):
        if person.email:
            found.setdefault(person.email.strip().lower(), []).append(person.handle)
    return found


def _create(
    journal: Journal, invite: Invite, people: list[str], minutes: int, *, now: datetime
) -> Meeting:
    from mentorlog.services.people import get_person

    channel = None
    if invite.link is None:
        first = get_person(journal, people[0])
        channel = first.channel
    meeting = Meeting(
        title=invite.title,
        people=people,
        start=invite.start,
        tz=invite.tz,
        duration=invite.duration or minutes,
        rrule=invite.rrule,
        exdates=list(invite.exdates),
        overrides=list(invite.overrides),
        channel="video" if invite.link else channel,
        link=invite.link,
        place=invite.place,
        follows=invite.follows,
        status="cancelled" if invite.cancelled else "scheduled",
        sequence=invite.sequence,
    )
    created = stamp(now)
    # The meeting keeps the event's UID, so the next import of the file finds it.
    record = meeting.to_record() | {"uid": invite.uid, "created": created, "updated": created}
    return Meeting.from_record(journal.restore(TABLE, record))


def _update(
    journal: Journal,
    current: Meeting,
    invite: Invite,
    people: list[str],
    minutes: int,
    *,
    now: datetime,
) -> Meeting:
    """The time, title, people, rule and status from the file; notes, agenda, ratings and
    the occurrences marked held stay."""
    status = (
        "cancelled" if invite.cancelled else "held" if current.status == "held" else "scheduled"
    )
    changes: dict[str, Any] = {
        "title": invite.title,
        "people": people or list(current.people),
        "start": invite.start,
        "tz": invite.tz,
        "duration": invite.duration or current.duration or minutes,
        "rrule": invite.rrule,
        "exdates": list(invite.exdates),
        "overrides": list(invite.overrides),
        "status": status,
        "sequence": invite.sequence,
    }
    if invite.link is not None:
        changes["link"] = invite.link
    if invite.place is not None:
        changes["place"] = invite.place
    if invite.follows is not None:
        changes["follows"] = invite.follows
    changed = replace(current, **changes)
    assert current.id is not None
    return Meeting.from_record(journal.update(TABLE, current.id, changed.to_record(), now=now))
