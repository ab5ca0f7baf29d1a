"""VTIMEZONE components built from zoneinfo, for every zone an exported calendar uses.

Built here rather than with icalendar's `Timezone.from_tzid` (7.x): that one lists every
change as an RDATE, which Outlook is reported to misread (shifting events by an hour), and
puts each spring-forward onset an hour late. Ours writes each run of yearly changes as one
`RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..` observance, with DTSTART in the offset before the
change as RFC 5545 says, and falls back to plain observances only for changes that follow
no such rule. icalendar is imported only when a component is built.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mentorlog.calendar import ics_values, tzif
from mentorlog.timeparse import get_zone
from mentorlog.timeparse.rules import RRULE_DAYS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from icalendar import Component

__all__ = ["vtimezone", "vtimezone_lines", "zone_changes"]

_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)
_SECOND = timedelta(seconds=1)


class _Change:
    """One change of a zone's offset or name: the instant, and the clocks either side. (A
    plain class: a dataclass costs about 4 M instructions to build at import.)"""

    __slots__ = ("after", "at", "before", "daylight", "name", "onset")

    def __init__(
        self, at: datetime, before: timedelta, after: timedelta, name: str, daylight: bool
    ) -> None:
        self.at = at  # UTC
        self.before, self.after, self.name, self.daylight = before, after, name, daylight
        # The change's local time on the clock before it, as VTIMEZONE's DTSTART wants.
        self.onset = (at + before).replace(tzinfo=None)

    def _fields(self) -> tuple[datetime, timedelta, timedelta, str, bool]:
        return self.at, self.before, self.after, self.name, self.daylight

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Change) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"_Change{self._fields()!r}"


def _state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta, str]:
    local = moment.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or ""


def zone_changes(
    zone: ZoneInfo, start: datetime, end: datetime, fine_from: datetime | None = None
) -> list[_Change]:
    """The zone's changes between two UTC instants, as `_changes` finds them, found from the
    zone's TZif data where it can be read (`_changes_at`)."""
    # Steps can look up to a week past `end`, and the last bisection ends within one.
    points = tzif.change_points(zone.key, start, end + 2 * _WEEK)
    if points is None:
        return _changes(zone, start, end, fine_from)
    return _changes_at(zone, points, start, end, fine_from)


