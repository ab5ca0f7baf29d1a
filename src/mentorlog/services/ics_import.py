"""Invitations from calendar apps (.ics files) turned into meetings: `mentorlog import ics`.

Two steps. `read_calendar` is pure: it checks the file's structure (with line numbers for the
message when it is damaged), lets icalendar parse it, and maps every VEVENT to an `Invite`,
the fields a meeting stores, or to a note saying why it was left out. `load` then brings the
invites into the journal: new UIDs become meetings, known ones are replaced when the file's
SEQUENCE is newer, and the rest is left alone, so importing a file twice changes nothing.

Zones: a TZID is an IANA name, a Windows name (Outlook; icalendar's CLDR map), a "globally
unique" /vendor/Area/City id, or a VTIMEZONE of the file, read through its X-LIC-LOCATION or
else matched to the IANA zone with the same offsets and transitions. Times in UTC and floating
times are placed in the zone given with --tz, else the calendar's X-WR-TIMEZONE, else the
user's zone (UTC times keep their instant; a recurring UTC event stays in UTC so that every
occurrence keeps its instant across DST changes). icalendar and dateutil are imported inside
the functions that need them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting
from mentorlog.services import occurrences as occ
from mentorlog.services.people import get_person, list_people
from mentorlog.store import Journal, stamp
from mentorlog.timeparse import quote

TABLE = "meetings"
MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 8  # VCALENDAR > VEVENT > VALARM is 3; anything past 8 is damage or an attack
MAX_MINUTES = 24 * 60
TITLE_LIMIT = 200
LINK_LIMIT = 2000
DEFAULT_TITLE = "Meeting"
_RULE_KEY_NAMES = (
    "FREQ UNTIL COUNT INTERVAL BYSECOND BYMINUTE BYHOUR BYDAY BYMONTHDAY BYYEARDAY BYWEEKNO "
    "BYMONTH BYSETPOS WKST"
)
_RULE_KEYS = frozenset(_RULE_KEY_NAMES.split())
_MEETING_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# NAME, then ;PARAM=VALUE parts (a value may be quoted, holding ':' and ';'), then ':'.
_CONTENT_LINE = re.compile(r'([A-Za-z0-9-]+)(?:;(?:[^":;]|"[^"]*")*)*:')
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# Properties that carry the call's link, best first: the conference links of Google and
# Microsoft before URL (any page about the event) and LOCATION (often a room).
_LINK_PROPERTIES = ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "URL", "LOCATION")
_DAMAGED = "the file is damaged, so export or download it again"
_NOT_ICS = "is it an .ics file?"
# What icalendar and dateutil raise for malformed input (icalendar's own errors are
# ValueErrors); anything of these becomes one InvalidInput sentence.
_LIBRARY_ERRORS = (
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    UnicodeError,
)


@dataclass(frozen=True)
class Invite:
    """One event of the file, as the fields of a meeting."""

    uid: str
    title: str
    start: datetime  # naive wall time in `tz`
    tz: str
    duration: int | None  # minutes; None: the configured default
    rrule: str | None
    exdates: tuple[datetime, ...]
    cancelled: bool
    sequence: int
    link: str | None
    emails: tuple[str, ...]  # lower case, the organizer first
    label: str  # how notes name it: "'Weekly sync' (Tue 1 Dec 2026 09:00)"


@dataclass
class CalendarFile:
    """What `read_calendar` found: invites, and notes on the events it left out."""

    source: str
    invites: list[Invite] = field(default_factory=list)
    all_day: int = 0
    left_out: int = 0  # for other reasons than being all-day
    notes: list[str] = field(default_factory=list)


@dataclass
class IcsImportResult:
    """What `load` did with the invites of one file."""

    created: list[Meeting] = field(default_factory=list)
    updated: list[Meeting] = field(default_factory=list)
    unchanged: int = 0
    all_day: int = 0
    left_out: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def recurring(self) -> int:
        return sum(1 for meeting in self.created if meeting.recurring)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


# -- reading the file ------------------------------------------------------------------------


def read_calendar(
    data: bytes,
    source: str,
    *,
    zone: ZoneInfo,
    zone_given: bool = False,
    prefer: Sequence[str] = (),
) -> CalendarFile:
    """Map the events of an .ics file to invites; InvalidInput (one sentence) when the file
    cannot be read as iCalendar or holds an event that cannot be placed in time.

    `zone` places UTC and floating times; unless `zone_given` (--tz), the calendar's
    X-WR-TIMEZONE comes first. `prefer` names the zones to choose, among those that fit a
    VTIMEZONE of the file's own making (the user's and their people's).
    """
    if len(data) > MAX_BYTES:
        raise too_big(source, len(data))
    text = _decode(data, source)
    outline = _outline(text, source)
    with warnings.catch_warnings():
        # icalendar warns on guesses (a /vendor/Area/City TZID); the note is ours to give.
        warnings.simplefilter("ignore")
        calendars = _parse(text, source)
        try:
            return _Mapper(source, outline, zone, zone_given, prefer).run(calendars)
        except InvalidInput:
            raise
        except _LIBRARY_ERRORS as exc:
            problem = f"icalendar could not make sense of it ({_cut(exc)})"
            raise _cannot_read(source, problem) from exc


def too_big(source: str, size: int) -> InvalidInput:
    """The refusal of a file over MAX_BYTES, which no invitation or calendar export needs."""
    return InvalidInput(
        f"Cannot import {source}: it is {size / 1024 / 1024:.1f} MB, more than the "
        f"{MAX_BYTES // 1024 // 1024} MB an import reads; export a shorter date range."
    )


def _cannot_read(source: str, problem: str, fix: str = _NOT_ICS) -> InvalidInput:
    return InvalidInput(f"Cannot read {source} as iCalendar: {problem}; {fix}")


def _cut(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "\u2026"


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise _cannot_read(source, "the file is empty", "export the calendar again.")
    if b"\x00" in data:
        raise _cannot_read(source, "it is binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _cannot_read(
            source, f"line {line} is not UTF-8 text (it has the byte 0x{data[exc.start]:02x})"
        ) from exc


@dataclass
class _RawEvent:
    """A top-level VEVENT as written: where it begins (for messages: "its event on line
    12"), and the raw text of the properties icalendar does not keep verbatim."""

    line: int
    props: dict[str, list[str]] = field(default_factory=dict)


_RAW_PROPERTIES = frozenset({"DTSTART", "RRULE"})


@dataclass
class _Outline:
    events: list[_RawEvent] = field(default_factory=list)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first physical line number, unfolded line) for every non-blank content line."""
    parts: list[str] = []
    start = 0
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if line[:1] in (" ", "\t") and parts:
            parts.append(line[1:])  # joined once: a long folded value stays linear
            continue
        if parts and (joined := "".join(parts)).strip():
            yield start, joined
        parts, start = [line], number
    if parts and (joined := "".join(parts)).strip():
        yield start, joined


def _outline(text: str, source: str) -> _Outline:
    """Check the file's shape line by line, so a damaged file is named by its line."""
    outline = _Outline()
    stack: list[tuple[str, int]] = []
    seen_calendar = False
    for number, line in _logical_lines(text):
        if not seen_calendar and line.strip().upper() != "BEGIN:VCALENDAR":
            raise _cannot_read(
                source, f"it does not start with BEGIN:VCALENDAR (line {number} is {quote(line)})"
            )
        seen_calendar = True
        name, value = _split_line(line)
        if name is None:
            raise _cannot_read(
                source, f"line {number} is not an iCalendar line ({quote(line)})", _damaged()
            )
        if name == "BEGIN":
            component = value.strip().upper()
            if not stack and component != "VCALENDAR":
                raise _outside(source, number, line)
            if len(stack) >= MAX_DEPTH:
                raise _cannot_read(
                    source, f"line {number} nests components {len(stack) + 1} deep", _damaged()
                )
            if component == "VEVENT" and len(stack) == 1:
                outline.events.append(_RawEvent(number))
            stack.append((component, number))
        elif name == "END":
            component = value.strip().upper()
            if not stack:
                raise _outside(source, number, line)
            if stack[-1][0] != component:
                raise _cannot_read(
                    source,
                    f"line {number} ends {_kind(component)}, but {_kind(stack[-1][0])} (begun "
                    f"on line {stack[-1][1]}) is still open",
                    _damaged(),
                )
            stack.pop()
        elif not stack:
            raise _outside(source, number, line)
        elif name in _RAW_PROPERTIES and len(stack) == 2 and stack[-1][0] == "VEVENT":
            outline.events[-1].props.setdefault(name, []).append(value)
    if stack:
        open_name, begun = stack[-1]
        raise _cannot_read(
            source,
            f"it ends inside {_kind(open_name)} (begun on line {begun}) without END:VCALENDAR",
            "the file looks cut short, so export or download it again.",
        )
    return outline


