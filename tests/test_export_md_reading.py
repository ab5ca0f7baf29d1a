"""What `export md`'s short way takes from the store and how it orders and escapes, held to
the plain way (its third pass, issue 19).

- `store.held` gives a read-only journal's stored records themselves (not read-only views):
  the export must leave every one as it found it, and a writable journal still gives copies.
- Goals, action items and milestones sort by one integer (`journal_view.due_order`,
  `day_order`): the same order as the plain way's tuples.
- `md_text.inline` leaves an ASCII line with nothing to change as it is, without `safe_line`:
  the same line the plain way makes.
- A one-off meeting's schedule is written without making a meeting: as `describe` says it.
- A record's fields are read in one call: a record missing any of them is written as the
  plain way writes it.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.limits import MAX_ID
from mentorlog.render import journal_md, journal_md_fast, md_text
from mentorlog.services import journal_view as views
from mentorlog.store.held import held
from test_export_fast_paths import the_plain_way
from test_export_md_fast import NAMES, plain_written

NOW = datetime(2026, 11, 21, 10, 15, tzinfo=UTC)
BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


def generated(tmp_path: Path, records: int) -> Path:
    sys.path.insert(0, str(BENCHMARKS))
    import journal_gen

    journal_gen.write(tmp_path, records)
    return tmp_path


def test_the_export_leaves_every_record_it_reads_as_it_was(tmp_path: Path) -> None:
    """The records `held` gives are the journal's own: after a whole export (the private
    notes counted, every kind written) each is what it was before."""
    home = generated(tmp_path, 600)
    with store.open_journal(home) as journal:
        tables = {table: held(journal, table) for table in store.TABLES}
        before = copy.deepcopy(tables)
        assert all(before.values())
        for include_private in (False, True):
            found, _ = views.counts(journal, include_private=include_private)
            views.private_notes(journal)
            sections = views.sections(journal, include_private=include_private)
            assert "".join(
                journal_md.markdown_parts(found, sections, now=NOW, zone=ZoneInfo("UTC"))
            )
        assert tables == before


def test_held_is_what_all_gives_and_a_writable_journal_gives_copies(tmp_path: Path) -> None:
    home = generated(tmp_path, 300)
    with store.open_journal(home) as journal:
        for table in store.TABLES:
            assert [dict(row) for row in journal.all(table)] == held(journal, table)
    with store.open_journal(home, write=True) as journal:
        (first, *_) = held(journal, "goals")
        assert isinstance(first, dict)
        title = first["title"]
        first["title"] = "changed"
        assert held(journal, "goals")[0]["title"] == title
        assert journal.all("goals")[0]["title"] == title
        assert not journal.changed


flags = st.integers(0, 2)
dues = st.one_of(st.none(), st.dates(min_value=date.min, max_value=date.max))
keys = st.integers(0, MAX_ID)


@given(st.tuples(flags, dues, keys), st.tuples(flags, dues, keys))
def test_a_due_order_sorts_as_its_tuple(a: tuple[int, Any, int], b: tuple[int, Any, int]) -> None:
    def tupled(first: int, due: date | None, key: int) -> tuple[int, bool, date, int]:
        return (first, due is None, due or date.max, key)

    assert (views.due_order(*a) < views.due_order(*b)) == (tupled(*a) < tupled(*b))
    assert (views.due_order(*a) == views.due_order(*b)) == (tupled(*a) == tupled(*b))


@given(st.dates(), keys, st.dates(), keys)
def test_a_day_order_sorts_as_its_tuple(day: date, key: int, other: date, other_key: int) -> None:
    ordered = views.day_order(day, key) < views.day_order(other, other_key)
    assert ordered == ((day, key) < (other, other_key))


def test_the_usual_records_sort_as_the_plain_way_sorts_them(tmp_path: Path) -> None:
    """Goals, action items and milestones of a generated journal, the short way's keys
    sorted: the order of the plain way's tuple keys (`journal_view._KEYS`) over their
    models."""
    home = generated(tmp_path, 1_500)
    zone = ZoneInfo("Europe/Berlin")
    with store.open_journal(home) as journal:
        for table in ("goals", "actions", "milestones"):
            rows = held(journal, table)
            write = journal_md_fast._WRITERS[table]
            short = [write(row, NAMES, zone, journal_md_fast._Escaped()) for row in rows]
            assert all(found is not None for found in short)
            ours = sorted(range(len(rows)), key=lambda n: short[n][0])  # type: ignore[index]
            kind = views.StoredKind(table, rows)
            models = [kind.plain(row)[1] for row in rows]
            theirs = sorted(range(len(rows)), key=lambda n: views._KEYS[table](models[n]))
            assert ours == theirs


ascii_lines = st.text(alphabet="ab Z9 _#>+=|~-*`[]<>\\.)\t\n\x00\x1b\x7f/", max_size=20)


@given(st.one_of(ascii_lines, st.sampled_from(["Plan the talk", "a  b", " a", "a ", "1. a"])))
def test_an_ascii_line_is_escaped_as_the_plain_way_escapes_it(text: str) -> None:
    assert md_text.inline(text) == the_plain_way(text)


walls = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31))
zones = st.sampled_from(["Europe/Berlin", "UTC", "America/New_York", "a_b", "*x*", " _y", "1."])


@given(
    wall=walls,
    seconds=st.booleans(),
    tz=zones,
    rrule=st.sampled_from([None, ""]),
    zone=st.sampled_from(["Europe/Berlin", "Pacific/Chatham"]),
)
def test_a_one_off_meeting_is_described_as_the_plain_way_describes_it(
    wall: datetime, seconds: bool, tz: str, rrule: str | None, zone: str
) -> None:
    wall = wall.replace(microsecond=0, second=wall.second if seconds else 0)
    row = {
        "title": "Sync",
        "people": ["alice"],
        "start": wall.isoformat(),
        "tz": tz,
        "duration": 30,
        "rrule": rrule,
        "status": "scheduled",
        "id": 3,
    }
    at = ZoneInfo(zone)
    found = journal_md_fast._meeting(row, NAMES, at, journal_md_fast._Escaped())
    assert found is not None
    assert found == plain_written("meetings", row, at)


@pytest.mark.parametrize("table", sorted(journal_md_fast._WRITERS))
def test_a_record_missing_a_field_is_written_as_the_plain_way_writes_it(
    tmp_path: Path, table: str
) -> None:
    """Each field the short way reads, taken out of a usual record in turn: the record is
    read as if the field were None (or left to the plain way), as the plain way reads it."""
    home = generated(tmp_path, 300)
    zone = ZoneInfo("America/New_York")
    with store.open_journal(home) as journal:
        rows = [row for row in held(journal, table) if len(row) > 4][:6]
    assert rows
    write = journal_md_fast._WRITERS[table]
    for row in rows:
        for name in row:
            if name == "id":
                continue
            without = {field: value for field, value in row.items() if field != name}
            found = write(without, NAMES, zone, journal_md_fast._Escaped())
            if found is not None:
                assert found == plain_written(table, without, zone), name


def test_a_goal_whose_history_entry_lacks_a_field_is_written_as_the_plain_way_writes_it() -> None:
    entry = {"at": "2026-03-01T09:30:00+01:00", "progress": 40, "note": "Half", "event": "progress"}
    zone = ZoneInfo("Europe/Berlin")
    for name in entry:
        history = [entry, {field: v for field, v in entry.items() if field != name}]
        row = {"title": "Talk", "status": "active", "progress": 40, "tags": [], "history": history}
        row |= {"id": 7, "completed": (NOW - timedelta(days=1)).isoformat()}
        found = journal_md_fast._goal(row, NAMES, zone, journal_md_fast._Escaped())
        if found is not None:
            assert found == plain_written("goals", row, zone), name


longer = st.text(alphabet="ab <>#\n\r\t \x1b\x85\xa0\u2028é", max_size=30)


@given(st.one_of(longer, st.sampled_from(["a\nb", "a \nb", "a\n\nb", "\n\n", "a\n", " a\nb "])))
def test_longer_text_is_quoted_as_its_lines_are(text: str) -> None:
    assert md_text.quote(text) == "\n".join(md_text.block(text))
    joined = "\n".join(md_text.quoted("Notes", text))
    assert "\n".join(md_text.quoted_text("Notes", text)) == joined
