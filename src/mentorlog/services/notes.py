"""Notes and reflections: about a relationship, or private, just for you."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from mentorlog import kinds, timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import Note
from mentorlog.services import fields, prompts, records
from mentorlog.services.people import get_person
from mentorlog.store import Journal

NOTES = kinds.NOTES.table
REFLECTION_TAG = "reflection"
_EXAMPLE = "Alice liked the demo"


def get_note(journal: Journal, note_id: int) -> Note:
    note = records.get(journal, kinds.NOTES, note_id)
    assert isinstance(note, Note)
    return note


def add_note(
    journal: Journal,
    text: str,
    *,
    now: datetime,
    people: Sequence[str] = (),
    tags: Sequence[str] = (),
    private: bool = False,
    prompt: str | None = None,
) -> Note:
    """Keep a note about one or more relationships, or just for yourself."""
    handles = check_people(journal, people)
    chosen_tags = fields.tags(tags)
    if prompt is not None and REFLECTION_TAG not in chosen_tags:
        chosen_tags.append(REFLECTION_TAG)
    note = Note(
        text=fields.text(text, "note", limit=fields.LONG_TEXT, example=_EXAMPLE),
        at=now,
        people=handles,
        tags=chosen_tags,
        private=private,
        prompt=prompt,
    )
    record = journal.insert(NOTES, note.to_record(), now=now)
    saved = Note.from_record(record)
    kind = "reflect" if prompt is not None else "note add"
    # A private note's text never leaves in clear: not even its first line, in the change
    # descriptions `undo --list` and `backup list` show.
    shown = f": a private {'reflection' if prompt is not None else 'note'}"
    if not saved.private:
        shown = f" {timeparse.quote(_first_line(saved.text))}"
    journal.describe(f"{kind}{shown} (note {saved.id})", now=now)
    return saved


@dataclass(frozen=True)
class NoteInput:
    """What `note edit` was given; None means "not given". `people` replaces who the note
    is about ("none" alone: nobody)."""

    text: str | None = None
    people: Sequence[str] | None = None
    tags: Sequence[str] = ()
    untags: Sequence[str] = ()
    private: bool | None = None

    @property
    def empty(self) -> bool:
        return self == NoteInput()


def edit_note(journal: Journal, note_id: int, given: NoteInput, *, now: datetime) -> Note:
    note = get_note(journal, note_id)
    if given.empty:
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --text or --tag; see "
            "`mentorlog note edit --help`."
        )
    changes: dict[str, Any] = {}
    if given.text is not None:
        changes["text"] = fields.text(given.text, "note", limit=fields.LONG_TEXT, example=_EXAMPLE)
    if given.people is not None:
        cleared = len(given.people) == 1 and fields.is_clear(given.people[0])
        changes["people"] = [] if cleared else check_people(journal, given.people)
    if given.private is not None:
        changes["private"] = given.private
    changed = replace(note, tags=fields.retag(note.tags, given.tags, given.untags), **changes)
    assert changed.id is not None
    record = journal.update(NOTES, changed.id, changed.to_record(), now=now)
    journal.describe(f"note edit (note {changed.id})", now=now)
    return Note.from_record(record)


def check_people(journal: Journal, handles: Iterable[str]) -> list[str]:
    """The handles, each checked to name a person (with a did-you-mean when not)."""
    return list(dict.fromkeys(get_person(journal, h).handle for h in handles))


def list_notes(
    journal: Journal,
    *,
    person: str | None = None,
    tag: str | None = None,
    private: bool | None = None,
) -> list[Note]:
    """Notes, newest first; `private` True or False keeps only private or shared ones."""
    handle = get_person(journal, person).handle if person is not None else None
    wanted_tag = fields.tag(tag) if tag is not None else None
    chosen = [
        n
        for n in (Note.from_record(r) for r in journal.all(NOTES))
        if (handle is None or handle in n.people)
        and (wanted_tag is None or wanted_tag in n.tags)
        and (private is None or n.private == private)
    ]
    return sorted(chosen, key=lambda n: (n.at or _EPOCH, n.id or 0), reverse=True)


def reflection_prompt(journal: Journal, extra: Sequence[str] = ()) -> str:
    """The reflection prompt to answer next: the one answered least recently (never-answered
    ones first, in order), so that reflecting daily walks through the whole set."""
    choices = list(dict.fromkeys([*prompts.REFLECT, *extra]))
    last_answered: dict[str, datetime] = {}
    for record in journal.all(NOTES):
        note = Note.from_record(record)
        if note.prompt is not None:
            at = note.at or _EPOCH
            last_answered[note.prompt] = max(last_answered.get(note.prompt, _EPOCH), at)
    return min(choices, key=lambda p: (p in last_answered, last_answered.get(p, _EPOCH), 0))


def strip_prompt(text: str) -> str:
    """What the user wrote in the editor, without the `#` lines the file opened with."""
    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).strip()


def _first_line(text: str, limit: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
