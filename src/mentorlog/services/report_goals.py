"""A goal's progress in a report's period: its state just before the period and just before
its end, read from its history.

`state_before` reads a built goal (the plain way); `goal_states` reads the stored records
without building any goal's history: each entry is asked only its instant (through
`ProgressEntry.at_of`, as `from_record` reads it), one pass finds the entry each state ends
at, and only those (two at most) are built; a goal the report cannot list is not built at
all, and one it lists is built as a list shows it (`Goal.from_record(brief=True)`: what a
report line reads of it). tests/test_report_service.py holds the whole report to the plain
way, and tests/test_report_goals.py the states to `state_before` over hand-edited records.
Both ways then give their states to `summarize_states`, which makes the report's lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime

from mentorlog import kinds
from mentorlog.limits import MAX_YEAR, MIN_YEAR
from mentorlog.model.goal_values import GOAL_EVENTS
from mentorlog.model.readers import _choice, _int, _opt_str
from mentorlog.services.goal_rows import due_order
from mentorlog.services.report_period import ReportPeriod, zone_of
from mentorlog.services.report_rows import BriefGoal
from mentorlog.services.report_values import Value, _setattr
from mentorlog.store import Journal, read_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import Goal, ProgressEntry

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_from_text = datetime.fromisoformat
_ENDED = ("done", "dropped")


class GoalState(Value):
    """A goal's status and progress at some moment, and the history entry that set them."""

    __slots__ = ("at", "event", "note", "progress", "status")
    status: str
    progress: int
    event: str | None
    at: datetime | None
    note: str | None

    def __init__(
        self,
        status: str,
        progress: int,
        event: str | None = None,
        at: datetime | None = None,
        note: str | None = None,
    ) -> None:
        # Each field set on its own: a report makes thousands (`Value._set` takes a dict).
        _setattr(self, "status", status)
        _setattr(self, "progress", progress)
        _setattr(self, "event", event)
        _setattr(self, "at", at)
        _setattr(self, "note", note)


class GoalInPeriod(Value):
    """A goal the report may list: as a list shows it (no history, no stamps), when it was
    created, and its states just before the period and just before its end."""

    __slots__ = ("after", "before", "created", "goal")
    goal: BriefGoal
    created: datetime | None
    before: GoalState
    after: GoalState

    def __init__(
        self, goal: BriefGoal, created: datetime | None, before: GoalState, after: GoalState
    ) -> None:
        _setattr(self, "goal", goal)
        _setattr(self, "created", created)
        _setattr(self, "before", before)
        _setattr(self, "after", after)


def shown(goal: Goal) -> BriefGoal:
    """The goal as a report line holds it: `Goal.from_record(record, brief=True)`."""
    return BriefGoal.of(goal)


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
    # Instants compare as instants whatever their zones; in UTC, each comparison is a
    # comparison of fields rather than of offsets worked out (`_latest_before`).
    since, end = period.since.astimezone(UTC), period.end.astimezone(UTC)
    until = period.until.astimezone(UTC)
    for record in journal.all(kinds.GOALS.table):
        if handle is not None and _opt_str(record, "person") != handle:  # Goal.person_of
            continue
        history = record.get("history")
        items = (
            [item for item in history if type(item) is dict or isinstance(item, Mapping)]
            if isinstance(history, list)
            else []
        )
        if not items:  # without a history all we know is now
            created = read_stamp(record.get("created"))
            if created is not None and created > until:
                continue
            goal = BriefGoal.from_record(record)
            now = GoalState(goal.status, goal.progress, at=goal.completed)
            if now.status in _ENDED and not period.holds(now.at):
                continue
            yield GoalInPeriod(goal, created, now, now)
            continue
        first, last, last_at = _latest_before(items, since, end)
        if (  # ended before the period: decided by the entry's event, before building it
            last is not None
            and _choice(items[last], "event", GOAL_EVENTS, "progress") in _ENDED
            and not (last_at is not None and since <= last_at <= until)  # `period.holds`
        ):
            continue
        # Known by the end of the period: read only of a goal the period may list (most of
        # a journal's goals ended before it).
        created = read_stamp(record.get("created"))
        if created is not None:
            created = created.astimezone(UTC)  # the same instant (`summarize_states`)
            if created > until:
                continue
        after = _state(items, last)
        before = after if first == last else _state(items, first)
        yield GoalInPeriod(BriefGoal.from_record(record), created, before, after)


def _latest_before(
    items: list[Mapping[str, Any]], since: datetime, end: datetime
) -> tuple[int | None, int | None, datetime | None]:
    """The positions of the entries `state_before` ends at for `since` and for `end`, and
    the latter's instant, in one pass over the entries' instants: the latest before each, a
    tie going to the later entry (as the stable sort in `state_before` gives it)."""
    first_at: datetime | None = None
    last_at: datetime | None = None
    first = last = None
    for position, item in enumerate(items):
        # ProgressEntry.at_of (`read_stamp`), without two calls an entry
        text = item.get("at")
        if type(text) is not str:
            if not isinstance(text, str):
                continue
            text = str(text)
        try:
            stamp = _from_text(text)
        except ValueError:  # not ISO 8601, or empty
            continue
        if not MIN_YEAR <= stamp.year <= MAX_YEAR:
            continue
        # In one zone, twenty times faster to compare; without an offset, read as UTC.
        at = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        if at < end and (last_at is None or at >= last_at):
            last_at, last = at, position
        if at < since and (first_at is None or at >= first_at):
            first_at, first = at, position
    return first, last, last_at


