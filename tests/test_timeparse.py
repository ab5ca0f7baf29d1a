"""Tests for mentorlog.timeparse: every accepted form, every error message, DST edges, properties.

Nothing here reads the real clock or depends on the machine's zone: `now` is fixed at
Saturday 21 November 2026, 11:15 in Berlin.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.errors import InvalidInput
from mentorlog.timeparse import (
    WEEKDAYS,
    Period,
    format_days,
    format_duration,
    format_hours,
    get_zone,
    localize,
    parse_clock,
    parse_date,
    parse_days,
    parse_duration,
    parse_hours,
    parse_period,
    parse_recurrence,
    parse_when,
    quote,
    read_zone,
    resolve_zone,
    with_limit,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)  # a Saturday
TODAY = NOW.date()
TUESDAY = date(2026, 11, 24)
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)

DATE_HELP = "write it like 2026-12-01, 'Dec 1', 'fri' or 'in 2 weeks'."
WHEN_HELP = "write it like 'tomorrow 15:00', 'fri 9am' or '2026-12-01 09:00'."
DURATION_HELP = "write it like 45m, 1h or 1h30m."
PERIOD_HELP = "write it like weekly, 2w or monthly."
RECURRENCE_HELP = (
    "write it like weekly, biweekly, 'every 3 weeks', '4th wednesday', 'last friday', "
    "'every weekday' or an RRULE such as FREQ=MONTHLY;BYDAY=1TU."
)
HOURS_HELP = "write them like 09:00-17:00 or 9am-5pm."
ZONE_HELP = "use an IANA name such as 'Europe/Berlin' or 'America/New_York'."


def invalid(function: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """Call `function`, assert it raises InvalidInput (exit code 2), return the message."""
    with pytest.raises(InvalidInput) as info:
        function(*args, **kwargs)
    assert info.value.exit_code == 2
    return str(info.value)


def utc(moment: datetime) -> datetime:
    """The instant in UTC: PEP 495 makes an ambiguous wall time unequal to any other zone's."""
    return moment.astimezone(UTC)


def berlin(*fields: int) -> datetime:
    """An aware Berlin datetime from year, month, day[, hour, minute, second, microsecond]."""
    return datetime(*fields).replace(tzinfo=BERLIN)  # type: ignore[arg-type]


def when(text: str, **kwargs: Any) -> datetime:
    options: dict[str, Any] = {"now": NOW, "tz": BERLIN, **kwargs}
    return parse_when(text, **options)


# --- quote -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", "'fri'"),
        ("", "''"),
        ("it's", '"it\'s"'),
        ("a" * 40, "'" + "a" * 40 + "'"),
        ("a" * 41, "'" + "a" * 40 + "'\u2026"),
        ("a" * 1_000_000, "'" + "a" * 40 + "'\u2026"),
        ("\x00\x1b[31m", "'\\x00\\x1b[31m'"),
        ("\x00" * 20, "'" + "\\x00" * 10 + "'\u2026"),
        ("x\udcff", "'x\\udcff'"),
        ("line\nbreak", "'line\\nbreak'"),
    ],
)
def test_quote(text: str, expected: str) -> None:
    assert quote(text) == expected


@given(st.text())
def test_quote_is_short_and_one_line(text: str) -> None:
    quoted = quote(text)
    assert len(quoted) <= 43
    assert quoted.isprintable()


# --- zones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("EUROPE/BERLIN", "Europe/Berlin"),
        (" America/New_York ", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("US/Eastern", "US/Eastern"),
        ("Etc/GMT+5", "Etc/GMT+5"),
    ],
)
def test_get_zone(name: str, key: str) -> None:
    zone = get_zone(name)
    assert isinstance(zone, ZoneInfo)
    assert zone.key == key


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Europe/Berln", "Unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'?"),
        (
            "america/new_yrok",
            "Unknown time zone 'america/new_yrok'; did you mean 'America/New_York'?",
        ),
        ("Mars/Olympus", f"Unknown time zone 'Mars/Olympus'; {ZONE_HELP}"),
        ("", f"Unknown time zone ''; {ZONE_HELP}"),
        ("localtime", f"Unknown time zone 'localtime'; {ZONE_HELP}"),
        ("/etc/localtime", f"Unknown time zone '/etc/localtime'; {ZONE_HELP}"),
        ("/usr/share/zoneinfo/UTC", f"Unknown time zone '/usr/share/zoneinfo/UTC'; {ZONE_HELP}"),
        ("../../etc/passwd", f"Unknown time zone '../../etc/passwd'; {ZONE_HELP}"),
        ("Europe", f"Unknown time zone 'Europe'; {ZONE_HELP}"),
        ("posixrules", f"Unknown time zone 'posixrules'; {ZONE_HELP}"),
        ("right/UTC", f"Unknown time zone 'right/UTC'; {ZONE_HELP}"),
        ("Europe/\x00", f"Unknown time zone 'Europe/\\x00'; {ZONE_HELP}"),
        ("\udcff", f"Unknown time zone '\\udcff'; {ZONE_HELP}"),
        ("x" * 5000, f"Unknown time zone '{'x' * 40}'\u2026; {ZONE_HELP}"),
    ],
)
def test_get_zone_refuses(name: str, message: str) -> None:
    assert invalid(get_zone, name) == message


HANDLES = {"ana": "America/New_York", "UTC": "Asia/Tokyo", "Bo": "Europe/Berlin"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ana", "America/New_York"),
        ("ANA", "America/New_York"),
        ("bo", "Europe/Berlin"),
        ("utc", "Asia/Tokyo"),  # a handle wins over the zone of the same name
        ("UTC", "Asia/Tokyo"),
        ("Australia/Sydney", "Australia/Sydney"),
        ("australia/sydney", "Australia/Sydney"),
    ],
)
def test_resolve_zone(text: str, key: str) -> None:
    assert resolve_zone(text, HANDLES).key == key


def test_resolve_zone_without_handles_reads_zones() -> None:
    assert resolve_zone("utc", {}).key == "UTC"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("anaa", "Unknown time zone or handle 'anaa'; did you mean 'ana'?"),
        (
            "Europe/Berln",
            "Unknown time zone or handle 'Europe/Berln'; did you mean 'Europe/Berlin'?",
        ),
        (
            "x",
            "Unknown time zone or handle 'x'; "
            "use an IANA name such as 'Europe/Berlin' or a person's handle.",
        ),
    ],
)
def test_resolve_zone_refuses(text: str, message: str) -> None:
    assert invalid(resolve_zone, text, HANDLES) == message


def test_resolve_zone_handle_with_a_bad_zone() -> None:
    message = invalid(resolve_zone, "cy", {"cy": "Mars/Olympus"})
    assert message == f"Unknown time zone 'Mars/Olympus'; {ZONE_HELP}"


# --- localize and DST ------------------------------------------------------------------------

GAPS = [
    (BERLIN, datetime(2026, 3, 29, 2, 30), "02:00", "03:00"),
    (NEW_YORK, datetime(2026, 3, 8, 2, 30), "02:00", "03:00"),
    (SYDNEY, datetime(2026, 10, 4, 2, 30), "02:00", "03:00"),
    (ZoneInfo("Australia/Lord_Howe"), datetime(2026, 10, 4, 2, 15), "02:00", "02:30"),
    (ZoneInfo("Pacific/Apia"), datetime(2011, 12, 30, 12), "2011-12-30 00:00", "2011-12-31 00:00"),
]


