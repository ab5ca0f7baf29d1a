"""`mentorlog report`: the progress report for a review or the end of a mentoring cycle."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import hot_documents
from mentorlog.cli.context import session
from mentorlog.cli.options import Out

app = typer.Typer()


@app.command("report")
def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Start of the period (default: 90 days ago): 2026-09-01, 'Sep 1', '30 days ago'.",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="End of the period (default: now); a day counts in full: 2026-11-30, yesterday.",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Only the relationship with this person.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="Markdown or JSON.", metavar="md|json")
    ] = "md",
    json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    out: Out = None,
) -> None:
    """A progress report: meetings and cadence, goals, milestones, feedback, open items.

    Covers the last 90 days up to now unless --since/--until say otherwise. Private notes
    are never part of it.

    Example: mentorlog report --since 2026-09-01 --with alice --out review.md
    """
    hot_documents.report(
        session(ctx), since=since, until=until, with_=with_, format_=format_, json=json, out=out
    )
