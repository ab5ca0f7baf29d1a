"""A full disk and a read-only folder, for real where this machine lets us mount a small
tmpfs (we run as root in CI's VM), and portably by running the real CLI while one of the
file operations a save needs fails with ENOSPC: a clear one-sentence error with exit 7, the
journal untouched, no temp file left behind, and the next write works once there is room
again. The commands run in this process (faultkit.Mentorlog), but for one real process
whose file writes fail, which shows the console script's own exit path says the same."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from diskfull import STEPS, no_space_at
from faultkit import Done, Mentorlog, Process

from mentorlog.errors import StorageFailed

TEMPS = ".journal.json-*.tmp"
NO_SPACE = os.strerror(errno.ENOSPC)  # "No space left on device"


def fill(ml: Mentorlog) -> None:
    """A journal worth keeping: a person, goals with long reasons, a meeting."""
    ml.ok("person", "add", "bob", "--name", "Bob", "--role", "mentor", "--tz", "UTC")
    for n in range(3):
        ml.ok("goal", "add", f"goal {n}", "--why", "because " * 400)
    ml.ok("meeting", "add", "--with", "bob", "--at", "2026-11-25 09:00")


def assert_storage_failed(done: Done, ml: Mentorlog, before: bytes, reason: str) -> None:
    """Exit 7, one sentence naming the reason, nothing on stdout, the journal as it was."""
    assert done.code == StorageFailed.exit_code, str(done)
    assert done.out == ""
    assert done.err.startswith("Error: "), str(done)
    assert len(done.err.strip().splitlines()) == 1, str(done)
    assert reason in done.err, str(done)
    assert str(ml.home) in done.err, str(done)
    assert "nothing was changed" in done.err, str(done)
    assert ml.journal_bytes() == before
    assert not list(ml.home.glob(TEMPS)), "a temp file was left behind"


# -- a real tmpfs -----------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `where` for the block; skips the test where mounting
    is not allowed (not root, or no CAP_SYS_ADMIN in a container)."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the patched-write tests cover this")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], check=False)


def fill_the_disk(folder: Path) -> None:
    """Write zeros until the file system says there is no room left, even for a block."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (65536, 512):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    with pytest.raises(OSError, match=NO_SPACE):
        (folder / "probe").write_bytes(b"x" * 4096)


@pytest.mark.slow  # mounts, remounts and chattr: system calls as root
def test_a_full_disk_is_a_clear_error_and_the_journal_is_untouched(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "512k") as mnt:
        ml = Mentorlog(mnt / "home")
        fill(ml)
        fill_the_disk(mnt)
        before = ml.journal_bytes()
        done = ml("goal", "add", "one too many", "--why", "room " * 3000)
        assert_storage_failed(done, ml, before, NO_SPACE)
        done = ml("note", "add", "a long note " * 1500)
        assert_storage_failed(done, ml, before, NO_SPACE)
        # reading needs no room
        assert len(ml.json("goal", "list")) == 3
        ml.ok("status")
        # once there is room again, the next write works
        (mnt / "filler").unlink()
        ml.ok("goal", "add", "one too many", "--why", "room " * 3000)
        assert len(ml.json("goal", "list")) == 4


@pytest.mark.slow  # mounts, remounts and chattr: system calls as root
def test_a_read_only_folder_is_a_clear_error_and_the_journal_is_untouched(
    tmp_path: Path,
) -> None:
    with tmpfs(tmp_path / "mnt", "4m") as mnt:
        ml = Mentorlog(mnt / "home")
        fill(ml)
        before = ml.journal_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        reason = os.strerror(errno.EROFS)  # "Read-only file system"
        for args in (
            ["goal", "add", "nope"],
            ["goal", "progress", "1", "+10"],
            ["person", "edit", "bob", "--name", "Robert"],
            ["config", "set", "name", "Ana"],
        ):
            assert_storage_failed(ml(*args), ml, before, reason)
        # everything that only reads still works
        assert [g["title"] for g in ml.json("goal", "list")] == ["goal 0", "goal 1", "goal 2"]
        ml.ok("export", "json")
        # a new home inside the read-only folder cannot be made: said so, once
        done = Mentorlog(mnt / "elsewhere")("goal", "add", "x")
        assert done.code == StorageFailed.exit_code, str(done)
        assert done.err.startswith(f"Error: Cannot create the mentorlog home {mnt / 'elsewhere'}")
        assert len(done.err.strip().splitlines()) == 1


