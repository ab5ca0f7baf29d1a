"""The meeting schedule as an RFC 5545 calendar: what `mentorlog export ics` writes.

One VEVENT per meeting, in the meeting's own zone (`DTSTART;TZID=...` with its wall time),
its RRULE with UNTIL in UTC and an EXDATE for each cancelled occurrence, so a calendar app
expands exactly the occurrences `mentorlog meeting list` shows. The DESCRIPTION holds each
participant's local time and the talking points queued for them; meeting notes, saved
agendas, feedback and notes never go into the file.

Each zone used gets a VTIMEZONE built here from zoneinfo rather than with icalendar's
`Timezone.from_tzid` (7.x): that one lists every change as an RDATE, which Outlook is
reported to misread (shifting events by an hour), and puts each spring-forward onset an hour
late. Ours writes each
run of yearly changes as one `RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..` observance, with
DTSTART in the offset before the change as RFC 5545 says, and falls back to plain
observances only for changes that follow no such rule.

`build_calendar` is pure (records, options and `now` in, bytes out); `export_calendar` reads
the records from the journal first. icalendar is imported only when a calendar is built, so
commands that never export do not load it.
"""

from __future__ import annotations

import calendar as gregorian
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from mentorlog import __version__, timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import ActionItem, Goal, Meeting, Person, Topic
from mentorlog.services import occurrences as occ
from mentorlog.services.actions import involved, topics_for
from mentorlog.services.meetings import list_meetings
from mentorlog.services.people import get_person, list_people, person_zone

if TYPE_CHECKING:
    from icalendar import Component

    from mentorlog.store import Journal

__all__ = [
    "INCLUDE_CHOICES",
    "PRODID",
    "CalendarSource",
    "IcsExport",
    "IcsRequest",
    "Me",
    "build_calendar",
    "export_calendar",
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
# Zones written as UTC ('...Z') instead of with a TZID, as RFC 5545 prefers.
_UTC_NAMES = frozenset(
    {"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"}
)
_NO_ALARM = frozenset({"0", "0m", "none", "off", "no"})
_DAY_ABBRS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters other than tab and newline are not allowed in iCalendar text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)


# -- what to export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IcsRequest:
    """The options of `export ics`, read: whose meetings, which window, what else, reminder."""

    person: str | None = None  # a handle, as typed
    start: datetime | None = None  # aware; meetings with an occurrence at or after it
    end: datetime | None = None  # aware; ... and before it
    include: frozenset[str] = frozenset()
    alarm: timedelta | None = timedelta(minutes=15)


@dataclass(frozen=True)
class Me:
    """The user, for the "on each clock" lines: a name (may be empty) and a zone."""

    name: str
    zone: ZoneInfo


@dataclass(frozen=True)
class CalendarSource:
    """The records a calendar is built from, already narrowed to one relationship if asked."""

    meetings: Sequence[Meeting]
    people: Sequence[Person] = ()
    topics: Sequence[Topic] = ()
    actions: Sequence[ActionItem] = ()
    goals: Sequence[Goal] = ()


@dataclass(frozen=True)
class IcsExport:
    """The calendar's bytes (CRLF, folded) and what it holds."""

    data: bytes
    meetings: int
    recurring: int
    actions: int
    goals: int


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


def export_calendar(journal: Journal, request: IcsRequest, *, now: datetime, me: Me) -> IcsExport:
    """The calendar for `request`, read from the journal: meetings (with `request.person`
    only, if given) and, if asked, open dated actions and active dated goals of that
    relationship."""
    handle = get_person(journal, request.person).handle if request.person else None
    meetings = [m for m in list_meetings(journal) if handle is None or handle in m.people]
    actions: list[ActionItem] = []
    if "actions" in request.include:
        actions = [
            action
            for record in journal.all("actions")
            for action in [ActionItem.from_record(record)]
            if action.is_open and action.due is not None
            if handle is None or handle in involved(journal, action)
        ]
    goals: list[Goal] = []
    if "goals" in request.include:
        goals = [
            goal
            for record in journal.all("goals")
            for goal in [Goal.from_record(record)]
            if goal.is_open and goal.due is not None and (handle is None or goal.person == handle)
        ]
    wanted = {h for m in meetings for h in m.people}
    source = CalendarSource(
        meetings=meetings,
        people=list_people(journal, include_archived=True),
        topics=topics_for(journal, wanted),
        actions=actions,
        goals=goals,
    )
    return build_calendar(source, request, now=now, me=me)


