"""`mentorlog undo`: take back the last change; run it again and the change is back."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli.context import Session, session
from mentorlog.cli.options import Json
from mentorlog.errors import InvalidInput
from mentorlog.render import console, dates

if TYPE_CHECKING:
    from rich.text import Text

    from mentorlog.store import Change

app = typer.Typer()

Last = Annotated[
    int | None,
    typer.Option("--last", "-n", help="Only the newest N.", metavar="N", show_default=False),
]


def check_last(last: int | None, what: str) -> int | None:
    """The number of entries asked for with --last, or None for all."""
    if last is not None and last < 1:
        raise InvalidInput(f"Cannot show the last {last} {what}; give 1 or more, e.g. --last 5.")
    return last


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
    s = session(ctx)
    if list_:
        _show_changes(s, check_last(last, "changes"), json)
        return
    if last is not None:
        raise InvalidInput("--last goes with --list, e.g. mentorlog undo --list --last 5.")
    from mentorlog import store

    done = store.undo(s.home, now=s.now, lock_timeout=s.lock_timeout)
    if json:
        console.print_json(
            {
                "action": "redo" if done.redo else "undo",
                "change": done.change,
                "restored": done.restored,
                "kept": done.kept,
            }
        )
    console.success(console.sentence(f"{'Redid' if done.redo else 'Undid'}: {done.change}"))
    again = "undo it again" if done.redo else "redo it"
    console.message(f"Run `mentorlog undo` again to {again}.")


def _show_changes(s: Session, last: int | None, json: bool) -> None:
    from mentorlog import store

    changes = store.changes(s.home) if last is None else store.changes(s.home, limit=last)
    if json:
        console.print_json(
            [
                {
                    "at": c.at,
                    "what": c.what,
                    "before": c.before,
                    "state": c.state,
                    "restorable": c.restorable,
                }
                for c in changes
            ]
        )
        return
    if not changes:
        console.message("No changes yet: the journal is empty.")
        return
    console.show(_changes_table(changes, s.now))
    console.message(
        "`mentorlog undo` takes back the first; `mentorlog backup restore NAME` goes back further."
    )


def _changes_table(changes: list[Change], now: datetime) -> Text:
    from rich.text import Text

    from mentorlog.render.grid import Column, Row, layout
    from mentorlog.render.human import cell

    columns = [
        Column("When"),
        Column("Change", shrink=1, min_width=16),
        Column("Journal before it"),
    ]
    labels = {
        "empty": "(none: the first change)",
        "unknown": "(not kept)",
        "missing": "\n(deleted)",
        "damaged": "\n(damaged)",
        "unreadable": "\n(unreadable)",
        "newer": "\n(from a newer mentorlog)",
    }
    rows = []
    for change in changes:
        before = Text(change.before or "", style="" if change.restorable else "red")
        if change.state in labels:
            before.append(labels[change.state], style="dim" if change.before is None else "red")
        rows.append(Row([Text(when_text(change.at, now)), cell(change.what), before]))
    return layout(columns, rows, console.stdout())


def when_text(at: str | None, now: datetime) -> str:
    """A change's instant in the user's zone: 'Sat 21 Nov 11:15', with the year if not now's."""
    from mentorlog.store import read_stamp

    if at is None:
        return "-"
    moment = read_stamp(at)
    if moment is None:
        return console.safe_line(at)
    if now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    day = dates.day(moment) if moment.year == now.year else dates.day_year(moment)
    return f"{day} {dates.clock(moment)}"
