"""The records of a journal as dataclasses, and their stable JSON shapes.

`from_record` is forgiving: a field missing from a hand-edited journal takes its default,
and a value of the wrong type is read as well as it can be, rather than refusing the whole
journal. The store keeps fields this version does not know, so `to_record` only ever
returns the fields the model owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ROLES = ("mentor", "mentee", "peer")
CHANNELS = ("video", "call", "chat", "email", "in-person")
GOAL_STATUSES = ("active", "done", "dropped")
DEFAULT_HOURS = "09:00-17:00"
DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")

Record = dict[str, Any]


def _str(record: Mapping[str, Any], key: str, default: str = "") -> str:
    value = record.get(key)
    return default if value is None else str(value)


def _opt_str(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    return None if value is None or value == "" else str(value)


def _int(record: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = record.get(key)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(float(str(value)))
    except ValueError:
        return default


def _opt_int(record: Mapping[str, Any], key: str) -> int | None:
    value = record.get(key)
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str_list(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
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
            archived=bool(record.get("archived", False)),
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


@dataclass
class ProgressEntry:
    """One step in a goal's history: when, the progress it reached, and why."""

    at: str
    progress: int
    note: str | None = None

    @classmethod
    def from_record(cls, record: Any) -> ProgressEntry | None:
        if not isinstance(record, Mapping):
            return None
        return cls(
            at=_str(record, "at"), progress=_int(record, "progress"), note=_opt_str(record, "note")
        )

    def to_record(self) -> Record:
        return {"at": self.at, "progress": self.progress, "note": self.note}


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

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Goal:
        status = _str(record, "status", "active")
        history = record.get("history")
        entries = (
            [ProgressEntry.from_record(item) for item in history or []]
            if isinstance(history, list)
            else []
        )
        return cls(
            title=_str(record, "title"),
            why=_opt_str(record, "why"),
            status=status if status in GOAL_STATUSES else "active",
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