def _kind(component: str) -> str:
    """A component's name for a message: VEVENT as it is, anything odd quoted."""
    return component if re.fullmatch(r"[A-Z][A-Z0-9-]{0,29}", component) else quote(component)


def _damaged() -> str:
    return _DAMAGED + "."


def _outside(source: str, number: int, line: str) -> InvalidInput:
    return _cannot_read(
        source, f"line {number} is outside BEGIN:VCALENDAR … END:VCALENDAR ({quote(line)})"
    )


def _split_line(line: str) -> tuple[str | None, str]:
    """(upper-cased name, value) of a content line, or (None, "") when it is not one.

    Parameter values may be quoted and hold ':' and ';' (CN="Chen, Alice"), so the value
    starts at the first colon outside quotes.
    """
    match = _CONTENT_LINE.match(line)
    if match is None:
        return None, ""
    return match.group(1).upper(), line[match.end() :]


def _parse(text: str, source: str) -> list[Any]:
    from icalendar import Calendar

    try:
        # Bytes, never str: icalendar reads a one-line str as a file path.
        calendars = Calendar.from_ical(text.encode("utf-8"), multiple=True)
    except _LIBRARY_ERRORS as exc:
        raise _cannot_read(source, f"icalendar could not parse it ({_cut(exc)})") from exc
    return [c for c in calendars if getattr(c, "name", "") == "VCALENDAR"]


