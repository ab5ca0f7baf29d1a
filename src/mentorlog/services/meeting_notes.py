"""A meeting's notes: appended under a heading, or edited as a whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from mentorlog.errors import Conflict, InvalidInput
from mentorlog.model import Meeting
from mentorlog.services import fields
from mentorlog.services.meetings import TABLE, current_occurrence, get_meeting
from mentorlog.store import Journal

# All the notes of one meeting, however many times they were added to.
MAX_NOTES = 20 * fields.LONG_TEXT
_EMPTY = "The notes are empty; write something, e.g. 'Agreed to ship v1 first'."
# Ends the context at the top of the file the editor opens (git's scissors line): every
# line of the context starts with "# ", so none of them can be this line.
SCISSORS = "# ------------------------ >8 ------------------------"


def editor_text(notes: str | None, context: str | None, meeting_id: int) -> str:
    """What the editor opens on: the agenda as context, each line commented, down to the
    scissors line, then the notes so far."""
    lines = [
        f"# Meeting {meeting_id}: edit its notes below the line of dashes. Everything down to",
        "# that line is left out when you save; saved unchanged or empty, nothing changes.",
    ]
    if context:
        lines += ["#", *(f"# {line}".rstrip() for line in context.strip().splitlines())]
    head = "\n".join([*lines, SCISSORS])
    return f"{head}\n{notes.strip()}\n" if notes else f"{head}\n\n"


def edited_notes(saved: str, opened: str) -> str:
    """The notes in what the editor saved, `opened` being what it opened on: everything
    below the scissors line; with that line gone, what is left once the lines of the context
    at the top are taken off."""
    lines = saved.splitlines()
    if SCISSORS in lines:
        return "\n".join(lines[lines.index(SCISSORS) + 1 :]).strip()
    context = set(opened.partition(SCISSORS)[0].splitlines())
    while lines and (lines[0] in context or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).strip()


def add_notes(journal: Journal, meeting_id: int, text: str, *, now: datetime) -> Meeting:
    """Append notes, headed by the occurrence they are about and when they were written."""
    meeting = get_meeting(journal, meeting_id)
    body = fields.optional_text(text, "notes", limit=fields.LONG_TEXT)
    if body is None:
        raise InvalidInput(_EMPTY)
    about = current_occurrence(meeting, now)
    heading = f"### {_long_label(about.start) if about else 'Notes'} (written {_long_label(now)})"
    notes = f"{meeting.notes}\n\n{heading}\n{body}" if meeting.notes else f"{heading}\n{body}"
    if len(notes) > MAX_NOTES:
        raise InvalidInput(f"Meeting {meeting_id} has too many notes to add more; start a note.")
    return _save(journal, replace(meeting, notes=notes), "meeting notes", now=now)


def replace_notes(
    journal: Journal, meeting_id: int, text: str, *, opened: str | None, now: datetime
) -> Meeting | None:
    """Replace a meeting's notes with `text`, edited from `opened` (the notes as they were
    read); None when `text` is the notes unchanged. Refused when the notes changed in the
    meantime, so that nothing written since is lost."""
    meeting = get_meeting(journal, meeting_id)
    body = fields.optional_text(text, "notes", limit=MAX_NOTES)
    if body is None:
        raise InvalidInput(_EMPTY)
    if (meeting.notes or None) != (opened or None):
        raise Conflict(
            f"The notes of meeting {meeting_id} changed while you were editing them; nothing "
            f"was saved. Run `mentorlog meeting notes {meeting_id}` again."
        )
    if body == (meeting.notes or "").strip():
        return None
    return _save(journal, replace(meeting, notes=body), "meeting notes (edited)", now=now)


def _save(journal: Journal, meeting: Meeting, what: str, *, now: datetime) -> Meeting:
    """Store the notes; a calendar need not hear of them, so the SEQUENCE stays."""
    assert meeting.id is not None
    record = journal.update(TABLE, meeting.id, meeting.to_record(), now=now)
    journal.describe(f"{what} (meeting {meeting.id})", now=now)
    return Meeting.from_record(record)


def _long_label(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
