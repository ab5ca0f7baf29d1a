"""`mentorlog import ics FILE` through the real CLI, on files shaped like real apps' exports.

The fixtures in tests/data/ics/import/ were written by hand after what Google Calendar,
Outlook and Apple Calendar export (their PRODIDs, X- properties, VTIMEZONEs, folding, CRLF),
plus a file of floating times. The clock reads Sat 21 Nov 2026, 11:15 Berlin. The ground
truth for every occurrence is recurring-ical-events' expansion of the same file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Run

DATA = Path(__file__).resolve().parents[1] / "data" / "ics" / "import"
WINDOW = ("--from", "2026-11-01", "--to", "2027-07-01")
GOOGLE_SERIES = "4kq2b0m8v1c9ue7ht3rjo5d6pa@google.com"
OUTLOOK_SERIES = (
    "040000008200E00074C5B7101A82E00800000000D0F1A4C3F25DDA01000000000000000010000000B5F1A0C2E5"
    "E8F84A8D4C3D3C2A1B0F9E"
)
APPLE_SERIES = "6B29FC40-CA47-1067-B31D-00DD010662DA"


@pytest.fixture
def people(run: Run) -> None:
    """The people the fixtures invite, their emails in other cases than the files use."""
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--channel",
           "call", "--tz", "America/New_York", "--email", "alice@example.org")  # fmt: skip
    run.ok("person", "add", "bob", "--name", "Bob Weber", "--role", "mentee", "--channel",
           "in-person", "--tz", "Europe/Berlin", "--email", "Bob.Weber@example.com")  # fmt: skip
    run.ok("person", "add", "dana", "--name", "Dana Kim", "--role", "mentee",
           "--tz", "America/New_York", "--email", "DANA.KIM@contoso.com")  # fmt: skip
    run.ok("person", "add", "carol", "--name", "Carol Diaz", "--role", "peer",
           "--tz", "Europe/Madrid")  # fmt: skip


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixtures copied into the working folder, so messages name them as a user would."""
    folder = tmp_path / "downloads"
    shutil.copytree(DATA, folder)
    monkeypatch.chdir(folder)
    return folder


def meetings(run: Run) -> dict[str, dict[str, Any]]:
    """Every meeting, as `meeting show --json` prints it, by uid."""
    ids = sorted({o["meeting"] for o in run.json("meeting", "list", *WINDOW)})
    shown = [run.json("meeting", "show", str(meeting_id)) for meeting_id in ids]
    return {m["uid"]: m for m in shown}


def occurrences(run: Run, meeting_id: int | None = None) -> list[dict[str, Any]]:
    found = run.json("meeting", "list", *WINDOW)
    return [o for o in found if meeting_id is None or o["meeting"] == meeting_id]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def expected_instants(name: str, uids: set[str]) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every occurrence recurring-ical-events finds for these uids,
    cancelled and all-day ones left out; floating times read in the user's zone."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical((DATA / name).read_bytes())
    found = []
    for event in recurring_ical_events.of(calendar).between(
        datetime(2026, 11, 1), datetime(2027, 7, 2)
    ):
        start, end = event["DTSTART"].dt, event["DTEND"].dt if "DTEND" in event else None
        if str(event["UID"]) not in uids or str(event.get("STATUS")) == "CANCELLED":
            continue
        if end is None:
            end = start + event["DURATION"].dt
        if start.tzinfo is None:
            start, end = (d.replace(tzinfo=ZoneInfo("Europe/Berlin")) for d in (start, end))
        found.append((start.astimezone(UTC), end.astimezone(UTC)))
    return sorted(found)


def actual_instants(run: Run) -> list[tuple[datetime, datetime]]:
    return sorted(
        (utc(o["start_utc"]), utc(o["end_utc"]))
        for o in occurrences(run)
        if o["status"] != "cancelled"
    )


# -- what each app's file becomes ------------------------------------------------------------


