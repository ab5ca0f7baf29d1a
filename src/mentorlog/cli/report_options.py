"""--since and --until of `report` read into the period it covers, at the edge.

Apart from cli/params.py, whose `--every` value (a frozen dataclass) and field checks a
report does not need: making that dataclass was half a millisecond of every report's start.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.services.report_period import ReportPeriod, is_end_of_day, written, zone_of

# The period a report covers by default, in days up to now.
REPORT_DAYS = 90


def report_period(since: str | None, until: str | None, *, now: datetime) -> ReportPeriod:
    """The period from --since and --until: each an instant ('2026-11-01 09:00', '3 hours
    ago') or a day ('2026-11-01', 'Sep 1', '30 days ago'); a day given to --since starts at
    its midnight, one given to --until ends at the end of that day. A day without a year is
    the last such day. By default: the last 90 days, from midnight, up to now."""
    zone = zone_of(now)
    start = (
        _bound(since, now, zone, "--since", end_of_day=False)
        if since is not None
        else _midnight(now.date() - timedelta(days=REPORT_DAYS), zone)
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
            f"{REPORT_DAYS} days ago ({_label(start)}); give a --since as well."
        )
    return InvalidInput(
        f"--since {timeparse.quote(since)} ({_label(start)}) is not before --until "
        f"{timeparse.quote(until)} ({ends}); give a --since earlier than the --until."
    )


def _bound(text: str, now: datetime, zone: ZoneInfo, what: str, *, end_of_day: bool) -> datetime:
    try:
        return timeparse.parse_when(text, now=now, tz=zone, prefer="past", what=what)
    except InvalidInput:
        # No time of day in it: read it as a day.
        day = timeparse.parse_date(text, today=now.date(), prefer="past", what=f"{what} date")
    return datetime.combine(day, time.max, tzinfo=zone) if end_of_day else _midnight(day, zone)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    # fold=0 reads a midnight lost to a DST jump as the first instant of that day.
    return datetime.combine(day, time(), tzinfo=zone)


def _label(moment: datetime) -> str:
    """'21 Nov 2026 11:15', spelled without strftime so the locale cannot change it."""
    return f"{written(moment.date())} {moment.hour:02d}:{moment.minute:02d}"
