"""How feedback, milestones and notes look in a terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog.model import Feedback, Milestone, Note
from mentorlog.render.console import safe, safe_line, stdout
from mentorlog.render.grid import Column, Row, layout
from mentorlog.render.human import cell, short_date, stars, tags_text
from mentorlog.services.entries import Rating


def feedback_table(items: Sequence[Feedback], today: date) -> Text:
    columns = [
        Column("ID", justify="right"),
        Column("Day"),
        Column("Who"),
        Column("Feedback", shrink=1, min_width=16),
        Column("Rating"),
        Column("About", shrink=2, min_width=8),
    ]
    rows = []
    for item in items:
        arrow = "← from " if item.direction == "received" else "→ to "
        about = " ".join(
            part
            for part in (
                f"meeting {item.meeting}" if item.meeting else "",
                f"goal {item.goal}" if item.goal else "",
            )
            if part
        )
        text = cell(item.text)
        if item.tags:
            text.append(" ")
            text.append_text(tags_text(item.tags))
        rows.append(
            Row(
                [
                    Text(str(item.id), style="bold"),
                    Text(_day(item.at, today)),
                    Text(arrow + safe_line(item.person)),
                    text,
                    stars(item.rating),
                    cell(about or None),
                ]
            )
        )
    return layout(columns, rows, stdout())


def ratings_line(ratings: Mapping[str, Rating]) -> Text | None:
    """'Meetings rated: alice ★ 4.5 (4) · bo ★ 3.0 (1)', or None when nothing was rated."""
    if not ratings:
        return None
    line = Text("\nMeetings rated: ", style="bold")
    for index, (handle, rating) in enumerate(sorted(ratings.items())):
        if index:
            line.append(" · ", style="dim")
        line.append(f"{safe_line(handle)} ")
        line.append("★", style="yellow")
        line.append(f" {rating.average:.1f} ({rating.count})")
    return line


def milestones_table(items: Sequence[Milestone], today: date) -> Text:
    columns = [
        Column("ID", justify="right"),
        Column("Day"),
        Column("Milestone", shrink=1, min_width=16),
        Column("With"),
        Column("Goal"),
    ]
    rows = []
    for item in items:
        title = Text("★ ", style="magenta") + cell(item.title)
        if item.note:
            title.append(f" ({safe_line(item.note)})", style="dim")
        rows.append(
            Row(
                [
                    Text(str(item.id), style="bold"),
                    Text(short_date(item.on, today)),
                    title,
                    cell(item.person),
                    cell(str(item.goal) if item.goal else None),
                ]
            )
        )
    return layout(columns, rows, stdout())


def notes_table(items: Sequence[Note], now: datetime) -> Text:
    columns = [
        Column("ID", justify="right"),
        Column("Day"),
        Column("Note", shrink=1, min_width=16),
        Column("With", shrink=2, min_width=6),
    ]
    rows = []
    today = now.date()
    for item in items:
        text = Text()
        if item.private:
            text.append("private ", style="bold yellow")
        text.append_text(cell(_first_line(item.text)))
        if item.tags:
            text.append(" ")
            text.append_text(tags_text(item.tags))
        rows.append(
            Row(
                [
                    Text(str(item.id), style="bold"),
                    Text(_day(item.at, today)),
                    text,
                    cell(", ".join(item.people) or None),
                ]
            )
        )
    return layout(columns, rows, stdout())


def note_view(note: Note, now: datetime) -> RenderableType:
    heading = Text(f"Note {note.id}", style="bold")
    heading.append(f" · {_day(note.at, now.date())}")
    if note.people:
        heading.append(f" · with {safe_line(', '.join(note.people))}")
    if note.private:
        heading.append(" · private", style="bold yellow")
    parts: list[RenderableType] = [heading]
    if note.tags:
        parts.append(tags_text(note.tags))
    if note.prompt:
        parts.append(Text(safe(note.prompt), style="italic"))
    parts += [Text(""), Text(safe(note.text))]
    return Group(*parts)


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    first = lines[0] if lines else ""
    return f"{first} …" if len(lines) > 1 else first


def _day(moment: datetime | None, today: date) -> str:
    return short_date(moment.date(), today) if moment is not None else "?"
