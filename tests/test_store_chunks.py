"""A table read a chunk at a time (`store.chunks`, `Tables.chunks`, `held_chunks`): its
chunks together are the table parsed whole, in the order stored, whatever their size; a
file whose bytes are not what its index says is refused as a whole parse refuses it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.errors import JournalRefused
from mentorlog.store.chunks import Unreadable, chunks
from mentorlog.store.held import held, held_chunks
from profiles import examples
from test_store_index import index_of
from test_store_index_counts import rewrite_index

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))

# Field values that look like the marks a chunk starts at, or that JSON escapes.
TEXT = st.text(max_size=12) | st.sampled_from(
    ['\n    "', '"\n    "9": {', "},\n", "\\", "\u2028", '    "id": 1', "{}", "[]"]
)
VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
RECORD = st.dictionaries(TEXT, VALUE, max_size=5)


def stored(records: list[dict[str, Any]]) -> tuple[bytes, int, int]:
    """A journal's bytes as the store writes them (indented by two) with `records` as its
    goals, and where that table's object lies."""
    table = {str(n + 1): record for n, record in enumerate(records)}
    source = orjson.dumps({"_meta": {}, "goals": table, "notes": {}}, option=orjson.OPT_INDENT_2)
    start = source.index(b'"goals": ') + len(b'"goals": ')
    stop = source.index(b'\n  },\n  "notes"') + len(b"\n  }") if records else start + 2
    return source, start, stop


@settings(max_examples=examples(200))
@given(st.lists(RECORD, max_size=30), st.integers(1, 2000))
def test_the_chunks_together_are_the_table(records: list[dict[str, Any]], size: int) -> None:
    source, start, stop = stored(records)
    whole = orjson.loads(source[start:stop])
    parts = list(chunks(source, start, stop, size))
    joined = {key: record for part in parts for key, record in part.items()}
    assert joined == whole
    assert [key for part in parts for key in part] == list(whole)  # in the order stored
    assert all(parts)  # no empty chunk


def test_a_chunk_that_is_not_part_of_a_table_is_unreadable() -> None:
    source, start, stop = stored([{"title": "a"}, {"title": "b"}])
    broken = source.replace(b'"title": "b"', b'"title" "b"')
    with pytest.raises(Unreadable):
        list(chunks(broken, start, stop - 1, 1))
    not_records = source.replace(b'"2": {', b'"two": {')
    with pytest.raises(Unreadable):
        list(chunks(not_records, start, stop + 2, 1))


def fill(home: Path, count: int) -> None:
    with store.open_journal(home, write=True) as journal:
        for n in range(count):
            journal.insert("goals", {"title": f"goal {n}", "history": [{"n": n}]}, now=NOW)
        journal.describe("fill", now=NOW)


@settings(
    max_examples=examples(10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.integers(0, 3000))
def test_a_journal_read_a_chunk_at_a_time_gives_what_held_gives(
    tmp_path_factory: pytest.TempPathFactory, count: int
) -> None:
    home = tmp_path_factory.mktemp("chunks")
    fill(home, count)
    with store.open_journal(home) as journal:
        parts = list(held_chunks(journal, "goals"))
        assert len(parts) >= (count * 40) // (1 << 18)  # read in several, when large
        read = [dict(record) for part in parts for record in part]
        journal.forget("goals")
        assert read == [dict(record) for record in held(journal, "goals")]
    with store.open_journal(home, write=True) as journal:  # writable: whole, fresh dicts
        assert [len(part) for part in held_chunks(journal, "goals")] == [count]


def test_a_count_the_chunks_disprove_refuses_the_journal(tmp_path: Path) -> None:
    """An index whose count a hand edit changed is found out by the chunks as by a parse:
    the command stops, the index goes, and the next command counts right."""
    fill(tmp_path, 3)
    tables = index_of(tmp_path)["tables"]
    rewrite_index(tmp_path, [[*e[:3], 5 if e[0] == "goals" else e[3]] for e in tables])
    refused = pytest.raises(JournalRefused, match="changed while it was being read")
    with refused, store.open_journal(tmp_path) as journal:
        list(held_chunks(journal, "goals"))
    assert not (tmp_path / store.INDEX_FILE).exists()
    with store.open_journal(tmp_path) as journal:
        assert sum(map(len, held_chunks(journal, "goals"))) == 3