# -- mapping events ---------------------------------------------------------------------------


@dataclass
class _Event:
    """A VEVENT with where it is in the file."""

    component: Any
    raw: _RawEvent | None  # None if icalendar's events cannot be lined up with the file's
    calendar_zone: ZoneInfo  # where its UTC and floating times go
    timezones: Mapping[str, Any]  # TZID -> VTIMEZONE of its calendar

    @property
    def line(self) -> int | None:
        return self.raw.line if self.raw else None

    def raw_values(self, name: str) -> list[str] | None:
        return self.raw.props.get(name, []) if self.raw else None

    def text(self, name: str) -> str | None:
        value = self.component.get(name)
        if value is None or isinstance(value, list):
            return None
        return str(value)

    @property
    def title(self) -> str:
        summary = " ".join((self.text("SUMMARY") or "").split())
        return summary or DEFAULT_TITLE

    @property
    def uid(self) -> str | None:
        uid = (self.text("UID") or "").strip()
        return uid or None

    @property
    def sequence(self) -> int:
        raw = self.text("SEQUENCE") or "0"
        try:
            return max(0, min(int(raw.strip()), 2**31))
        except ValueError:
            return 0

    @property
    def cancelled(self) -> bool:
        return (self.text("STATUS") or "").strip().upper() == "CANCELLED"


