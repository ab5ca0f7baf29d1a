"""The talking points table as plain words, written without rich where nothing writes
styles (`render.topics.topics_table` is the same table through rich;
tests/test_plain_views.py holds the two to the same output)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mentorlog.model import Topic
from mentorlog.render import fit, plain
from mentorlog.render.console import safe_line
from mentorlog.render.grid import Column, Words
from mentorlog.render.human import short_date

# The columns a narrow terminal drops first.
OPTIONAL = ("Added", "With")


def columns() -> list[Column]:
    return [
        Column("ID", justify="right"),
        Column("Talking point", shrink=1, min_width=12),
        Column("With"),
        Column("Added"),
    ]


def plain_table(topics: Sequence[Topic], today: date, width: int) -> str:
    """The table as plain text `width` cells wide (what `topics_table` writes where nothing
    writes styles)."""
    rows = []
    for topic in topics:
        text = safe_line(topic.text) if topic.text else "-"
        cells = [
            str(topic.id),
            text if topic.is_open else f"{text} (done)",
            safe_line(topic.person) if topic.person else "-",
            short_date(topic.created.date(), today) if topic.created else "",
        ]
        rows.append(Words(cells))
    return fit.fitted_words(columns(), rows, width, OPTIONAL)


def write_plain(topics: Sequence[Topic], today: date) -> bool:
    """The table on stdout as plain text, where nothing writes styles; False, having
    written nothing, where rich must write it (`render.views`)."""
    width = plain.width()
    return width is not None and plain.write_table(plain_table(topics, today, width))
