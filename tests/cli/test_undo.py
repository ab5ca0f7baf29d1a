"""`mentorlog undo`: every kind of change undone and redone, ids never reused, the list of
recent changes, and the errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Builder, Run, build_once, copy_home
from mentorlog import store

ICS = Path(__file__).parents[1] / "data" / "ics" / "import"


def tables(home: Path) -> dict[str, Any]:
    """The journal's records, every table but `_meta`."""
    data = json.loads((home / store.JOURNAL_FILE).read_bytes())
    return {name: table for name, table in data.items() if name != "_meta"}


def last_change(home: Path) -> dict[str, Any]:
    data = json.loads((home / store.JOURNAL_FILE).read_bytes())
    change: dict[str, Any] = data["_meta"]["1"]["last_change"]
    return change


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, write_journal).home


@pytest.fixture
def journal(built: Path, isolated_env: Path) -> None:
    copy_home(built, isolated_env)


def write_journal(run: Builder) -> None:
    """People, a goal, a past and a weekly meeting, an action and a topic."""
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz",
           "Asia/Tokyo")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lind", "--role", "mentee", "--tz", "Europe/Oslo")
    run.ok("goal", "add", "Ship the PR", "--with", "alice")
    run.ok("goal", "add", "Give a talk")
    run.ok("goal", "done", "2")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-24 09:00", "--every", "weekly")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-20 10:00", "--title", "Bo")
    run.ok("action", "add", "Send the draft", "--with", "alice")
    run.ok("topic", "add", "Conference plans", "--with", "alice")
    run.ok("feedback", "add", "Good pacing", "--from", "alice", "--goal", "1")
    run.ok("note", "add", "Alice likes demos", "--with", "alice")
    run.ok("action", "add", "Read the paper")
    run.ok("action", "done", "2")
    run.ok("topic", "add", "Old plans", "--with", "bo")
    run.ok("topic", "done", "2")


CHANGES: dict[str, tuple[str, ...]] = {
    "person add": ("person", "add", "cy", "--name", "Cy", "--role", "peer", "--tz", "UTC"),
    "person edit": ("person", "edit", "alice", "--name", "Alice C."),
    "person archive": ("person", "archive", "bo"),
    "goal add": ("goal", "add", "Learn Rust", "--due", "fri"),
    "goal edit": ("goal", "edit", "1", "--title", "Ship two PRs"),
    "goal progress": ("goal", "progress", "1", "60", "--note", "Review done"),
    "goal done": ("goal", "done", "1"),
    "goal drop": ("goal", "drop", "1"),
    "goal reopen": ("goal", "reopen", "2"),
    "meeting add": ("meeting", "add", "--with", "bo", "--at", "2026-12-01 15:00"),
    "meeting edit": ("meeting", "edit", "1", "--title", "Weekly with Alice"),
    "meeting cancel one": ("meeting", "cancel", "1", "--occurrence", "2026-12-01"),
    "meeting cancel": ("meeting", "cancel", "1"),
    "meeting notes": ("meeting", "notes", "2", "Talked about the talk"),
    "meeting done": ("meeting", "done", "2", "--rating", "4"),
    "action add": ("action", "add", "Book a room", "--owner", "bo"),
    "action done": ("action", "done", "1"),
    "topic add": ("topic", "add", "Salary talk", "--with", "bo"),
    "topic done": ("topic", "done", "1"),
    "feedback add": ("feedback", "add", "Clear slides", "--from", "alice", "--rating", "5"),
    "milestone add": ("milestone", "add", "First talk", "--goal", "2"),
    "note add": ("note", "add", "Alice suggested a book", "--with", "alice"),
    "private note add": ("note", "add", "Nervous before calls", "--private"),
    "person delete": ("person", "delete", "alice", "--cascade"),
    "person delete reassign": ("person", "delete", "alice", "--reassign", "bo"),
    "goal delete": ("goal", "delete", "1"),
    "goal delete cascade": ("goal", "delete", "1", "--cascade"),
    "meeting delete": ("meeting", "delete", "1"),
    "action edit": ("action", "edit", "1", "--due", "fri", "--text", "Send the second draft"),
    "action reopen": ("action", "reopen", "2"),
    "action delete": ("action", "delete", "1"),
    "topic edit": ("topic", "edit", "1", "--text", "Conference plans for May"),
    "topic reopen": ("topic", "reopen", "2"),
    "topic delete": ("topic", "delete", "1"),
    "feedback edit": ("feedback", "edit", "1", "--rating", "4", "--goal", "none"),
    "feedback delete": ("feedback", "delete", "1"),
    "milestone edit": ("milestone", "edit", "1", "--on", "yesterday"),
    "milestone delete": ("milestone", "delete", "1"),
    "note edit": ("note", "edit", "1", "--text", "Alice loves demos", "--private"),
    "note delete": ("note", "delete", "1"),
    "agenda --save": ("agenda", "--with", "alice", "--save"),
    "import ics": ("import", "ics", str(ICS / "google.ics"), "--with", "alice"),
}


