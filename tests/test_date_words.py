"""Date words: 'next week', 'next month', 'this friday', 'end of month', dotted day-first dates,
and slashed ones refused with the reason; properties over every day the parser accepts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.errors import InvalidInput
from mentorlog.timeparse import WEEKDAYS, parse_date

TODAY = date(2026, 11, 21)  # a Saturday
DAYS = st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next week", date(2026, 11, 23)),  # its Monday
        ("last week", date(2026, 11, 9)),
        ("next month", date(2026, 12, 1)),
        ("last month", date(2026, 10, 1)),
        ("this friday", date(2026, 11, 27)),
        ("this sat", TODAY),  # today is that day
        ("end of month", date(2026, 11, 30)),
        ("End of the month", date(2026, 11, 30)),
        ("end of week", date(2026, 11, 22)),
        ("end of year", date(2026, 12, 31)),
        ("24.12.2026", date(2026, 12, 24)),
        ("01.12.2026", date(2026, 12, 1)),  # dots are day-first, whatever the numbers
        ("1.2.2027", date(2027, 2, 1)),
    ],
)
def test_date_words(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_next_month_crosses_the_year() -> None:
    assert parse_date("next month", today=date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_date("end of month", today=date(2028, 2, 3)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "12/01/2026",
            "'12/01/2026' is ambiguous (day/month or month/day?); "
            "write it as 2026-12-01 or 1 Dec 2026.",
        ),
        (
            "31.02.2026",
            "Cannot read '31.02.2026' as a date; "
            "write it like 2026-12-01, 'Dec 1', 'fri' or 'in 2 weeks'.",
        ),
        (
            "this week",
            "Cannot read 'this week' as a date; "
            "write it like 2026-12-01, 'Dec 1', 'fri' or 'in 2 weeks'.",
        ),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TODAY)
    assert str(caught.value) == message


@given(DAYS)
def test_dotted_day_first_round_trips(day: date) -> None:
    assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year}", today=TODAY) == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}", today=TODAY) == day


@given(DAYS, st.sampled_from(WEEKDAYS))
def test_this_weekday_is_within_the_coming_week(today: date, name: str) -> None:
    found = parse_date(f"this {name}", today=today)
    assert 0 <= (found - today).days <= 6
    assert found.weekday() == WEEKDAYS.index(name)


@given(DAYS)
def test_week_and_month_words(today: date) -> None:
    monday = parse_date("next week", today=today)
    assert monday.weekday() == 0
    assert 1 <= (monday - today).days <= 7
    assert parse_date("last week", today=today) == monday - timedelta(weeks=2)
    first = parse_date("next month", today=today)
    assert first.day == 1
    assert (first - timedelta(days=1)).month == today.month
    end = parse_date("end of month", today=today)
    assert (end.year, end.month) == (today.year, today.month)
    assert end + timedelta(1) == first
    assert parse_date("end of week", today=today) == monday - timedelta(days=1)


@given(DAYS)
def test_slashed_dates_that_read_two_ways_are_refused(day: date) -> None:
    text = f"{day.month:02d}/{day.day:02d}/{day.year}"
    if day.day <= 12 and day.day != day.month:
        with pytest.raises(InvalidInput, match="is ambiguous"):
            parse_date(text, today=TODAY)
    else:
        with pytest.raises(InvalidInput):
            parse_date(text, today=TODAY)
