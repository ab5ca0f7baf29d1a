"""The meeting schedule as an RFC 5545 calendar: what `mentorlog export ics` writes.

One VEVENT per meeting, in the meeting's own zone (`DTSTART;TZID=...` with its wall time),
its RRULE with UNTIL in UTC and an EXDATE for each cancelled occurrence, so a calendar app
expands exactly the occurrences `mentorlog meeting list` shows. The DESCRIPTION holds each
participant's local time and the talking points queued for them; meeting notes, saved
agendas, feedback and notes never go into the file. Each zone used gets a VTIMEZONE
(`calendar.vtimezone`); the components themselves are written by `calendar.ics_components`.

`build_calendar` is pure (records, options and `now` in, bytes out); `services.ics` reads
the records from the journal first. icalendar is imported only when a calendar is built, so
commands that never export do not load it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog import __version__, timeparse
from mentorlog.calendar import ics_plan, ics_text
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.ics_components import (
    Common,
    Me,
    Plan,
    goal_event,
    meeting_event,
    override_event,
    todo,
)
from mentorlog.calendar.ics_fold import fold_lines
from mentorlog.calendar.ics_usual import UsualWriter
from mentorlog.calendar.vtimezone import vtimezone, vtimezone_lines
from mentorlog.errors import InvalidInput
from mentorlog.timeparse.rules import read_rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from icalendar import Component

    from mentorlog.model import ActionItem, Goal, Meeting, Person, Topic

__all__ = [
    "INCLUDE_CHOICES",
    "PRODID",
    "CalendarSource",
    "IcsExport",
    "IcsRequest",
    "Me",
    "build_calendar",
    "parse_alarm",
    "parse_include",
    "read_window",
    "vtimezone",
]

PRODID = f"-//mentorlog//mentorlog {__version__}//EN"
INCLUDE_CHOICES = ("actions", "goals")
# How far ahead a series without an end is covered by the VTIMEZONEs' fallback observances
# (the yearly RRULE observances carry on by themselves).
YEARS_AHEAD = 10
# The VTIMEZONEs cover the zone's history from this year at least: vobject decides whether a
# zone has DST by comparing its offsets over 2000-2020, and with observances from only two
# years before the first meeting it read Europe/London, Dublin and Casablanca as fixed
# offsets and put every winter occurrence an hour off.
HISTORY_FROM = 1970
_NO_ALARM = frozenset({"0", "0m", "none", "off", "no"})
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)


# -- what to export ---------------------------------------------------------------------------


# The three classes below are plain classes, not dataclasses: building a dataclass when its
# module is imported costs about 4 M instructions, and an export of 1,000 records 400 M.


class IcsRequest:
    """The options of `export ics`, read: whose meetings, which window, what else, reminder."""

    __slots__ = ("alarm", "attendees", "end", "include", "person", "start")

    def __init__(
        self,
        person: str | None = None,  # a handle, as typed
        start: datetime | None = None,  # aware; meetings with an occurrence at or after it
        end: datetime | None = None,  # aware; ... and before it
        include: frozenset[str] = frozenset(),
        alarm: timedelta | None = timedelta(minutes=15),
        attendees: bool = False,  # ORGANIZER and ATTENDEE from email addresses
    ) -> None:
        self.person, self.start, self.end, self.include = person, start, end, include
        self.alarm, self.attendees = alarm, attendees


class CalendarSource:
    """The records a calendar is built from, already narrowed to one relationship if asked."""

    __slots__ = ("actions", "goals", "meetings", "people", "topics")

    def __init__(
        self,
        meetings: Sequence[Meeting],
        people: Sequence[Person] = (),
        topics: Sequence[Topic] = (),
        actions: Sequence[ActionItem] = (),
        goals: Sequence[Goal] = (),
    ) -> None:
        self.meetings, self.people, self.topics = meetings, people, topics
        self.actions, self.goals = actions, goals


class IcsExport:
    """The calendar's bytes (CRLF, folded) and what it holds."""

    __slots__ = ("actions", "data", "goals", "meetings", "recurring")

    def __init__(
        self, data: bytes, meetings: int, recurring: int, actions: int, goals: int
    ) -> None:
        self.data, self.meetings, self.recurring = data, meetings, recurring
        self.actions, self.goals = actions, goals

    def _fields(self) -> tuple[bytes, int, int, int, int]:
        return self.data, self.meetings, self.recurring, self.actions, self.goals

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IcsExport) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"IcsExport{self._fields()!r}"


def parse_include(values: Iterable[str]) -> frozenset[str]:
    """`--include actions,goals` (comma-separated or repeated) as a set of choices."""
    chosen: set[str] = set()
    for value in values:
        for part in value.split(","):
            word = part.strip().lower()
            if word not in INCLUDE_CHOICES:
                raise InvalidInput(
                    f"Cannot include {timeparse.quote(part.strip() or value)}; choose from "
                    f"{', '.join(INCLUDE_CHOICES)}, e.g. --include actions,goals."
                )
            chosen.add(word)
    return frozenset(chosen)


