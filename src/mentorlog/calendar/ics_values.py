"""The few iCalendar values an export writes, as icalendar writes them, without icalendar.

`export ics` writes its events as text (`calendar.ics_text`); what it still asked icalendar
for were a handful of values: a UTC offset (`vUTCOffset`), a duration (`vDuration`), a
TZID parameter (`Parameters`), a rule in its canonical order (`vRecur`). Importing
icalendar for them was about 25 ms of every export, a sixth of a small one. Each is
written here for the values mentorlog makes; for anything else (a parameter that needs
quoting, a rule part outside the usual) the caller asks icalendar (None here).

tests/test_ics_values.py holds each to icalendar's own (hypothesis).
"""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["duration", "rule", "text", "tzid_parameter", "utc_offset"]

# A parameter value icalendar writes as it is: nothing it quotes, no RFC 6868 escape.
_PLAIN_PARAMETER = re.compile(r"[A-Za-z0-9/_+\-.]+")
# vRecur's order of a rule's parts (RFC 5545 3.3.10), for the parts written here.
_ORDER = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "BYMONTH", "WKST")
_FREQS = frozenset({"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_DAYS = frozenset({"MO", "TU", "WE", "TH", "FR", "SA", "SU"})
_ORDINAL_DAY = re.compile(r"(?:-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL = re.compile(r"\d{8}T\d{6}Z")


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says (3.3.11), in icalendar's order: a backslash, a
    semicolon and a comma each after a backslash, a line break (CRLF, LF or a lone CR) as
    `\\n`. Unlike icalendar's writer (`_escape_char`), which first takes a backslash before
    an N for a line break, so that a title "Files in C:\\New folder" reached every
    calendar app as "Files in C:", a line break and "ew folder"; its reader, and every
    other, reads this back as the text it was (tests/test_ics_values.py)."""
    if "\\" in value or ";" in value or "," in value or "\n" in value or "\r" in value:
        return (
            value.replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\r\n", "\\n")
            .replace("\n", "\\n")
            .replace("\r", "\\n")
        )
    return value


def utc_offset(offset: timedelta) -> str:
    """TZOFFSETFROM's and TZOFFSETTO's value, as `vUTCOffset.to_ical` writes it."""
    sign = "-" if offset < timedelta(0) else "+"
    span = -offset if offset < timedelta(0) else offset
    hours = abs(span.days * 24 + span.seconds // 3600)
    minutes, seconds = span.seconds % 3600 // 60, span.seconds % 60
    if seconds:
        return f"{sign}{hours:02}{minutes:02}{seconds:02}"
    return f"{sign}{hours:02}{minutes:02}"


def duration(length: timedelta) -> str:
    """A DURATION's or TRIGGER's value, as `vDuration.to_ical` writes it."""
    sign = ""
    if length.days < 0:
        sign, length = "-", -length
    time = ""
    if length.seconds:
        hours, rest = divmod(length.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T"
        if hours:
            time += f"{hours}H"
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if length.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{abs(length.days)}D{time}"


def tzid_parameter(name: str, tz: str) -> str | None:
    """'DTSTART;TZID=Europe/Berlin' as icalendar writes it; None for a zone name it would
    quote or escape, and for "UTC" (which it leaves out: a UTC time is written with Z)."""
    return f"{name};TZID={tz}" if tz != "UTC" and _PLAIN_PARAMETER.fullmatch(tz) else None


def rule(text: str) -> str | None:
    """A rule in vRecur's order and spelling, for rules of FREQ, UNTIL (UTC), COUNT,
    INTERVAL, BYDAY, BYMONTH and WKST as mentorlog writes them; None for any other."""
    parts: dict[str, str] = {}
    for part in text.split(";"):
        key, equals, value = part.partition("=")
        if not equals or key in parts or not _usual(key, value):
            return None
        parts[key] = value
    if "FREQ" not in parts:
        return None
    return ";".join(f"{key}={parts[key]}" for key in _ORDER if key in parts)


def _usual(key: str, value: str) -> bool:
    if key == "FREQ":
        return value in _FREQS
    if key in ("COUNT", "INTERVAL"):
        return value.isascii() and value.isdigit() and str(int(value)) == value
    if key == "BYMONTH":
        return value.isascii() and value.isdigit() and str(int(value)) == value
    if key == "BYDAY":
        return all(_ORDINAL_DAY.fullmatch(day) for day in value.split(","))
    if key == "WKST":
        return value in _DAYS
    if key == "UNTIL":
        return _UNTIL.fullmatch(value) is not None
    return False
