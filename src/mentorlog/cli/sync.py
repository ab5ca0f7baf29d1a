"""`mentorlog sync`: the journal on every device, over a private git repository."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.render import console

app = typer.Typer(invoke_without_command=True)


@app.callback()
def sync(ctx: typer.Context) -> None:
    """Keep the journal in step on every device through a private git repository.

    Alone, `mentorlog sync` syncs once: it sends this device's changes, merges the other
    devices' and applies them. Set it up first with `mentorlog sync init REMOTE`.

    Where shares are set up (`mentorlog share add`), each is then shared too, as
    `mentorlog share sync` does.

    Records changed on one side are taken as they are; a record changed on both is merged
    field by field, the later edit winning where both changed the same field (the other
    value waits in `sync status` for `sync resolve`). A delete against an edit keeps the
    edit. The merge reaches the journal as one change: `mentorlog undo` takes it back.

    Example: mentorlog sync
    """
    if ctx.invoked_subcommand is not None:
        return
    from mentorlog.sync.engine import run_round

    s = session(ctx)
    outcome = run_round(s.home, now=s.now, lock_timeout=s.lock_timeout)
    _report(outcome, first=False)
    _share(s.home, now=s.now, lock_timeout=s.lock_timeout)


def _share(home: Path, *, now: datetime, lock_timeout: float) -> None:
    """Where shares are set up, share with each after the sync (`mentorlog share sync`)."""
    from mentorlog.config import load_config

    if not load_config(home).values.get("share"):
        return
    from mentorlog.cli.share import report, run_shares

    report(run_shares(home, None, now=now, lock_timeout=lock_timeout))


def _report(outcome: Any, *, first: bool) -> None:
    from mentorlog.render.sync import round_lines

    for line in outcome.messages:
        console.warn(line)
    console.success(round_lines(outcome, first=first))


@app.command("init")
def init(
    ctx: typer.Context,
    remote: Annotated[
        str,
        typer.Argument(
            help="A git URL (ssh://, https://, git@host:path) or the path of a repository; "
            "an empty bare repository works.",
            metavar="REMOTE",
            show_default=False,
        ),
    ],
) -> None:
    """Set sync up with a private git repository, and sync for the first time.

    An empty repository gets this journal; one another device set up already is merged
    with it. Authentication is git's own (SSH keys, credential helpers): mentorlog never
    asks for or stores a password.

    Example: mentorlog sync init git@github.com:me/mentorlog-journal.git
    """
    from mentorlog.sync.engine import init as init_sync

    s = session(ctx)
    outcome = init_sync(s.home, remote, now=s.now, lock_timeout=s.lock_timeout)
    _report(outcome, first=True)


@app.command("status")
def status(ctx: typer.Context, json: Json = False) -> None:
    """Show the remote, the last sync, the changes waiting to be sent and the conflicts.

    Example: mentorlog sync status
    """
    from mentorlog.render.sync import status_text
    from mentorlog.sync.status import status as read_status

    s = session(ctx)
    found = read_status(s.home)
    if json:
        console.print_json(found.to_json())
        return
    console.show_plain(status_text(found.to_json(), s.zone, s.now.astimezone(s.zone).date()))


@app.command("log")
def log(ctx: typer.Context, json: Json = False) -> None:
    """List the recent syncs, newest first: what each sent, received and found.

    Example: mentorlog sync log
    """
    from mentorlog.render.sync import log_text
    from mentorlog.sync.status import log as read_log

    entries = read_log(session(ctx).home)
    if json:
        console.print_json(entries)
        return
    if not entries:
        console.message("No syncs yet; run `mentorlog sync`.")
        return
    console.show_plain(log_text(entries))


@app.command("resolve")
def resolve(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            help="The conflict's number in `sync status`, or the uid (or its start) of a "
            "record: all of its conflicts.",
            metavar="NUMBER|UID",
            show_default=False,
        ),
    ],
    take: Annotated[
        str,
        typer.Option(
            "--take",
            help="kept: keep the value the merge kept; other: put the other value in "
            "(a change the next sync sends).",
            metavar="kept|other",
            show_default=False,
        ),
    ] = "kept",
) -> None:
    """Settle a sync conflict: keep the value the later edit gave, or take the other one.

    Example: mentorlog sync resolve 1 --take other
    """
    from mentorlog.errors import InvalidInput
    from mentorlog.sync.status import resolve as resolve_conflicts

    if take not in ("kept", "other"):
        raise InvalidInput(f"--take is {take!r}; give kept or other.")
    s = session(ctx)
    done = resolve_conflicts(s.home, ref, take, now=s.now, lock_timeout=s.lock_timeout)
    count = len(done.settled)
    noun = "conflict" if count == 1 else "conflicts"
    if take == "other":
        console.success(
            f"Settled {count} {noun}: took the other value ({done.changed} changed); "
            "run `mentorlog sync` to send it."
        )
    else:
        console.success(f"Settled {count} {noun}: kept the values the merge kept.")
