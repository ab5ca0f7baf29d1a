"""The exports' short ways give what their plain ways give.

`render.journal_md.inline` escapes a line only when a character it may escape is in it
(`_MAY_ESCAPE`), where the plain way runs `_INLINE.sub` over every line; `calendar.ics_fold`
folds .ics lines by slicing where icalendar measures each character; `print_json` writes
orjson's bytes where stdout takes bytes; `is_private` reads a note's `private` alone.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from unittest.mock import patch

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Run
from mentorlog import store
from mentorlog.calendar import ics_fold
from mentorlog.model import Note
from mentorlog.render import console as render_console
from mentorlog.render import journal_md
from mentorlog.render.console import safe_line
from mentorlog.services.transfer import dump, id_first, is_private


def the_plain_way(text: str) -> str:
    line = journal_md._INLINE.sub(r"\\\1", safe_line(text))
    match = journal_md._BLOCK_START.match(line)
    if match is None:
        return line
    marker = match.group(1)
    return f"{marker[:-1]}\\{marker[-1]}{line[len(marker) :]}"


@given(st.text(alphabet="ab _1.#>-*`[]<>\\\n\x1bé", max_size=24))
def test_a_line_is_escaped_as_the_plain_way_escapes_it(text: str) -> None:
    assert journal_md.inline(text) == the_plain_way(text)


def test_only_lines_with_something_to_escape_are_rewritten() -> None:
    assert journal_md.inline("Give a talk") == "Give a talk"
    assert journal_md.inline("America/New_York") == "America/New_York"
    assert journal_md.inline("_why_ *now*") == "\\_why\\_ \\*now\\*"
    assert journal_md.inline("# not a heading") == "\\# not a heading"


# --- .ics lines are folded as icalendar folds them ------------------------------------------

ICS_TEXT = st.text(alphabet='ab ,;:\\^"é李\U0001f600\t', max_size=200)


@given(st.text(alphabet="ab:;\\^é李\U0001f600", max_size=400))
def test_a_line_is_folded_as_icalendar_folds_it(line: str) -> None:
    from icalendar.parser.string import _foldline

    assert ics_fold.fold(line) == _foldline(line)
    assert ics_fold._fold_plain(line) == _foldline(line)


@given(st.lists(st.tuples(ICS_TEXT, ICS_TEXT), min_size=1, max_size=4))
def test_a_calendar_is_written_as_icalendar_writes_it(events: list[tuple[str, str]]) -> None:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//mentorlog tests//EN")
    cal.add("version", "2.0")
    for n, (summary, description) in enumerate(events):
        event = Event()
        event.add("uid", f"{n}-{summary[:10]}")
        event.add("summary", summary)
        event.add("description", description)
        event.add("location", description[::-1])
        cal.add_component(event)
    assert ics_fold.to_ical(cal) == cal.to_ical(sorted=False)


# --- a JSON document is written as bytes where stdout has them ------------------------------


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
        st.lists,
        max_leaves=8,
    )
)
def test_a_json_document_is_the_same_written_as_bytes_or_as_text(data: object) -> None:
    document = {"data": data, "text": "é李\n"}
    as_bytes = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    as_text = io.StringIO()
    for stream in (as_bytes, as_text):
        with patch.object(sys, "stdout", stream):
            render_console.print_json(document)
    as_bytes.seek(0)
    assert as_bytes.read() == as_text.getvalue()
    assert json.loads(as_text.getvalue()) == document


@given(
    st.dictionaries(
        st.just("private"),
        st.one_of(
            st.none(), st.booleans(), st.integers(-1, 2), st.sampled_from(["false", "", "x"])
        ),
    )
)
def test_a_notes_privacy_is_read_as_the_note_reads_it(record: dict[str, object]) -> None:
    note = {"text": "A note", "at": "2026-11-20T10:00:00+01:00", "id": 1} | record
    assert Note.private_of(note) == Note.from_record(note).private
    assert is_private("notes", note) == Note.from_record(note).private


def test_an_export_written_record_by_record_is_the_plain_copy(run: Run, isolated_env: Path) -> None:
    """`id_first` makes each read-only record as it is written: the same bytes as the
    document with every record copied first (the plain way)."""
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentee", "--tz", "UTC")
    run.ok("goal", "add", "Give a talk", "--with", "alice", "--tag", "talk")
    run.ok("note", "add", "Shared thoughts", "--with", "alice")
    run.ok("note", "add", "Just for me", "--private")
    with store.open_journal(isolated_env) as journal:
        for include_private in (False, True):
            exported = dump(journal, now=datetime.now(UTC), include_private=include_private)
            tables = exported.document["tables"]
            assert any(isinstance(r, MappingProxyType) for rs in tables.values() for r in rs)
            plain = exported.document | {
                "tables": {
                    name: [{"id": r["id"], **r} for r in records]
                    for name, records in tables.items()
                }
            }
            option = orjson.OPT_INDENT_2
            written = orjson.dumps(exported.document, default=id_first, option=option)
            assert written == orjson.dumps(plain, option=option)
            assert next(iter(json.loads(written)["tables"]["goals"][0])) == "id"
    with pytest.raises(TypeError):
        id_first(object())
