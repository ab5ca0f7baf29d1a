"""Reading an .ics file: the zones its TZIDs name, matched to IANA zones.

A TZID is an IANA name, a Windows name (Outlook; CLDR's map, which icalendar carries), a
"globally unique" /vendor/Area/City id, or the TZID of a VTIMEZONE of the file, read through
its X-LIC-LOCATION or else matched to the IANA zone with the same offsets and transitions.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar.ics_lines import LIBRARY_ERRORS
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import get_zone

__all__ = ["matching_zone", "named_zone", "tzid_of"]


def tzid_of(prop: Any) -> str | None:
    """A property's TZID parameter, unquoted; None when it has none."""
    params = getattr(prop, "params", None)
    value = params.get("TZID") if params is not None else None
    if value is None:
        return None
    text = str(value).strip().strip('"').strip()
    return text or None


@functools.cache
def _windows_zones() -> dict[str, str]:
    """Windows zone name (lower case) -> IANA name, from icalendar's copy of CLDR's map.

    The map is not icalendar's public API (`icalendar.timezone` does not export it; 6.0 to
    7.x keep it in this module). Should a release move it, Windows names are no longer read
    as names, and an Outlook file is still read through the offsets of its VTIMEZONEs
    (`matching_zone`), which Outlook always writes.
    """
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:
        return {}
    return {key.lower(): value for key, value in WINDOWS_TO_OLSON.items()}


def named_zone(name: str) -> ZoneInfo | None:
    """An IANA zone for a TZID that names one: IANA, Windows, or /vendor/Area/City."""
    cleaned = name.strip().strip('"').strip()
    candidates = [cleaned, cleaned.strip("/")]
    windows = _windows_zones()
    if cleaned.lower() in windows:
        candidates.append(windows[cleaned.lower()])
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if not candidate or len(candidate) > 64:
            continue
        try:
            return get_zone(candidate)
        except InvalidInput:
            continue
    return None


def matching_zone(component: Any, tzid: str, year: int, prefer: Sequence[str]) -> ZoneInfo | None:
    """The IANA zone whose offsets match a custom VTIMEZONE's over two years from `year`.

    Compared at noon UTC every day, then hour by hour on the days the offset changes, so
    zones with the same offsets but other transition dates or hours do not match. Several
    zones match as a rule (New York, Toronto, Nassau...); the best is one whose city the
    TZID names ("(UTC+01:00) Amsterdam, Berlin, ..."), else one in `prefer` (the user's
    and their people's zones), else one CLDR prefers (what Windows names map to), the one
    agreeing furthest back in time first, else the first by name.
    """
    try:
        custom = component.to_tz(lookup_tzid=False)
        year = max(1971, min(year, 2900))
        days = [datetime(year, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(731)]
        wanted = [_offset(moment, custom) for moment in days]
        changes = [
            days[n - 1] + timedelta(hours=hour)
            for n in range(1, len(days))
            if wanted[n] != wanted[n - 1]
            for hour in range(25)
        ]
        wanted_changes = [_offset(moment, custom) for moment in changes]
        history = [
            datetime(back, month, 15, 12, tzinfo=UTC)
            for back in range(year - 1, 1969, -1)
            for month in (1, 7)
        ]
        wanted_history = [_offset(moment, custom) for moment in history]
    except (*LIBRARY_ERRORS, OverflowError):
        return None
    probes = range(0, len(days), 91)
    matches: list[tuple[ZoneInfo, int]] = []
    for zone in _all_zones():
        if any(_offset(days[i], zone) != wanted[i] for i in probes):
            continue
        if [_offset(m, zone) for m in days] != wanted:
            continue
        if [_offset(m, zone) for m in changes] != wanted_changes:
            continue
        agreeing = next(
            (i for i, m in enumerate(history) if _offset(m, zone) != wanted_history[i]),
            len(history),
        )
        matches.append((zone, agreeing))
    if not matches:
        return None
    named = tzid.lower().replace(" ", "_")
    golden = set(_windows_zones().values())

    def rank(match: tuple[ZoneInfo, int]) -> tuple[bool, bool, bool, int, str]:
        key = match[0].key
        city = key.rsplit("/", 1)[-1].lower()
        return (city not in named, key not in prefer, key not in golden, -match[1], key)

    return min(matches, key=rank)[0]


_REGIONS = (
    "Africa/ America/ Antarctica/ Arctic/ Asia/ Atlantic/ Australia/ Europe/ Indian/ Pacific/"
)


@functools.cache
def _all_zones() -> list[ZoneInfo]:
    """Every IANA zone named Region/City: not Etc/GMT+5, nor old names like US/Eastern."""
    from zoneinfo import available_timezones

    zones = []
    for name in sorted(available_timezones()):
        if name.startswith(tuple(_REGIONS.split())):
            with contextlib.suppress(*LIBRARY_ERRORS, OSError):
                zones.append(ZoneInfo(name))
    return zones


def _offset(moment: datetime, zone: tzinfo) -> timedelta | None:
    return moment.astimezone(zone).utcoffset()
