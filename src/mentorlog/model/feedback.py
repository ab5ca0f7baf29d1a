"""Feedback given to a person or received from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mentorlog.model.base import Stored, _Dated
from mentorlog.model.readers import (
    Record,
    _choice,
    _opt_int,
    _rating,
    _str,
    _str_list,
    instant_text,
)
from mentorlog.model.values import FEEDBACK_DIRECTIONS as FEEDBACK_DIRECTIONS

# The types for type checkers only (importing `typing` takes milliseconds).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model.values import FeedbackDirection


@dataclass
class Feedback(Stored, _Dated):
    """Feedback given to a person or received from them, about anything: work, a goal, or the
    mentoring itself."""

    text: str
    direction: FeedbackDirection  # "given" (you to them) or "received" (them to you)
    person: str
    at: datetime | None  # the instant it was recorded, ISO 8601 with offset
    meeting: int | None = None
    goal: int | None = None
    rating: int | None = None
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Feedback:
        return cls(
            text=_str(record, "text"),
            direction=_choice(record, "direction", FEEDBACK_DIRECTIONS, "received"),
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
            "at": instant_text(self.at),
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())
