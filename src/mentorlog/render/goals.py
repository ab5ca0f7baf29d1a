"""How goals look in a terminal: the list with progress bars, and one goal with its history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog.model import Goal, Person
from mentorlog.render import dates, goals_list
from mentorlog.render.console import safe, safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import Row, Words, laid_out, plain_output
from mentorlog.render.human import (
    cell,
    due_text,
    progress_bar,
    short_date,
    tagged,
    tags_text,
)

if TYPE_CHECKING:
    from rich.table import Table

_STATUS_STYLE = {"active": "", "done": "green", "dropped": "dim"}


def goals_table(
    goals: Sequence[goals_list.Listed],
    today: date,
    *,
    show_status: bool = False,
    show_person: bool = True,
) -> Text:
    """One row per goal: title and tags, a progress bar, when it is due, with whom."""
    person = goals_list.with_person(goals, show_person)
    columns = goals_list.columns(show_status=show_status, with_person=person)
    console = stdout()
    if plain_output(console):
        # Nothing will write the styles: the cells as plain words, the same as the `Text`s
        # below hold (tests/test_plain_layout.py holds the two to the same output).
        text = goals_list.plain_table(
            goals, today, console.width, show_status=show_status, show_person=show_person
        )
        if text is not None:
            return laid_out(text)
        by_column = goals_list.plain_cells(
            goals, today, show_status=show_status, with_person=person
        )
        words = [Words(list(row)) for row in zip(*by_column, strict=True)]
        return fitted(columns, words, console, goals_list.OPTIONAL)
    rows = []
    for goal in goals:
        cells = [
            Text(str(goal.id), style="bold"),
            tagged(goal.title, goal.tags),
            progress_bar(goal.progress),
            due_text(goal.due, today, open_=goal.is_open),
        ]
        if show_status:
            cells.append(Text(goal.status, style=_STATUS_STYLE.get(goal.status, "")))
        if person:
            cells.append(cell(goal.person))
        rows.append(Row(cells, style="dim" if goal.status == "dropped" else ""))
    return fitted(columns, rows, console, goals_list.OPTIONAL)


def goal_view(goal: Goal, today: date, person: Person | None) -> RenderableType:
    """One goal in full: why, progress, due date, who it is shared with, and its history."""
    from rich.table import Table  # only the detail views need rich's table (about 5 ms)

    title = Text.assemble(
        (f"Goal {goal.id}: ", "bold"),
        (safe_line(goal.title), "bold"),
        (f"  [{goal.status}]", _STATUS_STYLE.get(goal.status, "") or "cyan"),
    )
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column(overflow="fold")
    facts.add_row("Progress", progress_bar(goal.progress, width=20))
    facts.add_row("Due", due_text(goal.due, today, open_=goal.is_open))
    facts.add_row("Why", Text(safe(goal.why)) if goal.why else Text("-", style="dim"))
    with_text = f"{safe_line(person.name)} ({person.handle})" if person else goal.person
    facts.add_row("With", cell(with_text))
    if goal.tags:
        facts.add_row("Tags", tags_text(goal.tags))
    facts.add_row("Added", _when(goal.created, today))
    if goal.completed:
        facts.add_row("Completed", _when(goal.completed, today))
    parts: list[RenderableType] = [title, facts]
    if goal.history:
        parts += [Text(""), Text("History", style="bold"), _history(goal, today)]
    return Group(*parts)


def _history(goal: Goal, today: date) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("When")
    table.add_column("Progress", justify="right")
    table.add_column("Note", overflow="fold")
    for entry in goal.history:
        table.add_row(_when(entry.at, today), f"{entry.progress}%", cell(entry.note))
    return table


def _when(moment: datetime | None, today: date) -> str:
    """An instant in the offset it was written with (a day and a time)."""
    if moment is None:
        return "-"
    return f"{short_date(moment.date(), today)} {dates.clock(moment)}"
