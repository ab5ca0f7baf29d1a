"""`mentorlog meeting`: calls with your people, one-off or recurring, in everyone's time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog import timeparse
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.cli import params
from mentorlog.cli.commands import summary
from mentorlog.cli.context import Session, session
from mentorlog.cli.meeting_edit import EditAll, EditFrom, EditOccurrence, run_edit, series_lines
from mentorlog.cli.meeting_notes import notes
from mentorlog.cli.meeting_warnings import warn_schedule
from mentorlog.cli.options import Json
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting
from mentorlog.render import console, dates
from mentorlog.services import meetings as service
from mentorlog.services.meetings import MeetingInput
from mentorlog.services.people import list_people

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help=summary("meeting"),
    no_args_is_help=True,
)

WINDOW = timedelta(days=30)

MeetingId = Annotated[
    int, typer.Argument(help="The meeting's id, as `meeting list` shows it.", metavar="ID")
]
With = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        help="A participant's handle; repeat for a group.",
        metavar="HANDLE",
        show_default=False,
    ),
]
At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When: 'tue 9am', 'Dec 1 15:00', '2026-12-01 09:00'...",
        metavar="WHEN",
        show_default=False,
    ),
]
Zone = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="Read --at in this zone (IANA name or city), or in a person's zone by handle; "
        "the meeting keeps "
        "its wall time there across DST (default: yours).",
        metavar="ZONE|HANDLE",
        show_default=False,
    ),
]
Duration = Annotated[
    str | None,
    typer.Option(
        "--duration",
        "-d",
        help="How long: 45m, 1h, 1h30m (default: config duration).",
        metavar="LENGTH",
        show_default=False,
    ),
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Repeat: weekly, biweekly, monthly, 'every 3 weeks', 2w, 'every weekday', "
        "'every 4th wednesday', 'last friday' or an RRULE "
        "(FREQ=MONTHLY;BYDAY=1TU).",
        metavar="RULE",
        show_default=False,
    ),
]
Until = Annotated[
    str | None,
    typer.Option("--until", help="Last day of the series.", metavar="WHEN", show_default=False),
]
Count = Annotated[
    int | None,
    typer.Option(
        "--count", help="How many meetings in the series.", metavar="N", show_default=False
    ),
]
Title = Annotated[
    str | None,
    typer.Option(
        "--title", help="Default: Mentoring with NAME.", metavar="TEXT", show_default=False
    ),
]
Channel = Annotated[
    str | None,
    typer.Option(
        "--channel",
        help="How you meet (default: the first person's channel).",
        metavar="video|call|chat|email|in-person",
        show_default=False,
    ),
]
Link = Annotated[
    str | None,
    typer.Option("--link", help="The call's URL.", metavar="URL", show_default=False),
]
Place = Annotated[
    str | None,
    typer.Option(
        "--place",
        help="Where you meet: a room or an address (LOCATION in calendar apps); none clears.",
        metavar="TEXT",
        show_default=False,
    ),
]
Occurrence_ = Annotated[
    str | None,
    typer.Option(
        "--occurrence",
        help="One occurrence of a series: its date, or date and time, on your clock as "
        "`meeting list` shows it.",
        metavar="WHEN",
        show_default=False,
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    with_: With = None,
    at: At = None,
    tz: Zone = None,
    duration: Duration = None,
    every: Every = None,
    until: Until = None,
    count: Count = None,
    title: Title = None,
    channel: Channel = None,
    link: Link = None,
    place: Place = None,
    json: Json = False,
) -> None:
    """Schedule a meeting, once or recurring, with one or more people.

    Example: mentorlog meeting add --with alice --at "tue 9am" --tz alice --every 2w
    """
    s = session(ctx)
    given = _given(with_, at, tz, duration, every, until, count, title, channel, link, place)
    notes: list[str] = []
    with s.writing() as journal:
        meeting = service.add_meeting(
            journal, given, now=s.now, default_duration=s.config.duration, notes=notes
        )
        people = {p.handle: p for p in list_people(journal, include_archived=True)}
        meetings = service.list_meetings(journal)
    upcoming = _report(s, meeting, notes, f"Scheduled meeting {meeting.id}", json)
    warn_schedule(s, meeting, upcoming, people, meetings)


@app.command("list")
def list_(
    ctx: typer.Context,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help="The next 30 days (the default).")
    ] = False,
    past: Annotated[bool, typer.Option("--past", help="The last 30 days, latest first.")] = False,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Only meetings with this person.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Start of the window.", metavar="WHEN", show_default=False),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="End of the window.", metavar="WHEN", show_default=False),
    ] = None,
    json: Json = False,
) -> None:
    """List meetings in a window, in your time, with each person's time beside it.

    Example: mentorlog meeting list --past --with alice
    """
    s = session(ctx)
    start, end = _window(s, upcoming=upcoming, past=past, from_=from_, to=to)
    with s.reading() as journal:
        found = service.occurrences_between(journal, start, end, person=with_)
        people = {p.handle: p for p in list_people(journal, include_archived=True)}
    if past:
        found.reverse()
    if json:
        console.print_json([o.to_json() for o in found])
        return
    if not found:
        console.message(_nothing_message(start, end, s))
        return
    from mentorlog.render import views

    views.meetings(found, people, s.zone, s.now)


@app.command("show")
def show(ctx: typer.Context, meeting_id: MeetingId, json: Json = False) -> None:
    """Show a meeting: its schedule, the people and their clocks, the next dates and notes.

    Example: mentorlog meeting show 3
    """
    s = session(ctx)
    with s.reading() as journal:
        meeting = service.get_meeting(journal, meeting_id)
        people = {p.handle: p for p in list_people(journal, include_archived=True)}
        series = series_lines(journal, meeting, s)
    if json:
        console.print_json(meeting.to_json())
        return
    from mentorlog.calendar import occurrences as occ
    from mentorlog.calendar.wall_clock import clock_note
    from mentorlog.render.meetings import meeting_view

    upcoming = occ.occurrences(meeting, s.now, s.now + timedelta(days=366))[:5]
    clock = clock_note(meeting, s.now)
    console.show(meeting_view(meeting, upcoming, people, s.zone, s.now, series, clock))


@app.command("edit")
def edit(
    ctx: typer.Context,
    meeting_id: MeetingId,
    with_: With = None,
    at: At = None,
    tz: Zone = None,
    duration: Duration = None,
    every: Every = None,
    until: Until = None,
    count: Count = None,
    title: Title = None,
    channel: Channel = None,
    link: Link = None,
    place: Place = None,
    from_: EditFrom = None,
    occurrence: EditOccurrence = None,
    all_: EditAll = False,
    json: Json = False,
) -> None:
    """Change a meeting; a series changes from its next occurrence on, its past kept.

    The series ends before that occurrence (or --from's) and continues as a new meeting;
    --all rewrites all of it, --occurrence moves one date only. --with replaces the
    participants, --every none makes it one-off. Calendar apps see each edit as a revision.

    Example: mentorlog meeting edit 3 --at "wed 10:00" --duration 1h
    """
    given = _given(with_, at, tz, duration, every, until, count, title, channel, link, place)
    run_edit(
        session(ctx), meeting_id, given, from_=from_, occurrence=occurrence, all_=all_, json=json
    )


@app.command("cancel")
def cancel(
    ctx: typer.Context, meeting_id: MeetingId, occurrence: Occurrence_ = None, json: Json = False
) -> None:
    """Cancel a meeting, or with --occurrence just one date of a series.

    Example: mentorlog meeting cancel 3 --occurrence "Dec 22"
    """
    s = session(ctx)
    with s.writing() as journal:
        meeting, dropped = service.cancel(journal, meeting_id, now=s.now, occurrence=occurrence)
    if json:
        console.print_json(meeting.to_json())
    if dropped is None:
        console.success(console.sentence(f"Cancelled meeting {meeting.id}: {meeting.title}"))
    else:
        console.success(
            f"Cancelled {_when(dropped.start, s)} of meeting {meeting.id}; the series goes on."
        )


app.command("notes")(notes)


@app.command("done")
def done(
    ctx: typer.Context,
    meeting_id: MeetingId,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating", "-r", help="How useful it was, 1-5.", metavar="1-5", show_default=False
        ),
    ] = None,
    occurrence: Occurrence_ = None,
    json: Json = False,
) -> None:
    """Mark a meeting held (for a series: the occurrence that last started), with a rating.

    Example: mentorlog meeting done 3 --rating 5
    """
    s = session(ctx)
    score = params.rating(rating)
    with s.writing() as journal:
        meeting, held = service.mark_held(
            journal, meeting_id, now=s.now, rating=score, occurrence=occurrence
        )
    if json:
        console.print_json(held.to_json())
    stars = f", rated {'★' * held.rating}" if held.rating else ""
    console.success(f"Marked {_when(held.start, s)} of meeting {meeting.id} held{stars}.")


@app.command("delete")
def delete(ctx: typer.Context, meeting_id: MeetingId, json: Json = False) -> None:
    """Delete a meeting, every occurrence of it (undo takes it back); its action items and
    feedback keep their text and lose the link. To drop one date of a series, use cancel.

    Example: mentorlog meeting delete 3
    """
    from mentorlog.cli import records
    from mentorlog.kinds import MEETINGS

    records.delete(ctx, MEETINGS, meeting_id, json=json)


# -- helpers ---------------------------------------------------------------------------------


def _given(
    people: list[str] | None,
    at: str | None,
    tz: str | None,
    duration: str | None,
    every: str | None,
    until: str | None,
    count: int | None,
    title: str | None,
    channel: str | None,
    link: str | None,
    place: str | None = None,
) -> MeetingInput:
    """The options of `meeting add` and `meeting edit`, the typed ones read."""
    repeat = params.repeat(every)
    return MeetingInput(
        people=people or (),
        at=at,
        tz=tz,
        duration=params.meeting_length(duration),
        every=repeat.rule if repeat is not None else None,
        one_off=repeat is not None and repeat.one_off,
        until=until,
        count=count,
        title=title,
        channel=channel,
        link=link,
        place=place,
    )


def _report(
    s: Session, meeting: Meeting, notes: list[str], verb: str, json: bool
) -> Occurrence | None:
    """Say what was scheduled; returns the next occurrence, for the warnings that follow."""
    if json:
        console.print_json(meeting.to_json())
    from mentorlog.calendar import occurrences as occ
    from mentorlog.calendar.wall_clock import clock_note

    for note in [*notes, clock_note(meeting, s.now)]:
        if note:
            console.warn(note)
    upcoming = occ.next_occurrence(meeting, s.now)
    first = upcoming or occ.previous_occurrence(meeting, s.now)
    when = f", {_when(first.start, s)}" if first else ""
    schedule = f" ({occ.describe(meeting)})" if meeting.recurring else ""
    console.success(console.sentence(f"{verb}: {meeting.title}{when}{schedule}"))
    return upcoming


def _when(moment: datetime, s: Session) -> str:
    local = moment.astimezone(s.zone)
    return f"{dates.day_year_clock(local)} {s.zone.key}"


def _window(
    s: Session, *, upcoming: bool, past: bool, from_: str | None, to: str | None
) -> tuple[datetime, datetime]:
    if upcoming and past:
        raise InvalidInput("Choose --upcoming or --past, not both.")
    if (upcoming or past) and (from_ or to):
        raise InvalidInput("--from and --to set their own window; drop --upcoming and --past.")
    now = s.now
    if past:
        return now - WINDOW, now
    if from_ is None and to is None:
        return now, now + WINDOW
    start = _bound(from_, s, time(0, 0), near=now) if from_ else now
    end = (
        _bound(to, s, time(23, 59, 59), near=start) + timedelta(seconds=1) if to else start + WINDOW
    )
    if end <= start:
        a = start.astimezone(s.zone)
        raise InvalidInput(
            f"--to {timeparse.quote(to or '')} is not after the start of the window "
            f"({dates.day_year_clock(a)}); give a later date."
        )
    return start, end


def _bound(text: str, s: Session, default: time, *, near: datetime) -> datetime:
    """A window edge: a date without a year is the one nearest `near`, before or after."""
    read = [
        timeparse.parse_when(
            text, now=near, tz=s.zone, default_time=default, prefer=prefer, what="date"
        ).astimezone(UTC)
        for prefer in ("future", "past")
    ]
    return min(read, key=lambda moment: abs(moment - near))


def _nothing_message(start: datetime, end: datetime, s: Session) -> str:
    a, b = start.astimezone(s.zone), (end - timedelta(seconds=1)).astimezone(s.zone)
    return (
        f"No meetings from {dates.day(a)} to {dates.day(b)}. Schedule one with: "
        "mentorlog meeting add --with HANDLE --at WHEN"
    )
