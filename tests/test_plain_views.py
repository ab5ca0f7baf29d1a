"""The dashboard and the lists written without rich where nothing writes styles (a pipe, a
file: `render.plain`) are what rich writes there, byte for byte (`render.views`)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import Builder, Run, build_once, copy_home
from mentorlog.model import ActionItem, Topic
from mentorlog.render import actions_plain, console, plain, topics_plain
from mentorlog.render.actions import actions_table
from mentorlog.render.topics import topics_table

WIDTHS = ["40", "60", "80", "100", "120", "200"]
COMMANDS = [
    ("status",),
    (),
    ("meeting", "list"),
    ("meeting", "list", "--past"),
    ("meeting", "list", "--with", "bo", "--from", "2026-10-01", "--to", "2026-12-31"),
    ("action", "list"),
    ("action", "list", "--all"),
    ("person", "list"),
    ("person", "list", "--all"),
    ("topic", "list"),
    ("topic", "list", "--all"),
]
LONG_WORD = "Averyveryveryverylongwordwithoutanyspaceatallthatmustbecut"


def _write(b: Builder) -> None:
    b.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
         "--tz", "Asia/Tokyo", "--cadence", "2w", "--tag", "oss")  # fmt: skip
    b.ok("person", "add", "bo", "--name", f"李李李 Bo {LONG_WORD}", "--role", "mentee",
         "--tz", "America/New_York", "--hours", "8am-4pm")  # fmt: skip
    b.ok("person", "add", "cel", "--name", "Céline Dupré", "--role", "peer", "--tz", "Europe/Paris")
    b.ok("person", "add", "dee", "--name", "Dee", "--role", "peer", "--tz", "UTC")
    b.ok("person", "add", "kim", "--name", "Kim", "--role", "peer", "--tz", "Asia/Kolkata")
    b.ok("person", "archive", "dee")
    b.ok("goal", "add", "Give a conference talk about what I learned", "--with", "alice",
         "--due", "2026-11-18", "--tag", "speaking")  # fmt: skip
    b.ok("goal", "add", f"Café crème 李李李 {LONG_WORD} and more", "--due", "fri")
    for n in range(11):
        b.ok("goal", "add", f"Goal number {n} with a title long enough to fold at forty")
    b.ok("meeting", "add", "--with", "alice", "--with", "bo", "--with", "cel",
         "--at", "2026-10-20 09:00", "--every", "weekly", "--place", "Room 李 4")  # fmt: skip
    b.ok("meeting", "add", "--with", "bo", "--at", "mon 15:00",
         "--title", "A long meeting title that will need folding at forty")  # fmt: skip
    b.ok("meeting", "add", "--with", "cel", "--at", "2026-11-19 10:00")
    b.ok("meeting", "done", "3", "--rating", "4")
    b.ok("meeting", "add", "--with", "alice", "--at", "2026-11-16 09:00")
    b.ok("meeting", "cancel", "4")
    b.ok("meeting", "add", "--with", "kim", "--at", "today 18:00", "--title", LONG_WORD)
    b.ok("meeting", "add", "--with", "kim", "--at", "2026-11-12 08:00", "--every", "daily",
         "--count", "8")  # fmt: skip
    b.ok("action", "add", "Send the outline of the conference talk to everyone involved",
         "--due", "mon", "--with", "alice")  # fmt: skip
    b.ok("action", "add", "李李李 wide action", "--owner", "bo", "--due", "2026-11-10",
         "--meeting", "1")  # fmt: skip
    b.ok("action", "add", LONG_WORD, "--goal", "1", "--due", "tue")
    for n in range(10):
        b.ok("action", "add", f"Small task {n}", "--due", "wed", "--with", "cel")
    b.ok("action", "add", "Done already")
    b.ok("action", "done", "14")
    b.ok("topic", "add", "Ask about the talk 李李", "--with", "alice")
    b.ok("topic", "add", f"Second {LONG_WORD}", "--with", "bo")
    b.ok("topic", "done", "2")
    for n in range(6):
        b.ok("milestone", "add", f"Milestone {n} with a long title about a first talk {n}",
             "--with", "alice", "--on", f"2026-11-1{n}")  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = build_once(tmp_path_factory, _write).home
    # A zone edited by hand, that no clock can be read in (`unknown zone`).
    path = home / "journal.json"
    tables = orjson.loads(path.read_bytes())
    for record in tables["people"].values():
        if record["handle"] == "kim":
            record["tz"] = "Mars/Olympus"
    path.write_bytes(orjson.dumps(tables, option=orjson.OPT_INDENT_2))
    (home / ".journal.index").unlink(missing_ok=True)
    return home


def both_ways(run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> tuple[str, str]:
    """The command's output written plain (which it must be) and through rich."""
    written: list[str] = []

    def spy(text: str, write: Callable[[str], None] = plain.write) -> None:
        written.append(text)
        write(text)

    with monkeypatch.context() as spied:
        spied.setattr(plain, "write", spy)
        plain_way = run.ok(*args)
    with monkeypatch.context() as rich_only:
        rich_only.setattr(plain, "width", lambda: None)
        rich_way = run.ok(*args)
    assert plain_way.stderr == rich_way.stderr
    if plain_way.stdout:
        assert written, f"`{' '.join(args)}` went the plain way"
    return plain_way.stdout, rich_way.stdout


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_view_written_without_rich_is_the_view_rich_writes(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    built: Path,
    isolated_env: Path,
    args: tuple[str, ...],
    columns: str,
) -> None:
    copy_home(built, isolated_env)
    monkeypatch.setenv("COLUMNS", columns)
    plain_way, rich_way = both_ways(run, monkeypatch, args)
    assert plain_way == rich_way
    assert plain_way.count("\n") >= 3  # a header, its rule, a row at least