# -- building the calendar --------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A meeting chosen for export, with what its VEVENT needs to know about its dates."""

    meeting: Meeting
    zone: ZoneInfo
    first: occ.Occurrence  # the first occurrence: the event's DTSTART
    upcoming: occ.Occurrence | None  # the next one not cancelled, for the description
    last_year: int  # the year of the last occurrence, or a few years ahead if unbounded

    @property
    def utc(self) -> bool:
        return _is_utc(self.meeting.tz)


def build_calendar(
    source: CalendarSource, request: IcsRequest, *, now: datetime, me: Me
) -> IcsExport:
    """The VCALENDAR for these records, as RFC 5545 bytes (CRLF line ends, folded lines)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("X-WR-CALNAME", "mentorlog")
    plans = [
        plan
        for meeting in sorted(source.meetings, key=lambda m: m.id or 0)
        for plan in [_plan(meeting, request, now)]
        if plan is not None
    ]
    spans: dict[str, tuple[int, int]] = {}
    for plan in plans:
        if not plan.utc:
            low, high = spans.get(plan.meeting.tz, (plan.first.start.year, plan.last_year))
            spans[plan.meeting.tz] = (
                min(low, plan.first.start.year),
                max(high, plan.last_year),
            )
    for tzid in sorted(spans):
        cal.add_component(vtimezone(tzid, *spans[tzid]))
    common = _Common.of(source, request, now, me)
    for plan in plans:
        cal.add_component(_event(plan, common))
    people, stamp = common.people, common.values["DTSTAMP"]
    todos = [_todo(a, people, stamp) for a in source.actions if a.is_open and a.due]
    goal_events = [_goal_event(g, people, stamp) for g in source.goals if g.is_open and g.due]
    for component in (*todos, *goal_events):
        cal.add_component(component)
    return IcsExport(
        data=cal.to_ical(sorted=False),
        meetings=len(plans),
        recurring=sum(plan.meeting.recurring for plan in plans),
        actions=len(todos),
        goals=len(goal_events),
    )


def _plan(meeting: Meeting, request: IcsRequest, now: datetime) -> _Plan | None:
    """The meeting's dates, or None when it has no occurrence (in the window, if one)."""
    try:
        zone = timeparse.get_zone(meeting.tz)
    except InvalidInput as exc:
        raise InvalidInput(
            f"Meeting {meeting.id} is in an unknown time zone {timeparse.quote(meeting.tz)}; "
            f"fix it with `mentorlog meeting edit {meeting.id} --tz ZONE`."
        ) from exc
    anchor = occ.instant(meeting, meeting.start) - 2 * _DAY
    first = occ.next_occurrence(meeting, anchor, include_cancelled=True)
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
        upcoming = occ.next_occurrence(meeting, now)
    return _Plan(meeting, zone, first, upcoming, _last_year(meeting, first, now))


def _last_year(meeting: Meeting, first: occ.Occurrence, now: datetime) -> int:
    ahead = max(first.start.year, now.year) + YEARS_AHEAD
    if meeting.rrule is None:
        return first.start.year
    parts = occ._rule_parts(meeting.rrule) or {}
    if "COUNT" not in parts and "UNTIL" not in parts:
        return ahead
    cap = datetime(ahead + 1, 1, 1, tzinfo=UTC)
    found = occ.occurrences(meeting, first.start_utc, cap)
    return min(ahead, found[-1].start.year) if found else first.start.year


def _is_utc(tz: str) -> bool:
    return tz.rsplit("/", 1)[-1] in _UTC_NAMES and tz.split("/")[0] in ("Etc", tz)


def _text(value: str) -> str:
    """User text made safe for an iCalendar TEXT value (icalendar escapes the rest)."""
    flat = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", flat)


