"""Read the human time input mentorlog accepts, and write it back in canonical form.

This is the only module that parses dates, instants, durations, cadences, recurrences, time
zones, working hours and working days. It is pure: it never prints, never reads the clock
(`now` and `today` are passed in), never reads the environment. Every bad string becomes a
`mentorlog.errors.InvalidInput` whose message is one sentence that quotes the value (through
`quote`, so huge or control-character-laden input stays short and harmless) and shows an
accepted example; no other exception escapes for any string input.

dateutil is imported inside the functions that need it, because `import mentorlog.timeparse`
sits on the start-up path of every command and dateutil is slow to import.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, available_timezones

from mentorlog.errors import InvalidInput

__all__ = [
    "WEEKDAYS",
    "Period",
    "format_days",
    "format_duration",
    "format_hours",
    "get_zone",
    "localize",
    "parse_clock",
    "parse_date",
    "parse_days",
    "parse_duration",
    "parse_hours",
    "parse_period",
    "parse_recurrence",
    "parse_when",
    "quote",
    "resolve_zone",
    "with_limit",
]

Prefer = Literal["future", "past"]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_WEEKDAY_WORDS: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name.lower(): i for i, name in enumerate(_DAY_NAMES)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
# Kept as text to stay on a few lines; split once at import.
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTH_WORDS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(_MONTH_ABBRS, 1)},
    **{name: i for i, name in enumerate(_MONTH_NAMES.split(), 1)},
    "sept": 9,
}

# Longer than any date, time or rule anyone types; bounds regex and dateutil work on junk.
_MAX_INPUT = 160
_QUOTE_LIMIT = 40
_MIN_YEAR, _MAX_YEAR = 1900, 2999
# Exceptions that library calls raise for malformed text (UnicodeError and dateutil's
# ParserError are ValueErrors); each public parser turns them into InvalidInput.
_LIBRARY_ERRORS = (ValueError, ArithmeticError, LookupError, RecursionError)

_WHEN_EXAMPLES = "'tomorrow 15:00', 'fri 9am' or '2026-12-01 09:00'"
_DATE_EXAMPLES = "2026-12-01, 'Dec 1', 'fri' or 'in 2 weeks'"
_CLOCK_EXAMPLES = "15:00, 9:30 or 9am"
_DURATION_EXAMPLES = "45m, 1h or 1h30m"
_PERIOD_EXAMPLES = "weekly, 2w or monthly"
_ZONE_EXAMPLES = "'Europe/Berlin' or 'America/New_York'"


class _Pattern:
    """A regex compiled on first use, ASCII-only so that `\\d` never matches other scripts' digits.

    Compiling the module's two dozen patterns at import would cost about 10 ms on every
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


def _cannot(text: str, what: str, examples: str) -> InvalidInput:
    return InvalidInput(f"Cannot read {quote(text)} as {_a(what)}; write it like {examples}.")


def _out_of_range(text: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"{quote(text)} is out of range for {_a(what)}; "
        f"use a year between {_MIN_YEAR} and {_MAX_YEAR}, e.g. 2026-12-01."
    )


def _written(day: date) -> str:
    """'1 Dec 2026', spelled without strftime so the process locale cannot change it."""
    return f"{day.day} {_MONTH_ABBRS[day.month - 1]} {day.year}"


