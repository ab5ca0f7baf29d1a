"""`mentorlog note edit|delete` through the real CLI, the editor included."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def note(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.ok("note", "add", "Alice liked the demo", "--with", "alice", "--tag", "demo")


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> Path:
    """An $EDITOR that replaces `old` with `new` in the file it opens, keeping what it saw."""
    script, seen = tmp_path / "editor.py", tmp_path / "seen.txt"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(p.read_text())\n"
        f"p.write_text(p.read_text().replace({old!r}, {new!r}))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return seen


def test_edit_without_options_opens_the_note_in_the_editor(
    run: Run, note: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = editor(tmp_path, monkeypatch, "liked", "loved")
    assert run.ok("note", "edit", "1").stderr.strip() == "Updated note 1."
    assert "Alice liked the demo" in seen.read_text()
    assert run.json("note", "show", "1")["text"] == "Alice loved the demo"


def test_an_unchanged_text_from_the_editor_saves_nothing(
    run: Run,
    note: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes],
) -> None:
    editor(tmp_path, monkeypatch, "nothing to find", "x")
    before = journal_bytes()
    assert "unchanged" in run.ok("note", "edit", "1").stderr
    assert journal_bytes() == before


def test_edit_with_options(run: Run, note: None) -> None:
    edited = run.json(
        "note", "edit", "1", "--text", "Alice loved it", "--with", "bo", "--with", "alice",
        "--untag", "demo", "--tag", "talk", "--private",
    )  # fmt: skip
    assert (edited["text"], edited["people"], edited["tags"], edited["private"]) == (
        "Alice loved it", ["bo", "alice"], ["talk"], True,
    )  # fmt: skip
    assert run.json("note", "edit", "1", "--with", "none", "--shared")["people"] == []


def test_delete_and_undo(run: Run, note: None) -> None:
    run.ok("note", "delete", "1")
    assert run.json("note", "list") == []
    run.ok("undo")
    assert [n["id"] for n in run.json("note", "list")] == [1]


BAD = {
    "edit unknown": (("note", "edit", "9", "--text", "x"), 3, "No note with id 9"),
    "delete unknown": (("note", "delete", "9"), 3, "No note with id 9"),
    "edit unknown person": (("note", "edit", "1", "--with", "zed"), 3, "No person"),
    "edit empty text": (("note", "edit", "1", "--text", ""), 2, "is empty"),
    "edit bad tag": (("note", "edit", "1", "--tag", "two words"), 2, "as a tag"),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD)
def test_bad_input_changes_nothing(
    run: Run,
    note: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    assert message in run.fails(code, *args).stderr
    assert journal_bytes() == before
