"""`meeting edit` on a series, the way calendar apps do it: the past is never rewritten.

By default a series changes from its next occurrence on (`--from` picks another): the
meeting's record ends just before that occurrence (an UNTIL, in UTC as RFC 5545 wants for a
start with a TZID) and a new record continues from it with the changes, its `follows` field
holding the old one's uid. Held, cancelled and moved occurrences from the split on move to
the new record when it still has them; an edit that would lose one is refused. A COUNT keeps
counting from the series' true start. `--all` rewrites the whole series in place, and
`--occurrence` moves or changes one occurrence only (an override on the record).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import Conflict, InvalidInput, NotFound
from mentorlog.model import HeldOccurrence, Meeting, Override, wall_text
from mentorlog.services import fields
from mentorlog.services.meetings import (
    TABLE,
    MeetingInput,
    check_dates,
    check_given,
    duration_minutes,
    find_occurrence,
    get_meeting,
    long_label,
    meeting_changes,
    read_wall_time,
    save,
)
from mentorlog.store import Journal
from mentorlog.timeparse.rules import read_rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model import MeetingStatus

__all__ = ["EditWhen", "Edited", "continuations", "edit"]

_SECOND = timedelta(seconds=1)
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class EditWhen:
    """Which occurrences `meeting edit` changes: from one on, one only, or all of them."""

    from_: str | None = None  # --from WHEN
    occurrence: str | None = None  # --occurrence WHEN
    all: bool = False  # --all


@dataclass(frozen=True)
class Edited:
    """What an edit did. `meeting` is the record that now carries the changes: the new one
    after a split, which `ended` then names."""

    meeting: Meeting
    ended: Meeting | None = None
    split: Occurrence | None = None  # the first occurrence changed, after a split
    moved_past: int | None = None  # with --all: past occurrences whose time changed
    occurrence: Occurrence | None = None  # with --occurrence: the occurrence as it now is


def edit(
    journal: Journal,
    meeting_id: int,
    given: MeetingInput,
    *,
    now: datetime,
    when: EditWhen = EditWhen(),
    notes: list[str] | None = None,
) -> Edited:
    """Change a meeting: a one-off in place, a series from an occurrence on (see above)."""
    meeting = get_meeting(journal, meeting_id)
    check_given(given)
    _check_when(meeting, given, when)
    if when.occurrence is not None:
        return _edit_one(journal, meeting, given, when.occurrence, now=now)
    if not meeting.recurring or not _readable(meeting):
        # A stored zone or rule a hand edit broke: no past can be told apart, and the edit
        # that fixes it (the one the error names) is made in place.
        return Edited(_in_place(journal, meeting, given, now=now, notes=notes))
    if when.all:
        changed = _in_place(journal, meeting, given, now=now, notes=notes)
        return Edited(changed, moved_past=_moved_past(meeting, changed, now))
    split = _split_point(meeting, when.from_, now)
    before = _rule_walls_before(meeting, split)
    if not before:  # nothing before it: the whole series is the part that changes
        return Edited(_in_place(journal, meeting, given, now=now, notes=notes, from_=split))
    return _split(journal, meeting, given, split, len(before), now=now, notes=notes)


def continuations(journal: Journal, meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The series this meeting continues, and the one that continues it, if any."""
    earlier = later = None
    for record in journal.all(TABLE):
        if meeting.follows is not None and record.get("uid") == meeting.follows:
            earlier = Meeting.from_record(record)
        elif meeting.uid is not None and record.get("follows") == meeting.uid:
            later = Meeting.from_record(record)
    return earlier, later


# -- checks ----------------------------------------------------------------------------------


def _check_when(meeting: Meeting, given: MeetingInput, when: EditWhen) -> None:
    if when.all and (when.from_ is not None or when.occurrence is not None):
        other = "--from" if when.from_ is not None else "--occurrence"
        raise InvalidInput(f"--all changes the whole series; drop {other}.")
    if when.from_ is not None and when.occurrence is not None:
        raise InvalidInput(
            "--from changes the series from one occurrence on and --occurrence one occurrence "
            "only; give one of them."
        )
    if when.occurrence is not None:
        series_wide = [
            name
            for name, value in (
                ("--every", given.every is not None or given.one_off),
                ("--until", given.until is not None),
                ("--count", given.count is not None),
                ("--with", bool(given.people)),
                ("--tz", given.tz is not None),
                ("--channel", given.channel is not None),
                ("--link", given.link is not None),
                ("--place", given.place is not None),
            )
            if value
        ]
        if series_wide:
            raise InvalidInput(
                f"--occurrence changes one occurrence's time, length or title, and "
                f"{series_wide[0]} belongs to the whole series; drop one of them."
            )
    if not meeting.recurring and (when.from_ is not None or when.occurrence is not None):
        option = "--from" if when.from_ is not None else "--occurrence"
        raise InvalidInput(
            f"Meeting {meeting.id} happens once, so it has no occurrences to pick from; drop "
            f"{option} and edit it with `mentorlog meeting edit {meeting.id}`."
        )


