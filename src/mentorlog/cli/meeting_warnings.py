"""What `meeting add` and `meeting edit` warn about once a meeting is saved: a time in the
past, a time outside anyone's working hours (yours included), and other meetings it overlaps.
Each is a note on stderr; the meeting is saved all the same."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from mentorlog import timeparse
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.cli.context import Session
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting, Person
from mentorlog.render import console, dates

# Notes about overlaps, at most: one per other meeting.
MAX_OVERLAPS = 3


def warn_schedule(
    s: Session,
    meeting: Meeting,
    first: Occurrence | None,
    people: Mapping[str, Person],
    meetings: Sequence[Meeting],
    *,
    only: Occurrence | None = None,
) -> None:
    """Warn about `first` (the next occurrence; None when none is ahead) and the occurrences
    of the year after it, or with `only` about that one occurrence alone."""
    from mentorlog.calendar import occurrences as occ
    from mentorlog.services import overlaps

    if first is None:
        if (start := occ.instant(meeting, meeting.start)).astimezone(UTC) < s.now.astimezone(UTC):
            console.warn(f"that time is in the past ({_when(start, s)}).")
        return
    _warn_hours(s, meeting, first, people)
    mine = [only] if only is not None else overlaps.upcoming_of(meeting, first)
    start, end = overlaps.window_of(meeting, first)
    found = overlaps.overlaps(mine, meetings, start, end)
    for overlap in found[:MAX_OVERLAPS]:
        other = overlap.first
        local_start, local_end = other.start.astimezone(s.zone), other.end.astimezone(s.zone)
        when = f"{dates.day_year(local_start)} {dates.span(local_start, local_end)} {s.zone.key}"
        more = overlap.times - 1
        again = f" and {more} more time{'' if more == 1 else 's'} in the year ahead" if more else ""
        console.warn(f"that overlaps meeting {other.meeting.id} ({other.title}, {when}){again}.")


def _warn_hours(
    s: Session, meeting: Meeting, first: Occurrence, people: Mapping[str, Person]
) -> None:
    from mentorlog.services.people import is_working, known_zone, within_working_time

    mine = first.start.astimezone(s.zone)
    try:
        working = within_working_time(mine, s.config.hours, s.config.days)
    except InvalidInput:  # hours edited by hand into nonsense: `config show` says so
        working = True
    if not working:
        console.warn(
            f"that is outside your working hours ({dates.weekday_clock(mine)} in {s.zone.key}, "
            f"you work {s.config.get('hours')}, {s.config.get('days')})."
        )
    for handle in meeting.people:
        person = people.get(handle)
        if person is not None and known_zone(person) and not is_working(person, first.start):
            theirs = first.start.astimezone(timeparse.get_zone(person.tz))
            console.warn(
                f"that is outside {person.handle}'s working hours "
                f"({dates.weekday_clock(theirs)} in {person.tz}, they work {person.hours})."
            )


def _when(moment: datetime, s: Session) -> str:
    local = moment.astimezone(s.zone)
    return f"{dates.day_year_clock(local)} {s.zone.key}"
