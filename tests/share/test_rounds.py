"""Two homes, a mentor's and a mentee's, sharing one collection (in memory here; the real
server is in the engine's tests): rounds run as the engine runs them settle, so that a
second round writes nothing and applies nothing on either side, after every kind of change
on either side."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from inprocess import invoke
from mentorlog.share.views import View
from share_journals import USER_NOW, Server


class Home:
    def __init__(self, folder: Path, handle: str) -> None:
        self.folder, self.handle = folder, handle
        self.base: dict[str, View] = {}

    def __call__(self, *args: str) -> str:
        result = invoke(args, env={"MENTORLOG_HOME": str(self.folder)})
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def json(self, *args: str) -> Any:
        import json

        return json.loads(self(*args, "--json"))


@pytest.fixture
def homes(tmp_path: Path) -> tuple[Home, Home, Server]:
    mentor, mentee = Home(tmp_path / "mentor", "ana"), Home(tmp_path / "mentee", "bob")
    mentor("person", "add", "ana", "--name", "Ana", "--role", "mentee", "--tz", "America/New_York")
    mentee("person", "add", "bob", "--name", "Bob", "--role", "mentor", "--tz", "Europe/London")
    mentor(
        "meeting", "add", "--with", "ana", "--at", "2026-11-03 09:00", "--tz", "ana",
        "--every", "weekly", "--title", "Weekly sync",
    )  # fmt: skip
    mentor("action", "add", "Ana drafts the talk", "--owner", "ana", "--due", "2026-11-30")
    mentor("action", "add", "Bob books the room", "--with", "ana")
    mentor("topic", "add", "The offsite", "--with", "ana")
    mentor("goal", "add", "Give a talk", "--with", "ana", "--due", "2027-02-01")
    mentor("milestone", "add", "Abstract accepted", "--with", "ana", "--on", "2026-11-18")
    mentor("note", "add", "She is ready", "--with", "ana")
    mentor("agenda", "1", "--save")
    return mentor, mentee, Server()


# Each round a minute after the last: what a round applies is stamped then, never at the
# instant the other side made the change.
CLOCK = iter(USER_NOW + timedelta(minutes=n) for n in range(1, 100_000))


def sync(server: Server, home: Home) -> tuple[int, list[str]]:
    return server.round(home.folder, home.handle, home.base, now=next(CLOCK))


def settled(server: Server, *homes: Home) -> None:
    """Another round on each side writes nothing and applies nothing."""
    for _ in range(2):
        for home in homes:
            assert sync(server, home) == (0, []), home.folder.name


def test_both_homes_settle_after_the_first_share(homes: tuple[Home, Home, Server]) -> None:
    mentor, mentee, server = homes
    written, said = sync(server, mentor)
    assert (written, said) == (7, [])
    written, said = sync(server, mentee)
    assert written == 0
    assert len(said) >= 7
    settled(server, mentor, mentee)
    owners = {a["text"]: a["owner"] for a in mentee.json("action", "list")}
    assert owners == {"Ana drafts the talk": "me", "Bob books the room": "bob"}
    assert mentee.json("meeting", "show", "1")["agenda"].startswith("# Weekly sync")


@pytest.mark.parametrize(
    "change",
    [
        ("mentee", ("action", "done", "1")),
        ("mentee", ("topic", "done", "1")),
        ("mentee", ("topic", "add", "Travel budget", "--with", "bob")),
        ("mentee", ("goal", "progress", "1", "40")),
        ("mentee", ("goal", "done", "1")),
        ("mentee", ("note", "add", "Thanks for the intro", "--with", "bob")),
        ("mentee", ("meeting", "cancel", "1", "--occurrence", "2026-12-01 15:00")),
        (
            "mentee",
            (
                "meeting",
                "edit",
                "1",
                "--occurrence",
                "2026-12-08 15:00",
                "--at",
                "2026-12-08 10:00",
            ),
        ),
        ("mentee", ("action", "delete", "2")),
        ("mentor", ("meeting", "edit", "1", "--from", "2026-12-01", "--at", "2026-12-01 10:30")),
        ("mentor", ("action", "edit", "1", "--due", "2026-12-04")),
        ("mentor", ("milestone", "edit", "1", "--title", "Abstract accepted!")),
        ("mentor", ("meeting", "cancel", "1")),
        ("mentor", ("goal", "drop", "1")),
        ("mentor", ("note", "edit", "1", "--text", "She is more than ready")),
        ("mentee", ("topic", "delete", "1")),
        ("mentee", ("agenda", "1", "--save")),
        ("mentee", ("meeting", "edit", "1", "--from", "2026-12-08", "--at", "2026-12-08 11:00")),
    ],
)
def test_a_change_on_one_side_reaches_the_other_and_settles(
    homes: tuple[Home, Home, Server], change: tuple[str, tuple[str, ...]]
) -> None:
    mentor, mentee, server = homes
    sync(server, mentor)
    sync(server, mentee)
    side, args = change
    (mentee if side == "mentee" else mentor)(*args)
    first, other = (mentee, mentor) if side == "mentee" else (mentor, mentee)
    written, _ = sync(server, first)
    assert written >= 1
    _, said = sync(server, other)
    assert said, "the other side applied nothing"
    settled(server, mentor, mentee)
    # Both homes share the same thing now.
    assert mentor.base == mentee.base


def test_both_sides_edit_one_action_the_later_wins_and_both_settle(
    homes: tuple[Home, Home, Server],
) -> None:
    mentor, mentee, server = homes
    sync(server, mentor)
    sync(server, mentee)
    mentor("action", "edit", "1", "--due", "2026-12-02")
    sync(server, mentor)
    # The mentee edits the same action later, before their next round.
    mine = {a["text"]: a["id"] for a in mentee.json("action", "list")}
    invoke(
        ["action", "edit", str(mine["Ana drafts the talk"]), "--due", "2026-12-09"],
        env={"MENTORLOG_HOME": str(mentee.folder), "MENTORLOG_NOW": "2026-11-23T09:00:00+01:00"},
    )
    written, _ = sync(server, mentee)
    assert written == 1
    assert sync(server, mentor)[1] == ["Changed action 1 (due date) as they edited it."]
    settled(server, mentor, mentee)
    dues = {a["text"]: a["due"] for a in mentor.json("action", "list")}
    assert dues["Ana drafts the talk"] == "2026-12-09"
    assert mentor.base == mentee.base


def phone_edit(server: Server, text: str, *changes: tuple[str, str]) -> None:
    """Change the object whose SUMMARY is `text` as a phone app does: its own lines
    replaced, mentorlog's X- properties dropped, LAST-MODIFIED later."""
    [uid] = [u for u, raw in server.objects.items() if f"SUMMARY:{text}\r\n".encode() in raw]
    lines = server.objects[uid].decode().split("\r\n")
    kept = [line for line in lines if not line.startswith(("X-MENTORLOG", "LAST-MODIFIED"))]
    body = "\r\n".join(kept)
    for old, new in changes:
        assert old in body
        body = body.replace(old, new)
    marker = "SUMMARY:" + text
    body = body.replace(marker, marker + "\r\nLAST-MODIFIED:20261122T090000Z")
    server.objects[uid] = body.encode()


