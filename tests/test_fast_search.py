"""Search's short ways give what its plain ways give.

The sieve (`services.search._may_match`) looks for the query's words in the folded `repr`
of each record, and builds only the records that hold them all: it must never pass by a
record the search over every record finds. The plain view (`render.search_plain`) writes the
characters rich's view (`render.search.search_view`) holds.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from unittest.mock import patch

import orjson
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from rich.console import Console

from conftest import Run
from mentorlog import store
from mentorlog.errors import InvalidInput
from mentorlog.model import Goal
from mentorlog.render import plain, search_plain
from mentorlog.render import search as render_search
from mentorlog.services import search as search_service
from mentorlog.services.search_text import Snippet, fold
from mentorlog.store import Journal

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
# Letters, accents (precomposed and combining), ß and its capital, a ligature, quotes, a
# backslash, line breaks, a tab, controls, a no-break space, a zero-width space, a bidi mark.
ALPHABET = "abnNAB1é\u0301ßẞﬁ'\"\\\n\t\x07\x1b\x85\u00a0\u200b\u202e李 "


@pytest.mark.slow
def test_no_character_repr_escapes_folds_to_a_letter_a_digit_or_nothing() -> None:
    """What the sieve rests on: `repr` escapes unprintable characters, quotes and
    backslashes, and none of them is, folded, part of a word or nothing at all."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if (char.isprintable() and char not in "\\'\"") or 0xD800 <= code <= 0xDFFF:
            continue
        folded = fold(char)
        assert folded, f"U+{code:04X} folds to nothing"
        assert not any(c.isalnum() for c in folded), f"U+{code:04X} folds to {folded!r}"


@given(st.text(alphabet=ALPHABET, max_size=30), st.data())
def test_a_word_of_a_folded_text_is_in_the_folded_repr(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    runs = "".join(c if c.isalnum() else " " for c in folded).split()
    if not runs:
        return
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 1))
    word = run[start : data.draw(st.integers(start + 1, len(run)))]
    assert search_service._may_match({"title": text}, [word])
    assert search_service._may_match(MappingProxyType({"title": [text, None]}), [word])


def test_the_sieve_does_not_match_the_name_of_a_read_only_view() -> None:
    assert not search_service._may_match(MappingProxyType({"title": "x"}), ["mappingproxy"])
    assert search_service._may_match(MappingProxyType({"title": "x"}), ["x"])


_VALUES = st.one_of(
    st.text(alphabet=ALPHABET, max_size=12),
    st.none(),
    st.integers(-20, 20),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=8), st.none()), max_size=3),
    st.dictionaries(st.text(alphabet=ALPHABET, max_size=4), st.booleans(), max_size=2),
)


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    tables: dict[str, dict[str, dict[str, object]]] = {"_meta": {"1": {"schema": 3}}}
    for table, searched in (("goals", ("title", "why")), ("notes", ("text",))):
        for n in range(draw(st.integers(0, 3))):
            record: dict[str, object] = {key: draw(_VALUES) for key in searched}
            tables.setdefault(table, {})[str(n + 1)] = record
    return Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)


@given(journals(), st.text(alphabet=ALPHABET, min_size=1, max_size=4))
def test_search_through_the_sieve_finds_what_every_record_gives(
    journal: Journal, query: str
) -> None:
    try:
        sieved = [h.to_json() for h in search_service.search(journal, query, now=NOW)]
    except InvalidInput:
        reject()
    with patch.object(search_service, "_sieve_words", lambda terms: []):
        every = [h.to_json() for h in search_service.search(journal, query, now=NOW)]
    assert sieved == every


TODAY = date(2026, 11, 21)
TEXT = st.text(alphabet=ALPHABET + "李éx  ", max_size=90)


@st.composite
def snippets(draw: st.DrawFn) -> Snippet:
    text = draw(TEXT)
    spans = []
    for start in sorted(draw(st.lists(st.integers(0, len(text)), max_size=3, unique=True))):
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, draw(st.integers(start, len(text)))))
    return Snippet(text, tuple(spans), draw(st.booleans()), draw(st.booleans()))


