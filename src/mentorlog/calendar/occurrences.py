"""The occurrences of a meeting: when each one starts and ends, as instants, and its status.

A meeting is kept as a wall time in an IANA zone plus an optional RFC 5545 rule, so a weekly
09:00 New York call stays at 09:00 New York across DST. As calendar apps do, occurrences are
generated in wall time and each wall time is then read in the meeting's zone the way RFC 5545
prescribes (zoneinfo's `fold=0`): a wall time in a spring-forward gap takes the offset from
before the gap, an ambiguous one the first of its two instants. An occurrence's end is its
start plus the duration computed in UTC, so a meeting that straddles a change keeps its length.

Everything here is pure: the window, `now` and `after` are passed in as aware datetimes, and
results are compared only as UTC instants (aware datetimes at an ambiguous wall time do not
compare as instants within one zone). A rule is read by `timeparse.rules`, expanded by
arithmetic where it can be (`calendar.stepped`) and by dateutil otherwise, which is imported
only then: importing this module, or looking at a one-off or weekly meeting, never loads it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog.cached import cached
from mentorlog.calendar.bounds import FIRST_WALL, LAST_WALL, MARGIN, aware_utc, wall_in, widened
from mentorlog.calendar.describe import describe
from mentorlog.calendar.expansion import (
    DATEUTIL_ERRORS,
    RULE_HORIZON_YEARS,
    bad_rule,
    day_steps,
    first_wall,
    read_stored,
)
from mentorlog.calendar.expansion import dateutil_rule as _dateutil_rule
from mentorlog.calendar.occurrence import Occurrence
from mentorlog.calendar.stepped import SteppedRule as _SteppedRule
from mentorlog.calendar.stepped import stepped_rule as _stepped_rule
from mentorlog.errors import InvalidInput
from mentorlog.model import HeldOccurrence, Meeting, Override, wall_text
from mentorlog.timeparse import get_zone, quote
from mentorlog.timeparse.rules import rule_and_until

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class _Series(Protocol):
        """What a schedule asks of a rule: dateutil's `rrule`, or a `SteppedRule`."""

        def between(
            self, after: datetime, before: datetime, inc: bool = False, count: int = 1
        ) -> list[datetime]: ...

        def xafter(
            self, dt: datetime, count: int | None = None, inc: bool = False
        ) -> Iterator[datetime]: ...


__all__ = [
    "RULE_HORIZON_YEARS",
    "Occurrence",
    "describe",
    "first_occurrence",
    "first_wall",
    "instant",
    "meeting_zone",
    "next_occurrence",
    "occurrence_at",
    "occurrences",
    "occurrences_on",
    "previous_occurrence",
    "rule_walls",
    "wall_bounds",
]

# previous_occurrence looks back this far first, then twice as far each time.
_FIRST_LOOK_BACK = timedelta(days=40)


# --- wall time -> instant --------------------------------------------------------------------


def meeting_zone(meeting: Meeting) -> ZoneInfo:
    """The meeting's zone; one a hand edit made unknown is refused, naming the meeting and
    the command that fixes it."""
    try:
        return _zone(meeting.tz)
    except InvalidInput as exc:
        if meeting.id is None:  # not from the journal: nothing to name
            raise
        raise InvalidInput(
            f"Meeting {meeting.id} is in an unknown time zone {quote(meeting.tz)}; fix it with "
            f"`mentorlog meeting edit {meeting.id} --tz ZONE`."
        ) from exc


def instant(meeting: Meeting, wall: datetime) -> datetime:
    """A naive wall time in the meeting's zone as an aware datetime, read as RFC 5545 says.

    A wall time in a spring-forward gap takes the offset from before the gap, and an
    ambiguous one its first instant (zoneinfo's fold=0); no error is raised for either.
    """
    if wall.tzinfo is not None:
        raise ValueError("instant() needs a naive wall time")
    return wall.replace(tzinfo=meeting_zone(meeting), fold=0)


def _end(start: datetime, minutes: int, zone: ZoneInfo) -> datetime:
    """`start` plus `minutes`, added in UTC (aware + timedelta is wall-clock arithmetic)."""
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)


