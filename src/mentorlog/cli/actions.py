"""`mentorlog action`: promises to keep, yours and the people you meet."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.kinds import ACTIONS
from mentorlog.render import console, dates
from mentorlog.services import actions as service

app = typer.Typer(help=summary("action"), no_args_is_help=True)

ActionId = Annotated[
    int, typer.Argument(help="The action's id, as `action list` shows it.", metavar="ID")
]
Text = Annotated[str, typer.Argument(help="What it is.", metavar="TEXT", show_default=False)]
Owner = Annotated[
    str | None,
    typer.Option(
        "--owner",
        "-o",
        help="Who does it: me (the default) or a handle.",
        metavar="me|HANDLE",
        show_default=False,
    ),
]
Due = Annotated[
    str | None,
    typer.Option(
        "--due",
        help="When it is due: fri, 'Dec 1', 'in 3 days'...",
        metavar="WHEN",
        show_default=False,
    ),
]
WithFilter = Annotated[
    str | None,
    typer.Option(
        "--with",
        "-w",
        help="Only those concerning this person.",
        metavar="HANDLE",
        show_default=False,
    ),
]
All = Annotated[bool, typer.Option("--all", "-a", help="Include the ones already done.")]


@app.command("add")
def add_action(
    ctx: typer.Context,
    text: Text,
    owner: Owner = None,
    due: Due = None,
    meeting: Annotated[
        int | None,
        typer.Option(
            "--meeting",
            "-m",
            help="The meeting where it came up.",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    goal: Annotated[
        int | None,
        typer.Option("--goal", "-g", help="The goal it serves.", metavar="ID", show_default=False),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="The relationship one of your own actions belongs to.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Add an action item: yours, or someone else's with --owner.

    Example: mentorlog action add "Send Alice the draft" --due fri --with alice
    """
    s = session(ctx)
    with s.writing() as journal:
        action = service.add_action(
            journal,
            text,
            now=s.now,
            owner=owner,
            due=due,
            meeting=meeting,
            goal=goal,
            person=with_,
        )
    who = "You" if action.owner == "me" else action.owner
    due_note = f", due {dates.day(action.due)}" if action.due else ""
    message = console.sentence(f"Added action {action.id}: {who}: {action.text}{due_note}")
    console.done(action, message, json)


@app.command("list")
def list_actions(
    ctx: typer.Context, all_: All = False, with_: WithFilter = None, json: Json = False
) -> None:
    """List open action items, overdue first; --all includes the done ones.

    Example: mentorlog action list --with alice
    """
    s = session(ctx)
    with s.reading() as journal:
        actions = service.list_actions(journal, today=s.now.date(), include_done=all_, person=with_)
    if json:
        console.print_json([a.to_json() for a in actions])
        return
    if not actions:
        console.message("No open action items. Add one with: mentorlog action add TEXT --due fri")
        return
    from mentorlog.render import views

    views.actions(actions, s.now.date())


@app.command("done")
def done_action(ctx: typer.Context, action_id: ActionId, json: Json = False) -> None:
    """Mark an action item done; it leaves the list and the next agenda.

    Example: mentorlog action done 4
    """
    s = session(ctx)
    with s.writing() as journal:
        action = service.complete_action(journal, action_id, now=s.now)
    console.done(action, console.sentence(f"Done: {action.text}"), json)


@app.command("show")
def show_action(ctx: typer.Context, action_id: ActionId, json: Json = False) -> None:
    """Show one action item: who owes it, when it is due, where it came from.

    Example: mentorlog action show 4
    """
    s = session(ctx)
    with s.reading() as journal:
        action = service.get_action(journal, action_id)
    if json:
        console.print_json(action.to_json())
        return
    from mentorlog.render.actions import action_view

    console.show(action_view(action, s.now.date()))


@app.command("edit")
def edit_action(
    ctx: typer.Context,
    action_id: ActionId,
    text: Annotated[
        str | None, typer.Option("--text", help="New wording.", metavar="TEXT", show_default=False)
    ] = None,
    owner: Owner = None,
    due: Due = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            help="The meeting where it came up; none clears it.",
            metavar="ID|none",
            show_default=False,
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            help="The goal it serves; none clears it.",
            metavar="ID|none",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="The relationship one of your own actions belongs to; none clears it.",
            metavar="HANDLE|none",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Change an action item; "none" clears --due, --meeting, --goal or --with.

    Example: mentorlog action edit 4 --due "next fri" --text "Send Alice the second draft"
    """
    given = service.ActionInput(
        text=text, owner=owner, due=due, meeting=meeting, goal=goal, person=with_
    )
    s = session(ctx)
    with s.writing() as journal:
        action = service.edit_action(journal, action_id, given, now=s.now)
    console.done(action, console.sentence(f"Updated action {action.id}: {action.text}"), json)


@app.command("reopen")
def reopen_action(ctx: typer.Context, action_id: ActionId, json: Json = False) -> None:
    """Make a done action item open again; it comes back to the list and the next agenda.

    Example: mentorlog action reopen 4
    """
    s = session(ctx)
    with s.writing() as journal:
        action = service.reopen_action(journal, action_id, now=s.now)
    console.done(action, console.sentence(f"Open again: {action.text}"), json)


@app.command("delete")
def delete_action(ctx: typer.Context, action_id: ActionId, json: Json = False) -> None:
    """Delete an action item for good (undo takes it back); an import never brings it back.

    Example: mentorlog action delete 4
    """
    records.delete(ctx, ACTIONS, action_id, json=json)