def test_google_calendar_export(run: Run, people: None, files: Path) -> None:
    result = run.ok("import", "ics", "google.ics")
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Note: Left out 'No sessions (holidays)' (24 Dec 2026): it lasts whole days, and a "
        "meeting has a time of day.",
        "Note: Left out 'Dentist' (Mon 7 Dec 2026 02:30 America/New_York): none of its "
        "attendees has an email in the journal; import it with --with HANDLE, or add their "
        "email with `mentorlog person edit HANDLE --email ADDRESS`.",
        "Imported 2 meetings from google.ics (1 recurring); left out 1 all-day event and 1 "
        "other event.",
    ]
    found = meetings(run)
    series = found[GOOGLE_SERIES]
    assert series["title"] == "Weekly mentoring: Alice / me"
    assert series["people"] == ["alice"]
    assert (series["start"], series["tz"], series["duration"]) == (
        "2026-12-01T09:00:00-05:00",
        "America/New_York",
        45,
    )
    # UNTIL was UTC already; the occurrence moved to Wednesday is an override of the series.
    assert series["rrule"] == "FREQ=WEEKLY;WKST=SU;BYDAY=TU;UNTIL=20270303T045959Z"
    assert series["exdates"] == [
        "2026-12-22T09:00:00-05:00",
        "2026-12-29T09:00:00-05:00",
    ]
    assert (series["link"], series["channel"]) == ("https://meet.google.com/abc-defg-hij", "video")
    assert series["sequence"] == 1  # the moved occurrence's SEQUENCE:1 counts for the series
    assert series["overrides"] == [
        {"of": "2026-12-08T09:00:00", "start": "2026-12-09T11:00:00", "duration": None,
         "title": None}
    ]  # fmt: skip
    [moved] = [o for o in occurrences(run, series["id"]) if o["moved_from"]]
    assert (moved["start"], moved["moved_from"]) == (
        "2026-12-09T11:00:00-05:00",
        "2026-12-08T09:00:00",
    )
    # A UTC one-off goes to the calendar's X-WR-TIMEZONE, keeping its instant; the attendee's
    # email matched bob's whatever its case.
    review = found["7f3n2l8s0k5d4h6g1j9a2b3c4d@google.com"]
    assert (review["start"], review["tz"], review["people"]) == (
        "2026-12-04T10:00:00-05:00",
        "America/New_York",
        ["bob"],
    )
    assert review["link"] == "https://zoom.us/j/5551234567"
    assert len(found) == 2
    first = occurrences(run, series["id"])
    assert [o["start_utc"] for o in first[:3]] == [
        "2026-12-01T14:00:00+00:00",
        "2026-12-09T16:00:00+00:00",  # moved from Tuesday 8 Dec
        "2026-12-15T14:00:00+00:00",
    ]
    assert first[3]["status"] == "cancelled"
    assert first[-1]["start_utc"] == "2027-03-02T14:00:00+00:00"  # the last, by UNTIL


def test_outlook_export_with_windows_zone_names(run: Run, people: None, files: Path) -> None:
    result = run.ok("import", "ics", "outlook.ics")
    assert result.stderr == "Imported 2 meetings from outlook.ics (1 recurring).\n"
    found = meetings(run)
    monthly = found[OUTLOOK_SERIES]
    assert (monthly["title"], monthly["people"], monthly["tz"]) == (
        "Monthly career chat",
        ["dana"],
        "America/New_York",
    )
    assert monthly["rrule"] == "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270603T180000Z"
    # EXDATE and the cancelled override (4 Mar); the moved one (7 Jan) is an override.
    assert monthly["exdates"] == [
        "2027-02-04T14:00:00-05:00",
        "2027-03-04T14:00:00-05:00",
    ]
    assert monthly["link"].startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_")
    assert monthly["sequence"] == 2
    [moved] = [o for o in occurrences(run, monthly["id"]) if o["moved_from"]]
    assert (moved["start"], moved["moved_from"]) == (
        "2027-01-14T15:00:00-05:00",
        "2027-01-07T14:00:00",
    )
    # "W. Europe Standard Time" is Europe/Berlin; a room is the meeting's place (issue 13:
    # it was folded into the title).
    talk = found[next(uid for uid in found if uid.endswith("1122334455667788990011223344556677"))]
    assert (talk["start"], talk["tz"], talk["title"], talk["place"]) == (
        "2026-12-10T17:00:00+01:00",
        "Europe/Berlin",
        "Talk feedback",
        "Room 4.12 (Berlin office)",
    )
    assert (talk["link"], talk["channel"]) == (None, "in-person")  # bob's channel
    walls = [o["start"] for o in occurrences(run, monthly["id"]) if o["status"] == "scheduled"]
    assert walls == [
        "2026-12-03T14:00:00-05:00",
        "2027-01-14T15:00:00-05:00",  # moved from Thu 7 Jan
        "2027-04-01T14:00:00-04:00",  # after the US change: still 14:00 in New York
        "2027-05-06T14:00:00-04:00",
        "2027-06-03T14:00:00-04:00",
    ]


