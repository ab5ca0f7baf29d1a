"""`mentorlog feedback show|edit|delete` through the real CLI."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


@pytest.fixture
def feedback(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-17 10:00")
    run.ok("goal", "add", "Talk")
    run.ok("feedback", "add", "Clear demo", "--from", "alice", "--meeting", "1", "--rating", "4")


def test_show(run: Run, feedback: None) -> None:
    shown = run.json("feedback", "show", "1")
    assert (shown["text"], shown["person"], shown["rating"], shown["meeting"]) == (
        "Clear demo", "alice", 4, 1,
    )  # fmt: skip
    assert "Feedback 1 from alice" in run.ok("feedback", "show", "1").stdout


def test_edit_fields_and_clear(run: Run, feedback: None) -> None:
    edited = run.json(
        "feedback", "edit", "1", "--text", "Very clear demo", "--rating", "5", "--goal", "1",
        "--tag", "demo",
    )  # fmt: skip
    assert (edited["text"], edited["rating"], edited["goal"], edited["tags"]) == (
        "Very clear demo", 5, 1, ["demo"],
    )  # fmt: skip
    cleared = run.json("feedback", "edit", "1", "--rating", "none", "--meeting", "none")
    assert (cleared["rating"], cleared["meeting"]) == (None, None)
    turned = run.json("feedback", "edit", "1", "--to", "bo")
    assert (turned["direction"], turned["person"]) == ("given", "bo")


def test_delete_and_undo(run: Run, feedback: None) -> None:
    assert "Deleted feedback 1 (Clear demo)." in run.ok("feedback", "delete", "1").stderr
    assert run.json("feedback", "list") == []
    run.ok("undo")
    assert [f["id"] for f in run.json("feedback", "list")] == [1]


BAD = {
    "show unknown": (("feedback", "show", "9"), 3, "No feedback entry with id 9"),
    "edit unknown": (("feedback", "edit", "9", "--text", "x"), 3, "No feedback entry with id 9"),
    "delete unknown": (("feedback", "delete", "9"), 3, "No feedback entry with id 9"),
    "edit nothing": (("feedback", "edit", "1"), 2, "Nothing to change"),
    "edit bad rating": (("feedback", "edit", "1", "--rating", "9"), 2, "rating"),
    "edit both ways": (("feedback", "edit", "1", "--from", "alice", "--to", "bo"), 2, "not both"),
    "meeting not theirs": (("feedback", "edit", "1", "--to", "bo"), 2, "is not with bo"),
    "edit unknown goal": (("feedback", "edit", "1", "--goal", "8"), 3, "No goal with id 8"),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD)
def test_bad_input_changes_nothing(
    run: Run,
    feedback: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    assert message in run.fails(code, *args).stderr
    assert journal_bytes() == before
