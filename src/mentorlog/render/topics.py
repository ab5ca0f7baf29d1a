"""How talking points look in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import RenderableType
from rich.text import Text

from mentorlog.model import Topic
from mentorlog.render import dates, topics_plain
from mentorlog.render.console import stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Row
from mentorlog.render.human import cell, short_date
from mentorlog.render.records import record_view


def topics_table(topics: Sequence[Topic], today: date) -> Text:
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
    return fitted(topics_plain.columns(), rows, stdout(), topics_plain.OPTIONAL)


def topic_view(topic: Topic) -> RenderableType:
    done = f"discussed {dates.day_year(topic.completed.date())}" if topic.completed else None
    return record_view(
        f"Talking point {topic.id}: {topic.text}",
        [
            ("With", topic.person),
            ("Status", done or "open"),
            ("Added", dates.day_year(topic.created.date()) if topic.created else None),
        ],
    )
