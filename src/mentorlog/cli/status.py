"""`mentorlog status` (and bare `mentorlog`): your dashboard."""

from __future__ import annotations

import typer

from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.render import console

app = typer.Typer()


@app.command("status")
def status(ctx: typer.Context, json: Json = False) -> None:
    """Your dashboard: this week's meetings and due actions, goals, people, milestones, streak.

    Example: mentorlog status
    """
    # Imported here: `mentorlog --help` builds this group for its one line of help, and the
    # dashboard's service (with the calendar under it) is a fifth of a --help's time.
    from mentorlog.services.status import build_status

    s = session(ctx)
    if json:
        with s.reading() as journal:
            console.print_json(build_status(journal, now=s.now).to_json())
        return
    from mentorlog.render import views
    from mentorlog.render.status_plain import MAX_GOALS

    with s.reading() as journal:
        state = build_status(journal, now=s.now, goals_shown=MAX_GOALS)
    views.status(state, s.home, zone_source=s.zone_source)
