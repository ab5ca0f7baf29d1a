"""How meetings look in a terminal: occurrences in your zone, with everyone else's clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.model import Meeting, Person, read_wall
from mentorlog.render import dates
from mentorlog.render.console import safe, safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Row
from mentorlog.render.human import cell, relative_day
from mentorlog.render.meetings_plain import OPTIONAL, columns, status_words, when_text
from mentorlog.services.people import is_working, known_zone

_STATUS_STYLE = {"scheduled": "", "held": "green", "cancelled": "dim strike"}


def their_clocks(o: Occurrence, people: dict[str, Person], zone: ZoneInfo) -> Text:
    """Each participant, with their local time when their zone is not yours, and a warning
    when the meeting falls outside their working hours."""
    text = Text()
    mine = o.start.astimezone(zone)
    for n, handle in enumerate(o.meeting.people):
        if n:
            text.append("\n")
        text.append(safe_line(handle))
        person = people.get(handle)
        if person is None:
            continue
        their_zone = known_zone(person)
        if their_zone is None:
            text.append(" unknown zone", style="red")
            continue
        theirs = o.start.astimezone(their_zone)
        if theirs.utcoffset() != mine.utcoffset():
            day = f"{dates.weekday(theirs)} " if theirs.date() != mine.date() else ""
            text.append(f" {day}{dates.clock(theirs)}", style="cyan")
        if not is_working(person, o.start):
            text.append(" off hours", style="yellow")
    return text


def occurrences_table(
    found: Sequence[Occurrence], people: dict[str, Person], zone: ZoneInfo, now: datetime
) -> Text:
    rows = []
    for o in found:
        status = status_words(o)
        soon = o.start.astimezone(zone).date()
        label = relative_day(soon, now.date())
        when = Text(when_text(o.start, o.end, zone, now.astimezone(zone).date()))
        if label in ("today", "tomorrow"):
            when.append(f" {label}", style="bold")
        cells = [
            Text(str(o.meeting.id), style="bold"),
            when,
            cell(o.title if not o.meeting.place else f"{o.title} @ {o.meeting.place}"),
            their_clocks(o, people, zone),
            Text(status, style=_STATUS_STYLE.get(o.status, "")),
        ]
        rows.append(Row(cells, style="dim" if o.status == "cancelled" else ""))
    return fitted(columns(), rows, stdout(), OPTIONAL)


def meeting_view(
    meeting: Meeting,
    upcoming: Sequence[Occurrence],
    people: dict[str, Person],
    zone: ZoneInfo,
    now: datetime,
    series: Sequence[str] = (),
    clock: str | None = None,
) -> RenderableType:
    """One meeting in full: schedule, people and their clocks, place, notes and agenda;
    `series` says which meetings it continues and continues as ("continues meeting 1"),
    `clock` that an occurrence sits at a wall time the clocks skip or repeat."""
    from rich.table import Table

    title = Text.assemble((f"Meeting {meeting.id}: ", "bold"), (safe_line(meeting.title), "bold"))
    if meeting.status != "scheduled":
        title.append(f"  [{meeting.status}]", style=_STATUS_STYLE.get(meeting.status, ""))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column(overflow="fold")
    facts.add_row("Schedule", Text(safe_line(occ.describe(meeting))))
    if series:
        facts.add_row("Series", Text("\n".join(series)))
    facts.add_row("Length", f"{meeting.duration} minutes")
    if clock:
        facts.add_row("Clock", Text(safe_line(clock[:1].upper() + clock[1:])))
    names = [
        f"{people[h].name} ({h}, {people[h].tz})" if h in people else h for h in meeting.people
    ]
    facts.add_row("With", Text("\n".join(safe_line(name) for name in names)))
    facts.add_row("Channel", cell(meeting.channel))
    facts.add_row("Link", cell(meeting.link))
    if meeting.place:
        facts.add_row("Place", Text(safe_line(meeting.place)))
    if meeting.exdates:
        cancelled = ", ".join(dates.day_year(d) for d in meeting.exdates)
        facts.add_row("Cancelled", cancelled)
    if meeting.rating is not None:
        facts.add_row("Rating", "★" * meeting.rating)
    if meeting.sequence:
        # iCalendar's SEQUENCE, in words: how often it changed since it was scheduled.
        times = "once" if meeting.sequence == 1 else f"{meeting.sequence} times"
        facts.add_row("Changed", f"{times} since it was scheduled")
    if meeting.agenda:
        facts.add_row("Agenda", Text(safe_line(_saved_for(meeting.agenda_for))))
    parts: list[RenderableType] = [title, facts]
    if upcoming:
        parts += [
            Text(""),
            Text("Next", style="bold"),
            occurrences_table(upcoming, people, zone, now),
        ]
    if meeting.notes:
        parts += [Text(""), Text("Notes", style="bold"), Text(safe(meeting.notes))]
    return Group(*parts)


def _saved_for(key: str | None) -> str:
    """'saved for Tue 24 Nov 2026 08:30 (in the notes template; --json has it all)'."""
    when = key or "an earlier date"
    moment = read_wall(key) if key else None
    if moment is not None:
        when = dates.day_year_clock(moment)
    return f"saved for {when}; `meeting notes` starts from it, --json shows it"