# --- the schedule of one meeting ------------------------------------------------------------


class _Schedule:
    """A meeting's wall times, read as instants, with a status for each."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.zone = meeting_zone(meeting)
        self.start = meeting.start.replace(tzinfo=None)
        self.rule: _Series | None = None
        # A UTC UNTIL, checked by instant (dateutil gets a wider, wall-time one).
        self.until_utc: datetime | None = None
        if meeting.rrule is not None:
            try:
                self.rule, self.until_utc = _build_rule(meeting.rrule, self.start, self.zone)
            except InvalidInput as exc:  # only a hand edit stores a rule that cannot be read
                if meeting.id is None:  # not from the journal: nothing to name
                    raise
                raise InvalidInput(
                    f"Cannot read the stored recurrence {quote(meeting.rrule)} of meeting "
                    f"{meeting.id}; fix it with `mentorlog meeting edit {meeting.id} --every "
                    "RULE`, e.g. --every weekly."
                ) from exc

    # Read only when an occurrence is built: most meetings a dashboard asks have none in
    # the window asked, and a journal can hold thousands of them.

    @cached
    def exdates(self) -> set[str]:
        return {wall_text(moment) for moment in self.meeting.exdates}

    @cached
    def held(self) -> dict[str, HeldOccurrence]:
        return {entry.start: entry for entry in self.meeting.held}

    @cached
    def moved(self) -> dict[datetime, Override]:
        """The overrides of occurrences the rule makes, by the wall time they move from
        (one of a wall time the rule does not make, after a hand edit, is ignored)."""
        if self.rule is None:
            return {}
        return {
            o.of: o
            for o in self.meeting.overrides
            if self.rule.between(o.of, o.of, inc=True) and self.before_until(o.of)
        }

    def kept(self, wall: datetime) -> bool:
        """Whether a wall time of the rule is an occurrence at that time: before UNTIL, and
        not moved elsewhere on its own."""
        if not self.before_until(wall):
            return False
        return not self.meeting.overrides or wall not in self.moved

    def moved_occurrences(self) -> list[Occurrence]:
        return [self.occurrence(wall) for wall in self.moved]

    # Wall times, in wall-time order, of occurrences that exist (before UNTIL).

    def walls(self, low: datetime, high: datetime) -> list[datetime]:
        """The wall times in [low, high] (naive, both inclusive)."""
        low, high = max(low, FIRST_WALL), min(high, LAST_WALL)
        if low > high:
            return []
        if self.rule is None:
            found = [self.start] if low <= self.start <= high else []
        else:
            found = self.rule.between(low, high, inc=True)
        return [wall for wall in found if self.kept(wall)]

    def walls_from(self, low: datetime) -> Iterator[datetime]:
        """The wall times at or after `low`, lazily (a rule without an end never ends)."""
        low = max(low, FIRST_WALL)
        if self.rule is None:
            found: Iterator[datetime] = iter([self.start] if self.start >= low else [])
        else:
            found = self.rule.xafter(low, inc=True)
        return (wall for wall in itertools.takewhile(LAST_WALL.__ge__, found) if self.kept(wall))

    def before_until(self, wall: datetime) -> bool:
        """Whether the wall time is an occurrence at or before the UTC UNTIL, by instant."""
        return self.until_utc is None or self.instant(wall).astimezone(UTC) <= self.until_utc

    @property
    def first_wall(self) -> datetime:
        return self.start

    # Occurrences.

    def instant(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.zone, fold=0)

    def occurrence(self, wall: datetime) -> Occurrence:
        """The occurrence the rule makes at `wall` (where an override moved it, if one did)."""
        meeting = self.meeting
        key = wall_text(wall)
        moved = self.moved.get(wall) if meeting.overrides else None
        start = self.instant(wall if moved is None else moved.start)
        minutes = meeting.duration if moved is None or moved.duration is None else moved.duration
        held = self.held.get(key)
        if self.rule is None:
            status, rating = meeting.status, None
            if status == "held":
                rating = meeting.rating if held is None or held.rating is None else held.rating
        elif meeting.status == "cancelled" or key in self.exdates:
            status, rating = "cancelled", None
        elif held is not None:
            status, rating = "held", held.rating
        else:
            status, rating = "scheduled", None
        return Occurrence(
            meeting=meeting,
            start=start,
            end=_end(start, minutes, self.zone),
            status=status,
            rating=rating,
            original=None if moved is None else wall,
        )

    def between(
        self, low_utc: datetime, high_utc: datetime, *, scheduled: bool = False
    ) -> list[Occurrence]:
        """Occurrences starting in [low_utc, high_utc), sorted by instant; with `scheduled`,
        only those neither held nor cancelled, the others never built (a series' past is
        mostly held: the dashboard asks 30 days of it for the ones nobody marked)."""
        low = widened(wall_in(low_utc, self.zone), -MARGIN)
        high = widened(wall_in(high_utc, self.zone), MARGIN)
        walls = self.walls(low, high)
        if scheduled and self.rule is not None:  # as `occurrence` gives a wall its status
            shut = self.exdates.union(self.held) if self.meeting.status != "cancelled" else None
            walls = [w for w in walls if shut is not None and wall_text(w) not in shut]
        found = [self.occurrence(wall) for wall in walls]
        if self.meeting.overrides:
            found += self.moved_occurrences()
        wanted = (o for o in found if not scheduled or o.status == "scheduled")
        return _sorted(occ for occ in wanted if low_utc <= occ.start_utc < high_utc)


def _sorted(found: Iterator[Occurrence] | list[Occurrence]) -> list[Occurrence]:
    return sorted(found, key=lambda occ: (occ.start_utc, occ.key))


# Large enough for every meeting of a big journal: a dashboard asks each several times.
# _stepped_rule is looked up in this module, under that name: tests/test_fast_paths.py
# replaces it here to compare every schedule with and without arithmetic.
@functools.lru_cache(maxsize=65_536)
def _build_rule(text: str, start: datetime, zone: ZoneInfo) -> tuple[_Series, datetime | None]:
    """The rule for `text` from the naive `start`, and its UNTIL as a UTC instant.

    Simple rules are worked out by arithmetic (calendar.stepped); the rest go to dateutil,
    built once per command for each meeting, with dateutil's own cache on: its `between`
    and `before` walk a series from its start on every call, and a dashboard asks each
    meeting for its previous and next occurrence several times.

    dateutil refuses a UTC UNTIL with a naive start, so UNTIL is taken out of the rule: a UTC
    one becomes a wall time in `zone` (widened by the margin, then checked exactly by
    instant), a floating one is wall time already, and a bare date means the end of that day.
    """
    read = rule_and_until(text)
    if read is None:
        raise bad_rule(text)
    rule, until = read
    until_wall: datetime | None = None
    until_utc: datetime | None = None
    if until is not None:
        if until.tzinfo is not None:
            until_utc = until.astimezone(UTC)
            until_wall = widened(wall_in(until_utc, zone), MARGIN)
        else:
            until_wall = until
    stepped = _stepped_rule(rule, start, None if "COUNT" in rule else until_wall)
    if stepped is not None:
        return stepped, until_utc
    built = _dateutil_rule(str(rule), start, text, cache=True)
    if until_wall is not None and "COUNT" not in rule:
        try:
            built = built.replace(until=until_wall)
        except DATEUTIL_ERRORS as exc:
            raise bad_rule(text) from exc
    return built, until_utc


# --- the public queries ----------------------------------------------------------------------


def occurrences(
    meeting: Meeting, start: datetime, end: datetime, *, scheduled: bool = False
) -> list[Occurrence]:
    """Every occurrence starting in [start, end), sorted by instant, cancelled ones included
    (with `scheduled`, only those neither held nor cancelled, the others never built).

    One-off meetings yield at most one, with the meeting's status. In a series an occurrence
    is cancelled when the series is or its wall time is an exdate, held when it was marked
    held, and scheduled otherwise.
    """
    low, high = aware_utc(start, "start"), aware_utc(end, "end")
    if high <= low:
        return []
    return _Schedule(meeting).between(low, high, scheduled=scheduled)


def next_occurrence(
    meeting: Meeting, after: datetime, *, include_cancelled: bool = False
) -> Occurrence | None:
    """The first occurrence starting at or after `after`; cancelled ones only if asked."""
    after_utc = aware_utc(after, "after")
    if meeting.status == "cancelled" and not include_cancelled:
        return None
    schedule = _Schedule(meeting)
    found = _next_in_rule(schedule, after_utc, include_cancelled)
    if not meeting.overrides:
        return found
    moved = [o for o in schedule.moved_occurrences() if o.start_utc >= after_utc]
    return _first([found, *moved], include_cancelled)


def first_occurrence(meeting: Meeting) -> Occurrence | None:
    """The first occurrence the rule makes, cancelled or not, where the rule puts it (moves
    ignored): `next_occurrence` of the meeting without overrides from two days before its
    start. A one-off's is its only one, built at once."""
    start = meeting.start.replace(tzinfo=None)
    if meeting.rrule is None and not meeting.overrides and FIRST_WALL <= start <= LAST_WALL:
        return _Schedule(meeting).occurrence(start)
    in_rule = replace(meeting, overrides=[]) if meeting.overrides else meeting
    return next_occurrence(in_rule, instant(meeting, start) - MARGIN, include_cancelled=True)


