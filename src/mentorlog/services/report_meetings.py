"""What a report counts of each person's meetings in the period, the short way: the
occurrences of a usual meeting read as instants and counted, without an `Occurrence` each.

A report on everyone asks every meeting reaching the period for its occurrences in it (1,410
of 260 meetings at 10,000 records), builds each one (its end, its status, its rating), sorts
them all and hands each person theirs, only to count the held and the cancelled, average the
ratings and date the held. Here a meeting without occurrences moved on their own has its
wall times worked out by its schedule as before (by arithmetic, `calendar.stepped`, for the
rules people use), each read as an instant, and its status taken from the marks the way
`_Schedule.occurrence` takes it; only an occurrence over and nobody marked, which the report
lists, is built. A meeting with moved occurrences takes the plain way. The tallies are
those `tally_of` gives over `meetings.occurrences_of` handed out per person as `build_report` did
(tests/test_report_meetings.py, hypothesis over hand-made meetings; the whole report is held
to the plain way by tests/test_report_service.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.bounds import MARGIN, aware_utc, wall_in, widened
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.model import Meeting, wall_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Tally", "tallies", "tally_of"]

_combine = datetime.combine


class Tally:
    """One person's occurrences in the period, in the order the report finds them (soonest
    first, a tie to the meeting of the smaller id): those held, as (start, start in UTC,
    rating), how many were cancelled on their own, and those over and nobody marked."""

    __slots__ = ("cancelled", "held", "unmarked")

    def __init__(self) -> None:
        self.held: list[tuple[datetime, datetime, int | None]] = []
        self.cancelled = 0
        self.unmarked: list[Occurrence] = []

    def _fields(self) -> tuple[Any, ...]:
        return (self.held, self.cancelled, self.unmarked)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tally) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable while it is counted

    def __repr__(self) -> str:
        return f"Tally(held={self.held!r}, cancelled={self.cancelled}, unmarked={self.unmarked!r})"


def tally_of(found: Iterable[Occurrence], now: datetime) -> Tally:
    """The plain way: the tally of occurrences built already, in their order."""
    now_utc = now.astimezone(UTC)
    tally = Tally()
    for o in found:
        _add(tally, o.meeting, o.status, o.start, o.start_utc, o.rating, now_utc, o.end_utc, o)
    return tally


def _add(
    tally: Tally,
    meeting: Meeting,
    status: str,
    start: datetime,
    start_utc: datetime,
    rating: int | None,
    now_utc: datetime,
    end_utc: datetime,
    built: Occurrence | None,
) -> None:
    # As services.relationships decides: held when marked held; over and not marked, listed
    # apart; a whole series cancelled is not counted occurrence by occurrence.
    if status == "held":
        tally.held.append((start, start_utc, rating))
    elif status == "cancelled":
        if not (meeting.recurring and meeting.status == "cancelled"):
            tally.cancelled += 1
    elif status == "scheduled" and end_utc <= now_utc:
        assert built is not None
        tally.unmarked.append(built)


# (start in UTC, meeting id, the meeting's place, the occurrence's place in it; then the
# meeting, the status, the start, the rating, the end in UTC, the occurrence if built). The
# first four are never all equal, so rows sort as the plain way's stable sort orders them.
_Row = tuple[datetime, int, int, int, Meeting, str, datetime, int | None, datetime, "Any"]


def tallies(
    meetings: Sequence[Meeting], start: datetime, end: datetime, now: datetime
) -> dict[str, Tally]:
    """Each participant's tally of the occurrences of these meetings starting in [start,
    end): `tally_of` over `meetings.occurrences_of(meetings, start, end)`, handed to
    each of an occurrence's people."""
    low, high = aware_utc(start, "start"), aware_utc(end, "end")
    now_utc = now.astimezone(UTC)
    rows: list[_Row] = []
    if high > low:
        for place, meeting in enumerate(meetings):
            if meeting.overrides:
                _plain_rows(rows, place, meeting, low, high)
            else:
                _short_rows(rows, place, meeting, low, high, now_utc)
    rows.sort()
    theirs: dict[str, Tally] = {}
    people = [set(meeting.people) for meeting in meetings]  # each meeting's, once
    for start_utc, _, place, _, meeting, status, start_at, rating, end_utc, built in rows:
        # As `_add` counts it, worked out once for all of the occurrence's people: 1 held,
        # 2 cancelled, 3 over and nobody marked it, 0 counted nowhere (each has a tally).
        kind = 0
        if status == "held":
            kind = 1
        elif status == "cancelled":
            kind = 0 if meeting.recurring and meeting.status == "cancelled" else 2
        elif status == "scheduled" and end_utc <= now_utc:
            assert built is not None
            kind = 3
        for handle in people[place]:
            tally = theirs.get(handle)
            if tally is None:
                tally = theirs[handle] = Tally()
            if kind == 1:
                tally.held.append((start_at, start_utc, rating))
            elif kind == 2:
                tally.cancelled += 1
            elif kind == 3:
                tally.unmarked.append(built)
    return theirs


