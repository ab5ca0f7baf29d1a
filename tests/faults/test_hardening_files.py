"""Hardening of the files mentorlog writes (issue 18, items 2, 3, 6 and 7), with real files:
symbolic links, FIFOs, sockets, devices, folders without permission, and an editor that
deletes its file.

- `--out` never replaces what is not a regular file: a link is written through (its target
  replaced atomically), a FIFO or a character device written into, anything else refused;
- a `journal.json` that is a link keeps being one, and the file it leads to gets every
  change, under a lock beside it that every home linking to it takes;
- a path `--out` cannot use is one sentence with exit 2 or 7, never exit 1;
- an editor that leaves no file is exit 8, nothing saved.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultkit import Mentorlog, Process, assert_one_error_line
from hostile import copy_of, seeded_home

from mentorlog.store import BACKUP_DIR, JOURNAL_FILE, locked
from waiting import DEADLINE, lock_is_held

# Every command that writes a document with --out, on the seeded journal (meeting 1 exists).
OUT_COMMANDS = {
    "export json": ["export", "json"],
    "export md": ["export", "md"],
    "export ics": ["export", "ics"],
    "report": ["report"],
    "agenda": ["agenda", "1"],
}
AS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory)


@pytest.fixture
def ml(isolated_env: Path, seeded: Path) -> Mentorlog:
    return copy_of(seeded, isolated_env)


def _document(ml: Mentorlog, command: list[str], tmp_path: Path) -> bytes:
    """What the command writes to a new regular file."""
    plain = tmp_path / "plain.out"
    ml.ok(*command, "--out", str(plain))
    return plain.read_bytes()


# -- item 2: --out and what is at the path ----------------------------------------------------


@pytest.mark.parametrize("command", OUT_COMMANDS.values(), ids=OUT_COMMANDS.keys())
def test_out_through_a_symlink_writes_its_target_and_keeps_the_link(
    ml: Mentorlog, tmp_path: Path, command: list[str]
) -> None:
    expected = _document(ml, command, tmp_path)
    elsewhere = tmp_path / "synced"
    elsewhere.mkdir()
    target = elsewhere / "document.out"
    target.write_text("old contents")
    link = tmp_path / "link.out"
    link.symlink_to(Path("synced") / "document.out")  # relative, as `ln -s` makes them
    ml.ok(*command, "--out", str(link))
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("synced") / "document.out")
    assert target.read_bytes() == expected
    assert sorted(p.name for p in elsewhere.iterdir()) == ["document.out"]  # no temp left


def test_out_through_a_chain_of_links_to_a_new_file_makes_it_where_they_lead(
    ml: Mentorlog, tmp_path: Path
) -> None:
    expected = _document(ml, ["export", "md"], tmp_path)
    (tmp_path / "dir").mkdir()
    first = tmp_path / "first.md"
    (tmp_path / "second.md").symlink_to(tmp_path / "dir" / "made.md")  # not made yet
    first.symlink_to(tmp_path / "second.md")
    ml.ok("export", "md", "--out", str(first))
    assert first.is_symlink()
    assert (tmp_path / "second.md").is_symlink()
    assert (tmp_path / "dir" / "made.md").read_bytes() == expected


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[tuple[Path, list[bytes], threading.Thread]]:
    """A FIFO, a thread reading it to its end, and what arrives through it."""
    path = tmp_path / "pipe"
    os.mkfifo(path, 0o600)
    keep = tmp_path / "pipe.kept"
    os.link(path, keep)  # the same FIFO, whatever becomes of `path`
    arrived: list[bytes] = []

    def read() -> None:
        with open(keep, "rb") as pipe:  # blocks until a writer opens it
            arrived.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    yield path, arrived, reader
    if not arrived:  # no writer came: be the one (when the reader waits), so that it ends
        with contextlib.suppress(OSError):
            os.close(os.open(keep, os.O_WRONLY | os.O_NONBLOCK))
    reader.join()


@pytest.mark.slow
@pytest.mark.parametrize("command", OUT_COMMANDS.values(), ids=OUT_COMMANDS.keys())
def test_out_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(
    ml: Mentorlog,
    tmp_path: Path,
    fifo: tuple[Path, list[bytes], threading.Thread],
    command: list[str],
) -> None:
    path, arrived, reader = fifo
    expected = _document(ml, command, tmp_path)
    Process(ml.home).ok(*command, "--out", str(path))
    assert stat.S_ISFIFO(path.lstat().st_mode)
    reader.join(DEADLINE)  # the writer has closed it: the reader is at its end
    assert arrived == [expected]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pipe")] == []


def test_out_through_a_link_to_dev_null_writes_nothing_and_keeps_the_link(
    ml: Mentorlog, tmp_path: Path
) -> None:
    link = tmp_path / "discard.json"
    link.symlink_to("/dev/null")
    ml.ok("export", "json", "--out", str(link))
    assert link.is_symlink()
    assert os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_out_to_dev_null_itself_leaves_the_device(ml: Mentorlog) -> None:
    # (as root, before the fix, this replaced /dev/null with a regular file)
    before = os.stat("/dev/null")
    for command in OUT_COMMANDS.values():
        ml.ok(*command, "--out", "/dev/null")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.slow
@pytest.mark.parametrize("out", ["/dev/fd/1", "link to /dev/stdout"])
def test_out_to_standard_output_reaches_a_pipe_and_a_redirected_file(
    ml: Mentorlog, tmp_path: Path, out: str
) -> None:
    expected = _document(ml, ["export", "md"], tmp_path)
    if out.startswith("link"):
        (tmp_path / "stdout.md").symlink_to("/dev/stdout")
        out = str(tmp_path / "stdout.md")
    child = Process(ml.home)
    done = child.ok("export", "md", "--out", out)
    assert done.out.encode() == expected  # stdout is a pipe here
    redirected = tmp_path / "redirected.md"
    with open(redirected, "wb") as stdout:  # a shell's `> redirected.md`
        proc = subprocess.run(
            child.argv(["export", "md", "--out", out]),
            env=child.child_env(),
            cwd=child.cwd,
            stdout=stdout,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    assert redirected.read_bytes() == expected
    if out.endswith("stdout.md"):
        assert (tmp_path / "stdout.md").is_symlink()


def test_out_to_a_socket_is_refused_and_the_socket_left(ml: Mentorlog, tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        done = ml.fails(7, "export", "json", "--out", str(path))
        assert done.err == (
            f"Error: Cannot write to {path}: it is a socket, not a file; give a file name.\n"
        )
        assert stat.S_ISSOCK(path.lstat().st_mode)


# -- item 6: --out paths that cannot be written -----------------------------------------------


@pytest.mark.parametrize("command", OUT_COMMANDS.values(), ids=OUT_COMMANDS.keys())
def test_out_with_a_name_too_long_is_bad_input(
    ml: Mentorlog, tmp_path: Path, command: list[str]
) -> None:
    before = ml.journal_bytes()
    long_name = tmp_path / ("x" * 300 + ".out")
    done = ml.fails(2, *command, "--out", str(long_name))
    assert done.err.startswith(f"Error: Cannot write to {str(long_name)[:60]}…")
    assert done.err.endswith(": the name is too long for the file system; give a shorter one.\n")
    long_path = tmp_path / "/".join(["y" * 200] * 30) / "r.out"  # past PATH_MAX
    assert ml.fails(2, *command, "--out", str(long_path)).err.endswith("give a shorter one.\n")
    assert ml.journal_bytes() == before


def test_out_under_a_file_is_bad_input(ml: Mentorlog, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file")
    target = tmp_path / "plain" / "r.md"
    done = ml.fails(2, "report", "--out", str(target))
    assert (
        done.err == f"Error: Cannot write to {target}: part of the path is a file, not a folder.\n"
    )


def test_out_through_links_in_a_loop_is_bad_input(ml: Mentorlog, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    done = ml.fails(2, "export", "ics", "--out", str(tmp_path / "a"))
    assert done.err == f"Error: Cannot write to {tmp_path / 'a'}: its links go round in a loop.\n"


def _without_root_powers() -> list[str] | None:
    """The prefix that runs a command as this user without the powers to ignore a folder's
    mode ([] when it has none); None when they cannot be dropped here."""
    if not AS_ROOT:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.mark.slow
@pytest.mark.parametrize("command", OUT_COMMANDS.values(), ids=OUT_COMMANDS.keys())
@pytest.mark.parametrize("mode", [0o000, 0o500], ids=["no access", "read only"])
def test_out_in_a_folder_without_permission_is_a_storage_failure(
    ml: Mentorlog, tmp_path: Path, command: list[str], mode: int
) -> None:
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("root here cannot drop the powers that ignore a folder's mode")
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(mode)
    child = Process(ml.home)
    before = child.journal_bytes()
    try:
        proc = subprocess.run(
            [*prefix, *child.argv([*command, "--out", str(closed / "r.out")])],
            env=child.child_env(),
            cwd=child.cwd,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    finally:
        closed.chmod(0o700)
    assert proc.returncode == 7, proc.stderr
    assert proc.stdout == b""
    assert proc.stderr.decode() == (
        f"Error: Cannot write to {closed / 'r.out'}: permission denied; choose a folder you "
        "can write to.\n"
    )
    assert list(closed.iterdir()) == []
    assert child.journal_bytes() == before


# -- item 3: a journal.json that is a symbolic link -------------------------------------------


@pytest.fixture
def linked(isolated_env: Path, tmp_path: Path) -> tuple[Mentorlog, Path]:
    """A home whose journal.json links to a journal in another folder (a synced one)."""
    synced = tmp_path / "synced"
    synced.mkdir()
    ml = Mentorlog(isolated_env)
    ml.ok("goal", "add", "Before the move")
    real = synced / "mentorlog.json"
    (isolated_env / JOURNAL_FILE).rename(real)
    (isolated_env / JOURNAL_FILE).symlink_to(real)
    return ml, real


def test_a_symlinked_journal_stays_a_link_and_its_target_gets_every_change(
    linked: tuple[Mentorlog, Path],
) -> None:
    ml, real = linked
    link = ml.home / JOURNAL_FILE
    ml.ok("goal", "add", "After the move")
    ml.ok("note", "add", "A note")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert [g["title"] for g in ml.json("goal", "list")] == ["Before the move", "After the move"]
    assert "After the move" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    # the snapshots stay in the home; nothing but the journal and its lock beside the target
    assert sorted(p.name for p in real.parent.iterdir()) == [".mentorlog.json.lock", real.name]
    assert len(list((ml.home / BACKUP_DIR).iterdir())) >= 2
    ml.ok("undo")
    assert link.is_symlink()
    assert [g["title"] for g in ml.json("goal", "list")] == ["Before the move", "After the move"]
    assert ml.json("note", "list") == []
    assert '"text": "A note"' not in real.read_text()


def test_a_symlinked_journal_a_writer_killed_left_a_temp_beside_is_cleaned(
    linked: tuple[Mentorlog, Path],
) -> None:
    ml, real = linked
    stale = real.with_name(f".{real.name}-abc123.tmp")
    stale.write_text("half a journal")
    ml.ok("goal", "add", "Next")
    assert not stale.exists()
    assert (ml.home / JOURNAL_FILE).is_symlink()


def test_a_home_linking_to_a_journal_waits_for_the_lock_beside_it(
    linked: tuple[Mentorlog, Path], tmp_path: Path
) -> None:
    ml, real = linked
    other = tmp_path / "other-home"
    other.mkdir(mode=0o700)
    (other / JOURNAL_FILE).symlink_to(real)
    before = real.read_bytes()
    with locked(other):  # another home, writing the same file: its own lock and this one
        assert lock_is_held(real.with_name(f".{real.name}.lock"))
        done = ml.fails(6, "goal", "add", "Waits", env={"MENTORLOG_LOCK_TIMEOUT": "0.1"})
    assert "is busy: another mentorlog command has held it for 0.1 s" in done.err
    assert real.read_bytes() == before
    ml.ok("goal", "add", "Now")


@pytest.mark.slow
def test_two_homes_linking_one_journal_lose_no_write(isolated_env: Path, tmp_path: Path) -> None:
    """Two homes (two locks of their own) write one linked journal in parallel: the lock
    beside the target keeps each change."""
    shared = tmp_path / "synced" / "journal.json"
    shared.parent.mkdir()
    Mentorlog(isolated_env).ok("goal", "add", "Seed")
    (isolated_env / JOURNAL_FILE).rename(shared)
    homes = [tmp_path / "home-a", tmp_path / "home-b"]
    for home in homes:
        home.mkdir(mode=0o700)
        (home / JOURNAL_FILE).symlink_to(shared)
    writers = [
        Process(home).popen(
            "goal", "add", f"{home.name} {n}", env={"MENTORLOG_LOCK_TIMEOUT": "120"}
        )
        for n in range(4)
        for home in homes
    ]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    titles = {g["title"] for g in Mentorlog(homes[0]).json("goal", "list")}
    assert titles == {"Seed"} | {f"{home.name} {n}" for n in range(4) for home in homes}
    assert all((home / JOURNAL_FILE).is_symlink() for home in homes)


# -- item 7: an editor that deletes its file ---------------------------------------------------

REMOVING_EDITOR = "sh -c 'rm -f \"$1\"' editor"


@pytest.mark.parametrize(
    "command", [["note", "add"], ["meeting", "notes", "1"], ["reflect"]], ids=" ".join
)
def test_an_editor_that_deletes_its_file_is_exit_8_and_nothing_saved(
    ml: Mentorlog, command: list[str]
) -> None:
    before = ml.journal_bytes()
    done = ml.fails(8, *command, env={"EDITOR": REMOVING_EDITOR})
    assert done.err == (
        f"Error: The editor {REMOVING_EDITOR!r} left no file to read (No such file or "
        "directory); nothing was saved.\n"
    )
    assert ml.journal_bytes() == before


@pytest.mark.slow
def test_an_editor_that_leaves_a_folder_in_a_real_process_is_exit_8(ml: Mentorlog) -> None:
    editor = 'sh -c \'rm -f "$1" && mkdir "$1"\' editor'
    child = Process(ml.home)
    before = child.journal_bytes()
    done = child("note", "add", env={"EDITOR": editor})
    assert done.code == 8, str(done)
    assert_one_error_line(done)
    assert "left no file to read (Is a directory)" in done.err
    assert child.journal_bytes() == before
