"""Every option and argument that takes an id, handle, date, zone or rule refuses bad values:
one sentence, the documented exit code, and the journal unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def journal(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    run.ok("goal", "add", "A goal", "--with", "alice")


GOAL_COMMANDS = [
    ("goal", "show"),
    ("goal", "edit", "--title", "x"),
    ("goal", "done"),
    ("goal", "drop"),
    ("goal", "reopen"),
]


@pytest.mark.parametrize("command", GOAL_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_unknown_goal_id_is_not_found(
    run: Run, journal: None, journal_bytes: Callable[[], bytes], command: tuple[str, ...]
) -> None:
    before = journal_bytes()
    group, verb, *options = command
    result = run.fails(3, group, verb, "404", *options)
    assert result.stderr == "Error: No goal with id 404; see `mentorlog goal list --status all`.\n"
    assert journal_bytes() == before


def test_unknown_goal_id_for_progress(run: Run, journal: None) -> None:
    run.fails(3, "goal", "progress", "404", "50")


@pytest.mark.parametrize(
    "command",
    [
        ("person", "show"),
        ("person", "edit", "--name", "x"),
        ("person", "archive"),
        ("person", "unarchive"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_unknown_handle_is_not_found(
    run: Run, journal: None, journal_bytes: Callable[[], bytes], command: tuple[str, ...]
) -> None:
    before = journal_bytes()
    group, verb, *options = command
    result = run.fails(3, group, verb, "alicia", *options)
    assert "No person with handle 'alicia'. Did you mean 'alice'?" in result.stderr
    assert journal_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("goal", "edit", "1", "--due", "someday"), 2, "as a due date"),
        (("goal", "edit", "1", "--due", "2026-02-30"), 2, "as a due date"),
        (("goal", "edit", "1", "--with", "bob"), 3, "No person with handle 'bob'"),
        (("goal", "edit", "1", "--tag", "a b"), 2, "as a tag"),
        (("goal", "edit", "1", "--title", ""), 2, "The goal title is empty"),
        (("goal", "list", "--tag", "no spaces allowed"), 2, "as a tag"),
        (("goal", "progress", "1", "12.5"), 2, "as progress"),
        (("person", "edit", "alice", "--tz", "Moon/Base"), 2, "Unknown time zone 'Moon/Base'"),
        (("person", "edit", "alice", "--cadence", "fortnightly-ish"), 2, "as a cadence"),
        (("person", "edit", "alice", "--hours", "9-9"), 2, "start and end at the same time"),
        (("person", "edit", "alice", "--days", "caturday"), 2, "as working days"),
        (("person", "edit", "alice", "--role", "guru"), 2, "as a role"),
        (("person", "edit", "alice", "--email", "nope"), 2, "as an email address"),
        (("person", "add", "x" * 40, "--name", "N", "--role", "peer", "--tz", "UTC"), 2,
         "as a handle"),
        (("person", "add", "ana", "--name", "N" * 300, "--role", "peer", "--tz", "UTC"), 2,
         "The name is 300 characters long"),
    ],
)  # fmt: skip
def test_bad_values_in_every_option(
    run: Run,
    journal: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    fragment: str,
) -> None:
    before = journal_bytes()
    result = run.fails(code, *args)
    assert fragment in result.stderr
    assert journal_bytes() == before


def test_a_home_that_is_a_file_is_a_clear_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("I am a file")
    assert "Directory" in run.fails(2, "--home", str(not_a_folder), "status").stderr
    monkeypatch.setenv("MENTORLOG_HOME", str(not_a_folder))
    result = run.fails(5, "goal", "list")
    assert result.stderr == (
        f"Error: Cannot read the journal {not_a_folder / 'journal.json'}: Not a directory; "
        "check that the mentorlog home is a folder (--home or MENTORLOG_HOME).\n"
    )
    written = run.fails(7, "goal", "add", "x")
    assert written.stderr == (
        f"Error: Cannot create the mentorlog home {not_a_folder}: a file of that name is in "
        "the way; choose another with --home or MENTORLOG_HOME.\n"
    )
    assert not_a_folder.read_text() == "I am a file"
