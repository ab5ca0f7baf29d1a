"""khal and todoman, pointed at the Radicale storage folder of a shared calendar (a vdir:
one .ics file per object), show the shared meetings and action items right."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from dav_server import DavServer
from share_devices import pair
from vdir_readers import KHAL, TODO, khal_config

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("share_keyring")]
TODO_CONFIG = """path = "{vdir}"
date_format = "%Y-%m-%d"
time_format = "%H:%M"
"""


def utc(instant: str) -> str:
    """An instant of `--json` as khal prints it in UTC."""
    from datetime import UTC, datetime

    return datetime.fromisoformat(instant).astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def tool(exe: Path, home: Path, *args: str) -> str:
    done = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(home), "TZ": "UTC", "PATH": "/usr/bin:/bin"},
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    return done.stdout


@pytest.mark.skipif(not (KHAL.exists() and TODO.exists()), reason="khal or todoman missing")
def test_khal_and_todoman_read_the_shared_calendar_folder(
    tmp_path: Path, dav_server: DavServer
) -> None:
    url = dav_server.make_calendar("shared/for-khal")
    mentee, _ = pair(tmp_path, dav_server, url)
    mentee.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--tz", "ana",
              "--every", "weekly", "--count", "3", "--title", "Weekly sync")  # fmt: skip
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana", "--due",
              "2026-11-30")  # fmt: skip
    mentee.ok("action", "add", "Review the CV", "--owner", "ana")
    mentee.ok("action", "done", "2")
    mentee.ok("topic", "add", "Conference talk", "--with", "ana")
    mentee.sync()
    vdir = dav_server.storage / "collection-root" / "shared" / "for-khal"
    assert len(list(vdir.glob("*.ics"))) == 4

    home = tmp_path / "readers"
    home.mkdir()
    (home / "khal.conf").write_text(khal_config("shared", vdir, home))
    listed = tool(KHAL, home, "-c", str(home / "khal.conf"), "list", "--format",
                  "{start}|{end}|{title}", "--day-format", "", "2026-11-20", "30d")  # fmt: skip
    occurrences = mentee.json("meeting", "list", "--from", "2026-11-20", "--to", "2026-12-20")
    expected = [f"{utc(o['start_utc'])}|{utc(o['end_utc'])}|{o['title']}" for o in occurrences]
    assert listed.splitlines() == expected
    assert len(expected) == 3

    (home / "todoman.py").write_text(TODO_CONFIG.format(vdir=vdir))
    todos = json.loads(tool(TODO, home, "--config", str(home / "todoman.py"), "--porcelain",
                            "list", "--status", "ANY"))  # fmt: skip
    found = {t["summary"]: t for t in todos}
    assert set(found) == {"Send the CV", "Review the CV", "Conference talk"}
    assert found["Review the CV"]["completed"] is True
    assert found["Send the CV"]["completed"] is False
    assert found["Send the CV"]["due"] is not None
