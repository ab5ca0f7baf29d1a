"""A stored rule read for expansion: its parts and UNTIL, dateutil's rule where arithmetic
(`calendar.stepped`) does not do, what a rule's text alone tells of its steps, and the first
date a rule gives.

Rules are read by `timeparse.rules.read_rule`; one that cannot be read, or that dateutil
cannot follow, is an InvalidInput that quotes it. dateutil is imported only by the
functions that build its rule.
"""

from __future__ import annotations

import functools
from datetime import MAXYEAR, UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mentorlog.calendar.stepped import stepped_rule
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import quote
from mentorlog.timeparse.rules import Rule, read_rule, read_until

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    from dateutil.rrule import rrule

__all__ = [
    "DATEUTIL_ERRORS",
    "RULE_HORIZON_YEARS",
    "bad_rule",
    "dateutil_rule",
    "day_steps",
    "first_wall",
    "read_stored",
]

# A rule whose first date is further than this from its start is refused where rules come in
# (meeting add and edit, import ics): one that never matches would be searched to the year 9999.
RULE_HORIZON_YEARS = 10
# What dateutil raises for a rule it cannot read or follow.
DATEUTIL_ERRORS = (ValueError, TypeError, LookupError, ArithmeticError)


def bad_rule(text: str) -> InvalidInput:
    """The refusal of a stored rule that cannot be read or followed."""
    return InvalidInput(
        f"Cannot read the stored recurrence {quote(text)}; fix it with a rule such as "
        "FREQ=WEEKLY;BYDAY=TU."
    )


def dateutil_rule(body: str, start: datetime, text: str, *, cache: bool = False) -> rrule:
    """dateutil's rule for `body` from the naive `start`; raises bad_rule(`text`) where it
    cannot read it."""
    from dateutil.rrule import rrule, rrulestr

    try:
        built = rrulestr(body, dtstart=start, cache=cache)
    except DATEUTIL_ERRORS as exc:
        raise bad_rule(text) from exc
    if not isinstance(built, rrule):
        raise bad_rule(text)
    return built


def read_stored(text: str) -> tuple[Rule, datetime | None]:
    """A stored rule but its UNTIL, and its UNTIL read (see `read_until`); raises bad_rule
    for a rule that cannot be read."""
    rule = read_rule(text)
    if rule is None:
        raise bad_rule(text)
    until = rule.until
    if "UNTIL" in rule and until is None:
        raise bad_rule(text)
    return rule.without("UNTIL"), until


# --- what the text alone tells ---------------------------------------------------------------


def day_steps(text: str) -> tuple[timedelta, int | None, datetime | None] | None:
    """A DAILY or WEEKLY rule's step, COUNT and UNTIL, which its text alone tells, where the
    start decides whether other rules take steps (a MONTHLY one on the 31st does not): None
    for those. Raises for a rule that cannot be read, as expanding it would."""
    # An UNTIL at the end, as mentorlog stores it, is read apart from the rest, which is
    # read once for all the series that share it.
    body, sep, until_text = text.rpartition(";UNTIL=")
    if sep and until_text.isascii() and until_text.isalnum():
        steps = _body_steps(body)
        if steps != "unread":
            until = read_until(until_text.upper())
            if until is None:
                raise bad_rule(text)
            return None if steps is None else (*steps, until)
    return _rule_steps(text)


@functools.lru_cache(maxsize=256)
def _body_steps(body: str) -> tuple[timedelta, int | None] | Literal["unread"] | None:
    """_rule_steps for a rule without its UNTIL; "unread" where the body alone cannot be
    read, or holds an UNTIL already (the whole rule then goes to _rule_steps)."""
    rule = read_rule(body)
    if rule is None or "UNTIL" in rule:
        return "unread"
    return _steps_of(rule)


@functools.lru_cache(maxsize=1024)
def _rule_steps(text: str) -> tuple[timedelta, int | None, datetime | None] | None:
    rule, until = read_stored(text)
    steps = _steps_of(rule)
    return None if steps is None else (*steps, until)


def _steps_of(rule: Rule) -> tuple[timedelta, int | None] | None:
    if rule.freq not in ("DAILY", "WEEKLY"):
        return None
    stepped = stepped_rule(rule, datetime(2000, 1, 3), None)  # any start takes these steps
    if stepped is None:
        return None
    return stepped.step, rule.count


# --- the first date --------------------------------------------------------------------------


def first_wall(
    rule: str, start: datetime, zone: ZoneInfo, *, to_the_end: bool = True
) -> datetime | None:
    """The wall time of the first date `rule` gives from the naive `start` in `zone`, if it
    gives one within RULE_HORIZON_YEARS; None if it gives none by then, or none before its
    UNTIL (unless not `to_the_end`: then UNTIL is left out). Raises InvalidInput for a rule
    that cannot be read.

    dateutil looks for a rule's next date period by period up to the year 9999 and stops
    early only on a date it finds, so a rule that never matches (FREQ=DAILY;BYMONTH=2;
    BYMONTHDAY=30) would take seconds, and take them again in every `meeting list`. The
    Gregorian calendar repeats every 400 years, weekdays and leap years included, so the
    search runs on the same rule moved to just before 9999, where it cannot go on long.
    """
    read, until = read_stored(rule)
    first = _first_wall(read.without("COUNT"), start)
    if first is None or until is None or not to_the_end:
        return first
    if until.tzinfo is None:  # floating: a wall time already
        return first if first <= until else None
    try:
        return first if first.replace(tzinfo=zone, fold=0).astimezone(UTC) <= until else None
    except OverflowError:  # past the last instant there is: after any UNTIL
        return None


@functools.lru_cache(maxsize=64)
def _first_wall(rule: Rule, start: datetime) -> datetime | None:
    if stepped_rule(rule, start, None) is not None:
        return start.replace(microsecond=0)  # a plain step starts at the start
    body = str(rule)
    shift = (MAXYEAR - RULE_HORIZON_YEARS - start.year) // 400 * 400
    late = start.replace(year=start.year + shift)  # 400 years on: the same weekdays and leap days
    try:
        found = dateutil_rule(body, late, body).after(late, inc=True)
    except DATEUTIL_ERRORS as exc:
        raise bad_rule(body) from exc
    if found is None or found - late > timedelta(days=366 * RULE_HORIZON_YEARS):
        return None
    return found.replace(year=found.year - shift)
