"""`mentorlog meeting edit` on a series never rewrites its past. The clock reads Sat 21 Nov
2026, 11:15 Berlin; the series in most tests is weekly on Tuesdays at 09:00 from 10 Nov."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def weekly(run: Run) -> None:
    """alice, and meeting 1: weekly, Tuesdays 09:00 Berlin from 10 Nov; 10 and 17 Nov held
    (rated 5 and 4)."""
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Europe/Berlin", "--email", "alice@example.org")  # fmt: skip
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-10 09:00", "--every", "weekly")
    run.ok("meeting", "done", "1", "--occurrence", "Nov 10", "--rating", "5")
    run.ok("meeting", "done", "1", "--occurrence", "Nov 17", "--rating", "4")


def listed(run: Run, *args: str) -> list[tuple[int, str, str, int | None]]:
    return [
        (o["meeting"], o["start"], o["status"], o["rating"])
        for o in run.json("meeting", "list", *args)
    ]


PAST = [
    (1, "2026-11-17T09:00:00+01:00", "held", 4),
    (1, "2026-11-10T09:00:00+01:00", "held", 5),
]


def test_moving_a_series_keeps_its_history(run: Run, weekly: None) -> None:
    """The issue's reproduction: two held, rated occurrences, then `--at "thu 10:00"`."""
    result = run.ok("meeting", "edit", "1", "--at", "thu 10:00")
    assert result.stderr == (
        "Meeting 1 keeps its occurrences before Tue 24 Nov 2026 09:00 Europe/Berlin and "
        "continues as meeting 2: Mentoring with Alice Chen, Thu 26 Nov 2026 10:00 "
        "Europe/Berlin (every week on Thursday at 10:00 Europe/Berlin, from 26 Nov 2026).\n"
    )
    assert listed(run, "--past") == PAST
    assert listed(run, "--to", "Dec 3")[:2] == [
        (2, "2026-11-26T10:00:00+01:00", "scheduled", None),
        (2, "2026-12-03T10:00:00+01:00", "scheduled", None),
    ]
    person = run.ok("person", "show", "alice").stdout
    assert "Tue 17 Nov 09:00" in person  # last met, unchanged
    assert "4.5 on average over 2 meetings" in person
    report = run.ok("report").stdout
    assert "2 meetings held" in report
    calendar = run.ok("export", "ics").stdout
    assert "DTSTART;TZID=Europe/Berlin:20261110T090000" in calendar
    assert "RRULE:FREQ=WEEKLY;UNTIL=20261124T075959Z" in calendar  # UNTIL in UTC
    assert "DTSTART;TZID=Europe/Berlin:20261126T100000" in calendar
    old, new = run.json("meeting", "show", "1"), run.json("meeting", "show", "2")
    assert f"RELATED-TO:{old['uid']}" in calendar
    assert (new["follows"], old["follows"], old["sequence"], new["sequence"]) == (
        old["uid"], None, 1, 0,
    )  # fmt: skip
    assert [h["start"] for h in old["held"]] == ["2026-11-10T09:00:00", "2026-11-17T09:00:00"]
    shown = run.ok("meeting", "show", "1").stdout
    assert "continues as meeting 2 from Thu 26 Nov 2026 10:00 Europe/Berlin" in shown
    assert "continues meeting 1" in run.ok("meeting", "show", "2").stdout


def test_every_none_ends_the_series_with_one_last_meeting(run: Run, weekly: None) -> None:
    run.ok("meeting", "edit", "1", "--every", "none")
    assert listed(run, "--past") == PAST
    assert listed(run) == [(2, "2026-11-24T09:00:00+01:00", "scheduled", None)]
    assert run.json("meeting", "show", "2")["rrule"] is None


