"""Scheduling across time zones: one instant on everyone's clock, and the times that suit all.

Pure: the people, the meetings, the user's clock and `now` are passed in; nothing here reads
the journal except `participants`, which resolves handles.

Finding times does not test every quarter-hour against every zone. Each participant's
working time becomes a list of UTC intervals, one per working day in their own zone (so a
DST change moves the interval in UTC and never the local hours); the lists are intersected,
the user's meetings are cut out, and slots are read off what is left. A slot starts on a
quarter-hour in UTC, which is a quarter-hour on every clock whose offset is a whole number of
quarter-hours: every zone in use today, including +05:30 (Kolkata) and +05:45 (Kathmandu).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting, Person
from mentorlog.services.intervals import Interval, intersect, merge, subtract
from mentorlog.services.meetings import occurrences_of
from mentorlog.services.people import (
    get_person,
    person_zone,
    within_working_time,
    working_hours,
)
from mentorlog.store import Journal

QUARTER = timedelta(minutes=15)
DEFAULT_WINDOW = timedelta(days=14)
MAX_WINDOW = timedelta(days=90)
MAX_LENGTH = timedelta(hours=12)
MAX_COUNT = 50
# Meetings are at most a day long, so one starting this long before the window can still
# overlap it.
_LONGEST_MEETING = timedelta(hours=24)


@dataclass(frozen=True)
class Clock:
    """One participant's clock: who they are, their zone, and their working hours and days."""

    who: str  # "me" or a handle
    name: str
    zone: ZoneInfo
    hours: tuple[time, time]
    days: tuple[str, ...]

    @classmethod
    def of(cls, person: Person) -> Clock:
        return cls(
            who=person.handle,
            name=person.name,
            zone=person_zone(person),
            hours=working_hours(person),
            days=tuple(person.days),
        )

    @property
    def is_me(self) -> bool:
        return self.who == "me"

    def working(self, instant: datetime) -> bool:
        return within_working_time(instant.astimezone(self.zone), self.hours, self.days)

    def intervals(self, low: datetime, high: datetime) -> list[Interval]:
        """The working time inside [low, high), as sorted, disjoint UTC intervals.

        A working day that starts or ends in the hour a DST change skips or repeats is read
        the shorter way, so a slot is never suggested outside someone's hours.
        """
        start, end = self.hours
        found: list[Interval] = []
        day = low.astimezone(self.zone).date() - timedelta(days=1)
        last = high.astimezone(self.zone).date()
        while day <= last:
            if timeparse.WEEKDAYS[day.weekday()] in self.days:
                end_day = day if start < end else day + timedelta(days=1)
                opens = _instant(datetime.combine(day, start), self.zone, latest=True)
                closes = _instant(datetime.combine(end_day, end), self.zone, latest=False)
                if opens < min(closes, high) and closes > low:
                    found.append((max(opens, low), min(closes, high)))
            day += timedelta(days=1)
        return merge(found)


def _instant(wall: datetime, zone: ZoneInfo, *, latest: bool) -> datetime:
    """A wall time as a UTC instant; in a gap or an overlap, the later or the earlier reading."""
    readings = (wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))
    return max(readings) if latest else min(readings)


# --- one instant on every clock --------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one clock shows at the instant asked about."""

    clock: Clock
    local: datetime
    day_offset: int  # days from the date in the zone the instant was given in
    working: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "who": self.clock.who,
            "name": self.clock.name,
            "tz": self.clock.zone.key,
            "local": self.local.isoformat(),
            "day_offset": self.day_offset,
            "working": self.working,
        }


@dataclass(frozen=True)
class SameInstant:
    """One instant on the user's clock and on every active person's clock."""

    instant: datetime  # aware, in the zone it was given in
    readings: list[Reading]

    @property
    def mine(self) -> Reading:
        return self.readings[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "instant_utc": self.instant.astimezone(UTC).isoformat(),
            "clocks": [reading.to_json() for reading in self.readings],
        }


def same_instant(instant: datetime, me: Clock, people: Sequence[Person]) -> SameInstant:
    """`instant` on the user's clock first, then on each person's, in the order given."""
    if instant.tzinfo is None:
        raise ValueError("same_instant() needs an aware instant")
    day = instant.date()
    readings = []
    for clock in [me, *(Clock.of(person) for person in people)]:
        local = instant.astimezone(clock.zone)
        readings.append(
            Reading(
                clock=clock,
                local=local,
                day_offset=(local.date() - day).days,
                working=clock.working(instant),
            )
        )
    return SameInstant(instant, readings)


# --- reading the options of `schedule suggest` ----------------------------------------------


def read_length(text: str | None, default: timedelta) -> timedelta:
    """The meeting's length: --duration, else the configured default; at most 12 hours."""
    length = default if text is None else timeparse.parse_duration(text, what="meeting length")
    if length > MAX_LENGTH:
        raise InvalidInput(
            f"A meeting of {timeparse.format_duration(length)} is too long to schedule; keep it "
            "to 12 hours or less, e.g. --duration 45m."
        )
    return length


