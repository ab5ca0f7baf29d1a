"""`mentorlog goal ...` through the real CLI. The clock reads Sat 21 Nov 2026, 11:15 Berlin."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


@pytest.fixture
def alice(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")


def test_add_with_everything(run: Run, alice: None) -> None:
    result = run.ok(
        "goal", "add", "Give a conference talk",
        "--why", "Grow visibility", "--due", "Dec 4", "--with", "Alice", "--tag", "speaking",
    )  # fmt: skip
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Added goal 1: Give a conference talk (due Fri 4 Dec 2026, in 13 days)"
    )
    assert run.json("goal", "show", "1") == {
        "id": 1,
        "uid": run.json("goal", "show", "1")["uid"],
        "title": "Give a conference talk",
        "why": "Grow visibility",
        "status": "active",
        "progress": 0,
        "due": "2026-12-04",
        "person": "alice",
        "tags": ["speaking"],
        "history": [],
        "created": "2026-11-21T11:15:00+01:00",
        "updated": "2026-11-21T11:15:00+01:00",
        "completed": None,
    }


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-12-01", "2026-12-01"),
        ("tomorrow", "2026-11-22"),
        ("fri", "2026-11-27"),
        ("next sat", "2026-11-28"),
        ("in 2 weeks", "2026-12-05"),
        ("in 1 month", "2026-12-21"),
        ("Jan 15", "2027-01-15"),
        ("1 Dec 2026", "2026-12-01"),
    ],
)
def test_due_accepts_every_date_form(run: Run, due: str, expected: str) -> None:
    goal = run.json("goal", "add", "Something", "--due", due)
    assert goal["due"] == expected


BAD = {
    "impossible date": (
        ("goal", "add", "X", "--due", "32/13/2026"),
        2,
        "Cannot read '32/13/2026' as a due date; write it like 2026-12-01, 'Dec 1', 'fri' or "
        "'in 2 weeks'.",
    ),
    "ambiguous date": (
        ("goal", "add", "X", "--due", "12/01/2026"),
        2,
        "'12/01/2026' is ambiguous (day/month or month/day?); write it as 2026-12-01 or "
        "1 Dec 2026.",
    ),
    "made-up weekday": (
        ("goal", "add", "X", "--due", "next blursday"),
        2,
        "Cannot read 'next blursday' as a due date; write it like 2026-12-01, 'Dec 1', 'fri' "
        "or 'in 2 weeks'.",
    ),
    "unknown person": (
        ("goal", "add", "X", "--with", "alicia"),
        3,
        "No person with handle 'alicia'. Did you mean 'alice'? See `mentorlog person list --all`.",
    ),
    "empty title": (
        ("goal", "add", " "),
        2,
        "The goal title is empty; write some text, e.g. 'Ship my first PR'.",
    ),
    "huge title": (
        ("goal", "add", "x" * 5000),
        2,
        "The goal title is 5,000 characters long; keep it to 200 or fewer.",
    ),
    "bad status filter": (
        ("goal", "list", "--status", "finished"),
        2,
        "Cannot use 'finished' as a status; choose one of active, done, dropped, all.",
    ),
    "unknown goal": (
        ("goal", "show", "42"),
        3,
        "No goal with id 42; see `mentorlog goal list --status all`.",
    ),
    "id not a number": (
        ("goal", "show", "three"),
        2,
        "Invalid value for 'ID': 'three' is not a valid int. See `mentorlog goal show --help`.",
    ),
    "progress too high": (
        ("goal", "progress", "1", "150"),
        2,
        "Progress 150% is out of range; give a percentage from 0 to 100.",
    ),
    "progress not a number": (
        ("goal", "progress", "1", "lots"),
        2,
        "Cannot read 'lots' as progress; give a percentage from 0 to 100 (e.g. 60) or a step "
        "(e.g. +10).",
    ),
    "edit nothing": (
        ("goal", "edit", "1"),
        2,
        "Nothing to change: give at least one option, e.g. --title or --due; see "
        "`mentorlog goal edit --help`.",
    ),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_sentence_and_changes_nothing(
    run: Run,
    alice: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    run.ok("goal", "add", "Existing goal")
    before = journal_bytes()
    result = run.fails(code, *args)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


def test_list_is_sorted_by_due_date_with_undated_last(run: Run) -> None:
    run.ok("goal", "add", "No date")
    run.ok("goal", "add", "Later", "--due", "2027-03-01")
    run.ok("goal", "add", "Overdue", "--due", "2026-11-19")
    run.ok("goal", "add", "Soon", "--due", "tomorrow")
    titles = [g["title"] for g in run.json("goal", "list")]
    assert titles == ["Overdue", "Soon", "Later", "No date"]


def test_list_table_has_bars_and_relative_dates(run: Run) -> None:
    run.ok("goal", "add", "Overdue", "--due", "2026-11-19", "--tag", "work")
    run.ok("goal", "add", "Soon", "--due", "in 5 days")
    run.ok("goal", "progress", "2", "60")
    out = run.ok("goal", "list").stdout
    assert "overdue 2 days" in out
    assert "in 5 days" in out
    assert "██████░░░░  60%" in out
    assert "#work" in out


def test_list_filters_by_status_person_and_tag(run: Run, alice: None) -> None:
    run.ok("goal", "add", "Shared", "--with", "alice", "--tag", "career")
    run.ok("goal", "add", "Mine", "--tag", "health")
    run.ok("goal", "add", "Finished")
    run.ok("goal", "done", "3")
    assert [g["title"] for g in run.json("goal", "list", "--with", "alice")] == ["Shared"]
    assert [g["title"] for g in run.json("goal", "list", "--tag", "#Health")] == ["Mine"]
    assert [g["title"] for g in run.json("goal", "list", "--status", "done")] == ["Finished"]
    assert len(run.json("goal", "list", "--status", "all")) == 3
    assert "Status" in run.ok("goal", "list", "--status", "all").stdout
    run.fails(3, "goal", "list", "--with", "nobody")


def test_empty_lists_explain_themselves(run: Run) -> None:
    result = run.ok("goal", "list")
    assert result.stdout == ""
    assert "No active goals. Add one with" in result.stderr
    assert run.ok("goal", "list", "--status", "done", "--tag", "x").stderr.strip() == (
        "No done goals tagged x."
    )
    assert run.ok("goal", "list", "--status", "ALL").stderr.strip() == "No goals."


def test_progress_keeps_a_history(run: Run) -> None:
    run.ok("goal", "add", "Learn Rust")
    run.ok("goal", "progress", "1", "30%", "--note", "Finished the book")
    run.ok("goal", "progress", "1", "+15")
    result = run.ok("goal", "progress", "1", "-5")
    assert result.stderr.strip() == "Goal 1 is at 40%."
    goal = run.json("goal", "show", "1")
    assert goal["progress"] == 40
    assert [(h["progress"], h["note"]) for h in goal["history"]] == [
        (30, "Finished the book"),
        (45, None),
        (40, None),
    ]
    assert goal["history"][0]["at"] == "2026-11-21T11:15:00+01:00"


def test_progress_steps_stay_within_bounds_and_hint_at_done(run: Run) -> None:
    run.ok("goal", "add", "Learn Rust")
    run.ok("goal", "progress", "1", "90")
    result = run.ok("goal", "progress", "1", "+30")
    assert "Goal 1 is at 100%; mark it done with `mentorlog goal done 1`." in result.stderr
    assert run.json("goal", "progress", "1", "-150")["progress"] == 0


def test_done_records_completion_and_full_progress(run: Run) -> None:
    run.ok("goal", "add", "Ship it")
    result = run.ok("goal", "done", "1", "--note", "Merged!")
    assert "Goal 1 achieved: Ship it." in result.stderr
    goal = run.json("goal", "show", "1")
    assert (goal["status"], goal["progress"], goal["completed"]) == (
        "done",
        100,
        "2026-11-21T11:15:00+01:00",
    )
    assert goal["history"][-1]["note"] == "Merged!"
    assert run.json("goal", "list") == []
    assert run.fails(4, "goal", "done", "1").stderr == (
        "Error: Goal 1 is already done, since 2026-11-21.\n"
    )


def test_closed_goals_refuse_progress_until_reopened(run: Run) -> None:
    run.ok("goal", "add", "Ship it")
    run.ok("goal", "drop", "1", "--note", "Priorities changed")
    result = run.fails(4, "goal", "progress", "1", "50")
    assert result.stderr == (
        "Error: Cannot record progress on goal 1: it is dropped; reopen it first with "
        "`mentorlog goal reopen 1`.\n"
    )
    assert run.fails(4, "goal", "drop", "1").stderr == "Error: Goal 1 is already dropped.\n"
    assert "it is dropped; reopen it first" in run.fails(4, "goal", "done", "1").stderr
    run.ok("goal", "reopen", "1")
    run.fails(4, "goal", "reopen", "1")
    assert run.json("goal", "progress", "1", "50")["status"] == "active"


def test_edit_changes_and_clears(run: Run, alice: None) -> None:
    run.ok("goal", "add", "Talk", "--why", "Because", "--due", "fri", "--with", "alice")
    run.ok("goal", "edit", "1", "--title", "Give a talk", "--tag", "a", "--tag", "b")
    run.ok("goal", "edit", "1", "--due", "none", "--with", "none", "--why", "", "--untag", "a")
    goal = run.json("goal", "show", "1")
    assert (goal["title"], goal["due"], goal["person"], goal["why"], goal["tags"]) == (
        "Give a talk",
        None,
        None,
        None,
        ["b"],
    )
    assert goal["updated"] == "2026-11-21T11:15:00+01:00"


def test_show_has_why_progress_and_history(run: Run, alice: None) -> None:
    run.ok("goal", "add", "Talk", "--why", "Grow", "--due", "2026-11-20", "--with", "alice")
    run.ok("goal", "progress", "1", "25", "--note", "Abstract submitted")
    out = run.ok("goal", "show", "1").stdout
    assert "Goal 1: Talk" in out
    assert "[active]" in out
    assert "Grow" in out
    assert "overdue 1 day" in out
    assert "Alice Chen (alice)" in out
    assert "Abstract submitted" in out


def test_ids_are_not_reused(run: Run) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    run.ok("goal", "drop", "2")
    assert run.json("goal", "add", "Three")["id"] == 3


def test_escape_sequences_in_titles_are_shown_not_run(run: Run) -> None:
    run.ok("goal", "add", "Clear \x1b[2J screen \x07 bell [red]markup[/red]")
    for args in (("goal", "list"), ("goal", "show", "1"), ("status",)):
        out = run.ok(*args).stdout
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "Clear \\x1b[2J screen \\x07 bell [red]markup[/red]" in out


# -- delete ----------------------------------------------------------------------------------


@pytest.fixture
def linked_goal(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("goal", "add", "Talk", "--with", "alice")
    run.ok("action", "add", "Draft slides", "--goal", "1")
    run.ok("milestone", "add", "Outline", "--goal", "1")


def test_delete_unlinks_its_actions_and_milestones(run: Run, linked_goal: None) -> None:
    done = run.ok("goal", "delete", "1")
    assert done.stderr.strip() == (
        "Deleted goal 1 (Talk). No longer linked to it, the rest kept: action item 1, "
        "milestone 1. Undo with `mentorlog undo`."
    )
    assert run.json("goal", "list", "--status", "all") == []
    assert run.json("action", "show", "1")["goal"] is None
    assert run.json("milestone", "show", "1")["goal"] is None


def test_delete_cascade_takes_them_along_and_undo_brings_all_back(
    run: Run, linked_goal: None
) -> None:
    deleted = run.json("goal", "delete", "1", "--cascade")
    assert [(r["kind"], r["id"]) for r in deleted["removed"]] == [("action", 1), ("milestone", 1)]
    assert run.json("action", "list", "--all") == []
    assert run.json("milestone", "list") == []
    run.ok("undo")
    assert run.json("action", "show", "1")["goal"] == 1
    assert run.json("goal", "show", "1")["title"] == "Talk"


def test_delete_unknown_goal_changes_nothing(
    run: Run, linked_goal: None, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    assert run.fails(3, "goal", "delete", "9").stderr.strip() == (
        "Error: No goal with id 9; see `mentorlog goal list --status all`."
    )
    assert journal_bytes() == before
