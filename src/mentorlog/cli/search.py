"""`mentorlog search`: find words and phrases anywhere in the journal."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import params
from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.render import console
from mentorlog.services.search import search as search_journal

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
    s = session(ctx)
    text = " ".join(query)
    start = params.since_day(since, today=s.now.date())
    with s.reading() as journal:
        hits = search_journal(
            journal, text, now=s.now, types=types or (), person=with_, tag=tag, since=start
        )
    if json:
        console.print_json([hit.to_json() for hit in hits])
        return
    if not hits:
        from mentorlog.timeparse import quote

        console.message(f"No matches for {quote(text)}.")
        return
    from mentorlog.render import search_plain

    if not search_plain.write_plain(hits, s.now.date()):
        from mentorlog.render.search import search_view

        console.show(search_view(hits, s.now.date()))