def _state(items: list[Mapping[str, Any]], position: int | None) -> GoalState:
    """`_entry_state(ProgressEntry.from_record(items[position]))`, its fields read as
    `from_record` reads them, without the entry (a report reads a thousand)."""
    if position is None:
        return GoalState("active", 0)
    item = items[position]  # a mapping: `goal_states` keeps only those
    event = _choice(item, "event", GOAL_EVENTS, "progress")
    return GoalState(
        event if event in _ENDED else "active",
        _int(item, "progress"),
        event,
        read_stamp(item.get("at")),  # ProgressEntry.at_of
        _opt_str(item, "note"),
    )


def _entry_state(entry: ProgressEntry) -> GoalState:
    status = entry.event if entry.event in _ENDED else "active"
    return GoalState(status, entry.progress, entry.event, entry.at, entry.note)


# -- the goals' lines ------------------------------------------------------------------------


class GoalLine(Value):
    """A goal in the period: its progress at the start and the end, and how it ended."""

    __slots__ = ("end", "ended", "goal", "note", "overdue", "start", "status")
    goal: BriefGoal  # as a list shows it (report_goals.shown): what the report reads of it
    start: int
    end: int
    status: str  # at the end of the period
    ended: datetime | None  # when it was completed or dropped, in the period
    note: str | None
    overdue: bool

    def __init__(
        self,
        goal: BriefGoal,
        start: int,
        end: int,
        status: str,
        ended: datetime | None = None,
        note: str | None = None,
        overdue: bool = False,
    ) -> None:
        _setattr(self, "goal", goal)
        _setattr(self, "start", start)
        _setattr(self, "end", end)
        _setattr(self, "status", status)
        _setattr(self, "ended", ended)
        _setattr(self, "note", note)
        _setattr(self, "overdue", overdue)

    def to_json(self) -> dict[str, Any]:
        goal = self.goal
        return {
            "id": goal.id,
            "title": goal.title,
            "person": goal.person,
            "due": goal.due.isoformat() if goal.due else None,
            "status": self.status,
            "progress_start": self.start,
            "progress_end": self.end,
            "ended": self.ended.isoformat(timespec="seconds") if self.ended else None,
            "note": self.note,
            "overdue": self.overdue,
        }


class GoalSummary(Value):
    __slots__ = ("active", "completed", "dropped")
    completed: list[GoalLine]
    active: list[GoalLine]
    dropped: list[GoalLine]

    def __init__(
        self,
        completed: list[GoalLine] | None = None,
        active: list[GoalLine] | None = None,
        dropped: list[GoalLine] | None = None,
    ) -> None:
        self._set(completed=completed or [], active=active or [], dropped=dropped or [])

    @property
    def overdue(self) -> list[GoalLine]:
        return [line for line in self.active if line.overdue]

    def to_json(self) -> dict[str, Any]:
        return {
            "completed": [g.to_json() for g in self.completed],
            "in_progress": [g.to_json() for g in self.active],
            "dropped": [g.to_json() for g in self.dropped],
            "overdue": [g.goal.id for g in self.overdue],
        }


def summarize_goals(goals: Iterable[Goal], period: ReportPeriod, *, now: datetime) -> GoalSummary:
    """The goals of the period, each read from its built history (the plain way)."""
    return summarize_states(
        (in_period(goal, period) for goal in sorted(goals, key=due_order)), period, now=now
    )


def summarize_states(
    goals: Iterable[GoalInPeriod], period: ReportPeriod, *, now: datetime
) -> GoalSummary:
    """The goals of the period from their states at its start and end, soonest due first."""
    summary = GoalSummary()
    as_of = min(period.until, now).astimezone(zone_of(now)).date()
    # In UTC, as `goal_states` gives `created`: instants in one zone compare by their fields.
    since, until = period.since.astimezone(UTC), period.until.astimezone(UTC)
    for found in goals:
        goal, created, before, after = found.goal, found.created, found.before, found.after
        if created is not None and created > until:
            continue
        start = before.progress if created is None or created < since else 0
        if after.status == "active":
            overdue = goal.due is not None and goal.due < as_of
            summary.active.append(GoalLine(goal, start, after.progress, "active", overdue=overdue))
        elif period.holds(after.at):
            line = GoalLine(goal, start, after.progress, after.status, after.at, after.note)
            (summary.completed if after.status == "done" else summary.dropped).append(line)
    summary.completed.sort(key=lambda line: line.ended or _EPOCH)
    summary.dropped.sort(key=lambda line: line.ended or _EPOCH)
    return summary