def _first(found: list[Occurrence | None], include_cancelled: bool) -> Occurrence | None:
    wanted = [o for o in found if o is not None and (include_cancelled or not o.cancelled)]
    return min(wanted, key=lambda o: (o.start_utc, o.key)) if wanted else None


def _last(found: list[Occurrence | None], include_cancelled: bool) -> Occurrence | None:
    wanted = [o for o in found if o is not None and (include_cancelled or not o.cancelled)]
    return max(wanted, key=lambda o: (o.start_utc, o.key)) if wanted else None


def _next_in_rule(
    schedule: _Schedule, after_utc: datetime, include_cancelled: bool
) -> Occurrence | None:
    for wall in schedule.walls_from(widened(wall_in(after_utc, schedule.zone), -MARGIN)):
        occ = schedule.occurrence(wall)
        if occ.start_utc < after_utc or (occ.cancelled and not include_cancelled):
            continue
        # Wall-time order is instant order except around a gap (a wall time in the gap reads
        # later than the real ones just after it), so look a little further for an earlier one.
        nearby = schedule.between(after_utc, occ.start_utc + MARGIN)
        return next(o for o in nearby if include_cancelled or not o.cancelled)
    return None


def previous_occurrence(
    meeting: Meeting, before: datetime, *, include_cancelled: bool = False
) -> Occurrence | None:
    """The last occurrence starting strictly before `before`; cancelled ones only if asked."""
    before_utc = aware_utc(before, "before")
    if meeting.status == "cancelled" and not include_cancelled:
        return None
    schedule = _Schedule(meeting)
    found = _previous_in_rule(schedule, before_utc, include_cancelled)
    if not meeting.overrides:
        return found
    moved = [o for o in schedule.moved_occurrences() if o.start_utc < before_utc]
    return _last([found, *moved], include_cancelled)


