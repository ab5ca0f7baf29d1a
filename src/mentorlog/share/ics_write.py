"""A view written as one iCalendar object: a VCALENDAR holding its one component (with the
RECURRENCE-ID events of a series' moved occurrences and the VTIMEZONEs it needs).

Meetings go through the export's own writer (`calendar.ics_export`), so a shared meeting is
the same VEVENT `mentorlog export ics` writes, without what a calendar object on a server
must not or should not hold: METHOD (RFC 4791 5.3.2.1), a reminder (each person's app sets
their own) and the export's description; DESCRIPTION is the saved agenda.

The bytes depend on the view only: DTSTAMP and LAST-MODIFIED are its `updated`, never the
clock, so an unchanged record is never uploaded again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar.ics_components import text_value
from mentorlog.calendar.ics_export import PRODID, CalendarSource, IcsRequest, Me, build_calendar
from mentorlog.calendar.ics_fold import to_ical
from mentorlog.errors import ShareFailed
from mentorlog.model import Meeting, Override
from mentorlog.share.shape import (
    CATEGORY,
    View,
    component_of,
    read_date,
    read_instant,
    read_wall,
)

__all__ = ["EPOCH", "OWNER", "to_ics"]

# The DTSTAMP of a record without an `updated` stamp (none the store writes lacks one).
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
KIND = "X-MENTORLOG-KIND"
OWNER = "X-MENTORLOG-OWNER"
AGENDA = "X-MENTORLOG-AGENDA"


def to_ics(view: View) -> bytes:
    """The view as one calendar object (RFC 5545 bytes, CRLF, folded), deterministic."""
    kind = view["kind"]
    if kind == "meeting":
        return _meeting(view)
    from icalendar import Calendar

    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    component = _todo(view) if component_of(view) == "VTODO" else _journal(view)
    cal.add_component(component)
    return to_ical(cal)


def _set_text(component: Any, name: str, text: str) -> None:
    """Put a TEXT property in (in place of any there), escaped as RFC 5545 says
    (`ics_components.text_value`): icalendar's writer takes a backslash before an N for a
    line break and so changes such text (its reader is right)."""
    component.pop(name, None)
    component.add(name, text_value(text))


def _stamp(view: View) -> datetime:
    return read_instant(view.get("updated")) or EPOCH


def _common(component: Any, view: View) -> None:
    stamp = _stamp(view)
    component.add("UID", view["uid"])
    component.add("DTSTAMP", stamp)
    if view.get("updated"):
        component.add("LAST-MODIFIED", stamp)
    component.add("CATEGORIES", ["mentorlog", CATEGORY[view["kind"]]])
    component.add(KIND, view["kind"])


# -- meetings ------------------------------------------------------------------------------


def as_meeting(view: View) -> Meeting:
    """The meeting a view describes, as far as a view says (no people, no notes)."""
    return Meeting(
        title=view["title"],
        people=[],
        start=read_wall(view["start"]),
        tz=view["tz"],
        duration=view.get("duration") or 45,
        rrule=view.get("rrule"),
        exdates=[read_wall(w) for w in view.get("exdates") or []],
        link=view.get("link"),
        place=view.get("place"),
        status="cancelled" if view.get("cancelled") else "scheduled",
        sequence=int(view.get("sequence") or 0),
        agenda=view.get("agenda"),
        overrides=[
            Override(
                of=read_wall(o["of"]),
                start=read_wall(o["start"]),
                duration=o.get("duration"),
                title=o.get("title"),
            )
            for o in view.get("overrides") or []
        ],
        follows=view.get("follows"),
        uid=view["uid"],
        updated=read_instant(view.get("updated")),
    )


def _meeting(view: View) -> bytes:
    from icalendar import Calendar

    meeting = as_meeting(view)
    stamp = _stamp(view)
    written = build_calendar(
        CalendarSource(meetings=[meeting]),
        IcsRequest(alarm=None),
        now=stamp,
        me=Me("", ZoneInfo("UTC")),
    )
    cal = Calendar.from_ical(written.data)
    for name in ("METHOD", "X-WR-CALNAME"):
        cal.pop(name, None)
    events = [c for c in cal.subcomponents if c.name == "VEVENT"]
    if not events:
        raise ShareFailed(
            f"Meeting {view['uid']} has no occurrence a calendar can show, so it cannot be "
            "shared; give it a start or repeat rule that makes one."
        )
    for event in events:
        event.pop("DESCRIPTION", None)
        event.pop("DTSTAMP", None)
        event.add("DTSTAMP", stamp)
        event.pop("CATEGORIES", None)
        event.add("CATEGORIES", ["mentorlog", CATEGORY["meeting"]])
        event.add(KIND, "meeting")
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    _set_text(master, "SUMMARY", view["title"])
    where = view.get("place") or view.get("link")
    for event in events:  # the place as written, a backslash before an N too (`_set_text`)
        if where and "LOCATION" in event:
            _set_text(event, "LOCATION", where)
    titles = {o["of"]: o.get("title") or view["title"] for o in view.get("overrides") or []}
    for event in events:
        if "RECURRENCE-ID" in event:
            moment: Any = event["RECURRENCE-ID"]
            of = moment.dt.replace(tzinfo=None).isoformat(timespec="seconds")
            _set_text(event, "SUMMARY", str(titles.get(of) or view["title"]))
    if view.get("agenda"):
        _set_text(master, "DESCRIPTION", view["agenda"])
        if view.get("agenda_mark"):
            master.add(AGENDA, view["agenda_mark"])
    return to_ical(cal)


# -- to-dos and journal entries --------------------------------------------------------------

_TODO_STATUS = {"open": "NEEDS-ACTION", "active": "NEEDS-ACTION", "done": "COMPLETED"}


def _todo(view: View) -> Any:
    from icalendar import Todo

    todo = Todo()
    _common(todo, view)
    kind = view["kind"]
    _set_text(todo, "SUMMARY", view["title"] if kind == "goal" else view["text"])
    due = read_date(view.get("due"))
    if due is not None:
        todo.add("DUE", due)
    status = view["status"]
    if kind == "goal":
        progress = int(view.get("progress") or 0)
        word = "CANCELLED" if status == "dropped" else _TODO_STATUS[status]
        if word == "NEEDS-ACTION" and progress > 0:
            word = "IN-PROCESS"
        todo.add("STATUS", word)
        todo.add("PERCENT-COMPLETE", progress)
    else:
        todo.add("STATUS", _TODO_STATUS[status])
        if status == "done":
            todo.add("PERCENT-COMPLETE", 100)
    completed = read_instant(view.get("completed"))
    if completed is not None:
        todo.add("COMPLETED", completed)
    if kind == "action" and view.get("owner"):
        todo.add(OWNER, view["owner"])
    return todo


def _journal(view: View) -> Any:
    from icalendar import Journal

    entry = Journal()
    _common(entry, view)
    if view["kind"] == "milestone":
        _set_text(entry, "SUMMARY", view["title"])
        on = read_date(view.get("on"))
        if on is not None:
            entry.add("DTSTART", on)
        if view.get("note"):
            _set_text(entry, "DESCRIPTION", view["note"])
    else:
        text = view["text"]
        _set_text(entry, "SUMMARY", _first_line(text))
        _set_text(entry, "DESCRIPTION", text)
        at = read_instant(view.get("at"))
        if at is not None:
            entry.add("DTSTART", at)
    return entry


def _first_line(text: str, limit: int = 80) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "Note")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"
