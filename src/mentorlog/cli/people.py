"""`mentorlog person`: the people you mentor, are mentored by, or learn with."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import params, records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json, Tags, Untags
from mentorlog.kinds import PEOPLE
from mentorlog.model import Person
from mentorlog.render import console
from mentorlog.services import goals as goal_service
from mentorlog.services import people as service
from mentorlog.services.feedback import meeting_ratings
from mentorlog.services.meetings import list_meetings
from mentorlog.services.people import PersonInput
from mentorlog.services.relationships import heartbeats

app = typer.Typer(
    help=summary("person"),
    no_args_is_help=True,
)

Handle = Annotated[
    str,
    typer.Argument(help="The person's handle, e.g. alice.", metavar="HANDLE", show_default=False),
]
Name = Annotated[
    str | None, typer.Option("--name", help="Their full name.", metavar="NAME", show_default=False)
]
Role = Annotated[
    str | None,
    typer.Option(
        "--role", help="Who they are to you.", metavar="mentor|mentee|peer", show_default=False
    ),
]
Zone = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="Their time zone: an IANA name or a city, e.g. America/New_York or 'New York'.",
        metavar="ZONE",
        show_default=False,
    ),
]
Email = Annotated[
    str | None,
    typer.Option("--email", help="Their email address.", metavar="EMAIL", show_default=False),
]
Channel = Annotated[
    str | None,
    typer.Option(
        "--channel",
        help="How you usually meet.",
        metavar="video|call|chat|email|in-person",
        show_default=False,
    ),
]
Cadence = Annotated[
    str | None,
    typer.Option(
        "--cadence",
        help="How often you mean to meet: weekly, 2w, monthly...",
        metavar="CADENCE",
        show_default=False,
    ),
]
Hours = Annotated[
    str | None,
    typer.Option(
        "--hours",
        help="Their working hours, e.g. 9am-5pm (default 09:00-17:00).",
        metavar="HOURS",
        show_default=False,
    ),
]
Days = Annotated[
    str | None,
    typer.Option(
        "--days",
        help="Their working days, e.g. mon-thu (default mon-fri).",
        metavar="DAYS",
        show_default=False,
    ),
]
Expectations = Annotated[
    str | None,
    typer.Option(
        "--expectations",
        help="What you agreed about the relationship: goals, boundaries, how to reach each other.",
        metavar="TEXT",
        show_default=False,
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    handle: Handle,
    name: Name = None,
    role: Role = None,
    tz: Zone = None,
    email: Email = None,
    channel: Channel = None,
    cadence: Cadence = None,
    hours: Hours = None,
    days: Days = None,
    expectations: Expectations = None,
    tag: Tags = None,
    json: Json = False,
) -> None:
    """Add a person: a mentor, a mentee or a peer.

    --name, --role and --tz are required.

    Example: mentorlog person add alice --name "Alice Chen" --role mentor --tz Asia/Tokyo
    """
    s = session(ctx)
    notes: list[str] = []
    given = PersonInput(
        name=name, role=role, tz=params.zone(tz, notes), email=email, channel=channel,
        cadence=cadence, hours=hours, days=days, expectations=expectations, tags=tag or (),
    )  # fmt: skip
    with s.writing() as journal:
        person = service.add_person(journal, handle, given, now=s.now)
    for note in notes:
        console.warn(note)
    added = f"Added {person.handle} ({person.name}), your {person.role} in {person.tz}."
    console.done(person, added, json)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include archived people.")] = False,
    json: Json = False,
) -> None:
    """List the people in your journal, with the time on their clock now.

    Example: mentorlog person list
    """
    s = session(ctx)
    with s.reading() as journal:
        people = service.list_people(journal, include_archived=all_)
        beats = heartbeats(journal, people, s.now) if not json else {}
    if json:
        console.print_json([p.to_json() for p in people])
        return
    if not people:
        console.message(
            "Nobody here yet. Add someone with: "
            "mentorlog person add HANDLE --name NAME --role mentor --tz ZONE"
        )
        return
    from mentorlog.render import views

    views.people(people, s.now, beats)


@app.command("show")
def show(ctx: typer.Context, handle: Handle, json: Json = False) -> None:
    """Show one relationship: their zone and time now, how you meet, your shared goals.

    Example: mentorlog person show alice
    """
    s = session(ctx)
    with s.reading() as journal:
        person = service.get_person(journal, handle)
        goals = goal_service.list_goals(journal, person=person.handle)
        meetings = list_meetings(journal)
        rating = meeting_ratings(meetings).get(person.handle)
        beat = heartbeats(journal, [person], s.now)[person.handle]
    if json:
        console.print_json(
            person.to_json()
            | {"meeting_rating": rating.to_json() if rating else None, "heartbeat": beat.to_json()}
        )
        return
    from mentorlog.render.people import person_view

    console.show(person_view(person, goals, s.now, beat, rating))


@app.command("edit")
def edit(
    ctx: typer.Context,
    handle: Handle,
    name: Name = None,
    role: Role = None,
    tz: Zone = None,
    email: Email = None,
    channel: Channel = None,
    cadence: Cadence = None,
    hours: Hours = None,
    days: Days = None,
    expectations: Expectations = None,
    tag: Tags = None,
    untag: Untags = None,
    json: Json = False,
) -> None:
    """Change what you know about a person; "none" clears --email, --channel or --cadence.

    Example: mentorlog person edit alice --tz Europe/Lisbon --cadence monthly
    """
    s = session(ctx)
    notes: list[str] = []
    given = PersonInput(
        name=name, role=role, tz=params.zone(tz, notes), email=email, channel=channel,
        cadence=cadence, hours=hours, days=days, expectations=expectations, tags=tag or (),
        untags=untag or (),
    )  # fmt: skip
    with s.writing() as journal:
        before = service.get_person(journal, handle)
        person = service.edit_person(journal, handle, given, now=s.now)
    for note in notes:
        console.warn(note)
    console.done(person, f"Updated {person.handle}: {_changes(before, person)}.", json)


# What `person edit` names when it says what changed, in this order.
EDITED_FIELDS = {
    "name": "name", "role": "role", "tz": "zone", "email": "email", "channel": "channel",
    "cadence": "cadence", "hours": "hours", "days": "days", "expectations": "expectations",
    "tags": "tags",
}  # fmt: skip


def _changes(before: Person, after: Person) -> str:
    """'role mentee → peer, zone UTC → Europe/Lisbon', or 'nothing changed'."""

    def shown(value: object) -> str:
        if isinstance(value, list | tuple):
            return ",".join(str(v) for v in value) or "none"
        return "none" if value in (None, "") else str(value)

    old, new = before.to_json(), after.to_json()
    parts = [
        f"{label} {shown(old.get(field))} → {shown(new.get(field))}"
        for field, label in EDITED_FIELDS.items()
        if old.get(field) != new.get(field)
    ]
    return ", ".join(parts) or "nothing changed"


@app.command("archive")
def archive(ctx: typer.Context, handle: Handle, json: Json = False) -> None:
    """Archive a person: hidden from lists, kept with everything you shared.

    Example: mentorlog person archive bob
    """
    s = session(ctx)
    with s.writing() as journal:
        person = service.set_archived(journal, handle, True, now=s.now)
    console.done(
        person,
        f"Archived {person.handle}; `mentorlog person unarchive {person.handle}` brings them back.",
        json,
    )


@app.command("unarchive")
def unarchive(ctx: typer.Context, handle: Handle, json: Json = False) -> None:
    """Bring an archived person back.

    Example: mentorlog person unarchive bob
    """
    s = session(ctx)
    with s.writing() as journal:
        person = service.set_archived(journal, handle, False, now=s.now)
    console.done(person, f"{person.handle} is active again.", json)


@app.command("delete")
def delete(
    ctx: typer.Context,
    handle: Handle,
    cascade: Annotated[
        bool,
        typer.Option(
            "--cascade",
            help="Delete their goals, meetings, actions, talking points, feedback, milestones "
            "and notes too (a meeting or note with others only loses them).",
        ),
    ] = False,
    reassign: records.Reassign = None,
    json: Json = False,
) -> None:
    """Delete a person; refused while they have records, unless --cascade or --reassign.

    To keep them out of lists but in the journal, use archive. Undo takes a deletion back.

    Example: mentorlog person delete sam --reassign alice
    """
    records.delete(ctx, PEOPLE, handle, json=json, cascade=cascade, reassign=reassign)
