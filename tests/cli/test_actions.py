"""`mentorlog action ...` and `mentorlog topic ...` through the real CLI (Sat 21 Nov 2026)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run


@pytest.fixture
def people(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")


def test_add_mine_and_theirs(run: Run, people: None) -> None:
    mine = run.ok("action", "add", "Send Alice the outline", "--due", "mon", "--with", "alice")
    assert mine.stderr.strip() == "Added action 1: You: Send Alice the outline, due Mon 23 Nov."
    run.ok("action", "add", "Review the outline", "--owner", "Alice")
    [first, second] = run.json("action", "list")
    assert {k: first[k] for k in ("id", "text", "owner", "due", "status", "person")} == {
        "id": 1, "text": "Send Alice the outline", "owner": "me", "due": "2026-11-23",
        "status": "open", "person": "alice",
    }  # fmt: skip
    assert (second["owner"], second["person"]) == ("alice", "alice")


def test_links_to_meetings_and_goals_decide_the_relationship(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "tue 9am")
    run.ok("goal", "add", "Talk", "--with", "alice")
    assert run.json("action", "add", "Book the room", "--meeting", "1")["person"] == "bo"
    assert run.json("action", "add", "Draft slides", "--goal", "1")["person"] == "alice"
    assert [a["text"] for a in run.json("action", "list", "--with", "bo")] == ["Book the room"]
    assert [a["text"] for a in run.json("action", "list", "--with", "alice")] == ["Draft slides"]


def test_list_puts_overdue_first_then_by_due_date(run: Run) -> None:
    run.ok("action", "add", "Undated")
    run.ok("action", "add", "Later", "--due", "2026-12-20")
    run.ok("action", "add", "Overdue", "--due", "2026-11-18")
    run.ok("action", "add", "Soon", "--due", "tomorrow")
    assert [a["text"] for a in run.json("action", "list")] == [
        "Overdue",
        "Soon",
        "Later",
        "Undated",
    ]
    out = run.ok("action", "list").stdout
    assert "18 Nov, overdue 3 days" in out


def test_done_leaves_the_list_but_not_all(run: Run) -> None:
    run.ok("action", "add", "One")
    assert run.ok("action", "done", "1").stderr.strip() == "Done: One."
    assert run.json("action", "list") == []
    [done] = run.json("action", "list", "--all")
    assert (done["status"], done["completed"]) == ("done", "2026-11-21T11:15:00+01:00")
    assert "already done" in run.fails(4, "action", "done", "1").stderr
    assert "done" in run.ok("action", "list", "--all").stdout


BAD = {
    "unknown owner": (("action", "add", "X", "--owner", "alicia"), 3, "No person with handle"),
    "bad due": (("action", "add", "X", "--due", "whenever"), 2, "as a due date"),
    "unknown meeting": (("action", "add", "X", "--meeting", "7"), 3, "No meeting with id 7"),
    "unknown goal": (("action", "add", "X", "--goal", "7"), 3, "No goal with id 7"),
    "empty text": (("action", "add", " "), 2, "The action is empty"),
    "owner and other with": (("action", "add", "X", "--owner", "bo", "--with", "alice"), 2,
                             "An action owned by bo already belongs to that relationship"),
    "unknown action": (("action", "done", "9"), 3, "No action item with id 9"),
    "topic without with": (("topic", "add", "X"), 2, "Missing option '--with'"),
    "topic unknown person": (("topic", "add", "X", "--with", "nobody"), 3,
                             "No person with handle 'nobody'"),
    "unknown topic": (("topic", "done", "9"), 3, "No talking point with id 9"),
    "list unknown person": (("action", "list", "--with", "nobody"), 3, "No person with handle"),
}  # fmt: skip


@pytest.mark.parametrize(("args", "code", "fragment"), BAD.values(), ids=BAD.keys())
def test_bad_input(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    fragment: str,
) -> None:
    before = journal_bytes()
    assert fragment in run.fails(code, *args).stderr
    assert journal_bytes() == before


def test_topics_queue_and_leave_when_done(run: Run, people: None) -> None:
    result = run.ok("topic", "add", "What does senior mean here?", "--with", "alice")
    assert result.stderr.strip() == "Queued topic 1 for alice: What does senior mean here?"
    run.ok("topic", "add", "Conference budget", "--with", "bo")
    assert [t["text"] for t in run.json("topic", "list", "--with", "alice")] == [
        "What does senior mean here?"
    ]
    assert len(run.json("topic", "list")) == 2
    run.ok("topic", "done", "1")
    assert [t["id"] for t in run.json("topic", "list")] == [2]
    assert [t["status"] for t in run.json("topic", "list", "--all")] == ["done", "open"]
    assert "already done" in run.fails(4, "topic", "done", "1").stderr
    assert "Conference budget" in run.ok("topic", "list").stdout


def test_empty_lists_say_how_to_start(run: Run) -> None:
    assert "No open action items" in run.ok("action", "list").stderr
    assert "No talking points queued" in run.ok("topic", "list").stderr


# -- show, edit, reopen, delete --------------------------------------------------------------


def test_show_gives_one_action(run: Run, people: None) -> None:
    run.ok("action", "add", "Send the outline", "--due", "mon", "--with", "alice")
    shown = run.json("action", "show", "1")
    assert (shown["id"], shown["text"], shown["due"], shown["person"]) == (
        1, "Send the outline", "2026-11-23", "alice",
    )  # fmt: skip
    out = run.ok("action", "show", "1").stdout
    assert "Action 1: Send the outline" in out
    assert "alice" in out


def test_edit_changes_and_clears_fields(run: Run, people: None) -> None:
    run.ok("goal", "add", "Talk", "--with", "alice")
    run.ok("action", "add", "Draft", "--due", "mon", "--goal", "1")
    edited = run.json("action", "edit", "1", "--text", "Draft slides", "--due", "fri")
    assert (edited["text"], edited["due"], edited["goal"]) == ("Draft slides", "2026-11-27", 1)
    cleared = run.json("action", "edit", "1", "--due", "none", "--goal", "none")
    assert (cleared["due"], cleared["goal"]) == (None, None)
    moved = run.json("action", "edit", "1", "--owner", "bo")
    assert (moved["owner"], moved["person"]) == ("bo", "bo")
    assert run.ok("action", "edit", "1", "--text", "X").stderr.strip() == "Updated action 1: X."


def test_reopen_brings_a_done_action_back(run: Run) -> None:
    run.ok("action", "add", "One")
    run.ok("action", "done", "1")
    reopened = run.json("action", "reopen", "1")
    assert (reopened["status"], reopened["completed"]) == ("open", None)
    assert [a["text"] for a in run.json("action", "list")] == ["One"]


def test_delete_removes_it_and_undo_brings_it_back(run: Run) -> None:
    run.ok("action", "add", "One")
    gone = run.json("action", "delete", "1")
    assert (gone["kind"], gone["deleted"]["text"]) == ("action", "One")
    assert run.json("action", "list", "--all") == []
    run.ok("undo")
    assert [a["text"] for a in run.json("action", "list")] == ["One"]


BAD_NEW_ACTIONS = {
    "show unknown": (("action", "show", "9"), 3, "No action item with id 9; see `mentorlog action"),
    "edit unknown": (("action", "edit", "9", "--text", "x"), 3, "No action item with id 9"),
    "delete unknown": (("action", "delete", "9"), 3, "No action item with id 9"),
    "reopen unknown": (("action", "reopen", "9"), 3, "No action item with id 9"),
    "reopen open": (("action", "reopen", "1"), 4, "Action 1 is open already; nothing to reopen."),
    "edit nothing": (("action", "edit", "1"), 2, "Nothing to change"),
    "edit bad due": (("action", "edit", "1", "--due", "someday"), 2, "due date"),
    "edit bad meeting": (("action", "edit", "1", "--meeting", "x"), 2, "'x' as a meeting"),
    "edit unknown meeting": (("action", "edit", "1", "--meeting", "7"), 3, "No meeting with id 7"),
    "edit unknown owner": (("action", "edit", "1", "--owner", "zed"), 3, "No person with handle"),
}  # fmt: skip


@pytest.mark.parametrize(("args", "code", "message"), BAD_NEW_ACTIONS.values(), ids=BAD_NEW_ACTIONS)
def test_bad_input_to_new_action_commands_changes_nothing(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    run.ok("action", "add", "One")
    before = journal_bytes()
    assert message in run.fails(code, *args).stderr
    assert journal_bytes() == before
