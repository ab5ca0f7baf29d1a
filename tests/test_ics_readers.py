"""Our export read back by other readers (issue 13): icalendar + recurring-ical-events and
vobject over a matrix of zones x DST edges x rules, every instant compared with mentorlog's
own; khal (a real `khal import` in a temp config) in tests/cli/test_ics_khal.py.

A wall time the zone's clocks skip or repeat is where readers disagree in ways RFC 5545
does not allow; mentorlog says so at `meeting add` (calendar.wall_clock). Those instants
are left out of the comparison of starts, and only there; every end is still compared
through the exact length the file gives.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mentorlog.calendar import ics_export as ics
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.wall_clock import clock_trouble
from mentorlog.model import Meeting

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))
ME = ics.Me("", ZoneInfo("Europe/Berlin"))
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
ZONES = (
    "Europe/London",
    "Europe/Dublin",  # negative DST in tzdata
    "Africa/Casablanca",  # +01, back to +00 for Ramadan
    "Australia/Lord_Howe",  # a 30-minute change
    "America/New_York",
    "Asia/Kolkata",  # no DST
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Sao_Paulo",  # DST until 2019 only
    "Europe/Berlin",
)
RULES = (None, "FREQ=WEEKLY", "FREQ=DAILY;COUNT=20", "FREQ=MONTHLY;BYDAY=-1SU", "FREQ=YEARLY")


def edges(zone: ZoneInfo) -> list[datetime]:
    """Wall times around each change of the zone's offset in 2027 (before, at and after the
    change on the day, and a week before), else 2027's quarter days at noon."""
    moment, end = datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    offset, found = moment.astimezone(zone).utcoffset(), []
    while moment < end:
        step = moment + timedelta(hours=1)
        if step.astimezone(zone).utcoffset() != offset:
            offset = step.astimezone(zone).utcoffset()
            wall = moment.astimezone(zone).replace(tzinfo=None, minute=0, second=0)
            found += [
                wall + timedelta(minutes=m)
                for m in (-90, -30, 0, 30, 45, 60, 90, 150)
                if (wall + timedelta(minutes=m)).date() == wall.date()
            ]
            found.append(wall - timedelta(days=7))
        moment = step
    return found or [datetime(2027, month, 1, 12) for month in (1, 4, 7, 10)]


def meetings_for(tz: str) -> list[Meeting]:
    zone = ZoneInfo(tz)
    made = []
    for n, (wall, rule) in enumerate((w, r) for w in edges(zone) for r in RULES):
        meeting = Meeting(
            title=f"M{n}", people=[], start=wall, tz=tz, duration=(45, 90)[n % 2], rrule=rule
        )
        meeting.id, meeting.uid = n + 1, f"m{n + 1}@test"
        made.append(meeting)
    return made


Found = dict[str, list[tuple[datetime, datetime]]]


def truth(meetings: list[Meeting]) -> tuple[Found, set[tuple[str, datetime]]]:
    """Each meeting's occurrences in WINDOW, and those at a wall time the clocks skip or
    repeat (their start is where readers disagree)."""
    found: Found = {}
    awkward = set()
    for meeting in meetings:
        zone = ZoneInfo(meeting.tz)
        for o in occ.occurrences(meeting, *WINDOW):
            found.setdefault(meeting.uid or "", []).append((o.start_utc, o.end_utc))
            if clock_trouble(o.start.replace(tzinfo=None), zone) is not None:
                awkward.add((meeting.uid or "", o.start_utc))
    return found, awkward


def wrong(got: set[tuple[str, datetime, datetime]], meetings: list[Meeting]) -> list[Any]:
    """Every occurrence a reader gets wrong: a start or end that is not mentorlog's (but a
    start at a skipped or repeated wall time), and any occurrence lost or made up."""
    expected, awkward = truth(meetings)
    read: Found = {}
    for uid, start, end in sorted(got):
        read.setdefault(uid, []).append((start, end))
    errors: list[Any] = []
    for uid in sorted(set(expected) | set(read)):
        ours, theirs = expected.get(uid, []), read.get(uid, [])
        if len(ours) != len(theirs):
            errors.append((uid, "count", len(ours), len(theirs)))
            continue
        for (start, end), (their_start, their_end) in zip(ours, theirs, strict=True):
            if (uid, start) in awkward:
                if their_end - their_start != end - start:
                    errors.append((uid, "length", start, their_start, their_end))
            elif (start, end) != (their_start, their_end):
                errors.append((uid, start, end, their_start, their_end))
    return errors


def export(meetings: list[Meeting]) -> bytes:
    return ics.build_calendar(
        ics.CalendarSource(meetings=meetings), ics.IcsRequest(alarm=None), now=NOW, me=ME
    ).data


def by_recurring_ical_events(data: bytes) -> set[tuple[str, datetime, datetime]]:
    """Starts as recurring-ical-events expands them; each end the start plus the event's
    exact length (it adds the length on the wall clock, which RFC 5545 3.8.5.3 does not)."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data)
    lengths = {}
    for event in calendar.events:
        if "DURATION" in event:
            lengths[str(event["UID"])] = event["DURATION"].dt
        else:
            start, end = event["DTSTART"].dt, event["DTEND"].dt
            lengths[str(event["UID"])] = end.astimezone(UTC) - start.astimezone(UTC)
    found = set()
    for event in recurring_ical_events.of(calendar).between(*WINDOW):
        start, uid = event["DTSTART"].dt.astimezone(UTC), str(event["UID"])
        found.add((uid, start, start + lengths[uid]))
    return found


def by_vobject(data: bytes) -> set[tuple[str, datetime, datetime]]:
    vobject = pytest.importorskip("vobject")
    found = set()
    for event in vobject.readOne(data.decode("utf-8")).vevent_list:
        first = event.dtstart.value
        if hasattr(event, "duration"):
            length = event.duration.value
        else:
            length = event.dtend.value.astimezone(UTC) - first.astimezone(UTC)
        starts = event.getrruleset(addRDate=True) if hasattr(event, "rrule") else [first]
        for start in starts:
            if start.astimezone(UTC) >= WINDOW[1]:
                break
            if start.astimezone(UTC) >= WINDOW[0]:
                moment = start.astimezone(UTC)
                found.add((event.uid.value, moment, moment + length))
    return found


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize("reader", [by_recurring_ical_events, by_vobject])
def test_every_reader_sees_the_instants_mentorlog_shows(tz: str, reader: Any) -> None:
    meetings = meetings_for(tz)
    assert wrong(reader(export(meetings)), meetings) == []
