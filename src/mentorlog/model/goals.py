"""Goals and the history of their progress."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from mentorlog.model.base import Stored
from mentorlog.model.goal_values import GOAL_EVENTS as GOAL_EVENTS
from mentorlog.model.goal_values import GOAL_STATUSES as GOAL_STATUSES
from mentorlog.model.goal_values import listed
from mentorlog.model.readers import (
    Record,
    _choice,
    _int,
    _opt_date,
    _opt_instant,
    _opt_str,
    _str,
    _str_list,
    instant_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:  # types for checkers only (`goal_values`)
    from mentorlog.model.goal_values import GoalEvent, GoalStatus


@dataclass
class ProgressEntry:
    """One step in a goal's history: when, what happened, the progress it reached, and why."""

    at: datetime | None
    progress: int
    note: str | None = None
    event: GoalEvent = "progress"

    @classmethod
    def from_record(cls, record: Any) -> ProgressEntry | None:
        if not isinstance(record, Mapping):
            return None
        return cls(
            at=cls.at_of(record),
            progress=_int(record, "progress"),
            note=_opt_str(record, "note"),
            event=_choice(record, "event", GOAL_EVENTS, "progress"),
        )

    @staticmethod
    def at_of(record: Mapping[str, Any]) -> datetime | None:
        """`at` as from_record reads it, for a view that needs nothing else of the entry (the
        *_of methods below are the same: a dashboard of 100,000 records cannot build them all)."""
        return _opt_instant(record, "at")

    def to_record(self) -> Record:
        return {
            "at": instant_text(self.at),
            "progress": self.progress,
            "note": self.note,
            "event": self.event,
        }


@dataclass
class Goal(Stored):
    """Something to achieve, alone or shared with a person, with its progress over time."""

    title: str
    why: str | None = None
    status: GoalStatus = "active"
    progress: int = 0
    due: date | None = None
    person: str | None = None
    tags: list[str] = field(default_factory=list)
    history: list[ProgressEntry] = field(default_factory=list)
    completed: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "active"

    @property
    def progress_notes(self) -> list[str]:
        """The notes of its history, oldest first (what search reads of it)."""
        return [entry.note for entry in self.history if entry.note]

    @staticmethod
    def status_of(record: Mapping[str, Any]) -> GoalStatus:
        return _choice(record, "status", GOAL_STATUSES, "active")

    @staticmethod
    def person_of(record: Mapping[str, Any]) -> str | None:
        return _opt_str(record, "person")

    @staticmethod
    def due_of(record: Mapping[str, Any]) -> date | None:
        return _opt_date(record, "due")

    @classmethod
    def from_record(cls, record: Mapping[str, Any], *, brief: bool = False) -> Goal:
        """The goal a record holds; `brief`, only what a list shows of it: no history, and
        its created and updated stamps left unread (None)."""
        if brief:
            listed = cls._listed(record)
            if listed is not None:
                return listed
        return cls._read(record, brief)

    @classmethod
    def _listed(cls, record: Mapping[str, Any]) -> Goal | None:
        """`_read(record, brief=True)` for the usual record (`goal_values.listed`), taken
        as it is rather than through a reader a field (a list of 10,000 goals spent most of
        its reading there); None for any other record."""
        fields = listed(record)
        if fields is None:
            return None
        title, why, status, progress, due, person, tags, key, uid = fields
        return cls(
            title=title,
            why=why,
            status=status,
            progress=progress,
            due=due,
            person=person,
            tags=tags,
            completed=_opt_instant(record, "completed"),
            id=key,
            uid=uid,
        )

    @classmethod
    def _read(cls, record: Mapping[str, Any], brief: bool) -> Goal:
        history = None if brief else record.get("history")
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
            due=cls.due_of(record),
            person=cls.person_of(record),
            tags=_str_list(record, "tags"),
            history=[entry for entry in entries if entry is not None],
            completed=_opt_instant(record, "completed"),
            **(cls.brief_identity(record) if brief else cls.identity(record)),
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
            "completed": instant_text(self.completed),
        }

    def to_json(self) -> Record:
        """The stable `--json` shape of a goal."""
        record = self.to_record()
        completed = record.pop("completed")
        return self.with_identity(record) | {"completed": completed}
