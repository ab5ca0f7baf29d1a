"""Encryption at rest: `mentorlog encrypt`, `decrypt` and `key`, and every file of an
encrypted home ciphertext. The keyring is keyrings.alt's file backend in a temp folder
outside the home; the key file's passphrase comes from MENTORLOG_PASSPHRASE_COMMAND."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.core
import pyrage
import pytest

import conftest
from conftest import Run, cli_environment, copy_home
from inprocess import invoke
from mentorlog.errors import Conflict, JournalRefused, KeyUnavailable
from mentorlog.store import crypt, keys

if TYPE_CHECKING:
    from typer.testing import Result

AGE = crypt.AGE_HEADER
FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"
ICS = Path(__file__).parents[1] / "data" / "ics" / "import"
NO_KEYRING = "keyring.backends.fail.Keyring"


def use_keyring(monkeypatch: pytest.MonkeyPatch, backend: str, folder: Path) -> None:
    """Point keyring at `backend`, its files in `folder`; it is chosen again on next use."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


@pytest.fixture(autouse=True)
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "keyring"
    use_keyring(monkeypatch, FILE_KEYRING, folder)
    keys.forget()
    yield folder
    keys.forget()


def passphrase_command(tmp_path: Path, passphrase: str) -> str:
    """A MENTORLOG_PASSPHRASE_COMMAND printing `passphrase` that counts its runs in a file."""
    script = tmp_path / "askpass.py"
    script.write_text(
        "import sys\n"
        f"with open({str(tmp_path / 'asked')!r}, 'a') as f:\n"
        "    f.write('x')\n"
        f"print({passphrase!r})\n"
    )
    return f"{sys.executable} {script}"


def times_asked(tmp_path: Path) -> int:
    asked = tmp_path / "asked"
    return len(asked.read_text()) if asked.exists() else 0


RIGHT = "right one"


class Builder(conftest.Builder):
    """A Builder whose commands also get the variables in `extra`."""

    extra: dict[str, str] = {}  # noqa: RUF012

    def __call__(self, *args: str, input: str | None = None) -> Result:
        env = {**cli_environment(self.home), "MENTORLOG_NOW": self.now, **self.extra}
        return invoke(args, input=input, env=env)


@pytest.fixture(scope="module")
def key_file_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home encrypted with its key in key.age, wrapped by the passphrase RIGHT: built once,
    since each wrap or unwrap of a key file costs a deliberate scrypt."""
    folder = tmp_path_factory.mktemp("key-file")
    builder = Builder(folder / "home")
    builder.extra = {
        "PYTHON_KEYRING_BACKEND": FILE_KEYRING,
        "XDG_DATA_HOME": str(folder / "keyring"),
        keys.PASSPHRASE_COMMAND_ENV: passphrase_command(folder, RIGHT),
    }
    keyring.core._keyring_backend = None
    try:
        build(builder)
        builder.ok("encrypt", "--key-file")
    finally:
        keyring.core._keyring_backend = None
        keys.forget()
    return builder.home


@pytest.fixture
def key_file_journal(
    key_file_home: Path, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    copy_home(key_file_home, isolated_env)
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, passphrase_command(tmp_path, RIGHT))
    return isolated_env


def every_file(home: Path) -> dict[str, bytes]:
    """Every file under `home` (the lock file aside: it is empty), by path, with its bytes."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name != ".journal.lock"
    }


def journal_and_snapshots(home: Path) -> list[Path]:
    return [home / "journal.json", *sorted((home / "backups").glob("journal-*.json"))]


def build(run: Run | Builder) -> None:
    run.ok(
        "person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "Asia/Tokyo"
    )
    run.ok("goal", "add", "Ship the PR", "--with", "alice")
    run.ok("goal", "progress", "1", "40")


