"""The records of a journal as dataclasses, and their stable JSON shapes.

`from_record` is forgiving: a field missing from a hand-edited journal takes its default,
and a value of the wrong type is read as well as it can be, rather than refusing the whole
journal. The store keeps fields this version does not know, so `to_record` only ever
returns the fields the model owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mentorlog.timeparse import known_zone

ROLES = ("mentor", "mentee", "peer")
CHANNELS = ("video", "call", "chat", "email", "in-person")
GOAL_STATUSES = ("active", "done", "dropped")
DEFAULT_HOURS = "09:00-17:00"
DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")

Record = dict[str, Any]


# The readers below take the stored value as it is when it has the type wanted (nearly
# always): a dashboard reads fields of thousands of records.


def _str(record: Mapping[str, Any], key: str, default: str = "") -> str:
    value = record.get(key)
    if type(value) is str:
        return value
    return default if value is None else str(value)


def _choice(record: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    """A field that holds one of `choices`; anything else (missing, or a hand edit) reads as
    `default`. A JSON value that is not a string never reads as one of them, so the value
    is compared as it is, not as `str` makes it: a dashboard asks this of every record."""
    value = record.get(key)
    return value if type(value) is str and value in choices else default


def _opt_str(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if type(value) is str:
        return value or None
    return None if value is None or value == "" else str(value)


# Numbers a hand edit can put in a journal that JSON readers (and `--json`) can still take.
_LARGEST = 2**53


def _int(record: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = _opt_int(record, key, lenient=True)
    return default if value is None else value


def _opt_int(record: Mapping[str, Any], key: str, *, lenient: bool = False) -> int | None:
    """An integer field; None when missing, unreadable or too large for JSON. `lenient`
    also reads true/false and numbers with a fraction ("12.5"), as a hand edit may leave."""
    value = record.get(key)
    if type(value) is int:  # not a bool
        return value if -_LARGEST < value < _LARGEST else None
    if value is None or (isinstance(value, bool) and not lenient):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: inf, 1e999
        if not lenient:
            return None
        try:
            number = int(float(str(value)))
        except (ValueError, OverflowError):
            return None
    return number if -_LARGEST < number < _LARGEST else None


def _rating(record: Mapping[str, Any], key: str = "rating") -> int | None:
    """A rating from 1 to 5; anything else a hand edit left reads as no rating."""
    value = _opt_int(record, key)
    return value if value is not None and 1 <= value <= 5 else None


def _bool(record: Mapping[str, Any], key: str) -> bool:
    """A flag; the words a person might write for false ("no", "false", "0") read as false."""
    value = record.get(key, False)
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "no", "false", "off", "none", "null")
    return bool(value)


def _str_list(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if type(value) is list:
        return [item if type(item) is str else str(item) for item in value if item is not None]
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):  # a tuple: `list | tuple` is built on every call
        return [str(item) for item in value if item is not None]
    return [str(value)]


def _opt_date(record: Mapping[str, Any], key: str) -> date | None:
    value = record.get(key)
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(kw_only=True)
class Stored:
    """What the store gives every record: an id shown to users, a UUID, and two timestamps."""

    id: int | None = None
    uid: str | None = None
    created: str | None = None
    updated: str | None = None

    @staticmethod
    def identity(record: Mapping[str, Any]) -> Record:
        """The store-owned fields of a record, as keyword arguments for `from_record`."""
        return {
            "id": _opt_int(record, "id"),
            "uid": _opt_str(record, "uid"),
            "created": _opt_str(record, "created"),
            "updated": _opt_str(record, "updated"),
        }

    def with_identity(self, fields: Record) -> Record:
        """`fields` between the id and uid before them and the timestamps after, for --json."""
        identity = {"id": self.id, "uid": self.uid}
        return identity | fields | {"created": self.created, "updated": self.updated}


@dataclass
class Person(Stored):
    """Someone you mentor, are mentored by, or learn with."""

    handle: str
    name: str
    role: str
    tz: str
    email: str | None = None
    channel: str | None = None
    cadence: str | None = None
    hours: str = DEFAULT_HOURS
    days: list[str] = field(default_factory=lambda: list(DEFAULT_DAYS))
    expectations: str | None = None
    tags: list[str] = field(default_factory=list)
    archived: bool = False

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Person:
        return cls(
            handle=_str(record, "handle"),
            name=_str(record, "name") or _str(record, "handle"),
            role=_str(record, "role", "peer"),
            tz=_str(record, "tz", "UTC"),
            email=_opt_str(record, "email"),
            channel=_opt_str(record, "channel"),
            cadence=_opt_str(record, "cadence"),
            hours=_str(record, "hours", DEFAULT_HOURS) or DEFAULT_HOURS,
            days=_str_list(record, "days") or list(DEFAULT_DAYS),
            expectations=_opt_str(record, "expectations"),
            tags=_str_list(record, "tags"),
            archived=_bool(record, "archived"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        """The fields the model owns, as stored (the store adds id, uid and timestamps)."""
        return {
            "handle": self.handle,
            "name": self.name,
            "role": self.role,
            "tz": self.tz,
            "email": self.email,
            "channel": self.channel,
            "cadence": self.cadence,
            "hours": self.hours,
            "days": list(self.days),
            "expectations": self.expectations,
            "tags": list(self.tags),
            "archived": self.archived,
        }

    def to_json(self) -> Record:
        """The stable `--json` shape of a person."""
        return self.with_identity(self.to_record())


GOAL_EVENTS = ("progress", "done", "dropped", "reopened")


@dataclass
class ProgressEntry:
    """One step in a goal's history: when, what happened, the progress it reached, and why."""

    at: str
    progress: int
    note: str | None = None
    event: str = "progress"

    @classmethod
    def from_record(cls, record: Any) -> ProgressEntry | None:
        if not isinstance(record, Mapping):
            return None
        event = _str(record, "event", "progress")
        return cls(
            at=cls.at_of(record),
            progress=_int(record, "progress"),
            note=_opt_str(record, "note"),
            event=event if event in GOAL_EVENTS else "progress",
        )

    @staticmethod
    def at_of(record: Mapping[str, Any]) -> str:
        """`at` as from_record reads it, for a view that needs nothing else of the entry (the
        *_of methods below are the same: a dashboard of 100,000 records cannot build them all)."""
        return _str(record, "at")

    def to_record(self) -> Record:
        return {"at": self.at, "progress": self.progress, "note": self.note, "event": self.event}