def parse_alarm(text: str) -> timedelta | None:
    """`--alarm`: how long before each meeting to remind; 0 or none for no reminder."""
    if text.strip().lower() in _NO_ALARM:
        return None
    return timeparse.parse_duration(text, what="reminder time")


def read_window(
    from_: str | None, to: str | None, *, now: datetime, zone: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """`--from` and `--to` in the user's zone: a day without a time starts at 00:00 and, for
    --to, runs through 23:59:59; a date without a year is the nearest such day."""
    start = _bound(from_, now, zone, time(0, 0), "start date") if from_ else None
    near = start or now  # 'Jan 31' after --from 'Dec 1' is the next Jan 31
    end = _bound(to, near, zone, time(23, 59, 59), "end date") + _SECOND if to else None
    if start is not None and end is not None and end <= start:
        raise InvalidInput(
            f"--to {timeparse.quote(to or '')} is not after --from "
            f"{timeparse.quote(from_ or '')}; give a later end date."
        )
    return start, end


def _bound(text: str, near: datetime, zone: ZoneInfo, default: time, what: str) -> datetime:
    """A window edge; a date without a year is the one nearest `near`, before or after."""
    read = [
        timeparse.parse_when(
            text, now=near, tz=zone, default_time=default, prefer=prefer, what=what
        ).astimezone(UTC)
        for prefer in ("future", "past")
    ]
    return min(read, key=lambda moment: abs(moment - near))


# -- building the calendar --------------------------------------------------------------------


def build_calendar(
    source: CalendarSource, request: IcsRequest, *, now: datetime, me: Me, fast: bool = True
) -> IcsExport:
    """The VCALENDAR for these records, as RFC 5545 bytes (CRLF line ends, folded lines).

    The events are written as text (`calendar.ics_text`), line for line what icalendar
    writes for the components `ics_components` builds; `fast=False` builds those components
    (the plain way, which tests/test_export_fast_paths.py holds the text to)."""
    plans = [
        plan
        for meeting in sorted(source.meetings, key=lambda m: m.id or 0)
        for plan in [_plan(meeting, request, now, fast=fast)]
        if plan is not None
    ]
    spans = sorted(_spans(plans, now).items())
    if fast:  # as icalendar writes the calendar and its VTIMEZONEs, without importing it
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ics_text.escape(PRODID)}"]
        lines += ["CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:mentorlog"]
        for tzid, (low, high) in spans:
            lines += vtimezone_lines(tzid, low, high, history=HISTORY_FROM)
        end = "END:VCALENDAR"
    else:
        from icalendar import Calendar

        cal = Calendar()
        cal.add("VERSION", "2.0")
        cal.add("PRODID", PRODID)
        cal.add("CALSCALE", "GREGORIAN")
        cal.add("METHOD", "PUBLISH")
        cal.add("X-WR-CALNAME", "mentorlog")
        for tzid, (low, high) in spans:
            cal.add_component(vtimezone(tzid, low, high, history=HISTORY_FROM))
        lines = [line for line in cal.content_lines(sorted=False) if line]
        end = lines.pop()  # END:VCALENDAR, after the events
    common = Common.of(
        source.people, source.topics, request.alarm, now, me, attendees=request.attendees
    )
    people = common.people
    todos = [a for a in source.actions if a.is_open and a.due]
    goals = [g for g in source.goals if g.is_open and g.due]
    if fast:
        lines += _event_lines(plans, todos, goals, common)
    else:
        stamp = common.values["DTSTAMP"]
        for plan in plans:
            lines += _lines(meeting_event(plan, common))
            for moved in _moved(plan.meeting):
                lines += _lines(override_event(plan, moved, common))
        for action in todos:
            lines += _lines(todo(action, people, stamp))
        for goal in goals:
            lines += _lines(goal_event(goal, people, stamp))
    lines.append(end)
    return IcsExport(
        data=fold_lines(lines),  # as cal.to_ical(sorted=False), folded the short way
        meetings=len(plans),
        recurring=sum(plan.meeting.recurring for plan in plans),
        actions=len(todos),
        goals=len(goals),
    )


def _event_lines(
    plans: list[Plan], todos: list[ActionItem], goals: list[Goal], common: Common
) -> list[str]:
    """The events' content lines written as text (`ics_text`); an event it leaves to the
    plain way (with attendees) is built as a component."""
    shared, people = ics_text.Shared.of(common), common.people
    # A meeting in a zone with a TZID is written in one pass (`ics_usual`) without attendees.
    usual = None if common.attendees else UsualWriter(common, shared).lines
    lines: list[str] = []
    for plan in plans:
        if usual is not None and not plan.utc:
            lines += usual(plan)
        else:
            written = ics_text.meeting_lines(plan, common, shared)
            lines += written or _lines(meeting_event(plan, common))
        for moved in _moved(plan.meeting):
            written = ics_text.override_lines(plan, moved, common, shared)
            lines += written or _lines(override_event(plan, moved, common))
    for action in todos:
        lines += ics_text.todo_lines(action, people, shared.stamp)
    for goal in goals:
        lines += ics_text.goal_lines(goal, people, shared.stamp)
    return lines


