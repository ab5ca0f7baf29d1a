"""`mentorlog backup list` and `backup restore`: the snapshots, and getting a journal back,
including when the journal itself is damaged."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from mentorlog import store

FIRST = "journal-20261121T101500Z-000.json"
SECOND = "journal-20261121T101500Z-001.json"


def goal_titles(home: Path) -> list[str]:
    data = json.loads((home / store.JOURNAL_FILE).read_bytes())
    return [goal["title"] for goal in data.get("goals", {}).values()]


@pytest.fixture
def three_goals(run: Run) -> None:
    for title in ("One", "Two", "Three"):
        run.ok("goal", "add", title)


# -- backup list -----------------------------------------------------------------------------


@pytest.mark.usefixtures("three_goals")
def test_the_list_names_each_snapshot_and_what_it_holds(run: Run, isolated_env: Path) -> None:
    result = run.ok("backup", "list")
    lines = result.stdout.splitlines()
    # Sizes as a person reads them: 1.2 kB here (the exact bytes are in --json).
    sizes = [re.search(r"  (\d+\.\d kB|\d+ B)", line) for line in lines[::3]]
    assert all(sizes), lines
    assert [re.sub(r" +(\d+\.\d kB|\d+ B)", " SIZE", line) for line in lines] == [
        f"{SECOND}  Sat 21 Nov 11:15 SIZE  ← undo restores this",
        "  after: goal add 'Two' (goal 2)",
        "  then:  goal add 'Three' (goal 3)",
        f"{FIRST}  Sat 21 Nov 11:15 SIZE",  # names of one length now (issue 17)
        "  after: goal add 'One' (goal 1)",
        "  then:  goal add 'Two' (goal 2)",
    ]
    newest = (isolated_env / store.BACKUP_DIR / SECOND).stat().st_size
    assert f"  {newest / 1000:.1f} kB" in lines[0]
    assert result.stderr == (
        "Restore one with `mentorlog backup restore NAME`; `mentorlog undo` takes it back.\n"
    )


@pytest.mark.usefixtures("three_goals")
def test_the_list_as_json(run: Run, isolated_env: Path) -> None:
    listed = run.json("backup", "list")
    assert [b["name"] for b in listed] == [SECOND, FIRST]
    newest = listed[0]
    assert newest == {
        "name": SECOND,
        "taken": "2026-11-21T11:15:00+01:00",
        "bytes": (isolated_env / store.BACKUP_DIR / SECOND).stat().st_size,
        "loads": True,
        "problem": None,
        "after": "goal add 'Two' (goal 2)",
        "replaced_by": "goal add 'Three' (goal 3)",
        "migration": False,
        "undo": True,
    }
    assert listed[1]["undo"] is False


def test_an_empty_list(run: Run, journal_bytes: Callable[[], bytes]) -> None:
    result = run.ok("backup", "list")
    assert (result.stdout, result.stderr) == (
        "",
        "No snapshots yet: one is kept each time the journal changes.\n",
    )
    assert run.json("backup", "list") == []
    assert journal_bytes() == b""


@pytest.mark.usefixtures("three_goals")
def test_the_list_shows_damaged_snapshots_and_works_with_a_damaged_journal(
    run: Run, isolated_env: Path
) -> None:
    broken = isolated_env / store.BACKUP_DIR / "journal-20261121T101500Z-007.json"
    broken.write_text("[]")
    (isolated_env / store.JOURNAL_FILE).write_text("nonsense")
    lines = run.ok("backup", "list").stdout.splitlines()
    assert lines[:2] == [
        "journal-20261121T101500Z-007.json  Sat 21 Nov 11:15       2 B",
        "  does not load: it is not a mentorlog journal (it holds no tables)",
    ]
    listed = {b["name"]: b for b in run.json("backup", "list")}
    assert listed[broken.name]["loads"] is False
    assert listed[broken.name]["problem"] == "is not a mentorlog journal (it holds no tables)"
    assert listed[SECOND]["replaced_by"] is None  # the journal that replaced it is damaged


def test_user_text_in_the_list_is_shown_harmlessly(run: Run) -> None:
    run.ok("goal", "add", "Evil \x1b]0;title\x07")
    run.ok("goal", "add", "Next")
    result = run.ok("backup", "list")
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "after: goal add 'Evil \\x1b]0;title\\x07' (goal 1)" in result.stdout


# -- backup restore --------------------------------------------------------------------------


@pytest.mark.usefixtures("three_goals")
def test_restore_brings_a_snapshot_back_as_a_change_undo_takes_back(
    run: Run, isolated_env: Path
) -> None:
    result = run.ok("backup", "restore", FIRST)
    assert result.stdout == ""
    assert result.stderr == (
        f"Restored {FIRST}: the journal as it was after goal add 'One' (goal 1).\n"
        "Run `mentorlog undo` to take the restore back.\n"
    )
    assert goal_titles(isolated_env) == ["One"]
    assert run.ok("undo").stderr.startswith(f"Undid: backup restore {FIRST}.")
    assert goal_titles(isolated_env) == ["One", "Two", "Three"]


@pytest.mark.usefixtures("three_goals")
def test_restore_keeps_ids_moving_forward(run: Run) -> None:
    run.ok("backup", "restore", FIRST)
    assert run.ok("goal", "add", "Four").stderr.startswith("Added goal 4: Four")


@pytest.mark.usefixtures("three_goals")
def test_the_name_may_leave_off_json(run: Run, isolated_env: Path) -> None:
    run.ok("backup", "restore", FIRST.removesuffix(".json"))
    assert goal_titles(isolated_env) == ["One"]


@pytest.mark.usefixtures("three_goals")
def test_restore_when_the_journal_is_damaged(run: Run, isolated_env: Path) -> None:
    path = isolated_env / store.JOURNAL_FILE
    path.write_bytes(b'{"_meta": {"1": {"app": "mentorlog", "schema": 2}}, "goals": [1]}')
    refused = run.fails(5, "goal", "list")
    assert refused.stderr.endswith(
        f"it was left untouched: restore the newest snapshot that loads with: mentorlog backup "
        f"restore {SECOND}.\n"
    )
    result = run.ok("backup", "restore", SECOND)
    kept = "journal-20261121T101500Z-002.json"
    assert result.stderr == (
        f"Restored {SECOND}: the journal as it was after goal add 'Two' (goal 2).\n"
        f"Note: the damaged journal is kept as the snapshot {kept}; it does not load, so this "
        "restore cannot be undone.\n"
    )
    assert [g["title"] for g in run.json("goal", "list")] == ["One", "Two"]
    damaged = (isolated_env / store.BACKUP_DIR / kept).read_bytes()
    assert damaged == b'{"_meta": {"1": {"app": "mentorlog", "schema": 2}}, "goals": [1]}'
    # The ids of the damaged journal are unknown; those of the snapshot still hold.
    assert run.ok("goal", "add", "Again").stderr.startswith("Added goal 3: Again")


def test_restore_when_there_is_no_journal_at_all(run: Run, isolated_env: Path) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    (isolated_env / store.JOURNAL_FILE).unlink()
    run.ok("backup", "restore", FIRST)
    assert goal_titles(isolated_env) == ["One"]
    assert run.ok("undo").stderr.startswith(f"Undid: backup restore {FIRST}.")
    assert goal_titles(isolated_env) == []


BAD_NAMES = {
    "unknown": "journal-20200101T000000Z.json",
    "not a snapshot name": "nope",
    "the journal itself": "journal.json",
    "a path out of backups": "../journal.json",
    "a path into backups": f"backups/{FIRST}",
    "empty": "",
}


@pytest.mark.usefixtures("three_goals")
@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_bad_name_is_refused_and_nothing_changes(
    run: Run, isolated_env: Path, journal_bytes: Callable[[], bytes], name: str
) -> None:
    before = journal_bytes()
    snapshots = sorted((isolated_env / store.BACKUP_DIR).iterdir())
    result = run.fails(3, "backup", "restore", name)
    assert result.stderr == (
        f"Error: No snapshot named '{name}' in {isolated_env / store.BACKUP_DIR}; "
        "`mentorlog backup list` shows the ones there are.\n"
    )
    assert journal_bytes() == before
    assert sorted((isolated_env / store.BACKUP_DIR).iterdir()) == snapshots


def test_a_name_when_there_are_no_snapshots(run: Run, isolated_env: Path) -> None:
    result = run.fails(3, "backup", "restore", FIRST)
    assert result.stderr.startswith(f"Error: No snapshot named '{FIRST}' in ")


DAMAGED: dict[str, tuple[bytes, str]] = {
    "not JSON": (b"{", "is not valid JSON (unexpected end of data: line 1 column 2 (char 1))"),
    "not ours": (b'{"_default": {}}', "is not a mentorlog journal (it has no mentorlog _meta"),
    "from the future": (
        b'{"_meta": {"1": {"app": "mentorlog", "schema": 9}}}',
        "was written by a newer mentorlog (journal schema 9",
    ),
}


@pytest.mark.usefixtures("three_goals")
@pytest.mark.parametrize(("content", "problem"), DAMAGED.values(), ids=DAMAGED.keys())
def test_a_snapshot_that_does_not_load_is_not_restored(
    run: Run,
    isolated_env: Path,
    journal_bytes: Callable[[], bytes],
    content: bytes,
    problem: str,
) -> None:
    name = "journal-20261121T101500Z-9.json"
    (isolated_env / store.BACKUP_DIR / name).write_bytes(content)
    before = journal_bytes()
    result = run.fails(5, "backup", "restore", name)
    assert result.stderr.startswith(f"Error: Cannot restore {name}: the snapshot {name} {problem}")
    assert result.stderr.endswith("; `mentorlog backup list` shows the ones that load.\n")
    assert journal_bytes() == before


@pytest.mark.usefixtures("three_goals")
def test_restore_waits_for_the_lock(
    run: Run, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_LOCK_TIMEOUT", "0.1")
    with store.locked(isolated_env):
        run.fails(6, "backup", "restore", FIRST)
    assert goal_titles(isolated_env) == ["One", "Two", "Three"]


@pytest.mark.usefixtures("three_goals")
def test_restore_into_a_read_only_home_fails_cleanly(
    run: Run, isolated_env: Path, journal_bytes: Callable[[], bytes]
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    before = journal_bytes()
    (isolated_env / store.BACKUP_DIR).chmod(0o500)
    try:
        result = run.fails(7, "backup", "restore", FIRST)
    finally:
        (isolated_env / store.BACKUP_DIR).chmod(0o700)
    assert "nothing was changed" in result.stderr
    assert journal_bytes() == before


def test_help_has_an_example(run: Run) -> None:
    for args in (("backup", "list"), ("backup", "restore"), ("undo",)):
        text: Any = run.ok(*args, "--help").stdout
        assert f"Example: mentorlog {' '.join(args)}" in text


@pytest.mark.usefixtures("three_goals")
def test_the_list_can_stop_at_the_last_n(run: Run) -> None:
    assert [b["name"] for b in run.json("backup", "list", "--last", "1")] == [SECOND]
    assert run.ok("backup", "list", "-n", "1").stdout.splitlines()[0].startswith(SECOND)
    assert len(run.json("backup", "list", "-n", "9")) == 2


@pytest.mark.usefixtures("three_goals")
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Cannot show the last 0 snapshots; give 1 or more, e.g. --last 5."),
        ("-1", "Cannot show the last -1 snapshots; give 1 or more, e.g. --last 5."),
        (
            "1.5",
            "Invalid value for '--last' / '-n': '1.5' is not a valid int. See "
            "`mentorlog backup list --help`.",
        ),
    ],
)
def test_a_bad_last_is_refused(run: Run, value: str, message: str) -> None:
    result = run.fails(2, "backup", "list", "--last", value)
    assert result.stderr == f"Error: {message}\n"