def test_apple_calendar_export(run: Run, people: None, files: Path) -> None:
    result = run.ok("import", "ics", "apple.ics")
    assert result.stderr.splitlines()[-1] == (
        "Imported 1 meeting from apple.ics (1 recurring); left out 1 event."
    )
    assert "'First session with Emi' (Thu 3 Dec 2026 09:00 Asia/Tokyo)" in result.stderr
    found = meetings(run)
    coffee = found[APPLE_SERIES]
    assert coffee["title"] == "Coffee with Bob"  # its LOCATION is its place (issue 13)
    assert coffee["place"] == "Café Einstein, Kurfürstenstraße 58, 10785 Berlin"
    assert (coffee["start"], coffee["tz"], coffee["rrule"]) == (
        "2026-11-30T17:30:00+01:00",
        "Europe/Berlin",
        "FREQ=WEEKLY;INTERVAL=2",
    )
    assert coffee["exdates"] == ["2026-12-28T17:30:00+01:00"]
    [moved] = [o for o in occurrences(run, coffee["id"]) if o["moved_from"]]
    assert (moved["start"], moved["moved_from"]) == (
        "2026-12-15T18:00:00+01:00",
        "2026-12-14T17:30:00",
    )


def test_apple_event_in_tokyo_with_its_person(run: Run, people: None, files: Path) -> None:
    run.ok("person", "add", "emi", "--name", "Emi Sato", "--role", "mentee",
           "--tz", "Asia/Tokyo", "--email", "emi@example.jp")  # fmt: skip
    run.ok("import", "ics", "apple.ics")
    emi = meetings(run)["A3D5F1E2-7B9C-4D6E-8F10-2A3B4C5D6E7F"]
    assert (emi["start"], emi["tz"], emi["duration"], emi["link"]) == (
        "2026-12-03T09:00:00+09:00",
        "Asia/Tokyo",
        30,
        "https://meet.example.org/emi-weekly",
    )
    assert occurrences(run, emi["id"])[0]["start_utc"] == "2026-12-03T00:00:00+00:00"


def test_floating_times_are_read_in_the_users_zone(run: Run, people: None, files: Path) -> None:
    run.ok("import", "ics", "floating.ics", "--with", "carol")
    found = meetings(run)
    group = found["session-series-42@mentorcircle.example"]
    assert (group["start"], group["tz"], group["duration"], group["rrule"]) == (
        "2026-12-02T10:00:00+01:00",
        "Europe/Berlin",
        30,
        "FREQ=WEEKLY;COUNT=6",
    )
    assert group["exdates"] == ["2026-12-16T10:00:00+01:00"]
    assert group["people"] == ["carol"]
    kickoff = found["session-kickoff-41@mentorcircle.example"]
    assert (kickoff["duration"], kickoff["link"]) == (
        75,
        "http://mentorcircle.example/rooms/kickoff",
    )


def test_tz_places_floating_times_in_a_persons_zone(run: Run, people: None, files: Path) -> None:
    run.ok("import", "ics", "floating.ics", "--with", "carol", "--tz", "alice")
    group = meetings(run)["session-series-42@mentorcircle.example"]
    assert (group["start"], group["tz"]) == ("2026-12-02T10:00:00-05:00", "America/New_York")


def test_tz_takes_a_city_and_says_which_zone(run: Run, people: None, files: Path) -> None:
    result = run.ok("import", "ics", "floating.ics", "--with", "carol", "--tz", "new york")
    assert "Note: Read 'new york' as the zone America/New_York." in result.stderr
    group = meetings(run)["session-series-42@mentorcircle.example"]
    assert (group["start"], group["tz"]) == ("2026-12-02T10:00:00-05:00", "America/New_York")


