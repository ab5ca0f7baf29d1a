"""One occurrence of a meeting: its start and end as instants, its status and rating."""

from __future__ import annotations

from datetime import UTC, datetime

from mentorlog.cached import cached
from mentorlog.model import wall_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import Meeting, Override

__all__ = ["Occurrence"]


class Occurrence:
    """One instance of a meeting: the only one of a one-off, or one of a series.

    `start` is the occurrence's scheduled wall time with the zone's offset at it (`fold=0`):
    in a spring-forward gap it keeps the scheduled clock reading with the offset from before
    the gap (02:30+01:00 in Berlin on 29 Mar 2026, the instant 03:30+02:00 names). Compare
    and convert through `start_utc`, never by comparing `start` with another datetime in the
    same zone, which Python does on the wall clock. `end` is a real wall time in the zone.

    Immutable, and equal by its fields, as the frozen dataclass it was (whose making was
    half a millisecond of every command that reads a meeting): written out here.
    """

    meeting: Meeting
    start: datetime
    end: datetime
    status: str
    rating: int | None
    # For an occurrence moved on its own (an override): its wall time in the rule, its key.
    original: datetime | None

    def __init__(
        self,
        meeting: Meeting,
        start: datetime,
        end: datetime,
        status: str,
        rating: int | None,
        original: datetime | None = None,
    ) -> None:
        # Into its __dict__, past the refused __setattr__ (as `cached` writes): a dashboard
        # or a report makes hundreds.
        fields = self.__dict__
        fields["meeting"] = meeting
        fields["start"] = start
        fields["end"] = end
        fields["status"] = status
        fields["rating"] = rating
        fields["original"] = original

    def _fields(self) -> tuple[Any, ...]:
        return (self.meeting, self.start, self.end, self.status, self.rating, self.original)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Occurrence)
        return self._fields() == other._fields()

    def __repr__(self) -> str:  # without the meeting, as the dataclass's field(repr=False)
        return (
            f"Occurrence(start={self.start!r}, end={self.end!r}, status={self.status!r}, "
            f"rating={self.rating!r}, original={self.original!r})"
        )

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError  # as the dataclass raised it

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        # Meeting is mutable and so unhashable; an occurrence is identified by these.
        return hash((self.meeting.id, self.meeting.uid, self.key, self.status))

    @property
    def key(self) -> str:
        """The occurrence's id in its meeting: its wall time in the rule as stored,
        '2026-12-01T09:00:00' (for a moved occurrence, the time it was moved from)."""
        return wall_text(self.original if self.original is not None else self.start)

    @property
    def override(self) -> Override | None:
        """What moved or changed this occurrence on its own, if anything did."""
        if self.original is None:
            return None
        return next((o for o in self.meeting.overrides if o.of == self.original), None)

    @property
    def title(self) -> str:
        moved = self.override
        return moved.title if moved is not None and moved.title else self.meeting.title

    @property
    def duration(self) -> int:
        return round((self.end_utc - self.start_utc).total_seconds() / 60)

    # Cached: sorting and comparing occurrences asks for these many times over. `cached`
    # writes to the instance's __dict__ itself, past the refused __setattr__
    # (functools.cached_property's lock cost more than the conversion).
    @cached
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @cached
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def to_json(self) -> dict[str, Any]:
        """The stable `--json` shape of an occurrence (what `meeting list` prints)."""
        return {
            "meeting": self.meeting.id,
            "title": self.title,
            "people": list(self.meeting.people),
            "start": self.start.isoformat(),
            "start_utc": self.start_utc.isoformat(),
            "end_utc": self.end_utc.isoformat(),
            "tz": self.meeting.tz,
            "duration": self.duration,
            "status": self.status,
            "rating": self.rating,
            "moved_from": None if self.original is None else self.key,
        }
