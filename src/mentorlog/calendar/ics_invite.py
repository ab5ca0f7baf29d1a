"""Reading an .ics file: an invite (the fields of a meeting an event makes), and a series
split where an override says RANGE=THISANDFUTURE: the series ends before that occurrence and
continues as a new one from it, as `meeting edit --from` does (services.series).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mentorlog.calendar import occurrences as occ
from mentorlog.model import Meeting, Override
from mentorlog.timeparse.rules import read_rule

__all__ = ["Invite", "split_series"]

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
