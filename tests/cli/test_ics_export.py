"""`mentorlog export ics` through the real CLI (Sat 21 Nov 2026, 11:15 Berlin).

The exported calendar is read back with icalendar and expanded with recurring-ical-events,
and every occurrence is checked against what `mentorlog meeting list` says: the same UTC
instants, across the US, EU and Sydney DST changes. Each check runs twice: once with the
real TZIDs (readers use their own tz database) and once with the TZIDs renamed, so that
only the exported VTIMEZONEs can tell a reader the offsets.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from conftest import Run

BERLIN = ZoneInfo("Europe/Berlin")
# The window every round trip compares: meeting list --from/--to and the expansion.
FROM, TO = "2025-06-01", "2028-12-31"
WINDOW = (datetime(2025, 6, 1, tzinfo=BERLIN), datetime(2029, 1, 1, tzinfo=BERLIN))
ZONES = {
    "bo": "America/New_York",
    "lee": "America/Los_Angeles",
    "uma": "Europe/London",
    "kim": "Australia/Sydney",
    "alice": "Asia/Tokyo",
}


@pytest.fixture
def people(run: Run) -> None:
    names = {"bo": "Bo Lindqvist", "lee": "Lee Park", "uma": "Uma Reid", "kim": "Kim Lee"}
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo", "--channel", "video")  # fmt: skip
    for handle, name in names.items():
        run.ok("person", "add", handle, "--name", name, "--role", "mentee", "--tz", ZONES[handle])


def export(run: Run, *args: str) -> bytes:
    result = run.ok("export", "ics", *args)
    return result.stdout_bytes


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")


def calendar(data: bytes) -> Any:
    import icalendar

    return icalendar.Calendar.from_ical(data)


def renamed(data: bytes) -> bytes:
    """The calendar with every TZID made unknown, so readers must use its VTIMEZONEs (new
    names each time: icalendar caches the zones it builds by TZID)."""
    for zone in {*ZONES.values(), "Europe/Berlin"}:
        data = data.replace(zone.encode(), f"Test-{uuid.uuid4()}".encode())
    return data


def expanded(data: bytes) -> set[tuple[str, str, str, str]]:
    """(uid, start_utc, end_utc, status) of every meeting occurrence in WINDOW.

    Each end is the start plus the event's exact length (DTEND - DTSTART as instants), as
    RFC 5545 3.8.5.3 says; recurring-ical-events adds the length on the wall clock, which
    differs only for an occurrence that straddles a change of offset.
    """
    import recurring_ical_events

    cal = calendar(data)
    lengths = {str(e["UID"]): length(e) for e in cal.events}
    found = recurring_ical_events.of(cal).between(*WINDOW)
    occurrences = set()
    for event in found:
        if "meeting" not in str(event["CATEGORIES"].to_ical()):
            continue
        uid, start = str(event["UID"]), event["DTSTART"].dt.astimezone(UTC)
        end = start + lengths[uid]
        occurrences.add((uid, start.isoformat(), end.isoformat(), str(event["STATUS"])))
    return occurrences


def length(event: Any) -> timedelta:
    """An event's exact length: its DURATION, or DTEND - DTSTART as instants."""
    if "DURATION" in event:
        return cast(timedelta, event["DURATION"].dt)
    return cast(timedelta, event["DTEND"].dt.astimezone(UTC) - event["DTSTART"].dt.astimezone(UTC))


def truth(run: Run) -> set[tuple[str, str, str, str]]:
    """What mentorlog says: every occurrence in WINDOW, cancelled ones excluded (EXDATE)
    unless the whole meeting is cancelled (STATUS:CANCELLED)."""
    uids: dict[int, str] = {}
    found = set()
    for o in run.json("meeting", "list", "--from", FROM, "--to", TO):
        if o["meeting"] not in uids:
            uids[o["meeting"]] = run.json("meeting", "show", str(o["meeting"]))["uid"]
        meeting_cancelled = run.json("meeting", "show", str(o["meeting"]))["status"] == "cancelled"
        if o["status"] == "cancelled" and not meeting_cancelled:
            continue
        status = "CANCELLED" if meeting_cancelled else "CONFIRMED"
        found.add((uids[o["meeting"]], o["start_utc"], o["end_utc"], status))
    return found