@pytest.mark.parametrize(("tz", "wall", "start", "end"), GAPS)
def test_localize_refuses_a_wall_time_in_a_gap(
    tz: ZoneInfo, wall: datetime, start: str, end: str
) -> None:
    notes: list[str] = []
    message = invalid(localize, wall, tz, notes)
    assert message == (
        f"{wall:%Y-%m-%d %H:%M} does not exist in {tz.key}: clocks jump from {start} to {end} "
        "that night; pick a time outside the gap."
    )
    assert notes == []


OVERLAPS = [
    (
        BERLIN,
        datetime(2026, 10, 25, 2, 30),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        "2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back); "
        "using the first, 02:30 CEST (UTC+02:00).",
    ),
    (
        NEW_YORK,
        datetime(2026, 11, 1, 1, 30),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        "2026-11-01 01:30 happens twice in America/New_York (clocks go back); "
        "using the first, 01:30 EDT (UTC-04:00).",
    ),
    (
        SYDNEY,
        datetime(2026, 4, 5, 2, 30),
        datetime(2026, 4, 4, 15, 30, tzinfo=UTC),
        "2026-04-05 02:30 happens twice in Australia/Sydney (clocks go back); "
        "using the first, 02:30 AEDT (UTC+11:00).",
    ),
]


@pytest.mark.parametrize(("tz", "wall", "instant", "note"), OVERLAPS)
def test_localize_takes_the_first_of_an_ambiguous_wall_time(
    tz: ZoneInfo, wall: datetime, instant: datetime, note: str
) -> None:
    notes: list[str] = []
    result = localize(wall, tz, notes)
    assert utc(result) == instant
    assert result.fold == 0
    assert result.tzinfo is tz
    assert result.replace(tzinfo=None) == wall
    assert notes == [note]
    assert utc(localize(wall, tz)) == instant  # without a notes list it still works