def read_window(text: str | None, length: timedelta) -> timedelta:
    """How far ahead to look: --within (14d, 2w, '10 days'), else 14 days; at most 90 days."""
    if text is None:
        return DEFAULT_WINDOW
    try:
        window = timeparse.parse_duration(text, what="search window")
    except InvalidInput as exc:
        raise InvalidInput(
            f"Cannot read {timeparse.quote(text)} as how far ahead to look; write it like 14d, "
            "2w or '10 days'."
        ) from exc
    if window > MAX_WINDOW:
        raise InvalidInput(
            f"Looking {span_text(window)} ahead is too far; keep --within to 90 days or less, "
            "e.g. --within 4w."
        )
    if window < length:
        raise InvalidInput(
            f"--within {timeparse.quote(text)} is {span_text(window)}, too short for a "
            f"{timeparse.format_duration(length)} meeting; look further ahead, e.g. --within 14d."
        )
    return window


def span_text(delta: timedelta) -> str:
    """'91 days', '1 day', or '30m' for less than whole days."""
    if delta % timedelta(days=1):
        return timeparse.format_duration(delta)
    return f"{delta.days} day" if delta.days == 1 else f"{delta.days} days"


def check_count(count: int) -> int:
    if not 1 <= count <= MAX_COUNT:
        raise InvalidInput(
            f"Cannot suggest {count} times; ask for 1 to {MAX_COUNT}, e.g. --count 5."
        )
    return count


def participants(journal: Journal, handles: Sequence[str]) -> list[Person]:
    """The people named by --with, each once, in the order given (archived ones included)."""
    if not handles:
        raise InvalidInput(
            "Say who to meet with --with HANDLE, e.g. mentorlog schedule suggest --with alice."
        )
    people: dict[str, Person] = {}
    for handle in handles:
        if handle.strip().lower() == "me":
            raise InvalidInput(
                "You are always part of the schedule; give --with the handles of the people "
                "to meet, e.g. --with alice."
            )
        person = get_person(journal, handle)
        people.setdefault(person.handle, person)
    return list(people.values())


# --- finding times ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A time that suits everyone: [start, end) as UTC instants."""

    start: datetime
    end: datetime

    def to_json(self, clocks: Sequence[Clock]) -> dict[str, Any]:
        """The stable `--json` shape: start_utc, end_utc, and each clock's local start."""
        return {
            "start_utc": self.start.isoformat(),
            "end_utc": self.end.isoformat(),
            "local": {clock.who: self.start.astimezone(clock.zone).isoformat() for clock in clocks},
        }


@dataclass(frozen=True)
class Shortfall:
    """How far a near miss falls outside one participant's working time, in minutes."""

    clock: Clock
    before: int = 0  # the slot starts this long before their hours start
    after: int = 0  # it ends this long after their hours end
    outside: int = 0  # minutes of the slot outside their hours
    day_off: bool = False  # entirely outside, on a day they do not work

    @property
    def stretch(self) -> int:
        """How many minutes their working day would have to grow for the slot to fit."""
        return max(self.before + self.after, self.outside)


@dataclass(frozen=True)
class NearMiss:
    """The free slot that needs the least stretching of anyone's working hours."""

    slot: Slot
    shortfalls: list[Shortfall]


@dataclass(frozen=True)
class Suggestions:
    """The answer to `schedule suggest`: the slots found, or why there are none."""

    clocks: list[Clock]  # the user first
    length: timedelta
    window: timedelta
    slots: list[Slot]
    # Whether everyone's working hours meet at all in the window, meetings aside.
    common_time: bool = True
    near_miss: NearMiss | None = None
    archived: list[str] = field(default_factory=list)

    def to_json(self) -> list[dict[str, Any]]:
        return [slot.to_json(self.clocks) for slot in self.slots]


def suggest(
    people: Sequence[Person],
    meetings: Sequence[Meeting],
    me: Clock,
    *,
    now: datetime,
    length: timedelta,
    window: timedelta = DEFAULT_WINDOW,
    count: int = 5,
) -> Suggestions:
    """Up to `count` slots of `length` in the next `window` inside everyone's working hours
    on their working days, clear of the user's meetings.

    Earliest first, but spread out: the earliest slot of each day (in the user's zone) comes
    before a second slot on any day, and slots picked on one day never overlap, so five
    suggestions are five real choices rather than 09:00, 09:15, 09:30... of one morning.
    """
    clocks = [me, *(Clock.of(person) for person in people)]
    low = _next_quarter(now)
    high = low + window
    working = [clock.intervals(low, high) for clock in clocks]
    common = working[0]
    for intervals in working[1:]:
        common = intersect(common, intervals)
    busy = _busy(meetings, low, high)
    free = subtract(common, busy)
    candidates = list(_starts(free, length))
    slots = _spread(candidates, count, me.zone)
    near_miss = None
    if not slots:
        near_miss = _near_miss(clocks, busy, low, high, length)
    return Suggestions(
        clocks=clocks,
        length=length,
        window=window,
        slots=slots,
        common_time=next(_starts(common, length), None) is not None,
        near_miss=near_miss,
        archived=[person.handle for person in people if person.archived],
    )


