"""`mentorlog status` (and bare `mentorlog`): your dashboard."""

from __future__ import annotations

import typer

from mentorlog.cli import hot_lists
from mentorlog.cli.context import session
from mentorlog.cli.options import Json

app = typer.Typer()


@app.command("status")
def status(ctx: typer.Context, json: Json = False) -> None:
    """Your dashboard: this week's meetings and due actions, goals, people, milestones, streak.

    Example: mentorlog status
    """
    hot_lists.status(session(ctx), json=json)
