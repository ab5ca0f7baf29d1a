"""Times of day, working hours and working days: '9am', '09:00-17:00', 'mon-fri'."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time

from mentorlog.errors import InvalidInput
from mentorlog.timeparse.text import (
    WEEKDAY_WORDS,
    WEEKDAYS,
    Pattern,
    cannot,
    clock_text,
    normalize,
    quote,
)

_CLOCK_EXAMPLES = "15:00, 9:30 or 9am"


_CLOCK_RE = Pattern(
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<half>[ap]m)?"
)


def read_clock(text: str, *, bare_hour: bool) -> time | None:
    """A normalized time of day, or None; a bare hour ('9') only where it cannot mislead."""
    if text == "noon":
        return time(12)
    if text == "midnight":
        return time(0)
    match = _CLOCK_RE.fullmatch(text)
    if match is None or not (bare_hour or match["minute"] or match["half"]):
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_clock(text: str, *, what: str = "time of day") -> time:
    """'15:00', '9:05', '09:00:30', '9am', '9:30 pm', '12am', 'noon', 'midnight', or an hour."""
    normal = normalize(text)
    clock = None if normal is None else read_clock(normal, bare_hour=True)
    if clock is None:
        raise cannot(text, what, _CLOCK_EXAMPLES)
    return clock


# --- working hours and days ------------------------------------------------------------------

_HOURS_RE = Pattern(r"(?P<start>.+?)\s*(?:-|\bto\b)\s*(?P<end>.+)")
_BARE_HOUR = Pattern(r"\d{1,2}")
_HOURS_EXAMPLES = "09:00-17:00 or 9am-5pm"


def parse_hours(text: str) -> tuple[time, time]:
    """'09:00-17:00', '9-17', '9am-5pm'; an end before the start ('22-6') crosses midnight."""
    normal = normalize(text)
    match = None if normal is None else _HOURS_RE.fullmatch(normal)
    start = end = None
    if match is not None:
        start = read_clock(match["start"], bare_hour=True)
        end = read_clock(match["end"], bare_hour=True)
    if match is None or start is None or end is None:
        raise InvalidInput(
            f"Cannot read {quote(text)} as working hours; write them like {_HOURS_EXAMPLES}."
        )
    if start == end:
        raise InvalidInput(
            f"Working hours {quote(text)} start and end at the same time; "
            f"write them like {_HOURS_EXAMPLES}."
        )
    # '9-5' almost always means 9am to 5pm, yet reads as a night shift: ask instead of guessing.
    bare = _BARE_HOUR.fullmatch(match["start"]) and _BARE_HOUR.fullmatch(match["end"])
    if bare and end < start and start.hour <= 12:
        raise InvalidInput(
            f"{quote(text)} is ambiguous (is {end.hour} in the morning or the afternoon?); "
            f"write them like {_HOURS_EXAMPLES}."
        )
    return start, end


def format_hours(hours: tuple[time, time]) -> str:
    """'09:00-17:00'."""
    return f"{clock_text(hours[0])}-{clock_text(hours[1])}"


_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    **dict.fromkeys(("weekdays", "weekday", "workdays"), (0, 1, 2, 3, 4)),
    **dict.fromkeys(("weekends", "weekend"), (5, 6)),
    **dict.fromkeys(("daily", "everyday", "every day", "all"), tuple(range(7))),
}


def _read_days(normal: str) -> set[int] | None:
    if normal in _DAY_GROUPS:
        return set(_DAY_GROUPS[normal])
    found: set[int] = set()
    tokens = re.split(r"[,\s]+", re.sub(r"\s*-\s*", "-", normal))
    for token in filter(None, tokens):
        if token == "and":
            continue
        if token in _DAY_GROUPS:
            found.update(_DAY_GROUPS[token])
            continue
        first, dash, last = token.partition("-")
        if first not in WEEKDAY_WORDS or (dash and last not in WEEKDAY_WORDS):
            return None
        start = WEEKDAY_WORDS[first]
        stop = WEEKDAY_WORDS[last] if dash else start
        # A range may wrap past Sunday: fri-mon is fri, sat, sun, mon.
        found.update((start + i) % 7 for i in range((stop - start) % 7 + 1))
    return found or None


def parse_days(text: str) -> tuple[str, ...]:
    """'mon-fri', 'mon,wed,fri', 'mon wed fri', 'weekdays', 'weekends', 'daily', 'fri-mon'."""
    normal = normalize(text)
    found = None if normal is None else _read_days(normal)
    if found is None:
        raise InvalidInput(
            f"Cannot read {quote(text)} as working days; write them like mon-fri or mon,wed,fri."
        )
    return tuple(WEEKDAYS[i] for i in sorted(found))


def format_days(days: Sequence[str]) -> str:
    """Compact Mon..Sun form: 'mon-fri', 'mon,wed,fri', 'mon-wed,fri', 'sat-sun'."""
    indexes = sorted({WEEKDAYS.index(day) for day in days})
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return ",".join(
        WEEKDAYS[run[0]] if len(run) == 1 else f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}"
        for run in runs
    )
