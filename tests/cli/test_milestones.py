"""`mentorlog milestone show|edit|delete` through the real CLI."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


@pytest.fixture
def milestone(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("goal", "add", "Talk", "--with", "alice")
    run.ok("milestone", "add", "First draft", "--goal", "1", "--on", "yesterday", "--note", "ok")


def test_show(run: Run, milestone: None) -> None:
    shown = run.json("milestone", "show", "1")
    assert (shown["title"], shown["on"], shown["goal"], shown["person"]) == (
        "First draft", "2026-11-20", 1, "alice",
    )  # fmt: skip
    assert "Milestone 1: First draft" in run.ok("milestone", "show", "1").stdout


def test_edit_and_clear(run: Run, milestone: None) -> None:
    edited = run.json("milestone", "edit", "1", "--title", "Draft done", "--on", "2026-11-03")
    assert (edited["title"], edited["on"]) == ("Draft done", "2026-11-03")
    cleared = run.json("milestone", "edit", "1", "--goal", "none", "--with", "none", "--note", "")
    assert (cleared["goal"], cleared["person"], cleared["note"]) == (None, None, None)


def test_delete_and_undo(run: Run, milestone: None) -> None:
    run.ok("milestone", "delete", "1")
    assert run.json("milestone", "list") == []
    run.ok("undo")
    assert [m["id"] for m in run.json("milestone", "list")] == [1]


BAD = {
    "show unknown": (("milestone", "show", "9"), 3, "No milestone with id 9"),
    "edit unknown": (("milestone", "edit", "9", "--title", "x"), 3, "No milestone with id 9"),
    "delete unknown": (("milestone", "delete", "9"), 3, "No milestone with id 9"),
    "edit nothing": (("milestone", "edit", "1"), 2, "Nothing to change"),
    "edit bad date": (("milestone", "edit", "1", "--on", "someday"), 2, "milestone date"),
    "edit bad goal": (("milestone", "edit", "1", "--goal", "two"), 2, "Cannot use 'two' as a goal"),
    "edit unknown person": (("milestone", "edit", "1", "--with", "zed"), 3, "No person"),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD)
def test_bad_input_changes_nothing(
    run: Run,
    milestone: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    assert message in run.fails(code, *args).stderr
    assert journal_bytes() == before
