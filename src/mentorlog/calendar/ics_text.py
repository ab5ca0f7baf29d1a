"""The events of an exported calendar written as text: the short way of `ics_components`.

icalendar builds each property as an object (a `vText`, a `vDDDTypes`, a `Parameters` dict,
a `Contentline`) and encodes it again when the calendar is written: at 10,000 meetings that
was half of `export ics`. Here each content line of a meeting's VEVENT, a moved occurrence's
VEVENT, an action item's VTODO and a goal's all-day VEVENT is written as the string icalendar
writes for it, in the same order; `build_calendar` folds them with the rest. What only a few
events need (a DURATION, a rule's canonical form, the TZID parameter) still asks icalendar,
once per distinct value. An event with attendees is left to the plain way (None).

tests/test_export_fast_paths.py holds every line to what the plain builders in
`ics_components` give through icalendar, over generated meetings (hypothesis) and whole
benchmark journals; tests/test_ics_readers.py reads the result with other readers.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from mentorlog.calendar import ics_values, tzif
from mentorlog.calendar.ics_components import (
    Common,
    Plan,
    _description,
    _instant,
    _name,
    _plain,
    _reads_back,
    _rrule,
    _text,
)
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.timeparse.rules import read_rule, until_instant, until_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model import ActionItem, Goal, Person

__all__ = ["Shared", "escape", "goal_lines", "meeting_lines", "override_lines", "todo_lines"]


# A TEXT value as RFC 5545 escapes it, as the plain way writes it too (`ics_components`:
# icalendar's value with that escaping).
escape = ics_values.text


_NEAR = timedelta(days=2)


def _stamp(moment: datetime) -> str:
    """A date-time as icalendar writes it (seconds, no fraction), 'Z' for a UTC one."""
    text = _digits(moment)
    return text + "Z" if moment.tzinfo is not None else text


def _digits(moment: datetime) -> str:
    """A date-time's wall clock as icalendar writes it, whatever its zone says (printf
    style: a third faster than the f-string's format specs, 33,000 times an export)."""
    return "%04d%02d%02dT%02d%02d%02d" % (  # noqa: UP031
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )


class Shared:
    """What every event of one export writes alike: DTSTAMP's value and the reminder's
    TRIGGER, as icalendar encodes them (`Common.values`). (A plain class: a NamedTuple
    imports `typing`, 3.5 ms of each export.)"""

    __slots__ = ("stamp", "trigger")

    def __init__(self, stamp: str, trigger: str) -> None:
        self.stamp = stamp
        self.trigger = trigger

    @classmethod
    def of(cls, common: Common) -> Shared:
        """As `Common.values` encode them (`ics_values`, without importing icalendar)."""
        stamp = _stamp(common.now.astimezone(UTC).replace(microsecond=0))
        alarm = common.alarm
        return cls(stamp, "" if alarm is None else ics_values.duration(-alarm))


def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


@functools.lru_cache(maxsize=256)
def _tzid(name: str, tz: str) -> str:
    """'DTSTART;TZID=...' as icalendar writes the parameter (quoted where it must be: a
    name `ics_values` does not write, icalendar does)."""
    written = ics_values.tzid_parameter(name, tz)
    if written is not None:
        return written
    from icalendar import Parameters

    return f"{name};{Parameters({'TZID': tz}).to_ical(sorted=False).decode('utf-8')}"


def _walls(name: str, walls: list[datetime], plan: Plan) -> str:
    """As `ics_components._add_walls` writes it, for wall times in the meeting's zone:
    naive, or aware in that zone (only their wall clock is written)."""
    if plan.utc:
        return f"{name}:{','.join(_digits(wall) + 'Z' for wall in walls)}"
    return f"{_tzid(name, plan.meeting.tz)}:{','.join(_digits(wall) for wall in walls)}"


def _end(out: list[str], plan: Plan, start: datetime, end: datetime) -> None:
    """As `ics_components._add_end` writes it. Both ends are plain wall times that read back
    where the zone cannot change its clocks within two days of them (`tzif.calm`: a skipped
    or repeated wall time is less than a day from its change); elsewhere they are asked."""
    if (
        plan.utc
        or tzif.calm(plan.zone.key, start.astimezone(UTC) - _NEAR, end.astimezone(UTC) + _NEAR)
        or (_plain(start, plan.zone) and _reads_back(end, plan.zone))
    ):
        out.append(_walls("DTEND", [end.astimezone(plan.zone)], plan))
    else:
        out.append(f"DURATION:{_duration(end.astimezone(UTC) - start.astimezone(UTC))}")


def _duration(length: timedelta) -> str:
    return ics_values.duration(length)


def _rule(plan: Plan) -> str:
    """RRULE's value as `ics_components._rrule` and vRecur write it (`_rule_text`), or as
    vRecur writes it where that cannot (vRecur then raises the sentence for it)."""
    return _rule_text(plan.meeting.rrule or "", plan.zone) or _vrecur(plan)


# A journal's series share rule texts (those with an UNTIL fewer, but still some): each
# text is written once in each zone.
@functools.lru_cache(maxsize=4096)
def _rule_text(text: str, zone: ZoneInfo) -> str | None:
    """The rule without UNTIL put in vRecur's order once per rule text, and UNTIL (a UTC
    instant, a floating or date one read in `zone`) after FREQ, where vRecur puts it; None
    where this cannot write it."""
    rule = read_rule(text)
    if rule is None:
        return None
    if "UNTIL" not in rule:
        return _canonical(str(rule))
    moment = rule.until
    rest = _canonical(str(rule.without("UNTIL")))
    if moment is None or rest is None or not rest.startswith("FREQ="):
        return None
    try:
        moment = until_instant(moment, zone)
    except OverflowError:
        return None
    if moment.year < 1000:
        return None
    freq, _, others = rest.partition(";")
    return ";".join(part for part in (freq, f"UNTIL={until_text(moment)}", others) if part)