def assert_round_trip(run: Run, data: bytes) -> set[tuple[str, str, str, str]]:
    expected = truth(run)
    assert expected, "the test needs occurrences to compare"
    assert expanded(data) == expected
    assert expanded(renamed(data)) == expected
    return expected


# -- round trips across DST changes -----------------------------------------------------------


def test_weekly_series_in_five_zones_match_across_every_dst_change(run: Run, people: None) -> None:
    # 09:00 local every Monday from late February to November 2026: across the US changes
    # (8 Mar, 1 Nov), the EU ones (29 Mar, 25 Oct) and Sydney's (5 Apr, 4 Oct).
    for handle in ("bo", "lee", "uma", "kim"):
        run.ok("meeting", "add", "--with", handle, "--at", "2026-02-23 09:00", "--tz", handle,
               "--every", "weekly", "--count", "40")  # fmt: skip
    # And one in the user's zone, Berlin, without an end.
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-03-02 18:30", "--every", "weekly")
    data = export(run)
    expected = assert_round_trip(run, data)
    uids = [run.json("meeting", "show", str(i))["uid"] for i in range(1, 6)]
    assert [len([o for o in expected if o[0] == uid]) for uid in uids[:4]] == [40] * 4
    # The clock reading stays; the UTC hour moves with each zone's changes.
    starts = {o[1] for o in expected}
    assert {
        "2026-03-02T14:00:00+00:00", "2026-03-09T13:00:00+00:00",  # New York, 8 Mar
        "2026-10-26T13:00:00+00:00", "2026-11-02T14:00:00+00:00",  # New York, 1 Nov
        "2026-03-02T17:00:00+00:00", "2026-03-09T16:00:00+00:00",  # Los Angeles
        "2026-03-23T09:00:00+00:00", "2026-03-30T08:00:00+00:00",  # London, 29 Mar
        "2026-10-19T08:00:00+00:00", "2026-10-26T09:00:00+00:00",  # London, 25 Oct
        "2026-03-29T22:00:00+00:00", "2026-04-05T23:00:00+00:00",  # Sydney, 5 Apr
        "2026-09-27T23:00:00+00:00", "2026-10-04T22:00:00+00:00",  # Sydney, 4 Oct
        "2026-03-23T17:30:00+00:00", "2026-03-30T16:30:00+00:00",  # Berlin, 29 Mar
    } <= starts  # fmt: skip
    text = unfolded(data)
    for zone in (*(ZONES[h] for h in ("bo", "lee", "uma", "kim")), "Europe/Berlin"):
        assert f"DTSTART;TZID={zone}:2026" in text


def test_a_series_over_several_years_crosses_each_change_every_year(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "kim", "--at", "2025-09-29 08:00", "--tz", "kim",
           "--every", "2w", "--until", "2028-06-30")  # fmt: skip
    run.ok("meeting", "add", "--with", "lee", "--at", "2025-10-30 07:00", "--tz", "lee",
           "--every", "weekly", "--until", "2028-11-30")  # fmt: skip
    data = export(run)
    assert_round_trip(run, data)
    rrules = re.findall(r"^RRULE:(FREQ=WEEKLY.*)$", unfolded(data), re.M)
    assert rrules == ["FREQ=WEEKLY;UNTIL=20280630T135959Z;INTERVAL=2",
                      "FREQ=WEEKLY;UNTIL=20281201T075959Z"]  # fmt: skip


def test_monthly_by_day_rule_round_trips(run: Run, people: None) -> None:
    # The first Tuesday of each month at 10:00 New York, over the March change.
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-01 10:00", "--tz", "bo",
           "--every", "FREQ=MONTHLY;BYDAY=1TU", "--count", "8")  # fmt: skip
    data = export(run)
    expected = assert_round_trip(run, data)
    assert len(expected) == 8
    assert sorted(o[1] for o in expected)[3:5] == [
        "2027-03-02T15:00:00+00:00",  # EST
        "2027-04-06T14:00:00+00:00",  # EDT
    ]
    assert "RRULE:FREQ=MONTHLY;COUNT=8;BYDAY=1TU" in unfolded(data)


