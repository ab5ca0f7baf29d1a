"""Dates and instants as people write them: ISO 8601, 'Dec 1', '1 Dec 2026', '24.12.2026',
'fri', 'next tue', 'this fri', 'next week', 'end of month', 'tomorrow 15:00', 'in 3 days',
'2 weeks ago', each read in a zone.

dateutil's parser is imported only for written dates ('Dec 1'), never on the start-up path.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from mentorlog.errors import InvalidInput
from mentorlog.timeparse.hours import read_clock
from mentorlog.timeparse.text import (
    DAY_NAMES,
    LIBRARY_ERRORS,
    MONTH_ABBRS,
    WEEKDAY_WORDS,
    Pattern,
    cannot,
    check_year,
    normalize,
    out_of_range,
    quote,
    written,
)
from mentorlog.timeparse.zones import localize

Prefer = Literal["future", "past"]

# Kept as text to stay on a few lines; split once at import.
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTH_WORDS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTH_ABBRS, 1)},
    **{name: i for i, name in enumerate(_MONTH_NAMES.split(), 1)},
    "sept": 9,
}

_WHEN_EXAMPLES = "'tomorrow 15:00', 'fri 9am' or '2026-12-01 09:00'"
_DATE_EXAMPLES = "2026-12-01, 'Dec 1', 'fri' or 'in 2 weeks'"


_ISO_DATE = Pattern(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = Pattern(
    r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?"
)
_WEEKDAY_RE = Pattern(r"(?:(?P<which>next|last)\s+)?(?P<day>[a-z]+)")
_RELATIVE_RE = Pattern(
    r"in\s+(?:(?P<n>\d+)\s*|(?P<a>an?)\s+)(?P<unit>[a-z]+)"
    r"|(?:(?P<n2>\d+)\s*|(?P<a2>an?)\s+)(?P<unit2>[a-z]+)\s+ago"
)
_NUMERIC_DATE = Pattern(r"[\d./-]+")
_DAY_MONTH = Pattern(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?:[/.](?P<year>\d{4}))?")
_WRITTEN_CHARS = Pattern(r"[a-z0-9 ,./-]+")
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
    if match is None or match["day"] not in WEEKDAY_WORDS:
        return None
    target = WEEKDAY_WORDS[match["day"]]
    which = match["which"] or ("next" if prefer == "future" else "last")
    if which == "next":
        return today + timedelta(days=(target - today.weekday()) % 7 or 7)
    return today - timedelta(days=(today.weekday() - target) % 7 or 7)


def _read_period_word(normal: str, today: date) -> date | None:
    """'next week' (its Monday), 'last week', 'next month' (its 1st), 'last month',
    'this fri' (today if it is a Friday, else the coming one), 'end of month' (its last day),
    'end of week' (its Sunday), 'end of year'."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    shifts = {"next week": 1, "last week": -1, "next month": 1, "last month": -1}
    if normal in shifts:
        if normal.endswith("week"):
            return monday + timedelta(weeks=shifts[normal])
        return _first_of_month(first, shifts[normal])
    end = normal.removeprefix("end of ").removeprefix("the ")
    if normal.startswith("end of ") and end in ("month", "week", "year"):
        if end == "week":
            return monday + timedelta(days=6)
        if end == "year":
            return date(today.year, 12, 31)
        return _first_of_month(first, 1) - timedelta(days=1)
    this, _, day = normal.partition(" ")
    if this == "this" and day in WEEKDAY_WORDS:
        return today + timedelta(days=(WEEKDAY_WORDS[day] - today.weekday()) % 7)
    return None


