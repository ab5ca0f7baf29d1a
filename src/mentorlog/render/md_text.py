"""The Markdown export's text: user text made safe inside the document, and its dates.

One-line text (titles, handles, action items) has its Markdown punctuation escaped
(`inline`), so a title starting with `#` or `1.` stays a title, and longer text (notes,
expectations, a saved agenda) is quoted line by line (`block`), so its own headings and lists
stay inside the quote. Control characters are made visible. Shared by the plain renderer
(`render.journal_md`) and the one writing usual records from their fields
(`render.journal_md_fast`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from mentorlog.errors import InvalidInput
from mentorlog.model.readers import _opt_date, read_wall
from mentorlog.render.console import safe, safe_line
from mentorlog.render.dates import _DAYS as _WEEKDAYS
from mentorlog.render.dates import _MONTHS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model import Meeting

# `_` only makes emphasis at a word's edge, so `America/New_York` is left as it is.
_INLINE = re.compile(r"([\\`*\[\]<>]|(?<!\w)_|_(?!\w))")
# Every character `_INLINE` may escape: a line with none has nothing to escape (a plain
# character class is found many times faster than `_INLINE` with its look-arounds).
_MAY_ESCAPE = re.compile(r"[\\`*\[\]<>_]")
_ESCAPE_TABLE = str.maketrans({char: "\\" + char for char in "\\`*[]<>"})
_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_BLOCK_MARKS = frozenset("#>+=|~-")
_BLOCK_START = re.compile(r"^([#>+=|~-]|\d+[.)])")
_HTML_START = re.compile(r"^(\s*)<")
# In ASCII text (`str.isascii` reads a flag: no scan), what `inline` may change: a control
# character (the ASCII `str.isprintable` refuses), a character `_INLINE` may escape, or two
# spaces together (`safe_line` makes them one). Text with none of these, and no space, block
# mark or digit at its start nor space at its end, is its own `inline`.
_ASCII_MAY_CHANGE = re.compile(r"[\x00-\x1f\x7f\\`*\[\]<>_]")
_MAY_START = frozenset("0123456789 #>+=|~-")


# -- text ------------------------------------------------------------------------------------


def inline(text: str) -> str:
    """User text on one line that cannot change the Markdown around it: control characters
    visible, emphasis, code, links and HTML escaped, and no heading, quote or list marker
    at its start."""
    # One translate table for the characters escaped wherever they are, and `_INLINE`'s
    # rule for `_` (at a word's edge only) where there is one: a backslash put before a
    # character that is not a word character leaves the edges of every `_` as they were.
    # tests/test_export_fast_paths.py holds this to `_INLINE.sub` over the whole line.
    if (
        text.isascii()
        and _ASCII_MAY_CHANGE.search(text) is None
        and "  " not in text
        and text
        and text[0] not in _MAY_START
        and text[-1] != " "
    ):
        return text  # the usual title (tests/test_export_md_fast.py)
    line = safe_line(text)
    if _MAY_ESCAPE.search(line) is not None:  # most lines have nothing to escape
        line = line.translate(_ESCAPE_TABLE)
        if "_" in line:
            line = _UNDERSCORE.sub(r"\\_", line)
    first = line[:1]
    if not first or not (first in _BLOCK_MARKS or first.isdigit()):
        return line
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    marker = match.group(1)
    return f"{marker[:-1]}\\{marker[-1]}{line[len(marker) :]}"


def block(text: str) -> list[str]:
    """Longer user text quoted line by line (its own Markdown stays inside the quote)."""
    if "<" not in text:
        # The usual text: no HTML to escape, and when every character but the line breaks is
        # printable, no control character to show either (each one `safe` shows is not
        # printable). tests/test_export_fast_paths.py holds this to the plain way.
        if text.isprintable():
            return [("> " + text).rstrip()]
        if text.replace("\n", "").isprintable():
            return [("> " + line).rstrip() for line in text.strip("\n").split("\n")]
    lines = safe(text).strip("\n").split("\n")
    return [("> " + _HTML_START.sub(r"\1\\<", line)).rstrip() for line in lines]


def quoted(label: str, text: str | None) -> list[str]:
    if not text or not text.strip():
        return []
    return [f"{label}:", "", *block(text), ""]


def quote(text: str) -> str:
    """`block`'s lines joined, the usual text without being cut into lines: when it holds
    no HTML, no character `safe` changes but its line breaks, no empty line and no line
    ending in a space (the one white space a printable text holds), each line is itself
    after "> " (tests/test_export_md_reading.py)."""
    if "<" not in text:
        if text.isprintable():
            return ("> " + text).rstrip()
        inner = text.strip("\n")
        if "\n\n" not in inner and " \n" not in inner and inner.replace("\n", "").isprintable():
            return ("> " + inner.replace("\n", "\n> ")).rstrip()
    return "\n".join(block(text))


def quoted_text(label: str, text: str | None) -> tuple[str, ...]:
    """`quoted`'s lines, the text's as one (`quote`)."""
    if not text or not text.strip():
        return ()
    return (f"{label}:", "", quote(text), "")


def _day(day: date) -> str:
    return _day_text(day.date() if isinstance(day, datetime) else day)


# A journal's records fall on a few thousand days (7,300 in the benchmark's twenty years):
# each day's text is made once a run (100,000 records ask for 250,000 dates), the same text
# `dates.day_year` makes (tests/test_export_md_fast.py holds the two together), by the
# day's ordinal (`toordinal()`), which a moment gives without making a date first.
class _Days(dict[int, str]):
    def __missing__(self, ordinal: int) -> str:
        day = date.fromordinal(ordinal)
        text = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
        self[ordinal] = text
        return text


def _day_text(day: date) -> str:
    """`dates.day_year`, each day's text made once a run (`_DAYS`)."""
    return _DAYS[day.toordinal()]