def _changes(
    zone: ZoneInfo, start: datetime, end: datetime, fine_from: datetime | None = None
) -> list[_Change]:
    """The zone's changes between two UTC instants, found day by day (week by week before
    `fine_from`) then to the second: the plain way, which `_changes_at` is held to."""
    found: list[_Change] = []
    moment, state = start, _state(zone, start)
    while moment < end:
        step = moment + (_WEEK if fine_from is not None and moment < fine_from else _DAY)
        if _state(zone, step) == state:
            moment = step
            continue
        low, high = moment, step
        while high - low > _SECOND:
            middle = low + timedelta(seconds=(high - low) // _SECOND // 2)
            if _state(zone, middle) == state:
                low = middle
            else:
                high = middle
        new = _state(zone, high)
        found.append(_change(high, state, new))
        moment, state = high, new
    return found


def _changes_at(
    zone: ZoneInfo,
    points: list[datetime],
    start: datetime,
    end: datetime,
    fine_from: datetime | None = None,
) -> list[_Change]:
    """What `_changes` finds, given the instants at which the zone may change (`points`,
    from its TZif data: `calendar.tzif`): the same walk, step by step and then to the
    second, but the zone read at each point only once, and each run of steps that cannot
    see a change skipped at once. tests/test_vtimezone_tzif.py holds the two to the same
    changes for every zone."""
    states = [_state(zone, point) for point in points]
    first = _state(zone, start)

    def state_at(moment: datetime) -> tuple[timedelta, timedelta, str]:
        index = bisect_right(points, moment)
        return states[index - 1] if index else first

    found: list[_Change] = []
    moment, state = start, first
    while moment < end:
        step = _WEEK if fine_from is not None and moment < fine_from else _DAY
        # The first point after `moment` with another state: no step before it can differ.
        index = bisect_right(points, moment)
        while index < len(states) and states[index] == state:
            index += 1
        if index == len(states):
            return found  # every step to the end reads the same
        steps = -((moment - points[index]) // step)  # to the first step at or past it
        if fine_from is not None and moment < fine_from:
            steps = min(steps, -((moment - fine_from) // step))  # then day by day
        if moment + (steps - 1) * step >= end:
            return found
        if steps > 1:
            moment += (steps - 1) * step
            continue
        if state_at(moment + step) == state:
            moment += step
            continue
        high = _first_change(points, states, state, index, moment + step)
        if high is None:
            low, high = moment, moment + step
            while high - low > _SECOND:
                middle = low + timedelta(seconds=(high - low) // _SECOND // 2)
                if state_at(middle) == state:
                    low = middle
                else:
                    high = middle
        new = state_at(high)
        found.append(_change(high, state, new))
        moment, state = high, new
    return found


def _first_change(
    points: list[datetime],
    states: list[tuple[timedelta, timedelta, str]],
    state: tuple[timedelta, timedelta, str],
    index: int,
    end: datetime,
) -> datetime | None:
    """Where the bisection of `_changes_at` ends, without bisecting: `points[index]`, the
    first point with another state than `state`, when no later point up to `end` has
    `state` again. Then the state is `state` before that point and another from it to
    `end`, and the bisection (whole seconds: the points and the steps are) closes on it.
    None when the state comes back within the step: the bisection may close on another."""
    position = index + 1
    while position < len(points) and points[position] <= end:
        if states[position] == state:
            return None
        position += 1
    return points[index]


def _change(
    at: datetime,
    state: tuple[timedelta, timedelta, str],
    new: tuple[timedelta, timedelta, str],
) -> _Change:
    (before, dst_before, _), (after, dst_after, name) = state, new
    if after == before:
        daylight = dst_after > timedelta(0)
    else:
        # Forward into summer time; Dublin's negative DST counts (GMT -> IST).
        daylight = after > before and (dst_after != timedelta(0) or dst_before != timedelta(0))
    return _Change(at, before, after, name, daylight)


def vtimezone(
    tzid: str, first_year: int, last_year: int, *, history: int | None = None
) -> Component:
    """A VTIMEZONE for `tzid` that is right for every instant from `first_year` through
    `last_year`: yearly changes as RRULE observances (the last run without UNTIL, as the
    current rules), other changes as single observances. With `history` (a year before
    `first_year`) it also holds the zone's changes from then on, found week by week (so
    only an offset that lasted less than a week could be missed there): readers such as
    vobject judge a zone by its offsets over 2000-2020."""
    from icalendar import Timezone

    component = Timezone()
    component.add("TZID", tzid)
    for change, rule in _observances(tzid, first_year, last_year, history):
        component.add_component(_observance(change, rule))
    return component


def vtimezone_lines(
    tzid: str, first_year: int, last_year: int, *, history: int | None = None
) -> list[str]:
    """The content lines of `vtimezone(...)`, unfolded, written as text as icalendar
    writes them (`calendar.ics_values`); tests/test_vtimezone_tzif.py holds the two to the
    same lines."""
    from mentorlog.calendar.ics_text import escape

    lines = ["BEGIN:VTIMEZONE", f"TZID:{escape(tzid)}"]
    for change, rule in _observances(tzid, first_year, last_year, history):
        kind = "DAYLIGHT" if change.daylight else "STANDARD"
        onset = change.onset
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{onset.year:04d}{onset.month:02d}{onset.day:02d}T"
            f"{onset.hour:02d}{onset.minute:02d}{onset.second:02d}",
        ]
        if rule is not None:
            lines.append(f"RRULE:{ics_values.rule(rule) or _vrecur(rule)}")
        lines += [
            f"TZNAME:{escape(change.name)}",
            f"TZOFFSETFROM:{ics_values.utc_offset(change.before)}",
            f"TZOFFSETTO:{ics_values.utc_offset(change.after)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return lines


def _vrecur(rule: str) -> str:
    from icalendar import vRecur

    return str(vRecur.from_ical(rule).to_ical().decode("utf-8"))


def _observances(
    tzid: str, first_year: int, last_year: int, history: int | None
) -> list[tuple[_Change, str | None]]:
    """The VTIMEZONE's observances in order: each change that starts one, and its yearly
    rule (None for a single change)."""
    zone = get_zone(tzid)
    start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    fine_from: datetime | None = None
    if history is not None and history < first_year:
        start, fine_from = datetime(history - 1, 1, 1, tzinfo=UTC), start
        first_year = history
    end = datetime(min(last_year + 2, 9999), 1, 1, tzinfo=UTC)
    changes = zone_changes(zone, start, end, fine_from)
    observances: list[tuple[_Change, str | None]] = []
    if not changes or changes[0].at > datetime(first_year, 1, 1, tzinfo=UTC) - 2 * _DAY:
        offset, dst, name = _state(zone, start)
        observances.append((_Change(start, offset, offset, name, dst > timedelta(0)), None))
    groups: dict[tuple[timedelta, timedelta, str, bool], list[_Change]] = defaultdict(list)
    for change in changes:
        groups[(change.before, change.after, change.name, change.daylight)].append(change)
    final_year = end.year - 1
    for group in groups.values():
        for run in _runs(group):
            rule = _yearly_rule(run, final_year) if len(run) > 1 else None
            observances.append((run[0], rule))
            if rule is None:
                observances += [(c, None) for c in run[1:]]
    return sorted(observances, key=lambda pair: pair[0].onset)


def _observance(change: _Change, rule: str | None) -> Component:
    from icalendar import TimezoneDaylight, TimezoneStandard, vRecur

    observance = TimezoneDaylight() if change.daylight else TimezoneStandard()
    observance.add("DTSTART", change.onset)
    if rule is not None:
        observance.add("RRULE", vRecur.from_ical(rule))
    observance.add("TZNAME", change.name)
    observance.add("TZOFFSETFROM", change.before)
    observance.add("TZOFFSETTO", change.after)
    return observance


def _runs(changes: list[_Change]) -> list[list[_Change]]:
    """Changes split into runs that one yearly rule describes: one a year, in the same
    month, on the same weekday of the same week (or the last), at the same local time."""
    runs: list[list[_Change]] = []
    common: set[int] = set()  # the ordinals that fit every change of the last run
    for change in changes:
        fits = _ordinals([change])
        if runs and _follows(runs[-1][-1], change) and common & fits:
            runs[-1].append(change)
            common &= fits
        else:
            runs.append([change])
            common = fits
    return runs


def _follows(last: _Change, change: _Change) -> bool:
    a, b = last.onset, change.onset
    return (
        b.year == a.year + 1
        and b.month == a.month
        and b.weekday() == a.weekday()
        and b.time() == a.time()
    )


def _ordinals(run: Sequence[_Change]) -> set[int]:
    """The BYDAY ordinals (1..5, or -1 for the last) that fit every change of the run."""
    common: set[int] | None = None
    for change in run:
        day = change.onset
        fits = {(day.day - 1) // 7 + 1}
        if day.day + 7 > tzif.month_length(day.year, day.month):
            fits.add(-1)
        common = fits if common is None else common & fits
    return common or set()


def _yearly_rule(run: list[_Change], final_year: int) -> str:
    ordinals = _ordinals(run)
    ordinal = -1 if -1 in ordinals else min(ordinals)
    onset = run[0].onset
    rule = f"FREQ=YEARLY;BYMONTH={onset.month};BYDAY={ordinal}{RRULE_DAYS[onset.weekday()]}"
    if run[-1].onset.year < final_year:
        # A rule that stopped within the span ends with its last change. UNTIL must be UTC,
        # but some readers (dateutil's tzical, so icalendar) compare its digits with the
        # local onset: the later of the two readings includes the last change either way,
        # and the next would come a year later.
        last = run[-1]
        until = max(last.at.replace(tzinfo=None), last.onset)
        rule += f";UNTIL={until:%Y%m%dT%H%M%S}Z"
    return rule
