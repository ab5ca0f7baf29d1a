"""Hostile input through the real CLI: random bytes and huge strings in every text option,
and what comes back from the editor. Whatever comes in, a command either works or refuses
with one sentence (never exit 1, never a traceback), and the user's data is never silently
dropped. Escape sequences are in test_hostile_escapes.py, journals edited by hand in
test_hostile_journals.py.

The commands run in this process (faultkit.Mentorlog), bytes on the command line decoded as
Python decodes a real argv; test_hostile_processes.py runs the few checks that only a real
process can make."""

from __future__ import annotations

import random
import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from faultkit import Done, Mentorlog, assert_one_error_line
from hostile import CONTROL, ESCAPES, V, copy_of, seeded_home


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory)


@pytest.fixture
def ml(isolated_env: Path, seeded: Path) -> Mentorlog:
    """A mentorlog on a seeded journal of its own."""
    return copy_of(seeded, isolated_env)


def each_option(
    seeded: Path, tmp_path: Path, check: Callable[[Mentorlog, str, list[str]], None]
) -> None:
    """`check(ml, name, template)` for every text option, each on a seeded journal of its
    own; every failure is reported, not just the first."""
    problems = []
    for n, (name, template) in enumerate(OPTIONS.items()):
        try:
            check(copy_of(seeded, tmp_path / f"home-{n}"), name, template)
        except AssertionError as exc:
            problems.append(f"{name}: {exc}")
    assert not problems, "\n\n".join(problems)


# Free text: stored as given (trimmed) when it is valid Unicode of a sane length.
FREE_TEXT = {
    "goal title": ["goal", "add", V],
    "goal --why": ["goal", "add", "t", "--why", V],
    "goal edit --title": ["goal", "edit", "1", "--title", V],
    "goal progress --note": ["goal", "progress", "1", "+5", "--note", V],
    "person --name": ["person", "add", "zed", "--name", V, "--role", "peer", "--tz", "UTC"],
    "person --expectations": [
        *("person", "add", "zed", "--name", "Z", "--role", "peer", "--tz", "UTC"),
        *("--expectations", V),
    ],
    "person edit --name": ["person", "edit", "bob", "--name", V],
    "meeting --title": ["meeting", "add", "--with", "bob", "--at", "thu 10am", "--title", V],
    "meeting notes": ["meeting", "notes", "1", V],
    "action text": ["action", "add", V],
    "topic text": ["topic", "add", V, "--with", "bob"],
    "feedback text": ["feedback", "add", V, "--from", "bob"],
    "milestone title": ["milestone", "add", V],
    "milestone --note": ["milestone", "add", "m", "--note", V],
    "note text": ["note", "add", V],
    "config name": ["config", "set", "name", V],
}
# Values that are parsed: handles, dates, zones, tags, rules, links... and queries.
PARSED = {
    "goal --due": ["goal", "add", "t", "--due", V],
    "goal --with": ["goal", "add", "t", "--with", V],
    "goal --tag": ["goal", "add", "t", "--tag", V],
    "goal progress": ["goal", "progress", "1", V],
    "person handle": ["person", "add", V, "--name", "N", "--role", "peer", "--tz", "UTC"],
    "person --tz": ["person", "add", "zed", "--name", "N", "--role", "peer", "--tz", V],
    "person --role": ["person", "add", "zed", "--name", "N", "--role", V, "--tz", "UTC"],
    "person --email": ["person", "edit", "bob", "--email", V],
    "person --hours": ["person", "edit", "bob", "--hours", V],
    "person --days": ["person", "edit", "bob", "--days", V],
    "person --cadence": ["person", "edit", "bob", "--cadence", V],
    "person --channel": ["person", "edit", "bob", "--channel", V],
    "meeting --at": ["meeting", "add", "--with", "bob", "--at", V],
    "meeting --every": ["meeting", "add", "--with", "bob", "--at", "tue 9am", "--every", V],
    "meeting --duration": ["meeting", "add", "--with", "bob", "--at", "tue 9am", "--duration", V],
    "meeting --link": ["meeting", "edit", "1", "--link", V],
    "meeting --tz": ["meeting", "edit", "1", "--tz", V],
    "meeting cancel --occurrence": ["meeting", "cancel", "2", "--occurrence", V],
    "action --owner": ["action", "add", "a", "--owner", V],
    "feedback --rating": ["feedback", "add", "f", "--to", "bob", "--rating", V],
    "milestone --on": ["milestone", "add", "m", "--on", V],
    "note --with": ["note", "add", "n", "--with", V],
    "search query": ["search", V],
    "search --since": ["search", "x", "--since", V],
    "report --since": ["report", "--since", V],
    "agenda --with": ["agenda", "--with", V],
    "when": ["when", V],
    "when --tz": ["when", "9am", "--tz", V],
    "schedule --within": ["schedule", "suggest", "--with", "bob", "--within", V],
    "config timezone": ["config", "set", "timezone", V],
    "action --due": ["action", "add", "a", "--due", V],
    "note --tag": ["note", "add", "n", "--tag", V],
    "meeting --channel": ["meeting", "edit", "1", "--channel", V],
    "agenda --format": ["agenda", "1", "--format", V],  # see QUOTED_WHOLE
    "search --type": ["search", "x", "--type", V],
}


