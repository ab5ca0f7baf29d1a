"""How each relationship is kept up: the one place that decides, for a person, the last
meeting held, the next one scheduled, the past ones nobody marked, and whether the cadence
is kept.

An occurrence is held when it was marked held (`meeting done`), cancelled when it (or its
series) was cancelled, and unmarked when it is over and neither: an unmarked call does not
count as met. "Last met" is the last occurrence held; a person with a cadence is overdue once
a cadence has passed since then, or, never met, since they were added.

The plain functions (`last_held`, `heartbeats_of`, `unmarked_of`) say what the answers are,
over meetings built already; `MeetingIndex` gives the same answers over a journal's records,
building and expanding only the meetings that can change them (tests/test_fast_paths.py
compares the two). `status`, `agenda`, `person list`/`show` and `report` all ask here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from operator import itemgetter

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.calendar.unmarked import over_unmarked
from mentorlog.errors import InvalidInput
from mentorlog.kinds import MEETINGS
from mentorlog.model import Meeting, Person
from mentorlog.model.meetings import MAX_MINUTES
from mentorlog.services.heartbeat import (
    Heartbeat,
    Unmarked,
    heartbeats_from,
    is_held,
    is_unmarked,
    not_over,
    unmarked,
)
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "MARGIN",
    "UNMARKED_WINDOW",
    "Heartbeat",
    "MeetingIndex",
    "Unmarked",
    "heartbeats",
    "heartbeats_of",
    "is_held",
    "is_unmarked",
    "last_held",
    "unmarked",
    "unmarked_of",
]

# How far back `status` and `agenda` ask about occurrences nobody marked.
UNMARKED_WINDOW = timedelta(days=30)
# Wider than the distance between a wall time and its instant in any zone (under a day).
MARGIN = timedelta(days=2)


# -- the plain functions: what the answers are -----------------------------------------------


def last_held(meeting: Meeting, before: datetime) -> Occurrence | None:
    """The meeting's last occurrence marked held that started before `before`."""
    if meeting.status == "cancelled":
        return None
    if not meeting.recurring:
        only = occ.previous_occurrence(meeting, before)
        return only if only is not None and is_held(only) else None
    before_utc = before.astimezone(UTC)
    best: Occurrence | None = None
    # A mark stays keyed by the occurrence's wall time in the rule; one moved on its own
    # (an override) is found where it starts now.
    moved = {o.of: o.start for o in meeting.overrides}
    walls = [moved.get(w, w) for w in _held_walls(h.start for h in meeting.held)]
    for wall in sorted(walls, reverse=True):
        if best is not None and _utc_wall(best.start) - wall > MARGIN:
            break  # the held further down started earlier still
        found = occ.occurrence_at(meeting, occ.instant(meeting, wall))
        if (
            found is not None
            and is_held(found)
            and found.start_utc < before_utc
            and (best is None or found.start_utc > best.start_utc)
        ):
            best = found
    return best


def _held_walls(keys: Iterable[str]) -> list[datetime]:
    walls = []
    for key in keys:
        wall = _read_wall(key)
        if wall is not None:
            walls.append(wall)
    return walls


def _read_wall(text: str) -> datetime | None:
    try:
        wall = datetime.fromisoformat(text)
    except ValueError:
        return None
    return wall if wall.tzinfo is None else None


def unmarked_of(
    meetings: Iterable[Meeting], now: datetime, *, since: datetime | None = None
) -> list[Unmarked]:
    """The occurrences of these meetings over by `now`, started since `since` (default: the
    last UNMARKED_WINDOW), that nobody marked, most recent first."""
    start = now - UNMARKED_WINDOW if since is None else since
    found = (
        o
        for meeting in meetings
        if meeting.status != "cancelled"
        for o in occ.occurrences(meeting, start, now)
    )
    return _unmarked_in(found, now)


def _unmarked_in(found: Iterable[Occurrence], now: datetime) -> list[Unmarked]:
    chosen = [o for o in found if is_unmarked(o, now)]
    chosen.sort(key=lambda o: (o.start_utc, -(o.meeting.id or 0)), reverse=True)
    return [unmarked(o, now) for o in chosen]


def heartbeats_of(
    meetings: Sequence[Meeting], people: Sequence[Person], now: datetime
) -> dict[str, Heartbeat]:
    """Each person's heartbeat, over these meetings; a tie goes to the meeting first in
    `meetings`."""
    handles = {person.handle for person in people}
    last: dict[str, Occurrence] = {}
    upcoming: dict[str, Occurrence] = {}
    for meeting in meetings:
        involved = handles.intersection(meeting.people)
        if not involved or meeting.status == "cancelled":
            continue
        before = last_held(meeting, now)
        after = occ.next_occurrence(meeting, now)
        for handle in involved:
            if before is not None and (
                handle not in last or before.start_utc > last[handle].start_utc
            ):
                last[handle] = before
            if after is not None and (
                handle not in upcoming or after.start_utc < upcoming[handle].start_utc
            ):
                upcoming[handle] = after
    return heartbeats_from(people, last, upcoming, unmarked_of(meetings, now), now)


# -- the index: the same answers over a journal's records ------------------------------------


