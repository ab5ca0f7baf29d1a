"""`mentorlog sync` in encrypted homes: every file of the sync tree an age file of its own,
the remote only ever holding ciphertext, and the key the devices share.

Real git (a bare repository in a temp folder); each device has its own keyring
(keyrings.alt's file backend, in a folder of its own), so the key reaches the second
device the documented way: `mentorlog key export` there, key.age and encryption.toml here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring.core
import pytest

from mentorlog.errors import Conflict, KeyUnavailable
from mentorlog.store import crypt, keys
from mentorlog.sync import sealed
from sync_devices import Device, bare_repo

if TYPE_CHECKING:
    from typer.testing import Result

pytestmark = pytest.mark.slow

FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
T1 = "2026-11-21T10:00:00+01:00"
T2 = "2026-11-21T11:00:00+01:00"
T3 = "2026-11-21T12:00:00+01:00"
PASSPHRASE = "moving day"


class Keyed(Device):
    """A device with a keyring of its own, and a passphrase command for key files."""

    def __init__(self, home: Path, keyring_folder: Path, askpass: str, now: str = T1) -> None:
        super().__init__(home, now)
        self.extra: dict[str, str | None] = {
            "PYTHON_KEYRING_BACKEND": FILE_KEYRING,
            "XDG_DATA_HOME": str(keyring_folder),
            keys.PASSPHRASE_COMMAND_ENV: askpass,
        }

    def __call__(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        keyring.core._keyring_backend = None  # chosen again, for this device's folder
        return super().__call__(*args, env={**self.extra, **(env or {})})


@pytest.fixture(autouse=True)
def fresh_keys() -> Iterator[None]:
    keyring.core._keyring_backend = None
    keys.forget()
    yield
    keyring.core._keyring_backend = None
    keys.forget()


@pytest.fixture
def askpass(tmp_path: Path) -> str:
    script = tmp_path / "askpass.py"
    script.write_text(f"print({PASSPHRASE!r})\n")
    return f"{sys.executable} {script}"


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return bare_repo(tmp_path / "remote.git")


@pytest.fixture
def laptop(tmp_path: Path, askpass: str) -> Keyed:
    return Keyed(tmp_path / "laptop", tmp_path / "laptop-keyring", askpass)


@pytest.fixture
def desktop(tmp_path: Path, askpass: str) -> Keyed:
    return Keyed(tmp_path / "desktop", tmp_path / "desktop-keyring", askpass)


def give_key(source: Keyed, target: Keyed, folder: Path) -> None:
    """The documented move of a key: `key export` on `source`, then its key.age and
    encryption.toml in `target`'s home, and `mentorlog encrypt` there (which encrypts
    what `target` holds in clear to that key)."""
    exported = folder / f"key-for-{target.home.name}.age"
    source.ok("key", "export", "--out", str(exported))
    target.home.mkdir(parents=True, exist_ok=True)
    shutil.copy(exported, target.home / keys.KEY_FILE)
    shutil.copy(source.home / crypt.MARKER_FILE, target.home / crypt.MARKER_FILE)
    target.ok("encrypt")


def git(*args: str) -> bytes:
    return subprocess.run(["git", *args], capture_output=True, check=True).stdout


def every_object(repo: Path) -> bytes:
    """Every object of a git repository, loose or packed, uncompressed."""
    return git("-C", str(repo), "cat-file", "--batch-all-objects", "--batch")


def tree_files(repo: Path, ref: str = "main") -> dict[str, bytes]:
    """Every file of `ref`'s tree in `repo`, with its bytes."""
    names = git("-C", str(repo), "ls-tree", "-r", "-z", "--name-only", ref).split(b"\0")
    return {
        n.decode(): git("-C", str(repo), "cat-file", "blob", f"{ref}:{n.decode()}")
        for n in names
        if n
    }


def work_files(device: Device) -> dict[str, bytes]:
    tree = device.home / "sync"
    return {
        str(p.relative_to(tree)): p.read_bytes()
        for p in tree.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(tree).parts
    }


def goals(device: Device) -> dict[str, str]:
    return {g["uid"]: g["title"] for g in device.json("goal", "list", "--status", "all")}


def start(laptop: Keyed) -> None:
    laptop.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
    laptop.ok("goal", "add", "Give a talk", "--with", "ana")


