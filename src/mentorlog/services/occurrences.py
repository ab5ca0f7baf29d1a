"""The occurrences of a meeting: when each one starts and ends, as instants, and its status.

A meeting is kept as a wall time in an IANA zone plus an optional RFC 5545 rule, so a weekly
09:00 New York call stays at 09:00 New York across DST. As calendar apps do, occurrences are
generated in wall time and each wall time is then read in the meeting's zone the way RFC 5545
prescribes (zoneinfo's `fold=0`): a wall time in a spring-forward gap takes the offset from
before the gap, an ambiguous one the first of its two instants. An occurrence's end is its
start plus the duration computed in UTC, so a meeting that straddles a change keeps its length.

Everything here is pure: the window, `now` and `after` are passed in as aware datetimes, and
results are compared only as UTC instants (aware datetimes at an ambiguous wall time do not
compare as instants within one zone). dateutil is imported only by the functions that expand
a rule, so importing this module, or looking at a one-off meeting, never loads it.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol
from zoneinfo import ZoneInfo

from mentorlog.errors import InvalidInput
from mentorlog.model import HeldOccurrence, Meeting, wall_text
from mentorlog.timeparse import get_zone, quote

if TYPE_CHECKING:
    from dateutil.rrule import rrule

__all__ = [
    "Occurrence",
    "describe",
    "first_wall",
    "instant",
    "meeting_zone",
    "next_occurrence",
    "occurrence_at",
    "occurrences",
    "occurrences_on",
    "previous_occurrence",
    "wall_bounds",
]

# How far a wall time can be from the same instant read at another moment's offset. Offsets
# of one zone differ by at most a day (Samoa skipped 30 Dec 2011), so window bounds converted
# to wall time are widened by this much and the results filtered by instant afterwards.
_MARGIN = timedelta(days=2)
# The wall times a meeting has occurrences at: two margins inside what a datetime holds, so
# that an occurrence's instant, its end and every margin around it fit in any zone. A hand
# edit or another app can write a start in the year 1 or an UNTIL in 9999 ("never ends");
# the few days past these are left out rather than raise.
_FIRST_WALL = datetime.min + 2 * _MARGIN
_LAST_WALL = datetime.max - 2 * _MARGIN
# A rule whose first date is further than this from its start is refused where rules come in
# (meeting add and edit, import ics): one that never matches would be searched to the year 9999.
RULE_HORIZON_YEARS = 10
# previous_occurrence looks back this far first, then twice as far each time.
_FIRST_LOOK_BACK = timedelta(days=40)

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


@dataclass(frozen=True)
class Occurrence:
    """One instance of a meeting: the only one of a one-off, or one of a series.

    `start` is the occurrence's scheduled wall time with the zone's offset at it (`fold=0`):
    in a spring-forward gap it keeps the scheduled clock reading with the offset from before
    the gap (02:30+01:00 in Berlin on 29 Mar 2026, the instant 03:30+02:00 names). Compare
    and convert through `start_utc`, never by comparing `start` with another datetime in the
    same zone, which Python does on the wall clock. `end` is a real wall time in the zone.
    """

    meeting: Meeting = field(repr=False)
    start: datetime
    end: datetime
    status: str
    rating: int | None

    def __hash__(self) -> int:
        # Meeting is mutable and so unhashable; an occurrence is identified by these.
        return hash((self.meeting.id, self.meeting.uid, self.key, self.status))

    @property
    def key(self) -> str:
        """The occurrence's id in its meeting: its wall time as stored, '2026-12-01T09:00:00'."""
        return wall_text(self.start)

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def to_json(self) -> dict[str, Any]:
        """The stable `--json` shape of an occurrence (what `meeting list` prints)."""
        return {
            "meeting": self.meeting.id,
            "title": self.meeting.title,
            "people": list(self.meeting.people),
            "start": self.start.isoformat(),
            "start_utc": self.start_utc.isoformat(),
            "end_utc": self.end_utc.isoformat(),
            "tz": self.meeting.tz,
            "duration": self.meeting.duration,
            "status": self.status,
            "rating": self.rating,
        }


