"""`mentorlog search`: find words and phrases anywhere in the journal."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import hot_documents
from mentorlog.cli.context import session
from mentorlog.cli.options import Json

app = typer.Typer()


@app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            help='Words that must all appear (any order), or a "quoted phrase".',
            metavar="QUERY...",
            show_default=False,
        ),
    ],
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help="Only these records: goal, meeting, action, topic, feedback, milestone, note; "
            "repeat or separate with commas.",
            metavar="TYPE",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Only records about this person.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag",
            "-t",
            help="Only records with this tag (goals, feedback and notes have tags).",
            metavar="TAG",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only records dated on or after this day: 2026-01-01, '30 days ago', mon...",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Search goals, meetings, actions, topics, feedback, milestones and notes for words.

    Case and accents do not matter ("cafe" finds "Café"); every word must appear somewhere
    in a record, in any order. For a phrase, quote it inside the query: '"lightning talk"'.
    Private notes are searched too, and marked. Results come grouped by type, newest first.

    Example: mentorlog search lightning talk --with alice
    """
    hot_documents.search(
        session(ctx), query=query, types=types, with_=with_, tag=tag, since=since, json=json
    )
