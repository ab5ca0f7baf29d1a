"""How notes and reflections look in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog.model import Note
from mentorlog.render.console import safe, safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Column, Row
from mentorlog.render.human import cell, short_date, tags_text


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
    return fitted(columns, rows, stdout(), ("With", "Day"))


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
