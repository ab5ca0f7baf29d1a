"""`mentorlog topic`: things to raise the next time you meet someone."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.kinds import TOPICS
from mentorlog.render import console
from mentorlog.services import topics as service

app = typer.Typer(help=summary("topic"), no_args_is_help=True)

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


@app.command("add")
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


@app.command("list")
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
    from mentorlog.render import views

    views.topics(topics, s.now.date())


@app.command("done")
def done_topic(ctx: typer.Context, topic_id: TopicId, json: Json = False) -> None:
    """Mark a talking point discussed; it leaves the next agenda.

    Example: mentorlog topic done 2
    """
    s = session(ctx)
    with s.writing() as journal:
        topic = service.complete_topic(journal, topic_id, now=s.now)
    console.done(topic, console.sentence(f"Discussed: {topic.text}"), json)


@app.command("show")
def show_topic(ctx: typer.Context, topic_id: TopicId, json: Json = False) -> None:
    """Show one talking point: who to raise it with, and whether it was discussed.

    Example: mentorlog topic show 2
    """
    s = session(ctx)
    with s.reading() as journal:
        topic = service.get_topic(journal, topic_id)
    if json:
        console.print_json(topic.to_json())
        return
    from mentorlog.render.topics import topic_view

    console.show(topic_view(topic))


@app.command("edit")
def edit_topic(
    ctx: typer.Context,
    topic_id: TopicId,
    text: Annotated[
        str | None, typer.Option("--text", help="New wording.", metavar="TEXT", show_default=False)
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Raise it with this person instead.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Change a talking point's wording, or who to raise it with.

    Example: mentorlog topic edit 2 --text "What does staff mean on this team?"
    """
    s = session(ctx)
    with s.writing() as journal:
        topic = service.edit_topic(journal, topic_id, now=s.now, text=text, person=with_)
    console.done(topic, console.sentence(f"Updated topic {topic.id}: {topic.text}"), json)


@app.command("reopen")
def reopen_topic(ctx: typer.Context, topic_id: TopicId, json: Json = False) -> None:
    """Queue a discussed talking point again, for the next meeting.

    Example: mentorlog topic reopen 2
    """
    s = session(ctx)
    with s.writing() as journal:
        topic = service.reopen_topic(journal, topic_id, now=s.now)
    console.done(topic, console.sentence(f"Queued again: {topic.text}"), json)


@app.command("delete")
def delete_topic(ctx: typer.Context, topic_id: TopicId, json: Json = False) -> None:
    """Delete a talking point for good (undo takes it back).

    Example: mentorlog topic delete 2
    """
    records.delete(ctx, TOPICS, topic_id, json=json)
