"""--occurrence read as `meeting list` shows occurrences: a date alone and a date with a time
on your clock, the meeting's own clock as a fallback, and a date without a year the nearest
one (Berlin)."""

from __future__ import annotations

import pytest

from conftest import Run


@pytest.fixture
def sydney(run: Run) -> None:
    """Sundays 04:00 in Sydney: Sat 3 Oct 2026 19:00 in Berlin (AEDT +11, CEST +2)."""
    run.ok("person", "add", "syd", "--name", "Syd", "--role", "peer", "--tz", "Australia/Sydney")
    run.ok("meeting", "add", "--with", "syd", "--at", "2026-09-06 04:00", "--tz", "syd",
           "--every", "weekly")  # fmt: skip


def test_list_shows_the_occurrence_on_your_clock(run: Run, sydney: None) -> None:
    listed = run.ok("meeting", "list", "--from", "2026-10-03", "--to", "2026-10-03").stdout
    assert "Sat 3 Oct 19:00-19:45" in listed


@pytest.mark.parametrize(
    "typed",
    [
        "2026-10-03",
        "2026-10-03 19:00",
        "Oct 3",
        "3 Oct 19:00",
        "Sat 3 Oct",  # only 2026's 3 Oct is a Saturday, not 2027's
        "Sat 3 Oct 19:00",
        "Sat 3 Oct 19:00-19:45",  # pasted from the list
    ],
)
def test_what_the_list_shows_names_the_occurrence(run: Run, sydney: None, typed: str) -> None:
    held = run.json("meeting", "done", "1", "--occurrence", typed)
    assert held["start_utc"] == "2026-10-03T17:00:00+00:00"


@pytest.mark.parametrize("typed", ["2026-10-04", "2026-10-04 04:00"])
def test_the_meetings_own_clock_still_names_it(run: Run, sydney: None, typed: str) -> None:
    cancelled = run.ok("meeting", "cancel", "1", "--occurrence", typed)
    assert "Cancelled Sat 3 Oct 2026 19:00 Europe/Berlin of meeting 1" in cancelled.stderr


def test_a_date_alone_and_with_its_time_are_the_same_occurrence(run: Run, sydney: None) -> None:
    run.ok("meeting", "done", "1", "--occurrence", "2026-10-03", "--rating", "3")
    again = run.fails(4, "meeting", "done", "1", "--occurrence", "2026-10-03 19:00")
    assert "already marked held" in again.stderr


@pytest.fixture
def tuesdays(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "Europe/Berlin")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-01 10:00", "--every", "weekly")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-09T12:00:00+01:00")  # a Wednesday


def test_done_on_a_coming_date_without_a_year_says_not_yet(run: Run, tuesdays: None) -> None:
    result = run.fails(4, "meeting", "done", "1", "--occurrence", "Dec 22")
    assert result.stderr == ("Error: Meeting 1 has not happened yet: it starts Tue 22 Dec 10:00.\n")


def test_cancel_on_a_date_without_a_year_takes_the_coming_one(run: Run, tuesdays: None) -> None:
    run.ok("meeting", "cancel", "1", "--occurrence", "Dec 22")
    assert run.json("meeting", "show", "1")["exdates"] == ["2026-12-22T10:00:00+01:00"]
    run.ok("meeting", "done", "1", "--occurrence", "Dec 8")  # the last one, this year
    past = {o["start"][:10]: o["status"] for o in run.json("meeting", "list", "--past")}
    assert past["2026-12-08"] == "held"