def _named(meeting: Meeting, text: str, now: datetime) -> Occurrence:
    """The occurrence `text` names, as `meeting cancel --occurrence` reads it: the next such
    date, else the last one."""
    try:
        return find_occurrence(meeting, text, now=now, prefer="future")
    except NotFound as first:
        try:
            return find_occurrence(meeting, text, now=now, prefer="past")
        except NotFound:
            raise first from None


def _split_point(meeting: Meeting, text: str | None, now: datetime) -> Occurrence:
    if text is None:
        upcoming = occ.next_occurrence(meeting, now, include_cancelled=True)
        if upcoming is None:
            raise Conflict(
                f"Meeting {meeting.id} has no occurrence left to change; rewrite the whole "
                f"series with `mentorlog meeting edit {meeting.id} --all ...`."
            )
        return upcoming
    try:
        return _named(meeting, text, now)
    except NotFound:
        _outside_the_series(meeting, text, now)
        raise


def _outside_the_series(meeting: Meeting, text: str, now: datetime) -> None:
    """Raise InvalidInput when --from names a time before the series or after its end."""
    zone = occ.meeting_zone(meeting)
    user = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    try:
        moment = timeparse.parse_when(text, now=now, tz=user, what="occurrence")
    except InvalidInput:
        day = timeparse.parse_date(text, today=now.date(), what="occurrence")
        moment = datetime.combine(day, time()).replace(tzinfo=zone)
    first = _first(meeting)
    if first is not None and moment < first.start_utc:
        raise InvalidInput(
            f"--from {timeparse.quote(text)} is before meeting {meeting.id} starts "
            f"({long_label(first.start)}); give one of its occurrences."
        )
    if occ.next_occurrence(meeting, moment, include_cancelled=True) is None:
        last = occ.previous_occurrence(meeting, moment, include_cancelled=True)
        end = f" ({long_label(last.start)})" if last is not None else ""
        raise InvalidInput(
            f"--from {timeparse.quote(text)} is after the last occurrence of meeting "
            f"{meeting.id}{end}; give one of its occurrences."
        )


def _readable(meeting: Meeting) -> bool:
    try:
        _first(meeting)
    except InvalidInput:
        return False
    return True


def _first(meeting: Meeting) -> Occurrence | None:
    anchor = occ.instant(meeting, meeting.start) - 2 * _DAY
    return occ.next_occurrence(meeting, anchor, include_cancelled=True)


def _rule_walls_before(meeting: Meeting, split: Occurrence) -> list[datetime]:
    """The wall times of the rule before the split occurrence's own (its key)."""
    split_wall = datetime.fromisoformat(split.key)
    low = meeting.start - 2 * _DAY
    return [w for w in occ.rule_walls(meeting, low, split_wall) if w < split_wall]


# -- in place --------------------------------------------------------------------------------


def _in_place(
    journal: Journal,
    meeting: Meeting,
    given: MeetingInput,
    *,
    now: datetime,
    notes: list[str] | None,
    from_: Occurrence | None = None,
) -> Meeting:
    """The meeting changed where it is; `from_`, the series' first occurrence the edit
    changes when nothing came before it (see `_from_now`)."""
    changes = meeting_changes(journal, meeting, given, now=now, notes=notes)
    changed = replace(meeting, sequence=meeting.sequence + 1, **changes)
    if from_ is not None:
        changed = _from_now(changed, now, from_, meeting.start)
    return save(journal, changed, "meeting edit", now=now)


def _from_now(changed: Meeting, now: datetime, split: Occurrence, stored: datetime) -> Meeting:
    """A series that had no occurrence yet, as changed: where its new rule would give it one
    before now (its stored start, a Friday, was no occurrence of "Mondays and Thursdays" and
    is one of "weekly"), it starts at its first occurrence from now on; made a one-off at
    that stored start, it is the occurrence it changed (`split`): an edit never adds to the
    past."""
    first = _first(changed)
    if first is None or first.start_utc >= now.astimezone(UTC):
        return changed
    upcoming = occ.next_occurrence(changed, now)
    if upcoming is not None:
        return replace(changed, start=upcoming.start.replace(tzinfo=None))
    if not changed.recurring and changed.start == stored:
        return replace(changed, start=split.start.replace(tzinfo=None))
    return changed


