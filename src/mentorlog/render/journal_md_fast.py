"""The Markdown export's short way: each usual stored record written straight from its
fields, in one pass, beside the plain way (`render.journal_md`: read by its model, rendered).

A usual record is one whose every field the document shows has the type the store writes
(as `services.journal_rows` and `goal_values.listed` take one): its text here is the plain
renderer's for the model's reading of it, and its sort key the model's (`journal_view`).
Any other record (a hand edit, an old import) is read by its model and rendered the plain
way (`StoredKind.plain`), and the two are sorted together by the same keys. The models are
not imported unless such a record is found (their field values are in `model.values`).

What the plain renderer escapes with `inline` but cannot hold anything to escape (a day, a
clock, a status from its fixed list, a number) is written as it is; text a journal repeats
(handles, names, tags, prompts, a meeting's title and link) is escaped once a kind
(`_Escaped`). tests/test_export_md_fast.py holds each record's text and key to the plain
way's, over usual and hand-edited records, tests/test_export_fast_paths.py the documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from operator import itemgetter
from zoneinfo import ZoneInfo

from mentorlog.calendar.describe import schedule_words
from mentorlog.limits import MAX_YEAR, MIN_YEAR
from mentorlog.model.goal_values import GOAL_EVENTS, GOAL_STATUSES
from mentorlog.model.readers import _LARGEST, read_wall  # as `model.base` reads an integer
from mentorlog.model.values import (
    ACTION_STATUSES,
    CHANNELS,
    FEEDBACK_DIRECTIONS,
    MAX_MINUTES,
    MEETING_STATUSES,
    TOPIC_STATUSES,
    milestone_on,
    private_of,
)
from mentorlog.render.md_text import (
    _CLOCKS,
    _DATES,
    _DAYS,
    NO_DATE,
    _day_text,
    _stamp,
    _wall_key,
    inline,
    quote,
    quoted_text,
)
from mentorlog.services.journal_view import _DAY, _FAR_DAY, _ID, StoredKind
from mentorlog.store import read_stamp
from mentorlog.timeparse import known_zone

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Names = dict[str, str]  # handle -> name
Row = Mapping[str, "Any"]
Written = tuple["Any", str]  # the record's sort key, and its lines
Render = Callable[["Any", Names, ZoneInfo], list[str]]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_from_iso = datetime.fromisoformat
_GOAL_RANK = {"active": 0, "done": 1, "dropped": 2}  # as `journal_view._goal_key`


def _fields(*names: str) -> tuple[Callable[[Row], tuple[Any, ...]], dict[str, None]]:
    """A record's fields in one call (`itemgetter`: a tenth of a microsecond a record less
    than a `get` each), and the record a field is missing from read as `get` reads it (None),
    through the mapping of every field to None put before it."""
    return itemgetter(*names), dict.fromkeys(names)


_GOAL, _GOAL_NONE = _fields(
    "title", "why", "status", "progress", "person", "history", "id", "tags", "due", "completed"
)
_ENTRY, _ENTRY_NONE = _fields("progress", "note", "event", "at")
_MEETING, _MEETING_NONE = _fields(
    "title", "start", "tz", "duration", "rrule", "exdates", "channel", "link", "status",
    "notes", "agenda", "agenda_for", "rating", "held", "id", "people",
)  # fmt: skip
_ACTION, _ACTION_NONE = _fields("text", "owner", "status", "person", "id", "meeting", "goal", "due")
_TOPIC, _TOPIC_NONE = _fields("text", "person", "status", "id")
_FEEDBACK, _FEEDBACK_NONE = _fields(
    "text", "direction", "person", "meeting", "goal", "rating", "id", "tags", "at"
)
_MILESTONE, _MILESTONE_NONE = _fields("title", "goal", "person", "note", "id", "on")
_NOTE, _NOTE_NONE = _fields("text", "prompt", "id", "people", "tags", "at")


def written(kind: StoredKind, render: Render, names: Names, zone: ZoneInfo) -> list[str]:
    """Each record of `kind` as its lines (joined), in reading order: a usual record written
    from its fields, any other read by its model and written by `render`, the plain way."""
    write = _WRITERS.get(kind.table, _plain_only)
    escaped = _Escaped()
    keyed: list[Written] = []
    add = keyed.append
    for row in kind.rows:
        found = write(row, names, zone, escaped)
        if found is None:
            key, record = kind.plain(row)
            found = key, "\n".join(render(record, names, zone))
        add(found)
    keyed.sort(key=itemgetter(0))  # stable: ties keep the stored order, as `sorted` does
    return list(map(itemgetter(1), keyed))


class _Escaped(dict[str, str]):
    """`inline` of text a journal repeats (handles, names, tags), made once a kind; and the
    meetings' zones, each looked up once (None: unknown)."""

    def __init__(self) -> None:
        super().__init__()
        self.zones: dict[str, ZoneInfo | None] = {}

    def __missing__(self, text: str) -> str:
        line = self[text] = inline(text)
        return line


