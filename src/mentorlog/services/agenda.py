"""The agenda for a meeting, built from the journal: what to talk about today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import NotFound
from mentorlog.kinds import MEETINGS
from mentorlog.model import (
    ActionItem,
    Feedback,
    Goal,
    Milestone,
    Note,
    Person,
    ProgressEntry,
    Topic,
)
from mentorlog.services import agenda_read, prompts
from mentorlog.services import meetings_read as meeting_service
from mentorlog.services.goals_read import goals_of
from mentorlog.services.people_read import (
    find_person,
    get_person,
    is_working,
    person_zone,
    within_working_time,
)
from mentorlog.services.relationships import MeetingIndex, Unmarked
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FIRST_LOOK_BACK = timedelta(days=30)


@dataclass(frozen=True)
class LocalTime:
    """When the meeting is on one participant's clock."""

    who: str  # "me" or a handle
    name: str
    tz: str
    start: datetime
    end: datetime
    working: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "name": self.name,
            "tz": self.tz,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "working": self.working,
        }


@dataclass(frozen=True)
class Change:
    """Something that happened since the last meeting with these people."""

    at: datetime
    # "progress", "goal done", "goal dropped", "goal reopened", "milestone", "note"
    kind: str
    text: str
    goal: int | None = None
    ref: int | None = None  # the milestone's or the note's id
    private: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "text": self.text,
            "goal": self.goal,
            "id": self.ref,
            "private": self.private,
        }


@dataclass(frozen=True)
class Agenda:
    """Everything an agenda shows, in the order it shows it."""

    occurrence: Occurrence
    people: list[Person]
    times: list[LocalTime]
    checkin: str
    previous: Occurrence | None  # the last meeting held with these people
    unmarked: list[Unmarked]  # past ones with them nobody marked (30 days), latest first
    since: list[Change]
    actions: list[ActionItem]
    topics: list[Topic]
    goals: list[Goal]
    feedback: list[Feedback]
    reflection: str
    today: date
    overdue: set[int] = field(default_factory=set)

    @property
    def meeting_id(self) -> int:
        assert self.occurrence.meeting.id is not None
        return self.occurrence.meeting.id

    @property
    def zone(self) -> tzinfo | None:
        """Your zone: the one the "me" line is in."""
        return self.times[0].start.tzinfo if self.times else None

    def actions_of(self, owner: str) -> list[ActionItem]:
        return [a for a in self.actions if a.owner == owner]

    def to_json(self) -> dict[str, Any]:
        meeting = self.occurrence.meeting
        return {
            "meeting": meeting.id,
            "title": meeting.title,
            "occurrence": self.occurrence.to_json(),
            "people": [p.handle for p in self.people],
            "times": [t.to_json() for t in self.times],
            "channel": meeting.channel,
            "link": meeting.link,
            "checkin": self.checkin,
            "previous": self.previous.to_json() if self.previous else None,
            "unmarked": [u.to_json() for u in self.unmarked],
            "since": [c.to_json() for c in self.since],
            "actions": [a.to_json() | {"overdue": a.id in self.overdue} for a in self.actions],
            "topics": [t.to_json() for t in self.topics],
            "goals": [g.to_json() for g in self.goals],
            "feedback": [f.to_json() for f in self.feedback],
            "reflection": self.reflection,
        }


@dataclass(frozen=True)
class MyClock:
    """The user's own zone and working time, for the "me" line of the agenda."""

    zone: ZoneInfo
    hours: tuple[time, time]
    days: tuple[str, ...]
    name: str = ""


def build_agenda(
    journal: Journal,
    *,
    now: datetime,
    me: MyClock,
    meeting_id: int | None = None,
    person: str | None = None,
    extra_prompts: Mapping[str, Sequence[str]] | None = None,
    include_private: bool = False,
) -> Agenda:
    """The agenda for a meeting (the occurrence under way or next), or for the next meeting
    (with `person`, if given). Private notes are left out unless `include_private`."""
    index = MeetingIndex(journal.all(MEETINGS.table))
    if meeting_id is not None:
        meeting = meeting_service.get_meeting(journal, meeting_id)
        target = meeting_service.current_occurrence(meeting, now)
        if target is None:
            raise NotFound(f"Meeting {meeting_id} has no occurrence left to plan for.")
    else:
        handle = get_person(journal, person).handle if person is not None else None
        found = index.next_not_over(now, handle)
        if found is None:
            raise meeting_service.nothing_upcoming(handle)
        target = found
    people = [p for h in target.meeting.people if (p := find_person(journal, h)) is not None]
    handles = {p.handle for p in people}
    previous = index.last_held(handles, target.start)
    unmarked = [
        u
        for u in index.unmarked(now)
        if handles.intersection(u.occurrence.meeting.people)
        and u.occurrence.start_utc < target.start_utc
    ]
    # Since the last meeting held; never met but with calls nobody marked, the last 30 days.
    since = previous.start_utc if previous is not None else None
    if since is None and unmarked:
        since = now.astimezone(UTC) - FIRST_LOOK_BACK
    today = now.date()
    actions = agenda_read.open_actions_of(journal, handles, today)
    theirs = goals_of(journal, handles)
    goals = [g for g in theirs if g.status == "active"]
    extra = extra_prompts or {}
    day = target.start.date()
    return Agenda(
        occurrence=target,
        people=people,
        times=_times(target, people, me),
        checkin=prompts.pick("checkin", day, extra.get("checkin", ())),
        previous=previous,
        unmarked=unmarked,
        since=_since(journal, theirs, handles, since, now, include_private=include_private),
        actions=actions,
        topics=agenda_read.open_topics_of(journal, handles),
        goals=goals,
        feedback=_feedback(journal, handles, since, now),
        reflection=prompts.pick("reflection", day, extra.get("reflection", ())),
        today=today,
        overdue={a.id for a in actions if a.due is not None and a.due < today and a.id},
    )


