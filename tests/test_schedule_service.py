"""Finding meeting times across zones, with a fixed `now`: instants asserted exactly in UTC.

The clock reads Sat 21 Nov 2026 unless a test says otherwise. Zones meet like this (9-17
everywhere unless stated): Berlin 08-16 UTC in winter, London 09-17, New York 14-22 (13-21
in summer time), Sydney 22-06 the day before (23-07 after Apr 5 2026), Tokyo 00-08.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.model import Meeting, Person
from mentorlog.services.people import is_working
from mentorlog.services.schedule import (
    Clock,
    Slot,
    Suggestions,
    same_instant,
    suggest,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)  # a Saturday
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def person(
    handle: str, tz: str, hours: str = "09:00-17:00", days: Sequence[str] = WEEKDAYS
) -> Person:
    return Person(
        handle=handle, name=handle.title(), role="peer", tz=tz, hours=hours, days=list(days)
    )


def me(
    tz: str = "Europe/Berlin", start: int = 9, end: int = 17, days: Sequence[str] = WEEKDAYS
) -> Clock:
    return Clock("me", "you", ZoneInfo(tz), (time(start), time(end)), tuple(days))


def meeting(start: datetime, tz: str, duration: int = 45, **fields: Any) -> Meeting:
    return Meeting(title="1:1", people=["alice"], start=start, tz=tz, duration=duration, **fields)


def starts(found: Suggestions) -> list[datetime]:
    return [slot.start for slot in found.slots]


def first_of_each_day(found: Suggestions, zone: ZoneInfo) -> dict[date, datetime]:
    firsts: dict[date, datetime] = {}
    for slot in found.slots:
        firsts.setdefault(slot.start.astimezone(zone).date(), slot.start)
    return firsts


def assert_inside_everyones_hours(
    found: Suggestions, people: Sequence[Person], mine: Clock
) -> None:
    """Every quarter-hour of every slot, and its last minute, is working time for all."""
    for slot in found.slots:
        moments = [
            slot.start + timedelta(minutes=m)
            for m in range(0, int((slot.end - slot.start).total_seconds() // 60), 15)
        ]
        moments.append(slot.end - timedelta(minutes=1))
        for moment in moments:
            assert mine.working(moment), (slot, "me")
            for p in people:
                assert is_working(p, moment), (slot, p.handle)


# --- the cases the issue names --------------------------------------------------------------


def test_a_pair_with_a_normal_overlap_gets_the_earliest_time_of_each_working_day() -> None:
    alice = person("alice", "America/New_York")
    found = suggest([alice], [], me(), now=NOW, length=timedelta(minutes=45))
    # Berlin 08-16 UTC and New York 14-22 UTC meet from 14:00 to 16:00 UTC.
    assert starts(found) == [utc(2026, 11, day, 14, 0) for day in (23, 24, 25, 26, 27)]
    assert found.slots[0].end == utc(2026, 11, 23, 14, 45)
    assert found.slots[0].to_json(found.clocks) == {
        "start_utc": "2026-11-23T14:00:00+00:00",
        "end_utc": "2026-11-23T14:45:00+00:00",
        "local": {"me": "2026-11-23T15:00:00+01:00", "alice": "2026-11-23T09:00:00-05:00"},
    }
    assert found.near_miss is None


def test_a_pair_with_no_overlap_finds_nothing_and_names_the_nearest_miss() -> None:
    # New York and Sydney, both 9-17: New York closes at 22:00 UTC as Sydney opens.
    bo = person("bo", "Australia/Sydney")
    found = suggest([bo], [], me("America/New_York"), now=NOW, length=timedelta(minutes=45))
    assert found.slots == []
    assert found.common_time is False
    miss = found.near_miss
    assert miss is not None
    # Mon 16:15-17:00 in New York is Tue 08:15-09:00 in Sydney: 45 minutes early for bo.
    assert miss.slot == Slot(utc(2026, 11, 23, 21, 15), utc(2026, 11, 23, 22, 0))
    [short] = miss.shortfalls
    assert (short.clock.who, short.before, short.after, short.day_off) == ("bo", 45, 0, False)


def test_a_trio_meets_where_all_three_overlap_and_around_existing_meetings() -> None:
    london = person("alice", "Europe/London")
    new_york = person("bo", "America/New_York")
    # Berlin 08-16, London 09-17, New York 14-22 (UTC): all three from 14:00 to 16:00.
    busy = [
        meeting(datetime(2026, 11, 23, 15, 0), "Europe/Berlin", duration=60),  # 14:00-15:00 UTC
        meeting(datetime(2026, 11, 24, 9, 0), "America/New_York", duration=30),  # 14:00-14:30
        meeting(datetime(2026, 11, 25, 15, 0), "Europe/Berlin", status="cancelled"),
    ]
    found = suggest([london, new_york], busy, me(), now=NOW, length=timedelta(minutes=45))
    assert starts(found) == [
        utc(2026, 11, 23, 15, 0),  # after the hour-long meeting
        utc(2026, 11, 24, 14, 30),  # after the half-hour one
        utc(2026, 11, 25, 14, 0),  # the cancelled meeting frees its time
        utc(2026, 11, 26, 14, 0),
        utc(2026, 11, 27, 14, 0),
    ]
    assert list(found.slots[0].to_json(found.clocks)["local"]) == ["me", "alice", "bo"]
    assert_inside_everyones_hours(found, [london, new_york], me())


def test_a_window_across_the_us_and_eu_spring_changes_keeps_local_hours() -> None:
    # Thu 5 Mar 2026. New York springs forward on Sun 8 Mar, Berlin on Sun 29 Mar.
    now = datetime(2026, 3, 5, 10, 0, tzinfo=BERLIN)
    alice = person("alice", "America/New_York")
    found = suggest(
        [alice],
        [],
        me(),
        now=now,
        length=timedelta(minutes=45),
        window=timedelta(days=30),
        count=50,
    )
    firsts = first_of_each_day(found, BERLIN)
    # Before 8 Mar: 14:00-16:00 UTC; 9-27 Mar: 13:00-16:00; from 30 Mar: 13:00-15:00.
    assert firsts[date(2026, 3, 5)] == utc(2026, 3, 5, 14, 0)
    assert firsts[date(2026, 3, 6)] == utc(2026, 3, 6, 14, 0)
    assert firsts[date(2026, 3, 9)] == utc(2026, 3, 9, 13, 0)
    assert firsts[date(2026, 3, 27)] == utc(2026, 3, 27, 13, 0)
    assert firsts[date(2026, 3, 30)] == utc(2026, 3, 30, 13, 0)
    last_end = {}
    for slot in found.slots:
        last_end[slot.start.astimezone(BERLIN).date()] = slot.end
    assert last_end[date(2026, 3, 27)] <= utc(2026, 3, 27, 16, 0)
    assert last_end[date(2026, 3, 30)] <= utc(2026, 3, 30, 15, 0)
    assert max(last_end[date(2026, 3, 9)], last_end[date(2026, 3, 10)]) > utc(2026, 3, 9, 15, 0)
    assert_inside_everyones_hours(found, [alice], me())
    # The weekend of each change has nothing.
    assert not {date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 28), date(2026, 3, 29)} & set(
        firsts
    )


def test_a_window_across_the_autumn_changes_moves_slots_in_utc() -> None:
    # Thu 22 Oct 2026. Berlin falls back on Sun 25 Oct, New York on Sun 1 Nov.
    now = datetime(2026, 10, 22, 10, 0, tzinfo=BERLIN)
    alice = person("alice", "America/New_York")
    found = suggest(
        [alice], [], me(), now=now, length=timedelta(hours=2), window=timedelta(days=14), count=50
    )
    # Two hours only fit 23 Oct (13-15 UTC) at 13:00, 26-30 Oct (13-16) at 13:00-14:00,
    # and from 2 Nov (14-16) at 14:00 exactly.
    firsts = first_of_each_day(found, BERLIN)
    assert firsts[date(2026, 10, 23)] == utc(2026, 10, 23, 13, 0)
    assert firsts[date(2026, 10, 26)] == utc(2026, 10, 26, 13, 0)
    assert firsts[date(2026, 11, 2)] == utc(2026, 11, 2, 14, 0)
    assert [s.start for s in found.slots if s.start.date() == date(2026, 10, 23)] == [
        utc(2026, 10, 23, 13, 0)
    ]
    assert_inside_everyones_hours(found, [alice], me())


def test_sydney_leaving_summer_time_opens_a_longer_overlap() -> None:
    # Sydney leaves summer time on Sun 5 Apr 2026: 9-17 becomes 23-07 UTC instead of 22-06.
    # With Tokyo at 10-18 (01-09 UTC), six hours fit only once Sydney has changed.
    now = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Australia/Sydney"))
    alice = person("alice", "Asia/Tokyo", hours="10:00-18:00")
    found = suggest(
        [alice], [], me("Australia/Sydney"), now=now, length=timedelta(hours=6), count=3
    )
    assert starts(found) == [utc(2026, 4, 6, 1, 0), utc(2026, 4, 7, 1, 0), utc(2026, 4, 8, 1, 0)]


# --- how slots are picked -------------------------------------------------------------------


def test_slots_spread_over_days_before_doubling_up_and_never_overlap() -> None:
    alice = person("alice", "Europe/Berlin")
    found = suggest(
        [alice], [], me(), now=NOW, length=timedelta(hours=1), window=timedelta(days=3), count=4
    )
    # Mon 23 Nov (08:00-16:00 UTC) and Tue 24 Nov up to the window's end at 10:15 UTC: one a
    # day first, then a second each, not overlapping the first.
    assert starts(found) == [
        utc(2026, 11, 23, 8, 0),
        utc(2026, 11, 23, 9, 0),
        utc(2026, 11, 24, 8, 0),
        utc(2026, 11, 24, 9, 0),
    ]
    found = suggest([alice], [], me(), now=NOW, length=timedelta(hours=1), count=3)
    assert starts(found) == [utc(2026, 11, day, 8, 0) for day in (23, 24, 25)]


def test_the_window_starts_at_the_next_quarter_hour() -> None:
    now = datetime(2026, 11, 23, 10, 1, tzinfo=BERLIN)  # Monday
    found = suggest(
        [person("alice", "Europe/Berlin")], [], me(), now=now, length=timedelta(minutes=30), count=1
    )
    assert starts(found) == [utc(2026, 11, 23, 9, 15)]


def test_half_hour_zones_get_quarter_hour_times_on_every_clock() -> None:
    priya = person("priya", "Asia/Kolkata", hours="09:10-17:00")
    found = suggest([priya], [], me(), now=NOW, length=timedelta(minutes=45), count=1)
    # Kolkata 09:10 is 03:40 UTC; Berlin opens at 08:00 UTC, Kolkata's 13:30.
    [slot] = found.slots
    assert slot.start == utc(2026, 11, 23, 8, 0)
    assert slot.to_json(found.clocks)["local"]["priya"] == "2026-11-23T13:30:00+05:30"
    nepal = person("kiran", "Asia/Kathmandu", hours="07:00-17:00")
    [slot] = suggest([nepal], [], me(), now=NOW, length=timedelta(minutes=45), count=1).slots
    assert slot.to_json([me(), Clock.of(nepal)])["local"]["kiran"] == "2026-11-23T13:45:00+05:45"


def test_hours_across_midnight_belong_to_the_day_they_start() -> None:
    # A night owl in Berlin working Friday nights only, 22:00-06:00.
    owl = person("owl", "Europe/Berlin", hours="22:00-06:00", days=("fri",))
    mine = me(start=0, end=23, days=("sat",))  # awake Saturday 00:00-23:00
    found = suggest([owl], [], mine, now=NOW, length=timedelta(hours=1), window=timedelta(days=8))
    # Only Sat 28 Nov 00:00-06:00 Berlin (Fri night for the owl) suits both.
    assert starts(found)[0] == utc(2026, 11, 27, 23, 0)
    assert all(s.end <= utc(2026, 11, 28, 5, 0) for s in found.slots)


def test_meetings_fill_the_only_common_time() -> None:
    alice = person("alice", "Europe/Berlin", hours="09:00-10:00")
    series = meeting(datetime(2026, 11, 23, 9, 0), "Europe/Berlin", duration=60, rrule="FREQ=DAILY")
    found = suggest([alice], [series], me(), now=NOW, length=timedelta(minutes=30))
    assert found.slots == []
    assert found.common_time is True
    assert found.near_miss is not None
    [short] = found.near_miss.shortfalls
    assert short.clock.who == "alice"
    assert (short.before, short.after) in ((0, 30), (30, 0))


# --- one instant on every clock -------------------------------------------------------------


def test_same_instant_shows_each_clock_with_its_day_and_hours() -> None:
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    people = [person("alice", "Asia/Tokyo"), person("syd", "Australia/Sydney")]
    found = same_instant(instant, me(), people)
    assert [
        (r.clock.who, r.local.strftime("%a %H:%M"), r.day_offset, r.working) for r in found.readings
    ] == [
        ("me", "Tue 15:00", 0, True),
        ("alice", "Tue 23:00", 0, False),
        ("syd", "Wed 01:00", 1, False),
    ]
    assert found.to_json()["instant_utc"] == "2026-11-24T14:00:00+00:00"


# --- a property: nothing missed, nothing wrong ----------------------------------------------

ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Pacific/Auckland",
    "UTC",
]
HOURS = ["09:00-17:00", "08:30-16:30", "07:00-15:00", "10:15-19:45", "11:00-21:00", "22:00-06:00"]


def brute_force(
    people: Sequence[Person],
    mine: Clock,
    meetings: Sequence[Meeting],
    now: datetime,
    window: timedelta,
    length: timedelta,
) -> list[datetime]:
    """Every valid start, minute by minute in 5-minute steps: the slow, obvious way."""
    low = now.astimezone(UTC)
    low = low.replace(second=0, microsecond=0)
    while low.minute % 15 or low < now:
        low += timedelta(minutes=1)
    busy = [
        (
            datetime.combine(m.start.date(), m.start.time(), ZoneInfo(m.tz)).astimezone(UTC),
            m.duration,
        )
        for m in meetings
    ]
    valid = []
    start = low
    while start + length <= low + window:
        moments = [
            start + timedelta(minutes=m) for m in range(0, int(length.total_seconds() // 60), 5)
        ]
        if all(mine.working(t) and all(is_working(p, t) for p in people) for t in moments) and all(
            start + length <= b or start >= b + timedelta(minutes=d) for b, d in busy
        ):
            valid.append(start)
        start += timedelta(minutes=15)
    return valid


@given(
    zones=st.lists(st.sampled_from(ZONES), min_size=2, max_size=3),
    hours=st.lists(st.sampled_from(HOURS), min_size=3, max_size=3),
    length=st.sampled_from([15, 30, 45, 60, 90, 180]),
    day=st.sampled_from(
        # Around the spring and autumn changes in both hemispheres, and a quiet week.
        [
            date(2026, 3, 6),
            date(2026, 3, 27),
            date(2026, 4, 3),
            date(2026, 9, 25),
            date(2026, 10, 23),
            date(2026, 10, 30),
            date(2026, 11, 20),
        ]
    ),
    minute=st.integers(0, 24 * 60 - 1),
    meeting_hours=st.lists(st.integers(0, 71), max_size=2),
)
def test_suggestions_are_valid_and_take_the_earliest_of_every_day(
    zones: list[str],
    hours: list[str],
    length: int,
    day: date,
    minute: int,
    meeting_hours: list[int],
) -> None:
    now = datetime.combine(day, time(), UTC) + timedelta(minutes=minute)
    mine = Clock("me", "you", ZoneInfo(zones[0]), _hours(hours[0]), WEEKDAYS)
    people = [person(f"p{n}", zone, hours[n]) for n, zone in enumerate(zones[1:], 1)]
    meetings = [
        meeting(
            (now + timedelta(hours=h))
            .astimezone(UTC)
            .replace(tzinfo=None, minute=0, second=0, microsecond=0),
            "UTC",
        )
        for h in meeting_hours
    ]
    window = timedelta(days=3)
    found = suggest(
        people, meetings, mine, now=now, length=timedelta(minutes=length), window=window, count=50
    )
    valid = brute_force(people, mine, meetings, now, window, timedelta(minutes=length))
    assert set(starts(found)) <= set(valid)
    earliest: dict[date, datetime] = {}
    for start in valid:
        earliest.setdefault(start.astimezone(mine.zone).date(), start)
    assert set(earliest.values()) <= set(starts(found))
    assert starts(found) == sorted(starts(found))
    assert all(s.start.minute % 15 == 0 and s.start >= now for s in found.slots)
    if not valid:
        assert found.slots == []
        assert found.near_miss is not None
        assert sum(s.stretch for s in found.near_miss.shortfalls) > 0


def _hours(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def test_ninety_days_with_four_people_and_no_overlap() -> None:
    people = [
        person("a", "America/New_York"),
        person("b", "Asia/Tokyo"),
        person("c", "Australia/Sydney"),
    ]
    found = suggest(
        people, [], me(), now=NOW, length=timedelta(minutes=45), window=timedelta(days=90)
    )
    assert found.slots == []
    assert found.near_miss is not None


@pytest.mark.parametrize("length", [timedelta(minutes=15), timedelta(hours=12)])
def test_lengths_at_the_limits(length: timedelta) -> None:
    found = suggest(
        [person("a", "Europe/Berlin", hours="06:00-20:00")],
        [],
        me(start=6, end=20),
        now=NOW,
        length=length,
        count=1,
    )
    assert found.slots[0].end - found.slots[0].start == length


@pytest.mark.parametrize(
    ("day", "first"),
    [
        # Clocks jump 02:00 -> 03:00: a day starting at 02:30 starts at 03:30 CEST (01:30 UTC).
        (date(2026, 3, 29), utc(2026, 3, 29, 1, 30)),
        # 02:30 happens twice: the day starts at the second, 02:30 CET (01:30 UTC), since the
        # clock reads 02:00-02:30 again in between.
        (date(2026, 10, 25), utc(2026, 10, 25, 1, 30)),
    ],
)
def test_hours_starting_in_a_changed_hour_are_read_the_shorter_way(
    day: date, first: datetime
) -> None:
    early = person("early", "Europe/Berlin", hours="02:30-10:00", days=("sun",))
    always = me(start=0, end=23, days=("sat", "sun"))
    now = datetime.combine(day, time(), BERLIN) - timedelta(hours=6)
    found = suggest([early], [], always, now=now, length=timedelta(minutes=30), count=1)
    assert starts(found) == [first]
    assert_inside_everyones_hours(found, [early], always)