@pytest.mark.parametrize(
    ("tz", "wall", "instant"),
    [
        (BERLIN, datetime(2026, 3, 29, 1, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (BERLIN, datetime(2026, 3, 29, 3, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (BERLIN, datetime(2026, 10, 25, 3, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
        (NEW_YORK, datetime(2026, 3, 8, 3, 0), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        (NEW_YORK, datetime(2026, 11, 1, 2, 0), datetime(2026, 11, 1, 7, 0, tzinfo=UTC)),
        (SYDNEY, datetime(2026, 10, 4, 3, 0), datetime(2026, 10, 3, 16, 0, tzinfo=UTC)),
        (SYDNEY, datetime(2026, 4, 5, 3, 0), datetime(2026, 4, 4, 17, 0, tzinfo=UTC)),
    ],
)
def test_localize_next_to_transitions_is_silent(
    tz: ZoneInfo, wall: datetime, instant: datetime
) -> None:
    notes: list[str] = []
    assert utc(localize(wall, tz, notes)) == instant
    assert notes == []


def test_localize_ignores_a_given_fold() -> None:
    assert localize(datetime(2026, 10, 25, 2, 30, fold=1), BERLIN).utcoffset() == timedelta(hours=2)


def test_localize_needs_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        localize(NOW, BERLIN)


@pytest.mark.parametrize(("tz", "wall", "start", "end"), GAPS[:3])
def test_parse_when_refuses_gap(tz: ZoneInfo, wall: datetime, start: str, end: str) -> None:
    message = invalid(parse_when, f"{wall:%Y-%m-%d %H:%M}", now=NOW, tz=tz)
    assert message.startswith(f"{wall:%Y-%m-%d %H:%M} does not exist in {tz.key}")


@pytest.mark.parametrize(("tz", "wall", "instant", "note"), OVERLAPS)
def test_parse_when_notes_ambiguous(
    tz: ZoneInfo, wall: datetime, instant: datetime, note: str
) -> None:
    notes: list[str] = []
    result = parse_when(f"{wall:%Y-%m-%dT%H:%M}", now=NOW, tz=tz, notes=notes)
    assert utc(result) == instant
    assert result.fold == 0
    assert notes == [note]


@given(
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2998, 12, 31)),
    st.sampled_from([BERLIN, NEW_YORK, SYDNEY, ZoneInfo("Australia/Lord_Howe")]),
)
def test_localize_keeps_the_wall_time_or_names_a_gap(wall: datetime, tz: ZoneInfo) -> None:
    in_gap = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall
    if in_gap:
        assert "does not exist in" in invalid(localize, wall, tz)
        return
    result = localize(wall, tz)
    assert result.replace(tzinfo=None) == wall
    assert result.fold == 0
    assert result.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("  2026-12-01 ", date(2026, 12, 1)),
        ("2026-12-01 09:00", date(2026, 12, 1)),
        ("2026-12-01T23:30-05:00", date(2026, 12, 1)),  # its date in its own offset
        ("2026-12-01T00:30+14:00", date(2026, 12, 1)),
        ("today", TODAY),
        ("Today", TODAY),
        ("tomorrow", date(2026, 11, 22)),
        ("yesterday", date(2026, 11, 20)),
        ("mon", date(2026, 11, 23)),
        ("monday", date(2026, 11, 23)),
        ("Fri", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("tues", date(2026, 11, 24)),
        ("thurs", date(2026, 11, 26)),
        ("sun", date(2026, 11, 22)),
        ("sat", date(2026, 11, 28)),  # strictly after today, a Saturday
        ("saturday", date(2026, 11, 28)),
        ("next sat", date(2026, 11, 28)),
        ("next  Tue", date(2026, 11, 24)),
        ("last sat", date(2026, 11, 14)),
        ("last fri", date(2026, 11, 20)),
        ("last sunday", date(2026, 11, 15)),
        ("in 3 days", date(2026, 11, 24)),
        ("in 1 day", date(2026, 11, 22)),
        ("in 3d", date(2026, 11, 24)),
        ("in 2w", date(2026, 12, 5)),
        ("in 2 weeks", date(2026, 12, 5)),
        ("in a week", date(2026, 11, 28)),
        ("in 1 week", date(2026, 11, 28)),
        ("in 1 month", date(2026, 12, 21)),
        ("in 3 months", date(2027, 2, 21)),
        ("in 1mo", date(2026, 12, 21)),
        ("in 2 years", date(2028, 11, 21)),
        ("in 1y", date(2027, 11, 21)),
        ("3 days ago", date(2026, 11, 18)),
        ("2 weeks ago", date(2026, 11, 7)),
        ("1 month ago", date(2026, 10, 21)),
        ("a year ago", date(2025, 11, 21)),
        ("1y ago", date(2025, 11, 21)),
        ("in 3 hours", TODAY),
        ("in 30 hours", date(2026, 11, 22)),
        ("in 48h", date(2026, 11, 23)),
        ("36 hours ago", date(2026, 11, 20)),
        ("in 90 minutes", TODAY),
        ("in 2880 min", date(2026, 11, 23)),
        ("Dec 1", date(2026, 12, 1)),
        ("dec 1", date(2026, 12, 1)),
        ("dec. 1", date(2026, 12, 1)),
        ("1 Dec", date(2026, 12, 1)),
        ("December 1st", date(2026, 12, 1)),
        ("1st of December", date(2026, 12, 1)),
        ("Dec 1, 2026", date(2026, 12, 1)),
        ("1 Dec 2026", date(2026, 12, 1)),
        ("1-dec-2026", date(2026, 12, 1)),
        ("Tue 1 Dec", date(2026, 12, 1)),
        ("Tuesday, December 1st, 2026", date(2026, 12, 1)),
        ("1 Dec 2030", date(2030, 12, 1)),
        ("sunday 2 jan 2000", date(2000, 1, 2)),
        ("Nov 21", TODAY),  # on or after today
        ("Nov 20", date(2027, 11, 20)),
        ("Jan 5", date(2027, 1, 5)),
        ("Sept 3", date(2027, 9, 3)),
        ("feb 29", date(2028, 2, 29)),
        ("31 Dec 2999", date(2999, 12, 31)),
        ("1900-01-01", date(1900, 1, 1)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 20", date(2026, 11, 20)),
        ("Nov 21", TODAY),  # on or before today
        ("Nov 22", date(2025, 11, 22)),
        ("Dec 1", date(2025, 12, 1)),
        ("feb 29", date(2024, 2, 29)),
        ("1 Dec 2026", date(2026, 12, 1)),  # an explicit year is kept
        ("fri", date(2026, 11, 20)),  # a bare weekday looks back when the past is wanted
        ("sat", date(2026, 11, 14)),
        ("next fri", date(2026, 11, 27)),  # 'next' and 'last' are explicit
        ("last fri", date(2026, 11, 20)),
        ("tomorrow", date(2026, 11, 22)),
    ],
)
def test_parse_date_prefer_past(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, prefer="past") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tue", date(2026, 12, 1)), ("next tue", date(2026, 12, 1)), ("last tue", date(2026, 11, 17))],
)
def test_next_weekday_on_that_weekday_is_a_week_away(text: str, expected: date) -> None:
    assert parse_date(text, today=TUESDAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "in 1 month", date(2026, 2, 28)),
        (date(2028, 1, 31), "in 1 month", date(2028, 2, 29)),
        (date(2026, 3, 31), "1 month ago", date(2026, 2, 28)),
        (date(2026, 5, 31), "in 1 month", date(2026, 6, 30)),
        (date(2026, 8, 31), "in 6 months", date(2027, 2, 28)),
        (date(2028, 2, 29), "in 1 year", date(2029, 2, 28)),
        (date(2028, 2, 29), "4 years ago", date(2024, 2, 29)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        (date(2026, 12, 31), "Jan 1", date(2027, 1, 1)),
        (date(2027, 1, 1), "Dec 31", date(2027, 12, 31)),
        (date(2025, 3, 1), "Feb 29", date(2028, 2, 29)),
    ],
)
def test_month_end_arithmetic(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today=today) == expected


def test_feb_29_looking_back_skips_to_a_leap_year() -> None:
    assert parse_date("Feb 29", today=date(2027, 3, 1), prefer="past") == date(2024, 2, 29)


def test_parse_date_ignores_the_machine_zone() -> None:
    # An offset far from UTC: its own date is taken, not the date in any other zone.
    assert parse_date("2026-12-01T00:30+14:00", today=TODAY) == date(2026, 12, 1)


def date_error(text: str) -> str:
    return f"Cannot read {quote(text)} as a date; {DATE_HELP}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("32/13/2026", date_error("32/13/2026")),
        ("13/01/2026", date_error("13/01/2026")),  # only one reading is a date
        ("01/01/2026", date_error("01/01/2026")),  # both readings agree; still refused
        ("2026/12/01", date_error("2026/12/01")),
        (
            "1.5",
            "'1.5' is ambiguous (day/month or month/day?); write it as 2026-05-01 or 1 May 2026.",
        ),
        ("1.5.2026.1", date_error("1.5.2026.1")),
        (
            "12/01/2026",
            "'12/01/2026' is ambiguous (day/month or month/day?); "
            "write it as 2026-12-01 or 1 Dec 2026.",
        ),
        (
            "3/4",
            "'3/4' is ambiguous (day/month or month/day?); write it as 2026-03-04 or 4 Mar 2026.",
        ),
        ("Dec 2026", "'Dec 2026' needs a day of the month; write it like 'Dec 1' or '1 Dec 2026'."),
        ("may", "'may' needs a day of the month; write it like 'Dec 1' or '1 Dec 2026'."),
        ("Mon 1 Dec 2026", "1 Dec 2026 is a Tuesday, not a Monday."),
        ("Mon 1 Dec", "1 Dec 2026 is a Tuesday, not a Monday."),
        ("2026-02-30", date_error("2026-02-30")),
        ("Feb 30", date_error("Feb 30")),
        ("Dec 99", date_error("Dec 99")),
        ("dec 1 9", date_error("dec 1 9")),  # dateutil would read 9 as the year 2009
        ("dec 1 2026 2026", date_error("dec 1 2026 2026")),
        ("Dec 1 EST", date_error("Dec 1 EST")),
        ("1", date_error("1")),
        ("2026", date_error("2026")),
        ("", date_error("")),
        ("   ", date_error("   ")),
        ("next", date_error("next")),
        ("next weekend", date_error("next weekend")),
        ("in 3 m", date_error("in 3 m")),  # minutes or months? neither
        ("in 3 parsecs", date_error("in 3 parsecs")),
        ("fri 9am", date_error("fri 9am")),
        ("2026-12-01x", date_error("2026-12-01x")),
        ("\u0662\u0660\u0662\u0666-12-01", date_error("\u0662\u0660\u0662\u0666-12-01")),
        ("x" * 1_000_000, date_error("x" * 1_000_000)),
        (
            "in 99999999 days",
            "'in 99999999 days' is out of range for a date; "
            "use a year between 1900 and 2999, e.g. 2026-12-01.",
        ),
        (
            "in 99999999999999999999 weeks",
            "'in 99999999999999999999 weeks' is out of range for a date; "
            "use a year between 1900 and 2999, e.g. 2026-12-01.",
        ),
        (
            "in 9999 years",
            "'in 9999 years' is out of range for a date; "
            "use a year between 1900 and 2999, e.g. 2026-12-01.",
        ),
        (
            "in 1000 years",
            "'in 1000 years' is out of range for a date; "
            "use a year between 1900 and 2999, e.g. 2026-12-01.",
        ),
        (
            "1899-12-31",
            "'1899-12-31' is out of range for a date; "
            "use a year between 1900 and 2999, e.g. 2026-12-01.",
        ),
        (
            "1 Jan 3000",
            "'1 Jan 3000' is out of range for a date; "
            "use a year between 1900 and 2999, e.g. 2026-12-01.",
        ),
    ],
)
def test_parse_date_refuses(text: str, message: str) -> None:
    assert invalid(parse_date, text, today=TODAY) == message


def test_parse_date_names_what_it_reads() -> None:
    assert invalid(parse_date, "soon", today=TODAY, what="due date") == (
        f"Cannot read 'soon' as a due date; {DATE_HELP}"
    )
    assert invalid(parse_date, "soon", today=TODAY, what="end") == (
        f"Cannot read 'soon' as an end; {DATE_HELP}"
    )


# --- instants --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 15:00", berlin(2026, 11, 22, 15)),
        ("Tomorrow  at  3pm", berlin(2026, 11, 22, 15)),
        ("tomorrow at 15:00", berlin(2026, 11, 22, 15)),
        ("fri 9am", berlin(2026, 11, 27, 9)),
        ("Fri 9 AM", berlin(2026, 11, 27, 9)),
        ("friday 9:30pm", berlin(2026, 11, 27, 21, 30)),
        ("next tue 16:00", berlin(2026, 11, 24, 16)),
        ("last fri 17:30", berlin(2026, 11, 20, 17, 30)),
        ("sat 10:00", berlin(2026, 11, 28, 10)),
        ("2026-12-01 09:00", berlin(2026, 12, 1, 9)),
        ("2026-12-01T09:00", berlin(2026, 12, 1, 9)),
        ("2026-12-01t09:00", berlin(2026, 12, 1, 9)),
        ("2026-12-01T09:00:30", berlin(2026, 12, 1, 9, 0, 30)),
        ("2026-12-01T09:00:30.250", berlin(2026, 12, 1, 9, 0, 30, 250_000)),
        ("2026-12-01 9am", berlin(2026, 12, 1, 9)),
        ("2026-12-01 at 9:15", berlin(2026, 12, 1, 9, 15)),
        ("2026-12-01T09:00+01:00", berlin(2026, 12, 1, 9)),
        ("2026-12-01T09:00Z", berlin(2026, 12, 1, 10)),
        ("2026-12-01T09:00z", berlin(2026, 12, 1, 10)),
        ("2026-12-01T09:00-0500", berlin(2026, 12, 1, 15)),
        ("2026-12-01T09:00-05:00", berlin(2026, 12, 1, 15)),
        ("2026-12-01 09:00 +05:30", berlin(2026, 12, 1, 4, 30)),
        ("tomorrow 15:00 UTC", berlin(2026, 11, 22, 16)),
        ("tomorrow 15:00Z", berlin(2026, 11, 22, 16)),
        ("Dec 1 9am +01:00", berlin(2026, 12, 1, 9)),
        ("Dec 1 9am", berlin(2026, 12, 1, 9)),
        ("dec 1, 9am", berlin(2026, 12, 1, 9)),
        ("1 Dec 2026 14:30", berlin(2026, 12, 1, 14, 30)),
        ("December 1st, 2026 at 2:30pm", berlin(2026, 12, 1, 14, 30)),
        ("Tue 1 Dec 10:00", berlin(2026, 12, 1, 10)),
        ("9am Dec 1", berlin(2026, 12, 1, 9)),
        ("15:00", berlin(2026, 11, 21, 15)),
        ("at 15:00", berlin(2026, 11, 21, 15)),
        ("9am", berlin(2026, 11, 21, 9)),  # earlier than now: still today, no rolling
        ("noon", berlin(2026, 11, 21, 12)),
        ("at noon", berlin(2026, 11, 21, 12)),
        ("midnight", berlin(2026, 11, 21, 0)),
        ("12am", berlin(2026, 11, 21, 0)),
        ("12pm", berlin(2026, 11, 21, 12)),
        ("today 18:45", berlin(2026, 11, 21, 18, 45)),
        ("noon tomorrow", berlin(2026, 11, 22, 12)),
        ("15:00 tomorrow", berlin(2026, 11, 22, 15)),
        ("yesterday 23:59:59", berlin(2026, 11, 20, 23, 59, 59)),
        ("in 3 days 10:00", berlin(2026, 11, 24, 10)),
        ("3 days ago at 9am", berlin(2026, 11, 18, 9)),
        ("in 2 weeks 9:30", berlin(2026, 12, 5, 9, 30)),
        ("in 1 month 9am", berlin(2026, 12, 21, 9)),
        ("in 3 hours", berlin(2026, 11, 21, 14, 15)),
        ("in 90 minutes", berlin(2026, 11, 21, 12, 45)),
        ("in 45 min", berlin(2026, 11, 21, 12, 0)),
        ("in 1 hr", berlin(2026, 11, 21, 12, 15)),
        ("in an hour", berlin(2026, 11, 21, 12, 15)),
        ("2 hours ago", berlin(2026, 11, 21, 9, 15)),
        ("in 24h", berlin(2026, 11, 22, 11, 15)),
        ("now", NOW),
        ("Now", NOW),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    result = when(text)
    assert result == expected
    assert result.tzinfo is BERLIN
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_parse_when_today_is_in_the_given_zone() -> None:
    late = datetime(2026, 11, 21, 23, 30, tzinfo=BERLIN)  # already Sunday in Tokyo
    assert parse_when("tomorrow 9am", now=late, tz=TOKYO) == datetime(2026, 11, 23, 9, tzinfo=TOKYO)
    assert parse_when("tomorrow 9am", now=NOW, tz=NEW_YORK) == datetime(
        2026, 11, 22, 9, tzinfo=NEW_YORK
    )


def test_parse_when_keeps_the_instant_of_an_offset() -> None:
    result = parse_when("2026-12-01T09:00Z", now=NOW, tz=NEW_YORK)
    assert result == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert result.tzinfo is NEW_YORK
    assert result.hour == 4


def test_parse_when_relative_hours_cross_dst() -> None:
    before = datetime(2026, 10, 25, 1, 0, tzinfo=BERLIN)
    result = parse_when("in 3 hours", now=before, tz=BERLIN)
    assert utc(result) - utc(before) == timedelta(hours=3)
    assert result.astimezone(UTC) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", berlin(2026, 11, 22, 9)),
        ("Dec 1", berlin(2026, 12, 1, 9)),
        ("2026-12-01", berlin(2026, 12, 1, 9)),
        ("fri", berlin(2026, 11, 27, 9)),
        ("in 2 weeks", berlin(2026, 12, 5, 9)),
        ("tomorrow 15:00", berlin(2026, 11, 22, 15)),  # an explicit time wins
    ],
)
def test_parse_when_default_time(text: str, expected: datetime) -> None:
    assert when(text, default_time=time(9)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri 15:00", berlin(2026, 11, 20, 15)),
        ("Nov 22 10:00", berlin(2025, 11, 22, 10)),
        ("Nov 21 10:00", berlin(2026, 11, 21, 10)),
        ("next fri 15:00", berlin(2026, 11, 27, 15)),
    ],
)
def test_parse_when_prefer_past(text: str, expected: datetime) -> None:
    assert when(text, prefer="past") == expected