# --- wall time -> instant --------------------------------------------------------------------


def _zone(meeting: Meeting) -> ZoneInfo:
    return meeting_zone(meeting)


def meeting_zone(meeting: Meeting) -> ZoneInfo:
    """The meeting's zone; one a hand edit made unknown is refused, naming the meeting and
    the command that fixes it."""
    try:
        return get_zone(meeting.tz)
    except InvalidInput as exc:
        if meeting.id is None:  # not from the journal: nothing to name
            raise
        raise InvalidInput(
            f"Meeting {meeting.id} is in an unknown time zone {quote(meeting.tz)}; fix it with "
            f"`mentorlog meeting edit {meeting.id} --tz ZONE`."
        ) from exc


def _aware_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment.astimezone(UTC)


def _wall_in(moment: datetime, zone: ZoneInfo) -> datetime:
    """The naive wall time in `zone` of an aware instant (the first or last a datetime holds,
    for an instant at the end of time that `zone` reads past it)."""
    try:
        return moment.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        return datetime.max if moment.year > 1 else datetime.min


def _widened(wall: datetime, by: timedelta) -> datetime:
    """`wall` moved by `by`, stopping at the first or last wall time a datetime holds."""
    try:
        return wall + by
    except OverflowError:
        return datetime.max if by > timedelta() else datetime.min


def instant(meeting: Meeting, wall: datetime) -> datetime:
    """A naive wall time in the meeting's zone as an aware datetime, read as RFC 5545 says.

    A wall time in a spring-forward gap takes the offset from before the gap, and an
    ambiguous one its first instant (zoneinfo's fold=0); no error is raised for either.
    """
    if wall.tzinfo is not None:
        raise ValueError("instant() needs a naive wall time")
    return wall.replace(tzinfo=_zone(meeting), fold=0)


def _end(start: datetime, minutes: int, zone: ZoneInfo) -> datetime:
    """`start` plus `minutes`, added in UTC (aware + timedelta is wall-clock arithmetic)."""
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)


# --- the schedule of one meeting ------------------------------------------------------------


class _Schedule:
    """A meeting's wall times, read as instants, with a status for each."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.zone = _zone(meeting)
        self.start = meeting.start.replace(tzinfo=None)
        self.rule: _Rule | None = None
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

    @functools.cached_property
    def exdates(self) -> set[str]:
        return {wall_text(moment) for moment in self.meeting.exdates}

    @functools.cached_property
    def held(self) -> dict[str, HeldOccurrence]:
        return {entry.start: entry for entry in self.meeting.held}

    # Wall times, in wall-time order, of occurrences that exist (before UNTIL).

    def walls(self, low: datetime, high: datetime) -> list[datetime]:
        """The wall times in [low, high] (naive, both inclusive)."""
        low, high = max(low, _FIRST_WALL), min(high, _LAST_WALL)
        if low > high:
            return []
        if self.rule is None:
            found = [self.start] if low <= self.start <= high else []
        else:
            found = self.rule.between(low, high, inc=True)
        return [wall for wall in found if self._before_until(wall)]

    def walls_from(self, low: datetime) -> Iterator[datetime]:
        """The wall times at or after `low`, lazily (a rule without an end never ends)."""
        low = max(low, _FIRST_WALL)
        if self.rule is None:
            found: Iterator[datetime] = iter([self.start] if self.start >= low else [])
        else:
            found = self.rule.xafter(low, inc=True)
        return (
            wall
            for wall in itertools.takewhile(_LAST_WALL.__ge__, found)
            if self._before_until(wall)
        )

    def _before_until(self, wall: datetime) -> bool:
        return self.until_utc is None or self.instant(wall).astimezone(UTC) <= self.until_utc

    @property
    def first_wall(self) -> datetime:
        return self.start

    # Occurrences.

    def instant(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.zone, fold=0)

    def occurrence(self, wall: datetime) -> Occurrence:
        meeting = self.meeting
        start = self.instant(wall)
        key = wall_text(wall)
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
            end=_end(start, meeting.duration, self.zone),
            status=status,
            rating=rating,
        )

    def between(self, low_utc: datetime, high_utc: datetime) -> list[Occurrence]:
        """Occurrences starting in [low_utc, high_utc), sorted by instant."""
        low = _widened(_wall_in(low_utc, self.zone), -_MARGIN)
        high = _widened(_wall_in(high_utc, self.zone), _MARGIN)
        found = [self.occurrence(wall) for wall in self.walls(low, high)]
        return _sorted(occ for occ in found if low_utc <= occ.start_utc < high_utc)


def _sorted(found: Iterator[Occurrence] | list[Occurrence]) -> list[Occurrence]:
    return sorted(found, key=lambda occ: (occ.start_utc, occ.key))


class _Rule(Protocol):
    """What a schedule asks of a rule: dateutil's `rrule`, or `_SteppedRule`."""

    def between(
        self, after: datetime, before: datetime, inc: bool = False, count: int = 1
    ) -> list[datetime]: ...

    def xafter(
        self, dt: datetime, count: int | None = None, inc: bool = False
    ) -> Iterator[datetime]: ...


