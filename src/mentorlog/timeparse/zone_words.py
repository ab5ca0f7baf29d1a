"""Zones as people type them: city names ('Berlin', 'New York', 'São Paulo'), unique ends of
IANA names ('Buenos_Aires', 'Indiana/Knox'), abbreviations ('EST', 'CET', 'IST') and fixed
offsets ('UTC+2', '+02:00', 'GMT-5').

`read_zone` is what every command that reads a zone the user typed calls (`--tz`, `config set
timezone`); zones stored in the journal are read with `zones.get_zone`, as they were saved.
Each reading that is not an exact IANA name leaves a note saying which zone was chosen.

How an abbreviation is read, one rule for all of them: one that a single region uses is read
as that region's IANA zone, daylight saving included ('EST' is America/New_York, so New York
noon in July is 18:00 in Berlin, not a fixed UTC-5 19:00), with a note; one that several
regions use (IST, BST, CST, AST) is refused with the candidates. A fixed offset of whole hours
is read as the Etc zone of that offset, with a warning that it never follows daylight saving;
one of half or three-quarter hours, which no Etc zone has, is refused with the places on it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from mentorlog.errors import InvalidInput
from mentorlog.timeparse.text import Pattern, quote
from mentorlog.timeparse.zones import _zone_keys, close_match, get_zone, known_zone

# One region each: read as that region's zone, DST included.
_SINGLE = {
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "mst": "America/Denver", "mdt": "America/Denver", "mt": "America/Denver",
    "akst": "America/Anchorage", "akdt": "America/Anchorage", "hst": "Pacific/Honolulu",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin", "met": "Europe/Berlin",
    "eet": "Europe/Athens", "eest": "Europe/Athens",
    "wet": "Europe/Lisbon", "west": "Europe/Lisbon", "msk": "Europe/Moscow",
    "jst": "Asia/Tokyo", "kst": "Asia/Seoul", "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong",
    "pht": "Asia/Manila", "wib": "Asia/Jakarta", "pkt": "Asia/Karachi", "npt": "Asia/Kathmandu",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
    "acst": "Australia/Adelaide", "acdt": "Australia/Adelaide", "awst": "Australia/Perth",
    "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
    "sast": "Africa/Johannesburg", "cat": "Africa/Maputo", "eat": "Africa/Nairobi",
    "wat": "Africa/Lagos", "brt": "America/Sao_Paulo", "art": "America/Argentina/Buenos_Aires",
}  # fmt: skip
# Several regions each: refused, naming them.
_SEVERAL = {
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "bst": ("Europe/London", "Asia/Dhaka"),
    "cst": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "cdt": ("America/Chicago", "America/Havana"),
    "ct": ("America/Chicago", "Asia/Shanghai"),
    "ast": ("America/Halifax", "Asia/Riyadh"),
    "adt": ("America/Halifax",),
}
# Places on offsets of half and three-quarter hours, which no Etc zone has.
_PART_HOURS = {
    "+03:30": "Asia/Tehran", "+04:30": "Asia/Kabul", "+05:30": "Asia/Kolkata",
    "+05:45": "Asia/Kathmandu", "+06:30": "Asia/Yangon", "+08:45": "Australia/Eucla",
    "+09:30": "Australia/Darwin", "+10:30": "Australia/Lord_Howe",
    "+12:45": "Pacific/Chatham", "-03:30": "America/St_Johns", "-09:30": "Pacific/Marquesas",
}  # fmt: skip
# Cities people name that are not themselves the name of a zone.
_CITIES = {
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "washington": "America/New_York", "boston": "America/New_York",
    "austin": "America/Chicago", "dallas": "America/Chicago", "houston": "America/Chicago",
    "munich": "Europe/Berlin", "frankfurt": "Europe/Berlin", "hamburg": "Europe/Berlin",
    "geneva": "Europe/Zurich", "barcelona": "Europe/Madrid", "milan": "Europe/Rome",
    "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "beijing": "Asia/Shanghai",
    "osaka": "Asia/Tokyo", "rio de janeiro": "America/Sao_Paulo", "melbourne":
    "Australia/Melbourne", "cape town": "Africa/Johannesburg", "tel aviv": "Asia/Jerusalem",
}  # fmt: skip
_REGIONS = frozenset(
    {"africa", "america", "antarctica", "asia", "atlantic", "australia", "europe"}
    | {"indian", "pacific"}
)
_OFFSET = Pattern(r"(?:utc|gmt)?\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?")
_LONGEST = 64  # longer than any zone name, city or offset
_ETC = Pattern(r"etc/gmt(?P<sign>[+-])(?P<h>\d{1,2})")


def _fold(text: str) -> str:
    """'São_Paulo' -> 'sao paulo': accents, case, spaces, underscores and dashes set aside."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("_", " ").replace("-", " ").split())


@functools.cache
def _suffixes() -> dict[str, tuple[str, ...]]:
    """Every folded ending of every zone name ('paulo' is not one: whole parts only) -> the
    zones that end so. Built once, on the first name that is not an IANA name."""
    found: dict[str, list[str]] = {}
    for name in sorted(_zone_keys().values()):
        parts = name.split("/")
        for i in range(len(parts)):
            found.setdefault(_fold("/".join(parts[i:])).replace(" / ", "/"), []).append(name)
    return {key: tuple(names) for key, names in found.items()}


