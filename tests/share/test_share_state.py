"""What a share keeps between rounds, and how it meets the rest of mentorlog: the sync-token
(and the full listing when the server forgot it), `--json`, a read-only login, the state
encrypted in an encrypted home, and `mentorlog sync` sharing at its end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dav_server import USERS, DavServer
from mentorlog.errors import NotFound, ShareFailed
from mentorlog.store import crypt
from share_devices import ShareDevice, pair, summaries
from sync_devices import bare_repo

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("share_keyring")]
T2 = "2026-11-21T11:00:00+01:00"


def state_file(device: ShareDevice) -> Path:
    return device.home / "share" / f"{device.other}.json"


def test_the_state_keeps_the_servers_sync_token_and_a_forgotten_one_lists_everything(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    mentee, mentor = pair(tmp_path, dav_server, calendar_url)
    mentee.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    mentee.sync()
    kept = json.loads(state_file(mentee).read_text())
    assert kept["token"].startswith("http://radicale.org/ns/sync/")
    [entry] = kept["entries"].values()
    assert entry["etag"]
    assert entry["href"].endswith(".ics")

    mentor.sync()
    mentor.at(T2).ok("action", "add", "Book a room", "--owner", "me", "--with", "ben")
    mentor.sync()
    kept["token"] = "http://radicale.org/ns/sync/0000"  # one the server never gave
    state_file(mentee).write_text(json.dumps(kept))
    said = mentee.at(T2).sync()
    assert "received 1 change" in said
    assert sorted(a["text"] for a in mentee.json("action", "list")) == [
        "Book a room",
        "Send the CV",
    ]
    assert json.loads(state_file(mentee).read_text())["token"] != kept["token"]


def test_share_sync_json_prints_what_each_round_did(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = pair(tmp_path, dav_server, calendar_url)
    mentee.ok("topic", "add", "Conference talk", "--with", "ana")
    [outcome] = mentee.json("share", "sync")
    assert outcome["handle"] == "ana"
    assert outcome["url"] == calendar_url
    assert (outcome["sent"], outcome["deleted"], outcome["received"]) == (1, 0, 0)
    assert outcome["conflicts"] == []
    [listed] = mentee.json("share", "list")
    assert listed["last_sync"]["sent"] == 1


def test_a_login_that_may_only_read_is_refused_when_it_writes(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    reader = ShareDevice(tmp_path / "reader", "reader", "ana")
    reader.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
    reader.link(calendar_url)  # reading is allowed
    reader.ok("action", "add", "Send the CV", "--owner", "me", "--with", "ana")
    before = reader.journal_bytes()
    failed = reader.fails(ShareFailed.exit_code, "share", "sync")
    assert "does not let the user 'reader' write to" in failed.stderr
    assert reader.journal_bytes() == before
    assert summaries(dav_server, calendar_url) == []


def test_in_an_encrypted_home_the_share_state_is_encrypted(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = pair(tmp_path, dav_server, calendar_url)
    mentee.ok("encrypt")
    mentee.ok("action", "add", "SECRETACTION for the CV", "--owner", "me", "--with", "ana")
    mentee.sync()
    raw = state_file(mentee).read_bytes()
    assert raw.startswith(crypt.AGE_HEADER)
    assert b"SECRETACTION" not in raw
    assert "sent 0 objects" in mentee.sync()  # read back through the key
    mentee.ok("key", "rotate")
    assert "sent 0 objects" in mentee.sync()
    mentee.ok("decrypt")
    assert not state_file(mentee).read_bytes().startswith(crypt.AGE_HEADER)
    assert "sent 0 objects" in mentee.sync()


def test_mentorlog_sync_shares_at_its_end(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = pair(tmp_path, dav_server, calendar_url)
    mentee.ok("sync", "init", str(bare_repo(tmp_path / "remote.git")))
    mentee.ok("topic", "add", "Conference talk", "--with", "ana")
    said = mentee.ok("sync").stderr
    assert "Synced with" in said
    assert f"Shared with ana at {calendar_url}: sent 1 object" in said
    assert summaries(dav_server, calendar_url) == ["Conference talk"]
    assert USERS["mentee"] not in (mentee.home / "config.toml").read_text()


def test_a_person_no_longer_in_the_journal_shares_nothing_and_deletes_nothing(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    mentee, mentor = pair(tmp_path, dav_server, calendar_url)
    mentor.ok("topic", "add", "Conference talk", "--with", "ben")
    mentor.sync()
    mentee.ok("person", "delete", "ana")
    failed = mentee.fails(NotFound.exit_code, "share", "sync")
    assert "share remove ana" in failed.stderr
    assert summaries(dav_server, calendar_url) == ["Conference talk"]


def test_pointed_at_another_calendar_a_share_starts_over_there(
    tmp_path: Path, dav_server: DavServer, calendar_url: str
) -> None:
    mentee, _ = pair(tmp_path, dav_server, calendar_url)
    mentee.ok("topic", "add", "Conference talk", "--with", "ana")
    mentee.sync()
    other = dav_server.make_calendar("shared/second-calendar")
    mentee.link(other)
    assert "sent 1 object" in mentee.sync()
    assert summaries(dav_server, other) == ["Conference talk"]
    assert summaries(dav_server, calendar_url) == ["Conference talk"]  # left as it was
