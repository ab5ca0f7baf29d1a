"""Reading an .ics file: an invite (the fields of a meeting an event makes), a series split
where an override says RANGE=THISANDFUTURE (the series ends before that occurrence and
continues as a new one from it, as `meeting edit --from` does in services.series), and the
small readings of a series and its overrides that `ics_events` makes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.ics_fields import Event, ical_text
from mentorlog.calendar.ics_zones import tzid_of
from mentorlog.model import Meeting, Override
from mentorlog.timeparse import quote
from mentorlog.timeparse.rules import read_rule

__all__ = [
    "Invite",
    "duplicates_note",
    "in_rule",
    "latest",
    "parent",
    "relative_wall",
    "span",
    "split_series",
    "this_and_future",
    "wall_first",
]

_SECOND = timedelta(seconds=1)


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
    place: str | None  # LOCATION, unless it only says the link
    emails: tuple[str, ...]  # lower case, the organizer first
    label: str  # how notes name it: "'Weekly sync' (Tue 1 Dec 2026 09:00)"
    overrides: tuple[Override, ...] = ()  # occurrences of a series moved or changed alone
    follows: str | None = None  # the UID of the series this one continues (RELATED-TO)


def split_series(series: Invite, original: datetime, moved: Invite) -> tuple[Invite | None, Invite]:
    """A series split at the occurrence `original` (its wall time in the rule) by a
    THISANDFUTURE override `moved` (its start a wall time in the series' zone): the series up
    to it (None when it is the first), and a new one from it with the override's time
    shift, length, title and place, following the first (RELATED-TO, as our export says).
    Later exdates and overrides shift with it; a COUNT counts from the series' start."""
    rule = read_rule(series.rrule or "")
    assert rule is not None
    zone = ZoneInfo(series.tz)
    as_meeting = Meeting(
        title=series.title, people=[], start=series.start, tz=series.tz, rrule=series.rrule
    )
    split_at = original.replace(tzinfo=zone, fold=0)
    before = len(occ.occurrences(as_meeting, occ.instant(as_meeting, series.start), split_at))
    shift = moved.start - original
    later = replace(
        series,
        uid=f"{series.uid}-{original:%Y%m%dT%H%M%S}",
        title=moved.title,
        start=moved.start,
        duration=moved.duration if moved.duration is not None else series.duration,
        rrule=str(rule.with_part("COUNT", str(max(1, rule.count - before))))
        if rule.count is not None
        else series.rrule,
        exdates=tuple(day + shift for day in series.exdates if day >= original),
        overrides=tuple(
            Override(o.of + shift, o.start, o.duration, o.title)
            for o in series.overrides
            if o.of > original
        ),
        cancelled=moved.cancelled,
        sequence=max(series.sequence, moved.sequence),
        link=moved.link or series.link,
        place=moved.place or series.place,
        label=moved.label,
        follows=series.uid,
    )
    if before == 0:
        return None, replace(later, uid=series.uid, follows=series.follows)
    until = split_at.astimezone(UTC) - _SECOND
    ended = replace(
        series,
        rrule=str(rule.without("COUNT", "UNTIL").with_part("UNTIL", f"{until:%Y%m%dT%H%M%SZ}")),
        exdates=tuple(day for day in series.exdates if day < original),
        overrides=tuple(o for o in series.overrides if o.of < original),
    )
    return ended, later


def duplicates_note(twice: dict[str, int], masters: dict[str, Event]) -> str:
    """One note for the events that share a UID without a RECURRENCE-ID: which was kept."""
    kept = []
    for uid, count in twice.items():
        event = masters[uid]
        where = f" on line {event.line}" if event.line else ""
        short = uid if len(uid) <= 60 else uid[:59] + "\u2026"
        kept.append(f"{count} with UID {quote(short)}: kept {quote(event.title)}{where}")
    return (
        f"Found events that share a UID and are not occurrences of one series ("
        f"{'; '.join(kept)}, the highest SEQUENCE, the later on a tie)."
    )


def in_rule(series: Invite, wall: datetime) -> bool:
    """Whether the series' rule makes an occurrence at the wall time."""
    meeting = Meeting(title="", people=[], start=series.start, tz=series.tz, rrule=series.rrule)
    return wall in occ.rule_walls(meeting, wall, wall)


def latest(overrides: list[Event]) -> list[Event]:
    """One override per occurrence: the highest SEQUENCE, the later in the file on a tie."""
    chosen: dict[str, Event] = {}
    for event in overrides:
        prop = event.component.get("RECURRENCE-ID")
        key = f"{tzid_of(prop)}|{ical_text(prop)}"
        if key not in chosen or event.sequence >= chosen[key].sequence:
            chosen[key] = event
    return list(chosen.values())


def parent(event: Event) -> str | None:
    """The UID a RELATED-TO names as the event's parent (RELTYPE=PARENT, the default): for
    our own exports, the series this one continues."""
    prop = event.component.get("RELATED-TO")
    if prop is None or isinstance(prop, list):
        return None
    kind = str(getattr(prop, "params", {}).get("RELTYPE", "PARENT")).strip().upper()
    text = str(prop).strip()
    return text[:1000] if kind == "PARENT" and text else None


def this_and_future(event: Event) -> bool:
    prop = event.component.get("RECURRENCE-ID")
    params = getattr(prop, "params", None) or {}
    return str(params.get("RANGE", "")).strip().upper() == "THISANDFUTURE"


def wall_first(pair: tuple[datetime | None, Event]) -> datetime:
    return pair[0] or datetime.min


def relative_wall(invite: Invite, zone: ZoneInfo) -> datetime:
    """The invite's start as a wall time in `zone`."""
    if invite.tz == zone.key:
        return invite.start
    moment = invite.start.replace(tzinfo=ZoneInfo(invite.tz), fold=0).astimezone(zone)
    return moment.replace(tzinfo=None)


def span(event: Event) -> tuple[datetime, int]:
    """When the event starts (as UTC, roughly: its wall time) and how many days its zone
    must be right for: two years for a series, a few days for a one-off."""
    value = getattr(event.component.get("DTSTART"), "dt", None)
    moment = value if isinstance(value, datetime) else datetime(2026, 1, 1)
    if not isinstance(value, datetime) and isinstance(value, date):
        moment = datetime.combine(value, time())
    return moment.replace(tzinfo=UTC), 731 if "RRULE" in event.component else 3
