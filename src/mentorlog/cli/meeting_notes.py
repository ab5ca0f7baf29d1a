"""`mentorlog meeting notes`: a meeting's notes, edited in $EDITOR or added to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli.context import Session, session
from mentorlog.cli.options import Json
from mentorlog.errors import InvalidInput, NotFound
from mentorlog.model import Meeting
from mentorlog.render import console
from mentorlog.services import meeting_notes as notes_service
from mentorlog.services import meetings as service

if TYPE_CHECKING:
    from mentorlog.store import Journal

MeetingId = Annotated[
    int, typer.Argument(help="The meeting's id, as `meeting list` shows it.", metavar="ID")
]


def notes(
    ctx: typer.Context,
    meeting_id: MeetingId,
    text: Annotated[
        str | None,
        typer.Argument(
            help="Notes to add (as --append); without them, your editor opens on the notes.",
            metavar="[TEXT]",
            show_default=False,
        ),
    ] = None,
    append: Annotated[
        str | None,
        typer.Option(
            "--append",
            "-a",
            help="Add these notes after the others, headed by the meeting's date.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Write a meeting's notes: in $EDITOR, or add some with TEXT or --append.

    Without TEXT, your editor opens on the notes so far, with the meeting's agenda above
    them for context (left out when you save); what you save replaces the notes.

    Example: mentorlog meeting notes 3 --append "Agreed: outline first, slides after."
    """
    s = session(ctx)
    if text is not None and append is not None:
        raise InvalidInput("Give the notes as TEXT or with --append, not both.")
    added = text if text is not None else append
    if added is None:
        _edit_notes(s, meeting_id, json)
        return
    with s.writing() as journal:
        meeting = notes_service.add_notes(journal, meeting_id, added, now=s.now)
    console.done(meeting, f"Saved notes on meeting {meeting.id}.", json)


def _edit_notes(s: Session, meeting_id: int, json: bool) -> None:
    """Edit the notes in the user's editor, with no lock held meanwhile, and save them."""
    from mentorlog.cli.editor import edit

    with s.reading() as journal:
        meeting = service.get_meeting(journal, meeting_id)
        context = meeting.agenda or _agenda(s, journal, meeting_id)
    opened = meeting.notes
    opening = notes_service.editor_text(opened, context, meeting_id)
    written = notes_service.edited_notes(edit(opening, home=s.home), opening)
    changed: Meeting | None = None
    if not written:
        said = "Nothing was written; no notes saved." if not opened else (
            f"The notes were saved empty, which changes nothing: meeting {meeting_id} keeps "
            "its notes."
        )  # fmt: skip
    else:
        with s.writing() as journal:
            if opened:
                changed = notes_service.replace_notes(
                    journal, meeting_id, written, opened=opened, now=s.now
                )
            else:
                changed = notes_service.add_notes(journal, meeting_id, written, now=s.now)
        said = (
            f"The notes of meeting {meeting_id} are unchanged; nothing was saved."
            if changed is None
            else f"Saved notes on meeting {meeting_id}."
        )
    if json:
        console.print_json((changed or meeting).to_json())
    if changed is None:
        console.message(said)
    else:
        console.success(said)


def _agenda(s: Session, journal: Journal, meeting_id: int) -> str | None:
    """The meeting's agenda as `mentorlog agenda ID` makes it, or None when it has no
    occurrence left to plan for."""
    from mentorlog.cli.hot_documents import my_clock
    from mentorlog.render.agenda import to_markdown
    from mentorlog.services.agenda import build_agenda

    try:
        built = build_agenda(journal, now=s.now, me=my_clock(s), meeting_id=meeting_id)
    except NotFound:
        return None
    return to_markdown(built)
