"""How feedback looks in a terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from rich.console import RenderableType
from rich.text import Text

from mentorlog.model import Feedback
from mentorlog.render import dates
from mentorlog.render.console import safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Column, Row
from mentorlog.render.human import cell, short_date, stars, tags_text
from mentorlog.render.records import record_view
from mentorlog.services.feedback import Rating


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
    return fitted(columns, rows, stdout(), ("About", "Rating", "Day"))


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


def feedback_view(item: Feedback) -> RenderableType:
    way = "from" if item.direction == "received" else "to"
    return record_view(
        f"Feedback {item.id} {way} {item.person}",
        [
            ("Text", item.text),
            ("Day", dates.day_year(item.at.date()) if item.at else None),
            ("Rating", stars(item.rating) if item.rating else None),
            ("Meeting", str(item.meeting) if item.meeting else None),
            ("Goal", str(item.goal) if item.goal else None),
            ("Tags", tags_text(item.tags) if item.tags else None),
        ],
    )


def _day(moment: datetime | None, today: date) -> str:
    return short_date(moment.date(), today) if moment is not None else "?"
