"""Recurrences in words that name days, and what a bare monthly is said to mean."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.timeparse import parse_recurrence
from mentorlog.timeparse.rule_words import monthly_note


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("every 4th wednesday", "FREQ=MONTHLY;BYDAY=4WE"),
        ("Fourth Wednesday of the month", "FREQ=MONTHLY;BYDAY=4WE"),
        ("first tuesday of the month", "FREQ=MONTHLY;BYDAY=1TU"),
        ("on the 2nd thu", "FREQ=MONTHLY;BYDAY=2TH"),
        ("last friday", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("every last fri of each month", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every wednesday", "FREQ=WEEKLY;BYDAY=WE"),
        ("monthly", "FREQ=MONTHLY"),
    ],
)
def test_rules_in_words(text: str, rule: str) -> None:
    assert parse_recurrence(text) == rule


def test_a_bare_monthly_is_said_in_words() -> None:
    assert monthly_note(date(2026, 11, 25), "FREQ=MONTHLY") == (
        'Repeats monthly on day 25 of each month; use --every "4th wednesday" for the 4th '
        'Wednesday of each month instead, or "last wednesday" for the last one.'
    )
    assert monthly_note(date(2026, 11, 25), "FREQ=MONTHLY;INTERVAL=2") is not None
    assert monthly_note(date(2026, 11, 25), "FREQ=MONTHLY;BYDAY=4WE") is None
    assert monthly_note(date(2026, 11, 25), "FREQ=WEEKLY") is None


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2900, 12, 31)))
def test_the_weekday_form_suggested_repeats_on_the_first_date(first: date) -> None:
    from dateutil.rrule import rrulestr

    note = monthly_note(first, "FREQ=MONTHLY")
    assert note is not None
    assert f"day {first.day} of each month" in note
    suggested = re.findall(r'"([^"]+)"', note)
    assert suggested
    start = datetime.combine(first, datetime.min.time())
    for text in suggested:
        rule = rrulestr(parse_recurrence(text), dtstart=start)
        # The first date is one of the rule's own dates: the suggestion keeps it.
        assert rule.after(start, inc=True) == start
