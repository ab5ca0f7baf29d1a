"""`mentorlog meeting ...` through the real CLI. The clock reads Sat 21 Nov 2026, 11:15 Berlin."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def people(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo", "--channel", "video")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York")  # fmt: skip
    run.ok("person", "add", "kim", "--name", "Kim Lee", "--role", "peer",
           "--tz", "Australia/Sydney")  # fmt: skip


def starts(run: Run, *args: str) -> list[str]:
    return [o["start_utc"] for o in run.json("meeting", "list", *args)]


def test_add_a_one_off_with_defaults(run: Run, people: None) -> None:
    result = run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    assert result.stderr.splitlines()[0] == (
        "Scheduled meeting 1: Mentoring with Alice Chen, Tue 24 Nov 2026 09:00 Europe/Berlin."
    )
    assert "outside alice's working hours (Tue 17:00 in Asia/Tokyo" in result.stderr
    meeting = run.json("meeting", "show", "1")
    assert {k: meeting[k] for k in ("title", "people", "start", "tz", "duration", "rrule",
                                    "channel", "link", "status", "sequence")} == {
        "title": "Mentoring with Alice Chen",
        "people": ["alice"],
        "start": "2026-11-24T09:00:00+01:00",
        "tz": "Europe/Berlin",
        "duration": 45,
        "rrule": None,
        "channel": "video",
        "link": None,
        "status": "scheduled",
        "sequence": 0,
    }  # fmt: skip


def test_add_in_a_persons_zone_keeps_their_wall_time(run: Run, people: None) -> None:
    link = "https://meet.example.org/x"
    run.ok("meeting", "add", "--with", "bo", "--at", "thu 10:00", "--tz", "bo",
           "--duration", "1h", "--title", "Pairing", "--link", link)  # fmt: skip
    meeting = run.json("meeting", "show", "1")
    assert (meeting["tz"], meeting["start"], meeting["duration"]) == (
        "America/New_York",
        "2026-11-26T10:00:00-05:00",
        60,
    )
    [occurrence] = run.json("meeting", "list")
    assert (occurrence["start_utc"], occurrence["end_utc"]) == (
        "2026-11-26T15:00:00+00:00",
        "2026-11-26T16:00:00+00:00",
    )


def test_group_meeting_title_and_list(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--with", "bo", "--at", "Dec 10 15:00")
    assert run.json("meeting", "show", "1")["title"] == (
        "Mentoring with Alice Chen and Bo Lindqvist"
    )
    out = run.ok("meeting", "list").stdout
    assert "Thu 10 Dec 15:00-15:45" in out
    assert "alice 23:00 off hours" in out
    assert "bo 09:00" in out


def test_default_duration_comes_from_config(run: Run, people: None) -> None:
    run.ok("config", "set", "duration", "30m")
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    assert run.json("meeting", "show", "1")["duration"] == 30


# -- recurrence across DST changes: each checked against the expected UTC instants ----------


def test_weekly_new_york_keeps_nine_oclock_across_the_us_change(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-10-20T08:00:00-04:00")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-10-27 09:00", "--tz",
           "America/New_York", "--every", "weekly", "--count", "3")  # fmt: skip
    assert starts(run, "--from", "2026-10-20", "--to", "2026-11-30") == [
        "2026-10-27T13:00:00+00:00",  # 09:00 EDT
        "2026-11-03T14:00:00+00:00",  # 09:00 EST, after Sun 1 Nov
        "2026-11-10T14:00:00+00:00",
    ]
    local = [
        o["start"]
        for o in run.json("meeting", "list", "--from", "2026-10-20", "--to", "2026-11-30")
    ]
    assert local == [
        "2026-10-27T09:00:00-04:00",
        "2026-11-03T09:00:00-05:00",
        "2026-11-10T09:00:00-05:00",
    ]


def test_weekly_berlin_keeps_its_wall_time_across_the_eu_change(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-10-15T12:00:00+02:00")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-10-19 09:00", "--every", "weekly")
    assert starts(run, "--from", "2026-10-19", "--to", "2026-11-02") == [
        "2026-10-19T07:00:00+00:00",  # 09:00 CEST
        "2026-10-26T08:00:00+00:00",  # 09:00 CET, after Sun 25 Oct
        "2026-11-02T08:00:00+00:00",
    ]


def test_a_sydney_participant_sees_the_time_move_the_other_way(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-09-20T12:00:00+02:00")
    # 09:00 in Berlin every week; Sydney starts DST on Sun 4 Oct, Berlin ends it on Sun 25 Oct.
    run.ok("meeting", "add", "--with", "kim", "--at", "2026-09-28 09:00", "--every", "weekly")
    found = run.json("meeting", "list", "--from", "2026-09-28", "--to", "2026-11-02")
    assert [o["start_utc"][11:16] for o in found] == [
        "07:00",
        "07:00",
        "07:00",
        "07:00",
        "08:00",
        "08:00",
    ]
    out = run.ok("meeting", "list", "--from", "2026-09-28", "--to", "2026-11-02").stdout
    # Kim's clock: 17:00 AEST, then 18:00 AEDT from 4 Oct, then 19:00 once Berlin falls back.
    assert [line.split("kim ")[1][:5] for line in out.splitlines() if "kim " in line] == [
        "17:00", "18:00", "18:00", "18:00", "19:00", "19:00",
    ]  # fmt: skip


def test_monthly_on_the_31st_skips_short_months(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-01-10T12:00:00+01:00")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-01-31 10:00", "--every", "monthly")
    assert starts(run, "--from", "2026-01-01", "--to", "2026-08-31") == [
        "2026-01-31T09:00:00+00:00",
        "2026-03-31T08:00:00+00:00",  # CEST from 29 Mar
        "2026-05-31T08:00:00+00:00",
        "2026-07-31T08:00:00+00:00",
        "2026-08-31T08:00:00+00:00",
    ]


def test_until_and_count_bound_a_series(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every", "weekly",
           "--until", "Dec 8")  # fmt: skip
    rule = run.json("meeting", "show", "1")["rrule"]
    assert rule == "FREQ=WEEKLY;UNTIL=20261208T225959Z"
    assert len(starts(run)) == 3  # 24 Nov, 1 Dec, 8 Dec
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 15:00", "--every", "2w", "--count", "2")
    assert run.json("meeting", "show", "2")["rrule"] == "FREQ=WEEKLY;INTERVAL=2;COUNT=2"
    assert len(run.json("meeting", "list", "--with", "bo", "--to", "2027-06-01")) == 2


BAD = {
    "unknown handle": (("meeting", "add", "--with", "alicia", "--at", "tue 9am"), 3,
                       "No person with handle 'alicia'. Did you mean 'alice'?"),
    "no people": (("meeting", "add", "--at", "tue 9am"), 2, "A meeting needs at least one --with"),
    "no time": (("meeting", "add", "--with", "alice"), 2, "A meeting needs --at WHEN"),
    "date without time": (("meeting", "add", "--with", "alice", "--at", "tomorrow"), 2,
                          "'tomorrow' needs a time of day for the meeting time"),
    "bad time": (("meeting", "add", "--with", "alice", "--at", "teatime"), 2,
                 "Cannot read 'teatime' as a meeting time"),
    "bad rule": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every",
                  "fortnightly-ish"), 2, "Cannot read 'fortnightly-ish' as a recurrence"),
    "until before at": (("meeting", "add", "--with", "alice", "--at", "Dec 15 9am", "--every",
                         "weekly", "--until", "Dec 1"), 2,
                        "--until 'Dec 1' is before the first meeting (Tue 15 Dec 2026 09:00)"),
    "rule that never matches": (("meeting", "add", "--with", "alice", "--at", "2026-11-25 10:00",
                                 "--every", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), 2,
                                "Error: The rule 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' gives no "
                                "meeting in the 10 years from Wed 25 Nov 2026 10:00; check that "
                                "its months, days and weekdays can fall together (February has "
                                "no 30th, for one).\n"),
    "rule past week 53": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every",
                           "FREQ=WEEKLY;BYDAY=MO;BYWEEKNO=60"), 2, "gives no meeting in the 10"),
    "edit to a rule that never matches": (("meeting", "edit", "1", "--every",
                                           "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31"), 2,
                                          "gives no meeting in the 10 years"),
    "until before the first date": (("meeting", "add", "--with", "alice", "--at",
                                     "2026-11-25 10:00", "--every", "FREQ=WEEKLY;BYDAY=MO",
                                     "--until", "2026-11-28"), 2,
                                    "ends before its first meeting (Mon 30 Nov 2026 10:00); "
                                    "give a later end date.\n"),
    "until without every": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--until",
                             "Dec 1"), 2, "--until and --count need --every"),
    "count and until": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every",
                         "weekly", "--until", "2027-01-01", "--count", "3"), 2,
                        "Give --until or --count, not both."),
    "count zero": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every", "weekly",
                    "--count", "0"), 2, "count"),
    "wall time in the DST gap": (("meeting", "add", "--with", "bo", "--at", "2027-03-14 02:30",
                                  "--tz", "America/New_York"), 2,
                                 "2027-03-14 02:30 does not exist in America/New_York"),
    "bad zone": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--tz", "Mars/Base"), 2,
                 "Unknown time zone or handle 'Mars/Base'"),
    "bad duration": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--duration",
                      "forever"), 2, "as a meeting length"),
    "too long": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--duration", "2d"), 2,
                 "too long"),
    "bad link": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--link", "zoom"), 2,
                 "Cannot use 'zoom' as a link"),
    "bad channel": (("meeting", "add", "--with", "alice", "--at", "tue 9am", "--channel",
                     "carrier-pigeon"), 2, "as a channel"),
    "unknown meeting": (("meeting", "show", "99"), 3, "No meeting with id 99"),
    "rating 6": (("meeting", "done", "1", "--rating", "6"), 2,
                 "Cannot use '6' as a rating; give a whole number from 1 to 5."),
    "upcoming and past": (("meeting", "list", "--upcoming", "--past"), 2,
                          "Choose --upcoming or --past, not both."),
    "to before from": (("meeting", "list", "--from", "Dec 20", "--to", "Dec 1"), 2,
                       "is not after the start of the window"),
    "list unknown person": (("meeting", "list", "--with", "nobody"), 3, "No person with handle"),
    "edit nothing": (("meeting", "edit", "1"), 2, "Nothing to change"),
}  # fmt: skip


@pytest.mark.parametrize(("args", "code", "fragment"), BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_sentence_and_changes_nothing(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    fragment: str,
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "yesterday 9am")
    before = journal_bytes()
    result = run.fails(code, *args)
    assert fragment in result.stderr
    assert journal_bytes() == before


def test_moving_a_series_off_every_date_of_its_rule_is_refused(
    run: Run, people: None, journal_bytes: Callable[[], bytes]
) -> None:
    added = run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-25 10:00", "--every",
                   "FREQ=YEARLY;BYMONTH=2")  # fmt: skip
    assert "Thu 25 Feb 2027 10:00" in added.stderr
    before = journal_bytes()
    result = run.fails(2, "meeting", "edit", "1", "--at", "2026-11-30 10:00")  # no 30 Feb
    assert "The rule 'FREQ=YEARLY;BYMONTH=2' gives no meeting in the 10 years from Mon 30 Nov " \
           "2026 10:00" in result.stderr  # fmt: skip
    assert journal_bytes() == before
    run.ok("meeting", "edit", "1", "--title", "Yearly")  # what leaves the dates alone is kept
    run.ok("meeting", "edit", "1", "--at", "2026-11-28 10:00")


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Pacific/Niue"])
def test_a_series_until_the_year_9999_works_everywhere(run: Run, people: None, tz: str) -> None:
    """What calendar apps write for "never ends": every command reads it, in a zone ahead of
    UTC and in one behind."""
    for rule in ("FREQ=WEEKLY;UNTIL=99991231T235959Z", "FREQ=MONTHLY;BYDAY=1MO;UNTIL=99991231"):
        out = run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-25 10:00", "--tz", tz,
                     "--every", rule).stderr  # fmt: skip
        assert "until 31 Dec 9999" in out
    for command in (("status",), ("agenda",), ("meeting", "list"), ("meeting", "show", "2"),
                    ("export", "ics"), ("search", "Alice"), ("report",)):  # fmt: skip
        run.ok(*command)
    calendar = run.ok("export", "ics").stdout
    assert "RRULE:FREQ=WEEKLY;UNTIL=99991231T235959Z" in calendar
    assert "RRULE:FREQ=MONTHLY;UNTIL=99991231T" in calendar


def test_an_ambiguous_wall_time_takes_the_first_and_says_so(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-10-20T12:00:00+02:00")
    result = run.ok("meeting", "add", "--with", "alice", "--at", "2026-10-25 02:30")
    assert "Note: 2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back); using the " \
           "first, 02:30 CEST (UTC+02:00)." in result.stderr  # fmt: skip
    assert run.json("meeting", "show", "1")["start"] == "2026-10-25T02:30:00+02:00"


def test_list_windows(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-10 09:00", "--every", "weekly")
    upcoming = [o["start"][:10] for o in run.json("meeting", "list")]
    assert upcoming == ["2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"]
    past = [o["start"][:10] for o in run.json("meeting", "list", "--past")]
    assert past == ["2026-11-17", "2026-11-10"]  # latest first
    window = run.json("meeting", "list", "--from", "Dec 1", "--to", "Dec 8")
    assert [o["start"][:10] for o in window] == ["2026-12-01", "2026-12-08"]
    assert run.json("meeting", "list", "--with", "bo") == []
    empty = run.ok("meeting", "list", "--with", "bo")
    assert "No meetings from Sat 21 Nov to Mon 21 Dec." in empty.stderr


def test_edit_bumps_the_sequence_and_changes_fields(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every", "weekly")
    run.ok("meeting", "edit", "1", "--at", "wed 10:00", "--duration", "1h", "--with", "bo",
           "--with", "alice", "--title", "Trio", "--channel", "call")  # fmt: skip
    meeting = run.json("meeting", "show", "1")
    assert (meeting["start"], meeting["duration"], meeting["people"], meeting["title"],
            meeting["channel"], meeting["sequence"]) == (
        "2026-11-25T10:00:00+01:00", 60, ["bo", "alice"], "Trio", "call", 1,
    )  # fmt: skip
    run.ok("meeting", "edit", "1", "--every", "none")
    meeting = run.json("meeting", "show", "1")
    assert (meeting["rrule"], meeting["sequence"]) == (None, 2)


def test_edit_zone_keeps_the_instant(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    before = run.json("meeting", "list")[0]["start_utc"]
    run.ok("meeting", "edit", "1", "--tz", "alice")
    meeting = run.json("meeting", "show", "1")
    assert (meeting["tz"], meeting["start"]) == ("Asia/Tokyo", "2026-11-24T17:00:00+09:00")
    assert run.json("meeting", "list")[0]["start_utc"] == before


def test_cancel_one_occurrence_then_the_series(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--every", "weekly")
    result = run.ok("meeting", "cancel", "1", "--occurrence", "Dec 1")
    assert "Cancelled Tue 1 Dec 2026 09:00 Europe/Berlin of meeting 1; the series goes on." in (
        result.stderr
    )
    meeting = run.json("meeting", "show", "1")
    assert (meeting["exdates"], meeting["sequence"]) == (["2026-12-01T09:00:00+01:00"], 1)
    statuses = [(o["start"][:10], o["status"]) for o in run.json("meeting", "list")]
    assert statuses[:3] == [
        ("2026-11-24", "scheduled"),
        ("2026-12-01", "cancelled"),
        ("2026-12-08", "scheduled"),
    ]
    assert (
        "already cancelled"
        in run.fails(4, "meeting", "cancel", "1", "--occurrence", "Dec 1").stderr
    )
    missing = run.fails(3, "meeting", "cancel", "1", "--occurrence", "Dec 2")
    assert "Meeting 1 has no occurrence on Wed 2 Dec 2026" in missing.stderr
    run.ok("meeting", "cancel", "1", "--occurrence", "Dec 8 09:00")
    run.ok("meeting", "cancel", "1")
    assert {o["status"] for o in run.json("meeting", "list")} == {"cancelled"}
    run.fails(4, "meeting", "cancel", "1")


def test_an_occurrence_of_a_one_off_is_not_a_thing(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    result = run.fails(2, "meeting", "cancel", "1", "--occurrence", "tue")
    assert "happens once" in result.stderr


def test_done_marks_a_one_off_held_once_it_has_started(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    early = run.fails(4, "meeting", "done", "1")
    assert "Meeting 1 has not happened yet: it starts Tue 24 Nov 09:00." in early.stderr
    run.ok("meeting", "add", "--with", "alice", "--at", "today 10:00")
    result = run.ok("meeting", "done", "2", "--rating", "4")
    assert "Marked Sat 21 Nov 2026 10:00 Europe/Berlin of meeting 2 held, rated ★★★★." in (
        result.stderr
    )
    meeting = run.json("meeting", "show", "2")
    assert (meeting["status"], meeting["rating"]) == ("held", 4)
    assert "already marked held" in run.fails(4, "meeting", "done", "2").stderr
    assert run.json("meeting", "done", "2", "--rating", "5")["rating"] == 5


def test_done_on_a_series_marks_the_occurrence_that_last_started(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-10 09:00", "--every", "weekly")
    held = run.json("meeting", "done", "1", "--rating", "5")
    assert (held["start"], held["status"], held["rating"]) == (
        "2026-11-17T09:00:00+01:00", "held", 5,
    )  # fmt: skip
    run.ok("meeting", "done", "1", "--occurrence", "Nov 10")
    past = {o["start"][:10]: o["status"] for o in run.json("meeting", "list", "--past")}
    assert past == {"2026-11-17": "held", "2026-11-10": "held"}
    assert "★★★★★" in run.ok("meeting", "list", "--past").stdout


def test_notes_from_the_command_line_are_appended(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "today 10:00")
    run.ok("meeting", "notes", "1", "Agreed: outline first.")
    run.ok("meeting", "notes", "1", "Alice will intro me to the organisers.")
    notes = run.json("meeting", "show", "1")["notes"]
    assert notes == (
        "### Sat 21 Nov 2026 10:00 (written Sat 21 Nov 2026 11:15)\nAgreed: outline first.\n\n"
        "### Sat 21 Nov 2026 10:00 (written Sat 21 Nov 2026 11:15)\n"
        "Alice will intro me to the organisers."
    )
    assert "Agreed: outline first." in run.ok("meeting", "show", "1").stdout


def editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that runs `body` (Python, with `path` the file being edited)."""
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n" + body)
    return f"{sys.executable} {script}"