def _previous_in_rule(
    schedule: _Schedule, before_utc: datetime, include_cancelled: bool
) -> Occurrence | None:
    if schedule.rule is None:  # a one-off: its only occurrence, if it started before
        if not schedule.walls(schedule.first_wall, schedule.first_wall):
            return None
        only = schedule.occurrence(schedule.first_wall)
        wanted = only.start_utc < before_utc and (include_cancelled or not only.cancelled)
        return only if wanted else None
    if isinstance(schedule.rule, _SteppedRule):
        return _previous_by_steps(schedule, schedule.rule, before_utc, include_cancelled)
    first_wall = max(schedule.first_wall, FIRST_WALL)
    first = schedule.instant(first_wall).astimezone(UTC) - MARGIN
    span = _FIRST_LOOK_BACK
    while True:
        low = first if before_utc - first <= span else before_utc - span
        found = [
            occ
            for occ in schedule.between(low, before_utc)
            if include_cancelled or not occ.cancelled
        ]
        if found:
            return found[-1]
        if low == first:
            return None
        span *= 2


def _previous_by_steps(
    schedule: _Schedule, rule: _SteppedRule, before_utc: datetime, include_cancelled: bool
) -> Occurrence | None:
    """previous_occurrence for a rule worked out by arithmetic: walk back from `before`
    instead of looking back in ever larger windows."""
    latest = min(widened(wall_in(before_utc, schedule.zone), MARGIN), LAST_WALL)
    for wall in rule.xbefore(latest):
        if wall < FIRST_WALL:
            return None
        if not schedule.kept(wall):
            continue
        found = schedule.occurrence(wall)
        if found.start_utc >= before_utc or (found.cancelled and not include_cancelled):
            continue
        # As in next_occurrence: around a gap, a later instant can have an earlier wall time.
        nearby = schedule.between(found.start_utc - MARGIN, before_utc)
        return [o for o in nearby if include_cancelled or not o.cancelled][-1]
    return None


