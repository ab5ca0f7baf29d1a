"""The components of an exported calendar: a meeting's VEVENT (its dates in its own zone,
RRULE, EXDATEs, description and reminder), an action item's VTODO and a goal's all-day due
date. icalendar is imported only when a component is built.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mentorlog.cached import cached
from mentorlog.calendar.describe import describe
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import known_zone, quote
from mentorlog.timeparse.rules import read_rule, until_instant, until_text
from mentorlog.timeparse.text import MONTH_ABBRS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from icalendar import Component

    from mentorlog.model import ActionItem, Goal, Meeting, Person, Topic

__all__ = [
    "Common",
    "Me",
    "Plan",
    "goal_event",
    "is_utc",
    "meeting_event",
    "override_event",
    "text_value",
    "todo",
]

# Zones written as UTC ('...Z') instead of with a TZID, as RFC 5545 prefers.
_UTC_NAMES = frozenset(
    {"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"}
)
_DAY_ABBRS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Control characters other than tab and newline are not allowed in iCalendar text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DAY = timedelta(days=1)


# Me, Plan and Common are plain classes, not dataclasses: building a dataclass when its
# module is imported costs about 4 M instructions, and an export of 1,000 records 400 M.


class Me:
    """The user, for the "on each clock" lines: a name (may be empty) and a zone; and an
    email address (may be empty), the ORGANIZER when attendees are exported."""

    __slots__ = ("email", "name", "zone")

    def __init__(self, name: str, zone: ZoneInfo, email: str = "") -> None:
        self.name, self.zone, self.email = name, zone, email


class Plan:
    """A meeting chosen for export, with what its VEVENT needs to know about its dates."""

    def __init__(
        self,
        meeting: Meeting,
        zone: ZoneInfo,
        first: Occurrence,  # the first occurrence: the event's DTSTART
        upcoming: Occurrence | None,  # the next one not cancelled, for the description
    ) -> None:
        self.meeting, self.zone, self.first, self.upcoming = meeting, zone, first, upcoming
        self.utc = is_utc(meeting.tz)  # asked of every plan, twice


@functools.lru_cache(maxsize=256)
def is_utc(tz: str) -> bool:
    """Whether a zone is UTC by another name, written as UTC instants rather than a TZID."""
    return tz.rsplit("/", 1)[-1] in _UTC_NAMES and tz.split("/")[0] in ("Etc", tz)


@functools.cache
def _text_type() -> type[Any]:
    """icalendar's TEXT value, escaped as RFC 5545 says (`ics_values.text`): icalendar's
    writer takes a backslash before an N for a line break, and so changes such text."""
    from icalendar import vText

    from mentorlog.calendar import ics_values

    class Text(vText):
        def to_ical(self) -> bytes:
            return ics_values.text(str(self)).encode("utf-8")

    return Text


def text_value(text: str) -> Any:
    """A TEXT property's value (SUMMARY, DESCRIPTION, LOCATION, UID, RELATED-TO)."""
    return _text_type()(text)


def _text(value: str) -> str:
    """User text made safe for an iCalendar TEXT value (`_value` escapes the rest)."""
    if value.isprintable():  # no control character, no line break: nothing to change
        return value
    flat = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", flat)


def _add_walls(component: Component, name: str, walls: list[datetime], plan: Plan) -> None:
    """DTSTART, DTEND or EXDATE from wall times in the meeting's zone: with its TZID (given
    explicitly: icalendar would swap some names for an equivalent zone's), or as UTC ('Z')
    for a meeting kept in UTC."""
    if plan.utc:
        instants: Any = [wall.replace(tzinfo=UTC) for wall in walls]
        component.add(name, instants if len(instants) > 1 else instants[0])
        return
    value = walls if len(walls) > 1 else walls[0]
    component.add(name, value, parameters={"TZID": plan.meeting.tz})


