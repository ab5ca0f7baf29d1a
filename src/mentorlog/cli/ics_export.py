"""`mentorlog export ics`: the meeting schedule as an iCalendar file for any calendar app."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli.context import session
from mentorlog.cli.hot_calendar import export_ics as body
from mentorlog.cli.options import Out

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
    body(
        session(ctx),
        with_=with_,
        from_=from_,
        to=to,
        out=out,
        include=include,
        alarm=alarm,
        attendees=attendees,
    )
