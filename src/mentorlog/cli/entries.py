"""`mentorlog feedback`, `milestone`, `note` and `reflect`: the journal of growth."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from mentorlog.cli import params
from mentorlog.cli.context import session
from mentorlog.cli.options import Json, Tags
from mentorlog.errors import InvalidInput
from mentorlog.model import Milestone, Note
from mentorlog.render import console
from mentorlog.services import entries as service
from mentorlog.services.meetings import list_meetings

feedback_app = typer.Typer(
    help="Feedback, both ways: what you received and what you gave.", no_args_is_help=True
)
milestones_app = typer.Typer(
    help="Milestones: achievements worth celebrating.", no_args_is_help=True
)
notes_app = typer.Typer(
    help="Notes: about a relationship, or private, just for you.", no_args_is_help=True
)
reflect_app = typer.Typer()

WithFilter = Annotated[
    str | None,
    typer.Option(
        "--with", "-w", help="Only those with this person.", metavar="HANDLE", show_default=False
    ),
]
TagFilter = Annotated[
    str | None,
    typer.Option(
        "--tag", "-t", help="Only those with this tag.", metavar="TAG", show_default=False
    ),
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
People = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        help="Who it is about; repeat for several.",
        metavar="HANDLE",
        show_default=False,
    ),
]
Private = Annotated[
    bool,
    typer.Option(
        "--private",
        "-p",
        help="Keep it to yourself: never exported, reported or put in an agenda.",
    ),
]


# -- feedback --------------------------------------------------------------------------------


@feedback_app.command("add")
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


@feedback_app.command("list")
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
    from mentorlog.render.entries import feedback_table, ratings_line

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


# -- milestones ------------------------------------------------------------------------------


@milestones_app.command("add")
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
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="The day it happened (default today): yesterday, 'Nov 3', 2026-11-03...",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
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


@milestones_app.command("list")
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
            help="Only those on or after this day: 'in 3 months' ago, 2026-01-01, '30 days ago'.",
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
    from mentorlog.render.entries import milestones_table

    console.show(milestones_table(items, s.now.date()))


# -- notes and reflections -------------------------------------------------------------------


@notes_app.command("add")
def add_note(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            help="The note; leave it out to write it in $EDITOR.",
            metavar="[TEXT]",
            show_default=False,
        ),
    ] = None,
    with_: People = None,
    tags: Tags = None,
    private: Private = False,
    json: Json = False,
) -> None:
    """Write a note: after a call, about a relationship, or just for yourself (--private).

    Example: mentorlog note add "Alice suggested a lightning talk first" --with alice
    """
    s = session(ctx)
    if text is None:
        # Check the handles before the editor opens, so nothing written is lost to a typo.
        with s.reading() as journal:
            service.check_people(journal, with_ or ())
        text = _written(_NOTE_TEMPLATE, "note")
        if text is None:
            return
    with s.writing() as journal:
        note = service.add_note(
            journal, text, now=s.now, people=with_ or (), tags=tags or (), private=private
        )
    _note_saved(note, json)


_NOTE_TEMPLATE = (
    "\n# Write your note above or below these lines. Lines starting with '#' at the top are\n"
    "# left out; an empty note saves nothing.\n"
)


@notes_app.command("list")
def list_notes(
    ctx: typer.Context,
    with_: WithFilter = None,
    tag: TagFilter = None,
    private: Annotated[
        bool | None,
        typer.Option(
            "--private/--shared",
            help="Only private notes, or only shared ones (default: both).",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """List notes and reflections, newest first; private ones are marked.

    Example: mentorlog note list --with alice
    """
    s = session(ctx)
    with s.reading() as journal:
        items = service.list_notes(journal, person=with_, tag=tag, private=private)
    if json:
        console.print_json([n.to_json() for n in items])
        return
    if not items:
        console.message(
            "No notes yet. Write one with: mentorlog note add TEXT, or mentorlog reflect"
            if not (with_ or tag or private is not None)
            else "No notes match."
        )
        return
    from mentorlog.render.entries import notes_table

    console.show(notes_table(items, s.now))


@notes_app.command("show")
def show_note(
    ctx: typer.Context,
    note_id: Annotated[
        int, typer.Argument(help="The note's id, as `note list` shows it.", metavar="ID")
    ],
    json: Json = False,
) -> None:
    """Show a note in full.

    Example: mentorlog note show 3
    """
    s = session(ctx)
    with s.reading() as journal:
        note = service.get_note(journal, note_id)
    if json:
        console.print_json(note.to_json())
        return
    from mentorlog.render.entries import note_view

    console.show(note_view(note, s.now))


@reflect_app.command("reflect")
def reflect(
    ctx: typer.Context,
    answer: Annotated[
        str | None,
        typer.Argument(
            help="Your answer; leave it out to write it in $EDITOR.",
            metavar="[ANSWER]",
            show_default=False,
        ),
    ] = None,
    with_: People = None,
    tags: Tags = None,
    private: Private = False,
    show: Annotated[
        bool, typer.Option("--show", help="Print the prompt and save nothing.")
    ] = False,
    json: Json = False,
) -> None:
    """Answer a reflection prompt, saved as a note tagged reflection; the prompts take turns.

    Prompts are drawn from reflective practice; add your own, one per line, in
    prompts/reflect.txt in the mentorlog home.

    Example: mentorlog reflect --private
    """
    from mentorlog.config import load_prompts

    s = session(ctx)
    extra = load_prompts(s.home, ["reflect"]).get("reflect", [])
    with s.reading() as journal:
        prompt = service.reflection_prompt(journal, extra)
        service.check_people(journal, with_ or ())
    if show:
        console.show_plain(prompt)
        return
    if answer is None:
        answer = _written(_reflection_template(prompt), "answer")
        if answer is None:
            return
    else:
        console.message(prompt, style="bold")
    with s.writing() as journal:
        note = service.add_note(
            journal,
            answer,
            now=s.now,
            people=with_ or (),
            tags=tags or (),
            private=private,
            prompt=prompt,
        )
    _note_saved(note, json, "reflection")


def _written(template: str, what: str) -> str | None:
    """What the user wrote in $EDITOR, started from `template`; None (and a message) when
    they wrote nothing."""
    from mentorlog.cli.editor import edit

    text = service.strip_prompt(edit(template))
    if not text:
        console.message(f"The {what} was empty; nothing was saved.")
        return None
    return text


def _reflection_template(prompt: str) -> str:
    return (
        f"# {prompt}\n"
        "#\n"
        "# Write your answer below. Lines starting with '#' at the top are left out; an empty\n"
        "# answer saves nothing.\n\n"
    )


def _note_saved(note: Note, json: bool, kind: str = "note") -> None:
    private = " (private)" if note.private else ""
    console.done(note, f"Saved {kind} {note.id}{private}.", json)