class _SteppedRule:
    """A rule whose occurrences are the start plus a whole number of equal steps: FREQ=DAILY
    or WEEKLY, or MONTHLY or YEARLY on a day every month or year has, with at most INTERVAL
    and COUNT (UNTIL arrives as `until`). Any occurrence is found by arithmetic, where
    dateutil walks the series from its start on every query, so the meetings people use
    most cost nothing to expand and never import dateutil. The results are dateutil's,
    for the same naive wall times (tests/test_fast_paths.py checks that they agree).
    """

    def __init__(
        self,
        start: datetime,
        *,
        days: int = 0,
        months: int = 0,
        count: int | None = None,
        until: datetime | None = None,
    ) -> None:
        self.start = start.replace(microsecond=0)  # as dateutil does
        self.step = timedelta(days=days)
        self.months = months
        last = self._floor(datetime.max)
        if count is not None:
            last = min(last, count - 1)
        elif until is not None:
            last = min(last, self._floor(until))
        self.last = last  # the index of the last occurrence (-1: there is none)

    def _at(self, index: int) -> datetime:
        if not self.months:
            return self.start + self.step * index
        year, month = divmod(self.start.month - 1 + self.months * index, 12)
        return self.start.replace(year=self.start.year + year, month=month + 1)

    def _floor(self, moment: datetime) -> int:
        """The index of the last occurrence at or before `moment` (-1 and below: none)."""
        if not self.months:
            return (moment - self.start) // self.step
        months = (moment.year - self.start.year) * 12 + moment.month - self.start.month
        index = months // self.months
        if not 1 <= self.start.year + (self.start.month - 1 + self.months * index) // 12 <= 9999:
            return index - 1
        return index - 1 if self._at(index) > moment else index

    def between(
        self, after: datetime, before: datetime, inc: bool = False, count: int = 1
    ) -> list[datetime]:
        first = max(0, self._floor(after) + (0 if inc and self._is_one(after) else 1))
        last = min(self.last, self._floor(before))
        if not inc and last >= 0 and self._at(last) == before:
            last -= 1
        return [self._at(index) for index in range(first, last + 1)]

    def xafter(
        self, dt: datetime, count: int | None = None, inc: bool = False
    ) -> Iterator[datetime]:
        index = max(0, self._floor(dt) + (0 if inc and self._is_one(dt) else 1))
        end = self.last if count is None else min(self.last, index + count - 1)
        return (self._at(i) for i in range(index, end + 1))

    def xbefore(self, dt: datetime) -> Iterator[datetime]:
        """The occurrences at or before `dt`, latest first."""
        index = min(self.last, self._floor(dt))
        return (self._at(i) for i in range(index, -1, -1))

    def _is_one(self, moment: datetime) -> bool:
        index = self._floor(moment)
        return 0 <= index <= self.last and self._at(index) == moment