def test_encrypt_turns_every_file_to_age_and_commands_read_it(
    run: Run, isolated_env: Path, file_keyring: Path
) -> None:
    build(run)
    before = run.json("goal", "list")
    done = run.ok("encrypt")
    assert "Encrypted 3 files." in done.stderr  # the journal and two snapshots
    assert "The key is in the system keyring." in done.stderr
    for path in journal_and_snapshots(isolated_env):
        assert path.read_bytes().startswith(AGE), path
    assert not (isolated_env / ".journal.index").exists()
    assert run.json("goal", "list") == before
    run.ok("goal", "add", "Give a talk")
    assert [g["title"] for g in run.json("goal", "list")] == ["Ship the PR", "Give a talk"]
    for path in journal_and_snapshots(isolated_env):
        assert path.read_bytes().startswith(AGE), path
    assert not (isolated_env / ".journal.index").exists()
    assert not (isolated_env / "backups" / ".snapshots.index").exists()
    shown = run.json("key", "show")
    assert shown["encrypted"] is True
    assert shown["state"] == "encrypted"
    assert shown["kept"] == ["keyring"]
    assert shown["recipient"].startswith("age1")
    assert shown["recipient"] in (file_keyring / "python_keyring" / "keyring_pass.cfg").read_text()
    run.ok("undo")
    assert [g["title"] for g in run.json("goal", "list")] == ["Ship the PR"]


