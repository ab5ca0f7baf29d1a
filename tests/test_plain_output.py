"""`render.plain`: output with no styles told without rich, as rich tells it; and the goals
list written that way is the list rich writes."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable

import pytest

from conftest import Run
from mentorlog.render import console, pager, plain
from mentorlog.render.grid import plain_output


class Terminal(io.StringIO):
    """A stdout that says it is a terminal (and has no descriptor: no pager starts)."""

    def isatty(self) -> bool:
        return True


# Each variable rich reads to decide the colours and the width, unset (None) or set.
ENVIRONMENTS = [
    dict(zip(("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TERM"), values, strict=True))
    for values in itertools.product(
        (None, "100", "37", "0", "wide", ""),
        (None, "", "1"),
        (None, "0", "1", "2"),
        (None, "dumb", "xterm-256color"),
    )
]


@pytest.mark.parametrize("at_terminal", [False, True])
@pytest.mark.parametrize("variables", ENVIRONMENTS)
def test_plain_output_is_told_as_rich_tells_it(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str | None], at_terminal: bool
) -> None:
    for name, value in variables.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.stdout", Terminal() if at_terminal else io.StringIO())
    pager.allow(True)
    console.reset()
    try:
        width = plain.width()
        rich = console.stdout()
        if width is not None:
            assert plain_output(rich)
            assert rich.width == width
        usual = variables["FORCE_COLOR"] is None and variables["TTY_COMPATIBLE"] in (None, "2")
        if usual and not at_terminal and variables["COLUMNS"] not in ("0",):
            assert width is not None, "a pipe, nothing forcing colour: the short way"
    finally:
        console.reset()


TITLES = [
    "Give a conference talk about the things I learned this year at work",
    "Café crème 李李李 with wide characters that fold somewhere in the middle",
    "A bell\x07 and an escape \x1b[31m in the title",
    "short",
    "Averyveryveryverylongwordwithoutanyspaceatallthatmustbecut and more",
]


@pytest.mark.parametrize("columns", ["30", "40", "60", "80", "120"])
def test_goal_list_written_without_rich_is_the_list_rich_writes(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    for n, title in enumerate(TITLES):
        extra = ["--with", "alice", "--tag", "oss"] if n % 2 else ["--due", f"2026-12-0{n + 1}"]
        run.ok("goal", "add", title, *extra)
    run.ok("goal", "progress", "1", "40")
    run.ok("goal", "drop", "2")
    monkeypatch.setenv("COLUMNS", columns)
    written: list[str] = []

    def spy(text: str, write: Callable[[str], None] = plain.write) -> None:
        written.append(text)
        write(text)

    for status in ("active", "all"):
        written.clear()
        with monkeypatch.context() as spied:
            spied.setattr(plain, "write", spy)
            plain_way = run.ok("goal", "list", "--status", status).stdout
        assert written, "the list went the plain way"
        with monkeypatch.context() as rich_only:
            rich_only.setattr(plain, "width", lambda: None)
            rich_way = run.ok("goal", "list", "--status", status).stdout
        assert plain_way == rich_way
        assert plain_way.count("\n") >= len(TITLES) + 2 - (status == "active")
