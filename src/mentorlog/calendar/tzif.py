"""Where a zone's clocks can change, read from its TZif file (RFC 8536).

`calendar.vtimezone` writes each change of a zone's offset or name. Sampling the zone day by
day from 1969 on found them, about 33,000 samples a zone; the zone's own data says where
they are. This reads the same file zoneinfo reads, found the way zoneinfo finds it (the
directories of `zoneinfo.TZPATH`, then the `tzdata` package): the transition times of its
64-bit section (version 2 and later), and, for the years after its table, the POSIX TZ
string of its footer, whose rule gives each year's changes.

What comes back are instants at which the zone *may* change (every transition of the table,
and each year's changes by the footer's rule read in both offsets, so a few more than there
are): between two of them the zone's offset, summer time and name stay the same, which is
what lets `vtimezone` look only there. It never reads the clocks themselves: zoneinfo does.
A file that cannot be found or read gives None, and the caller samples as before.
"""

from __future__ import annotations

import functools
import os
import re
import struct
import zoneinfo
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta

__all__ = ["calm", "change_points", "footer_points", "month_length", "read_tzif", "zone_file"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_DAY = _EPOCH.date()
_SECOND = timedelta(seconds=1)
_HEADER = struct.Struct(">4sc15x6l")
# A POSIX TZ string: std offset [dst [offset] [,start[/time],end[/time]]].
_NAME = r"(?:[A-Za-z]+|<[A-Za-z0-9+-]+>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?"
_DATE = r"(?:J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d)"
_TZ = re.compile(
    rf"(?P<std>{_NAME})(?P<std_off>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_off>{_OFFSET})?"
    rf"(?:,(?P<start>{_DATE})(?:/(?P<start_time>{_OFFSET}))?"
    rf",(?P<end>{_DATE})(?:/(?P<end_time>{_OFFSET}))?)?)?"
)
_TWO_HOURS = 2 * 3600
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def zone_file(key: str) -> bytes | None:
    """The TZif bytes zoneinfo reads for `key`: the first file of that name under
    `zoneinfo.TZPATH`, else the `tzdata` package's; None if neither has it."""
    parts = key.split("/")
    if not key or any(part in ("", ".", "..") for part in parts) or "\\" in key:
        return None
    for root in zoneinfo.TZPATH:
        path = os.path.join(root, *parts)
        if os.path.isfile(path):
            try:
                with open(path, "rb") as source:
                    return source.read()
            except OSError:
                return None
    try:
        from importlib import resources

        package = ".".join(["tzdata.zoneinfo", *parts[:-1]])
        return resources.files(package).joinpath(parts[-1]).read_bytes()
    except (ImportError, OSError, ValueError):
        return None


def read_tzif(data: bytes) -> tuple[list[int], str] | None:
    """A TZif file's transition times (seconds since 1970, UTC, as written) and its footer's
    TZ string ("" for none); the 64-bit section where the file has one. None if it is not a
    TZif file or is cut short."""
    try:
        magic, version, *counts = _HEADER.unpack_from(data, 0)
        if magic != b"TZif":
            return None
        if version == b"\x00":  # version 1: 32-bit times, no footer
            return _times(data, _HEADER.size, counts, 4), ""
        # Skip the version 1 block to the second header and its 64-bit block.
        isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
        second = _HEADER.size + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8
        second += isstdcnt + isutcnt
        magic, _, *counts = _HEADER.unpack_from(data, second)
        if magic != b"TZif":
            return None
        start = second + _HEADER.size
        times = _times(data, start, counts, 8)
        isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
        end = start + timecnt * 9 + typecnt * 6 + charcnt + leapcnt * 12 + isstdcnt + isutcnt
        footer = data[end:].split(b"\n")
        if len(footer) < 3 or footer[0] != b"":
            return None
        return times, footer[1].decode("ascii")
    except (struct.error, UnicodeDecodeError, ValueError):
        return None


def _times(data: bytes, start: int, counts: list[int], size: int) -> list[int]:
    timecnt = counts[3]
    if timecnt < 0 or start + timecnt * size > len(data):
        raise ValueError("cut short")
    return list(struct.unpack_from(f">{timecnt}{'q' if size == 8 else 'l'}", data, start))


def footer_points(tz: str, first_year: int, last_year: int) -> list[int] | None:
    """The instants (seconds since 1970) at which the TZ string's rule may change the clocks
    in each year from `first_year` through `last_year`: each change read both in the offset
    before it and in the one after. [] for a zone without summer time; None for a string
    this cannot read (a rule it would have to assume)."""
    if not tz:
        return []
    found = _TZ.fullmatch(tz)
    if found is None:
        return None
    if found["dst"] is None:
        return []
    if found["start"] is None:
        return None  # POSIX leaves the dates to the implementation
    std = -_seconds(found["std_off"])
    dst = -_seconds(found["dst_off"]) if found["dst_off"] else std + 3600
    rules = (
        (found["start"], _seconds(found["start_time"]) if found["start_time"] else _TWO_HOURS),
        (found["end"], _seconds(found["end_time"]) if found["end_time"] else _TWO_HOURS),
    )
    points: list[int] = []
    for year in range(max(first_year, 1), min(last_year, 9998) + 1):
        points += _year_points(rules, std, dst, year)
    return points


@functools.lru_cache(maxsize=4096)
def _year_points(
    rules: tuple[tuple[str, int], tuple[str, int]], std: int, dst: int, year: int
) -> tuple[int, ...]:
    """`footer_points` for one year (zones share their rules, and an export asks for the
    same years twice: its VTIMEZONEs and `calm`)."""
    points: list[int] = []
    for rule, at in rules:
        for day in _rule_days(rule, year):
            local = (day - _EPOCH_DAY).days * 86400 + at
            points += [local - std, local - dst]
    # zoneinfo reads each year's rule for the instants of that year: where a rule's
    # change falls outside its own year (a wrap of the year, a day number off its end),
    # the state can change as the year turns.
    new_year = (date(year, 1, 1) - _EPOCH_DAY).days * 86400
    points += [new_year, new_year - std, new_year - dst]
    return tuple(points)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    hours, minutes, seconds = [*parts, 0, 0][:3]
    return sign * (hours * 3600 + minutes * 60 + seconds)


def _rule_days(rule: str, year: int) -> list[date]:
    """The day a POSIX date (Mm.w.d, Jn or n) names in `year`; for the day-number forms
    also the days either side, as readers count them differently (CPython's zoneinfo reads
    the zero-based n a day early), which costs nothing: a day without a change is skipped."""
    if not rule.startswith("M"):
        january = date(year, 1, 1)
        number = int(rule[1:]) - 1 if rule.startswith("J") else int(rule)
        return [january + timedelta(days=number + shift) for shift in (-1, 0, 1, 2)]
    month, week, weekday = _month_rule(rule)
    first = date(year, month, 1)
    day = 1 + (weekday - (first.weekday() + 1)) % 7 + (week - 1) * 7
    if day > 28:  # no month is shorter
        length = month_length(year, month)
        while day > length:
            day -= 7
    return [date(year, month, day)]


def month_length(year: int, month: int) -> int:
    """The number of days in the month (`calendar.monthrange(year, month)[1]`, without
    importing that module and its locale)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


@functools.lru_cache(maxsize=64)
def _month_rule(rule: str) -> tuple[int, int, int]:
    month, week, weekday = (int(part) for part in rule[1:].split("."))
    return month, week, weekday


@functools.lru_cache(maxsize=64)
def _table(key: str) -> tuple[list[int], str] | None:
    data = zone_file(key)
    return None if data is None else read_tzif(data)


def change_points(key: str, start: datetime, end: datetime) -> list[datetime] | None:
    """The instants in (start, end] (aware, UTC) at which zone `key` may change its offset,
    summer time or name, sorted; None if its TZif data cannot be read."""
    stamps = _change_stamps(key, _stamp(start), _stamp(end), end.year)
    return None if stamps is None else [_EPOCH + timedelta(seconds=t) for t in stamps]


def _change_stamps(key: str, low: int, high: int, end_year: int) -> list[int] | None:
    """`change_points` as seconds since 1970, for `low` and `high` in seconds, the later in
    `end_year`."""
    read = _table(key)
    if read is None:
        return None
    times, footer = read
    # The footer rules after the table's last transition (a year early, to be sure).
    last = times[-1] if times else low
    from_year = (_EPOCH + timedelta(seconds=min(max(last, low), high))).year - 1
    after = footer_points(footer, from_year, end_year + 1)
    if after is None:
        return None
    # The table's times are in order (RFC 8536; sorted again, at no cost, for a file that
    # is not): those in range are one slice of them.
    ordered = sorted(times)
    inside = ordered[bisect_right(ordered, low) : bisect_right(ordered, high)]
    return sorted({*inside, *(t for t in after if low < t <= high)})


def _stamp(moment: datetime) -> int:
    return (moment - _EPOCH) // _SECOND


# The instants `calm` answers for: a meeting's dates outside them take the long way.
_CALM_FROM = datetime(1900, 1, 1, tzinfo=UTC)
_CALM_TO = datetime(2200, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=64)
def _all_points(key: str) -> list[int] | None:
    """Every instant from 1900 to 2200 at which zone `key` may change (as seconds)."""
    return _change_stamps(key, _stamp(_CALM_FROM), _stamp(_CALM_TO), _CALM_TO.year)


# Each zone's points, worked out through a year (a key to (points, that year)): an export's
# meetings ask of the next few years, not of the two centuries to 2200 (its footer's rule
# read for every year was most of `calm`).
_THROUGH: dict[str, tuple[list[int] | None, int]] = {}
_LAST_THROUGH = _CALM_TO.year - 1


def _points_through(key: str, year: int) -> list[int] | None:
    """`_all_points(key)` up to the end of `year` at least (and maybe beyond): the same
    points before then. Those to the end of a year Y come from the TZif table and the
    footer's rule for the years up to Y + 1 (a year's rule puts its points within a few
    weeks of that year); the footer is read from the year before the table's last
    transition, which is why the points go at least a year past it, as `_all_points`
    reads it. tests/test_vtimezone_tzif.py holds the two to the same answers."""
    held = _THROUGH.get(key)
    if held is not None and held[1] >= year:
        return held[0]
    read = _table(key)
    low, high = _stamp(_CALM_FROM), _stamp(_CALM_TO)
    last = read[0][-1] if read is not None and read[0] else low  # as `_change_stamps`
    last_year = (_EPOCH + timedelta(seconds=min(max(last, low), high))).year
    through = min(max(year + 10, last_year + 1, held[1] + 40 if held else 0), _LAST_THROUGH)
    end = datetime(through + 1, 1, 1, tzinfo=UTC)
    points = _change_stamps(key, _stamp(_CALM_FROM), _stamp(end), end.year)
    _THROUGH[key] = (points, through)
    return points


def calm(key: str | None, low: datetime, high: datetime) -> bool:
    """Whether zone `key` keeps its offset, summer time and name from `low` through `high`
    (aware instants): no instant at which it may change lies after `low` and at or before
    `high`. False where that cannot be told (no TZif data, no key, outside 1900 to 2200)."""
    if key is None or not _CALM_FROM < low <= high < _CALM_TO:
        return False
    points = _points_through(key, high.year)
    if points is None:
        return False
    # The points are whole seconds: one is after `low` (`high`) just when it is after the
    # whole second `low` (`high`) falls in.
    index = bisect_right(points, _stamp(low))
    return index == len(points) or points[index] > _stamp(high)
