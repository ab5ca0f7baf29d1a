"""The action items table as plain words, written without rich where nothing writes styles
(`render.actions.actions_table` is the same table through rich; tests/test_plain_views.py
holds the two to the same output)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mentorlog.model import ActionItem
from mentorlog.render import fit, plain
from mentorlog.render.console import safe_line
from mentorlog.render.grid import Column, Words
from mentorlog.render.human import due_words

# The columns a narrow terminal drops first.
OPTIONAL = ("From", "For", "Owner")


def columns() -> list[Column]:
    return [
        Column("ID", justify="right"),
        Column("Action", shrink=1, min_width=12),
        Column("Owner"),
        Column("Due", shrink=2, min_width=8),
        Column("For"),
        Column("From"),
    ]


def links_words(action: ActionItem) -> str:
    """'meeting 3 goal 2': what the action item came from, or '-'."""
    parts = [
        f"meeting {action.meeting}" if action.meeting else "",
        f"goal {action.goal}" if action.goal else "",
    ]
    return " ".join(part for part in parts if part) or "-"


def plain_table(actions: Sequence[ActionItem], today: date, width: int) -> str:
    """The table as plain text `width` cells wide (what `actions_table` writes where nothing
    writes styles)."""
    due: dict[date | None, str] = {}
    rows = []
    for action in actions:
        if action.is_open:
            when = due.get(action.due)
            if when is None:
                when = due[action.due] = due_words(action.due, today)
        else:
            when = "done"
        cells = [
            str(action.id),
            safe_line(action.text) if action.text else "-",
            safe_line(action.owner),
            when,
            safe_line(action.person) if action.person else "-",
            links_words(action),
        ]
        rows.append(Words(cells))
    return fit.fitted_words(columns(), rows, width, OPTIONAL)


def write_plain(actions: Sequence[ActionItem], today: date) -> bool:
    """The table on stdout as plain text, where nothing writes styles; False, having
    written nothing, where rich must write it (`render.views`)."""
    width = plain.width()
    return width is not None and plain.write_table(plain_table(actions, today, width))
