"""`mentorlog agenda`: what to talk about in the next call, built from the journal."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from mentorlog import config as config_mod
from mentorlog.cli.context import Session, session
from mentorlog.cli.options import Out
from mentorlog.cli.output import write_document
from mentorlog.errors import InvalidInput
from mentorlog.render import console
from mentorlog.services.agenda import Agenda, MyClock, build_agenda
from mentorlog.services.meetings import save_agenda
from mentorlog.timeparse import quote

FORMATS = ("md", "text", "json")


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
    s = session(ctx)
    chosen = "json" if json else format_.strip().lower()
    if chosen not in FORMATS:
        raise InvalidInput(
            f"Cannot use {quote(format_)} as a format; choose one of {', '.join(FORMATS)}."
        )
    if meeting_id is not None and with_ is not None:
        raise InvalidInput("Give a meeting id or --with, not both.")
    if private and save:
        raise InvalidInput(
            "Private notes are never saved on a meeting; drop --private to save the agenda."
        )
    from mentorlog.render.agenda import to_markdown

    # With --save, build and save under one lock, so the saved agenda is the one shown.
    with s.writing() if save else s.reading() as journal:
        built = build_agenda(
            journal,
            now=s.now,
            me=my_clock(s),
            meeting_id=meeting_id,
            person=with_,
            extra_prompts=config_mod.load_prompts(s.home, ("checkin", "reflection")),
            include_private=private,
        )
        markdown = to_markdown(built)
        if save:
            save_agenda(journal, built.meeting_id, markdown, built.occurrence.key, now=s.now)
    if save:
        console.success(f"Saved the agenda on meeting {built.meeting_id}.")
    if out is not None:
        write_document(out, _document(built, markdown, chosen))
        console.success(f"Wrote the agenda for meeting {built.meeting_id} to {out}.")
        return
    if chosen == "json":
        console.print_json(built.to_json())
    elif chosen == "text":
        from rich.markdown import Markdown

        # A link in angle brackets would print as "URL (URL)" in text: once is enough.
        shown = re.sub(r"<(https?://[^<>\s]+)>", r"\1", markdown)
        console.show(Markdown(shown, hyperlinks=False))
    else:
        console.show_document(markdown)


def my_clock(s: Session) -> MyClock:
    """Your zone, working time and name, from the configuration."""
    return MyClock(zone=s.zone, hours=s.config.hours, days=s.config.days, name=s.config.name)


def _document(built: Agenda, markdown: str, chosen: str) -> str:
    if chosen != "json":
        return markdown
    return console.json_text(built.to_json())