@st.composite
def hits(draw: st.DrawFn) -> list[search_service.Hit]:
    made = []
    for kind in sorted(draw(st.sets(st.sampled_from(search_service.TYPES), min_size=1))):
        for _ in range(draw(st.integers(1, 3))):
            title, source = draw(snippets()), draw(snippets())
            made.append(
                search_service.Hit(
                    kind=kind,
                    id=draw(st.integers(1, 10**5)),
                    title=title,
                    source=source,
                    field=draw(st.sampled_from(["title", "why", "progress note", "text"])),
                    in_title=draw(st.booleans()),
                    at=None,
                    day=draw(st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 1, 1)))),
                    private=draw(st.booleans()),
                    item=Goal(title="-"),
                )
            )
    return made


@given(snippets())
def test_a_snippet_on_one_line_is_the_highlighted_text(snippet: Snippet) -> None:
    assert search_plain.one_line(snippet) == render_search.highlighted(snippet).plain


@given(hits(), st.integers(10, 140))
def test_the_plain_view_is_the_characters_of_richs(
    found: list[search_service.Hit], width: int
) -> None:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    with patch.object(render_search, "stdout", return_value=console):
        styled = render_search.search_view(found, TODAY)
    assert search_plain.view(found, TODAY, width) == styled.plain


def test_search_written_without_rich_is_what_rich_writes(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "Give a talk about the talk\x07 café 李李李 " + "long " * 30)
    run.ok("note", "add", "A talk\nover two lines, with talk in the middle of a long note " * 3)
    run.ok("goal", "add", "Averyveryveryverylongwordwithoutanyspaceatallwithtalkinside " * 2)
    for columns in ("30", "60", "100", "140"):
        monkeypatch.setenv("COLUMNS", columns)
        written: list[str] = []
        with monkeypatch.context() as spied:
            spied.setattr(plain, "write", written.append)
            run.ok("search", "talk")
        assert written, "the hits went the plain way"
        with monkeypatch.context() as rich_only:
            rich_only.setattr(plain, "width", lambda: None)
            rich_way = run.ok("search", "talk").stdout
        assert written[0] + "\n" == rich_way


def test_a_title_clipped_for_its_length_still_shows_its_snippet() -> None:
    """A title longer than the line is clipped, and its snippet shown, even where its
    collapsed whitespace leaves it short enough to fit."""
    title = Snippet("talk" + " " * 60 + "x", ((0, 4),))
    hit = search_service.Hit(
        kind="goal", id=1, title=title, source=title, field="title",
        in_title=True, at=None, day=None, private=False, item=Goal(title="-"),
    )  # fmt: skip
    console = Console(file=io.StringIO(), width=40, color_system=None, force_terminal=False)
    with patch.object(render_search, "stdout", return_value=console):
        styled = render_search.search_view([hit], TODAY)
    assert search_plain.view([hit], TODAY, 40) == styled.plain
    assert len(styled.plain.splitlines()) == 3


# -- the sieve in the file's bytes (store/raw_records.py, Journal.sieved) ----------------------

# Text the bytes can and cannot tell: ASCII words, a control character (escaped in JSON),
# DEL, accents, line breaks and quotes.
RAW_TEXT = st.text(alphabet="talk Tnoe1x0b\x07\x7f\x0c\x08é\n\"'\\", max_size=14)
# Floats whose `str` and JSON differ (1e-05 and 1e-5, 1e+16 and 1e16).
FLOATS = st.one_of(
    st.sampled_from([1e-05, 2.5e-07, 1e16, 1e22]), st.floats(allow_nan=False, allow_infinity=False)
)
RAW_VALUES = st.one_of(
    RAW_TEXT,
    st.none(),
    st.integers(-20, 20),
    FLOATS,
    st.booleans(),
    st.lists(st.one_of(RAW_TEXT, st.none(), FLOATS)),
    st.dictionaries(RAW_TEXT, st.one_of(RAW_TEXT, st.none()), max_size=2),
)
RAW_WORDS = st.sampled_from(
    ["talk", "alk", "no", "none", "one", "e", "1e", "05", "16", "x07", "x08", "x0c", "x7f"]
)


