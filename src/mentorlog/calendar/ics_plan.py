"""The dates an exported meeting needs, the short way: its first occurrence and the next.

`export ics` asks every meeting for its first occurrence (the event's DTSTART) and, for a
series begun before now, the next one (for the description). The plain way
(`occurrences.first_occurrence`, then `next_occurrence`) builds a schedule for each
question and, for the first, walks the rule from two days before its start and then builds
every occurrence of a window around it, in case a clock change put another one earlier.

A rule worked out by arithmetic (`calendar.stepped`) starts at the meeting's start: that is
its first wall time. A later wall time reads as an earlier instant only across a clock
change longer than the step between them, so only the next one could, and only for a step
of two days or less (a zone's offsets span 26 hours): that one is checked. So the first
occurrence is the start's, read once, where the start is before the rule's end and the
next wall time is a later instant; and the next occurrence is asked of the same schedule
(for a step of a week or more, the first that starts at or after `now` and is not cancelled,
without the plain way's second look around it for a clock change, which finds nothing).
A one-off's only occurrence is made as its schedule makes it, without building the
schedule. Everything else takes the plain way. tests/test_ics_plan.py holds the two to the
same occurrences (hypothesis: zones with gaps, repeated hours and Samoa's lost day, every
kind of rule, COUNT and UNTIL, exdates, moves, cancelled series).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.bounds import FIRST_WALL, LAST_WALL, MARGIN, wall_in, widened
from mentorlog.calendar.stepped import SteppedRule
from mentorlog.model import Meeting, wall_text

__all__ = ["first_and_schedule", "next_after"]

# Starts this close to the ends of time take the plain way, which knows where to stop.
_EDGE = 8 * MARGIN
# Steps longer than this put the next wall time a later instant whatever the clocks do
# (a zone's offsets span 26 hours, from -12:00 to +14:00): only shorter ones are checked.
_FAR = timedelta(days=2)
# Steps this long or longer put every later wall time past the plain way's second look.
_WEEK = timedelta(days=7)


def first_and_schedule(
    meeting: Meeting,
) -> tuple[occ.Occurrence | None, occ._Schedule | None]:
    """`occurrences.first_occurrence(meeting)`, and the schedule it was read from when it
    was read the short way (for `next_after`), else None."""
    start = meeting.start if meeting.start.tzinfo is None else meeting.start.replace(tzinfo=None)
    if meeting.rrule is None and not meeting.overrides and FIRST_WALL <= start <= LAST_WALL:
        return _one_off(meeting, start), None
    if (
        meeting.rrule is None
        or meeting.overrides
        or start.microsecond
        or not FIRST_WALL + _EDGE <= start <= LAST_WALL - _EDGE
    ):
        return occ.first_occurrence(meeting), None
    schedule = occ._Schedule(meeting)
    rule = schedule.rule
    if not isinstance(rule, SteppedRule) or rule.last < 0 or not schedule.kept(start):
        return occ.first_occurrence(meeting), None
    first = schedule.occurrence(start)
    if rule.last >= 1 and not rule.months and rule.step <= _FAR:
        second = schedule.instant(rule.at(1)).astimezone(UTC)
        if second <= first.start_utc:  # a clock change as long as a step: ask the plain way
            return occ.first_occurrence(meeting), None
    return first, schedule


def _one_off(meeting: Meeting, start: datetime) -> occ.Occurrence:
    """A one-off's only occurrence, as its schedule makes it (`_Schedule.occurrence`)."""
    zone = occ.meeting_zone(meeting)
    at = _aware(start, zone)
    rating = None
    if meeting.status == "held":
        held = (
            {entry.start: entry for entry in meeting.held}.get(wall_text(start))
            if meeting.held  # an export reads its meetings without them
            else None
        )
        rating = meeting.rating if held is None or held.rating is None else held.rating
    end = (at.astimezone(UTC) + timedelta(minutes=meeting.duration)).astimezone(zone)
    return occ.Occurrence(meeting, at, end, meeting.status, rating)


def _aware(wall: datetime, zone: ZoneInfo) -> datetime:
    """`wall.replace(tzinfo=zone, fold=0)` for a naive wall time, built rather than
    replaced (`datetime.replace` parses its keywords: four times the constructor's cost)."""
    return datetime(
        wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.microsecond, zone
    )


# Every series of an export is asked from the same `now`: the wall time to look from is
# worked out once a zone.
@functools.lru_cache(maxsize=256)
def _lowest(after: datetime, zone: ZoneInfo) -> datetime:
    """Where `schedule.walls_from` starts for the next occurrence after `after`."""
    return max(widened(wall_in(after, zone), -MARGIN), FIRST_WALL)


def next_after(
    meeting: Meeting, now: datetime, schedule: occ._Schedule | None
) -> occ.Occurrence | None:
    """`occurrences.next_occurrence(meeting, now)`, asked of the schedule `first_and_schedule`
    read (a series without moved occurrences), or the plain way without one."""
    if schedule is None:
        return occ.next_occurrence(meeting, now)
    if meeting.status == "cancelled":
        return None
    after = now.astimezone(UTC)
    rule = schedule.rule
    if isinstance(rule, SteppedRule) and (rule.months or rule.step >= _WEEK):
        # The plain way takes the first wall time from two days before `now` whose
        # occurrence is not cancelled and starts at or after it, then looks again at what
        # starts within two days of it, in case a clock change put a later wall time at an
        # earlier instant. A week or more on, a wall time reads as an instant more than
        # 5 days later (a zone's offsets span 26 hours): there is nothing to look again at.
        # As `schedule.walls_from` and `occurrence` would (a schedule from
        # `first_and_schedule` has no moved occurrences), but only the one found is built:
        # a wall time past UNTIL or before `now` is passed by, and one cancelled on its own.
        zone, until, exdates = schedule.zone, schedule.until_utc, schedule.exdates
        for wall in rule.xafter(_lowest(after, zone), inc=True):
            if wall > LAST_WALL:
                return None
            at = _aware(wall, zone).astimezone(UTC)
            if (until is None or at <= until) and at >= after and wall_text(wall) not in exdates:
                return schedule.occurrence(wall)
        return None
    return occ._next_in_rule(schedule, after, False)
