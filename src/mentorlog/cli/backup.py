"""`mentorlog backup`: the snapshots of the journal kept before every change."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.hot_undo import check_last, when_text
from mentorlog.cli.options import Json
from mentorlog.cli.undo import Last
from mentorlog.render import console

if TYPE_CHECKING:
    from rich.text import Text

    from mentorlog.store import Backup

app = typer.Typer(help=summary("backup"), no_args_is_help=True)


@app.command("list")
def list_backups(ctx: typer.Context, last: Last = None, json: Json = False) -> None:
    """List the snapshots, newest first: when each was taken, its size, and what it holds.

    A snapshot holds the journal as it was after one change and before the next. Kept: the
    last 30, the newest of each of the last 30 days, and the journal an upgrade replaced.
    This works when the journal itself is damaged.

    Example: mentorlog backup list
    """
    from mentorlog import store

    s = session(ctx)
    wanted = check_last(last, "snapshots")
    found = store.list_backups(s.home)[:wanted]
    if json:
        console.print_json([_to_json(b, s.now) for b in found])
        return
    if not found:
        console.message("No snapshots yet: one is kept each time the journal changes.")
        return
    console.show(_backups_table(found, s.now))
    console.message(
        "Restore one with `mentorlog backup restore NAME`; `mentorlog undo` takes it back."
    )


@app.command("restore")
def restore(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="The snapshot, as `backup list` names it (.json may be left off).",
            metavar="NAME",
            show_default=False,
        ),
    ],
    json: Json = False,
) -> None:
    """Make a snapshot the journal again; `mentorlog undo` takes it back.

    The journal it replaces is kept as a snapshot first. It works when the journal is
    damaged, which is what it is for: the error naming the damage names the snapshot too.

    Example: mentorlog backup restore journal-20261121T101500Z-000.json
    """
    from mentorlog import store

    s = session(ctx)
    done = store.restore_backup(s.home, name, now=s.now, lock_timeout=s.lock_timeout)
    if json:
        console.print_json(
            {"restored": done.name, "after": done.after, "kept": done.kept, "damaged": done.damaged}
        )
    after = f": the journal as it was after {done.after}" if done.after else ""
    console.success(console.sentence(f"Restored {done.name}{after}"))
    if done.damaged and done.kept:
        # Undo would bring back a journal that does not load: it is not offered.
        console.warn(
            f"the damaged journal is kept as the snapshot {done.kept}; it does not load, so "
            "this restore cannot be undone."
        )
        return
    console.message("Run `mentorlog undo` to take the restore back.")


def _to_json(backup: Backup, now: datetime) -> dict[str, object]:
    return {
        "name": backup.name,
        "taken": backup.taken.astimezone(now.tzinfo).isoformat(),
        "bytes": backup.size,
        "loads": backup.loads,
        "problem": backup.problem,
        "after": backup.after,
        "replaced_by": backup.replaced_by,
        "migration": backup.migration,
        "undo": backup.undo,
    }


def _backups_table(found: list[Backup], now: datetime) -> Text:
    """Each snapshot on a line, with what it holds below: the change it follows and the one
    that replaced it (a table would fold those long lines into a narrow column)."""
    from rich.text import Text

    lines = []
    width = max(len(b.name) for b in found)
    for backup in found:
        taken = when_text(backup.taken.isoformat(), now)
        line = Text.assemble(
            (backup.name.ljust(width), "bold"), f"  {taken}  {_size(backup.size):>8}"
        )
        if backup.undo:
            line.append("  ← undo restores this", style="cyan")
        if backup.migration:
            line.append("  (before an upgrade)", style="dim")
        lines.append(line)
        if backup.loads:
            lines.append(Text("  after: ").append(console.safe_line(backup.after or "-")))
        else:
            problem = console.safe_line(f"it {backup.problem}")
            lines.append(Text("  does not load: ", style="red").append(problem, style="red"))
        if backup.replaced_by:
            then = console.safe_line(backup.replaced_by)
            lines.append(Text("  then:  ", style="dim").append(then, style="dim"))
    return Text("\n").join(lines)


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"
