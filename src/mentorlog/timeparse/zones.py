"""Time zones: IANA names read exactly or case-insensitively, a person's handle meaning their
zone, and a wall time read in a zone (refusing one in a spring-forward gap).

The zone list is read only when a name is not already in canonical form, and only once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from mentorlog.errors import InvalidInput
from mentorlog.timeparse.text import (
    LIBRARY_ERRORS,
    Pattern,
    clock_text,
    offset_text,
    quote,
    written_wall,
)

_ZONE_EXAMPLES = "'Europe/Berlin' or 'America/New_York'"


@functools.cache
def _zone_keys() -> dict[str, str]:
    """Lower-cased IANA name -> canonical spelling, for every zone we accept.

    The tzdata package's list is read rather than `available_timezones()`, which walks the
    system zone folders (tens of ms) and also yields 'localtime', a machine-dependent file
    rather than a zone. Only exactly these names are accepted, so paths, folders and
    'posixrules' never reach ZoneInfo.
    """
    from importlib import resources  # slow to import; needed only once a zone is read

    try:
        names = set(resources.files("tzdata").joinpath("zones").read_text("utf-8").split())
    except (ImportError, OSError, UnicodeError):
        names = set(available_timezones())
    names.discard("localtime")
    return {name.lower(): name for name in names}


# The shape of a canonical IANA key, each part capitalised: "America/Argentina/Buenos_Aires",
# "Etc/GMT+5", "UTC". System files that are not zones ('localtime', 'posixrules', 'right/...',
# 'posix/...') are lower-case, so they never match and still go through the list.
_CANONICAL_ZONE = Pattern(r"[A-Z][A-Za-z0-9_+-]*(?:/[A-Z][A-Za-z0-9_+-]*){0,2}")


def known_zone(name: str) -> ZoneInfo | None:
    """The zone an IANA name means (exactly, else case-insensitively), or None: never raises,
    whatever a journal edited by hand holds (a folder such as 'Europe', a name too long for
    the file system)."""
    stripped = name.strip()
    if _CANONICAL_ZONE.fullmatch(stripped):
        # The common case, on every command: skip reading tzdata's zone list (5-40 ms).
        try:
            return ZoneInfo(stripped)
        except (*LIBRARY_ERRORS, OSError):
            pass  # a folder such as 'Europe', or no such zone: let the list decide
    key = _zone_keys().get(stripped.lower())
    if key is None:
        return None
    try:
        return ZoneInfo(key)
    except (*LIBRARY_ERRORS, OSError):  # a damaged tzdata file; the name is no use to us
        return None


def close_match(text: str, candidates: Sequence[str]) -> str | None:
    """The candidate spelled most like `text` (case-insensitively), if it is close."""
    import difflib  # only on the error path

    needle = text.strip().lower()
    if not needle or len(needle) > 64:  # difflib is quadratic; long junk is never a typo
        return None
    lowered = {c.lower(): c for c in candidates}
    found = difflib.get_close_matches(needle, list(lowered), n=1, cutoff=0.8)
    return lowered[found[0]] if found else None


def get_zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, matched exactly or else case-insensitively."""
    zone = known_zone(name)
    if zone is not None:
        return zone
    guess = close_match(name, list(_zone_keys().values()))
    if guess is not None:
        raise InvalidInput(f"Unknown time zone {quote(name)}; did you mean {quote(guess)}?")
    raise InvalidInput(
        f"Unknown time zone {quote(name)}; use an IANA name such as {_ZONE_EXAMPLES}."
    )


# --- wall time -> instant --------------------------------------------------------------------


def localize(naive: datetime, tz: ZoneInfo, notes: list[str] | None = None) -> datetime:
    """Attach `tz` to a wall time: refuse one in a DST gap, take the first of an ambiguous one."""
    if naive.tzinfo is not None:
        raise ValueError("localize() needs a naive datetime")
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    # Both folds differ either in a gap or in an overlap; only a real wall time survives a
    # round trip through UTC.
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive.replace(fold=0):
        start, end = _gap_edges(naive, tz)
        raise InvalidInput(
            f"{written_wall(naive)} does not exist in {tz}: clocks jump from {start} to {end} "
            "that night; pick a time outside the gap."
        )
    if notes is not None:
        offset = first.utcoffset() or timedelta(0)
        notes.append(
            f"{written_wall(naive)} happens twice in {tz} (clocks go back); using the first, "
            f"{clock_text(naive.time())} {first.tzname()} (UTC{offset_text(offset)})."
        )
    return first


def _gap_edges(naive: datetime, tz: ZoneInfo) -> tuple[str, str]:
    """The wall times on either side of the spring-forward jump that swallowed `naive`."""
    before = naive.replace(tzinfo=tz, fold=0).utcoffset() or timedelta(0)
    after = naive.replace(tzinfo=tz, fold=1).utcoffset() or timedelta(0)
    epoch = datetime(1970, 1, 1)
    # Read with the later offset the wall time lies before the jump, with the earlier one
    # after it; bisect whole seconds between the two (transitions fall on whole seconds).
    low = int((naive - after - epoch).total_seconds()) - 1
    high = int((naive - before - epoch).total_seconds()) + 1
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after:
            high = middle
        else:
            low = middle
    jump = epoch + timedelta(seconds=high)
    start, end = jump + before, jump + after
    if start.date() == end.date():
        return clock_text(start.time()), clock_text(end.time())
    return written_wall(start), written_wall(end)  # a skipped day (Samoa, 2011) needs the dates
