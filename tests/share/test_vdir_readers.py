"""khal and todoman read the objects shared with a person, written out as a vdir (one .ics
per object, as vdirsyncer keeps a CalDAV collection, and as Radicale stores one): khal
lists the shared meetings where `meeting list` has them (moved and cancelled occurrences
too), and todoman lists the action items, talking points and goals with their due dates
and done marks."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Run
from mentorlog.share.views import to_ics
from share_journals import relationship, views_of
from vdir_readers import KHAL, TODO, khal_config

pytestmark = pytest.mark.slow


TODO_CONFIG = """path = "{home}/calendars/*"
date_format = "%Y-%m-%d"
time_format = "%H:%M"
default_list = "ana"
cache_path = "{home}/todoman.cache"
"""


def reader(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(home), "TZ": "UTC", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        timeout=600,
    )


@pytest.fixture
def vdir(run: Run, tmp_path: Path) -> Path:
    """What the journal shares with ana, one object a file, in tmp_path/calendars/ana."""
    relationship(run)
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-12-01 15:00")
    run.ok("meeting", "edit", "1", "--occurrence", "2026-12-08 15:00", "--at", "2026-12-08 11:30")
    run.ok("action", "done", "2")
    folder = tmp_path / "calendars" / "ana"
    folder.mkdir(parents=True)
    for uid, view in views_of("ana").items():
        (folder / f"{uid}.ics").write_bytes(to_ics(view))
    return folder


@pytest.mark.skipif(not KHAL.exists(), reason="khal is not installed (pip install -e '.[test]')")
def test_khal_lists_the_shared_meetings_where_mentorlog_has_them(
    vdir: Path, run: Run, tmp_path: Path
) -> None:
    config = tmp_path / "khal.conf"
    config.write_text(khal_config("ana", vdir, tmp_path), encoding="utf-8")
    listed = reader(
        tmp_path, str(KHAL), "-c", str(config), "list", "--format", "{start}|{end}|{title}",
        "--day-format", "", "2026-11-20", "60d",
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    theirs = sorted(line for line in listed.stdout.splitlines() if line.startswith("20"))
    ours = run.json(
        "meeting", "list", "--with", "ana", "--from", "2026-11-20", "--to", "2027-01-18"
    )
    expected = sorted(
        f"{start:%Y-%m-%d %H:%M}|{start + timedelta(minutes=o['duration']):%Y-%m-%d %H:%M}|"
        f"{o['title']}"
        for o in ours
        if o["status"] != "cancelled"
        for start in [datetime.fromisoformat(o["start"]).astimezone(UTC)]
    )
    assert len(expected) > 5
    assert "2026-12-08 16:30|2026-12-08 17:15|Weekly sync" in theirs  # the moved one
    assert not any(line.startswith("2026-12-01 14:00") for line in theirs)  # the cancelled one
    assert theirs == expected


@pytest.mark.skipif(not TODO.exists(), reason="todoman is not installed (pip install -e '.[test]')")
def test_todoman_lists_the_shared_actions_talking_points_and_goals(
    vdir: Path, tmp_path: Path
) -> None:
    config = tmp_path / "todoman.py"
    config.write_text(TODO_CONFIG.format(home=tmp_path), encoding="utf-8")
    listed = reader(
        tmp_path, str(TODO), "--config", str(config), "--porcelain", "list", "--status", "ANY"
    )
    assert listed.returncode == 0, listed.stderr
    found = {
        (
            todo["summary"],
            datetime.fromtimestamp(todo["due"], UTC).date().isoformat() if todo["due"] else None,
            todo["completed"],
            tuple(sorted(todo["categories"])),
        )
        for todo in json.loads(listed.stdout)
    }
    assert found == {
        ("Send the CV", "2026-11-30", False, ("Action item", "mentorlog")),
        ("Review the CV", None, True, ("Action item", "mentorlog")),
        ("Conference talk", None, False, ("Talking point", "mentorlog")),
        ("Get promoted", "2027-03-01", False, ("Goal", "mentorlog")),
    }
    # The other side can filter the talking points by their category.
    points = reader(
        tmp_path, str(TODO), "--config", str(config), "--porcelain", "list", "--category",
        "Talking point",
    )  # fmt: skip
    assert [t["summary"] for t in json.loads(points.stdout)] == ["Conference talk"]
