"""`mentorlog feedback`, `milestone`, `note` and `reflect` through the real CLI
(Sat 21 Nov 2026, 11:15 in Berlin)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def people(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")


# -- feedback --------------------------------------------------------------------------------


def test_feedback_both_ways(run: Run, people: None) -> None:
    received = run.ok(
        "feedback", "add", "Clear demo; slow down on the intro", "--from", "alice",
        "--rating", "4", "--tag", "Speaking", "--tag", "#demo",
    )  # fmt: skip
    assert received.stderr == "Recorded feedback 1 from alice.\n"
    given = run.json("feedback", "add", "Great questions today", "--to", "Bo")
    assert {k: given[k] for k in ("id", "text", "direction", "person", "rating", "tags", "at")} == {
        "id": 2, "text": "Great questions today", "direction": "given", "person": "bo",
        "rating": None, "tags": [], "at": "2026-11-21T11:15:00+01:00",
    }  # fmt: skip
    [first] = run.json("feedback", "list", "--received")
    assert (first["person"], first["rating"], first["tags"]) == ("alice", 4, ["speaking", "demo"])
    assert [f["id"] for f in run.json("feedback", "list", "--given")] == [2]
    assert [f["id"] for f in run.json("feedback", "list", "--with", "alice")] == [1]
    assert [f["id"] for f in run.json("feedback", "list", "--tag", "demo")] == [1]
    out = run.ok("feedback", "list").stdout
    assert "← from alice" in out
    assert "→ to bo" in out
    assert "★★★★☆" in out


def test_feedback_newest_first(run: Run, people: None, monkeypatch: pytest.MonkeyPatch) -> None:
    run.ok("feedback", "add", "Older", "--from", "alice")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-22T09:00:00+01:00")
    run.ok("feedback", "add", "Newer", "--from", "alice")
    assert [f["text"] for f in run.json("feedback", "list")] == ["Newer", "Older"]


def test_feedback_on_a_meeting_and_a_goal(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-17 09:00")
    run.ok("goal", "add", "Talk", "--with", "alice")
    made = run.json("feedback", "add", "Useful session", "--from", "alice", "-m", "1", "-g", "1")
    assert (made["meeting"], made["goal"]) == (1, 1)
    result = run.fails(2, "feedback", "add", "x", "--to", "bo", "--meeting", "1")
    assert result.stderr == (
        "Error: Meeting 1 (Mentoring with Alice Chen) is not with bo; pick one of their meetings "
        "from `mentorlog meeting list --with bo --past`.\n"
    )


def test_meeting_ratings_are_averaged_per_relationship(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-03 09:00", "--every", "weekly")
    run.ok("meeting", "done", "1", "--occurrence", "2026-11-03", "--rating", "5")
    run.ok("meeting", "done", "1", "--occurrence", "2026-11-10", "--rating", "4")
    run.ok("meeting", "done", "1", "--occurrence", "2026-11-17", "--rating", "3")
    run.ok("feedback", "add", "Thanks", "--from", "alice")
    out = run.ok("feedback", "list").stdout
    assert "Meetings rated: alice ★ 4.0 (3)" in out
    shown = run.json("person", "show", "alice")
    assert shown["meeting_rating"] == {"average": 4.0, "count": 3}
    assert "★★★★☆ 4.0 on average over 3 meetings" in run.ok("person", "show", "alice").stdout
    assert run.json("person", "show", "bo")["meeting_rating"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "alice", "--to", "bo"),
            "Say who the feedback is from or for: --from HANDLE (you received it) or --to "
            "HANDLE (you gave it), not both.",
        ),
        (
            (),  # issue 17: neither is not "not both"
            "Say who the feedback is from or for: --from HANDLE if you received it, or --to "
            "HANDLE if you gave it.",
        ),
        (
            ("--from", "alice", "--rating", "6"),
            "Cannot use '6' as a rating; give a whole number from 1 to 5.",
        ),
        (
            ("--from", "alice", "--rating", "good"),
            "Cannot use 'good' as a rating; give a whole number from 1 to 5.",
        ),
        (
            ("--from", "alice", "--tag", "two words"),
            "Cannot use 'two words' as a tag; use up to "
            "40 letters, digits, '-', '_', '.', '/' or '+' with no spaces, e.g. 'career' or "
            "'public-speaking'.",
        ),
    ],
)
def test_feedback_add_refuses_bad_values(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    message: str,
) -> None:
    before = journal_bytes()
    assert run.fails(2, "feedback", "add", "Text", *args).stderr == f"Error: {message}\n"
    assert journal_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "start"),
    [
        (("--from", "alce"), 3, "No person with handle 'alce'. Did you mean 'alice'?"),
        (("--to", "alice", "--meeting", "9"), 3, "No meeting with id 9"),
        (("--to", "alice", "--goal", "9"), 3, "No goal with id 9"),
        (("--to", "alice", "--meeting", "x"), 2, "Invalid value for '--meeting'"),
    ],
)
def test_feedback_add_refuses_unknown_links(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    start: str,
) -> None:
    before = journal_bytes()
    assert run.fails(code, "feedback", "add", "Text", *args).stderr.startswith(f"Error: {start}")
    assert journal_bytes() == before


def test_feedback_list_refuses_bad_filters(run: Run, people: None) -> None:
    assert run.fails(2, "feedback", "list", "--given", "--received").stderr == (
        "Error: Give --given or --received, not both; leave both out for all.\n"
    )
    assert "Did you mean 'bo'" in run.fails(3, "feedback", "list", "--with", "boo").stderr
    assert run.fails(2, "feedback", "list", "--tag", "a b").stderr.startswith("Error: Cannot use")


def test_feedback_empty_text_is_refused(run: Run, people: None) -> None:
    result = run.fails(2, "feedback", "add", "  ", "--from", "alice")
    assert (
        result.stderr == "Error: The feedback is empty; write some text, e.g. 'Great structure'.\n"
    )


def test_no_feedback_yet(run: Run) -> None:
    result = run.ok("feedback", "list")
    assert result.stdout == ""
    assert "No feedback yet" in result.stderr


# -- milestones ------------------------------------------------------------------------------


def test_milestone_is_celebrated_and_listed(run: Run, people: None) -> None:
    run.ok("goal", "add", "Merge a PR", "--with", "bo")
    result = run.ok("milestone", "add", "First PR merged", "--goal", "1", "--on", "yesterday",
                    "--note", "after three reviews")  # fmt: skip
    assert result.stderr == "★ Milestone 1: First PR merged, Fri 20 Nov.\n"
    today = run.ok("milestone", "add", "Promotion", "--with", "alice")
    assert today.stderr == "★ Milestone 2: Promotion.\n"
    [newest, older] = run.json("milestone", "list")
    assert {k: older[k] for k in ("id", "title", "goal", "person", "on", "note")} == {
        "id": 1, "title": "First PR merged", "goal": 1, "person": "bo", "on": "2026-11-20",
        "note": "after three reviews",
    }  # fmt: skip
    assert (newest["title"], newest["on"], newest["person"]) == ("Promotion", "2026-11-21", "alice")
    assert [m["id"] for m in run.json("milestone", "list", "--with", "bo")] == [1]
    assert [m["id"] for m in run.json("milestone", "list", "--goal", "1")] == [1]
    assert [m["id"] for m in run.json("milestone", "list", "--since", "today")] == [2]
    assert "★ First PR merged (after three reviews)" in run.ok("milestone", "list").stdout


def test_a_date_without_a_year_is_the_last_one(run: Run) -> None:
    assert run.json("milestone", "add", "Talk", "--on", "Dec 3")["on"] == "2025-12-03"


def test_goal_done_records_a_milestone_and_reopen_takes_it_back(run: Run, people: None) -> None:
    run.ok("goal", "add", "Give a talk", "--with", "alice")
    done = run.ok("goal", "done", "1", "--note", "PyCon")
    assert done.stderr == "★ Goal 1 achieved: Give a talk. Well done! (milestone 1)\n"
    [milestone] = run.json("milestone", "list")
    assert {k: milestone[k] for k in ("title", "goal", "person", "on", "note", "source")} == {
        "title": "Give a talk", "goal": 1, "person": "alice", "on": "2026-11-21", "note": "PyCon",
        "source": "goal done",
    }  # fmt: skip
    run.ok("milestone", "add", "Slides praised", "--goal", "1")
    reopened = run.ok("goal", "reopen", "1")
    assert reopened.stderr == "Goal 1 is active again, at 100%. Removed its milestone 1.\n"
    assert [m["title"] for m in run.json("milestone", "list")] == ["Slides praised"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--on", "someday"), 2, "Cannot read 'someday' as a milestone date"),
        (("--on", "2026-02-30"), 2, "Cannot read '2026-02-30' as a milestone date"),
        (("--goal", "7"), 3, "No goal with id 7"),
        (("--with", "nobody"), 3, "No person with handle 'nobody'"),
        (("--note", "x" * 20_001), 2, "The note is 20,001 characters long"),
    ],
)
def test_milestone_add_refuses_bad_values(
    run: Run,
    people: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    result = run.fails(code, "milestone", "add", "Title", *args)
    assert result.stderr.startswith(f"Error: {message}")
    assert journal_bytes() == before


def test_milestone_list_refuses_a_bad_since(run: Run) -> None:
    result = run.fails(2, "milestone", "list", "--since", "the dawn of time")
    assert result.stderr.startswith("Error: Cannot read 'the dawn of time' as a --since date")


# -- notes and reflections -------------------------------------------------------------------


def test_notes_with_people_tags_and_privacy(run: Run, people: None) -> None:
    assert run.ok("note", "add", "Alice suggested a lightning talk", "--with", "alice",
                  "--with", "bo", "--tag", "talks").stderr == "Saved note 1.\n"  # fmt: skip
    assert run.ok("note", "add", "I felt nervous", "--private").stderr == (
        "Saved note 2 (private).\n"
    )
    [private, shared] = run.json("note", "list")
    assert {k: shared[k] for k in ("id", "text", "people", "tags", "private", "at")} == {
        "id": 1, "text": "Alice suggested a lightning talk", "people": ["alice", "bo"],
        "tags": ["talks"], "private": False, "at": "2026-11-21T11:15:00+01:00",
    }  # fmt: skip
    assert private["private"] is True
    assert [n["id"] for n in run.json("note", "list", "--private")] == [2]
    assert [n["id"] for n in run.json("note", "list", "--shared")] == [1]
    assert [n["id"] for n in run.json("note", "list", "--with", "bo")] == [1]
    assert "private I felt nervous" in run.ok("note", "list").stdout
    shown = run.ok("note", "show", "1").stdout
    assert "Note 1 · Sat 21 Nov · with alice, bo" in shown
    assert "Alice suggested a lightning talk" in shown


def _fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    """An $EDITOR that appends `text` to the file it opens and keeps a copy of what it saw."""
    script = tmp_path / "editor.py"
    seen = tmp_path / "seen.txt"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(p.read_text())\n"
        f"p.write_text(p.read_text() + {text!r})\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return seen


def test_note_without_text_opens_the_editor(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_editor(tmp_path, monkeypatch, "A long note\n\nwith two paragraphs\n")
    run.ok("note", "add", "--with", "alice")
    [note] = run.json("note", "list")
    assert note["text"] == "A long note\n\nwith two paragraphs"
    assert "A long note …" in run.ok("note", "list").stdout


def test_an_empty_note_from_the_editor_saves_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal_bytes: Callable[[], bytes]
) -> None:
    _fake_editor(tmp_path, monkeypatch, "   \n")
    result = run.ok("note", "add")
    assert result.stderr == "The note was empty; nothing was saved.\n"
    assert journal_bytes() == b""


def test_a_typo_in_with_is_caught_before_the_editor_opens(
    run: Run, people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _fake_editor(tmp_path, monkeypatch, "text")
    assert "Did you mean 'alice'" in run.fails(3, "note", "add", "--with", "alce").stderr
    assert not seen.exists()


def test_note_refuses_bad_values(
    run: Run, people: None, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    assert run.fails(2, "note", "add", " ").stderr.startswith("Error: The note is empty")
    assert run.fails(2, "note", "add", "x", "--tag", "a b").stderr.startswith("Error: Cannot use")
    assert run.fails(3, "note", "add", "x", "--with", "zed").stderr.startswith(
        "Error: No person with handle 'zed'"
    )
    assert run.fails(2, "note", "add", "x" * 20_001).stderr.startswith(
        "Error: The note is 20,001 characters long"
    )
    assert run.fails(3, "note", "show", "9").stderr == (
        "Error: No note with id 9; see `mentorlog note list`.\n"
    )
    assert journal_bytes() == before


def test_reflect_walks_through_the_prompts(
    run: Run, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.services.prompts import REFLECT

    first = run.ok("reflect", "--show").stdout.strip()
    assert first == REFLECT[0]
    saved = run.ok("reflect", "It went fine", "--private")
    assert saved.stderr == f"{first}\nSaved reflection 1 (private).\n"
    [note] = run.json("note", "list")
    assert (note["prompt"], note["tags"], note["private"]) == (first, ["reflection"], True)
    asked = [first]
    for hour in range(12, 12 + len(REFLECT) - 1):
        monkeypatch.setenv("MENTORLOG_NOW", f"2026-11-21T{hour:02d}:00:00+01:00")
        asked.append(run.ok("reflect", "--show").stdout.strip())
        run.ok("reflect", "An answer")
    assert sorted(asked) == sorted(REFLECT)  # every prompt once before any repeats
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-22T09:00:00+01:00")
    assert run.ok("reflect", "--show").stdout.strip() == first  # the least recently answered


def test_reflect_uses_your_own_prompts_and_the_editor(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.services.prompts import REFLECT

    for _prompt in REFLECT:  # answer every built-in prompt once
        run.ok("reflect", "done")
    (isolated_env / "prompts").mkdir()
    (isolated_env / "prompts" / "reflect.txt").write_text("# mine\nWhat made you laugh?\n")
    assert run.ok("reflect", "--show").stdout == "What made you laugh?\n"
    seen = _fake_editor(tmp_path, monkeypatch, "My cat.\n")
    run.ok("reflect")
    assert seen.read_text().startswith("# What made you laugh?\n")
    newest = run.json("note", "list")[0]
    assert (newest["text"], newest["prompt"]) == ("My cat.", "What made you laugh?")


def test_reflect_without_an_editor_says_how_to_answer(run: Run) -> None:
    result = run.fails(8, "reflect")
    assert "No editor is set" in result.stderr


def test_undo_description_of_entries(run: Run, people: None, isolated_env: Path) -> None:
    import json

    run.ok("note", "add", "A note\nwith two lines")
    meta = json.loads((isolated_env / "journal.json").read_text())["_meta"]["1"]
    assert meta["last_change"]["what"] == "note add 'A note' (note 1)"
    run.ok("feedback", "add", "Good", "--to", "bo")
    meta = json.loads((isolated_env / "journal.json").read_text())["_meta"]["1"]
    assert meta["last_change"]["what"] == "feedback add to bo (feedback 1)"
