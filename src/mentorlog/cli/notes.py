"""`mentorlog note` and `mentorlog reflect`: notes about a relationship or just for you,
and answers to reflection prompts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli import records
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json, TagFilter, Tags, Untags, WithFilter
from mentorlog.kinds import NOTES
from mentorlog.model import Note
from mentorlog.render import console
from mentorlog.services import notes as service

if TYPE_CHECKING:
    from pathlib import Path

app = typer.Typer(help=summary("note"), no_args_is_help=True)
reflect_app = typer.Typer()

NoteId = Annotated[
    int, typer.Argument(help="The note's id, as `note list` shows it.", metavar="ID")
]
People = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        help="Who it is about; repeat for several.",
        metavar="HANDLE",
        show_default=False,
    ),
]
Private = Annotated[
    bool,
    typer.Option(
        "--private",
        "-p",
        help="Keep it to yourself: never exported, reported or put in an agenda.",
    ),
]


@app.command("add")
def add_note(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            help="The note; leave it out to write it in $EDITOR.",
            metavar="[TEXT]",
            show_default=False,
        ),
    ] = None,
    with_: People = None,
    tags: Tags = None,
    private: Private = False,
    json: Json = False,
) -> None:
    """Write a note: after a call, about a relationship, or just for yourself (--private).

    Example: mentorlog note add "Alice suggested a lightning talk first" --with alice
    """
    s = session(ctx)
    if text is None:
        # Check the handles before the editor opens, so nothing written is lost to a typo.
        with s.reading() as journal:
            service.check_people(journal, with_ or ())
        text = _written(_NOTE_TEMPLATE, "note", s.home)
        if text is None:
            return
    with s.writing() as journal:
        note = service.add_note(
            journal, text, now=s.now, people=with_ or (), tags=tags or (), private=private
        )
    _note_saved(note, json)


_NOTE_TEMPLATE = (
    "\n# Write your note above or below these lines. Lines starting with '#' at the top are\n"
    "# left out; an empty note saves nothing.\n"
)


@app.command("list")
def list_notes(
    ctx: typer.Context,
    with_: WithFilter = None,
    tag: TagFilter = None,
    private: Annotated[
        bool | None,
        typer.Option(
            "--private/--shared",
            help="Only private notes, or only shared ones (default: both).",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """List notes and reflections, newest first; private ones are marked.

    Example: mentorlog note list --with alice
    """
    s = session(ctx)
    with s.reading() as journal:
        items = service.list_notes(journal, person=with_, tag=tag, private=private)
    if json:
        console.print_json([n.to_json() for n in items])
        return
    if not items:
        console.message(
            "No notes yet. Write one with: mentorlog note add TEXT, or mentorlog reflect"
            if not (with_ or tag or private is not None)
            else "No notes match."
        )
        return
    from mentorlog.render.notes import notes_table

    console.show(notes_table(items, s.now))


@app.command("show")
def show_note(
    ctx: typer.Context,
    note_id: NoteId,
    json: Json = False,
) -> None:
    """Show a note in full.

    Example: mentorlog note show 3
    """
    s = session(ctx)
    with s.reading() as journal:
        note = service.get_note(journal, note_id)
    if json:
        console.print_json(note.to_json())
        return
    from mentorlog.render.notes import note_view

    console.show(note_view(note, s.now))


@reflect_app.command("reflect")
def reflect(
    ctx: typer.Context,
    answer: Annotated[
        str | None,
        typer.Argument(
            help="Your answer; leave it out to write it in $EDITOR.",
            metavar="[ANSWER]",
            show_default=False,
        ),
    ] = None,
    with_: People = None,
    tags: Tags = None,
    private: Private = False,
    show: Annotated[
        bool, typer.Option("--show", help="Print the prompt and save nothing.")
    ] = False,
    json: Json = False,
) -> None:
    """Answer a reflection prompt, saved as a note tagged reflection; the prompts take turns.

    Prompts are drawn from reflective practice; add your own, one per line, in
    prompts/reflect.txt in the mentorlog home.

    Example: mentorlog reflect --private
    """
    from mentorlog.config import load_prompts

    s = session(ctx)
    extra = load_prompts(s.home, ["reflect"]).get("reflect", [])
    with s.reading() as journal:
        prompt = service.reflection_prompt(journal, extra)
        service.check_people(journal, with_ or ())
    if show:
        if json:
            console.print_json({"prompt": prompt})
        else:
            console.show_plain(prompt)
        return
    if answer is None:
        answer = _written(_reflection_template(prompt), "answer", s.home)
        if answer is None:
            return
    else:
        console.message(prompt, style="bold")
    with s.writing() as journal:
        note = service.add_note(
            journal,
            answer,
            now=s.now,
            people=with_ or (),
            tags=tags or (),
            private=private,
            prompt=prompt,
        )
    _note_saved(note, json, "reflection")


def _written(template: str, what: str, home: Path) -> str | None:
    """What the user wrote in $EDITOR, started from `template`; None (and a message) when
    they wrote nothing."""
    from mentorlog.cli.editor import edit

    text = service.strip_prompt(edit(template, home=home))
    if not text:
        console.message(f"The {what} was empty; nothing was saved.")
        return None
    return text


def _reflection_template(prompt: str) -> str:
    return (
        f"# {prompt}\n"
        "#\n"
        "# Write your answer below. Lines starting with '#' at the top are left out; an empty\n"
        "# answer saves nothing.\n\n"
    )


def _note_saved(note: Note, json: bool, kind: str = "note") -> None:
    private = " (private)" if note.private else ""
    console.done(note, f"Saved {kind} {note.id}{private}.", json)


@app.command("edit")
def edit_note(
    ctx: typer.Context,
    note_id: NoteId,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="The new text; leave out every option to edit the text in $EDITOR.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            "-w",
            help="Who it is about, replacing who it was; repeat for several, none for nobody.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    tags: Tags = None,
    untags: Untags = None,
    private: Annotated[
        bool | None,
        typer.Option(
            "--private/--shared",
            help="Make it private (never exported or reported), or shared.",
            show_default=False,
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Change a note: its text (--text, or in $EDITOR when no option is given), who it is
    about, its tags, whether it is private.

    Example: mentorlog note edit 3 --text "Alice suggested a lightning talk in March"
    """
    given = service.NoteInput(
        text=text, people=with_, tags=tags or (), untags=untags or (), private=private
    )
    s = session(ctx)
    if given.empty:
        with s.reading() as journal:
            current = service.get_note(journal, note_id)
        written = _written(_edit_template(current.text), "note", s.home)
        if written is None or written == current.text:
            if written is not None:
                console.message(f"Note {note_id} is unchanged; nothing was saved.")
            return
        given = service.NoteInput(text=written)
    with s.writing() as journal:
        note = service.edit_note(journal, note_id, given, now=s.now)
    private_word = " (private)" if note.private else ""
    console.done(note, f"Updated note {note.id}{private_word}.", json)


def _edit_template(text: str) -> str:
    return (
        "# Edit the note below. Lines starting with '#' at the top are left out; an empty\n"
        "# note saves nothing (delete it with `mentorlog note delete ID`).\n\n" + text + "\n"
    )


@app.command("delete")
def delete_note(ctx: typer.Context, note_id: NoteId, json: Json = False) -> None:
    """Delete a note for good (undo takes it back).

    Example: mentorlog note delete 3
    """
    records.delete(ctx, NOTES, note_id, json=json)