def _add_walls(component: Component, name: str, walls: list[datetime], plan: _Plan) -> None:
    """DTSTART, DTEND or EXDATE from wall times in the meeting's zone: with its TZID (given
    explicitly: icalendar would swap some names for an equivalent zone's), or as UTC ('Z')
    for a meeting kept in UTC."""
    if plan.utc:
        instants: Any = [wall.replace(tzinfo=UTC) for wall in walls]
        component.add(name, instants if len(instants) > 1 else instants[0])
        return
    value = walls if len(walls) > 1 else walls[0]
    component.add(name, value, parameters={"TZID": plan.meeting.tz})


@dataclass(frozen=True)
class _Common:
    """What every event of one export shares, with the values all events say alike encoded
    once (icalendar's encoding is most of the cost of a large export)."""

    people: dict[str, Person]
    topics: dict[str, list[Topic]]
    alarm: timedelta | None
    now: datetime
    me: Me
    values: dict[str, Any]

    @classmethod
    def of(cls, source: CalendarSource, request: IcsRequest, now: datetime, me: Me) -> _Common:
        from icalendar import vCategory, vDDDTypes, vDuration, vText

        topics: dict[str, list[Topic]] = defaultdict(list)
        for topic in source.topics:
            if topic.is_open:
                topics[topic.person].append(topic)
        values = {
            "DTSTAMP": vDDDTypes(now.astimezone(UTC).replace(microsecond=0)),
            "CATEGORIES": vCategory(["mentorlog", "meeting"]),
            "CONFIRMED": vText("CONFIRMED"),
            "CANCELLED": vText("CANCELLED"),
            "DISPLAY": vText("DISPLAY"),
        }
        if request.alarm is not None:
            values["TRIGGER"] = vDuration(-request.alarm)
        people = {p.handle: p for p in source.people}
        return cls(people, dict(topics), request.alarm, now, me, values)


def _event(plan: _Plan, common: _Common) -> Component:
    from icalendar import Alarm, Event

    meeting = plan.meeting
    shared = common.values
    event = Event()
    event.add("UID", meeting.uid or f"mentorlog-meeting-{meeting.id}")
    event.add("DTSTAMP", shared["DTSTAMP"])
    # The occurrence's own wall time (in a spring-forward gap it is not the clock reading of
    # its instant, and RFC 5545 reads it with the offset before the gap, as mentorlog does).
    _add_walls(event, "DTSTART", [plan.first.start.replace(tzinfo=None)], plan)
    end = plan.first.end
    if plan.utc or _reads_back(end, plan.zone):
        _add_walls(event, "DTEND", [end.astimezone(plan.zone).replace(tzinfo=None)], plan)
    else:
        # The end falls in the second run of a repeated hour, which a wall time with a TZID
        # cannot name (it means the first): say the instant in UTC, as RFC 5545 allows.
        event.add("DTEND", end.astimezone(UTC))
    if meeting.rrule is not None:
        event.add("RRULE", _rrule(meeting, plan.zone))
        exdates = sorted(set(meeting.exdates))  # wall times the rule makes, as stored
        if exdates:
            _add_walls(event, "EXDATE", exdates, plan)
    event.add("SEQUENCE", meeting.sequence)
    event.add("SUMMARY", _text(meeting.title))
    if meeting.link:
        event.add("LOCATION", _text(meeting.link))
        event.add("URL", meeting.link)
    cancelled = meeting.status == "cancelled"
    event.add("STATUS", shared["CANCELLED" if cancelled else "CONFIRMED"])
    event.add("CATEGORIES", shared["CATEGORIES"])
    event.add("DESCRIPTION", _description(plan, common))
    modified = _instant(meeting.updated)
    if modified is not None:
        event.add("LAST-MODIFIED", modified)
    if common.alarm is not None and not cancelled:
        reminder = Alarm()
        reminder.add("ACTION", shared["DISPLAY"])
        reminder.add("DESCRIPTION", _text(meeting.title))
        reminder.add("TRIGGER", shared["TRIGGER"])
        event.add_component(reminder)
    return event