def _wall(moment: datetime) -> str:
    """'2026-03-29 02:30' (with seconds only when there are any)."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {_clock_text(moment.time())}"


def _clock_text(clock: time) -> str:
    text = f"{clock.hour:02d}:{clock.minute:02d}"
    return f"{text}:{clock.second:02d}" if clock.second else text


def _offset_text(offset: timedelta) -> str:
    """'+02:00', '-05:00', '+05:53:20'."""
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    text = f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
    return f"{text}:{seconds % 60:02d}" if seconds % 60 else text


def _normalize(text: str) -> str | None:
    """Lower-case, dashes unified, whitespace collapsed; None for text too long to be input."""
    if len(text) > _MAX_INPUT:
        return None
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def _check_year(day: date, text: str, what: str) -> None:
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        raise _out_of_range(text, what)


# --- zones -----------------------------------------------------------------------------------


@functools.cache
def _zone_keys() -> dict[str, str]:
    """Lower-cased IANA name -> canonical spelling, for every zone we accept.

    The tzdata package's list is read rather than `available_timezones()`, which walks the
    system zone folders (tens of ms) and also yields 'localtime', a machine-dependent file
    rather than a zone. Only exactly these names are accepted, so paths, folders and
    'posixrules' never reach ZoneInfo.
    """
    from importlib import resources  # slow to import; needed only once a zone is read

    try:
        names = set(resources.files("tzdata").joinpath("zones").read_text("utf-8").split())
    except (ImportError, OSError, UnicodeError):
        names = set(available_timezones())
    names.discard("localtime")
    return {name.lower(): name for name in names}


# The shape of a canonical IANA key, each part capitalised: "America/Argentina/Buenos_Aires",
# "Etc/GMT+5", "UTC". System files that are not zones ('localtime', 'posixrules', 'right/...',
# 'posix/...') are lower-case, so they never match and still go through the list.
_CANONICAL_ZONE = _Pattern(r"[A-Z][A-Za-z0-9_+-]*(?:/[A-Z][A-Za-z0-9_+-]*){0,2}")


def known_zone(name: str) -> ZoneInfo | None:
    """The zone an IANA name means (exactly, else case-insensitively), or None: never raises,
    whatever a journal edited by hand holds (a folder such as 'Europe', a name too long for
    the file system)."""
    stripped = name.strip()
    if _CANONICAL_ZONE.fullmatch(stripped):
        # The common case, on every command: skip reading tzdata's zone list (5-40 ms).
        try:
            return ZoneInfo(stripped)
        except (*_LIBRARY_ERRORS, OSError):
            pass  # a folder such as 'Europe', or no such zone: let the list decide
    key = _zone_keys().get(stripped.lower())
    if key is None:
        return None
    try:
        return ZoneInfo(key)
    except (*_LIBRARY_ERRORS, OSError):  # a damaged tzdata file; the name is no use to us
        return None


def _close_match(text: str, candidates: Sequence[str]) -> str | None:
    """The candidate spelled most like `text` (case-insensitively), if it is close."""
    import difflib  # only on the error path

    needle = text.strip().lower()
    if not needle or len(needle) > 64:  # difflib is quadratic; long junk is never a typo
        return None
    lowered = {c.lower(): c for c in candidates}
    found = difflib.get_close_matches(needle, list(lowered), n=1, cutoff=0.8)
    return lowered[found[0]] if found else None


def get_zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, matched exactly or else case-insensitively."""
    zone = known_zone(name)
    if zone is not None:
        return zone
    guess = _close_match(name, list(_zone_keys().values()))
    if guess is not None:
        raise InvalidInput(f"Unknown time zone {quote(name)}; did you mean {quote(guess)}?")
    raise InvalidInput(
        f"Unknown time zone {quote(name)}; use an IANA name such as {_ZONE_EXAMPLES}."
    )


def resolve_zone(text: str, handles: Mapping[str, str]) -> ZoneInfo:
    """A person's handle (their zone) or an IANA name; a handle wins over a same-named zone."""
    by_handle = {handle.lower(): zone for handle, zone in handles.items()}
    zone_name = by_handle.get(text.strip().lower())
    if zone_name is not None:
        return get_zone(zone_name)
    zone = known_zone(text)
    if zone is not None:
        return zone
    guess = _close_match(text, [*handles, *_zone_keys().values()])
    if guess is not None:
        raise InvalidInput(
            f"Unknown time zone or handle {quote(text)}; did you mean {quote(guess)}?"
        )
    raise InvalidInput(
        f"Unknown time zone or handle {quote(text)}; "
        "use an IANA name such as 'Europe/Berlin' or a person's handle."
    )


# --- wall time -> instant --------------------------------------------------------------------


def localize(naive: datetime, tz: ZoneInfo, notes: list[str] | None = None) -> datetime:
    """Attach `tz` to a wall time: refuse one in a DST gap, take the first of an ambiguous one."""
    if naive.tzinfo is not None:
        raise ValueError("localize() needs a naive datetime")
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    # Both folds differ either in a gap or in an overlap; only a real wall time survives a
    # round trip through UTC.
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive.replace(fold=0):
        start, end = _gap_edges(naive, tz)
        raise InvalidInput(
            f"{_wall(naive)} does not exist in {tz}: clocks jump from {start} to {end} "
            "that night; pick a time outside the gap."
        )
    if notes is not None:
        offset = first.utcoffset() or timedelta(0)
        notes.append(
            f"{_wall(naive)} happens twice in {tz} (clocks go back); using the first, "
            f"{_clock_text(naive.time())} {first.tzname()} (UTC{_offset_text(offset)})."
        )
    return first