def test_a_time_in_the_fall_back_hour_and_one_skipped_by_spring_forward(
    run: Run, people: None
) -> None:
    # Weekly at 02:30 Berlin: 29 Mar has no 02:30 (read with the offset before the gap, as
    # RFC 5545 says) and 25 Oct has two (the first is meant).
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-03-22 02:30", "--every", "weekly",
           "--count", "3")  # fmt: skip
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-10-18 02:30", "--every", "weekly",
           "--count", "3")  # fmt: skip
    data = export(run)
    expected = truth(run)
    assert expanded(data) == expected
    starts = sorted(o[1] for o in expected)
    assert "2026-03-29T01:30:00+00:00" in starts
    assert "2026-10-25T00:30:00+00:00" in starts
    # Through the VTIMEZONEs alone, dateutil (which icalendar uses for them) reads the time
    # in the gap with the offset after it, against RFC 5545; every other one agrees.
    gap = {o for o in expected if o[1] == "2026-03-29T01:30:00+00:00"}
    assert {o for o in expanded(renamed(data)) if o[1][:10] != "2026-03-29"} == expected - gap
    # Cancelling the occurrence in the gap: its EXDATE is its wall time, as the rule makes it.
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-03-29")
    data = export(run)
    assert "EXDATE;TZID=Europe/Berlin:20260329T023000" in unfolded(data)
    assert_round_trip(run, data)


def test_one_off_meetings_in_several_zones_and_in_utc(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("meeting", "add", "--with", "kim", "--at", "2027-04-04 02:30", "--tz", "kim")
    run.ok("meeting", "add", "--with", "uma", "--at", "2026-12-03 16:00", "--tz", "UTC")
    data = export(run)
    assert_round_trip(run, data)
    text = unfolded(data)
    assert "DTSTART:20261203T160000Z" in text  # UTC: a Z time, no TZID
    # 02:30-03:15 in Sydney as clocks fall back at 03:00: 15:30Z-16:15Z. The start is the
    # first of two 02:30s (khal reads the second), so the end is said as an exact length,
    # which no reading of the start puts before it (issue 13; it was a DTEND in UTC).
    assert "DTSTART;TZID=Australia/Sydney:20270404T023000\nDURATION:PT45M" in text
    assert "TZID=UTC" not in text
    assert "TZID:UTC" not in text


# -- what each event says -------------------------------------------------------------------


def test_a_one_off_event_has_every_property(run: Run, people: None) -> None:
    link = "https://meet.example.org/abc-defg"
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--link", link)
    uid = run.json("meeting", "show", "1")["uid"]
    run.ok("topic", "add", "What does senior mean on this team?", "--with", "alice")
    event = calendar(export(run)).events[0]
    assert str(event["UID"]) == uid
    assert event["DTSTAMP"].to_ical() == b"20261121T101500Z"
    assert event["DTSTART"].to_ical() == b"20261124T090000"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].to_ical() == b"20261124T094500"
    assert (event["SEQUENCE"], str(event["STATUS"])) == (0, "CONFIRMED")
    assert (str(event["SUMMARY"]), str(event["LOCATION"]), str(event["URL"])) == (
        "Mentoring with Alice Chen",
        link,
        link,
    )
    assert event["CATEGORIES"].to_ical() == b"mentorlog,meeting"
    assert str(event["DESCRIPTION"]).splitlines() == [
        "On each clock:",
        "- You (Europe/Berlin): Tue 24 Nov 09:00",
        "- Alice Chen (Asia/Tokyo): Tue 24 Nov 17:00",
        "Channel: video",
        f"Link: {link}",
        "Talking points:",
        "- What does senior mean on this team?",
    ]
    [alarm] = event.walk("VALARM")
    assert (str(alarm["ACTION"]), alarm["TRIGGER"].to_ical()) == ("DISPLAY", b"-PT15M")


def test_a_series_describes_its_next_meeting_and_the_dst_hint(run: Run, people: None) -> None:
    run.ok("config", "set", "name", "Ana Ruiz")
    run.ok("meeting", "add", "--with", "bo", "--with", "kim", "--at", "2026-11-02 09:00",
           "--tz", "bo", "--every", "weekly")  # fmt: skip
    event = calendar(export(run)).events[0]
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Every week on Monday at 09:00 America/New_York, from 2 Nov 2026.",
        "Next meeting on each clock (later ones follow each zone's daylight saving):",
        "- Ana Ruiz (Europe/Berlin): Mon 23 Nov 15:00",
        "- Bo Lindqvist (America/New_York): Mon 23 Nov 09:00",
        "- Kim Lee (Australia/Sydney): Tue 24 Nov 01:00",
    ]


