"""What every reader of human time input shares: quoting and messages, normalizing text,
lazily compiled patterns, and the names of days and months.

Day and month names are spelled here rather than with strftime, so that the process locale
cannot change what mentorlog reads or writes.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta

from mentorlog import limits
from mentorlog.errors import InvalidInput

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

WEEKDAY_WORDS: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}

# Longer than any date, time or rule anyone types; bounds regex and dateutil work on junk.
_MAX_INPUT = 160
_QUOTE_LIMIT = 40
MIN_YEAR, MAX_YEAR = limits.MIN_YEAR, limits.MAX_YEAR  # typed dates take what imports take
# Exceptions that library calls raise for malformed text (UnicodeError and dateutil's
# ParserError are ValueErrors); each public parser turns them into InvalidInput.
LIBRARY_ERRORS = (ValueError, ArithmeticError, LookupError, RecursionError)


class Pattern:
    """A regex compiled on first use, ASCII-only so that `\\d` never matches other scripts' digits.

    Compiling the package's two dozen patterns at import would cost about 10 ms on every
    command, most of which never read a date.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    @functools.cached_property
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.ASCII)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self._compiled.fullmatch(text)

    def match(self, text: str, position: int) -> re.Match[str] | None:
        return self._compiled.match(text, position)


# --- messages --------------------------------------------------------------------------------


def quote(text: str) -> str:
    """Return `repr(text)` cut to at most 40 characters between the quotes, `…` after a cut."""
    whole = repr(text)
    if len(whole) - 2 <= _QUOTE_LIMIT:
        return whole
    # Cut the text rather than its repr so that no escape sequence is broken in half.
    cut = text[:_QUOTE_LIMIT]
    while len(repr(cut)) - 2 > _QUOTE_LIMIT:
        cut = cut[:-1]
    return repr(cut) + "\u2026"


def _a(noun: str) -> str:
    """The noun with its indefinite article, so callers can pass what='alarm' or 'end'."""
    return f"an {noun}" if noun[:1].lower() in ("a", "e", "i", "o", "u") else f"a {noun}"


def cannot(text: str, what: str, examples: str) -> InvalidInput:
    return InvalidInput(f"Cannot read {quote(text)} as {_a(what)}; write it like {examples}.")


def out_of_range(text: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"{quote(text)} is out of range for {_a(what)}; "
        f"use a year between {MIN_YEAR} and {MAX_YEAR}, e.g. 2026-12-01."
    )


def written(day: date) -> str:
    """'1 Dec 2026', spelled without strftime so the process locale cannot change it."""
    return f"{day.day} {MONTH_ABBRS[day.month - 1]} {day.year}"


def written_wall(moment: datetime) -> str:
    """'2026-03-29 02:30' (with seconds only when there are any)."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {clock_text(moment.time())}"


def clock_text(clock: time) -> str:
    text = f"{clock.hour:02d}:{clock.minute:02d}"
    return f"{text}:{clock.second:02d}" if clock.second else text


def offset_text(offset: timedelta) -> str:
    """'+02:00', '-05:00', '+05:53:20'."""
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    text = f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
    return f"{text}:{seconds % 60:02d}" if seconds % 60 else text


def normalize(text: str) -> str | None:
    """Lower-case, dashes unified, whitespace collapsed; None for text too long to be input."""
    if len(text) > _MAX_INPUT:
        return None
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def check_year(day: date, text: str, what: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise out_of_range(text, what)
