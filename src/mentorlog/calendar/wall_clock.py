"""Wall times a zone's clock skips or shows twice, where calendar apps disagree.

RFC 5545 reads a skipped wall time with the offset before the gap and a repeated one as
its first instant, as mentorlog does; ical.js (Thunderbird), libical and node-ical put a
repeated 01:30 an hour later, khal and calcurse take the second one. So `meeting add`,
`meeting edit` and `meeting show` say when an occurrence sits at such a time and suggest
the nearest time every app shows alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from mentorlog.calendar import occurrences as occ
from mentorlog.model import Meeting
from mentorlog.timeparse import known_zone

__all__ = ["ClockTrouble", "Trouble", "clock_note", "clock_trouble", "first_trouble"]

ClockTrouble = Literal["skipped", "repeated"]
# How far ahead `meeting add` and `meeting show` look for such an occurrence.
AHEAD = timedelta(days=400)
_TRIES = (timedelta(hours=1), timedelta(hours=-1), timedelta(hours=2), timedelta(hours=-2))


def clock_trouble(wall: datetime, zone: ZoneInfo) -> ClockTrouble | None:
    """Whether a naive wall time is skipped or repeated by the zone's clocks that day."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "repeated" if back == wall else "skipped"


@dataclass(frozen=True)
class Trouble:
    """An occurrence at a wall time the clocks skip or repeat, and a time free of that."""

    occurrence: occ.Occurrence
    kind: ClockTrouble
    suggestion: datetime | None  # naive wall time on the same day, in the meeting's zone


def first_trouble(meeting: Meeting, now: datetime) -> Trouble | None:
    """The first occurrence not cancelled from `now` (or from the first one, if later) over
    AHEAD whose wall time is skipped or repeated; None for none, or an unknown zone."""
    zone = known_zone(meeting.tz)
    if zone is None or meeting.status == "cancelled":
        return None
    start = max(now.astimezone(UTC), occ.instant(meeting, meeting.start).astimezone(UTC))
    for found in occ.occurrences(meeting, start - timedelta(days=1), start + AHEAD):
        if found.cancelled or found.start_utc < now.astimezone(UTC):
            continue
        wall = found.start.replace(tzinfo=None)
        kind = clock_trouble(wall, zone)
        if kind is not None:
            return Trouble(found, kind, _suggestion(wall, zone))
    return None


def _suggestion(wall: datetime, zone: ZoneInfo) -> datetime | None:
    for step in _TRIES:
        other = wall + step
        if other.date() == wall.date() and clock_trouble(other, zone) is None:
            return other
    return None


def clock_note(meeting: Meeting, now: datetime) -> str | None:
    """One sentence on an occurrence at a skipped or repeated wall time, or None."""
    trouble = first_trouble(meeting, now)
    if trouble is None:
        return None
    wall = trouble.occurrence.start.replace(tzinfo=None)
    day = f"{wall:%a} {wall.day} {wall:%b %Y}"
    clock = f"{wall:%H:%M}"
    if trouble.kind == "skipped":
        what = (
            f"the clocks in {meeting.tz} skip {clock} on {day}; mentorlog and RFC 5545 read "
            f"it with the offset before the change, some calendar apps an hour apart"
        )
    else:
        what = (
            f"the clocks in {meeting.tz} show {clock} twice on {day}; mentorlog and RFC 5545 "
            f"mean the first, some calendar apps the second"
        )
    if trouble.suggestion is None:
        return f"{what}."
    better = f"{trouble.suggestion:%H:%M}"
    if meeting.recurring:
        fix = f"`mentorlog meeting edit {meeting.id} --at {better}`"
    else:
        fix = f'`mentorlog meeting edit {meeting.id} --at "{trouble.suggestion:%Y-%m-%d %H:%M}"`'
    return f"{what}: {better} shows alike in every app ({fix})."
