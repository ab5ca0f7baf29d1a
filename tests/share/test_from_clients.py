"""`from_ics` reads what real clients put on a server: no mentorlog properties, floating,
UTC or TZID times (a Windows zone name too), VALUE=DATE due dates, RECURRENCE-ID overrides
in the same object, STATUS:CANCELLED on one, the ways apps say a to-do is done; and refuses
malformed data with one sentence (ShareFailed, exit code 11)."""

from __future__ import annotations

import pytest

from mentorlog.errors import ShareFailed
from mentorlog.share.views import from_ics


def ics(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Client//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def test_apple_reminders_ticked_done() -> None:
    view = from_ics(
        ics(
            "BEGIN:VTODO",
            "UID:rem-1",
            "DTSTAMP:20261122T080000Z",
            "SUMMARY:Book the conference",
            "DUE;VALUE=DATE:20261201",
            "STATUS:COMPLETED",
            "COMPLETED:20261122T075900Z",
            "PERCENT-COMPLETE:100",
            "LAST-MODIFIED:20261122T080000Z",
            "END:VTODO",
        ),
        uid_hint="rem-1.ics",
    )
    assert view == {
        "kind": "topic",
        "uid": "rem-1",
        "text": "Book the conference",
        "status": "done",
        "completed": "2026-11-22T07:59:00+00:00",
        "updated": "2026-11-22T08:00:00+00:00",
    }


def test_thunderbird_action_done_by_percent_with_a_timed_due() -> None:
    view = from_ics(
        ics(
            "BEGIN:VTODO",
            "UID:tb-7",
            "DTSTAMP:20261122T080000Z",
            "SUMMARY:Send slides",
            "CATEGORIES:Action item",
            "DUE;TZID=Europe/Berlin:20261201T170000",
            "PERCENT-COMPLETE:100",
            "END:VTODO",
        ),
        uid_hint="tb-7.ics",
    )
    assert (view["kind"], view["status"], view["due"], view["owner"]) == (
        "action",
        "done",
        "2026-12-01",
        None,
    )


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        (["STATUS:NEEDS-ACTION", "PERCENT-COMPLETE:100"], "open"),  # the status says
        (["COMPLETED:20261122T075900Z"], "done"),
        (["STATUS:IN-PROCESS"], "open"),
        ([], "open"),
    ],
)
def test_the_ways_a_todo_says_done(lines: list[str], status: str) -> None:
    todo = ics("BEGIN:VTODO", "UID:t", "DTSTAMP:20261122T080000Z", "SUMMARY:x", *lines, "END:VTODO")
    assert from_ics(todo, uid_hint="t.ics")["status"] == status


GOOGLE_SERIES = ics(
    "BEGIN:VTIMEZONE",
    "TZID:America/New_York",
    "BEGIN:STANDARD",
    "DTSTART:19701101T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700308T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    "UID:g-series@google.com",
    "DTSTAMP:20261122T080000Z",
    "DTSTART;TZID=America/New_York:20261124T090000",
    "DTEND;TZID=America/New_York:20261124T094500",
    "RRULE:FREQ=WEEKLY;BYDAY=TU",
    "EXDATE;TZID=America/New_York:20261201T090000",
    "SUMMARY:Weekly sync",
    "DESCRIPTION:Bring the draft",
    "LOCATION:https://meet.google.com/abc-defg-hij",
    "SEQUENCE:4",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:g-series@google.com",
    "DTSTAMP:20261122T080000Z",
    "RECURRENCE-ID;TZID=America/New_York:20261208T090000",
    "DTSTART;TZID=America/New_York:20261208T090000",
    "DTEND;TZID=America/New_York:20261208T094500",
    "STATUS:CANCELLED",
    "SUMMARY:Weekly sync",
    "SEQUENCE:5",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:g-series@google.com",
    "DTSTAMP:20261122T080000Z",
    "RECURRENCE-ID;TZID=America/New_York:20261215T090000",
    "DTSTART;TZID=America/New_York:20261215T113000",
    "DTEND;TZID=America/New_York:20261215T121500",
    "SUMMARY:Weekly sync (moved)",
    "SEQUENCE:5",
    "END:VEVENT",
)


