"""Text that fools a terminal or a reader (issue 18, item 13): C1 controls are escaped in
every JSON output (`\\u009b`, never the raw byte some terminals read as CSI), and bidi
overrides, isolates and other invisible controls are shown as `<U+202E>` in human output,
through the one helper every human output path uses (`render.console.safe`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from faultkit import Mentorlog

C1 = "\x85\x9b31m"
BIDI = "\u202eevil\u202c\u2066x\u2069\u200b"
RAW_C1 = re.compile("[\x80-\x9f]")
RAW_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2028]")


@pytest.fixture
def ml(isolated_env: Path) -> Mentorlog:
    ml = Mentorlog(isolated_env)
    ml.ok("person", "add", "ann", "--name", f"Ann{C1}{BIDI}", "--role", "mentor", "--tz", "UTC")
    ml.ok("goal", "add", f"Goal{C1}{BIDI}", "--with", "ann")
    ml.ok("meeting", "add", "--with", "ann", "--at", "2026-12-02 09:00", "--title", f"M{C1}{BIDI}")
    ml.ok("note", "add", f"Note{C1}{BIDI}", "--with", "ann")
    return ml


@pytest.mark.parametrize(
    "args",
    [
        ["goal", "list", "--json"],
        ["goal", "show", "1", "--json"],
        ["person", "show", "ann", "--json"],
        ["meeting", "list", "--json"],
        ["note", "list", "--json"],
        ["export", "json"],
        ["agenda", "1", "--format", "json"],
    ],
)
def test_c1_controls_are_escaped_in_json_and_the_text_kept(ml: Mentorlog, args: list[str]) -> None:
    out = ml.ok(*args).out
    assert not RAW_C1.search(out)
    assert "\\u0085\\u009b31m" in out
    assert f"{C1}{BIDI}" in json.dumps(json.loads(out), ensure_ascii=False)


def test_c1_controls_are_escaped_in_an_export_file(ml: Mentorlog) -> None:
    ml.ok("export", "json", "--out", "out.json")
    text = (ml.cwd / "out.json").read_text()
    assert not RAW_C1.search(text)
    assert "Goal\\u0085\\u009b31m" in text


@pytest.mark.parametrize(
    "args",
    [
        ["goal", "list"],
        ["goal", "show", "1"],
        ["person", "list"],
        ["person", "show", "ann"],
        ["meeting", "list"],
        ["meeting", "show", "1"],
        ["note", "show", "1"],
        ["status"],
        ["agenda", "1"],
        ["export", "md"],
        ["search", "Goal"],
    ],
)
def test_bidi_and_invisible_controls_are_shown_in_human_output(
    ml: Mentorlog, args: list[str]
) -> None:
    out = ml.ok(*args).out
    assert not RAW_INVISIBLE.search(out), out
    assert not RAW_C1.search(out), out
    # A table may wrap the cell between its parts.
    for shown in ("<U+202E>evil<U+202C>", "<U+2066>", "<U+2069>", "<U+200B>"):
        assert shown in out, out


def test_bidi_controls_are_shown_in_messages(ml: Mentorlog) -> None:
    done = ml.ok("goal", "edit", "1", "--title", f"New{BIDI}")
    assert "New<U+202E>evil<U+202C>" in done.err
    assert not RAW_INVISIBLE.search(done.err)