@pytest.mark.parametrize(
    ("name", "extra", "count"),
    [
        ("google.ics", (), 13),  # 12 of the series (one moved), and the review
        ("outlook.ics", (), 6),  # 5 of the series (one moved), and the talk feedback
        ("apple.ics", (), 15),  # the coffees (one moved); Emi is nobody here yet
        ("floating.ics", ("--with", "carol"), 6),  # COUNT=6 less one EXDATE, and the kick-off
    ],
)
def test_every_occurrence_is_where_recurring_ical_events_puts_it(
    run: Run, people: None, files: Path, name: str, extra: tuple[str, ...], count: int
) -> None:
    run.ok("import", "ics", name, *extra)
    # A moved occurrence is an override of its series here, and an instance of its UID there.
    imported = set(meetings(run))
    expected = expected_instants(name, imported)
    assert len(expected) == count
    assert actual_instants(run) == expected


# -- importing again ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["google.ics", "outlook.ics", "apple.ics", "floating.ics"])
def test_importing_the_same_file_again_writes_nothing(
    run: Run, people: None, files: Path, journal_bytes: Callable[[], bytes], name: str
) -> None:
    run.ok("import", "ics", name, "--with", "carol")
    before = journal_bytes()
    result = run.ok("import", "ics", name, "--with", "carol")
    assert journal_bytes() == before
    assert result.stderr.splitlines()[-1].startswith(
        "Nothing new to import: the journal already has "
    )
    assert run.json("import", "ics", name, "--with", "carol") == []
    assert journal_bytes() == before


def test_reimport_message_counts_the_meetings(run: Run, people: None, files: Path) -> None:
    run.ok("import", "ics", "outlook.ics")
    assert run.ok("import", "ics", "outlook.ics").stderr == (
        "Nothing new to import: the journal already has both meetings in outlook.ics.\n"
    )


def newer(source: Path, target: Path, **changes: str) -> Path:
    """A copy of `source` with lines replaced: {"old line": "new line"}."""
    text = source.read_bytes().decode("utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8", newline="")
    return target


def google_v2(folder: Path, sequence: str) -> Path:
    """The Google series moved to 10:00 on Thursdays, renamed, with the given SEQUENCE."""
    return newer(
        folder / "google.ics",
        folder / "google-v2.ics",
        **{
            "DTSTART;TZID=America/New_York:20261201T090000": (
                "DTSTART;TZID=America/New_York:20261203T100000"
            ),
            "DTEND;TZID=America/New_York:20261201T094500": (
                "DTEND;TZID=America/New_York:20261203T110000"
            ),
            "UNTIL=20270303T045959Z;BYDAY=TU": "UNTIL=20270303T045959Z;BYDAY=TH",
            "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Weekly mentoring: Alice / me\r\n"
            "TRANSP:OPAQUE\r\nBEGIN:VALARM": (
                f"SEQUENCE:{sequence}\r\nSTATUS:CONFIRMED\r\nSUMMARY:Mentoring (Thursdays)\r\n"
                "TRANSP:OPAQUE\r\nBEGIN:VALARM"
            ),
        },
    )


