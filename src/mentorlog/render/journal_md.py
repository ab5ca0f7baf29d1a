"""The whole journal as one Markdown document: readable as plain text, and in any viewer.

User text cannot break the document's structure: one-line text (titles, handles, action
items) has its Markdown punctuation escaped, so a title starting with `#` or `1.` stays a
title, and longer text (notes, expectations, a saved agenda) is quoted line by line, so its
own headings and lists stay inside the quote. Control characters are made visible.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog import __version__
from mentorlog.errors import InvalidInput
from mentorlog.kinds import BY_TABLE, KINDS
from mentorlog.kinds import PEOPLE as PERSON_KIND
from mentorlog.model import (
    ActionItem,
    Feedback,
    Goal,
    Meeting,
    Milestone,
    Note,
    Person,
    Topic,
    read_wall,
)
from mentorlog.render import dates
from mentorlog.render.console import safe, safe_line
from mentorlog.render.human import plural
from mentorlog.services.journal_view import JournalView

Names = dict[str, str]  # handle -> name
# `_` only makes emphasis at a word's edge, so `America/New_York` is left as it is.
_INLINE = re.compile(r"([\\`*\[\]<>]|(?<!\w)_|_(?!\w))")
# Every character `_INLINE` may escape: a line with none has nothing to escape (a plain
# character class is found many times faster than `_INLINE` with its look-arounds).
_MAY_ESCAPE = re.compile(r"[\\`*\[\]<>_]")
_ESCAPE_TABLE = str.maketrans({char: "\\" + char for char in "\\`*[]<>"})
_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_BLOCK_MARKS = frozenset("#>+=|~-")
_BLOCK_START = re.compile(r"^([#>+=|~-]|\d+[.)])")
_HTML_START = re.compile(r"^(\s*)<")


def to_markdown(view: JournalView, *, now: datetime, zone: ZoneInfo) -> str:
    """Title and export date, then people, goals, meetings, action items, talking points,
    feedback, milestones and notes (the registry's kinds, in its order), each record under
    its id."""
    kinds = ((kind.table, view.of(kind.table)) for kind in KINDS)
    return "".join(markdown_parts(view.counts, kinds, now=now, zone=zone))


def markdown_parts(
    counts: dict[str, int],
    sections: Iterable[tuple[str, Sequence[Any]]],
    *,
    now: datetime,
    zone: ZoneInfo,
) -> Iterator[str]:
    """`to_markdown`'s document in parts, one a kind, each rendered only once the one before
    it is taken: with `services.journal_view.sections`, an export holds the records of one
    kind at a time. `names` are the people's, so people come first."""
    names: Names = {}
    held = ""  # the line ends after the last text, kept until more text follows
    for number, (table, records) in enumerate(sections):
        lines = ["# Mentorship journal", "", _summary(counts, now, zone), ""] if not number else []
        kind = BY_TABLE[table]
        if kind is PERSON_KIND:
            names = {p.handle: p.name for p in records}
        listed, render = RENDERERS[kind.name]
        rendered = [line for item in records for line in render(item, names, zone)]
        # A list ends with a blank line; each block already does.
        ending = [""] if listed else []
        lines += [f"## {kind.markdown.section}", ""]
        lines += [*rendered, *ending] if rendered else [kind.markdown.empty, ""]
        part = "\n".join(lines) + "\n"
        text = part.rstrip("\n")
        yield held + text
        held = part[len(text) :]
    yield "\n"


def _summary(counts: dict[str, int], now: datetime, zone: ZoneInfo) -> str:
    listed = [plural_of(count, table) for table, count in counts.items() if count] or [
        "nothing yet"
    ]
    return f"Exported {_moment(now, zone)} by mentorlog {__version__}: {', '.join(listed)}."


def plural_of(count: int, table: str) -> str:
    """'3 people', '1 action item', '2 feedback entries'."""
    kind = BY_TABLE.get(table)
    one, many = (kind.singular, kind.plural) if kind else ("record", "records")
    return f"{count} {one if count == 1 else many}"


# -- records ---------------------------------------------------------------------------------


def _person(person: Person, names: Names, zone: ZoneInfo) -> list[str]:
    facts = [
        ("Role", person.role),
        ("Zone", person.tz),
        ("Channel", person.channel),
        ("Cadence", person.cadence),
        ("Hours", f"{person.hours}, {', '.join(person.days)}"),
        ("Email", person.email),
        ("Tags", ", ".join(person.tags)),
        ("Archived", "yes" if person.archived else None),
    ]
    lines = [f"### {inline(person.name)} ({inline(person.handle)})", "", *_facts(facts), ""]
    return lines + _quoted("Expectations", person.expectations)


def _goal(goal: Goal, names: Names, zone: ZoneInfo) -> list[str]:
    who = f"{goal.person} ({names[goal.person]})" if goal.person in names else goal.person
    facts = [
        ("Status", f"{goal.status}, {goal.progress}%"),
        ("Due", _day(goal.due) if goal.due else None),
        ("With", who),
        ("Tags", ", ".join(goal.tags)),
        ("Completed", _stamp(goal.completed, zone) if goal.completed else None),
    ]
    lines = [f"### {inline(goal.title)} (goal {goal.id})", "", *_facts(facts), ""]
    lines += _quoted("Why", goal.why)
    if goal.history:
        lines += ["History:", ""]
        for entry in goal.history:
            what = f"{entry.progress}%" if entry.event == "progress" else entry.event
            note = f": {inline(entry.note)}" if entry.note else ""
            lines.append(f"- {_stamp(entry.at, zone)}, {what}{note}")
        lines.append("")
    return lines


def _meeting(meeting: Meeting, names: Names, zone: ZoneInfo) -> list[str]:
    from mentorlog.calendar.occurrences import describe

    held = [
        f"{_wall_key(h.start)}" + (f" (rated {h.rating}/5)" if h.rating else "")
        for h in meeting.held
    ]
    facts = [
        ("When", describe(meeting)),
        ("Your time", _your_time(meeting, zone)),
        ("Duration", plural(meeting.duration, "minute")),
        ("With", ", ".join(meeting.people)),
        ("Status", meeting.status),
        ("Channel", meeting.channel),
        ("Link", meeting.link),
        ("Cancelled", ", ".join(_wall(moment) for moment in meeting.exdates)),
        ("Held", ", ".join(held)),
        ("Rating", f"{meeting.rating}/5" if meeting.rating and not held else None),
    ]
    lines = [f"### {inline(meeting.title)} (meeting {meeting.id})", "", *_facts(facts), ""]
    lines += _quoted("Notes", meeting.notes)
    about = f" (for {_wall_key(meeting.agenda_for)})" if meeting.agenda_for else ""
    return lines + _quoted(f"Saved agenda{about}", meeting.agenda)


def _your_time(meeting: Meeting, zone: ZoneInfo) -> str | None:
    """When the first occurrence starts in the user's zone, if that is not the meeting's."""
    from mentorlog.calendar.occurrences import instant

    if meeting.tz == zone.key:
        return None
    try:
        first = instant(meeting, meeting.start)
    except InvalidInput:  # an unknown zone in a hand-edited journal: say nothing, do not fail
        return None
    return f"{_moment(first, zone)} (the first one)"


def _action(action: ActionItem, names: Names, zone: ZoneInfo) -> list[str]:
    owner = "yours" if action.owner == "me" else f"{action.owner}'s"
    parts = [owner]
    if action.person and action.person != action.owner:
        parts.append(f"with {action.person}")
    if action.due:
        parts.append(f"due {_day(action.due)}")
    if action.meeting:
        parts.append(f"meeting {action.meeting}")
    if action.goal:
        parts.append(f"goal {action.goal}")
    box = "[ ]" if action.is_open else "[x]"
    return [f"- {box} {inline(action.text)}: {inline(', '.join(parts))} (action {action.id})"]


def _topic(topic: Topic, names: Names, zone: ZoneInfo) -> list[str]:
    box = "[ ]" if topic.is_open else "[x]"
    return [f"- {box} {inline(topic.text)}: with {inline(topic.person)} (topic {topic.id})"]


def _feedback(feedback: Feedback, names: Names, zone: ZoneInfo) -> list[str]:
    way = "Received from" if feedback.direction == "received" else "Given to"
    heading = f"### {way} {inline(feedback.person)}, {_stamp(feedback.at, zone)}"
    facts = [
        ("Rating", f"{feedback.rating}/5" if feedback.rating else None),
        ("Meeting", str(feedback.meeting) if feedback.meeting else None),
        ("Goal", str(feedback.goal) if feedback.goal else None),
        ("Tags", ", ".join(feedback.tags)),
    ]
    lines = [f"{heading} (feedback {feedback.id})", ""]
    listed = _facts(facts)
    if listed:
        lines += [*listed, ""]
    return [*lines, *block(feedback.text), ""]


def _milestone(milestone: Milestone, names: Names, zone: ZoneInfo) -> list[str]:
    context = [
        f"goal {milestone.goal}" if milestone.goal else "",
        f"with {inline(milestone.person)}" if milestone.person else "",
    ]
    about = ", ".join(part for part in context if part)
    about = f" ({about})" if about else ""
    note = f": {inline(milestone.note)}" if milestone.note else ""
    title = inline(milestone.title)
    return [f"- {_day(milestone.on)}: {title}{about}{note} (milestone {milestone.id})"]


def _note(note: Note, names: Names, zone: ZoneInfo) -> list[str]:
    who = f", with {inline(', '.join(note.people))}" if note.people else ""
    private = " (private)" if note.private else ""
    lines = [f"### {_stamp(note.at, zone)}{who} (note {note.id}){private}", ""]
    listed = _facts([("Tags", ", ".join(note.tags)), ("Prompt", note.prompt)])
    if listed:
        lines += [*listed, ""]
    return [*lines, *block(note.text), ""]


# Each kind's renderer, and whether its records are one list item each (else a block each).
RENDERERS: dict[str, tuple[bool, Callable[[Any, Names, ZoneInfo], list[str]]]] = {
    "person": (False, _person),
    "goal": (False, _goal),
    "meeting": (False, _meeting),
    "action": (True, _action),
    "topic": (True, _topic),
    "feedback": (False, _feedback),
    "milestone": (True, _milestone),
    "note": (False, _note),
}


# -- text ------------------------------------------------------------------------------------


def inline(text: str) -> str:
    """User text on one line that cannot change the Markdown around it: control characters
    visible, emphasis, code, links and HTML escaped, and no heading, quote or list marker
    at its start."""
    # One translate table for the characters escaped wherever they are, and `_INLINE`'s
    # rule for `_` (at a word's edge only) where there is one: a backslash put before a
    # character that is not a word character leaves the edges of every `_` as they were.
    # tests/test_export_fast_paths.py holds this to `_INLINE.sub` over the whole line.
    line = safe_line(text)
    if _MAY_ESCAPE.search(line) is not None:  # most lines have nothing to escape
        line = line.translate(_ESCAPE_TABLE)
        if "_" in line:
            line = _UNDERSCORE.sub(r"\\_", line)
    first = line[:1]
    if not first or not (first in _BLOCK_MARKS or first.isdigit()):
        return line
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    marker = match.group(1)
    return f"{marker[:-1]}\\{marker[-1]}{line[len(marker) :]}"


def block(text: str) -> list[str]:
    """Longer user text quoted line by line (its own Markdown stays inside the quote)."""
    lines = safe(text).strip("\n").split("\n")
    return [("> " + _HTML_START.sub(r"\1\\<", line)).rstrip() for line in lines]


def _quoted(label: str, text: str | None) -> list[str]:
    if not text or not text.strip():
        return []
    return [f"{label}:", "", *block(text), ""]


def _facts(facts: list[tuple[str, str | None]]) -> list[str]:
    return [f"- {label}: {inline(value)}" for label, value in facts if value]


def _day(day: date) -> str:
    return _day_text(day.date() if isinstance(day, datetime) else day)


# A journal's records fall on a few thousand days (7,300 in the benchmark's twenty years):
# each day's text is made once a run (100,000 records ask for 250,000 dates), the same text
# `dates.day_year` makes.
_day_text = lru_cache(maxsize=1 << 15)(dates.day_year)


def _wall(moment: datetime) -> str:
    """`dates.day_year_clock`, the day's part made once a day."""
    return f"{_day(moment)} {moment.hour:02d}:{moment.minute:02d}"


def _wall_key(text: str) -> str:
    """A stored wall time ('2026-12-01T09:00:00') as 'Tue 1 Dec 2026 09:00'."""
    moment = read_wall(text)
    return _wall(moment) if moment is not None else safe_line(text)


def _moment(moment: datetime, zone: ZoneInfo) -> str:
    return f"{_wall(moment.astimezone(zone))} {zone.key}"


def _stamp(moment: datetime | None, zone: ZoneInfo) -> str:
    """An instant in the user's zone, without the zone ('' when it is unknown)."""
    return _wall(moment.astimezone(zone)) if moment is not None else ""
