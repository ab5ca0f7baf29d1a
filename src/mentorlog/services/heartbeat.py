"""What counts in a relationship's heartbeat, and the values `services.relationships`
answers with: an occurrence held or nobody marked, the commands that mark one, a person's
heartbeat and the days past their cadence. Apart from that service so that it stays a
readable size; import these from either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from mentorlog import timeparse
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting, Person

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# -- what counts -----------------------------------------------------------------------------


def is_held(occurrence: Occurrence) -> bool:
    """Whether the occurrence took place: it was marked held."""
    return occurrence.status == "held"


def is_unmarked(occurrence: Occurrence, now: datetime) -> bool:
    """Whether the occurrence is over and nobody marked it held or cancelled it."""
    return occurrence.status == "scheduled" and occurrence.end_utc <= now.astimezone(UTC)


class Unmarked:
    """A past occurrence nobody marked, with the commands that mark it.

    A plain immutable class rather than a frozen dataclass, as `Heartbeat` below: making a
    dataclass at import was a share of every `status` (tests/test_fast_paths.py compares
    these by value). Its `when` is written when first read: a dashboard counts hundreds of
    these and names three."""

    __slots__ = ("_when", "occurrence", "zone")
    occurrence: Occurrence
    zone: tzinfo | None  # the user's, in which `when` names the occurrence
    _when: str | None

    def __init__(self, occurrence: Occurrence, zone: tzinfo | None) -> None:
        object.__setattr__(self, "occurrence", occurrence)
        object.__setattr__(self, "zone", zone)
        object.__setattr__(self, "_when", None)

    @property
    def when(self) -> str:
        """The occurrence as --occurrence reads it: a date and time in the user's zone."""
        if self._when is None:
            local = self.occurrence.start.astimezone(self.zone)
            when = f"{local:%Y-%m-%d %H:%M}"
            object.__setattr__(self, "_when", when)
            return when
        return self._when

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Unmarked is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Unmarked)
            and self.occurrence == other.occurrence
            and self.when == other.when
        )

    def __hash__(self) -> int:
        return hash((self.occurrence, self.when))

    def __repr__(self) -> str:
        return f"Unmarked(occurrence={self.occurrence!r}, when={self.when!r})"

    @property
    def meeting_id(self) -> int:
        return self.occurrence.meeting.id or 0

    @property
    def done_command(self) -> str:
        return f"mentorlog meeting done {self.meeting_id}{self._which}"

    @property
    def cancel_command(self) -> str:
        return f"mentorlog meeting cancel {self.meeting_id}{self._which}"

    @property
    def _which(self) -> str:
        return f" --occurrence '{self.when}'" if self.occurrence.meeting.recurring else ""

    def to_json(self) -> dict[str, Any]:
        return self.occurrence.to_json() | {
            "done": self.done_command,
            "cancel": self.cancel_command,
        }


def unmarked(occurrence: Occurrence, now: datetime) -> Unmarked:
    """The occurrence with the commands that mark it, its time named in `now`'s zone."""
    return Unmarked(occurrence, now.tzinfo)


# -- the heartbeat ---------------------------------------------------------------------------


class Heartbeat:
    """How a relationship is kept up: the last meeting held, the next scheduled, the recent
    ones nobody marked, and the days past the cadence (a plain immutable class)."""

    __slots__ = ("last", "next", "overdue", "unmarked")
    last: Occurrence | None
    next: Occurrence | None
    overdue: int | None  # days past the cadence since the last meeting held (or the person added)
    unmarked: tuple[Unmarked, ...]  # the last UNMARKED_WINDOW, most recent first

    def __init__(
        self,
        last: Occurrence | None,
        next: Occurrence | None,
        overdue: int | None,
        unmarked: tuple[Unmarked, ...] = (),
    ) -> None:
        for name, value in (("last", last), ("next", next), ("overdue", overdue)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "unmarked", unmarked)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Heartbeat is immutable: cannot set {name}")

    def _fields(self) -> tuple[Any, ...]:
        return self.last, self.next, self.overdue, self.unmarked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Heartbeat) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Heartbeat(last={!r}, next={!r}, overdue={!r}, unmarked={!r})".format(
            *self._fields()
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "last": self.last.start.isoformat() if self.last else None,
            "next": self.next.start.isoformat() if self.next else None,
            "overdue_days": self.overdue,
            "unmarked": [u.occurrence.start.isoformat() for u in self.unmarked],
        }


def overdue_days(person: Person, last: Occurrence | None, now: datetime) -> int | None:
    """Days past the person's cadence since the last meeting held with them, or since they
    were added when none was; None when not overdue (or no cadence can be read)."""
    if person.cadence is None:
        return None
    try:
        period = timeparse.parse_period(person.cadence)
    except InvalidInput:
        return None
    if last is not None:
        since = last.start.date()
    elif person.created is not None:
        since = person.created.astimezone(now.tzinfo).date()
    else:
        return None
    due = period.after(since)
    today = now.date()
    return (today - due).days if today > due else None


def heartbeats_from(
    people: Sequence[Person],
    last: Mapping[str, Occurrence],
    upcoming: Mapping[str, Occurrence],
    recent: Sequence[Unmarked],
    now: datetime,
) -> dict[str, Heartbeat]:
    """Each person's heartbeat, their share of `recent` in its order; `recent` is gone over
    once, not once per person (50 people and 300 calls nobody marked were 15,000 tests)."""
    handles = {person.handle for person in people}
    mine: dict[str, list[Unmarked]] = {}
    for item in recent:
        for handle in handles.intersection(item.occurrence.meeting.people):
            mine.setdefault(handle, []).append(item)
    return {
        p.handle: Heartbeat(
            before := last.get(p.handle),
            upcoming.get(p.handle),
            overdue_days(p, before, now),
            tuple(mine.get(p.handle, ())),
        )
        for p in people
    }


def not_over(meeting: Meeting, now: datetime) -> Occurrence | None:
    """The meeting's occurrence under way at `now`, else its next one (None: neither).
    Here rather than in `services.meetings`, so that the dashboard does not load that."""
    started = occ.previous_occurrence(meeting, now + timedelta(seconds=1))
    if started is not None and started.end_utc > now.astimezone(UTC):
        return started
    return occ.next_occurrence(meeting, now)
