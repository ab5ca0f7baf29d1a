"""The heartbeat of a relationship: the last meeting with a person, the next one, and how
far past their cadence the last one is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mentorlog import timeparse
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting, Person


def last_and_next(
    meetings: Sequence[Meeting], handle: str, now: datetime
) -> tuple[Occurrence | None, Occurrence | None]:
    """The last meeting with a person that has started, and the next one, across meetings."""
    last: Occurrence | None = None
    upcoming: Occurrence | None = None
    for meeting in meetings:
        if handle not in meeting.people or meeting.status == "cancelled":
            continue
        before = occ.previous_occurrence(meeting, now)
        after = occ.next_occurrence(meeting, now)
        if before is not None and (last is None or before.start_utc > last.start_utc):
            last = before
        if after is not None and (upcoming is None or after.start_utc < upcoming.start_utc):
            upcoming = after
    return last, upcoming


@dataclass(frozen=True)
class Heartbeat:
    """How a relationship is kept up: the last meeting, the next, and how overdue it is."""

    last: Occurrence | None
    next: Occurrence | None
    overdue: int | None  # days past the cadence since the last meeting

    def to_json(self) -> dict[str, Any]:
        return {
            "last": self.last.start.isoformat() if self.last else None,
            "next": self.next.start.isoformat() if self.next else None,
            "overdue_days": self.overdue,
        }


def heartbeats(
    meetings: Sequence[Meeting], people: Sequence[Person], now: datetime
) -> dict[str, Heartbeat]:
    """Each person's last and next meeting, and days overdue against their cadence."""
    handles = {person.handle for person in people}
    last: dict[str, Occurrence] = {}
    upcoming: dict[str, Occurrence] = {}
    # One pass over the meetings, each asked once however many of these people it has
    # (as last_and_next would answer for each person).
    for meeting in meetings:
        involved = handles.intersection(meeting.people)
        if not involved or meeting.status == "cancelled":
            continue
        before = occ.previous_occurrence(meeting, now)
        after = occ.next_occurrence(meeting, now)
        for handle in sorted(involved):
            if before is not None and (
                handle not in last or before.start_utc > last[handle].start_utc
            ):
                last[handle] = before
            if after is not None and (
                handle not in upcoming or after.start_utc < upcoming[handle].start_utc
            ):
                upcoming[handle] = after
    return heartbeats_from(last, upcoming, people, now)


def heartbeats_from(
    last: Mapping[str, Occurrence],
    upcoming: Mapping[str, Occurrence],
    people: Sequence[Person],
    now: datetime,
) -> dict[str, Heartbeat]:
    """Each person's heartbeat, from their last and next meeting (by handle) found already."""
    today = now.date()
    return {
        p.handle: Heartbeat(
            last.get(p.handle),
            upcoming.get(p.handle),
            overdue_days(p, last.get(p.handle), today),
        )
        for p in people
    }


def overdue_days(person: Person, last: Occurrence | None, today: date) -> int | None:
    """Days past the person's cadence since the last meeting, or None when not overdue."""
    if person.cadence is None or last is None:
        return None
    try:
        period = timeparse.parse_period(person.cadence)
    except InvalidInput:
        return None
    due = period.after(last.start.date())
    return (today - due).days if today > due else None