class Common:
    """What every event of one export shares, with the values all events say alike encoded
    once (icalendar's encoding is most of the cost of a large export)."""

    def __init__(
        self,
        people: dict[str, Person],
        topics: dict[str, list[Topic]],
        alarm: timedelta | None,
        now: datetime,
        me: Me,
        attendees: bool = False,  # ORGANIZER and ATTENDEEs from the email addresses known
    ) -> None:
        self.people, self.topics, self.alarm, self.now = people, topics, alarm, now
        self.me, self.attendees = me, attendees
        self._clocks: dict[str | None, tuple[str, ZoneInfo]] = {}

    def clock_of(self, handle: str | None) -> tuple[str, ZoneInfo]:
        """A description's clock line up to the time ('- Alice (Asia/Tokyo): '), and the
        zone, for a person known by `handle` (None: you); worked out once a person (an
        unknown zone is refused, with its sentence, when first asked)."""
        found = self._clocks.get(handle)
        if found is None:
            if handle is None:
                name, zone = self.me.name or "You", self.me.zone
            else:
                person = self.people[handle]
                name, zone = person.name, _person_zone(person)
            found = self._clocks[handle] = (f"- {_text(name)} ({zone.key}): ", zone)
        return found

    @classmethod
    def of(
        cls,
        people: Sequence[Person],
        topics_given: Sequence[Topic],
        alarm: timedelta | None,
        now: datetime,
        me: Me,
        *,
        attendees: bool = False,
    ) -> Common:
        topics: dict[str, list[Topic]] = defaultdict(list)
        for topic in topics_given:
            if topic.is_open:
                topics[topic.person].append(topic)
        by_handle = {p.handle: p for p in people}
        return cls(by_handle, dict(topics), alarm, now, me, attendees)

    @cached
    def values(self) -> dict[str, Any]:
        """The icalendar values every component says alike, made when a component is
        first built (the events written as text never import icalendar for them)."""
        from icalendar import vCategory, vDDDTypes, vDuration, vText

        values = {
            "DTSTAMP": vDDDTypes(self.now.astimezone(UTC).replace(microsecond=0)),
            "CATEGORIES": vCategory(["mentorlog", "meeting"]),
            "CONFIRMED": vText("CONFIRMED"),
            "CANCELLED": vText("CANCELLED"),
            "DISPLAY": vText("DISPLAY"),
        }
        if self.alarm is not None:
            values["TRIGGER"] = vDuration(-self.alarm)
        return values


def meeting_event(plan: Plan, common: Common) -> Component:
    """The meeting's VEVENT: its dates in its own zone, rule, exdates, text and reminder."""
    from icalendar import Alarm, Event

    meeting = plan.meeting
    shared = common.values
    event = Event()
    event.add("UID", text_value(meeting.uid or f"mentorlog-meeting-{meeting.id}"))
    event.add("DTSTAMP", shared["DTSTAMP"])
    # The occurrence's own wall time (in a spring-forward gap it is not the clock reading of
    # its instant, and RFC 5545 reads it with the offset before the gap, as mentorlog does).
    _add_walls(event, "DTSTART", [plan.first.start.replace(tzinfo=None)], plan)
    _add_end(event, plan, plan.first.start, plan.first.end)
    if meeting.rrule is not None:
        event.add("RRULE", _rrule(meeting, plan.zone))
        exdates = sorted(set(meeting.exdates))  # wall times the rule makes, as stored
        if exdates:
            _add_walls(event, "EXDATE", exdates, plan)
    event.add("SEQUENCE", meeting.sequence)
    if meeting.follows:  # the series this one continues, after an edit from an occurrence on
        event.add("RELATED-TO", text_value(meeting.follows))
    event.add("SUMMARY", text_value(_text(meeting.title)))
    _add_place(event, meeting)
    _add_attendees(event, meeting, common)
    cancelled = meeting.status == "cancelled"
    event.add("STATUS", shared["CANCELLED" if cancelled else "CONFIRMED"])
    event.add("CATEGORIES", shared["CATEGORIES"])
    event.add("DESCRIPTION", text_value(_description(plan, common)))
    modified = _instant(meeting.updated)
    if modified is not None:
        event.add("LAST-MODIFIED", modified)
    if common.alarm is not None and not cancelled:
        reminder = Alarm()
        reminder.add("ACTION", shared["DISPLAY"])
        reminder.add("DESCRIPTION", text_value(_text(meeting.title)))
        reminder.add("TRIGGER", shared["TRIGGER"])
        event.add_component(reminder)
    return event


def override_event(plan: Plan, moved: Occurrence, common: Common) -> Component:
    """One occurrence of a series moved or changed on its own: a VEVENT with the series'
    UID and a RECURRENCE-ID naming the occurrence's time in the rule, as calendar apps
    write "this event only"."""
    from icalendar import Alarm, Event

    meeting = plan.meeting
    shared = common.values
    event = Event()
    event.add("UID", text_value(meeting.uid or f"mentorlog-meeting-{meeting.id}"))
    event.add("DTSTAMP", shared["DTSTAMP"])
    _add_walls(event, "RECURRENCE-ID", [datetime.fromisoformat(moved.key)], plan)
    _add_walls(event, "DTSTART", [moved.start.replace(tzinfo=None)], plan)
    _add_end(event, plan, moved.start, moved.end)
    event.add("SEQUENCE", meeting.sequence)
    event.add("SUMMARY", text_value(_text(moved.title)))
    _add_place(event, meeting)
    _add_attendees(event, meeting, common)
    event.add("STATUS", shared["CONFIRMED"])
    event.add("CATEGORIES", shared["CATEGORIES"])
    if common.alarm is not None:
        reminder = Alarm()
        reminder.add("ACTION", shared["DISPLAY"])
        reminder.add("DESCRIPTION", text_value(_text(moved.title)))
        reminder.add("TRIGGER", shared["TRIGGER"])
        event.add_component(reminder)
    return event


