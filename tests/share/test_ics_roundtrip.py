"""A view written as an object and read back is the same view (`to_ics` -> `from_ics`), and
the shared meetings read the same in other readers: icalendar + recurring-ical-events and
vobject see the occurrences mentorlog shows."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.calendar import occurrences as occ
from mentorlog.model import Meeting, Override
from mentorlog.share.ics_write import as_meeting
from mentorlog.share.shape import View, agenda_mark, instant_text
from mentorlog.share.views import from_ics, meeting_view, to_ics
from profiles import examples

ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC"]
RULES = [
    None,
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=MONTHLY;BYDAY=1TU",
    "FREQ=DAILY;COUNT=5",
]
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
LETTERS = string.ascii_letters + string.digits + " .,;:!?'\"-_/\\()éüßø日本"

words = st.text(alphabet=LETTERS, min_size=1, max_size=40).map(lambda t: " ".join(t.split()))
line = words.filter(bool)
paragraphs = st.lists(line, min_size=1, max_size=4).map("\n".join)
stamps = st.one_of(
    st.none(),
    st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)).map(
        lambda d: instant_text(d.replace(tzinfo=UTC))
    ),
)
days = st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2030, 12, 31)).map(date.isoformat))


@st.composite
def meetings(draw: st.DrawFn) -> View:
    tz = draw(st.sampled_from(ZONES))
    day = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    wall = datetime(
        day.year,
        day.month,
        day.day,
        draw(st.integers(7, 20)),
        draw(st.sampled_from([0, 15, 30, 45])),
    )
    rule = draw(st.sampled_from(RULES))
    duration = draw(st.sampled_from([15, 30, 45, 60, 90, 180]))
    title = draw(line)
    meeting = Meeting(
        title=title,
        people=[],
        start=wall,
        tz=tz,
        duration=duration,
        rrule=rule,
        uid=draw(st.uuids()).hex,
    )
    if rule is not None:
        found = occ.occurrences(
            meeting, occ.instant(meeting, wall), occ.instant(meeting, wall) + timedelta(days=150)
        )
        picked = (
            draw(st.lists(st.sampled_from(found[1:]), unique_by=lambda o: o.key, max_size=3))
            if len(found) > 1
            else []
        )
        half = len(picked) // 2
        meeting.exdates = sorted(o.start.replace(tzinfo=None) for o in picked[:half])
        meeting.overrides = [
            Override(
                of=(of := o.start.replace(tzinfo=None)),
                start=of + timedelta(hours=1),
                duration=draw(st.sampled_from([None, 20])),
                title=draw(st.one_of(st.none(), line)),
            )
            for o in picked[half:]
        ]
    agenda = draw(st.one_of(st.none(), paragraphs))
    meeting.agenda = agenda
    meeting.place = draw(st.one_of(st.none(), line))
    meeting.link = draw(st.sampled_from([None, "https://meet.example.com/abc-defg"]))
    meeting.status = draw(st.sampled_from(["scheduled", "cancelled"]))
    meeting.sequence = draw(st.integers(0, 9))
    meeting.follows = draw(st.one_of(st.none(), st.uuids().map(str)))
    view = meeting_view(meeting)
    assert view is not None
    view["updated"] = draw(stamps)
    if agenda is not None and draw(st.booleans()):  # written by a person: no matching mark
        view["agenda_mark"] = None
    return view


@st.composite
def todos(draw: st.DrawFn) -> View:
    kind = draw(st.sampled_from(["action", "topic", "goal"]))
    view: View = {"kind": kind, "uid": draw(st.uuids()).hex}
    if kind == "goal":
        status = draw(st.sampled_from(["active", "done", "dropped"]))
        view |= {"title": draw(line), "progress": draw(st.integers(0, 100)), "due": draw(days)}
    else:
        status = draw(st.sampled_from(["open", "done"]))
        view["text"] = draw(line)
        if kind == "action":
            view["owner"] = draw(st.sampled_from([None, "mentor", "mentee", "Kim Park"]))
            view["due"] = draw(days)
    view["status"] = status
    view["completed"] = draw(stamps) if status == "done" else None
    view["updated"] = draw(stamps)
    return view


@st.composite
def entries(draw: st.DrawFn) -> View:
    uid = draw(st.uuids()).hex
    if draw(st.booleans()):
        return {
            "kind": "milestone",
            "uid": uid,
            "title": draw(line),
            "on": draw(days),
            "note": draw(st.one_of(st.none(), paragraphs)),
            "updated": draw(stamps),
        }
    return {
        "kind": "note",
        "uid": uid,
        "text": draw(paragraphs),
        "at": draw(stamps),
        "updated": draw(stamps),
    }


@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(meetings(), todos(), entries()))
def test_view_to_ics_to_view_is_the_same_view(view: View) -> None:
    data = to_ics(view)
    assert from_ics(data, uid_hint="x.ics") == view
    assert to_ics(view) == data  # the same bytes every time


def test_agenda_mark_says_who_wrote_the_description() -> None:
    assert agenda_mark("# Agenda") == agenda_mark("# Agenda")
    assert agenda_mark("# Agenda\nmore") != agenda_mark("# Agenda")
    assert agenda_mark(None) is None


# -- other readers -----------------------------------------------------------------------------


def _ours(view: View, *, with_overrides: bool = True) -> set[datetime]:
    meeting = as_meeting(view)
    if not with_overrides:
        meeting.overrides = []
    return {o.start_utc for o in occ.occurrences(meeting, *WINDOW) if not o.cancelled}


def _by_recurring_ical_events(data: bytes) -> set[datetime]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data)
    return {
        e["DTSTART"].dt.astimezone(UTC)
        for e in recurring_ical_events.of(calendar).between(*WINDOW)
        if str(e.get("STATUS", "")).upper() != "CANCELLED"
    }


def _by_vobject(data: bytes) -> set[datetime]:
    """The series' own dates as vobject expands them (it leaves overrides to the caller)."""
    import vobject

    found: set[datetime] = set()
    master = next(
        e for e in vobject.readOne(data.decode()).vevent_list if not hasattr(e, "recurrence_id")
    )
    starts: Any = (
        master.getrruleset(addRDate=True) if hasattr(master, "rrule") else [master.dtstart.value]
    )
    for start in starts:
        moment = start.astimezone(UTC)
        if moment >= WINDOW[1]:
            break
        if moment >= WINDOW[0]:
            found.add(moment)
    return found


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_other_readers_see_our_occurrences(view: View) -> None:
    data = to_ics(view)
    if view["cancelled"]:
        assert b"STATUS:CANCELLED" in data
        return
    assert _by_recurring_ical_events(data) == _ours(view)
    # vobject expands the series' rule and leaves the moved occurrences to the caller.
    assert _by_vobject(data) == _ours(view, with_overrides=False)


def test_backslashes_before_n_survive() -> None:
    """icalendar's writer reads a backslash before N as a line break; ours does not."""
    view = {
        "kind": "note",
        "uid": "n1",
        "text": "C:\\New\\notes \\N, and \\n; a line\nanother",
        "at": None,
        "updated": None,
    }
    assert from_ics(to_ics(view), uid_hint="n1.ics") == view


def test_a_backslash_before_an_n_in_a_place_or_title_stays_text() -> None:
    """icalendar's writer takes `\\N` for a line break; the shared event says what the
    journal says (found by the property above: a place of a backslash and an N)."""
    meeting = Meeting(
        title="Plan \\N and \\n",
        people=[],
        start=datetime(2026, 12, 1, 9, 0),
        tz="Europe/Berlin",
        uid="0" * 32,
    )
    meeting.place = "Room \\N, floor 2; east"
    view = meeting_view(meeting)
    assert view is not None
    view["updated"] = "2026-11-21T10:15:00+00:00"
    data = to_ics(view)
    assert b"LOCATION:Room \\\\N\\, floor 2\\; east" in data
    assert from_ics(data, uid_hint="x.ics") == view
