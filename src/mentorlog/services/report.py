"""The progress report: what a period of mentoring held, for a review or the end of a cycle.

Everything is counted within one period, since to until: the meetings held (those over and
not marked are listed apart, as services.relationships decides), goal progress read from
each goal's history, milestones, feedback both ways and shared notes.
Open action items and talking points are as of now, since that is what is still to do.
Private notes never enter a report: they are not read, counted or mentioned.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from mentorlog import timeparse
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput
from mentorlog.services import relationships
from mentorlog.services.goal_rows import due_order
from mentorlog.services.people_read import all_people
from mentorlog.services.rating import Rating
from mentorlog.services.relationships import Unmarked
from mentorlog.services.report_goals import (
    GoalSummary,
    goal_states,
    summarize_goals,
    summarize_states,
)
from mentorlog.services.report_meetings import Tally, tallies, tally_of
from mentorlog.services.report_period import ReportPeriod, zone_of
from mentorlog.services.report_rows import ActionRow, FeedbackRow, MilestoneRow, NoteRow, TopicRow
from mentorlog.services.report_values import Value, _setattr
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import Meeting, Person

# A gap between meetings may run this many days past the cadence and still count as kept:
# a call moved from Tuesday to Friday should not break a weekly rhythm.
GRACE_DAYS = 3
_GRACE = timedelta(days=GRACE_DAYS)
_UNIT_WORDS = {"d": "day", "w": "week", "m": "month"}


# -- meetings and cadence --------------------------------------------------------------------


class Gap(Value):
    """The days between two meetings (or a meeting and an end of the period)."""

    __slots__ = ("end", "start")
    start: date
    end: date

    def __init__(self, start: date, end: date) -> None:
        _setattr(self, "start", start)  # not `_set`'s dict: a report makes hundreds
        _setattr(self, "end", end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def to_json(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


class CadenceCheck(Value):
    """Whether the meetings kept to the agreed cadence, and the gap that decided it."""

    __slots__ = ("every", "kept", "longest")
    every: timeparse.Period
    kept: bool
    longest: Gap

    def __init__(self, every: timeparse.Period, kept: bool, longest: Gap) -> None:
        self._set(every=every, kept=kept, longest=longest)

    @property
    def words(self) -> str:
        """'2 weeks', '1 month', '10 days'."""
        unit = _UNIT_WORDS[self.every.unit]
        return f"{self.every.count} {unit}{'' if self.every.count == 1 else 's'}"

    @property
    def every_words(self) -> str:
        """'every 2 weeks', 'every month'."""
        if self.every.count == 1:
            return f"every {_UNIT_WORDS[self.every.unit]}"
        return f"every {self.words}"

    def to_json(self) -> dict[str, Any]:
        return {
            "every": str(self.every),
            "kept": self.kept,
            "longest_gap": self.longest.to_json(),
            "grace_days": GRACE_DAYS,
        }


def check_cadence(
    cadence: str | None, days: Sequence[date], start: date, end: date
) -> CadenceCheck | None:
    """The cadence rule: every gap between consecutive meetings, counted from `start` to
    `end`, may be at most the cadence plus GRACE_DAYS; None when no usable cadence is set."""
    if cadence is None:
        return None
    try:
        every = timeparse.parse_period(cadence)
    except InvalidInput:
        return None
    points = sorted({start, *(d for d in days if start <= d <= end), max(start, end)})
    if len(points) == 1:
        points.append(points[0])
    gaps = [Gap(a, b) for a, b in itertools.pairwise(points)]
    # The gap shown explains the verdict: the longest that broke the rule, if any did (with
    # a monthly cadence a 31-day gap breaks it after February but not after March).
    broken = [g for g in gaps if g.end > every.after(g.start) + _GRACE]
    longest = max(broken or gaps, key=lambda g: g.days)
    return CadenceCheck(every=every, kept=not broken, longest=longest)


class MeetingSummary(Value):
    """The meetings with one person in the period."""

    __slots__ = ("cadence", "cancelled", "held", "last", "meetings", "person", "rating", "unmarked")
    person: Person
    meetings: int  # occurrences in the period marked held: the meetings that took place
    held: int  # the same (kept for the JSON's readers)
    cancelled: int
    unmarked: list[Unmarked]  # over in the period, neither held nor cancelled, latest first
    rating: Rating | None
    last: datetime | None
    cadence: CadenceCheck | None

    def __init__(
        self,
        person: Person,
        meetings: int,
        held: int,
        cancelled: int,
        unmarked: list[Unmarked],
        rating: Rating | None,
        last: datetime | None,
        cadence: CadenceCheck | None,
    ) -> None:
        self._set(
            person=person,
            meetings=meetings,
            held=held,
            cancelled=cancelled,
            unmarked=unmarked,
            rating=rating,
            last=last,
            cadence=cadence,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person.handle,
            "name": self.person.name,
            "role": self.person.role,
            "meetings": self.meetings,
            "held": self.held,
            "cancelled": self.cancelled,
            "unmarked": [u.to_json() for u in self.unmarked],
            "rating": self.rating.to_json() if self.rating else None,
            "last": self.last.isoformat(timespec="seconds") if self.last else None,
            "cadence": self.cadence.to_json() if self.cadence else None,
        }


def summarize_meetings(
    person: Person,
    meetings: Sequence[Meeting],
    period: ReportPeriod,
    *,
    now: datetime,
    theirs_found: Sequence[Occurrence] | Tally | None = None,
) -> MeetingSummary:
    """A person's meetings in the period; `theirs_found`, their occurrences in it, as
    `occurrences_of` gives them, or already counted (`report_meetings.tallies`, worked out
    once for a report on everyone)."""
    zone = zone_of(now)
    if isinstance(theirs_found, Tally):
        tally = theirs_found
    else:
        found: Sequence[Occurrence]
        if theirs_found is not None:
            found = theirs_found
        else:
            upto = min(period.end, now + timedelta(microseconds=1))
            theirs = [m for m in meetings if person.handle in m.people]
            from mentorlog.services.meetings import occurrences_of

            found = occurrences_of(theirs, period.since, upto) if upto > period.since else []
        # What counts is decided in services.relationships: held when marked held; over
        # and not marked, it is listed apart and not counted as met; a whole series
        # cancelled says nothing about when: its occurrences are not counted as cancelled
        # one by one, only occurrences cancelled on their own and one-off meetings.
        tally = tally_of(found, now)
    took_place = tally.held
    unmarked = [relationships.unmarked(o, now) for o in reversed(tally.unmarked)]
    ratings = [rating for _, _, rating in took_place if rating is not None]
    start = period.first_day
    added = person.created
    if added is not None and added > period.since:
        start = added.astimezone(zone).date()
    return MeetingSummary(
        person=person,
        meetings=len(took_place),
        held=len(took_place),
        cancelled=tally.cancelled,
        unmarked=unmarked,
        rating=Rating(sum(ratings) / len(ratings), len(ratings)) if ratings else None,
        last=took_place[-1][0] if took_place else None,
        cadence=check_cadence(
            person.cadence,
            [start_utc.astimezone(zone).date() for _, start_utc, _ in took_place],
            start,
            min(period.until, now).astimezone(zone).date(),
        ),
    )


# -- feedback --------------------------------------------------------------------------------


class FeedbackSummary(Value):
    __slots__ = ("given", "received")
    received: list[FeedbackRow]
    given: list[FeedbackRow]

    def __init__(self, received: list[FeedbackRow], given: list[FeedbackRow]) -> None:
        self._set(received=received, given=given)

    @property
    def themes(self) -> list[tuple[str, int]]:
        """Tag counts over feedback both ways, most common first, then by name."""
        counts = Counter(tag for f in [*self.received, *self.given] for tag in f.tags)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @staticmethod
    def rating(items: Sequence[FeedbackRow]) -> Rating | None:
        values = [f.rating for f in items if f.rating is not None]
        return Rating(sum(values) / len(values), len(values)) if values else None

    def to_json(self) -> dict[str, Any]:
        def side(items: list[FeedbackRow]) -> dict[str, Any]:
            rating = self.rating(items)
            return {
                "count": len(items),
                "rating": rating.to_json() if rating else None,
                "items": [f.to_json() for f in items],
            }

        return {
            "received": side(self.received),
            "given": side(self.given),
            "themes": [{"tag": tag, "count": count} for tag, count in self.themes],
        }


# -- the report ------------------------------------------------------------------------------


class Report(Value):
    """Everything a progress report says, in the order it says it."""

    __slots__ = (
        "actions",
        "author",
        "feedback",
        "goals",
        "meetings",
        "milestones",
        "names",
        "notes",
        "now",
        "period",
        "person",
        "topics",
    )
    author: str
    person: Person | None
    period: ReportPeriod
    now: datetime
    meetings: list[MeetingSummary]
    goals: GoalSummary
    milestones: list[MilestoneRow]
    feedback: FeedbackSummary
    actions: list[ActionRow]
    topics: list[TopicRow]
    notes: list[NoteRow]  # shared notes only, never private ones
    names: dict[str, str]  # handle -> name, for display

    def __init__(
        self,
        author: str,
        person: Person | None,
        period: ReportPeriod,
        now: datetime,
        meetings: list[MeetingSummary],
        goals: GoalSummary,
        milestones: list[MilestoneRow],
        feedback: FeedbackSummary,
        actions: list[ActionRow],
        topics: list[TopicRow],
        notes: list[NoteRow],
        names: dict[str, str] | None = None,
    ) -> None:
        self._set(
            author=author,
            person=person,
            period=period,
            now=now,
            meetings=meetings,
            goals=goals,
            milestones=milestones,
            feedback=feedback,
            actions=actions,
            topics=topics,
            notes=notes,
            names=names or {},
        )

    @property
    def today(self) -> date:
        return self.now.date()

    def local_day(self, moment: datetime) -> date:
        """The day an instant falls on, in the user's zone."""
        return moment.astimezone(self.now.tzinfo).date()

    def overdue(self, action: ActionRow) -> bool:
        return action.is_open and action.due is not None and action.due < self.today

    def to_json(self) -> dict[str, Any]:
        return {
            "author": self.author,
            "person": self.person.handle if self.person else None,
            "period": self.period.to_json(),
            "generated": self.now.isoformat(timespec="seconds"),
            "meetings": [m.to_json() for m in self.meetings],
            "goals": self.goals.to_json(),
            "milestones": [m.to_json() for m in self.milestones],
            "feedback": self.feedback.to_json(),
            "open_items": {
                "actions": [a.to_json() | {"overdue": self.overdue(a)} for a in self.actions],
                "topics": [t.to_json() for t in self.topics],
            },
            "notes": [_shared_note_json(n) for n in self.notes],
        }