def _add_place(component: Component, meeting: Meeting) -> None:
    """LOCATION is the meeting's place, else its link (where most apps look for a call's
    address); URL is the link."""
    if meeting.place or meeting.link:
        component.add("LOCATION", text_value(_text(meeting.place or meeting.link or "")))
    if meeting.link:
        component.add("URL", meeting.link)


def _add_attendees(component: Component, meeting: Meeting, common: Common) -> None:
    """With --attendees: ORGANIZER (you, from config `email`) and an ATTENDEE for each
    participant with an email address. The calendar stays METHOD:PUBLISH and no RSVP is
    asked, so apps show who is in the call without treating the file as an invitation."""
    if not common.attendees:
        return
    from icalendar import vCalAddress

    if common.me.email:
        organizer = vCalAddress(f"mailto:{common.me.email}")
        if common.me.name:
            organizer.params["CN"] = _text(common.me.name)
        component.add("ORGANIZER", organizer)
    for handle in meeting.people:
        person = common.people.get(handle)
        if person is None or not person.email:
            continue
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["CN"] = _text(person.name or handle)
        attendee.params["CUTYPE"] = "INDIVIDUAL"
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        component.add("ATTENDEE", attendee)


def _add_end(component: Component, plan: Plan, start: datetime, end: datetime) -> None:
    """DTEND as a wall time in the meeting's zone where both ends are plain wall times, else
    DURATION: a start or end the clocks skip or repeat is read differently by different
    apps (khal and calcurse take a repeated 01:30 as the second one), and with a DTEND in
    UTC they found the end before the start and refused the whole file. A DURATION is an
    exact length (RFC 5545 3.3.6) that no reading of the start can turn negative."""
    if plan.utc or (_plain(start, plan.zone) and _reads_back(end, plan.zone)):
        _add_walls(component, "DTEND", [end.astimezone(plan.zone).replace(tzinfo=None)], plan)
    else:
        component.add("DURATION", end.astimezone(UTC) - start.astimezone(UTC))