def test_all_rewrites_the_whole_series_and_says_so(run: Run, weekly: None) -> None:
    result = run.ok("meeting", "edit", "1", "--at", "2026-11-12 10:00", "--all")
    assert result.stderr.endswith("; moved 2 past occurrences.\n")
    assert [o["start"] for o in run.json("meeting", "list", "--past")] == [
        "2026-11-19T10:00:00+01:00",
        "2026-11-12T10:00:00+01:00",
    ]
    assert run("meeting", "show", "2").exit_code == 3  # no split
    title = run.ok("meeting", "edit", "1", "--title", "Renamed", "--all")
    assert title.stderr.endswith("; moved 0 past occurrences.\n")


def test_from_picks_the_first_changed_occurrence(run: Run, weekly: None) -> None:
    run.ok("meeting", "edit", "1", "--from", "Dec 8", "--at", "10:00")
    assert [(o["meeting"], o["start"]) for o in run.json("meeting", "list")] == [
        (1, "2026-11-24T09:00:00+01:00"),
        (1, "2026-12-01T09:00:00+01:00"),
        (2, "2026-12-08T10:00:00+01:00"),
        (2, "2026-12-15T10:00:00+01:00"),
    ]


def test_a_past_from_keeps_the_marks_the_new_schedule_has(run: Run, weekly: None) -> None:
    run.ok("meeting", "edit", "1", "--from", "Nov 17", "--duration", "1h")
    assert listed(run, "--past") == [
        (2, "2026-11-17T09:00:00+01:00", "held", 4),
        (1, "2026-11-10T09:00:00+01:00", "held", 5),
    ]
    assert run.json("meeting", "show", "2")["duration"] == 60


def test_a_count_keeps_counting_from_the_true_start(run: Run, weekly: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-10 09:00", "--every",
           "weekly", "--count", "5")  # fmt: skip
    run.ok("meeting", "edit", "2", "--at", "wed 09:00")
    assert run.json("meeting", "show", "3")["rrule"] == "FREQ=WEEKLY;COUNT=3"
    starts = [
        o["start"][:10]
        for o in run.json("meeting", "list", "--from", "Nov 1", "--to", "Jan 31", "--with", "alice")
        if o["meeting"] != 1
    ]
    assert starts == ["2026-11-10", "2026-11-17", "2026-11-25", "2026-12-02", "2026-12-09"]
    run.ok("meeting", "edit", "3", "--count", "6", "--all")
    assert run.json("meeting", "show", "3")["rrule"] == "FREQ=WEEKLY;COUNT=6"


def test_a_title_change_splits_too_unless_all(run: Run, weekly: None) -> None:
    run.ok("meeting", "edit", "1", "--title", "Career chat")
    titles = {o["start"][:10]: o["title"] for o in run.json("meeting", "list", "--from",
                                                           "Nov 10", "--to", "Dec 1")}  # fmt: skip
    assert titles == {
        "2026-11-10": "Mentoring with Alice Chen",
        "2026-11-17": "Mentoring with Alice Chen",
        "2026-11-24": "Career chat",
        "2026-12-01": "Career chat",
    }


