"""`mentorlog milestone`: achievements worth celebrating."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from mentorlog.cli import records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json, WithFilter
from mentorlog.kinds import MILESTONES
from mentorlog.model import Milestone
from mentorlog.render import console
from mentorlog.services import milestones as service

app = typer.Typer(help=summary("milestone"), no_args_is_help=True)

On = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="The day it happened (default today): yesterday, 'Nov 3', 2026-11-03...",
        metavar="WHEN",
        show_default=False,
    ),
]
MilestoneId = Annotated[
    int, typer.Argument(help="The milestone's id, as `milestone list` shows it.", metavar="ID")
]
GoalLink = Annotated[
    int | None,
    typer.Option("--goal", "-g", help="The goal it is about.", metavar="ID", show_default=False),
]


@app.command("add")
def add_milestone(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What you achieved.", metavar="TITLE")],
    goal: GoalLink = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with", "-w", help="Who it is shared with.", metavar="HANDLE", show_default=False
        ),
    ] = None,
    on: On = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", "-n", help="A few words about it.", metavar="TEXT", show_default=False
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Celebrate an achievement: a first talk, a promotion, a hard review survived.

    Example: mentorlog milestone add "First PR merged" --goal 2 --on yesterday
    """
    s = session(ctx)
    with s.writing() as journal:
        milestone = service.add_milestone(
            journal, title, now=s.now, goal=goal, person=with_, on=on, note=note
        )
    if json:
        console.print_json(milestone.to_json())
    when = _when(milestone, s.now.date())
    console.celebrate(console.sentence(f"Milestone {milestone.id}: {milestone.title}{when}"))


def _when(milestone: Milestone, today: date) -> str:
    from mentorlog.render.human import short_date

    return "" if milestone.on == today else f", {short_date(milestone.on, today)}"


@app.command("list")
def list_milestones(
    ctx: typer.Context,
    with_: WithFilter = None,
    goal: Annotated[
        int | None,
        typer.Option(
            "--goal", "-g", help="Only those of this goal.", metavar="ID", show_default=False
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only those on or after this day: 2026-01-01, 'Sep 1', '30 days ago', "
            "'3 months ago'.",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """List milestones, most recent first.

    Example: mentorlog milestone list --since "90 days ago"
    """
    from mentorlog import timeparse

    s = session(ctx)
    start = (
        timeparse.parse_date(since, today=s.now.date(), prefer="past", what="--since date")
        if since
        else None
    )
    with s.reading() as journal:
        items = service.list_milestones(journal, person=with_, goal=goal, since=start)
    if json:
        console.print_json([m.to_json() for m in items])
        return
    if not items:
        console.message(
            "No milestones yet. Celebrate one with: mentorlog milestone add TITLE"
            if not (with_ or goal or since)
            else "No milestones match."
        )
        return
    from mentorlog.render.milestones import milestones_table

    console.show(milestones_table(items, s.now.date()))


@app.command("show")
def show_milestone(ctx: typer.Context, milestone_id: MilestoneId, json: Json = False) -> None:
    """Show one milestone: the day, who it is shared with, its goal and note.

    Example: mentorlog milestone show 2
    """
    s = session(ctx)
    with s.reading() as journal:
        milestone = service.get_milestone(journal, milestone_id)
    if json:
        console.print_json(milestone.to_json())
        return
    from mentorlog.render.milestones import milestone_view

    console.show(milestone_view(milestone))


@app.command("edit")
def edit_milestone(
    ctx: typer.Context,
    milestone_id: MilestoneId,
    title: Annotated[
        str | None,
        typer.Option("--title", help="A new title.", metavar="TEXT", show_default=False),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            help="The goal it belongs to; none clears it.",
            metavar="ID|none",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Who it is shared with; none clears it.",
            metavar="HANDLE|none",
            show_default=False,
        ),
    ] = None,
    on: On = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            "-n",
            help="A few words; none clears them.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Change a milestone; "none" clears --goal, --with or --note.

    Example: mentorlog milestone edit 2 --on "Nov 3" --title "First PR merged upstream"
    """
    given = service.MilestoneInput(title=title, goal=goal, person=with_, on=on, note=note)
    s = session(ctx)
    with s.writing() as journal:
        milestone = service.edit_milestone(journal, milestone_id, given, now=s.now)
    console.done(
        milestone, console.sentence(f"Updated milestone {milestone.id}: {milestone.title}"), json
    )


@app.command("delete")
def delete_milestone(ctx: typer.Context, milestone_id: MilestoneId, json: Json = False) -> None:
    """Delete a milestone for good (undo takes it back).

    Example: mentorlog milestone delete 2
    """
    records.delete(ctx, MILESTONES, milestone_id, json=json)