def _gap_edges(naive: datetime, tz: ZoneInfo) -> tuple[str, str]:
    """The wall times on either side of the spring-forward jump that swallowed `naive`."""
    before = naive.replace(tzinfo=tz, fold=0).utcoffset() or timedelta(0)
    after = naive.replace(tzinfo=tz, fold=1).utcoffset() or timedelta(0)
    epoch = datetime(1970, 1, 1)
    # Read with the later offset the wall time lies before the jump, with the earlier one
    # after it; bisect whole seconds between the two (transitions fall on whole seconds).
    low = int((naive - after - epoch).total_seconds()) - 1
    high = int((naive - before - epoch).total_seconds()) + 1
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after:
            high = middle
        else:
            low = middle
    jump = epoch + timedelta(seconds=high)
    start, end = jump + before, jump + after
    if start.date() == end.date():
        return _clock_text(start.time()), _clock_text(end.time())
    return _wall(start), _wall(end)  # a skipped day (Samoa, 2011) needs the dates


# --- times of day ----------------------------------------------------------------------------

_CLOCK_RE = _Pattern(
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<half>[ap]m)?"
)


def _read_clock(text: str, *, bare_hour: bool) -> time | None:
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
    normal = _normalize(text)
    clock = None if normal is None else _read_clock(normal, bare_hour=True)
    if clock is None:
        raise _cannot(text, what, _CLOCK_EXAMPLES)
    return clock


# --- dates -----------------------------------------------------------------------------------

_ISO_DATE = _Pattern(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = _Pattern(
    r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?"
)
_WEEKDAY_RE = _Pattern(r"(?:(?P<which>next|last)\s+)?(?P<day>[a-z]+)")
_RELATIVE_RE = _Pattern(
    r"in\s+(?:(?P<n>\d+)\s*|(?P<a>an?)\s+)(?P<unit>[a-z]+)"
    r"|(?:(?P<n2>\d+)\s*|(?P<a2>an?)\s+)(?P<unit2>[a-z]+)\s+ago"
)
_NUMERIC_DATE = _Pattern(r"[\d./-]+")
_DAY_MONTH = _Pattern(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?:[/.](?P<year>\d{4}))?")
_WRITTEN_CHARS = _Pattern(r"[a-z0-9 ,./-]+")
_WRITTEN_FILLERS = frozenset({"st", "nd", "rd", "th", "of"})

# Units of relative dates; "m" is left out on purpose: minutes or months?
_RELATIVE_UNITS: dict[str, str] = {
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "month", "months"), "months"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "years"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minutes"),
}
_SUB_DAY = frozenset({"hours", "minutes"})


def _read_relative(text: str) -> tuple[int, str] | None:
    """'in 3 days' -> (3, 'days'), '2 weeks ago' -> (-2, 'weeks'), 'in an hour' -> (1, ...)."""
    match = _RELATIVE_RE.fullmatch(text)
    if match is None:
        return None
    unit = _RELATIVE_UNITS.get(match["unit"] or match["unit2"])
    if unit is None:
        return None
    digits = match["n"] or match["n2"]
    if digits is not None and len(digits) > 9:
        # Far outside any date we accept; say so instead of converting a huge number.
        raise OverflowError("relative amount too large")
    amount = int(digits) if digits is not None else 1
    return (amount if match["unit"] else -amount), unit