def _reads_back(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment`'s wall time in `zone`, read as RFC 5545 reads it, is `moment`."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC) == moment.astimezone(UTC)


def _rrule(meeting: Meeting, zone: ZoneInfo) -> Any:
    """The stored rule, with UNTIL as a UTC instant (RFC 5545 requires it when DTSTART has a
    TZID); a floating or date UNTIL is read in the meeting's zone, as mentorlog reads it."""
    from icalendar import vRecur

    text = meeting.rrule or ""
    parts = occ._rule_parts(text)
    if parts is None:
        raise _bad_rule(meeting)
    until = parts.get("UNTIL")
    if until is not None:
        moment = occ._read_until(until)
        if moment is None:
            raise _bad_rule(meeting)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone, fold=0)
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:  # the end of 9999 behind UTC: the last UTC second says the same
            moment = datetime.max.replace(tzinfo=UTC)
        parts["UNTIL"] = moment.strftime("%Y%m%dT%H%M%SZ")
    try:
        return vRecur.from_ical(";".join(f"{key}={value}" for key, value in parts.items()))
    except ValueError as exc:
        raise _bad_rule(meeting) from exc


def _bad_rule(meeting: Meeting) -> InvalidInput:
    return InvalidInput(
        f"Meeting {meeting.id} has a recurrence that cannot be exported "
        f"({timeparse.quote(meeting.rrule or '')}); fix it with `mentorlog meeting edit "
        f"{meeting.id} --every weekly`."
    )


def _instant(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC).replace(microsecond=0) if moment is not None else None


# -- the description --------------------------------------------------------------------------


def _description(plan: _Plan, common: _Common) -> str:
    """Each participant's local time (of the next occurrence of a series, else the first)
    and, for a meeting still to come, the talking points queued for its people."""
    meeting, people, now = plan.meeting, common.people, common.now
    lines: list[str] = []
    shown = plan.upcoming or plan.first
    if meeting.recurring:
        schedule = occ.describe(meeting)
        lines.append(schedule[:1].upper() + schedule[1:] + ".")
        which = "Next" if plan.upcoming else "First"
        lines.append(
            f"{which} meeting on each clock (later ones follow each zone's daylight saving):"
        )
    else:
        lines.append("On each clock:")
    clocks = [(common.me.name or "You", common.me.zone)]
    clocks += [(people[h].name, person_zone(people[h])) for h in meeting.people if h in people]
    lines += [
        f"- {_text(name)} ({zone.key}): {_clock(shown.start, zone, now)}" for name, zone in clocks
    ]
    if meeting.channel:
        lines.append(f"Channel: {meeting.channel}")
    if meeting.link:
        lines.append(f"Link: {_text(meeting.link)}")
    points = [t for h in meeting.people for t in common.topics.get(h, [])]
    if points and plan.upcoming is not None:
        lines.append("Talking points:")
        lines += [f"- {_text(' '.join(t.text.split()))}" for t in points]
    return "\n".join(lines)


def _clock(moment: datetime, zone: ZoneInfo, now: datetime) -> str:
    """'Tue 24 Nov 17:00' on that zone's clock, with the year when it is not this year's."""
    local = moment.astimezone(zone)
    year = "" if local.year == now.year else f" {local.year}"
    return (
        f"{_DAY_ABBRS[local.weekday()]} {local.day} {_MONTH_ABBRS[local.month - 1]}{year} "
        f"{local.hour:02d}:{local.minute:02d}"
    )


# -- action items and goals -------------------------------------------------------------------


def _todo(action: ActionItem, people: dict[str, Person], stamp: Any) -> Component:
    from icalendar import Todo

    todo = Todo()
    todo.add("UID", action.uid or f"mentorlog-action-{action.id}")
    todo.add("DTSTAMP", stamp)
    owner = people.get(action.owner)
    summary = (
        action.text if action.owner == "me" else f"{_name(owner, action.owner)}: {action.text}"
    )
    todo.add("SUMMARY", _text(summary))
    assert action.due is not None
    todo.add("DUE", action.due)
    todo.add("STATUS", "NEEDS-ACTION")
    todo.add("CATEGORIES", ["mentorlog", "action"])
    if action.person and action.person != action.owner:
        todo.add("DESCRIPTION", f"With {_text(_name(people.get(action.person), action.person))}")
    return todo


def _goal_event(goal: Goal, people: dict[str, Person], stamp: Any) -> Component:
    from icalendar import Event

    assert goal.due is not None
    event = Event()
    event.add("UID", f"{goal.uid or f'mentorlog-goal-{goal.id}'}-due")
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", goal.due)
    event.add("DTEND", goal.due + _DAY)
    event.add("SUMMARY", _text(f"Goal due: {goal.title}"))
    event.add("TRANSP", "TRANSPARENT")
    event.add("CATEGORIES", ["mentorlog", "goal"])
    about = f"Progress: {goal.progress}%."
    if goal.person:
        about += f"\nWith {_text(_name(people.get(goal.person), goal.person))}."
    event.add("DESCRIPTION", about)
    return event


