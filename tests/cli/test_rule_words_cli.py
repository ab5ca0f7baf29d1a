"""Recurrences in words through `meeting add` and `meeting edit`, what a bare monthly means
said before it is saved, and the RRULE a calendar app reads (Sat 21 Nov 2026, Berlin)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Run

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def bo(run: Run) -> None:
    run.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "Europe/Lisbon")


def exported(run: Run) -> tuple[str, list[date]]:
    """The RRULE of the one meeting exported, and its dates as recurring-ical-events expands
    the export."""
    import icalendar
    import recurring_ical_events

    cal = icalendar.Calendar.from_ical(run.ok("export", "ics").stdout_bytes)
    [event] = [e for e in cal.events if "meeting" in str(e["CATEGORIES"].to_ical())]
    window = (datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2027, 3, 1, tzinfo=BERLIN))
    found = [
        e["DTSTART"].dt.date()
        for e in recurring_ical_events.of(cal).between(*window)
        if e["UID"] == event["UID"]
    ]
    return event["RRULE"].to_ical().decode(), sorted(found)


@pytest.mark.parametrize(
    ("at", "every", "rule", "first_dates"),
    [
        ("wed 11:00", "every 4th wednesday", "FREQ=MONTHLY;BYDAY=4WE",
         [date(2026, 11, 25), date(2026, 12, 23), date(2027, 1, 27)]),
        ("tue 11:00", "first tuesday of the month", "FREQ=MONTHLY;BYDAY=1TU",
         [date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 2)]),
        ("fri 11:00", "last friday", "FREQ=MONTHLY;BYDAY=-1FR",
         [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)]),
        ("mon 11:00", "every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
         [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]),
    ],
)  # fmt: skip
def test_a_rule_in_words_is_stored_and_exported_as_its_rrule(
    run: Run, at: str, every: str, rule: str, first_dates: list[date]
) -> None:
    meeting = run.json("meeting", "add", "--with", "bo", "--at", at, "--every", every)
    assert meeting["rrule"] == rule
    listed = run.json("meeting", "list", "--to", "2027-03-01")
    assert [date.fromisoformat(o["start"][:10]) for o in listed][:3] == first_dates
    written, dates = exported(run)
    assert written == rule
    assert dates[:3] == first_dates


def test_a_bare_monthly_says_what_it_means_before_it_is_saved(run: Run) -> None:
    result = run.ok("meeting", "add", "--with", "bo", "--at", "wed 11:00", "--every", "monthly")
    assert result.stderr.splitlines()[0] == (
        'Note: Repeats monthly on day 25 of each month; use --every "4th wednesday" for the 4th '
        'Wednesday of each month instead, or "last wednesday" for the last one.'
    )
    assert run.json("meeting", "show", "1")["rrule"] == "FREQ=MONTHLY"


def test_meeting_edit_says_it_too_and_takes_words(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-03 10:00")
    edited = run.ok("meeting", "edit", "1", "--every", "monthly", "--all")
    assert 'use --every "1st thursday" for the 1st Thursday of each month' in edited.stderr
    run.ok("meeting", "edit", "1", "--every", "1st thursday", "--all")
    assert run.json("meeting", "show", "1")["rrule"] == "FREQ=MONTHLY;BYDAY=1TH"


def test_a_day_of_the_month_beyond_28_says_months_are_skipped(run: Run) -> None:
    result = run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-31 10:00",
                    "--every", "monthly")  # fmt: skip
    assert "day 31 of each month (months without one are skipped)" in result.stderr
    assert 'use --every "last thursday"' in result.stderr


def test_a_rule_with_a_day_is_not_explained(run: Run) -> None:
    result: Any = run.ok("meeting", "add", "--with", "bo", "--at", "wed 11:00",
                         "--every", "FREQ=MONTHLY;BYMONTHDAY=25")  # fmt: skip
    assert "Repeats monthly" not in result.stderr


def test_a_weekday_without_its_position_in_the_month_is_refused(run: Run) -> None:
    result = run.fails(2, "meeting", "add", "--with", "bo", "--at", "wed 11:00",
                       "--every", "wednesday of the month")  # fmt: skip
    assert "Cannot read 'wednesday of the month' as a recurrence" in result.stderr