def _shared_note_json(note: NoteRow) -> dict[str, Any]:
    if note.private:  # never reached: build_report reads shared notes only
        raise ValueError("a private note cannot go into a report")
    return note.to_json()


def build_report(
    journal: Journal,
    *,
    now: datetime,
    period: ReportPeriod,
    author: str = "",
    person: str | None = None,
    sieve: bool = True,
) -> Report:
    """The progress report for the period: with everyone, or with one person. Only the
    records the period can show are built (`report_sieve`); `sieve=False` builds them all
    first (the plain way, which tests/test_report_service.py holds the sieve to)."""
    from mentorlog.services import report_sieve

    chosen = None
    if person is not None:  # the people service, only for a report on one person
        from mentorlog.services.people import get_person

        chosen = get_person(journal, person)
    handle = chosen.handle if chosen is not None else None
    everyone = all_people(journal)
    upto = min(period.end, now + timedelta(microseconds=1))
    if sieve:
        meetings = report_sieve.meetings_reaching(journal, period.since, upto)
        goal_lines = summarize_states(
            sorted(goal_states(journal, period, handle), key=lambda g: due_order(g.goal)),
            period,
            now=now,
        )
        notes = report_sieve.notes_in(journal, period, handle)
        feedback = report_sieve.feedback_in(journal, period, handle)
        actions = report_sieve.open_actions(journal, now.date(), handle)
        milestones = report_sieve.milestones_in(journal, period, handle)
        topics = report_sieve.open_topics(journal, handle)
    else:  # the plain way's services, imported only for it
        from mentorlog.services import actions as action_service
        from mentorlog.services import feedback as feedback_service
        from mentorlog.services import milestones as milestone_service
        from mentorlog.services import notes as note_service
        from mentorlog.services import topics as topic_service
        from mentorlog.services.goals import list_goals
        from mentorlog.services.meetings import list_meetings

        meetings = list_meetings(journal)
        goal_lines = summarize_goals(
            list_goals(journal, status="all", person=handle), period, now=now
        )
        # Rows of the models built (`report_rows`: every field of each, as the sieve reads).
        notes = [NoteRow.of(n) for n in note_service.list_notes(journal, person=handle,
                 private=False) if not n.private and period.holds(n.at)]  # fmt: skip
        feedback = [FeedbackRow.of(f) for f in feedback_service.list_feedback(journal,
                    person=handle) if period.holds(f.at)]  # fmt: skip
        actions = [ActionRow.of(a) for a in action_service.list_actions(journal,
                   today=now.date(), person=handle)]  # fmt: skip
        milestones = [MilestoneRow.of(m) for m in milestone_service.list_milestones(journal,
                      person=handle) if period.first_day <= m.on <= period.last_day]  # fmt: skip
        topics = [TopicRow.of(t) for t in topic_service.topics_for(journal,
                  [handle] if handle else None)]  # fmt: skip
    found: dict[str, Tally] | None = None  # with everyone, each meeting's worked out once
    if sieve and chosen is None and upto > period.since:
        found = tallies(meetings, period.since, upto, now)
    summaries = [
        summarize_meetings(
            p,
            meetings,
            period,
            now=now,
            theirs_found=None if found is None else found.get(p.handle) or Tally(),
        )
        for p in ([chosen] if chosen is not None else everyone)
    ]
    if chosen is None:
        summaries = [s for s in summaries if _belongs(s, period)]
    return Report(
        author=author or "me",
        person=chosen,
        period=period,
        now=now,
        meetings=summaries,
        goals=goal_lines,
        milestones=milestones,
        feedback=FeedbackSummary(
            received=[f for f in feedback if f.direction == "received"],
            given=[f for f in feedback if f.direction == "given"],
        ),
        actions=actions,
        topics=topics,
        notes=notes,
        names={p.handle: p.name for p in everyone},
    )


def _belongs(summary: MeetingSummary, period: ReportPeriod) -> bool:
    """Whether a person has a place in a report on everyone: active and known by the end
    of the period, or met (or cancelled on, or with a meeting not marked) in it."""
    added = summary.person.created
    if added is not None and added > period.until:
        return False
    return not summary.person.archived or bool(
        summary.meetings or summary.cancelled or summary.unmarked
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
