"""The goals list: its columns, its cells as plain words, and the list printed where nothing
writes styles without rich (`render.goals.goals_table` is the same list through rich).

A list to a pipe is where the long lists go (`goal list | grep`, a script): 10,000 goals
spent most of their time building a row object and a `Text` per cell. Here the cells are
built a column at a time, each distinct progress bar and due date worded once, and
`plain_grid` lays them out; rich is not imported at all (`plain.width` tells the width).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date

from mentorlog.render import fit, plain, plain_grid
from mentorlog.render.console import safe_line
from mentorlog.render.grid import Column, Words
from mentorlog.render.human import due_words, progress_words, tagged_words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class Listed(Protocol):
        """What the list shows of a goal: a `Goal`, or a `services.goal_rows.GoalRow` (read
        from its stored record without importing the models)."""

        @property
        def id(self) -> int | None: ...
        @property
        def title(self) -> str: ...
        @property
        def status(self) -> str: ...
        @property
        def progress(self) -> int: ...
        @property
        def due(self) -> date | None: ...
        @property
        def person(self) -> str | None: ...
        @property
        def tags(self) -> list[str]: ...
        @property
        def is_open(self) -> bool: ...


# The columns a narrow terminal drops first.
OPTIONAL = ("With", "Due")


def write_plain(goals: Sequence[Listed], today: date, *, show_status: bool = False) -> bool:
    """The goals table on stdout as plain text, where nothing writes styles; False, having
    written nothing, where rich must write it (`goals.goals_table`)."""
    width = plain.width()
    if width is None:
        return False
    text = plain_table(goals, today, width, show_status=show_status)
    if text is None:
        return False
    plain.write(text)
    return True


def columns(*, show_status: bool, with_person: bool) -> list[Column]:
    chosen = [
        Column("ID", justify="right"),
        Column("Goal", shrink=1),
        Column("Progress"),
        Column("Due", shrink=2, min_width=8),
    ]
    if show_status:
        chosen.append(Column("Status"))
    if with_person:
        chosen.append(Column("With"))
    return chosen


def with_person(goals: Sequence[Listed], show_person: bool = True) -> bool:
    """Whether the list has a With column: some goal is shared with someone."""
    return show_person and any(goal.person for goal in goals)


def plain_table(
    goals: Sequence[Listed],
    today: date,
    width: int,
    *,
    show_status: bool = False,
    show_person: bool = True,
) -> str | None:
    """The table `goals_table` lays out, as plain text `width` cells wide; None where a
    cell holds what only the general layout takes (`plain_grid.lines`)."""
    person = with_person(goals, show_person)
    chosen = columns(show_status=show_status, with_person=person)
    choose = functools.partial(fit.choose, width=width, optional=OPTIONAL)
    cells = plain_cells(goals, today, show_status=show_status, with_person=person)
    return plain_grid.column_lines(chosen, cells, width, choose)


def plain_text(goals: Sequence[Listed], today: date, width: int) -> str:
    """`goals_table(goals, today)` as plain text `width` cells wide, whatever its cells hold
    (the dashboard's goals): `plain_table`, else the general layout without styles."""
    text = plain_table(goals, today, width)
    if text is not None:
        return text
    person = with_person(goals)
    by_column = plain_cells(goals, today, show_status=False, with_person=person)
    words = [Words(list(row)) for row in zip(*by_column, strict=True)]
    return fit.fitted_words(columns(show_status=False, with_person=person), words, width, OPTIONAL)


def plain_cells(
    goals: Sequence[Listed], today: date, *, show_status: bool, with_person: bool
) -> list[list[str]]:
    """The cells of `columns`, a column at a time, as plain words (what the `Text`s of
    `goals_table` hold: tests/test_plain_layout.py)."""
    bars: dict[int, str] = {}
    due: dict[tuple[date | None, bool], str] = {}
    cells = [
        [str(goal.id) for goal in goals],
        [tagged_words(goal.title, goal.tags) for goal in goals],
        [
            bars.get(goal.progress) or bars.setdefault(goal.progress, progress_words(goal.progress))
            for goal in goals
        ],
        [_due(due, goal.due, goal.is_open, today) for goal in goals],
    ]
    if show_status:
        cells.append([goal.status for goal in goals])
    if with_person:
        people: dict[str | None, str] = {}
        cells.append([people.get(g.person) or _person(people, g.person) for g in goals])
    return cells


def _due(
    known: dict[tuple[date | None, bool], str], day: date | None, open_: bool, today: date
) -> str:
    words = known.get((day, open_))
    if words is None:
        words = known[day, open_] = due_words(day, today, open_=open_)
    return words


def _person(known: dict[str | None, str], handle: str | None) -> str:
    words = known[handle] = safe_line(handle) if handle else "-"
    return words