def _moved_past(old: Meeting, new: Meeting, now: datetime) -> int:
    """How many occurrences before now no longer start when and last as long as they did."""
    first = _first(old)
    if first is None or first.start_utc >= now:
        return 0
    kept = {(o.start_utc, o.end_utc) for o in occ.occurrences(new, first.start_utc, now)}
    return sum(
        1
        for o in occ.occurrences(old, first.start_utc, now)
        if (o.start_utc, o.end_utc) not in kept
    )


# -- from an occurrence on -------------------------------------------------------------------


def _split(
    journal: Journal,
    meeting: Meeting,
    given: MeetingInput,
    split: Occurrence,
    before: int,
    *,
    now: datetime,
    notes: list[str] | None,
) -> Edited:
    split_wall = datetime.fromisoformat(split.key)
    zone = occ.meeting_zone(meeting)
    split_at = occ.instant(meeting, split_wall)
    changes = meeting_changes(
        journal, meeting, given, now=now, notes=notes, near=_day_start(split_at, zone)
    )
    new_zone = timeparse.get_zone(changes.get("tz", meeting.tz))
    if "start" not in changes or given.at is None:
        changes["start"] = split_at.astimezone(new_zone).replace(tzinfo=None)
    rule = changes.get("rrule", meeting.rrule)
    if rule is not None:
        rule = _remaining(rule, before, meeting)
        check_dates(rule, changes["start"], new_zone)
    fresh = replace(
        meeting,
        id=None,
        uid=None,
        created=None,
        updated=None,
        **{**changes, "rrule": rule},
        exdates=[],
        held=[],
        overrides=[],
        status="scheduled",
        sequence=0,
        notes=None,
        agenda=None,
        agenda_for=None,
        rating=None,
        follows=meeting.uid,
    )
    ended = _ended(meeting, split_at)
    kept_last = occ.previous_occurrence(ended, split_at, include_cancelled=True)
    new_first = occ.instant(fresh, fresh.start)
    if kept_last is not None and new_first.astimezone(UTC) <= kept_last.start_utc:
        raise InvalidInput(
            f"--at {timeparse.quote(given.at or '')} is not after the last occurrence kept "
            f"({long_label(kept_last.start)}); give a later time, or an earlier --from."
        )
    fresh = _carry_marks(meeting, fresh, split_wall)
    saved_end = save(journal, ended, "meeting edit", now=now)
    record = journal.insert(TABLE, fresh.to_record(), now=now)
    continued = Meeting.from_record(record)
    journal.describe(
        f"meeting edit {meeting.id} from {wall_text(split_wall)} (continues as meeting "
        f"{continued.id})",
        now=now,
    )
    return Edited(continued, ended=saved_end, split=split)


def _day_start(moment: datetime, zone: ZoneInfo) -> datetime:
    """Midnight of the day `moment` falls on in `zone`: what --at is read from after a split,
    so that `--at 10:00` means 10:00 on the first changed occurrence's day."""
    local = moment.astimezone(zone)
    return datetime.combine(local.date(), time()).replace(tzinfo=zone)


def _remaining(rule: str, before: int, meeting: Meeting) -> str:
    """The rule of the part that continues: a COUNT counts from the series' true start."""
    read = read_rule(rule)
    if read is None or read.count is None:
        return rule
    left = read.count - before
    if left < 1:
        raise InvalidInput(
            f"Meeting {meeting.id} has had {before} occurrences already, so a count of "
            f"{read.count} leaves none to change; give a larger --count."
        )
    return str(read.with_part("COUNT", str(left)))


def _ended(meeting: Meeting, split_at: datetime) -> Meeting:
    """The series up to the split: an UNTIL one second before it (in UTC), no COUNT, and the
    marks of the occurrences it keeps."""
    read = read_rule(meeting.rrule or "")
    assert read is not None
    until = split_at.astimezone(UTC) - _SECOND
    rule = read.without("COUNT", "UNTIL").with_part("UNTIL", f"{until:%Y%m%dT%H%M%SZ}")
    split_wall = split_at.replace(tzinfo=None)
    return replace(
        meeting,
        rrule=str(rule),
        exdates=[d for d in meeting.exdates if d < split_wall],
        held=[h for h in meeting.held if _wall(h.start) < split_wall],
        overrides=[o for o in meeting.overrides if o.of < split_wall],
        agenda=meeting.agenda if _kept_agenda(meeting, split_wall) else None,
        agenda_for=meeting.agenda_for if _kept_agenda(meeting, split_wall) else None,
        sequence=meeting.sequence + 1,
    )


