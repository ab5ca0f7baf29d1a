"""A usual meeting's VEVENT written in one pass (`calendar.ics_usual`) is, line for line,
what `ics_text.meeting_lines` writes for it, and an export takes it for every meeting in a
zone with a TZID when it has no attendees (the rest go the way they went)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.calendar import ics_export, ics_text, ics_usual
from mentorlog.calendar.ics_components import Common
from mentorlog.model import Meeting
from profiles import examples
from test_export_fast_paths import ics_sources

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=UTC)
ME = ics_export.Me("Me, myself", ZoneInfo("Europe/Berlin"), "")
ALARMS = st.sampled_from([None, timedelta(minutes=15), timedelta(days=1, hours=2)])
NOWS = st.sampled_from(
    [NOW, datetime(2025, 3, 30, 0, 30, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)]
)


def _plans(source: Any, request: ics_export.IcsRequest, now: datetime) -> list[Any]:
    try:
        found = [ics_export._plan(m, request, now, fast=True) for m in source.meetings]
    except Exception:  # a meeting an export refuses: nothing to write
        return []
    return [plan for plan in found if plan is not None]


@settings(max_examples=examples(150))
@given(ics_sources(), ALARMS, NOWS)
def test_a_usual_meeting_is_written_as_meeting_lines_writes_it(
    drawn: tuple[Any, ...], alarm: timedelta | None, now: datetime
) -> None:
    source, _ = drawn
    request = ics_export.IcsRequest(alarm=alarm)
    common = Common.of(source.people, source.topics, alarm, now, ME)
    shared = ics_text.Shared.of(common)
    writer = ics_usual.UsualWriter(common, shared)
    for plan in _plans(source, request, now):
        if plan.utc:
            continue
        assert writer.lines(plan) == ics_text.meeting_lines(plan, common, shared)


def _meeting(number: int, tz: str, rrule: str | None = None) -> Meeting:
    return Meeting(
        id=number,
        title=f"Meeting {number}",
        people=["alice"],
        start=datetime(2026, 12, number, 9, 0),
        tz=tz,
        duration=45,
        rrule=rrule,
    )


def test_an_export_takes_the_one_pass_writer_for_meetings_with_a_tzid_only() -> None:
    """Europe/Berlin and a series in Asia/Tokyo go the one-pass way; a meeting kept in UTC
    and every meeting of an export with attendees go through `meeting_lines`."""
    meetings = [
        _meeting(1, "Europe/Berlin"),
        _meeting(2, "Asia/Tokyo", "FREQ=WEEKLY"),
        _meeting(3, "UTC", "FREQ=DAILY;COUNT=3"),
    ]
    source = ics_export.CalendarSource(meetings)
    written: list[int] = []
    one_pass = ics_usual.UsualWriter.lines

    def spy(self: ics_usual.UsualWriter, plan: Any) -> list[str]:
        written.append(plan.meeting.id)
        return one_pass(self, plan)

    with patch.object(ics_usual.UsualWriter, "lines", spy):
        fast = ics_export.build_calendar(source, ics_export.IcsRequest(), now=NOW, me=ME)
        assert written == [1, 2]
        written.clear()
        ics_export.build_calendar(source, ics_export.IcsRequest(attendees=True), now=NOW, me=ME)
        assert written == []
    plain = ics_export.build_calendar(source, ics_export.IcsRequest(), now=NOW, me=ME, fast=False)
    assert fast == plain
    assert b"DTSTART;TZID=Asia/Tokyo:20261202T090000" in fast.data
    assert b"DTSTART:20261203T090000Z" in fast.data