def when_error(text: str, what: str = "time") -> str:
    return f"Cannot read {quote(text)} as a {what}; {WHEN_HELP}"


OUT_OF_RANGE = "is out of range for a time; use a year between 1900 and 2999, e.g. 2026-12-01."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "tomorrow",
            "'tomorrow' needs a time of day for the time; add one, e.g. 'tomorrow 15:00'.",
        ),
        ("Dec 1", "'Dec 1' needs a time of day for the time; add one, e.g. 'Dec 1 15:00'."),
        (
            "in  3 days",
            "'in  3 days' needs a time of day for the time; add one, e.g. 'in 3 days 15:00'.",
        ),
        ("x", when_error("x")),
        ("", when_error("")),
        ("tomorrow 25:00", when_error("tomorrow 25:00")),
        ("tomorrow 13pm", when_error("tomorrow 13pm")),
        ("tomorrow 9:60", when_error("tomorrow 9:60")),
        ("tomorrow 0am", when_error("tomorrow 0am")),
        ("tomorrow 9", when_error("tomorrow 9")),  # a bare number is not a time of day here
        ("9", when_error("9")),
        ("in 3 hours 15:00", when_error("in 3 hours 15:00")),
        ("32/13/2026 10:00", when_error("32/13/2026 10:00")),
        ("tomorrow 15:00 +25:00", when_error("tomorrow 15:00 +25:00")),
        ("2026-12-01T09:00+25:00", when_error("2026-12-01T09:00+25:00")),
        ("2026-13-01T09:00", when_error("2026-13-01T09:00")),
        ("Dec 1 9", when_error("Dec 1 9")),
        ("x" * 1_000_000, when_error("x" * 1_000_000)),
        (
            "12/01/2026 10:00",
            "'12/01/2026 10:00' is ambiguous (day/month or month/day?); "
            "write it as 2026-12-01 or 1 Dec 2026.",
        ),
        ("Mon 1 Dec 2026 9am", "1 Dec 2026 is a Tuesday, not a Monday."),
        (
            "Dec 2026 9am",
            "'Dec 2026 9am' needs a day of the month; write it like 'Dec 1' or '1 Dec 2026'.",
        ),
        (
            "tomorrow 15:00 EST",
            "'tomorrow 15:00 EST' names a zone inside the time; leave out 'EST' and use --tz "
            "with an IANA zone such as 'America/New_York' instead.",
        ),
        (
            "Dec 1 9am PST",
            "'Dec 1 9am PST' names a zone inside the time; leave out 'PST' and use --tz "
            "with an IANA zone such as 'America/New_York' instead.",
        ),
        (
            "15:00 Europe/Berlin",
            "'15:00 Europe/Berlin' names a zone inside the time; leave out 'Europe/Berlin' "
            "and use --tz with an IANA zone such as 'America/New_York' instead.",
        ),
        ("in 99999999 days 10:00", f"'in 99999999 days 10:00' {OUT_OF_RANGE}"),
        ("in 99999999 hours", f"'in 99999999 hours' {OUT_OF_RANGE}"),
        ("in 9999999999999 minutes", f"'in 9999999999999 minutes' {OUT_OF_RANGE}"),
        ("1850-01-01 10:00", f"'1850-01-01 10:00' {OUT_OF_RANGE}"),
        ("0001-01-01T00:00", f"'0001-01-01T00:00' {OUT_OF_RANGE}"),
        ("9999-12-31T23:59", f"'9999-12-31T23:59' {OUT_OF_RANGE}"),
        ("9999-12-31T23:59-12:00", f"'9999-12-31T23:59-12:00' {OUT_OF_RANGE}"),
    ],
)
def test_parse_when_refuses(text: str, message: str) -> None:
    assert invalid(parse_when, text, now=NOW, tz=BERLIN) == message


