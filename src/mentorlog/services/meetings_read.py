"""Reading meetings, without the meetings' service: one, all, and their occurrences in a
window. `agenda` and `meeting list` read meetings and change none, and that service's
imports (the people's service, the inputs of `meeting add` and `edit`) were milliseconds of
each. The service offers the same names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import NotFound
from mentorlog.model import Meeting
from mentorlog.services.people_read import get_person
from mentorlog.store import Journal


def list_meetings(journal: Journal) -> list[Meeting]:
    return [Meeting.from_record(record) for record in journal.all("meetings")]


def get_meeting(journal: Journal, meeting_id: int) -> Meeting:
    record = journal.get("meetings", meeting_id)
    if record is None:
        raise NotFound(f"No meeting with id {meeting_id}; see `mentorlog meeting list --past`.")
    return Meeting.from_record(record)


def occurrences_between(
    journal: Journal,
    start: datetime,
    end: datetime,
    *,
    person: str | None = None,
    sieve: bool = True,
) -> list[Occurrence]:
    """Every occurrence of every meeting starting in [start, end), soonest first. Only the
    meetings that can have one there are built (`MeetingIndex`, from the first and last
    wall time each can have an occurrence at); `sieve=False` builds every meeting first
    (the plain way, which tests/test_meeting_window.py holds the other to)."""
    handle = get_person(journal, person).handle if person is not None else None
    if sieve:
        from mentorlog.services.relationships import MeetingIndex

        found = MeetingIndex(journal.all("meetings")).occurrences(start, end)
        return found if handle is None else [o for o in found if handle in o.meeting.people]
    chosen = [m for m in list_meetings(journal) if handle is None or handle in m.people]
    return occurrences_of(chosen, start, end)


def occurrences_of(meetings: Sequence[Meeting], start: datetime, end: datetime) -> list[Occurrence]:
    """Every occurrence of these meetings starting in [start, end), soonest first."""
    found = [o for meeting in meetings for o in occ.occurrences(meeting, start, end)]
    return sorted(found, key=lambda o: (o.start_utc, o.meeting.id or 0))


def nothing_upcoming(handle: str | None) -> NotFound:
    """The error for no meeting coming (with `handle`, if given)."""
    with_whom = f" with {handle}" if handle else ""
    return NotFound(
        f"No upcoming meeting{with_whom}; schedule one with `mentorlog meeting add "
        f"--with {handle or 'HANDLE'} --at WHEN`."
    )


def current_occurrence(meeting: Meeting, now: datetime) -> Occurrence | None:
    """The occurrence a note or an agenda is about: the one under way or last started, else
    the next."""
    started = occ.previous_occurrence(meeting, now + timedelta(seconds=1))
    if started is not None and started.end_utc > now.astimezone(UTC) - timedelta(hours=12):
        return started
    return occ.next_occurrence(meeting, now) or started
