"""`mentorlog export ics`: the meeting schedule as an iCalendar file for any calendar app."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli.context import session
from mentorlog.cli.options import Out
from mentorlog.cli.output import write_document
from mentorlog.render import console

if TYPE_CHECKING:
    from mentorlog.calendar.ics_export import IcsExport

WithPerson = Annotated[
    str | None,
    typer.Option(
        "--with",
        "-w",
        help="Only meetings with this person (and their actions and goals).",
        metavar="HANDLE",
        show_default=False,
    ),
]
From = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Only meetings with an occurrence on or after this (whole series are kept).",
        metavar="WHEN",
        show_default=False,
    ),
]
To = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="Only meetings with an occurrence on or before this.",
        metavar="WHEN",
        show_default=False,
    ),
]
Include = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        "-i",
        help="Also export open action items with a due date (as to-dos) and goal due dates "
        "(as all-day events): actions, goals, or actions,goals.",
        metavar="actions,goals",
        show_default=False,
    ),
]
Alarm = Annotated[
    str | None,
    typer.Option(
        "--alarm",
        help="Remind this long before each meeting (default: config alarm, 15m); 0 or none "
        "for no reminder.",
        metavar="DURATION",
        show_default=False,
    ),
]


Attendees = Annotated[
    bool,
    typer.Option(
        "--attendees",
        help="Add ORGANIZER (config email) and ATTENDEE (people's emails) to each meeting; "
        "the file stays a published calendar, not an invitation.",
    ),
]


def export_ics(
    ctx: typer.Context,
    with_: WithPerson = None,
    from_: From = None,
    to: To = None,
    out: Out = None,
    include: Include = None,
    alarm: Alarm = None,
    attendees: Attendees = False,
) -> None:
    """Export meetings as an iCalendar (.ics) file that calendar apps import correctly.

    Each meeting keeps its own time zone, repeat rule and cancelled dates, its uid (so a
    second import updates rather than duplicates) and a reminder. Private notes, meeting
    notes and feedback never go into the file. Without --out the calendar goes to stdout.

    Example: mentorlog export ics --include actions,goals --out mentoring.ics
    """
    from mentorlog.calendar import ics_export as service
    from mentorlog.services.ics import export_calendar

    s = session(ctx)
    start, end = service.read_window(from_, to, now=s.now, zone=s.zone)
    request = service.IcsRequest(
        person=with_,
        start=start,
        end=end,
        include=service.parse_include(include or []),
        alarm=service.parse_alarm(alarm) if alarm is not None else s.config.alarm,
        attendees=attendees,
    )
    with s.reading() as journal:
        exported = export_calendar(
            journal,
            request,
            now=s.now,
            me=service.Me(s.config.name, s.zone, s.config.email if attendees else ""),
        )
    if out is None:
        _write_stdout(exported.data)
        console.message(_summary(exported) + ".")
    else:
        # The bytes are UTF-8 with CRLF line ends already; decoding keeps them as they are.
        write_document(out, exported.data.decode("utf-8"))
        console.success(f"{_summary(exported)} to {out}.")
    if exported.meetings == 0:
        filtered = with_ is not None or from_ is not None or to is not None
        console.warn(
            "no meetings matched --with, --from or --to; the calendar holds no meetings."
            if filtered
            else "there are no meetings to export yet; add one with "
            "`mentorlog meeting add --with HANDLE --at WHEN`."
        )


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()


def _summary(exported: IcsExport) -> str:
    meetings = _count(exported.meetings, "meeting")
    if exported.recurring:
        meetings += f" ({exported.recurring} recurring)"
    parts = [meetings]
    if exported.actions:
        parts.append(_count(exported.actions, "action item"))
    if exported.goals:
        parts.append(_count(exported.goals, "goal due date"))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Exported {listed}"


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