@pytest.mark.slow  # mounts, remounts and chattr: system calls as root
def test_an_immutable_folder_is_a_clear_error(isolated_env: Path) -> None:
    """Where `chattr +i` works (root, on ext4 and friends), a folder nothing may be added
    to: the lock opens, the temp file cannot be made."""
    ml = Mentorlog(isolated_env)
    fill(ml)
    before = ml.journal_bytes()
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("chattr +i needs root")
    locked = subprocess.run(
        ["chattr", "+i", str(isolated_env)], capture_output=True, text=True, check=False
    )
    if locked.returncode != 0:
        pytest.skip(f"chattr +i does not work here ({locked.stderr.strip()})")
    try:
        done = ml("goal", "add", "nope")
        assert_storage_failed(done, ml, before, os.strerror(errno.EPERM))
        assert len(ml.json("goal", "list")) == 3
    finally:
        subprocess.run(["chattr", "-i", str(isolated_env)], check=True)
    ml.ok("goal", "add", "now it works")


# -- patched writes, anywhere ----------------------------------------------------------------


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("filled") / "home"
    fill(Mentorlog(home))
    return home


@pytest.mark.parametrize("where", STEPS)
def test_no_space_at_any_step_of_a_save_is_a_clear_error(
    filled: Path, tmp_path: Path, where: str
) -> None:
    home = tmp_path / "home"
    shutil.copytree(filled, home)
    ml = Mentorlog(home)
    before = ml.journal_bytes()
    for args in (["goal", "add", "nope"], ["action", "done", "1"], ["meeting", "cancel", "1"]):
        with no_space_at(where):
            done = ml(*args)
        if args[:2] == ["action", "done"]:  # no action 1: refused before anything is saved
            assert done.code == 3, str(done)
            continue
        assert_storage_failed(done, ml, before, NO_SPACE)
    # the same command without the patch saves as usual: the failure was the disk's
    ml.ok("goal", "add", "fine")
    assert ml.journal_bytes() != before
    assert not list(home.glob(TEMPS))


def test_no_space_when_saving_config_is_a_clear_error(filled: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(filled, home)
    ml = Mentorlog(home)
    ml.ok("config", "set", "name", "Ana")
    config = home / "config.toml"
    before = config.read_bytes()
    with no_space_at("write"):
        done = ml("config", "set", "name", "Bea")
    assert done.code == StorageFailed.exit_code, str(done)
    assert done.err.startswith("Error: "), str(done)
    assert NO_SPACE in done.err
    assert len(done.err.strip().splitlines()) == 1
    assert config.read_bytes() == before


# The real CLI in a child process whose `ENOSPC_AT` step of a save fails (see diskfull).
ENOSPC_AT = textwrap.dedent(
    f"""
    import os, runpy, sys

    sys.path.insert(0, {str(Path(__file__).parent)!r})
    from diskfull import no_space_at

    sys.argv = ["mentorlog", *sys.argv[1:]]
    with no_space_at(os.environ["ENOSPC_AT"]):
        runpy.run_module("mentorlog", run_name="__main__", alter_sys=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("where", ["write", "rename"])
def test_no_space_in_a_real_process_is_the_same_clear_error(
    filled: Path, tmp_path: Path, where: str
) -> None:
    home = tmp_path / "home"
    shutil.copytree(filled, home)
    child = Process(home)
    before = child.journal_bytes()
    done = child("goal", "add", "nope", env={"ENOSPC_AT": where}, runner=["-c", ENOSPC_AT])
    assert_storage_failed(done, child, before, NO_SPACE)
    child.ok("goal", "add", "fine")