@pytest.mark.parametrize("columns", ["20", "40", "100"])
def test_the_welcome_and_empty_lists_are_written_as_rich_writes_them(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    plain_way, rich_way = both_ways(run, monkeypatch, ("status",))
    assert plain_way == rich_way
    assert "Welcome to mentorlog" in plain_way
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    for args in [("status",), ("action", "list"), ("topic", "list"), ("meeting", "list")]:
        plain_way, rich_way = both_ways(run, monkeypatch, args)
        assert plain_way == rich_way


class _Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@contextlib.contextmanager
def piped(width: int) -> Iterator[io.StringIO]:
    """A stdout that is a pipe, `width` columns wide, for rich's console and `render.plain`
    (a context, not a fixture: hypothesis runs many examples in one test)."""
    out = _Pipe()
    saved = os.environ.get("COLUMNS"), sys.stdout
    os.environ["COLUMNS"] = str(width)
    sys.stdout = out
    console.reset()
    try:
        yield out
    finally:
        columns, sys.stdout = saved
        if columns is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = columns
        console.reset()


LINES = st.text(alphabet="ab  é李\n-", max_size=60) | st.sampled_from(
    [
        "    held: mentorlog meeting done 32 --occurrence '2026-11-21 03:30'\n"
        "    not held: mentorlog meeting cancel 32 --occurrence '2026-11-21 03:30'",
        "Saturday 21 November 2026, 11:15 Europe/Berlin · 105-week streak",
        f"★ Tue 10 Nov    {LONG_WORD} (with alice)",
        "",
    ]
)


@given(LINES, st.integers(1, 90))
@example("李李李", 1)
@example("a " * 30, 7)
def test_a_line_is_folded_as_rich_folds_it(text: str, width: int) -> None:
    from rich.text import Text

    with piped(width) as out:
        console.show(Text(text))
    assert plain.shown(text, width) + "\n" == out.getvalue()


TEXTS = st.text(alphabet="ab é李\x1b", min_size=0, max_size=30) | st.just(LONG_WORD)
TODAY = date(2026, 11, 21)


@st.composite
def actions(draw: st.DrawFn) -> list[ActionItem]:
    found = []
    for n in range(draw(st.integers(1, 6))):
        due = draw(st.none() | st.integers(-800, 800).map(lambda d: TODAY + timedelta(days=d)))
        done = draw(st.booleans())
        found.append(
            ActionItem(
                id=draw(st.integers(1, 12_000)) if n else 1,
                text=draw(TEXTS),
                owner=draw(st.sampled_from(["me", "alice", "李bo"])),
                due=due,
                status="done" if done else "open",
                meeting=draw(st.none() | st.integers(1, 99)),
                goal=draw(st.none() | st.integers(1, 99)),
                person=draw(st.none() | TEXTS),
                completed=datetime(2026, 11, 1, tzinfo=UTC) if done else None,
            )
        )
    return found


@given(actions(), st.integers(20, 200))
def test_the_action_items_in_plain_words_are_the_table_rich_writes(
    found: list[ActionItem], width: int
) -> None:
    with piped(width) as out:
        console.show(actions_table(found, TODAY))
    assert actions_plain.plain_table(found, TODAY, width) + "\n" == out.getvalue()


@st.composite
def topics(draw: st.DrawFn) -> list[Topic]:
    created = st.none() | st.integers(-800, 10).map(
        lambda d: datetime(2026, 11, 21, 9, tzinfo=UTC) + timedelta(days=d)
    )
    return [
        Topic(
            id=n + 1,
            text=draw(TEXTS),
            person=draw(TEXTS),
            status=draw(st.sampled_from(["open", "done"])),
            created=draw(created),
        )
        for n in range(draw(st.integers(1, 6)))
    ]


@given(topics(), st.integers(20, 200))
def test_the_talking_points_in_plain_words_are_the_table_rich_writes(
    found: list[Topic], width: int
) -> None:
    with piped(width) as out:
        console.show(topics_table(found, TODAY))
    assert topics_plain.plain_table(found, TODAY, width) + "\n" == out.getvalue()