@st.composite
def stored_records(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    tables: dict[str, list[dict[str, object]]] = {}
    for table, fields in (("goals", ("title", "why")), ("notes", ("text", "prompt"))):
        tables[table] = [
            {field: draw(RAW_VALUES) for field in fields} for _ in range(draw(st.integers(0, 4)))
        ]
        for record in tables[table]:
            if table == "goals" and draw(st.booleans()):
                record["history"] = [{"at": None, "progress": 5, "note": draw(RAW_VALUES)}]
    return tables


def written(home: Path, tables: dict[str, list[dict[str, object]]]) -> None:
    """The records saved by the store, which leaves its index: a journal read through it."""
    with store.open_journal(home, write=True) as journal:
        journal.insert("goals", {"title": "-"}, now=NOW)  # a journal with something in it
        for table, records in tables.items():
            for record in records:
                journal.insert(table, record, now=NOW)


@given(stored_records(), st.lists(RAW_WORDS, min_size=1, max_size=2))
def test_search_through_the_files_bytes_finds_what_every_record_gives(
    tmp_path_factory: pytest.TempPathFactory,
    tables: dict[str, list[dict[str, object]]],
    words: list[str],
) -> None:
    home = tmp_path_factory.mktemp("raw")
    written(home, tables)
    query = " ".join(words)
    with store.open_journal(home) as journal:
        sieved = [h.to_json() for h in search_service.search(journal, query, now=NOW)]
    with (
        store.open_journal(home) as journal,
        patch.object(search_service, "_sieve_words", lambda terms: []),
    ):
        every = [h.to_json() for h in search_service.search(journal, query, now=NOW)]
    assert sieved == every


@given(stored_records(), st.lists(st.sampled_from(["talk", "alk", "toe", "b", "x"]), min_size=1))
def test_the_records_found_in_the_bytes_are_those_parsed(
    tmp_path_factory: pytest.TempPathFactory,
    tables: dict[str, list[dict[str, object]]],
    words: list[str],
) -> None:
    """`Journal.sieved` gives the stored records themselves, every one whose JSON holds the
    words, and no other but those its bytes cannot tell."""
    home = tmp_path_factory.mktemp("raw")
    written(home, tables)
    for table in ("goals", "notes"):
        with store.open_journal(home) as journal:
            every = [dict(record) for record in journal.all(table)]
        with store.open_journal(home) as journal:
            found = journal.sieved(table, words)
        if found is None:  # a table never written is not in the file
            assert table == "notes"
            assert not tables["notes"]
            continue
        holds_them, unsure = found
        sieved = [dict(record) for record in [*holds_them, *unsure]]
        assert all(record in every for record in sieved)
        for record in every:
            shown = orjson.dumps({k: v for k, v in record.items() if k != "id"}).lower()
            holds = all(word.encode() in shown for word in words)
            cannot_tell = not shown.isascii() or any(e in shown for e in (b"\\u", b"\\b", b"\\f"))
            if holds:
                assert record in [dict(r) for r in holds_them]
            elif record in sieved:
                assert cannot_tell or b"\x7f" in shown


@pytest.mark.parametrize(
    ("value", "word"),
    [
        (["\x7ftalk"], "x7f"),  # repr escapes DEL; JSON writes it as it is
        (["\x08talk"], "x08"),  # JSON's \b
        (["\x0ctalk"], "x0c"),  # JSON's \f
        (["\x07talk"], "x07"),  # JSON's \u0007
        (["talk", None], "none"),  # `str` of a list writes None, JSON null
        (1e-05, "05"),  # `str` writes 1e-05, JSON 1e-5
        ([2.5e-07], "07"),
        ("Café talk", "cafe"),
    ],
)
def test_what_the_bytes_cannot_tell_is_found_all_the_same(
    tmp_path: Path, value: object, word: str
) -> None:
    written(tmp_path, {"goals": [{"title": value}], "notes": [{"text": value}]})
    with store.open_journal(tmp_path) as journal:
        found = search_service.search(journal, word, now=NOW)
    assert sorted(hit.kind for hit in found) == ["goal", "note"]


def test_a_journal_the_index_does_not_vouch_for_is_read_whole(tmp_path: Path) -> None:
    written(tmp_path, {"goals": [{"title": "a talk"}, {"title": "a walk"}]})
    with store.open_journal(tmp_path) as journal:
        found = journal.sieved("goals", ["talk"])
        assert found is not None
        assert [[r["title"] for r in records] for records in found] == [["a talk"], []]
    (tmp_path / store.INDEX_FILE).unlink()
    with store.open_journal(tmp_path) as journal:
        assert journal.sieved("goals", ["talk"]) is None
        found = search_service.search(journal, "talk", now=NOW)
    assert [hit.title.text for hit in found] == ["a talk"]


def test_no_character_shown_escaped_is_printable() -> None:
    """`one_line` takes printable text as it is: `safe` changes no printable character."""
    from mentorlog.render.console import safe

    changed = [chr(c) for c in range(0x10000) if safe(chr(c)) != chr(c)]
    assert changed
    assert not [char for char in changed if char.isprintable()]