def test_a_newer_sequence_updates_the_meeting_and_keeps_what_happened(
    run: Run, people: None, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("import", "ics", "google.ics")
    series = meetings(run)[GOOGLE_SERIES]
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-01T16:00:00+01:00")
    run.ok("meeting", "done", str(series["id"]), "--rating", "4")
    run.ok("meeting", "notes", str(series["id"]), "Talked about the promotion case")
    result = run.ok("import", "ics", google_v2(files, "5").name, "--json")
    assert result.stderr.splitlines()[-1] == (
        "Updated 1 meeting from google-v2.ics; skipped 1 (unchanged); left out 1 all-day event "
        "and 1 other event."
    )
    printed = json.loads(result.stdout)
    assert [m["uid"] for m in printed] == [GOOGLE_SERIES]
    after = run.json("meeting", "show", str(series["id"]))
    assert printed[0] == after
    assert (after["title"], after["start"], after["sequence"]) == (
        "Mentoring (Thursdays)",
        "2026-12-03T10:00:00-05:00",
        5,
    )
    assert after["rrule"] == "FREQ=WEEKLY;WKST=SU;BYDAY=TH;UNTIL=20270303T045959Z"
    assert "Talked about the promotion case" in str(after["notes"])
    assert [h["rating"] for h in after["held"]] == [4]
    assert after["created"] == series["created"]
    assert after["updated"] == "2026-12-01T16:00:00+01:00"


@pytest.mark.parametrize("sequence", ["0", "1"])
def test_an_equal_or_older_sequence_changes_nothing(
    run: Run, people: None, files: Path, journal_bytes: Callable[[], bytes], sequence: str
) -> None:
    run.ok("import", "ics", "google.ics")
    before = journal_bytes()
    # The series' sequence is 1 (its moved occurrence's), so 0 and 1 are not newer.
    result = run.ok("import", "ics", google_v2(files, sequence).name)
    assert journal_bytes() == before
    assert "Nothing new to import" in result.stderr
    assert meetings(run)[GOOGLE_SERIES]["title"] == "Weekly mentoring: Alice / me"


def test_a_cancellation_with_a_newer_sequence_cancels_the_meeting(
    run: Run, people: None, files: Path
) -> None:
    run.ok("import", "ics", "outlook.ics")
    talk = "00100000001122334455667788990011223344556677"
    cancelled = newer(
        files / "outlook.ics",
        files / "cancel.ics",
        **{
            "SEQUENCE:0\r\nSUMMARY;LANGUAGE=de:Talk feedback": (
                "SEQUENCE:1\r\nSTATUS:CANCELLED\r\nSUMMARY;LANGUAGE=de:Talk feedback"
            )
        },
    )
    run.ok("import", "ics", cancelled.name)
    found = meetings(run)
    meeting = found[next(uid for uid in found if uid.endswith(talk[-20:]))]
    assert (meeting["status"], meeting["sequence"]) == ("cancelled", 1)
    assert meeting["channel"] == "in-person"  # kept


def test_a_cancelled_event_that_is_not_in_the_journal_is_left_out(
    run: Run, people: None, files: Path
) -> None:
    cancelled = newer(
        files / "outlook.ics",
        files / "cancel.ics",
        **{
            "SEQUENCE:0\r\nSUMMARY;LANGUAGE=de:Talk feedback": (
                "SEQUENCE:1\r\nSTATUS:CANCELLED\r\nSUMMARY;LANGUAGE=de:Talk feedback"
            )
        },
    )
    result = run.ok("import", "ics", cancelled.name)
    assert result.stderr.splitlines() == [
        "Note: Left out 'Talk feedback' (Thu 10 Dec 2026 17:00 Europe/Berlin): it is cancelled.",
        "Imported 1 meeting from cancel.ics (1 recurring); left out 1 event.",
    ]


def test_import_says_what_it_did_for_undo(
    run: Run, people: None, files: Path, isolated_env: Path
) -> None:
    run.ok("import", "ics", "outlook.ics")
    journal = json.loads((isolated_env / "journal.json").read_text(encoding="utf-8"))
    assert journal["_meta"]["1"]["last_change"] == {
        "at": "2026-11-21T11:15:00+01:00",
        "what": "import ics 'outlook.ics' (2 added, 0 updated)",
    }


# -- people --------------------------------------------------------------------------------------


def test_with_adds_people_to_every_meeting(run: Run, people: None, files: Path) -> None:
    run.ok("import", "ics", "outlook.ics", "--with", "carol", "-w", "bob")
    found = meetings(run)
    assert found[OUTLOOK_SERIES]["people"] == ["dana", "carol", "bob"]
    talk = next(m for uid, m in found.items() if uid.endswith("556677"))
    assert talk["people"] == ["bob", "carol"]


def test_with_imports_events_that_have_nobody_known(run: Run, people: None, files: Path) -> None:
    result = run.ok("import", "ics", "google.ics", "--with", "carol")
    assert meetings(run)["9z8y7x6w5v4u3t2s1r0q9p8o7n@google.com"]["people"] == ["carol"]
    assert result.stderr.splitlines()[-1] == (
        "Imported 3 meetings from google.ics (1 recurring); left out 1 all-day event."
    )


def test_a_file_with_nobody_known_is_refused(
    run: Run, people: None, files: Path, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    result = run.fails(2, "import", "ics", "floating.ics")
    assert result.stderr == (
        "Error: Cannot import floating.ics: none of its 2 events has an attendee whose email is "
        "in the journal; add --with HANDLE to import them with someone, or give people their "
        "email with `mentorlog person edit HANDLE --email ADDRESS`.\n"
    )
    assert journal_bytes() == before


def test_an_unknown_with_handle_is_refused_before_the_file_is_read(
    run: Run, people: None, files: Path, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    result = run.fails(3, "import", "ics", "google.ics", "--with", "alcie")
    assert result.stderr == (
        "Error: No person with handle 'alcie'. Did you mean 'alice'? See `mentorlog person list "
        "--all`.\n"
    )
    run.fails(3, "import", "ics", "garbage.ics", "--with", "zed")
    assert journal_bytes() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Mars/Olympus", "Unknown time zone or handle 'Mars/Olympus'; use an IANA name such as "
                         "'Europe/Berlin' or a person's handle."),
        ("Europe/Berln", "Unknown time zone or handle 'Europe/Berln'; did you mean "
                         "'Europe/Berlin'?"),
        ("", "Unknown time zone or handle ''; use an IANA name such as 'Europe/Berlin' or a "
             "person's handle."),
    ],
)  # fmt: skip
def test_a_bad_tz_is_refused(
    run: Run,
    people: None,
    files: Path,
    journal_bytes: Callable[[], bytes],
    value: str,
    message: str,
) -> None:
    before = journal_bytes()
    result = run.fails(2, "import", "ics", "floating.ics", "--with", "carol", "--tz", value)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


