"""Action items: what someone promised to do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from mentorlog.model.base import Stored
from mentorlog.model.readers import (
    Record,
    _choice,
    _opt_date,
    _opt_instant,
    _opt_int,
    _opt_str,
    _str,
    instant_text,
)
from mentorlog.model.values import ACTION_STATUSES as ACTION_STATUSES

# The types for type checkers only (importing `typing` takes milliseconds).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model.values import ActionStatus


@dataclass
class ActionItem(Stored):
    """Something someone promised to do: you ("me") or the person with that handle."""

    text: str
    owner: str = "me"
    due: date | None = None
    status: ActionStatus = "open"
    meeting: int | None = None
    goal: int | None = None
    person: str | None = None  # the relationship it belongs to, when the owner is "me"
    completed: datetime | None = None

    def order(self, today: date) -> tuple[bool, bool, date, int]:
        """Where it sorts (services.actions.action_order): open before done; then overdue
        first; then soonest due; undated last."""
        overdue = self.due is not None and self.due < today
        return (not self.is_open, not overdue, self.due or date.max, self.id or 0)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @staticmethod
    def status_of(record: Mapping[str, Any]) -> ActionStatus:
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
            completed=_opt_instant(record, "completed"),
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
            "completed": instant_text(self.completed),
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())
