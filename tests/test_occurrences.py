"""Occurrences of meetings: wall time in the meeting's zone, instants checked exactly in UTC."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.calendar.occurrences import (
    Occurrence,
    describe,
    instant,
    next_occurrence,
    occurrence_at,
    occurrences,
    occurrences_on,
    previous_occurrence,
)
from mentorlog.errors import InvalidInput
from mentorlog.model import HeldOccurrence, Meeting

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
SYDNEY = ZoneInfo("Australia/Sydney")
LONDON = ZoneInfo("Europe/London")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def meeting(start: datetime, tz: str, rrule: str | None = "FREQ=WEEKLY", **fields: Any) -> Meeting:
    defaults: dict[str, Any] = {"title": "1:1", "people": ["alice"], "duration": 45}
    return Meeting(start=start, tz=tz, rrule=rrule, **(defaults | fields))


def starts(found: list[Occurrence]) -> list[datetime]:
    return [occ.start_utc for occ in found]


def walls(found: list[Occurrence], zone: ZoneInfo) -> list[str]:
    """The real local wall time of each start in `zone`, as 'YYYY-MM-DD HH:MM'."""
    return [occ.start_utc.astimezone(zone).strftime("%Y-%m-%d %H:%M") for occ in found]


# --- DST in the meeting's own zone ----------------------------------------------------------


def test_weekly_new_york_keeps_nine_oclock_across_the_us_change() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York")
    found = occurrences(m, utc(2026, 10, 20), utc(2026, 11, 11))
    assert starts(found) == [
        utc(2026, 10, 20, 13, 0),
        utc(2026, 10, 27, 13, 0),  # Tue 27 Oct 09:00 EDT
        utc(2026, 11, 3, 14, 0),  # Tue 3 Nov 09:00 EST, after Sun 1 Nov
        utc(2026, 11, 10, 14, 0),
    ]
    assert [occ.start.isoformat() for occ in found[1:3]] == [
        "2026-10-27T09:00:00-04:00",
        "2026-11-03T09:00:00-05:00",
    ]
    assert [occ.end_utc for occ in found[1:3]] == [
        utc(2026, 10, 27, 13, 45),
        utc(2026, 11, 3, 14, 45),
    ]
    assert all(occ.start.tzinfo == NEW_YORK and occ.end.tzinfo == NEW_YORK for occ in found)


def test_weekly_berlin_keeps_nine_oclock_across_the_eu_change() -> None:
    m = meeting(datetime(2026, 10, 13, 9, 0), "Europe/Berlin")
    found = occurrences(m, utc(2026, 10, 13), utc(2026, 11, 4))
    assert starts(found) == [
        utc(2026, 10, 13, 7, 0),
        utc(2026, 10, 20, 7, 0),  # CEST
        utc(2026, 10, 27, 8, 0),  # CET, after Sun 25 Oct
        utc(2026, 11, 3, 8, 0),
    ]
    assert walls(found, BERLIN) == [f"2026-{d} 09:00" for d in ("10-13", "10-20", "10-27", "11-03")]


def test_the_end_is_the_duration_later_in_real_time_across_a_change() -> None:
    # Saturday 31 Oct 23:00 EDT for 4 hours ends Sunday 02:00 EST (clocks went back at 02:00).
    m = meeting(datetime(2026, 10, 31, 23, 0), "America/New_York", rrule=None, duration=240)
    (occ,) = occurrences(m, utc(2026, 10, 31), utc(2026, 11, 2))
    assert occ.start_utc == utc(2026, 11, 1, 3, 0)
    assert occ.end_utc == utc(2026, 11, 1, 7, 0)
    assert occ.end.isoformat() == "2026-11-01T02:00:00-05:00"
    assert occ.end_utc - occ.start_utc == timedelta(hours=4)


# --- a participant on the other side of the world -------------------------------------------


def test_london_meeting_moves_for_a_sydney_participant_around_both_changes() -> None:
    # Thursdays 09:00 London. London: BST from Sun 29 Mar, GMT from Sun 25 Oct 2026.
    # Sydney: AEST (+10) from Sun 5 Apr, AEDT (+11) from Sun 4 Oct 2026.
    m = meeting(datetime(2026, 3, 26, 9, 0), "Europe/London")
    spring = occurrences(m, utc(2026, 3, 26), utc(2026, 4, 10))
    assert starts(spring) == [utc(2026, 3, 26, 9), utc(2026, 4, 2, 8), utc(2026, 4, 9, 8)]
    assert walls(spring, LONDON) == ["2026-03-26 09:00", "2026-04-02 09:00", "2026-04-09 09:00"]
    assert walls(spring, SYDNEY) == ["2026-03-26 20:00", "2026-04-02 19:00", "2026-04-09 18:00"]

    autumn = occurrences(m, utc(2026, 10, 1), utc(2026, 10, 30))
    assert starts(autumn) == [
        utc(2026, 10, 1, 8),
        utc(2026, 10, 8, 8),
        utc(2026, 10, 15, 8),
        utc(2026, 10, 22, 8),
        utc(2026, 10, 29, 9),
    ]
    assert walls(autumn, SYDNEY) == [
        "2026-10-01 18:00",  # AEST
        "2026-10-08 19:00",  # AEDT from 4 Oct
        "2026-10-15 19:00",
        "2026-10-22 19:00",
        "2026-10-29 20:00",  # London back on GMT from 25 Oct
    ]


def test_new_york_evening_is_the_next_morning_in_sydney() -> None:
    # Mondays 17:00 New York: Tuesday morning in Sydney, moving with both zones' changes.
    m = meeting(datetime(2026, 3, 2, 17, 0), "America/New_York")
    found = occurrences(m, utc(2026, 3, 2), utc(2026, 4, 14))
    assert walls(found, NEW_YORK) == [f"2026-{d} 17:00" for d in _mondays("03-02", 7)]
    assert walls(found, SYDNEY) == [
        "2026-03-03 09:00",  # EST -5 / AEDT +11
        "2026-03-10 08:00",  # EDT from Sun 8 Mar
        "2026-03-17 08:00",
        "2026-03-24 08:00",
        "2026-03-31 08:00",
        "2026-04-07 07:00",  # AEST from Sun 5 Apr
        "2026-04-14 07:00",
    ]
    assert starts(found)[:2] == [utc(2026, 3, 2, 22), utc(2026, 3, 9, 21)]


def _mondays(first: str, count: int) -> list[str]:
    day = date.fromisoformat(f"2026-{first}")
    return [(day + timedelta(weeks=i)).strftime("%m-%d") for i in range(count)]


def test_series_stored_in_sydney_across_its_october_change() -> None:
    m = meeting(datetime(2026, 9, 21, 10, 0), "Australia/Sydney")
    found = occurrences(m, utc(2026, 9, 27), utc(2026, 10, 13))
    assert starts(found) == [
        utc(2026, 9, 28, 0),  # Mon 28 Sep 10:00 AEST (+10)
        utc(2026, 10, 4, 23),  # Mon 5 Oct 10:00 AEDT (+11), still Sunday in UTC
        utc(2026, 10, 11, 23),
    ]
    assert [occ.start.isoformat() for occ in found[:2]] == [
        "2026-09-28T10:00:00+10:00",
        "2026-10-05T10:00:00+11:00",
    ]
    assert walls(found, BERLIN) == ["2026-09-28 02:00", "2026-10-05 01:00", "2026-10-12 01:00"]


# --- months, gaps and ambiguous wall times --------------------------------------------------


def test_monthly_on_the_31st_skips_short_months() -> None:
    m = meeting(datetime(2026, 1, 31, 10, 0), "Europe/Berlin", rrule="FREQ=MONTHLY")
    found = occurrences(m, utc(2026, 1, 1), utc(2027, 1, 1))
    assert [occ.start.isoformat() for occ in found] == [
        "2026-01-31T10:00:00+01:00",
        "2026-03-31T10:00:00+02:00",  # CEST since 29 Mar
        "2026-05-31T10:00:00+02:00",
        "2026-07-31T10:00:00+02:00",
        "2026-08-31T10:00:00+02:00",
        "2026-10-31T10:00:00+01:00",  # CET since 25 Oct
        "2026-12-31T10:00:00+01:00",
    ]
    assert starts(found)[:2] == [utc(2026, 1, 31, 9), utc(2026, 3, 31, 8)]


def test_monthly_on_the_last_day() -> None:
    m = meeting(datetime(2026, 1, 31, 10, 0), "Europe/Berlin", rrule="FREQ=MONTHLY;BYMONTHDAY=-1")
    found = occurrences(m, utc(2026, 1, 1), utc(2027, 1, 1))
    assert [occ.start.date() for occ in found] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 30),
        date(2026, 12, 31),
    ]


def test_monthly_first_tuesday() -> None:
    m = meeting(datetime(2026, 12, 1, 9, 0), "America/New_York", rrule="FREQ=MONTHLY;BYDAY=1TU")
    found = occurrences(m, utc(2026, 12, 1), utc(2027, 4, 1))
    assert [occ.key for occ in found] == [
        "2026-12-01T09:00:00",
        "2027-01-05T09:00:00",
        "2027-02-02T09:00:00",
        "2027-03-02T09:00:00",
    ]


def test_daily_in_the_berlin_spring_gap_reads_the_offset_from_before_it() -> None:
    # 02:30 does not exist on Sun 29 Mar 2026 (02:00 CET -> 03:00 CEST). zoneinfo's fold=0
    # reads it with the offset before the gap, +01:00: 01:30 UTC, which is 03:30 CEST.
    m = meeting(datetime(2026, 3, 20, 2, 30), "Europe/Berlin", rrule="FREQ=DAILY")
    found = occurrences(m, utc(2026, 3, 28), utc(2026, 3, 31))
    assert starts(found) == [
        utc(2026, 3, 28, 1, 30),
        utc(2026, 3, 29, 1, 30),
        utc(2026, 3, 30, 0, 30),
    ]
    gap = found[1]
    assert gap.key == "2026-03-29T02:30:00"
    assert gap.start.isoformat() == "2026-03-29T02:30:00+01:00"
    assert walls(found, BERLIN) == ["2026-03-28 02:30", "2026-03-29 03:30", "2026-03-30 02:30"]
    assert gap.end_utc == utc(2026, 3, 29, 2, 15)
    assert gap.end.isoformat() == "2026-03-29T04:15:00+02:00"
    assert instant(m, datetime(2026, 3, 29, 2, 30)).astimezone(UTC) == utc(2026, 3, 29, 1, 30)


def test_daily_in_the_berlin_autumn_overlap_takes_the_first() -> None:
    # 02:30 happens twice on Sun 25 Oct 2026: first at 00:30 UTC (CEST), then 01:30 UTC (CET).
    m = meeting(datetime(2026, 10, 20, 2, 30), "Europe/Berlin", rrule="FREQ=DAILY")
    found = occurrences(m, utc(2026, 10, 24), utc(2026, 10, 27))
    assert starts(found) == [
        utc(2026, 10, 24, 0, 30),
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),
    ]
    assert found[1].start.isoformat() == "2026-10-25T02:30:00+02:00"
    # 45 minutes after 00:30 UTC is 02:15 in the second pass of the repeated hour.
    assert found[1].end.isoformat() == "2026-10-25T02:15:00+01:00"
    assert found[1].end_utc == utc(2026, 10, 25, 1, 15)


def test_sydney_gap_and_overlap() -> None:
    m = meeting(datetime(2026, 4, 1, 2, 30), "Australia/Sydney", rrule="FREQ=DAILY")
    # Sun 5 Apr 2026: 02:30 happens twice (03:00 AEDT -> 02:00 AEST); the first is AEDT.
    (overlap,) = occurrences_on(m, date(2026, 4, 5))
    assert overlap.start_utc == utc(2026, 4, 4, 15, 30)
    # Sun 4 Oct 2026: 02:30 does not exist (02:00 AEST -> 03:00 AEDT); read as +10:00.
    (gap,) = occurrences_on(m, date(2026, 10, 4))
    assert gap.start_utc == utc(2026, 10, 3, 16, 30)
    assert gap.start_utc.astimezone(SYDNEY).strftime("%H:%M %Z") == "03:30 AEDT"


def test_results_are_in_instant_order_even_where_wall_order_differs() -> None:
    # On 29 Mar 02:50 is in the gap (01:50 UTC) yet comes before 03:10 CEST (01:10 UTC).
    rule = "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=10,50;BYSETPOS=2,3"  # 02:50 and 03:10 each day
    m = meeting(datetime(2026, 3, 27, 2, 50), "Europe/Berlin", rrule=rule)
    found = occurrences(m, utc(2026, 3, 29), utc(2026, 3, 30))
    assert [occ.key for occ in found] == ["2026-03-29T03:10:00", "2026-03-29T02:50:00"]
    assert starts(found) == [utc(2026, 3, 29, 1, 10), utc(2026, 3, 29, 1, 50)]
    after = next_occurrence(m, utc(2026, 3, 29, 1, 0))
    assert after is not None
    assert after.key == "2026-03-29T03:10:00"
    before = previous_occurrence(m, utc(2026, 3, 29, 1, 40))
    assert before is not None
    assert before.key == "2026-03-29T03:10:00"


# --- ends, exdates, statuses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "last"),
    [
        ("FREQ=WEEKLY;UNTIL=20261124T235959Z", "2026-11-24T09:00:00"),
        ("FREQ=WEEKLY;UNTIL=20261124T140000Z", "2026-11-24T09:00:00"),  # exactly its instant
        ("FREQ=WEEKLY;UNTIL=20261124T135959Z", "2026-11-17T09:00:00"),  # a second before
        ("FREQ=WEEKLY;UNTIL=20261124T090000", "2026-11-24T09:00:00"),  # floating: wall time
        ("FREQ=WEEKLY;UNTIL=20261124T085959", "2026-11-17T09:00:00"),
        ("FREQ=WEEKLY;UNTIL=20261124", "2026-11-24T09:00:00"),  # a date: the whole day
        ("FREQ=WEEKLY;COUNT=6", "2026-11-24T09:00:00"),
        ("FREQ=WEEKLY;COUNT=3", "2026-11-03T09:00:00"),
    ],
)
def test_series_end(rule: str, last: str) -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York", rrule=rule)
    found = occurrences(m, utc(2026, 1, 1), utc(2030, 1, 1))
    assert found[0].key == "2026-10-20T09:00:00"
    assert found[-1].key == last
    assert next_occurrence(m, found[-1].start_utc + timedelta(seconds=1)) is None
    tail = previous_occurrence(m, utc(2040, 1, 1))
    assert tail is not None
    assert tail.key == last


def test_utc_until_in_a_zone_ahead_of_utc() -> None:
    # UNTIL=20261124T230000Z is already Wednesday 25 Nov 10:00 in Sydney (+11).
    m = meeting(
        datetime(2026, 10, 21, 10, 0), "Australia/Sydney", "FREQ=DAILY;UNTIL=20261124T230000Z"
    )
    found = occurrences(m, utc(2026, 1, 1), utc(2027, 1, 1))
    assert found[-1].key == "2026-11-25T10:00:00"
    assert found[-1].start_utc == utc(2026, 11, 24, 23)


def test_exdates_are_cancelled_and_skipped_unless_asked() -> None:
    m = meeting(
        datetime(2026, 10, 20, 9, 0), "America/New_York", exdates=[datetime(2026, 11, 3, 9, 0)]
    )
    found = occurrences(m, utc(2026, 10, 20), utc(2026, 11, 11))
    assert [occ.status for occ in found] == ["scheduled", "scheduled", "cancelled", "scheduled"]
    after = utc(2026, 10, 28)
    assert next_occurrence(m, after) == found[3]
    assert next_occurrence(m, after, include_cancelled=True) == found[2]
    before = utc(2026, 11, 9)
    assert previous_occurrence(m, before) == found[1]
    assert previous_occurrence(m, before, include_cancelled=True) == found[2]
    at = occurrence_at(m, utc(2026, 11, 3, 14))
    assert at is not None
    assert at.status == "cancelled"


def test_a_cancelled_series() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York", status="cancelled")
    found = occurrences(m, utc(2026, 10, 20), utc(2026, 11, 11))
    assert len(found) == 4
    assert {occ.status for occ in found} == {"cancelled"}
    assert next_occurrence(m, utc(2026, 10, 1)) is None
    assert previous_occurrence(m, utc(2027, 1, 1)) is None
    first = next_occurrence(m, utc(2026, 10, 1), include_cancelled=True)
    assert first is not None
    assert first.start_utc == utc(2026, 10, 20, 13)


def test_held_occurrences_carry_their_rating() -> None:
    held = [
        HeldOccurrence(start="2026-10-27T09:00:00", at=utc(2026, 10, 27, 10), rating=4),
        HeldOccurrence(start="2026-11-03T09:00:00", at=utc(2026, 11, 3, 10)),
    ]
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York", held=held, rating=2)
    found = occurrences(m, utc(2026, 10, 20), utc(2026, 11, 11))
    assert [(occ.status, occ.rating) for occ in found] == [
        ("scheduled", None),
        ("held", 4),
        ("held", None),
        ("scheduled", None),
    ]
    # An exdate wins over a stale held mark.
    m.exdates = [datetime(2026, 10, 27, 9, 0)]
    assert occurrences(m, utc(2026, 10, 27), utc(2026, 10, 28))[0].status == "cancelled"


@pytest.mark.parametrize(
    ("status", "held", "rating", "expected"),
    [
        ("scheduled", [], 5, ("scheduled", None)),
        ("held", [], 5, ("held", 5)),
        ("held", [HeldOccurrence(start="2026-12-01T09:00:00", at=None, rating=3)], 5, ("held", 3)),
        ("cancelled", [], None, ("cancelled", None)),
    ],
)
def test_one_off_status_and_rating(
    status: str, held: list[HeldOccurrence], rating: int | None, expected: tuple[str, int | None]
) -> None:
    m = meeting(
        datetime(2026, 12, 1, 9, 0),
        "America/New_York",
        None,
        status=status,
        held=held,
        rating=rating,
    )
    (occ,) = occurrences(m, utc(2026, 11, 1), utc(2027, 1, 1))
    assert (occ.status, occ.rating) == expected
    assert occ.key == "2026-12-01T09:00:00"
    assert occ.start_utc == utc(2026, 12, 1, 14)
    assert (next_occurrence(m, utc(2026, 11, 1)) is None) == (status == "cancelled")


def test_one_off_windows_next_and_previous() -> None:
    m = meeting(datetime(2026, 12, 1, 9, 0), "America/New_York", rrule=None)
    assert occurrences(m, utc(2026, 12, 1, 14, 1), utc(2027, 1, 1)) == []
    assert occurrences(m, utc(2026, 11, 1), utc(2026, 12, 1, 14)) == []  # end is exclusive
    assert len(occurrences(m, utc(2026, 12, 1, 14), utc(2026, 12, 1, 15))) == 1
    nxt = next_occurrence(m, utc(2026, 12, 1, 14))  # "at or after"
    assert nxt is not None
    assert nxt.start_utc == utc(2026, 12, 1, 14)
    assert next_occurrence(m, utc(2026, 12, 1, 14, 0, 1)) is None
    assert previous_occurrence(m, utc(2026, 12, 1, 14)) is None  # strictly before
    prev = previous_occurrence(m, utc(2026, 12, 1, 14, 0, 1))
    assert prev == nxt


def test_an_empty_or_backwards_window_is_empty() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York")
    assert occurrences(m, utc(2026, 11, 1), utc(2026, 11, 1)) == []
    assert occurrences(m, utc(2026, 12, 1), utc(2026, 11, 1)) == []


def test_infinite_series_fifty_years_out_is_right() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York")
    found = occurrences(m, utc(2076, 7, 1), utc(2076, 8, 1))
    nxt = next_occurrence(m, utc(2076, 12, 1))
    prev = previous_occurrence(m, utc(2076, 12, 1))
    # July 2076 is EDT; 20 Oct 2026 and 7 Jul 2076 are both Tuesdays.
    assert [occ.key for occ in found] == [f"2076-07-{d:02d}T09:00:00" for d in (7, 14, 21, 28)]
    assert starts(found)[0] == utc(2076, 7, 7, 13)
    assert nxt is not None
    assert prev is not None
    assert (prev.key, nxt.key) == ("2076-11-24T09:00:00", "2076-12-01T09:00:00")
    assert nxt.start_utc == utc(2076, 12, 1, 14)  # EST


def test_previous_occurrence_looks_back_far_enough() -> None:
    m = meeting(datetime(2020, 2, 29, 12, 0), "UTC", rrule="FREQ=YEARLY")  # leap days only
    prev = previous_occurrence(m, utc(2035, 1, 1))
    assert prev is not None
    assert prev.key == "2032-02-29T12:00:00"
    assert previous_occurrence(m, utc(2020, 2, 29, 12)) is None


# --- lookups by day and by instant ----------------------------------------------------------


def test_occurrences_on_uses_the_meeting_zones_day() -> None:
    # Tuesdays 23:30 Los Angeles are Wednesdays in UTC.
    m = meeting(datetime(2026, 12, 1, 23, 30), "America/Los_Angeles")
    (occ,) = occurrences_on(m, date(2026, 12, 8))
    assert occ.start_utc == utc(2026, 12, 9, 7, 30)
    assert occurrences_on(m, date(2026, 12, 9)) == []
    # Daily 08:00 in Kiritimati (+14) is the previous day in UTC.
    kiri = meeting(datetime(2026, 11, 1, 8, 0), "Pacific/Kiritimati", rrule="FREQ=DAILY")
    (early,) = occurrences_on(kiri, date(2026, 12, 1))
    assert early.start_utc == utc(2026, 11, 30, 18)
    assert occurrences_on(kiri, date(2026, 10, 31)) == []


def test_occurrences_on_one_off_and_several_a_day() -> None:
    one = meeting(datetime(2026, 12, 1, 0, 0), "Asia/Kolkata", rrule=None)
    assert len(occurrences_on(one, date(2026, 12, 1))) == 1
    assert occurrences_on(one, date(2026, 11, 30)) == []
    twice = meeting(datetime(2026, 12, 1, 9, 0), "Europe/Berlin", "FREQ=DAILY;BYHOUR=9,17")
    assert [occ.key[11:16] for occ in occurrences_on(twice, date(2026, 12, 3))] == [
        "09:00",
        "17:00",
    ]


def test_occurrence_at_matches_the_instant_in_any_zone() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York")
    tokyo = datetime(2026, 11, 3, 23, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 14:00 UTC
    occ = occurrence_at(m, tokyo)
    assert occ is not None
    assert occ.key == "2026-11-03T09:00:00"
    assert occurrence_at(m, datetime(2026, 11, 3, 15, tzinfo=BERLIN)) == occ
    assert occurrence_at(m, tokyo + timedelta(minutes=1)) is None
    # 09:00 EDT would have been 13:00 UTC: not an occurrence once clocks went back.
    assert occurrence_at(m, utc(2026, 11, 3, 13)) is None


def test_occurrence_at_an_ambiguous_wall_time_is_the_first_instant() -> None:
    m = meeting(datetime(2026, 10, 28, 1, 30), "America/New_York", rrule="FREQ=DAILY")
    first = occurrence_at(m, utc(2026, 11, 1, 5, 30))  # 01:30 EDT
    assert first is not None
    assert first.key == "2026-11-01T01:30:00"
    assert occurrence_at(m, utc(2026, 11, 1, 6, 30)) is None  # 01:30 EST: not an occurrence
    # Aware datetimes at the same wall time compare equal in one zone; instants do not.
    second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    assert occurrence_at(m, second) is None


def test_instant_reads_gaps_and_overlaps_with_fold_zero() -> None:
    m = meeting(datetime(2026, 1, 1, 9), "America/New_York")
    assert instant(m, datetime(2026, 3, 8, 2, 30)).astimezone(UTC) == utc(2026, 3, 8, 7, 30)
    assert instant(m, datetime(2026, 11, 1, 1, 30)).astimezone(UTC) == utc(2026, 11, 1, 5, 30)
    with pytest.raises(ValueError, match="naive"):
        instant(m, utc(2026, 1, 1))


# --- errors, JSON, hashing ------------------------------------------------------------------


def test_naive_bounds_are_a_programming_error() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York")
    with pytest.raises(ValueError, match="aware"):
        occurrences(m, datetime(2026, 1, 1), utc(2027, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(m, datetime(2026, 1, 1))


@pytest.mark.parametrize("rule", ["nonsense", "FREQ=FORTNIGHTLY", "FREQ=WEEKLY;UNTIL=2026"])
def test_an_unreadable_stored_rule_is_invalid_input(rule: str) -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York", rrule=rule)
    with pytest.raises(InvalidInput, match="stored recurrence"):
        occurrences(m, utc(2026, 1, 1), utc(2027, 1, 1))
    assert describe(m).startswith("by the rule ")


def test_an_unknown_zone_is_invalid_input() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "Mars/Olympus_Mons")
    with pytest.raises(InvalidInput, match="Unknown time zone"):
        occurrences(m, utc(2026, 1, 1), utc(2027, 1, 1))


def test_to_json_shape() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York", id=7, people=["alice", "bob"])
    occ = occurrences(m, utc(2026, 11, 3), utc(2026, 11, 4))[0]
    assert occ.to_json() == {
        "meeting": 7,
        "title": "1:1",
        "people": ["alice", "bob"],
        "start": "2026-11-03T09:00:00-05:00",
        "start_utc": "2026-11-03T14:00:00+00:00",
        "end_utc": "2026-11-03T14:45:00+00:00",
        "tz": "America/New_York",
        "duration": 45,
        "status": "scheduled",
        "rating": None,
        "moved_from": None,  # the wall time an occurrence moved on its own was moved from
    }


def test_occurrences_are_values() -> None:
    m = meeting(datetime(2026, 10, 20, 9, 0), "America/New_York")
    window = (utc(2026, 10, 20), utc(2026, 11, 11))
    assert occurrences(m, *window) == occurrences(m, *window)
    assert len(set(occurrences(m, *window) + occurrences(m, *window))) == 4
    occ = occurrences(m, *window)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        occ.status = "held"  # type: ignore[misc]
    assert "meeting=" not in repr(occ)


# --- describe -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "tz", "rule", "expected"),
    [
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            None,
            "once, Tue 1 Dec 2026 09:00 America/New_York",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=WEEKLY",
            "every week on Tuesday at 09:00 America/New_York, from 1 Dec 2026",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
            "every week on Tuesday at 09:00 America/New_York, from 1 Dec 2026, 10 times",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=WEEKLY;UNTIL=20270301T225959Z",
            "every week on Tuesday at 09:00 America/New_York, from 1 Dec 2026, until 1 Mar 2027",
        ),
        (
            datetime(2026, 12, 1, 9),
            "Europe/Berlin",
            "FREQ=WEEKLY;UNTIL=20270301T225959Z",  # 23:59:59 CET on 1 Mar
            "every week on Tuesday at 09:00 Europe/Berlin, from 1 Dec 2026, until 1 Mar 2027",
        ),
        (
            datetime(2026, 12, 1, 9),
            "Australia/Sydney",
            "FREQ=WEEKLY;UNTIL=20270301T225959Z",  # already 2 Mar in Sydney
            "every week on Tuesday at 09:00 Australia/Sydney, from 1 Dec 2026, until 2 Mar 2027",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=WEEKLY;INTERVAL=2",
            "every 2 weeks on Tuesday at 09:00 America/New_York, from 1 Dec 2026",
        ),
        (
            datetime(2026, 11, 30, 16, 30),
            "Europe/Berlin",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;WKST=SU",
            "every week on Monday, Wednesday and Friday at 16:30 Europe/Berlin, from 30 Nov 2026",
        ),
        (
            datetime(2026, 1, 31, 10),
            "Europe/Berlin",
            "FREQ=MONTHLY",
            "every month on day 31 at 10:00 Europe/Berlin, from 31 Jan 2026",
        ),
        (
            datetime(2026, 1, 15, 10),
            "Europe/Berlin",
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
            "every 3 months on day 15 at 10:00 Europe/Berlin, from 15 Jan 2026",
        ),
        (
            datetime(2026, 1, 31, 10),
            "Europe/Berlin",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "every month on the last day at 10:00 Europe/Berlin, from 31 Jan 2026",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=MONTHLY;BYDAY=1TU",
            "every month on the first Tuesday at 09:00 America/New_York, from 1 Dec 2026",
        ),
        (
            datetime(2026, 12, 25, 9),
            "America/New_York",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "every month on the last Friday at 09:00 America/New_York, from 25 Dec 2026",
        ),
        (
            datetime(2026, 12, 8, 9),
            "America/New_York",
            "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
            "every month on the second Tuesday at 09:00 America/New_York, from 8 Dec 2026",
        ),
        (
            datetime(2026, 12, 1, 7, 5),
            "Asia/Kolkata",
            "FREQ=DAILY;COUNT=1",
            "every day at 07:05 Asia/Kolkata, from 1 Dec 2026, once",
        ),
        (
            datetime(2026, 12, 1, 7),
            "UTC",
            "FREQ=YEARLY",
            "every year on 1 Dec at 07:00 UTC, from 1 Dec 2026",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1;COUNT=4",
            "by the rule FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1 at 09:00 America/New_York, "
            "from 1 Dec 2026, 4 times",
        ),
        (
            datetime(2026, 12, 1, 9),
            "America/New_York",
            "FREQ=WEEKLY;INTERVAL=\u00b2",
            "by the rule FREQ=WEEKLY;INTERVAL=\u00b2 at 09:00 America/New_York, from 1 Dec 2026",
        ),
        (
            datetime(2026, 12, 1, 9),
            "Nowhere/Special",
            "FREQ=WEEKLY;UNTIL=20270301T225959Z",
            "every week on Tuesday at 09:00 Nowhere/Special, from 1 Dec 2026, until 1 Mar 2027",
        ),
    ],
)
def test_describe(start: datetime, tz: str, rule: str | None, expected: str) -> None:
    assert describe(meeting(start, tz, rule)) == expected


def test_describe_never_fails_on_junk() -> None:
    m = meeting(datetime(2026, 12, 1, 9), "UTC", rrule=";;=;")
    assert describe(m) == "by the rule ;;=;, from 1 Dec 2026"


# --- imports ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "code",
    [
        "import sys, mentorlog.calendar.occurrences",
        "import sys\n"
        "from datetime import datetime, UTC\n"
        "from mentorlog.model import Meeting\n"
        "from mentorlog.calendar import occurrences as o\n"
        "m = Meeting(title='x', people=[], start=datetime(2026, 12, 1, 9), tz='Europe/Berlin')\n"
        "a, b = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)\n"
        "assert len(o.occurrences(m, a, b)) == 1 and o.next_occurrence(m, a)\n"
        "assert o.previous_occurrence(m, b) and o.occurrences_on(m, m.start.date())\n"
        "assert o.describe(m).startswith('once')\n",
    ],
)
def test_dateutil_is_not_imported_unless_a_rule_is_expanded(code: str) -> None:
    probe = code + "\nassert 'dateutil' not in sys.modules, sorted(sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- properties ------------------------------------------------------------------------------

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "UTC"]
RULES = ["FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY"]

starts_in_range = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31))
meetings = st.builds(
    lambda start, tz, rule: meeting(start.replace(second=0, microsecond=0), tz, rule),
    starts_in_range,
    st.sampled_from(ZONES),
    st.sampled_from(RULES),
)
instants = st.datetimes(
    min_value=datetime(2019, 6, 1), max_value=datetime(2037, 1, 1), timezones=st.just(UTC)
)


def _in_gap(wall: datetime, zone: ZoneInfo) -> bool:
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall


@given(meetings, instants, st.integers(min_value=1, max_value=800))
def test_occurrences_keep_the_wall_clock_and_increase(m: Meeting, low: datetime, days: int) -> None:
    zone = ZoneInfo(m.tz)
    found = occurrences(m, low, low + timedelta(days=days))
    for occ in found:
        wall = occ.start.replace(tzinfo=None)
        assert wall.time() == m.start.time()
        assert occ.key == wall.isoformat(timespec="seconds")
        local = occ.start_utc.astimezone(zone).replace(tzinfo=None)
        if _in_gap(wall, zone):
            assert local > wall  # read with the offset before the gap: later on the clock
        else:
            assert local == wall
        assert occ.end_utc - occ.start_utc == timedelta(minutes=m.duration)
        assert low <= occ.start_utc < low + timedelta(days=days)
        if m.rrule == "FREQ=MONTHLY":
            assert wall.day == m.start.day
        else:
            step = 14 if "INTERVAL=2" in (m.rrule or "") else 7
            assert (wall.date() - m.start.date()).days % step == 0
    utcs = starts(found)
    assert all(a < b for a, b in itertools.pairwise(utcs))


@given(meetings, st.lists(instants, min_size=3, max_size=3, unique=True))
def test_windows_split_cleanly(m: Meeting, bounds: list[datetime]) -> None:
    a, b, c = sorted(bounds)
    assert occurrences(m, a, c) == occurrences(m, a, b) + occurrences(m, b, c)


@given(meetings, instants)
def test_next_and_previous_agree_with_windows(m: Meeting, moment: datetime) -> None:
    nxt = next_occurrence(m, moment)
    prev = previous_occurrence(m, moment)
    month = timedelta(days=93)
    ahead = occurrences(m, moment, moment + month)
    behind = occurrences(m, moment - month, moment)
    if ahead:
        assert nxt == ahead[0]
    elif nxt is not None:  # the series has not begun yet
        assert nxt.start_utc >= moment + month
        assert nxt.key == m.start.isoformat(timespec="seconds")
    if behind:
        assert prev == behind[-1]
    else:  # a month has always an occurrence once the series has begun
        assert prev is None
        assert moment <= instant(m, m.start)
    for occ in (nxt, prev):
        if occ is not None:
            assert occurrence_at(m, occ.start.astimezone(ZoneInfo("Asia/Tokyo"))) == occ


# --- the end of time ------------------------------------------------------------------------

END_RULES = [
    "FREQ=WEEKLY;UNTIL=99991231T235959Z",  # by steps, a UTC end
    "FREQ=DAILY;UNTIL=99991231",  # by steps, a date
    "FREQ=YEARLY;UNTIL=99991231T235959",  # by steps, a floating end
    "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=99991231T235959Z",  # dateutil, a UTC end
    "FREQ=YEARLY;BYMONTH=7;BYDAY=-1FR",  # dateutil, no end at all
]
# dateutil walks a series from its start: these take seconds to reach the year 9999.
SLOW_RULES = ["FREQ=DAILY;BYSETPOS=1;BYHOUR=9;UNTIL=99991231", "FREQ=WEEKLY;BYDAY=MO,FR"]
END_ZONES = ["Pacific/Kiritimati", "Pacific/Niue", "UTC", "America/New_York"]


@pytest.mark.parametrize("tz", END_ZONES)
@pytest.mark.parametrize("rule", END_RULES + SLOW_RULES)
def test_a_series_that_ends_at_the_end_of_time_is_read_like_any_other(rule: str, tz: str) -> None:
    """An UNTIL in the year 9999 (what some apps write for "never ends") in a zone ahead of
    or behind UTC: every query works, near now and, where dateutil can get there in time,
    near the last instant Python can hold."""
    m = meeting(datetime(2026, 11, 23, 10, 0), tz, rule)
    now = utc(2026, 11, 21, 10, 15)
    upcoming = next_occurrence(m, now)
    assert upcoming is not None
    assert upcoming.start_utc < utc(2028, 1, 1)
    assert occurrences(m, now, utc(2028, 1, 1))[0] == upcoming
    assert previous_occurrence(m, now) is None
    assert ("until 31 Dec 9999" in describe(m)) == ("UNTIL" in rule)
    if rule in SLOW_RULES:
        return
    late = utc(9999, 6, 1)
    last = datetime.max.replace(tzinfo=UTC)
    found = occurrences(m, late, last)
    assert all(late <= occ.start_utc < last for occ in found)
    assert previous_occurrence(m, last) is not None
    assert next_occurrence(m, late) is not None
    occurrences_on(m, date(9999, 12, 31))


@pytest.mark.parametrize("rule", [None, "FREQ=WEEKLY", "FREQ=MONTHLY;BYDAY=1MO"])
@pytest.mark.parametrize("tz", ["Asia/Tokyo", "Pacific/Kiritimati", "America/New_York"])
def test_a_meeting_that_starts_in_the_year_one_is_read_like_any_other(
    rule: str | None, tz: str
) -> None:
    """A start a hand edit put at the first wall time Python holds: nothing raises."""
    m = meeting(datetime(1, 1, 1, 0, 0), tz, rule)
    now = utc(2026, 11, 21, 10, 15)
    if rule is not None:
        upcoming = next_occurrence(m, now)
        assert upcoming is not None
        assert upcoming.start_utc < utc(2027, 1, 1)
        assert previous_occurrence(m, now) is not None
    else:
        assert next_occurrence(m, now) is None
        previous_occurrence(m, now)
    occurrences(m, datetime.min.replace(tzinfo=UTC), utc(1, 2, 1))
    occurrences_on(m, date(1, 1, 1))
    describe(m)


days_of_month = st.integers(-31, 31).filter(bool)
rule_parts = st.fixed_dictionaries(
    {"FREQ": st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])},
    optional={
        "INTERVAL": st.integers(1, 5).map(str),
        "BYMONTH": st.lists(st.integers(1, 12), min_size=1, max_size=2, unique=True),
        "BYMONTHDAY": st.lists(days_of_month, min_size=1, max_size=2, unique=True),
        "BYDAY": st.lists(
            st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        "BYWEEKNO": st.lists(st.integers(-53, 53).filter(bool), min_size=1, max_size=1),
    },
)


@settings(max_examples=100)  # dateutil expands ten years of each rule
@given(
    parts=rule_parts,
    start=st.datetimes(datetime(1990, 1, 1), datetime(2100, 12, 31)).map(
        lambda moment: moment.replace(second=0, microsecond=0)
    ),
)
def test_the_first_date_of_a_rule_is_the_one_dateutil_finds_within_ten_years(
    parts: dict[str, Any], start: datetime
) -> None:
    """first_wall searches near the year 9999, 400-year cycles away: it finds what dateutil
    finds from the real start, and says None exactly when that is nothing in ten years."""
    from dateutil.rrule import rrulestr

    from mentorlog.calendar.occurrences import RULE_HORIZON_YEARS, first_wall

    rule = ";".join(
        f"{key}={','.join(map(str, value)) if isinstance(value, list) else value}"
        for key, value in parts.items()
    )
    if parts["FREQ"] != "YEARLY" and "BYWEEKNO" in parts:
        rule = rule.replace("FREQ=" + parts["FREQ"], "FREQ=YEARLY")  # only YEARLY takes it
    horizon = start + timedelta(days=366 * RULE_HORIZON_YEARS)
    expected = rrulestr(rule, dtstart=start).between(start, horizon, inc=True)
    found = first_wall(rule, start, ZoneInfo("UTC"))
    assert found == (expected[0] if expected else None)
