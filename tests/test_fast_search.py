"""Search's short ways give what its plain ways give.

The sieve (`services.search._may_match`) looks for the query's words in the folded `repr`
of each record, and builds only the records that hold them all: it must never pass by a
record the search over every record finds. The plain view (`render.search_plain`) writes the
characters rich's view (`render.search.search_view`) holds.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from unittest.mock import patch

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.errors import InvalidInput
from mentorlog.services import search as search_service
from mentorlog.services.search_text import fold
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
    start = data.draw(st.integers(0, len(folded)))
    end = data.draw(st.integers(start, len(folded)))
    word = folded[start:end]
    if not word.isalnum():
        reject()
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