def test_uids_are_stable_across_exports(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 9am", "--every", "weekly")
    run.ok("action", "add", "Send the draft", "--due", "fri", "--with", "alice")
    run.ok("goal", "add", "Give a talk", "--due", "2027-03-01", "--with", "alice")

    def uids() -> list[str]:
        cal = calendar(export(run, "--include", "actions,goals"))
        return [str(c["UID"]) for c in cal.walk() if "UID" in c]

    first = uids()
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-05T08:00:00+01:00")
    assert uids() == first
    stored = [run.json("meeting", "show", str(i))["uid"] for i in (1, 2)]
    action = run.json("action", "list")[0]["uid"]
    goal = run.json("goal", "show", "1")["uid"]
    assert first == [*stored, action, f"{goal}-due"]


def test_sequence_grows_on_edit_and_the_uid_stays(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-01 09:00", "--tz", "bo",
           "--every", "weekly")  # fmt: skip
    before = calendar(export(run)).events[0]
    run.ok("meeting", "edit", "1", "--at", "2026-12-01 10:00")
    after = calendar(export(run)).events[0]
    assert str(after["UID"]) == str(before["UID"])
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert (before["DTSTART"].to_ical(), after["DTSTART"].to_ical()) == (
        b"20261201T090000",
        b"20261201T100000",
    )
    run.ok("meeting", "edit", "1", "--duration", "1h")
    assert calendar(export(run)).events[0]["SEQUENCE"] == 2


def test_cancelled_occurrences_become_exdates(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "uma", "--at", "2027-03-15 09:00", "--tz", "uma",
           "--every", "weekly", "--count", "6")  # fmt: skip
    run.ok("meeting", "cancel", "1", "--occurrence", "2027-03-29")  # after the UK change
    run.ok("meeting", "cancel", "1", "--occurrence", "2027-04-05")
    data = export(run)
    assert "EXDATE;TZID=Europe/London:20270329T090000,20270405T090000" in unfolded(data)
    expected = assert_round_trip(run, data)
    assert sorted(o[1] for o in expected) == [
        "2027-03-15T09:00:00+00:00",
        "2027-03-22T09:00:00+00:00",
        "2027-04-12T08:00:00+00:00",
        "2027-04-19T08:00:00+00:00",
    ]
    assert calendar(data).events[0]["SEQUENCE"] == 2


def test_a_cancelled_meeting_is_cancelled_without_a_reminder(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 9am", "--every", "weekly",
           "--count", "4")  # fmt: skip
    run.ok("meeting", "cancel", "1")
    run.ok("meeting", "cancel", "2")
    data = export(run)
    assert_round_trip(run, data)
    events = calendar(data).events
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED", "CANCELLED"]
    assert [e["SEQUENCE"] for e in events] == [1, 1]
    assert b"VALARM" not in data


def test_held_meetings_export_like_any_other(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-20 09:00", "--every", "weekly")
    run.ok("meeting", "done", "1", "--rating", "5")
    data = export(run)
    assert_round_trip(run, data)
    assert b"STATUS:CONFIRMED" in data


def test_nothing_private_leaves_the_journal(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("meeting", "notes", "1", "Meeting notes: alice worries about her manager")
    run.ok("note", "add", "Private: I think alice is burning out", "--with", "alice",
           "--private")  # fmt: skip
    run.ok("note", "add", "Shared note about the roadmap", "--with", "alice")
    run.ok("feedback", "add", "Feedback: your demo was rushed", "--to", "alice")
    run.ok("feedback", "add", "Feedback: be more concise", "--from", "alice")
    run.ok("topic", "add", "Ask about the conference", "--with", "alice")
    run.ok("agenda", "--with", "alice", "--save")
    text = unfolded(export(run, "--include", "actions,goals")).lower()
    for secret in ("worries", "burning out", "roadmap", "rushed", "concise", "check-in",
                   "reflection"):  # fmt: skip
        assert secret not in text
    assert "ask about the conference" in text  # talking points are for the meeting


# -- the file ------------------------------------------------------------------------------


def test_lines_are_crlf_and_folded_to_75_octets(run: Run, people: None, tmp_path: Path) -> None:
    title = "Quarterly planning — 四半期の計画とキャリアの話 " * 3
    run.ok("meeting", "add", "--with", "alice", "--with", "kim", "--at", "tue 9am",
           "--title", title.strip(), "--link", "https://meet.example.org/" + "x" * 120)  # fmt: skip
    run.ok("topic", "add", "ü" * 150, "--with", "alice")
    data = export(run)
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        line.decode("utf-8")  # no line splits a character
    assert title.strip() in unfolded(data)
    out = tmp_path / "mentoring.ics"
    result = run.ok("export", "ics", "--out", str(out))
    assert result.stdout == ""
    assert result.stderr == f"Exported 1 meeting to {out}.\n"
    assert out.read_bytes() == data


def test_the_calendar_header_and_a_vtimezone_for_every_tzid(run: Run, people: None) -> None:
    for handle in ("bo", "lee", "uma", "kim", "alice"):
        run.ok("meeting", "add", "--with", handle, "--at", "2026-12-01 09:00", "--tz", handle)
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every", "weekly")
    data = export(run)
    text = unfolded(data)
    assert text.startswith(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//mentorlog//mentorlog 0.1.0//EN\n"
        "CALSCALE:GREGORIAN\nMETHOD:PUBLISH\nX-WR-CALNAME:mentorlog\n"
    )
    used = set(re.findall(r";TZID=([^:;]+)", text))
    defined = re.findall(r"^TZID:(.+)$", text, re.M)
    assert used == {*ZONES.values(), "Europe/Berlin"}
    assert sorted(defined) == sorted(used)
    # VTIMEZONEs come before the events that use them, and in the compact yearly form.
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert text.rindex("END:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "RDATE" not in text
    # The current rules: 2 for each zone with DST, Tokyo none. The zones' history back to
    # 1970 is there too (issue 13: vobject needs it), in rules that end with an UNTIL.
    current = [r for r in re.findall(r"^RRULE:FREQ=YEARLY.*$", text, re.M) if "UNTIL" not in r]
    assert len(current) == 10
    assert re.search(r"^DTSTART:19[67]\d", text, re.M)


def test_an_empty_journal_exports_an_empty_calendar_with_a_note(run: Run) -> None:
    result = run.ok("export", "ics")
    cal = calendar(result.stdout_bytes)
    assert (str(cal["VERSION"]), cal.events, cal.timezones) == ("2.0", [], [])
    assert result.stderr == (
        "Exported 0 meetings.\nNote: there are no meetings to export yet; add one with "
        "`mentorlog meeting add --with HANDLE --at WHEN`.\n"
    )


def test_the_summary_counts_what_was_exported(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 9am", "--every", "weekly")
    run.ok("action", "add", "Send the draft", "--due", "fri")
    run.ok("goal", "add", "Give a talk", "--due", "2027-03-01")
    result = run.ok("export", "ics", "--include", "actions", "--include", "goals")
    assert result.stderr == (
        "Exported 2 meetings (1 recurring), 1 action item and 1 goal due date.\n"
    )
    assert result.stdout.startswith("BEGIN:VCALENDAR")


# -- options ---------------------------------------------------------------------------------


def test_include_actions_and_goals(run: Run, people: None) -> None:
    run.ok("action", "add", "Send Alice the draft", "--due", "fri", "--with", "alice")
    run.ok("action", "add", "Review the outline", "--owner", "bo", "--due", "2026-12-04")
    run.ok("action", "add", "Undated", "--with", "alice")
    run.ok("action", "add", "Done already", "--due", "fri")
    run.ok("action", "done", "4")
    run.ok("goal", "add", "Give a conference talk", "--due", "2027-03-01", "--with", "alice")
    run.ok("goal", "add", "No date", "--with", "alice")
    run.ok("goal", "add", "Dropped", "--due", "2027-01-01")
    run.ok("goal", "drop", "3")
    assert b"VTODO" not in export(run)
    cal = calendar(export(run, "--include", "actions,goals"))
    todos = cal.walk("VTODO")
    assert [(str(t["SUMMARY"]), t["DUE"].to_ical(), str(t["STATUS"])) for t in todos] == [
        ("Send Alice the draft", b"20261127", "NEEDS-ACTION"),
        ("Bo Lindqvist: Review the outline", b"20261204", "NEEDS-ACTION"),
    ]
    assert todos[0]["DUE"].params.get("VALUE") == "DATE"
    assert todos[0]["CATEGORIES"].to_ical() == b"mentorlog,action"
    [goal] = cal.events
    assert (str(goal["SUMMARY"]), goal["DTSTART"].to_ical(), goal["DTEND"].to_ical()) == (
        "Goal due: Give a conference talk",
        b"20270301",
        b"20270302",
    )
    assert (str(goal["TRANSP"]), str(goal["UID"]).endswith("-due")) == ("TRANSPARENT", True)
    only_goals = calendar(export(run, "--include", "goals"))
    assert (len(only_goals.walk("VTODO")), len(only_goals.events)) == (0, 1)


def test_with_keeps_one_relationship(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 9am")
    run.ok("meeting", "add", "--with", "bo", "--with", "alice", "--at", "thu 9am")
    run.ok("action", "add", "For alice", "--due", "fri", "--with", "alice")
    run.ok("action", "add", "For bo", "--due", "fri", "--with", "bo")
    run.ok("goal", "add", "Alice goal", "--due", "2027-01-10", "--with", "alice")
    run.ok("goal", "add", "Bo goal", "--due", "2027-01-10", "--with", "bo")
    cal = calendar(export(run, "--with", "BO", "--include", "actions,goals"))
    assert [str(c["SUMMARY"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")] == [
        "Mentoring with Bo Lindqvist",
        "Mentoring with Bo Lindqvist and Alice Chen",
        "For bo",
        "Goal due: Bo goal",
    ]


def test_from_and_to_keep_whole_series_with_an_occurrence_inside(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-10-01 09:00")  # past
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-10-05 09:00", "--every", "weekly")
    run.ok("meeting", "add", "--with", "kim", "--at", "2027-02-01 09:00")  # later
    run.ok("meeting", "add", "--with", "uma", "--at", "2026-09-07 09:00", "--every", "weekly",
           "--until", "2026-11-30")  # fmt: skip

    def titles(*args: str) -> list[str]:
        return [str(e["SUMMARY"]).split()[-1] for e in calendar(export(run, *args)).events]

    assert titles() == ["Chen", "Lindqvist", "Lee", "Reid"]
    assert titles("--from", "today") == ["Lindqvist", "Lee", "Reid"]
    assert titles("--from", "2026-12-01") == ["Lindqvist", "Lee"]
    assert titles("--to", "2026-10-01") == ["Chen", "Reid"]
    assert titles("--from", "Dec 1", "--to", "Jan 31") == ["Lindqvist"]
    assert titles("--from", "2027-02-01", "--to", "2027-02-01") == ["Lindqvist", "Lee"]
    # The series keeps its whole rule: nothing is clipped to the window.
    data = export(run, "--from", "2026-12-01")
    assert "DTSTART;TZID=Europe/Berlin:20261005T090000" in unfolded(data)
    result = run.ok("export", "ics", "--with", "alice", "--from", "2026-11-01")
    assert result.stderr.splitlines()[0] == "Exported 0 meetings."
    assert result.stderr.splitlines()[1] == (
        "Note: no meetings matched --with, --from or --to; the calendar holds no meetings."
    )


@pytest.mark.parametrize(
    ("args", "trigger"),
    [((), b"-PT1H"), (("--alarm", "30m"), b"-PT30M"), (("--alarm", "1h30m"), b"-PT1H30M")],
)
def test_alarm_from_config_or_option(
    run: Run, people: None, args: tuple[str, ...], trigger: bytes
) -> None:
    run.ok("config", "set", "alarm", "1h")
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    [alarm] = calendar(export(run, *args)).events[0].walk("VALARM")
    assert alarm["TRIGGER"].to_ical() == trigger


@pytest.mark.parametrize("value", ["0", "none", "NONE", "off"])
def test_alarm_zero_or_none_leaves_reminders_out(run: Run, people: None, value: str) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    assert b"VALARM" not in export(run, "--alarm", value)


BAD = {
    "from": (("--from", "whenever"), 2,
             "Cannot read 'whenever' as a start date; write it like 'tomorrow 15:00', "
             "'fri 9am' or '2026-12-01 09:00'."),
    "to": (("--to", "the 45th"), 2,
           "Cannot read 'the 45th' as an end date; write it like 'tomorrow 15:00', "
           "'fri 9am' or '2026-12-01 09:00'."),
    "to before from": (("--from", "Dec 20", "--to", "Dec 1"), 2,
                       "--to 'Dec 1' is not after --from 'Dec 20'; give a later end date."),
    "with": (("--with", "alicia"), 3,
             "No person with handle 'alicia'. Did you mean 'alice'? See `mentorlog person list "
             "--all`."),
    "alarm": (("--alarm", "soon"), 2,
              "Cannot read 'soon' as a reminder time; write it like 45m, 1h or 1h30m."),
    "negative alarm": (("--alarm", "-5m"), 2,
                       "Cannot read '-5m' as a reminder time; write it like 45m, 1h or 1h30m."),
    "include": (("--include", "notes"), 2,
                "Cannot include 'notes'; choose from actions, goals, e.g. --include "
                "actions,goals."),
    "include in a list": (("--include", "actions,feedback"), 2,
                          "Cannot include 'feedback'; choose from actions, goals, e.g. "
                          "--include actions,goals."),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_values_are_refused_and_nothing_is_written(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    tmp_path: Path,
    case: tuple[tuple[str, ...], int, str],
) -> None:
    args, code, message = case
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    before = journal_bytes()
    out = tmp_path / "out.ics"
    result = run.fails(code, "export", "ics", *args, "--out", str(out))
    assert result.stderr == f"Error: {message}\n"
    assert not out.exists()
    assert journal_bytes() == before


def test_out_to_a_folder_or_a_missing_folder_fails_with_storage_code(
    run: Run, people: None, tmp_path: Path
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    result = run.fails(7, "export", "ics", "--out", str(tmp_path))
    assert (
        result.stderr == f"Error: Cannot write to {tmp_path}: it is a folder; give a file name.\n"
    )
    missing = tmp_path / "nope" / "x.ics"
    result = run.fails(7, "export", "ics", "--out", str(missing))
    assert result.stderr == (
        f"Error: Cannot write to {missing}: the folder {missing.parent} does not exist.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_help_names_every_option(run: Run) -> None:
    out = run.ok("export", "ics", "--help").stdout
    for option in ("--with", "--from", "--to", "--out", "--include", "--alarm"):
        assert option in out
    assert "Example: mentorlog export ics" in out


# -- start-up cost -----------------------------------------------------------------------------

PROBE = """
import json, sys
from mentorlog.cli.main import app
try:
    app(sys.argv[2:], standalone_mode=False)
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(sys.modules), out)
"""


# `export ics` writes its calendar as text (`calendar.ics_text`, `ics_values`, issue 19) and
# no longer loads icalendar; reading a calendar (`import ics`) does.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "loads"),
    [
        (("goal", "list"), False),
        (("export", "ics", "--out", "x.ics"), False),
        (("import", "ics", "given.ics"), True),
    ],
)
def test_only_reading_a_calendar_loads_icalendar(
    tmp_path: Path, args: tuple[str, ...], loads: bool
) -> None:
    report = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-m", "mentorlog", "goal", "add", "Learn"], check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([sys.executable, "-m", "mentorlog", "export", "ics", "--out", "given.ics"],
                   check=True, capture_output=True, cwd=tmp_path)  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(report.read_text()))
    assert any(m == "icalendar" or m.startswith("icalendar.") for m in modules) is loads


def test_text_with_a_backslash_before_an_n_reaches_every_reader_as_it_is(
    run: Run, isolated_env: Path
) -> None:
    """A title, place and action item holding `\\N` (a Windows path) are exported as text,
    not as a line break (icalendar's writer takes `\\N` for one), both ways of writing an
    event, and read back the same by icalendar, vobject and `import ics`."""
    import icalendar
    import vobject

    run.ok("person", "add", "kim", "--name", "Kim", "--role", "mentor", "--tz", "Europe/Berlin")
    title, place = "Files in C:\\New folder", "Room \\N2, floor 3"
    run.ok("meeting", "add", "--with", "kim", "--at", "tue 9am", "--title", title)
    run.ok("meeting", "edit", "1", "--place", place)
    run.ok("action", "add", "Copy C:\\Notes", "--due", "fri")
    for attendees in ((), ("--attendees",)):  # the usual writer, and icalendar's
        out = isolated_env / f"x{len(attendees)}.ics"
        run.ok("export", "ics", "--out", str(out), "--include", "actions", *attendees)
        data = out.read_bytes()
        assert b"SUMMARY:Files in C:\\\\New folder" in data
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert (str(events[0]["SUMMARY"]), str(events[0]["LOCATION"])) == (title, place)
        todo = icalendar.Calendar.from_ical(data).walk("VTODO")[0]
        assert str(todo["SUMMARY"]) == "Copy C:\\Notes"
        read = vobject.readOne(data.decode("utf-8"))
        assert read.vevent.summary.value == title
        assert read.vevent.location.value == place
