"""How action items and talking points look in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from mentorlog.model import ActionItem, Topic
from mentorlog.render.console import safe_line, stdout
from mentorlog.render.grid import Column, Row, layout
from mentorlog.render.human import cell, due_text, short_date


def actions_table(actions: Sequence[ActionItem], today: date) -> Text:
    columns = [
        Column("ID", justify="right"),
        Column("Action", shrink=1, min_width=12),
        Column("Owner"),
        Column("Due", shrink=2, min_width=8),
        Column("For"),
        Column("From"),
    ]
    rows = []
    for action in actions:
        links = " ".join(
            part
            for part in (
                f"meeting {action.meeting}" if action.meeting else "",
                f"goal {action.goal}" if action.goal else "",
            )
            if part
        )
        done = Text("done", style="green") if not action.is_open else None
        cells = [
            Text(str(action.id), style="bold"),
            cell(action.text),
            Text(safe_line(action.owner), style="bold" if action.owner == "me" else ""),
            done or due_text(action.due, today),
            cell(action.person),
            cell(links or None),
        ]
        rows.append(Row(cells, style="" if action.is_open else "dim"))
    return layout(columns, rows, stdout())


def topics_table(topics: Sequence[Topic], today: date) -> Text:
    columns = [
        Column("ID", justify="right"),
        Column("Talking point", shrink=1, min_width=12),
        Column("With"),
        Column("Added"),
    ]
    rows = []
    for topic in topics:
        added = short_date(topic.created.date(), today) if topic.created else ""
        text = cell(topic.text)
        if not topic.is_open:
            text.append(" (done)", style="green")
        rows.append(
            Row([Text(str(topic.id), style="bold"), text, cell(topic.person), Text(added)],
                style="" if topic.is_open else "dim")
        )  # fmt: skip
    return layout(columns, rows, stdout())