@dataclass
class Goal(Stored):
    """Something to achieve, alone or shared with a person, with its progress over time."""

    title: str
    why: str | None = None
    status: str = "active"
    progress: int = 0
    due: date | None = None
    person: str | None = None
    tags: list[str] = field(default_factory=list)
    history: list[ProgressEntry] = field(default_factory=list)
    completed: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "active"

    @staticmethod
    def status_of(record: Mapping[str, Any]) -> str:
        return _choice(record, "status", GOAL_STATUSES, "active")

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Goal:
        history = record.get("history")
        entries = (
            [ProgressEntry.from_record(item) for item in history or []]
            if isinstance(history, list)
            else []
        )
        return cls(
            title=_str(record, "title"),
            why=_opt_str(record, "why"),
            status=cls.status_of(record),
            progress=max(0, min(100, _int(record, "progress"))),
            due=_opt_date(record, "due"),
            person=_opt_str(record, "person"),
            tags=_str_list(record, "tags"),
            history=[entry for entry in entries if entry is not None],
            completed=_opt_str(record, "completed"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "title": self.title,
            "why": self.why,
            "status": self.status,
            "progress": self.progress,
            "due": self.due.isoformat() if self.due else None,
            "person": self.person,
            "tags": list(self.tags),
            "history": [entry.to_record() for entry in self.history],
            "completed": self.completed,
        }

    def to_json(self) -> Record:
        """The stable `--json` shape of a goal."""
        record = self.to_record()
        completed = record.pop("completed")
        return self.with_identity(record) | {"completed": completed}


MEETING_STATUSES = ("scheduled", "held", "cancelled")
MAX_MINUTES = 24 * 60  # the longest meeting `meeting add` takes
ACTION_STATUSES = ("open", "done")
TOPIC_STATUSES = ("open", "done")


def _opt_wall(record: Mapping[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    return _wall(value) if isinstance(value, str) else None


def _wall(value: str) -> datetime | None:
    """A stored wall time ("2026-12-01T09:00:00"), naive; an offset, if present, is dropped."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is None else moment.replace(tzinfo=None)


def wall_text(moment: datetime) -> str:
    """How a wall time is stored: ISO 8601 to the second, without an offset."""
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass
class HeldOccurrence:
    """One occurrence marked held, with the rating given to it."""

    start: str  # the occurrence's wall time, as stored (its key)
    at: str  # when it was marked held
    rating: int | None = None

    @classmethod
    def from_record(cls, record: Any) -> HeldOccurrence | None:
        if not isinstance(record, Mapping) or not isinstance(record.get("start"), str):
            return None
        return cls(start=record["start"], at=_str(record, "at"), rating=_rating(record))

    def to_record(self) -> Record:
        return {"start": self.start, "at": self.at, "rating": self.rating}


@dataclass
class Meeting(Stored):
    """A meeting, or a recurring series of them, kept as wall time in one IANA zone.

    `start` is the wall time of the first occurrence in `tz` and `rrule` the RFC 5545 rule
    (without DTSTART), so a weekly 09:00 New York call stays at 09:00 New York across DST;
    UTC instants are derived, never stored. `exdates` are the wall times of cancelled
    occurrences; `held` lists the occurrences marked held.
    """

    title: str
    people: list[str]
    start: datetime  # naive wall time in `tz`
    tz: str
    duration: int = 45  # minutes
    rrule: str | None = None
    exdates: list[datetime] = field(default_factory=list)
    channel: str | None = None
    link: str | None = None
    status: str = "scheduled"
    sequence: int = 0
    notes: str | None = None
    agenda: str | None = None
    agenda_for: str | None = None
    rating: int | None = None
    held: list[HeldOccurrence] = field(default_factory=list)

    @property
    def recurring(self) -> bool:
        return self.rrule is not None

    @staticmethod
    def status_of(record: Mapping[str, Any]) -> str:
        return _choice(record, "status", MEETING_STATUSES, "scheduled")

    @staticmethod
    def schedule_of(record: Mapping[str, Any]) -> tuple[list[str], datetime, str, str | None]:
        """people, start, tz and rrule, as from_record reads them."""
        return (
            _str_list(record, "people"),
            _opt_wall(record, "start") or datetime(1970, 1, 1),
            _str(record, "tz", "UTC"),
            _opt_str(record, "rrule"),
        )

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Meeting:
        exdates = [_wall(str(item)) for item in _str_list(record, "exdates")]
        held = record.get("held")
        entries = [HeldOccurrence.from_record(h) for h in held] if isinstance(held, list) else []
        people, start, tz, rrule = cls.schedule_of(record)
        return cls(
            title=_str(record, "title"),
            people=people,
            start=start,
            tz=tz,
            duration=min(MAX_MINUTES, max(1, _int(record, "duration", 45))),
            rrule=rrule,
            exdates=[moment for moment in exdates if moment is not None],
            channel=_opt_str(record, "channel"),
            link=_opt_str(record, "link"),
            status=cls.status_of(record),
            sequence=max(0, _int(record, "sequence")),
            notes=_opt_str(record, "notes"),
            agenda=_opt_str(record, "agenda"),
            agenda_for=_opt_str(record, "agenda_for"),
            rating=_rating(record),
            held=[entry for entry in entries if entry is not None],
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "title": self.title,
            "people": list(self.people),
            "start": wall_text(self.start),
            "tz": self.tz,
            "duration": self.duration,
            "rrule": self.rrule,
            "exdates": [wall_text(moment) for moment in self.exdates],
            "channel": self.channel,
            "link": self.link,
            "status": self.status,
            "sequence": self.sequence,
            "notes": self.notes,
            "agenda": self.agenda,
            "agenda_for": self.agenda_for,
            "rating": self.rating,
            "held": [entry.to_record() for entry in self.held],
        }

    def to_json(self) -> Record:
        """The stable `--json` shape: `start` and `exdates` as wall times with their offsets
        (without, when `tz` is not a zone this system knows)."""
        record = self.to_record()
        zone = known_zone(self.tz)  # None for a zone edited by hand: wall times, no offset
        record["start"] = self.start.replace(tzinfo=zone).isoformat()
        record["exdates"] = [moment.replace(tzinfo=zone).isoformat() for moment in self.exdates]
        return self.with_identity(record)


@dataclass
class ActionItem(Stored):
    """Something someone promised to do: you ("me") or the person with that handle."""

    text: str
    owner: str = "me"
    due: date | None = None
    status: str = "open"
    meeting: int | None = None
    goal: int | None = None
    person: str | None = None  # the relationship it belongs to, when the owner is "me"
    completed: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @staticmethod
    def status_of(record: Mapping[str, Any]) -> str:
        return _choice(record, "status", ACTION_STATUSES, "open")

    @staticmethod
    def due_of(record: Mapping[str, Any]) -> date | None:
        return _opt_date(record, "due")

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ActionItem:
        return cls(
            text=_str(record, "text"),
            owner=_str(record, "owner", "me") or "me",
            due=cls.due_of(record),
            status=cls.status_of(record),
            meeting=_opt_int(record, "meeting"),
            goal=_opt_int(record, "goal"),
            person=_opt_str(record, "person"),
            completed=_opt_str(record, "completed"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "meeting": self.meeting,
            "goal": self.goal,
            "person": self.person,
            "completed": self.completed,
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())


@dataclass
class Topic(Stored):
    """A talking point to raise next time with a person."""

    text: str
    person: str
    status: str = "open"
    completed: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Topic:
        status = _str(record, "status", "open")
        return cls(
            text=_str(record, "text"),
            person=_str(record, "person"),
            status=status if status in TOPIC_STATUSES else "open",
            completed=_opt_str(record, "completed"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "text": self.text,
            "person": self.person,
            "status": self.status,
            "completed": self.completed,
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())


FEEDBACK_DIRECTIONS = ("given", "received")


class _Dated:
    """For records dated by an `at` instant (feedback, notes)."""

    @staticmethod
    def at_of(record: Mapping[str, Any]) -> str:
        """The instant it was recorded, as from_record reads it."""
        return _str(record, "at") or _str(record, "created")


@dataclass
class Feedback(Stored, _Dated):
    """Feedback given to a person or received from them, about anything: work, a goal, or the
    mentoring itself."""

    text: str
    direction: str  # "given" (you to them) or "received" (them to you)
    person: str
    at: str  # the instant it was recorded, ISO 8601 with offset
    meeting: int | None = None
    goal: int | None = None
    rating: int | None = None
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Feedback:
        direction = _str(record, "direction", "received")
        return cls(
            text=_str(record, "text"),
            direction=direction if direction in FEEDBACK_DIRECTIONS else "received",
            person=_str(record, "person"),
            at=cls.at_of(record),
            meeting=_opt_int(record, "meeting"),
            goal=_opt_int(record, "goal"),
            rating=_rating(record),
            tags=_str_list(record, "tags"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "text": self.text,
            "direction": self.direction,
            "person": self.person,
            "meeting": self.meeting,
            "goal": self.goal,
            "rating": self.rating,
            "tags": list(self.tags),
            "at": self.at,
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())


@dataclass
class Milestone(Stored):
    """An achievement worth celebrating, on the day it happened."""

    title: str
    on: date
    goal: int | None = None
    person: str | None = None
    note: str | None = None
    source: str | None = None  # "goal done" when `goal done` recorded it

    @staticmethod
    def on_of(record: Mapping[str, Any]) -> date:
        return _opt_date(record, "on") or _opt_date(record, "created") or date(1970, 1, 1)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Milestone:
        return cls(
            title=_str(record, "title"),
            on=cls.on_of(record),
            goal=_opt_int(record, "goal"),
            person=_opt_str(record, "person"),
            note=_opt_str(record, "note"),
            source=_opt_str(record, "source"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "title": self.title,
            "goal": self.goal,
            "person": self.person,
            "on": self.on.isoformat(),
            "note": self.note,
            "source": self.source,
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())


@dataclass
class Note(Stored, _Dated):
    """A note or a reflection: about a relationship, or for yourself. A private note never
    leaves the journal (no export, no report, no agenda unless asked)."""

    text: str
    at: str  # the instant it was written, ISO 8601 with offset
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    private: bool = False
    prompt: str | None = None  # the reflection prompt it answers, for `mentorlog reflect`

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Note:
        return cls(
            text=_str(record, "text"),
            at=cls.at_of(record),
            people=_str_list(record, "people"),
            tags=_str_list(record, "tags"),
            # Anything but an explicit false keeps a hand-edited note private: when in doubt,
            # a note stays in the journal.
            private=record.get("private", False) not in (False, None, 0, "false", ""),
            prompt=_opt_str(record, "prompt"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "text": self.text,
            "people": list(self.people),
            "tags": list(self.tags),
            "private": self.private,
            "prompt": self.prompt,
            "at": self.at,
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())
