"""`mentorlog meeting notes`: the editor opens on the notes so far, with the agenda above them
as context, and what is saved replaces them; TEXT or --append adds to them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from mentorlog.services.meeting_notes import SCISSORS

HEADING = "### Tue 24 Nov 2026 09:00 (written Sat 21 Nov 2026 11:15)"


@pytest.fixture
def noted(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo")  # fmt: skip
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    run.ok("topic", "add", "Conference budget", "--with", "alice")
    run.ok("meeting", "notes", "1", "Agreed: outline first.\nAlice intros the organisers.")


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """Set $EDITOR to a script that keeps a copy of what it opened (returned) and then runs
    `body` (Python, with `path` the file being edited and `text` what it held)."""
    seen = tmp_path / "seen.md"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n"
        f"pathlib.Path({str(seen)!r}).write_text(text)\n" + body
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return seen


def test_the_editor_opens_on_the_notes_with_the_agenda_above_them(
    run: Run, noted: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = editor(tmp_path, monkeypatch, (
        "path.write_text(text.replace('outline first', 'outline first, slides after'))\n"
    ))  # fmt: skip
    result = run.ok("meeting", "notes", "1")
    assert result.stderr == "Saved notes on meeting 1.\n"
    opened = seen.read_text()
    context, notes = opened.split(SCISSORS + "\n")
    # The agenda, built for the meeting as `agenda 1` makes it, each line commented out.
    assert "# # Mentoring with Alice Chen\n" in context
    assert "# - Conference budget (topic 1)\n" in context
    assert all(line.startswith("#") for line in context.splitlines())
    assert notes == f"{HEADING}\nAgreed: outline first.\nAlice intros the organisers.\n"
    assert run.json("meeting", "show", "1")["notes"] == (
        f"{HEADING}\nAgreed: outline first, slides after.\nAlice intros the organisers."
    )


def test_an_edit_can_remove_and_rewrite_anything(
    run: Run, noted: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(tmp_path, monkeypatch, (
        f"path.write_text(text.split({SCISSORS!r})[0] + {SCISSORS!r} + '\\n# Kept\\nNew.\\n')\n"
    ))  # fmt: skip
    data = run.json("meeting", "notes", "1")
    assert data["id"] == 1
    assert data["notes"] == "# Kept\nNew."  # headings below the line are notes, kept
    assert run.json("meeting", "show", "1")["notes"] == "# Kept\nNew."
    run.ok("undo")
    assert run.json("meeting", "show", "1")["notes"].startswith(HEADING)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("pass\n", "The notes of meeting 1 are unchanged; nothing was saved."),
        ("path.write_text(text + '\\n\\n')\n",
         "The notes of meeting 1 are unchanged; nothing was saved."),
        (f"path.write_text(text.split({SCISSORS!r})[0] + {SCISSORS!r} + '\\n')\n",
         "The notes were saved empty, which changes nothing: meeting 1 keeps its notes."),
    ],
)  # fmt: skip
def test_unchanged_or_empty_changes_nothing_and_says_so(
    run: Run, noted: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes], body: str, said: str,
) -> None:  # fmt: skip
    editor(tmp_path, monkeypatch, body)
    before = journal_bytes()
    assert run.ok("meeting", "notes", "1").stderr == said + "\n"
    assert journal_bytes() == before


def test_without_the_scissors_line_the_context_left_is_still_left_out(
    run: Run, noted: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes],
) -> None:  # fmt: skip
    editor(tmp_path, monkeypatch, f"path.write_text(text.replace({SCISSORS!r}, ''))\n")
    before = journal_bytes()
    said = run.ok("meeting", "notes", "1").stderr
    assert said == "The notes of meeting 1 are unchanged; nothing was saved.\n"
    assert journal_bytes() == before
    editor(tmp_path, monkeypatch, "path.write_text('Only this')\n")
    run.ok("meeting", "notes", "1")
    assert run.json("meeting", "show", "1")["notes"] == "Only this"


def test_notes_written_elsewhere_meanwhile_are_not_overwritten(
    run: Run, noted: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(tmp_path, monkeypatch, (
        "import subprocess\n"
        f"subprocess.run([{sys.executable!r}, '-m', 'mentorlog', 'meeting', 'notes', '1', "
        "'--append', 'Written meanwhile'], check=True, timeout=60)\n"
        "path.write_text(text.replace('outline first', 'OVERWRITE'))\n"
    ))  # fmt: skip
    failed = run.fails(4, "meeting", "notes", "1")
    assert failed.stderr == (
        "Error: The notes of meeting 1 changed while you were editing them; nothing was "
        "saved. Run `mentorlog meeting notes 1` again.\n"
    )
    notes = run.json("meeting", "show", "1")["notes"]
    assert "Written meanwhile" in notes
    assert "OVERWRITE" not in notes


def test_append_adds_under_a_heading_as_text_does(run: Run, noted: None) -> None:
    result = run.ok("meeting", "notes", "1", "--append", "Follow up on the budget.")
    assert result.stderr == "Saved notes on meeting 1.\n"
    data = run.json("meeting", "notes", "1", "-a", "Third.")
    assert data["notes"] == (
        f"{HEADING}\nAgreed: outline first.\nAlice intros the organisers.\n\n"
        f"{HEADING}\nFollow up on the budget.\n\n{HEADING}\nThird."
    )


def test_a_meeting_without_notes_gets_what_was_written_under_a_heading(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 9am")
    seen = editor(tmp_path, monkeypatch, "path.write_text(text + 'First notes.\\n')\n")
    run.ok("meeting", "notes", "1")
    assert seen.read_text().endswith(SCISSORS + "\n\n")
    assert run.json("meeting", "show", "1")["notes"] == f"{HEADING}\nFirst notes."


def test_bad_input_is_refused_and_changes_nothing(
    run: Run, noted: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes],
) -> None:  # fmt: skip
    seen = editor(tmp_path, monkeypatch, "path.write_text(text + 'x')\n")
    before = journal_bytes()
    both = run.fails(2, "meeting", "notes", "1", "One", "--append", "Two")
    assert both.stderr == "Error: Give the notes as TEXT or with --append, not both.\n"
    empty = run.fails(2, "meeting", "notes", "1", "--append", "  ")
    assert empty.stderr.startswith("Error: The notes are empty; write something")
    unknown = run.fails(3, "meeting", "notes", "99")
    assert unknown.stderr == "Error: No meeting with id 99; see `mentorlog meeting list --past`.\n"
    assert not seen.exists()  # refused before the editor opened
    run.fails(3, "meeting", "notes", "99", "--append", "Text")
    run.fails(2, "meeting", "notes", "abc", "--append", "Text")
    assert journal_bytes() == before
