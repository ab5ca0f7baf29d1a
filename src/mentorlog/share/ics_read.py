"""One calendar object read as a view: what the server holds, written by mentorlog, by
another mentorlog, or by a calendar app (Apple, Google, Thunderbird, DAVx5, a plain CalDAV
client) that knows nothing of mentorlog's own properties.

A VEVENT is read by the import's reader (`calendar.ics_import`): TZIDs with or without
VTIMEZONE (Windows names, custom zones), UTC and floating times, RRULE, EXDATE, and
RECURRENCE-ID overrides in the same object, a cancelled one an exdate. A VTODO is done when
its STATUS says COMPLETED, or, without a STATUS, when it has COMPLETED or PERCENT-COMPLETE
100 (what apps write when a box is ticked); its due date may be a date or a time. Without
X-MENTORLOG-KIND the kind comes from CATEGORIES, else a to-do is a talking point and a
journal entry a note. An object mentorlog cannot make a record of (an all-day event, say)
reads as a "foreign" view, left alone (see `shape`).
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar.ics_lines import LIBRARY_ERRORS
from mentorlog.errors import InvalidInput, ShareFailed
from mentorlog.share.shape import FOREIGN, View, instant_text, wall_text

__all__ = ["from_ics"]

_TODO_KINDS = ("action", "topic", "goal")
_JOURNAL_KINDS = ("milestone", "note")
_CATEGORY_WORDS = {
    "goal": "goal",
    "action": "action",
    "talking": "topic",
    "topic": "topic",
    "milestone": "milestone",
}


def from_ics(raw: bytes, *, uid_hint: str, zone: ZoneInfo | None = None) -> View:
    """The view an object on the server holds; ShareFailed (one sentence) when it is not
    iCalendar mentorlog can read. `uid_hint` names it (its href or UID) in messages and is
    its uid when it has no UID; `zone` places floating times (default UTC)."""
    cal = _parse(raw, uid_hint)
    components = [c for c in cal.walk() if c.name in ("VEVENT", "VTODO", "VJOURNAL")]
    if not components:
        raise _malformed(uid_hint, "it holds no event, to-do or journal entry")
    name = components[0].name
    if name == "VEVENT":
        return _event(raw, cal, uid_hint, zone or ZoneInfo("UTC"))
    own = [c for c in components if c.name == name and "RECURRENCE-ID" not in c]
    component = own[0] if own else components[0]
    uid = _text(component, "UID") or uid_hint
    if name == "VTODO":
        return _todo(component, uid)
    return _journal(component, uid)


def _parse(raw: bytes, uid_hint: str) -> Any:
    from icalendar import Calendar

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = Calendar.from_ical(raw)
    except LIBRARY_ERRORS as exc:  # icalendar raises many kinds for bad input
        raise _malformed(uid_hint, "it is not iCalendar that can be parsed") from exc
    if getattr(cal, "name", "") != "VCALENDAR":
        raise _malformed(uid_hint, "it is not a VCALENDAR")
    return cal


def _malformed(uid_hint: str, problem: str) -> ShareFailed:
    return ShareFailed(
        f"The server holds malformed data in {uid_hint}: {problem}; fix or delete that "
        "object in a calendar app, then share again."
    )


def _text(component: Any, name: str) -> str | None:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _categories(component: Any) -> list[str]:
    found: list[str] = []
    values = component.get("CATEGORIES")
    for value in values if isinstance(values, list) else [values] if values else []:
        found += [str(c) for c in getattr(value, "cats", []) or []]
    return found


def _kind(component: Any, allowed: tuple[str, ...], default: str) -> str:
    said = (_text(component, "X-MENTORLOG-KIND") or "").strip().lower()
    if said in allowed:
        return said
    for category in _categories(component):
        folded = category.casefold()
        for word, kind in _CATEGORY_WORDS.items():
            if word in folded and kind in allowed:
                return kind
    return default


def _instant(component: Any, name: str) -> str | None:
    prop = component.get(name)
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        return instant_text(value if value.tzinfo else value.replace(tzinfo=UTC))
    if isinstance(value, date):
        return instant_text(datetime(value.year, value.month, value.day, tzinfo=UTC))
    return None


def _day(component: Any, name: str) -> str | None:
    value = getattr(component.get(name), "dt", None)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


# -- to-dos --------------------------------------------------------------------------------


def _todo(component: Any, uid: str) -> View:
    kind = _kind(component, _TODO_KINDS, "topic")
    summary = _text(component, "SUMMARY") or _text(component, "DESCRIPTION")
    if summary is None:
        return _foreign(uid, "VTODO", "a to-do without a summary")
    status = (_text(component, "STATUS") or "").strip().upper()
    percent = _percent(component)
    if status:
        done = status == "COMPLETED"
    else:
        done = component.get("COMPLETED") is not None or percent == 100
    view: View = {"kind": kind, "uid": uid}
    if kind == "goal":
        word = "dropped" if status == "CANCELLED" else "done" if done else "active"
        view |= {"title": summary, "progress": percent or 0, "due": _day(component, "DUE")}
        view |= {"status": word}
    else:
        view["text"] = summary
        if kind == "action":
            owner = _text(component, "X-MENTORLOG-OWNER")
            view["owner"] = " ".join(owner.split()) if owner else None
            view["due"] = _day(component, "DUE")
        view["status"] = "done" if done or status == "CANCELLED" else "open"
    finished = view["status"] == "done"
    view["completed"] = _instant(component, "COMPLETED") if finished else None
    view["updated"] = _instant(component, "LAST-MODIFIED")
    return view


def _percent(component: Any) -> int | None:
    raw = _text(component, "PERCENT-COMPLETE")
    try:
        return None if raw is None else max(0, min(100, int(raw.strip())))
    except ValueError:
        return None


# -- journal entries -------------------------------------------------------------------------


def _journal(component: Any, uid: str) -> View:
    kind = _kind(component, _JOURNAL_KINDS, "note")
    summary, description = _text(component, "SUMMARY"), _text(component, "DESCRIPTION")
    if kind == "milestone":
        if summary is None:
            return _foreign(uid, "VJOURNAL", "a milestone without a title")
        return {
            "kind": "milestone",
            "uid": uid,
            "title": summary,
            "on": _day(component, "DTSTART"),
            "note": description,
            "updated": _instant(component, "LAST-MODIFIED"),
        }
    text = description or summary
    if text is None:
        return _foreign(uid, "VJOURNAL", "a journal entry without text")
    return {
        "kind": "note",
        "uid": uid,
        "text": text,
        "at": _instant(component, "DTSTART"),
        "updated": _instant(component, "LAST-MODIFIED"),
    }


def _foreign(uid: str, component: str, reason: str) -> View:
    return {"kind": FOREIGN, "uid": uid, "component": component, "reason": reason}


# -- events ----------------------------------------------------------------------------------


def _event(raw: bytes, cal: Any, uid_hint: str, zone: ZoneInfo) -> View:
    from mentorlog.calendar.ics_import import read_calendar

    events = [c for c in cal.walk() if c.name == "VEVENT"]
    masters = [e for e in events if "RECURRENCE-ID" not in e]
    uid = _text(masters[0] if masters else events[0], "UID") or uid_hint
    if not masters:
        return _foreign(uid, "VEVENT", "changes to occurrences of an event it does not hold")
    master = masters[0]
    try:
        found = read_calendar(raw, uid_hint, zone=zone)
    except InvalidInput as exc:
        raise _malformed(uid_hint, _problem(str(exc), uid_hint)) from exc
    invite = next((i for i in found.invites if i.uid == uid), None)
    if invite is None:
        reason = found.notes[0] if found.notes else "an event a meeting cannot be made of"
        return _foreign(uid, "VEVENT", reason)
    agenda = _text(master, "DESCRIPTION")
    mark = _text(master, "X-MENTORLOG-AGENDA")
    return {
        "kind": "meeting",
        "uid": uid,
        "title": invite.title,
        "start": wall_text(invite.start),
        "tz": invite.tz,
        "duration": invite.duration,
        "rrule": invite.rrule,
        "exdates": [wall_text(w) for w in invite.exdates] if invite.rrule else [],
        "overrides": [
            {
                "of": wall_text(o.of),
                "start": wall_text(o.start),
                "duration": o.duration,
                "title": o.title,
            }
            for o in invite.overrides
        ]
        if invite.rrule
        else [],
        "cancelled": invite.cancelled,
        "place": invite.place,
        "link": invite.link,
        "agenda": agenda,
        "agenda_mark": mark.strip() if mark else None,
        "sequence": invite.sequence,
        "follows": invite.follows,
        "updated": _instant(master, "LAST-MODIFIED"),
    }


def _problem(message: str, uid_hint: str) -> str:
    """The import's sentence as the middle of ours: what is wrong, without its "Cannot
    import" and its advice to export the file again."""
    text = message.rstrip(".").removeprefix(f"Cannot import {uid_hint}: ")
    head, _, advice = text.rpartition("; ")
    text = head if head and "export" in advice else text
    return text[:1].lower() + text[1:]
