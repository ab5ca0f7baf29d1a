"""The few ways the program writes dates and times, in one place.

Names are spelled from these tables rather than by strftime, so that no locale can change
them: output is the same on every machine, as the tests (and scripts reading it) expect.

    day(d)            Tue 24 Nov         day(d, today=t)     Tue 20 Nov 2029 (t in 2026)
    day_year(d)       Tue 24 Nov 2026
    day_month(d)      24 Nov             day_month_year(d)   24 Nov 2026
    clock(m)          08:30              span(a, b)          08:30-09:15
    weekday(d)        Tue                weekday_clock(m)    Tue 08:30
    day_clock(m)      Tue 24 Nov 08:30   day_year_clock(m)   Tue 24 Nov 2026 08:30
                      (day_clock(m, today=t) adds the year when it is not t's)
    full(m)           Saturday 21 November 2026, 09:30
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def weekday(day: date) -> str:
    """'Tue'."""
    return _DAYS[day.weekday()]


def day_month(day: date) -> str:
    """'24 Nov'."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def day_month_year(day: date) -> str:
    """'24 Nov 2026'."""
    return f"{day_month(day)} {day.year}"


def day(day: date, *, today: date | None = None) -> str:
    """'Tue 24 Nov'; with `today`, a day in another year says its year: 'Tue 20 Nov 2029'."""
    if today is not None and day.year != today.year:
        return day_year(day)
    return f"{weekday(day)} {day_month(day)}"


def day_year(day: date) -> str:
    """'Tue 24 Nov 2026'."""
    return f"{weekday(day)} {day_month_year(day)}"


def clock(moment: datetime | time) -> str:
    """'08:30'."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def span(start: datetime | time, end: datetime | time) -> str:
    """'08:30-09:15'."""
    return f"{clock(start)}-{clock(end)}"


def weekday_clock(moment: datetime) -> str:
    """'Tue 08:30'."""
    return f"{weekday(moment)} {clock(moment)}"


def day_clock(moment: datetime, *, today: date | None = None) -> str:
    """'Tue 24 Nov 08:30'; with `today`, a day in another year says its year."""
    return f"{day(moment, today=today)} {clock(moment)}"


def day_year_clock(moment: datetime) -> str:
    """'Tue 24 Nov 2026 08:30'."""
    return f"{day_year(moment)} {clock(moment)}"


def full(moment: datetime) -> str:
    """'Saturday 21 November 2026, 09:30'."""
    month = _FULL_MONTHS[moment.month - 1]
    return f"{_WEEKDAYS[moment.weekday()]} {moment.day} {month} {moment.year}, {clock(moment)}"


def stamp(value: object, zone: tzinfo, *, today: date) -> str:
    """A stored timestamp (ISO 8601) as 'Sat 21 Nov 11:15' on the user's clock; the text as
    it is where it cannot be read (a hand edit)."""
    from mentorlog.store import read_stamp

    moment = read_stamp(value)
    if moment is None:
        return str(value)
    return day_clock(moment.astimezone(zone), today=today)