class _Mapper:
    """Maps the VEVENTs of one file to invites, resolving zones once per TZID."""

    def __init__(
        self,
        source: str,
        outline: _Outline,
        zone: ZoneInfo,
        zone_given: bool,
        prefer: Sequence[str],
    ) -> None:
        self.prefer = prefer
        self.source = source
        self.outline = outline
        self.zone = zone
        self.zone_given = zone_given
        self.result = CalendarFile(source)
        self.zones: dict[tuple[str, int], ZoneInfo] = {}

    def run(self, calendars: Sequence[Any]) -> CalendarFile:
        events = list(self._events(calendars))
        if not events:
            raise InvalidInput(
                f"Cannot import {self.source}: it holds no events (VEVENT); export a calendar "
                "that has some."
            )
        masters: dict[str, _Event] = {}
        overrides: dict[str, list[_Event]] = {}
        order: dict[str, None] = {}  # the UIDs in the order the file has them
        for event in events:
            uid = event.uid or _derived_uid(event)
            order.setdefault(uid)
            if "RECURRENCE-ID" in event.component:
                overrides.setdefault(uid, []).append(event)
                continue
            kept = masters.get(uid)
            if kept is None or event.sequence >= kept.sequence:
                masters[uid] = event
        for uid in order:
            self._series(uid, masters.get(uid), overrides.get(uid, []))
        return self.result

    def _events(self, calendars: Sequence[Any]) -> Iterator[_Event]:
        count = sum(
            1 for c in calendars for e in c.subcomponents if getattr(e, "name", "") == "VEVENT"
        )
        raw = iter(self.outline.events if count == len(self.outline.events) else [])
        for calendar in calendars:
            timezones = {
                str(c.get("TZID", "")).strip(): c
                for c in calendar.subcomponents
                if getattr(c, "name", "") == "VTIMEZONE"
            }
            zone = self.zone if self.zone_given else self._calendar_zone(calendar)
            for component in calendar.subcomponents:
                if getattr(component, "name", "") == "VEVENT":
                    yield _Event(component, next(raw, None), zone, timezones)

    def _calendar_zone(self, calendar: Any) -> ZoneInfo:
        name = calendar.get("X-WR-TIMEZONE")
        if name is None or isinstance(name, list):
            return self.zone
        return _named_zone(str(name)) or self.zone

    # A series: its master event and its overrides (RECURRENCE-ID).

    def _series(self, uid: str, master: _Event | None, overrides: list[_Event]) -> None:
        if master is None:
            # Invitations to one occurrence only: each is a meeting of its own.
            for event in overrides:
                rid = self._wall(event, "RECURRENCE-ID", self._start_zone(event))
                self._add(self._invite(event, f"{uid}-{_compact(rid)}") if rid else None)
            return
        invite = self._invite(master, uid)
        if invite is None:
            return
        if invite.rrule is None:
            self._add(invite)
            return
        moved, exdates, sequence = self._overrides(uid, invite, overrides)
        self._add(replace(invite, exdates=tuple(sorted(exdates)), sequence=sequence))
        for one in moved:
            self._add(one)

    def _overrides(
        self, uid: str, series: Invite, overrides: list[_Event]
    ) -> tuple[list[Invite], set[datetime], int]:
        """A series' overrides as (moved occurrences as one-off invites, the series' exdates,
        its sequence). A cancelled occurrence becomes an exdate; a moved one an exdate and a
        meeting of its own, with the UID "<uid>-<its original start>"; one that keeps its
        time (a changed description, say) changes nothing. The series' sequence is the
        highest of them all, since apps bump only the override's when one occurrence moves."""
        moved: list[Invite] = []
        exdates = set(series.exdates)
        sequence = series.sequence
        zone = ZoneInfo(series.tz)
        for event in overrides:
            original = self._wall(event, "RECURRENCE-ID", zone)
            if original is None:
                continue
            sequence = max(sequence, event.sequence)
            if event.cancelled:
                exdates.add(original)
                continue
            one = self._invite(event, f"{uid}-{_compact(original)}")
            if one is None or _same_time(one, original, series):
                continue
            exdates.add(original)
            emails = one.emails or series.emails  # an override need not repeat them
            moved.append(replace(one, rrule=None, exdates=(), emails=emails))
        return moved, exdates, sequence

    def _add(self, invite: Invite | None) -> None:
        if invite is not None:
            self.result.invites.append(invite)

    def _leave_out(self, label: str, reason: str, *, all_day: bool = False) -> None:
        if all_day:
            self.result.all_day += 1
        else:
            self.result.left_out += 1
        self.result.notes.append(f"Left out {label}: {reason}.")

    # One event.

    def _invite(self, event: _Event, uid: str) -> Invite | None:
        """The event as an invite, or None after noting why it was left out."""
        if _is_goal_due_date(event.component):
            return None  # mentorlog's own `export ics --include goals`: not a meeting, no note
        start_value = self._value(event, self._start(event), "a start (DTSTART)")
        if not isinstance(start_value, datetime):
            day = f"{start_value.day} {start_value:%b %Y}"
            self._leave_out(
                f"{quote(event.title)} ({day})",
                "it lasts whole days, and a meeting has a time of day",
                all_day=True,
            )
            return None
        zone = self._start_zone(event)
        start = self._wall(event, "DTSTART", zone)
        assert start is not None
        label = f"{quote(event.title)} ({_when(start, zone)})"
        duration = self._duration(event, start.replace(tzinfo=zone, fold=0))
        if duration is not None and duration > MAX_MINUTES:
            self._leave_out(label, f"it lasts {_length(duration)}, and a meeting at most 24 hours")
            return None
        rule, kept = self._rule(event, start, zone, label)
        if not kept:
            return None
        if "RDATE" in event.component:
            self.result.notes.append(
                f"Imported {label} without its extra dates (RDATE), which a meeting cannot keep."
            )
        link = _link(event)
        title = event.title
        location = " ".join((event.text("LOCATION") or "").split())
        if link is None and location and not _URL.search(location):
            title = f"{title} @ {', '.join(_lines(event.text('LOCATION') or ''))}"
        return Invite(
            uid=uid if len(uid) <= 1000 else f"ics-{_digest(uid)}",
            title=_shorten(title, TITLE_LIMIT),
            start=start,
            tz=zone.key,
            duration=duration,
            rrule=rule,
            exdates=tuple(sorted(set(self._exdates(event, zone)))),
            cancelled=event.cancelled,
            sequence=event.sequence,
            link=link,
            emails=_emails(event),
            label=label,
        )

    def _value(self, event: _Event, prop: Any, what: str) -> datetime | date:
        try:
            value = prop.dt
        except _LIBRARY_ERRORS as exc:
            raise self._refuse(event, f"has {what} that cannot be read") from exc
        if not isinstance(value, date):
            raise self._refuse(event, f"has {what} that is not a date or time")
        return value

    def _refuse(self, event: _Event, problem: str) -> InvalidInput:
        where = f" on line {event.line}" if event.line else ""
        return InvalidInput(
            f"Cannot import {self.source}: its event{where} ({quote(event.title)}) {problem}; "
            "export it again from your calendar app."
        )

    def _start(self, event: _Event) -> Any:
        """The event's DTSTART property; the file is refused without one."""
        prop = event.component.get("DTSTART")
        if prop is None:
            # icalendar drops a line it cannot parse: was there one?
            written = event.raw_values("DTSTART")
            raise self._refuse(event, _BAD_START if written else "has no start (DTSTART)")
        return prop

    def _start_zone(self, event: _Event) -> ZoneInfo:
        """The zone a meeting made of this event lives in."""
        prop = self._start(event)
        tzid = _tzid(prop)
        if tzid is not None:
            return self._zone_of(event, tzid)
        value = self._value(event, prop, "a start (DTSTART)")
        if isinstance(value, datetime) and value.tzinfo is not None:
            # UTC: a series stays in UTC, where its rule is expanded; a one-off moves to the
            # calendar's zone, keeping its instant.
            return ZoneInfo("UTC") if "RRULE" in event.component else event.calendar_zone
        return event.calendar_zone

    def _zone_of(self, event: _Event, tzid: str) -> ZoneInfo:
        key = (tzid, id(event.timezones))
        if key not in self.zones:
            self.zones[key] = self._resolve(event, tzid)
        return self.zones[key]

    def _resolve(self, event: _Event, tzid: str) -> ZoneInfo:
        named = _named_zone(tzid)
        if named is not None:
            return named
        component = event.timezones.get(tzid.strip().strip('"'))
        if component is None:
            raise self._refuse(
                event,
                f"uses the time zone {quote(tzid)}, which the file does not define (no "
                "VTIMEZONE) and mentorlog does not know",
            )
        location = component.get("X-LIC-LOCATION")
        found = _named_zone(str(location)) if location is not None else None
        if found is None:
            start = event.component.get("DTSTART")
            around = getattr(start, "dt", None)
            year = around.year if isinstance(around, date) else 2026
            found = _matching_zone(component, tzid, year, self.prefer)
        if found is None:
            raise InvalidInput(
                f"Cannot import {self.source}: its time zone {quote(tzid)} matches no time zone "
                "mentorlog knows; export the calendar again with standard zone names."
            )
        return found

    def _wall(self, event: _Event, name: str, zone: ZoneInfo) -> datetime | None:
        """The property's first time as a naive wall time in `zone` (None if absent)."""
        prop = event.component.get(name)
        if prop is None:
            return None
        if isinstance(prop, list):
            prop = prop[0]
        value = self._value(event, prop, _WHAT.get(name, name))
        return self._to_wall(event, value, _tzid(prop), zone)

    def _to_wall(
        self, event: _Event, value: datetime | date, tzid: str | None, zone: ZoneInfo
    ) -> datetime:
        if not isinstance(value, datetime):
            start = event.component.get("DTSTART")
            clock = start.dt.time() if isinstance(getattr(start, "dt", None), datetime) else time()
            return datetime.combine(value, clock)
        if tzid is not None:
            own = self._zone_of(event, tzid)
            wall = value.replace(tzinfo=None)
            if own.key == zone.key:
                return wall  # as written, even inside a DST gap
            return wall.replace(tzinfo=own, fold=0).astimezone(zone).replace(tzinfo=None)
        if value.tzinfo is not None:
            return value.astimezone(zone).replace(tzinfo=None)
        return value  # floating: a wall time in the meeting's zone

    def _duration(self, event: _Event, start: datetime) -> int | None:
        end_prop = event.component.get("DTEND")
        length: timedelta | None = None
        if end_prop is not None:
            end = self._value(event, end_prop, "an end (DTEND)")
            if isinstance(end, datetime):
                tzid = _tzid(end_prop)
                if tzid is not None:
                    end = end.replace(tzinfo=self._zone_of(event, tzid), fold=0)
                elif end.tzinfo is None:
                    end = end.replace(tzinfo=start.tzinfo, fold=0)
                length = end.astimezone(UTC) - start.astimezone(UTC)
        elif event.component.get("DURATION") is not None:
            value = self._value_or_none(event.component.get("DURATION"))
            length = value if isinstance(value, timedelta) else None
        if length is None or length <= timedelta(0):
            return None
        return max(1, round(length.total_seconds() / 60))

    @staticmethod
    def _value_or_none(prop: Any) -> Any:
        try:
            return prop.dt
        except _LIBRARY_ERRORS:
            return None

    def _exdates(self, event: _Event, zone: ZoneInfo) -> Iterator[datetime]:
        props = event.component.get("EXDATE")
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            tzid = _tzid(prop)
            try:
                values = [item.dt for item in prop.dts]
            except _LIBRARY_ERRORS as exc:
                raise self._refuse(
                    event, "has a cancelled occurrence (EXDATE) that cannot be read"
                ) from exc
            for value in values:
                if isinstance(value, date):
                    yield self._to_wall(event, value, tzid, zone)

    def _rule(
        self, event: _Event, start: datetime, zone: ZoneInfo, label: str
    ) -> tuple[str | None, bool]:
        """(the stored RRULE or None, True), or (None, False) after noting why the event
        was left out."""
        prop = event.component.get("RRULE")
        if prop is None:
            return None, True
        props = prop if isinstance(prop, list) else [prop]
        # As written when known: icalendar reads a malformed rule as an empty one.
        texts = event.raw_values("RRULE") or [_ical_text(p) for p in props]
        if len(texts) > 1:
            self.result.notes.append(
                f"{label} has {len(texts)} repeat rules (RRULE); imported with the first only."
            )
        rule, problem = _stored_rule(texts[0], start, zone)
        if problem is not None:
            self._leave_out(label, problem)
            return None, False
        return rule, True


