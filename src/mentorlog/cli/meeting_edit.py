"""`mentorlog meeting edit`: what it says and prints, and its options that pick which
occurrences of a series change (the command itself is declared with the others in
`cli/meetings.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import typer

from mentorlog.cli.context import Session
from mentorlog.cli.meeting_warnings import warn_schedule
from mentorlog.model import Meeting
from mentorlog.render import console, dates
from mentorlog.services.meetings import MeetingInput, list_meetings
from mentorlog.services.people import list_people
from mentorlog.store import Journal

EditFrom = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Change a series from this occurrence on (default: the next one); those before "
        "stay as they were. A date alone is read in the meeting's zone.",
        metavar="WHEN",
        show_default=False,
    ),
]
EditOccurrence = Annotated[
    str | None,
    typer.Option(
        "--occurrence",
        help="Move or change this one occurrence of a series only (with --at, --duration, "
        "--title): its date, or date and time.",
        metavar="WHEN",
        show_default=False,
    ),
]
EditAll = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Rewrite the whole series, past occurrences included, in place.",
    ),
]


def run_edit(
    s: Session,
    meeting_id: int,
    given: MeetingInput,
    *,
    from_: str | None,
    occurrence: str | None,
    all_: bool,
    json: bool,
) -> None:
    """Edit the meeting as asked and say what changed."""
    from mentorlog.services.series import EditWhen, edit

    notes: list[str] = []
    when = EditWhen(from_=from_, occurrence=occurrence, all=all_)
    with s.writing() as journal:
        done = edit(journal, meeting_id, given, now=s.now, when=when, notes=notes)
        people = {p.handle: p for p in list_people(journal, include_archived=True)}
        meetings = list_meetings(journal)
    if json:
        console.print_json(done.meeting.to_json())
    from mentorlog.calendar.wall_clock import clock_note

    for note in [*notes, clock_note(done.meeting, s.now)]:
        if note:
            console.warn(note)
    meeting = done.meeting
    if done.occurrence is not None:
        moved = done.occurrence
        console.success(
            f"Changed the {_when(datetime.fromisoformat(moved.key), meeting, s)} occurrence of "
            f"meeting {meeting.id}: {moved.title}, {_at(moved.start, s)}; the series goes on."
        )
        if given.at is not None or given.duration is not None:
            warn_schedule(s, meeting, moved, people, meetings, only=moved)
        return
    upcoming = _upcoming(meeting, s)
    if done.ended is not None and done.split is not None:
        console.success(
            f"Meeting {done.ended.id} keeps its occurrences before "
            f"{_at(done.split.start, s)} and continues as meeting {meeting.id}: "
            f"{meeting.title}{upcoming}."
        )
    else:
        moved_past = ""
        if done.moved_past is not None:
            count = done.moved_past
            moved_past = f"; moved {count} past occurrence{'' if count == 1 else 's'}"
        console.success(
            console.sentence(f"Updated meeting {meeting.id}: {meeting.title}{upcoming}{moved_past}")
        )
    if _moves(given):
        from mentorlog.calendar import occurrences as occ

        warn_schedule(s, meeting, occ.next_occurrence(meeting, s.now), people, meetings)


def _moves(given: MeetingInput) -> bool:
    """Whether the edit can move the meeting in time or change who comes: worth a warning."""
    return (
        any(
            value is not None and value != ()
            for value in (given.at, given.tz, given.duration, given.every, given.people)
        )
        or given.one_off
    )


def series_lines(journal: Journal, meeting: Meeting, s: Session) -> list[str]:
    """'continues meeting 1' and 'continues as meeting 3 from Thu 19 Nov 2026 10:00 ...',
    for `meeting show`."""
    from mentorlog.calendar import occurrences as occ
    from mentorlog.services.series import continuations

    earlier, later = continuations(journal, meeting)
    lines = [] if earlier is None else [f"continues meeting {earlier.id}"]
    if later is not None:
        first = occ.next_occurrence(
            later, occ.instant(later, later.start) - timedelta(days=2), include_cancelled=True
        )
        since = f" from {_at(first.start, s)}" if first is not None else ""
        lines.append(f"continues as meeting {later.id}{since}")
    return lines


def _upcoming(meeting: Meeting, s: Session) -> str:
    """', Tue 1 Dec 2026 09:00 Europe/Berlin (weekly on Tuesday)': its next (or last) date."""
    from mentorlog.calendar import occurrences as occ

    first = occ.next_occurrence(meeting, s.now) or occ.previous_occurrence(meeting, s.now)
    when = f", {_at(first.start, s)}" if first else ""
    return when + (f" ({occ.describe(meeting)})" if meeting.recurring else "")


def _at(moment: datetime, s: Session) -> str:
    local = moment.astimezone(s.zone)
    return f"{dates.day_year_clock(local)} {s.zone.key}"


def _when(wall: datetime, meeting: Meeting, s: Session) -> str:
    from mentorlog.calendar import occurrences as occ

    return _at(occ.instant(meeting, wall), s)
