"""`mentorlog undo`: take back the last change; run it again and the change is back."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import hot_undo
from mentorlog.cli.context import session
from mentorlog.cli.options import Json

app = typer.Typer()

Last = Annotated[
    int | None,
    typer.Option("--last", "-n", help="Only the newest N.", metavar="N", show_default=False),
]


@app.command("undo")
def undo(
    ctx: typer.Context,
    list_: Annotated[
        bool,
        typer.Option(
            "--list",
            "-l",
            help="Show the recent changes, newest first, with the snapshot of the journal "
            "before each, instead of undoing anything.",
        ),
    ] = False,
    last: Last = None,
    json: Json = False,
) -> None:
    """Undo the last change to the journal; run it again to redo it.

    The journal goes back to how it was before the change. The undo is a change too, kept
    like any other, so a second undo brings the change back. Ids are never reused: a
    record added after an undo gets a new one.

    Example: mentorlog undo
    """
    hot_undo.undo(session(ctx), list_=list_, last=last, json=json)