def test_two_encrypted_homes_with_one_key_sync_edits_both_ways(
    remote: Path, laptop: Keyed, desktop: Keyed, tmp_path: Path
) -> None:
    start(laptop)
    laptop.ok("encrypt")
    laptop.ok("sync", "init", str(remote))
    first = {p: d for p, d in tree_files(remote).items() if p != "_meta.json"}
    give_key(laptop, desktop, tmp_path)
    desktop.ok("sync", "init", str(remote))
    assert list(goals(desktop).values()) == ["Give a talk"]
    # The files the desktop took as they were are pushed back as they were, not encrypted
    # anew (which would store every record again on the remote).
    assert {p: d for p, d in tree_files(remote).items() if p in first} == first
    laptop.at(T2).ok("goal", "add", "Read a book")
    desktop.at(T2).ok("goal", "edit", "1", "--why", "Visibility")
    for device in (laptop, desktop, laptop):
        device.ok("sync")
    assert goals(laptop) == goals(desktop)
    assert set(goals(laptop).values()) == {"Give a talk", "Read a book"}
    talk = next(g for g in laptop.json("goal", "list") if g["title"] == "Give a talk")
    assert talk["why"] == "Visibility"
    # Every file, in both work trees and on the remote, is an age file of its own.
    for files in (work_files(laptop), work_files(desktop), tree_files(remote)):
        assert "_meta.json" in files
        assert len(files) >= 4
        assert all(crypt.is_sealed(data) for data in files.values()), files.keys()
    assert laptop.json("sync", "status")["pending"] == 0


def test_the_canary_no_marker_reaches_the_remote_or_the_sync_folder_in_clear(
    remote: Path, laptop: Keyed, desktop: Keyed, tmp_path: Path
) -> None:
    markers = [f"CANARY-{n}-7f3a" for n in range(8)]
    start(laptop)
    laptop.ok("encrypt")
    laptop.ok("goal", "add", markers[0], "--why", markers[1])
    laptop.ok("note", "add", markers[2], "--private")
    laptop.ok("sync", "init", str(remote))
    give_key(laptop, desktop, tmp_path)
    desktop.ok("sync", "init", str(remote))
    desktop.at(T2).ok(
        "person", "add", "bo", "--name", markers[3], "--role", "mentee", "--tz", "UTC"
    )
    desktop.at(T2).ok("goal", "edit", "2", "--why", markers[4])
    laptop.at(T3).ok("goal", "add", markers[5])
    # One field changed on both: the earlier value waits in the conflict list.
    desktop.at(T2).ok("goal", "edit", "1", "--why", markers[6])
    laptop.at(T3).ok("goal", "edit", "1", "--why", markers[7])
    for device in (desktop, laptop, desktop):
        device.ok("sync")
    assert markers[4] in json.dumps(laptop.json("goal", "list"))  # the markers did sync
    assert markers[3] in json.dumps(laptop.json("person", "list"))
    assert markers[6] in json.dumps(laptop.json("sync", "status")["conflicts"])
    places = [every_object(remote)]
    for device in (laptop, desktop):
        places.append(every_object(device.home / "sync"))
        places += [p.read_bytes() for p in device.home.rglob("*") if p.is_file()]
    for data in places:
        for marker in markers:
            assert marker.encode() not in data


def test_a_home_with_another_key_is_refused_and_left_as_it_was(
    remote: Path, laptop: Keyed, desktop: Keyed
) -> None:
    start(laptop)
    laptop.ok("encrypt")
    laptop.ok("sync", "init", str(remote))
    desktop.ok("goal", "add", "Mine")
    desktop.ok("encrypt")  # a key of its own
    before = desktop.journal_bytes()
    result = desktop.fails(KeyUnavailable.exit_code, "sync", "init", str(remote))
    assert "encrypted to another key than this home's" in result.stderr
    assert desktop.journal_bytes() == before
    assert not (desktop.home / "sync").exists()
    assert list(goals(desktop).values()) == ["Mine"]


def test_a_plain_home_cannot_read_an_encrypted_remote_and_is_told_what_to_do(
    remote: Path, laptop: Keyed, desktop: Keyed
) -> None:
    start(laptop)
    laptop.ok("encrypt")
    laptop.ok("sync", "init", str(remote))
    desktop.ok("goal", "add", "Mine")
    before = desktop.journal_bytes()
    result = desktop.fails(KeyUnavailable.exit_code, "sync", "init", str(remote))
    assert "is encrypted, but the home" in result.stderr
    assert "run `mentorlog encrypt`" in result.stderr
    assert desktop.journal_bytes() == before
    assert not (desktop.home / "sync").exists()