def _lines(component: Component) -> list[str]:
    """A component's content lines as icalendar writes them, unfolded."""
    return [str(line) for line in component.content_lines(sorted=False) if line]


def _spans(plans: list[Plan], now: datetime) -> dict[str, tuple[int, int]]:
    """The years each zone's VTIMEZONE covers: from the first meeting's to the last
    occurrence's (or some years ahead). The last occurrence of a bounded series is looked
    for only where it could reach past what the zone's other meetings already need."""
    spans: dict[str, tuple[int, int]] = {}
    bounded: list[Plan] = []
    for plan in plans:
        if plan.utc:
            continue
        low, high = spans.get(plan.meeting.tz, (plan.first.start.year, plan.first.start.year))
        last = _last_year_cheap(plan.meeting, plan.first, now)
        if last is None:
            bounded.append(plan)
            last = plan.first.start.year
        spans[plan.meeting.tz] = (min(low, plan.first.start.year), max(high, last))
    for plan in bounded:
        low, high = spans[plan.meeting.tz]
        if _ahead(plan.first, now) > high:
            spans[plan.meeting.tz] = (low, max(high, _last_year(plan.meeting, plan.first, now)))
    return spans


def _plan(meeting: Meeting, request: IcsRequest, now: datetime, *, fast: bool) -> Plan | None:
    """The meeting's dates, or None when it has no occurrence (in the window, if one); with
    `fast`, the first and next occurrence read the short way (`ics_plan`)."""
    try:
        zone = _zone(meeting.tz)
    except InvalidInput as exc:
        raise InvalidInput(
            f"Meeting {meeting.id} is in an unknown time zone {timeparse.quote(meeting.tz)}; "
            f"fix it with `mentorlog meeting edit {meeting.id} --tz ZONE`."
        ) from exc
    # DTSTART is the rule's first occurrence where the rule puts it, even when it was moved.
    first, schedule = (
        ics_plan.first_and_schedule(meeting) if fast else (occ.first_occurrence(meeting), None)
    )
    if first is None:
        return None  # a rule that yields nothing: calendars would still show DTSTART
    if request.start is not None or request.end is not None:
        inside = (
            first
            if request.start is None
            else occ.next_occurrence(meeting, request.start, include_cancelled=True)
        )
        if inside is None or (request.end is not None and inside.start_utc >= request.end):
            return None
    if first.start_utc >= now and not first.cancelled:
        upcoming: occ.Occurrence | None = first
    elif meeting.rrule is None:
        upcoming = None
    else:
        upcoming = ics_plan.next_after(meeting, now, schedule)
    return Plan(meeting, zone, first, upcoming)


def _moved(meeting: Meeting) -> list[occ.Occurrence]:
    """The occurrences of a series moved or changed on its own, not cancelled."""
    if meeting.rrule is None or not meeting.overrides or meeting.status == "cancelled":
        return []
    found = (occ.occurrence_at(meeting, occ.instant(meeting, o.start)) for o in meeting.overrides)
    return [o for o in found if o is not None and o.original is not None and not o.cancelled]


def _ahead(first: occ.Occurrence, now: datetime) -> int:
    return max(first.start.year, now.year) + YEARS_AHEAD


def _last_year_cheap(meeting: Meeting, first: occ.Occurrence, now: datetime) -> int | None:
    """`_last_year` where the rule's text tells it: a one-off's year, or some years ahead
    for a series without COUNT or UNTIL; None for a bounded series."""
    if meeting.rrule is None:
        return first.start.year
    if not _bounded(meeting.rrule):
        return _ahead(first, now)
    return None


# A journal's meetings share a few zones and rules: each is read once per export.
@functools.lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return timeparse.get_zone(name)  # an unknown zone raises each time (errors are not kept)


@functools.lru_cache(maxsize=4096)
def _bounded(rule: str) -> bool:
    """Whether the rule's text has a COUNT or an UNTIL."""
    return bool(set(read_rule(rule) or ()) & {"COUNT", "UNTIL"})


def _last_year(meeting: Meeting, first: occ.Occurrence, now: datetime) -> int:
    """The year of the meeting's last occurrence, or some years ahead if it has none."""
    cheap = _last_year_cheap(meeting, first, now)
    if cheap is not None:
        return cheap
    ahead = _ahead(first, now)
    cap = datetime(ahead + 1, 1, 1, tzinfo=UTC)
    last = occ.previous_occurrence(meeting, cap, include_cancelled=True)
    if last is None or last.start_utc < first.start_utc:
        return first.start.year
    return min(ahead, last.start.year)
