"""Topics: talking points to raise next time with a person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from mentorlog.model.base import Stored
from mentorlog.model.readers import Record, _choice, _opt_instant, _str, instant_text
from mentorlog.model.values import TOPIC_STATUSES as TOPIC_STATUSES

# The types for type checkers only (importing `typing` takes milliseconds).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model.values import TopicStatus


@dataclass
class Topic(Stored):
    """A talking point to raise next time with a person."""

    text: str
    person: str
    status: TopicStatus = "open"
    completed: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Topic:
        return cls(
            text=_str(record, "text"),
            person=_str(record, "person"),
            status=_choice(record, "status", TOPIC_STATUSES, "open"),
            completed=_opt_instant(record, "completed"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "text": self.text,
            "person": self.person,
            "status": self.status,
            "completed": instant_text(self.completed),
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())