def _first_of_month(first: date, count: int) -> date:
    """The 1st of the month `count` months from `first` (a 1st), without dateutil."""
    year, month = divmod(first.year * 12 + first.month - 1 + count, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    return date(year, month + 1, 1)


def _read_dotted(normal: str) -> date | None:
    """'24.12.2026': dots with a four-digit year are day-first wherever they are written."""
    match = _DAY_MONTH.fullmatch(normal)
    if match is None or match["sep"] != "." or not match["year"] or "/" in normal:
        return None
    return date(int(match["year"]), int(match["b"]), int(match["a"]))  # ValueError: no such day


def _refuse_numeric(text: str, normal: str, today: date) -> None:
    """'12/01/2026' and '1.5' mean different days in different countries: refuse."""
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
            f"write it as {example.isoformat()} or {written(example)}."
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
    weekdays = [w for w in words if w in WEEKDAY_WORDS]
    if len(months) != 1 or len(weekdays) > 1:
        return None
    known = _MONTH_WORDS.keys() | WEEKDAY_WORDS.keys() | _WRITTEN_FILLERS
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
    if weekdays and result.weekday() != WEEKDAY_WORDS[weekdays[0]]:
        raise InvalidInput(
            f"{written(result)} is a {DAY_NAMES[result.weekday()]}, "
            f"not a {DAY_NAMES[WEEKDAY_WORDS[weekdays[0]]]}."
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
            except (*LIBRARY_ERRORS, Warning):
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
    named = _read_period_word(normal, today)
    if named is not None:
        return named
    if _NUMERIC_DATE.fullmatch(normal):
        dotted = _read_dotted(normal)
        if dotted is not None:
            return dotted
        _refuse_numeric(text, normal, today)
        return None
    return _read_written(text, normal, today, prefer)


def _read_iso_datetime(normal: str) -> datetime | None:
    if _ISO_DATETIME.fullmatch(normal) is None:
        return None
    return datetime.fromisoformat(normal.upper())


def parse_date(text: str, *, today: date, prefer: Prefer = "future", what: str = "date") -> date:
    """A calendar date: ISO, today/tomorrow/yesterday, weekdays, relative or written forms."""
    normal = normalize(text)
    if normal is None:
        raise cannot(text, what, _DATE_EXAMPLES)
    try:
        moment = _read_iso_datetime(normal)
        if moment is not None:
            result: date | None = moment.date()  # the date in its own offset
        else:
            result = _read_date(text, normal, today, prefer, sub_day=True)
    except OverflowError as exc:
        raise out_of_range(text, what) from exc
    except LIBRARY_ERRORS as exc:
        raise cannot(text, what, _DATE_EXAMPLES) from exc
    if result is None:
        raise cannot(text, what, _DATE_EXAMPLES)
    check_year(result, text, what)
    return result


# --- instants --------------------------------------------------------------------------------

_CLOCK_PATTERN = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?|\d{1,2}\s*[ap]m|noon|midnight)"
_OFFSET_PATTERN = r"(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)"
_TIME_LAST = Pattern(
    rf"(?:(?P<date>.*?)\s+(?:at\s+)?)?(?P<clock>{_CLOCK_PATTERN})"
    rf"(?:\s*(?P<offset>{_OFFSET_PATTERN}))?"
)
_TIME_FIRST = Pattern(
    rf"(?P<clock>{_CLOCK_PATTERN})(?:\s*(?P<offset>{_OFFSET_PATTERN}))?\s+(?P<date>.+)"
)
_OFFSET_RE = Pattern(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?")
# Zone abbreviations mean different offsets in different places (IST, BST, CST): refused.
_ZONE_ABBREVIATIONS = (
    "est edt cst cdt mst mdt pst pdt akst akdt hst cet cest eet eest wet west bst ist msk "
    "jst kst aest aedt acst acdt awst nzst nzdt sgt hkt pht wib sast cat eat wat brt art"
)
_ZONE_WORDS = frozenset(_ZONE_ABBREVIATIONS.split())
_ZONE_NAME = Pattern(
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
    normal = normalize(text)
    if normal is None:
        raise cannot(text, what, _WHEN_EXAMPLES)
    try:
        result = _read_when(text, normal, now, tz, default_time, prefer, what, notes)
    except OverflowError as exc:
        raise out_of_range(text, what) from exc
    except LIBRARY_ERRORS as exc:
        raise cannot(text, what, _WHEN_EXAMPLES) from exc
    check_year(result.date(), text, what)
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
        raise cannot(text, what, _WHEN_EXAMPLES)
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
    clock = read_clock(clock_text, bare_hour=False) if clock_text else None
    if day is None or (clock_text and clock is None):
        raise cannot(text, what, _WHEN_EXAMPLES)
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
