"""Goals: what a person works towards, its progress over time, and how it ends."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from mentorlog import timeparse
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.model import Goal, ProgressEntry
from mentorlog.services import fields
from mentorlog.services.goal_rows import due_order as due_order
from mentorlog.services.goal_rows import status_filter
from mentorlog.services.goals_read import get_goal as get_goal
from mentorlog.services.goals_read import goals_of as goals_of
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import GoalEvent

TABLE = "goals"
# Patterns as strings, compiled (and cached by `re`) when first used: compiling them at
# import cost every command, most of which never use them.
_PROGRESS = r"([+-]?)(\d{1,3})\s*%?"


def list_goals(
    journal: Journal,
    *,
    status: str = "active",
    person: str | None = None,
    tag: str | None = None,
    brief: bool = False,
) -> list[Goal]:
    """Goals with this status (or "all"), shared with `person`, tagged `tag`; soonest due first.
    `brief`: each goal as a list shows it (`Goal.from_record`: no history, no stamps)."""
    wanted_status = status_filter(status)
    handle = _handle(journal, person) if person is not None else None
    wanted_tag = fields.tag(tag) if tag is not None else None
    # The status is read first, so that the goals not wanted are never built.
    goals = [
        Goal.from_record(record, brief=brief)
        for record in journal.all(TABLE)
        if wanted_status == "all" or Goal.status_of(record) == wanted_status
    ]
    chosen = [
        g
        for g in goals
        if (handle is None or g.person == handle) and (wanted_tag is None or wanted_tag in g.tags)
    ]
    return sorted(chosen, key=due_order)


@dataclass(frozen=True)
class GoalInput:
    """What `goal add` and `goal edit` were given; None means "not given".

    In an edit, "none" or "" clears `why`, `due` and `person`.
    """

    title: str | None = None
    why: str | None = None
    due: str | None = None
    person: str | None = None
    tags: Sequence[str] = ()
    untags: Sequence[str] = ()


def add_goal(journal: Journal, given: GoalInput, *, now: datetime) -> Goal:
    if given.title is None:
        raise InvalidInput("A goal needs a title, e.g. `mentorlog goal add 'Ship my first PR'`.")
    goal = _apply(journal, Goal(title=fields.text(given.title, "goal title")), given, now=now)
    record = journal.insert(TABLE, goal.to_record(), now=now)
    saved = Goal.from_record(record)
    journal.describe(f"goal add {timeparse.quote(saved.title)} (goal {saved.id})", now=now)
    return saved


def edit_goal(journal: Journal, goal_id: int, given: GoalInput, *, now: datetime) -> Goal:
    goal = get_goal(journal, goal_id)
    if given == GoalInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --title or --due; see "
            "`mentorlog goal edit --help`."
        )
    return _save(journal, _apply(journal, goal, given, now=now), "goal edit", now=now)


def record_progress(
    journal: Journal, goal_id: int, value: str, *, now: datetime, note: str | None = None
) -> Goal:
    """Set progress to a percentage ("60", "60%") or move it ("+10", "-5")."""
    goal = _open_goal(journal, goal_id, "record progress on")
    progress = parse_progress(value, current=goal.progress)
    entry = _entry(progress, note, now)
    changed = replace(goal, progress=progress, history=[*goal.history, entry])
    return _save(journal, changed, f"goal progress {progress}%", now=now)


def complete_goal(
    journal: Journal, goal_id: int, *, now: datetime, note: str | None = None
) -> Goal:
    goal = _open_goal(journal, goal_id, "complete")
    changed = replace(
        goal,
        status="done",
        progress=100,
        completed=now,
        history=[*goal.history, _entry(100, note, now, "done")],
    )
    return _save(journal, changed, "goal done", now=now)


def drop_goal(journal: Journal, goal_id: int, *, now: datetime, note: str | None = None) -> Goal:
    goal = _open_goal(journal, goal_id, "drop")
    changed = replace(
        goal,
        status="dropped",
        history=[*goal.history, _entry(goal.progress, note, now, "dropped")],
    )
    return _save(journal, changed, "goal drop", now=now)


def reopen_goal(journal: Journal, goal_id: int, *, now: datetime, note: str | None = None) -> Goal:
    goal = get_goal(journal, goal_id)
    if goal.is_open:
        raise Conflict(f"Goal {goal_id} is already active.")
    changed = replace(
        goal,
        status="active",
        completed=None,
        history=[*goal.history, _entry(goal.progress, note, now, "reopened")],
    )
    return _save(journal, changed, "goal reopen", now=now)


def parse_progress(value: str, *, current: int) -> int:
    """An absolute percentage 0-100, or a step (+10, -5) from `current`, kept within 0-100."""
    match = re.fullmatch(_PROGRESS, value.strip())
    if match is None:
        raise InvalidInput(
            f"Cannot read {timeparse.quote(value)} as progress; give a percentage from 0 to 100 "
            "(e.g. 60) or a step (e.g. +10)."
        )
    sign, digits = match.groups()
    amount = int(digits)
    if sign:
        return max(0, min(100, current + (amount if sign == "+" else -amount)))
    if amount > 100:
        raise InvalidInput(f"Progress {amount}% is out of range; give a percentage from 0 to 100.")
    return amount


def _handle(journal: Journal, person: str) -> str:
    """The handle of the person `person` names. The people service (and its model of a
    person, kinds and shlex) is imported here: a goal list without --with needs none of it."""
    from mentorlog.services.people import get_person

    return get_person(journal, person).handle


def _apply(journal: Journal, goal: Goal, given: GoalInput, *, now: datetime) -> Goal:
    changes: dict[str, Any] = {}
    if given.title is not None:
        changes["title"] = fields.text(given.title, "goal title")
    if given.why is not None:
        changes["why"] = fields.optional_text(given.why, "why")
    if given.due is not None:
        changes["due"] = _due(given.due, now)
    if given.person is not None:
        changes["person"] = (
            None if fields.is_clear(given.person) else _handle(journal, given.person)
        )
    tags = fields.retag(goal.tags, given.tags, given.untags)
    return replace(goal, tags=tags, **changes)


def _due(value: str, now: datetime) -> date | None:
    if fields.is_clear(value):
        return None
    return timeparse.parse_date(value, today=now.date(), what="due date")


def _open_goal(journal: Journal, goal_id: int, verb: str) -> Goal:
    goal = get_goal(journal, goal_id)
    if (verb, goal.status) in (("complete", "done"), ("drop", "dropped")):
        since = f", since {goal.completed.date().isoformat()}" if goal.completed else ""
        raise Conflict(f"Goal {goal_id} is already {goal.status}{since}.")
    if not goal.is_open:
        raise Conflict(
            f"Cannot {verb} goal {goal_id}: it is {goal.status}; reopen it first with "
            f"`mentorlog goal reopen {goal_id}`."
        )
    return goal


def _entry(
    progress: int, note: str | None, now: datetime, event: GoalEvent = "progress"
) -> ProgressEntry:
    return ProgressEntry(
        at=now, progress=progress, note=fields.optional_text(note, "note"), event=event
    )


def _save(journal: Journal, goal: Goal, what: str, *, now: datetime) -> Goal:
    assert goal.id is not None
    record = journal.update(TABLE, goal.id, goal.to_record(), now=now)
    journal.describe(f"{what} (goal {goal.id})", now=now)
    return Goal.from_record(record)
