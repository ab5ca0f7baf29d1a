"""`mentorlog search` through the real CLI (Sat 21 Nov 2026, 11:15 Berlin)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Builder, Run, build_once, copy_home


def at(monkeypatch: pytest.MonkeyPatch, instant: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", instant)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    return build_once(tmp_path_factory, write_journal)


@pytest.fixture
def journal(built: Builder, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_home(built.home, isolated_env)
    at(monkeypatch, built.now)  # the tests go on at the clock the journal was written to


def write_journal(run: Builder) -> None:
    """One record of each type, written on different days, most of them about a talk."""
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.at("2026-10-01T10:00:00+02:00")
    run.ok("goal", "add", "Give a lightning talk", "--with", "alice", "--tag", "speaking",
           "--why", "Practise before the CAFÉ conference")  # fmt: skip
    run.ok("goal", "progress", "1", "30", "--note", "Outline done at the Straße café")
    run.at("2026-11-02T10:00:00+01:00")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-03 09:00", "--title", "Kickoff")
    run.ok("meeting", "notes", "1", "Bo wants to try a lightning\ntalk at the meetup")
    run.ok("action", "add", "Book the room for the talk", "--meeting", "1")
    run.at("2026-11-10T10:00:00+01:00")
    run.ok("topic", "add", "Ask about the talk abstract", "--with", "alice")
    run.ok("feedback", "add", "Your talk started too slowly", "--from", "alice", "--tag",
           "speaking")  # fmt: skip
    run.at("2026-11-20T10:00:00+01:00")
    run.ok("milestone", "add", "Submitted the talk", "--with", "alice", "--note", "Café crowd")
    run.ok("note", "add", "Nervous about the talk", "--private", "--tag", "speaking")
    run.ok("note", "add", "Bo liked the talk idea", "--with", "bo")


def titles(hits: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(hit["type"], hit["title"]) for hit in hits]


def test_finds_every_type_grouped_in_order_newest_first(run: Run, journal: None) -> None:
    hits = run.json("search", "talk")
    assert titles(hits) == [
        ("goal", "Give a lightning talk"),
        ("meeting", "Kickoff"),
        ("action", "Book the room for the talk"),
        ("topic", "Ask about the talk abstract"),
        ("feedback", "Your talk started too slowly"),
        ("milestone", "Submitted the talk"),
        ("note", "Bo liked the talk idea"),  # note 2, written after note 1
        ("note", "Nervous about the talk"),
    ]
    out = run.ok("search", "talk").stdout
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "Goals (1)", "Meetings (1)", "Actions (1)", "Topics (1)", "Feedback (1)",
        "Milestones (1)", "Notes (2)",
    ]  # fmt: skip


def test_json_shape(run: Run, journal: None) -> None:
    [goal] = run.json("search", "lightning", "--type", "goal")
    assert set(goal) == {"type", "id", "title", "snippet", "at", "record"}
    assert goal["record"] == run.json("goal", "show", "1")
    assert (goal["type"], goal["id"], goal["at"]) == ("goal", 1, "2026-10-01T10:00:00+02:00")
    assert goal["snippet"] == "Give a lightning talk"
    [meeting] = run.json("search", "meetup")
    assert meeting["at"] == "2026-11-03T09:00:00+01:00"
    assert meeting["snippet"].endswith("Bo wants to try a lightning talk at the meetup")
    [milestone] = run.json("search", "crowd")
    assert (milestone["at"], milestone["snippet"]) == ("2026-11-20", "Café crowd")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cafe", [("goal", "Give a lightning talk"), ("milestone", "Submitted the talk")]),
        ("CAFE", [("goal", "Give a lightning talk"), ("milestone", "Submitted the talk")]),
        ("Café", [("goal", "Give a lightning talk"), ("milestone", "Submitted the talk")]),
        ("strasse", [("goal", "Give a lightning talk")]),
        ("STRASSE", [("goal", "Give a lightning talk")]),
    ],
)
def test_case_and_accents_do_not_matter(
    run: Run, journal: None, query: str, expected: list[tuple[str, str]]
) -> None:
    assert titles(run.json("search", query)) == expected


def test_accented_query_finds_plain_and_decomposed_text(run: Run) -> None:
    run.ok("goal", "add", "Visit the cafe")
    run.ok("goal", "add", "Visit the Cafe\u0301 in Straße")  # é as e + combining acute
    run.ok("goal", "add", "Walk the strasse")
    assert [h["id"] for h in run.json("search", "CAFÉ")] == [2, 1]
    assert [h["id"] for h in run.json("search", "straße")] == [3, 2]


def test_every_word_must_match_somewhere_in_any_order(run: Run, journal: None) -> None:
    # "lightning" is in the goal's title and "conference" in its why.
    assert titles(run.json("search", "conference", "LIGHTNING")) == [
        ("goal", "Give a lightning talk")
    ]
    assert titles(run.json("search", "lightning conference")) == [("goal", "Give a lightning talk")]
    assert run.json("search", "lightning", "abstract") == []


def test_a_quoted_phrase_matches_as_a_phrase(run: Run, journal: None) -> None:
    both = titles(run.json("search", "lightning", "talk"))
    assert both == [("goal", "Give a lightning talk"), ("meeting", "Kickoff")]
    # The meeting's notes break the phrase over two lines: still the phrase.
    assert titles(run.json("search", '"lightning talk"')) == both
    assert run.json("search", '"talk lightning"') == []
    assert titles(run.json("search", 'bo "the talk idea')) == [("note", "Bo liked the talk idea")]


def test_saved_agendas_and_reflection_prompts_are_searched(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "mon 9am", "--title", "Weekly")
    run.ok("topic", "add", "Discuss the xylophone budget", "--with", "alice")
    run.ok("agenda", "1", "--save")
    [meeting, topic] = run.json("search", "xylophone")
    assert (meeting["type"], meeting["record"]["title"]) == ("meeting", "Weekly")
    assert topic["type"] == "topic"
    assert "agenda: " in run.ok("search", "xylophone", "--type", "meeting").stdout
    prompt = run.ok("reflect", "--show").stdout.strip()
    run.ok("reflect", "My answer")
    word = max(prompt.split(), key=len).strip("?.,")
    [note] = run.json("search", word, "--type", "note")
    assert note["record"]["prompt"] == prompt


def test_type_filter(run: Run, journal: None) -> None:
    assert titles(run.json("search", "talk", "--type", "Goals", "--type", "note,milestone")) == [
        ("goal", "Give a lightning talk"),
        ("milestone", "Submitted the talk"),
        ("note", "Bo liked the talk idea"),
        ("note", "Nervous about the talk"),
    ]
    assert titles(run.json("search", "talk", "--type", "FEEDBACK,")) == [
        ("feedback", "Your talk started too slowly")
    ]


def test_with_filter_follows_each_type_of_link(run: Run, journal: None) -> None:
    assert titles(run.json("search", "talk", "--with", "bo")) == [
        ("meeting", "Kickoff"),
        ("action", "Book the room for the talk"),  # through its meeting with bo
        ("note", "Bo liked the talk idea"),
    ]
    assert titles(run.json("search", "talk", "--with", "ALICE")) == [
        ("goal", "Give a lightning talk"),
        ("topic", "Ask about the talk abstract"),
        ("feedback", "Your talk started too slowly"),
        ("milestone", "Submitted the talk"),
    ]


def test_tag_filter_keeps_tagged_goals_feedback_and_notes(run: Run, journal: None) -> None:
    assert titles(run.json("search", "talk", "--tag", "#Speaking")) == [
        ("goal", "Give a lightning talk"),
        ("feedback", "Your talk started too slowly"),
        ("note", "Nervous about the talk"),
    ]
    assert run.json("search", "talk", "--tag", "career") == []


def test_since_filter_keeps_records_dated_on_or_after(run: Run, journal: None) -> None:
    assert titles(run.json("search", "talk", "--since", "2026-11-10")) == [
        ("topic", "Ask about the talk abstract"),
        ("feedback", "Your talk started too slowly"),
        ("milestone", "Submitted the talk"),
        ("note", "Bo liked the talk idea"),
        ("note", "Nervous about the talk"),
    ]
    # Relative days count back from today (Sat 21 Nov); a meeting is dated by its start.
    assert [h["type"] for h in run.json("search", "talk", "--since", "20 days ago")] == [
        "meeting", "action", "topic", "feedback", "milestone", "note", "note"
    ]  # fmt: skip
    assert [h["type"] for h in run.json("search", "talk", "--since", "yesterday")] == [
        "milestone", "note", "note"
    ]  # fmt: skip


def test_filters_combine(run: Run, journal: None) -> None:
    hits = run.json("search", "talk", "--with", "alice", "--tag", "speaking", "--since", "nov 1")
    assert titles(hits) == [("feedback", "Your talk started too slowly")]


BAD = {
    "unknown type": (
        ("search", "talk", "--type", "goal,meetingz"),
        2,
        "Cannot use 'meetingz' as a record type; choose from goal, meeting, action, topic, "
        "feedback, milestone, note (plurals work too).",
    ),
    "empty type": (
        ("search", "talk", "--type", ","),
        2,
        "Cannot use ',' as a record type; choose from goal, meeting, action, topic, "
        "feedback, milestone, note (plurals work too).",
    ),
    "bad date": (
        ("search", "talk", "--since", "someday"),
        2,
        "Cannot read 'someday' as a --since date; write it like 2026-12-01, 'Dec 1', 'fri' or "
        "'in 2 weeks'.",
    ),
    "impossible date": (
        ("search", "talk", "--since", "2026-02-30"),
        2,
        "Cannot read '2026-02-30' as a --since date; write it like 2026-12-01, 'Dec 1', 'fri' "
        "or 'in 2 weeks'.",
    ),
    "unknown handle": (
        ("search", "talk", "--with", "alicia"),
        3,
        "No person with handle 'alicia'. Did you mean 'alice'? See `mentorlog person list --all`.",
    ),
    "bad tag": (
        ("search", "talk", "--tag", "two words"),
        2,
        "Cannot use 'two words' as a tag; use up to 40 letters, digits, '-', '_', '.', '/' or "
        "'+' with no spaces, e.g. 'career' or 'public-speaking'.",
    ),
    "empty query": (
        ("search", " "),
        2,
        "The search query is empty; give one or more words, or a quoted phrase, e.g. "
        "mentorlog search 'lightning talk'.",
    ),
    "only quotes": (
        ("search", '""'),
        2,
        "The search query is empty; give one or more words, or a quoted phrase, e.g. "
        "mentorlog search 'lightning talk'.",
    ),
    "no query": (("search",), 2, "Missing argument 'QUERY...'. See `mentorlog search --help`."),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_values_are_refused_and_change_nothing(
    run: Run,
    journal: None,
    journal_bytes: Callable[[], bytes],
    case: tuple[tuple[str, ...], int, str],
) -> None:
    args, code, message = case
    before = journal_bytes()
    result = run.fails(code, *args)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


def test_no_matches_is_a_message_and_success(
    run: Run, journal: None, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    result = run.ok("search", "zebra")
    assert (result.stdout, result.stderr) == ("", "No matches for 'zebra'.\n")
    json_result = run.ok("search", "zebra", "--json")
    assert (json_result.stdout, json_result.stderr) == ("[]\n", "")
    assert journal_bytes() == before


def test_search_in_an_empty_home(run: Run, journal_bytes: Callable[[], bytes]) -> None:
    assert run.ok("search", "anything").stderr == "No matches for 'anything'.\n"
    assert journal_bytes() == b""


def test_private_notes_are_found_and_marked(run: Run, journal: None) -> None:
    lines = run.ok("search", "nervous").stdout.splitlines()
    assert lines == ["Notes (1)", "  1  Fri 20 Nov  private Nervous about the talk"]
    [note] = run.json("search", "nervous")
    assert note["record"]["private"] is True
    assert "private" not in run.ok("search", "liked").stdout


def test_snippet_shows_the_match_in_context_on_one_line(run: Run) -> None:
    long_why = " ".join(f"word{n}" for n in range(40)) + "\nthe needle\tis here " + "x " * 40
    run.ok("goal", "add", "Haystack", "--why", long_why)
    out = run.ok("search", "NEEDLE").stdout
    [heading, title, snippet] = out.splitlines()
    assert (heading, title) == ("Goals (1)", "  1  Sat 21 Nov  Haystack")
    assert snippet.startswith("                 why: …")
    assert snippet.endswith("…")
    assert "word39 the needle is here x" in snippet
    shown = snippet.strip().removeprefix("why: ")
    assert 50 <= len(shown) <= 82
    [hit] = run.json("search", "needle")
    assert hit["snippet"] == shown


def test_a_match_in_the_title_is_not_repeated(run: Run, journal: None) -> None:
    out = run.ok("search", "abstract").stdout
    assert out == "Topics (1)\n  1  Tue 10 Nov  Ask about the talk abstract\n"


def test_long_lines_are_cut_to_the_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.ok("goal", "add", "Learn " + "many things " * 12 + "and more")
    monkeypatch.setenv("COLUMNS", "40")
    lines = run.ok("search", "learn").stdout.splitlines()
    assert lines[1] == "  1  Sat 21 Nov  Learn many things many…"
    assert all(len(line) <= 40 for line in lines)


# ANSI: an SGR sequence, the text it styles, and the reset after it.
_STYLED = re.compile(r"\x1b\[([0-9;]*)m([^\x1b]*)\x1b\[0m")


def highlighted_parts(out: str) -> list[str]:
    """The pieces of `out` shown in reverse video (the highlight; 7 is SGR 'reverse')."""
    return [text for codes, text in _STYLED.findall(out) if "7" in codes.split(";")]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output as to a terminal (NO_COLOR stays set: the highlight must survive it)."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")


def test_matches_are_highlighted_as_written(run: Run, journal: None, terminal: None) -> None:
    out = run.ok("search", "cafe").stdout
    # One snippet per record: the goal's why, the first of its fields that match.
    assert highlighted_parts(out) == ["CAFÉ", "Café"]
    assert "\x1b[1;7mCAFÉ\x1b[0m conference" in out
    out = run.ok("search", "lightning talk", "--type", "meeting").stdout
    assert highlighted_parts(out) == ["lightning", "talk"]
    out = run.ok("search", '"lightning talk"', "--type", "meeting").stdout
    assert highlighted_parts(out) == ["lightning talk"]  # the newline collapsed to a space


def test_highlights_cover_whole_letters_when_lengths_change(run: Run, terminal: None) -> None:
    run.ok("goal", "add", "Cafe\u0301 on the Straße")
    out = run.ok("search", "café", "strasse").stdout
    assert highlighted_parts(out) == ["Cafe\u0301", "Straße"]
    # A query that matches half of what "ß" folds to highlights the whole letter.
    assert highlighted_parts(run.ok("search", "ras").stdout) == ["raß"]


def test_control_characters_in_titles_are_shown_escaped(run: Run) -> None:
    run.ok("goal", "add", "Evil \x1b[31mred\x1b[0m title\x07")
    out = run.ok("search", "red").stdout
    assert "\x1b" not in out
    assert "\x07" not in out
    assert out.splitlines()[1] == "  1  Sat 21 Nov  Evil \\x1b[31mred\\x1b[0m title\\x07"


def test_control_characters_do_not_shift_the_highlight(run: Run, terminal: None) -> None:
    run.ok("goal", "add", "Evil \x1b[31mred\x1b[0m title", "--why", "a\x1b[2Jb\n\n  red  flag")
    out = run.ok("search", "red", "flag").stdout
    assert highlighted_parts(out) == ["red", "red", "flag"]
    assert "a\\x1b[2Jb \x1b[1;7mred\x1b[0m \x1b[1;7mflag\x1b[0m" in out


def test_the_snippet_fits_a_narrow_terminal_and_keeps_the_match(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "Haystack", "--why", "hay " * 30 + "the needle " + "hay " * 30)
    run.ok("goal", "add", "A long title that runs past the edge, ending with a needle")
    monkeypatch.setenv("COLUMNS", "50")
    lines = run.ok("search", "needle").stdout.splitlines()
    assert lines == [
        "Goals (2)",
        "  2  Sat 21 Nov  A long title that runs past the…",
        "                 title: …ending with a needle",
        "  1  Sat 21 Nov  Haystack",
        "                 why: …the needle hay hay hay…",
    ]
