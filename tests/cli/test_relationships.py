"""Held, cancelled and unmarked meetings are distinct, and one service decides for `status`,
`agenda`, `person show`/`list` and `report`: a past call nobody marked is not a meeting held.

The clock reads Sat 21 Nov 2026, 11:15 Berlin. Sam meets Bo every Thursday at 16:00 Berlin
from Thu 5 Nov; the first call was marked held, those of 12 and 19 Nov were not.
"""

from __future__ import annotations

import shlex

import pytest

from conftest import NOW, Run


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", when)


@pytest.fixture
def weekly(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-11-01T10:00:00+01:00")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York", "--cadence", "weekly")  # fmt: skip
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-05 16:00", "--every", "weekly")
    at(monkeypatch, "2026-11-05T17:00:00+01:00")
    run.ok("meeting", "done", "1", "--rating", "4")
    at(monkeypatch, "2026-11-10T12:00:00+01:00")  # before the unmarked call of 12 Nov
    run.ok("note", "add", "Bo wants to try a lightning talk", "--with", "bo")
    run.ok("feedback", "add", "Clear questions, good prep", "--from", "bo")
    at(monkeypatch, NOW)


def test_since_last_time_starts_at_the_last_call_held(run: Run, weekly: None) -> None:
    md = run.ok("agenda", "--with", "bo").stdout
    assert "## Since last time (Thu 5 Nov)" in md  # not Thu 19 Nov, which nobody marked
    assert "- Note: Bo wants to try a lightning talk" in md
    assert "- From Bo Lindqvist: Clear questions, good prep (feedback 1)" in md
    section = md.split("## Not marked: did it happen?\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- Thu 19 Nov 16:00: Mentoring with Bo Lindqvist (meeting 1)",
        "  held: `mentorlog meeting done 1 --occurrence '2026-11-19 16:00'`; "
        "not held: `mentorlog meeting cancel 1 --occurrence '2026-11-19 16:00'`",
        "- Thu 12 Nov 16:00: Mentoring with Bo Lindqvist (meeting 1)",
        "  held: `mentorlog meeting done 1 --occurrence '2026-11-12 16:00'`; "
        "not held: `mentorlog meeting cancel 1 --occurrence '2026-11-12 16:00'`",
    ]
    data = run.json("agenda", "--with", "bo")
    assert data["previous"]["start"] == "2026-11-05T16:00:00+01:00"
    assert [(u["start"], u["status"], u["done"]) for u in data["unmarked"]] == [
        ("2026-11-19T16:00:00+01:00", "scheduled",
         "mentorlog meeting done 1 --occurrence '2026-11-19 16:00'"),
        ("2026-11-12T16:00:00+01:00", "scheduled",
         "mentorlog meeting done 1 --occurrence '2026-11-12 16:00'"),
    ]  # fmt: skip
    assert [c["kind"] for c in data["since"]] == ["note"]
    assert [f["id"] for f in data["feedback"]] == [1]


def test_marking_the_call_held_moves_since_last_time(run: Run, weekly: None) -> None:
    done = run.json("status")["unmarked"][0]["done"]
    run.ok(*shlex.split(done)[1:])  # the command as status gave it
    md = run.ok("agenda", "--with", "bo").stdout
    assert "## Since last time (Thu 19 Nov)" in md
    assert "Bo wants to try a lightning talk" not in md
    assert "- Thu 12 Nov 16:00: Mentoring with Bo Lindqvist (meeting 1)" in md
    assert "Thu 19 Nov 16:00: Mentoring" not in md


def test_status_lists_the_unmarked_calls_with_the_commands(run: Run, weekly: None) -> None:
    data = run.json("status")
    assert [(u["meeting"], u["start"], u["done"], u["cancel"]) for u in data["unmarked"]] == [
        (1, "2026-11-19T16:00:00+01:00",
         "mentorlog meeting done 1 --occurrence '2026-11-19 16:00'",
         "mentorlog meeting cancel 1 --occurrence '2026-11-19 16:00'"),
        (1, "2026-11-12T16:00:00+01:00",
         "mentorlog meeting done 1 --occurrence '2026-11-12 16:00'",
         "mentorlog meeting cancel 1 --occurrence '2026-11-12 16:00'"),
    ]  # fmt: skip
    assert data["people"][0]["heartbeat"] == {
        "last": "2026-11-05T16:00:00+01:00",
        "next": "2026-11-26T16:00:00+01:00",
        "overdue_days": 9,  # weekly from Thu 5 Nov: due Thu 12 Nov
        "unmarked": ["2026-11-19T16:00:00+01:00", "2026-11-12T16:00:00+01:00"],
    }
    out = run.ok("status").stdout
    block = out.split("Not marked: did it happen?\n")[1].split("\n\n")[0]
    assert block.splitlines() == [
        "  Thu 19 Nov 16:00  Mentoring with Bo Lindqvist (meeting 1)",
        "    held: mentorlog meeting done 1 --occurrence '2026-11-19 16:00'",
        "    not held: mentorlog meeting cancel 1 --occurrence '2026-11-19 16:00'",
        "  Thu 12 Nov 16:00  Mentoring with Bo Lindqvist (meeting 1)",
        "    held: mentorlog meeting done 1 --occurrence '2026-11-12 16:00'",
        "    not held: mentorlog meeting cancel 1 --occurrence '2026-11-12 16:00'",
    ]