def _kept_agenda(meeting: Meeting, split_wall: datetime) -> bool:
    return meeting.agenda_for is None or _wall(meeting.agenda_for) < split_wall


def _wall(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return datetime.min  # a hand-edited key: it stays with the past


def _carry_marks(old: Meeting, fresh: Meeting, split_wall: datetime) -> Meeting:
    """`fresh` with the marks of the occurrences from the split on, each under its wall time
    in the new schedule; Conflict when the new schedule lacks one of them."""

    def moved(wall: datetime, what: str) -> datetime:
        instant = occ.instant(old, wall)
        there = instant.astimezone(timeparse.get_zone(fresh.tz)).replace(tzinfo=None)
        made = (
            occ.rule_walls(fresh, there, there)
            if fresh.recurring
            else [fresh.start]
            if there == fresh.start
            else []
        )
        if there not in made:
            raise Conflict(
                f"The occurrence of meeting {old.id} on {long_label(instant)} is {what}, and "
                "the new schedule has no occurrence then, so the edit would lose that; change "
                "the series from a later occurrence with --from, or all of it with --all."
            )
        return there

    held = [
        HeldOccurrence(wall_text(moved(_wall(h.start), "marked held")), h.at, h.rating)
        for h in old.held
        if _wall(h.start) >= split_wall
    ]
    exdates = [moved(d, "cancelled") for d in old.exdates if d >= split_wall]
    overrides = [
        replace(o, of=moved(o.of, "moved on its own"), start=_same_instant(old, fresh, o.start))
        for o in old.overrides
        if o.of >= split_wall
    ]
    agenda, agenda_for = None, None
    if old.agenda_for is not None and not _kept_agenda(old, split_wall):
        agenda, agenda_for = old.agenda, wall_text(moved(_wall(old.agenda_for), "planned"))
    if fresh.recurring:
        return replace(
            fresh,
            held=held,
            exdates=exdates,
            overrides=overrides,
            agenda=agenda,
            agenda_for=agenda_for,
        )
    rating = held[0].rating if held else None
    status: MeetingStatus = "cancelled" if exdates else "held" if held else "scheduled"
    return replace(fresh, status=status, rating=rating, agenda=agenda, agenda_for=agenda_for)


def _same_instant(old: Meeting, fresh: Meeting, wall: datetime) -> datetime:
    instant = occ.instant(old, wall)
    return instant.astimezone(timeparse.get_zone(fresh.tz)).replace(tzinfo=None)


# -- one occurrence --------------------------------------------------------------------------


def _edit_one(
    journal: Journal, meeting: Meeting, given: MeetingInput, text: str, *, now: datetime
) -> Edited:
    target = _named(meeting, text, now)
    if target.cancelled:
        raise Conflict(
            f"That occurrence of meeting {meeting.id} ({long_label(target.start)}) is cancelled."
        )
    of = datetime.fromisoformat(target.key)
    current = target.override or Override(of=of, start=of)
    zone = occ.meeting_zone(meeting)
    start = current.start
    if given.at is not None:
        near = _day_start(target.start, zone)
        start = read_wall_time(given.at, now=near, zone=zone, notes=None)
        clash = occ.occurrence_at(meeting, occ.instant(meeting, start))
        if clash is not None and clash.key != target.key:
            raise Conflict(
                f"Meeting {meeting.id} already meets at {long_label(clash.start)}; move the "
                "occurrence to another time."
            )
    duration = current.duration
    if given.duration is not None:
        duration = duration_minutes(given.duration, timedelta(minutes=meeting.duration))
    title = current.title
    if given.title is not None:
        title = fields.text(given.title, "meeting title", example="Career check-in")
    changed = Override(
        of=of,
        start=start,
        duration=None if duration == meeting.duration else duration,
        title=None if title == meeting.title else title,
    )
    others = [o for o in meeting.overrides if o.of != of]
    plain = changed.start == of and changed.duration is None and changed.title is None
    overrides = others if plain else sorted([*others, changed], key=lambda o: o.of)
    updated = replace(meeting, overrides=overrides, sequence=meeting.sequence + 1)
    saved = save(journal, updated, "meeting edit --occurrence", now=now)
    now_there = occ.occurrence_at(saved, occ.instant(saved, start))
    assert now_there is not None
    return Edited(saved, occurrence=now_there)
