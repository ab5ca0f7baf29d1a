"""`mentorlog when` and `mentorlog schedule suggest`: working across time zones."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog import timeparse
from mentorlog.cli.commands import summary
from mentorlog.cli.context import Session, session
from mentorlog.cli.options import Json
from mentorlog.render import console
from mentorlog.services import schedule as service
from mentorlog.services.meetings import list_meetings
from mentorlog.services.people import list_people

when_app = typer.Typer()
schedule_app = typer.Typer(help=summary("schedule"), no_args_is_help=True)


def _my_clock(s: Session) -> service.Clock:
    return service.Clock(
        who="me",
        name=s.config.name or "you",
        zone=s.zone,
        hours=s.config.hours,
        days=s.config.days,
    )


@when_app.command("when")
def when(
    ctx: typer.Context,
    moment: Annotated[
        str,
        typer.Argument(
            help="The time: 'tue 15:00', 'Dec 1 9am', 'in 3 hours', 'now'...",
            metavar="WHEN",
            show_default=False,
        ),
    ],
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            help="Read WHEN in this zone (IANA name or city), or in this person's zone "
            "(default: yours).",
            metavar="ZONE|HANDLE",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """That instant on your clock and on every person's, and who is outside working hours.

    Example: mentorlog when "tue 9am" --tz bo
    """
    s = session(ctx)
    with s.reading() as journal:
        people = list_people(journal, include_archived=True)
    notes: list[str] = []
    handles = {p.handle: p.tz for p in people}
    zone = s.zone if tz is None else timeparse.resolve_zone(tz, handles, notes)
    instant = timeparse.parse_when(moment, now=s.now, tz=zone, what="moment", notes=notes)
    found = service.same_instant(instant, _my_clock(s), [p for p in people if not p.archived])
    for note in notes:
        console.warn(note)
    if json:
        console.print_json(found.to_json())
    else:
        from mentorlog.render.schedule import when_view

        console.show(when_view(found))
    if len(found.readings) == 1:
        console.message(
            "Add people with `mentorlog person add HANDLE --name N --role R --tz ZONE` to see "
            "their clocks too.",
            style="dim",
        )


@schedule_app.callback()
def schedule() -> None:
    """Find meeting times inside everyone's working hours."""


@schedule_app.command("suggest")
def suggest(
    ctx: typer.Context,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            "-w",
            help="A person to meet; repeat for several. You are always included.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    duration: Annotated[
        str | None,
        typer.Option(
            "--duration",
            "-d",
            help="How long the meeting is, up to 12h (default: your configured duration).",
            metavar="DURATION",
            show_default=False,
        ),
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="How far ahead to look: 14d (the default), 2w, '10 days'; at most 90 days.",
            metavar="PERIOD",
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", help="How many times to suggest, 1 to 50.", metavar="N")
    ] = 5,
    json: Json = False,
) -> None:
    """Times inside everyone's working hours and clear of your meetings, earliest first.

    At most one time per day until every day with a free time has one, then a second; each
    shown on every participant's clock. When no time suits everyone it says so and shows the
    closest miss (exit status 0; with --json an empty array).

    Example: mentorlog schedule suggest --with alice --with bo --duration 30m
    """
    s = session(ctx)
    wanted = service.check_count(count)
    length = service.read_length(duration, s.config.duration)
    window = service.read_window(within, length)
    with s.reading() as journal:
        people = service.participants(journal, with_ or [])
        meetings = list_meetings(journal)
    found = service.suggest(
        people, meetings, _my_clock(s), now=s.now, length=length, window=window, count=wanted
    )
    _report(found, wanted, json)


def _report(found: service.Suggestions, count: int, json: bool) -> None:
    for handle in found.archived:
        console.warn(f"{handle} is archived; suggesting times anyway.")
    if json:
        console.print_json(found.to_json())
        if found.slots and len(found.slots) == count:
            return
    from mentorlog.render import schedule as view

    if found.slots and not json:
        console.show(view.suggestions_view(found))
    if not found.slots:
        console.message(view.no_slot_message(found))
        if found.near_miss is not None:
            console.message(view.near_miss_message(found.near_miss, found.clocks))
    elif len(found.slots) < count:
        console.warn(view.fewer_message(found, count))
