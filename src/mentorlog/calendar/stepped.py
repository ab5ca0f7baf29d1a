"""The rules people use most, worked out by arithmetic: every occurrence is the start plus
a whole number of equal steps, so any of them is found without walking the series, and
without importing dateutil."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from mentorlog.timeparse.rules import number

__all__ = ["SteppedRule", "stepped_rule"]


class SteppedRule:
    """A rule whose occurrences are the start plus a whole number of equal steps: FREQ=DAILY
    or WEEKLY, or MONTHLY or YEARLY on a day every month or year has, with at most INTERVAL
    and COUNT (UNTIL arrives as `until`). Any occurrence is found by arithmetic, where
    dateutil walks the series from its start on every query, so the meetings people use
    most cost nothing to expand and never import dateutil. The results are dateutil's,
    for the same naive wall times (tests/test_fast_paths.py checks that they agree).
    """

    def __init__(
        self,
        start: datetime,
        *,
        days: int = 0,
        months: int = 0,
        count: int | None = None,
        until: datetime | None = None,
    ) -> None:
        # Without its microseconds, as dateutil does (`replace` only when it has some: it
        # costs a microsecond, once per series an export).
        self.start = start.replace(microsecond=0) if start.microsecond else start
        self.step = timedelta(days=days)
        self.months = months
        last = self._floor(datetime.max)
        if count is not None:
            last = min(last, count - 1)
        elif until is not None:
            last = min(last, self._floor(until))
        self.last = last  # the index of the last occurrence (-1: there is none)

    def at(self, index: int) -> datetime:
        """The occurrence with this index (0: the start)."""
        if not self.months:
            return self.start + self.step * index
        year, month = divmod(self.start.month - 1 + self.months * index, 12)
        return self.start.replace(year=self.start.year + year, month=month + 1)

    def _floor(self, moment: datetime) -> int:
        """The index of the last occurrence at or before `moment` (-1 and below: none)."""
        if not self.months:
            return (moment - self.start) // self.step
        months = (moment.year - self.start.year) * 12 + moment.month - self.start.month
        index = months // self.months
        if not 1 <= self.start.year + (self.start.month - 1 + self.months * index) // 12 <= 9999:
            return index - 1
        return index - 1 if self.at(index) > moment else index

    def between(
        self, after: datetime, before: datetime, inc: bool = False, count: int = 1
    ) -> list[datetime]:
        first = max(0, self._floor(after) + (0 if inc and self._is_one(after) else 1))
        last = min(self.last, self._floor(before))
        if not inc and last >= 0 and self.at(last) == before:
            last -= 1
        return [self.at(index) for index in range(first, last + 1)]

    def xafter(
        self, dt: datetime, count: int | None = None, inc: bool = False
    ) -> Iterator[datetime]:
        index = max(0, self._floor(dt) + (0 if inc and self._is_one(dt) else 1))
        end = self.last if count is None else min(self.last, index + count - 1)
        return (self.at(i) for i in range(index, end + 1))

    def xbefore(self, dt: datetime) -> Iterator[datetime]:
        """The occurrences at or before `dt`, latest first."""
        index = min(self.last, self._floor(dt))
        return (self.at(i) for i in range(index, -1, -1))

    def _is_one(self, moment: datetime) -> bool:
        index = self._floor(moment)
        return 0 <= index <= self.last and self.at(index) == moment


def stepped_rule(
    parts: Mapping[str, str], start: datetime, until: datetime | None
) -> SteppedRule | None:
    """The arithmetic form of a rule (its parts but UNTIL, which comes as `until`, a naive
    wall time), when it has one (see SteppedRule); else None."""
    if not set(parts) <= {"FREQ", "INTERVAL", "COUNT"}:
        return None
    interval, count = number(parts.get("INTERVAL", "1")), number(parts.get("COUNT", "1"))
    if interval is None or count is None or not 1 <= interval <= 10_000 or count == 0:
        return None
    if "COUNT" not in parts:
        count = None
    freq = parts["FREQ"]
    if freq in ("DAILY", "WEEKLY"):
        days = interval * (7 if freq == "WEEKLY" else 1)
        return SteppedRule(start, days=days, count=count, until=until)
    if (freq == "MONTHLY" and start.day <= 28) or (
        freq == "YEARLY" and (start.month, start.day) != (2, 29)
    ):
        months = interval * (12 if freq == "YEARLY" else 1)
        return SteppedRule(start, months=months, count=count, until=until)
    return None
