"""An exported meeting's first and next occurrence, read the short way (`calendar.ics_plan`),
are those `occurrences.first_occurrence` and `next_occurrence` give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.calendar import ics_plan
from mentorlog.calendar import occurrences as occ
from mentorlog.model import HeldOccurrence, Meeting, Override, wall_text
from profiles import examples

# Clocks that skip and repeat an hour, half an hour (Lord Howe), a whole day (Samoa lost 30
# December 2011, Kwajalein 21 August 1993), and change at midnight (Gaza, Sao Paulo once).
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kwajalein",
    "Asia/Gaza",
    "America/Sao_Paulo",
    "UTC",
)
# Days near those changes, so starts fall in and around them.
DAYS = (
    datetime(2011, 12, 28),
    datetime(1993, 8, 19),
    datetime(2026, 3, 27),
    datetime(2026, 10, 23),
    datetime(2026, 11, 1),
    datetime(2026, 4, 4),
    datetime(2018, 11, 2),
    datetime(2026, 10, 22),
)
RULES = (
    "FREQ=DAILY",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=MONTHLY",
    "FREQ=YEARLY",
    "FREQ=DAILY;COUNT=1",
    "FREQ=DAILY;COUNT=3",
    "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;BYDAY=TU,TH",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=DAILY;UNTIL={until}",
    "FREQ=WEEKLY;UNTIL={until}",
    "FREQ=DAILY;UNTIL={day}",
    "FREQ=DAILY;UNTIL={wall}",
)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    day = draw(st.sampled_from(DAYS))
    start = day + timedelta(
        days=draw(st.integers(0, 4)),
        minutes=draw(st.sampled_from([0, 30, 45]))
        + 60 * draw(st.sampled_from([0, 1, 2, 3, 9, 23])),
    )
    until = start + timedelta(hours=draw(st.integers(-30, 80)))
    rule = draw(st.sampled_from(RULES)).format(
        until=f"{until:%Y%m%dT%H%M%S}Z", day=f"{until:%Y%m%d}", wall=f"{until:%Y%m%dT%H%M%S}"
    )
    week = timedelta(days=1 if "DAILY" in rule else 7)
    return Meeting(
        id=1,
        title="1:1",
        people=["alice"],
        start=start,
        tz=draw(st.sampled_from(ZONES)),
        duration=draw(st.sampled_from([30, 90, 24 * 60])),
        rrule=draw(st.sampled_from([rule, rule, rule, None])),
        exdates=[start + week * k for k in draw(st.lists(st.integers(0, 3), max_size=2))],
        overrides=[Override(of=start + week, start=start + week * 1.5, title="moved")]
        if draw(st.booleans()) and draw(st.booleans())
        else [],
        status=draw(st.sampled_from(["scheduled", "scheduled", "cancelled", "held"])),
        rating=draw(st.sampled_from([None, 2])),
        held=[
            HeldOccurrence(start=wall_text(start + week * k), at=None, rating=rating)
            for k, rating in draw(
                st.lists(st.tuples(st.integers(0, 2), st.sampled_from([None, 4])), max_size=3)
            )
        ],
    )


def facts(found: occ.Occurrence | None) -> Any:
    if found is None:
        return None
    return (
        found.meeting,
        found.start.replace(tzinfo=None),
        found.start.utcoffset(),
        found.start.tzinfo,
        found.end.replace(tzinfo=None),
        found.end.utcoffset(),
        found.status,
        found.rating,
        found.original,
    )


@settings(max_examples=examples(300))
@given(meetings(), st.integers(-3 * 24, 40 * 24))
def test_the_first_and_next_occurrence_are_the_plain_ones(meeting: Meeting, hours: int) -> None:
    now = (meeting.start + timedelta(hours=hours)).replace(tzinfo=UTC)
    first, schedule = ics_plan.first_and_schedule(meeting)
    assert facts(first) == facts(occ.first_occurrence(meeting))
    assert facts(ics_plan.next_after(meeting, now, schedule)) == facts(
        occ.next_occurrence(meeting, now)
    )


def test_a_weekly_series_takes_the_short_way() -> None:
    meeting = Meeting(
        id=1,
        title="1:1",
        people=[],
        start=datetime(2026, 3, 2, 9),
        tz="Europe/Berlin",
        rrule="FREQ=WEEKLY;COUNT=10",
    )
    first, schedule = ics_plan.first_and_schedule(meeting)
    assert schedule is not None
    assert first is not None
    assert first.start.replace(tzinfo=None) == datetime(2026, 3, 2, 9)
    now = datetime(2026, 3, 25, tzinfo=UTC)
    upcoming = ics_plan.next_after(meeting, now, schedule)
    assert upcoming is not None
    assert upcoming.start.replace(tzinfo=None) == datetime(2026, 3, 30, 9)


def test_samoa_s_lost_day_takes_the_plain_way() -> None:
    # 29 December 2011 09:00 in Apia (-10), then 30 December (skipped: read at -10, the same
    # instant as 31 December 09:00 at +14): the next wall time is no later an instant.
    meeting = Meeting(
        id=1,
        title="1:1",
        people=[],
        start=datetime(2011, 12, 30, 9),
        tz="Pacific/Apia",
        rrule="FREQ=DAILY",
    )
    first, schedule = ics_plan.first_and_schedule(meeting)
    assert facts(first) == facts(occ.first_occurrence(meeting))
    assert schedule is None


@pytest.mark.parametrize(
    ("start", "status", "held"),
    [
        (datetime(2026, 10, 25, 2, 30), "held", [("2026-10-25T02:30:00", 4)]),  # repeated
        (datetime(2026, 3, 29, 2, 30), "held", [("2026-03-29T02:30:00", None)]),  # skipped
        (
            datetime(2026, 12, 1, 9),
            "held",
            [("2026-12-01T09:00:00", 4), ("2026-12-01T09:00:00", 1)],
        ),
        (datetime(2026, 12, 1, 9), "cancelled", []),
        (datetime(2026, 12, 1, 9), "scheduled", [("2026-12-01T09:00:00", 5)]),
    ],
)
def test_a_one_off_is_its_schedule_s_occurrence(
    start: datetime, status: str, held: list[tuple[str, int | None]]
) -> None:
    meeting = Meeting(
        id=1,
        title="1:1",
        people=[],
        start=start,
        tz="Europe/Berlin",
        duration=90,
        status=status,
        rating=2,  # type: ignore[arg-type]
        held=[HeldOccurrence(start=wall, at=None, rating=rating) for wall, rating in held],
    )
    first, schedule = ics_plan.first_and_schedule(meeting)
    assert schedule is None
    assert facts(first) == facts(occ.first_occurrence(meeting))
