"""Milestones: achievements worth celebrating."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from mentorlog.model.base import Stored
from mentorlog.model.readers import Record, _opt_int, _opt_str, _str
from mentorlog.model.values import milestone_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass
class Milestone(Stored):
    """An achievement worth celebrating, on the day it happened."""

    title: str
    on: date
    goal: int | None = None
    person: str | None = None
    note: str | None = None
    source: str | None = None  # "goal done" when `goal done` recorded it

    on_of = staticmethod(milestone_on)  # its day as from_record reads it

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
