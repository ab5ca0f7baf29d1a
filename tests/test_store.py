"""The store's guarantees, tested in-process: format, ids, refusal, permissions, atomicity."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import orjson
import pytest

from mentorlog import store
from mentorlog.errors import JournalBusy, JournalRefused, StorageFailed

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def add_goal(home: Path, title: str) -> dict[str, object]:
    with store.open_journal(home, write=True) as journal:
        return journal.insert("goals", {"title": title}, now=NOW)


def read_raw(home: Path) -> dict[str, object]:
    data = json.loads((home / store.JOURNAL_FILE).read_text())
    assert isinstance(data, dict)
    return data


def test_reading_a_missing_journal_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "nothing-here"
    with store.open_journal(home) as journal:
        assert journal.all("goals") == []
        assert not journal.exists
    assert not home.exists()


def test_first_write_creates_private_folder_and_file(tmp_path: Path) -> None:
    home = tmp_path / "a" / "home"
    old_umask = os.umask(0o022)
    try:
        add_goal(home, "first")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / store.JOURNAL_FILE).stat().st_mode) == 0o600


def test_records_get_id_uid_and_stamps_with_offsets(tmp_path: Path) -> None:
    record = add_goal(tmp_path, "Ship the PR")
    assert record["id"] == 1
    assert len(str(record["uid"])) == 36
    assert record["created"] == record["updated"] == "2026-11-21T11:15:00+01:00"
    data = read_raw(tmp_path)
    assert data["_meta"] == {
        "1": {
            "app": "mentorlog",
            "schema": store.SCHEMA,
            "next_ids": {"goals": 2},
            "previous": None,  # the first change: before it, nothing
            "app_version": store.__version__,
        }
    }
    assert "id" not in data["goals"]["1"]  # type: ignore[index]


def test_ids_are_never_reused_even_after_deleting_the_newest(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    second = add_goal(tmp_path, "two")
    with store.open_journal(tmp_path, write=True) as journal:
        journal.remove("goals", int(second["id"]), now=NOW)  # type: ignore[call-overload]
    third = add_goal(tmp_path, "three")
    assert third["id"] == 3


def test_hand_added_record_does_not_collide_with_the_counter(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    data = read_raw(tmp_path)
    data["goals"]["2"] = {"title": "typed by hand"}  # type: ignore[index]
    (tmp_path / store.JOURNAL_FILE).write_text(json.dumps(data))
    assert add_goal(tmp_path, "next")["id"] == 3


def test_unknown_fields_and_tables_survive_updates(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    data = read_raw(tmp_path)
    data["goals"]["1"]["colour"] = "teal"  # type: ignore[index]
    data["future_table"] = {"1": {"anything": [1, 2]}}
    (tmp_path / store.JOURNAL_FILE).write_text(json.dumps(data))
    later = NOW.replace(hour=12)
    with store.open_journal(tmp_path, write=True) as journal:
        updated = journal.update("goals", 1, {"title": "renamed", "id": 99}, now=later)
    assert updated["colour"] == "teal"
    assert updated["id"] == 1
    assert updated["updated"] == "2026-11-21T12:15:00+01:00"
    after = read_raw(tmp_path)
    assert after["future_table"] == {"1": {"anything": [1, 2]}}
    assert after["goals"]["1"]["colour"] == "teal"  # type: ignore[index]


def test_what_the_store_hands_out_cannot_change_what_it_holds(tmp_path: Path) -> None:
    """Read-only journals hand out read-only views; writable ones, copies."""
    add_goal(tmp_path, "Ship the PR")
    with store.open_journal(tmp_path) as journal:
        (record,) = journal.all("goals")
        with pytest.raises(TypeError):
            record["title"] = "changed"  # type: ignore[index]
        assert record["id"] == 1
    with store.open_journal(tmp_path, write=True) as journal:
        (record,) = journal.all("goals")
        cast("dict[str, object]", record).pop("title")
        stored = journal.get("goals", 1)
        assert stored is not None
        assert stored["title"] == "Ship the PR"
        assert journal.all("goals")[0]["title"] == "Ship the PR"
        assert not journal.changed


def test_reading_does_not_write(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    path = tmp_path / store.JOURNAL_FILE
    before = path.stat().st_mtime_ns
    with store.open_journal(tmp_path, write=True) as journal:
        journal.all("goals")
    assert path.stat().st_mtime_ns == before


def test_an_error_inside_the_block_writes_nothing(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    before = (tmp_path / store.JOURNAL_FILE).read_bytes()

    def change_then_fail() -> None:
        with store.open_journal(tmp_path, write=True) as journal:
            journal.insert("goals", {"title": "half done"}, now=NOW)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == before


def test_each_change_keeps_the_previous_journal_as_a_backup(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    first = (tmp_path / store.JOURNAL_FILE).read_bytes()
    add_goal(tmp_path, "two")
    backups = sorted((tmp_path / store.BACKUP_DIR).glob("journal-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == first
    assert stat.S_IMODE((tmp_path / store.BACKUP_DIR).stat().st_mode) == 0o700


def test_backups_are_pruned_to_the_newest(tmp_path: Path) -> None:
    for n in range(store.KEEP_BACKUPS + 5):
        add_goal(tmp_path, f"goal {n}")
    assert len(list((tmp_path / store.BACKUP_DIR).glob("journal-*"))) == store.KEEP_BACKUPS


BAD_JOURNALS = {
    "not JSON": (b'{"_meta": {"1": ', "is not valid JSON"),
    "empty file": (b"", "is not valid JSON"),
    "a list": (b"[1, 2]", "is not a mentorlog journal (it holds no tables)"),
    "someone else's tinydb": (
        b'{"_default": {"1": {"a": 1}}}',
        "is not a mentorlog journal (it has no mentorlog _meta record)",
    ),
    "newer schema": (
        b'{"_meta": {"1": {"app": "mentorlog", "schema": 99}}}',
        "was written by a newer mentorlog (journal schema 99",
    ),
    "schema not a number": (
        b'{"_meta": {"1": {"app": "mentorlog", "schema": "one"}}}',
        "is not a mentorlog journal (its schema 'one' is not a version number)",
    ),
    "table not a table": (
        b'{"_meta": {"1": {"app": "mentorlog", "schema": 1}}, "goals": [1]}',
        "is damaged (its table 'goals' is not a table of records)",
    ),
}


@pytest.mark.parametrize(("content", "problem"), BAD_JOURNALS.values(), ids=BAD_JOURNALS.keys())
@pytest.mark.parametrize("write", [False, True])
def test_bad_journals_are_refused_and_left_byte_for_byte(
    tmp_path: Path, content: bytes, problem: str, write: bool
) -> None:
    path = tmp_path / store.JOURNAL_FILE
    path.write_bytes(content)
    with pytest.raises(JournalRefused) as refused, store.open_journal(tmp_path, write=write):
        pytest.fail("a refused journal must not open")
    message = str(refused.value)
    assert message.startswith(f"The journal {path} {problem}")
    assert "it was left untouched" in message
    assert refused.value.exit_code == 5
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [store.JOURNAL_FILE] + ([store.LOCK_FILE] if write else [])
    )


def test_refusal_names_the_newest_backup_that_loads(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    add_goal(tmp_path, "two")  # backs up the one-goal journal
    backup = next((tmp_path / store.BACKUP_DIR).glob("journal-*"))
    # A newer but broken snapshot must be skipped in favour of the good one.
    (tmp_path / store.BACKUP_DIR / "journal-99990101T000000.000000000Z.json").write_text("{")
    path = tmp_path / store.JOURNAL_FILE
    path.write_text("garbage")
    with pytest.raises(JournalRefused) as refused, store.open_journal(tmp_path):
        pass
    assert str(refused.value).endswith(
        "it was left untouched: restore the newest snapshot that loads with: "
        f"mentorlog backup restore {backup.name}."
    )


def test_newer_schema_message_says_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / store.JOURNAL_FILE
    path.write_bytes(orjson.dumps({"_meta": {"1": {"app": "mentorlog", "schema": 7}}}))
    with pytest.raises(JournalRefused, match=r"upgrade mentorlog \(pip install -U mentorlog\)"):
        store.load_file(path)


def test_unreadable_journal_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / store.JOURNAL_FILE
    path.write_text("{}")
    path.chmod(0)
    with pytest.raises(JournalRefused, match="check its permissions"):
        store.load_file(path)


def test_a_failed_write_leaves_the_journal_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_goal(tmp_path, "one")
    before = (tmp_path / store.JOURNAL_FILE).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StorageFailed) as failed:
        add_goal(tmp_path, "two")
    assert str(failed.value) == (
        f"Could not save {tmp_path / store.JOURNAL_FILE}: No space left on device; "
        "nothing was changed."
    )
    assert failed.value.exit_code == 7
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_stale_temp_files_from_a_killed_writer_are_cleaned(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    stale = tmp_path / f".{store.JOURNAL_FILE}-abc123.tmp"
    stale.write_text('{"half": ')
    add_goal(tmp_path, "two")
    assert not stale.exists()


def test_a_held_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    add_goal(tmp_path, "one")
    # flock locks belong to an open file, so a second lock in this process contends.
    with (
        store.locked(tmp_path),
        pytest.raises(JournalBusy) as busy,
        store.open_journal(tmp_path, write=True, lock_timeout=0.2),
    ):
        pass
    assert "is busy: another mentorlog command has held it for 0.2 s" in str(busy.value)
    assert busy.value.exit_code == 6


def test_a_home_another_command_makes_first_is_the_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty commands started at once in a new home all look, find no folder, and make it:
    all but the first find it made between their look and their mkdir, and go on in it."""
    home = tmp_path / "new-home"
    looked = Path.is_dir

    def made_meanwhile(path: Path) -> bool:
        if path == home and not looked(path):
            path.mkdir()  # the other command, between this one's look and its mkdir
            return False
        return looked(path)

    monkeypatch.setattr(Path, "is_dir", made_meanwhile)
    with store.open_journal(home, write=True) as journal:
        journal.insert("goals", {"title": "Landed"}, now=NOW)
    monkeypatch.undo()
    with store.open_journal(home) as journal:
        assert [g["title"] for g in journal.all("goals")] == ["Landed"]