def test_encrypt_converts_a_synced_tree_and_the_other_device_follows_with_the_key(
    remote: Path, laptop: Keyed, desktop: Keyed, tmp_path: Path
) -> None:
    start(laptop)
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    desktop.at(T2).ok("goal", "add", "Sent in clear")  # before the laptop encrypts
    desktop.ok("sync")
    done = laptop.ok("encrypt")
    assert "Encrypted the 3 files of the sync tree" in done.stderr + done.stdout
    assert all(crypt.is_sealed(data) for data in work_files(laptop).values())
    assert laptop.json("sync", "status")["pending"] == 0
    laptop.at(T2).ok("goal", "add", "Written encrypted")
    laptop.ok("sync")
    assert set(goals(laptop).values()) == {"Give a talk", "Sent in clear", "Written encrypted"}
    assert all(crypt.is_sealed(data) for data in tree_files(remote).values())
    # The desktop, still plain: refused, told what to do, unchanged.
    before = desktop.journal_bytes()
    desktop.fails(KeyUnavailable.exit_code, "sync")
    assert desktop.journal_bytes() == before
    give_key(laptop, desktop, tmp_path)  # encrypts its journal and its sync tree
    assert all(crypt.is_sealed(data) for data in work_files(desktop).values())
    desktop.ok("sync")
    assert goals(desktop) == goals(laptop)


def test_files_pushed_in_clear_by_a_device_not_encrypted_yet_are_encrypted_again(
    remote: Path, laptop: Keyed, desktop: Keyed
) -> None:
    start(laptop)
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    laptop.ok("encrypt")  # its tree converted, not pushed yet
    desktop.at(T2).ok("goal", "add", "Added in clear")
    desktop.ok("sync")  # the remote still reads as plain to the desktop: it pushes
    laptop.at(T3).ok("sync")  # merges the clear file, pushes it encrypted
    assert "Added in clear" in goals(laptop).values()
    remote_files = tree_files(remote)
    assert len(remote_files) == 4
    assert all(crypt.is_sealed(data) for data in remote_files.values())


def test_decrypt_and_rotate_are_refused_while_sync_is_set_up(remote: Path, laptop: Keyed) -> None:
    start(laptop)
    laptop.ok("encrypt")
    laptop.ok("sync", "init", str(remote))
    marker = (laptop.home / crypt.MARKER_FILE).read_bytes()
    journal = laptop.journal_bytes()
    for command in (("decrypt",), ("key", "rotate")):
        result = laptop.fails(Conflict.exit_code, *command)
        assert "Sync is set up in" in result.stderr
        assert "move" in result.stderr
    assert (laptop.home / crypt.MARKER_FILE).read_bytes() == marker
    assert laptop.journal_bytes() == journal
    assert laptop.ok("sync").exit_code == 0


def test_a_round_on_a_big_encrypted_journal_touches_only_the_changed_files(
    remote: Path, laptop: Keyed, tmp_path: Path
) -> None:
    """10 records changed on a 10,000-record encrypted journal: one commit of those 10
    files (and `_meta.json` at most); then a round with no change commits nothing, even
    with the map of digests gone (the files are read once, then remembered)."""
    sys.path.insert(0, str(BENCHMARKS))
    import journal_gen

    path = journal_gen.write(laptop.home, 10_000)
    stored_goals = json.loads(path.read_text())["goals"]
    laptop.ok("encrypt")
    laptop.ok("sync", "init", str(remote))
    first = git("-C", str(remote), "rev-parse", "main").strip()
    picked = sorted(stored_goals, key=int)[:10]
    records = [
        {**stored_goals[key], "id": int(key), "title": f"Changed {key}", "updated": T2}
        for key in picked
    ]
    changes = tmp_path / "changes.json"
    document = {"format": "mentorlog", "schema": 3, "tables": {"goals": records}}
    changes.write_text(json.dumps(document))
    laptop.at(T2).ok("import", "json", str(changes))
    laptop.at(T2).ok("sync")
    second = git("-C", str(remote), "rev-parse", "main").strip()
    touched = git("-C", str(remote), "diff-tree", "-r", "--name-only", first, second).split()
    goal_files = [t for t in touched if t.startswith(b"goals/")]
    assert len(goal_files) == 10
    assert set(touched) - set(goal_files) <= {b"_meta.json"}
    names = git("-C", str(remote), "ls-tree", "-r", "--name-only", "main").split()
    assert len(names) > 9_000
    for name in goal_files:
        blob = git("-C", str(remote), "cat-file", "blob", f"main:{name.decode()}")
        assert crypt.is_sealed(blob)
    span = f"{first.decode()}..{second.decode()}"
    assert git("-C", str(remote), "rev-list", "--count", span).strip() == b"1"
    laptop.at(T3).ok("sync")
    assert git("-C", str(remote), "rev-parse", "main").strip() == second
    sealed.map_path(laptop.home).unlink()
    laptop.at(T3).ok("sync")
    assert git("-C", str(remote), "rev-parse", "main").strip() == second
    assert sealed.map_path(laptop.home).exists()