def test_parse_when_names_what_it_reads() -> None:
    assert invalid(parse_when, "fri", now=NOW, tz=BERLIN, what="meeting") == (
        "'fri' needs a time of day for the meeting; add one, e.g. 'fri 15:00'."
    )
    assert invalid(parse_when, "soon", now=NOW, tz=BERLIN, what="alarm") == (
        f"Cannot read 'soon' as an alarm; {WHEN_HELP}"
    )


def test_parse_when_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("15:00", now=datetime(2026, 11, 21, 11, 15), tz=BERLIN)


def test_parse_when_notes_only_ambiguous_times() -> None:
    notes: list[str] = []
    when("tomorrow 15:00", notes=notes)
    assert notes == []


# --- times of day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15:00", time(15)),
        ("9:05", time(9, 5)),
        ("09:00:30", time(9, 0, 30)),
        ("9am", time(9)),
        ("9 am", time(9)),
        ("9AM", time(9)),
        ("9:30pm", time(21, 30)),
        (" 9:30 PM ", time(21, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("12:30am", time(0, 30)),
        ("noon", time(12)),
        ("midnight", time(0)),
        ("Noon", time(12)),
        ("9", time(9)),
        ("17", time(17)),
        ("0", time(0)),
        ("00:00", time(0)),
        ("23:59:59", time(23, 59, 59)),
    ],
)
def test_parse_clock(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    "text",
    ["25:00", "24:00", "24", "13pm", "0am", "9:60", "9:00:60", "9:5", "x", "", "9.30", "1e3"],
)
def test_parse_clock_refuses(text: str) -> None:
    assert invalid(parse_clock, text) == (
        f"Cannot read {quote(text)} as a time of day; write it like 15:00, 9:30 or 9am."
    )


def test_parse_clock_names_what_it_reads() -> None:
    assert invalid(parse_clock, "x", what="start") == (
        "Cannot read 'x' as a start; write it like 15:00, 9:30 or 9am."
    )


# --- durations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("45min", 45),
        ("45 mins", 45),
        ("45 minutes", 45),
        ("1h", 60),
        ("1 hour", 60),
        ("2 hours", 120),
        ("1hr", 60),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1 hour 30 minutes", 90),
        ("1.5h", 90),
        ("0.1h", 6),
        ("90", 90),
        (" 90 ", 90),
        ("2d", 2 * 24 * 60),
        ("1 day", 24 * 60),
        ("1w", 7 * 24 * 60),
        ("14d", 14 * 24 * 60),
        ("1w2d3h4m", 7 * 24 * 60 + 2 * 24 * 60 + 3 * 60 + 4),
        ("1H30M", 90),
    ],
)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1x", f"Cannot read '1x' as a duration; {DURATION_HELP}"),
        ("", f"Cannot read '' as a duration; {DURATION_HELP}"),
        ("h", f"Cannot read 'h' as a duration; {DURATION_HELP}"),
        ("-5m", f"Cannot read '-5m' as a duration; {DURATION_HELP}"),
        ("30m1h", f"Cannot read '30m1h' as a duration; {DURATION_HELP}"),
        ("1h1h", f"Cannot read '1h1h' as a duration; {DURATION_HELP}"),
        ("1e3m", f"Cannot read '1e3m' as a duration; {DURATION_HELP}"),
        ("9999999m", f"Cannot read '9999999m' as a duration; {DURATION_HELP}"),
        ("0", "'0' is not a positive duration; write it like 45m or 1h."),
        ("0m", "'0m' is not a positive duration; write it like 45m or 1h."),
        ("0h 0m", "'0h 0m' is not a positive duration; write it like 45m or 1h."),
        ("0.5m", f"'0.5m' is not a whole number of minutes; {DURATION_HELP}"),
        ("1.01h", f"'1.01h' is not a whole number of minutes; {DURATION_HELP}"),
    ],
)
def test_parse_duration_refuses(text: str, message: str) -> None:
    assert invalid(parse_duration, text) == message


