"""What a *view* is: one shared thing the way the server sees it, as a plain JSON-able dict.

Every view has `kind` (one of KINDS), `uid` (the record's uid, the object's UID) and
`updated` (when it last changed, an instant in UTC or None); the other fields by kind:

- meeting: title, start (wall time in `tz`), tz, duration (minutes, None when the object
  gives none), rrule (as meetings store it, UNTIL in UTC), exdates (wall times), overrides
  ([{of, start, duration, title}], moved occurrences), cancelled, place, link, agenda (the
  DESCRIPTION), agenda_mark (see `agenda_mark`), sequence, follows;
- action: text, owner (a side word, see `views`; None when the object does not say),
  due (a date), status (open|done), completed;
- topic: text, status (open|done), completed;
- goal: title, progress (0-100), due, status (active|done|dropped), completed;
- milestone: title, on (a date), note;
- note: text, at.

A view read from an object mentorlog cannot make a record of (an all-day event someone else
put in the calendar, say) has kind "foreign" and a `reason`: the merge leaves it as it is on
the server and `apply` does nothing with it (an addition to the interface the engine uses).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any, Literal

View = dict[str, Any]
Kind = Literal["meeting", "action", "topic", "goal", "milestone", "note"]
KINDS: tuple[Kind, ...] = ("meeting", "action", "topic", "goal", "milestone", "note")
FOREIGN = "foreign"
Component = Literal["VEVENT", "VTODO", "VJOURNAL"]
COMPONENTS: dict[str, Component] = {
    "meeting": "VEVENT",
    "action": "VTODO",
    "topic": "VTODO",
    "goal": "VTODO",
    "milestone": "VJOURNAL",
    "note": "VJOURNAL",
}
# The category each kind is written with, beside "mentorlog": what the other person's app
# can filter on (Reminders lists, Thunderbird's category view, todoman --category).
CATEGORY = {
    "meeting": "Meeting",
    "action": "Action item",
    "topic": "Talking point",
    "goal": "Goal",
    "milestone": "Milestone",
    "note": "Note",
}
# The fields `updated` aside: two views that differ only there say the same thing.
STAMP_FIELDS = frozenset({"updated"})


def component_of(view: View) -> Component:
    """The iCalendar component a view is written as."""
    return COMPONENTS[str(view["kind"])]


def instant_text(moment: datetime | None) -> str | None:
    """An instant as views hold it: UTC, to the second, ISO 8601 with +00:00."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def read_instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def wall_text(moment: datetime) -> str:
    return moment.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")


def read_wall(value: Any) -> datetime:
    return datetime.fromisoformat(str(value)).replace(tzinfo=None)


def date_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def read_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def agenda_mark(agenda: str | None) -> str | None:
    """A short digest of an agenda as a mentorlog saved it, written beside the DESCRIPTION
    (X-MENTORLOG-AGENDA): a DESCRIPTION that no longer matches its mark was written by a
    person in their calendar app, and the text they added is kept as a note."""
    if not agenda:
        return None
    return hashlib.sha256(agenda.encode("utf-8")).hexdigest()[:16]


# The parts of a saved agenda that stay in the journal: the feedback to discuss (feedback
# never leaves it), and the reflections and notes listed under "Since last time" (a note
# there may be about other people too; the notes shared are shared on their own).
_KEPT_SECTIONS = ("## Feedback to discuss",)
_KEPT_LINES = ("- Reflection: ", "- Note: ")


def shareable_agenda(agenda: str | None) -> str | None:
    """A saved agenda as it may be shared: without its feedback section and the lines that
    quote a reflection or a note (`render.agenda` writes them); None for none."""
    if not agenda:
        return None
    kept: list[str] = []
    skipping = False
    for line in agenda.split("\n"):
        if line.startswith("## "):
            skipping = line.startswith(_KEPT_SECTIONS)
        if skipping or line.lstrip().startswith(_KEPT_LINES) or line.endswith("*(private)*"):
            continue
        kept.append(line)
    return "\n".join(kept) or None


def content(view: View | None) -> View | None:
    """The view without its stamp fields: what it says."""
    if view is None:
        return None
    return {k: v for k, v in view.items() if k not in STAMP_FIELDS}


def same(one: View | None, other: View | None) -> bool:
    """Whether two views say the same thing (their `updated` aside)."""
    return content(one) == content(other)
