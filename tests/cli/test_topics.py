"""`mentorlog topic show|edit|reopen|delete` through the real CLI."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


@pytest.fixture
def topic(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.ok("topic", "add", "Ask about the talk", "--with", "alice")


def test_show(run: Run, topic: None) -> None:
    shown = run.json("topic", "show", "1")
    assert (shown["text"], shown["person"], shown["status"]) == (
        "Ask about the talk",
        "alice",
        "open",
    )
    assert "Talking point 1: Ask about the talk" in run.ok("topic", "show", "1").stdout


def test_edit_text_and_person(run: Run, topic: None) -> None:
    edited = run.json("topic", "edit", "1", "--text", "Ask about the keynote", "--with", "bo")
    assert (edited["text"], edited["person"]) == ("Ask about the keynote", "bo")
    assert [t["text"] for t in run.json("topic", "list", "--with", "bo")] == [
        "Ask about the keynote"
    ]


def test_reopen_queues_it_again(run: Run, topic: None) -> None:
    run.ok("topic", "done", "1")
    assert run.json("topic", "list") == []
    assert run.ok("topic", "reopen", "1").stderr.strip() == "Queued again: Ask about the talk."
    assert [t["id"] for t in run.json("topic", "list")] == [1]


def test_delete_and_undo(run: Run, topic: None) -> None:
    assert "Deleted topic 1 (Ask about the talk)." in run.ok("topic", "delete", "1").stderr
    assert run.json("topic", "list", "--all") == []
    run.ok("undo")
    assert [t["id"] for t in run.json("topic", "list")] == [1]


BAD = {
    "show unknown": (("topic", "show", "9"), 3, "No talking point with id 9"),
    "edit unknown": (("topic", "edit", "9", "--text", "x"), 3, "No talking point with id 9"),
    "delete unknown": (("topic", "delete", "9"), 3, "No talking point with id 9"),
    "reopen open": (("topic", "reopen", "1"), 4, "is open already"),
    "edit nothing": (("topic", "edit", "1"), 2, "Nothing to change"),
    "edit unknown person": (("topic", "edit", "1", "--with", "zed"), 3, "No person with handle"),
    "edit empty text": (("topic", "edit", "1", "--text", " "), 2, "is empty"),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD)
def test_bad_input_changes_nothing(
    run: Run,
    topic: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    assert message in run.fails(code, *args).stderr
    assert journal_bytes() == before