OPTIONS = {**FREE_TEXT, **PARSED}
# A value each option takes, to prove that every command line above reaches its option.
GOOD = {
    "goal --due": "fri",
    "goal --with": "bob",
    "goal --tag": "career",
    "goal progress": "+10",
    "person handle": "zed",
    "person --tz": "Asia/Tokyo",
    "person --role": "mentee",
    "person --email": "bob@example.org",
    "person --hours": "10:00-18:00",
    "person --days": "mon-thu",
    "person --cadence": "2w",
    "person --channel": "call",
    "meeting --at": "tue 9am",
    "meeting --every": "weekly",
    "meeting --duration": "30m",
    "meeting --link": "https://meet.example.org/x",
    "meeting --tz": "Asia/Tokyo",
    "meeting cancel --occurrence": "2026-12-03",
    "action --owner": "bob",
    "feedback --rating": "4",
    "milestone --on": "yesterday",
    "note --with": "bob",
    "search --since": "2026-11-01",
    "report --since": "2026-11-01",
    "agenda --with": "bob",
    "when": "tue 9am",
    "when --tz": "bob",
    "schedule --within": "7d",
    "config timezone": "Asia/Tokyo",
    "action --due": "fri",
    "note --tag": "career",
    "meeting --channel": "video",
    "agenda --format": "json",
    "search --type": "goal",
}


def with_value(template: Sequence[str], value: str | bytes) -> list[str | bytes]:
    return [value if part == V else part for part in template]


def random_values(rng: random.Random) -> list[bytes]:
    """Bytes no one types: random noise (mostly invalid UTF-8), and valid UTF-8 full of
    controls and escapes (argv cannot hold a NUL, so neither has one)."""
    noise = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 48)))
    controls = "".join(chr(rng.choice([*range(1, 32), 127, *range(0x80, 0xA0)])) for _ in "1234")
    return [noise, f"title {controls} {ESCAPES} end".encode()]


