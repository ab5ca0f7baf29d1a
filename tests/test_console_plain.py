"""Messages on stderr written without rich where rich would write no styles
(`console.message`'s fast path), held to what rich prints: the same bytes, for any text and
style; and rich still writes them where it would style them."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from mentorlog.render import console

STYLES = st.sampled_from([None, "green", "yellow", "bold magenta", "red on white"])


class Pipe(io.StringIO):
    """A stream that is not a terminal, as a pipe or a file is."""

    def isatty(self) -> bool:
        return False


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def through_rich(text: str, style: str | None) -> str:
    """What console.message printed before its fast path: rich's stderr console."""
    out = Pipe()
    Console(file=out, highlight=False, emoji=False).print(
        console.safe(text), style=style, markup=False, soft_wrap=True
    )
    return out.getvalue()


def through_message(
    text: str, style: str | None, monkeypatch: pytest.MonkeyPatch, stream: io.StringIO
) -> str:
    monkeypatch.setattr("sys.stderr", stream)
    console.reset()
    console.message(text, style=style)
    return stream.getvalue()


@pytest.fixture(autouse=True)
def no_forced_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TTY_COMPATIBLE", "FORCE_COLOR", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@given(text=st.text(), style=STYLES)
def test_a_message_to_a_pipe_is_what_rich_prints(text: str, style: str | None) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert through_message(text, style, monkeypatch, Pipe()) == through_rich(text, style)


@pytest.mark.parametrize(
    "text",
    [
        "Added goal 3: Give a talk",
        "Note: due Friday\twith a tab",  # rich expands tabs: it is asked
        "two\nlines",
        "  spaces around  ",
        ":smile: [bold]not markup[/bold] \x1b[31m",
        "",
        "wide \uff57\uff49\uff44\uff45 and \u00e9",  # full-width letters
    ],
)
def test_examples_match_rich(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert through_message(text, "green", monkeypatch, Pipe()) == through_rich(text, "green")


def test_a_terminal_gets_rich_and_its_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    printed = through_message("Added goal 1: x", "green", monkeypatch, Terminal())
    assert printed.startswith("\x1b[")
    assert "Added goal 1: x" in printed


@pytest.mark.parametrize(
    ("env", "styled"),
    [
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": ""}, False),
        ({"TTY_COMPATIBLE": "1"}, True),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, False),
    ],
)
def test_the_environment_decides_as_rich_decides(
    env: dict[str, str], styled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert console._styled(Pipe()) is styled
    assert Console(file=Pipe()).is_terminal is styled
    printed = through_message("Saved", "green", monkeypatch, Pipe())
    assert printed.startswith("\x1b[") is styled
