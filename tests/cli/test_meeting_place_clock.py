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