def test_the_cancel_command_marks_it_too(run: Run, weekly: None) -> None:
    cancel = run.json("status")["unmarked"][1]["cancel"]
    run.ok(*shlex.split(cancel)[1:])
    assert [u["start"] for u in run.json("status")["unmarked"]] == ["2026-11-19T16:00:00+01:00"]
    past = {o["start"][:10]: o["status"] for o in run.json("meeting", "list", "--past")}
    assert past["2026-11-12"] == "cancelled"


def test_person_show_report_and_status_agree_on_last_met(run: Run, weekly: None) -> None:
    shown = run.ok("person", "show", "bo").stdout
    assert "Last met      Thu 5 Nov 16:00, 2 weeks ago: Mentoring with Bo Lindqvist" in shown
    assert "overdue by 9 days" in " ".join(shown.split())
    assert "Not marked    2 not marked in the last 30 days: did they happen?" in shown
    assert "held: mentorlog meeting done 1 --occurrence '2026-11-19 16:00'" in shown
    heartbeat = run.json("person", "show", "bo")["heartbeat"]
    assert heartbeat == run.json("status")["people"][0]["heartbeat"]
    assert heartbeat["last"] == "2026-11-05T16:00:00+01:00"
    listed = run.ok("person", "list").stdout
    assert "2 not marked" in listed
    assert "overdue by 9" in listed
    report = run.ok("report", "--with", "bo").stdout
    assert "- **Bo Lindqvist** (mentee): 1 meeting held, 2 not marked" in report
    assert "  - Not marked held or cancelled, so not counted: Thu 12 Nov, Thu 19 Nov" in report
    assert "  - Last met Thu 5 Nov" in report
    [bo] = run.json("report", "--with", "bo")["meetings"]
    assert (bo["meetings"], bo["held"], bo["last"]) == (1, 1, heartbeat["last"])
    assert [u["start"] for u in bo["unmarked"]] == heartbeat["unmarked"]


def test_a_never_met_person_with_a_cadence_is_overdue_once_it_passed_since_added(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-10-01T10:00:00+02:00")
    run.ok("person", "add", "dee", "--name", "Dee Park", "--role", "mentee",
           "--tz", "UTC", "--cadence", "2w")  # fmt: skip
    run.ok("person", "add", "eli", "--name", "Eli Moss", "--role", "peer", "--tz", "UTC")
    at(monkeypatch, "2026-11-14T10:00:00+01:00")
    run.ok("person", "add", "fay", "--name", "Fay Rowe", "--role", "mentee",
           "--tz", "UTC", "--cadence", "2w")  # fmt: skip
    at(monkeypatch, NOW)
    data = run.json("status")
    # Dee: added Thu 1 Oct, due Thu 15 Oct, so 37 days overdue; Eli has no cadence; Fay
    # was added a week ago.
    assert data["overdue_people"] == ["dee"]
    beats = {p["handle"]: p["heartbeat"] for p in data["people"]}
    assert beats["dee"] == {"last": None, "next": None, "overdue_days": 37, "unmarked": []}
    assert beats["eli"]["overdue_days"] is None
    assert beats["fay"]["overdue_days"] is None
    out = run.ok("status").stdout
    assert "People  1 overdue for a meeting" in out
    assert "overdue by 37" in out
    assert "never; overdue by 37 days" in run.ok("person", "show", "dee").stdout
    assert "Cadence every 2 weeks: **not kept**" in run.ok("report", "--with", "dee").stdout


def test_a_call_nobody_marked_is_not_a_meeting_met(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-01T10:00:00+01:00")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "UTC", "--cadence", "weekly")  # fmt: skip
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-03 10:00")
    at(monkeypatch, NOW)
    beat = run.json("person", "show", "bo")["heartbeat"]
    # Added Sun 1 Nov, weekly: due Sun 8 Nov. The call of Tue 3 Nov was not marked.
    assert beat == {
        "last": None, "next": None, "overdue_days": 13,
        "unmarked": ["2026-11-03T10:00:00+01:00"],
    }  # fmt: skip
    [unmarked] = run.json("status")["unmarked"]
    # A one-off is marked without --occurrence.
    assert (unmarked["done"], unmarked["cancel"]) == (
        "mentorlog meeting done 1",
        "mentorlog meeting cancel 1",
    )
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-24 10:00")
    md = run.ok("agenda", "2").stdout
    assert "No meeting with Bo Lindqvist is marked held yet." in md
    assert "- Tue 3 Nov 10:00: Mentoring with Bo Lindqvist (meeting 1)" in md
    run.ok("meeting", "done", "1")
    beat = run.json("person", "show", "bo")["heartbeat"]
    assert (beat["last"], beat["overdue_days"], beat["unmarked"]) == (
        "2026-11-03T10:00:00+01:00", 11, [],
    )  # fmt: skip
    assert run.json("status")["unmarked"] == []


def test_only_recent_calls_are_asked_about_and_a_few_are_named(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-09-01T10:00:00+02:00")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-09-01 16:00", "--every", "daily")
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-11-20")
    at(monkeypatch, "2026-11-21T16:20:00+01:00")  # today's call is under way: not asked about
    unmarked = run.json("status")["unmarked"]
    starts = [u["start"][:10] for u in unmarked]
    # The last 30 days, latest first, without the cancelled one of 20 Nov.
    assert starts[:2] == ["2026-11-19", "2026-11-18"]
    assert starts[-1] == "2026-10-23"
    assert len(starts) == 28
    out = run.ok("status").stdout
    assert "  and 25 more: mentorlog meeting list --past" in out
    assert out.count("    held: mentorlog meeting done 1") == 3