def test_a_series_with_a_cancelled_and_a_moved_occurrence() -> None:
    view = from_ics(GOOGLE_SERIES, uid_hint="g.ics")
    assert view["kind"] == "meeting"
    assert (view["start"], view["tz"], view["duration"]) == (
        "2026-11-24T09:00:00",
        "America/New_York",
        45,
    )
    assert view["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert view["exdates"] == ["2026-12-01T09:00:00", "2026-12-08T09:00:00"]
    assert view["overrides"] == [
        {
            "of": "2026-12-15T09:00:00",
            "start": "2026-12-15T11:30:00",
            "duration": None,
            "title": "Weekly sync (moved)",
        }
    ]
    assert view["link"] == "https://meet.google.com/abc-defg-hij"
    assert (view["agenda"], view["agenda_mark"], view["sequence"]) == ("Bring the draft", None, 5)


@pytest.mark.parametrize(
    ("start", "tz", "wall"),
    [
        ("DTSTART:20261125T140000Z", "UTC", "2026-11-25T14:00:00"),
        ("DTSTART:20261125T140000", "Europe/Berlin", "2026-11-25T14:00:00"),  # floating
        (
            "DTSTART;TZID=W. Europe Standard Time:20261125T140000",
            "Europe/Berlin",
            "2026-11-25T14:00:00",
        ),
    ],
)
def test_one_off_times_in_utc_floating_or_a_windows_zone(start: str, tz: str, wall: str) -> None:
    from zoneinfo import ZoneInfo

    raw = ics(
        "BEGIN:VEVENT",
        "UID:e1",
        "DTSTAMP:20261122T080000Z",
        start,
        "DURATION:PT30M",
        "SUMMARY:Call",
        "END:VEVENT",
    )
    view = from_ics(
        raw, uid_hint="e1.ics", zone=ZoneInfo("Europe/Berlin") if "Z" not in start else None
    )
    assert (view["start"], view["tz"], view["duration"]) == (wall, tz, 30)


def test_an_all_day_event_is_foreign() -> None:
    raw = ics(
        "BEGIN:VEVENT",
        "UID:day",
        "DTSTAMP:20261122T080000Z",
        "DTSTART;VALUE=DATE:20261201",
        "SUMMARY:Holiday",
        "END:VEVENT",
    )
    view = from_ics(raw, uid_hint="day.ics")
    assert (view["kind"], view["uid"]) == ("foreign", "day")


def test_a_journal_entry_from_an_app_is_a_note() -> None:
    raw = ics(
        "BEGIN:VJOURNAL",
        "UID:j1",
        "DTSTAMP:20261122T080000Z",
        "DTSTART:20261122T080000Z",
        "SUMMARY:Thoughts",
        "DESCRIPTION:Loved the talk",
        "END:VJOURNAL",
    )
    assert from_ics(raw, uid_hint="j1.ics") == {
        "kind": "note",
        "uid": "j1",
        "text": "Loved the talk",
        "at": "2026-11-22T08:00:00+00:00",
        "updated": None,
    }


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\xffnot a calendar",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        ics("BEGIN:VEVENT", "UID:x", "SUMMARY:No start", "END:VEVENT"),
        ics(
            "BEGIN:VEVENT",
            "UID:x",
            "DTSTART;TZID=Nowhere/Land:20261201T090000",
            "SUMMARY:Odd",
            "END:VEVENT",
        ),
        b"BEGIN:VEVENT\r\nUID:x\r\n",
    ],
)
def test_malformed_data_is_one_sentence(raw: bytes) -> None:
    with pytest.raises(ShareFailed) as caught:
        from_ics(raw, uid_hint="bad.ics")
    message = str(caught.value)
    assert message.startswith("The server holds malformed data in bad.ics: ")
    assert "\n" not in message
    assert message.endswith("; fix or delete that object in a calendar app, then share again.")
    assert "import" not in message
    assert caught.value.exit_code == 11
