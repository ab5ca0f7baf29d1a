"""The body of `mentorlog undo` (and `undo --list`), run by both paths: the Typer command
in cli/undo.py is one call to `undo` here, and the quick path (cli/quick.py) calls it with
the values it parsed. So nothing here imports Typer or click (rich only for the list).
"""

from __future__ import annotations

from mentorlog.errors import InvalidInput
from mentorlog.render import console, dates

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

    from rich.text import Text

    from mentorlog.cli.context import Session
    from mentorlog.store import Change


def check_last(last: int | None, what: str) -> int | None:
    """The number of entries asked for with --last, or None for all."""
    if last is not None and last < 1:
        raise InvalidInput(f"Cannot show the last {last} {what}; give 1 or more, e.g. --last 5.")
    return last


def undo(s: Session, *, list_: bool, last: int | None, json: bool) -> None:
    """`mentorlog undo`: take back the last change; with `list_`, show the changes."""
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
