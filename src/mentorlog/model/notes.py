"""Notes and reflections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mentorlog.model.base import Stored, _Dated
from mentorlog.model.readers import Record, _opt_str, _str, _str_list, instant_text
from mentorlog.model.values import private_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass
class Note(Stored, _Dated):
    """A note or a reflection: about a relationship, or for yourself. A private note never
    leaves the journal (no export, no report, no agenda unless asked)."""

    text: str
    at: datetime | None  # the instant it was written, ISO 8601 with offset
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
            private=cls.private_of(record),
            prompt=_opt_str(record, "prompt"),
            **cls.identity(record),
        )

    # `private` as from_record reads it, for a view that needs nothing else of the note.
    private_of = staticmethod(private_of)

    def to_record(self) -> Record:
        return {
            "text": self.text,
            "people": list(self.people),
            "tags": list(self.tags),
            "private": self.private,
            "prompt": self.prompt,
            "at": instant_text(self.at),
        }

    def to_json(self) -> Record:
        return self.with_identity(self.to_record())
