"""What the hostile-input tests share: where a hostile value goes in a command line, the
escape sequences they type, a seeded journal to hang options on, the commands that show
journal text, and the check that nothing raw reaches a terminal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from faultkit import Done, Mentorlog

V = "\0value"  # where the hostile value goes in a command line (argv cannot hold a NUL)
# rich's own escape sequences, the only ones allowed in coloured output: SGR styling, and
# OSC 8 hyperlinks (the agenda's link, in `--format text`) whose URL holds no control
SGR = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x00-\x1f\x7f-\x9f]*\x1b\\")
# C0 and C1 controls but newline and tab, and DEL: none may reach a terminal raw
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Clear the screen, set the window title, an 8-bit CSI, a carriage return and a backspace
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\rX\x08\x7f"
COLOUR = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"}


def seed(ml: Mentorlog) -> None:
    """A person, a goal, a meeting, a series and a note to hang options on."""
    ml.ok("person", "add", "bob", "--name", "Bob", "--role", "mentor", "--tz", "UTC")
    ml.ok("goal", "add", "A goal", "--with", "bob")
    ml.ok("meeting", "add", "--with", "bob", "--at", "2026-11-25 09:00")
    ml.ok("meeting", "add", "--with", "bob", "--at", "2026-11-26 10:00", "--every", "weekly")
    ml.ok("note", "add", "first note")


def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded home to copy: seeding once saves a dozen commands per test."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    seed(Mentorlog(home))
    return home


def copy_of(seeded: Path, where: Path) -> Mentorlog:
    shutil.copytree(seeded, where, symlinks=True)
    return Mentorlog(where)


def human_reads(handle: str, query: str) -> list[list[str]]:
    """Every command that shows journal text to a person."""
    return [
        ["status"],
        ["goal", "list", "--status", "all"],
        ["goal", "show", "1"],
        ["person", "list", "--all"],
        ["person", "show", handle],
        ["meeting", "list"],
        ["meeting", "list", "--past"],
        ["meeting", "show", "1"],
        ["meeting", "show", "2"],
        ["action", "list", "--all"],
        ["action", "list", "--with", handle],
        ["topic", "list"],
        ["agenda", "1"],
        ["agenda", "1", "--format", "text"],
        ["agenda", "--with", handle],
        ["search", query],
        ["report"],
        ["export", "md"],
        ["feedback", "list"],
        ["feedback", "list", "--with", handle],
        ["note", "list"],
        ["note", "show", "1"],
        ["milestone", "list"],
        ["when", "2026-11-25 09:00"],
        ["schedule", "suggest", "--with", handle],
    ]


JSON_READS = [
    ["status", "--json"],
    ["goal", "list", "--status", "all", "--json"],
    ["goal", "show", "1", "--json"],
    ["person", "list", "--all", "--json"],
    ["meeting", "list", "--json"],
    ["meeting", "show", "1", "--json"],
    ["action", "list", "--all", "--json"],
    ["topic", "list", "--json"],
    ["agenda", "1", "--format", "json"],
    ["report", "--format", "json"],
    ["export", "json"],
    ["feedback", "list", "--json"],
    ["note", "list", "--json"],
    ["milestone", "list", "--json"],
]


def assert_harmless(done: Done, *, colour: bool) -> None:
    """No control character of the user's reaches the terminal: with colour, the only
    escape sequences are rich's own SGR codes."""
    assert done.code == 0, str(done)
    for name, stream in (("stdout", done.out), ("stderr", done.err)):
        rest = SGR.sub("", stream) if colour else stream
        found = CONTROL.search(rest)
        assert found is None, (
            f"{' '.join(done.args)}: raw {found.group()!r} on {name}: "
            f"{rest[max(0, found.start() - 40) : found.end() + 10]!r}"
        )


def check_all_harmless(ml: Mentorlog, commands: list[list[str]]) -> None:
    problems = []
    for colour in (False, True):
        for done in ml.many(commands, env=COLOUR if colour else None):
            try:
                assert_harmless(done, colour=colour)
            except AssertionError as exc:
                problems.append(f"{'colour' if colour else 'plain'}: {exc}")
    assert not problems, "\n\n".join(problems)


STAMP = "2026-11-01T10:00:00+01:00"


def rec(**fields: Any) -> dict[str, Any]:
    return {"uid": f"uid-{sorted(fields)}", "created": STAMP, "updated": STAMP, **fields}
