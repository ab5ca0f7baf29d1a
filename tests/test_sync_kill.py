"""A real `mentorlog sync` process killed (SIGKILL) at each step of a round, then synced
again: the journal is whole at every moment, and nothing either device wrote is lost.

The round stops itself at the named step (MENTORLOG_SYNC_STOP sends it SIGSTOP), and the
test waits for that with waitid, never for a length of time, then kills it."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import child_environment
from mentorlog.errors import JournalBusy, SyncFailed
from mentorlog.sync.engine import STEPS, STOP_ENV
from sync_devices import Device, bare_repo
from waiting import until_stopped

pytestmark = pytest.mark.slow
T1 = "2026-11-21T10:00:00+01:00"
T2 = "2026-11-21T11:00:00+01:00"
T3 = "2026-11-21T12:00:00+01:00"
T4 = "2026-11-21T13:00:00+01:00"


def stopped_at(device: Device, step: str) -> subprocess.Popen[bytes]:
    """A real `mentorlog sync` process of `device`, stopped (SIGSTOP) at `step`."""
    return until_stopped(
        subprocess.Popen(
            [sys.executable, "-m", "mentorlog", "sync"],
            env=child_environment(device.home, {"MENTORLOG_NOW": device.now, STOP_ENV: step}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    )


def killed_at(device: Device, step: str) -> None:
    proc = stopped_at(device, step)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("step", STEPS)
def test_a_sync_killed_at_any_step_loses_nothing(tmp_path: Path, step: str) -> None:
    remote = bare_repo(tmp_path / "remote.git")
    laptop, desktop = Device(tmp_path / "laptop", T1), Device(tmp_path / "desktop", T1)
    laptop.ok("goal", "add", "Shared")
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    laptop.at(T2).ok("goal", "add", "Laptop only")
    laptop.ok("goal", "edit", "1", "--why", "from the laptop")
    desktop.at(T2).ok("goal", "add", "Desktop only")
    desktop.ok("goal", "progress", "1", "30")
    desktop.ok("sync")

    killed_at(laptop.at(T3), step)
    titles = {g["title"] for g in laptop.json("goal", "list", "--status", "all")}
    assert {"Shared", "Laptop only"} <= titles  # whole, and nothing of its own lost

    laptop.at(T4).ok("sync")
    desktop.at(T4).ok("sync")
    assert laptop.records() == desktop.records()
    for device in (laptop, desktop):
        found = {g["title"]: g for g in device.json("goal", "list", "--status", "all")}
        assert set(found) == {"Shared", "Laptop only", "Desktop only"}
        assert (found["Shared"]["why"], found["Shared"]["progress"]) == ("from the laptop", 30)
        assert sorted(g["id"] for g in found.values()) == [1, 2, 3]


def test_a_push_rejected_because_another_device_pushed_first_merges_again(
    tmp_path: Path,
) -> None:
    remote = bare_repo(tmp_path / "remote.git")
    laptop, desktop = Device(tmp_path / "laptop", T1), Device(tmp_path / "desktop", T1)
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    laptop.at(T2).ok("goal", "add", "Laptop goal")
    desktop.at(T2).ok("goal", "add", "Desktop goal")
    proc = stopped_at(laptop.at(T3), "pushing")  # fetched, about to push
    desktop.at(T3).ok("sync")  # pushes first: the laptop's push will be rejected
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    desktop.at(T4).ok("sync")
    assert laptop.records() == desktop.records()
    titles = sorted(g["title"] for g in laptop.json("goal", "list"))
    assert titles == ["Desktop goal", "Laptop goal"]
    assert sorted(g["id"] for g in laptop.json("goal", "list")) == [1, 2]


def test_commands_during_a_sync_read_the_journal_as_it_was_or_wait(tmp_path: Path) -> None:
    remote = bare_repo(tmp_path / "remote.git")
    laptop, desktop = Device(tmp_path / "laptop", T1), Device(tmp_path / "desktop", T1)
    laptop.ok("goal", "add", "Mine")
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    desktop.at(T2).ok("goal", "add", "From the desktop")
    desktop.ok("sync")
    proc = stopped_at(laptop.at(T3), "pushed")  # merged, not yet in the journal
    try:
        assert [g["title"] for g in laptop.json("goal", "list")] == ["Mine"]
        busy = laptop.fails(
            JournalBusy.exit_code, "goal", "add", "x", env={"MENTORLOG_LOCK_TIMEOUT": "0"}
        )
        assert "is busy" in busy.stderr
    finally:
        proc.send_signal(signal.SIGCONT)
        _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert sorted(g["title"] for g in laptop.json("goal", "list")) == ["From the desktop", "Mine"]


def test_a_push_that_fails_midway_leaves_the_journal_unchanged(tmp_path: Path) -> None:
    import shutil

    remote = bare_repo(tmp_path / "remote.git")
    laptop, desktop = Device(tmp_path / "laptop", T1), Device(tmp_path / "desktop", T1)
    laptop.ok("sync", "init", str(remote))
    desktop.ok("sync", "init", str(remote))
    desktop.at(T2).ok("goal", "add", "From the desktop")
    desktop.ok("sync")
    laptop.at(T2).ok("goal", "add", "Laptop goal")
    before = laptop.journal_bytes()
    proc = stopped_at(laptop.at(T3), "pushing")  # merged the desktop's goal, not pushed
    shutil.rmtree(remote)  # the network goes away
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate()
    assert proc.returncode == SyncFailed.exit_code
    assert err.decode().startswith("Error: The push to the sync remote")
    assert len(err.decode().strip().splitlines()) == 1
    assert laptop.journal_bytes() == before