def _plain(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment`'s wall time in `zone` is neither skipped nor repeated: as
    `wall_clock.clock_trouble` tells it (its offsets at either fold agree), without importing
    that module and its dataclass for the meetings near a clock change (`tzif.calm`)."""
    wall = (moment if moment.tzinfo is zone else moment.astimezone(zone)).replace(tzinfo=None)
    return (
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        == wall.replace(tzinfo=zone, fold=1).utcoffset()
    )


def _reads_back(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment`'s wall time in `zone`, read as RFC 5545 reads it, is `moment`."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC) == moment.astimezone(UTC)


def _rrule(meeting: Meeting, zone: ZoneInfo) -> Any:
    """The stored rule, with UNTIL as a UTC instant (RFC 5545 requires it when DTSTART has a
    TZID); a floating or date UNTIL is read in the meeting's zone, as mentorlog reads it."""
    from icalendar import vRecur

    rule = read_rule(meeting.rrule or "")
    if rule is None:
        raise _bad_rule(meeting)
    if "UNTIL" in rule:
        moment = rule.until
        if moment is None:
            raise _bad_rule(meeting)
        try:
            moment = until_instant(moment, zone)
        except OverflowError:  # the end of 9999 behind UTC: the last UTC second says the same
            moment = datetime.max.replace(tzinfo=UTC)
        rule = rule.with_part("UNTIL", until_text(moment))
    try:
        return vRecur.from_ical(str(rule))
    except ValueError as exc:
        raise _bad_rule(meeting) from exc


def _bad_rule(meeting: Meeting) -> InvalidInput:
    return InvalidInput(
        f"Meeting {meeting.id} has a recurrence that cannot be exported "
        f"({quote(meeting.rrule or '')}); fix it with `mentorlog meeting edit "
        f"{meeting.id} --every weekly`."
    )


def _instant(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC).replace(microsecond=0) if moment is not None else None


# -- the description --------------------------------------------------------------------------


def _description(plan: Plan, common: Common) -> str:
    """Each participant's local time (of the next occurrence of a series, else the first)
    and, for a meeting still to come, the talking points queued for its people."""
    meeting, people, now = plan.meeting, common.people, common.now
    lines: list[str] = []
    shown = plan.upcoming or plan.first
    if meeting.recurring:
        schedule = describe(meeting)
        lines.append(schedule[:1].upper() + schedule[1:] + ".")
        which = "Next" if plan.upcoming else "First"
        lines.append(
            f"{which} meeting on each clock (later ones follow each zone's daylight saving):"
        )
    else:
        lines.append("On each clock:")
    clocks = [common.clock_of(None), *(common.clock_of(h) for h in meeting.people if h in people)]
    lines += [f"{label}{_clock(shown.start, zone, now)}" for label, zone in clocks]
    if meeting.channel:
        lines.append(f"Channel: {meeting.channel}")
    if meeting.link:
        lines.append(f"Link: {_text(meeting.link)}")
    # Only a meeting still to come lists its people's talking points (a person can have
    # hundreds: gathering them for every meeting was a tenth of writing the events).
    points = (
        []
        if plan.upcoming is None
        else [t for h in meeting.people for t in common.topics.get(h, [])]
    )
    if points:
        lines.append("Talking points:")
        lines += [f"- {_text(' '.join(t.text.split()))}" for t in points]
    return "\n".join(lines)


def _clock(moment: datetime, zone: ZoneInfo, now: datetime) -> str:
    """'Tue 24 Nov 17:00' on that zone's clock, with the year when it is not this year's."""
    local = moment.astimezone(zone)
    year = "" if local.year == now.year else f" {local.year}"
    return (
        f"{_DAY_ABBRS[local.weekday()]} {local.day} {MONTH_ABBRS[local.month - 1]}{year} "
        f"{local.hour:02d}:{local.minute:02d}"
    )


# -- action items and goals -------------------------------------------------------------------


def todo(action: ActionItem, people: dict[str, Person], stamp: Any) -> Component:
    """An open action item with a due date, as a VTODO."""
    from icalendar import Todo

    todo = Todo()
    todo.add("UID", text_value(action.uid or f"mentorlog-action-{action.id}"))
    todo.add("DTSTAMP", stamp)
    owner = people.get(action.owner)
    summary = (
        action.text if action.owner == "me" else f"{_name(owner, action.owner)}: {action.text}"
    )
    todo.add("SUMMARY", text_value(_text(summary)))
    assert action.due is not None
    todo.add("DUE", action.due)
    todo.add("STATUS", "NEEDS-ACTION")
    todo.add("CATEGORIES", ["mentorlog", "action"])
    if action.person and action.person != action.owner:
        todo.add(
            "DESCRIPTION",
            text_value(f"With {_text(_name(people.get(action.person), action.person))}"),
        )
    return todo


def goal_event(goal: Goal, people: dict[str, Person], stamp: Any) -> Component:
    """An active goal's due date, as an all-day event that leaves the time free."""
    from icalendar import Event

    assert goal.due is not None
    event = Event()
    event.add("UID", text_value(f"{goal.uid or f'mentorlog-goal-{goal.id}'}-due"))
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", goal.due)
    event.add("DTEND", goal.due + _DAY)
    event.add("SUMMARY", text_value(_text(f"Goal due: {goal.title}")))
    event.add("TRANSP", "TRANSPARENT")
    event.add("CATEGORIES", ["mentorlog", "goal"])
    about = f"Progress: {goal.progress}%."
    if goal.person:
        about += f"\nWith {_text(_name(people.get(goal.person), goal.person))}."
    event.add("DESCRIPTION", text_value(about))
    return event


def _name(person: Person | None, handle: str) -> str:
    return person.name if person is not None else handle


def _person_zone(person: Person) -> ZoneInfo:
    """The person's zone; one a hand edit made unknown is refused with the sentence that
    `services.people.person_zone` says (this package sits below services)."""
    zone = _known_zone(person.tz)
    if zone is None:
        import shlex

        raise InvalidInput(
            f"Person {quote(person.handle)} is in an unknown time zone {quote(person.tz)}; "
            f"fix it with `mentorlog person edit {shlex.quote(person.handle)} --tz ZONE`."
        )
    return zone


# Each description names its people's clocks: an export of 10,000 meetings asked for the
# zones of its few dozen people 13,000 times.
_known_zone = functools.lru_cache(maxsize=256)(known_zone)