def _stepped_rule(
    parts: dict[str, str], start: datetime, until: datetime | None
) -> _SteppedRule | None:
    """The arithmetic form of a rule, when it has one (see _SteppedRule); else None."""
    if not set(parts) <= {"FREQ", "INTERVAL", "COUNT"}:
        return None
    interval_text, count_text = parts.get("INTERVAL", "1"), parts.get("COUNT", "1")
    if not (interval_text.isdigit() and count_text.isdigit() and interval_text.isascii()):
        return None
    interval, count = int(interval_text), int(count_text) if "COUNT" in parts else None
    if not 1 <= interval <= 10_000 or count == 0:
        return None
    freq = parts["FREQ"]
    if freq in ("DAILY", "WEEKLY"):
        days = interval * (7 if freq == "WEEKLY" else 1)
        return _SteppedRule(start, days=days, count=count, until=until)
    if (freq == "MONTHLY" and start.day <= 28) or (
        freq == "YEARLY" and (start.month, start.day) != (2, 29)
    ):
        months = interval * (12 if freq == "YEARLY" else 1)
        return _SteppedRule(start, months=months, count=count, until=until)
    return None


# Large enough for every meeting of a big journal: a dashboard asks each several times.
@functools.lru_cache(maxsize=65_536)
def _build_rule(text: str, start: datetime, zone: ZoneInfo) -> tuple[_Rule, datetime | None]:
    """The rule for `text` from the naive `start`, and its UNTIL as a UTC instant.

    Simple rules are worked out by arithmetic (_SteppedRule); the rest go to dateutil,
    built once per command for each meeting, with dateutil's own cache on: its `between`
    and `before` walk a series from its start on every call, and a dashboard asks each
    meeting for its previous and next occurrence several times.

    dateutil refuses a UTC UNTIL with a naive start, so UNTIL is taken out of the rule: a UTC
    one becomes a wall time in `zone` (widened by the margin, then checked exactly by
    instant), a floating one is wall time already, and a bare date means the end of that day.
    """
    parts = _rule_parts(text)
    if parts is None:
        raise _bad_rule(text)
    until_text = parts.pop("UNTIL", None)
    until_wall: datetime | None = None
    until_utc: datetime | None = None
    if until_text is not None:
        until = _read_until(until_text)
        if until is None:
            raise _bad_rule(text)
        if until.tzinfo is not None:
            until_utc = until.astimezone(UTC)
            until_wall = _widened(_wall_in(until_utc, zone), _MARGIN)
        else:
            until_wall = until
    stepped = _stepped_rule(parts, start, None if "COUNT" in parts else until_wall)
    if stepped is not None:
        return stepped, until_utc
    body = ";".join(f"{key}={value}" for key, value in parts.items())
    built = _dateutil_rule(body, start, text, cache=True)
    if until_wall is not None and "COUNT" not in parts:
        try:
            built = built.replace(until=until_wall)
        except _DATEUTIL_ERRORS as exc:
            raise _bad_rule(text) from exc
    return built, until_utc


# What dateutil raises for a rule it cannot read or follow.
_DATEUTIL_ERRORS = (ValueError, TypeError, LookupError, ArithmeticError)


def _dateutil_rule(body: str, start: datetime, text: str, *, cache: bool = False) -> rrule:
    """dateutil's rule for `body` from the naive `start`; raises _bad_rule(`text`) where it
    cannot read it."""
    from dateutil.rrule import rrule, rrulestr

    try:
        built = rrulestr(body, dtstart=start, cache=cache)
    except _DATEUTIL_ERRORS as exc:
        raise _bad_rule(text) from exc
    if not isinstance(built, rrule):
        raise _bad_rule(text)
    return built


def _bad_rule(text: str) -> InvalidInput:
    return InvalidInput(
        f"Cannot read the stored recurrence {quote(text)}; fix it with a rule such as "
        "FREQ=WEEKLY;BYDAY=TU."
    )


def _rule_parts(text: str) -> dict[str, str] | None:
    """KEY -> VALUE of a rule body, keys upper-cased and in order; None when malformed."""
    body = "".join(text.split()).upper().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for part in filter(None, body.split(";")):
        key, sep, value = part.partition("=")
        if not sep or not key or key in parts:
            return None
        parts[key] = value
    return parts if "FREQ" in parts else None


