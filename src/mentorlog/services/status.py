"""The dashboard: what deserves your attention today."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from mentorlog.calendar.occurrences import Occurrence, occurrences
from mentorlog.kinds import ACTIONS, FEEDBACK, GOALS, MEETINGS, MILESTONES, NOTES
from mentorlog.model import (
    ActionItem,
    Goal,
    Meeting,
    Milestone,
    Person,
)
from mentorlog.services.people_read import list_people
from mentorlog.services.relationships import Heartbeat, MeetingIndex, Unmarked
from mentorlog.store import Journal, read_stamp
from mentorlog.store.held import held

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NEXT_MEETINGS = timedelta(days=7)
DUE_SOON = timedelta(days=7)
RECENT_MILESTONES = timedelta(days=30)
# How far back a streak is followed, in weeks.
MAX_STREAK = 520
# Wider than the distance between a wall time and its instant in any zone (under a day).
_MARGIN = timedelta(days=2)
# What the dashboard makes of each kind of record. A test holds it to the registry, so that
# a new kind is a decision made here, not a kind forgotten.
SHOWS: dict[str, str] = {
    "person": "relationships past their cadence, with each one's last meeting held and next",
    "goal": "open goals, the overdue ones first; progress counts toward the streak",
    "meeting": "the next seven days, past ones nobody marked; one held counts toward the streak",
    "action": "open action items due within seven days, the overdue ones marked",
    "topic": "nothing: talking points wait for the agenda of the next meeting",
    "feedback": "counts toward the streak",
    "milestone": "those of the last thirty days; each counts toward the streak",
    "note": "counts toward the streak (a private one too: only its date is read)",
}
# The statuses of a goal that is not active (see build_status).
_GOAL_CLOSED = ("done", "dropped")


class Status:
    """A snapshot of the journal as of `now`.

    A plain immutable class rather than a frozen dataclass (as `Streak` below): making the
    dataclass's methods at import was a share of every `status`. No __eq__ (nor __hash__):
    nothing compares two dashboards."""

    __slots__ = _STATUS_FIELDS = (
        "now",
        "meetings",
        "goals",
        "goal_count",
        "overdue_goals",
        "people",
        "beats",
        "unmarked",
        "journal_exists",
        "actions",
        "milestones",
        "streak",
    )
    now: datetime
    meetings: list[Occurrence]
    goals: list[Goal]  # the open goals, soonest due first: all, or the first few asked for
    goal_count: int  # of all the open goals
    overdue_goals: list[int]  # the ids of the open goals past due, soonest due first
    people: list[Person]
    beats: dict[str, Heartbeat]
    unmarked: list[Unmarked]  # occurrences of the last 30 days nobody marked, latest first
    journal_exists: bool
    actions: list[ActionItem]
    milestones: list[Milestone]
    streak: Streak

    def __init__(
        self,
        *,
        now: datetime,
        meetings: list[Occurrence],
        goals: list[Goal],
        goal_count: int,
        overdue_goals: list[int],
        people: list[Person],
        beats: dict[str, Heartbeat],
        unmarked: list[Unmarked],
        journal_exists: bool,
        actions: list[ActionItem],
        milestones: list[Milestone],
        streak: Streak,
    ) -> None:
        given = locals()
        for name in self._STATUS_FIELDS:
            object.__setattr__(self, name, given[name])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Status is immutable: cannot set {name}")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._STATUS_FIELDS)
        return f"Status({fields})"

    @property
    def overdue_people(self) -> list[Person]:
        """Relationships whose last meeting held (or, never met, whose start) is older than
        their cadence."""
        return [p for p in self.people if (b := self.beats.get(p.handle)) and b.overdue]

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(timespec="seconds"),
            "tz": str(self.now.tzinfo),
            "meetings": [o.to_json() for o in self.meetings],
            "goals": [g.to_json() for g in self.goals],
            "overdue_goals": self.overdue_goals,
            "people": [p.to_json() | {"heartbeat": self.beats[p.handle].to_json()}
                       for p in self.people],
            "overdue_people": [p.handle for p in self.overdue_people],
            "unmarked": [u.to_json() for u in self.unmarked],
            "actions": [a.to_json() | {"overdue": a.due is not None and a.due < self.now.date()}
                        for a in self.actions],
            "milestones": [m.to_json() for m in self.milestones],
            "streak": self.streak.to_json(),
        }  # fmt: skip


class Streak:
    """Weeks in a row (Monday to Sunday, in your zone) with at least one meeting held or one
    journal entry (a note, feedback, a milestone, goal progress). A plain immutable class."""

    __slots__ = ("since", "this_week", "weeks")
    weeks: int
    this_week: bool  # whether this week counts already (if not, the streak runs to last week)
    since: date | None  # the Monday the streak began

    def __init__(self, weeks: int, this_week: bool, since: date | None) -> None:
        object.__setattr__(self, "weeks", weeks)
        object.__setattr__(self, "this_week", this_week)
        object.__setattr__(self, "since", since)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Streak is immutable: cannot set {name}")

    def _fields(self) -> tuple[int, bool, date | None]:
        return self.weeks, self.this_week, self.since

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Streak) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Streak(weeks={!r}, this_week={!r}, since={!r})".format(*self._fields())

    def to_json(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "this_week": self.this_week,
            "since": self.since.isoformat() if self.since else None,
        }


def build_status(journal: Journal, *, now: datetime, goals_shown: int | None = None) -> Status:
    """The dashboard as of `now`; with `goals_shown`, only the first so many open goals are
    built (the rest are counted, and their due dates read, from the records)."""
    people = list_people(journal)
    meetings = MeetingIndex(journal.all(MEETINGS.table))
    # The coming week; the last 30 days are asked only for the calls nobody marked, which
    # builds none of the held ones (MeetingIndex.unmarked).
    upcoming = [o for o in meetings.occurrences(now, now + NEXT_MEETINGS) if not o.cancelled]
    today = now.date()
    # Only what the dashboard shows is built into objects (open goals, actions due soon,
    # recent milestones); the streak needs only the dates of the rest, read straight from
    # the records: on a journal of 100,000 records, building them all took a second. The
    # records are read as the journal holds them (`held`: read, never changed), without a
    # read-only view each.
    goal_records = held(journal, GOALS.table)
    milestone_records = held(journal, MILESTONES.table)
    milestone_days = [Milestone.on_of(record) for record in milestone_records]
    entries = _EntryWeeks(
        milestone_days,
        # Goal progress first (the goals are read anyway), notes and feedback only when it
        # leaves a week without an entry.
        [
            lambda: _progress_stamps(goal_records),
            lambda: (
                _dated_stamps(held(journal, NOTES.table))
                + _dated_stamps(held(journal, FEEDBACK.table))
            ),
        ],
        now,
    )
    beats = meetings.heartbeats(people, now)
    soon, recently = today + DUE_SOON, today - RECENT_MILESTONES
    # The status of every action and goal is read straight from the record: a JSON value
    # reads as "done" (or "dropped") only when it is that string, so these are
    # `status_of(record) == "open"` and `== "active"` at a third of the cost (a test
    # holds them to it).
    due_soon = [
        ActionItem.from_record(record)
        for record in held(journal, ACTIONS.table)
        if record.get("status") != "done"
        and (due := ActionItem.due_of(record)) is not None
        and due <= soon
    ]
    recent = [
        Milestone.from_record(record)
        for record, day in zip(milestone_records, milestone_days, strict=True)
        if recently <= day <= today
    ]
    # In `due_order`, read from the records.
    open_goals = sorted(
        (r for r in goal_records if r.get("status") not in _GOAL_CLOSED), key=_due_order
    )
    return Status(
        now=now,
        meetings=upcoming,
        goals=[Goal.from_record(r) for r in open_goals[:goals_shown]],
        goal_count=len(open_goals),
        overdue_goals=[
            Goal.id_of(r) or 0
            for r in open_goals
            if (due := Goal.due_of(r)) is not None and due < today
        ],
        people=people,
        beats=beats,
        unmarked=meetings.unmarked(now),
        journal_exists=journal.exists,
        # services.actions.action_order, without importing that service
        actions=sorted(due_soon, key=lambda a: a.order(today)),
        milestones=sorted(recent, key=lambda m: (m.on, m.id or 0), reverse=True),
        streak=_run(entries.entered, _met(meetings), now),
    )


def _due_order(record: Mapping[str, Any]) -> tuple[bool, date, int]:
    """`goals.due_order` of the goal the record holds."""
    due = Goal.due_of(record)
    return (due is None, due or date.max, Goal.id_of(record) or 0)


def _progress_stamps(goals: Iterable[Mapping[str, Any]]) -> list[Any]:
    """The instant of each step in the goals' histories, as stored (None: missing); the
    records are JSON, so a mapping in them is a dict."""
    return [
        entry.get("at")
        for record in goals
        if isinstance(history := record.get("history"), list)
        for entry in history
        if isinstance(entry, dict)
    ]


def _dated_stamps(records: Iterable[Mapping[str, Any]]) -> list[Any]:
    """Each record's `at`, else its `created` (None: neither), as `_Dated.at_of` reads them;
    but an `at` too garbled to read counts for no week here, where at_of reads `created`."""
    return [
        at if (at := record.get("at")) is not None and at != "" else record.get("created")
        for record in records
    ]


class _EntryWeeks:
    """Which weeks hold a journal entry (a note, feedback, a milestone, goal progress), each
    entry's day in the user's zone worked out only when a week asks for it.

    The streak asks up to 520 weeks whether they were active; working out the day of every
    entry in the user's zone (76,000 of them on a journal of 100,000 records) took 0.1 s.
    A stored instant's own date (the first ten characters of its text) is within two days
    of its date in any zone, since offsets stay under a day either way: so a week is asked
    only of the instants whose text dates lie from two days before it to two days after it,
    one for each date first, the dates in the middle of the week first (those cannot fall
    outside it), and the rest of a date only when that one did not answer. The instants
    come from `sources`, read in order and each only once a week finds no entry in those
    read before: where one kind of entry fills every week, the others (their tables too)
    are never read. The answers are those of converting every entry
    (tests/test_fast_paths.py compares them).
    """

    def __init__(
        self, days: Iterable[date], sources: Iterable[Callable[[], list[Any]]], now: datetime
    ) -> None:
        self.now = now
        self.today = now.date()
        self.days = set(days)  # days known exactly already (milestones, stamps read below)
        self.sources = list(sources)
        # Texts before the horizon are passed by unread: the dates they start with are older
        # than any week the streak asks about (one of another ISO 8601 form, such as
        # 20261121T0900, in that year or later sorts after the horizon's, and is kept).
        self.since = (_monday(self.today) - timedelta(weeks=MAX_STREAK + 1) - _MARGIN).isoformat()
        self.texts: list[str] = []
        self.one: dict[str, str] = {}  # one instant for each text date
        self.grouped: dict[str, list[str]] | None = None  # all of them, when needed
        self.seen: dict[str, date | None] = {}

    def _read(self, stamps: list[Any]) -> None:
        """Take in instants as the records hold them (None: the record has none)."""
        texts = [stamp for stamp in stamps if type(stamp) is str]
        if len(texts) != len(stamps):
            for stamp in stamps:
                if type(stamp) is not str and stamp is not None:  # a hand edit: read it now
                    self._add(str(stamp))
        texts = [text for text in texts if text >= self.since]
        one = {text[:10]: text for text in texts}
        odd = {k for k in one if not (k[4:5] == "-" and k[7:8] == "-")}
        if odd:  # not a text date (a basic-format stamp, or no date at all): read them now
            for text in texts:
                if text[:10] in odd:
                    self._add(text)
            for key in odd:
                del one[key]
        self.texts += texts
        self.one.update(one)
        self.grouped = None

    def _add(self, stamp: str) -> None:
        day = _date(stamp, self.now)
        if day is not None:
            self.days.add(day)

    def _group(self, key: str) -> list[str]:
        if self.grouped is None:
            self.grouped = {}
            for text in self.texts:
                self.grouped.setdefault(text[:10], []).append(text)
        return self.grouped[key]

    def _day(self, stamp: str) -> date | None:
        if stamp not in self.seen:
            self.seen[stamp] = _date(stamp, self.now)
        return self.seen[stamp]

    def entered(self, monday: date) -> bool:
        """Whether an entry falls in the week from `monday`, on a day not after today."""
        while not self._entered(monday):
            if not self.sources:
                return False
            self._read(self.sources.pop(0)())
        return True

    def _entered(self, monday: date) -> bool:
        last = min(monday + timedelta(days=6), self.today)
        if any(monday + timedelta(days=n) in self.days for n in range((last - monday).days + 1)):
            return True

        def lands(stamp: str) -> bool:
            day = self._day(stamp)
            return day is not None and monday <= day <= last

        unsure = []
        for offset in _NEAREST_FIRST:
            key = (monday + timedelta(days=offset)).isoformat()
            stamp = self.one.get(key)
            if stamp is None:
                continue
            if lands(stamp):
                return True
            unsure.append(key)
        return any(lands(stamp) for key in unsure for stamp in self._group(key))


# Days from a Monday whose text dates can hold an instant of that week (see _EntryWeeks),
# those that must fall in it first.
_NEAREST_FIRST = (3, 2, 4, 1, 5, 0, 6, -1, 7, -2, 8)


def _met(index: MeetingIndex) -> Callable[[datetime, datetime], bool]:
    """Whether an occurrence not cancelled starts in [start, end) (a cancelled meeting has
    only cancelled ones)."""

    def met(start: datetime, end: datetime) -> bool:
        return any(
            not o.cancelled for m in index.reaching(start, end) for o in occurrences(m, start, end)
        )

    return met


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
    active = {_monday(day) for day in entry_days if day <= now.date()}
    return _run(active.__contains__, met, now)


def _run(
    entered: Callable[[date], bool], met: Callable[[datetime, datetime], bool], now: datetime
) -> Streak:
    """The streak, with `entered(monday)` saying whether an entry made a week active (on a
    day not after today) and `met(start, end)` whether a meeting took place in it."""
    this_monday = _monday(now.date())

    def is_active(monday: date) -> bool:
        if entered(monday):
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
    moment = read_stamp(stamp)
    return moment.astimezone(now.tzinfo).date() if moment is not None else None
