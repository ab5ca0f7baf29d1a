"""Reading an .ics file: the zones its TZIDs name, matched to IANA zones.

A TZID is an IANA name, a Windows name (Outlook; CLDR's map, which icalendar carries, and
the display names of `windows_zones`), a "globally unique" /vendor/Area/City id, or the
TZID of a VTIMEZONE of the file. A file's own VTIMEZONE wins over any name but an IANA one:
it is matched to the IANA zone with the same offsets and transitions over the event's span,
or failing that read as the fixed offset it gives at the event's start.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from mentorlog.calendar.ics_lines import LIBRARY_ERRORS
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import get_zone, known_zone

__all__ = [
    "file_zone",
    "fixed_zone",
    "is_iana_name",
    "matching_zone",
    "named_zone",
    "still_fits",
    "tzid_of",
]


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
    """An IANA zone for a TZID that names one: IANA, Windows (its standard or display
    name), or /vendor/Area/City."""
    cleaned = name.strip().strip('"').strip()
    candidates = [cleaned, cleaned.strip("/")]
    windows = _windows_zones()
    if cleaned.lower() in windows:
        candidates.append(windows[cleaned.lower()])
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    candidates += _display_candidates(cleaned)
    for candidate in candidates:
        if not candidate or len(candidate) > 64:
            continue
        try:
            return get_zone(candidate)
        except InvalidInput:
            continue
    return None


def is_iana_name(name: str, zone: ZoneInfo) -> bool:
    """Whether a TZID is the zone's IANA name itself (or a /vendor/ path ending in it), as
    opposed to a Windows or display name that stands for it."""
    cleaned = name.strip().strip('"').strip().strip("/").lower()
    key = zone.key.lower()
    return cleaned == key or cleaned.endswith("/" + key)


_DISPLAY = re.compile(
    r"^\(\s*(?:UTC|GMT)\s*(?:([+-])\s*(\d{1,2}):?(\d\d))?\s*\)\s*(.*)$", re.IGNORECASE
)


def _display_candidates(name: str) -> list[str]:
    """IANA names for an Outlook display name: "(UTC+10:00) Canberra, Melbourne, Sydney"
    (CLDR's table), a bare offset "(GMT +01:00)" (a fixed offset, Etc/GMT-1), or a list of
    cities ("Amsterdam, Berlin, ...": the first that is a zone's city)."""
    from mentorlog.calendar.windows_zones import DISPLAY_NAMES

    match = _DISPLAY.match(name)
    cities = match.group(4) if match else name
    key = " ".join(cities.replace("&", "and").split()).lower()
    found = [
        zone for text, zone in DISPLAY_NAMES.items() if text.replace("&", "and") == key and key
    ]
    if found:
        return found
    if match and not key:
        sign, hours, minutes = match.groups()[:3]
        if hours is None:
            return ["Etc/UTC"]
        if minutes == "00" and int(hours) <= 14:
            # Etc/GMT-1 is UTC+01:00: POSIX signs, the other way round.
            return [f"Etc/GMT{'-' if sign == '+' else '+'}{int(hours)}"]
        return []
    if "," in cities:
        by_city = {zone.key.rsplit("/", 1)[-1].lower(): zone.key for zone in _all_zones()}
        names = [part.strip().replace(" ", "_").lower() for part in cities.split(",")]
        return [by_city[n] for n in names if n in by_city][:1]
    return []


def fixed_zone(component: Any, start: datetime) -> ZoneInfo | None:
    """The Etc/GMT zone of a VTIMEZONE's offset at the wall time `start` (its tzinfo is
    ignored; a repeated one is the first, as RFC 5545 says), when it is whole hours."""
    try:
        custom = component.to_tz(lookup_tzid=False)
        offset = start.replace(tzinfo=None, fold=0).replace(tzinfo=custom).utcoffset()
    except (*LIBRARY_ERRORS, OverflowError):
        return None
    if offset is None or offset % timedelta(hours=1) or abs(offset) > timedelta(hours=14):
        return None
    hours = int(offset / timedelta(hours=1))
    return ZoneInfo("Etc/UTC") if hours == 0 else get_zone(f"Etc/GMT{-hours:+d}")


def matching_zone(
    component: Any,
    tzid: str,
    start: datetime,
    days: int,
    prefer: Sequence[str],
    only: Sequence[ZoneInfo] | None = None,
) -> ZoneInfo | None:
    """The IANA zone whose offsets match a custom VTIMEZONE's over the event's span:
    `days` days from `start` (UTC), as the file writes it (a VTIMEZONE that stops at its
    last change, or with two eras of rules, matches over the span its event uses).

    Compared at noon UTC every day, then hour by hour on the days the offset changes, so
    zones with the same offsets but other transition dates or hours do not match; `only`
    limits the zones tried. Several zones match as a rule (New York, Toronto, Nassau...);
    the best is one whose city the TZID names ("(UTC+01:00) Amsterdam, Berlin, ..."), else
    one in `prefer` (the zone the TZID names, the user's and their people's zones), else
    one CLDR prefers (what Windows names map to), the one agreeing furthest back in time
    first, else the first by name.
    """
    try:
        custom = _Offsets.of(component)
        first = max(datetime(1971, 1, 1, tzinfo=UTC), min(start, datetime(2900, 1, 1, tzinfo=UTC)))
        first = first.replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1)
        days_ = [first + timedelta(days=n) for n in range(max(3, min(days, 731)) + 2)]
        wanted = [custom(moment) for moment in days_]
        changes = [
            days_[n - 1] + timedelta(hours=hour)
            for n in range(1, len(days_))
            if wanted[n] != wanted[n - 1]
            for hour in range(25)
        ]
        wanted_changes = [custom(moment) for moment in changes]
        history = [
            datetime(back, month, 15, 12, tzinfo=UTC)
            for back in range(first.year - 1, 1969, -1)
            for month in (1, 7)
        ]
        wanted_history = [custom(moment) for moment in history]
    except (*LIBRARY_ERRORS, OverflowError):
        return None
    probes = range(0, len(days_), 91)
    matches: list[tuple[ZoneInfo, int]] = []
    for zone in _all_zones() if only is None else only:
        if any(_offset(days_[i], zone) != wanted[i] for i in probes):
            continue
        if [_offset(m, zone) for m in days_] != wanted:
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

    def rank(match: tuple[ZoneInfo, int]) -> tuple[bool, int, bool, int, str]:
        key = match[0].key
        city = key.rsplit("/", 1)[-1].lower()
        chosen = prefer.index(key) if key in prefer else len(prefer)
        return (city not in named, chosen, key not in golden, -match[1], key)

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


class _Offsets:
    """A custom VTIMEZONE's offset at instants: looked up in its transitions, worked out
    once, where they reach (icalendar lists them to 2038); elsewhere asked of the tzinfo
    icalendar builds from it, whose rules dateutil walks from their first year at every
    question (from 1601 for an Outlook zone: an Outlook file took seconds to import)."""

    # The components asked of (kept, so that an id is never another's) and their offsets:
    # an import asks of one zone for every event and override that uses it.
    _known: ClassVar[dict[int, tuple[Any, _Offsets]]] = {}

    @classmethod
    def of(cls, component: Any) -> _Offsets:
        known = cls._known.get(id(component))
        if known is not None and known[0] is component:
            return known[1]
        if len(cls._known) >= 64:
            cls._known.clear()
        offsets = cls(component, component.to_tz(lookup_tzid=False))
        cls._known[id(component)] = (component, offsets)
        return offsets

    def __init__(self, component: Any, custom: tzinfo) -> None:
        self.custom = custom
        try:
            times, info = component.get_transitions()
        except (*LIBRARY_ERRORS, OverflowError):
            times, info = [], []
        self.times: list[datetime] = list(times)
        self.offsets: list[timedelta] = [entry[0] for entry in info]

    def __call__(self, moment: datetime) -> timedelta | None:
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        if self.times and self.times[0] <= naive < self.times[-1]:
            return self.offsets[bisect.bisect_right(self.times, naive) - 1]
        return _offset(moment, self.custom)


def file_zone(
    tzid: str, component: Any | None, start: datetime, days: int, prefer: Sequence[str]
) -> tuple[ZoneInfo | None, bool]:
    """The zone a TZID means in a file, and whether it is a fixed offset standing in for a
    VTIMEZONE no IANA zone matches (the caller notes that). An IANA name is that zone; any
    other name with a VTIMEZONE of the file is what the VTIMEZONE says, over `days` days
    from `start` (UTC): the zone the name stands for or its X-LIC-LOCATION when they agree
    with it, else the IANA zone that does, else its fixed offset at `start`."""
    named = named_zone(tzid)
    if component is None or (named is not None and is_iana_name(tzid, named)):
        return named, False
    location = component.get("X-LIC-LOCATION")
    located = named_zone(str(location)) if location is not None else None
    hinted = [zone for zone in (named, located) if zone is not None]
    order = [*prefer, *(zone.key for zone in hinted)]
    near = [*hinted, *(zone for key in prefer if (zone := known_zone(key)) is not None)]
    # Over the whole span first; a VTIMEZONE that stops at its last change (one year's
    # observances, as some apps write) is matched over the days around the start.
    for span in dict.fromkeys((days, 3)):
        found = matching_zone(component, tzid, start, span, order, only=near) if near else None
        if found is None:
            found = matching_zone(component, tzid, start, span, order)
        if found is not None:
            return found, False
    return fixed_zone(component, start), True


def still_fits(
    tzid: str, timezones: Mapping[str, Any], zone: ZoneInfo, start: datetime, days: int
) -> bool:
    """Whether the zone found for a TZID (for an earlier event of the file) is right over
    this event's span too: a VTIMEZONE whose offsets change from one era to the next can
    match one zone in March and another in August."""
    component = timezones.get(tzid.strip().strip('"'))
    if component is None or is_iana_name(tzid, zone):
        return True
    if zone.key.startswith("Etc/"):
        return fixed_zone(component, start) == zone
    return matching_zone(component, tzid, start, days, (), only=[zone]) is not None