def _read_until(value: str) -> datetime | None:
    """UNTIL as aware UTC ('...Z'), or naive wall time (floating, or a date's last second)."""
    try:
        if len(value) == 8 and value.isdigit():
            day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return datetime.combine(day, time(23, 59, 59))
        if len(value) in (15, 16) and value[8] == "T":
            digits = value[:8] + value[9:15]
            if not (digits.isascii() and digits.isdigit()):
                return None
            if len(value) == 16 and value[15] != "Z":
                return None
            # ISO 8601's basic format, which fromisoformat reads since Python 3.11 (strptime
            # would import _strptime, 4 ms, on every dashboard; by hand it took 4 µs a rule).
            return datetime.fromisoformat(value)
    except ValueError:
        return None
    return None


# --- the public queries ----------------------------------------------------------------------


def occurrences(meeting: Meeting, start: datetime, end: datetime) -> list[Occurrence]:
    """Every occurrence starting in [start, end), sorted by instant, cancelled ones included.

    One-off meetings yield at most one, with the meeting's status. In a series an occurrence
    is cancelled when the series is or its wall time is an exdate, held when it was marked
    held, and scheduled otherwise.
    """
    low, high = _aware_utc(start, "start"), _aware_utc(end, "end")
    if high <= low:
        return []
    return _Schedule(meeting).between(low, high)


def next_occurrence(
    meeting: Meeting, after: datetime, *, include_cancelled: bool = False
) -> Occurrence | None:
    """The first occurrence starting at or after `after`; cancelled ones only if asked."""
    after_utc = _aware_utc(after, "after")
    if meeting.status == "cancelled" and not include_cancelled:
        return None
    schedule = _Schedule(meeting)
    for wall in schedule.walls_from(_widened(_wall_in(after_utc, schedule.zone), -_MARGIN)):
        occ = schedule.occurrence(wall)
        if occ.start_utc < after_utc or (occ.cancelled and not include_cancelled):
            continue
        # Wall-time order is instant order except around a gap (a wall time in the gap reads
        # later than the real ones just after it), so look a little further for an earlier one.
        nearby = schedule.between(after_utc, occ.start_utc + _MARGIN)
        return next(o for o in nearby if include_cancelled or not o.cancelled)
    return None


def previous_occurrence(
    meeting: Meeting, before: datetime, *, include_cancelled: bool = False
) -> Occurrence | None:
    """The last occurrence starting strictly before `before`; cancelled ones only if asked."""
    before_utc = _aware_utc(before, "before")
    if meeting.status == "cancelled" and not include_cancelled:
        return None
    schedule = _Schedule(meeting)
    if schedule.rule is None:  # a one-off: its only occurrence, if it started before
        if not schedule.walls(schedule.first_wall, schedule.first_wall):
            return None
        only = schedule.occurrence(schedule.first_wall)
        wanted = only.start_utc < before_utc and (include_cancelled or not only.cancelled)
        return only if wanted else None
    if isinstance(schedule.rule, _SteppedRule):
        return _previous_by_steps(schedule, schedule.rule, before_utc, include_cancelled)
    first_wall = max(schedule.first_wall, _FIRST_WALL)
    first = schedule.instant(first_wall).astimezone(UTC) - _MARGIN
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
    latest = min(_widened(_wall_in(before_utc, schedule.zone), _MARGIN), _LAST_WALL)
    for wall in rule.xbefore(latest):
        if wall < _FIRST_WALL:
            return None
        if not schedule._before_until(wall):
            continue
        found = schedule.occurrence(wall)
        if found.start_utc >= before_utc or (found.cancelled and not include_cancelled):
            continue
        # As in next_occurrence: around a gap, a later instant can have an earlier wall time.
        nearby = schedule.between(found.start_utc - _MARGIN, before_utc)
        return [o for o in nearby if include_cancelled or not o.cancelled][-1]
    return None


