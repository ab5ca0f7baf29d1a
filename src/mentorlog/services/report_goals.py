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
    for record in journal.all(kinds.GOALS.table):
        created = read_stamp(record.get("created"))
        if created is not None and created > period.until:
            continue
        if handle is not None and Goal.person_of(record) != handle:
            continue
        before, after = _states(record, period)
        if after.status in _ENDED and not period.holds(after.at):
            continue
        yield GoalInPeriod(Goal.from_record(record, brief=True), created, before, after)


def _states(record: Mapping[str, Any], period: ReportPeriod) -> tuple[GoalState, GoalState]:
    """`state_before` at the period's start and end, in one pass over the entries' instants."""
    history = record.get("history")
    items = (
        [item for item in history if isinstance(item, Mapping)] if isinstance(history, list) else []
    )
    if not items:  # without a history all we know is now
        goal = Goal.from_record(record, brief=True)
        now = GoalState(goal.status, goal.progress, at=goal.completed)
        return now, now
    since, end = period.since, period.end
    first: tuple[datetime, int] | None = None  # the entry the state before `since` ends at
    last: tuple[datetime, int] | None = None  # and before `end`
    for position, item in enumerate(items):
        at = ProgressEntry.at_of(item)
        if at is None:
            continue
        # A tie goes to the later entry, as the stable sort in state_before gives it.
        if at < end and (last is None or at >= last[0]):
            last = (at, position)
        if at < since and (first is None or at >= first[0]):
            first = (at, position)
    return _at(items, first), _at(items, last)


def _at(items: list[Mapping[str, Any]], found: tuple[datetime, int] | None) -> GoalState:
    if found is None:
        return GoalState("active", 0)
    entry = ProgressEntry.from_record(items[found[1]])
    assert entry is not None  # items are mappings
    return _entry_state(entry)


def _entry_state(entry: ProgressEntry) -> GoalState:
    status = entry.event if entry.event in _ENDED else "active"
    return GoalState(status, entry.progress, entry.event, entry.at, entry.note)
