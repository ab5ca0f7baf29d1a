"""Cadences and recurrences in words: 'weekly', 'every 2 weeks', '2w', 'monthly', days named
('every 4th wednesday', 'last friday', 'every weekday': `rule_words`), or an RRULE such as
FREQ=MONTHLY;BYDAY=1TU, read into the canonical rule a meeting stores.

A rule given as an RRULE is read by `timeparse.rules.read_rule`, as every rule is, and then
checked as strictly as typed input deserves: RFC 5545 parts only, a meeting's frequencies,
plain numbers, and finally dateutil building it. dateutil is imported only for that check.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta

from mentorlog.errors import InvalidInput
from mentorlog.timeparse.text import LIBRARY_ERRORS, Pattern, cannot, normalize, quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    from mentorlog.timeparse.rules import Rule

_PERIOD_EXAMPLES = "weekly, 2w or monthly"

_EVERY_WORDS: dict[str, tuple[int, str]] = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "biweekly": (2, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}
# In a cadence or recurrence "m" is months: nothing repeats every few minutes.
_EVERY_UNITS: dict[str, str] = {
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("m", "mo", "mos", "month", "months"), "m"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "y"),
}
_EVERY_RE = Pattern(
    r"every\s+(?:(?P<n>\d{1,4}|other)\s*)?(?P<unit>[a-z]+)|(?P<n2>\d{1,4})\s*(?P<unit2>[a-z]+)"
)
_MAX_COUNT = 999
_setattr = object.__setattr__


def _read_every(normal: str) -> tuple[int, str] | None:
    """(count, unit in d/w/m/y) of 'weekly', 'every 2 weeks', 'every other month', '10d'."""
    if normal in _EVERY_WORDS:
        return _EVERY_WORDS[normal]
    if normal == "every fortnight":
        return 2, "w"
    match = _EVERY_RE.fullmatch(normal)
    if match is None:
        return None
    unit = _EVERY_UNITS.get(match["unit"] or match["unit2"])
    raw = match["n"] or match["n2"]
    count = 2 if raw == "other" else int(raw or 1)
    if unit is None or not 1 <= count <= _MAX_COUNT:
        return None
    return count, unit


class Period:
    """A calendar period between meetings: `count` days, weeks or calendar months.

    Immutable, equal and hashed by its two fields, as the frozen dataclass it was: written
    out, because making that dataclass was half a millisecond of every `report` (which reads
    each person's cadence) and of the dashboard."""

    __slots__ = ("count", "unit")
    count: int
    unit: Literal["d", "w", "m"]

    def __init__(self, count: int, unit: Literal["d", "w", "m"]) -> None:
        if count < 1 or unit not in ("d", "w", "m"):
            raise ValueError(f"invalid period {count!r}{unit!r}")
        _setattr(self, "count", count)
        _setattr(self, "unit", unit)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Period is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Period is immutable: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Period:
            return NotImplemented
        return (self.count, self.unit) == (other.count, other.unit)

    def __hash__(self) -> int:
        return hash((self.count, self.unit))

    def __repr__(self) -> str:
        return f"Period(count={self.count!r}, unit={self.unit!r})"

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, day: date) -> date:
        """`day` plus the period; months clamp to the month's end (Jan 31 + 1m = Feb 28)."""
        return self._shift(day, self.count)

    def before(self, day: date) -> date:
        """`day` minus the period, clamped the same way."""
        return self._shift(day, -self.count)

    def _shift(self, day: date, count: int) -> date:
        if self.unit == "m":
            # relativedelta(months=count), by hand: the dashboard shifts a date per person,
            # and importing dateutil for it cost more than the rest of the sum.
            year, month = divmod(day.year * 12 + day.month - 1 + count, 12)
            return date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))
        return day + timedelta(days=count * (7 if self.unit == "w" else 1))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def parse_period(text: str, *, what: str = "cadence") -> Period:
    """'weekly', 'biweekly', 'monthly', 'every 2 weeks', '2w', '10d', '1m', '3 weeks'."""
    normal = normalize(text)
    every = None if normal is None else _read_every(normal)
    if every is None:
        raise cannot(text, what, _PERIOD_EXAMPLES)
    count, unit = every
    if unit == "y":  # a yearly cadence is twelve calendar months
        count, unit = count * 12, "m"
        if count > _MAX_COUNT:
            raise cannot(text, what, _PERIOD_EXAMPLES)
    return Period(count, "d" if unit == "d" else "w" if unit == "w" else "m")


_RECURRENCE_ERROR = (
    "write it like weekly, biweekly, 'every 3 weeks', '4th wednesday', 'last friday', "
    "'every weekday' or an RRULE such as FREQ=MONTHLY;BYDAY=1TU"
)
_FREQS = {"d": "DAILY", "w": "WEEKLY", "m": "MONTHLY", "y": "YEARLY"}
_RRULE_CHARS = Pattern(r"[A-Z0-9=;,+-]+")
_UNTIL_RE = Pattern(r"\d{8}(?:T\d{6}Z?)?")


