"""`mentorlog action` and `mentorlog topic`: promises to keep, and things to raise next time."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.render import console, dates
from mentorlog.services import actions as service

actions_app = typer.Typer(
    help="Action items: what you and the people you meet promised to do.", no_args_is_help=True
)
topics_app = typer.Typer(
    help="Talking points: things to raise the next time you meet someone.", no_args_is_help=True
)

ActionId = Annotated[
    int, typer.Argument(help="The action's id, as `action list` shows it.", metavar="ID")
]
TopicId = Annotated[
    int, typer.Argument(help="The talking point's id, as `topic list` shows it.", metavar="ID")
]
Text = Annotated[str, typer.Argument(help="What it is.", metavar="TEXT", show_default=False)]
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


@actions_app.command("add")
def add_action(
    ctx: typer.Context,
    text: Text,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            "-o",
            help="Who does it: me (the default) or a handle.",
            metavar="me|HANDLE",
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help="When it is due: fri, 'Dec 1', 'in 3 days'...",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
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


@actions_app.command("list")
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
    from mentorlog.render.actions import actions_table

    console.show(actions_table(actions, s.now.date()))


@actions_app.command("done")
def done_action(ctx: typer.Context, action_id: ActionId, json: Json = False) -> None:
    """Mark an action item done; it leaves the list and the next agenda.

    Example: mentorlog action done 4
    """
    s = session(ctx)
    with s.writing() as journal:
        action = service.complete_action(journal, action_id, now=s.now)
    console.done(action, console.sentence(f"Done: {action.text}"), json)


@topics_app.command("add")
def add_topic(
    ctx: typer.Context,
    text: Text,
    with_: Annotated[
        str,
        typer.Option(
            "--with", "-w", help="Who to raise it with.", metavar="HANDLE", show_default=False
        ),
    ],
    json: Json = False,
) -> None:
    """Queue a talking point for the next meeting with someone.

    Example: mentorlog topic add "What does senior mean on this team?" --with alice
    """
    s = session(ctx)
    with s.writing() as journal:
        topic = service.add_topic(journal, text, person=with_, now=s.now)
    console.done(topic, f"Queued topic {topic.id} for {topic.person}: {topic.text}", json)


@topics_app.command("list")
def list_topics(
    ctx: typer.Context, with_: WithFilter = None, all_: All = False, json: Json = False
) -> None:
    """List queued talking points, oldest first.

    Example: mentorlog topic list --with alice
    """
    s = session(ctx)
    with s.reading() as journal:
        topics = service.list_topics(journal, person=with_, include_done=all_)
    if json:
        console.print_json([t.to_json() for t in topics])
        return
    if not topics:
        console.message(
            "No talking points queued. Add one with: mentorlog topic add TEXT --with HANDLE"
        )
        return
    from mentorlog.render.actions import topics_table

    console.show(topics_table(topics, s.now.date()))


@topics_app.command("done")
def done_topic(ctx: typer.Context, topic_id: TopicId, json: Json = False) -> None:
    """Mark a talking point discussed; it leaves the next agenda.

    Example: mentorlog topic done 2
    """
    s = session(ctx)
    with s.writing() as journal:
        topic = service.complete_topic(journal, topic_id, now=s.now)
    console.done(topic, console.sentence(f"Discussed: {topic.text}"), json)
