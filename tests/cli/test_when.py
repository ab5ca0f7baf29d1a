"""`mentorlog when`: one instant on your clock and on everyone's (Sat 21 Nov 2026, Berlin)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


@pytest.fixture
def people(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York")  # fmt: skip
    run.ok("person", "add", "syd", "--name", "Syd Park", "--role", "peer",
           "--tz", "Australia/Sydney")  # fmt: skip


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_every_clock_with_its_day_offset_and_working_hours(run: Run, people: None) -> None:
    result = run.ok("when", "tue 9am", "--tz", "bo")
    assert lines(result.stdout) == [
        "Who                     Time              Day     Offset",
        "─" * 79,
        "you (Europe/Berlin)     Tue 24 Nov 15:00",
        "alice (Asia/Tokyo)      Tue 24 Nov 23:00          +8h     outside working hours",
        "bo (America/New_York)   Tue 24 Nov 09:00          -6h",
        "syd (Australia/Sydney)  Wed 25 Nov 01:00  +1 day  +10h    outside working hours",
        "",
        "Tue 09:00 New York = Tue 15:00 Berlin = Tue 23:00 Tokyo = Wed 01:00 Sydney",
    ]
    assert result.stderr == ""


def test_json_gives_the_instant_and_each_clock(run: Run, people: None) -> None:
    found = run.json("when", "2026-11-24 09:00", "--tz", "America/New_York")
    assert found["instant_utc"] == "2026-11-24T14:00:00+00:00"
    assert found["clocks"][0] == {
        "who": "me", "name": "you", "tz": "Europe/Berlin",
        "local": "2026-11-24T15:00:00+01:00", "day_offset": 0, "working": True,
    }  # fmt: skip
    assert [(c["who"], c["local"], c["day_offset"], c["working"]) for c in found["clocks"]] == [
        ("me", "2026-11-24T15:00:00+01:00", 0, True),
        ("alice", "2026-11-24T23:00:00+09:00", 0, False),
        ("bo", "2026-11-24T09:00:00-05:00", 0, True),
        ("syd", "2026-11-25T01:00:00+11:00", 1, False),
    ]
    assert found["clocks"][1]["name"] == "Alice Chen"


def test_the_day_offset_counts_from_the_day_in_the_zone_given(run: Run, people: None) -> None:
    # 08:00 Wednesday in Sydney is still Tuesday in Berlin and New York.
    found = run.json("when", "wed 8am", "--tz", "syd")
    assert {c["who"]: c["day_offset"] for c in found["clocks"]} == {
        "me": -1, "alice": 0, "bo": -1, "syd": 0,
    }  # fmt: skip
    assert found["instant_utc"] == "2026-11-24T21:00:00+00:00"
    assert "-1 day" in run.ok("when", "wed 8am", "--tz", "syd").stdout


def test_default_zone_is_yours_and_your_hours_come_from_config(run: Run, people: None) -> None:
    mine = run.json("when", "mon 08:45")["clocks"][0]
    assert (mine["local"], mine["working"]) == ("2026-11-23T08:45:00+01:00", False)
    run.ok("config", "set", "hours", "8:30-17:00")
    assert run.json("when", "mon 08:45")["clocks"][0]["working"] is True
    run.ok("config", "set", "days", "tue-fri")
    assert run.json("when", "mon 08:45")["clocks"][0]["working"] is False
    assert run.json("when", "mon 08:45")["instant_utc"] == "2026-11-23T07:45:00+00:00"


def test_relative_times_and_now(run: Run, people: None) -> None:
    assert run.json("when", "now")["instant_utc"] == "2026-11-21T10:15:00+00:00"
    assert run.json("when", "in 3 hours")["instant_utc"] == "2026-11-21T13:15:00+00:00"


def test_night_hours_and_archived_people(run: Run, people: None) -> None:
    run.ok("person", "edit", "alice", "--hours", "22:00-06:00", "--days", "fri")
    # Sat 03:00 in Tokyo is Friday night's shift.
    found = run.json("when", "2026-11-28 03:00", "--tz", "alice")
    assert {c["who"]: c["working"] for c in found["clocks"]}["alice"] is True
    run.ok("person", "archive", "syd")
    assert [c["who"] for c in run.json("when", "now")["clocks"]] == ["me", "alice", "bo"]
    # An archived person's handle still names their zone.
    assert run.json("when", "wed 8am", "--tz", "syd")["instant_utc"] == "2026-11-24T21:00:00+00:00"


def test_same_zone_reads_same(run: Run) -> None:
    run.ok("person", "add", "ana", "--name", "Ana", "--role", "peer", "--tz", "Europe/Berlin")
    result = run.ok("when", "mon 10:00")
    assert "ana (Europe/Berlin)  Mon 23 Nov 10:00       same" in result.stdout
    assert "=" not in result.stdout  # one zone: no summary line


def test_with_nobody_yet_just_your_clock_and_a_hint(
    run: Run, journal_bytes: Callable[[], bytes]
) -> None:
    result = run.ok("when", "fri 16:00")
    assert lines(result.stdout) == [
        "Who                  Time              Day  Offset",
        "─" * 52,
        "you (Europe/Berlin)  Fri 27 Nov 16:00",
    ]
    assert result.stderr == (
        "Add people with `mentorlog person add HANDLE --name N --role R --tz ZONE` to see "
        "their clocks too.\n"
    )
    assert journal_bytes() == b""
    assert len(run.json("when", "fri 16:00")["clocks"]) == 1


def test_an_ambiguous_time_takes_the_first_and_says_so(run: Run, people: None) -> None:
    result = run.ok("when", "2026-10-25 02:30")
    assert result.stderr == (
        "Note: 2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back); using the "
        "first, 02:30 CEST (UTC+02:00).\n"
    )
    found = run.json("when", "2026-10-25 02:30")
    assert found["instant_utc"] == "2026-10-25T00:30:00+00:00"


BAD = {
    "bad when": (("when", "whenever"), 2,
                 "Cannot read 'whenever' as a moment; write it like 'tomorrow 15:00', "
                 "'fri 9am' or '2026-12-01 09:00'."),
    "no time of day": (("when", "tue"), 2,
                       "'tue' needs a time of day for the moment; add one, e.g. 'tue 15:00'."),
    "zone word inside": (("when", "tue 9am EST"), 2,
                         "'tue 9am EST' names a zone inside the moment; leave out 'EST' and use "
                         "--tz with an IANA zone such as 'America/New_York' instead."),
    "bad zone": (("when", "9am", "--tz", "Mars/Base"), 2,
                 "Unknown time zone or handle 'Mars/Base'; use an IANA name such as "
                 "'Europe/Berlin' or a person's handle."),
    "misspelt handle": (("when", "9am", "--tz", "boo"), 2,
                        "Unknown time zone or handle 'boo'; did you mean 'bo'?"),
    "misspelt zone": (("when", "9am", "--tz", "Europe/Berln"), 2,
                      "Unknown time zone or handle 'Europe/Berln'; did you mean 'Europe/Berlin'?"),
    "gap": (("when", "2026-03-29 02:30"), 2,
            "2026-03-29 02:30 does not exist in Europe/Berlin: clocks jump from 02:00 to 03:00 "
            "that night; pick a time outside the gap."),
    "gap in their zone": (("when", "2026-03-08 02:15", "--tz", "bo"), 2,
                          "2026-03-08 02:15 does not exist in America/New_York: clocks jump "
                          "from 02:00 to 03:00 that night; pick a time outside the gap."),
    "out of range": (("when", "3026-01-01 09:00"), 2,
                     "'3026-01-01 09:00' is out of range for a moment; use a year between 1900 "
                     "and 2999, e.g. 2026-12-01."),
    "missing": (("when",), 2, "Missing argument 'WHEN'. See `mentorlog when --help`."),
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
    result = run.fails(code, *args)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before
