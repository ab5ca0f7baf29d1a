"""A goal's progress in a report's period: its state just before the period and just before
its end, read from its history.

`state_before` reads a built goal (the plain way); `goal_states` reads the stored records
without building any goal's history: each entry is asked only its instant (through
`ProgressEntry.at_of`, as `from_record` reads it), one pass finds the entry each state ends
at, and only those (two at most) are built; a goal the report cannot list is not built at
all, and one it lists is built as a list shows it (`Goal.from_record(brief=True)`: what a
report line reads of it). tests/test_report_service.py holds the whole report to the plain
way, and tests/test_report_goals.py the states to `state_before` over hand-edited records.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from mentorlog import kinds
from mentorlog.model import Goal, ProgressEntry
from mentorlog.services.report_period import ReportPeriod
from mentorlog.store import Journal, read_stamp

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ENDED = ("done", "dropped")


@dataclass(frozen=True)
class GoalState:
    """A goal's status and progress at some moment, and the history entry that set them."""

    status: str
    progress: int
    event: str | None = None
    at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class GoalInPeriod:
    """A goal the report may list: as a list shows it (no history, no stamps), when it was
    created, and its states just before the period and just before its end."""

    goal: Goal
    created: datetime | None
    before: GoalState
    after: GoalState


def shown(goal: Goal) -> Goal:
    """The goal as a report line holds it: `Goal.from_record(record, brief=True)`."""
    return replace(goal, history=[], created=None, updated=None)


def state_before(goal: Goal, moment: datetime) -> GoalState:
    """The goal's status and progress just before `moment`, from its history."""
    if not goal.history:  # a goal without a history (hand-made): all we know is now
        return GoalState(goal.status, goal.progress, at=goal.completed)
    state = GoalState("active", 0)
    for entry in sorted(goal.history, key=lambda e: e.at or _EPOCH):
        at = entry.at
        if at is None or at >= moment:
            continue
        state = _entry_state(entry)
    return state


def in_period(goal: Goal, period: ReportPeriod) -> GoalInPeriod:
    """The plain way: the states read from the goal's built history."""
    return GoalInPeriod(
        shown(goal), goal.created, state_before(goal, period.since), state_before(goal, period.end)
    )


def goal_states(
    journal: Journal, period: ReportPeriod, handle: str | None
) -> Iterator[GoalInPeriod]:
    """`in_period` of each goal (with `handle`) the report can list, read from the records:
    those known by the end of the period that are active at its end or ended in it."""
    since, until, end = period.since, period.until, period.end
    for record in journal.all(kinds.GOALS.table):
        created = read_stamp(record.get("created"))
        if created is not None and created > until:
            continue
        if handle is not None and Goal.person_of(record) != handle:
            continue
        history = record.get("history")
        items = (
            [item for item in history if type(item) is dict or isinstance(item, Mapping)]
            if isinstance(history, list)
            else []
        )
        if not items:  # without a history all we know is now
            goal = Goal.from_record(record, brief=True)
            now = GoalState(goal.status, goal.progress, at=goal.completed)
            if now.status in _ENDED and not period.holds(now.at):
                continue
            yield GoalInPeriod(goal, created, now, now)
            continue
        first, last = _latest_before(items, since, end)
        after = _state(items, last)
        if after.status in _ENDED and not period.holds(after.at):
            continue
        before = after if first == last else _state(items, first)
        yield GoalInPeriod(Goal.from_record(record, brief=True), created, before, after)


def _latest_before(
    items: list[Mapping[str, Any]], since: datetime, end: datetime
) -> tuple[int | None, int | None]:
    """The positions of the entries `state_before` ends at for `since` and for `end`, in one
    pass over the entries' instants: the latest before each, a tie going to the later entry
    (as the stable sort in `state_before` gives it)."""
    first: datetime | None = None
    last: datetime | None = None
    first_at = last_at = None
    for position, item in enumerate(items):
        at = read_stamp(item.get("at"))  # ProgressEntry.at_of, without two calls an entry
        if at is None:
            continue
        if at < end and (last is None or at >= last):
            last, last_at = at, position
        if at < since and (first is None or at >= first):
            first, first_at = at, position
    return first_at, last_at


def _state(items: list[Mapping[str, Any]], position: int | None) -> GoalState:
    if position is None:
        return GoalState("active", 0)
    entry = ProgressEntry.from_record(items[position])
    assert entry is not None  # items are mappings
    return _entry_state(entry)


def _entry_state(entry: ProgressEntry) -> GoalState:
    status = entry.event if entry.event in _ENDED else "active"
    return GoalState(status, entry.progress, entry.event, entry.at, entry.note)