@pytest.mark.usefixtures("journal")
@pytest.mark.parametrize("args", CHANGES.values(), ids=CHANGES.keys())
def test_undo_takes_back_each_kind_of_change_and_a_second_undo_redoes_it(
    run: Run, isolated_env: Path, args: tuple[str, ...]
) -> None:
    before = tables(isolated_env)
    run.ok(*args)
    after = tables(isolated_env)
    assert after != before
    what = last_change(isolated_env)["what"]
    undone = run.ok("undo")
    assert undone.stdout == ""
    assert undone.stderr == f"Undid: {what}.\nRun `mentorlog undo` again to redo it.\n"
    assert tables(isolated_env) == before
    redone = run.ok("undo")
    assert redone.stderr == f"Redid: {what}.\nRun `mentorlog undo` again to undo it again.\n"
    assert tables(isolated_env) == after
    run.ok("undo")
    assert tables(isolated_env) == before


def test_undo_says_what_it_undid(run: Run) -> None:
    run.ok("goal", "add", "Warm up")
    run.ok("goal", "add", "Ship the PR")
    result = run.ok("undo")
    assert result.stderr.splitlines()[0] == "Undid: goal add 'Ship the PR' (goal 2)."
    assert [g["title"] for g in run.json("goal", "list")] == ["Warm up"]


def test_an_import_json_into_an_empty_journal_is_undone_to_nothing(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "Exported")
    run.ok("export", "json", "--out", str(tmp_path / "backup.json"))
    other = tmp_path / "other"
    monkeypatch.setenv("MENTORLOG_HOME", str(other))
    run.ok("import", "json", str(tmp_path / "backup.json"))
    assert run.ok("undo").stderr.startswith("Undid: import json 'backup.json' (1 added")
    assert tables(other) == {}
    assert run.ok("goal", "add", "Fresh").stderr.startswith("Added goal 2:")


def test_ids_are_never_reused_after_an_undo(run: Run) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    run.ok("undo")
    assert run.ok("goal", "add", "Three").stderr.startswith("Added goal 3: Three")
    run.ok("person", "add", "al", "--name", "Al", "--role", "peer", "--tz", "UTC")
    run.ok("topic", "add", "First", "--with", "al")
    run.ok("undo")
    run.ok("topic", "add", "Second", "--with", "al")
    assert [t["id"] for t in run.json("topic", "list")] == [2]


def test_undo_of_the_first_change_empties_the_journal_and_redo_brings_it_back(
    run: Run, isolated_env: Path
) -> None:
    run.ok("person", "add", "al", "--name", "Al", "--role", "peer", "--tz", "UTC")
    assert run.ok("undo").stderr.startswith("Undid: person add al.")
    assert run.json("person", "list") == []
    assert run.ok("undo").stderr.startswith("Redid: person add al.")
    assert [p["handle"] for p in run.json("person", "list")] == ["al"]


def test_undo_json_says_what_it_did(run: Run, isolated_env: Path) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    first = run.json("undo")
    assert first["action"] == "undo"
    assert first["change"] == "goal add 'Two' (goal 2)"
    assert first["restored"] == "journal-20261121T101500Z-000.json"
    assert first["kept"] == "journal-20261121T101500Z-001.json"
    second = run.json("undo")
    assert (second["action"], second["restored"]) == ("redo", first["kept"])


