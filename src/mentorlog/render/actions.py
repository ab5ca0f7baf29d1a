"""How action items look in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import RenderableType
from rich.text import Text

from mentorlog.model import ActionItem
from mentorlog.render import actions_plain, dates
from mentorlog.render.console import safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Row
from mentorlog.render.human import cell, due_text
from mentorlog.render.records import record_view


def actions_table(actions: Sequence[ActionItem], today: date) -> Text:
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
    return fitted(actions_plain.columns(), rows, stdout(), actions_plain.OPTIONAL)


def action_view(action: ActionItem, today: date) -> RenderableType:
    done = f"done {dates.day_year(action.completed.date())}" if action.completed else None
    return record_view(
        f"Action {action.id}: {action.text}",
        [
            ("Owner", "you" if action.owner == "me" else action.owner),
            ("For", action.person),
            ("Due", due_text(action.due, today) if action.due else None),
            ("Status", done or "open"),
            ("Meeting", str(action.meeting) if action.meeting else None),
            ("Goal", str(action.goal) if action.goal else None),
        ],
    )
