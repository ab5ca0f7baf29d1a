"""Invitations from calendar apps (.ics files) read as the fields of meetings: the reading
side of `mentorlog import ics`, step by step.

`read_calendar` is pure: it checks the file's size and text, its structure line by line
(`ics_lines`, so a damaged file is named by its line), lets icalendar parse it, and maps
every VEVENT to an `Invite` or to a note saying why it was left out (`ics_events`, with the
zones its TZIDs name matched by `ics_zones`). Bringing the invites into the journal is
`services.ics.load`. icalendar and dateutil are imported inside the functions that need them.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar.ics_events import CalendarFile, map_events
from mentorlog.calendar.ics_limits import check_limits
from mentorlog.calendar.ics_lines import (
    LIBRARY_ERRORS,
    cannot_read,
    cut,
    decode,
    outline,
    reduced,
)
from mentorlog.errors import InvalidInput
from mentorlog.limits import MAX_IMPORT_BYTES

__all__ = ["MAX_BYTES", "read_calendar", "too_big"]

MAX_BYTES = MAX_IMPORT_BYTES


def read_calendar(
    data: bytes,
    source: str,
    *,
    zone: ZoneInfo,
    zone_given: bool = False,
    prefer: Sequence[str] = (),
    whole_text: bool = False,
) -> CalendarFile:
    """Map the events of an .ics file to invites; InvalidInput (one sentence) when the file
    cannot be read as iCalendar or holds an event that cannot be placed in time.

    `zone` places UTC and floating times; unless `zone_given` (--tz), the calendar's
    X-WR-TIMEZONE comes first. `prefer` names the zones to choose, among those that fit a
    VTIMEZONE of the file's own making (the user's and their people's). icalendar parses
    the file without what the mapping never reads (`ics_lines.reduced`); `whole_text`
    gives it the whole file (the plain way).
    """
    if len(data) > MAX_BYTES:
        raise too_big(source, len(data))
    text = decode(data, source)
    shape = outline(text, source)
    check_limits(text, source)
    with warnings.catch_warnings():
        # icalendar warns on guesses (a /vendor/Area/City TZID); the note is ours to give.
        warnings.simplefilter("ignore")
        calendars = _parse(text if whole_text else reduced(text, shape), source)
        try:
            return map_events(
                calendars, source, shape, zone=zone, zone_given=zone_given, prefer=prefer
            )
        except InvalidInput:
            raise
        except LIBRARY_ERRORS as exc:
            problem = f"icalendar could not make sense of it ({cut(exc)})"
            raise cannot_read(source, problem) from exc


def too_big(source: str, size: int) -> InvalidInput:
    """The refusal of a file over MAX_BYTES, which no invitation or calendar export needs."""
    return InvalidInput(
        f"Cannot import {source}: it is {size / 1024 / 1024:.1f} MB, more than the "
        f"{MAX_BYTES // 1024 // 1024} MB an import reads; export a shorter date range."
    )


def _parse(text: str, source: str) -> list[Any]:
    from icalendar import Calendar

    try:
        # Bytes, never str: icalendar reads a one-line str as a file path.
        calendars = Calendar.from_ical(text.encode("utf-8"), multiple=True)
    except LIBRARY_ERRORS as exc:
        raise cannot_read(source, f"icalendar could not parse it ({cut(exc)})") from exc
    return [c for c in calendars if getattr(c, "name", "") == "VCALENDAR"]
