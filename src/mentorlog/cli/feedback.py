"""`mentorlog feedback`: feedback both ways, what you received and what you gave."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import params, records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json, TagFilter, Tags, Untags, WithFilter
from mentorlog.errors import InvalidInput
from mentorlog.kinds import FEEDBACK
from mentorlog.render import console
from mentorlog.services import feedback as service
from mentorlog.services.meetings import list_meetings

app = typer.Typer(help=summary("feedback"), no_args_is_help=True)

FeedbackId = Annotated[
    int, typer.Argument(help="The feedback's id, as `feedback list` shows it.", metavar="ID")
]
Giver = Annotated[
    str | None,
    typer.Option("--from", "-f", help="Who gave it to you.", metavar="HANDLE", show_default=False),
]
Receiver = Annotated[
    str | None,
    typer.Option("--to", help="Who you gave it to.", metavar="HANDLE", show_default=False),
]
MeetingLink = Annotated[
    int | None,
    typer.Option(
        "--meeting", "-m", help="The meeting it is about.", metavar="ID", show_default=False
    ),
]
GoalLink = Annotated[
    int | None,
    typer.Option("--goal", "-g", help="The goal it is about.", metavar="ID", show_default=False),
]


@app.command("add")
def add_feedback(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(help="The feedback, in a sentence or two.", metavar="TEXT")
    ],
    giver: Annotated[
        str | None,
        typer.Option(
            "--from", "-f", help="Who gave it to you.", metavar="HANDLE", show_default=False
        ),
    ] = None,
    receiver: Annotated[
        str | None,
        typer.Option("--to", help="Who you gave it to.", metavar="HANDLE", show_default=False),
    ] = None,
    meeting: MeetingLink = None,
    goal: GoalLink = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            "-r",
            help="A score from 1 to 5, e.g. how useful a session was.",
            metavar="1-5",
            show_default=False,
        ),
    ] = None,
    tags: Tags = None,
    json: Json = False,
) -> None:
    """Record feedback you received (--from) or gave (--to), on anything, the mentoring too.

    Example: mentorlog feedback add "The demo was clear; slow down on the intro" --from alice
    """
    s = session(ctx)
    score = params.rating(rating)
    with s.writing() as journal:
        feedback = service.add_feedback(
            journal,
            text,
            now=s.now,
            giver=giver,
            receiver=receiver,
            meeting=meeting,
            goal=goal,
            rating=score,
            tags=tags or (),
        )
    way = "from" if feedback.direction == "received" else "to"
    console.done(feedback, f"Recorded feedback {feedback.id} {way} {feedback.person}.", json)


@app.command("list")
def list_feedback(
    ctx: typer.Context,
    with_: WithFilter = None,
    given: Annotated[bool, typer.Option("--given", help="Only feedback you gave.")] = False,
    received: Annotated[
        bool, typer.Option("--received", help="Only feedback you received.")
    ] = False,
    tag: TagFilter = None,
    json: Json = False,
) -> None:
    """List feedback, newest first, with the average rating of your meetings with each person.

    Example: mentorlog feedback list --with alice --received
    """
    if given and received:
        raise InvalidInput("Give --given or --received, not both; leave both out for all.")
    direction = "given" if given else "received" if received else None
    s = session(ctx)
    with s.reading() as journal:
        items = service.list_feedback(journal, person=with_, direction=direction, tag=tag)
        ratings = {} if json else service.meeting_ratings(list_meetings(journal))
    if json:
        console.print_json([f.to_json() for f in items])
        return
    from mentorlog.render.feedback import feedback_table, ratings_line

    if items:
        console.show(feedback_table(items, s.now.date()))
    else:
        console.message(_no_feedback(with_, direction, tag))
    wanted = {f.person for f in items} | ({with_} if with_ else set())
    line = ratings_line({h: r for h, r in ratings.items() if not with_ or h in wanted})
    if line is not None:
        console.show(line)


def _no_feedback(person: str | None, direction: str | None, tag: str | None) -> str:
    kind = {"given": "given ", "received": "received "}.get(direction or "", "")
    where = "".join(
        p for p in (f" with {person}" if person else "", f" tagged {tag}" if tag else "")
    )
    if not kind and not where:
        return "No feedback yet. Add some with: mentorlog feedback add TEXT --from HANDLE"
    return f"No {kind}feedback{where}."


@app.command("show")
def show_feedback(ctx: typer.Context, feedback_id: FeedbackId, json: Json = False) -> None:
    """Show one piece of feedback in full: who, when, its rating and what it is about.

    Example: mentorlog feedback show 3
    """
    s = session(ctx)
    with s.reading() as journal:
        item = service.get_feedback(journal, feedback_id)
    if json:
        console.print_json(item.to_json())
        return
    from mentorlog.render.feedback import feedback_view

    console.show(feedback_view(item))


@app.command("edit")
def edit_feedback(
    ctx: typer.Context,
    feedback_id: FeedbackId,
    text: Annotated[
        str | None,
        typer.Option("--text", help="New wording.", metavar="TEXT", show_default=False),
    ] = None,
    giver: Giver = None,
    receiver: Receiver = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            help="The meeting it is about; none clears it.",
            metavar="ID|none",
            show_default=False,
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            help="The goal it is about; none clears it.",
            metavar="ID|none",
            show_default=False,
        ),
    ] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            "-r",
            help="A score from 1 to 5; none clears it.",
            metavar="1-5|none",
            show_default=False,
        ),
    ] = None,
    tags: Tags = None,
    untags: Untags = None,
    json: Json = False,
) -> None:
    """Change feedback; --from or --to changes who and which way, "none" clears --meeting,
    --goal or --rating.

    Example: mentorlog feedback edit 3 --rating 4 --tag demo
    """
    from mentorlog.services.fields import is_clear

    clear_rating = is_clear(rating)
    given = service.FeedbackInput(
        text=text,
        giver=giver,
        receiver=receiver,
        meeting=meeting,
        goal=goal,
        rating=None if clear_rating else params.rating(rating),
        clear_rating=clear_rating,
        tags=tags or (),
        untags=untags or (),
    )
    s = session(ctx)
    with s.writing() as journal:
        item = service.edit_feedback(journal, feedback_id, given, now=s.now)
    console.done(item, f"Updated feedback {item.id}.", json)


@app.command("delete")
def delete_feedback(ctx: typer.Context, feedback_id: FeedbackId, json: Json = False) -> None:
    """Delete a piece of feedback for good (undo takes it back).

    Example: mentorlog feedback delete 3
    """
    records.delete(ctx, FEEDBACK, feedback_id, json=json)
