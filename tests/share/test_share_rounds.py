"""Two homes, a mentee's and a mentor's, sharing one calendar on a real Radicale; a plain
`caldav` client stands in for the other person's phone. Each test says what happens in
whose app, and checks the journal through the CLI and the server through the client."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dav_server import DavServer
from share_devices import ShareDevice, edit_object, objects, pair, summaries

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("share_keyring")]

T1 = "2026-11-21T10:00:00+01:00"
T2 = "2026-11-21T11:00:00+01:00"
T3 = "2026-11-21T12:00:00+01:00"
T4 = "2026-11-21T13:00:00+01:00"
AFTER_FIRST = "2026-11-25T12:00:00+01:00"  # the weekly series' first call is past


@pytest.fixture
def homes(tmp_path: Path, dav_server: DavServer, calendar_url: str) -> tuple[ShareDevice, ...]:
    return pair(tmp_path, dav_server, calendar_url)


def actions(device: ShareDevice) -> dict[str, dict[str, Any]]:
    return {a["text"]: a for a in device.json("action", "list", "--all")}


def topics(device: ShareDevice) -> dict[str, dict[str, Any]]:
    return {t["text"]: t for t in device.json("topic", "list", "--all")}


def occurrences(device: ShareDevice) -> list[tuple[str, str]]:
    listed = device.json("meeting", "list", "--from", "2026-11-20", "--to", "2026-12-12")
    return [(o["start"], o["status"]) for o in listed]


def test_a_round_sends_what_is_shared_once_and_the_other_home_receives_it(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, mentor = homes
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--every",
              "weekly", "--title", "Weekly sync")  # fmt: skip
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.ok("action", "add", "Review the CV", "--owner", "ana", "--due", "2026-11-30")
    mentee.ok("topic", "add", "Conference talk", "--with", "ana")
    said = mentee.sync()
    assert "sent 4 objects" in said
    assert summaries(dav_server, calendar_url) == [
        "Conference talk", "Review the CV", "Send the CV", "Weekly sync",
    ]  # fmt: skip
    assert "sent 0 objects" in mentee.sync()  # nothing changed: nothing re-uploaded

    mentor.sync()
    got = actions(mentor)
    assert set(got) == {"Send the CV", "Review the CV"}
    # Whose action it is reads right in the other home: the mentee's is ben's there.
    assert got["Send the CV"]["owner"] == "ben"
    assert got["Review the CV"]["owner"] == "me"
    assert got["Review the CV"]["due"] == "2026-11-30"
    assert [m["title"] for m in mentor.json("meeting", "list", "--upcoming")][:1] == ["Weekly sync"]
    assert "Conference talk" in topics(mentor)
    assert "sent 0 objects" in mentor.sync()
    assert "sent 0 objects" in mentee.sync()
    # The last round on the user's clock, as every date is shown, not as stored.
    listed = mentee.ok("share", "list").stdout
    assert re.search(r"\(last shared: (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w{3} \d\d:\d\d\)", listed)


def test_an_agenda_saved_by_one_is_read_by_the_other(
    homes: tuple[ShareDevice, ShareDevice],
) -> None:
    mentee, mentor = homes
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--title", "Call")
    mentee.ok("topic", "add", "AGENDAITEM promotion case", "--with", "ana")
    mentee.ok("agenda", "--with", "ana", "--save")
    mentee.sync()
    mentor.sync()
    [meeting] = mentor.json("meeting", "list", "--upcoming")
    shown = mentor.json("meeting", "show", str(meeting["meeting"]))
    assert "AGENDAITEM promotion case" in (shown["agenda"] or "")


def test_an_action_ticked_done_on_a_phone_closes_it(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.sync()

    def tick(cal: Any) -> None:
        todo = next(c for c in cal.walk("VTODO"))
        todo["STATUS"] = "COMPLETED"
        todo.add("COMPLETED", datetime(2026, 11, 21, 10, 30, tzinfo=UTC))
        todo["PERCENT-COMPLETE"] = 100

    edit_object(dav_server, calendar_url, "Send the CV", tick)
    said = mentee.at(T2).sync()
    assert "received 1 change" in said
    assert actions(mentee)["Send the CV"]["status"] == "done"


def test_a_server_object_with_the_uid_of_a_record_not_shared_changes_nothing(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    """Someone who learnt the uid of a record this share does not hold (a private note,
    a talking point with another person) cannot change it through the calendar: an object
    with that uid is not taken for a new one from the other side."""
    mentee, _ = homes
    mentee.ok("person", "add", "cy", "--name", "Cy Other", "--role", "peer", "--tz", "UTC")
    mentee.ok("note", "add", "PRIVATE-7c1e my worries", "--with", "ana", "--private")
    mentee.ok("topic", "add", "Only for cy", "--with", "cy")
    mentee.sync()
    records = mentee.records()
    note_uid = next(iter(records["notes"]))
    topic_uid = next(u for u, r in records["topics"].items() if r["text"] == "Only for cy")
    for uid, component, summary in (
        (note_uid, "VJOURNAL", "Rewritten from outside"),
        (topic_uid, "VTODO", "Taken over"),
    ):
        dav_server.put(
            calendar_url,
            (
                f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:{component}\r\n"
                f"UID:{uid}\r\nDTSTAMP:20261121T093000Z\r\nSUMMARY:{summary}\r\n"
                f"STATUS:COMPLETED\r\nEND:{component}\r\nEND:VCALENDAR\r\n"
            ).encode(),
        )
    before = mentee.records()
    mentee.at(T2).sync()
    after = mentee.records()
    for table in ("notes", "topics"):
        assert {u: r["text"] for u, r in after[table].items()} == {
            u: r["text"] for u, r in before[table].items()
        }
    assert topics(mentee)["Only for cy"]["status"] == "open"
    assert not any(b"PRIVATE-7c1e" in f.read_bytes() for f in dav_server.files())
    mentee.at(T3).sync()  # and the rounds after leave them as they are too
    assert {u: r["text"] for u, r in mentee.records()["notes"].items()} == {
        u: r["text"] for u, r in before["notes"].items()
    }
    assert topics(mentee)["Only for cy"]["status"] == "open"


def test_a_task_added_on_the_server_becomes_a_talking_point(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.sync()
    dav_server.put(
        calendar_url,
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VTODO\r\n"
        b"UID:from-phone-1\r\nDTSTAMP:20261121T093000Z\r\nSUMMARY:Bring the slides\r\n"
        b"END:VTODO\r\nEND:VCALENDAR\r\n",
    )
    mentee.at(T2).sync()
    found = topics(mentee)
    assert found["Bring the slides"]["person"] == "ana"
    assert found["Bring the slides"]["status"] == "open"
    mentee.at(T3).sync()
    assert list(topics(mentee)) == ["Bring the slides"]  # taken once, not again


def test_a_series_moved_on_the_server_moves_from_the_next_call_on(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--every",
              "weekly", "--title", "Weekly sync")  # fmt: skip
    mentee.sync()

    def one_hour_later(cal: Any) -> None:
        event = next(c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c)
        for name in ("DTSTART", "DTEND"):
            if name in event:
                moved = event[name].dt.replace(hour=event[name].dt.hour + 1)
                del event[name]
                event.add(name, moved)
        event["SEQUENCE"] = int(event.get("SEQUENCE", 0)) + 1

    edit_object(dav_server, calendar_url, "Weekly sync", one_hour_later)
    mentee.at(AFTER_FIRST).sync()
    starts = [start for start, _ in occurrences(mentee.at(AFTER_FIRST))]
    assert starts[0].startswith("2026-11-24T09:00")  # the past is never rewritten
    assert [s[11:16] for s in starts[1:]] == ["10:00", "10:00"]


def test_an_occurrence_cancelled_on_the_server_is_cancelled_here(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--every",
              "weekly", "--title", "Weekly sync")  # fmt: skip
    mentee.sync()

    def cancel_second(cal: Any) -> None:
        import icalendar

        master = next(c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c)
        start = master["DTSTART"].dt
        second = start + timedelta(days=7)
        override = icalendar.Event()
        override.add("UID", master["UID"])
        override.add("DTSTAMP", datetime(2026, 11, 21, 10, 0, tzinfo=UTC))
        override.add("RECURRENCE-ID", second)
        override.add("DTSTART", second)
        override.add("DURATION", master.get("DURATION").dt if "DURATION" in master else
                     master["DTEND"].dt - start)  # fmt: skip
        override.add("SUMMARY", "Weekly sync")
        override.add("STATUS", "CANCELLED")
        cal.add_component(override)

    edit_object(dav_server, calendar_url, "Weekly sync", cancel_second)
    mentee.at(T2).sync()
    shown = dict(occurrences(mentee))
    second = next(start for start in shown if start.startswith("2026-12-01"))
    assert shown[second] == "cancelled"
    assert all(status != "cancelled" for start, status in shown.items() if start != second)


def test_edits_on_both_sides_are_merged_and_a_clash_is_listed(
    homes: tuple[ShareDevice, ShareDevice],
) -> None:
    mentee, mentor = homes
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.sync()
    mentor.sync()
    [mine] = mentee.json("action", "list")
    [theirs] = mentor.json("action", "list")
    mentee.at(T2).ok("action", "edit", str(mine["id"]), "--text", "Send the CV (PDF)")
    mentor.at(T2).ok("action", "edit", str(theirs["id"]), "--due", "2026-12-01")
    mentor.at(T3).ok("action", "edit", str(theirs["id"]), "--text", "Send the CV today")
    mentee.at(T3).sync()
    said = mentor.at(T4).sync()
    assert "1 conflict" in said
    mentee.at(T4).sync()
    for device in (mentee, mentor):
        [action] = device.json("action", "list")
        # Different fields: both kept; the same field: the later edit (the mentor's).
        assert (action["text"], action["due"]) == ("Send the CV today", "2026-12-01")
    listed = mentor.json("share", "list")[0]["conflicts"]
    assert [(c["field"], c["kept"], c["ours"]) for c in listed] == [
        ("text", "ours", "Send the CV today")
    ]


def test_a_record_deleted_on_one_side_is_deleted_on_the_other(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, mentor = homes
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.ok("action", "add", "Keep this", "--owner", "me", "--with", "ana")
    mentee.sync()
    mentor.sync()
    mentee.at(T2).ok("action", "delete", "1")
    assert "deleted 1" in mentee.at(T2).sync()
    assert summaries(dav_server, calendar_url) == ["Keep this"]
    mentor.at(T3).sync()
    assert set(actions(mentor)) == {"Keep this"}


def test_undo_takes_a_round_back(homes: tuple[ShareDevice, ShareDevice]) -> None:
    mentee, mentor = homes
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.sync()
    mentor.sync()
    assert "share sync with ben" in mentor.ok("undo").stderr
    assert actions(mentor) == {}


def test_shared_only_what_may_be_shared(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("person", "add", "zed", "--name", "Zed Other", "--role", "peer", "--tz", "UTC")
    mentee.ok("note", "add", "PRIVATEMARKER about ana", "--with", "ana", "--private")
    mentee.ok("note", "add", "Shared note about the talk", "--with", "ana")
    mentee.ok("reflect", "REFLECTIONMARKER on my growth", "--with", "ana")
    mentee.ok("feedback", "add", "FEEDBACKMARKER good talk", "--from", "ana")
    mentee.ok("action", "add", "OTHERPERSONMARKER", "--owner", "zed")
    mentee.ok("meeting", "add", "--with", "zed", "--at", "2026-11-24 11:00", "--title",
              "OTHERMEETINGMARKER")  # fmt: skip
    mentee.ok("goal", "add", "Give a talk", "--with", "ana")
    mentee.sync()
    stored = b"".join(path.read_bytes() for path in dav_server.storage.rglob("*") if path.is_file())
    for marker in (b"PRIVATEMARKER", b"REFLECTIONMARKER", b"FEEDBACKMARKER",
                   b"OTHERPERSONMARKER", b"OTHERMEETINGMARKER"):  # fmt: skip
        assert marker not in stored, marker
    assert b"Shared note about the talk" in stored
    assert b"Give a talk" in stored


def test_a_calendar_for_events_only_shares_the_meetings_and_says_so_once(
    tmp_path: Path, dav_server: DavServer
) -> None:
    url = dav_server.make_calendar("shared/events-only-rounds", components=("VEVENT",))
    mentee, _ = pair(tmp_path, dav_server, url)
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--title", "Call")
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    said = mentee.sync()
    assert "This calendar holds no VTODO: actions, talking points and goals are not shared" in said
    assert summaries(dav_server, url) == ["Call"]
    assert "holds no VTODO" not in mentee.sync()


def test_a_meeting_added_in_the_other_home_arrives_with_its_zone(
    homes: tuple[ShareDevice, ShareDevice],
) -> None:
    mentee, mentor = homes
    mentor.ok("meeting", "add", "--with", "ben", "--at", "2026-11-26 15:00", "--tz",
              "America/New_York", "--title", "Mentor's call")  # fmt: skip
    mentor.sync()
    mentee.sync()
    [call] = mentee.json("meeting", "list", "--upcoming")
    assert call["title"] == "Mentor's call"
    assert call["start_utc"].startswith("2026-11-26T20:00")
    assert date.fromisoformat(call["start"][:10]) == date(2026, 11, 26)


def test_objects_on_the_server_carry_our_uids(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.sync()
    [action] = mentee.json("action", "list")
    shown = mentee.json("action", "show", str(action["id"]))
    assert shown["uid"] in objects(dav_server, calendar_url)


def test_a_comment_in_a_meeting_description_is_kept_as_a_note_with_them(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--title", "Call")
    mentee.sync()

    def comment(cal: Any) -> None:
        event = next(c for c in cal.walk("VEVENT"))
        before = str(event.get("DESCRIPTION", ""))
        event["DESCRIPTION"] = f"{before}\n\nCan we also talk about the budget?".strip()

    edit_object(dav_server, calendar_url, "Call", comment)
    mentee.at(T2).sync()
    notes = mentee.json("note", "list", "--with", "ana")
    assert any("Can we also talk about the budget?" in n["text"] for n in notes)
    assert all(not n["private"] for n in notes)


def test_a_series_cancelled_or_a_task_deleted_on_the_server_comes_back(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--every",
              "weekly", "--title", "Weekly sync")  # fmt: skip
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.sync()

    def cancel(cal: Any) -> None:
        event = next(c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c)
        event["STATUS"] = "CANCELLED"

    edit_object(dav_server, calendar_url, "Weekly sync", cancel)
    href, _ = next(v for v in objects(dav_server, calendar_url).values() if "VTODO" in v[1])
    dav_server.client("mentee").delete(href)  # type: ignore[attr-defined]
    mentee.at(T2).sync()
    assert actions(mentee) == {}
    assert all(status == "cancelled" for _, status in occurrences(mentee))


def test_an_event_added_by_a_plain_client_becomes_a_meeting_with_them(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.sync()
    dav_server.put(
        calendar_url,
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:from-phone-event\r\nDTSTAMP:20261121T093000Z\r\n"
        b"DTSTART;TZID=Europe/Berlin:20261127T140000\r\nDURATION:PT30M\r\n"
        b"SUMMARY:Quick catch-up\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    mentee.at(T2).sync()
    [call] = mentee.json("meeting", "list", "--upcoming")
    assert (call["title"], call["start_utc"][:16]) == ("Quick catch-up", "2026-11-27T13:00")
    assert call["people"] == ["ana"]
    assert "sent 0 objects" in mentee.at(T3).sync()


def test_a_note_made_private_after_it_was_shared_leaves_the_calendar(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, mentor = homes
    mentee.ok("note", "add", "LATERPRIVATE thoughts on the talk", "--with", "ana")
    mentee.sync()
    mentor.sync()
    [note] = mentee.json("note", "list")
    mentee.at(T2).ok("note", "edit", str(note["id"]), "--private")
    assert "deleted 1" in mentee.at(T2).sync()
    stored = b"".join(p.read_bytes() for p in dav_server.storage.rglob("*") if p.is_file())
    assert b"LATERPRIVATE" not in stored
    mentor.at(T3).sync()
    assert mentor.json("note", "list") == []


def test_a_task_the_journal_cannot_take_stays_on_the_calendar(
    homes: tuple[ShareDevice, ShareDevice], dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = homes
    mentee.sync()
    title = "Too long " * 40  # past the 200 characters a talking point may have
    dav_server.put(
        calendar_url,
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VTODO\r\n"
        b"UID:too-long\r\nDTSTAMP:20261121T093000Z\r\nSUMMARY:"
        + title.strip().encode()
        + b"\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
    )
    said = mentee.at(T2).sync()
    assert "Left topic too-long as it is here" in said
    assert topics(mentee) == {}
    mentee.at(T3).sync()
    mentee.at(T4).sync()
    assert "too-long" in objects(dav_server, calendar_url)  # theirs: never deleted by us
