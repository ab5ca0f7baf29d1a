"""The edges of wall time: the first and last wall times a meeting can have an occurrence
at, and moves of a wall time that stop at the ends of what a datetime holds.

Window bounds converted to wall time are widened by `MARGIN` and the results filtered by
instant afterwards: offsets of one zone differ by at most a day (Samoa skipped 30 Dec
2011). A hand edit or another app can write a start in the year 1 or an UNTIL in 9999
("never ends"); near those ends the margins saturate instead of raising OverflowError.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

__all__ = ["FIRST_WALL", "LAST_WALL", "MARGIN", "aware_utc", "wall_in", "widened"]

# How far a wall time can be from the same instant read at another moment's offset.
MARGIN = timedelta(days=2)
# The wall times a meeting has occurrences at: two margins inside what a datetime holds, so
# that an occurrence's instant, its end and every margin around it fit in any zone; the few
# days past these are left out rather than raise.
FIRST_WALL = datetime.min + 2 * MARGIN
LAST_WALL = datetime.max - 2 * MARGIN


def aware_utc(moment: datetime, name: str) -> datetime:
    """An aware `moment` in UTC; a naive one is a programming error (ValueError)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment.astimezone(UTC)


def wall_in(moment: datetime, zone: tzinfo) -> datetime:
    """The naive wall time in `zone` of an aware instant (the first or last a datetime holds,
    for an instant at the end of time that `zone` reads past it)."""
    try:
        return moment.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        return datetime.max if moment.year > 1 else datetime.min


def widened(wall: datetime, by: timedelta) -> datetime:
    """`wall` moved by `by`, stopping at the first or last wall time a datetime holds."""
    try:
        return wall + by
    except OverflowError:
        return datetime.max if by > timedelta() else datetime.min
