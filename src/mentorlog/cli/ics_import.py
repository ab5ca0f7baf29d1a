"""`mentorlog import ics FILE`: meetings from the invitations and calendars apps export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli.context import Session, session
from mentorlog.cli.options import Json
from mentorlog.render import console

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from mentorlog.services.ics import IcsImportResult

MAX_NOTES = 10

IcsFile = Annotated[
    Path,
    typer.Argument(
        help="An .ics file: an invitation or a calendar exported from Google, Outlook, Apple...",
        metavar="FILE",
        show_default=False,
    ),
]
With = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        help="Add this person to every meeting imported; repeat for several. (Attendees "
        "whose email is a person's are added anyway.)",
        metavar="HANDLE",
        show_default=False,
    ),
]
Zone = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="Place times the file gives without a zone (floating, or UTC) in this zone, or a "
        "person's zone by handle (default: the calendar's X-WR-TIMEZONE, else yours).",
        metavar="ZONE|HANDLE",
        show_default=False,
    ),
]


def import_ics(
    ctx: typer.Context,
    file: IcsFile,
    with_: With = None,
    tz: Zone = None,
    json: Json = False,
) -> None:
    """Import meetings from an .ics file, as Google, Outlook or Apple Calendar write them.

    Each event becomes a meeting in its own time zone, with the people whose email is
    among its attendees and anyone given with --with. It keeps the event's UID: a newer
    version of the file (a higher SEQUENCE) updates the meeting, and importing the same
    file again changes nothing. All-day events, and events with nobody you know, are
    left out with a note. Nothing is written unless the whole file can be read.

    Example: mentorlog import ics ~/Downloads/invite.ics --with alice
    """
    from mentorlog.calendar.ics_import import read_calendar
    from mentorlog.services.ics import load

    s = session(ctx)
    handles = with_ or []
    zone, prefer = _check_options(s, handles, tz)
    calendar = read_calendar(
        _read(file), str(file), zone=zone, zone_given=tz is not None, prefer=prefer
    )
    with s.writing() as journal:
        result = load(
            journal,
            calendar,
            with_handles=handles,
            now=s.now,
            default_duration=s.config.duration,
        )
    if json:
        console.print_json([m.to_json() for m in [*result.created, *result.updated]])
    for note in result.notes[:MAX_NOTES]:
        console.warn(note)
    if len(result.notes) > MAX_NOTES:
        console.warn(f"{len(result.notes) - MAX_NOTES} more events are not shown.")
    summary = _summary(result, str(file))
    if result.changed:
        console.success(summary)
    else:
        console.message(summary)


def _check_options(s: Session, handles: list[str], tz: str | None) -> tuple[ZoneInfo, list[str]]:
    """The zone for times without one, and the zones to prefer for a file's custom time
    zones (yours, then your people's); a bad --with or --tz fails before the file is read."""
    from mentorlog import timeparse
    from mentorlog.services.people import get_person, list_people

    with s.reading() as journal:
        for handle in handles:
            get_person(journal, handle)
        zones = {p.handle: p.tz for p in list_people(journal, include_archived=True)}
    notes: list[str] = []
    zone = s.zone if tz is None else timeparse.resolve_zone(tz, zones, notes)
    for note in notes:
        console.warn(note)
    return zone, [s.zone.key, *zones.values()]


def _read(file: Path) -> bytes:
    from mentorlog.cli.reading import read_import

    return read_import(
        file,
        folder_fix="give the .ics file your calendar app exported",
        shorter="export a shorter date range",
    )


def _summary(result: IcsImportResult, source: str) -> str:
    from mentorlog.render.human import plural

    left_out = _left_out(result)
    if not result.changed:
        if result.unchanged:
            every = {1: "the meeting", 2: "both meetings"}.get(
                result.unchanged, f"all {result.unchanged} meetings"
            )
            tail = f"; {left_out}" if left_out else ""
            return f"Nothing new to import: the journal already has {every} in {source}{tail}."
        return f"Nothing to import from {source}: {left_out or 'it holds no meetings'}."
    if result.created:
        text = f"Imported {plural(len(result.created), 'meeting')} from {source}"
        if result.recurring:
            text += f" ({result.recurring} recurring)"
        if result.updated:
            text += f"; updated {len(result.updated)}"
    else:
        text = f"Updated {plural(len(result.updated), 'meeting')} from {source}"
    if result.unchanged:
        text += f"; skipped {result.unchanged} (unchanged)"
    return text + (f"; {left_out}" if left_out else "") + "."


def _left_out(result: IcsImportResult) -> str:
    from mentorlog.render.human import plural

    parts = []
    if result.all_day:
        parts.append(plural(result.all_day, "all-day event"))
    if result.left_out:
        word = "other event" if result.all_day else "event"
        parts.append(plural(result.left_out, word))
    return "left out " + " and ".join(parts) if parts else ""
