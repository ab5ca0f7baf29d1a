"""Faults during a share round, against a real Radicale: a real `mentorlog share sync`
process stopped at a step (MENTORLOG_SHARE_STOP, SIGSTOP) and killed, the object changed
on the server between our read and our write (412), the server killed mid-round, and
malformed data on the server. The journal is whole and unchanged by a failed round, and the
next round ends where an unbroken one would have."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import child_environment
from dav_server import DavServer, PreconditionProxy
from mentorlog.errors import ShareFailed
from mentorlog.share.engine import STOP_ENV
from share_devices import ShareDevice, edit_object, pair, summaries
from waiting import until_stopped

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("share_keyring")]
T2 = "2026-11-21T11:00:00+01:00"
T3 = "2026-11-21T12:00:00+01:00"
STEPS = ("read", "uploaded", "saved")


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[DavServer]:
    """A Radicale of this test's own, which it may kill."""
    server = DavServer(tmp_path / "radicale").start()
    yield server
    server.kill()


def stopped_at(device: ShareDevice, step: str) -> subprocess.Popen[bytes]:
    """A real `mentorlog share sync` process of `device`, stopped (SIGSTOP) at `step`."""
    changes = {
        "MENTORLOG_NOW": device.now,
        "MENTORLOG_DAV_PASSWORD": device.password,
        STOP_ENV: step,
    }
    return until_stopped(
        subprocess.Popen(
            [sys.executable, "-m", "mentorlog", "share", "sync"],
            env=child_environment(device.home, changes),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    )


def carry_on(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate()
    return proc.returncode, err.decode()


def tick(cal: Any) -> None:
    todo = next(c for c in cal.walk("VTODO"))
    todo["STATUS"] = "COMPLETED"
    todo.add("COMPLETED", datetime(2026, 11, 21, 10, 30, tzinfo=UTC))
    todo["PERCENT-COMPLETE"] = 100


def state(device: ShareDevice) -> list[tuple[str, str, str | None]]:
    found = device.json("action", "list", "--all")
    return sorted((a["text"], a["status"], a["due"]) for a in found)


def setup(tmp_path: Path, server: DavServer, name: str) -> tuple[ShareDevice, ShareDevice, str]:
    url = server.make_calendar(f"shared/{name}")
    mentee, mentor = pair(tmp_path, server, url)
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.ok("action", "add", "Book a room", "--owner", "ana")
    mentee.sync()
    mentor.sync()
    return mentee, mentor, url


@pytest.mark.parametrize("step", STEPS)
def test_a_round_killed_at_any_step_is_redone_to_the_same_end(
    tmp_path: Path, own_server: DavServer, step: str
) -> None:
    mentee, mentor, url = setup(tmp_path, own_server, "killed")
    edit_object(own_server, url, "Send the CV", tick)  # their side: ticked on a phone
    [mine] = [a for a in mentee.json("action", "list") if a["text"] == "Book a room"]
    mentee.at(T2).ok("action", "edit", str(mine["id"]), "--due", "2026-12-01")  # ours
    before = mentee.journal_bytes()

    proc = stopped_at(mentee.at(T3), step)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if step != "saved":
        assert mentee.journal_bytes() == before  # nothing reached the journal

    mentee.at(T3).sync()
    expected = [("Book a room", "open", "2026-12-01"), ("Send the CV", "done", None)]
    assert state(mentee) == expected
    mentor.at(T3).sync()
    assert state(mentor) == expected
    assert "sent 0 objects" in mentee.at(T3).sync()


def test_an_object_changed_between_our_read_and_our_write_is_merged_again(
    tmp_path: Path, own_server: DavServer
) -> None:
    mentee, _, url = setup(tmp_path, own_server, "precondition")
    [cv] = [a for a in mentee.json("action", "list") if a["text"] == "Send the CV"]
    mentee.at(T2).ok("action", "edit", str(cv["id"]), "--due", "2026-12-01")
    proc = stopped_at(mentee.at(T3), "read")  # it read the server, not yet written
    edit_object(own_server, url, "Send the CV", tick)  # the PUT will meet a 412
    code, err = carry_on(proc)
    assert code == 0, err
    assert ("Send the CV", "done", "2026-12-01") in state(mentee)
    assert "sent 0 objects" in mentee.at(T3).sync()


def test_the_server_killed_mid_round_fails_it_and_the_next_one_completes(
    tmp_path: Path, own_server: DavServer
) -> None:
    mentee, _, url = setup(tmp_path, own_server, "down")
    [cv] = [a for a in mentee.json("action", "list") if a["text"] == "Send the CV"]
    mentee.at(T2).ok("action", "edit", str(cv["id"]), "--text", "Send the CV (PDF)")
    before = mentee.journal_bytes()
    proc = stopped_at(mentee.at(T3), "read")
    own_server.kill()
    code, err = carry_on(proc)
    assert code == ShareFailed.exit_code, err
    assert err.startswith("Error: Cannot reach the CalDAV server"), err
    assert len(err.strip().splitlines()) == 1
    assert mentee.journal_bytes() == before
    failed = mentee.fails(ShareFailed.exit_code, "share", "sync")
    assert "Cannot reach the CalDAV server" in failed.stderr

    own_server.start()
    mentee.at(T3).sync()
    assert summaries(own_server, url) == ["Book a room", "Send the CV (PDF)"]


def test_malformed_data_on_the_server_is_one_sentence_and_changes_nothing(
    tmp_path: Path, own_server: DavServer
) -> None:
    mentee, _, url = setup(tmp_path, own_server, "malformed")
    edit_object(own_server, url, "Send the CV", tick)
    broken = (  # Radicale takes it; mentorlog takes no year past 2999
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:broken\r\n"
        b"DTSTAMP:20261121T093000Z\r\nDTSTART:35001121T100000Z\r\nDTEND:35001121T110000Z\r\n"
        b"SUMMARY:Bad\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    own_server.put(url + "broken.ics", broken)
    before = mentee.journal_bytes()
    failed = mentee.at(T2).fails(ShareFailed.exit_code, "share", "sync")
    assert "broken.ics" in failed.stderr
    assert "the journal is unchanged" in failed.stderr
    assert mentee.journal_bytes() == before


def test_an_object_that_keeps_changing_fails_the_round_after_three_tries(
    tmp_path: Path, own_server: DavServer
) -> None:
    url = own_server.make_calendar("shared/keeps-changing")
    proxy = PreconditionProxy(own_server)
    try:
        mentee = ShareDevice(tmp_path / "mentee-home", "mentee", "ana")
        mentee.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
        mentee.link(proxy.url(url))
        mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
        before = mentee.journal_bytes()
        failed = mentee.fails(ShareFailed.exit_code, "share", "sync")
        assert "kept changing while we wrote it (412 3 times running)" in failed.stderr
        assert len(proxy.refused) == 3
        assert mentee.journal_bytes() == before
        assert summaries(own_server, url) == []
    finally:
        proxy.close()


def test_commands_during_a_round_read_the_journal_as_it_was_or_wait(
    tmp_path: Path, own_server: DavServer
) -> None:
    from mentorlog.errors import JournalBusy

    mentee, _, url = setup(tmp_path, own_server, "locked")
    edit_object(own_server, url, "Send the CV", tick)
    proc = stopped_at(mentee.at(T2), "uploaded")
    try:
        assert ("Send the CV", "open", None) in state(mentee)  # not yet in the journal
        busy = mentee.fails(
            JournalBusy.exit_code, "topic", "add", "x", "--with", "ana",
            env={"MENTORLOG_LOCK_TIMEOUT": "0"},
        )  # fmt: skip
        assert "is busy" in busy.stderr
    finally:
        code, err = carry_on(proc)
    assert code == 0, err
    assert ("Send the CV", "done", None) in state(mentee)