_WHAT = {"DTSTART": "a start (DTSTART)", "RECURRENCE-ID": "an occurrence (RECURRENCE-ID)"}
_BAD_START = "has a start (DTSTART) that cannot be read"


def _ical_text(prop: Any) -> str:
    try:
        return str(prop.to_ical().decode("utf-8"))
    except _LIBRARY_ERRORS:
        return str(prop)


def _tzid(prop: Any) -> str | None:
    params = getattr(prop, "params", None)
    value = params.get("TZID") if params is not None else None
    if value is None:
        return None
    text = str(value).strip().strip('"').strip()
    return text or None


@functools.cache
def _windows_zones() -> dict[str, str]:
    """Windows zone name (lower case) -> IANA name, from icalendar's copy of CLDR's map."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return {key.lower(): value for key, value in WINDOWS_TO_OLSON.items()}


def _named_zone(name: str) -> ZoneInfo | None:
    """An IANA zone for a TZID that names one: IANA, Windows, or /vendor/Area/City."""
    cleaned = name.strip().strip('"').strip()
    candidates = [cleaned, cleaned.strip("/")]
    windows = _windows_zones()
    if cleaned.lower() in windows:
        candidates.append(windows[cleaned.lower()])
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if not candidate or len(candidate) > 64:
            continue
        try:
            return timeparse.get_zone(candidate)
        except InvalidInput:
            continue
    return None


def _matching_zone(component: Any, tzid: str, year: int, prefer: Sequence[str]) -> ZoneInfo | None:
    """The IANA zone whose offsets match a custom VTIMEZONE's over two years from `year`.

    Compared at noon UTC every day, then hour by hour on the days the offset changes, so
    zones with the same offsets but other transition dates or hours do not match. Several
    zones match as a rule (New York, Toronto, Nassau...); the best is one whose city the
    TZID names ("(UTC+01:00) Amsterdam, Berlin, ..."), else one in `prefer` (the user's
    and their people's zones), else one CLDR prefers (what Windows names map to), the one
    agreeing furthest back in time first, else the first by name.
    """
    try:
        custom = component.to_tz(lookup_tzid=False)
        year = max(1971, min(year, 2900))
        days = [datetime(year, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(731)]
        wanted = [_offset(moment, custom) for moment in days]
        changes = [
            days[n - 1] + timedelta(hours=hour)
            for n in range(1, len(days))
            if wanted[n] != wanted[n - 1]
            for hour in range(25)
        ]
        wanted_changes = [_offset(moment, custom) for moment in changes]
        history = [
            datetime(back, month, 15, 12, tzinfo=UTC)
            for back in range(year - 1, 1969, -1)
            for month in (1, 7)
        ]
        wanted_history = [_offset(moment, custom) for moment in history]
    except (*_LIBRARY_ERRORS, OverflowError):
        return None
    probes = range(0, len(days), 91)
    matches: list[tuple[ZoneInfo, int]] = []
    for zone in _all_zones():
        if any(_offset(days[i], zone) != wanted[i] for i in probes):
            continue
        if [_offset(m, zone) for m in days] != wanted:
            continue
        if [_offset(m, zone) for m in changes] != wanted_changes:
            continue
        agreeing = next(
            (i for i, m in enumerate(history) if _offset(m, zone) != wanted_history[i]),
            len(history),
        )
        matches.append((zone, agreeing))
    if not matches:
        return None
    named = tzid.lower().replace(" ", "_")
    golden = set(_windows_zones().values())

    def rank(match: tuple[ZoneInfo, int]) -> tuple[bool, bool, bool, int, str]:
        key = match[0].key
        city = key.rsplit("/", 1)[-1].lower()
        return (city not in named, key not in prefer, key not in golden, -match[1], key)

    return min(matches, key=rank)[0]


_REGIONS = (
    "Africa/ America/ Antarctica/ Arctic/ Asia/ Atlantic/ Australia/ Europe/ Indian/ Pacific/"
)


@functools.cache
def _all_zones() -> list[ZoneInfo]:
    """Every IANA zone named Region/City: not Etc/GMT+5, nor old names like US/Eastern."""
    from zoneinfo import available_timezones

    zones = []
    for name in sorted(available_timezones()):
        if name.startswith(tuple(_REGIONS.split())):
            with contextlib.suppress(*_LIBRARY_ERRORS, OSError):
                zones.append(ZoneInfo(name))
    return zones


def _offset(moment: datetime, zone: tzinfo) -> timedelta | None:
    return moment.astimezone(zone).utcoffset()


def _stored_rule(text: str, start: datetime, zone: ZoneInfo) -> tuple[str | None, str | None]:
    """(the rule as a meeting stores it, None) or (None, why it cannot be kept)."""
    parts: dict[str, str] = {}
    for part in filter(None, "".join(text.split()).upper().removeprefix("RRULE:").split(";")):
        key, sep, value = part.partition("=")
        if not sep or not value or key in parts:
            return None, f"its repeat rule {quote(text)} cannot be read"
        if key not in _RULE_KEYS:
            return None, f"its repeat rule uses {key}, which mentorlog cannot follow"
        parts[key] = value
    freq = parts.get("FREQ", "")
    if freq in ("HOURLY", "MINUTELY", "SECONDLY"):
        return None, f"it repeats {freq.lower()}, more often than meetings do"
    if freq not in _MEETING_FREQS:
        return None, f"its repeat rule {quote(text)} cannot be read"
    until = _until_utc(parts["UNTIL"], zone) if "UNTIL" in parts else None
    if "UNTIL" in parts and until is None:
        return None, f"its repeat rule ends at {quote(parts['UNTIL'])}, which cannot be read"
    ordered = ["FREQ"]
    if parts.get("INTERVAL", "1") != "1":
        ordered.append("INTERVAL")
    ordered += [k for k in parts if k not in ("FREQ", "INTERVAL", "UNTIL", "COUNT")]
    if until is not None:
        parts["UNTIL"] = f"{until:%Y%m%dT%H%M%S}Z"
    ordered += [k for k in ("UNTIL", "COUNT") if k in parts]
    rule = ";".join(f"{key}={parts[key]}" for key in ordered)
    try:
        if occ.first_wall(rule, start, zone, to_the_end=False) is None:
            years = occ.RULE_HORIZON_YEARS
            return None, f"its repeat rule {quote(rule)} gives no date within {years} years"
        if occ.first_wall(rule, start, zone) is None:
            return None, "its repeat rule ends (UNTIL) before its first meeting"
    except InvalidInput:
        return None, f"its repeat rule {quote(rule)} cannot be read"
    return rule, None


def _until_utc(value: str, zone: ZoneInfo) -> datetime | None:
    """UNTIL in UTC, as meetings store it: a local or date UNTIL is read in `zone`."""
    try:
        if len(value) == 8 and value.isdigit():
            day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            aware = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
        elif len(value) in (15, 16) and value[8] == "T":
            moment = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
            if len(value) == 16 and value[15] != "Z":
                return None
            aware = moment.replace(tzinfo=UTC if len(value) == 16 else zone, fold=0)
        else:
            return None
        return aware.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _same_time(moved: Invite, original: datetime, series: Invite) -> bool:
    """Whether an override keeps its occurrence's time and length (a changed title or
    description only): then the series keeps the occurrence."""
    same_start = moved.tz == series.tz and moved.start == original
    return same_start and moved.duration == series.duration


def _compact(wall: datetime) -> str:
    return f"{wall:%Y%m%dT%H%M%S}"


def _derived_uid(event: _Event) -> str:
    """A UID for an event without one, the same each time the same event is imported."""
    start = event.component.get("DTSTART")
    seed = f"{event.title}\n{getattr(start, 'to_ical', lambda: b'')()!r}\n{_tzid(start)}"
    return f"ics-{_digest(seed)}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def _emails(event: _Event) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for name in ("ORGANIZER", "ATTENDEE"):
        values = event.component.get(name)
        for value in values if isinstance(values, list) else [values] if values else []:
            for address in _addresses(value):
                found.setdefault(address, None)
    return tuple(found)


def _addresses(value: Any) -> Iterator[str]:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        yield text[7:].strip().lower()
    params = getattr(value, "params", None)
    email = params.get("EMAIL") if params is not None else None
    if email:
        yield str(email).strip().strip('"').lower()


def _link(event: _Event) -> str | None:
    for name in _LINK_PROPERTIES:
        match = _URL.search(event.text(name) or "")
        if match is not None:
            link = match.group().rstrip(".,;)>]")
            if len(link) <= LINK_LIMIT:
                return link
    return None


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _when(wall: datetime, zone: ZoneInfo) -> str:
    return f"{wall:%a} {wall.day} {wall:%b %Y} {wall:%H:%M} {zone.key}"


def _length(minutes: int) -> str:
    return timeparse.format_duration(timedelta(minutes=minutes))


# -- into the journal ------------------------------------------------------------------------


def load(
    journal: Journal,
    calendar: CalendarFile,
    *,
    with_handles: Sequence[str] = (),
    now: datetime,
    default_duration: timedelta,
) -> IcsImportResult:
    """Create a meeting for each new UID, update those whose SEQUENCE grew, leave the rest.

    Raises before anything is written when the import cannot be done (the caller's locked
    block then writes nothing); writes nothing at all when nothing is new.
    """
    extra = _unique(get_person(journal, handle).handle for handle in with_handles)
    by_email = _people_by_email(journal)
    existing = {
        str(record["uid"]): Meeting.from_record(record)
        for record in journal.all(TABLE)
        if isinstance(record.get("uid"), str)
    }
    result = IcsImportResult(
        all_day=calendar.all_day, left_out=calendar.left_out, notes=list(calendar.notes)
    )
    nobody = 0
    minutes = max(1, min(MAX_MINUTES, int(default_duration.total_seconds() // 60)))
    for invite in calendar.invites:
        people = _unique([*(h for e in invite.emails for h in by_email.get(e, ())), *extra])
        current = existing.get(invite.uid)
        if current is None:
            if invite.cancelled:
                result.left_out += 1
                result.notes.append(f"Left out {invite.label}: it is cancelled.")
            elif not people:
                nobody += 1
                result.left_out += 1
                result.notes.append(
                    f"Left out {invite.label}: none of its attendees has an email in the journal; "
                    "import it with --with HANDLE, or add their email with "
                    "`mentorlog person edit HANDLE --email ADDRESS`."
                )
            else:
                saved = _create(journal, invite, people, minutes, now=now)
                existing[invite.uid] = saved
                result.created.append(saved)
        elif invite.sequence > current.sequence:
            saved = _update(journal, current, invite, people, minutes, now=now)
            existing[invite.uid] = saved
            result.updated.append(saved)
        else:
            result.unchanged += 1
    if nobody and not result.changed and not result.unchanged:
        raise InvalidInput(
            f"Cannot import {calendar.source}: none of its {_events(nobody)} has an attendee "
            "whose email is in the journal; add --with HANDLE to import them with someone, or "
            "give people their email with `mentorlog person edit HANDLE --email ADDRESS`."
        )
    if result.changed:
        name = quote(PurePath(calendar.source).name)
        journal.describe(
            f"import ics {name} ({len(result.created)} added, {len(result.updated)} updated)",
            now=now,
        )
    return result


def _events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"


def _unique(handles: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(handles))


def _people_by_email(journal: Journal) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for person in list_people(journal, include_archived=True):
        if person.email:
            found.setdefault(person.email.strip().lower(), []).append(person.handle)
    return found


def _create(
    journal: Journal, invite: Invite, people: list[str], minutes: int, *, now: datetime
) -> Meeting:
    channel = None
    if invite.link is None:
        first = get_person(journal, people[0])
        channel = first.channel
    meeting = Meeting(
        title=invite.title,
        people=people,
        start=invite.start,
        tz=invite.tz,
        duration=invite.duration or minutes,
        rrule=invite.rrule,
        exdates=list(invite.exdates),
        channel="video" if invite.link else channel,
        link=invite.link,
        status="cancelled" if invite.cancelled else "scheduled",
        sequence=invite.sequence,
    )
    created = stamp(now)
    # The meeting keeps the event's UID, so the next import of the file finds it.
    record = meeting.to_record() | {"uid": invite.uid, "created": created, "updated": created}
    return Meeting.from_record(journal.restore(TABLE, record))


def _update(
    journal: Journal,
    current: Meeting,
    invite: Invite,
    people: list[str],
    minutes: int,
    *,
    now: datetime,
) -> Meeting:
    """The time, title, people, rule and status from the file; notes, agenda, ratings and
    the occurrences marked held stay."""
    status = (
        "cancelled" if invite.cancelled else "held" if current.status == "held" else "scheduled"
    )
    changes: dict[str, Any] = {
        "title": invite.title,
        "people": people or list(current.people),
        "start": invite.start,
        "tz": invite.tz,
        "duration": invite.duration or current.duration or minutes,
        "rrule": invite.rrule,
        "exdates": list(invite.exdates),
        "status": status,
        "sequence": invite.sequence,
    }
    if invite.link is not None:
        changes["link"] = invite.link
    changed = replace(current, **changes)
    assert current.id is not None
    return Meeting.from_record(journal.update(TABLE, current.id, changed.to_record(), now=now))


def _is_goal_due_date(component: Any) -> bool:
    """Whether an event is a goal's due date that `mentorlog export ics --include goals`
    wrote (CATEGORIES mentorlog and goal), which a re-import should pass over quietly."""
    found: set[str] = set()
    values = component.get("CATEGORIES")
    for value in values if isinstance(values, list) else [values]:
        for category in getattr(value, "cats", []) or []:
            found.add(str(category).lower())
    return {"mentorlog", "goal"} <= found
