"""The period a progress report covers: from --since to --until, both included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput

DEFAULT_DAYS = 90
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ReportPeriod:
    """The instants a report covers: from `since` to `until`, both included (a record
    stamped the very second a report is made belongs in it)."""

    since: datetime
    until: datetime

    @property
    def end(self) -> datetime:
        """The first instant after the period, for queries that take [start, end)."""
        return self.until + timedelta(microseconds=1)

    @property
    def first_day(self) -> date:
        return self.since.date()

    @property
    def last_day(self) -> date:
        return self.until.date()

    @property
    def whole_days(self) -> bool:
        """Whether it ends at the end of a day (--until gave a day)."""
        return is_end_of_day(self.until)

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.since <= moment <= self.until

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(timespec="seconds"),
            "until": self.until.isoformat(timespec="seconds"),
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
        }


def report_period(since: str | None, until: str | None, *, now: datetime) -> ReportPeriod:
    """The period from --since and --until: each an instant ('2026-11-01 09:00', '3 hours
    ago') or a day ('2026-11-01', 'Sep 1', '30 days ago'); a day given to --since starts at
    its midnight, one given to --until ends at the end of that day. A day without a year is
    the last such day. By default: the last 90 days, from midnight, up to now."""
    zone = zone_of(now)
    start = (
        _bound(since, now, zone, "--since", end_of_day=False)
        if since is not None
        else _midnight(now.date() - timedelta(days=DEFAULT_DAYS), zone)
    )
    end = _bound(until, now, zone, "--until", end_of_day=True) if until is not None else now
    if start >= end:
        raise _empty_period(since, until, start, end)
    return ReportPeriod(start, end)


def _empty_period(
    since: str | None, until: str | None, start: datetime, end: datetime
) -> InvalidInput:
    if until is None:
        return InvalidInput(
            f"--since {timeparse.quote(since or '')} ({_label(start)}) is not before now "
            f"({_label(end)}); give a day in the past, e.g. '30 days ago'."
        )
    ends = f"the end of {written(end.date())}" if is_end_of_day(end) else _label(end)
    if since is None:
        return InvalidInput(
            f"--until {timeparse.quote(until)} ({ends}) is before the default start, "
            f"{DEFAULT_DAYS} days ago ({_label(start)}); give a --since as well."
        )
    return InvalidInput(
        f"--since {timeparse.quote(since)} ({_label(start)}) is not before --until "
        f"{timeparse.quote(until)} ({ends}); give a --since earlier than the --until."
    )


def is_end_of_day(moment: datetime) -> bool:
    return moment.timetz().replace(tzinfo=None) == time.max


def _bound(text: str, now: datetime, zone: ZoneInfo, what: str, *, end_of_day: bool) -> datetime:
    try:
        return timeparse.parse_when(text, now=now, tz=zone, prefer="past", what=what)
    except InvalidInput:
        # No time of day in it: read it as a day.
        day = timeparse.parse_date(text, today=now.date(), prefer="past", what=f"{what} date")
    return datetime.combine(day, time.max, tzinfo=zone) if end_of_day else _midnight(day, zone)


def zone_of(now: datetime) -> ZoneInfo:
    if isinstance(now.tzinfo, ZoneInfo):
        return now.tzinfo
    return ZoneInfo("UTC")


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    # fold=0 reads a midnight lost to a DST jump as the first instant of that day.
    return datetime.combine(day, time(), tzinfo=zone)


def _label(moment: datetime) -> str:
    """'21 Nov 2026 11:15', spelled without strftime so the locale cannot change it."""
    return f"{written(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


def written(day: date) -> str:
    """'1 Dec 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
