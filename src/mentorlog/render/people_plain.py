"""The people table as plain words, written without rich where nothing writes styles
(`render.people.people_table` is the same table through rich; tests/test_plain_views.py
holds the two to the same output)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from mentorlog.model import Person
from mentorlog.render import dates, fit, plain
from mentorlog.render.console import safe_line
from mentorlog.render.grid import Column, Words
from mentorlog.render.human import clock, offset_from, plural, relative_day, tagged_words
from mentorlog.render.unmarked import unmarked_count
from mentorlog.services.people_read import known_zone
from mentorlog.services.relationships import Heartbeat

# The columns a narrow terminal drops first.
OPTIONAL = ("Zone", "Last met", "Next", "Role", "Name")


def columns(*, with_beats: bool) -> list[Column]:
    chosen = [
        Column("Handle"),
        Column("Name", shrink=1, min_width=10),
        Column("Role"),
        Column("Zone"),
        Column("Their time"),
    ]
    if with_beats:
        chosen += [Column("Last met", shrink=2, min_width=8), Column("Next")]
    return chosen


def local_words(person: Person, now: datetime) -> str:
    """'Sat 19:15 +8h': the time on their clock now, or 'unknown zone'."""
    zone = known_zone(person)
    if zone is None:  # a zone edited by hand; `person show` says how to fix it
        return "unknown zone"
    theirs = now.astimezone(zone)
    offset = offset_from(theirs, now)
    return clock(theirs) if offset.startswith("same") else f"{clock(theirs)} {offset}"


def last_words(beat: Heartbeat | None, now: datetime) -> str:
    """`people.last_text`'s words: '3 days ago', or 'never'; how many past meetings are
    not marked; 'overdue by N days'."""
    if beat is None or beat.last is None:
        words = "never"
    else:
        words = relative_day(beat.last.start.astimezone(now.tzinfo).date(), now.date())
    if beat is not None and beat.unmarked:
        words += f", {unmarked_count(beat.unmarked)}"
    if beat is not None and beat.overdue:
        words += f", overdue by {plural(beat.overdue, 'day')}"
    return words


def next_words(beat: Heartbeat | None, now: datetime) -> str:
    """'Tue 24 Nov' for the next meeting, or '-'."""
    if beat is None or beat.next is None:
        return "-"
    return dates.day(beat.next.start.astimezone(now.tzinfo))


def plain_table(
    people: Sequence[Person], now: datetime, beats: Mapping[str, Heartbeat] | None, width: int
) -> str:
    """The table as plain text `width` cells wide (what `people_table` writes where nothing
    writes styles)."""
    rows = []
    for person in people:
        name = tagged_words(person.name, person.tags)
        cells = [
            safe_line(person.handle),
            f"{name} (archived)" if person.archived else name,
            safe_line(person.role),
            safe_line(person.tz),
            local_words(person, now),
        ]
        if beats is not None:
            beat = beats.get(person.handle)
            cells += [last_words(beat, now), next_words(beat, now)]
        rows.append(Words(cells))
    return fit.fitted_words(columns(with_beats=beats is not None), rows, width, OPTIONAL)


def write_plain(
    people: Sequence[Person], now: datetime, beats: Mapping[str, Heartbeat] | None = None
) -> bool:
    """The table on stdout as plain text, where nothing writes styles; False, having
    written nothing, where rich must write it (`render.views`)."""
    width = plain.width()
    return width is not None and plain.write_table(plain_table(people, now, beats, width))