def test_parse_duration_names_what_it_reads() -> None:
    assert invalid(parse_duration, "x", what="alarm") == (
        f"Cannot read 'x' as an alarm; {DURATION_HELP}"
    )


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=45), "45m"),
        (timedelta(hours=1), "1h"),
        (timedelta(minutes=90), "1h30m"),
        (timedelta(days=2), "2d"),
        (timedelta(weeks=1), "1w"),
        (timedelta(days=14), "2w"),
        (timedelta(days=9, hours=3, minutes=4), "1w2d3h4m"),
        (timedelta(0), "0m"),
        (timedelta(seconds=29), "0m"),
        (timedelta(seconds=30), "1m"),
        (timedelta(minutes=-90), "-1h30m"),
    ],
)
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", Period(1, "d")),
        ("weekly", Period(1, "w")),
        ("Weekly", Period(1, "w")),
        ("biweekly", Period(2, "w")),
        ("fortnightly", Period(2, "w")),
        ("every fortnight", Period(2, "w")),
        ("monthly", Period(1, "m")),
        ("every day", Period(1, "d")),
        ("every week", Period(1, "w")),
        ("every 2 weeks", Period(2, "w")),
        ("every other week", Period(2, "w")),
        ("every month", Period(1, "m")),
        ("every 3 months", Period(3, "m")),
        ("2w", Period(2, "w")),
        ("10d", Period(10, "d")),
        ("1m", Period(1, "m")),
        ("1mo", Period(1, "m")),
        ("3 weeks", Period(3, "w")),
        ("1 month", Period(1, "m")),
        ("yearly", Period(12, "m")),
    ],
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["x", "", "0w", "every 0 weeks", "1000d", "2", "2h", "every", "weekly-ish", "-1w"]
)
def test_parse_period_refuses(text: str) -> None:
    assert invalid(parse_period, text) == f"Cannot read {quote(text)} as a cadence; {PERIOD_HELP}"


def test_parse_period_names_what_it_reads() -> None:
    assert invalid(parse_period, "x", what="rhythm") == (
        f"Cannot read 'x' as a rhythm; {PERIOD_HELP}"
    )


@pytest.mark.parametrize(
    ("period", "day", "after", "before"),
    [
        (Period(1, "d"), date(2026, 12, 31), date(2027, 1, 1), date(2026, 12, 30)),
        (Period(10, "d"), date(2026, 11, 21), date(2026, 12, 1), date(2026, 11, 11)),
        (Period(2, "w"), date(2026, 11, 21), date(2026, 12, 5), date(2026, 11, 7)),
        (Period(1, "m"), date(2026, 1, 31), date(2026, 2, 28), date(2025, 12, 31)),
        (Period(1, "m"), date(2028, 1, 31), date(2028, 2, 29), date(2027, 12, 31)),
        (Period(1, "m"), date(2026, 3, 31), date(2026, 4, 30), date(2026, 2, 28)),
        (Period(12, "m"), date(2028, 2, 29), date(2029, 2, 28), date(2027, 2, 28)),
    ],
)
def test_period_arithmetic(period: Period, day: date, after: date, before: date) -> None:
    assert period.after(day) == after
    assert period.before(day) == before


@pytest.mark.parametrize(("period", "text"), [(Period(2, "w"), "2w"), (Period(10, "d"), "10d")])
def test_period_str(period: Period, text: str) -> None:
    assert str(period) == text


@pytest.mark.parametrize(("count", "unit"), [(0, "w"), (-1, "d"), (1, "h")])
def test_period_refuses_nonsense(count: int, unit: Any) -> None:
    with pytest.raises(ValueError, match="invalid period"):
        Period(count, unit)


# --- recurrences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("weekly", "FREQ=WEEKLY"),
        ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("every other week", "FREQ=WEEKLY;INTERVAL=2"),
        ("2w", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("1m", "FREQ=MONTHLY"),
        ("every 3 weeks", "FREQ=WEEKLY;INTERVAL=3"),
        ("every 10 days", "FREQ=DAILY;INTERVAL=10"),
        ("10d", "FREQ=DAILY;INTERVAL=10"),
        ("yearly", "FREQ=YEARLY"),
        ("every 2 years", "FREQ=YEARLY;INTERVAL=2"),
        ("FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=1TU"),
        ("RRULE:FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=1TU"),
        ("rrule:freq=weekly;byday=tu,th", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("BYDAY=MO;FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"),
        ("FREQ=WEEKLY;INTERVAL=03", "FREQ=WEEKLY;INTERVAL=3"),
        ("FREQ=WEEKLY; BYDAY=MO ;", "FREQ=WEEKLY;BYDAY=MO"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6"),
        ("FREQ=WEEKLY;UNTIL=20270101T080000Z", "FREQ=WEEKLY;UNTIL=20270101T080000Z"),
        ("FREQ=WEEKLY;UNTIL=20270101", "FREQ=WEEKLY;UNTIL=20270101"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
    ],
)
def test_parse_recurrence(text: str, rule: str) -> None:
    assert parse_recurrence(text) == rule
    assert parse_recurrence(rule) == rule


def recurrence_error(text: str) -> str:
    return f"Cannot read {quote(text)} as a recurrence; {RECURRENCE_HELP}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fortnightly-ish", recurrence_error("fortnightly-ish")),
        ("", recurrence_error("")),
        ("every 0 weeks", recurrence_error("every 0 weeks")),
        ("INTERVAL=2", recurrence_error("INTERVAL=2")),
        ("FREQ=WEEKLY;FREQ=DAILY", recurrence_error("FREQ=WEEKLY;FREQ=DAILY")),
        ("FREQ=FORTNIGHTLY", recurrence_error("FREQ=FORTNIGHTLY")),
        ("FREQ=WEEKLY;INTERVAL=0", recurrence_error("FREQ=WEEKLY;INTERVAL=0")),
        ("FREQ=WEEKLY;INTERVAL=-1", recurrence_error("FREQ=WEEKLY;INTERVAL=-1")),
        ("FREQ=WEEKLY;COUNT=0", recurrence_error("FREQ=WEEKLY;COUNT=0")),
        ("FREQ=WEEKLY;UNTIL=2027", recurrence_error("FREQ=WEEKLY;UNTIL=2027")),
        ("FREQ=WEEKLY;BYDAY=XX", recurrence_error("FREQ=WEEKLY;BYDAY=XX")),
        ("FREQ=WEEKLY;BYSETPOS=400", recurrence_error("FREQ=WEEKLY;BYSETPOS=400")),
        ("FREQ=YEARLY;BYEASTER=0", recurrence_error("FREQ=YEARLY;BYEASTER=0")),
        ("FREQ=WEEKLY;FOO=1", recurrence_error("FREQ=WEEKLY;FOO=1")),
        ("FREQ=WEEKLY;BYDAY", recurrence_error("FREQ=WEEKLY;BYDAY")),
        ("FREQ=WEEKLY\nRRULE:FREQ=DAILY", recurrence_error("FREQ=WEEKLY\nRRULE:FREQ=DAILY")),
        (
            "FREQ=WEEKLY;DTSTART=20200101T000000",
            "Cannot use DTSTART inside the recurrence 'FREQ=WEEKLY;DTSTART=20200101T000000'; "
            "the meeting's own start is used, so write it like FREQ=WEEKLY;BYDAY=TU.",
        ),
        (
            "FREQ=HOURLY",
            "FREQ=HOURLY in 'FREQ=HOURLY' is too frequent for meetings; "
            "use DAILY, WEEKLY, MONTHLY or YEARLY, e.g. FREQ=WEEKLY.",
        ),
    ],
)
def test_parse_recurrence_refuses(text: str, message: str) -> None:
    assert invalid(parse_recurrence, text) == message


