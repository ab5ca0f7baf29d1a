"""Meetings: one-off and recurring calls with one or more people, kept in wall time."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog import limits, timeparse
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.model import HeldOccurrence, Meeting, Person
from mentorlog.services import fields
from mentorlog.services.heartbeat import not_over
from mentorlog.services.meetings_read import current_occurrence as current_occurrence
from mentorlog.services.meetings_read import get_meeting as get_meeting
from mentorlog.services.meetings_read import list_meetings as list_meetings
from mentorlog.services.meetings_read import nothing_upcoming as nothing_upcoming
from mentorlog.services.meetings_read import occurrences_between as occurrences_between
from mentorlog.services.meetings_read import occurrences_of as occurrences_of
from mentorlog.services.people import check_channel, get_person, list_people
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    Prefer = Literal["future", "past"]

TABLE = "meetings"
MAX_DURATION = timedelta(hours=24)
_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class MeetingInput:
    """What `meeting add` and `meeting edit` were given; None or () means "not given"."""

    people: Sequence[str] = ()
    at: str | None = None
    tz: str | None = None
    duration: timedelta | None = None
    # The rule --every gave (an RRULE without DTSTART), and whether it made the meeting
    # one-off again (--every none).
    every: str | None = None
    one_off: bool = False
    until: str | None = None
    count: int | None = None
    title: str | None = None
    channel: str | None = None
    link: str | None = None
    place: str | None = None


def add_meeting(
    journal: Journal,
    given: MeetingInput,
    *,
    now: datetime,
    default_duration: timedelta,
    notes: list[str] | None = None,
) -> Meeting:
    """Schedule a meeting; `notes` collects remarks such as an ambiguous wall time."""
    if not given.people:
        raise InvalidInput(
            "A meeting needs at least one --with HANDLE, e.g. "
            "mentorlog meeting add --with alice --at 'tue 9am'."
        )
    if given.at is None:
        raise InvalidInput(
            "A meeting needs --at WHEN, e.g. --at 'tue 9am' or --at '2026-12-01 15:00'."
        )
    people = _participants(journal, given.people)
    zone = _zone(journal, given.tz, now, notes)
    start = read_wall_time(given.at, now=now, zone=zone, notes=notes)
    duration = duration_minutes(given.duration, default_duration)
    rule = _rule(given, start=start, zone=zone, now=now, current=None)
    check_dates(rule, start, zone)
    _say_monthly(rule if given.every is not None else None, start, notes)
    meeting = Meeting(
        title=_title(given.title, people),
        people=[p.handle for p in people],
        start=start,
        tz=zone.key,
        duration=duration,
        rrule=rule,
        channel=check_channel(given.channel) if given.channel else people[0].channel,
        link=_link(given.link) if given.link else None,
        place=fields.optional_text(given.place, "meeting place", limit=limits.SHORT_TEXT),
    )
    record = journal.insert(TABLE, meeting.to_record(), now=now)
    saved = Meeting.from_record(record)
    journal.describe(f"meeting add {timeparse.quote(saved.title)} (meeting {saved.id})", now=now)
    return saved


def edit_meeting(
    journal: Journal,
    meeting_id: int,
    given: MeetingInput,
    *,
    now: datetime,
    notes: list[str] | None = None,
) -> Meeting:
    """Change a meeting in place, all of it; every change bumps its SEQUENCE for calendar
    apps. (`services.series.edit` keeps the past of a series as it was.)"""
    meeting = get_meeting(journal, meeting_id)
    check_given(given)
    changes = meeting_changes(journal, meeting, given, now=now, notes=notes)
    changed = replace(meeting, sequence=meeting.sequence + 1, **changes)
    return save(journal, changed, "meeting edit", now=now)


def check_given(given: MeetingInput) -> None:
    if given == MeetingInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --at or --duration; see "
            "`mentorlog meeting edit --help`."
        )


def meeting_changes(
    journal: Journal,
    meeting: Meeting,
    given: MeetingInput,
    *,
    now: datetime,
    notes: list[str] | None = None,
    near: datetime | None = None,
) -> dict[str, Any]:
    """The fields `given` changes, read and checked; --at is read from `near` (default: now)."""
    changes: dict[str, Any] = {}
    if given.people:
        people = _participants(journal, given.people)
        changes["people"] = [p.handle for p in people]
    if given.tz is not None:
        zone = _zone(journal, given.tz, now, notes)
        changes["tz"] = zone.key
        # The same instant, anchored in the new zone, unless --at names a new time; a zone
        # edited by hand into an unknown one keeps its wall time, the best guess there is.
        with contextlib.suppress(InvalidInput):
            moment = occ.instant(meeting, meeting.start)
            changes["start"] = moment.astimezone(zone).replace(tzinfo=None)
    else:
        zone = occ.meeting_zone(meeting)
    if given.at is not None:
        changes["start"] = read_wall_time(given.at, now=near or now, zone=zone, notes=notes)
    start = changes.get("start", meeting.start)
    if repeats(given):
        changes["rrule"] = _rule(given, start=start, zone=zone, now=now, current=meeting.rrule)
    if changes.keys() & {"rrule", "start", "tz"}:
        check_dates(changes.get("rrule", meeting.rrule), start, zone)
    _say_monthly(changes.get("rrule") if given.every is not None else None, start, notes)
    if given.duration is not None:
        changes["duration"] = duration_minutes(given.duration, timedelta(minutes=meeting.duration))
    if given.title is not None:
        changes["title"] = fields.text(given.title, "meeting title", example="Career check-in")
    if given.channel is not None:
        changes["channel"] = (
            None if fields.is_clear(given.channel) else check_channel(given.channel)
        )
    if given.link is not None:
        changes["link"] = None if fields.is_clear(given.link) else _link(given.link)
    if given.place is not None:
        changes["place"] = (
            None
            if fields.is_clear(given.place)
            else fields.optional_text(given.place, "meeting place", limit=limits.SHORT_TEXT)
        )
    return changes


def cancel(
    journal: Journal, meeting_id: int, *, now: datetime, occurrence: str | None = None
) -> tuple[Meeting, Occurrence | None]:
    """Cancel a whole meeting, or with `occurrence` one occurrence of a series (an EXDATE)."""
    meeting = get_meeting(journal, meeting_id)
    if meeting.status == "cancelled":
        raise Conflict(f"Meeting {meeting_id} is already cancelled.")
    if occurrence is None:
        changed = replace(meeting, status="cancelled", sequence=meeting.sequence + 1)
        return save(journal, changed, "meeting cancel", now=now), None
    if not meeting.recurring:
        raise InvalidInput(
            f"Meeting {meeting_id} happens once, so it has no occurrences to pick from; cancel "
            f"it with `mentorlog meeting cancel {meeting_id}`."
        )
    target = find_occurrence(meeting, occurrence, now=now)
    if target.status == "cancelled":
        raise Conflict(f"That occurrence of meeting {meeting_id} is already cancelled.")
    wall = target.start.replace(tzinfo=None)
    changed = replace(
        meeting, exdates=sorted([*meeting.exdates, wall]), sequence=meeting.sequence + 1
    )
    return save(journal, changed, "meeting cancel --occurrence", now=now), target


def mark_held(
    journal: Journal,
    meeting_id: int,
    *,
    now: datetime,
    rating: int | None = None,
    occurrence: str | None = None,
) -> tuple[Meeting, Occurrence]:
    """Mark a meeting, or the occurrence that last started, as held, with an optional rating
    (1 to 5)."""
    meeting = get_meeting(journal, meeting_id)
    score = rating
    if meeting.status == "cancelled":
        raise Conflict(f"Meeting {meeting_id} is cancelled.")
    target = (
        find_occurrence(meeting, occurrence, now=now, prefer="past")
        if occurrence is not None
        else _latest_started(meeting, now)
    )
    if target.start_utc > now.astimezone(UTC):
        raise Conflict(
            f"Meeting {meeting_id} has not happened yet: it starts {_label(target.start, now)}."
        )
    if target.status == "cancelled":
        raise Conflict(f"That occurrence of meeting {meeting_id} was cancelled.")
    if target.status == "held" and score is None:
        raise Conflict(
            f"Meeting {meeting_id} ({_label(target.start, now)}) is already marked held; "
            "add --rating to rate it."
        )
    if meeting.recurring:
        kept = [h for h in meeting.held if h.start != target.key]
        entry = HeldOccurrence(start=target.key, at=now, rating=score)
        changed = replace(meeting, held=[*kept, entry], rating=score or meeting.rating)
    else:
        changed = replace(meeting, status="held", rating=score or meeting.rating)
    saved = save(journal, changed, "meeting done", now=now)
    held = occ.occurrence_at(saved, target.start)
    assert held is not None
    return saved, held


def save_agenda(
    journal: Journal, meeting_id: int, agenda: str, occurrence_key: str, *, now: datetime
) -> Meeting:
    meeting = get_meeting(journal, meeting_id)
    changed = replace(meeting, agenda=agenda, agenda_for=occurrence_key)
    return save(journal, changed, "agenda --save", now=now)


# -- finding occurrences ------------------------------------------------------------------


def next_meeting(
    journal: Journal,
    *,
    now: datetime,
    person: str | None = None,
    meetings: Sequence[Meeting] | None = None,
) -> Occurrence:
    """The next meeting not yet over (with `person`, if given); NotFound if there is none.
    `meetings`, when the caller has them already, saves reading them again."""
    handle = get_person(journal, person).handle if person is not None else None
    candidates = [
        upcoming
        for meeting in (list_meetings(journal) if meetings is None else meetings)
        if meeting.status != "cancelled" and (handle is None or handle in meeting.people)
        for upcoming in [not_over(meeting, now)]
        if upcoming is not None
    ]
    if not candidates:
        raise nothing_upcoming(handle)
    return min(candidates, key=lambda o: (o.start_utc, o.meeting.id or 0))


def find_occurrence(
    meeting: Meeting, when: str, *, now: datetime, prefer: Prefer = "future"
) -> Occurrence:
    """The occurrence named by `when`, a date or a date and time as `meeting list` shows
    them (see `services.occurrence_arg`)."""
    from mentorlog.services import occurrence_arg

    return occurrence_arg.find_occurrence(meeting, when, now=now, prefer=prefer)


# -- helpers ---------------------------------------------------------------------------------


def _participants(journal: Journal, handles: Sequence[str]) -> list[Person]:
    people: dict[str, Person] = {}
    for handle in handles:
        person = get_person(journal, handle)
        people.setdefault(person.handle, person)
    return list(people.values())


def _zone(
    journal: Journal, text: str | None, now: datetime, notes: list[str] | None = None
) -> ZoneInfo:
    if text is None:
        return now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    zones = {p.handle: p.tz for p in list_people(journal, include_archived=True)}
    return timeparse.resolve_zone(text, zones, notes)


def read_wall_time(
    text: str, *, now: datetime, zone: ZoneInfo, notes: list[str] | None
) -> datetime:
    moment = timeparse.parse_when(text, now=now, tz=zone, what="meeting time", notes=notes)
    return moment.astimezone(zone).replace(tzinfo=None)


def duration_minutes(given: timedelta | None, default: timedelta) -> int:
    length = default if given is None else given
    if length > MAX_DURATION:
        raise InvalidInput(
            f"A meeting of {timeparse.format_duration(length)} is too long; keep it to 24 hours "
            "or less."
        )
    return max(1, int(length.total_seconds() // 60))


def _rule(
    given: MeetingInput, *, start: datetime, zone: ZoneInfo, now: datetime, current: str | None
) -> str | None:
    """The RRULE for --every/--until/--count; "none" makes a meeting one-off again."""
    if given.until is not None and given.count is not None:
        raise InvalidInput("Give --until or --count, not both.")
    if given.one_off:
        if given.until is not None or given.count is not None:
            raise InvalidInput("--until and --count need a repeating meeting; drop --every none.")
        return None
    base = given.every if given.every is not None else current
    if base is None:
        if given.until is not None or given.count is not None:
            raise InvalidInput(
                "--until and --count need --every, e.g. --every weekly --until 2027-03-01."
            )
        return None
    if given.every is None and (given.until is not None or given.count is not None):
        base = _without_limit(base)
    until = None
    if given.until is not None:
        until = timeparse.parse_when(
            given.until, now=now, tz=zone, default_time=_END_OF_DAY, what="end date"
        )
        first = start.replace(tzinfo=zone)
        if until.astimezone(UTC) < first.astimezone(UTC):
            raise InvalidInput(
                f"--until {timeparse.quote(given.until)} is before the first meeting "
                f"({long_label(first)}); give a later end date."
            )
    if until is None and given.count is None:
        return base
    return timeparse.with_limit(base, until=until, count=given.count)


def repeats(given: MeetingInput) -> bool:
    """Whether `given` changes how a meeting repeats."""
    limited = given.until is not None or given.count is not None
    return given.every is not None or given.one_off or limited


def check_dates(rule: str | None, start: datetime, zone: ZoneInfo) -> None:
    """Refuse a rule that gives no meeting: none in the years ahead, or none before its end."""
    if rule is None:
        return
    first = occ.first_wall(rule, start, zone, to_the_end=False)
    if first is None:
        raise InvalidInput(
            f"The rule {timeparse.quote(rule)} gives no meeting in the "
            f"{occ.RULE_HORIZON_YEARS} years from {long_label(start)}; check that its months, "
            "days and weekdays can fall together (February has no 30th, for one)."
        )
    if occ.first_wall(rule, start, zone) is None:
        raise InvalidInput(
            f"The rule {timeparse.quote(rule)} ends before its first meeting "
            f"({long_label(first)}); give a later end date."
        )


def _say_monthly(rule: str | None, start: datetime, notes: list[str] | None) -> None:
    """What a bare --every monthly means, said before it is saved (not silently day 25)."""
    from mentorlog.timeparse.rule_words import monthly_note

    note = monthly_note(start.date(), rule) if rule is not None else None
    if note is not None and notes is not None:
        notes.append(note)


def _without_limit(rule: str) -> str:
    parts = [p for p in rule.split(";") if p.split("=", 1)[0].upper() not in ("UNTIL", "COUNT")]
    return ";".join(parts)


def _title(text: str | None, people: Sequence[Person]) -> str:
    if text is not None:
        return fields.text(text, "meeting title", example="Career check-in")
    names = [p.name for p in people]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Mentoring with {joined}"


def _link(value: str) -> str:
    cleaned = value.strip()
    problem = limits.problem_with_url(cleaned)
    if problem is None:
        return cleaned
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a link ({problem}); give a URL such as "
        "https://meet.example.org/abc-defg."
    )


def _latest_started(meeting: Meeting, now: datetime) -> Occurrence:
    started = occ.previous_occurrence(meeting, now + timedelta(seconds=1), include_cancelled=False)
    if started is not None:
        return started
    upcoming = occ.next_occurrence(meeting, now)
    if upcoming is None:
        raise Conflict(f"Meeting {meeting.id} has no occurrences left.")
    return upcoming  # not started: mark_held refuses it with the date it starts


def save(journal: Journal, meeting: Meeting, what: str, *, now: datetime) -> Meeting:
    """Store a changed meeting. Callers bump `sequence` where calendars must see the change
    (time, place, people, cancellation), not for notes, ratings or a saved agenda."""
    assert meeting.id is not None
    record = journal.update(TABLE, meeting.id, meeting.to_record(), now=now)
    journal.describe(f"{what} (meeting {meeting.id})", now=now)
    return Meeting.from_record(record)


def _label(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(now.tzinfo)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def long_label(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
