"""Reading an .ics file: one event (VEVENT) and the fields a meeting takes from it, each read
leniently (a missing or odd SUMMARY, SEQUENCE or STATUS has a default), and its repeat rule
checked as a meeting keeps rules.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar.expansion import RULE_HORIZON_YEARS, first_wall
from mentorlog.calendar.ics_lines import LIBRARY_ERRORS, RawEvent
from mentorlog.calendar.ics_zones import tzid_of
from mentorlog.errors import InvalidInput
from mentorlog.limits import MAX_URL
from mentorlog.timeparse import quote
from mentorlog.timeparse.rules import (
    MEETING_FREQS,
    RULE_KEYS,
    TOO_FREQUENT,
    read_rule,
    until_instant,
    until_text,
)

__all__ = ["DEFAULT_TITLE", "URL", "Event", "digest", "ical_text", "stored_rule"]

DEFAULT_TITLE = "Meeting"
URL = re.compile(r"https?://[^\s<>\"\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)
# Properties that carry the call's link, best first: the conference links of Google and
# Microsoft before URL (any page about the event) and LOCATION (often a room).
_LINK_PROPERTIES = ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "URL", "LOCATION")


@dataclass
class Event:
    """A VEVENT with where it is in the file."""

    component: Any
    raw: RawEvent | None  # None if icalendar's events cannot be lined up with the file's
    calendar_zone: ZoneInfo  # where its UTC and floating times go
    timezones: Mapping[str, Any]  # TZID -> VTIMEZONE of its calendar

    @property
    def line(self) -> int | None:
        return self.raw.line if self.raw else None

    def raw_values(self, name: str) -> list[str] | None:
        return self.raw.props.get(name, []) if self.raw else None

    def text(self, name: str) -> str | None:
        value = self.component.get(name)
        if value is None or isinstance(value, list):
            return None
        return str(value)

    @property
    def title(self) -> str:
        summary = " ".join((self.text("SUMMARY") or "").split())
        return summary or DEFAULT_TITLE

    @property
    def uid(self) -> str | None:
        uid = (self.text("UID") or "").strip()
        return uid or None

    @property
    def sequence(self) -> int:
        raw = self.text("SEQUENCE") or "0"
        try:
            return max(0, min(int(raw.strip()), 2**31))
        except ValueError:
            return 0

    @property
    def cancelled(self) -> bool:
        return (self.text("STATUS") or "").strip().upper() == "CANCELLED"

    @property
    def link(self) -> str | None:
        """The call's link: the first web address of the properties that carry one."""
        for name in _LINK_PROPERTIES:
            match = URL.search(self.text(name) or "")
            if match is not None:
                link = match.group().rstrip(".,;)>]")
                if len(link) <= MAX_URL:
                    return link
        return None

    @property
    def emails(self) -> tuple[str, ...]:
        """The organizer's and attendees' addresses, lower case, the organizer first."""
        found: dict[str, None] = {}
        for name in ("ORGANIZER", "ATTENDEE"):
            values = self.component.get(name)
            for value in values if isinstance(values, list) else [values] if values else []:
                for address in _addresses(value):
                    found.setdefault(address, None)
        return tuple(found)

    @property
    def derived_uid(self) -> str:
        """A UID for an event without one, the same each time the same event is imported."""
        start = self.component.get("DTSTART")
        seed = f"{self.title}\n{getattr(start, 'to_ical', lambda: b'')()!r}\n{tzid_of(start)}"
        return f"ics-{digest(seed)}"

    @property
    def is_goal_due_date(self) -> bool:
        """Whether the event is a goal's due date that `mentorlog export ics --include goals`
        wrote (CATEGORIES mentorlog and goal), which a re-import should pass over quietly."""
        found: set[str] = set()
        values = self.component.get("CATEGORIES")
        for value in values if isinstance(values, list) else [values]:
            for category in getattr(value, "cats", []) or []:
                found.add(str(category).lower())
        return {"mentorlog", "goal"} <= found


def _addresses(value: Any) -> Iterator[str]:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        yield text[7:].strip().lower()
    params = getattr(value, "params", None)
    email = params.get("EMAIL") if params is not None else None
    if email:
        yield str(email).strip().strip('"').lower()


def digest(text: str) -> str:
    """A short stable hash of `text`, for UIDs made up or cut to size."""
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def ical_text(prop: Any) -> str:
    """A property as iCalendar text, or as str() where icalendar cannot write it."""
    try:
        return str(prop.to_ical().decode("utf-8"))
    except LIBRARY_ERRORS:
        return str(prop)


def stored_rule(text: str, start: datetime, zone: ZoneInfo) -> tuple[str | None, str | None]:
    """(the rule as a meeting stores it, None) or (None, why it cannot be kept).

    Stored in the order FREQ, INTERVAL unless 1, the other parts as written, UNTIL (in UTC:
    a floating or date UNTIL is read in `zone`) and COUNT.
    """
    rule = read_rule(text)
    if rule is None:
        return None, f"its repeat rule {quote(text)} cannot be read"
    unknown = [key for key in rule if key not in RULE_KEYS]
    if unknown:
        return None, f"its repeat rule uses {unknown[0]}, which mentorlog cannot follow"
    if rule.freq in TOO_FREQUENT:
        return None, f"it repeats {rule.freq.lower()}, more often than meetings do"
    if rule.freq not in MEETING_FREQS:
        return None, f"its repeat rule {quote(text)} cannot be read"
    if "UNTIL" in rule:
        until = _until_utc(rule.until, zone)
        if until is None:
            return None, f"its repeat rule ends at {quote(rule['UNTIL'])}, which cannot be read"
        rule = rule.with_part("UNTIL", until_text(until))
    if rule.get("INTERVAL") == "1":
        rule = rule.without("INTERVAL")
    stored = str(rule.ordered(first=("FREQ", "INTERVAL"), last=("UNTIL", "COUNT")))
    try:
        if first_wall(stored, start, zone, to_the_end=False) is None:
            years = RULE_HORIZON_YEARS
            return None, f"its repeat rule {quote(stored)} gives no date within {years} years"
        if first_wall(stored, start, zone) is None:
            return None, "its repeat rule ends (UNTIL) before its first meeting"
    except InvalidInput:
        return None, f"its repeat rule {quote(stored)} cannot be read"
    return stored, None


def _until_utc(until: datetime | None, zone: ZoneInfo) -> datetime | None:
    """UNTIL in UTC, as meetings store it; None for one that cannot be read."""
    if until is None:
        return None
    try:
        return until_instant(until, zone)
    except OverflowError:
        return None