def test_notes_in_the_editor_have_the_saved_agenda_as_context(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("agenda", "1", "--save")
    seen = tmp_path / "seen.md"
    monkeypatch.setenv("EDITOR", editor(tmp_path, (
        f"pathlib.Path({str(seen)!r}).write_text(path.read_text())\n"
        "path.write_text(path.read_text() + 'Decided to submit the talk.\\n')\n"
    )))  # fmt: skip
    assert "Saved notes on meeting 1." in run.ok("meeting", "notes", "1").stderr
    assert seen.read_text().startswith("# Meeting 1: edit its notes below the line of dashes.")
    assert "# # Mentoring with Alice Chen\n" in seen.read_text()
    assert "# ## Check-in\n" in seen.read_text()
    notes = run.json("meeting", "show", "1")["notes"]
    assert notes == (
        "### Tue 24 Nov 2026 09:00 (written Sat 21 Nov 2026 11:15)\nDecided to submit the talk."
    )


def test_an_untouched_editor_saves_nothing(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes],
) -> None:  # fmt: skip
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    before = journal_bytes()
    monkeypatch.setenv("VISUAL", editor(tmp_path, "pass\n"))
    assert "Nothing was written; no notes saved." in run.ok("meeting", "notes", "1").stderr
    assert journal_bytes() == before