def wall_bounds(start: datetime, rule: str | None, tz: str) -> tuple[datetime, datetime | None]:
    """The first and the last wall time a meeting can have an occurrence at (None: the
    series has no end, or its end cannot be told from the rule's text alone), read without
    expanding anything, for choosing which of many meetings to expand. Generous by up to
    two days (an UNTIL in UTC, read as a wall time). Raises InvalidInput where expanding the
    meeting would: an unknown zone, a rule that cannot be read.
    """
    _zone(tz)
    if rule is None:
        return start, start
    steps = day_steps(rule)
    if steps is None:
        return _bounds_from(start, rule, get_zone(tz))
    step, count, until = steps
    try:
        if count is not None:  # the last of COUNT steps, as _SteppedRule finds it
            first = start.replace(microsecond=0)
            return start, first + step * max(0, min(count - 1, (datetime.max - first) // step))
        return start, None if until is None else until.replace(tzinfo=None) + MARGIN
    except OverflowError:  # near the end of time: no bound to speak of
        return start, None


# A dashboard asks the bounds of every meeting in the journal, most of them under a handful
# of zones and rules: each is read once (on 10,000 meetings, 45 ms became 15), as is each
# meeting's zone for its schedule, asked hundreds of times by one dashboard.
@functools.lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return get_zone(name)  # raises for an unknown zone (an error is not kept: raised again)


def _bounds_from(start: datetime, rule: str, zone: ZoneInfo) -> tuple[datetime, datetime | None]:
    """wall_bounds for a rule whose steps depend on the start, or that only dateutil reads."""
    read, until = read_stored(rule)
    stepped = _stepped_rule(read, start, None)
    if stepped is None:
        _build_rule(rule, start, zone)  # raises when dateutil cannot read it either
    try:
        if "COUNT" in read:  # only a plain step is sure to keep within COUNT steps
            return start, None if stepped is None else stepped.at(max(0, stepped.last))
        return start, None if until is None else until.replace(tzinfo=None) + MARGIN
    except OverflowError:  # near the end of time: no bound to speak of
        return start, None


def occurrence_at(meeting: Meeting, when: datetime) -> Occurrence | None:
    """The occurrence starting at the instant `when` (any zone), cancelled ones included."""
    when_utc = aware_utc(when, "when")
    found = _Schedule(meeting).between(when_utc, when_utc + timedelta(microseconds=1))
    return found[0] if found else None


def rule_walls(meeting: Meeting, low: datetime, high: datetime) -> list[datetime]:
    """The wall times in [low, high] (naive) at which the meeting's rule makes an occurrence,
    those moved elsewhere on their own included: the keys of its occurrences."""
    schedule = _Schedule(meeting)
    found = schedule.walls(low, high)
    moved = [wall for wall in schedule.moved if low <= wall <= high]
    return sorted({*found, *moved})


def occurrences_on(meeting: Meeting, day: date) -> list[Occurrence]:
    """The occurrences whose start falls on `day` in the meeting's own zone, by instant."""
    schedule = _Schedule(meeting)
    low = datetime.combine(day, time())
    walls = schedule.walls(low, widened(low, timedelta(days=1)))
    found = [schedule.occurrence(wall) for wall in walls if wall.date() == day]
    if meeting.overrides:
        found += [o for o in schedule.moved_occurrences() if o.start.date() == day]
    return _sorted(found)