_DAYS = _Days()


class _Dates(dict[str, tuple[date | None, str]]):
    """A stored day (a goal's or action item's `due`, a milestone's `on`) as its model reads
    it (`Goal.due_of`: None when it is not one) and its text, by the stored text: each made
    once a run (100,000 records hold 50,000 of them, on a few thousand days)."""

    def __missing__(self, text: str) -> tuple[date | None, str]:
        day = _opt_date({"due": text}, "due")  # `Goal.due_of`
        found = self[text] = (day, "" if day is None else _day_text(day))
        return found


_DATES = _Dates()
NO_DATE: tuple[date | None, str] = (None, "")


# Each minute of the day as `dates.clock` writes it.
_CLOCKS = tuple(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60))


def _wall(moment: datetime) -> str:
    """`dates.day_year_clock`, the day's part made once a day."""
    return f"{_DAYS[moment.toordinal()]} {_CLOCKS[moment.hour * 60 + moment.minute]}"


def _wall_key(text: str) -> str:
    """A stored wall time ('2026-12-01T09:00:00') as 'Tue 1 Dec 2026 09:00'."""
    moment = read_wall(text)
    return _wall(moment) if moment is not None else safe_line(text)


def _moment(moment: datetime, zone: ZoneInfo) -> str:
    return f"{_wall(moment.astimezone(zone))} {zone.key}"


def _stamp(moment: datetime | None, zone: ZoneInfo) -> str:
    """An instant in the user's zone, without the zone ('' when it is unknown)."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{_DAYS[local.toordinal()]} {_CLOCKS[local.hour * 60 + local.minute]}"


def your_time(meeting: Meeting, zone: ZoneInfo) -> str | None:
    """When the first occurrence starts in the user's zone, if that is not the meeting's."""
    from mentorlog.calendar.occurrences import instant

    if meeting.tz == zone.key:
        return None
    try:
        first = instant(meeting, meeting.start)
    except InvalidInput:  # an unknown zone in a hand-edited journal: say nothing, do not fail
        return None
    return f"{_moment(first, zone)} (the first one)"
