"""User text from options turned into typed values, at the edge: services take only these.

Each function reads one kind of option value and raises InvalidInput with the message the
user sees (the same words whichever command reads it); None, an option not given, stays None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.services import fields


def rating(value: str | None) -> int | None:
    """A rating: a whole number from 1 to 5."""
    if value is None:
        return None
    cleaned = value.strip()
    if cleaned.isdigit() and 1 <= int(cleaned) <= 5:
        return int(cleaned)
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a rating; give a whole number from 1 to 5."
    )


def zone(value: str | None, notes: list[str]) -> str | None:
    """A zone as typed (an IANA name, a city, an abbreviation, an offset) as its IANA name;
    `notes` says which zone was chosen when the text did not spell it out."""
    if value is None:
        return None
    return timeparse.read_zone(value, notes).key


def since_day(value: str | None, *, today: date) -> date | None:
    """--since as a day: '2026-11-01', 'Sep 1', '30 days ago' (a day without a year is the
    last such day)."""
    if value is None:
        return None
    return timeparse.parse_date(value, today=today, prefer="past", what="--since date")


def meeting_length(value: str | None) -> timedelta | None:
    """How long a meeting lasts: 45m, 1h, 1h30m."""
    if value is None:
        return None
    return timeparse.parse_duration(value, what="meeting length")


@dataclass(frozen=True)
class Repeat:
    """--every read: an RFC 5545 rule (without DTSTART), or none to make a meeting one-off."""

    rule: str | None

    @property
    def one_off(self) -> bool:
        return self.rule is None


def repeat(value: str | None) -> Repeat | None:
    """--every: weekly, biweekly, monthly, 'every 3 weeks', 2w, an RRULE, or none."""
    if value is None:
        return None
    if fields.is_clear(value):
        return Repeat(None)
    return Repeat(timeparse.parse_recurrence(value))
