"""Issue 13 through the CLI: a meeting's --place (LOCATION, apart from --link's URL), and
the note on an occurrence at a wall time the clocks skip or repeat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Run


@pytest.fixture
def people(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Europe/Berlin", "--email", "alice@example.org")  # fmt: skip


def calendar(run: Run) -> Any:
    import icalendar

    return icalendar.Calendar.from_ical(run.ok("export", "ics").stdout_bytes)


def test_a_place_is_kept_shown_exported_and_read_back(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = "https://meet.example.org/abc"
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--place", " Room 4.12 ",
           "--link", link)  # fmt: skip
    assert run.json("meeting", "show", "1")["place"] == "Room 4.12"
    assert "Room 4.12" in run.ok("meeting", "show", "1").stdout
    assert "Mentoring with Alice Chen @ Room 4.12" in run.ok("meeting", "list").stdout
    [event] = calendar(run).events
    assert (str(event["LOCATION"]), str(event["URL"])) == ("Room 4.12", link)
    # Read back in another home: the place from LOCATION, the link from URL, the title alone.
    (tmp_path / "out.ics").write_bytes(run.ok("export", "ics").stdout_bytes)
    monkeypatch.setenv("MENTORLOG_HOME", str(tmp_path / "other"))
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Europe/Berlin", "--email", "alice@example.org")  # fmt: skip
    run.ok("import", "ics", str(tmp_path / "out.ics"), "--with", "alice")
    again = run.json("meeting", "show", "1")
    assert (again["title"], again["place"], again["link"]) == (
        "Mentoring with Alice Chen",
        "Room 4.12",
        link,
    )
    # none clears it; then LOCATION is the link, as before.
    run.ok("meeting", "edit", "1", "--place", "none", "--all")
    assert run.json("meeting", "show", "1")["place"] is None
    assert {str(e["LOCATION"]) for e in calendar(run).events} == {link}


def test_a_place_belongs_to_the_whole_series(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every", "weekly")
    result = run.fails(2, "meeting", "edit", "1", "--occurrence", "2026-12-01", "--place", "x")
    assert "--place belongs to the whole series" in result.stderr


def test_a_repeated_wall_time_is_noted_at_add_and_in_show(run: Run, people: None) -> None:
    added = run.ok("meeting", "add", "--with", "alice", "--at", "2027-10-31 02:30")
    note = (
        "Note: the clocks in Europe/Berlin show 02:30 twice on Sun 31 Oct 2027; mentorlog and "
        "RFC 5545 mean the first, some calendar apps the second: 03:30 shows alike in every "
        'app (`mentorlog meeting edit 1 --at "2027-10-31 03:30"`).'
    )
    assert note in added.stderr.replace("\n", " ")
    shown = " ".join(run.ok("meeting", "show", "1").stdout.split())
    assert "Clock The clocks in Europe/Berlin show 02:30 twice on Sun 31 Oct 2027;" in shown
    edited = run.ok("meeting", "edit", "1", "--at", "2027-10-31 03:30")
    assert "twice" not in edited.stderr
    assert "Clock" not in run.ok("meeting", "show", "1").stdout


def test_a_series_that_meets_a_skipped_time_is_noted(run: Run, people: None) -> None:
    added = run.ok("meeting", "add", "--with", "alice", "--at", "2027-03-01 02:30",
                   "--every", "daily", "--count", "40")  # fmt: skip
    text = " ".join(added.stderr.split())
    assert "the clocks in Europe/Berlin skip 02:30 on Sun 28 Mar 2027" in text
    assert "(`mentorlog meeting edit 1 --at 03:30`)" in text
    quiet = run.ok("meeting", "add", "--with", "alice", "--at", "2027-03-01 04:30",
                   "--every", "daily", "--count", "40")  # fmt: skip
    assert "clocks" not in quiet.stderr


def test_attendees_are_exported_on_request_and_matched_back_by_email(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "Asia/Tokyo")
    run.ok("config", "set", "name", "Sam Doe")
    run.ok("config", "set", "email", "sam@example.org")
    run.ok("meeting", "add", "--with", "alice", "--with", "bo", "--at", "tue 9am")
    [plain] = calendar(run).events
    assert "ATTENDEE" not in plain
    assert "ORGANIZER" not in plain
    data = run.ok("export", "ics", "--attendees").stdout_bytes
    text = data.decode().replace("\r\n ", "")
    assert "METHOD:PUBLISH" in text
    assert "RSVP" not in text
    import icalendar

    [event] = icalendar.Calendar.from_ical(data).events
    assert str(event["ORGANIZER"]) == "mailto:sam@example.org"
    assert event["ORGANIZER"].params["CN"] == "Sam Doe"
    attendee = event["ATTENDEE"]  # bo has no email: only alice
    assert (str(attendee), attendee.params["CN"]) == ("mailto:alice@example.org", "Alice Chen")
    # Another journal that knows alice's address finds her without --with.
    (tmp_path / "out.ics").write_bytes(data)
    monkeypatch.setenv("MENTORLOG_HOME", str(tmp_path / "other"))
    run.ok("person", "add", "ally", "--name", "Alice C", "--role", "mentor",
           "--tz", "Europe/Berlin", "--email", "Alice@Example.org")  # fmt: skip
    run.ok("import", "ics", str(tmp_path / "out.ics"))
    assert run.json("meeting", "show", "1")["people"] == ["ally"]


def test_a_bad_email_setting_is_refused(run: Run) -> None:
    result = run.fails(2, "config", "set", "email", "not an address")
    assert result.stderr == (
        "Error: Cannot use 'not an address' as your email address; write it like me@example.org.\n"
    )
