"""Reading an .ics file: its events mapped to invites, the fields of a meeting.

A series and its overrides (RECURRENCE-ID) become one invite: a cancelled occurrence is an
exdate, a moved or retitled one an override of the series (as `meeting edit --occurrence`
makes), keyed by the time the rule gives it. Times in UTC and floating
times are placed in the calendar's zone (given with --tz, else its X-WR-TIMEZONE, else the
user's); UTC times keep their instant, and a recurring UTC event stays in UTC so that every
occurrence keeps its instant across DST changes. An event a meeting cannot be made of
(all-day, longer than a day, a rule mentorlog cannot follow) is left out with a note; one
that cannot be placed in time makes the whole file refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar.ics_fields import URL, Event, digest, ical_text, stored_rule
from mentorlog.calendar.ics_invite import (
    Invite,
    duplicates_note,
    in_rule,
    latest,
    parent,
    relative_wall,
    span,
    split_series,
    this_and_future,
    wall_first,
)
from mentorlog.calendar.ics_lines import LIBRARY_ERRORS, Outline
from mentorlog.calendar.ics_zones import file_zone, named_zone, still_fits, tzid_of
from mentorlog.errors import InvalidInput
from mentorlog.limits import SHORT_TEXT
from mentorlog.model import MAX_MINUTES, Override
from mentorlog.timeparse import format_duration, quote

__all__ = ["CalendarFile", "Invite", "map_events"]


@dataclass
class CalendarFile:
    """What `read_calendar` found: invites, and notes on the events it left out."""

    source: str
    invites: list[Invite] = field(default_factory=list)
    all_day: int = 0
    left_out: int = 0  # for other reasons than being all-day
    notes: list[str] = field(default_factory=list)


def map_events(
    calendars: Sequence[Any],
    source: str,
    outline: Outline,
    *,
    zone: ZoneInfo,
    zone_given: bool,
    prefer: Sequence[str],
) -> CalendarFile:
    """The invites of the file's calendars (as icalendar parsed them, the pre-parser's
    `outline` beside them), and notes on the events left out; InvalidInput (one sentence)
    for an event that cannot be placed in time. See `ics_import.read_calendar`."""
    return _Mapper(source, outline, zone, zone_given, prefer).run(calendars)


class _Mapper:
    """Maps the VEVENTs of one file to invites, resolving zones once per TZID."""

    def __init__(
        self,
        source: str,
        outline: Outline,
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
        masters: dict[str, Event] = {}
        overrides: dict[str, list[Event]] = {}
        order: dict[str, None] = {}  # the UIDs in the order the file has them
        twice: dict[str, int] = {}  # UIDs of several events that are not occurrences
        for event in events:
            uid = event.uid or event.derived_uid
            order.setdefault(uid)
            if "RECURRENCE-ID" in event.component:
                overrides.setdefault(uid, []).append(event)
                continue
            kept = masters.get(uid)
            if kept is not None:
                twice.setdefault(uid, 1)
                twice[uid] += 1
            if kept is None or event.sequence >= kept.sequence:
                masters[uid] = event
        for uid in order:
            self._series(uid, masters.get(uid), overrides.get(uid, []))
        if twice:
            self.result.notes.append(duplicates_note(twice, masters))
        return self.result

    def _events(self, calendars: Sequence[Any]) -> Iterator[Event]:
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
                    yield Event(component, next(raw, None), zone, timezones)

    def _calendar_zone(self, calendar: Any) -> ZoneInfo:
        name = calendar.get("X-WR-TIMEZONE")
        if name is None or isinstance(name, list):
            return self.zone
        return named_zone(str(name)) or self.zone

    # A series: its master event and its overrides (RECURRENCE-ID).

    def _series(self, uid: str, master: Event | None, overrides: list[Event]) -> None:
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
        overrides = latest(overrides)
        ranged = [event for event in overrides if this_and_future(event)]
        plain = [event for event in overrides if not this_and_future(event)]
        moved, exdates, sequence = self._overrides(invite, plain)
        whole = replace(
            invite, exdates=tuple(sorted(exdates)), sequence=sequence, overrides=tuple(moved)
        )
        zone = ZoneInfo(invite.tz)
        splits = [(self._wall(event, "RECURRENCE-ID", zone), event) for event in ranged]
        for original, event in sorted((s for s in splits if s[0] is not None), key=wall_first):
            assert original is not None
            one = self._invite(event, f"{uid}-{_compact(original)}")
            if one is None:
                whole = replace(whole, exdates=(*whole.exdates, original))
                continue
            ended, whole = split_series(
                whole, original, replace(one, start=relative_wall(one, zone))
            )
            self._add(ended)
        self._add(whole)

    def _overrides(
        self, series: Invite, overrides: list[Event]
    ) -> tuple[list[Override], set[datetime], int]:
        """A series' overrides as (the occurrences moved or changed, the series' exdates, its
        sequence). A cancelled occurrence becomes an exdate; a moved or retitled one an
        override; one that keeps its time, length and title (a changed description, say)
        changes nothing. The series' sequence is the highest of them all, since apps bump
        only the override's when one occurrence moves."""
        moved: dict[datetime, Override] = {}
        exdates = set(series.exdates)
        sequence = series.sequence
        zone = ZoneInfo(series.tz)
        for event in overrides:
            original = self._wall(event, "RECURRENCE-ID", zone)
            if original is None:
                continue
            sequence = max(sequence, event.sequence)
            if not in_rule(series, original):
                # Not an occurrence the rule makes, as RFC 5545 wants (often one left over
                # from before the series moved): said, not kept.
                self.result.notes.append(
                    f"Left out the change to {series.label} for {_when(original, zone)} "
                    "(RECURRENCE-ID): its repeat rule makes no occurrence then."
                )
                continue
            if event.cancelled:
                exdates.add(original)
                continue
            one = self._invite(event, f"{series.uid}-{_compact(original)}")
            if one is None:
                # Moved to a whole day, say, which a meeting cannot be: not at its time.
                exdates.add(original)
                continue
            start = relative_wall(one, zone)
            changed = Override(
                of=original,
                start=start,
                duration=one.duration if one.duration != series.duration else None,
                title=one.title if one.title != series.title else None,
            )
            if changed != Override(of=original, start=original):
                moved[original] = changed
        return sorted(moved.values(), key=lambda o: o.of), exdates, sequence

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

    def _invite(self, event: Event, uid: str) -> Invite | None:
        """The event as an invite, or None after noting why it was left out."""
        if event.is_goal_due_date:
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
        link = event.link
        title = event.title
        location = ", ".join(_lines(event.text("LOCATION") or ""))
        place = None
        if location and not (URL.fullmatch(location.strip()) or location.strip() == link):
            place = _shorten(location, SHORT_TEXT)
        return Invite(
            uid=uid if len(uid) <= 1000 else f"ics-{digest(uid)}",
            title=_shorten(title, SHORT_TEXT),
            start=start,
            tz=zone.key,
            duration=duration,
            rrule=rule,
            exdates=tuple(sorted(set(self._exdates(event, zone)))),
            cancelled=event.cancelled,
            sequence=event.sequence,
            link=link,
            place=place,
            emails=event.emails,
            label=label,
            follows=parent(event),
        )

    def _value(self, event: Event, prop: Any, what: str) -> datetime | date:
        try:
            value = prop.dt
        except LIBRARY_ERRORS as exc:
            raise self._refuse(event, f"has {what} that cannot be read") from exc
        if not isinstance(value, date):
            raise self._refuse(event, f"has {what} that is not a date or time")
        params = getattr(prop, "params", None) or {}
        if isinstance(value, datetime) and str(params.get("VALUE", "")).upper() == "DATE":
            return value.date()  # DTSTART;TZID=..;VALUE=DATE: icalendar makes it midnight
        return value

    def _refuse(self, event: Event, problem: str) -> InvalidInput:
        where = f" on line {event.line}" if event.line else ""
        return InvalidInput(
            f"Cannot import {self.source}: its event{where} ({quote(event.title)}) {problem}; "
            "export it again from your calendar app."
        )

    def _start(self, event: Event) -> Any:
        """The event's DTSTART property; the file is refused without one."""
        prop = event.component.get("DTSTART")
        if prop is None:
            # icalendar drops a line it cannot parse: was there one?
            written = event.raw_values("DTSTART")
            raise self._refuse(event, _BAD_START if written else "has no start (DTSTART)")
        return prop

    def _start_zone(self, event: Event) -> ZoneInfo:
        """The zone a meeting made of this event lives in."""
        prop = self._start(event)
        tzid = tzid_of(prop)
        if tzid is not None:
            return self._zone_of(event, tzid)
        value = self._value(event, prop, "a start (DTSTART)")
        if isinstance(value, datetime) and value.tzinfo is not None:
            # UTC: a series stays in UTC, where its rule is expanded; a one-off moves to the
            # calendar's zone, keeping its instant.
            return ZoneInfo("UTC") if "RRULE" in event.component else event.calendar_zone
        return event.calendar_zone

    def _zone_of(self, event: Event, tzid: str) -> ZoneInfo:
        key = (tzid, id(event.timezones))
        known = self.zones.get(key)
        if known is None or not still_fits(tzid, event.timezones, known, *span(event)):
            self.zones[key] = self._resolve(event, tzid)
        return self.zones[key]

    def _resolve(self, event: Event, tzid: str) -> ZoneInfo:
        component = event.timezones.get(tzid.strip().strip('"'))
        start, days = span(event)
        found, fixed = file_zone(tzid, component, start, days, self.prefer)
        if found is None and component is None:
            raise self._refuse(
                event,
                f"uses the time zone {quote(tzid)}, which the file does not define (no "
                "VTIMEZONE) and mentorlog does not know",
            )
        if found is None:
            raise InvalidInput(
                f"Cannot import {self.source}: its time zone {quote(tzid)} matches no time zone "
                "mentorlog knows; export the calendar again with standard zone names."
            )
        note = (
            f"Read the time zone {quote(tzid)} as the fixed offset {found.key}: "
            "no daylight saving time; edit the meetings' --tz if they follow a place's."
        )
        fixed = fixed or (component is None and found.key.startswith("Etc/"))
        if fixed and note not in self.result.notes:
            self.result.notes.append(note)
        return found

    def _wall(self, event: Event, name: str, zone: ZoneInfo) -> datetime | None:
        """The property's first time as a naive wall time in `zone` (None if absent)."""
        prop = event.component.get(name)
        if prop is None:
            return None
        if isinstance(prop, list):
            prop = prop[0]
        value = self._value(event, prop, _WHAT.get(name, name))
        return self._to_wall(event, value, tzid_of(prop), zone)

    def _to_wall(
        self, event: Event, value: datetime | date, tzid: str | None, zone: ZoneInfo
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

    def _duration(self, event: Event, start: datetime) -> int | None:
        end_prop = event.component.get("DTEND")
        length: timedelta | None = None
        if end_prop is not None:
            end = self._value(event, end_prop, "an end (DTEND)")
            if isinstance(end, datetime):
                tzid = tzid_of(end_prop)
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
        except LIBRARY_ERRORS:
            return None

    def _exdates(self, event: Event, zone: ZoneInfo) -> Iterator[datetime]:
        props = event.component.get("EXDATE")
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            tzid = tzid_of(prop)
            try:
                values = [item.dt for item in prop.dts]
            except LIBRARY_ERRORS as exc:
                raise self._refuse(
                    event, "has a cancelled occurrence (EXDATE) that cannot be read"
                ) from exc
            for value in values:
                if isinstance(value, date):
                    yield self._to_wall(event, value, tzid, zone)

    def _rule(
        self, event: Event, start: datetime, zone: ZoneInfo, label: str
    ) -> tuple[str | None, bool]:
        """(the stored RRULE or None, True), or (None, False) after noting why the event
        was left out."""
        prop = event.component.get("RRULE")
        if prop is None:
            return None, True
        props = prop if isinstance(prop, list) else [prop]
        # As written when known: icalendar reads a malformed rule as an empty one.
        texts = event.raw_values("RRULE") or [ical_text(p) for p in props]
        if len(texts) > 1:
            self.result.notes.append(
                f"{label} has {len(texts)} repeat rules (RRULE); imported with the first only."
            )
        rule, problem = stored_rule(texts[0], start, zone)
        if problem is not None:
            self._leave_out(label, problem)
            return None, False
        return rule, True


_WHAT = {"DTSTART": "a start (DTSTART)", "RECURRENCE-ID": "an occurrence (RECURRENCE-ID)"}
_BAD_START = "has a start (DTSTART) that cannot be read"


def _compact(wall: datetime) -> str:
    return f"{wall:%Y%m%dT%H%M%S}"


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _when(wall: datetime, zone: ZoneInfo) -> str:
    return f"{wall:%a} {wall.day} {wall:%b %Y} {wall:%H:%M} {zone.key}"


def _length(minutes: int) -> str:
    return format_duration(timedelta(minutes=minutes))
