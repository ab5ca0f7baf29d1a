"""`mentorlog status`, the morning dashboard, on a real journal of several people.

The clock reads Sat 21 Nov 2026, 11:15 Berlin. Weeks run Monday to Sunday: this one began on
Mon 16 Nov.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", when)


@pytest.fixture
def journal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo", "--cadence", "1w")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York", "--cadence", "2w")  # fmt: skip
    run.ok("person", "add", "chidi", "--name", "Chidi Okafor", "--role", "peer",
           "--tz", "Africa/Lagos", "--cadence", "1w")  # fmt: skip
    # Weekly with Alice since Tue 3 Nov (none of it marked); Bo on Mon 23 Nov; Chidi once,
    # long ago, marked held.
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-03 09:00", "--every", "weekly")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-23 15:00")
    run.ok("meeting", "add", "--with", "chidi", "--at", "2026-10-01 12:00")
    run.ok("meeting", "done", "3")
    run.ok("goal", "add", "Give a conference talk", "--with", "alice", "--due", "2027-01-30")
    run.ok("goal", "progress", "1", "40")
    run.ok("goal", "add", "Read Staff Engineer", "--due", "2026-11-15")
    run.ok("goal", "add", "Ship the first PR", "--with", "bo")
    run.ok("action", "add", "Send Alice the outline", "--due", "2026-11-19", "--with", "alice")
    run.ok("action", "add", "Book a rehearsal", "--due", "2026-11-26", "--with", "alice")
    run.ok("action", "add", "Later", "--due", "2026-12-20")
    run.ok("action", "add", "Undated")
    run.ok("goal", "done", "3")
    run.ok("milestone", "add", "Old news", "--on", "2026-10-01")


def test_every_section(run: Run, journal: None) -> None:
    out = run.ok("status").stdout
    headings = [
        line.split("  ")[0]
        for line in out.splitlines()
        if line[:1].isupper() and not line.startswith(("ID", "Handle"))
    ]
    assert headings == [
        "Saturday 21 November 2026, 11:15 Europe/Berlin · 3-week streak",
        "Next 7 days",
        "Not marked: did it happen?",
        "Action items due this week",
        "Goals",
        "People",
        "Milestones, last 30 days",
    ]
    assert "Action items due this week  1 overdue" in out
    assert "Goals  1 overdue" in out
    assert "People  1 overdue for a meeting" in out  # chidi, last met 1 Oct
    assert "Send Alice the outline" in out
    assert "Book a rehearsal" in out
    assert "Later" not in out
    assert "Undated" not in out
    assert "★ Sat 21 Nov  Ship the first PR (with bo)" in out
    assert "Old news" not in out
    assert "Tue 24 Nov" in out
    assert "Mon 23 Nov" in out


def test_json_has_every_part(run: Run, journal: None) -> None:
    data = run.json("status")
    assert [o["meeting"] for o in data["meetings"]] == [2, 1]
    assert [(a["text"], a["overdue"]) for a in data["actions"]] == [
        ("Send Alice the outline", True),
        ("Book a rehearsal", False),
    ]
    assert [m["title"] for m in data["milestones"]] == ["Ship the first PR"]
    assert data["streak"] == {"weeks": 3, "this_week": True, "since": "2026-11-02"}
    assert data["overdue_people"] == ["chidi"]
    assert data["overdue_goals"] == [2]


def test_fits_80_columns(run: Run, journal: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run.ok("status").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Send Alice the outline" in out.replace("\n", " ") or "Send Alice" in out


def test_piped_status_is_plain_text(isolated_env: Path, journal: None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "mentorlog", "status"], capture_output=True, env=env, check=True
    )
    assert b"\x1b" not in done.stdout
    assert b"Next 7 days" in done.stdout
    assert b"Milestones, last 30 days" in done.stdout
    assert done.stderr == b""


def test_the_streak_counts_weeks_with_meetings_or_entries(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run.json("status")["streak"] == {"weeks": 0, "this_week": False, "since": None}
    at(monkeypatch, "2026-10-28T10:00:00+01:00")  # a note in the week of Mon 26 Oct
    run.ok("note", "add", "Kick-off")
    at(monkeypatch, "2026-11-02T10:00:00+01:00")  # feedback in the week of Mon 2 Nov
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    run.ok("feedback", "add", "Thanks", "--from", "alice")
    # A meeting on Sun 15 Nov 23:30 Berlin: still the week of Mon 9 Nov in Berlin.
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-15 23:30")
    at(monkeypatch, "2026-11-21T11:15:00+01:00")
    # Nothing yet this week: the streak runs to last week and is not broken.
    assert run.json("status")["streak"] == {"weeks": 3, "this_week": False, "since": "2026-10-26"}
    assert "3-week streak; nothing yet this week" in run.ok("status").stdout
    run.ok("milestone", "add", "Something", "--on", "today")
    assert run.json("status")["streak"] == {"weeks": 4, "this_week": True, "since": "2026-10-26"}


def test_a_gap_breaks_the_streak_and_cancelled_meetings_do_not_count(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-10-20 09:00", "--every", "weekly")
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-11-10")
    # Tue 17 Nov counts; Tue 10 Nov was cancelled, which breaks the run.
    assert run.json("status")["streak"] == {"weeks": 1, "this_week": True, "since": "2026-11-16"}


def test_a_long_streak_of_a_weekly_meeting(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2024-11-19 09:00", "--every", "weekly")
    streak = run.json("status")["streak"]
    assert streak == {"weeks": 105, "this_week": True, "since": "2024-11-18"}


def test_the_dashboard_shows_the_ten_most_urgent_actions(run: Run, journal: None) -> None:
    """Beyond ten, one line says how many more there are and where they all are; `--json`
    keeps every one."""
    for day in range(1, 12):  # 11 more, all overdue: 13 due this week in all
        run.ok("action", "add", f"Chore {day:02d}", "--due", f"2026-11-{day:02d}")
    out = run.ok("status").stdout
    assert "Action items due this week  12 overdue" in out
    shown = [f"Chore {day:02d}" for day in range(1, 12) if f"Chore {day:02d}" in out]
    assert shown == [f"Chore {day:02d}" for day in range(1, 11)]  # the most overdue first
    assert "Send Alice the outline" not in out  # overdue since 19 Nov: the 11th
    assert "and 3 more action items: mentorlog action list" in out
    actions = run.json("status")["actions"]
    assert len(actions) == 13
    assert [a["text"] for a in actions][-3:] == [
        "Chore 11",
        "Send Alice the outline",
        "Book a rehearsal",
    ]


def test_ten_actions_need_no_line_for_more(run: Run, journal: None) -> None:
    for day in range(1, 9):
        run.ok("action", "add", f"Chore {day:02d}", "--due", f"2026-11-{day:02d}")
    out = run.ok("status").stdout
    assert "Book a rehearsal" in out  # the 10th
    assert "mentorlog action list" not in out
