"""khal reads our export (issue 13): a real `khal import` of a whole journal's export,
with a meeting at a wall time the clocks show twice, into a calendar of a temp config, and
`khal list` shows every meeting where `meeting list` does.

khal took the repeated 01:30 as the second one and, with the end written in UTC, found it
before the start and refused the whole file; the end is now an exact DURATION there.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Run
from vdir_readers import KHAL, khal_config

pytestmark = pytest.mark.slow

# The one installed with the test extra, beside this Python; else one on PATH.
FROM, TO = "2026-11-01", "2027-12-31"
ZONES = {
    "alice": "Europe/Berlin",
    "bo": "Europe/London",
    "kim": "Australia/Lord_Howe",
    "uma": "America/New_York",
    "dev": "Asia/Kolkata",
}


def khal(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KHAL), "-c", str(home / "config"), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(home), "TZ": "UTC", "PATH": "/usr/bin:/bin"},
        timeout=600,
    )


@pytest.mark.skipif(not KHAL.exists(), reason="khal is not installed (pip install -e '.[test]')")
def test_khal_imports_the_whole_export_of_a_journal_with_an_ambiguous_meeting(
    run: Run, tmp_path: Path
) -> None:
    for handle, tz in ZONES.items():
        run.ok("person", "add", handle, "--name", handle.title(), "--role", "mentee", "--tz", tz)
    # 02:30 on 31 Oct 2027 comes twice in Berlin; the weekly London call crosses both changes.
    added = run("meeting", "add", "--with", "alice", "--at", "2027-10-31 02:30", "--tz", "alice")
    assert "show 02:30 twice on Sun 31 Oct 2027" in added.stderr
    assert "03:30 shows alike in every app" in added.stderr
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-01 12:00", "--tz", "bo",
           "--every", "weekly", "--count", "60")  # fmt: skip
    run.ok("meeting", "add", "--with", "kim", "--at", "2027-04-04 01:45", "--tz", "kim")
    run.ok("meeting", "add", "--with", "uma", "--at", "2027-03-14 01:30", "--tz", "uma",
           "--every", "daily", "--count", "5")  # fmt: skip
    run.ok("meeting", "add", "--with", "dev", "--at", "2027-01-05 18:00", "--tz", "dev",
           "--every", "monthly")  # fmt: skip
    (tmp_path / "calendar").mkdir()
    (tmp_path / "config").write_text(
        khal_config("mentorlog", tmp_path / "calendar", tmp_path), encoding="utf-8"
    )
    (tmp_path / "all.ics").write_bytes(run.ok("export", "ics", "--alarm", "0").stdout_bytes)

    imported = khal(tmp_path, "import", "--batch", str(tmp_path / "all.ics"))
    assert imported.returncode == 0, imported.stderr
    assert "error" not in imported.stderr.lower(), imported.stderr
    listed = khal(tmp_path, "list", "--format", "{start}|{end}|{title}", "--day-format", "",
                  FROM, "430d")  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    theirs = sorted(line for line in listed.stdout.splitlines() if line[:4] in ("2026", "2027"))

    # Every meeting is there, at the instant `meeting list` gives, but where the wall time
    # comes twice: khal reads the second (as the note at `meeting add` warned), keeping the
    # length. Berlin's 02:30 and Lord Howe's 01:45 (half an hour later there).
    expected = sorted(khal_line(o) for o in run.json("meeting", "list", "--from", FROM, "--to", TO))
    assert len(expected) > 70
    assert sum(line.startswith("2027-10-31 01:30|2027-10-31 02:15") for line in theirs) == 1
    assert theirs == expected


def khal_line(o: dict[str, Any]) -> str:
    """How khal lists an occurrence of `meeting list --json`, in UTC."""
    start = datetime.fromisoformat(o["start"])
    wall = start.replace(tzinfo=ZoneInfo(o["tz"]))
    second = wall.replace(fold=1)
    if second.utcoffset() != wall.utcoffset() and wall.astimezone(UTC).astimezone(
        wall.tzinfo
    ).replace(tzinfo=None) == wall.replace(tzinfo=None):
        start = second  # a repeated wall time: khal takes the later one
    begin = start.astimezone(UTC)
    end = begin + timedelta(minutes=o["duration"])
    return f"{begin:%Y-%m-%d %H:%M}|{end:%Y-%m-%d %H:%M}|{o['title']}"
