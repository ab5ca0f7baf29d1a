"""Hardening of the journal's history (issue 18, items 1 and 14): a clock that goes back
never costs the recent changes their snapshots, and the messages around snapshots say what
is true (a `backups` that is a file, a restore over a damaged journal, private notes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import Mentorlog, write_journal

from mentorlog.store import BACKUP_DIR, JOURNAL_FILE, SCHEMA
from mentorlog.store.backups import KEEP_RECENT, snapshots

LATER = "2026-12-10T09:00:00+00:00"
EARLIER = "2026-11-20T09:00:00+00:00"  # the clock, corrected: three weeks back


def _changes(cli: Mentorlog, count: int, at: str, first: int) -> None:
    for number in range(first, first + count):
        cli.ok("goal", "add", f"Goal {number}", env={"MENTORLOG_NOW": at})


def test_a_clock_that_goes_back_keeps_the_recent_changes_undoable(isolated_env: Path) -> None:
    cli = Mentorlog(isolated_env)
    _changes(cli, 31, LATER, 1)  # 30 snapshots, named after 10 December
    _changes(cli, 10, EARLIER, 32)  # 10 more, named after 20 November: "older" by name
    listed = cli.json("undo", "--list", env={"MENTORLOG_NOW": EARLIER})
    assert len(listed) == KEEP_RECENT
    assert [c["state"] for c in listed] == ["ok"] * KEEP_RECENT
    assert [c["what"] for c in listed] == [
        f"goal add 'Goal {n}' (goal {n})" for n in range(41, 41 - KEEP_RECENT, -1)
    ]
    # all ten changes made after the clock went back keep their snapshot
    kept = {s.name for s in snapshots(isolated_env / BACKUP_DIR)}
    assert sum(name.startswith("journal-20261120T") for name in kept) == 10
    # the oldest change listed can be gone back before, and undo takes that back
    cli.ok("backup", "restore", listed[-1]["before"], env={"MENTORLOG_NOW": EARLIER})
    assert {g["title"] for g in cli.json("goal", "list")} == {f"Goal {n}" for n in range(1, 12)}
    cli.ok("undo", env={"MENTORLOG_NOW": EARLIER})
    assert {g["title"] for g in cli.json("goal", "list")} == {f"Goal {n}" for n in range(1, 42)}


def test_when_the_clock_runs_forward_retention_is_as_before(isolated_env: Path) -> None:
    cli = Mentorlog(isolated_env)
    _changes(cli, 36, EARLIER, 1)
    names = sorted(s.name for s in snapshots(isolated_env / BACKUP_DIR))
    assert len(names) == KEEP_RECENT  # 35 taken, the oldest 5 of the same day pruned
    assert len(cli.json("undo", "--list")) == KEEP_RECENT


# -- item 14: messages ---------------------------------------------------------------------


def test_backups_that_is_a_file_is_named_as_the_problem(isolated_env: Path) -> None:
    cli = Mentorlog(isolated_env)
    cli.ok("goal", "add", "One")
    (isolated_env / BACKUP_DIR).write_text("not a folder")
    before = cli.journal_bytes()
    done = cli.fails(7, "goal", "add", "Two")
    assert done.err == (
        f"Error: Cannot keep a snapshot of the journal: {isolated_env / BACKUP_DIR} is a file, "
        "not a folder; move it away and try again. Nothing was changed.\n"
    )
    assert cli.journal_bytes() == before


def test_a_restore_over_a_damaged_journal_promises_only_what_undo_does(
    isolated_env: Path,
) -> None:
    cli = Mentorlog(isolated_env)
    cli.ok("goal", "add", "One")
    cli.ok("goal", "add", "Two")
    (isolated_env / JOURNAL_FILE).write_text('{"_meta": ')
    done = cli.ok("backup", "restore", "journal-20261121T101500Z-000")
    assert "mentorlog undo" not in done.err
    assert done.err.endswith(
        "Note: the damaged journal is kept as the snapshot journal-20261121T101500Z-001.json; "
        "it does not load, so this restore cannot be undone.\n"
    )
    # what was promised holds: the journal loads, and the goal the snapshot held is there
    assert [g["title"] for g in cli.json("goal", "list")] == ["One"]


def test_a_restore_over_a_sound_journal_still_offers_undo(isolated_env: Path) -> None:
    cli = Mentorlog(isolated_env)
    cli.ok("goal", "add", "One")
    cli.ok("goal", "add", "Two")
    done = cli.ok("backup", "restore", "journal-20261121T101500Z-000")
    assert done.err.endswith("Run `mentorlog undo` to take the restore back.\n")
    cli.ok("undo")
    assert [g["title"] for g in cli.json("goal", "list")] == ["One", "Two"]


SECRET = "I am thinking of leaving the team"


def test_listings_of_changes_never_show_a_private_note(isolated_env: Path) -> None:
    cli = Mentorlog(isolated_env, EDITOR=None)
    cli.ok("goal", "add", "One")
    cli.ok("note", "add", f"{SECRET}\nmore", "--private")
    cli.ok("reflect", f"{SECRET} (reflected)", "--private")
    cli.ok("note", "add", "Shared first line")
    cli.ok("goal", "add", "Two")
    listed = cli.ok("undo", "--list").out + cli.ok("backup", "list").out
    listed += cli.ok("undo", "--list", "--json").out + cli.ok("backup", "list", "--json").out
    assert SECRET not in listed
    whats = [c["what"] for c in cli.json("undo", "--list")]
    assert whats[1:4] == [
        "note add 'Shared first line' (note 3)",
        "reflect: a private reflection (note 2)",
        "note add: a private note (note 1)",
    ]
    for _ in range(3):  # undo names what it undid: never the private text either
        done = cli.ok("undo")
        assert SECRET not in done.out + done.err


@pytest.mark.parametrize(
    ("private", "shown"),
    [
        (True, "reflect: a private reflection (note 1)"),
        (False, f"reflect '{SECRET}' (note 1)"),
    ],
    ids=["private", "shared"],
)
def test_a_journal_from_before_hides_its_quoted_private_notes(
    isolated_env: Path, private: bool, shown: str
) -> None:
    """Descriptions written before this fix quoted a private note's first line: the
    listings and undo hide it, for the notes the journal holds as private."""
    note = {
        "text": SECRET,
        "people": [],
        "tags": ["reflection"],
        "private": private,
        "prompt": "What went well?",
        "at": "2026-11-21T10:00:00+00:00",
        "uid": "00000000-0000-4000-8000-000000000001",
        "created": "2026-11-21T10:00:00+00:00",
        "updated": "2026-11-21T10:00:00+00:00",
    }
    meta = {
        "app": "mentorlog",
        "schema": SCHEMA,
        "next_ids": {"notes": 2},
        "previous": None,
        "last_change": {"at": "2026-11-21T10:00:00+00:00", "what": f"reflect '{SECRET}' (note 1)"},
    }
    write_journal(isolated_env, {"notes": {"1": note}}, meta=meta)
    cli = Mentorlog(isolated_env)
    assert [c["what"] for c in cli.json("undo", "--list")] == [shown]
    cli.ok("goal", "add", "One")
    assert cli.json("backup", "list")[0]["after"] == shown
    assert [c["what"] for c in cli.json("undo", "--list")][1] == shown
    assert (SECRET in cli.ok("backup", "list").out) is not private
    write_journal(isolated_env, {"notes": {"1": note}}, meta=meta)  # as it was
    done = cli.ok("undo")
    assert done.err.startswith(f"Undid: {shown}.")
    assert cli.json("undo", "--list")[0]["what"] == f"undo: {shown}"
