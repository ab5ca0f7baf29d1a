"""How people look in a terminal: the list, and one relationship in full."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog import timeparse
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput
from mentorlog.model import Goal, Person
from mentorlog.render import dates, people_plain
from mentorlog.render.console import safe, safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.goals import goals_table
from mentorlog.render.grid import Row
from mentorlog.render.human import (
    cell,
    clock,
    offset_from,
    plural,
    relative_day,
    stars,
    tagged,
    tags_text,
)
from mentorlog.render.unmarked import unmarked_count, unmarked_lines
from mentorlog.services.people import is_working, known_zone
from mentorlog.services.relationships import UNMARKED_WINDOW, Heartbeat

if TYPE_CHECKING:
    from mentorlog.services.feedback import Rating


def people_table(
    people: list[Person], now: datetime, beats: Mapping[str, Heartbeat] | None = None
) -> Text:
    """One row per person: the time on their clock right now and, given heartbeats, when
    you last met (flagged when overdue by their cadence) and when you meet next."""
    rows = []
    for person in people:
        name = tagged(person.name, person.tags)
        if person.archived:
            name.append(" (archived)", style="italic")
        cells = [
            Text(safe_line(person.handle), style="bold"),
            name,
            Text(safe_line(person.role)),
            Text(safe_line(person.tz)),
            local_time(person, now),
        ]
        if beats is not None:
            beat = beats.get(person.handle)
            cells += [last_text(beat, now), next_text(beat, now)]
        rows.append(Row(cells, style="dim" if person.archived else ""))
    columns = people_plain.columns(with_beats=beats is not None)
    return fitted(columns, rows, stdout(), people_plain.OPTIONAL)


def last_text(beat: Heartbeat | None, now: datetime) -> Text:
    """When you last met (a meeting held): '3 days ago', or 'never'; then how many past
    meetings are not marked, and, red, 'overdue by N days' past the cadence."""
    if beat is None or beat.last is None:
        text = Text("never", style="dim")
    else:
        text = Text(relative_day(beat.last.start.astimezone(now.tzinfo).date(), now.date()))
    if beat is not None and beat.unmarked:
        text.append(f", {unmarked_count(beat.unmarked)}", style="yellow")
    if beat is not None and beat.overdue:
        text.append(f", overdue by {plural(beat.overdue, 'day')}", style="bold red")
    return text


def next_text(beat: Heartbeat | None, now: datetime) -> Text:
    """'Tue 24 Nov' for the next meeting, or '-'."""
    words = people_plain.next_words(beat, now)
    return Text(words, style="dim" if words == "-" else "")


def local_time(person: Person, now: datetime) -> Text:
    """'Sat 19:15 +8h', dimmed when they are outside working hours."""
    words = people_plain.local_words(person, now)
    if known_zone(person) is None:  # a zone edited by hand; `person show` says how to fix it
        return Text(words, style="red")
    return Text(words, style="" if is_working(person, now) else "dim")


def cadence_text(cadence: str | None) -> str | None:
    """'2w' -> 'every 2 weeks'."""
    if cadence is None:
        return None
    try:
        period = timeparse.parse_period(cadence)
    except InvalidInput:
        return cadence
    unit = {"d": "day", "w": "week", "m": "month"}[period.unit]
    return f"every {unit}" if period.count == 1 else f"every {period.count} {unit}s"


def person_view(
    person: Person,
    goals: list[Goal],
    now: datetime,
    beat: Heartbeat | None = None,
    rating: Rating | None = None,
) -> RenderableType:
    """The relationship at a glance: who, where and when they are, how you meet, shared goals."""
    from rich.table import Table  # only the detail views need rich's table (about 5 ms)

    title = Text.assemble(
        (safe_line(person.name), "bold"),
        f" ({safe_line(person.handle)}) · {safe_line(person.role)}",
    )
    if person.archived:
        title.append(" · archived", style="italic dim")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column(overflow="fold")
    facts.add_row("Zone", _zone_text(person, now))
    facts.add_row("Hours", Text(safe_line(f"{person.hours}, {_days_text(person.days)}")))
    facts.add_row("Channel", cell(person.channel))
    facts.add_row("Cadence", cell(cadence_text(person.cadence)))
    if beat is not None:
        last = _met(beat.last, now) or Text("never", style="dim")
        if beat.overdue:
            last.append(f"; overdue by {plural(beat.overdue, 'day')}", style="bold red")
        facts.add_row("Last met", last)
        facts.add_row("Next", _met(beat.next, now) or Text("nothing scheduled", style="dim"))
        if beat.unmarked:
            facts.add_row("Not marked", _unmarked(beat, now))
    if rating is not None:
        facts.add_row("Rated", rating_text(rating))
    facts.add_row("Email", cell(person.email))
    facts.add_row("Expectations", Text(safe(person.expectations)) if person.expectations else "-")
    if person.tags:
        facts.add_row("Tags", tags_text(person.tags))
    parts: list[RenderableType] = [title, facts, Text("")]
    if goals:
        parts += [
            Text(f"Goals with {safe_line(person.name)}", style="bold"),
            goals_table(goals, now.date(), show_person=False),
        ]
    else:
        parts.append(
            Text(
                safe_line(
                    f"No active goals with {person.handle} yet: "
                    f"mentorlog goal add TITLE --with {person.handle}"
                ),
                style="dim",
            )
        )
    return Group(*parts)


def _zone_text(person: Person, now: datetime) -> Text:
    """'Asia/Tokyo: Sat 19:15 there now, +8h (working hours)'; for a zone a hand edit made
    unknown, what it is and the command that fixes it."""
    zone = known_zone(person)
    if zone is None:
        return Text(
            safe_line(
                f"{timeparse.quote(person.tz)} is not a time zone; fix it with "
                f"`mentorlog person edit {person.handle} --tz ZONE`"
            ),
            style="red",
        )
    theirs = now.astimezone(zone)
    working = "working hours" if is_working(person, now) else "outside working hours"
    return Text(
        safe_line(f"{person.tz}: {clock(theirs)} there now, {offset_from(theirs, now)} ({working})")
    )


def _days_text(days: list[str]) -> str:
    """'mon-fri'; days a hand edit left unreadable are listed as they are."""
    try:
        return timeparse.format_days(days)
    except (InvalidInput, ValueError):
        return ", ".join(days)


def _met(o: Occurrence | None, now: datetime) -> Text | None:
    """'Tue 17 Nov 09:00, 4 days ago: Mentoring with Alice Chen (meeting 1)'."""
    if o is None:
        return None
    local = o.start.astimezone(now.tzinfo)
    ago = relative_day(local.date(), now.date())
    when = f"{dates.day_clock(local)}, {ago}"
    return Text(f"{when}: {safe_line(o.title)} (meeting {o.meeting.id})")


def _unmarked(beat: Heartbeat, now: datetime) -> Text:
    """The past meetings nobody marked, with the commands that mark them."""
    days, many = UNMARKED_WINDOW.days, len(beat.unmarked) > 1
    text = Text(
        f"{unmarked_count(beat.unmarked)} in the last {days} days: "
        f"did {'they' if many else 'it'} happen?\n"
    )
    text.append(Text("\n").join(unmarked_lines(beat.unmarked, now)))
    return text


def rating_text(rating: Rating) -> Text:
    """'★★★★☆ 4.3 on average over 6 meetings'."""
    line = stars(round(rating.average))
    line.append(f" {rating.average:.1f} on average over {plural(rating.count, 'meeting')}")
    return line
