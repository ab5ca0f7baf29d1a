"""Meetings: one-off and recurring calls with one or more people, kept in wall time."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import Conflict, InvalidInput, NotFound
from mentorlog.model import HeldOccurrence, Meeting, Person
from mentorlog.services import fields
from mentorlog.services import occurrences as occ
from mentorlog.services.occurrences import Occurrence
from mentorlog.services.people import check_channel, get_person, list_people
from mentorlog.store import Journal

TABLE = "meetings"
Prefer = Literal["future", "past"]
MAX_DURATION = timedelta(hours=24)
_LINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class MeetingInput:
    """What `meeting add` and `meeting edit` were given; None or () means "not given"."""

    people: Sequence[str] = ()
    at: str | None = None
    tz: str | None = None
    duration: str | None = None
    every: str | None = None
    until: str | None = None
    count: int | None = None
    title: str | None = None
    channel: str | None = None
    link: str | None = None


def list_meetings(journal: Journal) -> list[Meeting]:
    return [Meeting.from_record(record) for record in journal.all(TABLE)]


def get_meeting(journal: Journal, meeting_id: int) -> Meeting:
    record = journal.get(TABLE, meeting_id)
    if record is None:
        raise NotFound(f"No meeting with id {meeting_id}; see `mentorlog meeting list --past`.")
    return Meeting.from_record(record)


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
    zone = _zone(journal, given.tz, now)
    start = _wall(given.at, now=now, zone=zone, notes=notes)
    duration = _duration(given.duration, default_duration)
    rule = _rule(given, start=start, zone=zone, now=now, current=None)
    _check_dates(rule, start, zone)
    meeting = Meeting(
        title=_title(given.title, people),
        people=[p.handle for p in people],
        start=start,
        tz=zone.key,
        duration=duration,
        rrule=rule,
        channel=check_channel(given.channel) if given.channel else people[0].channel,
        link=_link(given.link) if given.link else None,
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
    """Change a meeting; every change bumps its SEQUENCE for calendar apps."""
    meeting = get_meeting(journal, meeting_id)
    if given == MeetingInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --at or --duration; see "
            "`mentorlog meeting edit --help`."
        )
    changes: dict[str, Any] = {}
    if given.people:
        people = _participants(journal, given.people)
        changes["people"] = [p.handle for p in people]
    if given.tz is not None:
        zone = _zone(journal, given.tz, now)
        changes["tz"] = zone.key
        # The same instant, anchored in the new zone, unless --at names a new time; a zone
        # edited by hand into an unknown one keeps its wall time, the best guess there is.
        with contextlib.suppress(InvalidInput):
            moment = occ.instant(meeting, meeting.start)
            changes["start"] = moment.astimezone(zone).replace(tzinfo=None)
    else:
        zone = occ.meeting_zone(meeting)
    if given.at is not None:
        changes["start"] = _wall(given.at, now=now, zone=zone, notes=notes)
    start = changes.get("start", meeting.start)
    if given.every is not None or given.until is not None or given.count is not None:
        changes["rrule"] = _rule(given, start=start, zone=zone, now=now, current=meeting.rrule)
    if changes.keys() & {"rrule", "start", "tz"}:
        _check_dates(changes.get("rrule", meeting.rrule), start, zone)
    if given.duration is not None:
        changes["duration"] = _duration(given.duration, timedelta(minutes=meeting.duration))
    if given.title is not None:
        changes["title"] = fields.text(given.title, "meeting title", example="Career check-in")
    if given.channel is not None:
        changes["channel"] = (
            None if fields.is_clear(given.channel) else check_channel(given.channel)
        )
    if given.link is not None:
        changes["link"] = None if fields.is_clear(given.link) else _link(given.link)
    changed = replace(meeting, sequence=meeting.sequence + 1, **changes)
    return _save(journal, changed, "meeting edit", now=now)


def cancel(
    journal: Journal, meeting_id: int, *, now: datetime, occurrence: str | None = None
) -> tuple[Meeting, Occurrence | None]:
    """Cancel a whole meeting, or with `occurrence` one occurrence of a series (an EXDATE)."""
    meeting = get_meeting(journal, meeting_id)
    if meeting.status == "cancelled":
        raise Conflict(f"Meeting {meeting_id} is already cancelled.")
    if occurrence is None:
        changed = replace(meeting, status="cancelled", sequence=meeting.sequence + 1)
        return _save(journal, changed, "meeting cancel", now=now), None
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
    return _save(journal, changed, "meeting cancel --occurrence", now=now), target


def mark_held(
    journal: Journal,
    meeting_id: int,
    *,
    now: datetime,
    rating: str | None = None,
    occurrence: str | None = None,
) -> tuple[Meeting, Occurrence]:
    """Mark a meeting, or the occurrence that last started, as held, with an optional rating."""
    meeting = get_meeting(journal, meeting_id)
    score = parse_rating(rating)
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
    saved = _save(journal, changed, "meeting done", now=now)
    held = occ.occurrence_at(saved, target.start)
    assert held is not None
    return saved, held


def add_notes(journal: Journal, meeting_id: int, text: str, *, now: datetime) -> Meeting:
    """Append notes, headed by the occurrence they are about and when they were written."""
    meeting = get_meeting(journal, meeting_id)
    body = fields.optional_text(text, "notes", limit=fields.LONG_TEXT)
    if body is None:
        raise InvalidInput("The notes are empty; write something, e.g. 'Agreed to ship v1 first'.")
    about = current_occurrence(meeting, now)
    heading = f"### {_long_label(about.start) if about else 'Notes'} (written {_long_label(now)})"
    notes = f"{meeting.notes}\n\n{heading}\n{body}" if meeting.notes else f"{heading}\n{body}"
    if len(notes) > 20 * fields.LONG_TEXT:
        raise InvalidInput(f"Meeting {meeting_id} has too many notes to add more; start a note.")
    return _save(journal, replace(meeting, notes=notes), "meeting notes", now=now)


def save_agenda(
    journal: Journal, meeting_id: int, agenda: str, occurrence_key: str, *, now: datetime
) -> Meeting:
    meeting = get_meeting(journal, meeting_id)
    changed = replace(meeting, agenda=agenda, agenda_for=occurrence_key)
    return _save(journal, changed, "agenda --save", now=now)


def parse_rating(value: str | None) -> int | None:
    if value is None:
        return None
    cleaned = value.strip()
    if cleaned.isdigit() and 1 <= int(cleaned) <= 5:
        return int(cleaned)
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a rating; give a whole number from 1 to 5."
    )


# -- finding occurrences ------------------------------------------------------------------


def occurrences_between(
    journal: Journal, start: datetime, end: datetime, *, person: str | None = None
) -> list[Occurrence]:
    """Every occurrence of every meeting starting in [start, end), soonest first."""
    handle = get_person(journal, person).handle if person is not None else None
    chosen = [m for m in list_meetings(journal) if handle is None or handle in m.people]
    return occurrences_of(chosen, start, end)


def occurrences_of(meetings: Sequence[Meeting], start: datetime, end: datetime) -> list[Occurrence]:
    """Every occurrence of these meetings starting in [start, end), soonest first."""
    found = [o for meeting in meetings for o in occ.occurrences(meeting, start, end)]
    return sorted(found, key=lambda o: (o.start_utc, o.meeting.id or 0))


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
        for upcoming in [_not_over(meeting, now)]
        if upcoming is not None
    ]
    if not candidates:
        with_whom = f" with {handle}" if handle else ""
        raise NotFound(
            f"No upcoming meeting{with_whom}; schedule one with `mentorlog meeting add "
            f"--with {handle or 'HANDLE'} --at WHEN`."
        )
    return min(candidates, key=lambda o: (o.start_utc, o.meeting.id or 0))


def current_occurrence(meeting: Meeting, now: datetime) -> Occurrence | None:
    """The occurrence a note or an agenda is about: the one under way or last started, else
    the next."""
    started = occ.previous_occurrence(meeting, now + timedelta(seconds=1))
    if started is not None and started.end_utc > now.astimezone(UTC) - timedelta(hours=12):
        return started
    return occ.next_occurrence(meeting, now) or started


def find_occurrence(
    meeting: Meeting, when: str, *, now: datetime, prefer: Prefer = "future"
) -> Occurrence:
    """The occurrence named by `when`: a date (its occurrence that day, in the meeting's zone)
    or a date and time (read in the user's zone). A date without a year is the next one, or
    with prefer="past" the last one."""
    zone = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    try:
        moment = timeparse.parse_when(when, now=now, tz=zone, prefer=prefer, what="occurrence")
    except InvalidInput:
        day = timeparse.parse_date(when, today=now.date(), prefer=prefer, what="occurrence")
        return _only_on(meeting, day, when)
    found = occ.occurrence_at(meeting, moment)
    if found is None:
        raise NotFound(
            f"Meeting {meeting.id} has no occurrence at {_long_label(moment)}; see "
            f"`mentorlog meeting show {meeting.id}` for its dates."
        )
    return found


def last_and_next(
    meetings: Sequence[Meeting], handle: str, now: datetime
) -> tuple[Occurrence | None, Occurrence | None]:
    """The last meeting with a person that has started, and the next one, across meetings."""
    last: Occurrence | None = None
    upcoming: Occurrence | None = None
    for meeting in meetings:
        if handle not in meeting.people or meeting.status == "cancelled":
            continue
        before = occ.previous_occurrence(meeting, now)
        after = occ.next_occurrence(meeting, now)
        if before is not None and (last is None or before.start_utc > last.start_utc):
            last = before
        if after is not None and (upcoming is None or after.start_utc < upcoming.start_utc):
            upcoming = after
    return last, upcoming


@dataclass(frozen=True)
class Heartbeat:
    """How a relationship is kept up: the last meeting, the next, and how overdue it is."""

    last: Occurrence | None
    next: Occurrence | None
    overdue: int | None  # days past the cadence since the last meeting

    def to_json(self) -> dict[str, Any]:
        return {
            "last": self.last.start.isoformat() if self.last else None,
            "next": self.next.start.isoformat() if self.next else None,
            "overdue_days": self.overdue,
        }


def heartbeats(
    meetings: Sequence[Meeting], people: Sequence[Person], now: datetime
) -> dict[str, Heartbeat]:
    """Each person's last and next meeting, and days overdue against their cadence."""
    handles = {person.handle for person in people}
    last: dict[str, Occurrence] = {}
    upcoming: dict[str, Occurrence] = {}
    # One pass over the meetings, each asked once however many of these people it has
    # (as last_and_next would answer for each person).
    for meeting in meetings:
        involved = handles.intersection(meeting.people)
        if not involved or meeting.status == "cancelled":
            continue
        before = occ.previous_occurrence(meeting, now)
        after = occ.next_occurrence(meeting, now)
        for handle in sorted(involved):
            if before is not None and (
                handle not in last or before.start_utc > last[handle].start_utc
            ):
                last[handle] = before
            if after is not None and (
                handle not in upcoming or after.start_utc < upcoming[handle].start_utc
            ):
                upcoming[handle] = after
    return heartbeats_from(last, upcoming, people, now)


def heartbeats_from(
    last: Mapping[str, Occurrence],
    upcoming: Mapping[str, Occurrence],
    people: Sequence[Person],
    now: datetime,
) -> dict[str, Heartbeat]:
    """Each person's heartbeat, from their last and next meeting (by handle) found already."""
    today = now.date()
    return {
        p.handle: Heartbeat(
            last.get(p.handle),
            upcoming.get(p.handle),
            overdue_days(p, last.get(p.handle), today),
        )
        for p in people
    }


def overdue_days(person: Person, last: Occurrence | None, today: date) -> int | None:
    """Days past the person's cadence since the last meeting, or None when not overdue."""
    if person.cadence is None or last is None:
        return None
    try:
        period = timeparse.parse_period(person.cadence)
    except InvalidInput:
        return None
    due = period.after(last.start.date())
    return (today - due).days if today > due else None


# -- helpers ---------------------------------------------------------------------------------


def _participants(journal: Journal, handles: Sequence[str]) -> list[Person]:
    people: dict[str, Person] = {}
    for handle in handles:
        person = get_person(journal, handle)
        people.setdefault(person.handle, person)
    return list(people.values())


def _zone(journal: Journal, text: str | None, now: datetime) -> ZoneInfo:
    if text is None:
        return now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    zones = {p.handle: p.tz for p in list_people(journal, include_archived=True)}
    return timeparse.resolve_zone(text, zones)


def _wall(text: str, *, now: datetime, zone: ZoneInfo, notes: list[str] | None) -> datetime:
    moment = timeparse.parse_when(text, now=now, tz=zone, what="meeting time", notes=notes)
    return moment.astimezone(zone).replace(tzinfo=None)


def _duration(text: str | None, default: timedelta) -> int:
    length = default if text is None else timeparse.parse_duration(text, what="meeting length")
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
    if given.every is not None and fields.is_clear(given.every):
        if given.until is not None or given.count is not None:
            raise InvalidInput("--until and --count need a repeating meeting; drop --every none.")
        return None
    base = timeparse.parse_recurrence(given.every) if given.every is not None else current
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
                f"({_long_label(first)}); give a later end date."
            )
    if until is None and given.count is None:
        return base
    return timeparse.with_limit(base, until=until, count=given.count)


def _check_dates(rule: str | None, start: datetime, zone: ZoneInfo) -> None:
    """Refuse a rule that gives no meeting: none in the years ahead, or none before its end."""
    if rule is None:
        return
    first = occ.first_wall(rule, start, zone, to_the_end=False)
    if first is None:
        raise InvalidInput(
            f"The rule {timeparse.quote(rule)} gives no meeting in the "
            f"{occ.RULE_HORIZON_YEARS} years from {_long_label(start)}; check that its months, "
            "days and weekdays can fall together (February has no 30th, for one)."
        )
    if occ.first_wall(rule, start, zone) is None:
        raise InvalidInput(
            f"The rule {timeparse.quote(rule)} ends before its first meeting "
            f"({_long_label(first)}); give a later end date."
        )


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
    if _LINK.fullmatch(cleaned) and len(cleaned) <= 2000:
        return cleaned
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a link; give a URL such as "
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


def _not_over(meeting: Meeting, now: datetime) -> Occurrence | None:
    started = occ.previous_occurrence(meeting, now + timedelta(seconds=1))
    if started is not None and started.end_utc > now.astimezone(UTC):
        return started
    return occ.next_occurrence(meeting, now)


def _only_on(meeting: Meeting, day: date, text: str) -> Occurrence:
    found = occ.occurrences_on(meeting, day)
    if not found:
        raise NotFound(
            f"Meeting {meeting.id} has no occurrence on {day:%a} {day.day} {day:%b %Y}; see "
            f"`mentorlog meeting show {meeting.id}` for its dates."
        )
    if len(found) > 1:
        raise InvalidInput(
            f"Meeting {meeting.id} meets more than once on {timeparse.quote(text)}; add the time, "
            "e.g. 'Dec 8 09:00'."
        )
    return found[0]


def _save(journal: Journal, meeting: Meeting, what: str, *, now: datetime) -> Meeting:
    """Store a changed meeting. Callers bump `sequence` where calendars must see the change
    (time, place, people, cancellation), not for notes, ratings or a saved agenda."""
    assert meeting.id is not None
    record = journal.update(TABLE, meeting.id, meeting.to_record(), now=now)
    journal.describe(f"{what} (meeting {meeting.id})", now=now)
    return Meeting.from_record(record)


def _label(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(now.tzinfo)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def _long_label(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