def _next_quarter(moment: datetime) -> datetime:
    """`moment` rounded up to a quarter-hour, in UTC."""
    utc = moment.astimezone(UTC)
    hour = utc.replace(minute=0, second=0, microsecond=0)
    return hour + QUARTER * -((hour - utc) // QUARTER)


def _busy(meetings: Sequence[Meeting], low: datetime, high: datetime) -> list[Interval]:
    """The user's meetings that overlap [low, high), cancelled ones left out."""
    found = [
        (occurrence.start_utc, occurrence.end_utc)
        for occurrence in occurrences_of(meetings, low - _LONGEST_MEETING, high)
        if not occurrence.cancelled and occurrence.end_utc > low
    ]
    return merge(found)


def _starts(free: Sequence[Interval], length: timedelta) -> Iterator[Slot]:
    """Every slot of `length` starting on a quarter-hour inside a free interval."""
    for start, end in free:
        slot_start = _next_quarter(start)
        while slot_start + length <= end:
            yield Slot(slot_start, slot_start + length)
            slot_start += QUARTER


def _spread(candidates: Sequence[Slot], count: int, zone: ZoneInfo) -> list[Slot]:
    """Round by round, the earliest slot of each day that overlaps none picked that day."""
    by_day: dict[date, list[Slot]] = {}
    for candidate in candidates:
        by_day.setdefault(candidate.start.astimezone(zone).date(), []).append(candidate)
    picked: dict[date, list[Slot]] = {day: [] for day in by_day}
    chosen: list[Slot] = []
    while len(chosen) < count:
        found_any = False
        for day, slots in by_day.items():
            if len(chosen) == count:
                break
            taken = picked[day]
            slot = next((s for s in slots if all(_apart(s, t) for t in taken)), None)
            if slot is not None:
                taken.append(slot)
                chosen.append(slot)
                found_any = True
        if not found_any:
            break
    return sorted(chosen, key=lambda slot: slot.start)


def _apart(one: Slot, other: Slot) -> bool:
    return one.end <= other.start or other.end <= one.start


# --- the nearest miss ------------------------------------------------------------------------


def _near_miss(
    clocks: Sequence[Clock],
    busy: Sequence[Interval],
    low: datetime,
    high: datetime,
    length: timedelta,
) -> NearMiss | None:
    """The free slot in the window that needs the fewest minutes added to anyone's working
    hours (a slot on someone's day off counts a day more); the earliest among equals. None
    when meetings fill the whole window."""
    # Working time around the window too, so that a slot near its edges finds the hours
    # nearest to it; a week either side reaches a neighbouring working day for anyone.
    reach = timedelta(days=8)
    timelines = [_Timeline(clock.intervals(low - reach, high + reach)) for clock in clocks]
    meetings = _Timeline(busy)
    best: tuple[int, NearMiss] | None = None
    for slot in _starts([(low, high)], length):
        if meetings.overlapping(slot):
            continue
        found = [
            timeline.shortfall(clock, slot)
            for clock, timeline in zip(clocks, timelines, strict=True)
        ]
        cost = sum(s.stretch + (_DAY_OFF_COST if s.day_off else 0) for s in found)
        if best is None or cost < best[0]:
            best = (cost, NearMiss(slot, [s for s in found if s.stretch]))
    return None if best is None else best[1]


_DAY_OFF_COST = 24 * 60


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


class _Timeline:
    """Sorted, disjoint intervals, with their ends kept for bisecting."""

    def __init__(self, intervals: Sequence[Interval]) -> None:
        self.intervals = intervals
        self.ends = [end for _, end in intervals]

    def overlapping(self, slot: Slot) -> list[Interval]:
        found = []
        for start, end in self.intervals[bisect.bisect_right(self.ends, slot.start) :]:
            if start >= slot.end:
                break
            found.append((start, end))
        return found

    def shortfall(self, clock: Clock, slot: Slot) -> Shortfall:
        """How the slot falls outside these intervals (all zero when it is inside one)."""
        overlapping = self.overlapping(slot)
        length = slot.end - slot.start
        if overlapping:
            inside = sum(
                (min(end, slot.end) - max(start, slot.start) for start, end in overlapping),
                timedelta(),
            )
            return Shortfall(
                clock,
                before=max(0, _minutes(overlapping[0][0] - slot.start)),
                after=max(0, _minutes(slot.end - overlapping[-1][1])),
                outside=_minutes(length - inside),
            )
        weekday = timeparse.WEEKDAYS[slot.start.astimezone(clock.zone).weekday()]
        position = bisect.bisect_right(self.ends, slot.start)
        later = self.intervals[position][0] if position < len(self.intervals) else None
        earlier = self.ends[position - 1] if position else None
        before = _minutes(later - slot.start) if later is not None else None
        after = _minutes(slot.end - earlier) if earlier is not None else None
        if after is not None and (before is None or after < before):
            before = None
        else:
            after = None
        return Shortfall(
            clock,
            before=before or 0,
            after=after or 0,
            outside=_minutes(length),
            day_off=weekday not in clock.days,
        )