def test_nothing_to_undo(run: Run, isolated_env: Path, journal_bytes: Callable[[], bytes]) -> None:
    result = run.fails(3, "undo")
    assert result.stderr == f"Error: Nothing to undo: there is no journal in {isolated_env} yet.\n"
    assert journal_bytes() == b""
    assert not isolated_env.exists() or not (isolated_env / store.BACKUP_DIR).exists()


def test_undo_refuses_a_damaged_journal_and_names_the_snapshot_to_restore(
    run: Run, isolated_env: Path, journal_bytes: Callable[[], bytes]
) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    path = isolated_env / store.JOURNAL_FILE
    path.write_text('{"_meta": ')
    result = run.fails(5, "undo")
    assert result.stderr == (
        f"Error: The journal {path} is not valid JSON (unexpected end of data: line 1 column 11 "
        "(char 10)); it was left untouched: restore the newest snapshot that loads with: "
        "mentorlog backup restore journal-20261121T101500Z-000.json.\n"
    )
    assert journal_bytes() == b'{"_meta": '


def test_undo_waits_for_the_lock_then_says_the_journal_is_busy(
    run: Run, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "One")
    monkeypatch.setenv("MENTORLOG_LOCK_TIMEOUT", "0.1")
    with store.locked(isolated_env):
        result = run.fails(6, "undo")
    assert "is busy: another mentorlog command has held it for 0.1 s" in result.stderr
    assert [g["title"] for g in run.json("goal", "list")] == ["One"]


def test_undo_when_its_snapshot_was_deleted(run: Run, isolated_env: Path) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    shutil.rmtree(isolated_env / store.BACKUP_DIR)
    result = run.fails(3, "undo")
    assert result.stderr == (
        "Error: Cannot undo goal add 'Two' (goal 2): its snapshot "
        f"journal-20261121T101500Z-000.json is no longer in {isolated_env / store.BACKUP_DIR}; "
        "`mentorlog backup list` shows the ones there are.\n"
    )


@pytest.mark.parametrize("value", ["soon", "-1", "3601"])
def test_a_bad_lock_timeout_is_refused_before_anything_changes(
    run: Run, monkeypatch: pytest.MonkeyPatch, journal_bytes: Callable[[], bytes], value: str
) -> None:
    run.ok("goal", "add", "One")
    before = journal_bytes()
    monkeypatch.setenv("MENTORLOG_LOCK_TIMEOUT", value)
    result = run.fails(2, "undo")
    assert result.stderr.startswith(f"Error: MENTORLOG_LOCK_TIMEOUT is '{value}'; set it to")
    assert journal_bytes() == before


# -- undo --list -----------------------------------------------------------------------------