def test_the_canary_no_marker_written_through_any_command_is_on_disk_in_clear(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unique markers go in through every writing command of an encrypted home; none of
    them, nor the handles or titles, may appear in any byte under the home."""
    run.ok("encrypt")
    markers = [f"CANARY{n:02d}zq" for n in range(20)]
    m = iter(markers)
    handle = "canaryhandle"
    run.ok("person", "add", handle, "--name", next(m), "--role", "mentee", "--tz", "UTC",
           "--expectations", next(m))  # fmt: skip
    run.ok("person", "edit", handle, "--email", f"{next(m)}@example.org")
    run.ok("goal", "add", next(m), "--with", handle)
    run.ok("goal", "progress", "1", "50", "--note", next(m))
    run.ok("meeting", "add", "--with", handle, "--at", "2026-11-20 10:00")
    run.ok("meeting", "notes", "1", next(m))
    run.ok("meeting", "notes", "1", "--append", next(m))
    run.ok("meeting", "done", "1")
    run.ok("action", "add", next(m), "--with", handle)
    run.ok("topic", "add", next(m), "--with", handle)
    run.ok("feedback", "add", next(m), "--from", handle, "--rating", "4")
    run.ok("milestone", "add", next(m), "--note", next(m))
    run.ok("note", "add", next(m), "--private")
    run.ok("note", "add", next(m), "--with", handle)
    run.ok("reflect", next(m), "--private")
    run.ok("goal", "edit", "1", "--title", next(m))
    run.ok("undo")
    run.ok("undo")
    run.ok("action", "done", "1")
    run.ok("topic", "done", "1")
    run.ok("goal", "done", "1")
    run.ok("meeting", "add", "--with", handle, "--at", "2026-11-25 10:00")
    run.ok("meeting", "cancel", "2")
    run.ok("import", "ics", str(ICS / "google.ics"), "--with", handle)
    # An export of another (plain) journal, imported: its records land encrypted too.
    other = tmp_path / "other"
    monkeypatch.setenv("MENTORLOG_HOME", str(other))
    imported = next(m)
    run.ok("goal", "add", imported)
    exported = tmp_path / "other.json"
    run.ok("export", "json", "--out", str(exported))
    monkeypatch.setenv("MENTORLOG_HOME", str(isolated_env))
    run.ok("import", "json", str(exported))
    run.ok("key", "rotate")
    names = [s["name"] for s in run.json("backup", "list")]
    run.ok("backup", "restore", names[-1])
    run.ok("undo")
    assert run.json("note", "list")  # the records are there, readable through mentorlog
    titles = [g["title"] for g in run.json("goal", "list", "--status", "all")]
    assert imported in titles
    found = every_file(isolated_env)
    assert "journal.json" in found
    assert len(found) > 10
    for name, content in found.items():
        for marker in [*markers, handle, "Alice", "Coffee with Bob"]:
            assert marker.encode() not in content, f"{marker} in clear in {name}"
        if name != crypt.MARKER_FILE:
            assert content.startswith(AGE), name


def test_decrypt_makes_every_file_plain_json_again(run: Run, isolated_env: Path) -> None:
    build(run)
    run.ok("encrypt")
    run.ok("goal", "add", "Written encrypted")
    before = run.json("goal", "list")
    done = run.ok("decrypt")
    assert "Decrypted 4 files." in done.stderr
    assert not (isolated_env / crypt.MARKER_FILE).exists()
    for path in journal_and_snapshots(isolated_env):
        assert json.loads(path.read_bytes())["_meta"]["1"]["app"] == "mentorlog", path
    assert run.json("goal", "list") == before
    run.ok("goal", "add", "Plain again")
    assert (isolated_env / "journal.json").read_bytes().startswith(b"{")
    assert run.json("key", "show") == {"encrypted": False}
    result = run.fails(Conflict.exit_code, "decrypt")
    assert (
        result.stderr == f"Error: The home {isolated_env} is not encrypted; nothing was changed.\n"
    )


def test_rotate_re_encrypts_everything_to_a_new_key_and_drops_the_old(
    run: Run, isolated_env: Path
) -> None:
    build(run)
    run.ok("encrypt")
    old = run.json("key", "show")["recipient"]
    old_secret = keyring.get_password(keys.KEYRING_SERVICE, old)
    assert old_secret is not None
    before = run.json("goal", "list")
    done = run.ok("key", "rotate")
    assert "Re-encrypted 3 files." in done.stderr
    new = run.json("key", "show")["recipient"]
    assert new != old
    assert keyring.get_password(keys.KEYRING_SERVICE, old) is None
    old_identity = pyrage.x25519.Identity.from_str(old_secret)
    for path in journal_and_snapshots(isolated_env):
        with pytest.raises(pyrage.DecryptError):
            pyrage.decrypt(path.read_bytes(), [old_identity])
    assert run.json("goal", "list") == before


@pytest.mark.slow
def test_a_wrong_passphrase_three_times_changes_nothing(
    run: Run, key_file_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = key_file_journal
    assert (home / "key.age").read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt")
    before = every_file(home)
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, passphrase_command(tmp_path, "wrong"))
    result = run.fails(KeyUnavailable.exit_code, "goal", "add", "Never saved")
    assert result.stderr == (
        f"Error: Wrong passphrase for the key file {home / 'key.age'}, 3 times; "
        "nothing was changed.\n"
    )
    assert times_asked(tmp_path) == 3
    assert every_file(home) == before


def test_a_failing_passphrase_command_changes_nothing(
    run: Run, key_file_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = key_file_journal
    before = every_file(home)
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, "false")
    for args in (("goal", "add", "Never saved"), ("key", "rotate"), ("decrypt",)):
        result = run.fails(KeyUnavailable.exit_code, *args)
        assert result.stderr == (
            f"Error: {keys.PASSPHRASE_COMMAND_ENV} ('false') exited with status 1; nothing "
            "was changed.\n"
        )
    assert every_file(home) == before


@pytest.mark.slow
def test_the_key_file_passphrase_is_asked_once_per_command(
    run: Run, key_file_journal: Path, tmp_path: Path
) -> None:
    run.ok("goal", "add", "Second")  # reads the journal, writes it and a snapshot
    assert times_asked(tmp_path) == 1
    assert run.json("key", "show")["kept"] == [str(key_file_journal / "key.age")]
    assert times_asked(tmp_path) == 1  # showing the key needs no secret


def test_no_terminal_and_no_passphrase_command_is_one_sentence(
    run: Run, key_file_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = every_file(key_file_journal)
    monkeypatch.delenv(keys.PASSPHRASE_COMMAND_ENV)
    monkeypatch.setattr(keys, "_tty_available", lambda: False)
    result = run.fails(KeyUnavailable.exit_code, "goal", "list")
    assert result.stderr == (
        "Error: A passphrase is needed, but there is no terminal to ask it on; set "
        f"{keys.PASSPHRASE_COMMAND_ENV} to a command that prints it.\n"
    )
    assert every_file(key_file_journal) == before


def test_a_missing_key_is_one_sentence_and_changes_nothing(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(run)
    run.ok("encrypt")
    recipient = run.json("key", "show")["recipient"]
    before = every_file(isolated_env)
    use_keyring(monkeypatch, FILE_KEYRING, tmp_path / "another-device")
    result = run.fails(KeyUnavailable.exit_code, "goal", "add", "Never saved")
    assert result.stderr == (
        f"Error: No key for the encrypted home {isolated_env} (recipient {recipient}): not in "
        "the system keyring, and no key file holds it; copy key.age from the device that "
        "encrypted it (`mentorlog key export`) into the home.\n"
    )
    run.fails(KeyUnavailable.exit_code, "status")
    assert every_file(isolated_env) == before


@pytest.mark.slow
def test_no_keyring_falls_back_on_the_key_file_and_says_so(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keyring(monkeypatch, NO_KEYRING, tmp_path / "unused")
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, passphrase_command(tmp_path, "pass phrase"))
    build(run)
    done = run.ok("encrypt")
    assert "Note: the system keyring is not available (NoKeyringError" in done.stderr
    assert f"the key goes in the key file {isolated_env / 'key.age'} instead." in done.stderr
    assert (isolated_env / "key.age").exists()
    listed = run.ok("goal", "list", "--json")
    assert f"using the key file {isolated_env / 'key.age'} instead." in listed.stderr
    assert [g["title"] for g in json.loads(listed.stdout)] == ["Ship the PR"]


@pytest.mark.slow
def test_the_exported_key_opens_the_journal_on_a_second_device(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(run)
    run.ok("encrypt")
    before = run.json("goal", "list")
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, passphrase_command(tmp_path, "moving day"))
    exported = tmp_path / "key-for-laptop.age"
    run.ok("key", "export", "--out", str(exported))
    assert exported.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt")
    assert b"AGE-SECRET-KEY" not in exported.read_bytes()
    result = run.fails(Conflict.exit_code, "key", "export", "--out", str(exported))
    assert "exists already" in result.stderr
    # The second device: a copy of the home, its own (empty) keyring, the key file copied in.
    laptop = tmp_path / "laptop"
    shutil.copytree(isolated_env, laptop)
    shutil.copy(exported, laptop / "key.age")
    use_keyring(monkeypatch, FILE_KEYRING, tmp_path / "laptop-keyring")
    monkeypatch.setenv("MENTORLOG_HOME", str(laptop))
    assert run.json("goal", "list") == before
    assert times_asked(tmp_path) == 2  # exporting, then opening the key file once


def test_encrypt_on_a_second_device_puts_the_key_file_in_its_keyring(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device joining an encrypted home (its key.age copied in) runs `encrypt`: the key
    file's passphrase is asked once, the key goes in that device's keyring, and no later
    command asks it (each would otherwise pay a passphrase and a scrypt)."""
    build(run)
    run.ok("encrypt")
    before = run.json("goal", "list")
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, passphrase_command(tmp_path, "moving day"))
    exported = tmp_path / "key-for-laptop.age"
    run.ok("key", "export", "--out", str(exported))
    laptop = tmp_path / "laptop"
    shutil.copytree(isolated_env, laptop)
    shutil.copy(exported, laptop / "key.age")
    use_keyring(monkeypatch, FILE_KEYRING, tmp_path / "laptop-keyring")
    monkeypatch.setenv("MENTORLOG_HOME", str(laptop))
    key_file_before = (laptop / "key.age").read_bytes()
    result = run.ok("encrypt")
    assert "system keyring, taken from" in result.stderr
    assert times_asked(tmp_path) == 2  # exporting, then opening the key file once
    keys.forget()  # the next commands start with nothing held, as new processes do
    assert run.json("goal", "list") == before
    run.ok("goal", "add", "Written on the laptop")
    assert times_asked(tmp_path) == 2
    assert (laptop / "key.age").read_bytes() == key_file_before
    assert run.json("key", "show")["kept"] == ["keyring", str(laptop / "key.age")]


