"""People: whom you mentor, are mentored by, or learn with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mentorlog.model.base import Stored
from mentorlog.model.readers import Record, _bool, _choice, _opt_choice, _opt_str, _str, _str_list
from mentorlog.model.values import CHANNELS as CHANNELS
from mentorlog.model.values import ROLES as ROLES

# The types for type checkers only (importing `typing` takes milliseconds).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model.values import Channel, Role

DEFAULT_HOURS = "09:00-17:00"
DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")


@dataclass
class Person(Stored):
    """Someone you mentor, are mentored by, or learn with."""

    handle: str
    name: str
    role: Role
    tz: str
    email: str | None = None
    channel: Channel | None = None
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
            role=_choice(record, "role", ROLES, "peer"),
            tz=_str(record, "tz", "UTC"),
            email=_opt_str(record, "email"),
            channel=_opt_choice(record, "channel", CHANNELS),
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