def test_the_list_of_changes_newest_first(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.ok("person", "add", "al", "--name", "Al", "--role", "peer", "--tz", "UTC")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-22T18:40:00+01:00")
    run.ok("goal", "add", "Ship the PR", "--with", "al")
    run.ok("goal", "progress", "1", "40")
    run.ok("undo")
    result = run.ok("undo", "--list")
    assert result.stdout.splitlines() == [
        "When              Change                            Journal before it",
        "─" * 85,
        "Sun 22 Nov 18:40  undo: goal progress 40% (goal 1)  journal-20261122T174000Z-002.json",
        "Sun 22 Nov 18:40  goal progress 40% (goal 1)        journal-20261122T174000Z-001.json",
        "Sun 22 Nov 18:40  goal add 'Ship the PR' (goal 1)   journal-20261122T174000Z-000.json",
        "Sat 21 Nov 11:15  person add al                     (none: the first change)",
    ]
    assert result.stderr == (
        "`mentorlog undo` takes back the first; `mentorlog backup restore NAME` goes back "
        "further.\n"
    )


def test_the_list_of_changes_as_json(run: Run) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    assert run.json("undo", "--list") == [
        {
            "at": "2026-11-21T11:15:00+01:00",
            "what": "goal add 'Two' (goal 2)",
            "before": "journal-20261121T101500Z-000.json",
            "state": "ok",
            "restorable": True,
        },
        {
            "at": "2026-11-21T11:15:00+01:00",
            "what": "goal add 'One' (goal 1)",
            "before": None,
            "state": "empty",
            "restorable": True,
        },
    ]


def test_the_list_shows_change_times_in_the_users_zone(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "One")
    monkeypatch.setenv("MENTORLOG_TZ", "America/New_York")
    result = run.ok("undo", "--list")
    assert result.stdout.splitlines()[2].startswith("Sat 21 Nov 05:15  goal add 'One' (goal 1)")


def test_an_empty_list_of_changes(run: Run, journal_bytes: Callable[[], bytes]) -> None:
    result = run.ok("undo", "--list")
    assert (result.stdout, result.stderr) == ("", "No changes yet: the journal is empty.\n")
    assert run.json("undo", "--list") == []
    assert journal_bytes() == b""


def test_listing_changes_writes_nothing(
    run: Run, isolated_env: Path, journal_bytes: Callable[[], bytes]
) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    before = journal_bytes()
    snapshots = sorted((isolated_env / store.BACKUP_DIR).iterdir())
    run.ok("undo", "--list")
    assert journal_bytes() == before
    assert sorted((isolated_env / store.BACKUP_DIR).iterdir()) == snapshots


def test_user_text_in_the_list_is_shown_harmlessly(run: Run) -> None:
    run.ok("goal", "add", "Evil \x1b[31mred\x1b[0m")
    result = run.ok("undo", "--list")
    assert "\x1b" not in result.stdout
    assert "goal add 'Evil \\x1b[31mred\\x1b[0m' (goal 1)" in result.stdout


def test_the_list_can_stop_at_the_last_n(run: Run) -> None:
    for title in ("One", "Two", "Three"):
        run.ok("goal", "add", title)
    assert [c["what"] for c in run.json("undo", "--list", "--last", "2")] == [
        "goal add 'Three' (goal 3)",
        "goal add 'Two' (goal 2)",
    ]
    assert len(run.ok("undo", "--list", "-n", "1").stdout.splitlines()) == 3
    assert len(run.json("undo", "--list", "-n", "50")) == 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Cannot show the last 0 changes; give 1 or more, e.g. --last 5."),
        ("-3", "Cannot show the last -3 changes; give 1 or more, e.g. --last 5."),
        (
            "two",
            "Invalid value for '--last' / '-n': 'two' is not a valid int. See "
            "`mentorlog undo --help`.",
        ),
    ],
)
def test_a_bad_last_is_refused(
    run: Run, journal_bytes: Callable[[], bytes], value: str, message: str
) -> None:
    run.ok("goal", "add", "One")
    before = journal_bytes()
    result = run.fails(2, "undo", "--list", "--last", value)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


def test_last_without_list_undoes_nothing(run: Run, journal_bytes: Callable[[], bytes]) -> None:
    run.ok("goal", "add", "One")
    before = journal_bytes()
    result = run.fails(2, "undo", "--last", "3")
    assert result.stderr == (
        "Error: --last goes with --list, e.g. mentorlog undo --list --last 5.\n"
    )
    assert journal_bytes() == before


def test_the_list_marks_a_lost_snapshot_and_goes_on_through_a_restore(
    run: Run, isolated_env: Path
) -> None:
    for title in ("One", "Two"):
        run.ok("goal", "add", title)
    (isolated_env / store.JOURNAL_FILE).write_text("{")
    run.ok("backup", "restore", "journal-20261121T101500Z-000.json")
    listed = run.json("undo", "--list")
    assert [(c["what"], c["before"], c["state"]) for c in listed] == [
        (
            "backup restore journal-20261121T101500Z-000.json",
            "journal-20261121T101500Z-001.json",  # the damaged journal, kept
            "damaged",
        ),
        ("goal add 'One' (goal 1)", None, "empty"),
    ]
    lines = run.ok("undo", "--list").stdout.splitlines()
    assert lines[2].endswith("journal-20261121T101500Z-001.json")
    assert lines[3].endswith("(damaged)")
    (isolated_env / store.BACKUP_DIR / "journal-20261121T101500Z-001.json").unlink()
    assert run.json("undo", "--list")[0]["state"] == "missing"
    assert run.ok("undo", "--list").stdout.splitlines()[3].endswith("(deleted)")