def wall_bounds(start: datetime, rule: str | None, tz: str) -> tuple[datetime, datetime | None]:
    """The first and the last wall time a meeting can have an occurrence at (None: the
    series has no end, or its end cannot be told from the rule's text alone), read without
    expanding anything, for choosing which of many meetings to expand. Generous by up to
    two days (an UNTIL in UTC, read as a wall time). Raises InvalidInput where expanding the
    meeting would: an unknown zone, a rule that cannot be read.
    """
    _check_zone(tz)
    if rule is None:
        return start, start
    steps = _day_steps(rule)
    if steps is None:
        return _bounds_from(start, rule, get_zone(tz))
    step, count, until = steps
    try:
        if count is not None:  # the last of COUNT steps, as _SteppedRule finds it
            first = start.replace(microsecond=0)
            return start, first + step * max(0, min(count - 1, (datetime.max - first) // step))
        return start, None if until is None else until.replace(tzinfo=None) + _MARGIN
    except OverflowError:  # near the end of time: no bound to speak of
        return start, None


# A dashboard asks the bounds of every meeting in the journal, most of them under a handful
# of zones and rules: each is read once (on 10,000 meetings, 45 ms became 15).
@functools.lru_cache(maxsize=256)
def _check_zone(name: str) -> None:
    get_zone(name)  # raises for an unknown zone (an error is not kept: it is raised again)


def _day_steps(rule: str) -> tuple[timedelta, int | None, datetime | None] | None:
    """A DAILY or WEEKLY rule's step, COUNT and UNTIL, which its text alone tells, where the
    start decides whether other rules take steps (a MONTHLY one on the 31st does not): None
    for those. Raises for a rule that cannot be read, as wall_bounds does."""
    # An UNTIL at the end, as mentorlog stores it, is read apart from the rest, which is
    # read once for all the series that share it.
    body, sep, until_text = rule.rpartition(";UNTIL=")
    if sep and until_text.isascii() and until_text.isalnum():
        steps = _body_steps(body)
        if steps != "unread":
            until = _read_until(until_text.upper())
            if until is None:
                raise _bad_rule(rule)
            return None if steps is None else (*steps, until)
    return _rule_steps(rule)


@functools.lru_cache(maxsize=256)
def _body_steps(body: str) -> tuple[timedelta, int | None] | Literal["unread"] | None:
    """_rule_steps for a rule without its UNTIL; "unread" where the body alone cannot be
    read, or holds an UNTIL already (the whole rule then goes to _rule_steps)."""
    parts = _rule_parts(body)
    if parts is None or "UNTIL" in parts:
        return "unread"
    return _steps_of(parts)


@functools.lru_cache(maxsize=1024)
def _rule_steps(rule: str) -> tuple[timedelta, int | None, datetime | None] | None:
    parts, until = _parts_and_until(rule)
    steps = _steps_of(parts)
    return None if steps is None else (*steps, until)


def _parts_and_until(rule: str) -> tuple[dict[str, str], datetime | None]:
    """A rule's parts but UNTIL, and its UNTIL read; raises for a rule that cannot be read."""
    parts = _rule_parts(rule)
    if parts is None:
        raise _bad_rule(rule)
    until_text = parts.pop("UNTIL", None)
    until = _read_until(until_text) if until_text is not None else None
    if until_text is not None and until is None:
        raise _bad_rule(rule)
    return parts, until


def _steps_of(parts: dict[str, str]) -> tuple[timedelta, int | None] | None:
    if parts["FREQ"] not in ("DAILY", "WEEKLY"):
        return None
    stepped = _stepped_rule(parts, datetime(2000, 1, 3), None)  # any start takes these steps
    if stepped is None:
        return None
    return stepped.step, int(parts["COUNT"]) if "COUNT" in parts else None


def _bounds_from(start: datetime, rule: str, zone: ZoneInfo) -> tuple[datetime, datetime | None]:
    """wall_bounds for a rule whose steps depend on the start, or that only dateutil reads."""
    parts, until = _parts_and_until(rule)
    stepped = _stepped_rule(parts, start, None)
    if stepped is None:
        _build_rule(rule, start, zone)  # raises when dateutil cannot read it either
    try:
        if "COUNT" in parts:  # only a plain step is sure to keep within COUNT steps
            return start, None if stepped is None else stepped._at(max(0, stepped.last))
        return start, None if until is None else until.replace(tzinfo=None) + _MARGIN
    except OverflowError:  # near the end of time: no bound to speak of
        return start, None


def first_wall(
    rule: str, start: datetime, zone: ZoneInfo, *, to_the_end: bool = True
) -> datetime | None:
    """The wall time of the first date `rule` gives from the naive `start` in `zone`, if it
    gives one within RULE_HORIZON_YEARS; None if it gives none by then, or none before its
    UNTIL (unless not `to_the_end`: then UNTIL is left out). Raises InvalidInput for a rule
    that cannot be read.

    dateutil looks for a rule's next date period by period up to the year 9999 and stops
    early only on a date it finds, so a rule that never matches (FREQ=DAILY;BYMONTH=2;
    BYMONTHDAY=30) would take seconds, and take them again in every `meeting list`. The
    Gregorian calendar repeats every 400 years, weekdays and leap years included, so the
    search runs on the same rule moved to just before 9999, where it cannot go on long.
    """
    parts, until = _parts_and_until(rule)
    parts.pop("COUNT", None)
    first = _first_wall(tuple(parts.items()), start)
    if first is None or until is None or not to_the_end:
        return first
    if until.tzinfo is None:  # floating: a wall time already
        return first if first <= until else None
    try:
        return first if first.replace(tzinfo=zone, fold=0).astimezone(UTC) <= until else None
    except OverflowError:  # past the last instant there is: after any UNTIL
        return None


@functools.lru_cache(maxsize=64)
def _first_wall(parts: tuple[tuple[str, str], ...], start: datetime) -> datetime | None:
    if _stepped_rule(dict(parts), start, None) is not None:
        return start.replace(microsecond=0)  # a plain step starts at the start
    body = ";".join(f"{key}={value}" for key, value in parts)
    shift = (MAXYEAR - RULE_HORIZON_YEARS - start.year) // 400 * 400
    late = start.replace(year=start.year + shift)  # 400 years on: the same weekdays and leap days
    try:
        found = _dateutil_rule(body, late, body).after(late, inc=True)
    except _DATEUTIL_ERRORS as exc:
        raise _bad_rule(body) from exc
    if found is None or found - late > timedelta(days=366 * RULE_HORIZON_YEARS):
        return None
    return found.replace(year=found.year - shift)


def occurrence_at(meeting: Meeting, when: datetime) -> Occurrence | None:
    """The occurrence starting at the instant `when` (any zone), cancelled ones included."""
    when_utc = _aware_utc(when, "when")
    found = _Schedule(meeting).between(when_utc, when_utc + timedelta(microseconds=1))
    return found[0] if found else None


def occurrences_on(meeting: Meeting, day: date) -> list[Occurrence]:
    """The occurrences whose start falls on `day` in the meeting's own zone, by instant."""
    schedule = _Schedule(meeting)
    low = datetime.combine(day, time())
    walls = schedule.walls(low, _widened(low, timedelta(days=1)))
    return _sorted(schedule.occurrence(wall) for wall in walls if wall.date() == day)


# --- describe --------------------------------------------------------------------------------


def _clock(moment: datetime) -> str:
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{text}:{moment.second:02d}" if moment.second else text


def _written(day: date) -> str:
    """'1 Dec 2026', spelled without strftime so the process locale cannot change it."""
    return f"{day.day} {_MONTH_ABBRS[day.month - 1]} {day.year}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(meeting: Meeting) -> str:
    """A human summary of the schedule in the meeting's zone, for `meeting show`.

    'once, Tue 1 Dec 2026 09:00 America/New_York', 'every week on Tuesday at 09:00
    America/New_York, from 1 Dec 2026, 10 times', 'every month on the first Tuesday ...'; a
    rule without a plain-words form is shown as 'by the rule FREQ=...'. Never raises.
    """
    start = meeting.start.replace(tzinfo=None)
    if meeting.rrule is None:
        weekday = _DAY_NAMES[start.weekday()][:3]
        return f"once, {weekday} {_written(start.date())} {_clock(start)} {meeting.tz}"
    parts = _rule_parts(meeting.rrule)
    if parts is None or ("UNTIL" in parts and _read_until(parts["UNTIL"]) is None):
        return f"by the rule {meeting.rrule}, from {_written(start.date())}"
    limit = parts.pop("COUNT", None), parts.pop("UNTIL", None)
    words = _rule_words(parts, start)
    if words is None:
        rule = ";".join(f"{key}={value}" for key, value in parts.items())
        words = f"by the rule {rule}"
    text = f"{words} at {_clock(start)} {meeting.tz}, from {_written(start.date())}"
    return text + _limit_words(*limit, meeting.tz)


def _limit_words(count: str | None, until: str | None, tz: str) -> str:
    text = ""
    if count is not None:
        text += ", once" if count == "1" else f", {count} times"
    if until is not None:
        moment = _read_until(until) or datetime.min  # describe() has checked it
        if moment.tzinfo is not None:
            with contextlib.suppress(InvalidInput):  # unknown zone: say the UTC date
                moment = _wall_in(moment, get_zone(tz))
        text += f", until {_written(moment.date())}"
    return text


def _rule_words(parts: dict[str, str], start: datetime) -> str | None:
    """'every 2 weeks on Tuesday' for the rules people use; None for the rest."""
    parts = dict(parts)
    parts.pop("WKST", None)  # changes nothing that these words say
    freq = parts.pop("FREQ")
    interval = _number(parts.pop("INTERVAL", "1"))
    if freq not in _UNITS or interval is None or interval < 1:
        return None
    unit = _UNITS[freq]
    every = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    if freq == "DAILY":
        return every if not parts else None
    if freq == "WEEKLY":
        days = _weekdays(parts.pop("BYDAY", _RRULE_DAYS[start.weekday()]))
        if days is None or parts:
            return None
        return f"{every} on {_and([_DAY_NAMES[day] for day in days])}"
    if freq == "MONTHLY":
        on = _monthly_words(parts, start)
        return None if on is None else f"{every} on {on}"
    if not parts:  # YEARLY on the start's day
        return f"{every} on {start.day} {_MONTH_ABBRS[start.month - 1]}"
    return None


def _number(text: str) -> int | None:
    """An ASCII integer with an optional sign ('+2', '-1', '10'); None otherwise."""
    digits = text.removeprefix("+").removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 4:
        return None
    return int(text)


def _weekdays(value: str) -> list[int] | None:
    """'MO,WE' -> [0, 2]; None if any day has an ordinal or is not a day."""
    days = value.split(",")
    if any(day not in _RRULE_DAYS for day in days):
        return None
    return sorted({_RRULE_DAYS.index(day) for day in days})


def _monthly_words(parts: dict[str, str], start: datetime) -> str | None:
    """'day 31', 'the last day', 'the first Tuesday', 'the last Friday'; None otherwise."""
    if not parts:
        return f"day {start.day}"
    if set(parts) == {"BYMONTHDAY"}:
        day = _number(parts["BYMONTHDAY"])
        if day == -1:
            return "the last day"
        return f"day {day}" if day is not None and 1 <= day <= 31 else None
    byday = parts.get("BYDAY", "")
    if set(parts) == {"BYDAY", "BYSETPOS"} and byday in _RRULE_DAYS:
        ordinal, name = parts["BYSETPOS"], byday  # FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1
    elif set(parts) == {"BYDAY"} and byday[-2:] in _RRULE_DAYS:
        ordinal, name = byday[:-2], byday[-2:]
    else:
        return None
    nth = _ORDINALS.get(_number(ordinal) or 0)
    if nth is None:
        return None
    return f"the {nth} {_DAY_NAMES[_RRULE_DAYS.index(name)]}"