def _name(person: Person | None, handle: str) -> str:
    return person.name if person is not None else handle


# -- VTIMEZONE --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    """One change of a zone's offset or name: the instant, and the clocks either side."""

    at: datetime  # UTC
    before: timedelta
    after: timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> datetime:
        """The change's local time on the clock before it, as VTIMEZONE's DTSTART wants."""
        return (self.at + self.before).replace(tzinfo=None)


def _state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta, str]:
    local = moment.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or ""


def _changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[_Change]:
    """The zone's changes between two UTC instants, found day by day then to the second."""
    found: list[_Change] = []
    moment, state = start, _state(zone, start)
    while moment < end:
        step = moment + _DAY
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
        (before, dst_before, _), (after, dst_after, name) = state, new
        if after == before:
            daylight = dst_after > timedelta(0)
        else:
            # Forward into summer time; Dublin's negative DST counts (GMT -> IST).
            daylight = after > before and (dst_after != timedelta(0) or dst_before != timedelta(0))
        found.append(_Change(high, before, after, name, daylight))
        moment, state = high, new
    return found


def vtimezone(tzid: str, first_year: int, last_year: int) -> Component:
    """A VTIMEZONE for `tzid` that is right for every instant from `first_year` through
    `last_year`: yearly changes as RRULE observances (the last run without UNTIL, as the
    current rules), other changes as single observances."""
    from icalendar import Timezone

    zone = timeparse.get_zone(tzid)
    start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    end = datetime(min(last_year + 2, 9999), 1, 1, tzinfo=UTC)
    changes = _changes(zone, start, end)
    component = Timezone()
    component.add("TZID", tzid)
    observances: list[tuple[datetime, Component]] = []
    if not changes or changes[0].at > datetime(first_year, 1, 1, tzinfo=UTC) - 2 * _DAY:
        offset, dst, name = _state(zone, start)
        initial = _Change(start, offset, offset, name, dst > timedelta(0))
        observances.append((initial.onset, _observance(initial, None)))
    groups: dict[tuple[timedelta, timedelta, str, bool], list[_Change]] = defaultdict(list)
    for change in changes:
        groups[(change.before, change.after, change.name, change.daylight)].append(change)
    final_year = end.year - 1
    for group in groups.values():
        for run in _runs(group):
            rule = _yearly_rule(run, final_year) if len(run) > 1 else None
            observances.append((run[0].onset, _observance(run[0], rule)))
            if rule is None:
                observances += [(c.onset, _observance(c, None)) for c in run[1:]]
    for _, observance in sorted(observances, key=lambda pair: pair[0]):
        component.add_component(observance)
    return component


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
    for change in changes:
        if runs and _follows(runs[-1][-1], change) and _ordinals([*runs[-1], change]):
            runs[-1].append(change)
        else:
            runs.append([change])
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
        day = change.onset.date()
        fits = {(day.day - 1) // 7 + 1}
        if day.day + 7 > gregorian.monthrange(day.year, day.month)[1]:
            fits.add(-1)
        common = fits if common is None else common & fits
    return common or set()


def _yearly_rule(run: list[_Change], final_year: int) -> str:
    ordinals = _ordinals(run)
    ordinal = -1 if -1 in ordinals else min(ordinals)
    onset = run[0].onset
    rule = f"FREQ=YEARLY;BYMONTH={onset.month};BYDAY={ordinal}{_RRULE_DAYS[onset.weekday()]}"
    if run[-1].onset.year < final_year:
        # A rule that stopped within the span ends with its last change. UNTIL must be UTC,
        # but some readers (dateutil's tzical, so icalendar) compare its digits with the
        # local onset: the later of the two readings includes the last change either way,
        # and the next would come a year later.
        last = run[-1]
        until = max(last.at.replace(tzinfo=None), last.onset)
        rule += f";UNTIL={until:%Y%m%dT%H%M%S}Z"
    return rule