def _plain_rows(
    rows: list[_Row], place: int, meeting: Meeting, low: datetime, high: datetime
) -> None:
    for seq, o in enumerate(occ.occurrences(meeting, low, high)):
        rows.append(
            (o.start_utc, meeting.id or 0, place, seq, meeting, o.status, o.start, o.rating,
             o.end_utc, o)
        )  # fmt: skip


def _short_rows(
    rows: list[_Row],
    place: int,
    meeting: Meeting,
    low: datetime,
    high: datetime,
    now_utc: datetime,
) -> None:
    """`_Schedule.between(low, high)` of a meeting without moved occurrences, as rows: the
    same wall times, each read as an instant and given its status as `_Schedule.occurrence`
    gives it; only an occurrence over and not marked is built (the report lists it)."""
    schedule = occ._Schedule(meeting)
    zone = schedule.zone
    walls = schedule.walls(
        widened(wall_in(low, zone), -MARGIN), widened(wall_in(high, zone), MARGIN)
    )
    if not walls:
        return
    ident = meeting.id or 0
    length = timedelta(minutes=meeting.duration)
    series = schedule.rule is not None
    shut = meeting.status == "cancelled"
    held = schedule.held if series or meeting.status == "held" else {}
    exdates = schedule.exdates if series and not shut else set()
    for seq, wall in enumerate(walls):
        # `wall.replace(tzinfo=zone, fold=0)`, a third of its cost (keywords are slow to
        # read): `combine` keeps the wall's fold, which the rule's arithmetic leaves at 0.
        start = (
            _combine(wall, wall.time(), zone)
            if not wall.fold
            else wall.replace(tzinfo=zone, fold=0)
        )
        start_utc = start.astimezone(UTC)
        if not low <= start_utc < high:
            continue
        rating: int | None = None
        if not series:
            status = meeting.status
            if status == "held":
                entry = held.get(_key(wall))
                rating = meeting.rating if entry is None or entry.rating is None else entry.rating
        elif shut:
            status = "cancelled"
        else:
            key = _key(wall) if held or exdates else ""
            if key in exdates:
                status = "cancelled"
            elif key in held:
                status, rating = "held", held[key].rating
            else:
                status = "scheduled"
        end_utc = start_utc + length
        built = None
        if status == "scheduled" and end_utc <= now_utc:  # as `_Schedule.occurrence` builds it
            built = Occurrence(meeting, start, end_utc.astimezone(zone), status, None)
        rows.append(
            (start_utc, ident, place, seq, meeting, status, start, rating, end_utc, built)
        )  # fmt: skip


def _key(wall: datetime) -> str:
    """`wall_text(wall)` of a naive wall time: without `timespec`, whose keyword took half
    of the time, where there is no fraction of a second to leave out."""
    return wall.isoformat() if not wall.microsecond else wall_text(wall)
