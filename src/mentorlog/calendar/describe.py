"""A meeting's schedule in words, for `meeting show` and the description of an exported
event: 'every 2 weeks on Tuesday at 09:00 Europe/Berlin, from 1 Dec 2026, 10 times'."""

from __future__ import annotations

import contextlib
import functools
from datetime import datetime

from mentorlog.calendar.bounds import wall_in
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import get_zone
from mentorlog.timeparse.rules import RRULE_DAYS, Rule, read_rule, read_until
from mentorlog.timeparse.text import DAY_NAMES, MONTH_ABBRS, clock_text, written

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model import Meeting

__all__ = ["describe", "schedule_words"]

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(meeting: Meeting) -> str:
    """A human summary of the schedule in the meeting's zone, for `meeting show`.

    'once, Tue 1 Dec 2026 09:00 America/New_York', 'every week on Tuesday at 09:00
    America/New_York, from 1 Dec 2026, 10 times', 'every month on the first Tuesday ...'; a
    rule without a plain-words form is shown as 'by the rule FREQ=...'. Never raises.
    """
    return schedule_words(meeting.start, meeting.tz, meeting.rrule)


def schedule_words(start: datetime, tz: str, rrule: str | None) -> str:
    """`describe` of a meeting starting at `start` in `tz` by `rrule` (None: once), for a
    view that has read these three fields alone (`render/journal_md_fast.py`)."""
    if start.tzinfo is not None:
        start = start.replace(tzinfo=None)
    if rrule is None:
        weekday = DAY_NAMES[start.weekday()][:3]
        return f"once, {weekday} {written(start.date())} {clock_text(start.time())} {tz}"
    found = _schedule(rrule, tz)
    if found is None:
        return f"by the rule {rrule}, from {written(start.date())}"
    parts, freq, limit = found
    # Only what the words can say of the start: its weekday for a weekly rule, its day of
    # the month for a monthly or yearly one, its month for a yearly one.
    words = _words(
        parts,
        start.weekday() if freq == "WEEKLY" else 0,
        start.day if freq in ("MONTHLY", "YEARLY") else 0,
        start.month if freq == "YEARLY" else 0,
    )
    return f"{words} at {clock_text(start.time())} {tz}, from {written(start.date())}{limit}"


# A journal's series share a few rules and zones: an export of 10,000 meetings read each
# rule's limit, and its UNTIL in the zone, once a meeting.
@functools.lru_cache(maxsize=8192)
def _schedule(rrule: str, tz: str) -> tuple[tuple[tuple[str, str], ...], str, str] | None:
    """What a series' rule and zone alone say of its words: the rule without COUNT and
    UNTIL (FREQ among them), its FREQ, and the words of its COUNT and UNTIL; None for a rule
    without words ('by the rule ...')."""
    rule = read_rule(rrule)
    if rule is None or ("UNTIL" in rule and rule.until is None):
        return None
    parts = tuple(part for part in rule.parts if part[0] not in _LIMITS)
    return parts, rule["FREQ"], _limit_words(rule.get("COUNT"), rule.get("UNTIL"), tz)


_LIMITS = ("COUNT", "UNTIL")


# A journal's series share a few rules and days: an export of 10,000 meetings described
# each, building the rule without COUNT and UNTIL each time.
@functools.lru_cache(maxsize=8192)
def _words(parts: tuple[tuple[str, str], ...], weekday: int, day: int, month: int) -> str:
    """A rule without its COUNT and UNTIL (`parts`, FREQ among them) in words, for a series
    starting on that weekday, day of the month and month."""
    rule = Rule(parts)
    words = _rule_words(rule, weekday, day, month)
    return f"by the rule {rule}" if words is None else words


def _limit_words(count: str | None, until: str | None, tz: str) -> str:
    text = ""
    if count is not None:
        text += ", once" if count == "1" else f", {count} times"
    if until is not None:
        moment = read_until(until) or datetime.min  # describe() has checked it
        if moment.tzinfo is not None:
            with contextlib.suppress(InvalidInput):  # unknown zone: say the UTC date
                moment = wall_in(moment, get_zone(tz))
        text += f", until {written(moment.date())}"
    return text


def _rule_words(rule: Rule, weekday: int, day: int, month: int) -> str | None:
    """'every 2 weeks on Tuesday' for the rules people use; None for the rest."""
    parts = dict(rule)
    parts.pop("WKST", None)  # changes nothing that these words say
    freq = parts.pop("FREQ")
    interval = _number(parts.pop("INTERVAL", "1"))
    if freq not in _UNITS or interval is None or interval < 1:
        return None
    unit = _UNITS[freq]
    every = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    if freq == "DAILY":
        return every if not parts else None
    if freq == "WEEKLY":
        days = _weekdays(parts.pop("BYDAY", RRULE_DAYS[weekday]))
        if days is None or parts:
            return None
        return f"{every} on {_and([DAY_NAMES[day] for day in days])}"
    if freq == "MONTHLY":
        on = _monthly_words(parts, day)
        return None if on is None else f"{every} on {on}"
    if not parts:  # YEARLY on the start's day
        return f"{every} on {day} {MONTH_ABBRS[month - 1]}"
    return None


def _number(text: str) -> int | None:
    """An ASCII integer with an optional sign ('+2', '-1', '10'); None otherwise."""
    digits = text.removeprefix("+").removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 4:
        return None
    return int(text)


def _weekdays(value: str) -> list[int] | None:
    """'MO,WE' -> [0, 2]; None if any day has an ordinal or is not a day."""
    days = value.split(",")
    if any(day not in RRULE_DAYS for day in days):
        return None
    return sorted({RRULE_DAYS.index(day) for day in days})


def _monthly_words(parts: dict[str, str], day_of_month: int) -> str | None:
    """'day 31', 'the last day', 'the first Tuesday', 'the last Friday'; None otherwise."""
    if not parts:
        return f"day {day_of_month}"
    if set(parts) == {"BYMONTHDAY"}:
        day = _number(parts["BYMONTHDAY"])
        if day == -1:
            return "the last day"
        return f"day {day}" if day is not None and 1 <= day <= 31 else None
    byday = parts.get("BYDAY", "")
    if set(parts) == {"BYDAY", "BYSETPOS"} and byday in RRULE_DAYS:
        ordinal, name = parts["BYSETPOS"], byday  # FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1
    elif set(parts) == {"BYDAY"} and byday[-2:] in RRULE_DAYS:
        ordinal, name = byday[:-2], byday[-2:]
    else:
        return None
    nth = _ORDINALS.get(_number(ordinal) or 0)
    if nth is None:
        return None
    return f"the {nth} {DAY_NAMES[RRULE_DAYS.index(name)]}"
