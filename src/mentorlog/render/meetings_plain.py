"""The occurrences table (`meeting list`, the dashboard's week) as plain words, written
without rich where nothing writes styles (`render.meetings.occurrences_table` is the same
table through rich; tests/test_plain_views.py holds the two to the same output)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from mentorlog.calendar.occurrences import Occurrence
from mentorlog.model import Person
from mentorlog.render import dates, fit, plain
from mentorlog.render.console import safe_line
from mentorlog.render.grid import Column, Words
from mentorlog.render.human import relative_day
from mentorlog.services.people_read import is_working, known_zone

# The columns a narrow terminal drops first.
OPTIONAL = ("Status", "With")


def columns() -> list[Column]:
    return [
        Column("ID", justify="right"),
        Column("When"),
        Column("Meeting", shrink=1, min_width=10),
        Column("With", shrink=2, min_width=8),
        Column("Status"),
    ]


def when_text(start: datetime, end: datetime, zone: ZoneInfo, today: date | None = None) -> str:
    """'Tue 1 Dec 09:00-09:45' in `zone`; the year too for a day not in `today`'s year."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    return f"{dates.day(a, today=today)} {dates.span(a, b)}"


def when_words(o: Occurrence, zone: ZoneInfo, now: datetime) -> str:
    """The When cell: `when_text`, and 'today' or 'tomorrow' after it."""
    label = relative_day(o.start.astimezone(zone).date(), now.date())
    when = when_text(o.start, o.end, zone, now.astimezone(zone).date())
    return f"{when} {label}" if label in ("today", "tomorrow") else when


def status_words(o: Occurrence) -> str:
    return o.status if o.rating is None else f"{o.status} {'★' * o.rating}"


def title_words(o: Occurrence) -> str:
    title = o.title if not o.meeting.place else f"{o.title} @ {o.meeting.place}"
    return safe_line(title) if title else "-"


def clock_words(o: Occurrence, people: dict[str, Person], zone: ZoneInfo) -> str:
    """`meetings.their_clocks`' words: each participant on a line, with their clock where it
    is not yours, 'unknown zone' or 'off hours'."""
    lines = []
    mine = o.start.astimezone(zone)
    for handle in o.meeting.people:
        words = safe_line(handle)
        person = people.get(handle)
        if person is not None:
            their_zone = known_zone(person)
            if their_zone is None:
                words += " unknown zone"
            else:
                theirs = o.start.astimezone(their_zone)
                if theirs.utcoffset() != mine.utcoffset():
                    day = f"{dates.weekday(theirs)} " if theirs.date() != mine.date() else ""
                    words += f" {day}{dates.clock(theirs)}"
                if not is_working(person, o.start):
                    words += " off hours"
        lines.append(words)
    return "\n".join(lines)


def plain_table(
    found: Sequence[Occurrence],
    people: dict[str, Person],
    zone: ZoneInfo,
    now: datetime,
    width: int,
) -> str:
    """The occurrences table as plain text `width` cells wide (what `occurrences_table`
    writes where nothing writes styles)."""
    rows = [
        Words(
            [
                str(o.meeting.id),
                when_words(o, zone, now),
                title_words(o),
                clock_words(o, people, zone),
                status_words(o),
            ]
        )
        for o in found
    ]
    return fit.fitted_words(columns(), rows, width, OPTIONAL)


def write_plain(
    found: Sequence[Occurrence], people: dict[str, Person], zone: ZoneInfo, now: datetime
) -> bool:
    """The table on stdout as plain text, where nothing writes styles; False, having
    written nothing, where rich must write it."""
    width = plain.width()
    if width is None:
        return False
    return plain.write_table(plain_table(found, people, zone, now, width))
