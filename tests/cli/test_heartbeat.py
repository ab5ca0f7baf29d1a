"""People get a heartbeat: the last meeting held, the next, the past ones nobody marked, and
whether it is overdue by cadence."""

from __future__ import annotations

import pytest

from conftest import Run


@pytest.fixture
def bo(run: Run) -> None:
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York", "--cadence", "weekly")  # fmt: skip


def test_last_and_next_meeting_in_list_and_show(run: Run, bo: None) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-19 16:00")
    run.ok("meeting", "done", "1")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-26 16:00")
    out = run.ok("person", "list").stdout
    assert "2 days ago" in out
    assert "Thu 26 Nov" in out
    shown = run.ok("person", "show", "bo").stdout
    assert (
        "Last met      Thu 19 Nov 16:00, 2 days ago: Mentoring with Bo Lindqvist (meeting 1)"
        in shown
    )
    assert (
        "Next          Thu 26 Nov 16:00, in 5 days: Mentoring with Bo Lindqvist (meeting 2)"
        in shown
    )
    assert "overdue" not in shown


def test_a_relationship_past_its_cadence_is_flagged(run: Run, bo: None) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-09 16:00")
    run.ok("meeting", "done", "1")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-20 16:00")
    run.ok("meeting", "cancel", "2")  # a cancelled call does not count
    shown = run.ok("person", "show", "bo").stdout
    # Weekly from Mon 9 Nov: due Mon 16 Nov, so by Sat 21 Nov it is 5 days overdue.
    assert "Mon 9 Nov 16:00, 12 days ago: Mentoring with Bo Lindqvist (meeting 1)" in shown
    assert "overdue by 5" in shown
    assert "nothing scheduled" in shown
    assert "overdue by 5 days" in run.ok("person", "list").stdout
    status = run.json("status")
    assert status["overdue_people"] == ["bo"]
    assert status["people"][0]["heartbeat"] == {
        "last": "2026-11-09T16:00:00+01:00", "next": None, "overdue_days": 5, "unmarked": [],
    }  # fmt: skip
    assert "People  1 overdue for a meeting" in run.ok("status").stdout


def test_no_meetings_means_never_and_no_flag(run: Run, bo: None) -> None:
    out = run.ok("person", "list").stdout
    assert "never" in out
    assert "overdue" not in out
    assert run.json("status")["overdue_people"] == []


def test_status_lists_the_next_seven_days(run: Run, bo: None) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "mon 15:00")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-05 15:00")  # beyond 7 days
    run.ok("meeting", "add", "--with", "bo", "--at", "tue 15:00")
    run.ok("meeting", "cancel", "3")
    status = run.json("status")
    assert [(m["meeting"], m["start"]) for m in status["meetings"]] == [
        (1, "2026-11-23T15:00:00+01:00")
    ]
    out = run.ok("status").stdout
    assert "Next 7 days" in out
    assert "Mon 23 Nov 15:00-15:45" in out
    assert "bo 09:00" in out
