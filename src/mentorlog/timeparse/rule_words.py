"""Recurrences in words that name days: 'every 4th wednesday', 'first tuesday of the month',
'last friday', 'every weekday', 'every wednesday', read into the RRULE a meeting stores; and
the sentence that says what a bare 'monthly' means for a given first date.

A weekday with a position ('4th wednesday', 'last friday') repeats monthly; a weekday alone
('every wednesday') or 'weekday' repeats weekly.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from mentorlog.timeparse.text import DAY_NAMES, WEEKDAY_WORDS, Pattern

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_POSITIONS: dict[str, int] = {
    **{word: i for i, word in enumerate(("first", "second", "third", "fourth", "fifth"), 1)},
    **{word: i for i, word in enumerate(("1st", "2nd", "3rd", "4th", "5th"), 1)},
    "last": -1,
    "second last": -2,
    "second-to-last": -2,
}
_ORDINALS = ("1st", "2nd", "3rd", "4th")
_WORDS = Pattern(
    r"(?:every\s+|each\s+|on\s+(?:the\s+)?|the\s+)?"
    r"(?:(?P<position>first|second|third|fourth|fifth|[1-5](?:st|nd|rd|th)|last|second[- ]last"
    r"|second-to-last)\s+)?"
    r"(?P<day>[a-z]+)"
    r"(?:\s+(?:of|in)\s+(?:the|each|every)\s+month|\s+monthly|\s+of\s+each\s+month)?"
)


def read_day_rule(normal: str) -> str | None:
    """The RRULE body for a recurrence in words that names days, or None if it names none."""
    match = _WORDS.fullmatch(normal)
    if match is None:
        return None
    day = match["day"]
    position = match["position"]
    if day in ("weekday", "weekdays"):
        return None if position else "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if day not in WEEKDAY_WORDS:
        return None
    code = _DAYS[WEEKDAY_WORDS[day]]
    if position is None:
        if "month" in normal:
            return None  # 'wednesday of the month': which one?
        return f"FREQ=WEEKLY;BYDAY={code}"
    number = _POSITIONS[re.sub(r"\s+", " ", position)]
    return f"FREQ=MONTHLY;BYDAY={number}{code}"


def is_bare_monthly(rule: str) -> bool:
    """A monthly rule that says nothing of which day: it repeats on the first date's day."""
    parts = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    by = {"BYDAY", "BYMONTHDAY", "BYSETPOS", "BYYEARDAY", "BYWEEKNO", "BYMONTH"}
    return parts.get("FREQ") == "MONTHLY" and not by & parts.keys()


def monthly_note(first: date, rule: str) -> str | None:
    """What a bare monthly rule starting on `first` means, in words, with the weekday form
    beside it ('monthly: on day 25 of each month; use --every "4th wednesday" for ...')."""
    if not is_bare_monthly(rule):
        return None
    weekday = DAY_NAMES[first.weekday()]
    nth = (first.day - 1) // 7
    last = (first + timedelta(days=7)).month != first.month
    skipped = " (months without one are skipped)" if first.day > 28 else ""
    if nth < 4:
        hint = f'use --every "{_ORDINALS[nth]} {weekday.lower()}" for the {_ORDINALS[nth]} '
        hint += f"{weekday} of each month instead"
    else:
        hint = f'use --every "last {weekday.lower()}" for the last {weekday} of each month '
        hint += "instead"
    if last and nth < 4:
        hint += f', or "last {weekday.lower()}" for the last one'
    return f"Repeats monthly on day {first.day} of each month{skipped}; {hint}."