def _recurrence_error(text: str) -> InvalidInput:
    return InvalidInput(f"Cannot read {quote(text)} as a recurrence; {_RECURRENCE_ERROR}.")


def parse_recurrence(text: str) -> str:
    """A canonical RRULE body (no 'RRULE:'): FREQ, then INTERVAL unless 1, then the rest."""
    normal = normalize(text)
    if normal is None:
        raise _recurrence_error(text)
    every = _read_every(normal)
    if every is not None:
        count, unit = every
        return f"FREQ={_FREQS[unit]}" + (f";INTERVAL={count}" if count != 1 else "")
    from mentorlog.timeparse.rule_words import read_day_rule  # only for a rule in words

    in_words = read_day_rule(normal)
    if in_words is not None:
        return in_words
    try:
        return str(_read_rrule(text))
    except InvalidInput:
        raise
    except (*LIBRARY_ERRORS, TypeError, Warning) as exc:  # dateutil: TypeError without FREQ
        raise _recurrence_error(text) from exc


def _read_rrule(text: str) -> Rule:
    """A typed RRULE checked part by part, then built by dateutil; in canonical order."""
    # Imported here, as `goal list` and the like never read a rule.
    from mentorlog.timeparse.rules import MEETING_FREQS, RULE_KEYS, TOO_FREQUENT, read_rule

    rule = read_rule(text)
    if rule is None or not _RRULE_CHARS.fullmatch(str(rule)):
        raise _recurrence_error(text)
    if "DTSTART" in rule:
        raise InvalidInput(
            f"Cannot use DTSTART inside the recurrence {quote(text)}; the meeting's own "
            "start is used, so write it like FREQ=WEEKLY;BYDAY=TU."
        )
    if not RULE_KEYS.issuperset(rule):
        raise _recurrence_error(text)
    if rule.freq in TOO_FREQUENT:
        raise InvalidInput(
            f"FREQ={rule.freq} in {quote(text)} is too frequent for meetings; "
            "use DAILY, WEEKLY, MONTHLY or YEARLY, e.g. FREQ=WEEKLY."
        )
    interval = rule.get("INTERVAL", "1")
    if rule.freq not in MEETING_FREQS or not interval.isdigit() or len(interval) > 3:
        raise _recurrence_error(text)
    # dateutil accepts COUNT=0, INTERVAL=0 and UNTIL=2027 (completed from the clock): refuse.
    count = rule.get("COUNT", "1")
    if int(interval) < 1 or not count.isdigit() or len(count) > 6 or int(count) < 1:
        raise _recurrence_error(text)
    if "UNTIL" in rule and not _UNTIL_RE.fullmatch(rule["UNTIL"]):
        raise _recurrence_error(text)
    rule = rule.without("INTERVAL")
    if int(interval) != 1:
        rule = rule.with_part("INTERVAL", str(int(interval)))
    rule = rule.ordered(first=("FREQ", "INTERVAL"))
    _build_rrule(str(rule), utc=rule.get("UNTIL", "").endswith("Z"))
    return rule


def _build_rrule(rule: str, *, utc: bool) -> None:
    """Let dateutil check the rule; a UTC UNTIL needs an aware start, a floating one not."""
    from dateutil.rrule import rrulestr

    start = datetime(2000, 1, 1, tzinfo=UTC if utc else None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rrulestr(rule, dtstart=start)


def with_limit(rule: str, *, until: datetime | None = None, count: int | None = None) -> str:
    """`rule` ending at `until` (aware; written as UTC) or after `count` occurrences."""
    if until is not None and count is not None:
        raise InvalidInput("Give the recurrence either an end time or a count, not both.")
    if count is not None:
        limit = _count_limit(count)
    elif until is not None:
        limit = _until_limit(until)
    else:
        return rule
    from mentorlog.timeparse.rules import read_rule

    keys = set(read_rule(rule) or ())
    if keys & {"UNTIL", "COUNT"}:
        raise InvalidInput(
            f"The recurrence {quote(rule)} already has an end (UNTIL or COUNT); "
            "leave out --until and --count."
        )
    return f"{rule.removeprefix('RRULE:')};{limit}"


def _count_limit(count: int) -> str:
    if count < 1:
        raise InvalidInput(
            f"A recurrence count must be at least 1, not {count}; write it like --count 10."
        )
    return f"COUNT={count}"


def _until_limit(until: datetime) -> str:
    """UNTIL in UTC, as RFC 5545 wants it when the start has a zone."""
    if until.tzinfo is None or until.utcoffset() is None:
        raise ValueError("with_limit() needs an aware `until`")
    from mentorlog.timeparse.rules import until_text

    return f"UNTIL={until_text(until.astimezone(UTC))}"