def _shift_date(today: date, amount: int, unit: str) -> date:
    """`today` moved by whole units; months and years clamp to the month's end."""
    if unit in ("months", "years"):
        from dateutil.relativedelta import relativedelta

        shift = relativedelta(months=amount) if unit == "months" else relativedelta(years=amount)
        try:
            return today + shift
        except ValueError as exc:  # 'year 12026 is out of range'
            raise OverflowError(str(exc)) from exc
    if unit in _SUB_DAY:
        # For a date only whole days count: 'in 30 hours' is tomorrow.
        per_day = 24 if unit == "hours" else 24 * 60
        sign = 1 if amount >= 0 else -1
        return today + timedelta(days=sign * (abs(amount) // per_day))
    return today + timedelta(**{unit: amount})


def _read_weekday(text: str, today: date, prefer: Prefer) -> date | None:
    """'fri', 'next tue', 'last monday': never today itself."""
    match = _WEEKDAY_RE.fullmatch(text)
    if match is None or match["day"] not in _WEEKDAY_WORDS:
        return None
    target = _WEEKDAY_WORDS[match["day"]]
    which = match["which"] or ("next" if prefer == "future" else "last")
    if which == "next":
        return today + timedelta(days=(target - today.weekday()) % 7 or 7)
    return today - timedelta(days=(today.weekday() - target) % 7 or 7)


def _refuse_numeric(text: str, normal: str, today: date) -> None:
    """'12/01/2026' and '01.12.2026' mean different days in different countries: refuse."""
    match = _DAY_MONTH.fullmatch(normal)
    if match is None:
        return
    year = int(match["year"]) if match["year"] else today.year
    first, second = int(match["a"]), int(match["b"])
    readings: list[date] = []
    for month, day in ((second, first), (first, second)):  # day/month, then month/day
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if len(readings) == 2 and readings[0] != readings[1]:
        # Show the reading the separator's usual country would mean: dots day-first.
        example = readings[0] if match["sep"] == "." else readings[1]
        raise InvalidInput(
            f"{quote(text)} is ambiguous (day/month or month/day?); "
            f"write it as {example.isoformat()} or {_written(example)}."
        )


def _resolve_year(month: int, day: int, today: date, prefer: Prefer) -> date:
    """The first such day on or after today (future), or the last on or before it (past)."""
    step = 1 if prefer == "future" else -1
    for years in range(9):  # 29 Feb comes back within 8 years
        try:
            candidate = date(today.year + step * years, month, day)
        except ValueError:
            continue
        if (candidate >= today) if prefer == "future" else (candidate <= today):
            return candidate
    raise OverflowError("no such day near today")


def _read_written(text: str, normal: str, today: date, prefer: Prefer) -> date | None:
    """'Dec 1', '1 Dec 2026', 'Tue, December 1st': dateutil, but only on safe-looking text."""
    if _WRITTEN_CHARS.fullmatch(normal) is None:
        return None
    words = re.findall(r"[a-z]+", normal)
    months = [w for w in words if w in _MONTH_WORDS]
    weekdays = [w for w in words if w in _WEEKDAY_WORDS]
    if len(months) != 1 or len(weekdays) > 1:
        return None
    known = _MONTH_WORDS.keys() | _WEEKDAY_WORDS.keys() | _WRITTEN_FILLERS
    if any(w not in known for w in words):
        return None
    numbers = re.findall(r"\d+", normal)
    days = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    # dateutil reads '9' or '26' as a year and '2026 2026' as a time: allow one day of at most
    # two digits and at most one four-digit year, nothing else.
    if len(days) > 1 or len(years) > 1 or len(days) + len(years) != len(numbers):
        return None
    if not days:
        raise InvalidInput(
            f"{quote(text)} needs a day of the month; write it like 'Dec 1' or '1 Dec 2026'."
        )
    parsed = _dateutil_twice(normal)
    if parsed is None:
        return None
    early, late = parsed
    if early.day != late.day or (early.hour, late.hour, early.minute, late.minute) != (0, 1, 0, 0):
        return None  # a time or a missing day slipped through; neither belongs here
    if years:
        if early.year != int(years[0]) or late.year != early.year:
            return None
        result = early.date()
    else:
        if (early.year, late.year) != (2000, 2004):
            return None
        result = _resolve_year(early.month, early.day, today, prefer)
    if weekdays and result.weekday() != _WEEKDAY_WORDS[weekdays[0]]:
        raise InvalidInput(
            f"{_written(result)} is a {_DAY_NAMES[result.weekday()]}, "
            f"not a {_DAY_NAMES[_WEEKDAY_WORDS[weekdays[0]]]}."
        )
    return result


def _dateutil_twice(normal: str) -> tuple[datetime, datetime] | None:
    """Parse with two defaults: a field that differs between them was not in the text.

    Both default years are leap years so that '29 Feb' parses; the minutes are both 0 so
    that '9am' reads 09:00. Warnings (unknown zone names) count as failures.
    """
    from dateutil import parser

    results: list[datetime] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for default in (datetime(2000, 1, 1, 0, 0), datetime(2004, 2, 2, 1, 0)):
            try:
                results.append(parser.parse(normal, default=default))
            except (*_LIBRARY_ERRORS, Warning):
                return None
    if any(r.tzinfo is not None for r in results):
        return None
    return results[0], results[1]


def _read_date(
    text: str, normal: str, today: date, prefer: Prefer, *, sub_day: bool
) -> date | None:
    """A date from the normalized `normal`; None when unreadable. `text` is quoted in errors."""
    fixed = {"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}
    if normal in fixed:
        return today + timedelta(days=fixed[normal])
    if _ISO_DATE.fullmatch(normal):
        return date.fromisoformat(normal)
    relative = _read_relative(normal)
    if relative is not None:
        amount, unit = relative
        if unit in _SUB_DAY and not sub_day:
            return None
        return _shift_date(today, amount, unit)
    weekday = _read_weekday(normal, today, prefer)
    if weekday is not None:
        return weekday
    if _NUMERIC_DATE.fullmatch(normal):
        _refuse_numeric(text, normal, today)
        return None
    return _read_written(text, normal, today, prefer)


def _read_iso_datetime(normal: str) -> datetime | None:
    if _ISO_DATETIME.fullmatch(normal) is None:
        return None
    return datetime.fromisoformat(normal.upper())


def parse_date(text: str, *, today: date, prefer: Prefer = "future", what: str = "date") -> date:
    """A calendar date: ISO, today/tomorrow/yesterday, weekdays, relative or written forms."""
    normal = _normalize(text)
    if normal is None:
        raise _cannot(text, what, _DATE_EXAMPLES)
    try:
        moment = _read_iso_datetime(normal)
        if moment is not None:
            result: date | None = moment.date()  # the date in its own offset
        else:
            result = _read_date(text, normal, today, prefer, sub_day=True)
    except OverflowError as exc:
        raise _out_of_range(text, what) from exc
    except _LIBRARY_ERRORS as exc:
        raise _cannot(text, what, _DATE_EXAMPLES) from exc
    if result is None:
        raise _cannot(text, what, _DATE_EXAMPLES)
    _check_year(result, text, what)
    return result


# --- instants --------------------------------------------------------------------------------

_CLOCK_PATTERN = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?|\d{1,2}\s*[ap]m|noon|midnight)"
_OFFSET_PATTERN = r"(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)"
_TIME_LAST = _Pattern(
    rf"(?:(?P<date>.*?)\s+(?:at\s+)?)?(?P<clock>{_CLOCK_PATTERN})"
    rf"(?:\s*(?P<offset>{_OFFSET_PATTERN}))?"
)
_TIME_FIRST = _Pattern(
    rf"(?P<clock>{_CLOCK_PATTERN})(?:\s*(?P<offset>{_OFFSET_PATTERN}))?\s+(?P<date>.+)"
)
_OFFSET_RE = _Pattern(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?")
# Zone abbreviations mean different offsets in different places (IST, BST, CST): refused.
_ZONE_ABBREVIATIONS = (
    "est edt cst cdt mst mdt pst pdt akst akdt hst cet cest eet eest wet west bst ist msk "
    "jst kst aest aedt acst acdt awst nzst nzdt sgt hkt pht wib sast cat eat wat brt art"
)
_ZONE_WORDS = frozenset(_ZONE_ABBREVIATIONS.split())
_ZONE_NAME = _Pattern(
    r"(?:africa|america|antarctica|arctic|asia|atlantic|australia|europe|indian|pacific|us|etc)"
    r"/[a-z0-9_+-]+(?:/[a-z_]+)?"
)


def _read_offset(text: str) -> tzinfo:
    if text in ("z", "utc", "gmt"):
        return UTC
    match = _OFFSET_RE.fullmatch(text)
    if match is None or int(match["minutes"] or 0) > 59:
        raise ValueError(f"bad offset {text!r}")
    size = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    return timezone(-size if match["sign"] == "-" else size)  # ValueError beyond 24h


def _refuse_zone_word(text: str, normal: str, what: str) -> None:
    """'tomorrow 15:00 EST': the zone belongs in --tz, as an IANA name."""
    head, _, last = normal.rpartition(" ")
    if head and (last in _ZONE_WORDS or _ZONE_NAME.fullmatch(last)):
        zone = text.split()[-1]
        raise InvalidInput(
            f"{quote(text)} names a zone inside the {what}; leave out {quote(zone)} "
            "and use --tz with an IANA zone such as 'America/New_York' instead."
        )


def _split_clock(normal: str) -> tuple[str, str | None, str | None]:
    """(date part, time part, offset part) of 'fri 9am', '15:00 tomorrow', 'dec 1 at 2pm'."""
    normal = normal.removeprefix("at ")  # 'at 15:00' is just 15:00 today
    match = _TIME_LAST.fullmatch(normal) or _TIME_FIRST.fullmatch(normal)
    if match is None:
        return normal, None, None
    return (match["date"] or "").rstrip(" ,"), match["clock"], match["offset"]


def _read_instant_shift(normal: str) -> timedelta | None:
    """'in 3 hours', '45 minutes ago': an exact distance from now, not a calendar date."""
    relative = _read_relative(normal)
    if relative is None or relative[1] not in _SUB_DAY:
        return None
    amount, unit = relative
    return timedelta(**{unit: amount})


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    default_time: time | None = None,
    prefer: Prefer = "future",
    what: str = "time",
    notes: list[str] | None = None,
) -> datetime:
    """An aware instant expressed in `tz`: a date form with a time of day, ISO, or relative."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when() needs an aware `now`")
    normal = _normalize(text)
    if normal is None:
        raise _cannot(text, what, _WHEN_EXAMPLES)
    try:
        result = _read_when(text, normal, now, tz, default_time, prefer, what, notes)
    except OverflowError as exc:
        raise _out_of_range(text, what) from exc
    except _LIBRARY_ERRORS as exc:
        raise _cannot(text, what, _WHEN_EXAMPLES) from exc
    _check_year(result.date(), text, what)
    return result


def _read_when(
    text: str,
    normal: str,
    now: datetime,
    tz: ZoneInfo,
    default_time: time | None,
    prefer: Prefer,
    what: str,
    notes: list[str] | None,
) -> datetime:
    if not normal:
        raise _cannot(text, what, _WHEN_EXAMPLES)
    moment = _read_iso_datetime(normal)
    if moment is not None:
        if moment.tzinfo is not None:
            return moment.astimezone(tz)  # an explicit offset fixes the instant
        return localize(moment, tz, notes)
    if normal == "now":
        return now.astimezone(tz)
    shift = _read_instant_shift(normal)
    if shift is not None:
        # In UTC: aware arithmetic within one zone is wall-clock arithmetic and would make
        # 'in 3 hours' across a DST change two or four hours away.
        return (now.astimezone(UTC) + shift).astimezone(tz)
    _refuse_zone_word(text, normal, what)
    day_text, clock_text, offset_text = _split_clock(normal)
    today = now.astimezone(tz).date()
    day = _read_date(text, day_text, today, prefer, sub_day=False) if day_text else today
    clock = _read_clock(clock_text, bare_hour=False) if clock_text else None
    if day is None or (clock_text and clock is None):
        raise _cannot(text, what, _WHEN_EXAMPLES)
    if clock is None:
        if default_time is None:
            example = quote(" ".join(text.split()) + " 15:00")
            raise InvalidInput(
                f"{quote(text)} needs a time of day for the {what}; add one, e.g. {example}."
            )
        clock = default_time.replace(tzinfo=None)
    wall = datetime.combine(day, clock)
    if offset_text is not None:
        return wall.replace(tzinfo=_read_offset(offset_text)).astimezone(tz)
    return localize(wall, tz, notes)


# --- durations -------------------------------------------------------------------------------

_DURATION_UNITS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), ("w", 7 * 24 * 60)),
    **dict.fromkeys(("d", "day", "days"), ("d", 24 * 60)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), ("h", 60)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), ("m", 1)),
}
_DURATION_ORDER = "wdhm"
_DURATION_PART = _Pattern(r"(\d{1,6}(?:\.\d{1,6})?)\s*([a-z]+)\s*")
_BARE_MINUTES = _Pattern(r"\d{1,6}(?:\.\d{1,6})?")


_MILLION = 1_000_000


def _millionths(number: str) -> int:
    """'1.5' -> 1_500_000: exact fixed-point, so '0.1h' is exactly 6 minutes."""
    whole, _, part = number.partition(".")
    return int(whole) * _MILLION + int(part.ljust(6, "0") or 0)


def _duration_millionths(normal: str) -> int | None:
    """Millionths of a minute in '1h30m', '1.5h', '90'; units largest first, once each."""
    if _BARE_MINUTES.fullmatch(normal):
        return _millionths(normal)
    total, position, last_rank = 0, 0, -1
    while position < len(normal):
        match = _DURATION_PART.match(normal, position)
        if match is None or match[2] not in _DURATION_UNITS:
            return None
        letter, minutes = _DURATION_UNITS[match[2]]
        rank = _DURATION_ORDER.index(letter)
        if rank <= last_rank:
            return None
        total += _millionths(match[1]) * minutes
        position, last_rank = match.end(), rank
    return total if position else None


def parse_duration(text: str, *, what: str = "duration") -> timedelta:
    """A positive whole number of minutes: '45m', '1h30m', '1.5h', '2d', '1w', or '90'."""
    normal = _normalize(text)
    amount = None if normal is None else _duration_millionths(normal)
    if amount is None:
        raise _cannot(text, what, _DURATION_EXAMPLES)
    if amount <= 0:
        raise InvalidInput(f"{quote(text)} is not a positive {what}; write it like 45m or 1h.")
    minutes, rest = divmod(amount, _MILLION)
    if rest:
        raise InvalidInput(
            f"{quote(text)} is not a whole number of minutes; write it like 45m, 1h or 1h30m."
        )
    return timedelta(minutes=minutes)


def format_duration(delta: timedelta) -> str:
    """'45m', '1h30m', '2d', '1w2d': the inverse of parse_duration, rounded to the minute."""
    microseconds = delta // timedelta(microseconds=1)
    minutes = (abs(microseconds) + 30_000_000) // 60_000_000
    if minutes == 0:
        return "0m"
    parts = []
    for letter, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count}{letter}")
    return ("-" if microseconds < 0 else "") + "".join(parts)


# --- cadences and recurrences ----------------------------------------------------------------

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
_EVERY_RE = _Pattern(
    r"every\s+(?:(?P<n>\d{1,4}|other)\s*)?(?P<unit>[a-z]+)|(?P<n2>\d{1,4})\s*(?P<unit2>[a-z]+)"
)
_MAX_COUNT = 999


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


@dataclass(frozen=True)
class Period:
    """A calendar period between meetings: `count` days, weeks or calendar months."""

    count: int
    unit: Literal["d", "w", "m"]

    def __post_init__(self) -> None:
        if self.count < 1 or self.unit not in ("d", "w", "m"):
            raise ValueError(f"invalid period {self.count!r}{self.unit!r}")

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
    normal = _normalize(text)
    every = None if normal is None else _read_every(normal)
    if every is None:
        raise _cannot(text, what, _PERIOD_EXAMPLES)
    count, unit = every
    if unit == "y":  # a yearly cadence is twelve calendar months
        count, unit = count * 12, "m"
        if count > _MAX_COUNT:
            raise _cannot(text, what, _PERIOD_EXAMPLES)
    return Period(count, "d" if unit == "d" else "w" if unit == "w" else "m")


_RECURRENCE_ERROR = (
    "write it like weekly, biweekly, 'every 3 weeks' or an RRULE such as FREQ=MONTHLY;BYDAY=1TU"
)
_FREQS = {"d": "DAILY", "w": "WEEKLY", "m": "MONTHLY", "y": "YEARLY"}
# RFC 5545 rule parts; dateutil also knows BYEASTER, which calendar apps do not.
_RRULE_KEY_NAMES = (
    "FREQ UNTIL COUNT INTERVAL BYSECOND BYMINUTE BYHOUR BYDAY BYMONTHDAY BYYEARDAY BYWEEKNO "
    "BYMONTH BYSETPOS WKST"
)
_RRULE_KEYS = frozenset(_RRULE_KEY_NAMES.split())
_RRULE_CHARS = _Pattern(r"[A-Z0-9=;,+-]+")
_UNTIL_RE = _Pattern(r"\d{8}(?:T\d{6}Z?)?")


def _recurrence_error(text: str) -> InvalidInput:
    return InvalidInput(f"Cannot read {quote(text)} as a recurrence; {_RECURRENCE_ERROR}.")


def parse_recurrence(text: str) -> str:
    """A canonical RRULE body (no 'RRULE:'): FREQ, then INTERVAL unless 1, then the rest."""
    normal = _normalize(text)
    if normal is None:
        raise _recurrence_error(text)
    every = _read_every(normal)
    if every is not None:
        count, unit = every
        return f"FREQ={_FREQS[unit]}" + (f";INTERVAL={count}" if count != 1 else "")
    try:
        return _read_rrule(text)
    except InvalidInput:
        raise
    except (*_LIBRARY_ERRORS, TypeError, Warning) as exc:  # dateutil: TypeError without FREQ
        raise _recurrence_error(text) from exc


def _rrule_parts(text: str) -> dict[str, str]:
    """The KEY=VALUE parts of a raw rule, upper-cased, in the order given; {} when malformed."""
    body = "".join(text.split()).upper()
    body = body.removeprefix("RRULE:")
    if not _RRULE_CHARS.fullmatch(body):
        return {}
    parts: dict[str, str] = {}
    for part in filter(None, body.split(";")):
        key, sep, value = part.partition("=")
        if key == "DTSTART":
            raise InvalidInput(
                f"Cannot use DTSTART inside the recurrence {quote(text)}; the meeting's own "
                "start is used, so write it like FREQ=WEEKLY;BYDAY=TU."
            )
        if not sep or not value or "=" in value or key not in _RRULE_KEYS or key in parts:
            return {}
        parts[key] = value
    return parts


def _read_rrule(text: str) -> str:
    """Validate a raw RRULE by building it with dateutil; return it in canonical order."""
    parts = _rrule_parts(text)
    freq = parts.pop("FREQ", "")
    if freq in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise InvalidInput(
            f"FREQ={freq} in {quote(text)} is too frequent for meetings; "
            "use DAILY, WEEKLY, MONTHLY or YEARLY, e.g. FREQ=WEEKLY."
        )
    interval = parts.pop("INTERVAL", "1")
    if freq not in _FREQS.values() or not interval.isdigit() or len(interval) > 3:
        raise _recurrence_error(text)
    # dateutil accepts COUNT=0, INTERVAL=0 and UNTIL=2027 (completed from the clock): refuse.
    count = parts.get("COUNT", "1")
    if int(interval) < 1 or not count.isdigit() or len(count) > 6 or int(count) < 1:
        raise _recurrence_error(text)
    if "UNTIL" in parts and not _UNTIL_RE.fullmatch(parts["UNTIL"]):
        raise _recurrence_error(text)
    pieces = [f"FREQ={freq}"]
    if int(interval) != 1:
        pieces.append(f"INTERVAL={int(interval)}")
    pieces += [f"{key}={value}" for key, value in parts.items()]
    rule = ";".join(pieces)
    _build_rrule(rule, utc=parts.get("UNTIL", "").endswith("Z"))
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
    body = rule.removeprefix("RRULE:")
    keys = {part.partition("=")[0].strip().upper() for part in body.split(";")}
    if keys & {"UNTIL", "COUNT"}:
        raise InvalidInput(
            f"The recurrence {quote(rule)} already has an end (UNTIL or COUNT); "
            "leave out --until and --count."
        )
    return f"{body};{limit}"


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
    end = until.astimezone(UTC)
    return f"UNTIL={end.year:04d}{end.month:02d}{end.day:02d}T{end:%H%M%S}Z"


# --- working hours and days ------------------------------------------------------------------

_HOURS_RE = _Pattern(r"(?P<start>.+?)\s*(?:-|\bto\b)\s*(?P<end>.+)")
_BARE_HOUR = _Pattern(r"\d{1,2}")
_HOURS_EXAMPLES = "09:00-17:00 or 9am-5pm"


def parse_hours(text: str) -> tuple[time, time]:
    """'09:00-17:00', '9-17', '9am-5pm'; an end before the start ('22-6') crosses midnight."""
    normal = _normalize(text)
    match = None if normal is None else _HOURS_RE.fullmatch(normal)
    start = end = None
    if match is not None:
        start = _read_clock(match["start"], bare_hour=True)
        end = _read_clock(match["end"], bare_hour=True)
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
    return f"{_clock_text(hours[0])}-{_clock_text(hours[1])}"


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
        if first not in _WEEKDAY_WORDS or (dash and last not in _WEEKDAY_WORDS):
            return None
        start = _WEEKDAY_WORDS[first]
        stop = _WEEKDAY_WORDS[last] if dash else start
        # A range may wrap past Sunday: fri-mon is fri, sat, sun, mon.
        found.update((start + i) % 7 for i in range((stop - start) % 7 + 1))
    return found or None


def parse_days(text: str) -> tuple[str, ...]:
    """'mon-fri', 'mon,wed,fri', 'mon wed fri', 'weekdays', 'weekends', 'daily', 'fri-mon'."""
    normal = _normalize(text)
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
