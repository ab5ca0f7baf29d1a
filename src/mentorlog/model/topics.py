"""Topics: talking points to raise next time with a person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mentorlog.model.base import Record, Stored, _opt_str, _str

TOPIC_STATUSES = ("open", "done")


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