def _joined(items: Any) -> str | None:
    """A list of text as the model reads it (each item as it is), joined with commas; None
    for anything else (a list holding what is not text cannot be joined)."""
    if type(items) is not list:
        return None
    try:
        return ", ".join(items)
    except TypeError:
        return None


# -- goals -----------------------------------------------------------------------------------


def _goal(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        fields = _GOAL(row)
    except KeyError:
        fields = _GOAL({**_GOAL_NONE, **row})
    title, why, status, progress, person, history, key, tags, due_text, completed = fields
    tags = _joined(tags)
    if not (
        type(title) is str
        and (why is None or type(why) is str)
        and type(status) is str
        and status in GOAL_STATUSES
        and type(progress) is int
        and 0 <= progress <= 100
        and (person is None or type(person) is str)
        and tags is not None
        and (history is None or type(history) is list)
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    entries = _history(history, zone) if history else ()
    if entries is None:
        return None
    # the due day as `Goal.due_of` reads it
    due, day = _DATES[due_text] if type(due_text) is str else NO_DATE
    completed = read_stamp(completed)
    lines = [f"### {inline(title)} (goal {key})", "", f"- Status: {status}, {progress}%"]
    if due is not None:
        lines.append(f"- Due: {day}")
    if person:
        lines.append(
            f"- With: {escaped[f'{person} ({names[person]})' if person in names else person]}"
        )
    if tags:
        lines.append(f"- Tags: {escaped[tags]}")
    if completed is not None:
        lines.append(f"- Completed: {_stamp(completed, zone)}")
    lines.append("")
    if why:
        lines += quoted_text("Why", why)
    if entries:
        lines += ("History:", "", *entries, "")
    # `journal_view.due_order` of (rank, due is None, due or date.max, key)
    rank = _GOAL_RANK[status] * 2
    order = (
        ((rank + 1) * _DAY + _FAR_DAY) * _ID + key
        if due is None
        else (rank * _DAY + due.toordinal()) * _ID + key
    )
    return order, "\n".join(lines)


def _history(history: list[Any], zone: ZoneInfo) -> list[str] | None:
    """A goal's history entries as lines; None when one is not as the store writes it."""
    lines: list[str] = []
    add = lines.append
    for entry in history:
        if type(entry) is not dict:
            return None
        try:
            progress, note, event, text = _ENTRY(entry)
        except KeyError:
            progress, note, event, text = _ENTRY({**_ENTRY_NONE, **entry})
        if not (
            type(progress) is int
            and -_LARGEST < progress < _LARGEST
            and (note is None or type(note) is str)
        ):
            return None
        when = ""
        if type(text) is str and text:  # `read_stamp`, without a call an entry
            try:
                at = _from_iso(text)
            except ValueError:
                at = None
            if at is not None and MIN_YEAR <= at.year <= MAX_YEAR:
                at = at.astimezone(zone) if at.tzinfo else at.replace(tzinfo=UTC).astimezone(zone)
                when = f"{_DAYS[at.toordinal()]} {_CLOCKS[at.hour * 60 + at.minute]}"
        if event == "progress" or type(event) is not str or event not in GOAL_EVENTS:
            event = f"{progress}%"
        add(f"- {when}, {event}: {inline(note)}" if note else f"- {when}, {event}")
    return lines


# -- meetings --------------------------------------------------------------------------------


def _meeting(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        fields = _MEETING(row)
    except KeyError:
        fields = _MEETING({**_MEETING_NONE, **row})
    title, start, tz, duration, rrule, exdates, channel, link = fields[:8]
    status, notes, agenda, agenda_for, rating, held, key, people = fields[8:]
    with_ = _joined(people)
    if not (
        type(title) is str
        and with_ is not None
        and type(start) is str
        and type(tz) is str
        and type(duration) is int
        and 1 <= duration <= MAX_MINUTES
        and (rrule is None or type(rrule) is str)
        and (exdates is None or type(exdates) is list)
        and (channel is None or (type(channel) is str and channel in CHANNELS))
        and (link is None or type(link) is str)
        and type(status) is str
        and status in MEETING_STATUSES
        and (notes is None or type(notes) is str)
        and (agenda is None or type(agenda) is str)
        and (agenda_for is None or type(agenda_for) is str)
        and (rating is None or (type(rating) is int and 1 <= rating <= 5))
        and (held is None or type(held) is list)
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    wall = read_wall(start)
    if wall is None:
        return None
    cancelled = []
    for text in exdates or ():
        moment = read_wall(text) if type(text) is str else None
        if moment is None:
            return None
        cancelled.append(f"{_DAYS[moment.toordinal()]} {_CLOCKS[moment.hour * 60 + moment.minute]}")
    marked = []
    for entry in held or ():
        if type(entry) is not dict:
            return None
        on, rated = entry.get("start"), entry.get("rating")
        moment = read_wall(on) if type(on) is str else None
        if moment is None or not (rated is None or (type(rated) is int and 1 <= rated <= 5)):
            return None
        when = f"{_DAYS[moment.toordinal()]} {_CLOCKS[moment.hour * 60 + moment.minute]}"
        marked.append(f"{when} (rated {rated}/5)" if rated else when)
    if not rrule and not wall.second:  # `describe` of a one-off, without making a meeting
        clock = _CLOCKS[wall.hour * 60 + wall.minute]
        described = inline(f"once, {_DAYS[wall.toordinal()]} {clock} {tz}")
    else:  # what `describe` reads of a meeting: its start, zone and rule
        described = inline(schedule_words(wall, tz, rrule or None))
    lines = [f"### {escaped[title]} (meeting {key})", "", f"- When: {described}"]
    if tz != zone.key:  # `your_time`: the first occurrence in the user's zone
        zones = escaped.zones
        own = zones[tz] if tz in zones else zones.setdefault(tz, known_zone(tz))
        if own is not None:  # an unknown zone (a hand edit): nothing said
            first = wall.replace(tzinfo=own, fold=0).astimezone(zone)
            at = f"{_DAYS[first.toordinal()]} {_CLOCKS[first.hour * 60 + first.minute]}"
            lines.append(f"- Your time: {inline(f'{at} {zone.key} (the first one)')}")
    lines.append(
        f"- Duration: {duration} minute" if duration == 1 else f"- Duration: {duration} minutes"
    )
    if with_:
        lines.append(f"- With: {escaped[with_]}")
    lines.append(f"- Status: {status}")
    if channel:
        lines.append(f"- Channel: {channel}")
    if link:
        lines.append(f"- Link: {escaped[link]}")
    if cancelled:
        lines.append(f"- Cancelled: {', '.join(cancelled)}")
    if marked:
        lines.append(f"- Held: {', '.join(marked)}")
    elif rating:
        lines.append(f"- Rating: {rating}/5")
    lines.append("")
    if notes:
        lines += quoted_text("Notes", notes)
    if agenda:
        about = f" (for {_wall_key(agenda_for)})" if agenda_for else ""
        lines += quoted_text(f"Saved agenda{about}", agenda)
    return (wall, key), "\n".join(lines)


# -- action items, talking points, feedback, milestones, notes -------------------------------


def _action(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        fields = _ACTION(row)
    except KeyError:
        fields = _ACTION({**_ACTION_NONE, **row})
    text, owner, status, person, key, meeting, goal, due_text = fields
    if not (
        type(text) is str
        and (owner is None or type(owner) is str)
        and (person is None or type(person) is str)
        and (meeting is None or (type(meeting) is int and 0 <= meeting < _LARGEST))
        and (goal is None or (type(goal) is int and 0 <= goal < _LARGEST))
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    # the due day as `ActionItem.due_of` reads it
    due, day = _DATES[due_text] if type(due_text) is str else NO_DATE
    if not owner or owner == "me":
        owner, parts = "me", "yours"
    else:
        parts = f"{owner}'s"
    # What `inline` leaves as it is, joined with what has nothing to escape (a day, a
    # number, a comma and a space), is left as it is: only the rest is escaped whole.
    plain = parts == "yours" or escaped[parts] == parts
    if person and person != owner:
        parts += f", with {person}"
        plain = plain and escaped[person] == person
    if due is not None:
        parts += f", due {day}"
    if meeting:
        parts += f", meeting {meeting}"
    if goal:
        parts += f", goal {goal}"
    done = type(status) is str and status != "open" and status in ACTION_STATUSES
    parts = parts if plain else inline(parts)
    line = f"- {'[x]' if done else '[ ]'} {inline(text)}: {parts} (action {key})"
    # `journal_view.due_order` of (done, due is None, due or date.max, key)
    order = (
        ((done * 2 + 1) * _DAY + _FAR_DAY) * _ID + key
        if due is None
        else (done * 2 * _DAY + due.toordinal()) * _ID + key
    )
    return order, line


def _topic(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        text, person, status, key = _TOPIC(row)
    except KeyError:
        text, person, status, key = _TOPIC({**_TOPIC_NONE, **row})
    if not (
        type(text) is str
        and type(person) is str
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    done = type(status) is str and status != "open" and status in TOPIC_STATUSES
    line = f"- {'[x]' if done else '[ ]'} {inline(text)}: with {escaped[person]} (topic {key})"
    return (done, person, key), line


def _feedback(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        fields = _FEEDBACK(row)
    except KeyError:
        fields = _FEEDBACK({**_FEEDBACK_NONE, **row})
    text, direction, person, meeting, goal, rating, key, tags, at_text = fields
    tags = _joined(tags)
    if not (
        type(text) is str
        and type(person) is str
        and (meeting is None or (type(meeting) is int and 0 <= meeting < _LARGEST))
        and (goal is None or (type(goal) is int and 0 <= goal < _LARGEST))
        and (rating is None or (type(rating) is int and 1 <= rating <= 5))
        and tags is not None
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    at = read_stamp(at_text) or read_stamp(row.get("created"))  # `Feedback.at_of`
    given = direction != "received" and type(direction) is str and direction in FEEDBACK_DIRECTIONS
    way = "Given to" if given else "Received from"
    lines = [f"### {way} {escaped[person]}, {_stamp(at, zone)} (feedback {key})", ""]
    if rating:
        lines.append(f"- Rating: {rating}/5")
    if meeting:
        lines.append(f"- Meeting: {meeting}")
    if goal:
        lines.append(f"- Goal: {goal}")
    if tags:
        lines.append(f"- Tags: {escaped[tags]}")
    if len(lines) > 2:
        lines.append("")
    lines.append(quote(text))
    lines.append("")
    at = at or _EPOCH
    return (at.timestamp(), at, key), "\n".join(lines)


def _milestone(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        title, goal, person, note, key, on_text = _MILESTONE(row)
    except KeyError:
        title, goal, person, note, key, on_text = _MILESTONE({**_MILESTONE_NONE, **row})
    if not (
        type(title) is str
        and (goal is None or (type(goal) is int and 0 <= goal < _LARGEST))
        and (person is None or type(person) is str)
        and (note is None or type(note) is str)
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    # the day as `Milestone.on_of` reads it
    on, day = _DATES[on_text] if type(on_text) is str else NO_DATE
    if on is None:
        on = milestone_on(row)
        day = _day_text(on)
    if goal and person:
        about = f" (goal {goal}, with {escaped[person]})"
    elif goal:
        about = f" (goal {goal})"
    elif person:
        about = f" (with {escaped[person]})"
    else:
        about = ""
    said = f": {inline(note)}" if note else ""
    line = f"- {day}: {inline(title)}{about}{said} (milestone {key})"
    return on.toordinal() * _ID + key, line  # `journal_view.day_order`


def _note(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> Written | None:
    try:
        text, prompt, key, people, tags, at_text = _NOTE(row)
    except KeyError:
        text, prompt, key, people, tags, at_text = _NOTE({**_NOTE_NONE, **row})
    who, tags = _joined(people), _joined(tags)
    if not (
        type(text) is str
        and who is not None
        and tags is not None
        and (prompt is None or type(prompt) is str)
        and type(key) is int
        and -_LARGEST < key < _LARGEST
    ):
        return None
    at = read_stamp(at_text) or read_stamp(row.get("created"))  # `Note.at_of`
    if at is None:
        when, at = "", _EPOCH
    else:
        local = at.astimezone(zone)
        when = f"{_DAYS[local.toordinal()]} {_CLOCKS[local.hour * 60 + local.minute]}"
    if people:
        heading = f"### {when}, with {escaped[who]} (note {key})"
    else:
        heading = f"### {when} (note {key})"
    if private_of(row):
        heading += " (private)"
    lines = [heading, ""]
    if tags:
        lines.append(f"- Tags: {escaped[tags]}")
    if prompt:
        lines.append(f"- Prompt: {escaped[prompt]}")
    if len(lines) > 2:
        lines.append("")
    lines.append(quote(text))
    lines.append("")
    return (at.timestamp(), at, key), "\n".join(lines)


def _plain_only(row: Row, names: Names, zone: ZoneInfo, escaped: _Escaped) -> None:
    """A kind without a writer here: each record read by its model."""


Writer = Callable[[Row, Names, ZoneInfo, _Escaped], Written | None]
_WRITERS: dict[str, Writer] = {
    "goals": _goal,
    "meetings": _meeting,
    "actions": _action,
    "topics": _topic,
    "feedback": _feedback,
    "milestones": _milestone,
    "notes": _note,
}
