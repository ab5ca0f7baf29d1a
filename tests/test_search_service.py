"""The search service and its highlighting, below the CLI: folding, the query, the map back
to the original text, snippets, and speed on a large journal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mentorlog.errors import InvalidInput
from mentorlog.render.console import safe_line
from mentorlog.render.search import HIGHLIGHT, highlighted
from mentorlog.services.search import parse_types, search
from mentorlog.services.search_text import (
    Snippet,
    Term,
    fold,
    fold_with_owners,
    highlights,
    parse_query,
    window,
)
from mentorlog.store import Journal, JournalPaths

NOW = datetime.fromisoformat("2026-11-21T11:15:00+01:00")

# Letters whose folding changes length or needs care, mixed with plain ones and spaces.
TRICKY = "aeEsSß ẞﬁﬀİıΣσςÉéèñÑ\u0301\u0308\u0327ǰŉ¨\u00b4½²ﬆÅÅ가각\u3000\t\n\x1b\x07 "
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Café", "cafe"), ("CAFÉ", "cafe"), ("Cafe\u0301", "cafe"), ("Straße", "strasse"),
     ("STRASSE", "strasse"), ("ﬁne", "fine"), ("naïve", "naive"), ("ΣΊΣΥΦΟΣ", "σισυφοσ")],
)  # fmt: skip
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(texts, texts)
def test_folding_goes_character_by_character(a: str, b: str) -> None:
    assert fold(a + b) == fold(a) + fold(b)


@given(texts)
def test_owners_map_each_folded_character_to_the_one_that_made_it(text: str) -> None:
    folded, owner = fold_with_owners(text)
    assert folded == fold(text)
    made: dict[int, str] = {}
    for index, char in enumerate(folded):
        made[owner(index)] = made.get(owner(index), "") + char
    assert made == {i: fold(c) for i, c in enumerate(text) if fold(c)}


@given(texts, st.data())
def test_a_highlight_holds_the_query_word(text: str, data: st.DataObject) -> None:
    """The highlighted span of the original text, folded, contains the folded query word;
    and every place the word occurs in the folded text is highlighted."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    words = fold(text[start:end]).split()
    assume(words)
    word = data.draw(st.sampled_from(words))
    term = Term.of([word])
    spans = highlights(text, [term])
    assert spans
    for s, e in spans:
        assert 0 <= s < e <= len(text)
    covered = "\x00".join(fold(text[s:e]) for s, e in spans)
    assert covered.count(term.words[0]) >= fold(text).count(term.words[0])


@given(texts, st.data())
def test_the_shown_line_is_safe_line_with_highlights_in_place(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    line = highlighted(Snippet(text, ((start, end),) if end > start else ()))
    assert line.plain == safe_line(text)
    part = text[start:end]
    marked = [line.plain[s.start : s.end] for s in line.spans if s.style == HIGHLIGHT]
    if part and part == part.strip() and safe_line(part):
        assert marked == [safe_line(part)]


@given(st.text(alphabet="ab cé\n", max_size=300), st.data())
def test_the_window_keeps_the_first_match(text: str, data: st.DataObject) -> None:
    assume("é" in text)
    spans = highlights(text, parse_query("e"))
    snippet = window(text, spans, width=30)
    first_start, first_end = spans[0]
    assert snippet.spans
    s, e = snippet.spans[0]
    assert snippet.text[s:e] == text[first_start:first_end]
    assert len(snippet.text) <= 30 + 1
    assert "\n" not in snippet.plain
    assert snippet.plain.startswith("…") == bool(text[: text.find(snippet.text)].strip())


def test_parse_query() -> None:
    assert [t.words for t in parse_query('Lightning  "Talk  NOW" café lightning')] == [
        ("lightning",), ("talk", "now"), ("cafe",)
    ]  # fmt: skip
    assert [t.words for t in parse_query('say "unclosed phrase')] == [
        ("say",), ("unclosed", "phrase")
    ]  # fmt: skip
    assert [t.words for t in parse_query("“curly quotes” too")] == [("curly", "quotes"), ("too",)]
    for empty in ("", "   ", '""', '" "', "\u0301"):
        with pytest.raises(InvalidInput, match="The search query is empty"):
            parse_query(empty)


def test_a_phrase_spans_any_whitespace() -> None:
    term = Term.of(["lightning", "talk"])
    assert term.found_in("a lightning\n\t talk")
    assert not term.found_in("lightning-talk")
    assert highlights("A Lightning\ntalk!", [term]) == [(2, 16)]


def test_parse_types() -> None:
    assert parse_types(["Notes", "goal,MEETINGS", "note"]) == ("goal", "meeting", "note")
    assert parse_types([]) == ()
    with pytest.raises(InvalidInput, match="Cannot use 'people' as a record type"):
        parse_types(["goal,people"])


def big_journal(size: int) -> Journal:
    """A journal of `size` records spread over every table, a few of them about a needle."""
    words = ["talk", "café", "straße", "review", "growth", "career", "plan", "slides", "über",
             "naïve", "résumé"]  # fmt: skip
    tables: dict[str, dict[str, dict[str, object]]] = {
        "_meta": {"1": {"app": "mentorlog", "schema": 1}},
        "people": {"1": {"handle": "alice", "name": "Alice", "role": "mentor", "tz": "UTC"}},
    }
    kinds = ["goals", "meetings", "actions", "topics", "feedback", "milestones", "notes"]
    stamp = "2026-11-01T10:00:00+01:00"
    for n in range(size):
        text = " ".join(words[(n * k) % len(words)] for k in range(1, 40))
        if n % 500 == 0:
            text += " needle"
        kind = kinds[n % len(kinds)]
        record: dict[str, object] = {
            "goals": {"title": text[:80], "why": text, "person": "alice", "created": stamp},
            "meetings": {"title": "Call", "people": ["alice"], "start": "2026-11-02T09:00:00",
                         "tz": "UTC", "notes": text},
            "actions": {"text": text, "owner": "me", "created": stamp},
            "topics": {"text": text, "person": "alice", "created": stamp},
            "feedback": {"text": text, "person": "alice", "at": stamp},
            "milestones": {"title": text[:80], "on": "2026-11-02", "note": text,
                           "person": "alice"},
            "notes": {"text": text, "at": stamp, "people": ["alice"]},
        }[kind]  # fmt: skip
        tables.setdefault(kind, {})[str(n + 1)] = record
    return Journal(JournalPaths(Path("/nonexistent")), tables, writable=False)


def test_a_large_journal_finds_every_match() -> None:
    # Speed is measured in benchmarks/, not asserted here; this checks the answers at size.
    journal = big_journal(10_000)
    assert len(search(journal, "NEEDLE Talk", now=NOW)) == 20
    # Everything matches; actions are about nobody, so --with alice leaves the rest.
    about_alice = 10_000 - journal.count("actions")
    assert len(search(journal, "talk", now=NOW, person="alice")) == about_alice