@pytest.mark.parametrize(
    ("rule", "kwargs", "expected"),
    [
        ("FREQ=WEEKLY", {}, "FREQ=WEEKLY"),
        ("FREQ=WEEKLY", {"count": 10}, "FREQ=WEEKLY;COUNT=10"),
        (
            "FREQ=WEEKLY;INTERVAL=2",
            {"until": datetime(2027, 1, 1, 9, tzinfo=BERLIN)},
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270101T080000Z",
        ),
        (
            "FREQ=WEEKLY",
            {"until": datetime(2027, 7, 1, 9, 30, 15, 999, tzinfo=NEW_YORK)},
            "FREQ=WEEKLY;UNTIL=20270701T133015Z",
        ),
    ],
)
def test_with_limit(rule: str, kwargs: dict[str, Any], expected: str) -> None:
    assert with_limit(rule, **kwargs) == expected
    assert parse_recurrence(expected) == expected


@pytest.mark.parametrize(
    ("rule", "kwargs", "message"),
    [
        (
            "FREQ=WEEKLY",
            {"count": 3, "until": NOW},
            "Give the recurrence either an end time or a count, not both.",
        ),
        (
            "FREQ=WEEKLY;COUNT=3",
            {"count": 5},
            "The recurrence 'FREQ=WEEKLY;COUNT=3' already has an end (UNTIL or COUNT); "
            "leave out --until and --count.",
        ),
        (
            "FREQ=WEEKLY;UNTIL=20270101",
            {"until": NOW},
            "The recurrence 'FREQ=WEEKLY;UNTIL=20270101' already has an end (UNTIL or COUNT); "
            "leave out --until and --count.",
        ),
        (
            "FREQ=WEEKLY",
            {"count": 0},
            "A recurrence count must be at least 1, not 0; write it like --count 10.",
        ),
    ],
)
def test_with_limit_refuses(rule: str, kwargs: dict[str, Any], message: str) -> None:
    assert invalid(with_limit, rule, **kwargs) == message


def test_with_limit_needs_an_aware_until() -> None:
    with pytest.raises(ValueError, match="aware"):
        with_limit("FREQ=WEEKLY", until=datetime(2027, 1, 1))


# --- working hours and days ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-17:00", (time(9), time(17))),
        ("9-17", (time(9), time(17))),
        ("9am-5pm", (time(9), time(17))),
        ("9am - 5pm", (time(9), time(17))),
        ("9:30\u201317:30", (time(9, 30), time(17, 30))),
        ("9:30 \u2014 17:30", (time(9, 30), time(17, 30))),
        ("9am to 5pm", (time(9), time(17))),
        ("08:30 to 16:45", (time(8, 30), time(16, 45))),
        ("22:00-06:00", (time(22), time(6))),  # crosses midnight
        ("22-6", (time(22), time(6))),
        ("10pm-6am", (time(22), time(6))),
        ("noon-midnight", (time(12), time(0))),
    ],
)
def test_parse_hours(text: str, expected: tuple[time, time]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", f"Cannot read 'x' as working hours; {HOURS_HELP}"),
        ("", f"Cannot read '' as working hours; {HOURS_HELP}"),
        ("9", f"Cannot read '9' as working hours; {HOURS_HELP}"),
        ("9-25", f"Cannot read '9-25' as working hours; {HOURS_HELP}"),
        ("9-17-18", f"Cannot read '9-17-18' as working hours; {HOURS_HELP}"),
        ("9-9", f"Working hours '9-9' start and end at the same time; {HOURS_HELP}"),
        ("09:00-9am", f"Working hours '09:00-9am' start and end at the same time; {HOURS_HELP}"),
        (
            "9-5",
            f"'9-5' is ambiguous (is 5 in the morning or the afternoon?); {HOURS_HELP}",
        ),
        (
            "9 to 5",
            f"'9 to 5' is ambiguous (is 5 in the morning or the afternoon?); {HOURS_HELP}",
        ),
    ],
)
def test_parse_hours_refuses(text: str, message: str) -> None:
    assert invalid(parse_hours, text) == message


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        ((time(9), time(17)), "09:00-17:00"),
        ((time(22), time(6)), "22:00-06:00"),
        ((time(9, 30), time(17, 0, 30)), "09:30-17:00:30"),
    ],
)
def test_format_hours(hours: tuple[time, time], text: str) -> None:
    assert format_hours(hours) == text


ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", ALL_DAYS[:5]),
        ("Mon - Fri", ALL_DAYS[:5]),
        ("mon\u2013fri", ALL_DAYS[:5]),
        ("mon,wed,fri", ("mon", "wed", "fri")),
        ("mon, wed, fri", ("mon", "wed", "fri")),
        ("fri,wed,mon,wed", ("mon", "wed", "fri")),
        ("mon-wed,fri", ("mon", "tue", "wed", "fri")),
        ("mon wed fri", ("mon", "wed", "fri")),
        ("mon, wed and fri", ("mon", "wed", "fri")),
        ("Monday,Wednesday", ("mon", "wed")),
        ("tuesday-thursday", ("tue", "wed", "thu")),
        ("weekdays", ALL_DAYS[:5]),
        ("weekends", ("sat", "sun")),
        ("weekend", ("sat", "sun")),
        ("weekdays,sat", ALL_DAYS[:6]),
        ("daily", ALL_DAYS),
        ("every day", ALL_DAYS),
        ("Every  Day", ALL_DAYS),
        ("fri-mon", ("mon", "fri", "sat", "sun")),
        ("sun-sat", ALL_DAYS),
        ("sat-sun", ("sat", "sun")),
        ("wed", ("wed",)),
    ],
)
def test_parse_days(text: str, expected: tuple[str, ...]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize("text", ["x", "", ",", "mon-", "mon-xyz", "mon-tue-wed", "monday2", "-"])
def test_parse_days_refuses(text: str) -> None:
    assert invalid(parse_days, text) == (
        f"Cannot read {quote(text)} as working days; write them like mon-fri or mon,wed,fri."
    )


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (ALL_DAYS[:5], "mon-fri"),
        (("mon", "wed", "fri"), "mon,wed,fri"),
        (("mon", "tue", "wed", "fri"), "mon-wed,fri"),
        (("sat", "sun"), "sat-sun"),
        (("sun", "sat"), "sat-sun"),
        (("mon", "fri", "sat", "sun"), "mon,fri-sun"),
        (ALL_DAYS, "mon-sun"),
        (("thu",), "thu"),
        ((), ""),
    ],
)
def test_format_days(days: tuple[str, ...], text: str) -> None:
    assert format_days(days) == text


def test_weekdays_constant() -> None:
    assert WEEKDAYS == ALL_DAYS


# --- properties ------------------------------------------------------------------------------

ZONES = [
    ZoneInfo(name)
    for name in (
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "Pacific/Chatham",
        "Australia/Lord_Howe",
    )
]


