"""`mentorlog schedule suggest` through the real CLI (Sat 21 Nov 2026, 11:15 in Berlin).

In winter, 9-17 is 08-16 UTC in Berlin, 09-17 in London, 14-22 in New York, and 22-06 (the
day before) in Sydney.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


def add(run: Run, handle: str, tz: str, *extra: str) -> None:
    run.ok("person", "add", handle, "--name", handle.title(), "--role", "peer", "--tz", tz, *extra)


@pytest.fixture
def people(run: Run) -> None:
    add(run, "alice", "America/New_York")
    add(run, "bo", "Australia/Sydney")
    add(run, "lee", "Europe/London")


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_a_pair_with_a_normal_overlap(run: Run, people: None) -> None:
    result = run.ok("schedule", "suggest", "--with", "alice")
    assert lines(result.stdout) == [
        "Times for 45m with alice, inside everyone's working hours:",
        "#  you (Berlin)            alice (New York)",
        "─" * 43,
        "1  Mon 23 Nov 15:00-15:45  Mon 09:00-09:45",
        "2  Tue 24 Nov 15:00-15:45  Tue 09:00-09:45",
        "3  Wed 25 Nov 15:00-15:45  Wed 09:00-09:45",
        "4  Thu 26 Nov 15:00-15:45  Thu 09:00-09:45",
        "5  Fri 27 Nov 15:00-15:45  Fri 09:00-09:45",
    ]
    assert result.stderr == ""
    slots = run.json("schedule", "suggest", "--with", "alice", "--count", "2")
    assert slots == [
        {
            "start_utc": "2026-11-23T14:00:00+00:00",
            "end_utc": "2026-11-23T14:45:00+00:00",
            "local": {"me": "2026-11-23T15:00:00+01:00", "alice": "2026-11-23T09:00:00-05:00"},
        },
        {
            "start_utc": "2026-11-24T14:00:00+00:00",
            "end_utc": "2026-11-24T14:45:00+00:00",
            "local": {"me": "2026-11-24T15:00:00+01:00", "alice": "2026-11-24T09:00:00-05:00"},
        },
    ]


def test_a_pair_with_no_overlap_says_so_and_shows_the_closest(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_TZ", "America/New_York")
    result = run.ok("schedule", "suggest", "--with", "bo")
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "No time in the next 14 days is inside working hours for you (America/New_York) and "
        "bo (Australia/Sydney).",
        "Closest: Mon 23 Nov 16:15-17:00 New York = Tue 24 Nov 08:15-09:00 Sydney, 45 minutes "
        "before bo's hours start.",
    ]
    json_result = run("schedule", "suggest", "--with", "bo", "--json")
    assert json_result.exit_code == 0
    assert json_result.stdout == "[]\n"
    assert json_result.stderr == result.stderr


def test_a_trio_and_the_closest_miss_names_each_person(run: Run, people: None) -> None:
    slots = run.json("schedule", "suggest", "--with", "lee", "--with", "alice", "--count", "3")
    # Berlin 08-16, London 09-17, New York 14-22 UTC: all three from 14:00 to 16:00.
    assert [s["start_utc"] for s in slots] == [
        "2026-11-23T14:00:00+00:00",
        "2026-11-24T14:00:00+00:00",
        "2026-11-25T14:00:00+00:00",
    ]
    assert slots[0]["local"] == {
        "me": "2026-11-23T15:00:00+01:00",
        "lee": "2026-11-23T14:00:00+00:00",
        "alice": "2026-11-23T09:00:00-05:00",
    }
    result = run.ok("schedule", "suggest", "--with", "alice", "--with", "bo")
    assert lines(result.stderr) == [
        "No time in the next 14 days is inside working hours for you (Europe/Berlin), "
        "alice (America/New_York) and bo (Australia/Sydney).",
        # Berlin and New York meet 14-16 UTC; Sydney opens at 22:00 UTC, 6 hours later.
        "Closest: Mon 23 Nov 16:15-17:00 Berlin = Mon 23 Nov 10:15-11:00 New York = "
        "Tue 24 Nov 02:15-03:00 Sydney, 6h45m before bo's hours start.",
    ]


def test_a_window_across_the_dst_changes(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thu 5 Mar 2026: New York springs forward on Sun 8 Mar, Berlin on Sun 29 Mar.
    monkeypatch.setenv("MENTORLOG_NOW", "2026-03-05T10:00:00+01:00")
    slots = run.json("schedule", "suggest", "--with", "alice", "--within", "4w", "--count", "20")
    firsts: dict[str, str] = {}
    for slot in slots:
        firsts.setdefault(slot["local"]["me"][:10], slot["start_utc"])
    assert firsts["2026-03-06"] == "2026-03-06T14:00:00+00:00"  # 15:00 Berlin, 09:00 New York
    assert firsts["2026-03-09"] == "2026-03-09T13:00:00+00:00"  # 14:00 Berlin, 09:00 New York
    assert firsts["2026-03-30"] == "2026-03-30T13:00:00+00:00"  # 15:00 Berlin, 09:00 New York
    assert {s["local"]["alice"][11:16] for s in slots} <= {
        f"{h:02d}:{m:02d}" for h in range(9, 17) for m in (0, 15, 30, 45)
    }
    assert all(
        s["local"]["alice"][11:16] == "09:00" for s in slots if s["start_utc"] in firsts.values()
    )


def test_sydney_across_its_autumn_change(
    run: Run, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sydney leaves summer time on Sun 5 Apr 2026; Tokyo has no DST.
    monkeypatch.setenv("MENTORLOG_NOW", "2026-04-02T09:00:00+11:00")
    monkeypatch.setenv("MENTORLOG_TZ", "Australia/Sydney")
    add(run, "kenji", "Asia/Tokyo", "--hours", "10:00-18:00")
    # Sydney 9-17 is 22-06 UTC before the change, 23-07 after; Tokyo 10-18 is 01-09 UTC.
    slots = run.json("schedule", "suggest", "--with", "kenji", "--duration", "6h", "--count", "2")
    assert [(s["start_utc"], s["local"]["me"], s["local"]["kenji"]) for s in slots] == [
        ("2026-04-06T01:00:00+00:00", "2026-04-06T11:00:00+10:00", "2026-04-06T10:00:00+09:00"),
        ("2026-04-07T01:00:00+00:00", "2026-04-07T11:00:00+10:00", "2026-04-07T10:00:00+09:00"),
    ]


def test_meetings_are_avoided_and_cancelled_ones_free_their_time(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "lee", "--at", "2026-11-23 15:00", "--duration", "1h")
    run.ok("meeting", "add", "--with", "lee", "--at", "2026-11-24 15:00", "--every", "daily")
    run.ok("meeting", "cancel", "2", "--occurrence", "2026-11-25")
    slots = run.json("schedule", "suggest", "--with", "alice", "--count", "3")
    assert [s["start_utc"] for s in slots] == [
        "2026-11-23T15:00:00+00:00",  # after the hour on Monday
        "2026-11-24T14:45:00+00:00",  # after the daily 15:00-15:45 Berlin
        "2026-11-25T14:00:00+00:00",  # that day's occurrence is cancelled
    ]


def test_duration_comes_from_the_option_or_the_config(run: Run, people: None) -> None:
    [slot] = run.json("schedule", "suggest", "--with", "lee", "--duration", "1h30m", "--count", "1")
    assert (slot["start_utc"], slot["end_utc"]) == (
        "2026-11-23T09:00:00+00:00",
        "2026-11-23T10:30:00+00:00",
    )
    run.ok("config", "set", "duration", "20m")
    [slot] = run.json("schedule", "suggest", "--with", "lee", "--count", "1")
    assert slot["end_utc"] == "2026-11-23T09:20:00+00:00"


def test_repeated_handles_count_once_and_archived_people_are_warned_about(
    run: Run, people: None
) -> None:
    slots = run.json("schedule", "suggest", "--with", "alice", "--with", "ALICE", "--count", "1")
    assert list(slots[0]["local"]) == ["me", "alice"]
    run.ok("person", "archive", "alice")
    result = run.ok("schedule", "suggest", "--with", "alice", "--count", "1")
    assert result.stderr == "Note: alice is archived; suggesting times anyway.\n"
    assert "1  Mon 23 Nov 15:00-15:45  Mon 09:00-09:45" in result.stdout


def test_fewer_than_asked_says_so(run: Run, people: None) -> None:
    result = run.ok("schedule", "suggest", "--with", "alice", "--within", "3d", "--count", "5")
    # Mon 23 and Tue 24 Nov; the window ends Tue 24 Nov 10:15 UTC, before New York opens.
    assert len(lines(result.stdout)) == 3 + 2
    assert result.stderr == (
        "Note: Found only 2 of the 5 times asked for in the next 3 days; look further ahead "
        "with --within, e.g. --within 4w.\n"
    )


def test_three_people_fit_eighty_columns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    add(run, "lee", "Europe/London")
    add(run, "priya", "Asia/Kolkata")
    add(run, "mikko", "Europe/Helsinki")
    result = run.ok("schedule", "suggest", "--with", "lee", "--with", "priya", "--with", "mikko")
    assert max(len(line) for line in lines(result.stdout)) <= 80
    assert lines(result.stdout)[1:4] == [
        "#  you (Berlin)            lee (London)     priya (Kolkata)  mikko (Helsinki)",
        "─" * 77,
        "1  Mon 23 Nov 10:00-10:45  Mon 09:00-09:45  Mon 14:30-15:15  Mon 11:00-11:45",
    ]
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run.ok("schedule", "suggest", "--with", "lee", "--with", "priya", "--with", "mikko")
    # At 60 columns the cities leave the headers (the table once ran to 62 columns).
    assert max(len(line) for line in lines(narrow.stdout)) <= 60
    assert "#  you               lee        priya      mikko" in narrow.stdout
    assert "1  Mon 23 Nov 10:00  Mon 09:00  Mon 14:30  Mon 11:00" in narrow.stdout


def test_other_days_are_marked(run: Run, people: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_TZ", "America/New_York")
    run.ok("config", "set", "hours", "16:00-22:00")
    result = run.ok("schedule", "suggest", "--with", "bo", "--count", "1")
    assert "1  Mon 23 Nov 17:00-17:45  Tue 09:00-09:45 +1d" in result.stdout


BAD = {
    "no with": ((), 2,
                "Say who to meet with --with HANDLE, e.g. mentorlog schedule suggest "
                "--with alice."),
    "unknown with": (("--with", "alcie"), 3,
                     "No person with handle 'alcie'. Did you mean 'alice'? See `mentorlog person "
                     "list --all`."),
    "me": (("--with", "me"), 2,
           "You are always part of the schedule; give --with the handles of the people to meet, "
           "e.g. --with alice."),
    "bad duration": (("--with", "alice", "--duration", "soon"), 2,
                     "Cannot read 'soon' as a meeting length; write it like 45m, 1h or 1h30m."),
    "zero duration": (("--with", "alice", "--duration", "0"), 2,
                      "'0' is not a positive meeting length; write it like 45m or 1h."),
    "long duration": (("--with", "alice", "--duration", "13h"), 2,
                      "A meeting of 13h is too long to schedule; keep it to 12 hours or less, "
                      "e.g. --duration 45m."),
    "bad within": (("--with", "alice", "--within", "forever"), 2,
                   "Cannot read 'forever' as how far ahead to look; write it like 14d, 2w or "
                   "'10 days'."),
    "zero within": (("--with", "alice", "--within", "0d"), 2,
                    "Cannot read '0d' as how far ahead to look; write it like 14d, 2w or "
                    "'10 days'."),
    "long within": (("--with", "alice", "--within", "91 days"), 2,
                    "Looking 91 days ahead is too far; keep --within to 90 days or less, "
                    "e.g. --within 4w."),
    "short within": (("--with", "alice", "--within", "14"), 2,
                     "--within '14' is 14m, too short for a 45m meeting; look further ahead, "
                     "e.g. --within 14d."),
    "zero count": (("--with", "alice", "--count", "0"), 2,
                   "Cannot suggest 0 times; ask for 1 to 50, e.g. --count 5."),
    "huge count": (("--with", "alice", "--count", "1000"), 2,
                   "Cannot suggest 1000 times; ask for 1 to 50, e.g. --count 5."),
    "word count": (("--with", "alice", "--count", "abc"), 2,
                   "Invalid value for '--count' / '-n': 'abc' is not a valid int. See "
                   "`mentorlog schedule suggest --help`."),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD.values(), ids=list(BAD))
def test_bad_values_are_refused_with_one_sentence(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    case: tuple[tuple[str, ...], int, str],
) -> None:
    args, code, message = case
    before = journal_bytes()
    result = run.fails(code, "schedule", "suggest", *args)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


def test_unknown_handle_in_an_empty_journal(run: Run) -> None:
    result = run.fails(3, "schedule", "suggest", "--with", "alice")
    assert result.stderr == (
        "Error: No person with handle 'alice': the journal has nobody yet; add someone with "
        "`mentorlog person add`.\n"
    )


def test_accepted_windows(run: Run, people: None) -> None:
    for within in ("14d", "2w", "10 days", "90d", "60h"):
        assert run.json("schedule", "suggest", "--with", "alice", "--within", within)
