"""`mentorlog goal`: what you are working towards, and how far along you are."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import hot_lists, records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.hot_lists import due_note
from mentorlog.cli.options import Json, Note, Tags, Untags, With
from mentorlog.kinds import GOALS
from mentorlog.render import console
from mentorlog.services import goals as service
from mentorlog.services.goals import GoalInput
from mentorlog.services.people import find_person

app = typer.Typer(
    help=summary("goal"),
    no_args_is_help=True,
)

GoalId = Annotated[
    int, typer.Argument(help="The goal's id, as `goal list` shows it.", metavar="ID")
]
Why = Annotated[
    str | None,
    typer.Option("--why", help="Why this goal matters to you.", metavar="TEXT", show_default=False),
]
Due = Annotated[
    str | None,
    typer.Option(
        "--due",
        help="When it is due: 2026-12-01, 'Dec 1', fri, 'in 3 weeks'...",
        metavar="WHEN",
        show_default=False,
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(help="What you want to achieve.", metavar="TITLE", show_default=False)
    ],
    why: Why = None,
    due: Due = None,
    with_: With = None,
    tag: Tags = None,
    json: Json = False,
) -> None:
    """Add a goal, optionally shared with a person and due on a date.

    Example: mentorlog goal add "Give a conference talk" --due "in 3 months" --with alice
    """
    hot_lists.goal_add(session(ctx), title=title, why=why, due=due, with_=with_, tag=tag, json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option(
            "--status", "-s", help="Which goals to show.", metavar="active|done|dropped|all"
        ),
    ] = "active",
    with_: With = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag", "-t", help="Only goals with this tag.", metavar="TAG", show_default=False
        ),
    ] = None,
    json: Json = False,
) -> None:
    """List goals with their progress and due dates, soonest due first.

    Example: mentorlog goal list --status all --with alice
    """
    hot_lists.goal_list(session(ctx), status=status, with_=with_, tag=tag, json=json)


@app.command("show")
def show(ctx: typer.Context, goal_id: GoalId, json: Json = False) -> None:
    """Show one goal: why it matters, progress, due date and its history.

    Example: mentorlog goal show 3
    """
    s = session(ctx)
    with s.reading() as journal:
        goal = service.get_goal(journal, goal_id)
        person = find_person(journal, goal.person) if goal.person else None
    if json:
        console.print_json(goal.to_json())
        return
    from mentorlog.render.goals import goal_view

    console.show(goal_view(goal, s.now.date(), person))


@app.command("edit")
def edit(
    ctx: typer.Context,
    goal_id: GoalId,
    title: Annotated[
        str | None, typer.Option("--title", help="A new title.", metavar="TEXT", show_default=False)
    ] = None,
    why: Why = None,
    due: Due = None,
    with_: With = None,
    tag: Tags = None,
    untag: Untags = None,
    json: Json = False,
) -> None:
    """Change a goal; "none" clears --why, --due or --with.

    Example: mentorlog goal edit 3 --due "Jan 15" --tag speaking
    """
    s = session(ctx)
    given = GoalInput(
        title=title, why=why, due=due, person=with_, tags=tag or (), untags=untag or ()
    )
    with s.writing() as journal:
        goal = service.edit_goal(journal, goal_id, given, now=s.now)
    console.done(goal, f"Updated goal {goal.id}: {goal.title}{due_note(goal, s.now.date())}", json)


# ignore_unknown_options lets a negative step (-5) through as PERCENT instead of an option.
@app.command("progress", context_settings={"ignore_unknown_options": True})
def progress(
    ctx: typer.Context,
    goal_id: GoalId,
    percent: Annotated[
        str,
        typer.Argument(
            help="The new progress, 0-100 (60 or 60%), or a step (+10, -5).", metavar="PERCENT"
        ),
    ],
    note: Note = None,
    json: Json = False,
) -> None:
    """Record progress on a goal; each update is kept in its history.

    Example: mentorlog goal progress 3 60 --note "Outline accepted"
    """
    s = session(ctx)
    with s.writing() as journal:
        goal = service.record_progress(journal, goal_id, percent, now=s.now, note=note)
    hint = f"; mark it done with `mentorlog goal done {goal.id}`" if goal.progress == 100 else ""
    console.done(goal, f"Goal {goal.id} is at {goal.progress}%{hint}.", json)


@app.command("done")
def done(ctx: typer.Context, goal_id: GoalId, note: Note = None, json: Json = False) -> None:
    """Mark a goal achieved: progress 100%, the time it was completed, and a milestone.

    Example: mentorlog goal done 3 --note "Talk given at PyCon"
    """
    from mentorlog.services.milestones import goal_milestone

    s = session(ctx)
    with s.writing() as journal:
        goal = service.complete_goal(journal, goal_id, now=s.now, note=note)
        milestone = goal_milestone(journal, goal, now=s.now)
    if json:
        console.print_json(goal.to_json())
    console.celebrate(
        f"Goal {goal.id} achieved: {console.sentence(goal.title)} Well done! "
        f"(milestone {milestone.id})"
    )


@app.command("drop")
def drop(ctx: typer.Context, goal_id: GoalId, note: Note = None, json: Json = False) -> None:
    """Drop a goal you no longer pursue; it stays in the journal with its history.

    Example: mentorlog goal drop 4 --note "Priorities changed"
    """
    s = session(ctx)
    with s.writing() as journal:
        goal = service.drop_goal(journal, goal_id, now=s.now, note=note)
    console.done(goal, console.sentence(f"Dropped goal {goal.id}: {goal.title}"), json)


@app.command("reopen")
def reopen(ctx: typer.Context, goal_id: GoalId, note: Note = None, json: Json = False) -> None:
    """Make a done or dropped goal active again; the milestone `goal done` recorded goes.

    Example: mentorlog goal reopen 4
    """
    from mentorlog.services.milestones import remove_goal_milestones

    s = session(ctx)
    with s.writing() as journal:
        goal = service.reopen_goal(journal, goal_id, now=s.now, note=note)
        removed = remove_goal_milestones(journal, goal_id, now=s.now)
    gone = f" Removed its milestone {removed[0].id}." if len(removed) == 1 else ""
    if len(removed) > 1:
        gone = f" Removed its milestones {', '.join(str(m.id) for m in removed)}."
    console.done(goal, f"Goal {goal.id} is active again, at {goal.progress}%.{gone}", json)


@app.command("delete")
def delete(
    ctx: typer.Context, goal_id: GoalId, cascade: records.Cascade = False, json: Json = False
) -> None:
    """Delete a goal; its action items, milestones and feedback lose the link to it, or
    with --cascade go with it. Undo takes it all back.

    Example: mentorlog goal delete 4
    """
    records.delete(ctx, GOALS, goal_id, json=json, cascade=cascade)
