"""`mentorlog share`: what you share with one person, two-way, on a CalDAV calendar."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

if TYPE_CHECKING:
    from mentorlog.share.engine import Outcome
    from mentorlog.share.links import Link

import typer

from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.render import console

app = typer.Typer(help=summary("share"), no_args_is_help=True)

Handle = Annotated[
    str,
    typer.Argument(help="The person's handle, e.g. alice.", metavar="HANDLE", show_default=False),
]


@app.command("add")
def add(
    ctx: typer.Context,
    handle: Handle,
    url: Annotated[
        str,
        typer.Option(
            "--url",
            help="The CalDAV calendar collection both of you use, e.g. "
            "https://cloud.example.org/remote.php/dav/calendars/ana/mentoring/.",
            metavar="URL",
            show_default=False,
        ),
    ],
    user: Annotated[
        str,
        typer.Option("--user", help="Your user name on that server.", metavar="NAME"),
    ] = "",
    password_command: Annotated[
        str,
        typer.Option(
            "--password-command",
            help="A command that prints the password (e.g. 'pass show caldav'); else "
            "MENTORLOG_DAV_PASSWORD, else the system keyring (asked once on a terminal).",
            metavar="CMD",
        ),
    ] = "",
) -> None:
    """Share a relationship with a CalDAV calendar: meetings, actions, goals, notes.

    The URL is checked (it must be a calendar you can read) before the share is saved in
    config.toml, without the password. Then run `mentorlog share sync`.

    Example: mentorlog share add ana --url https://dav.example.org/cal/ana/mentoring/ --user me
    """
    from mentorlog.services.people import get_person
    from mentorlog.share import engine, links

    s = session(ctx)
    new = links.Link(handle.strip(), links.check_url(url), user.strip(), password_command)
    with s.reading() as journal:
        person = get_person(journal, new.handle)
    new = links.Link(person.handle, new.url, new.user, new.password_command)
    asked = _ask_password(new)
    holds = engine.add(s.home, new, asked, lock_timeout=s.lock_timeout)
    for line in engine.skipped_note(holds):
        console.warn(line)
    kept = ""
    if asked is not None:
        kept = links.store_in_keyring(new, asked)
        if kept:
            console.warn(f"the password could not be kept in the system keyring ({kept}).")
    console.success(
        f"Sharing with {new.handle} through {new.url}; run `mentorlog share sync` to share now."
    )


def _ask_password(new: Link) -> str | None:
    """The password asked on the terminal, when nothing else gives one."""
    from mentorlog.share import links

    if not new.user or new.password_command or os.environ.get(links.PASSWORD_ENV):
        return None
    if links.from_keyring(new) is not None or not _tty():
        return None
    import getpass

    try:
        return getpass.getpass(f"Password for {new.user} at {new.url}: ")
    except EOFError:
        return None


def _tty() -> bool:
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False


@app.command("list")
def list_shares(ctx: typer.Context, json: Json = False) -> None:
    """List the shares: who, which calendar, the last round and its conflicts.

    Example: mentorlog share list
    """
    from mentorlog.render.share import list_text
    from mentorlog.share.engine import listing

    s = session(ctx)
    rows = listing(s.home)
    if json:
        console.print_json(rows)
        return
    if not rows:
        console.message("Nothing is shared yet; run `mentorlog share add HANDLE --url URL`.")
        return
    console.show_plain(list_text(rows, s.zone, s.now.astimezone(s.zone).date()))


@app.command("remove")
def remove(ctx: typer.Context, handle: Handle) -> None:
    """Stop sharing with a person: forget the link, its state and its stored password.

    What is on the calendar stays there; the journal is not changed.

    Example: mentorlog share remove ana
    """
    from mentorlog.share.engine import remove as remove_share

    s = session(ctx)
    remove_share(s.home, handle.strip(), lock_timeout=s.lock_timeout)
    console.success(f"Stopped sharing with {handle.strip()}; the calendar keeps what it holds.")


@app.command("sync")
def sync(
    ctx: typer.Context,
    handle: Annotated[
        str | None,
        typer.Argument(
            help="Only the share with this person (default: every share).",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Share now, both ways: send your changes, take theirs, merge what both changed.

    A record changed on one side is taken as it is; changed on both, the later edit wins
    field by field and the other value is listed as a conflict. Their changes reach the
    journal as one change per share: `mentorlog undo` takes it back.

    Example: mentorlog share sync ana
    """
    s = session(ctx)
    outcomes = run_shares(s.home, handle, now=s.now, lock_timeout=s.lock_timeout)
    if json:
        console.print_json([o.to_json() for o in outcomes])
    report(outcomes)


def run_shares(
    home: Path, handle: str | None, *, now: datetime, lock_timeout: float
) -> list[Outcome]:
    """Run a round with each share (or the one with `handle`)."""
    from mentorlog.errors import NotFound
    from mentorlog.share import engine, links

    handles = [handle.strip()] if handle else sorted(links.links(home))
    if not handles:
        raise NotFound("Nothing is shared yet; run `mentorlog share add HANDLE --url URL` first.")
    return [engine.run_round(home, h, now=now, lock_timeout=lock_timeout) for h in handles]


def report(outcomes: list[Outcome]) -> None:
    from mentorlog.render.share import round_line

    for outcome in outcomes:
        for line in outcome.skipped:
            console.warn(line)
        for line in outcome.messages:
            console.message(line)
        console.success(round_line(outcome.to_json()))