def test_a_journal_encrypted_to_another_key_is_refused(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(run)
    run.ok("encrypt")
    other = tmp_path / "other"
    monkeypatch.setenv("MENTORLOG_HOME", str(other))
    run.ok("goal", "add", "Someone else's")
    run.ok("encrypt")
    monkeypatch.setenv("MENTORLOG_HOME", str(isolated_env))
    shutil.copy(other / "journal.json", isolated_env / "journal.json")
    before = every_file(isolated_env)
    result = run.fails(KeyUnavailable.exit_code, "goal", "add", "Never saved")
    assert result.stderr.startswith(
        f"Error: Cannot decrypt {isolated_env / 'journal.json'} (No matching keys found): it "
        "is encrypted to another key than this home's"
    )
    run.fails(KeyUnavailable.exit_code, "decrypt")
    run.fails(KeyUnavailable.exit_code, "key", "rotate")
    assert every_file(isolated_env) == before


def test_a_plain_journal_dropped_into_an_encrypted_home_is_refused_then_encrypted(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second machine writing plain JSON into an encrypted home (jrnl #1808): refused with
    a sentence, untouched; `mentorlog encrypt` encrypts it."""
    plain = tmp_path / "plain"
    monkeypatch.setenv("MENTORLOG_HOME", str(plain))
    run.ok("goal", "add", "From the other machine")
    monkeypatch.setenv("MENTORLOG_HOME", str(isolated_env))
    build(run)
    run.ok("encrypt")
    shutil.copy(plain / "journal.json", isolated_env / "journal.json")
    before = every_file(isolated_env)
    result = run.fails(JournalRefused.exit_code, "goal", "list")
    assert result.stderr == (
        f"Error: {isolated_env / 'journal.json'} is not encrypted, but the home "
        f"{isolated_env} is; run `mentorlog encrypt` to encrypt it (it was left untouched).\n"
    )
    run.fails(JournalRefused.exit_code, "goal", "add", "Never saved")
    assert every_file(isolated_env) == before
    assert "Encrypted 1 file." in run.ok("encrypt").stderr
    assert (isolated_env / "journal.json").read_bytes().startswith(AGE)
    assert [g["title"] for g in run.json("goal", "list")] == ["From the other machine"]


def test_an_encrypted_journal_in_a_plain_home_is_refused(run: Run, isolated_env: Path) -> None:
    build(run)
    run.ok("encrypt")
    (isolated_env / crypt.MARKER_FILE).unlink()
    before = every_file(isolated_env)
    result = run.fails(KeyUnavailable.exit_code, "goal", "list")
    assert result.stderr == (
        f"Error: {isolated_env / 'journal.json'} is encrypted, but the home {isolated_env} "
        f"has no {crypt.MARKER_FILE} naming its key; put back that file (or the whole home) "
        "from where it was encrypted.\n"
    )
    assert every_file(isolated_env) == before


def test_a_damaged_marker_is_refused(run: Run, isolated_env: Path) -> None:
    build(run)
    run.ok("encrypt")
    (isolated_env / crypt.MARKER_FILE).write_text('recipient = "nope"\n')
    result = run.fails(JournalRefused.exit_code, "goal", "list")
    assert "does not name an age recipient and a known state" in result.stderr


def test_encrypting_an_empty_home_encrypts_its_first_journal(run: Run, isolated_env: Path) -> None:
    assert "Encrypted 0 files." in run.ok("encrypt").stderr
    run.ok("goal", "add", "First")
    assert (isolated_env / "journal.json").read_bytes().startswith(AGE)
    assert [g["title"] for g in run.json("goal", "list")] == ["First"]


def test_key_commands_in_a_plain_home_say_it_is_not_encrypted(
    run: Run, isolated_env: Path, tmp_path: Path
) -> None:
    build(run)
    assert run.ok("key", "show").stderr == (
        "This home is not encrypted; `mentorlog encrypt` encrypts it.\n"
    )
    result = run.fails(Conflict.exit_code, "key", "rotate")
    assert "is not encrypted, so it has no key to rotate" in result.stderr
    result = run.fails(Conflict.exit_code, "key", "export", "--out", str(tmp_path / "k.age"))
    assert "is not encrypted, so it has no key to export" in result.stderr
    assert not (tmp_path / "k.age").exists()


def test_encrypt_never_overwrites_an_earlier_key_file(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(run)
    (isolated_env / "key.age").write_bytes(b"an earlier key")
    before = every_file(isolated_env)
    monkeypatch.setenv(keys.PASSPHRASE_COMMAND_ENV, passphrase_command(tmp_path, RIGHT))
    result = run.fails(Conflict.exit_code, "encrypt", "--key-file")
    assert result.stderr.startswith(f"Error: {isolated_env / 'key.age'} exists already")
    assert every_file(isolated_env) == before
    assert times_asked(tmp_path) == 0


def test_a_damaged_encrypted_journal_names_the_snapshot_to_restore(
    run: Run, isolated_env: Path
) -> None:
    build(run)
    run.ok("encrypt")
    recipient = run.json("key", "show")["recipient"]
    newest = run.json("backup", "list")[0]["name"]
    journal = isolated_env / "journal.json"
    journal.write_bytes(keys.encrypt(b'{"_meta": {"1": ', recipient))
    result = run.fails(JournalRefused.exit_code, "goal", "list")
    assert result.stderr.startswith(f"Error: The journal {journal} is not valid JSON")
    assert result.stderr.endswith(f"mentorlog backup restore {newest}.\n")
    run.ok("backup", "restore", newest)
    assert [g["title"] for g in run.json("goal", "list")] == ["Ship the PR"]
    assert journal.read_bytes().startswith(AGE)


def editor_recording_its_file(tmp_path: Path, text: str) -> str:
    """An $EDITOR that writes `text` into the file it opens and records where that was."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        f"open({str(tmp_path / 'opened')!r}, 'w').write(sys.argv[1])\n"
        f"open(sys.argv[1], 'w').write({text!r})\n"
    )
    return f"{sys.executable} {script}"


def test_in_an_encrypted_home_the_editor_file_is_in_memory(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("encrypt")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("EDITOR", editor_recording_its_file(tmp_path, "CANARYeditorzq"))
    run.ok("note", "add", "--private")
    opened = Path((tmp_path / "opened").read_text())
    assert opened.parent == runtime
    assert not opened.exists()  # removed once read
    assert [n["text"] for n in run.json("note", "list")] == ["CANARYeditorzq"]
    for name, content in every_file(isolated_env).items():
        assert b"CANARYeditorzq" not in content, name


def test_an_encrypted_home_with_no_memory_folder_refuses_the_editor(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.cli import editor
    from mentorlog.errors import EditorFailed

    run.ok("encrypt")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(editor, "SHARED_MEMORY", str(tmp_path / "no-such-folder"))
    monkeypatch.setenv("EDITOR", editor_recording_its_file(tmp_path, "never"))
    result = run.fails(EditorFailed.exit_code, "note", "add")
    assert "there is no folder in memory" in result.stderr
    assert not (tmp_path / "opened").exists()
    run.ok("note", "add", "Given on the command line")


@pytest.mark.slow
def test_rotating_a_key_file_keeps_the_passphrase_and_only_the_new_key(
    run: Run, key_file_journal: Path, tmp_path: Path
) -> None:
    home = key_file_journal
    old = run.json("key", "show")["recipient"]
    before = run.json("goal", "list")
    assert times_asked(tmp_path) == 1
    run.ok("key", "rotate")
    assert times_asked(tmp_path) == 2  # asked once, used again to wrap the new key
    new = run.json("key", "show")["recipient"]
    assert new != old
    held = bytes(pyrage.passphrase.decrypt((home / "key.age").read_bytes(), RIGHT)).decode()
    identities = [pyrage.x25519.Identity.from_str(line) for line in held.split()]
    assert [str(i.to_public()) for i in identities] == [new]
    for path in journal_and_snapshots(home):
        assert keys.try_decrypt(path.read_bytes(), identities) is not None, path
    assert run.json("goal", "list") == before