@given(
    st.datetimes(
        min_value=datetime(1901, 1, 2),
        max_value=datetime(2998, 12, 30),
        timezones=st.sampled_from(ZONES),
    ),
    st.sampled_from(ZONES),
    st.sampled_from(["T", " "]),
)
def test_isoformat_round_trips_through_parse_when(
    moment: datetime, tz: ZoneInfo, separator: str
) -> None:
    result = parse_when(moment.isoformat(separator), now=NOW, tz=tz)
    assert utc(result) == utc(moment)
    assert result.tzinfo is tz


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_isoformat_round_trips_through_parse_date(day: date) -> None:
    assert parse_date(day.isoformat(), today=TODAY) == day
    assert parse_date(day.isoformat(), today=TODAY, prefer="past") == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_written_form_with_year_round_trips(day: date) -> None:
    written = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    assert parse_date(written, today=TODAY) == day


@given(
    st.dates(min_value=date(1910, 1, 1), max_value=date(2990, 12, 31)),
    st.dates(min_value=date(1910, 1, 1), max_value=date(2990, 12, 31)),
)
def test_omitted_year_picks_the_nearest_side(day: date, today: date) -> None:
    written = f"{MONTHS[day.month - 1][:3]} {day.day}"
    future = parse_date(written, today=today)
    past = parse_date(written, today=today, prefer="past")
    assert (future.month, future.day) == (past.month, past.day) == (day.month, day.day)
    assert past <= today <= future
    assert future - today < timedelta(days=366 * 8 + 1)


minute_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@given(minute_times, minute_times)
def test_hours_round_trip(start: time, end: time) -> None:
    if start == end:
        return
    assert parse_hours(format_hours((start, end))) == (start, end)


@given(st.sets(st.sampled_from(WEEKDAYS), min_size=1))
def test_days_round_trip(days: set[str]) -> None:
    canonical = tuple(day for day in WEEKDAYS if day in days)
    assert parse_days(format_days(sorted(days))) == canonical
    assert parse_days(",".join(days)) == canonical
    assert parse_days(" ".join(days)) == canonical


@given(st.integers(min_value=1, max_value=10**6))
def test_duration_round_trip(minutes: int) -> None:
    delta = timedelta(minutes=minutes)
    assert parse_duration(format_duration(delta)) == delta


@given(st.builds(Period, st.integers(1, 999), st.sampled_from(["d", "w", "m"])))
def test_period_round_trip(period: Period) -> None:
    assert parse_period(str(period)) == period


@given(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.integers(1, 99),
    st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), unique=True),
    st.one_of(st.none(), st.integers(1, 500)),
    st.sampled_from(["", "RRULE:", "rrule:"]),
)
def test_parse_recurrence_is_idempotent(
    freq: str, interval: int, byday: list[str], count: int | None, prefix: str
) -> None:
    parts = [f"FREQ={freq}", f"INTERVAL={interval}"]
    if byday:
        parts.append("BYDAY=" + ",".join(byday))
    if count is not None:
        parts.append(f"COUNT={count}")
    rule = parse_recurrence(prefix + ";".join(parts))
    assert rule.startswith(f"FREQ={freq}")
    assert parse_recurrence(rule) == rule
    assert parse_recurrence(rule.lower()) == rule


@given(
    st.sampled_from(["weekly", "biweekly", "monthly", "every 3 weeks", "10d", "yearly"]),
    st.datetimes(
        min_value=datetime(1901, 1, 1),
        max_value=datetime(2998, 1, 1),
        timezones=st.sampled_from(ZONES),
    ),
)
def test_with_limit_output_is_a_valid_rule(text: str, until: datetime) -> None:
    rule = with_limit(parse_recurrence(text), until=until)
    assert parse_recurrence(rule) == rule


# Fragments of the grammar, so that random text reaches the deeper branches too.
TOKENS = [
    "in",
    "ago",
    "at",
    "next",
    "last",
    "today",
    "tomorrow",
    "now",
    "noon",
    "midnight",
    "dec",
    "december",
    "feb",
    "may",
    "1st",
    "29",
    "31",
    "1",
    "9",
    "12",
    "2026",
    "0000",
    "99999",
    "mon",
    "tue",
    "friday",
    "sat",
    "am",
    "pm",
    "9am",
    "12pm",
    "15:00",
    "25:00",
    "9:60",
    "days",
    "weeks",
    "months",
    "years",
    "hours",
    "min",
    "m",
    "h",
    "d",
    "w",
    "mo",
    "y",
    "every",
    "other",
    "daily",
    "weekly",
    "biweekly",
    "-",
    ",",
    ".",
    "/",
    "to",
    "\u2013",
    "utc",
    "z",
    "est",
    "+01:00",
    "-0500",
    "+99:99",
    "2026-12-01",
    "2026-12-01T09:00",
    "12/01/2026",
    "01.12.2026",
    "FREQ=WEEKLY",
    ";",
    "INTERVAL=2",
    "BYDAY=1TU",
    "UNTIL=2027",
    "COUNT=0",
    "RRULE:",
    "Europe/Berlin",
    "europe/berln",
    "localtime",
    "..",
    "\x00",
    "\udcff",
    "\u0663",
    "\n",
    "weekdays",
    "mon-fri",
    "fri-mon",
    "1h30m",
    "1.5h",
    "0.1",
    "1e9",
]
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs", "Nd", "Lu"])),
    st.binary().map(lambda raw: raw.decode("utf-8", "surrogateescape")),
    st.lists(st.sampled_from(TOKENS), max_size=6).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=6).map("".join),
)


def every_parser(text: str) -> list[Callable[[], object]]:
    return [
        lambda: quote(text),
        lambda: get_zone(text),
        lambda: resolve_zone(text, HANDLES),
        lambda: read_zone(text, []),
        lambda: parse_date(text, today=TODAY),
        lambda: parse_date(text, today=date(1900, 1, 1), prefer="past"),
        lambda: parse_date(text, today=date(2999, 12, 31)),
        lambda: parse_when(text, now=NOW, tz=BERLIN),
        lambda: parse_when(text, now=NOW, tz=NEW_YORK, default_time=time(9), prefer="past"),
        lambda: parse_clock(text),
        lambda: parse_duration(text),
        lambda: parse_period(text),
        lambda: parse_recurrence(text),
        lambda: parse_hours(text),
        lambda: parse_days(text),
    ]


def check_every_parser(text: str) -> None:
    """Each parser returns a value or raises a short, one-line InvalidInput; nothing else."""
    for parse in every_parser(text):
        error: InvalidInput | None = None
        try:
            parse()
        except InvalidInput as exc:
            error = exc
        if error is not None:
            assert error.exit_code == 2
            assert "\n" not in str(error)
            assert len(str(error)) < 400


@given(texts)
def test_parsers_return_a_value_or_raise_invalid_input(text: str) -> None:
    check_every_parser(text)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "\x00" * 1_000_000,
        "in " + "9" * 5000 + " days",
        "9" * 5000,
        "Dec 1 " + "9" * 5000,
        "(" * 10_000,
        "\udcff\udcfe",
        "\u0663\u0663:\u0660\u0660",
    ],
)
def test_hostile_input_gives_short_invalid_input(text: str) -> None:
    check_every_parser(text)


def test_import_does_not_load_dateutil() -> None:
    code = "import sys, mentorlog.timeparse; print(any('dateutil' in m for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
