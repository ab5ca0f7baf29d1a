"""The test harness itself: the process zone is the one the run asks for (UTC, or
MENTORLOG_TEST_TZ), here and in child processes, and a command run in this process leaves
nothing behind that the next one could see."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import Run
from inprocess import TEST_TZ, invoke


def test_the_process_zone_is_the_one_the_run_asks_for() -> None:
    expected = datetime.now(ZoneInfo(TEST_TZ)).utcoffset()
    assert datetime.now().astimezone().utcoffset() == expected
    child = subprocess.run(
        [sys.executable, "-c", "from datetime import datetime; print(datetime.now().astimezone())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert datetime.fromisoformat(child.stdout.strip()).utcoffset() == expected


def test_a_command_in_this_process_leaves_nothing_for_the_next(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system zone is read anew (tzlocal caches it), colour is decided anew (the
    consoles are cached), and the collector, the folder and `TZ` are as they were."""
    collecting, thresholds, folder = gc.isenabled(), gc.get_threshold(), Path.cwd()
    monkeypatch.delenv("MENTORLOG_TZ")
    for zone in ("America/Sao_Paulo", "Asia/Tokyo"):
        shown = invoke(["config", "show"], env={"TZ": zone}).stdout
        assert zone in shown
        assert "system" in shown
    run.ok("goal", "add", "Late", "--due", "2026-11-01")
    assert "\x1b[" in invoke(["goal", "list"], env={"FORCE_COLOR": "1", "NO_COLOR": None}).stdout
    assert "\x1b" not in run.ok("goal", "list").stdout
    assert (gc.isenabled(), gc.get_threshold(), Path.cwd()) == (collecting, thresholds, folder)
    assert datetime.now().astimezone().utcoffset() == datetime.now(ZoneInfo(TEST_TZ)).utcoffset()