def strings_in(value: Any) -> Iterator[str]:
    """Every string anywhere in a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def assert_refused_or_stored(ml: Mentorlog, done: Done, before: bytes, value: bytes) -> None:
    """A bad value is refused (one sentence, nothing written) or stored as given (as text
    that is valid UTF-8), never anything in between."""
    if done.code != 0:
        assert_one_error_line(done)
        assert done.out == "", str(done)
        assert ml.journal_bytes() == before, str(done)
        return
    assert "Traceback" not in done.err, str(done)
    raw = ml.journal_bytes()
    raw.decode("utf-8")  # the journal stays valid UTF-8 ...
    if raw != before:  # ... and a stored value is the one given, trimmed
        text = value.decode("utf-8").strip()
        assert any(text in stored for stored in strings_in(orjson.loads(raw))), str(done)


def test_every_option_line_works_with_a_good_value(seeded: Path, tmp_path: Path) -> None:
    """The command lines the tests below fill with hostile values are right: with a value
    the option takes, each one works."""

    def check(ml: Mentorlog, name: str, template: list[str]) -> None:
        done = ml(*with_value(template, GOOD.get(name, "Plain text")))
        assert done.code == 0, str(done)

    each_option(seeded, tmp_path, check)


def test_random_bytes_in_every_option_are_refused_or_stored_safely(
    seeded: Path, tmp_path: Path
) -> None:
    def check(ml: Mentorlog, name: str, template: list[str]) -> None:
        noise, controls = random_values(random.Random(f"bytes {name}"))
        for value in (noise, controls):
            before = ml.journal_bytes()
            done = ml(*with_value(template, value))
            assert_refused_or_stored(ml, done, before, value)
            # free text takes any valid Unicode (but your name, which must be printable)
            if value is controls and name in FREE_TEXT and name != "config name":
                assert done.code == 0, str(done)

    each_option(seeded, tmp_path, check)


@pytest.mark.parametrize("value", [b"caf\xe9", b"ok \xff\xfe", b"\xed\xa0\x80"])
def test_bytes_that_are_not_utf8_are_refused_in_free_text(ml: Mentorlog, value: bytes) -> None:
    before = ml.journal_bytes()
    done = ml.fails(2, "note", "add", value)
    assert done.err == (
        "Error: The note contains bytes that are not valid UTF-8; retype it or check "
        "your terminal's encoding.\n"
    )
    assert ml.journal_bytes() == before


# -- huge strings ---------------------------------------------------------------------------

# One argument can hold at most 128 KiB on Linux (MAX_ARG_STRLEN), so a megabyte comes
# through $EDITOR below; on the command line, 120,000 characters is the most there is.
HUGE = "x" * 120_000


def test_a_huge_value_in_any_option_is_refused_with_a_short_sentence(
    seeded: Path, tmp_path: Path
) -> None:
    def check(ml: Mentorlog, name: str, template: list[str]) -> None:
        if name in QUOTED_WHOLE:
            return  # a known fault, checked on its own below
        before = ml.journal_bytes()
        done = ml(*with_value(template, HUGE))
        if name == "search query":  # a search for anything is a search that finds nothing
            assert done.code == 0, str(done)
        else:
            assert_one_error_line(done)
            assert done.out == ""
        assert len(done.err) < 400, f"{len(done.err):,} characters on stderr"
        assert ml.journal_bytes() == before

    each_option(seeded, tmp_path, check)


# Messages that still quote a huge value whole, where timeparse.quote would cut it.
QUOTED_WHOLE = {
    "goal show ID": (
        ["goal", "show", V],
        "cli/main.py: _usage_message keeps click's 'Invalid value for ID: ...' whole",
    ),
    "agenda --format": (
        ["agenda", "1", "--format", V],
        "cli/agenda.py: 'Cannot use {format_!r} as a format' should use quote(), as report does",
    ),
}


@pytest.mark.parametrize(
    "template",
    [pytest.param(template, id=name) for name, (template, _why) in QUOTED_WHOLE.items()],
)
def test_a_huge_value_is_quoted_cut_short(ml: Mentorlog, template: list[str]) -> None:
    done = ml(*with_value(template, HUGE))
    assert_one_error_line(done)
    assert len(done.err) < 400, f"{len(done.err):,} characters on stderr"


LONG = "\n".join(f"Line {n}: " + "word " * 30 for n in range(1, 200))[:20_000]


@pytest.mark.parametrize(
    ("template", "show", "field"),
    [
        (["note", "add", V], ["note", "show", "2", "--json"], "text"),
        (["meeting", "notes", "1", V], ["meeting", "show", "1", "--json"], "notes"),
        (["feedback", "add", V, "--from", "bob"], ["feedback", "list", "--json"], "text"),
        (["goal", "add", "long why", "--why", V], ["goal", "show", "2", "--json"], "why"),
    ],
    ids=["note", "meeting notes", "feedback", "goal why"],
)
def test_twenty_thousand_characters_of_notes_are_kept_exactly(
    ml: Mentorlog, template: list[str], show: list[str], field: str
) -> None:
    assert len(LONG) == 20_000
    ml.ok(*with_value(template, LONG))
    shown = orjson.loads(ml.ok(*show).out)
    record = shown[0] if isinstance(shown, list) else shown
    # meeting notes start with a heading naming the occurrence; the rest is as written
    assert record[field].endswith(LONG.strip())


def editor(tmp_path: Path, payload: bytes) -> str:
    """An $EDITOR that writes `payload` into the file it is given."""
    data = tmp_path / "payload.bin"
    data.write_bytes(payload)
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, shutil\nshutil.copyfile(sys.argv[1], sys.argv[2])\n", encoding="utf-8"
    )
    return shlex.join([sys.executable, str(script), str(data)])


@pytest.mark.parametrize(
    ("command", "what"),
    [(["note", "add"], "note"), (["meeting", "notes", "1"], "notes")],
    ids=["note add", "meeting notes"],
)
def test_a_megabyte_from_the_editor_is_refused_and_nothing_saved(
    ml: Mentorlog, tmp_path: Path, command: list[str], what: str
) -> None:
    before = ml.journal_bytes()
    done = ml.fails(2, *command, env={"EDITOR": editor(tmp_path, b"y" * 1_000_000)})
    assert done.err == (
        f"Error: The {what} is 1,000,000 characters long; keep it to 20,000 or fewer.\n"
    )
    assert ml.journal_bytes() == before


def test_random_bytes_from_the_editor_are_stored_as_valid_text(
    ml: Mentorlog, tmp_path: Path
) -> None:
    # (no carriage return: reading the file back turns it into a newline, as it should)
    payload = b"before \xff\xfe\xed\xa0\x80 " + ESCAPES.replace("\r", "").encode() + b" after"
    ml.ok("note", "add", env={"EDITOR": editor(tmp_path, payload)})
    stored = ml.json("note", "list")[0]["text"]
    assert stored == payload.decode("utf-8", "replace").strip()
    shown = ml.ok("note", "show", "2")
    assert not CONTROL.search(shown.out)
    assert "\\x1b[2J" in shown.out