# -- bad files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-ics.ics", "Cannot read not-ics.ics as iCalendar: it does not start with "
                        "BEGIN:VCALENDAR (line 1 is 'Subject: Mentoring call'); is it an .ics "
                        "file?"),
        ("truncated.ics", "Cannot read truncated.ics as iCalendar: it ends inside VEVENT (begun "
                          "on line 27) without END:VCALENDAR; the file looks cut short, so "
                          "export or download it again."),
        ("no-dtstart.ics", "Cannot import no-dtstart.ics: its event on line 4 ('Goal review') "
                           "has no start (DTSTART); export it again from your calendar app."),
        ("unknown-tzid.ics", "Cannot import unknown-tzid.ics: its event on line 4 ('Career "
                             "check-in') uses the time zone 'Mars Standard Time', which the "
                             "file does not define (no VTIMEZONE) and mentorlog does not know; "
                             "export it again from your calendar app."),
        ("empty-calendar.ics", "Cannot import empty-calendar.ics: it holds no events (VEVENT); "
                               "export a calendar that has some."),
        ("garbage.ics", "Cannot read garbage.ics as iCalendar: it is binary data, not text; is "
                        "it an .ics file?"),
        ("nowhere.ics", "Cannot import nowhere.ics: there is no such file; check the path."),
    ],
)  # fmt: skip
def test_bad_files_are_refused_in_one_sentence_and_nothing_is_written(
    run: Run,
    people: None,
    files: Path,
    journal_bytes: Callable[[], bytes],
    name: str,
    message: str,
) -> None:
    before = journal_bytes()
    result = run.fails(2, "import", "ics", name, "--with", "carol")
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty; export the calendar again."),
        (b"\xff\xfeB\x00E\x00", "it is binary data, not text; is it an .ics file?"),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9\r\nEND:VCALENDAR\r\n",
         "line 2 is not UTF-8 text (it has the byte 0xe9); is it an .ics file?"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 3 ends VCALENDAR, but VEVENT (begun on line 2) is still open; the file is "
         "damaged, so export or download it again."),
        (b"BEGIN:VCALENDAR\r\nthis is not a property\r\nEND:VCALENDAR\r\n",
         "line 2 is not an iCalendar line ('this is not a property'); the file is damaged, so "
         "export or download it again."),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:stray\r\n",
         "line 3 is outside BEGIN:VCALENDAR \u2026 END:VCALENDAR ('SUMMARY:stray'); is it an "
         ".ics file?"),
    ],
)  # fmt: skip
def test_damaged_files_name_the_line(
    run: Run,
    people: None,
    files: Path,
    journal_bytes: Callable[[], bytes],
    content: bytes,
    message: str,
) -> None:
    (files / "invite.ics").write_bytes(content)
    before = journal_bytes()
    result = run.fails(2, "import", "ics", "invite.ics", "--with", "carol")
    assert result.stderr == f"Error: Cannot read invite.ics as iCalendar: {message}\n"
    assert journal_bytes() == before


