"""How milestones look in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import RenderableType
from rich.text import Text

from mentorlog.model import Milestone
from mentorlog.render import dates
from mentorlog.render.console import safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Column, Row
from mentorlog.render.human import cell, short_date
from mentorlog.render.records import record_view


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
    return fitted(columns, rows, stdout(), ("Goal", "With", "Day"))


def milestone_view(item: Milestone) -> RenderableType:
    return record_view(
        f"Milestone {item.id}: {item.title}",
        [
            ("Day", dates.day_year(item.on)),
            ("With", item.person),
            ("Goal", str(item.goal) if item.goal else None),
            ("Note", item.note),
        ],
    )