def _vrecur(plan: Plan) -> str:
    return str(_rrule(plan.meeting, plan.zone).to_ical().decode("utf-8"))


@functools.lru_cache(maxsize=1024)
def _canonical(text: str) -> str | None:
    """A rule without UNTIL in vRecur's order and spelling; None where vRecur refuses it
    (the plain way then raises the sentence for it). The usual rule is put in order here
    (`ics_values.rule`), any other by vRecur."""
    written = ics_values.rule(text)
    if written is not None:
        return written
    from icalendar import vRecur

    try:
        return str(vRecur.from_ical(text).to_ical().decode("utf-8"))
    except ValueError:
        return None


def _alarm(out: list[str], title: str, shared: Shared) -> None:
    out += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(_text(title))}",
        f"TRIGGER:{shared.trigger}",
        "END:VALARM",
    ]


def _place(out: list[str], plan: Plan) -> None:
    meeting = plan.meeting
    if meeting.place or meeting.link:
        out.append(f"LOCATION:{escape(_text(meeting.place or meeting.link or ''))}")
    if meeting.link:
        out.append(f"URL:{meeting.link}")


def meeting_lines(plan: Plan, common: Common, shared: Shared) -> list[str] | None:
    """The content lines `ics_components.meeting_event` gives, unfolded; None with
    attendees (left to the plain way)."""
    if common.attendees:
        return None
    meeting = plan.meeting
    out = [
        "BEGIN:VEVENT",
        f"UID:{escape(meeting.uid or f'mentorlog-meeting-{meeting.id}')}",
        f"DTSTAMP:{shared.stamp}",
        _walls("DTSTART", [plan.first.start], plan),
    ]
    _end(out, plan, plan.first.start, plan.first.end)
    if meeting.rrule is not None:
        out.append(f"RRULE:{_rule(plan)}")
        exdates = sorted(set(meeting.exdates))
        if exdates:
            out.append(_walls("EXDATE", exdates, plan))
    out.append(f"SEQUENCE:{meeting.sequence}")
    if meeting.follows:
        out.append(f"RELATED-TO:{escape(meeting.follows)}")
    out.append(f"SUMMARY:{escape(_text(meeting.title))}")
    _place(out, plan)
    cancelled = meeting.status == "cancelled"
    out += [
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "CATEGORIES:mentorlog,meeting",
        f"DESCRIPTION:{escape(_description(plan, common))}",
    ]
    modified = _instant(meeting.updated)
    if modified is not None:
        out.append(f"LAST-MODIFIED:{_stamp(modified)}")
    if common.alarm is not None and not cancelled:
        _alarm(out, meeting.title, shared)
    out.append("END:VEVENT")
    return out


def override_lines(
    plan: Plan, moved: Occurrence, common: Common, shared: Shared
) -> list[str] | None:
    """The content lines `ics_components.override_event` gives; None with attendees."""
    if common.attendees:
        return None
    meeting = plan.meeting
    out = [
        "BEGIN:VEVENT",
        f"UID:{escape(meeting.uid or f'mentorlog-meeting-{meeting.id}')}",
        f"DTSTAMP:{shared.stamp}",
        _walls("RECURRENCE-ID", [datetime.fromisoformat(moved.key)], plan),
        _walls("DTSTART", [moved.start], plan),
    ]
    _end(out, plan, moved.start, moved.end)
    out += [f"SEQUENCE:{meeting.sequence}", f"SUMMARY:{escape(_text(moved.title))}"]
    _place(out, plan)
    out += ["STATUS:CONFIRMED", "CATEGORIES:mentorlog,meeting"]
    if common.alarm is not None:
        _alarm(out, moved.title, shared)
    out.append("END:VEVENT")
    return out


def todo_lines(action: ActionItem, people: dict[str, Person], stamp: str) -> list[str]:
    """The content lines `ics_components.todo` gives."""
    assert action.due is not None
    owner = people.get(action.owner)
    summary = (
        action.text if action.owner == "me" else f"{_name(owner, action.owner)}: {action.text}"
    )
    out = [
        "BEGIN:VTODO",
        f"UID:{escape(action.uid or f'mentorlog-action-{action.id}')}",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{escape(_text(summary))}",
        f"DUE;VALUE=DATE:{_day(action.due)}",
        "STATUS:NEEDS-ACTION",
        "CATEGORIES:mentorlog,action",
    ]
    if action.person and action.person != action.owner:
        with_ = _text(_name(people.get(action.person), action.person))
        out.append(f"DESCRIPTION:{escape(f'With {with_}')}")
    out.append("END:VTODO")
    return out


def goal_lines(goal: Goal, people: dict[str, Person], stamp: str) -> list[str]:
    """The content lines `ics_components.goal_event` gives."""
    assert goal.due is not None
    about = f"Progress: {goal.progress}%."
    if goal.person:
        about += f"\nWith {_text(_name(people.get(goal.person), goal.person))}."
    uid = goal.uid or f"mentorlog-goal-{goal.id}"
    return [
        "BEGIN:VEVENT",
        f"UID:{escape(uid + '-due')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(goal.due)}",
        f"DTEND;VALUE=DATE:{_day(goal.due + timedelta(days=1))}",
        f"SUMMARY:{escape(_text(f'Goal due: {goal.title}'))}",
        "TRANSP:TRANSPARENT",
        "CATEGORIES:mentorlog,goal",
        f"DESCRIPTION:{escape(about)}",
        "END:VEVENT",
    ]
