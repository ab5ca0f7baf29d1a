"""How people look in a terminal: the list, and one relationship in full."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import Goal, Person
from mentorlog.render.console import safe, safe_line, stdout
from mentorlog.render.goals import goals_table
from mentorlog.render.grid import Column, Row, layout
from mentorlog.render.human import cell, clock, offset_from, tagged, tags_text
from mentorlog.services.people import is_working


def people_table(people: list[Person], now: datetime) -> Text:
    """One row per person, with the time on their clock right now."""
    columns = [
        Column("Handle"),
        Column("Name", shrink=1, min_width=10),
        Column("Role"),
        Column("Zone", shrink=3, min_width=8),
        Column("Their time"),
        Column("Meets", shrink=2, min_width=8),
    ]
    rows = []
    for person in people:
        name = tagged(person.name, person.tags)
        if person.archived:
            name.append(" (archived)", style="italic")
        cells = [
            Text(person.handle, style="bold"),
            name,
            Text(person.role),
            Text(person.tz),
            local_time(person, now),
            meets_text(person),
        ]
        rows.append(Row(cells, style="dim" if person.archived else ""))
    return layout(columns, rows, stdout())


def meets_text(person: Person) -> Text:
    """How you meet: 'video, every 2 weeks'."""
    parts = [p for p in (person.channel, cadence_text(person.cadence)) if p]
    return Text(", ".join(parts)) if parts else Text("-", style="dim")


def local_time(person: Person, now: datetime) -> Text:
    """'Sat 19:15 +8h', dimmed when they are outside working hours."""
    theirs = now.astimezone(timeparse.get_zone(person.tz))
    offset = offset_from(theirs, now)
    text = clock(theirs) if offset.startswith("same") else f"{clock(theirs)} {offset}"
    return Text(text, style="" if is_working(person, now) else "dim")


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


def person_view(person: Person, goals: list[Goal], now: datetime) -> RenderableType:
    """The relationship at a glance: who, where and when they are, how you meet, shared goals."""
    from rich.table import Table  # only the detail views need rich's table (about 5 ms)

    theirs = now.astimezone(timeparse.get_zone(person.tz))
    working = "working hours" if is_working(person, now) else "outside working hours"
    title = Text.assemble((safe_line(person.name), "bold"), f" ({person.handle}) · {person.role}")
    if person.archived:
        title.append(" · archived", style="italic dim")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column(overflow="fold")
    facts.add_row(
        "Zone", f"{person.tz}: {clock(theirs)} there now, {offset_from(theirs, now)} ({working})"
    )
    facts.add_row("Hours", f"{person.hours}, {timeparse.format_days(person.days)}")
    facts.add_row("Channel", cell(person.channel))
    facts.add_row("Cadence", cell(cadence_text(person.cadence)))
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
                f"No active goals with {person.handle} yet: "
                f"mentorlog goal add TITLE --with {person.handle}",
                style="dim",
            )
        )
    return Group(*parts)
