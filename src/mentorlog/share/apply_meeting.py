"""A meeting changed on the server, brought into the journal (see `apply`).

- New from them: a meeting with that person, at the object's time in its zone, with its
  rule, cancelled occurrences and moved ones.
- The series moved or changed (its start, zone, length, rule, title, place or link): a
  series edit from the next occurrence on (`services.series`, as `meeting edit --from`),
  so the occurrences already past stay as they were; a one-off is edited in place.
- One occurrence moved or changed (a RECURRENCE-ID event): an override (`meeting edit
  --occurrence`); cancelled (EXDATE, or an override with STATUS:CANCELLED): `meeting cancel
  --occurrence`; a cancellation undone: the occurrence back.
- The whole meeting cancelled, or deleted from the calendar: `meeting cancel`.
- The DESCRIPTION: an agenda saved by the other person's mentorlog (its mark matches) is
  read into the meeting's `agenda`; text a person added in their calendar app is kept too,
  and also saved as a note with that person (not private).
- SEQUENCE follows the server's when it is higher, so calendar apps see no step back.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar import occurrences as occ
from mentorlog.errors import MentorlogError
from mentorlog.model import Meeting, Person
from mentorlog.services import meetings, notes, series
from mentorlog.share.ics_write import as_meeting
from mentorlog.share.shape import View, agenda_mark, read_wall, shareable_agenda
from mentorlog.share.uids import find_uid, keep_uid
from mentorlog.share.views import meeting_view
from mentorlog.store import Journal
from mentorlog.timeparse.rules import read_rule

__all__ = ["apply_meeting"]

TABLE = "meetings"
NOTES = "notes"
DEFAULT = timedelta(minutes=45)
_SCHEDULE = ("start", "tz", "duration", "rrule", "title", "place", "link")


def apply_meeting(
    journal: Journal,
    person: Person,
    record: Mapping[str, Any] | None,
    before: View | None,
    after: View | None,
    *,
    now: datetime,
) -> list[str]:
    """One meeting's change from the server (see the module's docstring)."""
    del before  # what the journal holds now is what `after` is compared with
    if after is None:
        return _cancel(journal, record, now=now) if record is not None else []
    said: list[str] = []
    if record is None:
        meeting, said = _new(journal, person, after, now=now)
        current = meeting_view(meeting) or {}
    else:
        meeting = Meeting.from_record(record)
        current = meeting_view(meeting) or {}
        if not current:
            return []  # one no calendar can hold was never shared
    if after["cancelled"]:
        return said + _cancel(journal, journal.get(TABLE, _id(meeting)), now=now)
    steps = (_uncancel, _schedule, _exdates, _overrides, _agenda)
    for step in steps:
        try:
            meeting, done = step(journal, person, meeting, current, after, now)
        except MentorlogError as exc:
            done = [f"Left meeting {meeting.id} as it is here: {exc}"]
        said += done
    _follow_sequence(journal, after, now=now)
    return said


def _id_of(record_id: int | None) -> int:
    assert record_id is not None
    return record_id


def _id(meeting: Meeting) -> int:
    assert meeting.id is not None
    return meeting.id


def _cancel(journal: Journal, record: Mapping[str, Any] | None, *, now: datetime) -> list[str]:
    if record is None:
        return []
    meeting = Meeting.from_record(record)
    if meeting.status == "cancelled":
        return []
    meetings.cancel(journal, _id(meeting), now=now)
    return [f"Cancelled meeting {meeting.id} ({meeting.title}), as the shared calendar says."]


def _wall_text(wall: datetime) -> str:
    return f"{wall:%Y-%m-%d %H:%M}"


def _when(wall: datetime, tz: str) -> str:
    """How sentences name an occurrence: 'Tue 1 Dec 2026 09:00 America/New_York'."""
    return f"{wall:%a} {wall.day} {wall:%b %Y %H:%M} {tz}"


def _on_user_clock(meeting: Meeting, wall: datetime, now: datetime) -> str:
    """An occurrence's wall time as `--occurrence` reads it: on the user's clock."""
    user = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    return _wall_text(occ.instant(meeting, wall).astimezone(user))


def _new(
    journal: Journal, person: Person, after: View, *, now: datetime
) -> tuple[Meeting, list[str]]:
    given = meetings.MeetingInput(
        people=[person.handle],
        at=_wall_text(read_wall(after["start"])),
        tz=after["tz"],
        duration=timedelta(minutes=after["duration"]) if after.get("duration") else None,
        every=after.get("rrule"),
        title=after["title"],
        link=after.get("link"),
        place=after.get("place"),
    )
    made = meetings.add_meeting(journal, given, now=now, default_duration=DEFAULT)
    stored = keep_uid(journal, TABLE, _id(made), after["uid"])
    meeting = Meeting.from_record(stored)
    if after.get("follows"):  # it continues a series split on the other side
        meeting = meetings.save(
            journal, replace(meeting, follows=after["follows"]), "share: meeting", now=now
        )
    return meeting, [
        f"Added meeting {meeting.id} ({meeting.title}), from {person.handle}'s calendar."
    ]


def _uncancel(
    journal: Journal, person: Person, meeting: Meeting, current: View, after: View, now: datetime
) -> tuple[Meeting, list[str]]:
    if meeting.status != "cancelled":
        return meeting, []
    back = replace(meeting, status="scheduled", sequence=meeting.sequence + 1)
    saved = meetings.save(journal, back, "share: meeting no longer cancelled", now=now)
    return saved, [f"Meeting {meeting.id} is on again, as the shared calendar says."]


def _schedule(
    journal: Journal, person: Person, meeting: Meeting, current: View, after: View, now: datetime
) -> tuple[Meeting, list[str]]:
    changed = [name for name in _SCHEDULE if after.get(name) != current.get(name)]
    if not changed or (after.get("rrule") is None and current.get("rrule") is not None):
        return meeting, []  # a series made a one-off in an app: not a change mentorlog reads
    given = meetings.MeetingInput(
        tz=after["tz"] if "tz" in changed else None,
        duration=timedelta(minutes=after["duration"])
        if "duration" in changed and after.get("duration")
        else None,
        every=after.get("rrule") if "rrule" in changed else None,
        title=after["title"] if "title" in changed else None,
        place=(after.get("place") or "none") if "place" in changed else None,
        link=(after.get("link") or "none") if "link" in changed else None,
    )
    if changed == ["rrule"] and _same_rule_but_its_end(current.get("rrule"), after.get("rrule")):
        # The series ended (or its end moved), as a split on the other side ends it: its
        # occurrences stay where they are.
        ended = replace(meeting, rrule=after["rrule"], sequence=meeting.sequence + 1)
        saved = meetings.save(journal, ended, "share: series end", now=now)
        return saved, [f"Meeting {meeting.id} ends where the shared calendar ends it."]
    if meeting.rrule is None:
        if {"start", "tz"} & set(changed):
            given = replace(given, at=_wall_text(read_wall(after["start"])), tz=after["tz"])
        if given == meetings.MeetingInput():
            return meeting, []
        saved = meetings.edit_meeting(journal, _id(meeting), given, now=now)
        return saved, [f"Moved or changed meeting {meeting.id} as they did in their calendar."]
    upcoming = occ.next_occurrence(meeting, now)
    if upcoming is None:
        return meeting, []  # all in the past: the past is not rewritten
    if {"start", "tz", "rrule"} & set(changed):
        moved = occ.next_occurrence(as_meeting(after), upcoming.start_utc)
        if moved is None:
            return meeting, []
        at = _wall_text(moved.start.replace(tzinfo=None))
        given = replace(given, at=at, tz=after["tz"])
    if given == meetings.MeetingInput():
        return meeting, []
    when = series.EditWhen(from_=_on_user_clock(meeting, upcoming.start.replace(tzinfo=None), now))
    edited = series.edit(journal, _id(meeting), given, now=now, when=when)
    first = _when(upcoming.start.replace(tzinfo=None), meeting.tz)
    return edited.meeting, [
        f"Changed meeting {meeting.id} from {first} on, as they did in their calendar (the "
        "meetings before stay as they were)."
    ]


def _same_rule_but_its_end(one: str | None, other: str | None) -> bool:
    if one is None or other is None:
        return False
    first, second = read_rule(one), read_rule(other)
    if first is None or second is None:
        return False
    ends = ("UNTIL", "COUNT")
    return {k: v for k, v in first.items() if k not in ends} == {
        k: v for k, v in second.items() if k not in ends
    }


def _exdates(
    journal: Journal, person: Person, meeting: Meeting, current: View, after: View, now: datetime
) -> tuple[Meeting, list[str]]:
    if meeting.rrule is None or after.get("tz") != current.get("tz"):
        return meeting, []
    theirs, ours = set(after.get("exdates") or []), set(current.get("exdates") or [])
    said: list[str] = []
    for wall in sorted(theirs - ours):
        when = _on_user_clock(meeting, read_wall(wall), now)
        try:
            meeting, _ = meetings.cancel(journal, _id(meeting), now=now, occurrence=when)
        except MentorlogError:
            continue  # not an occurrence of this part of the series (or cancelled already)
        said.append(
            f"Cancelled meeting {meeting.id} on {_when(read_wall(wall), meeting.tz)}, as they "
            "did in their calendar."
        )
    back = {read_wall(w) for w in ours - theirs}
    if back & set(meeting.exdates):
        kept = [w for w in meeting.exdates if w not in back]
        meeting = meetings.save(
            journal,
            replace(meeting, exdates=kept, sequence=meeting.sequence + 1),
            "share: occurrence no longer cancelled",
            now=now,
        )
        said.append(f"{len(back)} cancelled occurrence(s) of meeting {meeting.id} are on again.")
    return meeting, said


def _overrides(
    journal: Journal, person: Person, meeting: Meeting, current: View, after: View, now: datetime
) -> tuple[Meeting, list[str]]:
    if meeting.rrule is None or after.get("tz") != current.get("tz"):
        return meeting, []
    theirs = {o["of"]: o for o in after.get("overrides") or []}
    ours = {o["of"]: o for o in current.get("overrides") or []}
    exdated = set(after.get("exdates") or [])
    said: list[str] = []
    for of in sorted(set(theirs) | set(ours)):
        wanted = theirs.get(of)
        if wanted == ours.get(of) or of in exdated:
            continue
        start = read_wall(wanted["start"] if wanted else of)
        minutes = (wanted or {}).get("duration") or meeting.duration
        given = meetings.MeetingInput(
            at=_wall_text(start),
            duration=timedelta(minutes=minutes),
            title=(wanted or {}).get("title") or meeting.title,
        )
        when = series.EditWhen(occurrence=_on_user_clock(meeting, read_wall(of), now))
        try:
            meeting = series.edit(journal, _id(meeting), given, now=now, when=when).meeting
        except MentorlogError:
            continue
        said.append(
            f"Moved meeting {meeting.id} of {_when(read_wall(of), meeting.tz)} to "
            f"{_when(start, meeting.tz)}, as they did in their calendar."
        )
    return meeting, said


def _agenda(
    journal: Journal, person: Person, meeting: Meeting, current: View, after: View, now: datetime
) -> tuple[Meeting, list[str]]:
    text, ours = after.get("agenda"), current.get("agenda")
    if not text or text == ours:
        return meeting, []  # an agenda cleared in an app is kept here
    key = meeting.agenda_for or meeting.start.isoformat()
    if after.get("agenda_mark") == agenda_mark(text):
        saved = meetings.save_agenda(journal, _id(meeting), text, key, now=now)
        return saved, [f"Read the agenda saved on meeting {meeting.id} by the other side."]
    added = text[len(ours) :] if ours and text.startswith(ours) else text
    kept = (meeting.agenda or "") + added if ours and text.startswith(ours) else text
    saved = meetings.save_agenda(journal, _id(meeting), kept, key, now=now)
    if shareable_agenda(saved.agenda) != text:  # the feedback section we keep moved: read all
        saved = meetings.save_agenda(journal, _id(meeting), text, key, now=now)
    # One uid for the same comment in both homes: each reads it and makes the note, and
    # the two notes are one shared object, not two.
    uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"mentorlog-comment:{after['uid']}\n{added.strip()}"))
    found = find_uid(journal, NOTES, uid)
    if found is not None:
        return saved, [
            f"Read what {person.handle} wrote on meeting {meeting.id} (note {found['id']})."
        ]
    note = notes.add_note(journal, added.strip(), now=now, people=[person.handle])
    keep_uid(journal, NOTES, _id_of(note.id), uid)
    return saved, [
        f"Kept what {person.handle} wrote on meeting {meeting.id} in their calendar as note "
        f"{note.id}."
    ]


def _follow_sequence(journal: Journal, after: View, *, now: datetime) -> None:
    record = find_uid(journal, TABLE, after["uid"])
    wanted = int(after.get("sequence") or 0)
    if record is not None and int(record.get("sequence") or 0) < wanted:
        journal.update(TABLE, int(record["id"]), {"sequence": wanted}, now=now)