def heartbeats(journal: Journal, people: Sequence[Person], now: datetime) -> dict[str, Heartbeat]:
    """Each person's heartbeat, over the journal's meetings."""
    return MeetingIndex(journal.all(MEETINGS.table)).heartbeats(people, now)


class MeetingIndex:
    """The journal's meetings, each built only when a question reaches it.

    A journal of years holds thousands of meetings long over: each is bounded here by the
    first and the last wall time it can have an occurrence at, and by the latest it was
    marked held at, read from its record without building it; only the meetings whose
    bounds reach a question are built and expanded (on 10,000 meetings, 0.6 s became a few
    milliseconds). The answers are those of the plain functions over every meeting.
    """

    def __init__(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.records = records
        self.built: dict[int, Meeting] = {}
        self.recent: dict[tuple[datetime, datetime], list[Unmarked]] = {}
        # The last window expanded (start, end, its occurrences): the dashboard expands the
        # last 30 days and the next 7 once, and reads both of its questions from it.
        self.expanded: tuple[datetime, datetime, list[Occurrence]] | None = None
        # (index in the journal, first wall, last wall or None: no end, people, cancelled)
        self.bounds: list[tuple[int, datetime, datetime | None, list[str], bool]] = []
        self.one_off: list[bool] = []
        for index, record in enumerate(records):
            people, start, tz, rule = Meeting.schedule_of(record)
            self.one_off.append(rule is None)
            try:
                first, last = occ.wall_bounds(start, rule, tz)
            except InvalidInput:  # reached always, so that it fails as it always did
                first, last = datetime.min, None
            moved = Meeting.moved_starts_of(record)  # an occurrence moved on its own
            if moved:
                first = min(first, *moved)
                last = None if last is None else max(last, *moved)
            cancelled = Meeting.status_of(record) == "cancelled"
            self.bounds.append((index, first, last, people, cancelled))

    def meeting(self, index: int) -> Meeting:
        if index not in self.built:
            self.built[index] = Meeting.from_record(self.records[index])
        return self.built[index]

    def reaching(self, start: datetime, end: datetime) -> list[Meeting]:
        """The meetings that may have an occurrence between the instants, in journal order.

        Wall times are compared with UTC instants, with a margin wider than any offset."""
        low, high = _utc_wall(start) - MARGIN, _utc_wall(end) + MARGIN
        return [
            self.meeting(index)
            for index, first, last, _, _ in self.bounds
            if first <= high and (last is None or last >= low)
        ]

    def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Every occurrence starting in [start, end), cancelled ones too, soonest first (a tie
        goes to the lower meeting id), as `meetings.occurrences_of` gives them over every
        meeting; a window within the last one expanded is read from it."""
        if self.expanded is not None:
            low, high, found = self.expanded
            if low <= start and end <= high:
                return [o for o in found if start <= o.start_utc < end]
        found = [o for m in self.reaching(start, end) for o in occ.occurrences(m, start, end)]
        found.sort(key=lambda o: (o.start_utc, o.meeting.id or 0))
        self.expanded = start, end, found
        return found

    def unmarked(self, now: datetime, *, since: datetime | None = None) -> list[Unmarked]:
        """`unmarked_of` over every meeting."""
        start = now - UNMARKED_WINDOW if since is None else since
        if (start, now) not in self.recent:  # the dashboard asks twice
            self.recent[start, now] = _unmarked_in(self._scheduled(start, now), now)
        return self.recent[start, now]

    def _scheduled(self, start: datetime, end: datetime) -> list[Occurrence]:
        """`occurrences(start, end)`'s scheduled ones that are over by `end`, in its order:
        read from the last window expanded where it holds them, else without building held
        or cancelled ones, nor those not over (`calendar.unmarked`)."""
        if self.expanded is not None and self.expanded[0] <= start and end <= self.expanded[1]:
            return [o for o in self.occurrences(start, end) if o.status == "scheduled"]
        low, high = _utc_wall(start) - MARGIN, _utc_wall(end) + MARGIN
        found = [
            o
            for index, first, last, _, cancelled in self.bounds
            # as `reaching`, less the meetings whose occurrences are all held or cancelled:
            # cancelled ones, and one-offs not scheduled (a one-off's is the meeting's status)
            if not cancelled
            and first <= high
            and (last is None or last >= low)
            and not (self.one_off[index] and Meeting.status_of(self.records[index]) != "scheduled")
            for o in over_unmarked(self.meeting(index), start, end)
        ]
        found.sort(key=lambda o: (o.start_utc, o.meeting.id or 0))
        return found

    def heartbeats(self, people: Sequence[Person], now: datetime) -> dict[str, Heartbeat]:
        """`heartbeats_of` over every meeting: each person's meetings are asked for their
        last occurrence held from the one that can have been held latest, and for their next
        from the one that can come soonest, until none left can beat the best found."""
        handles = {p.handle for p in people}
        high = _utc_wall(now) + MARGIN
        low = _utc_wall(now) - MARGIN
        held: dict[str, list[tuple[datetime, int]]] = {handle: [] for handle in handles}
        coming: dict[str, list[tuple[datetime, int]]] = {handle: [] for handle in handles}
        for index, first, last, who, cancelled in self.bounds:
            if cancelled:  # a cancelled meeting was never held and will not be
                continue
            involved = handles.intersection(who)
            if not involved:
                continue
            latest = self._latest_held(index, first)
            if latest is not None and first <= high:
                bound = min(latest, high)
                for handle in involved:
                    held[handle].append((bound, index))
            if last is None or last >= low:
                soonest = first if first > low else low
                for handle in involved:
                    coming[handle].append((soonest, index))
        before: dict[int, Occurrence | None] = {}
        after: dict[int, Occurrence | None] = {}
        last_met: dict[str, Occurrence] = {}
        upcoming: dict[str, Occurrence] = {}
        for handle in handles:
            found = self._nearest(held[handle], before, last_held, now, latest=True)
            if found is not None:
                last_met[handle] = found
            found = self._nearest(coming[handle], after, occ.next_occurrence, now, latest=False)
            if found is not None:
                upcoming[handle] = found
        return heartbeats_from(people, last_met, upcoming, self.unmarked(now), now)

    def next_not_over(self, now: datetime, handle: str | None = None) -> Occurrence | None:
        """`meetings.next_meeting`'s answer (None where it finds none): of the meetings not
        cancelled (with `handle`, if given), the occurrence under way or next, soonest first,
        a tie going to the lower meeting id. A meeting whose last occurrence ended before
        `now` is passed by unbuilt, and the others are asked from the one that can answer
        soonest, until none left can beat the best found."""
        longest = timedelta(minutes=MAX_MINUTES)
        low = _utc_wall(now) - MARGIN - longest  # an occurrence under way began after this
        candidates = [
            (first if first > low else low, index)
            for index, first, last, who, cancelled in self.bounds
            if not cancelled and (handle is None or handle in who) and (last is None or last >= low)
        ]
        best: Occurrence | None = None
        for bound, index in sorted(candidates, key=itemgetter(0)):
            if best is not None and bound - _utc_wall(best.start) > MARGIN:
                break  # nothing further down can start before the best found
            found = not_over(self.meeting(index), now)
            if found is not None and (
                best is None
                or (found.start_utc, found.meeting.id or 0) < (best.start_utc, best.meeting.id or 0)
            ):
                best = found
        return best

    def last_held(self, handles: Iterable[str], before: datetime) -> Occurrence | None:
        """The last occurrence held before `before` of a meeting with any of these people
        (a tie goes to the meeting first in the journal)."""
        wanted = set(handles)
        candidates = [
            (latest, index)
            for index, first, _, who, cancelled in self.bounds
            if not cancelled
            and wanted.intersection(who)
            and (latest := self._latest_held(index, first)) is not None
        ]
        return self._nearest(candidates, {}, last_held, before, latest=True)

    def _latest_held(self, index: int, first: datetime) -> datetime | None:
        """The latest wall time the meeting can have been held at (None: never held), read
        from its record: a one-off's start, or a series' latest occurrence marked held."""
        record = self.records[index]
        if self.one_off[index]:
            # A JSON value reads as "held" only when it is that string (Meeting.status_of).
            return first if record.get("status") == "held" else None
        entries = record.get("held")
        if type(entries) is not list or not entries:  # records are JSON: a list is a list
            return None
        keys = [e["start"] for e in entries if type(e) is dict and type(e.get("start")) is str]
        if not keys:
            return None
        # Keys are stored wall times, whose text sorts as they do; a hand-edited one that
        # does not read as a wall time never makes an occurrence held, so it is passed by.
        top = max(keys)
        wall = _read_wall(top)
        if wall is not None and wall.isoformat() == top and not record.get("overrides"):
            return wall
        walls = _held_walls(keys)
        latest = max(walls) if walls else None
        moved = Meeting.moved_starts_of(record)  # a held occurrence may start elsewhere now
        return max(latest, *moved) if latest is not None and moved else latest

    def _nearest(
        self,
        candidates: list[tuple[datetime, int]],
        asked: dict[int, Occurrence | None],
        ask: Callable[[Meeting, datetime], Occurrence | None],
        now: datetime,
        *,
        latest: bool,
    ) -> Occurrence | None:
        """The latest (else the soonest) of `ask`'s answers over the candidate meetings,
        each (the latest or soonest wall time its answer can have, index), asked in that
        order until none left can beat the best found; a tie goes to the meeting first in
        the journal. `asked` keeps the answers, for the other people of a meeting."""
        sign = 1 if latest else -1
        best: tuple[Occurrence, int] | None = None
        for bound, index in sorted(candidates, key=itemgetter(0), reverse=latest):
            if best is not None and sign * (_utc_wall(best[0].start) - bound) > MARGIN:
                break  # nothing further down can beat the best found
            if index not in asked:
                asked[index] = ask(self.meeting(index), now)
            found = asked[index]
            if found is not None and (
                best is None
                or sign * (found.start_utc - best[0].start_utc) > timedelta(0)
                or (found.start_utc == best[0].start_utc and index < best[1])
            ):
                best = found, index
        return None if best is None else best[0]


def _utc_wall(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)
