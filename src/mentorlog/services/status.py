"""The dashboard: what deserves your attention today."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mentorlog.errors import InvalidInput
from mentorlog.model import (
    ActionItem,
    Feedback,
    Goal,
    Meeting,
    Milestone,
    Note,
    Person,
    ProgressEntry,
)
from mentorlog.services.actions import action_order
from mentorlog.services.goals import due_order
from mentorlog.services.meetings import Heartbeat, heartbeats, occurrences_of
from mentorlog.services.occurrences import (
    Occurrence,
    occurrences,
    previous_occurrence,
    wall_bounds,
)
from mentorlog.services.people import list_people
from mentorlog.store import Journal

NEXT_MEETINGS = timedelta(days=7)
DUE_SOON = timedelta(days=7)
RECENT_MILESTONES = timedelta(days=30)
# How far back a streak is followed, in weeks.
MAX_STREAK = 520
# Wider than the distance between a wall time and its instant in any zone (under a day).
_MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class Status:
    """A snapshot of the journal as of `now`."""

    now: datetime
    meetings: list[Occurrence]
    goals: list[Goal]
    people: list[Person]
    beats: dict[str, Heartbeat]
    journal_exists: bool
    actions: list[ActionItem]
    milestones: list[Milestone]
    streak: Streak

    @property
    def overdue(self) -> list[Goal]:
        today = self.now.date()
        return [g for g in self.goals if g.due is not None and g.due < today]

    @property
    def overdue_people(self) -> list[Person]:
        """Relationships whose last meeting is older than their cadence."""
        return [p for p in self.people if (b := self.beats.get(p.handle)) and b.overdue]

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(timespec="seconds"),
            "tz": str(self.now.tzinfo),
            "meetings": [o.to_json() for o in self.meetings],
            "goals": [g.to_json() for g in self.goals],
            "overdue_goals": [g.id for g in self.overdue],
            "people": [p.to_json() | {"heartbeat": self.beats[p.handle].to_json()}
                       for p in self.people],
            "overdue_people": [p.handle for p in self.overdue_people],
            "actions": [a.to_json() | {"overdue": a.due is not None and a.due < self.now.date()}
                        for a in self.actions],
            "milestones": [m.to_json() for m in self.milestones],
            "streak": self.streak.to_json(),
        }  # fmt: skip


@dataclass(frozen=True)
class Streak:
    """Weeks in a row (Monday to Sunday, in your zone) with at least one meeting held or one
    journal entry (a note, feedback, a milestone, goal progress)."""

    weeks: int
    this_week: bool  # whether this week counts already (if not, the streak runs to last week)
    since: date | None  # the Monday the streak began

    def to_json(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "this_week": self.this_week,
            "since": self.since.isoformat() if self.since else None,
        }


def build_status(journal: Journal, *, now: datetime) -> Status:
    people = list_people(journal)
    meetings = _Meetings(journal.all("meetings"))
    week = meetings.reaching(now, now + NEXT_MEETINGS)
    upcoming = [o for o in occurrences_of(week, now, now + NEXT_MEETINGS) if not o.cancelled]
    today = now.date()
    # Only what the dashboard shows is built into objects (open goals, actions due soon,
    # recent milestones); the streak needs only the dates of the rest, read straight from
    # the records: on a journal of 100,000 records, building them all took a second.
    goal_records = journal.all("goals")
    milestone_records = journal.all("milestones")
    # Entries older than the longest streak followed cannot change it: they are passed by
    # before being read, on the date their text starts with (a margin covers the zones).
    horizon = _monday(today) - timedelta(weeks=MAX_STREAK + 1) - _MARGIN
    since = horizon.isoformat()

    def day(stamp: str) -> date | None:
        if stamp[4:5] == "-" and stamp[7:8] == "-" and stamp[:10] < since:
            return None
        return _date(stamp, now)

    entries = [
        *(
            day(ProgressEntry.at_of(entry))
            for record in goal_records
            if isinstance(history := record.get("history"), list)
            for entry in history
            if isinstance(entry, Mapping)
        ),
        *(on for r in milestone_records if (on := Milestone.on_of(r)) >= horizon),
        *(day(Note.at_of(r)) for r in journal.all("notes")),
        *(day(Feedback.at_of(r)) for r in journal.all("feedback")),
    ]
    soon = today + DUE_SOON
    due_soon = (
        action
        for record in journal.all("actions")
        if ActionItem.status_of(record) == "open"
        for action in [ActionItem.from_record(record)]
        if action.due is not None and action.due <= soon
    )
    recent = (
        Milestone.from_record(record)
        for record in milestone_records
        if today - RECENT_MILESTONES <= Milestone.on_of(record) <= today
    )
    return Status(
        now=now,
        meetings=upcoming,
        goals=sorted(
            (Goal.from_record(r) for r in goal_records if Goal.status_of(r) == "active"),
            key=due_order,
        ),
        people=people,
        beats=heartbeats(meetings.for_heartbeats(people, now), people, now),
        journal_exists=journal.exists,
        actions=sorted(due_soon, key=lambda a: action_order(a, today)),
        milestones=sorted(recent, key=lambda m: (m.on, m.id or 0), reverse=True),
        streak=_streak(meetings.met, [d for d in entries if d is not None], now),
    )


class _Meetings:
    """The journal's meetings as the dashboard needs them: each built only when a question
    reaches it.

    The dashboard asks which meetings fall in the coming week, each person's last and next
    meeting, and, for a week without journal entries, whether a meeting was held in it. A
    journal of years holds thousands of meetings long over: each is bounded here by the
    first and the last wall time it can have an occurrence at, read from its record without
    building it, and only the meetings whose bounds reach a question are built and expanded
    (on 10,000 meetings, 0.6 s became a few milliseconds). The answers are those of the
    plain functions over every meeting (tests/test_fast_paths.py compares them).
    """

    def __init__(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.records = records
        self.built: dict[int, Meeting] = {}
        # (index in the journal, first wall, last wall or None: no end, people, cancelled)
        self.bounds: list[tuple[int, datetime, datetime | None, list[str], bool]] = []
        for index, record in enumerate(records):
            people, start, tz, rule = Meeting.schedule_of(record)
            try:
                first, last = wall_bounds(start, rule, tz)
            except InvalidInput:  # reached always, so that it fails as it always did
                first, last = datetime.min, None
            cancelled = Meeting.status_of(record) == "cancelled"
            self.bounds.append((index, first, last, people, cancelled))

    def meeting(self, index: int) -> Meeting:
        if index not in self.built:
            self.built[index] = Meeting.from_record(self.records[index])
        return self.built[index]

    def reaching(self, start: datetime, end: datetime) -> list[Meeting]:
        """The meetings that may have an occurrence between the instants, in journal order.

        Wall times are compared with UTC instants, with a margin wider than any offset."""
        low, high = _utc_wall(start) - _MARGIN, _utc_wall(end) + _MARGIN
        return [
            self.meeting(index)
            for index, first, last, _, _ in self.bounds
            if first <= high and (last is None or last >= low)
        ]

    def for_heartbeats(self, people: Sequence[Person], now: datetime) -> list[Meeting]:
        """Enough meetings for `heartbeats` to answer as over all of them: every one that may
        still come, and for each person the ones that may hold the last meeting, taken from
        the latest they can have started until none left can reach the latest found."""
        handles = {p.handle for p in people}
        at = _utc_wall(now)
        chosen: set[int] = set()
        started: dict[str, list[tuple[datetime, int]]] = {}
        for index, first, last, who, cancelled in self.bounds:
            involved = handles.intersection(who)
            if not involved or cancelled:  # heartbeats passes cancelled meetings by
                continue
            if last is None or last >= at - _MARGIN:
                chosen.add(index)
            if first <= at + _MARGIN:
                latest = at + _MARGIN if last is None else min(last, at + _MARGIN)
                for handle in involved:
                    started.setdefault(handle, []).append((latest, index))
        for candidates in started.values():
            candidates.sort(key=lambda c: c[0], reverse=True)
            best: datetime | None = None
            for latest, index in candidates:
                if best is not None and latest + _MARGIN < best:
                    break  # nothing further down can start as late as the best found
                chosen.add(index)
                found = previous_occurrence(self.meeting(index), now)
                if found is not None and (best is None or _utc_wall(found.start) > best):
                    best = _utc_wall(found.start)
        return [self.meeting(index) for index in sorted(chosen)]

    def met(self, start: datetime, end: datetime) -> bool:
        """Whether an occurrence not cancelled starts in [start, end) (a cancelled meeting
        has only cancelled ones)."""
        return any(
            not o.cancelled for m in self.reaching(start, end) for o in occurrences(m, start, end)
        )


def _utc_wall(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def streak(meetings: Sequence[Meeting], entry_days: Iterable[date], now: datetime) -> Streak:
    """The run of active weeks that ends this week, or last week if this one has nothing yet
    (a streak is not broken before the week is over)."""
    # Meetings are asked week by week, and only when no entry made the week active; the one
    # that last made a week active is asked first, so a weekly call answers most weeks in one
    # query, rather than expanding every series over the whole streak.
    candidates = [m for m in meetings if m.status != "cancelled"]

    def met(begin: datetime, finish: datetime) -> bool:
        for index, meeting in enumerate(candidates):
            if meeting.start.date() > begin.date() + timedelta(days=7):
                continue
            if any(not o.cancelled for o in occurrences(meeting, begin, finish)):
                candidates.insert(0, candidates.pop(index))
                return True
        return False

    return _streak(met, entry_days, now)


def _streak(
    met: Callable[[datetime, datetime], bool], entry_days: Iterable[date], now: datetime
) -> Streak:
    """`streak`, with `met(start, end)` saying whether a meeting took place in a week."""
    this_monday = _monday(now.date())
    active = {_monday(day) for day in entry_days if day <= now.date()}

    def is_active(monday: date) -> bool:
        if monday in active:
            return True
        begin = datetime.combine(monday, datetime.min.time(), now.tzinfo)
        return met(begin, min(begin + timedelta(days=7), now))

    this_week = is_active(this_monday)
    monday = this_monday if this_week else this_monday - timedelta(days=7)
    weeks = 0
    while weeks < MAX_STREAK and is_active(monday):
        weeks += 1
        monday -= timedelta(days=7)
    since = monday + timedelta(days=7) if weeks else None
    return Streak(weeks=weeks, this_week=this_week, since=since)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _date(stamp: str, now: datetime) -> date | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return (moment.astimezone(now.tzinfo) if moment.tzinfo else moment).date()
