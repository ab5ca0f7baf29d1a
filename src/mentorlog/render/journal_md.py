"""The whole journal as one Markdown document: readable as plain text, and in any viewer.

User text cannot break the document's structure: one-line text (titles, handles, action
items) has its Markdown punctuation escaped, so a title starting with `#` or `1.` stays a
title, and longer text (notes, expectations, a saved agenda) is quoted line by line, so its
own headings and lists stay inside the quote. Control characters are made visible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from mentorlog import __version__
from mentorlog.kinds import BY_TABLE, KINDS
from mentorlog.kinds import PEOPLE as PERSON_KIND
from mentorlog.render import journal_md_fast
from mentorlog.render.console import safe
from mentorlog.render.human import plural
from mentorlog.render.md_text import (
    _BLOCK_START,  # noqa: F401 (tests/test_export_fast_paths.py's plain way)
    _INLINE,  # noqa: F401
    _day,
    _moment,
    _stamp,
    _wall,
    _wall_key,
    block,
    inline,
    quoted,
    your_time,
)
from mentorlog.services.journal_view import JournalView, StoredKind

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import (
        ActionItem,
        Feedback,
        Goal,
        Meeting,
        Milestone,
        Note,
        Person,
        Topic,
    )

Names = dict[str, str]  # handle -> name


def to_markdown(view: JournalView, *, now: datetime, zone: ZoneInfo) -> str:
    """Title and export date, then people, goals, meetings, action items, talking points,
    feedback, milestones and notes (the registry's kinds, in its order), each record under
    its id."""
    kinds = ((kind.table, view.of(kind.table)) for kind in KINDS)
    return "".join(markdown_parts(view.counts, kinds, now=now, zone=zone))


def markdown_parts(
    counts: dict[str, int],
    sections: Iterable[tuple[str, Sequence[Any] | StoredKind]],
    *,
    now: datetime,
    zone: ZoneInfo,
) -> Iterator[str]:
    """`to_markdown`'s document in parts, one a kind, each rendered only once the one before
    it is taken: with `services.journal_view.sections`, an export holds the records of one
    kind at a time. A kind given as its stored records (`StoredKind`) has the usual ones
    written straight from their fields (`journal_md_fast`), the same text. `names` are the
    people's, so people come first. Every user text is made safe as it is put in (`inline`,
    `block`), so the parts are already as `console.safe` would make them
    (`console.show_safe_parts`)."""
    names: Names = {}
    held = ""  # the line ends after the last text, kept until more text follows
    for number, (table, records) in enumerate(sections):
        lines = ["# Mentorship journal", "", _summary(counts, now, zone), ""] if not number else []
        kind = BY_TABLE[table]
        listed, render = RENDERERS[kind.name]
        if isinstance(records, StoredKind):  # stored records: the usual ones straight
            rendered = journal_md_fast.written(records, render, names, zone)
        else:
            if kind is PERSON_KIND:
                names = {p.handle: p.name for p in records}
            rendered = [line for item in records for line in render(item, names, zone)]
        # A list ends with a blank line; each block already does.
        ending = [""] if listed else []
        lines += [f"## {kind.markdown.section}", ""]
        lines += [*rendered, *ending] if rendered else [kind.markdown.empty, ""]
        # The part is `"\n".join(lines) + "\n"`, its line ends held back: cut from the lines
        # before they are joined, so that a part of megabytes is not copied twice more.
        ends = _line_ends(lines)
        if lines:
            lines[0] = held + lines[0]
            yield "\n".join(lines)
        else:
            yield held
        held = ends
    yield "\n"


def _line_ends(lines: list[str]) -> str:
    """The line ends `"\n".join(lines) + "\n"` ends with, cut from `lines` (in place)."""
    ends = 1
    while lines:
        last = lines[-1]
        text = last.rstrip("\n")
        ends += len(last) - len(text)
        if text:
            lines[-1] = text
            break
        lines.pop()
        ends += 1 if lines else 0  # the line end joining it to the line before
    return "\n" * ends


def _summary(counts: dict[str, int], now: datetime, zone: ZoneInfo) -> str:
    listed = [plural_of(count, table) for table, count in counts.items() if count] or [
        "nothing yet"
    ]
    # The zone's name is the user's setting: made safe as every other text in the document.
    return safe(f"Exported {_moment(now, zone)} by mentorlog {__version__}: {', '.join(listed)}.")


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
    return lines + quoted("Expectations", person.expectations)


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
    lines += quoted("Why", goal.why)
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
        ("Your time", your_time(meeting, zone)),
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
    lines += quoted("Notes", meeting.notes)
    about = f" (for {_wall_key(meeting.agenda_for)})" if meeting.agenda_for else ""
    return lines + quoted(f"Saved agenda{about}", meeting.agenda)


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


def _facts(facts: list[tuple[str, str | None]]) -> list[str]:
    return [f"- {label}: {inline(value)}" for label, value in facts if value]
