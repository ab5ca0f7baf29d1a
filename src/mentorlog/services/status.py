"""The dashboard: what deserves your attention today."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from mentorlog.model import ActionItem, Feedback, Goal, Meeting, Milestone, Note, Person
from mentorlog.services.actions import list_actions
from mentorlog.services.goals import list_goals
from mentorlog.services.meetings import Heartbeat, heartbeats, list_meetings, occurrences_of
from mentorlog.services.occurrences import Occurrence, occurrences
from mentorlog.services.people import list_people
from mentorlog.store import Journal

NEXT_MEETINGS = timedelta(days=7)
DUE_SOON = timedelta(days=7)
RECENT_MILESTONES = timedelta(days=30)
# How far back a streak is followed, in weeks.
MAX_STREAK = 520


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
    meetings = list_meetings(journal)
    upcoming = [o for o in occurrences_of(meetings, now, now + NEXT_MEETINGS) if not o.cancelled]
    today = now.date()
    goals = list_goals(journal, status="all")
    milestones = [Milestone.from_record(r) for r in journal.all("milestones")]
    entries = [
        *(_date(e.at, now) for g in goals for e in g.history),
        *(m.on for m in milestones),
        *(_date(Note.from_record(r).at, now) for r in journal.all("notes")),
        *(_date(Feedback.from_record(r).at, now) for r in journal.all("feedback")),
    ]
    return Status(
        now=now,
        meetings=upcoming,
        goals=[g for g in goals if g.is_open],
        people=people,
        beats=heartbeats(meetings, people, now),
        journal_exists=journal.exists,
        actions=[
            a
            for a in list_actions(journal, today=today)
            if a.due is not None and a.due <= today + DUE_SOON
        ],
        milestones=sorted(
            (m for m in milestones if today - RECENT_MILESTONES <= m.on <= today),
            key=lambda m: (m.on, m.id or 0),
            reverse=True,
        ),
        streak=streak(meetings, [d for d in entries if d is not None], now),
    )


def streak(meetings: Sequence[Meeting], entry_days: Iterable[date], now: datetime) -> Streak:
    """The run of active weeks that ends this week, or last week if this one has nothing yet
    (a streak is not broken before the week is over)."""
    this_monday = _monday(now.date())
    active = {_monday(day) for day in entry_days if day <= now.date()}
    # Meetings are asked week by week, and only when no entry made the week active; the one
    # that last made a week active is asked first, so a weekly call answers most weeks in one
    # query, rather than expanding every series over the whole streak.
    candidates = [m for m in meetings if m.status != "cancelled"]

    def is_active(monday: date) -> bool:
        if monday in active:
            return True
        begin = datetime.combine(monday, datetime.min.time(), now.tzinfo)
        finish = min(begin + timedelta(days=7), now)
        for index, meeting in enumerate(candidates):
            if meeting.start.date() > monday + timedelta(days=7):
                continue
            if any(not o.cancelled for o in occurrences(meeting, begin, finish)):
                candidates.insert(0, candidates.pop(index))
                return True
        return False

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