def test_a_series_not_yet_started_is_edited_in_place(run: Run, weekly: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-24 15:00", "--every", "weekly")
    printed = run.json("meeting", "edit", "2", "--at", "wed 16:00")
    assert (printed["id"], printed["start"], printed["follows"]) == (
        2, "2026-11-25T16:00:00+01:00", None,
    )  # fmt: skip
    assert run("meeting", "show", "3").exit_code == 3


def test_json_prints_the_meeting_that_continues(run: Run, weekly: None) -> None:
    printed = run.json("meeting", "edit", "1", "--duration", "1h")
    assert (printed["id"], printed["duration"]) == (2, 60)
    assert printed["follows"] == run.json("meeting", "show", "1")["uid"]


def test_cancelled_occurrences_after_the_split_move_with_it(run: Run, weekly: None) -> None:
    run.ok("meeting", "cancel", "1", "--occurrence", "Dec 8")
    run.ok("meeting", "edit", "1", "--duration", "1h")
    assert run.json("meeting", "show", "1")["exdates"] == []
    assert run.json("meeting", "show", "2")["exdates"] == ["2026-12-08T09:00:00+01:00"]


def test_an_edit_that_would_lose_a_mark_is_refused(
    run: Run, weekly: None, journal_bytes: Callable[[], bytes]
) -> None:
    run.ok("meeting", "cancel", "1", "--occurrence", "Dec 8")
    before = journal_bytes()
    result = run.fails(4, "meeting", "edit", "1", "--at", "wed 09:00")
    assert result.stderr == (
        "Error: The occurrence of meeting 1 on Tue 8 Dec 2026 09:00 is cancelled, and the new "
        "schedule has no occurrence then, so the edit would lose that; change the series from "
        "a later occurrence with --from, or all of it with --all.\n"
    )
    held = run.fails(4, "meeting", "edit", "1", "--from", "Nov 17", "--at", "wed 09:00")
    assert "Tue 17 Nov 2026 09:00 is marked held" in held.stderr
    assert journal_bytes() == before


# -- one occurrence --------------------------------------------------------------------------


def test_one_occurrence_moves_alone_and_round_trips_through_ics(
    run: Run, weekly: None, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run.ok("meeting", "edit", "1", "--occurrence", "Dec 1", "--at", "wed 15:00",
                    "--duration", "1h", "--title", "Special")  # fmt: skip
    assert result.stderr == (
        "Changed the Tue 1 Dec 2026 09:00 Europe/Berlin occurrence of meeting 1: Special, "
        "Wed 2 Dec 2026 15:00 Europe/Berlin; the series goes on.\n"
    )
    window = ("--from", "Nov 24", "--to", "Dec 9")
    moved = [(o["start"], o["duration"], o["title"], o["moved_from"])
             for o in run.json("meeting", "list", *window)]  # fmt: skip
    assert moved == [
        ("2026-11-24T09:00:00+01:00", 45, "Mentoring with Alice Chen", None),
        ("2026-12-02T15:00:00+01:00", 60, "Special", "2026-12-01T09:00:00"),
        ("2026-12-08T09:00:00+01:00", 45, "Mentoring with Alice Chen", None),
    ]
    # A window that holds only the moved occurrence finds it; one with only its old date not.
    assert len(run.json("meeting", "list", "--from", "Dec 2", "--to", "Dec 2")) == 1
    assert run.json("meeting", "list", "--from", "Dec 1", "--to", "Dec 1") == []
    calendar = run.ok("export", "ics").stdout
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20261201T090000" in calendar
    (isolated_env.parent / "export.ics").write_text(calendar, encoding="utf-8", newline="")
    before = run.json("meeting", "list", "--from", "Nov 1", "--to", "Dec 31")
    monkeypatch.setenv("MENTORLOG_HOME", str(isolated_env.parent / "fresh"))
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Europe/Berlin", "--email", "alice@example.org")  # fmt: skip
    run.ok("import", "ics", str(isolated_env.parent / "export.ics"), "--with", "alice")
    after = run.json("meeting", "list", "--from", "Nov 1", "--to", "Dec 31")

    def instants(found: list[dict[str, object]]) -> list[tuple[object, ...]]:
        keys = ("start_utc", "end_utc", "title", "moved_from")
        return [tuple(o[k] for k in keys) for o in found]

    assert instants(after) == instants(before)


def test_a_moved_occurrence_keeps_its_marks_and_can_move_back(run: Run, weekly: None) -> None:
    run.ok("meeting", "edit", "1", "--occurrence", "Nov 17", "--at", "wed 10:00")
    assert listed(run, "--past")[0] == (1, "2026-11-18T10:00:00+01:00", "held", 4)
    run.ok("meeting", "edit", "1", "--occurrence", "Nov 18", "--at", "2026-11-17 09:00")
    assert listed(run, "--past") == PAST
    assert run.json("meeting", "show", "1")["overrides"] == []


def test_a_held_occurrence_moved_on_its_own_is_when_you_last_met(run: Run, weekly: None) -> None:
    run.ok("meeting", "edit", "1", "--occurrence", "Nov 17", "--at", "wed 10:00")
    last = "Wed 18 Nov 10:00"
    assert last in run.ok("person", "show", "alice").stdout
    [alice] = run.json("status")["people"]
    assert alice["heartbeat"]["last"] == "2026-11-18T10:00:00+01:00"


BAD = {
    "--from before the series": (
        ("meeting", "edit", "1", "--from", "2026-11-03", "--at", "10:00"),
        2,
        "Error: --from '2026-11-03' is before meeting 1 starts (Tue 10 Nov 2026 09:00); give one "
        "of its occurrences.",
    ),
    "--from after its end": (
        ("meeting", "edit", "2", "--from", "2027-01-05", "--title", "x"),
        2,
        "Error: --from '2027-01-05' is after the last occurrence of meeting 2 (Tue 8 Dec 2026 "
        "09:00); give one of its occurrences.",
    ),
    "--from not an occurrence": (
        ("meeting", "edit", "1", "--from", "Dec 9", "--title", "x"),
        3,
        "Error: Meeting 1 has no occurrence on Wed 9 Dec 2026",
    ),
    "--occurrence not an occurrence": (
        ("meeting", "edit", "1", "--occurrence", "Dec 9", "--at", "10:00"),
        3,
        "Error: Meeting 1 has no occurrence on Wed 9 Dec 2026",
    ),
    "--occurrence with --every": (
        ("meeting", "edit", "1", "--occurrence", "Dec 8", "--every", "daily"),
        2,
        "Error: --occurrence changes one occurrence's time, length or title, and --every "
        "belongs to the whole series; drop one of them.",
    ),
    "--all with --from": (
        ("meeting", "edit", "1", "--all", "--from", "Dec 8", "--title", "x"),
        2,
        "Error: --all changes the whole series; drop --from.",
    ),
    "--from with --occurrence": (
        ("meeting", "edit", "1", "--from", "Dec 8", "--occurrence", "Dec 8", "--at", "10:00"),
        2,
        "Error: --from changes the series from one occurrence on",
    ),
    "--from on a one-off": (
        ("meeting", "edit", "3", "--from", "Dec 8", "--title", "x"),
        2,
        "Error: Meeting 3 happens once, so it has no occurrences to pick from",
    ),
    "--occurrence onto another occurrence": (
        ("meeting", "edit", "1", "--occurrence", "Dec 8", "--at", "Dec 15 09:00"),
        4,
        "Error: Meeting 1 already meets at Tue 15 Dec 2026 09:00",
    ),
    "--at before the part kept ends": (
        ("meeting", "edit", "1", "--from", "Dec 8", "--at", "2026-11-30 09:00"),
        2,
        "Error: --at '2026-11-30 09:00' is not after the last occurrence kept (Tue 1 Dec 2026",
    ),
    "--count used up": (
        ("meeting", "edit", "2", "--count", "1", "--title", "x"),
        2,
        "Error: Meeting 2 has had 2 occurrences already, so a count of 1 leaves none",
    ),
    "a series that is over": (
        ("meeting", "edit", "4", "--title", "x"),
        4,
        "Error: Meeting 4 has no occurrence left to change; rewrite the whole series with",
    ),
    "unknown id": (("meeting", "edit", "9", "--title", "x"), 3, "Error: No meeting with id 9"),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD.keys())
def test_bad_edits_change_nothing(
    run: Run,
    weekly: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-10 09:00", "--every",
           "weekly", "--until", "2026-12-08")  # fmt: skip
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-12-01 09:00")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-02 09:00", "--every",
           "weekly", "--count", "2")  # fmt: skip
    before = journal_bytes()
    result = run.fails(code, *args)
    assert result.stderr.startswith(message), result.stderr
    assert journal_bytes() == before
