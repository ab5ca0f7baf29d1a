"""The occurrences of a meeting that are over and that nobody marked, found without building
the others: the dashboard's list of the calls of the last 30 days nobody marked (issue 17).

`over_unmarked(meeting, start, now)` is, by definition, the plain

    [o for o in occurrences(meeting, start, now, scheduled=True) if o.end_utc <= now]

(`tests/test_fast_paths.py` holds the two to the same answers). For a series worked out by
arithmetic (`calendar.stepped`) with no occurrence moved on its own, the usual one, each wall
time of the rule in the window is first told apart by its text (an exdate or a held mark
shuts it) and its instant (in the window, over by `now`), and only the occurrences left are
built; any other meeting is asked the plain way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentorlog.calendar.bounds import FIRST_WALL, LAST_WALL, MARGIN, aware_utc, wall_in, widened
from mentorlog.calendar.occurrence import Occurrence
from mentorlog.calendar.occurrences import _Schedule, occurrences
from mentorlog.calendar.stepped import SteppedRule
from mentorlog.model import Meeting, wall_text

__all__ = ["over_unmarked"]


def over_unmarked(meeting: Meeting, start: datetime, now: datetime) -> list[Occurrence]:
    """The meeting's occurrences starting in [start, now) that are over by `now` and neither
    held nor cancelled, by instant (a tie by key), as `occurrences` gives them."""
    low_utc, now_utc = aware_utc(start, "start"), aware_utc(now, "now")
    if now_utc <= low_utc or meeting.status == "cancelled":
        return []
    if meeting.rrule is None or meeting.overrides:
        return _plain(meeting, start, now_utc)
    schedule = _Schedule(meeting)
    rule = schedule.rule
    if not isinstance(rule, SteppedRule):
        return _plain(meeting, start, now_utc)
    zone = schedule.zone
    low = max(widened(wall_in(low_utc, zone), -MARGIN), FIRST_WALL)
    high = min(widened(wall_in(now_utc, zone), MARGIN), LAST_WALL)
    if low > high:
        return []
    shut = schedule.exdates.union(schedule.held)  # as `_Schedule.occurrence` gives a status
    length = timedelta(minutes=meeting.duration)
    found = []
    for wall in rule.between(low, high, inc=True):
        if wall_text(wall) in shut:
            continue
        begins = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
        # Its end is its start plus its length in UTC (`_end`); UNTIL is read by instant.
        if (
            low_utc <= begins < now_utc
            and begins + length <= now_utc
            and schedule.before_until(wall)
        ):
            found.append(schedule.occurrence(wall))
    found.sort(key=lambda o: (o.start_utc, o.key))
    return found


def _plain(meeting: Meeting, start: datetime, now_utc: datetime) -> list[Occurrence]:
    return [o for o in occurrences(meeting, start, now_utc, scheduled=True) if o.end_utc <= now_utc]
