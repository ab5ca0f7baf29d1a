"""The values a goal's fields take, and a usual stored goal read as a list shows it: without
`dataclasses` (whose import takes milliseconds), so that `goal list` can read its rows
without importing the model (`services/goal_rows.py`). `goals.Goal` reads the same way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from mentorlog.model.readers import _LARGEST, _opt_date

# `typing` for type checkers only: importing it takes milliseconds `goal list` need not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    GoalStatus = Literal["active", "done", "dropped"]
    GoalEvent = Literal["progress", "done", "dropped", "reopened"]
    # What a list shows of a usual goal: title, why, status, progress, due, person, tags,
    # id, uid.
    Listed = tuple[
        str, str | None, GoalStatus, int, date | None, str | None, list[str], int, str | None
    ]

# Every value of the types above, in their order (tests/test_model.py holds them together).
GOAL_STATUSES: tuple[GoalStatus, ...] = ("active", "done", "dropped")
GOAL_EVENTS: tuple[GoalEvent, ...] = ("progress", "done", "dropped", "reopened")


def listed(record: Mapping[str, Any]) -> Listed | None:
    """The fields of the usual stored goal, whose every field has the type the store
    writes, taken as they are (`Goal.from_record(record, brief=True)` reads the same values
    through a reader a field); None for any other record (read it through the model)."""
    get = record.get
    title, why, status = get("title"), get("why"), get("status")
    progress, person, tags = get("progress"), get("person"), get("tags")
    key, uid = get("id"), get("uid")
    if not (
        type(title) is str
        and (why is None or type(why) is str)
        and type(status) is str
        and status in GOAL_STATUSES
        and type(progress) is int
        and 0 <= progress <= 100
        and (person is None or type(person) is str)
        and type(tags) is list
        and all(type(tag) is str for tag in tags)
        and type(key) is int
        and -_LARGEST < key < _LARGEST
        and (uid is None or type(uid) is str)
    ):
        return None
    return (
        title,
        why or None,
        status,
        progress,
        _opt_date(record, "due"),
        person or None,
        list(tags),
        key,
        uid or None,
    )