def _times(target: Occurrence, people: Sequence[Person], me: MyClock) -> list[LocalTime]:
    mine = LocalTime(
        who="me",
        name=me.name or "you",
        tz=me.zone.key,
        start=target.start.astimezone(me.zone),
        end=target.end.astimezone(me.zone),
        working=_my_working(target.start.astimezone(me.zone), me),
    )
    theirs = [
        LocalTime(
            who=p.handle,
            name=p.name,
            tz=p.tz,
            start=target.start.astimezone(person_zone(p)),
            end=target.end.astimezone(person_zone(p)),
            working=is_working(p, target.start),
        )
        for p in people
    ]
    return [mine, *theirs]


def _my_working(local: datetime, me: MyClock) -> bool:
    return within_working_time(local, me.hours, me.days)


def _since(
    journal: Journal,
    goals: Sequence[Goal],
    handles: set[str],
    since: datetime | None,
    now: datetime,
    *,
    include_private: bool = False,
) -> list[Change]:
    """Goal progress and endings, milestones and notes about these people since the instant
    `since` (None: nothing, a first meeting), oldest first. `goals` are those shared with
    these people."""
    if since is None:
        return []
    start, end = since, now.astimezone(UTC)
    changes: list[Change] = []
    for goal in goals:
        if goal.person not in handles:
            continue
        before = _progress_before(goal, start)
        for entry in goal.history:
            moment = _instant(entry.at)
            if moment is None or not start <= moment <= end:
                continue
            changes.append(_change(goal, entry, before, moment))
            before = entry.progress
    goal_people = {g.id: g.person for g in goals}
    zone = now.tzinfo

    def concerns(person: str | None, goal: int | None) -> bool:
        return (person or goal_people.get(goal)) in handles

    # Only the milestones and notes chosen are built (`agenda_read`).
    for milestone in agenda_read.milestones_between(journal, start.date(), end.date(), concerns):
        at = datetime.combine(milestone.on, time(12), zone).astimezone(UTC)
        changes.append(_milestone_change(milestone, at))
    for moment, note in agenda_read.notes_between(
        journal, handles, start, end, include_private=include_private
    ):
        changes.append(_note_change(note, moment))
    return sorted(changes, key=lambda c: c.at)


def _milestone_change(milestone: Milestone, at: datetime) -> Change:
    note = f" ({milestone.note})" if milestone.note else ""
    return Change(
        at, "milestone", f"Milestone: {milestone.title}{note}", milestone.goal, milestone.id
    )


def _note_change(note: Note, at: datetime) -> Change:
    lines = note.text.strip().splitlines()
    text = lines[0] + (" …" if len(lines) > 1 else "") if lines else ""
    kind = "reflection" if note.prompt else "note"
    return Change(at, "note", f"{kind.capitalize()}: {text}", None, note.id, note.private)


def _feedback(
    journal: Journal, handles: set[str], since: datetime | None, now: datetime
) -> list[Feedback]:
    """Feedback with these people since the instant `since` (the last 30 days before a first
    meeting), oldest first: something to thank them for, or to talk through."""
    start = since if since is not None else now.astimezone(UTC) - FIRST_LOOK_BACK
    chosen = agenda_read.feedback_since(journal, handles, start)
    return [item for _, item in sorted(chosen, key=lambda pair: pair[0])]


def _change(goal: Goal, entry: ProgressEntry, before: int, at: datetime) -> Change:
    why = f" ({entry.note})" if entry.note else ""
    text = {
        "done": f"{goal.title}: achieved{why}",
        "dropped": f"{goal.title}: dropped{why}",
        "reopened": f"{goal.title}: reopened at {entry.progress}%{why}",
    }.get(entry.event, f"{goal.title}: {before}% → {entry.progress}%{why}")
    kind = "progress" if entry.event == "progress" else f"goal {entry.event}"
    return Change(at, kind, text, goal.id)


def _progress_before(goal: Goal, moment: datetime) -> int:
    progress = 0
    for entry in goal.history:
        at = _instant(entry.at)
        if at is not None and at < moment:
            progress = entry.progress
    return progress


def _instant(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None
