"""The period a progress report covers: from its start to its end, both included (the
options that give it are read by `cli.report_options.report_period`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog.services.report_values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ReportPeriod(Value):
    """The instants a report covers: from `since` to `until`, both included (a record
    stamped the very second a report is made belongs in it)."""

    __slots__ = ("since", "until")
    since: datetime
    until: datetime

    def __init__(self, since: datetime, until: datetime) -> None:
        self._set(since=since, until=until)

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


def is_end_of_day(moment: datetime) -> bool:
    return moment.timetz().replace(tzinfo=None) == time.max


def zone_of(now: datetime) -> ZoneInfo:
    if isinstance(now.tzinfo, ZoneInfo):
        return now.tzinfo
    return ZoneInfo("UTC")


def written(day: date) -> str:
    """'1 Dec 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
