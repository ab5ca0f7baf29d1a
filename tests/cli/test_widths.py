"""Every list and show command laid out for the terminal's width: no line wider than it.

A journal with long names, titles, a long link, wide (CJK) characters and several zones is
rendered at 40, 60, 80 and 120 columns (COLUMNS, as a terminal of that width sets it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Builder, build_once, copy_home
from inprocess import invoke
from terminal import at_a_terminal

WIDTHS = (40, 60, 80, 120)
LINK = "https://meet.example.com/a-very-long-meeting-room-name-0123456789"

COMMANDS = [
    ["status"],
    ["person", "list"],
    ["person", "list", "--all"],
    ["person", "show", "alice"],
    ["person", "show", "mei"],
    ["goal", "list"],
    ["goal", "list", "--status", "all"],
    ["goal", "show", "1"],
    ["meeting", "list"],
    ["meeting", "show", "1"],
    ["meeting", "show", "2"],
    ["action", "list", "--all"],
    ["action", "show", "1"],
    ["topic", "list"],
    ["topic", "show", "1"],
    ["feedback", "list"],
    ["feedback", "show", "1"],
    ["milestone", "list"],
    ["milestone", "show", "1"],
    ["note", "list"],
    ["note", "show", "1"],
    ["agenda", "--format", "text"],
    ["when", "2026-11-24 12:00"],
    ["schedule", "suggest", "--with", "mei"],
    ["search", "talk"],
    ["backup", "list"],
    ["config", "show"],
]


def write_journal(run: Builder) -> None:
    run.at("2026-11-02T09:30:00+01:00")
    run.ok("config", "set", "name", "Sam Rivera")
    run.ok("person", "add", "alice", "--name", "Alice Chen-Montgomery of Greater Manchester",
           "--role", "mentor", "--tz", "Asia/Tokyo", "--cadence", "1w",
           "--email", "alice.chen-montgomery@example.com")  # fmt: skip
    run.ok("person", "add", "mei", "--name", "王美玲 (Wang Meiling), principal engineer",
           "--role", "mentee", "--tz", "America/Argentina/Buenos_Aires")  # fmt: skip
    run.ok("goal", "add", "Give a conference talk about incident reviews that people remember",
           "--with", "alice", "--due", "in 3 months", "--tag", "speaking",
           "--why", "Because sharing what we learnt from outages helps everyone")  # fmt: skip
    run.ok("goal", "progress", "1", "30", "--note", "Abstract submitted to the autumn conference")
    run.ok("meeting", "add", "--with", "alice", "--with", "mei", "--at", "tue 08:30",
           "--every", "weekly", "--title", "Mentoring circle on talks, reviews and careers",
           "--link", LINK)  # fmt: skip
    run.ok("meeting", "add", "--with", "mei", "--at", "2026-11-25 17:00", "--title",
           "会議: 王美玲さんとのキャリア相談、長いタイトル")  # fmt: skip
    run.ok("topic", "add", "How do I pick a talk topic that people will want to hear about?",
           "--with", "alice")  # fmt: skip
    run.ok("action", "add", "Send the abstract draft to Alice for review before Friday",
           "--due", "2026-11-27", "--goal", "1", "--owner", "alice")  # fmt: skip
    run.ok("feedback", "add", "Great structure on the talk outline; slow down in the middle",
           "--from", "alice", "--rating", "4", "--goal", "1")  # fmt: skip
    run.ok("milestone", "add", "First accepted talk at an international conference",
           "--with", "alice", "--goal", "1")  # fmt: skip
    run.ok("note", "add", "A long note about the relationship and where the talk is heading",
           "--with", "alice", "--with", "mei", "--tag", "career")  # fmt: skip
    run.at("2026-11-21T09:30:00+01:00")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    return build_once(tmp_path_factory, write_journal)


@pytest.fixture
def journal(built: Builder, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_home(built.home, isolated_env)
    monkeypatch.setenv("MENTORLOG_NOW", built.now)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal(journal: None, args: list[str], width: int) -> None:
    result = invoke(args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert len(lines) > 1
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, "\n".join(too_wide)
    assert not [line for line in lines if line != line.rstrip()], "trailing spaces"


def test_narrow_lists_drop_optional_columns_rather_than_fold_names(journal: None) -> None:
    wide = invoke(["person", "list"], env={"COLUMNS": "120"}).stdout
    narrow = invoke(["person", "list"], env={"COLUMNS": "40"}).stdout
    assert "Zone" in wide.splitlines()[0]
    assert "Zone" not in narrow.splitlines()[0]
    assert narrow.splitlines()[0].split() == ["Handle", "Name", "Their", "time"]
    # The name folds at spaces, never a few letters a line.
    assert "Chen-Montgomery" in narrow
    assert "Manchester" in narrow


def test_the_dashboard_header_fits_80_columns(journal: None) -> None:
    out = invoke(["status"], env={"COLUMNS": "80"}).stdout
    assert out.splitlines()[0] == "Saturday 21 November 2026, 09:30 Europe/Berlin · 3-week streak"
    narrow = invoke(["status"], env={"COLUMNS": "60"}).stdout
    assert narrow.splitlines()[0] == "Sat 21 Nov 2026, 09:30 Europe/Berlin · 3-week streak"


def words_and_headings(document: str) -> tuple[str, list[str]]:
    """The text but its headings, without whitespace (a word longer than a line is cut),
    and the headings."""
    lines = document.splitlines()
    text = "".join(w for line in lines if not line.startswith("#") for w in line.split())
    return text, [line for line in lines if line.startswith("#")]


@pytest.mark.slow
@pytest.mark.parametrize("args", [["agenda"], ["report"]], ids=" ".join)
def test_markdown_at_a_terminal_folds_to_its_width(journal: None, args: list[str]) -> None:
    """At a terminal an agenda or a report folds to its width, still the same Markdown;
    piped, it is the document as written, one line a paragraph or item."""
    piped = invoke(args, env={"COLUMNS": "40"}).stdout
    assert any(cell_len(line) > 120 for line in piped.splitlines())
    words, headings = words_and_headings(piped)
    for width in WIDTHS:
        code, shown = at_a_terminal(args, {"COLUMNS": str(width), "MENTORLOG_PAGER": ""})
        assert code == 0
        assert [line for line in shown.splitlines() if cell_len(line) > width] == []
        shown_words, shown_headings = words_and_headings(shown)
        assert shown_words == words  # only the line breaks moved
        assert len(shown_headings) == len(headings)
        for short, full in zip(shown_headings, headings, strict=True):
            assert short == full or (short.endswith("…") and full.startswith(short[:-1]))
        if args == ["agenda"] and width == 60:
            # A checkbox item goes on under its text, so it stays one item.
            assert "\n      " in shown