def test_a_phone_ticks_an_action_done_and_both_homes_settle(
    homes: tuple[Home, Home, Server],
) -> None:
    mentor, mentee, server = homes
    sync(server, mentor)
    sync(server, mentee)
    phone_edit(
        server,
        "Ana drafts the talk",
        ("STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20261122T085900Z"),
    )
    assert sync(server, mentor)[1] == [
        "Closed action 1 (Ana drafts the talk): ticked done in their calendar."
    ]
    [said] = sync(server, mentee)[1]  # its ids follow the order objects came in
    assert re.fullmatch(
        r"Closed action \d+ \(Ana drafts the talk\): ticked done in their calendar\.", said
    )
    # One of them puts back the owner the phone dropped; then nothing more moves.
    for home in (mentor, mentee, mentor):
        sync(server, home)
    settled(server, mentor, mentee)
    for home in (mentor, mentee):
        done = [a for a in home.json("action", "list", "--all") if a["status"] == "done"]
        assert [(a["text"], a["completed"]) for a in done] == [
            ("Ana drafts the talk", "2026-11-22T08:59:00+00:00")
        ]
    assert b"X-MENTORLOG-OWNER:mentee" in next(
        raw for raw in server.objects.values() if b"SUMMARY:Ana drafts the talk" in raw
    )


def test_a_comment_written_on_a_phone_reaches_both_homes_as_a_note(
    homes: tuple[Home, Home, Server],
) -> None:
    mentor, mentee, server = homes
    sync(server, mentor)
    sync(server, mentee)
    phone_edit(server, "Weekly sync", ("DESCRIPTION:# Weekly sync", "DESCRIPTION:# Weekly sync"))
    [uid] = [u for u, raw in server.objects.items() if b"SUMMARY:Weekly sync" in raw]
    from mentorlog.share.views import from_ics, to_ics

    view = from_ics(server.objects[uid], uid_hint=uid)
    view["agenda"] += "\nCould we move to Thursdays?"
    server.objects[uid] = to_ics(view)
    said = sync(server, mentor)[1]
    assert said == ["Kept what ana wrote on meeting 1 in their calendar as note 2."]
    for home in (mentee, mentor, mentee):
        sync(server, home)
    settled(server, mentor, mentee)
    for home in (mentor, mentee):
        texts = [n["text"] for n in home.json("note", "list")]
        assert texts.count("Could we move to Thursdays?") == 1