def _same_zone(names: tuple[str, ...]) -> str | None:
    """The one zone several names are links to (Europe/Istanbul, Asia/Istanbul), preferring a
    name in a region folder; None when they differ."""
    from importlib import resources

    try:
        contents = {resources.files("tzdata").joinpath("zoneinfo", *n.split("/")).read_bytes()
                    for n in names}  # fmt: skip
    except (ImportError, OSError):
        return None
    if len(contents) != 1:
        return None
    return min(names, key=lambda n: (n.split("/")[0].lower() not in _REGIONS, n))


def read_zone(text: str, notes: list[str] | None = None) -> ZoneInfo:
    """The zone a person means by `text`: an IANA name, a city, the unique end of an IANA
    name, an abbreviation or a fixed offset (see the module's docstring); `notes` gets a
    sentence saying which zone was chosen whenever that was not spelled out."""
    zone = _read_words(text, notes)
    if zone is None:
        return get_zone(text)  # raises, with the nearest spelling if there is one
    return zone


def resolve_zone(text: str, handles: Mapping[str, str], notes: list[str] | None = None) -> ZoneInfo:
    """A person's handle (their zone) or a zone as `read_zone` reads it; a handle wins over a
    same-named zone."""
    by_handle = {handle.lower(): zone for handle, zone in handles.items()}
    zone_name = by_handle.get(text.strip().lower())
    if zone_name is not None:
        return get_zone(zone_name)
    zone = _read_words(text, notes)
    if zone is not None:
        return zone
    guess = close_match(text, [*handles, *_zone_keys().values()])
    if guess is not None:
        raise InvalidInput(
            f"Unknown time zone or handle {quote(text)}; did you mean {quote(guess)}?"
        )
    raise InvalidInput(
        f"Unknown time zone or handle {quote(text)}; "
        "use an IANA name such as 'Europe/Berlin' or a person's handle."
    )


def _read_words(text: str, notes: list[str] | None) -> ZoneInfo | None:
    stripped = text.strip()
    if len(stripped) > _LONGEST:
        return None
    folded = _fold(stripped)
    if folded in _SINGLE or folded in _SEVERAL:
        return _abbreviation(stripped, folded, notes)
    packed = "".join(stripped.lower().split())
    zone = known_zone(stripped)
    if zone is not None:
        etc = _ETC.fullmatch(packed)
        if etc is not None and int(etc["h"]) and notes is not None:
            real = "-" if etc["sign"] == "+" else "+"
            notes.append(
                f"{zone.key} is UTC{real}{int(etc['h']):02d}:00 (POSIX zones reverse the sign) "
                "and never changes for daylight saving."
            )
        return zone
    offset = _OFFSET.fullmatch(packed)
    if offset is not None:
        hours, minutes = int(offset["h"]), int(offset["m"] or 0)
        return _fixed_offset(stripped, offset["sign"], hours, minutes, notes)
    named = _CITIES.get(folded) or _by_suffix(stripped, folded.replace(" / ", "/"))
    if named is None:
        return None
    if notes is not None:
        notes.append(f"Read {quote(stripped)} as the zone {named}.")
    return get_zone(named)


def _by_suffix(text: str, folded: str) -> str | None:
    names = _suffixes().get(folded)
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    same = _same_zone(names)
    if same is not None:
        return same
    shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
    raise InvalidInput(
        f"{quote(text)} could be any of several zones ({shown}); give the full IANA name."
    )


def _abbreviation(text: str, folded: str, notes: list[str] | None) -> ZoneInfo:
    if folded in _SEVERAL:
        places = _SEVERAL[folded]
        choices = " or ".join(places)
        raise InvalidInput(
            f"{quote(text)} is an abbreviation several places use, with different offsets; "
            f"give the IANA zone you mean, e.g. {choices}."
        )
    name = _SINGLE[folded]
    if notes is not None:
        notes.append(
            f"Read {quote(text)} as {name}, which follows daylight saving; an abbreviation "
            f"alone is a fixed offset half the year wrong. Give {name} to skip this note."
        )
    return get_zone(name)


def _fixed_offset(
    text: str, sign: str, hours: int, minutes: int, notes: list[str] | None
) -> ZoneInfo:
    if minutes > 59 or hours > 14 or (hours == 14 and minutes):
        raise InvalidInput(
            f"{quote(text)} is not a UTC offset; offsets run from -12:00 to +14:00, "
            "e.g. UTC+2 or +05:30."
        )
    shown = f"{sign}{hours:02d}:{minutes:02d}"
    if minutes:
        place = _PART_HOURS.get(shown)
        example = f"give the zone of the place, e.g. {place}" if place else "give a place's zone"
        raise InvalidInput(
            f"{quote(text)} is a fixed offset that no IANA zone keeps all year; {example}."
        )
    # POSIX reverses the sign: Etc/GMT-2 is UTC+02:00.
    name = "UTC" if hours == 0 else f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
    if notes is not None:
        notes.append(
            f"{quote(text)} is a fixed offset (UTC{shown}) that never changes for daylight "
            f"saving; using {name}. For a place's clock give its zone or city, e.g. Berlin."
        )
    return get_zone(name)