def test_editor_problems_are_clear_and_save_nothing(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    no_editor = run.fails(8, "meeting", "notes", "1")
    assert "No editor is set: export EDITOR" in no_editor.stderr
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    assert (
        "Cannot start the editor '/no/such/editor'" in run.fails(8, "meeting", "notes", "1").stderr
    )
    monkeypatch.setenv("EDITOR", editor(tmp_path, "sys.exit(3)\n"))
    failed = run.fails(8, "meeting", "notes", "1")
    assert "exited with status 3; nothing was saved." in failed.stderr
    assert run.json("meeting", "show", "1")["notes"] is None


def test_writes_made_while_the_editor_is_open_are_not_lost(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal is not locked while the editor is open: another command can write, and
    the notes are applied to the journal as it is when the editor closes."""
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    monkeypatch.setenv("EDITOR", editor(tmp_path, (
        "import subprocess\n"
        f"subprocess.run([{sys.executable!r}, '-m', 'mentorlog', 'goal', 'add', "
        "'Written while editing'], check=True, timeout=60)\n"
        "path.write_text(path.read_text() + 'Notes after the call.\\n')\n"
    )))  # fmt: skip
    run.ok("meeting", "notes", "1")
    assert [g["title"] for g in run.json("goal", "list")] == ["Written while editing"]
    assert "Notes after the call." in run.json("meeting", "show", "1")["notes"]


def test_show_has_the_schedule_and_the_next_dates(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "thu 10:00", "--tz", "bo", "--every", "2w")
    out = run.ok("meeting", "show", "1").stdout
    assert "every 2 weeks on Thursday at 10:00 America/New_York, from 26 Nov 2026" in out
    assert "Bo Lindqvist (bo, America/New_York)" in out
    assert "Thu 26 Nov 16:00-16:45" in out
    assert "Thu 10 Dec 16:00-16:45" in out


# -- delete ----------------------------------------------------------------------------------


def test_delete_keeps_its_actions_and_feedback_without_the_link(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-17 10:00", "--every", "weekly")
    run.ok("action", "add", "Send notes", "--meeting", "1")
    run.ok("feedback", "add", "Useful", "--from", "alice", "--meeting", "1")
    done = run.ok("meeting", "delete", "1")
    assert "No longer linked to it, the rest kept: action item 1, feedback entry 1." in done.stderr
    assert run.json("meeting", "list", "--past") == []
    assert run.json("action", "show", "1")["meeting"] is None
    assert run.json("feedback", "show", "1")["text"] == "Useful"
    run.ok("undo")
    assert run.json("action", "show", "1")["meeting"] == 1


def test_delete_unknown_meeting_changes_nothing(
    run: Run, journal_bytes: Callable[[], bytes]
) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    before = journal_bytes()
    assert "No meeting with id 4" in run.fails(3, "meeting", "delete", "4").stderr
    assert journal_bytes() == before
