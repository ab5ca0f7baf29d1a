"""`mentorlog sync` with real git: a bare repository in a temp folder and two homes,
"laptop" and "desktop", each with its own clock."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mentorlog.errors import Conflict, JournalRefused, NotFound, SyncFailed
from sync_devices import Device, bare_repo

# Every test runs git processes: seconds, not milliseconds (the pure merge is tested in
# tests/test_sync_merge.py, in the quick loop).
pytestmark = pytest.mark.slow

T1 = "2026-11-21T10:00:00+01:00"
T2 = "2026-11-21T11:00:00+01:00"
T3 = "2026-11-21T12:00:00+01:00"
T4 = "2026-11-21T13:00:00+01:00"


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return bare_repo(tmp_path / "remote.git")


@pytest.fixture
def laptop(tmp_path: Path) -> Device:
    return Device(tmp_path / "laptop", T1)


@pytest.fixture
def desktop(tmp_path: Path) -> Device:
    return Device(tmp_path / "desktop", T1)


@pytest.fixture
def paired(remote: Path, laptop: Device, desktop: Device) -> tuple[Device, Device]:
    """Both devices set up with the same remote, sharing one person and one goal."""
    laptop.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
    laptop.ok("goal", "add", "Give a talk", "--with", "ana")
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    return laptop, desktop


def goals(device: Device) -> dict[str, dict[str, object]]:
    return {g["uid"]: g for g in device.json("goal", "list", "--status", "all")}


def test_first_sync_sends_the_journal_and_the_second_device_receives_it(
    paired: tuple[Device, Device],
) -> None:
    laptop, desktop = paired
    assert [g["title"] for g in goals(desktop).values()] == ["Give a talk"]
    assert desktop.json("person", "list")[0]["handle"] == "ana"
    assert laptop.records() == desktop.records()
    tree = desktop.home / "sync"
    files = sorted(str(p.relative_to(tree)) for p in tree.rglob("*.json") if ".git" not in p.parts)
    assert files[0] == "_meta.json"
    assert {f.split("/")[0] for f in files[1:]} == {"goals", "people"}
    text = next((tree / "goals").iterdir()).read_text()
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_edits_of_different_records_both_arrive(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("goal", "add", "Read a book")
    desktop.at(T2).ok("topic", "add", "Ask about slides", "--with", "ana")
    for device in (laptop, desktop, laptop):
        device.ok("sync")
    assert laptop.records() == desktop.records()
    assert {g["title"] for g in goals(desktop).values()} == {"Give a talk", "Read a book"}
    assert [t["text"] for t in laptop.json("topic", "list")] == ["Ask about slides"]


def test_different_fields_of_one_record_merge(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("goal", "edit", "1", "--why", "Visibility")
    desktop.at(T3).ok("goal", "progress", "1", "40")
    for device in (laptop, desktop, laptop):
        device.ok("sync")
    for device in (laptop, desktop):
        (goal,) = goals(device).values()
        assert (goal["why"], goal["progress"]) == ("Visibility", 40)
        assert device.json("sync", "status")["conflicts"] == []
    assert laptop.records() == desktop.records()


def test_same_field_later_edit_wins_and_the_other_value_waits_for_resolve(
    paired: tuple[Device, Device],
) -> None:
    laptop, desktop = paired
    laptop.at(T3).ok("goal", "edit", "1", "--title", "Give a keynote")
    desktop.at(T2).ok("goal", "edit", "1", "--title", "Give a lightning talk")
    laptop.ok("sync")
    synced = desktop.ok("sync")
    assert "1 conflict settled by the later edit" in synced.stderr
    laptop.ok("sync")
    for device in (laptop, desktop):
        assert [g["title"] for g in goals(device).values()] == ["Give a keynote"]
    (conflict,) = desktop.json("sync", "status")["conflicts"]
    assert conflict["number"] == 1
    assert (conflict["field"], conflict["kept"], conflict["other"]) == (
        "title",
        "Give a keynote",
        "Give a lightning talk",
    )
    assert conflict["kept_side"] == "theirs"
    shown = desktop.ok("sync", "status").stdout
    assert "title: kept the other device's" in shown
    assert "Last sync: Sat 21 Nov " in shown  # on the user's clock, not as stored
    desktop.fails(NotFound.exit_code, "sync", "resolve", "2")
    desktop.at(T4).ok("sync", "resolve", "1", "--take", "other")
    assert desktop.json("sync", "status")["conflicts"] == []
    desktop.ok("sync")
    laptop.ok("sync")
    for device in (laptop, desktop):
        assert [g["title"] for g in goals(device).values()] == ["Give a lightning talk"]


def test_resolve_keeping_the_value_changes_nothing(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T3).ok("goal", "edit", "1", "--title", "A")
    desktop.at(T2).ok("goal", "edit", "1", "--title", "B")
    laptop.ok("sync")
    desktop.ok("sync")
    uid = next(iter(goals(desktop)))
    before = desktop.journal_bytes()
    desktop.ok("sync", "resolve", uid[:8])
    assert desktop.journal_bytes() == before
    assert desktop.json("sync", "status")["conflicts"] == []


def test_delete_against_edit_keeps_the_edit_and_says_so(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("goal", "delete", "1")
    desktop.at(T3).ok("goal", "edit", "1", "--title", "Give two talks")
    laptop.ok("sync")
    synced = desktop.ok("sync")
    assert "Kept goal 1: it was deleted on the other device but edited here" in synced.stderr
    laptop.ok("sync")
    for device in (laptop, desktop):
        assert [g["title"] for g in goals(device).values()] == ["Give two talks"]
    assert laptop.records() == desktop.records()


def test_a_delete_against_no_edit_deletes_everywhere(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("goal", "delete", "1")
    laptop.ok("sync")
    desktop.ok("sync")
    assert goals(desktop) == {}
    assert laptop.records() == desktop.records()
    assert "_tombstones" in desktop.records()


def test_same_id_on_both_devices_is_renumbered_and_links_follow(
    paired: tuple[Device, Device],
) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("goal", "add", "Laptop goal")
    desktop.at(T2).ok("goal", "add", "Desktop goal")
    desktop.ok("action", "add", "Draft outline", "--goal", "2")
    laptop.ok("sync")
    synced = desktop.ok("sync")
    assert "Renumbered goal 2 made here to goal 3" in synced.stderr
    laptop.ok("sync")
    for device in (laptop, desktop):
        by_title = {g["title"]: g["id"] for g in goals(device).values()}
        assert by_title == {"Give a talk": 1, "Laptop goal": 2, "Desktop goal": 3}
        (action,) = device.json("action", "list")
        assert action["goal"] == 3
    assert laptop.records() == desktop.records()
    laptop.at(T3).ok("goal", "add", "Next")
    assert {g["id"] for g in goals(laptop).values()} == {1, 2, 3, 4}


def test_series_edited_on_one_side_and_occurrence_held_on_the_other(
    paired: tuple[Device, Device],
) -> None:
    laptop, desktop = paired
    laptop.ok("meeting", "add", "--with", "ana", "--at", "2026-11-17 09:00", "--every", "weekly")
    laptop.ok("sync")
    desktop.ok("sync")
    laptop.at(T2).ok(
        "meeting", "edit", "1", "--all", "--title", "Weekly with Ana", "--duration", "1h"
    )
    desktop.at(T3).ok("meeting", "done", "1", "--occurrence", "2026-11-17", "--rating", "5")
    for device in (laptop, desktop, laptop):
        device.ok("sync")
    for device in (laptop, desktop):
        meeting = device.json("meeting", "show", "1")
        assert meeting["title"] == "Weekly with Ana"
        assert meeting["duration"] == 60
        assert meeting["rrule"]
        assert [h["start"] for h in meeting["held"]] == ["2026-11-17T09:00:00"]
    assert laptop.records() == desktop.records()


def test_undo_takes_a_sync_back(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("goal", "add", "From the laptop")
    laptop.ok("sync")
    before = desktop.records()
    desktop.ok("sync")
    assert len(goals(desktop)) == 2
    desktop.ok("undo")
    assert desktop.records() == before


def test_private_notes_sync(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    laptop.at(T2).ok("note", "add", "Feeling stuck", "--private")
    laptop.ok("sync")
    desktop.ok("sync")
    assert [n["text"] for n in desktop.json("note", "list")] == ["Feeling stuck"]


def test_status_and_log(paired: tuple[Device, Device], remote: Path) -> None:
    laptop, _ = paired
    laptop.at(T2).ok("goal", "add", "Pending")
    status = laptop.json("sync", "status")
    assert status["remote"] == str(remote.resolve())
    assert status["pending"] == 1
    laptop.ok("sync")
    assert laptop.json("sync", "status")["pending"] == 0
    entries = laptop.json("sync", "log")
    assert [e["sent"] for e in entries] == [1, 2]
    assert "sent 1 record" in laptop.ok("sync", "log").stdout


# -- faults: one sentence, a documented exit code, the journal unchanged -------------------------


def test_sync_without_a_remote(laptop: Device) -> None:
    laptop.ok("goal", "add", "x")
    result = laptop.fails(NotFound.exit_code, "sync")
    assert "mentorlog sync init REMOTE" in result.stderr
    laptop.fails(NotFound.exit_code, "sync", "status")


def test_unreachable_remote(laptop: Device, tmp_path: Path) -> None:
    laptop.ok("goal", "add", "x")
    before = laptop.journal_bytes()
    result = laptop.fails(SyncFailed.exit_code, "sync", "init", str(tmp_path / "nowhere"))
    assert "Cannot reach the sync remote" in result.stderr
    assert laptop.journal_bytes() == before
    assert not (laptop.home / "sync").exists()
    laptop.fails(NotFound.exit_code, "sync")


def test_remote_gone_after_set_up(paired: tuple[Device, Device], remote: Path) -> None:
    import shutil

    laptop, _ = paired
    laptop.at(T2).ok("goal", "add", "y")
    shutil.rmtree(remote)
    before = laptop.journal_bytes()
    laptop.fails(SyncFailed.exit_code, "sync")
    assert laptop.journal_bytes() == before


def test_init_twice(paired: tuple[Device, Device], remote: Path) -> None:
    laptop, _ = paired
    laptop.fails(Conflict.exit_code, "sync", "init", str(remote))


def _commit_to(remote: Path, tmp_path: Path, files: dict[str, str]) -> None:
    work = tmp_path / "other-work"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    env = ["-c", "user.name=x", "-c", "user.email=x@x", "-c", "commit.gpgSign=false"]
    subprocess.run(["git", "-C", str(work), "add", "-A"], check=True)
    subprocess.run(["git", *env, "-C", str(work), "commit", "-qm", "x"], check=True)
    subprocess.run(["git", "-C", str(work), "push", "-q", "origin", "HEAD:main"], check=True)


def test_a_repository_that_is_not_a_mentorlog_one(
    laptop: Device, remote: Path, tmp_path: Path
) -> None:
    _commit_to(remote, tmp_path, {"README.md": "hello\n"})
    laptop.ok("goal", "add", "x")
    before = laptop.journal_bytes()
    result = laptop.fails(JournalRefused.exit_code, "sync", "init", str(remote))
    assert "is not a mentorlog sync repository" in result.stderr
    assert laptop.journal_bytes() == before
    assert not (laptop.home / "sync").exists()


def test_a_remote_written_by_a_newer_schema(
    paired: tuple[Device, Device], remote: Path, tmp_path: Path
) -> None:
    laptop, _ = paired
    meta = {"format": "mentorlog-sync", "schema": 99, "next_ids": {}}
    _commit_to(remote, tmp_path, {"_meta.json": json.dumps(meta)})
    before = laptop.journal_bytes()
    result = laptop.fails(JournalRefused.exit_code, "sync")
    assert "newer mentorlog (schema 99" in result.stderr
    assert laptop.journal_bytes() == before


def test_a_corrupt_record_file_on_the_remote(
    paired: tuple[Device, Device], remote: Path, tmp_path: Path
) -> None:
    laptop, _ = paired
    _commit_to(remote, tmp_path, {"goals/abc.json": "{not json"})
    before = laptop.journal_bytes()
    result = laptop.fails(JournalRefused.exit_code, "sync")
    assert "goals/abc.json, which is not a mentorlog sync file" in result.stderr
    assert laptop.journal_bytes() == before


def test_a_sync_tree_edited_by_hand(paired: tuple[Device, Device]) -> None:
    laptop, _ = paired
    (laptop.home / "sync" / "stray.txt").write_text("mine\n")
    before = laptop.journal_bytes()
    result = laptop.fails(JournalRefused.exit_code, "sync")
    assert "changed by hand" in result.stderr
    assert laptop.journal_bytes() == before


def test_a_damaged_sync_folder(paired: tuple[Device, Device]) -> None:
    laptop, _ = paired
    (laptop.home / "sync" / ".git" / "mentorlog-sync.json").write_text("{")
    laptop.fails(JournalRefused.exit_code, "sync")


def test_git_not_installed(laptop: Device, remote: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = laptop.fails(
        SyncFailed.exit_code, "sync", "init", str(remote), env={"PATH": str(empty)}
    )
    assert "git is not installed" in result.stderr


def test_resolve_with_a_bad_take(paired: tuple[Device, Device]) -> None:
    laptop, _ = paired
    laptop.fails(2, "sync", "resolve", "1", "--take", "both")
    laptop.fails(NotFound.exit_code, "sync", "resolve", "1")


def test_both_devices_adding_one_handle_get_one_person(
    remote: Path, laptop: Device, desktop: Device
) -> None:
    laptop.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
    laptop.ok("goal", "add", "Laptop goal", "--with", "ana")
    desktop.at(T2).ok(
        "person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "Europe/Madrid"
    )
    desktop.ok("topic", "add", "Ask Ana", "--with", "ana")
    laptop.ok("sync", "init", str(remote))
    synced = desktop.ok("sync", "init", str(remote))
    assert "Both devices added the person ana: they are one person now." in synced.stderr
    laptop.ok("sync")
    for device in (laptop, desktop):
        (person,) = device.json("person", "list")
        assert person["tz"] == "Europe/Madrid"  # the later edit
        assert device.json("topic", "list")[0]["person"] == "ana"
    assert laptop.records() == desktop.records()
    (conflict,) = desktop.json("sync", "status")["conflicts"]
    assert (conflict["field"], conflict["kept"], conflict["other"]) == (
        "tz",
        "Europe/Madrid",
        "UTC",
    )


def test_the_users_git_config_cannot_break_a_sync(
    remote: Path, laptop: Device, desktop: Device, tmp_path: Path
) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("pre-push", "pre-commit", "post-commit"):
        (hooks / hook).write_text("#!/bin/sh\nexit 1\n")
        (hooks / hook).chmod(0o755)
    user = tmp_path / "user"
    user.mkdir()
    (user / ".gitconfig").write_text(
        f"[commit]\n\tgpgSign = true\n[core]\n\thooksPath = {hooks}\n\tautocrlf = true\n"
        "[user]\n\tname =\n"
    )
    env: dict[str, str | None] = {"HOME": str(user), "XDG_CONFIG_HOME": None, "GIT_DIR": "/x"}
    laptop.ok("goal", "add", "Line one")
    for device in (laptop, desktop):
        result = device("sync", "init", str(remote), env=env)
        assert result.exit_code == 0, result.stderr
    assert [g["title"] for g in desktop.json("goal", "list")] == ["Line one"]


def test_a_record_without_a_uid_stays_on_its_device(paired: tuple[Device, Device]) -> None:
    laptop, desktop = paired
    path = laptop.home / "journal.json"
    data = json.loads(path.read_text())
    data["goals"]["7"] = {"title": "Typed in by hand", "status": "active", "progress": 0}
    path.write_text(json.dumps(data))
    desktop.at(T2).ok("goal", "add", "From the desktop")
    desktop.ok("sync")
    laptop.at(T3).ok("sync")
    titles = {g["title"]: g["id"] for g in laptop.json("goal", "list")}
    assert titles == {"Give a talk": 1, "From the desktop": 2, "Typed in by hand": 7}
    assert "Typed in by hand" not in {g["title"] for g in desktop.json("goal", "list")}
