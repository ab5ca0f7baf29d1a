"""`goal list`'s rows read from the stored goals, without building a `Goal`.

A human `goal list` shows seven fields of each goal. Building each `Goal` meant importing
the models, whose `dataclasses` import alone took 8 ms of a 60 ms list of 1,000 goals (a
third of the time over Python's own start). So a usual stored goal (`goal_values.listed`)
becomes a `GoalRow`, which has what the list shows, as a `Goal` has it. A list with a
goal that is not usual (a hand edit), or shared with someone (`--with`, which looks up the
person), or for `--json` (which shows the history) is built the plain way,
`services.goals.list_goals`. Held to it by tests/test_goal_rows.py.
"""

from __future__ import annotations

from datetime import date

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model.goal_values import GOAL_STATUSES, listed
from mentorlog.model.readers import _choice
from mentorlog.services import fields
from mentorlog.store import Journal
from mentorlog.store.held import held

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model.goal_values import GoalStatus
    from mentorlog.model.goals import Goal
    from mentorlog.services.report_rows import BriefGoal

TABLE = "goals"
STATUS_FILTERS = (*GOAL_STATUSES, "all")


class GoalRow:
    """What `goal list` shows of a goal, read as `Goal.from_record(record, brief=True)`
    reads it."""

    __slots__ = ("due", "id", "person", "progress", "status", "tags", "title")

    def __init__(
        self,
        id: int,
        title: str,
        status: GoalStatus,
        progress: int,
        due: date | None,
        person: str | None,
        tags: list[str],
    ) -> None:
        self.id = id
        self.title = title
        self.status = status
        self.progress = progress
        self.due = due
        self.person = person
        self.tags = tags

    @property
    def is_open(self) -> bool:
        return self.status == "active"


def listed_rows(journal: Journal, *, status: str, tag: str | None) -> list[GoalRow] | None:
    """The goals with this status (or "all") tagged `tag`, soonest due first, as
    `list_goals(journal, status=status, tag=tag, brief=True)` lists them; None when a goal
    it would list is not a usual record (list them the plain way). Bad values are refused
    as it refuses them."""
    wanted_status = status_filter(status)
    wanted_tag = fields.tag(tag) if tag is not None else None
    rows = []
    for record in held(journal, TABLE):  # read, never changed: no read-only view each
        if wanted_status != "all" and _choice(record, "status", GOAL_STATUSES, "active") != (
            wanted_status
        ):
            continue
        values = listed(record)
        if values is None:
            return None
        title, _why, goal_status, progress, due, person, tags, key, _uid = values
        if wanted_tag is None or wanted_tag in tags:
            rows.append(GoalRow(key, title, goal_status, progress, due, person, tags))
    rows.sort(key=due_order)
    return rows


def due_order(goal: Goal | GoalRow | BriefGoal) -> tuple[bool, date, int]:
    """Sort key: goals with a due date first, soonest first, then by id."""
    return (goal.due is None, goal.due or date.max, goal.id or 0)


def status_filter(value: str) -> str:
    """The status a list asks for ("all" for every one), or InvalidInput."""
    cleaned = value.strip().lower()
    if cleaned in STATUS_FILTERS:
        return cleaned
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a status; choose one of "
        f"{', '.join(STATUS_FILTERS)}."
    )
