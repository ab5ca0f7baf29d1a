"""Meetings and recurring series, kept as wall time in one IANA zone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mentorlog.model.base import Stored
from mentorlog.model.readers import (
    Record,
    _choice,
    _int,
    _opt_choice,
    _opt_instant,
    _opt_str,
    _opt_wall,
    _rating,
    _str,
    _str_list,
    _wall,
    instant_text,
    wall_text,
)
from mentorlog.model.values import CHANNELS as CHANNELS
from mentorlog.model.values import MAX_MINUTES as MAX_MINUTES
from mentorlog.model.values import MEETING_STATUSES as MEETING_STATUSES
from mentorlog.timeparse import known_zone

# The types for type checkers only (importing `typing` takes milliseconds).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model.values import Channel, MeetingStatus


@dataclass
class HeldOccurrence:
    """One occurrence marked held, with the rating given to it."""

    start: str  # the occurrence's wall time, as stored (its key)
    at: datetime | None  # when it was marked held
    rating: int | None = None

    @classmethod
    def from_record(cls, record: Any) -> HeldOccurrence | None:
        if not isinstance(record, Mapping) or not isinstance(record.get("start"), str):
            return None
        return cls(start=record["start"], at=_opt_instant(record, "at"), rating=_rating(record))

    def to_record(self) -> Record:
        return {"start": self.start, "at": instant_text(self.at), "rating": self.rating}


@dataclass
class Override:
    """One occurrence of a series moved or changed on its own (`meeting edit --occurrence`):
    `of` is its wall time in the rule (its key, under which held and cancelled marks stay),
    `start` where it now starts; a None duration or title keeps the series' own."""

    of: datetime  # naive wall time in the meeting's zone
    start: datetime  # naive wall time in the meeting's zone
    duration: int | None = None  # minutes
    title: str | None = None

    @classmethod
    def from_record(cls, record: Any) -> Override | None:
        if not isinstance(record, Mapping):
            return None
        of, start = _opt_wall(record, "of"), _opt_wall(record, "start")
        if of is None or start is None:
            return None
        minutes = _int(record, "duration", 0)
        duration = min(MAX_MINUTES, minutes) if minutes > 0 else None
        return cls(of=of, start=start, duration=duration, title=_opt_str(record, "title"))

    def to_record(self) -> Record:
        return {
            "of": wall_text(self.of),
            "start": wall_text(self.start),
            "duration": self.duration,
            "title": self.title,
        }


@dataclass
class Meeting(Stored):
    """A meeting, or a recurring series of them, kept as wall time in one IANA zone.

    `start` is the wall time of the first occurrence in `tz` and `rrule` the RFC 5545 rule
    (without DTSTART), so a weekly 09:00 New York call stays at 09:00 New York across DST;
    UTC instants are derived, never stored. `exdates` are the wall times of cancelled
    occurrences; `held` lists the occurrences marked held; `overrides` the occurrences moved
    or changed one by one. `follows` is the uid of the series this one continues (a series
    edited from one of its occurrences on ends there and continues as a new meeting).
    """

    title: str
    people: list[str]
    start: datetime  # naive wall time in `tz`
    tz: str
    duration: int = 45  # minutes
    rrule: str | None = None
    exdates: list[datetime] = field(default_factory=list)
    channel: Channel | None = None
    link: str | None = None
    place: str | None = None  # where: a room, an address (LOCATION in .ics)
    status: MeetingStatus = "scheduled"
    sequence: int = 0
    notes: str | None = None
    agenda: str | None = None
    agenda_for: str | None = None
    rating: int | None = None
    held: list[HeldOccurrence] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    follows: str | None = None

    @property
    def recurring(self) -> bool:
        return self.rrule is not None

    @staticmethod
    def status_of(record: Mapping[str, Any]) -> MeetingStatus:
        return _choice(record, "status", MEETING_STATUSES, "scheduled")

    @staticmethod
    def schedule_of(record: Mapping[str, Any]) -> tuple[list[str], datetime, str, str | None]:
        """people, start, tz and rrule, as from_record reads them."""
        return (
            _str_list(record, "people"),
            _opt_wall(record, "start") or datetime(1970, 1, 1),
            _str(record, "tz", "UTC"),
            _opt_str(record, "rrule"),
        )

    @staticmethod
    def moved_starts_of(record: Mapping[str, Any]) -> list[datetime]:
        """Where the record's overrides move occurrences to, as from_record reads them."""
        moved = record.get("overrides")
        if not isinstance(moved, list) or not moved:
            return []
        return [o.start for o in map(Override.from_record, moved) if o is not None]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Meeting:
        exdates = [_wall(str(item)) for item in _str_list(record, "exdates")]
        held = record.get("held")
        entries = [HeldOccurrence.from_record(h) for h in held] if isinstance(held, list) else []
        people, start, tz, rrule = cls.schedule_of(record)
        moved = record.get("overrides")
        overrides = [Override.from_record(o) for o in moved] if isinstance(moved, list) else []
        return cls(
            title=_str(record, "title"),
            people=people,
            start=start,
            tz=tz,
            duration=min(MAX_MINUTES, max(1, _int(record, "duration", 45))),
            rrule=rrule,
            exdates=[moment for moment in exdates if moment is not None],
            channel=_opt_choice(record, "channel", CHANNELS),
            link=_opt_str(record, "link"),
            place=_opt_str(record, "place"),
            status=cls.status_of(record),
            sequence=max(0, _int(record, "sequence")),
            notes=_opt_str(record, "notes"),
            agenda=_opt_str(record, "agenda"),
            agenda_for=_opt_str(record, "agenda_for"),
            rating=_rating(record),
            held=[entry for entry in entries if entry is not None],
            overrides=[o for o in overrides if o is not None],
            follows=_opt_str(record, "follows"),
            **cls.identity(record),
        )

    def to_record(self) -> Record:
        return {
            "title": self.title,
            "people": list(self.people),
            "start": wall_text(self.start),
            "tz": self.tz,
            "duration": self.duration,
            "rrule": self.rrule,
            "exdates": [wall_text(moment) for moment in self.exdates],
            "channel": self.channel,
            "link": self.link,
            "place": self.place,
            "status": self.status,
            "sequence": self.sequence,
            "notes": self.notes,
            "agenda": self.agenda,
            "agenda_for": self.agenda_for,
            "rating": self.rating,
            "held": [entry.to_record() for entry in self.held],
            "overrides": [o.to_record() for o in self.overrides],
            "follows": self.follows,
        }

    def to_json(self) -> Record:
        """The stable `--json` shape: `start` and `exdates` as wall times with their offsets
        (without, when `tz` is not a zone this system knows)."""
        record = self.to_record()
        zone = known_zone(self.tz)  # None for a zone edited by hand: wall times, no offset
        record["start"] = self.start.replace(tzinfo=zone).isoformat()
        record["exdates"] = [moment.replace(tzinfo=zone).isoformat() for moment in self.exdates]
        return self.with_identity(record)
