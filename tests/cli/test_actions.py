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
    "unknown action": (("action", "done", "9"), 3, "No action with id 9"),
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
