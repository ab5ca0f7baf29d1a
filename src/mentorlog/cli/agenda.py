"""`mentorlog agenda`: what to talk about in the next call, built from the journal."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import hot_documents
from mentorlog.cli.context import session
from mentorlog.cli.options import Out

app = typer.Typer()


@app.command("agenda")
def agenda(
    ctx: typer.Context,
    meeting_id: Annotated[
        int | None,
        typer.Argument(
            help="The meeting (default: your next one).", metavar="[MEETING_ID]", show_default=False
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Your next meeting with this person.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="Markdown, rendered text, or JSON.", metavar="md|text|json"
        ),
    ] = "md",
    json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    out: Out = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep it on the meeting, for the notes you write after.")
    ] = False,
    private: Annotated[
        bool,
        typer.Option(
            "--private", "-p", help="Include your private notes about them (never with --save)."
        ),
    ] = False,
) -> None:
    """The agenda for your next meeting: check-in, what changed, open items, goals.

    Example: mentorlog agenda --with alice --save
    """
    hot_documents.agenda(
        session(ctx),
        meeting_id=meeting_id,
        with_=with_,
        format_=format_,
        json=json,
        out=out,
        save=save,
        private=private,
    )