def test_a_folder_is_refused(run: Run, people: None, files: Path) -> None:
    (files / "calendar.ics").mkdir()
    result = run.fails(2, "import", "ics", "calendar.ics")
    assert result.stderr == (
        "Error: Cannot import calendar.ics: it is a folder; give the .ics file your calendar "
        "app exported.\n"
    )


def test_a_huge_file_is_refused_without_reading_it(
    run: Run, people: None, files: Path, journal_bytes: Callable[[], bytes]
) -> None:
    with (files / "huge.ics").open("wb") as out:
        out.truncate(25 * 1024 * 1024)  # sparse: no disk space used
    before = journal_bytes()
    result = run.fails(2, "import", "ics", "huge.ics")
    assert result.stderr == (
        "Error: Cannot import huge.ics: it is 25.0 MB, more than the 20 MB an import reads; "
        "export a shorter date range.\n"
    )
    assert journal_bytes() == before


def test_a_file_of_all_day_events_imports_nothing(
    run: Run, people: None, files: Path, journal_bytes: Callable[[], bytes]
) -> None:
    (files / "holidays.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\n"
        "UID:h1@example.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\n"
        "SUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    before = journal_bytes()
    result = run.ok("import", "ics", "holidays.ics")
    assert result.stderr.splitlines() == [
        "Note: Left out 'Christmas' (25 Dec 2026): it lasts whole days, and a meeting has a "
        "time of day.",
        "Nothing to import from holidays.ics: left out 1 all-day event.",
    ]
    assert journal_bytes() == before


def test_json_prints_the_meetings_created(run: Run, people: None, files: Path) -> None:
    printed = run.json("import", "ics", "apple.ics")
    assert [m["uid"] for m in printed] == [APPLE_SERIES]  # its moved occurrence an override
    assert printed == [run.json("meeting", "show", str(m["id"])) for m in printed]


def test_the_imported_meetings_appear_in_the_agenda_window(
    run: Run, people: None, files: Path
) -> None:
    run.ok("import", "ics", "google.ics")
    upcoming = run.json("meeting", "list")
    assert upcoming[0]["start_utc"] == "2026-12-01T14:00:00+00:00"
    assert date.fromisoformat(upcoming[-1]["start"][:10]) <= date(2026, 12, 21)


def test_what_export_ics_writes_imports_back_to_the_same_occurrences(
    run: Run,
    people: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes],
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am", "--tz", "alice", "--every",
           "weekly", "--until", "2027-03-01", "--link", "https://meet.example.org/a")  # fmt: skip
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-12-08")
    run.ok("meeting", "add", "--with", "bob", "--at", "2026-12-04 15:00", "--duration", "1h")
    exported = tmp_path / "mentoring.ics"
    run.ok("export", "ics", "--out", str(exported))
    before = journal_bytes()
    assert "Nothing new to import" in run.ok("import", "ics", str(exported)).stderr
    assert journal_bytes() == before
    here = occurrences(run)
    monkeypatch.setenv("MENTORLOG_HOME", str(tmp_path / "elsewhere"))
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "America/New_York")  # fmt: skip
    run.ok("import", "ics", str(exported), "--with", "alice")
    there = occurrences(run)
    fields = ("start", "start_utc", "end_utc", "tz", "status")
    assert [[o[f] for f in fields] for o in there] == [[o[f] for f in fields] for o in here]


def test_our_own_export_with_goals_and_actions_imports_back_quietly(
    run: Run, people: None, tmp_path: Path, journal_bytes: Callable[[], bytes]
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-12-01 09:00", "--every", "weekly")
    run.ok("goal", "add", "Give a talk", "--with", "alice", "--due", "2027-01-30")
    run.ok("action", "add", "Send the outline", "--due", "fri", "--with", "alice")
    target = tmp_path / "mine.ics"
    run.ok("export", "ics", "--include", "actions,goals", "--out", str(target))
    before = journal_bytes()
    again = run.ok("import", "ics", str(target))
    assert (
        again.stderr == f"Nothing new to import: the journal already has the meeting in {target}.\n"
    )
    assert journal_bytes() == before
