"""Reading an .ics file, the bound on its work: checked line by line after its shape
(`ics_lines.outline`) and before icalendar parses it, so a file that asks too much is
refused fast, with the line named (README, "Limits").

- at most `MAX_ICS_COMPONENTS` components, `MAX_ICS_PROPERTIES` properties in one, and
  `MAX_ICS_TRANSITIONS` transitions (STANDARD/DAYLIGHT parts and their RDATEs) in one
  VTIMEZONE;
- a UID of at most IMPORTED_SHORT_TEXT characters, any other value of at most
  IMPORTED_LONG_TEXT;
- an event's dates (DTSTART, DTEND, DUE, RECURRENCE-ID, RDATE, EXDATE, the rule's UNTIL) in
  the years mentorlog takes; a VTIMEZONE's own DTSTART (Outlook writes 1601) is not an event's;
- no control character in a line that carries a link or an address (URL, LOCATION,
  ATTENDEE, ORGANIZER and the conference properties): it would reach a terminal raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mentorlog import limits
from mentorlog.calendar.ics_lines import _logical_lines, _split_line, cannot_read
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import quote

__all__ = ["check_limits"]

_DATED = frozenset({"DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "RDATE", "EXDATE"})
_CONTACT = frozenset(
    {
        "URL",
        "LOCATION",
        "ATTENDEE",
        "ORGANIZER",
        "X-GOOGLE-CONFERENCE",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_UNTIL = re.compile(r"UNTIL=(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"\s*(\d{4})")
_TOO_MUCH = "no calendar app exports that much in one file; export a shorter date range."


@dataclass
class _Open:
    """A component begun and not yet ended: its properties so far, and for a VTIMEZONE its
    transitions so far."""

    name: str
    properties: int = 0
    transitions: int = 0


def check_limits(text: str, source: str) -> None:
    """Refuse (InvalidInput, one sentence naming the line) a file that asks more work than
    the limits allow, or holds a date or a link mentorlog does not take."""
    components = 0
    stack: list[_Open] = []
    for number, line, _ in _logical_lines(text):
        name, value = _split_line(line)
        if name == "BEGIN":
            components += 1
            if components > limits.MAX_ICS_COMPONENTS:
                raise _refuse(
                    source, f"line {number} begins its component number {components:,}, more "
                    f"than the {limits.MAX_ICS_COMPONENTS:,} an import reads"
                )  # fmt: skip
            component = value.strip().upper()
            if component in ("STANDARD", "DAYLIGHT") and stack and stack[-1].name == "VTIMEZONE":
                _transition(stack[-1], number, source)
            stack.append(_Open(component))
            continue
        if name == "END":
            if stack:
                stack.pop()
            continue
        if not stack or name is None:
            continue  # the outline refused these already
        top = stack[-1]
        top.properties += 1
        if top.properties > limits.MAX_ICS_PROPERTIES:
            raise _refuse(
                source, f"line {number} is property number {top.properties:,} of one "
                f"{quote(top.name)}, more "
                f"than the {limits.MAX_ICS_PROPERTIES:,} an import reads"
            )  # fmt: skip
        _check_value(name, value, number, source)
        if name in _CONTACT and (control := _CONTROL.search(line)):
            raise cannot_read(
                source,
                f"its {name} on line {number} holds the control character "
                f"U+{ord(control.group()):04X}, which no link or address has",
                "the file is damaged or hostile; ask for the invitation again.",
            )
        if name == "RDATE" and len(stack) >= 2 and stack[-2].name == "VTIMEZONE":
            for _ in range(value.count(",") + 1):
                _transition(stack[-2], number, source)
        if top.name == "VEVENT":
            _check_event_dates(name, value, number, source)


def _transition(zone: _Open, number: int, source: str) -> None:
    zone.transitions += 1
    if zone.transitions > limits.MAX_ICS_TRANSITIONS:
        raise _refuse(
            source,
            f"line {number} is transition number {zone.transitions:,} of one VTIMEZONE, more "
            f"than the {limits.MAX_ICS_TRANSITIONS:,} an import reads",
        )


def _check_value(name: str, value: str, number: int, source: str) -> None:
    limit = limits.IMPORTED_SHORT_TEXT if name == "UID" else limits.IMPORTED_LONG_TEXT
    if len(value) > limit:
        raise _refuse(
            source,
            f"its {name} on line {number} is {len(value):,} characters long, more than the "
            f"{limit:,} an import takes",
        )


def _check_event_dates(name: str, value: str, number: int, source: str) -> None:
    if name in _DATED:
        years = [_YEAR.match(part) for part in value.split(",")]
        found = [int(year.group(1)) for year in years if year is not None]
    elif name == "RRULE":
        found = [int(year) for year in _UNTIL.findall(value)]
    else:
        return
    for year in found:
        if not limits.year_in_range(year):
            raise _refuse(
                source,
                f"its {name} on line {number} ({quote(_cut(value))}) is in the year {year}, "
                f"outside the years mentorlog takes ({limits.MIN_YEAR} to {limits.MAX_YEAR})",
                "fix the event in your calendar app and export it again.",
            )


def _cut(value: str) -> str:
    return value if len(value) <= 60 else value[:59] + "\u2026"


def _refuse(source: str, problem: str, fix: str = _TOO_MUCH) -> InvalidInput:
    return InvalidInput(f"Cannot import {source}: {problem}; {fix}")
